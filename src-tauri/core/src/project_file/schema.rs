//! The JSON Schema of the project file, generated from its Rust types with `schemars`.
//!
//! Field limits come from the domain's constants, enumerations from the domain's own lists
//! (`Stage::ALL`, `TableKind::columns`, …), so the schema cannot drift from the rules the
//! importer applies. `docs/project-file.schema.json` is this schema as committed; a test fails
//! when the two differ (`make bindings` rewrites it). Standard: JSON Schema draft 2020-12.

use schemars::{json_schema, Schema, SchemaGenerator};
use serde::Serialize;
use serde_json::Value;

use super::ProjectFile;
use crate::domain::gap::DeferReason;
use crate::domain::tables::{ColumnType, TableKind, CELL_MAX};
use crate::domain::{Decision, GapStatus, Priority, Stage};

/// The schema's `$id`: a stable name, not a place to download from (`.invalid` by RFC 2606).
pub const SCHEMA_ID: &str = "https://preflight.invalid/schemas/project-file-1.json";

/// A calendar date as the file writes it.
const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";

/// The schema of a project file, as committed in `docs/project-file.schema.json`.
pub fn project_file_schema() -> Value {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<ProjectFile>();
    schema.insert("$id".into(), SCHEMA_ID.into());
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    value
}

/// Joins the lines of each description taken from a doc comment into one line per paragraph,
/// as a reader of the schema expects ("between two\nexports" → "between two exports").
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    other => unwrap_descriptions(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// The schema as the committed file holds it: pretty JSON with a final newline.
///
/// # Panics
/// Never: a `Schema` is a JSON value and always serialises.
pub fn project_file_schema_text() -> String {
    let mut text =
        serde_json::to_string_pretty(&project_file_schema()).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// The serde spellings of `values`, for an `enum` keyword.
fn spellings<T: Serialize>(values: &[T]) -> Vec<Value> {
    values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .collect()
}

/// `stage`: one of [`Stage::ALL`].
pub(super) fn stage(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": spellings(&Stage::ALL) })
}

/// `decision`: one of [`Decision::ALL`].
pub(super) fn decision(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": spellings(&Decision::ALL) })
}

/// A gap's `priority`.
pub(super) fn priority(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": spellings(Priority::ALL) })
}

/// A frozen answer's `risk`: the lens format's spelling, or null while unanswered.
pub(super) fn risk(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": ["HIGH_RISK", "MEDIUM_RISK", "NO_RISK", null] })
}

/// A gap's `status`.
pub(super) fn status(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "enum": spellings(GapStatus::ALL) })
}

/// A gap's `deferReason`, or null.
pub(super) fn defer_reason(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "anyOf": [{ "enum": spellings(DeferReason::ALL) }, { "type": "null" }] })
}

/// A `YYYY-MM-DD` date that must be there.
pub(super) fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": DATE_PATTERN })
}

/// A `YYYY-MM-DD` date, or null or "" for none.
pub(super) fn optional_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "pattern": DATE_PATTERN },
            { "type": "null" },
            { "const": "" }
        ]
    })
}

/// An RFC 3339 time with a four-digit year from 1970 on (the importer's range).
pub(super) fn time(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "format": "date-time", "pattern": r"^\d{4}-" })
}

/// A time (RFC 3339), or null.
pub(super) fn optional_time(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "format": "date-time", "pattern": r"^\d{4}-" },
            { "type": "null" }
        ]
    })
}

/// A score 1–5, or null when not scored yet.
pub(super) fn optional_score(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [{ "type": "integer", "minimum": 1, "maximum": 5 }, { "type": "null" }]
    })
}

/// A score 1–5.
pub(super) fn score(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "minimum": 1, "maximum": 5 })
}

/// The rows of table `kind`: an id and the cells of its columns, each by its column type.
fn rows(kind: TableKind) -> Schema {
    let cells: serde_json::Map<String, Value> = kind
        .columns()
        .iter()
        .map(|column| {
            let cell = match column.column_type {
                ColumnType::Text => {
                    serde_json::json!({ "type": "string", "maxLength": CELL_MAX })
                }
                ColumnType::Date => serde_json::json!({
                    "anyOf": [{ "type": "string", "pattern": DATE_PATTERN }, { "const": "" }]
                }),
                ColumnType::Choice(options) => {
                    let mut options: Vec<Value> = options.iter().map(|&o| o.into()).collect();
                    options.push("".into());
                    serde_json::json!({ "enum": options })
                }
            };
            (column.key.to_owned(), cell)
        })
        .collect();
    json_schema!({
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["id"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "cells": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": cells,
                    "description": "Column key to text; a missing key is an empty cell. \
                                    Choices match ignoring case."
                }
            }
        }
    })
}

/// The North Star alignment rows.
pub(super) fn alignment(_: &mut SchemaGenerator) -> Schema {
    rows(TableKind::Alignment)
}

/// The stakeholder canvas rows.
pub(super) fn stakeholders(_: &mut SchemaGenerator) -> Schema {
    rows(TableKind::Stakeholders)
}

/// The data inventory rows.
pub(super) fn data_inventory(_: &mut SchemaGenerator) -> Schema {
    rows(TableKind::DataInventory)
}

/// The regulatory trigger rows.
pub(super) fn triggers(_: &mut SchemaGenerator) -> Schema {
    rows(TableKind::Triggers)
}

/// The vendor rows.
pub(super) fn vendors(_: &mut SchemaGenerator) -> Schema {
    rows(TableKind::Vendors)
}

/// The review history rows.
pub(super) fn reviews(_: &mut SchemaGenerator) -> Schema {
    rows(TableKind::Reviews)
}

#[cfg(test)]
mod tests {
    /// Set to rewrite `docs/project-file.schema.json` instead of comparing (`make bindings`).
    const UPDATE_ENV: &str = "PREFLIGHT_UPDATE_SCHEMA";

    #[test]
    fn committed_json_schema_is_generated_from_the_types() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/project-file.schema.json"
        );
        let generated = super::project_file_schema_text();
        if std::env::var_os(UPDATE_ENV).is_some() {
            std::fs::write(path, &generated).expect("write the schema");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/project-file.schema.json is out of date: run `make bindings` and commit it"
        );
    }
}
