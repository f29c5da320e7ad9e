//! One row of a recognised table, or one checklist item, turned into a validated pillar, gap
//! or table row: markers and status words read, dates read loosely, long titles shortened,
//! and every refusal located at its file and line.

use chrono::NaiveDate;

use super::block::{GapRow, PillarRow};
use super::columns::{key, Destination};
use super::dates::{self, DateRead};
use super::values::{self, Marker};
use crate::domain::gap::{DeferReason, GapDraft, GapStatus, Priority, CATEGORY_MAX, TITLE_MAX};
use crate::domain::scorecard::{EVIDENCE_MAX, OWNER_MAX, PILLAR_NAME_MAX};
use crate::domain::tables::{validate_cells, Cells, ColumnType, TableKind, CLASSIFICATIONS};
use crate::domain::text::{bounded, required_line};
use crate::error::{CoreError, Result};

pub(super) fn at(file: &str, line: u32, message: impl Into<String>) -> CoreError {
    CoreError::invalid_file(format!("{file}:{line}"), message)
}

/// Re-labels a domain error with the file, line and the column header the user wrote.
pub(super) fn located(file: &str, line: u32, what: &str) -> impl Fn(CoreError) -> CoreError {
    let what = what.to_owned();
    let file = file.to_owned();
    move |e| at(&file, line, format!("{what}: {}", e.message()))
}

/// Cuts `text` to at most `max` characters at a word boundary, ending with "…".
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}\u{2026}", cut.trim_end())
}

pub(super) struct Context<'a> {
    pub(super) file: &'a str,
    /// The heading above the block, or the document's title.
    pub(super) section: Option<&'a str>,
}

fn value<'a>(fields: &[(&'static str, &'a str)], k: &str) -> Option<&'a str> {
    fields.iter().find(|(f, _)| *f == k).map(|(_, v)| v.trim())
}

/// Reads a date cell (`dates::read`). A date read loosely is named in the summary with the
/// date it was read as. A cell read as no date (none there, or day and month that could be
/// either way round) leaves the date empty and never loses its words: they come back as
/// `Err("Due date: Dec 10th-ish")` for the row to keep in its notes column, named by `kept_in`
/// ("notes", "evidence"), and the summary says so; with no such column (`None`) the summary
/// says the text was left out.
pub(super) fn date_cell(
    text: &str,
    line: u32,
    what: &str,
    kept_in: Option<&str>,
    notes: &mut Vec<String>,
) -> std::result::Result<NaiveDate, String> {
    let quoted = format!("{what} \u{201c}{text}\u{201d}");
    let why = match dates::read(text) {
        DateRead::Exact(d) => return Ok(d),
        DateRead::Loose(d) => {
            notes.push(format!("line {line}: {quoted} read as {d}"));
            return Ok(d);
        }
        DateRead::Ambiguous(day_first, month_first) => {
            format!("could be {day_first} or {month_first} (write it as YYYY-MM-DD)")
        }
        DateRead::Missing => "is not a date".to_owned(),
    };
    let fate = match kept_in {
        Some(column) => format!("left empty, the text kept in the {column}"),
        None => "left empty and not imported".to_owned(),
    };
    notes.push(format!("line {line}: {quoted} {why}; {fate}"));
    let mut label = what.chars();
    let label: String = label
        .next()
        .map(|c| c.to_uppercase().chain(label).collect())
        .unwrap_or_default();
    Err(format!("{label}: {text}"))
}

