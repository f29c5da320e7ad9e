//! Turns parsed documents into validated changes — pillars, gaps, table rows, controls and
//! the compliance snapshot — before anything touches the database, so a bad value stops the
//! import with its file and line and nothing is half written.

use super::block::{Block, Content, SnapshotPatch};
use super::columns::{self, key, Destination};
use super::dates::{self, DateRead};
use super::mapping::{Mapped, Mapping};
use super::parse::{Document, Field, Table};
use super::rows::{date_cell, gap_from_cells, located, pillar, table_row, Context};
use super::shapes::{mapped_controls, raci_rows, rescale, scale_of, scaled_value};
use super::tasks::{bullet_block, task_block};
use crate::domain::compliance::{NEXT_REVIEW_MAX, OWNER_MAX};
use crate::domain::tables::TableKind;
use crate::domain::text::{bounded, counted};
use crate::error::Result;

/// Plans the import of one parsed file named `file`.
///
/// # Errors
/// [`CoreError::InvalidFile`] at `file:line` for a value Preflight cannot store: a score
/// outside 1–5, a cell over 4,000 characters, a pillar name over 120 characters.
pub fn blocks(file: &str, doc: &Document) -> Result<Vec<Block>> {
    blocks_as(file, doc, None, None)
}

/// As [`blocks`], with every table read as `destination` when one is given (a CSV file the
/// user named the table of), and the user's `mapping` deciding for the tables it names.
///
/// # Errors
/// As [`blocks`].
pub fn blocks_as(
    file: &str,
    doc: &Document,
    destination: Option<Destination>,
    mapping: Option<&Mapping>,
) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    for table in &doc.tables {
        out.push(table_block(file, doc, table, destination, mapping)?);
    }
    for list in &doc.task_lists {
        out.push(task_block(file, doc, list)?);
    }
    for list in &doc.bullet_lists {
        out.push(bullet_block(file, doc, list, mapping)?);
    }
    if let Some(block) = snapshot_block(file, &doc.fields)? {
        out.push(block);
    }
    // The words no block took in are named, so that nothing is left out unsaid.
    let mut left_out: Vec<u32> = doc
        .fields
        .iter()
        .filter(|f| !in_snapshot(f))
        .map(|f| f.line)
        .chain(doc.left_out.iter().copied())
        .collect();
    left_out.sort_unstable();
    left_out.dedup();
    if let Some(&line) = left_out.first() {
        out.push(Block {
            file: file.to_owned(),
            line,
            header: LEFT_OUT_HEADER.to_owned(),
            content: Content::LeftOut(left_out),
            notes: Vec::new(),
        });
    }
    out.sort_by_key(|b| (matches!(b.content, Content::LeftOut(_)), b.line));
    Ok(out)
}

