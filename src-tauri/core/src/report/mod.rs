//! Print-grade PDF reports: what they are drawn from ([`ReportData`]), how they are asked for
//! ([`ReportOptions`]), and [`render`], a pure function from the two to PDF bytes.
//!
//! The layering follows ENGINEERING.md point 9: [`fonts`] measures text with the embedded
//! typeface, `layout` wraps and paginates, `table` flows tables across pages, `chart` draws the
//! radar with vector operations, and `sections` composes the reports.

mod bidi;
mod chart;
mod file;
mod fonts;
mod layout;
mod sections;
mod shaping;
mod style;
mod table;
mod tags;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::settings::DateFormat;
use printpdf::{
    FontId, PageAnnotId, PageAnnotation, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::audience::{Audience, ReportPart};
use crate::domain::brand::Brand;
use crate::domain::compliance::Compliance;
use crate::domain::gap::GapBoard;
use crate::domain::project::Project;
use crate::domain::report_log::SinceLast;
use crate::domain::scorecard::Scorecard;
use crate::domain::tables::{TableKind, TableRow};
use crate::error::{CoreError, Result};

use fonts::Fonts;
use layout::{Footer, Layout};

/// Which report to render.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportKind {
    /// North Star, summary, radar chart, scorecard table and level legend.
    Scorecard,
    /// The North Star alignment table (landscape).
    Alignment,
    /// The stakeholder canvas (landscape).
    Stakeholders,
    /// Compliance notes: snapshot, data inventory, triggers, vendors, controls, reviews.
    Compliance,
    /// The gap tracker: launch blockers first, then each category with its progress.
    Gaps,
    /// Everything above behind a cover, with bookmarks.
    Full,
}

impl ReportKind {
    /// Every report, in menu order.
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Full,
        ReportKind::Scorecard,
        ReportKind::Alignment,
        ReportKind::Stakeholders,
        ReportKind::Compliance,
        ReportKind::Gaps,
    ];

    /// The name used on the command line and in file names, e.g. `scorecard`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Scorecard => "scorecard",
            ReportKind::Alignment => "alignment",
            ReportKind::Stakeholders => "stakeholders",
            ReportKind::Compliance => "compliance",
            ReportKind::Gaps => "gaps",
            ReportKind::Full => "full",
        }
    }

    /// Parses a command-line name.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `report` for anything else, listing the names.
    pub fn parse(value: &str) -> Result<ReportKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| {
                CoreError::invalid(
                    "report",
                    format!(
                        "unknown report \"{value}\"; use scorecard, alignment, stakeholders, \
                         compliance, gaps or full"
                    ),
                )
            })
    }

    /// The parts of this report, in print order.
    pub fn parts(self) -> Vec<ReportPart> {
        use ReportPart as P;
        match self {
            ReportKind::Scorecard => vec![P::Scorecard, P::Workshop],
            ReportKind::Alignment => vec![P::Alignment],
            ReportKind::Stakeholders => vec![P::Stakeholders],
            ReportKind::Compliance => vec![P::Compliance],
            ReportKind::Gaps => vec![P::Gaps],
            ReportKind::Full => vec![
                P::Cover,
                P::Scorecard,
                P::Workshop,
                P::Alignment,
                P::Stakeholders,
                P::Compliance,
                P::Gaps,
            ],
        }
    }

    /// The title printed on the report and in its footer.
    pub fn title(self) -> &'static str {
        match self {
            ReportKind::Scorecard => "Readiness scorecard",
            ReportKind::Alignment => "North Star alignment",
            ReportKind::Stakeholders => "Stakeholder canvas",
            ReportKind::Compliance => "Compliance notes",
            ReportKind::Gaps => "Gap tracker",
            ReportKind::Full => "Production readiness report",
        }
    }
}

/// Paper size. Landscape pages use the same sheet turned.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in (215.9 × 279.4 mm).
    Letter,
}

