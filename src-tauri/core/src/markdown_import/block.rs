//! What a planned Markdown import brings: the validated blocks that `plan` produces (from
//! rows that `rows` converts) and `storage::markdown_import` writes.

use chrono::NaiveDate;

use super::columns::Destination;
use crate::domain::gap::ValidGap;
use crate::domain::tables::{Cells, TableKind};

/// One scorecard row: the pillar's name and each field its table has a column for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PillarRow {
    /// Pillar name, matched to the project's pillars ignoring case.
    pub name: String,
    /// Current score when the table has that column (inner `None`: not scored).
    pub current: Option<Option<u8>>,
    /// Target score when the table has that column and the cell is filled.
    pub target: Option<u8>,
    /// Evidence / notes when the table has that column.
    pub evidence: Option<String>,
    /// Owner when the table has that column.
    pub owner: Option<String>,
    /// Next checkpoint when the table has that column.
    pub checkpoint: Option<Option<NaiveDate>>,
    /// The words of a next checkpoint that is not a date, as "Next checkpoint: end of Q1":
    /// added to the evidence on a line of their own, after the evidence the row sets, unless
    /// the evidence already holds that line (so a second import adds nothing).
    pub kept_checkpoint: Option<String>,
    /// Where the row is, "file:line": a refusal found only as the row is written (the evidence
    /// with the kept checkpoint past its limit) names it.
    pub at: String,
}

/// One gap and the pillar it names, linked when the scorecard has a pillar of that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapRow {
    /// The validated gap (its `pillar_id` is set on import).
    pub gap: ValidGap,
    /// A pillar name to link to.
    pub pillar: Option<String>,
}

/// Compliance snapshot values found; `None` for a field left empty or absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotPatch {
    /// Last reviewed.
    pub last_reviewed: Option<NaiveDate>,
    /// Next review: a date or a milestone text.
    pub next_review: Option<String>,
    /// Owner.
    pub owner: Option<String>,
}

/// What one block brings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Scorecard rows.
    Pillars(Vec<PillarRow>),
    /// Gaps.
    Gaps(Vec<GapRow>),
    /// Rows of a project table.
    Rows(TableKind, Vec<Cells>),
    /// Baseline controls: label and ticked.
    Controls(Vec<(String, bool)>),
    /// Compliance snapshot fields.
    Snapshot(SnapshotPatch),
    /// Not imported, with the reason.
    Skipped(String),
    /// Words outside any table or list that Preflight has a place for (prose, quotes, code,
    /// plain lists, labelled items outside the compliance snapshot), by their 1-based lines:
    /// not imported, and named in the summary.
    LeftOut(Vec<u32>),
}

/// One table, task list or snapshot found in a file, with what it will change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// File name as shown to the user.
    pub file: String,
    /// 1-based line where the block starts.
    pub line: u32,
    /// The table's header row, or a description of the list.
    pub header: String,
    /// What it brings.
    pub content: Content,
    /// Things the user should know: ignored columns, values read loosely, skipped rows.
    pub notes: Vec<String>,
}

impl Block {
    /// Where the block goes, e.g. "Readiness scorecard"; `None` when skipped.
    pub fn destination(&self) -> Option<&'static str> {
        match &self.content {
            Content::Pillars(_) => Some(Destination::Scorecard.title()),
            Content::Gaps(_) => Some(Destination::Gaps.title()),
            Content::Rows(kind, _) => Some(kind.title()),
            Content::Controls(_) => Some("Baseline controls"),
            Content::Snapshot(_) => Some("Compliance snapshot"),
            Content::Skipped(_) | Content::LeftOut(_) => None,
        }
    }
}