pub(super) fn table_block(
    file: &str,
    doc: &Document,
    table: &Table,
    destination: Option<Destination>,
    mapping: Option<&Mapping>,
) -> Result<Block> {
    let header = table.header.join(" | ");
    let mut block = Block {
        file: file.to_owned(),
        line: table.line,
        header,
        content: Content::Skipped(String::new()),
        notes: Vec::new(),
    };
    let mapped = mapping.and_then(|m| m.find(&table.header));
    let chosen = match mapped {
        Some(Mapped::Skip) => {
            block.content = Content::Skipped("skipped by the mapping".into());
            return Ok(block);
        }
        Some(Mapped::Controls { label, done }) => {
            block.content =
                Content::Controls(mapped_controls(file, table, label, done, &mut block.notes)?);
            return Ok(block);
        }
        Some(Mapped::Rows(recognised)) => {
            block.notes.push("placed by the mapping".into());
            Some(recognised)
        }
        None => None,
    };
    if chosen.is_none()
        && (destination.is_none()
            || destination == Some(Destination::Table(TableKind::Stakeholders)))
    {
        if let Some(rows) = raci_rows(table) {
            block.notes.push(
                "a RACI matrix: one stakeholder per person, with what they are responsible, \
                 accountable, consulted and informed for"
                    .into(),
            );
            let rows = rows
                .iter()
                .map(|cells| {
                    crate::domain::tables::validate_cells(TableKind::Stakeholders, cells)
                        .map_err(located(file, table.line, "RACI"))
                })
                .collect::<Result<_>>()?;
            block.content = Content::Rows(TableKind::Stakeholders, rows);
            return Ok(block);
        }
    }
    let recognised = match (chosen, destination) {
        (Some(recognised), _) => Some(recognised),
        (None, Some(d)) => columns::recognise_as(d, &table.header),
        (None, None) => columns::recognise(&table.header),
    };
    let Some(recognised) = recognised else {
        block.content = Content::Skipped(match destination {
            Some(d) => format!(
                "its header lacks the columns the {} needs",
                d.title().to_lowercase()
            ),
            None => "its header matches no Preflight table (scorecard, alignment, stakeholders, \
                     data inventory, triggers, vendors, review history or gaps)"
                .into(),
        });
        return Ok(block);
    };
    // Columns with no place of their own go into the destination's notes with their header
    // ("Scope: EU only"), so no words are dropped; only where there is no notes column are they
    // left out, and then the summary says so.
    let notes_key = recognised.destination.notes_field();
    let unplaced: Vec<usize> = (0..table.header.len())
        .filter(|i| recognised.fields.get(*i).is_some_and(Option::is_none))
        .collect();
    let mut empty = 0;
    let rows: Vec<(u32, Vec<(&'static str, String)>)> = table
        .rows
        .iter()
        .filter_map(|(line, cells)| {
            if cells.iter().all(|c| c.trim().is_empty()) {
                empty += 1;
                return None;
            }
            let mut fields: Vec<(&'static str, String)> = recognised
                .fields
                .iter()
                .zip(cells)
                .filter_map(|(k, v)| k.map(|k| (k, v.clone())))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
            if let Some(key) = notes_key {
                let extra: Vec<String> = unplaced
                    .iter()
                    .filter_map(|&i| {
                        let text = cells.get(i)?.trim();
                        let name = table.header.get(i).map_or("", |h| h.trim());
                        (!text.is_empty()).then(|| format!("{name}: {text}"))
                    })
                    .collect();
                if !extra.is_empty() {
                    let extra = extra.join("\n");
                    match fields.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, notes)) => *notes = format!("{notes}\n{extra}"),
                        None => fields.push((key, extra)),
                    }
                }
            }
            Some((*line, fields))
        })
        .collect();
    if empty > 0 {
        block
            .notes
            .push(format!("{} skipped", counted(empty, "empty row")));
    }
    for &i in &unplaced {
        let name = table.header.get(i).map_or("", String::as_str);
        let filled = table
            .rows
            .iter()
            .any(|(_, cells)| cells.get(i).is_some_and(|c| !c.trim().is_empty()));
        if filled {
            block.notes.push(match notes_key {
                Some(key) => format!(
                    "column \u{201c}{name}\u{201d} has no place of its own in the {}; its text \
                     is in each row's {key} with its header",
                    recognised.destination.title()
                ),
                None => format!(
                    "column \u{201c}{name}\u{201d} has no place in the {}; its text was not \
                     imported",
                    recognised.destination.title()
                ),
            });
        }
    }
    // Scores on another scale ("Current (0-10)", "7/10") are rescaled to 1–5, and the summary
    // says so; a score outside its own scale is refused as usual.
    let mut rows = rows;
    if recognised.destination == Destination::Scorecard {
        for (i, field) in recognised.fields.iter().enumerate() {
            if !matches!(*field, Some(key::CURRENT | key::TARGET)) {
                continue;
            }
            let header_scale = table.header.get(i).and_then(|h| scale_of(h));
            let mut rescaled = false;
            for (_, fields) in &mut rows {
                for (k, value) in fields.iter_mut() {
                    if Some(*k) != *field {
                        continue;
                    }
                    let Some((n, scale)) = scaled_value(value, header_scale) else {
                        continue;
                    };
                    if let Some(score) = rescale(n, scale) {
                        *value = score.to_string();
                        rescaled = true;
                    }
                }
            }
            if rescaled {
                let name = table.header.get(i).map_or("", String::as_str);
                block.notes.push(format!(
                    "column \u{201c}{name}\u{201d}: scores rescaled to 1\u{2013}5"
                ));
            }
        }
    }
    let extra_notes = notes_key.is_some_and(|_| {
        unplaced.iter().any(|&i| {
            table
                .rows
                .iter()
                .any(|(_, cells)| cells.get(i).is_some_and(|c| !c.trim().is_empty()))
        })
    });
    let rows: Vec<(u32, Vec<(&'static str, &str)>)> = rows
        .iter()
        .map(|(line, f)| (*line, f.iter().map(|(k, v)| (*k, v.as_str())).collect()))
        .collect();
    let ctx = Context {
        file,
        section: table.section.as_deref().or(doc.title.as_deref()),
    };
    block.content = match recognised.destination {
        Destination::Scorecard => {
            let has =
                |k| recognised.fields.contains(&Some(k)) || (k == key::EVIDENCE && extra_notes);
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

/// What the summary calls the words outside any table or list.
pub const LEFT_OUT_HEADER: &str = "text outside tables and lists";

/// True for a "**Last reviewed:**", "**Next review:**" or "**Owner:**" item under a heading
/// naming the compliance snapshot: the labelled items the import has a place for.
fn in_snapshot(f: &Field) -> bool {
    let under_snapshot = f.section.as_deref().is_some_and(|s| {
        let s = columns::normalise(s);
        s.contains("snapshot") || s.contains("compliance")
    });
    under_snapshot
        && matches!(
            columns::normalise(&f.label).as_str(),
            "last reviewed" | "next review" | "owner"
        )
}

/// The compliance notes' "**Last reviewed:** …" items under a heading naming the snapshot.
fn snapshot_block(file: &str, fields: &[Field]) -> Result<Option<Block>> {
    let in_snapshot: Vec<&Field> = fields.iter().filter(|f| in_snapshot(f)).collect();
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
                patch.last_reviewed =
                    date_cell(&f.value, f.line, "last reviewed", None, &mut notes).ok()
            }
            "next review" => {
                // A date is stored plainly; anything else is a milestone text.
                let text = match dates::read(&f.value) {
                    DateRead::Exact(d) => d.to_string(),
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
