//! Markdown and CSV of one table of a project, so founders can keep their readiness docs in
//! their own repository.
//!
//! Markdown follows GitHub's table syntax (GitHub Flavored Markdown spec, "Tables
//! (extension)"): a header row, a delimiter row, one row per line, `|` inside a cell escaped as
//! `\|` and line breaks written as `<br>`. CSV follows RFC 4180: a header row, fields quoted
//! when they hold a comma, quote or line break, and CRLF line ends (written by the `csv` crate).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::lens::Risk;
use crate::domain::review::FrozenAnswer;
use crate::domain::tables::TableKind;
use crate::error::{CoreError, Result};
use crate::report::ReportData;

/// A table that can be exported as Markdown or CSV.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ExportTable {
    /// The readiness scorecard's pillars.
    Scorecard,
    /// North Star alignment.
    Alignment,
    /// Stakeholder canvas.
    Stakeholders,
    /// The gap tracker.
    Gaps,
    /// Compliance: data inventory.
    DataInventory,
    /// Compliance: regulatory triggers.
    Triggers,
    /// Compliance: vendors and integrations.
    Vendors,
    /// Compliance: review history.
    Reviews,
    /// The review questions: pillar, question, practices in place, risk, note.
    Questions,
}

/// The format of a table export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum TableFormat {
    /// GitHub-flavoured Markdown table under a heading.
    Markdown,
    /// RFC 4180 CSV with a header row.
    Csv,
}

impl TableFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Markdown => "md",
            TableFormat::Csv => "csv",
        }
    }
}

impl ExportTable {
    /// Every table, in the order the app offers them.
    pub const ALL: [ExportTable; 9] = [
        ExportTable::Scorecard,
        ExportTable::Questions,
        ExportTable::Alignment,
        ExportTable::Stakeholders,
        ExportTable::Gaps,
        ExportTable::DataInventory,
        ExportTable::Triggers,
        ExportTable::Vendors,
        ExportTable::Reviews,
    ];

    /// The id used on the command line and in file names, e.g. `data-inventory`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportTable::Scorecard => "scorecard",
            ExportTable::Alignment => "alignment",
            ExportTable::Stakeholders => "stakeholders",
            ExportTable::Gaps => "gaps",
            ExportTable::DataInventory => "data-inventory",
            ExportTable::Triggers => "triggers",
            ExportTable::Vendors => "vendors",
            ExportTable::Reviews => "reviews",
            ExportTable::Questions => "questions",
        }
    }

    /// Parses an id from [`ExportTable::as_str`].
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `table` naming the allowed ids.
    pub fn parse(text: &str) -> Result<ExportTable> {
        ExportTable::ALL
            .into_iter()
            .find(|t| t.as_str() == text.trim())
            .ok_or_else(|| {
                let ids: Vec<_> = ExportTable::ALL.iter().map(|t| t.as_str()).collect();
                CoreError::invalid(
                    "table",
                    format!("must be one of {} (got \"{text}\")", ids.join(", ")),
                )
            })
    }

    /// The table's title, e.g. "Readiness scorecard".
    pub fn title(self) -> &'static str {
        match self {
            ExportTable::Scorecard => "Readiness scorecard",
            ExportTable::Gaps => "Gap tracker",
            ExportTable::Questions => "Review questions and risks",
            other => other.kind().map_or("", TableKind::title),
        }
    }

    /// The editable table this is, or `None` for the scorecard and the gap tracker.
    pub fn kind(self) -> Option<TableKind> {
        match self {
            ExportTable::Alignment => Some(TableKind::Alignment),
            ExportTable::Stakeholders => Some(TableKind::Stakeholders),
            ExportTable::DataInventory => Some(TableKind::DataInventory),
            ExportTable::Triggers => Some(TableKind::Triggers),
            ExportTable::Vendors => Some(TableKind::Vendors),
            ExportTable::Reviews => Some(TableKind::Reviews),
            ExportTable::Scorecard | ExportTable::Gaps | ExportTable::Questions => None,
        }
    }
}

/// A table as text: the header row and the body rows, each as long as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Column headings.
    pub header: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
}