pub(super) fn pillar(
    ctx: &Context,
    line: u32,
    f: &[(&'static str, &str)],
    present: [bool; 5],
    notes: &mut Vec<String>,
) -> Result<Option<PillarRow>> {
    let Some(name) = value(f, key::PILLAR) else {
        notes.push(format!("line {line}: no pillar name; row skipped"));
        return Ok(None);
    };
    let name =
        required_line("name", name, PILLAR_NAME_MAX).map_err(located(ctx.file, line, "Pillar"))?;
    let score = |k: &str, label: &str| {
        values::score(value(f, k).unwrap_or(""))
            .map_err(|m| at(ctx.file, line, format!("{label}: {m}")))
    };
    let current = score(key::CURRENT, "Current score")?;
    let target = score(key::TARGET, "Target score")?;
    let text = |k: &str, label: &str, max: usize| {
        bounded("text", value(f, k).unwrap_or(""), max).map_err(located(ctx.file, line, label))
    };
    let [has_current, has_target, has_evidence, has_owner, has_checkpoint] = present;
    // A checkpoint that is not a date keeps its words in the evidence.
    let mut kept_checkpoint = None;
    let checkpoint = has_checkpoint.then(|| {
        value(f, key::CHECKPOINT).and_then(|t| {
            date_cell(t, line, "next checkpoint", Some("evidence"), notes)
                .map_err(|k| kept_checkpoint = Some(k))
                .ok()
        })
    });
    Ok(Some(PillarRow {
        current: has_current.then_some(current),
        target: if has_target { target } else { None },
        evidence: has_evidence
            .then(|| text(key::EVIDENCE, "Evidence / notes", EVIDENCE_MAX))
            .transpose()?,
        owner: has_owner
            .then(|| text(key::OWNER, "Owner", OWNER_MAX))
            .transpose()?,
        checkpoint,
        kept_checkpoint,
        name,
        at: format!("{}:{line}", ctx.file),
    }))
}

/// The priority a cell names: a priority word ([`values::priority_word`]: "High", "P1"), or
/// text starting with one of the words that say it ("Critical for launch", "nice to have").
fn priority(text: &str) -> Option<Priority> {
    if let Some(p) = values::priority_word(text) {
        return Some(p);
    }
    let t = text.trim().to_lowercase();
    [
        (
            Priority::Critical,
            &["critical", "high", "blocker", "must"][..],
        ),
        (
            Priority::Recommended,
            &["recommended", "medium", "should"][..],
        ),
        (
            Priority::Optional,
            &["optional", "low", "nice", "could"][..],
        ),
    ]
    .into_iter()
    .find(|(_, words)| words.iter().any(|w| t.starts_with(w)))
    .map(|(p, _)| p)
}

fn defer_reason(text: &str) -> (Option<DeferReason>, String) {
    let text = text.trim();
    for reason in DeferReason::ALL {
        let words = reason.as_str().replace('_', " ");
        if values::starts_with_word(text, &words) {
            let note = text[words.len()..]
                .trim_start_matches([':', ' ', '-'])
                .trim()
                .to_owned();
            return (Some(*reason), note);
        }
    }
    if text.is_empty() {
        (None, String::new())
    } else {
        (Some(DeferReason::Other), text.to_owned())
    }
}

/// Builds and validates a gap; a title over 200 characters is shortened and kept whole in
/// the notes, a category over 60 characters is shortened.
pub(super) fn finish_gap(
    ctx: &Context,
    line: u32,
    mut draft: GapDraft,
    pillar: Option<String>,
    notes: &mut Vec<String>,
) -> Result<GapRow> {
    if draft.title.chars().count() > TITLE_MAX {
        let full = std::mem::take(&mut draft.title);
        draft.title = shorten(&full, TITLE_MAX);
        draft.notes = if draft.notes.is_empty() {
            full
        } else {
            format!("{full}\n\n{}", draft.notes)
        };
        notes.push(format!("line {line}: title over {TITLE_MAX} characters shortened; the whole text is in the gap's notes"));
    }
    draft.category = shorten(draft.category.trim(), CATEGORY_MAX);
    if draft.status == GapStatus::Deferred && draft.validate().is_err() {
        notes.push(format!(
            "line {line}: deferred without a reason and a revisit date; imported as open"
        ));
        draft.status = GapStatus::Open;
    }
    let gap = draft.validate().map_err(|e| {
        at(
            ctx.file,
            line,
            format!("gap {}: {}", e.field().unwrap_or("value"), e.message()),
        )
    })?;
    Ok(GapRow { gap, pillar })
}

pub(super) fn gap_from_cells(
    ctx: &Context,
    line: u32,
    f: &[(&'static str, &str)],
    notes: &mut Vec<String>,
) -> Result<GapRow> {
    let pillar = value(f, key::PILLAR).map(str::to_owned);
    let mut gap_notes = value(f, key::NOTES).unwrap_or("").to_owned();
    let title = match value(f, key::TITLE) {
        Some(t) => t.to_owned(),
        // The readiness checklist has no title column: its notes say what the item is.
        None if !gap_notes.is_empty() => std::mem::take(&mut gap_notes),
        None => pillar.clone().unwrap_or_default(),
    };
    let category = value(f, key::CATEGORY)
        .map(str::to_owned)
        .or_else(|| pillar.clone())
        .or_else(|| ctx.section.map(str::to_owned))
        .unwrap_or_else(|| "Imported".to_owned());
    let mut draft = GapDraft::new(&title, &category, Priority::Recommended);
    // Words a priority or status cell holds beyond what it sets are kept in the notes.
    let mut kept: Vec<String> = Vec::new();
    if let Some(p) = value(f, key::PRIORITY) {
        match priority(p) {
            Some(p) => draft.priority = p,
            None => {
                notes.push(format!(
                    "line {line}: priority \u{201c}{p}\u{201d} not understood; recommended, and the \
                     text kept in the notes"
                ));
                kept.push(format!("Priority: {p}"));
            }
        }
    }
    if let Some(s) = value(f, key::STATUS) {
        match values::gap_status(s) {
            Some((status, rest)) => {
                draft.status = status;
                if !rest.is_empty() {
                    kept.push(format!("Status: {rest}"));
                }
            }
            None => {
                notes.push(format!(
                    "line {line}: status \u{201c}{s}\u{201d} not understood; imported as open, and \
                     the text kept in the notes"
                ));
                kept.push(format!("Status: {s}"));
            }
        }
    }
    draft.owner = value(f, key::OWNER).unwrap_or("").to_owned();
    let mut date = |k: &str, what: &str, kept: &mut Vec<String>| {
        let d = date_cell(value(f, k)?, line, what, Some("notes"), notes);
        d.map_err(|k| kept.push(k)).ok().map(|d| d.to_string())
    };
    draft.due_date = date(key::DUE, "due date", &mut kept);
    draft.revisit_on = date(key::REVISIT, "revisit date", &mut kept);
    draft.notes = std::iter::once(gap_notes)
        .chain(kept)
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let (reason, note) = defer_reason(value(f, key::DEFERRED_BECAUSE).unwrap_or(""));
    draft.defer_reason = reason;
    draft.defer_note = note;
    finish_gap(ctx, line, draft, pillar, notes)
}

/// Appends `extra` on a new line of `cells[key]`.
fn append(cells: &mut Cells, key: &str, extra: &str) {
    let slot = cells.entry(key.to_owned()).or_default();
    if !slot.is_empty() {
        slot.push('\n');
    }
    slot.push_str(extra);
}

pub(super) fn table_row(
    ctx: &Context,
    kind: TableKind,
    line: u32,
    f: &[(&'static str, &str)],
    notes: &mut Vec<String>,
) -> Result<Cells> {
    let mut cells = Cells::new();
    let mut kept = Vec::new();
    for column in kind.columns() {
        let Some(text) = value(f, column.key) else {
            continue;
        };
        match (kind, column.key, column.column_type) {
            (TableKind::Triggers, "readiness", _) => match values::marker(text) {
                Some((m, rest)) => {
                    let readiness = readiness(m);
                    cells.insert("readiness".into(), readiness.into());
                    if !rest.is_empty() {
                        append(&mut cells, "gaps", &rest);
                    }
                }
                None => {
                    notes.push(format!("line {line}: readiness \u{201c}{text}\u{201d} not understood; kept in gaps & next actions"));
                    append(&mut cells, "gaps", text);
                }
            },
            (TableKind::Vendors, "verified", _) => match values::marker(text) {
                Some((m, rest)) => {
                    let yes = m == Marker::Green;
                    cells.insert("verified".into(), if yes { "yes" } else { "no" }.into());
                    if !rest.is_empty() {
                        append(&mut cells, "actions", &format!("Verification: {rest}"));
                    }
                }
                None => append(&mut cells, "actions", &format!("Verification: {text}")),
            },
            (_, "classification", _) => {
                let found = CLASSIFICATIONS
                    .iter()
                    .find(|c| text.to_lowercase().starts_with(&c.to_lowercase()));
                match found {
                    Some(c) => {
                        cells.insert(column.key.into(), (*c).to_owned());
                    }
                    None => notes.push(format!(
                        "line {line}: classification \u{201c}{text}\u{201d} is not one of {}; left empty",
                        CLASSIFICATIONS.join(", ")
                    )),
                }
            }
            (_, _, ColumnType::Date) => {
                let kept_in = Destination::Table(kind)
                    .notes_field()
                    .and_then(|key| kind.columns().iter().find(|c| c.key == key));
                let kept_label = kept_in.map(|k| k.label.to_lowercase());
                match date_cell(text, line, column.label, kept_label.as_deref(), notes) {
                    Ok(d) => {
                        cells.insert(column.key.into(), d.to_string());
                    }
                    Err(k) => kept.extend(kept_in.map(|c| (c.key, k))),
                }
            }
            _ => {
                // "Status / Notes" of the compliance notes' triggers may open with a marker.
                if kind == TableKind::Triggers
                    && column.key == "gaps"
                    && value(f, "readiness").is_none()
                {
                    if let Some((m, rest)) =
                        values::marker(text).filter(|_| starts_with_emoji(text))
                    {
                        let readiness = readiness(m);
                        cells.insert("readiness".into(), readiness.into());
                        append(&mut cells, "gaps", &rest);
                        continue;
                    }
                }
                append(&mut cells, column.key, text);
            }
        }
    }
    // The words of a date not read follow the row's own notes.
    for (key, text) in kept {
        append(&mut cells, key, &text);
    }
    cells.retain(|_, v| !v.trim().is_empty());
    validate_cells(kind, &cells).map_err(|e| {
        let label = kind
            .columns()
            .iter()
            .find(|c| Some(c.key) == e.field())
            .map_or("cell", |c| c.label);
        at(
            ctx.file,
            line,
            format!("{}, {label}: {}", kind.title(), e.message()),
        )
    })
}

fn starts_with_emoji(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| !c.is_alphanumeric() && !c.is_ascii())
}

/// A trigger's readiness for a marker: green → ready, amber → partial, red → missing.
fn readiness(m: Marker) -> &'static str {
    match m {
        Marker::Green => "ready",
        Marker::Amber => "partial",
        Marker::Red => "missing",
    }
}
