//! Reads one Markdown document into the blocks the importer cares about — tables, task lists
//! and "**Label:** value" list items — each with its line and the heading it sits under.
//!
//! Parsing is pulldown-cmark's, with the GitHub Flavored Markdown table and task-list
//! extensions (GFM spec 0.29, "Tables (extension)" and "Task list items (extension)"), so
//! escaped pipes, inline code, emphasis and blank lines between blocks follow the spec. This
//! module only turns the event stream into plain text per cell or item.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

mod html;
mod items;
use html::html_words;
use items::{
    checklist_like, detail_of, finish_field, heading_name, record_bullet, record_task, task_of,
};

/// A GitHub table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// 1-based line of the header row.
    pub line: u32,
    /// The nearest heading above the table, if any.
    pub section: Option<String>,
    /// Header cells, as plain text.
    pub header: Vec<String>,
    /// Body rows, each with its 1-based line; cells as plain text (line breaks kept as `\n`).
    pub rows: Vec<(u32, Vec<String>)>,
}

/// One `- [ ]` / `- [x]` item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Task {
    /// 1-based line.
    pub line: u32,
    /// Ticked (`[x]`).
    pub done: bool,
    /// The bold text the item starts with, without a trailing colon ("Circuit breakers").
    pub label: Option<String>,
    /// The item's own text after that label (nested lists excluded).
    pub text: String,
    /// The task item this one is nested in, by its words, when it is nested.
    pub parent: Option<String>,
    /// Images in the item, as their alternative text (or address when it has none), in order;
    /// they are not part of the text.
    pub images: Vec<String>,
    /// True when the first thing in the item was an image (a badge such as "High").
    pub leading_image: bool,
    /// The words of the plain items (no checkbox) nested in this one, in order, a bold label
    /// kept as "Label: rest" ("- [ ] Monitoring" with "- Datadog for APM" under it).
    pub details: Vec<String>,
}

impl Task {
    /// Every visible word of the item: its bold label and the rest.
    pub fn words(&self) -> String {
        match &self.label {
            Some(label) if self.text.is_empty() => label.clone(),
            Some(label) => format!("{label} {}", self.text),
            None => self.text.clone(),
        }
    }
}

/// Consecutive task items under one heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskList {
    /// 1-based line of the first item.
    pub line: u32,
    /// The nearest heading above the list, if any.
    pub section: Option<String>,
    /// The items, in order.
    pub tasks: Vec<Task>,
}

/// A list item that starts with a bold label, e.g. `- **Owner:** Lucas`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// 1-based line.
    pub line: u32,
    /// The nearest heading above the item, if any.
    pub section: Option<String>,
    /// The bold text without its trailing colon, e.g. "Owner".
    pub label: String,
    /// The rest of the item; empty for a template placeholder such as `_(date)_`.
    pub value: String,
}

/// What one document holds, in document order per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The first heading of the document, if any.
    pub title: Option<String>,
    /// Every table.
    pub tables: Vec<Table>,
    /// Every run of task items.
    pub task_lists: Vec<TaskList>,
    /// Every bold-labelled list item.
    pub fields: Vec<Field>,
    /// Runs of plain bullets (no checkbox, no bold label) under a heading that reads like a
    /// checklist ("Launch checklist", "Before go-live"), offered for mapping rather than lost.
    pub bullet_lists: Vec<TaskList>,
    /// 1-based lines holding words that are in no table, task, offered bullet or labelled
    /// field: prose, quotes, code, plain lists under other headings, a list item's text after
    /// its nested list. In order, each line once. The plan names them in the import's summary,
    /// with the lines of the fields it has no place for.
    pub left_out: Vec<u32>,
}

/// A list item being read; items nest, so these form a stack.
#[derive(Default)]
struct Item {
    line: u32,
    task: Option<bool>,
    text: String,
    /// The bold text at the very start of the item, once its `Strong` ends.
    label: Option<String>,
    /// Inside a `Strong` that opened at the start of the item.
    in_label: bool,
    /// A nested list has started: later text is not the item's own.
    closed: bool,
    /// The whole value was emphasised, like the templates' `_(date)_` placeholders.
    emphasis_only: bool,
    /// Images met in the item: alternative text or address.
    images: Vec<String>,
    /// The item started with an image.
    leading_image: bool,
    /// The task was already recorded, when its nested list began (so it keeps its place
    /// before its children).
    emitted: bool,
    /// Where the recorded task is in `Document::task_lists` (list, task), once it is.
    recorded: Option<(usize, usize)>,
    /// For a plain item with a nested list (a numbered question with tasks under it): how
    /// many tasks the document had when its words became the context of the tasks nested in
    /// it, so its end can tell whether any took them.
    context_from: Option<usize>,
    /// The lines the item's own words are on.
    lines: Vec<u32>,
}

