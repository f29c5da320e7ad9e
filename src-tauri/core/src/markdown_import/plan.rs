//! Turns parsed documents into validated changes — pillars, gaps, table rows, controls and
//! the compliance snapshot — before anything touches the database, so a bad value stops the
//! import with its file and line and nothing is half written.

use chrono::NaiveDate;

use super::columns::{self, key, Destination};
use super::parse::{Document, Field, Table, TaskList};
use super::rows::{
    date_cell, finish_gap, gap_from_cells, located, pillar, shorten, table_row, Context,
};
use crate::domain::compliance::{control_label, NEXT_REVIEW_MAX, OWNER_MAX};
use crate::domain::gap::{GapDraft, GapStatus, Priority, ValidGap};
use crate::domain::tables::{Cells, TableKind};
use crate::domain::text::bounded;
use crate::error::Result;

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
            Content::Skipped(_) => None,
        }
    }
}

/// Plans the import of one parsed file named `file`.
///
/// # Errors
/// [`CoreError::InvalidFile`] at `file:line` for a value Preflight cannot store: a score
/// outside 1–5, a cell over 4,000 characters, a pillar name over 120 characters.
pub fn blocks(file: &str, doc: &Document) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    for table in &doc.tables {
        out.push(table_block(file, doc, table)?);
    }
    for list in &doc.task_lists {
        out.push(task_block(file, doc, list)?);
    }
    if let Some(block) = snapshot_block(file, &doc.fields)? {
        out.push(block);
    }
    out.sort_by_key(|b| b.line);
    Ok(out)
}

