//! What a finished list item or heading becomes: a task with its nesting, a plain bullet under
//! a checklist-like heading, or a "**Label:** value" field; and a heading's plain name.

use super::{Document, Field, Item, Task, TaskList, PATH_SEPARATOR};

/// The task an item holds, with its nested context.
pub(super) fn task_of(item: &Item, parent: Option<&String>) -> Task {
    let text = item.text.trim();
    // A bold label's separator ("**Circuit breakers** – …", "**Charset:** …") is punctuation,
    // not words.
    let text = match item.label {
        Some(_) => text
            .trim_start_matches([':', '–', '—', '-', '|'])
            .trim_start(),
        None => text,
    };
    // Where an image or a tag was taken out, two spaces are left; one is enough.
    let mut text = text.to_owned();
    while text.contains("  ") {
        text = text.replace("  ", " ");
    }
    Task {
        line: item.line,
        done: item.task.unwrap_or(false),
        label: item.label.clone().filter(|l| !l.is_empty()),
        text,
        parent: parent.cloned(),
        images: item.images.clone(),
        leading_image: item.leading_image,
        details: Vec::new(),
    }
}

/// The words of a plain item nested in a task, for that task's details: a bold label kept as
/// "Label: rest" ("- **Owner:** Priya" → "Owner: Priya").
pub(super) fn detail_of(item: &Item) -> String {
    let task = task_of(item, None);
    match &task.label {
        Some(label) if !task.text.is_empty() => format!("{label}: {}", task.text),
        _ => task.words(),
    }
}

/// Adds a task to the current run of tasks, or starts a new run under `section`, and returns
/// where it is: its run's index in `doc.task_lists` and its own in that run.
pub(super) fn record_task(
    task: Task,
    section: &Option<String>,
    last_task_section: &mut Option<Option<String>>,
    doc: &mut Document,
) -> (usize, usize) {
    match doc.task_lists.last_mut() {
        Some(list) if last_task_section.as_ref() == Some(section) => list.tasks.push(task),
        _ => {
            doc.task_lists.push(TaskList {
                line: task.line,
                section: section.clone(),
                tasks: vec![task],
            });
            *last_task_section = Some(section.clone());
        }
    }
    let list = doc.task_lists.len() - 1;
    (list, doc.task_lists[list].tasks.len() - 1)
}

/// Words that make a heading read like a checklist, so plain bullets under it are offered.
const CHECKLIST_WORDS: [&str; 9] = [
    "checklist",
    "todo",
    "tasks",
    "requirements",
    "launch",
    "criteria",
    "go-live",
    "to do",
    "go live",
];

/// True when the heading itself (not its parents) reads like a checklist, word for word
/// ("Launch checklist", "Before go-live"; not "Checkpoints" or "How to use").
pub(super) fn checklist_like(section: Option<&str>) -> bool {
    let Some(section) = section else { return false };
    let heading = section
        .rsplit(PATH_SEPARATOR)
        .next()
        .unwrap_or(section)
        .to_lowercase();
    let words: Vec<&str> = heading
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    CHECKLIST_WORDS.iter().any(|w| {
        if w.contains(' ') {
            format!(" {} ", words.join(" ")).contains(&format!(" {w} "))
        } else {
            words.contains(w)
        }
    })
}

/// Adds a plain bullet to the run of bullets under `section`, or starts one.
pub(super) fn record_bullet(task: Task, section: &Option<String>, doc: &mut Document) {
    match doc.bullet_lists.last_mut() {
        Some(list) if list.section == *section => list.tasks.push(task),
        _ => doc.bullet_lists.push(TaskList {
            line: task.line,
            section: section.clone(),
            tasks: vec![task],
        }),
    }
}

/// Records a bold-labelled list item ("**Owner:** Lucas") as a field.
pub(super) fn finish_field(item: Item, section: &Option<String>, doc: &mut Document) {
    let own = item.text.trim().to_owned();
    if let Some(label) = item.label.filter(|l| !l.is_empty()) {
        let value = own.trim_start_matches(':').trim().to_owned();
        let placeholder = item.emphasis_only && value.starts_with('(') && value.ends_with(')');
        doc.fields.push(Field {
            line: item.line,
            section: section.clone(),
            label,
            value: if placeholder { String::new() } else { value },
        });
    }
}

/// A heading as a category name: numbering ("7) ", "2.1 "), emoji and other marks in front
/// are not part of the name ("## 7) Security", "### ✅ SECURITY").
pub(super) fn heading_name(heading: &str) -> String {
    let name = heading
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let digits = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let numbered = digits.len() < name.len()
        && (digits.starts_with(')') || digits.starts_with(' ') || digits.starts_with('.'));
    let name = if numbered {
        digits
            .trim_start_matches([')', '.', ' '])
            .trim_start_matches(|c: char| !c.is_alphanumeric())
    } else {
        name
    };
    if name.is_empty() {
        heading.trim().to_owned()
    } else {
        name.trim().to_owned()
    }
}