/// "in_progress" → "In progress": the readable form of a stored id.
fn sentence(id: &str) -> String {
    let text = id.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The header the LaunchPad templates ("Proof to Production" series) give a column, so an
/// exported table reads like the template it came from and imports back; `None` for a
/// column the templates do not have (its app label is used).
fn template_heading(kind: TableKind, key: &str) -> Option<&'static str> {
    Some(match (kind, key) {
        (TableKind::Alignment, "goal") => "Goal / Outcome",
        (TableKind::Alignment, "successMetric") => "Success Metric",
        (TableKind::Alignment, "guardrail") => "Deadline / Guardrail",
        (TableKind::Alignment, "stakeholders") => "Stakeholders",
        (TableKind::Alignment, "risks") => "Risks & Mitigations",
        (TableKind::Stakeholders, "stakeholder") => "Stakeholder / Role",
        (TableKind::Stakeholders, "whyTheyCare") => "Why They Care",
        (TableKind::Stakeholders, "success") => "What \u{201c}Success\u{201d} Looks Like",
        (TableKind::Stakeholders, "cadence") => "Communication Cadence & Channel",
        (TableKind::Stakeholders, "risks") => "Risks / Open Questions",
        (TableKind::DataInventory, "category") => "Data Category",
        (TableKind::DataInventory, "storage") => "Storage Location",
        (TableKind::DataInventory, "retention") => "Retention Policy",
        (TableKind::DataInventory, "access") => "Access Roles",
        (TableKind::Triggers, "standard") => "Standard / Law",
        (TableKind::Triggers, "why") => "Why It Applies (or Not)",
        (TableKind::Triggers, "controls") => "Required Controls",
        (TableKind::Triggers, "readiness") => "Current Readiness",
        (TableKind::Triggers, "proof") => "Proof / References",
        (TableKind::Triggers, "gaps") => "Gaps & Next Actions",
        (TableKind::Triggers, "reviewDate") => "Review Date",
        (TableKind::Vendors, "dataShared") => "Data Shared",
        (TableKind::Vendors, "verified") => "Compliance Status Verified?",
        (TableKind::Vendors, "actions") => "Action Items",
        (TableKind::Reviews, "findings") => "Key Changes / Findings",
        _ => return None,
    })
}

/// Adds the team's internal notes as a last column, "Internal Note" (exports leave them out
/// unless asked, since a table sent to someone else must not carry them).
fn with_internal_notes(grid: &mut Grid, data: &ReportData, table: ExportTable) {
    let notes: Vec<String> = match (table, table.kind()) {
        (ExportTable::Scorecard, _) => data
            .scorecard
            .pillars
            .iter()
            .map(|p| p.internal_note.clone())
            .collect(),
        (ExportTable::Gaps, _) => data
            .gaps
            .gaps
            .iter()
            .map(|g| g.internal_note.clone())
            .collect(),
        (_, Some(kind)) => data
            .rows(kind)
            .iter()
            .map(|r| r.internal_note.clone())
            .collect(),
        (_, None) => Vec::new(),
    };
    grid.header.push("Internal Note".to_owned());
    for (row, note) in grid
        .rows
        .iter_mut()
        .zip(notes.into_iter().chain(std::iter::repeat(String::new())))
    {
        row.push(note);
    }
}

/// The name of pillar `id` in `data`'s scorecard, or "" when there is none.
fn pillar_name(data: &ReportData, id: Option<uuid::Uuid>) -> String {
    data.scorecard
        .pillars
        .iter()
        .find(|p| Some(p.id) == id)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

/// The rows of `table` from a project's data, with the columns PRODUCT.md names under the
/// LaunchPad templates' headers.
pub fn grid(data: &ReportData, table: ExportTable) -> Grid {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match table {
        ExportTable::Scorecard => Grid {
            header: strings(&[
                "Pillar",
                "Current Score (1-5)",
                "Target Score",
                "Evidence / Notes",
                "Owner",
                "Next Checkpoint",
            ]),
            rows: data
                .scorecard
                .pillars
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        p.current_score.map(|s| s.to_string()).unwrap_or_default(),
                        p.target_score.to_string(),
                        p.evidence.clone(),
                        p.owner.clone(),
                        date(p.next_checkpoint),
                    ]
                })
                .collect(),
        },
        ExportTable::Gaps => {
            let pillar_name = |id| pillar_name(data, id);
            Grid {
                header: strings(&[
                    "Gap",
                    "Category",
                    "Priority",
                    "Status",
                    "Owner",
                    "Due Date",
                    "Pillar",
                    "Notes",
                    "Deferred Because",
                    "Revisit On",
                ]),
                rows: data
                    .gaps
                    .gaps
                    .iter()
                    .map(|g| {
                        let reason = g
                            .defer_reason
                            .map(|r| sentence(r.as_str()))
                            .unwrap_or_default();
                        let because = match (reason.is_empty(), g.defer_note.is_empty()) {
                            (false, false) => format!("{reason}: {}", g.defer_note),
                            _ => reason,
                        };
                        vec![
                            g.title.clone(),
                            g.category.clone(),
                            sentence(g.priority.as_str()),
                            sentence(g.status.as_str()),
                            g.owner.clone(),
                            date(g.due_date),
                            pillar_name(g.pillar_id),
                            g.notes.clone(),
                            because,
                            date(g.revisit_on),
                        ]
                    })
                    .collect(),
            }
        }
        ExportTable::Questions => Grid {
            header: strings(&["Pillar", "Question", "Practices in Place", "Risk", "Note"]),
            rows: data
                .review
                .questions
                .iter()
                .map(|q| {
                    let practices = if q.answer.none {
                        "None of these".to_owned()
                    } else {
                        FrozenAnswer::from(q).chosen.join("; ")
                    };
                    vec![
                        pillar_name(data, Some(q.pillar_id)),
                        q.question.title.trim().to_owned(),
                        practices,
                        q.risk.map_or("Unanswered", Risk::label).to_owned(),
                        q.answer.note.clone(),
                    ]
                })
                .collect(),
        },
        other => {
            let kind = other.kind().unwrap_or(TableKind::Alignment);
            let columns = kind.columns();
            Grid {
                header: columns
                    .iter()
                    .map(|c| template_heading(kind, c.key).unwrap_or(c.label).to_owned())
                    .collect(),
                rows: data
                    .tables
                    .get(&kind)
                    .into_iter()
                    .flatten()
                    .map(|row| {
                        columns
                            .iter()
                            .map(|c| row.cells.get(c.key).cloned().unwrap_or_default())
                            .collect()
                    })
                    .collect(),
            }
        }
    }
}

