//! Imports readiness docs kept as Markdown — such as the LaunchPad templates of the "Proof to
//! Production" series — into a project: tables recognised by their header row, `- [ ]`
//! checklists by the heading above them, and the compliance snapshot's bold-labelled items.
//!
//! The flow is read ([`read_sources`]) → parse ([`parse::document`], pulldown-cmark with the
//! GFM table and task-list extensions) → plan ([`plan::blocks`], pure and fully validated) →
//! write ([`crate::Store::import_markdown`], one transaction). What each table or list became
//! is returned as a [`MarkdownImport`] summary.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::domain::Project;
use crate::error::{CoreError, Result};

pub mod block;
pub mod columns;
pub mod csv_in;
pub mod dates;
pub mod encoding;
pub mod mapping;
pub mod parse;
pub mod plan;
#[cfg(test)]
mod round_trip_tests;
mod rows;
mod shapes;
mod tasks;
#[cfg(test)]
mod tests;
pub mod values;
#[cfg(test)]
mod wild_tests;

/// Largest Markdown file read, in bytes (readiness docs are a few kilobytes).
pub const FILE_MAX: u64 = 5 * 1024 * 1024;

/// One Markdown file's text and the name the summary shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's path relative to the folder it was found in, or its file name.
    pub name: String,
    /// The whole text.
    pub text: String,
    /// The legacy encoding the file was read in ("windows-1252", "Shift_JIS"), which the
    /// summary names; `None` for UTF-8 and UTF-16 with its byte-order mark, read as they are
    /// (see `encoding::decode`).
    pub encoding: Option<&'static str>,
}

/// Where imported content goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
#[ts(export)]
pub enum MarkdownTarget {
    /// An existing project, by id.
    Project(Uuid),
    /// A new project with this name.
    New(String),
}

/// What one table, checklist or snapshot became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportedBlock {
    /// File name as given or relative to the chosen folder.
    pub file: String,
    /// 1-based line where it starts.
    pub line: u32,
    /// The table's header row ("Pillar | Current Score (1‑5) | …") or the list it was.
    pub header: String,
    /// Where it went, e.g. "Readiness scorecard"; `None` when it was skipped.
    pub destination: Option<String>,
    /// Why it was skipped, when it was.
    pub skipped: Option<String>,
    /// For the one entry per file that names the words outside any table or list (prose,
    /// quotes, code, plain lists), which are not imported: the lines they are on, as
    /// "3, 24–26, 31". `None` for every other entry.
    pub left_out: Option<String>,
    /// Rows, pillars, gaps or controls added.
    pub added: u32,
    /// Existing ones changed.
    pub updated: u32,
    /// Ones already there exactly as imported.
    pub unchanged: u32,
    /// Things worth knowing: ignored columns, values read loosely, empty rows skipped.
    pub notes: Vec<String>,
}

/// The result of an import: the project and what went where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarkdownImport {
    /// The project imported into.
    pub project: Project,
    /// True when the import created it.
    pub created: bool,
    /// One entry per table, checklist or snapshot found, in file and line order.
    pub blocks: Vec<ImportedBlock>,
}

impl MarkdownImport {
    /// The summary as plain text, for the CLI: the blocks grouped by file, each with its line,
    /// what it became and its notes, then the counts per destination.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "Imported into \u{201c}{}\u{201d}{}:\n",
            self.project.name,
            if self.created { " (new project)" } else { "" }
        );
        let mut file: Option<&str> = None;
        let mut totals: Vec<(String, [u32; 3])> = Vec::new();
        for b in &self.blocks {
            if file != Some(b.file.as_str()) {
                out.push_str(&format!("  {}\n", b.file));
                file = Some(&b.file);
            }
            let header = shorten_header(&b.header);
            match &b.destination {
                Some(dest) => {
                    let counts = [b.added, b.updated, b.unchanged];
                    out.push_str(&format!(
                        "    line {}  {header} \u{2192} {dest}: {}\n",
                        b.line,
                        describe(counts)
                    ));
                    match totals.iter_mut().find(|(d, _)| d == dest) {
                        Some((_, sum)) => sum.iter_mut().zip(counts).for_each(|(s, n)| *s += n),
                        None => totals.push((dest.clone(), counts)),
                    }
                }
                None => match &b.left_out {
                    Some(lines) => out.push_str(&format!(
                        "    {} not imported: lines {lines}\n",
                        plan::LEFT_OUT_HEADER
                    )),
                    None => out.push_str(&format!(
                        "    line {}  {header} \u{2192} skipped: {}\n",
                        b.line,
                        b.skipped.as_deref().unwrap_or("")
                    )),
                },
            }
            for note in &b.notes {
                out.push_str(&format!("        note: {note}\n"));
            }
        }
        let totals: Vec<String> = totals
            .iter()
            .map(|(dest, counts)| format!("{dest}: {}", describe(*counts)))
            .collect();
        if !totals.is_empty() {
            out.push_str(&format!("  In all: {}\n", totals.join("; ")));
        }
        out
    }
}

