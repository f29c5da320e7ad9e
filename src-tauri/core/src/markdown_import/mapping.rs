//! The user's mapping of tables Preflight does not recognise (or places wrongly): for a table
//! with a given header row, which destination it goes to and which field each column fills.
//! Saved as JSON (`preflight import-md --map MAPPING.json`), documented in
//! `docs/markdown-import.md`:
//!
//! ```json
//! { "format": "preflight-mapping", "version": 1,
//!   "tables": [ { "header": ["Control", "Owner", "Done?"], "target": "gaps",
//!                 "columns": ["title", "owner", "status"] } ] }
//! ```
//!
//! A column mapped to `null` has no field of its own; its text goes into the row's notes with
//! its header, as for any recognised table.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::{self, key, Destination, Recognised};
use crate::domain::tables::TableKind;
use crate::error::{CoreError, Result};

/// The value of a mapping file's `format` field.
pub const FORMAT: &str = "preflight-mapping";
/// The mapping format version this build reads and writes.
pub const VERSION: u32 = 1;
/// Largest mapping file read, in bytes (1 MiB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where a mapped table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum MappingTarget {
    /// The readiness scorecard's pillars.
    Scorecard,
    /// The gap tracker.
    Gaps,
    /// North Star alignment rows.
    Alignment,
    /// Stakeholder canvas rows.
    Stakeholders,
    /// Data inventory rows.
    DataInventory,
    /// Regulatory trigger rows.
    Triggers,
    /// Vendor rows.
    Vendors,
    /// Review history rows.
    Reviews,
    /// Baseline controls: a `label` column and a `done` column.
    Controls,
    /// Not imported; the summary lists it as skipped by the mapping.
    Skip,
}

/// One table's mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct TableMapping {
    /// The header row as written; a table matches when its header is the same after
    /// normalising (case, spacing, quotes, hyphen look-alikes).
    pub header: Vec<String>,
    /// Where its rows go.
    pub target: MappingTarget,
    /// Per column, the field it fills (see [`fields_of`]), or `null` for the notes.
    pub columns: Vec<Option<String>>,
}

/// A mapping file: the user's decisions for the tables of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Mapping {
    /// Always [`FORMAT`].
    #[serde(default = "format")]
    pub format: String,
    /// Always [`VERSION`].
    #[serde(default = "version")]
    pub version: u32,
    /// The tables' mappings.
    #[serde(default)]
    pub tables: Vec<TableMapping>,
}

fn format() -> String {
    FORMAT.to_owned()
}

fn version() -> u32 {
    VERSION
}

/// The fields a target offers, as (key, label) in the order a form shows them. Empty for
/// [`MappingTarget::Skip`].
pub fn fields_of(target: MappingTarget) -> Vec<(&'static str, &'static str)> {
    match target {
        MappingTarget::Scorecard => vec![
            (key::PILLAR, "Pillar"),
            (key::CURRENT, "Current score"),
            (key::TARGET, "Target score"),
            (key::EVIDENCE, "Evidence / notes"),
            (key::OWNER, "Owner"),
            (key::CHECKPOINT, "Next checkpoint"),
        ],
        MappingTarget::Gaps => vec![
            (key::TITLE, "Title"),
            (key::CATEGORY, "Category"),
            (key::PRIORITY, "Priority"),
            (key::STATUS, "Status"),
            (key::OWNER, "Owner"),
            (key::DUE, "Due date"),
            (key::NOTES, "Notes"),
            (key::PILLAR, "Pillar"),
            (key::DEFERRED_BECAUSE, "Deferred because"),
            (key::REVISIT, "Revisit on"),
        ],
        MappingTarget::Controls => vec![("label", "Control"), ("done", "In place")],
        MappingTarget::Skip => Vec::new(),
        table => kind_of(table)
            .map(|kind| kind.columns().iter().map(|c| (c.key, c.label)).collect())
            .unwrap_or_default(),
    }
}

/// The editable table a target is, if it is one.
fn kind_of(target: MappingTarget) -> Option<TableKind> {
    match target {
        MappingTarget::Alignment => Some(TableKind::Alignment),
        MappingTarget::Stakeholders => Some(TableKind::Stakeholders),
        MappingTarget::DataInventory => Some(TableKind::DataInventory),
        MappingTarget::Triggers => Some(TableKind::Triggers),
        MappingTarget::Vendors => Some(TableKind::Vendors),
        MappingTarget::Reviews => Some(TableKind::Reviews),
        _ => None,
    }
}

/// What the planner does with a table the mapping names.
pub(super) enum Mapped {
    /// Rows go to a destination, with these fields per column.
    Rows(Recognised),
    /// Rows become baseline controls: the label's and the done column's index.
    Controls { label: usize, done: Option<usize> },
    /// The user chose not to import it.
    Skip,
}