impl Paper {
    /// Parses `a4` or `letter` (any case).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `paper` for anything else.
    pub fn parse(value: &str) -> Result<Paper> {
        match value.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err(CoreError::invalid(
                "paper",
                format!("unknown paper \"{value}\"; use a4 or letter"),
            )),
        }
    }

    /// Width and height of the portrait sheet, points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// How to render a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Which report.
    pub kind: ReportKind,
    /// Paper size.
    pub paper: Paper,
    /// The date the report speaks for: printed in every footer, used for overdue flags, and
    /// the PDF's creation and modification dates (midnight UTC), so output never depends on
    /// the clock.
    pub as_of: NaiveDate,
    /// The PDF's author field; empty gives "Preflight".
    pub author: String,
    /// How dates are printed (the app-wide setting, [`crate::Store::settings`]).
    pub date_format: DateFormat,
    /// Who the report is for: its parts, redactions and paper replace `kind`'s. `None` prints
    /// `kind` as it always has, without internal notes.
    pub audience: Option<Audience>,
    /// Who it goes to, printed under the title (may be empty).
    pub recipient: String,
}

impl ReportOptions {
    /// Plain options for the report `kind`: A4, no audience, no recipient, ISO dates.
    pub fn new(kind: ReportKind, as_of: NaiveDate) -> ReportOptions {
        ReportOptions {
            kind,
            paper: Paper::A4,
            as_of,
            author: String::new(),
            date_format: DateFormat::Iso,
            audience: None,
            recipient: String::new(),
        }
    }

    /// The audience the report is laid out for: the chosen one, or for a plain report one
    /// made from `kind` that prints owners and gap notes but never internal notes.
    pub fn effective_audience(&self) -> Audience {
        self.audience.clone().unwrap_or_else(|| Audience {
            id: self.kind.as_str().to_owned(),
            name: self.kind.title().to_owned(),
            parts: self.kind.parts(),
            internal_notes: false,
            owners: true,
            gap_notes: true,
            paper: None,
            built_in: true,
        })
    }

    /// The title on the report and in its footers.
    pub fn title(&self) -> String {
        self.audience
            .as_ref()
            .map_or_else(|| self.kind.title().to_owned(), Audience::title)
    }

    /// Whether owner names are printed.
    pub fn owners(&self) -> bool {
        self.audience.as_ref().is_none_or(|a| a.owners)
    }

    /// The paper: the audience's own, or the one chosen.
    pub fn paper(&self) -> Paper {
        self.audience
            .as_ref()
            .and_then(|a| a.paper)
            .unwrap_or(self.paper)
    }

    /// `date` as the reader chose to see dates.
    pub fn date(&self, date: NaiveDate) -> String {
        self.date_format.format(date)
    }
}

/// Everything a report shows of one project, loaded in one read (see
/// [`crate::Store::report_data`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    /// The project, with its North Star.
    pub project: Project,
    /// Pillars, summary, legend and the latest milestone, as of the report date.
    pub scorecard: Scorecard,
    /// The rows of every table, by table.
    pub tables: BTreeMap<TableKind, Vec<TableRow>>,
    /// Compliance snapshot and baseline controls.
    pub compliance: Compliance,
    /// The gap board, as of the report date.
    pub gaps: GapBoard,
    /// The latest workshop ended by the report date, if any.
    pub workshop: Option<WorkshopResults>,
    /// What changed since the last report to the same audience (only for a logged audience
    /// that was sent a report before).
    pub since: Option<SinceLast>,
    /// The organisation's name, logo and accent: the project's over the app's.
    pub brand: Brand,
    /// The review questions with their answers and risks (empty without questions).
    pub review: crate::domain::review::Review,
}

/// A workshop as the report shows it: the record and the names its pillars had.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopResults {
    /// The whole record.
    pub workshop: crate::domain::workshop::Workshop,
    /// Each voted pillar's id and its name at the workshop.
    pub pillar_names: Vec<(uuid::Uuid, String)>,
}