/// Where text events go.
enum Sink {
    None,
    Heading(String),
    Cell(String),
    /// Front matter (`---` YAML or `+++` TOML at the top), from its first line.
    Metadata(u32, String),
}

/// Parses `text` into its tables, task lists and labelled fields.
pub fn document(text: &str) -> Document {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| -> u32 {
        let index = line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    };
    // Front matter is metadata, as GitHub shows it, not a setext heading made of its keys.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut doc = Document::default();
    let mut section: Option<String> = None;
    // Open headings by level, for the parent of a repeated heading.
    let mut headings: Vec<(u8, String)> = Vec::new();
    let mut level = 0_u8;
    // The words of the task items whose nested lists are open.
    let mut parents: Vec<String> = Vec::new();
    // Tasks recorded so far.
    let mut recorded = 0_usize;
    // Open images: where their text starts in the text being collected, and their address.
    let mut images: Vec<(usize, String)> = Vec::new();
    let mut sink = Sink::None;
    let mut table: Option<Table> = None;
    let mut row: Vec<String> = Vec::new();
    let mut row_line = 0;
    let mut items: Vec<Item> = Vec::new();
    let mut last_task_section: Option<Option<String>> = None;
    let mut emphasis = 0_u32;
    // Open links: address and where the link text starts in the text being collected.
    let mut links: Vec<(String, usize)> = Vec::new();
    // Inside an HTML comment that began in an earlier piece of HTML.
    let mut in_comment = false;

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = line_of(range.start);
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                level = l as u8;
                sink = Sink::Heading(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Sink::Heading(heading) = std::mem::replace(&mut sink, Sink::None) {
                    let heading = heading_name(&heading);
                    doc.title.get_or_insert_with(|| heading.clone());
                    headings.retain(|(l, _)| *l < level);
                    // "Parent › Heading" for now; `unrepeated` keeps the parent only where the
                    // same heading stands under different parents.
                    section = Some(match headings.last() {
                        Some((_, parent)) => format!("{parent}{PATH_SEPARATOR}{heading}"),
                        None => heading.clone(),
                    });
                    headings.push((level, heading));
                    last_task_section = None;
                }
            }
            Event::Start(Tag::MetadataBlock(_)) => sink = Sink::Metadata(line, String::new()),
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Sink::Metadata(start, text) = std::mem::replace(&mut sink, Sink::None) {
                    front_matter(start, &text, &mut doc);
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    line,
                    section: section.clone(),
                    header: Vec::new(),
                    rows: Vec::new(),
                });
                last_task_section = None;
            }
            Event::End(TagEnd::Table) => doc.tables.extend(table.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row.clear();
                row_line = line;
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.header = std::mem::take(&mut row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push((row_line, std::mem::take(&mut row)));
                }
            }
            Event::Start(Tag::TableCell) => sink = Sink::Cell(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let Sink::Cell(cell) = std::mem::replace(&mut sink, Sink::None) {
                    row.push(cell.trim().to_owned());
                }
            }
            Event::Start(Tag::Item) => items.push(Item {
                line,
                emphasis_only: true,
                ..Item::default()
            }),
            Event::TaskListMarker(done) => {
                if let Some(item) = items.last_mut() {
                    item.task = Some(done);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = items.pop() {
                    let parent_task = items.last().and_then(|p| p.recorded);
                    let context_taken = item.context_from.map(|before| {
                        parents.pop();
                        recorded > before
                    });
                    if item.emitted {
                        parents.pop();
                    } else if item.task.is_some() {
                        let task = task_of(&item, parents.last());
                        record_task(task, &section, &mut last_task_section, &mut doc);
                        recorded += 1;
                    } else if context_taken == Some(true) {
                        // Its words are in the notes of the tasks under it ("Part of: …").
                    } else if let Some((list, at)) = parent_task {
                        // A plain item under a task is a detail of that task.
                        let words = detail_of(&item);
                        if !words.is_empty() {
                            doc.task_lists[list].tasks[at].details.push(words);
                        }
                    } else if item.label.as_deref().is_some_and(|l| !l.is_empty()) {
                        finish_field(item, &section, &mut doc);
                    } else if checklist_like(section.as_deref()) && !item.text.trim().is_empty() {
                        record_bullet(task_of(&item, None), &section, &mut doc);
                    } else {
                        doc.left_out.extend(item.lines);
                    }
                }
            }
            // A nested list ends the parent item's own text. A task is recorded now, so it
            // comes before its children, and its words become their context; so do a plain
            // item's, unless it is itself a detail of a task.
            Event::Start(Tag::List(_)) => {
                let under_task = items.len() >= 2 && items[items.len() - 2].recorded.is_some();
                if let Some(item) = items.last_mut() {
                    item.closed = true;
                    if item.task.is_none() && !under_task && item.context_from.is_none() {
                        let words = task_of(item, None).words();
                        if !words.is_empty() {
                            parents.push(words);
                            item.context_from = Some(recorded);
                        }
                    }
                    if item.task.is_some() && !item.emitted {
                        item.emitted = true;
                        let task = task_of(item, parents.last());
                        parents.push(task.words());
                        item.recorded = Some(record_task(
                            task,
                            &section,
                            &mut last_task_section,
                            &mut doc,
                        ));
                        recorded += 1;
                    }
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some(item) = open_item(&mut items, &sink) {
                    if item.text.trim().is_empty() && item.label.is_none() {
                        item.in_label = true;
                    }
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(item) = open_item(&mut items, &sink) {
                    if item.in_label {
                        item.in_label = false;
                        let label = std::mem::take(&mut item.text);
                        item.label = Some(label.trim().trim_end_matches(':').trim().to_owned());
                    }
                }
            }
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if let (Sink::None, Some(item)) = (&sink, items.last_mut()) {
                    if emphasis == 0 && !item.in_label && !t.trim().is_empty() {
                        item.emphasis_only = false;
                    }
                }
                note_line(&sink, &mut items, &mut doc.left_out, line, &t);
                push(&mut sink, &mut items, &t);
            }
            Event::SoftBreak => push(&mut sink, &mut items, " "),
            Event::HardBreak => push(&mut sink, &mut items, "\n"),
            // Literal HTML is markup, not words: a line break stays one, tags and comments go,
            // and the words between tags stay ("<summary>Old decisions</summary>").
            Event::InlineHtml(html) | Event::Html(html) => {
                let tag = html.trim().to_ascii_lowercase().replace(' ', "");
                if matches!(tag.as_str(), "<br>" | "<br/>") {
                    push(&mut sink, &mut items, "\n");
                } else {
                    let words = html_words(&html, &mut in_comment);
                    note_line(&sink, &mut items, &mut doc.left_out, line, &words);
                    push(&mut sink, &mut items, &words);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let at = text_of(&mut sink, &mut items).map_or(0, |t| t.len());
                if let (Sink::None, Some(item)) = (&sink, items.last_mut()) {
                    if item.text.trim().is_empty() && item.label.is_none() && item.images.is_empty()
                    {
                        item.leading_image = true;
                    }
                }
                images.push((at, dest_url.into_string()));
            }
            // An image is not words of the item: its alternative text is kept aside (a badge's
            // "High" may set a priority; the summary lists the others).
            Event::End(TagEnd::Image) => {
                if let Some((at, url)) = images.pop() {
                    let alt = text_of(&mut sink, &mut items)
                        .map(|text| text.split_off(at.min(text.len())))
                        .unwrap_or_default();
                    if let (Sink::None, Some(item)) = (&sink, items.last_mut()) {
                        let alt = alt.trim();
                        item.images
                            .push(if alt.is_empty() { url } else { alt.to_owned() });
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let at = text_of(&mut sink, &mut items).map_or(0, |t| t.len());
                links.push((dest_url.into_string(), at));
            }
            // A link keeps its address after its text, "runbook (https://…)", unless the
            // text already is the address.
            Event::End(TagEnd::Link) => {
                if let (Some((url, at)), Some(text)) = (links.pop(), text_of(&mut sink, &mut items))
                {
                    let shown = text.get(at..).unwrap_or("");
                    if !url.is_empty() && !shown.contains(url.as_str()) {
                        text.push_str(&format!(" ({url})"));
                    }
                }
            }
            _ => {}
        }
    }
    unrepeated(&mut doc);
    doc.left_out.sort_unstable();
    doc.left_out.dedup();
    doc
}

/// Reads front matter that starts on line `start` (its `---`): a `title` names the document
/// (`title: Launch plan`, `title = "Launch plan"`); every other line with words is left out.
fn front_matter(start: u32, text: &str, doc: &mut Document) {
    for (line, content) in (start + 1..).zip(text.lines()) {
        let title = content
            .split_once([':', '='])
            .filter(|(key, _)| key.trim().eq_ignore_ascii_case("title"))
            .map(|(_, value)| value.trim().trim_matches(['"', '\'']).trim())
            .filter(|value| !value.is_empty());
        match title {
            Some(title) if doc.title.is_none() => doc.title = Some(title.to_owned()),
            _ if content.trim().is_empty() => {}
            _ => doc.left_out.push(line),
        }
    }
}

/// Notes the line of words arriving outside a heading or table cell: on the open list item
/// (whose fate is known when it ends), or as left out when no item takes them.
fn note_line(sink: &Sink, items: &mut [Item], left_out: &mut Vec<u32>, line: u32, text: &str) {
    if text.trim().is_empty() || !matches!(sink, Sink::None) {
        return;
    }
    match items.last_mut() {
        Some(item) if !item.closed => item.lines.push(line),
        _ => left_out.push(line),
    }
}

/// Between a parent heading and a heading under it in a section's name.
pub const PATH_SEPARATOR: &str = " › ";

/// Shortens each block's "Parent › Heading" to "Heading" unless that heading stands under more
/// than one parent in the document (two "Best practices" sections stay apart).
fn unrepeated(doc: &mut Document) {
    let name = |path: &str| {
        path.rsplit(PATH_SEPARATOR)
            .next()
            .unwrap_or(path)
            .to_owned()
    };
    let mut parents: std::collections::HashMap<String, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    let sections = doc
        .tables
        .iter()
        .map(|t| &t.section)
        .chain(doc.task_lists.iter().map(|l| &l.section))
        .chain(doc.fields.iter().map(|f| &f.section))
        .chain(doc.bullet_lists.iter().map(|l| &l.section))
        .flatten();
    for path in sections {
        parents.entry(name(path)).or_default().insert(path.clone());
    }
    let shorten = |section: &mut Option<String>| {
        if let Some(path) = section.as_mut() {
            let bare = name(path);
            if parents.get(&bare).is_none_or(|set| set.len() < 2) {
                *path = bare;
            }
        }
    };
    doc.tables.iter_mut().for_each(|t| shorten(&mut t.section));
    doc.task_lists
        .iter_mut()
        .for_each(|l| shorten(&mut l.section));
    doc.fields.iter_mut().for_each(|f| shorten(&mut f.section));
    doc.bullet_lists
        .iter_mut()
        .for_each(|l| shorten(&mut l.section));
}

/// The innermost open list item, when text currently goes to list items.
fn open_item<'a>(items: &'a mut [Item], sink: &Sink) -> Option<&'a mut Item> {
    match sink {
        Sink::None => items.last_mut(),
        Sink::Heading(_) | Sink::Cell(_) | Sink::Metadata(..) => None,
    }
}

/// The text being collected: a heading, a table cell or the innermost list item.
fn text_of<'a>(sink: &'a mut Sink, items: &'a mut [Item]) -> Option<&'a mut String> {
    match sink {
        Sink::Heading(s) | Sink::Cell(s) | Sink::Metadata(_, s) => Some(s),
        Sink::None => items.last_mut().map(|item| &mut item.text),
    }
}

fn push(sink: &mut Sink, items: &mut [Item], text: &str) {
    // Text after a nested list (a loose list's trailing paragraph) is not the item's own.
    if matches!(sink, Sink::None) && items.last().is_some_and(|item| item.closed) {
        return;
    }
    if let Some(target) = text_of(sink, items) {
        target.push_str(text);
    }
}
