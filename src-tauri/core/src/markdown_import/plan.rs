//! Turns parsed documents into validated changes — pillars, gaps, table rows, controls and
//! the compliance snapshot — before anything touches the database, so a bad value stops the
//! import with its file and line and nothing is half written.

use super::block::{Block, Content, SnapshotPatch};
use super::columns::{self, key, Destination};
use super::mapping::{Mapped, Mapping};
use super::parse::{Document, Field, Table, Task, TaskList};
use super::rows::{
    date_cell, finish_gap, gap_from_cells, located, pillar, shorten, table_row, Context,
};
use crate::domain::compliance::{control_label, NEXT_REVIEW_MAX, OWNER_MAX};
use crate::domain::gap::{GapDraft, GapStatus, Priority};
use crate::domain::tables::{Cells, TableKind};
use crate::domain::text::bounded;
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
    out.sort_by_key(|b| b.line);
    Ok(out)
}

fn table_block(
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
            block.content = Content::Controls(mapped_controls(file, table, label, done)?);
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
    let notes_key = notes_field(recognised.destination);
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
        block.notes.push(format!(
            "{empty} empty row{} skipped",
            if empty == 1 { "" } else { "s" }
        ));
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

fn task_block(file: &str, doc: &Document, list: &TaskList) -> Result<Block> {
    let section = list.section.as_deref().or(doc.title.as_deref());
    // Only a heading that says so makes baseline controls ("Baseline controls", or one that
    // starts with "Controls" as the templates' "Controls & Follow-Ups"); "Access control" or
    // "Version control" is a checklist like any other.
    let is_controls = list.section.as_deref().is_some_and(|s| {
        let heading =
            columns::normalise(s.rsplit(super::parse::PATH_SEPARATOR).next().unwrap_or(s));
        heading.contains("baseline control") || heading.starts_with("controls")
    });
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
    let tasks: Vec<&Task> = list
        .tasks
        .iter()
        .filter(|t| !t.words().trim().is_empty())
        .collect();
    for task in &tasks {
        let dropped = task.images.iter().skip(usize::from(
            task.leading_image && badge_priority(task).is_some(),
        ));
        for image in dropped {
            block.notes.push(format!(
                "line {}: image \u{201c}{image}\u{201d} left out",
                task.line
            ));
        }
    }
    block.content = if is_controls {
        Content::Controls(
            tasks
                .iter()
                .map(|t| {
                    control_label(&shorten(
                        t.words().trim(),
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
                .iter()
                .map(|t| {
                    let draft = task_gap(t, &category);
                    finish_gap(&ctx, t.line, draft, None, &mut block.notes)
                })
                .collect::<Result<_>>()?,
        )
    };
    Ok(block)
}

/// The rows of a table the mapping sends to the baseline controls: the label column's text,
/// ticked when the done column holds a green marker (✅, yes, done, …).
fn mapped_controls(
    file: &str,
    table: &Table,
    label: usize,
    done: Option<usize>,
) -> Result<Vec<(String, bool)>> {
    table
        .rows
        .iter()
        .filter_map(|(line, cells)| {
            let text = cells.get(label)?.trim();
            (!text.is_empty()).then_some((*line, text, cells))
        })
        .map(|(line, text, cells)| {
            let ticked = done
                .and_then(|d| cells.get(d))
                .and_then(|c| columns::marker(c))
                .is_some_and(|(m, _)| m == columns::Marker::Green);
            control_label(&shorten(text, crate::domain::compliance::CONTROL_MAX))
                .map(|label| (label, ticked))
                .map_err(located(file, line, "Control"))
        })
        .collect()
}

/// A RACI matrix (activities down, people across, cells of R, A, C and I) as stakeholder rows:
/// one per person, "why they care" listing what they are Responsible, Accountable, Consulted
/// and Informed for. `None` unless every filled cell right of the first column is RACI letters
/// and there are at least two people.
pub(super) fn raci_rows(table: &Table) -> Option<Vec<Cells>> {
    let people = table.header.get(1..)?;
    if people.len() < 2 || people.iter().any(|p| p.trim().is_empty()) {
        return None;
    }
    let letters = |cell: &str| -> Option<Vec<char>> {
        let found: Vec<char> = cell
            .split([',', '/', ' ', '+'])
            .filter(|part| !part.is_empty())
            .map(|part| {
                let mut chars = part.chars();
                match (chars.next().map(|c| c.to_ascii_uppercase()), chars.next()) {
                    (Some(c @ ('R' | 'A' | 'C' | 'I')), None) => Some(c),
                    _ => None,
                }
            })
            .collect::<Option<_>>()?;
        Some(found)
    };
    let mut any = false;
    for (_, cells) in &table.rows {
        for cell in cells.iter().skip(1) {
            if !cell.trim().is_empty() {
                letters(cell.trim())?;
                any = true;
            }
        }
    }
    if !any {
        return None;
    }
    let roles = [
        ('R', "Responsible for"),
        ('A', "Accountable for"),
        ('C', "Consulted on"),
        ('I', "Informed of"),
    ];
    let rows = people
        .iter()
        .enumerate()
        .map(|(column, person)| {
            let duties: Vec<String> = roles
                .iter()
                .filter_map(|(letter, phrase)| {
                    let activities: Vec<&str> = table
                        .rows
                        .iter()
                        .filter(|(_, cells)| {
                            cells
                                .get(column + 1)
                                .and_then(|c| letters(c.trim()))
                                .is_some_and(|l| l.contains(letter))
                        })
                        .filter_map(|(_, cells)| cells.first().map(|a| a.trim()))
                        .collect();
                    (!activities.is_empty()).then(|| format!("{phrase}: {}", activities.join(", ")))
                })
                .collect();
            let mut cells = Cells::new();
            cells.insert("stakeholder".into(), person.trim().to_owned());
            if !duties.is_empty() {
                cells.insert("whyTheyCare".into(), duties.join("\n"));
            }
            cells
        })
        .collect();
    Some(rows)
}

/// The scale a header names, e.g. "Current (0-10)" → (0, 10); `None` for 1–5 or none.
fn scale_of(header: &str) -> Option<(u32, u32)> {
    let open = header.rfind('(')?;
    let inner = header[open + 1..].trim_end().strip_suffix(')')?;
    let (low, high) = inner.split_once(['-', '\u{2011}', '\u{2013}', '\u{2014}'])?;
    let (low, high) = (low.trim().parse().ok()?, high.trim().parse().ok()?);
    (high > low && (low, high) != (1, 5)).then_some((low, high))
}

/// A cell's number and the scale it is on: its own "7/10" or "7 of 10", else the header's.
fn scaled_value(cell: &str, header: Option<(u32, u32)>) -> Option<(u32, (u32, u32))> {
    let t = cell.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    let rest = t[digits.len()..].trim();
    let own = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("of "))
        .and_then(|max| max.trim().parse::<u32>().ok())
        .filter(|max| *max != 5)
        .map(|max| (0, max));
    own.or(header).map(|scale| (n, scale))
}

/// `n` on `low..=high` mapped onto 1–5 (rounded); `None` when it lies outside its scale.
fn rescale(n: u32, (low, high): (u32, u32)) -> Option<u32> {
    if n < low || n > high {
        return None;
    }
    let span = f64::from(high - low);
    let score = 1.0 + f64::from(n - low) * 4.0 / span;
    // The result lies in 1.0..=5.0, so the conversion cannot truncate.
    Some(score.round() as u32)
}

/// The free-text field of a destination, where columns without a place of their own go.
fn notes_field(destination: Destination) -> Option<&'static str> {
    match destination {
        Destination::Scorecard => Some(key::EVIDENCE),
        Destination::Gaps => Some(key::NOTES),
        Destination::Table(TableKind::Alignment | TableKind::Stakeholders) => Some("risks"),
        Destination::Table(TableKind::Triggers) => Some("gaps"),
        Destination::Table(TableKind::Vendors) => Some("actions"),
        Destination::Table(TableKind::Reviews) => Some("findings"),
        Destination::Table(TableKind::DataInventory) => None,
    }
}

/// The header a run of plain bullets has as a table, for the mapping step and mapping files.
pub const BULLET_HEADER: &str = "Item";

/// A run of plain bullets as a one-column table ("Item"), with the heading as its section.
pub(super) fn bullet_table(list: &TaskList) -> Table {
    Table {
        line: list.line,
        section: list.section.clone(),
        header: vec![BULLET_HEADER.to_owned()],
        rows: list
            .tasks
            .iter()
            .map(|t| (t.line, vec![t.words()]))
            .collect(),
    }
}

/// Plain bullets under a checklist-like heading: placed as the mapping says, else listed as
/// skipped with how to bring them in (they are never silently dropped).
fn bullet_block(
    file: &str,
    doc: &Document,
    list: &TaskList,
    mapping: Option<&Mapping>,
) -> Result<Block> {
    let table = bullet_table(list);
    if mapping.is_some_and(|m| m.find(&table.header).is_some()) {
        let mut block = table_block(file, doc, &table, None, mapping)?;
        block.header = bullet_header(list);
        return Ok(block);
    }
    Ok(Block {
        file: file.to_owned(),
        line: list.line,
        header: bullet_header(list),
        content: Content::Skipped(
            "plain bullets without checkboxes; choose where they go in the import dialog's \
             mapping step, or with --map"
                .into(),
        ),
        notes: Vec::new(),
    })
}

fn bullet_header(list: &TaskList) -> String {
    format!(
        "bullets under {} ({} item{})",
        list.section.as_deref().unwrap_or("untitled"),
        list.tasks.len(),
        if list.tasks.len() == 1 { "" } else { "s" }
    )
}

/// The gap a task item becomes, every visible word kept: a leading bold label is the title and
/// the rest the notes (else the text is the title); a leading priority badge, word or marker
/// sets the priority; a nested item names its parent in the notes.
fn task_gap(task: &Task, category: &str) -> GapDraft {
    let (priority, text) = match badge_priority(task) {
        Some(priority) => (Some(priority), task.text.as_str()),
        None => match leading_priority(&task.text) {
            Some((priority, rest)) => (Some(priority), rest),
            None => (None, task.text.as_str()),
        },
    };
    let (title, mut notes) = match &task.label {
        Some(label) => (label.clone(), text.to_owned()),
        None => (text.to_owned(), String::new()),
    };
    // A title is one line: the lines after a line break in the item go to the notes.
    let (title, notes_before) = match title.split_once('\n') {
        Some((first, more)) => (first.trim().to_owned(), more.trim().to_owned()),
        None => (title, String::new()),
    };
    if !notes_before.is_empty() {
        notes = if notes.is_empty() {
            notes_before
        } else {
            format!("{notes_before}\n{notes}")
        };
    }
    if let Some(parent) = &task.parent {
        let context = format!("Part of: {parent}");
        notes = if notes.is_empty() {
            context
        } else {
            format!("{notes}\n\n{context}")
        };
    }
    let mut draft = GapDraft::new(
        title.trim(),
        category,
        priority.unwrap_or(Priority::Recommended),
    );
    draft.notes = notes;
    draft.status = if task.done {
        GapStatus::Done
    } else {
        GapStatus::Open
    };
    draft
}

/// The priority a word names: High, Critical or Must have → critical; Medium or Should have
/// → recommended; Low, Nice to have or Could have → optional.
fn priority_word(word: &str) -> Option<Priority> {
    match columns::normalise(word).as_str() {
        "high" | "critical" | "must have" | "must" | "p0" | "p1" => Some(Priority::Critical),
        "medium" | "should have" | "should" | "p2" => Some(Priority::Recommended),
        "low" | "nice to have" | "could have" | "p3" => Some(Priority::Optional),
        _ => None,
    }
}

/// The priority of an item whose first thing is a badge image ("![High](…badge…)").
fn badge_priority(task: &Task) -> Option<Priority> {
    if !task.leading_image {
        return None;
    }
    let first = task.images.first()?;
    priority_word(first).or_else(|| {
        let lower = first.to_lowercase();
        ["critical", "high", "medium", "low"]
            .iter()
            .find(|w| lower.contains(*w))
            .and_then(|w| priority_word(w))
    })
}

/// A priority named at the start of an item, and the text after it: a red, yellow or green
/// circle, or a priority word in brackets or followed by a separator ("High:", "[Low]",
/// "Critical –"). A bare first word is never taken ("High availability" stays whole).
fn leading_priority(text: &str) -> Option<(Priority, &str)> {
    let text = text.trim_start();
    for (marker, priority) in [
        ('\u{1f534}', Priority::Critical),
        ('\u{1f7e1}', Priority::Recommended),
        ('\u{1f7e2}', Priority::Optional),
    ] {
        if let Some(rest) = text.strip_prefix(marker) {
            return Some((priority, rest.trim_start()));
        }
    }
    if let Some(inner) = text.strip_prefix('[').or_else(|| text.strip_prefix('(')) {
        let end = inner.find([']', ')'])?;
        let priority = priority_word(&inner[..end])?;
        return Some((priority, inner[end + 1..].trim_start()));
    }
    let end = text.find([':', '–', '—', '|'])?;
    let priority = priority_word(&text[..end])?;
    Some((
        priority,
        text[end..]
            .trim_start_matches([':', '–', '—', '|'])
            .trim_start(),
    ))
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