impl ReportData {
    /// The rows of `kind` (empty when the table has none).
    pub fn rows(&self, kind: TableKind) -> &[TableRow] {
        self.tables.get(&kind).map_or(&[], Vec::as_slice)
    }
}

/// A file name for the report: the project name made safe for file systems, the report and
/// the date, e.g. `northwind-pilot-readiness-scorecard-2026-11-21.pdf`.
pub fn file_name(project: &str, kind: ReportKind, as_of: NaiveDate) -> String {
    let slug = crate::files::slug(project);
    format!("{slug}-{}-{as_of}.pdf", kind.as_str())
}

/// A file name for a report to an audience, e.g. `northwind-pilot-board-2026-11-21.pdf`.
pub fn audience_file_name(project: &str, audience: &Audience, as_of: NaiveDate) -> String {
    let slug = crate::files::slug(project);
    format!("{slug}-{}-{as_of}.pdf", audience.id)
}

/// `data` as `audience` may see it: internal notes, owner names and gap notes it must not see
/// are removed before anything is laid out, so no section can print them by mistake.
fn redact(data: &ReportData, audience: &Audience) -> ReportData {
    let mut d = data.clone();
    let gaps = |d: &mut ReportData, f: &dyn Fn(&mut crate::domain::gap::Gap)| {
        let board = &mut d.gaps;
        for g in board
            .gaps
            .iter_mut()
            .chain(board.blockers.iter_mut())
            .chain(board.accepted_risks.iter_mut())
        {
            f(g);
        }
    };
    if !audience.internal_notes {
        for p in &mut d.scorecard.pillars {
            p.internal_note.clear();
        }
        if let Some(m) = &mut d.scorecard.last_milestone {
            for p in &mut m.pillars {
                p.internal_note.clear();
            }
        }
        gaps(&mut d, &|g| g.internal_note.clear());
        for row in d.tables.values_mut().flatten() {
            row.internal_note.clear();
        }
    }
    if !audience.owners {
        for p in &mut d.scorecard.pillars {
            p.owner.clear();
        }
        if let Some(m) = &mut d.scorecard.last_milestone {
            for p in &mut m.pillars {
                p.owner.clear();
            }
        }
        gaps(&mut d, &|g| g.owner.clear());
        for row in d.tables.values_mut().flatten() {
            row.cells.remove("owner");
        }
        d.compliance.snapshot.owner.clear();
    }
    if !audience.gap_notes {
        gaps(&mut d, &|g| {
            g.notes.clear();
            g.defer_note.clear();
        });
    }
    d
}

/// Parses the report's two main faces now, unless done before in this process: called on a
/// thread of its own while the report's data is read, so a process's first export does not
/// wait for both one after the other. A failure is left for [`render`] to report.
pub(crate) fn prepare_fonts() {
    let _ = Fonts::get();
}