fn table_block(file: &str, doc: &Document, table: &Table) -> Result<Block> {
    let header = table.header.join(" | ");
    let mut block = Block {
        file: file.to_owned(),
        line: table.line,
        header,
        content: Content::Skipped(String::new()),
        notes: Vec::new(),
    };
    let Some(recognised) = columns::recognise(&table.header) else {
        block.content = Content::Skipped(
            "its header matches no Preflight table (scorecard, alignment, stakeholders, \
             data inventory, triggers, vendors, review history or gaps)"
                .into(),
        );
        return Ok(block);
    };
    let mut empty = 0;
    let rows: Vec<(u32, Vec<(&'static str, &str)>)> = table
        .rows
        .iter()
        .filter_map(|(line, cells)| {
            if cells.iter().all(|c| c.trim().is_empty()) {
                empty += 1;
                return None;
            }
            let fields = recognised
                .fields
                .iter()
                .zip(cells)
                .filter_map(|(k, v)| k.map(|k| (k, v.as_str())))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
            Some((*line, fields))
        })
        .collect();
    if empty > 0 {
        block.notes.push(format!(
            "{empty} empty row{} skipped",
            if empty == 1 { "" } else { "s" }
        ));
    }
    for (i, name) in table.header.iter().enumerate() {
        let unused = recognised.fields.get(i).is_some_and(Option::is_none);
        let filled = table
            .rows
            .iter()
            .any(|(_, cells)| cells.get(i).is_some_and(|c| !c.trim().is_empty()));
        if unused && filled {
            block.notes.push(format!(
                "column \u{201c}{name}\u{201d} has no place in the {}; its text was not imported",
                recognised.destination.title()
            ));
        }
    }
    let ctx = Context {
        file,
        section: table.section.as_deref().or(doc.title.as_deref()),
    };
    block.content = match recognised.destination {
        Destination::Scorecard => {
            let has = |k| recognised.fields.contains(&Some(k));
            let present = [
                key::CURRENT,
                key::TARGET,
                key::EVIDENCE,
                key::OWNER,
                key::CHECKPOINT,
            ]
            .map(has);
            Content::Pillars(
                rows.iter()
                    .filter_map(|(line, f)| {
                        pillar(&ctx, *line, f, present, &mut block.notes).transpose()
                    })
                    .collect::<Result<_>>()?,
            )
        }
        Destination::Gaps => Content::Gaps(
            rows.iter()
                .map(|(line, f)| gap_from_cells(&ctx, *line, f, &mut block.notes))
                .collect::<Result<_>>()?,
        ),
        Destination::Table(kind) => Content::Rows(
            kind,
            rows.iter()
                .map(|(line, f)| table_row(&ctx, kind, *line, f, &mut block.notes))
                .collect::<Result<_>>()?,
        ),
    };
    Ok(block)
}

fn task_block(file: &str, doc: &Document, list: &TaskList) -> Result<Block> {
    let section = list.section.as_deref().or(doc.title.as_deref());
    let is_controls = section.is_some_and(|s| columns::normalise(s).contains("control"));
    let ctx = Context { file, section };
    let mut block = Block {
        file: file.to_owned(),
        line: list.line,
        header: format!(
            "checklist under {} ({} item{})",
            section.unwrap_or("untitled"),
            list.tasks.len(),
            if list.tasks.len() == 1 { "" } else { "s" }
        ),
        content: Content::Skipped(String::new()),
        notes: Vec::new(),
    };
    let tasks = list.tasks.iter().filter(|t| !t.text.trim().is_empty());
    block.content = if is_controls {
        Content::Controls(
            tasks
                .map(|t| {
                    control_label(&shorten(
                        t.text.trim(),
                        crate::domain::compliance::CONTROL_MAX,
                    ))
                    .map(|label| (label, t.done))
                    .map_err(located(file, t.line, "Control"))
                })
                .collect::<Result<_>>()?,
        )
    } else {
        let category = section.unwrap_or("Imported").to_owned();
        Content::Gaps(
            tasks
                .map(|t| {
                    let mut draft = GapDraft::new(t.text.trim(), &category, Priority::Recommended);
                    draft.status = if t.done {
                        GapStatus::Done
                    } else {
                        GapStatus::Open
                    };
                    finish_gap(&ctx, t.line, draft, None, &mut block.notes)
                })
                .collect::<Result<_>>()?,
        )
    };
    Ok(block)
}

/// The compliance notes' "**Last reviewed:** …" items under a heading naming the snapshot.
fn snapshot_block(file: &str, fields: &[Field]) -> Result<Option<Block>> {
    let in_snapshot: Vec<&Field> = fields
        .iter()
        .filter(|f| {
            f.section.as_deref().is_some_and(|s| {
                let s = columns::normalise(s);
                s.contains("snapshot") || s.contains("compliance")
            })
        })
        .filter(|f| {
            matches!(
                columns::normalise(&f.label).as_str(),
                "last reviewed" | "next review" | "owner"
            )
        })
        .collect();
    let Some(first) = in_snapshot.first() else {
        return Ok(None);
    };
    let mut patch = SnapshotPatch::default();
    let mut notes = Vec::new();
    for f in &in_snapshot {
        if f.value.is_empty() {
            continue;
        }
        match columns::normalise(&f.label).as_str() {
            "last reviewed" => {
                patch.last_reviewed = date_cell(&f.value, f.line, "last reviewed", &mut notes)
            }
            "next review" => {
                // A date is stored plainly; anything else is a milestone text.
                let text = match columns::date(&f.value) {
                    Some((d, false)) => d.to_string(),
                    _ => f.value.clone(),
                };
                patch.next_review = Some(
                    bounded("nextReview", &text, NEXT_REVIEW_MAX).map_err(located(
                        file,
                        f.line,
                        "Next review",
                    ))?,
                );
            }
            _ => {
                patch.owner = Some(
                    bounded("owner", &f.value, OWNER_MAX)
                        .map_err(located(file, f.line, "Owner"))?,
                );
            }
        }
    }
    if patch == SnapshotPatch::default() {
        notes.push("the template's placeholders only".into());
    }
    Ok(Some(Block {
        file: file.to_owned(),
        line: first.line,
        header: format!(
            "snapshot list ({})",
            in_snapshot
                .iter()
                .map(|f| f.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        content: Content::Snapshot(patch),
        notes,
    }))
}
