//! Task lists and plain bullets: each `- [ ]` item as a gap or a control, every visible word
//! kept (a bold label as the title, priority badges and words, nested context), and plain
//! bullets under a checklist-like heading offered for mapping.

use super::block::{Block, Content};
use chrono::NaiveDate;

use super::columns;
use super::dates::{self, DateRead};
use super::mapping::Mapping;
use super::parse::{Document, Table, Task, TaskList};
use super::plan::table_block;
use super::rows::{finish_gap, located, shorten, Context};
use super::values::priority_word;
use crate::domain::compliance::control_label;
use crate::domain::gap::{GapDraft, GapStatus, Priority};
use crate::domain::text::counted;
use crate::error::Result;

pub(super) fn task_block(file: &str, doc: &Document, list: &TaskList) -> Result<Block> {
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
            "checklist under {} ({})",
            section.unwrap_or("untitled"),
            counted(list.tasks.len(), "item")
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
    if is_controls {
        for task in tasks.iter().filter(|t| !t.details.is_empty()) {
            block.notes.push(format!(
                "line {}: the {} under this control {} no place in a baseline control; not \
                 imported",
                task.line,
                counted(task.details.len(), "item"),
                if task.details.len() == 1 {
                    "has"
                } else {
                    "have"
                },
            ));
        }
        // A control has no notes for the plain item it is nested in ("Immediate safeguards in
        // place:"), so that item's words are named once, at its first control.
        let mut named: Vec<&str> = Vec::new();
        for task in &tasks {
            let Some(parent) = task.parent.as_deref() else {
                continue;
            };
            if named.contains(&parent) || tasks.iter().any(|t| t.words() == parent) {
                continue;
            }
            named.push(parent);
            block.notes.push(format!(
                "line {}: \u{201c}{parent}\u{201d}, which these controls are nested in, has no \
                 place in the baseline controls; not imported",
                task.line
            ));
        }
    }
    // Items that say when they are due ("— due 2026-12-15") or who owns them get that date
    // and owner, and the summary counts them.
    let (mut dated, mut owned) = (0_usize, 0_usize);
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
                    dated += usize::from(draft.due_date.is_some());
                    owned += usize::from(!draft.owner.is_empty());
                    finish_gap(&ctx, t.line, draft, None, &mut block.notes)
                })
                .collect::<Result<_>>()?,
        )
    };
    if dated > 0 {
        block.notes.push(format!(
            "{}: the due date read from the item's own words (\u{201c}due \u{2026}\u{201d})",
            counted(dated, "item")
        ));
    }
    if owned > 0 {
        block.notes.push(format!(
            "{}: the owner read from the item's own words (\u{201c}owner: \u{2026}\u{201d} or a \
             leading @name)",
            counted(owned, "item")
        ));
    }
    Ok(block)
}

/// The date an item's words say it is due: the last "due" in them followed by a date that
/// [`dates::read`] reads ("— due 2026-12-15", "(due: Dec 18, 2026)", "due by 20.12.2026").
/// A date that could be either way round, or none ("due to a bug"), gives `None`; the words
/// stay in the title or notes either way.
fn stated_due(words: &str) -> Option<NaiveDate> {
    let at = places_of(words, "due")
        .filter(|&i| {
            let before = words[..i].chars().next_back();
            let after = words[i + 3..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
        .last()?;
    let rest = &words[at + 3..];
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
    let rest = ["by ", "on "]
        .iter()
        .find_map(|w| {
            rest.get(..w.len())
                .filter(|h| h.eq_ignore_ascii_case(w))
                .map(|_| &rest[w.len()..])
        })
        .unwrap_or(rest);
    let date = rest
        .split([')', ']', ';'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    // A date read loosely must start right after "due": "due diligence by 2026-03-01" is
    // not a due date.
    match dates::read(date) {
        DateRead::Exact(d) => Some(d),
        DateRead::Loose(d) if date.starts_with(|c: char| c.is_ascii_digit()) => Some(d),
        _ => None,
    }
}

/// Where `word` (ASCII) stands in `text`, ignoring ASCII case: byte offsets at character
/// boundaries, so `text` can be cut there.
fn places_of<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.char_indices().map(|(i, _)| i).filter(move |&i| {
        text.get(i..i + word.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(word))
    })
}

/// The owner an item's words name: "owner: Priya" (or "Owner: @priya") up to a bracket,
/// comma or semicolon, or an "@sam" mention the item starts with ("@sam: write the
/// runbook"). At most a few words and 120 characters, so prose is never taken for a name.
fn stated_owner(words: &str) -> Option<String> {
    let named = places_of(words, "owner:")
        .next()
        .map(|at| &words[at + "owner:".len()..])
        .map(|rest| {
            rest.split([')', ']', ';', ','])
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches('@')
                .trim_end_matches('.')
                .to_owned()
        });
    let mentioned = words.trim_start().strip_prefix('@').map(|rest| {
        rest.split(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .next()
            .unwrap_or("")
            .to_owned()
    });
    named
        .or(mentioned)
        .filter(|n| !n.is_empty() && n.split_whitespace().count() <= 4 && n.chars().count() <= 120)
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
pub(super) fn bullet_block(
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
        "bullets under {} ({})",
        list.section.as_deref().unwrap_or("untitled"),
        counted(list.tasks.len(), "item")
    )
}

/// The gap a task item becomes, every visible word kept: a leading bold label is the title and
/// the rest the notes (else the text is the title); a leading priority badge, word or marker
/// sets the priority; "due 2026-12-15" and "owner: Priya" or a leading "@sam" in its words
/// set the due date and owner; plain items nested in it are listed in the notes ("- Datadog
/// for APM"); a nested task names its parent in the notes.
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
    // Plain items nested in the task are its details, each on a line of its own.
    if !task.details.is_empty() {
        let details: Vec<String> = task.details.iter().map(|d| format!("- {d}")).collect();
        let details = details.join("\n");
        notes = if notes.is_empty() {
            details
        } else {
            format!("{notes}\n{details}")
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
    let due = stated_due(&task.words());
    let mut draft = GapDraft::new(
        title.trim(),
        category,
        priority.unwrap_or(Priority::Recommended),
    );
    draft.notes = notes;
    draft.due_date = due.map(|d| d.to_string());
    draft.owner = stated_owner(&task.words()).unwrap_or_default();
    draft.status = if task.done {
        GapStatus::Done
    } else {
        GapStatus::Open
    };
    draft
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