impl Mapping {
    /// Reads and checks a mapping file's text.
    ///
    /// # Errors
    /// [`CoreError::InvalidFile`] with the JSON path of what is wrong: not a mapping, another
    /// version, an unknown field for its target, or a column count that does not match its
    /// header.
    pub fn parse(text: &str) -> Result<Mapping> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut json = serde_json::Deserializer::from_str(text);
        let mapping: Mapping = serde_path_to_error::deserialize(&mut json).map_err(|e| {
            let path = e.path().to_string();
            CoreError::invalid_file(if path == "." { "$" } else { &path }, e.inner().to_string())
        })?;
        mapping.checked()
    }

    /// The mapping, once its format, version, field names and column counts are checked (as
    /// for a file; the window's mapping step sends one too).
    ///
    /// # Errors
    /// As [`Mapping::parse`].
    pub fn checked(self) -> Result<Mapping> {
        let mapping = self;
        if mapping.format != FORMAT {
            return Err(CoreError::invalid_file(
                "format",
                format!("must be \"{FORMAT}\" (got \"{}\")", mapping.format),
            ));
        }
        if mapping.version != VERSION {
            return Err(CoreError::invalid_file(
                "version",
                format!("must be {VERSION} (got {})", mapping.version),
            ));
        }
        for (i, table) in mapping.tables.iter().enumerate() {
            if table.columns.len() != table.header.len() {
                return Err(CoreError::invalid_file(
                    format!("tables[{i}].columns"),
                    format!(
                        "has {} entries for a header of {} columns",
                        table.columns.len(),
                        table.header.len()
                    ),
                ));
            }
            let known = fields_of(table.target);
            // A pillar, a gap and a control are named by one column; without it the rows
            // would have nothing to be.
            let needed = match table.target {
                MappingTarget::Scorecard => Some(key::PILLAR),
                MappingTarget::Gaps => Some(key::TITLE),
                MappingTarget::Controls => Some("label"),
                _ => None,
            };
            if let Some(needed) = needed {
                if !table.columns.iter().any(|c| c.as_deref() == Some(needed)) {
                    return Err(CoreError::invalid_file(
                        format!("tables[{i}].columns"),
                        format!(
                            "must name the column that fills \"{needed}\" for {:?}",
                            table.target
                        ),
                    ));
                }
            }
            for (j, field) in table.columns.iter().enumerate() {
                if let Some(field) = field {
                    if !known.iter().any(|(k, _)| k == field) {
                        let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                        return Err(CoreError::invalid_file(
                            format!("tables[{i}].columns[{j}]"),
                            format!(
                                "\"{field}\" is not a field of {:?}; use one of {}",
                                table.target,
                                names.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        Ok(mapping)
    }

    /// Reads the mapping file at `path` (at most [`MAX_FILE_BYTES`]).
    ///
    /// # Errors
    /// As [`Mapping::parse`], and [`CoreError::Io`] or [`CoreError::InvalidFile`] when the file
    /// cannot be read.
    pub fn read(path: &std::path::Path) -> Result<Mapping> {
        let bytes = crate::files::read_capped(path, MAX_FILE_BYTES, "a mapping file")?;
        let text = String::from_utf8(bytes)
            .map_err(|e| CoreError::invalid_file("$", format!("not UTF-8 text: {e}")))?;
        Mapping::parse(&text)
    }

    /// The decision for a table with `header`, if the mapping has one.
    pub(super) fn find(&self, header: &[String]) -> Option<Mapped> {
        let wanted: Vec<String> = header.iter().map(|h| columns::normalise(h)).collect();
        let table = self.tables.iter().find(|t| {
            t.header.len() == wanted.len()
                && t.header
                    .iter()
                    .zip(&wanted)
                    .all(|(a, b)| columns::normalise(a) == *b)
        })?;
        let position = |field: &str| {
            table
                .columns
                .iter()
                .position(|c| c.as_deref() == Some(field))
        };
        Some(match table.target {
            MappingTarget::Skip => Mapped::Skip,
            // `checked` makes sure a controls mapping names its label column.
            MappingTarget::Controls => Mapped::Controls {
                label: position("label").unwrap_or(0),
                done: position("done"),
            },
            target => {
                let known = fields_of(target);
                let fields = table
                    .columns
                    .iter()
                    .map(|c| {
                        c.as_deref()
                            .and_then(|c| known.iter().find(|(k, _)| *k == c).map(|(k, _)| *k))
                    })
                    .collect();
                let destination = match target {
                    MappingTarget::Scorecard => Destination::Scorecard,
                    MappingTarget::Gaps => Destination::Gaps,
                    other => Destination::Table(kind_of(other)?),
                };
                Mapped::Rows(Recognised {
                    destination,
                    fields,
                })
            }
        })
    }
}

/// A table no header spelling matches, as the mapping step shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnmatchedTable {
    /// The file it is in, as the summary names it.
    pub file: String,
    /// 1-based line of its header row.
    pub line: u32,
    /// Its header cells.
    pub header: Vec<String>,
    /// Its first rows (at most three), for the preview.
    pub rows: Vec<Vec<String>>,
    /// How many body rows it has.
    pub row_count: u32,
    /// The best guess, to start from.
    pub guess: TableMapping,
}

/// A field a mapping target offers, for the mapping step's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldChoice {
    /// The key a mapping names it by, e.g. `owner`.
    pub key: String,
    /// Its label, e.g. "Owner".
    pub label: String,
}

/// A target and the fields it offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetChoice {
    /// The target.
    pub target: MappingTarget,
    /// Its name, e.g. "Gap tracker".
    pub label: String,
    /// Its fields, in form order.
    pub fields: Vec<FieldChoice>,
}

/// Every target with its fields, for the mapping step.
pub fn target_choices() -> Vec<TargetChoice> {
    use MappingTarget as T;
    [
        (T::Gaps, "Gap tracker"),
        (T::Scorecard, "Readiness scorecard"),
        (T::Alignment, "North Star alignment"),
        (T::Stakeholders, "Stakeholder canvas"),
        (T::DataInventory, "Data inventory"),
        (T::Triggers, "Regulatory triggers"),
        (T::Vendors, "Vendors & integrations"),
        (T::Reviews, "Review history"),
        (T::Controls, "Baseline controls"),
        (T::Skip, "Skip (do not import)"),
    ]
    .into_iter()
    .map(|(target, label)| TargetChoice {
        target,
        label: label.to_owned(),
        fields: fields_of(target)
            .into_iter()
            .map(|(key, label)| FieldChoice {
                key: key.to_owned(),
                label: label.to_owned(),
            })
            .collect(),
    })
    .collect()
}

/// A best guess for a table no header spelling matches: the target whose field names share
/// the most words with the header cells, each column mapped to the field it shares words with
/// (or none), and the first column to the target's main field when nothing took it.
pub fn guess(header: &[String]) -> TableMapping {
    let words = |text: &str| -> Vec<String> {
        columns::normalise(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_owned)
            .collect()
    };
    let cells: Vec<Vec<String>> = header.iter().map(|h| words(h)).collect();
    let mut best: Option<(usize, MappingTarget, Vec<Option<String>>)> = None;
    for choice in target_choices() {
        if choice.target == MappingTarget::Skip {
            continue;
        }
        let mut columns: Vec<Option<String>> = vec![None; header.len()];
        for field in &choice.fields {
            let field_words = words(&field.label);
            let found = cells.iter().enumerate().find(|(i, cell)| {
                columns[*i].is_none() && cell.iter().any(|w| field_words.contains(w))
            });
            if let Some((i, _)) = found {
                columns[i] = Some(field.key.clone());
            }
        }
        let score = columns.iter().flatten().count();
        if best.as_ref().is_none_or(|(n, _, _)| score > *n) {
            best = Some((score, choice.target, columns));
        }
    }
    let (_, target, mut columns) =
        best.unwrap_or((0, MappingTarget::Gaps, vec![None; header.len()]));
    if let Some((main, _)) = fields_of(target).first() {
        let taken = columns.iter().any(|c| c.as_deref() == Some(*main));
        if let Some(first @ None) = columns.first_mut().filter(|_| !taken) {
            *first = Some((*main).to_owned());
        }
    }
    TableMapping {
        header: header.to_vec(),
        target,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_names_fields_its_target_has_and_one_per_column() {
        let ok = r#"{"format": "preflight-mapping", "version": 1, "tables": [
            {"header": ["Control", "Owner", "Done?"], "target": "gaps",
             "columns": ["title", "owner", "status"]}]}"#;
        let mapping = Mapping::parse(ok).expect("valid");
        assert!(matches!(
            mapping.find(&["control".into(), "OWNER".into(), "Done".into()]),
            Some(Mapped::Rows(_))
        ));
        assert!(mapping.find(&["Control".into()]).is_none());
        let unknown = ok.replace("\"owner\", \"status\"", "\"owner\", \"colour\"");
        let err = Mapping::parse(&unknown).expect_err("unknown field");
        assert!(
            err.to_string()
                .starts_with("tables[0].columns[2]: \"colour\""),
            "{err}"
        );
        let untitled = ok.replace(
            "[\"title\", \"owner\", \"status\"]",
            "[null, \"owner\", \"status\"]",
        );
        let err = Mapping::parse(&untitled).expect_err("no title column");
        assert!(
            err.to_string()
                .contains("must name the column that fills \"title\""),
            "{err}"
        );
        let short = ok.replace("\"owner\", \"status\"", "\"owner\"");
        let err = Mapping::parse(&short).expect_err("column count");
        assert!(
            err.to_string()
                .starts_with("tables[0].columns: has 2 entries"),
            "{err}"
        );
    }
}
