//! Turns parsed documents into validated changes — pillars, gaps, table rows, controls and
//! the compliance snapshot — before anything touches the database, so a bad value stops the
//! import with its file and line and nothing is half written.

use super::block::{Block, Content, SnapshotPatch};
use super::columns::{self, key, Destination};
use super::parse::{Document, Field, Table, TaskList};
use super::rows::{
    date_cell, finish_gap, gap_from_cells, located, pillar, shorten, table_row, Context,
};
use crate::domain::compliance::{control_label, NEXT_REVIEW_MAX, OWNER_MAX};
use crate::domain::gap::{GapDraft, GapStatus, Priority};
use crate::domain::text::bounded;
use crate::error::Result;

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