/// Renders a report to PDF bytes. The same data and options always give the same bytes: all
/// resource ids are fixed, the document id is derived from the project and report, and the
/// only date inside is `options.as_of`.
///
/// # Errors
/// [`CoreError::Report`] if the embedded fonts cannot be read (a broken build, not bad data).
pub fn render(data: &ReportData, options: &ReportOptions) -> Result<Vec<u8>> {
    let fonts = Fonts::get()?;
    let audience = options.effective_audience();
    let data = &redact(data, &audience);
    let mut layout = Layout::new(fonts, options.paper());
    // A logo that cannot be decoded is left out rather than failing the report.
    let logo = data.brand.logo.as_ref().and_then(|l| {
        printpdf::RawImage::decode_from_bytes(&l.bytes, &mut Vec::new())
            .ok()
            .map(|raw| (raw, (l.width, l.height)))
    });
    if let Some((r, g, b)) = data.brand.accent {
        layout.accent = style::Colour(r, g, b);
    }
    if !data.brand.organisation.is_empty() || logo.is_some() {
        layout.brand = Some(layout::BrandMarks {
            organisation: data.brand.organisation.clone(),
            logo: logo.as_ref().map(|(_, size)| *size),
        });
    }
    sections::compose(&mut layout, data, options, &audience);
    let as_of = options.date(options.as_of);
    let fallbacks_used = std::mem::take(&mut layout.fallbacks_used);
    let title = options.title();
    let (pages, bookmarks, tags) = layout.finish(&Footer {
        project: &data.project.name,
        title: &title,
        as_of: &as_of,
    });

    let mut doc = PdfDocument::new(&format!("{} — {title}", data.project.name));
    let fallbacks = fallbacks_used
        .iter()
        .filter_map(|id| fonts.fallback_by_id(id));
    for face in [&fonts.regular, &fonts.bold].into_iter().chain(fallbacks) {
        doc.resources.fonts.map.insert(
            FontId(face.id.0.clone()),
            printpdf::PdfFont::new(face.parsed.clone()),
        );
    }
    doc.pages = pages
        .into_iter()
        .map(|p| {
            // Boxes in points directly: a round trip through millimetres would print
            // 792.001 pt for US Letter.
            let sheet = Rect::from_wh(Pt(p.width), Pt(p.height));
            PdfPage {
                media_box: sheet.clone(),
                trim_box: sheet.clone(),
                crop_box: sheet,
                ops: p.ops,
            }
        })
        .collect();
    if let Some((raw, _)) = logo {
        doc.resources.xobjects.map.insert(
            printpdf::XObjectId(layout::LOGO_ID.to_owned()),
            printpdf::XObject::Image(raw),
        );
    }
    for (i, (name, page)) in bookmarks.into_iter().enumerate() {
        doc.bookmarks.map.insert(
            PageAnnotId(format!("B{i:04}")),
            PageAnnotation { name, page },
        );
    }
    set_metadata(&mut doc, data, options);

    let mut warnings = Vec::new();
    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let pdf = doc.to_lopdf_document(&save, &mut warnings);
    // Freed now rather than at the end: the pages' operations (45,000 of them and their text
    // for the benchmark report) leave memory that the structure tree, compression and writing
    // below then reuse instead of touching new pages (11,300 page faults down to 7,750 for that
    // report's export on the command line).
    drop(doc);
    // printpdf fills the trailer /ID with random strings; a stable id keeps output
    // reproducible and still tells different reports apart.
    let id = format!(
        "{}-{}-{}",
        data.project.id.simple(),
        audience.id,
        options.as_of
    );
    // The structure tree and the id are added while the pages' streams are deflated.
    Ok(file::write(pdf, |pdf| {
        tags.write(pdf, "en");
        pdf.trailer.set(
            "ID",
            lopdf::Object::Array(vec![
                lopdf::Object::string_literal(id.clone()),
                lopdf::Object::string_literal(id),
            ]),
        );
    }))
}

fn set_metadata(doc: &mut PdfDocument, data: &ReportData, options: &ReportOptions) {
    let midnight = options
        .as_of
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    let info = &mut doc.metadata.info;
    let date =
        printpdf::OffsetDateTime::from_unix_timestamp(midnight).unwrap_or(info.creation_date);
    info.author = if options.author.trim().is_empty() {
        "Preflight".to_owned()
    } else {
        options.author.trim().to_owned()
    };
    info.subject = format!(
        "{} of {} as of {}",
        options.title(),
        data.project.name,
        options.as_of
    );
    info.creator = "Preflight".to_owned();
    info.producer = format!("Preflight {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.keywords = vec![
        "production readiness".to_owned(),
        options
            .audience
            .as_ref()
            .map_or_else(|| options.kind.as_str().to_owned(), |a| a.id.clone()),
    ];
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
}

#[cfg(test)]
mod tests;