/// One cell as GitHub Markdown table text: `|` escaped, line breaks as `<br>`, trimmed.
pub fn markdown_cell(text: &str) -> String {
    text.trim()
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

fn markdown_row(cells: &[String]) -> String {
    let inner: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
    format!("| {} |\n", inner.join(" | "))
}

/// The table as a Markdown document: a `#` heading with the project and table names, then
/// the table. An empty table still has its header, so the file shows its columns.
pub fn to_markdown(project: &str, table: ExportTable, grid: &Grid) -> String {
    let mut out = format!("# {} — {}\n\n", markdown_cell(project), table.title());
    out.push_str(&markdown_row(&grid.header));
    out.push_str(&format!("|{}\n", "---|".repeat(grid.header.len())));
    for row in &grid.rows {
        out.push_str(&markdown_row(row));
    }
    out
}

/// The table as RFC 4180 CSV with a header row and CRLF line ends.
///
/// # Errors
/// [`CoreError::Report`] if the CSV writer fails (it writes to memory, so it does not).
pub fn to_csv(grid: &Grid) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| CoreError::Report {
        message: format!("cannot write CSV: {e}"),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(&grid.header).map_err(failed)?;
    for row in &grid.rows {
        writer
            .write_record(row.iter().map(|cell| defuse_formula(cell).into_owned()))
            .map_err(failed)?;
    }
    writer.into_inner().map_err(|e| CoreError::Report {
        message: format!("cannot write CSV: {e}"),
    })
}

/// The default file name of a table export, e.g. `northwind-pilot-data-inventory.md`.
pub fn file_name(project: &str, table: ExportTable, format: TableFormat) -> String {
    format!(
        "{}-{}.{}",
        crate::files::slug(project),
        table.as_str(),
        format.extension()
    )
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
/// `=`, `+`, `-`, `@`, and a leading tab or carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell that a spreadsheet shows as the text it is: one starting like a formula gets a
/// leading `'`, as OWASP recommends, so `=HYPERLINK(…)` in a gap title is never run. Markdown
/// and project files keep the text exact; [`restore_formula`] undoes this.
pub fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The text of a CSV cell written by [`defuse_formula`]: the `'` it added is taken off again,
/// so a CSV export read back (the CSV import) is exactly what was written.
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// The bytes of `table` in `format`; CSV cells that look like formulas are defused (see
/// [`defuse_formula`]).
///
/// # Errors
/// As [`to_csv`].
pub fn render(
    data: &ReportData,
    table: ExportTable,
    format: TableFormat,
    internal: bool,
) -> Result<Vec<u8>> {
    let mut grid = grid(data, table);
    if internal {
        with_internal_notes(&mut grid, data, table);
    }
    match format {
        TableFormat::Markdown => Ok(to_markdown(&data.project.name, table, &grid).into_bytes()),
        TableFormat::Csv => to_csv(&grid),
    }
}

#[cfg(test)]
mod tests;
