//! Turns parsed documents into validated changes — pillars, gaps, table rows, controls and
//! the compliance snapshot — before anything touches the database, so a bad value stops the
//! import with its file and line and nothing is half written.

use chrono::NaiveDate;

use super::columns::{self, key, Destination, Marker};
use super::parse::{Document, Field, Table, TaskList};
use crate::domain::compliance::{control_label, NEXT_REVIEW_MAX, OWNER_MAX};
use crate::domain::gap::{
    DeferReason, GapDraft, GapStatus, Priority, ValidGap, CATEGORY_MAX, TITLE_MAX,
};
use crate::domain::scorecard::{EVIDENCE_MAX, OWNER_MAX as PILLAR_OWNER_MAX, PILLAR_NAME_MAX};
use crate::domain::tables::{validate_cells, Cells, ColumnType, TableKind, CLASSIFICATIONS};
use crate::domain::text::{bounded, required_line};
use crate::error::{CoreError, Result};

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

fn at(file: &str, line: u32, message: impl Into<String>) -> CoreError {
    CoreError::invalid_file(format!("{file}:{line}"), message)
}

/// Re-labels a domain error with the file, line and the column header the user wrote.
fn located(file: &str, line: u32, what: &str) -> impl Fn(CoreError) -> CoreError {
    let what = what.to_owned();
    let file = file.to_owned();
    move |e| at(&file, line, format!("{what}: {}", e.message()))
}

/// Cuts `text` to at most `max` characters at a word boundary, ending with "…".
fn shorten(text: &str, max: usize) -> String {
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

struct Context<'a> {
    file: &'a str,
    /// The heading above the block, or the document's title.
    section: Option<&'a str>,
}

fn value<'a>(fields: &[(&'static str, &'a str)], k: &str) -> Option<&'a str> {
    fields.iter().find(|(f, _)| *f == k).map(|(_, v)| v.trim())
}

/// Reads a date cell, noting when text around the date was dropped or no date was found.
fn date_cell(text: &str, line: u32, what: &str, notes: &mut Vec<String>) -> Option<NaiveDate> {
    match columns::date(text) {
        Some((d, false)) => Some(d),
        Some((d, true)) => {
            notes.push(format!(
                "line {line}: {what} \u{201c}{text}\u{201d} read as {d}"
            ));
            Some(d)
        }
        None => {
            notes.push(format!(
                "line {line}: {what} \u{201c}{text}\u{201d} is not a date (YYYY-MM-DD); left empty"
            ));
            None
        }
    }
}

fn pillar(
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
        columns::score(value(f, k).unwrap_or(""))
            .map_err(|m| at(ctx.file, line, format!("{label}: {m}")))
    };
    let current = score(key::CURRENT, "Current score")?;
    let target = score(key::TARGET, "Target score")?;
    let text = |k: &str, label: &str, max: usize| {
        bounded("text", value(f, k).unwrap_or(""), max).map_err(located(ctx.file, line, label))
    };
    let [has_current, has_target, has_evidence, has_owner, has_checkpoint] = present;
    Ok(Some(PillarRow {
        current: has_current.then_some(current),
        target: if has_target { target } else { None },
        evidence: has_evidence
            .then(|| text(key::EVIDENCE, "Evidence / notes", EVIDENCE_MAX))
            .transpose()?,
        owner: has_owner
            .then(|| text(key::OWNER, "Owner", PILLAR_OWNER_MAX))
            .transpose()?,
        checkpoint: has_checkpoint.then(|| {
            value(f, key::CHECKPOINT).and_then(|t| date_cell(t, line, "next checkpoint", notes))
        }),
        name,
    }))
}

fn priority(text: &str) -> Option<Priority> {
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
    let lower = text.trim().to_lowercase();
    for reason in DeferReason::ALL {
        let words = reason.as_str().replace('_', " ");
        if lower.starts_with(&words) {
            let note = text.trim()[words.len()..]
                .trim_start_matches([':', ' ', '-'])
                .trim()
                .to_owned();
            return (Some(*reason), note);
        }
    }
    if lower.is_empty() {
        (None, String::new())
    } else {
        (Some(DeferReason::Other), text.trim().to_owned())
    }
}

/// Builds and validates a gap; a title over 200 characters is shortened and kept whole in
/// the notes, a category over 60 characters is shortened.
fn finish_gap(
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

fn gap_from_cells(
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
    if let Some(p) = value(f, key::PRIORITY) {
        match priority(p) {
            Some(p) => draft.priority = p,
            None => notes.push(format!(
                "line {line}: priority \u{201c}{p}\u{201d} not understood; recommended"
            )),
        }
    }
    if let Some(s) = value(f, key::STATUS) {
        match columns::gap_status(s) {
            Some((status, _)) => draft.status = status,
            None => notes.push(format!(
                "line {line}: status \u{201c}{s}\u{201d} not understood; imported as open"
            )),
        }
    }
    draft.owner = value(f, key::OWNER).unwrap_or("").to_owned();
    draft.due_date = value(f, key::DUE)
        .and_then(|t| date_cell(t, line, "due date", notes))
        .map(|d| d.to_string());
    draft.notes = gap_notes;
    let (reason, note) = defer_reason(value(f, key::DEFERRED_BECAUSE).unwrap_or(""));
    draft.defer_reason = reason;
    draft.defer_note = note;
    draft.revisit_on = value(f, key::REVISIT)
        .and_then(|t| date_cell(t, line, "revisit date", notes))
        .map(|d| d.to_string());
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

fn table_row(
    ctx: &Context,
    kind: TableKind,
    line: u32,
    f: &[(&'static str, &str)],
    notes: &mut Vec<String>,
) -> Result<Cells> {
    let mut cells = Cells::new();
    for column in kind.columns() {
        let Some(text) = value(f, column.key) else {
            continue;
        };
        match (kind, column.key, column.column_type) {
            (TableKind::Triggers, "readiness", _) => match columns::marker(text) {
                Some((m, rest)) => {
                    let readiness = match m {
                        Marker::Green => "ready",
                        Marker::Amber => "partial",
                        Marker::Red => "missing",
                    };
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
            (TableKind::Vendors, "verified", _) => match columns::marker(text) {
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
                if let Some(d) = date_cell(text, line, column.label, notes) {
                    cells.insert(column.key.into(), d.to_string());
                }
            }
            _ => {
                // "Status / Notes" of the compliance notes' triggers may open with a marker.
                if kind == TableKind::Triggers
                    && column.key == "gaps"
                    && value(f, "readiness").is_none()
                {
                    if let Some((m, rest)) =
                        columns::marker(text).filter(|_| starts_with_emoji(text))
                    {
                        let readiness = match m {
                            Marker::Green => "ready",
                            Marker::Amber => "partial",
                            Marker::Red => "missing",
                        };
                        cells.insert("readiness".into(), readiness.into());
                        append(&mut cells, "gaps", &rest);
                        continue;
                    }
                }
                append(&mut cells, column.key, text);
            }
        }
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