/// 1-based lines, sorted, as runs: `[3, 24, 25, 26, 31]` → "3, 24–26, 31".
pub fn line_ranges(lines: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &line in lines {
        match runs.last_mut() {
            Some((_, end)) if line == *end + 1 => *end = line,
            _ => runs.push((line, line)),
        }
    }
    runs.iter()
        .map(|&(start, end)| match end - start {
            0 => start.to_string(),
            1 => format!("{start}, {end}"),
            _ => format!("{start}\u{2013}{end}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2 added, 1 updated, 3 already there", or "nothing to import".
fn describe([added, updated, there]: [u32; 3]) -> String {
    let parts: Vec<String> = [
        (added, "added"),
        (updated, "updated"),
        (there, "already there"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        "nothing to import".to_owned()
    } else {
        parts.join(", ")
    }
}

/// A header for one summary line: cut after 60 characters, and quoted when it is a table's.
fn shorten_header(header: &str) -> String {
    let cut: String = header.chars().take(60).collect();
    let more = if cut.len() < header.len() {
        "\u{2026}"
    } else {
        ""
    };
    if header.contains(" | ") {
        format!("\u{201c}{cut}{more}\u{201d}")
    } else {
        format!("{cut}{more}")
    }
}

/// Markdown (`.md`, `.markdown`) and CSV (`.csv`) files are read; others are passed over.
fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "csv", "tsv"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

fn read_one(path: &Path, name: String) -> Result<Source> {
    let shown = path.display().to_string();
    let bytes =
        crate::files::read_capped(path, FILE_MAX, "a Markdown file").map_err(|e| match e {
            CoreError::InvalidFile { message, .. } => CoreError::invalid_file(&shown, message),
            other => CoreError::invalid_file(&shown, format!("cannot read it: {other}")),
        })?;
    let (text, encoding) = encoding::decode(&bytes);
    Ok(Source {
        name,
        text,
        encoding,
    })
}

/// Markdown files under `dir`, depth first in name order, skipping hidden folders.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let shown = dir.display().to_string();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CoreError::invalid_file(&shown, format!("cannot list it: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if path.is_dir() && !hidden {
            walk(&path, out)?;
        } else if path.is_file() && is_markdown(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads the Markdown files named by `paths`: each path is a `.md` file or a folder whose
/// `.md` / `.markdown` files (in subfolders too, hidden folders skipped) are read in name
/// order. Files are named relative to the folder given.
///
/// # Errors
/// [`CoreError::InvalidFile`] for a path that does not exist, a file that is
/// over [`FILE_MAX`] bytes, or a folder without Markdown files.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    // The chosen path each source came from, in step with `sources`.
    let mut origins: Vec<PathBuf> = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            if files.is_empty() {
                return Err(CoreError::invalid_file(
                    shown,
                    "has no Markdown files (.md)",
                ));
            }
            for file in files {
                let name = file
                    .strip_prefix(path)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                sources.push(read_one(&file, name)?);
            }
        } else if path.is_file() {
            let name = path
                .file_name()
                .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
            sources.push(read_one(path, name)?);
        } else {
            return Err(CoreError::invalid_file(shown, "no such file or folder"));
        }
        origins.resize(sources.len(), path.clone());
    }
    // Two files of the same name from different places (two chosen folders with a README.md
    // each) are told apart by the place they were chosen from.
    let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    for (source, origin) in sources.iter_mut().zip(&origins) {
        if names.iter().filter(|n| **n == source.name).count() > 1 {
            // A chosen folder is named by itself, a chosen file by the folder it is in.
            let folder = if origin.is_file() {
                origin.parent()
            } else {
                Some(origin.as_path())
            };
            let place = folder.and_then(Path::file_name).map_or_else(
                || origin.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            if !source.name.starts_with(&place) {
                source.name = format!("{place}/{}", source.name);
            }
        }
    }
    Ok(sources)
}

/// Parses and plans every source, in order.
///
/// # Errors
/// As [`plan::blocks`]: the first value that cannot be stored, at its file and line.
pub fn plan_sources(sources: &[Source]) -> Result<Vec<block::Block>> {
    plan_sources_with(sources, &PlanOptions::default())
}

/// As [`plan_sources`], with every table read as `table` when one is given.
///
/// # Errors
/// As [`plan_sources_with`].
pub fn plan_sources_as(
    sources: &[Source],
    table: Option<crate::table_export::ExportTable>,
) -> Result<Vec<block::Block>> {
    plan_sources_with(
        sources,
        &PlanOptions {
            table,
            mapping: None,
        },
    )
}

/// A source read as a document: a CSV file as one table, anything else as Markdown.
fn document_of(source: &Source) -> Result<parse::Document> {
    if csv_in::is_csv(&source.name) {
        csv_in::document(&source.name, &source.text)
    } else {
        Ok(parse::document(&source.text))
    }
}

/// The tables of `sources` that no header spelling (and no RACI shape) matches and `mapping`
/// does not name, for the import dialog's mapping step, each with a best guess.
///
/// # Errors
/// A CSV record that cannot be read, at its file and line.
pub fn unmatched_tables(
    sources: &[Source],
    mapping: Option<&mapping::Mapping>,
) -> Result<Vec<mapping::UnmatchedTable>> {
    let mut out = Vec::new();
    for source in sources {
        let doc = document_of(source)?;
        let bullets = doc.bullet_lists.iter().map(tasks::bullet_table);
        for table in doc.tables.iter().cloned().chain(bullets) {
            let table = &table;
            let known = columns::recognise(&table.header).is_some()
                || shapes::raci_rows(table).is_some()
                || mapping.is_some_and(|m| m.find(&table.header).is_some());
            if known {
                continue;
            }
            out.push(mapping::UnmatchedTable {
                file: source.name.clone(),
                line: table.line,
                header: table.header.clone(),
                rows: table
                    .rows
                    .iter()
                    .take(3)
                    .map(|(_, cells)| cells.clone())
                    .collect(),
                row_count: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
                guess: mapping::guess(&table.header),
            });
        }
    }
    Ok(out)
}

/// How to plan an import beyond recognising headers.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions<'a> {
    /// Read every table as this one (`import-csv --table gaps`).
    pub table: Option<crate::table_export::ExportTable>,
    /// The user's decisions for the tables it names (`--map MAPPING.json`, the dialog's
    /// mapping step).
    pub mapping: Option<&'a mapping::Mapping>,
}

/// As [`plan_sources`], with `options`. CSV sources (`.csv`) are read as one table each
/// ([`csv_in`]).
///
/// # Errors
/// As [`plan_sources`], and a CSV record that cannot be read, at its file and line.
pub fn plan_sources_with(
    sources: &[Source],
    options: &PlanOptions<'_>,
) -> Result<Vec<block::Block>> {
    if options.table == Some(crate::table_export::ExportTable::Questions) {
        return Err(CoreError::invalid(
            "table",
            "a questions table cannot be imported: review questions come with their lens \
             (frameworks import-lens) and answers travel in the project file",
        ));
    }
    let destination = options.table.map(|t| match t.kind() {
        Some(kind) => columns::Destination::Table(kind),
        None if t == crate::table_export::ExportTable::Scorecard => columns::Destination::Scorecard,
        None => columns::Destination::Gaps,
    });
    let mut blocks = Vec::new();
    for source in sources {
        let doc = document_of(source)?;
        let mut planned = plan::blocks_as(&source.name, &doc, destination, options.mapping)?;
        if let (Some(encoding), Some(first)) = (source.encoding, planned.first_mut()) {
            first.notes.insert(
                0,
                format!(
                    "the file is not UTF-8: read as {encoding}, the encoding it most likely \
                     is; check its accented letters"
                ),
            );
        }
        blocks.extend(planned);
    }
    Ok(blocks)
}
