//! How a report is asked for: which report ([`ReportKind`]), on which paper ([`Paper`]), and
//! the rest of [`ReportOptions`] (the as-of date, the author, date format, audience and recipient).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::audience::{Audience, ReportPart};
use crate::domain::settings::DateFormat;
use crate::error::{CoreError, Result};

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
            ReportKind::Full => P::FULL_REPORT.to_vec(),
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
