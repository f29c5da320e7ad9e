//! Print-grade PDF reports: what they are drawn from ([`ReportData`]), how they are asked for
//! ([`ReportOptions`], in `options`), and [`render`], a pure function from the two to PDF bytes.
//!
//! The layering follows ENGINEERING.md point 9: [`fonts`] measures text with the embedded
//! typeface, `layout` wraps and paginates, `table` flows tables across pages, `chart` draws the
//! radar with vector operations, and `sections` composes the reports.

mod bidi;
mod chart;
mod file;
mod fonts;
mod layout;
mod options;
mod sections;
mod shaping;
mod style;
mod table;
mod tags;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use printpdf::{
    FontId, PageAnnotId, PageAnnotation, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect,
};

use crate::domain::audience::Audience;
use crate::domain::brand::Brand;
use crate::domain::compliance::Compliance;
use crate::domain::gap::GapBoard;
use crate::domain::project::Project;
use crate::domain::report_log::SinceLast;
use crate::domain::scorecard::Scorecard;
use crate::domain::tables::{TableKind, TableRow};
use crate::error::Result;

use fonts::Fonts;
use layout::{Footer, Layout};
pub use options::{Paper, ReportKind, ReportOptions};

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
