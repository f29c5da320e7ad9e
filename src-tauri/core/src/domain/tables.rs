//! The editable tables of a project — North Star alignment, stakeholder canvas, and the
//! compliance notes' data inventory, regulatory triggers, vendors and review history — with
//! their columns as PRODUCT.md names them, and the rules their cells follow.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::date::optional_date;
use crate::error::{CoreError, Result};

/// Longest cell, in characters.
pub const CELL_MAX: usize = 4_000;

/// Which table a row belongs to. Across IPC and on the command line a table is spelled in
/// kebab case (`data-inventory`), like [`crate::table_export::ExportTable`]; the database
/// stores [`TableKind::as_str`] (`data_inventory`) and the project file uses camelCase keys
/// (`dataInventory`) like all its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum TableKind {
    /// North Star alignment: goals, metrics, guardrails, stakeholders, risks.
    Alignment,
    /// Stakeholder canvas.
    Stakeholders,
    /// Compliance: data inventory.
    DataInventory,
    /// Compliance: regulatory triggers.
    Triggers,
    /// Compliance: vendors and integrations.
    Vendors,
    /// Compliance: review history.
    Reviews,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case", tag = "type", content = "options")]
#[ts(export)]
pub enum ColumnType {
    /// Free, possibly multi-line text.
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// One of the listed values (shown as a coloured tag).
    Choice(&'static [&'static str]),
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Column {
    /// Stable key used in storage and files, e.g. `successMetric`.
    pub key: &'static str,
    /// Header as PRODUCT.md names it, e.g. "Success metric".
    pub label: &'static str,
    /// What goes in it, with an example, for the empty state and tooltips.
    pub hint: &'static str,
    /// What the cells hold.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
}

/// Data classifications of the data inventory.
pub const CLASSIFICATIONS: &[&str] = &["Public", "Operational", "PII", "PHI", "PCI", "Secret"];
/// Readiness of a regulatory trigger (green / amber / red).
pub const READINESS: &[&str] = &["ready", "partial", "missing"];
/// Whether a vendor's compliance was verified.
pub const YES_NO: &[&str] = &["yes", "no"];

const fn text(key: &'static str, label: &'static str, hint: &'static str) -> Column {
    Column {
        key,
        label,
        hint,
        column_type: ColumnType::Text,
    }
}

const ALIGNMENT: &[Column] = &[
    text(
        "goal",
        "Goal / outcome",
        "What should be true? e.g. Keep onboarding reliable during beta",
    ),
    text(
        "successMetric",
        "Success metric",
        "What proves it worked? e.g. 99% of requests succeed; p95 < 400 ms",
    ),
    text(
        "guardrail",
        "Deadline / guardrail",
        "Time and budget limits, e.g. Beta in 6 weeks; hosting €150/month",
    ),
    text(
        "stakeholders",
        "Stakeholders",
        "Who cares, e.g. Customer success, pilot sales lead",
    ),
    text(
        "risks",
        "Risks & mitigations",
        "e.g. Traffic spikes → synthetic monitoring and rate limits",
    ),
];

const STAKEHOLDERS: &[Column] = &[
    text(
        "stakeholder",
        "Stakeholder / role",
        "e.g. Customer success lead",
    ),
    text(
        "whyTheyCare",
        "Why they care",
        "e.g. Needs reliable onboarding to avoid churn",
    ),
    text(
        "success",
        "What success looks like",
        "e.g. < 2% onboarding failures; fixes within 1 hour",
    ),
    text(
        "cadence",
        "Communication cadence & channel",
        "e.g. Weekly update in Slack; monthly review call",
    ),
    text(
        "risks",
        "Risks / open questions",
        "e.g. Do international customers hit geo-specific issues?",
    ),
    text("owner", "Owner", "Who keeps this relationship, e.g. Teo"),
];

const DATA_INVENTORY: &[Column] = &[
    text("category", "Data category", "e.g. Customer email"),
    text("source", "Source", "e.g. Signup form"),
    text(
        "storage",
        "Storage location",
        "e.g. Postgres customers table",
    ),
    text(
        "retention",
        "Retention policy",
        "e.g. Delete inactive records after 12 months",
    ),
    text("access", "Access roles", "e.g. Support, Admin"),
    Column {
        key: "classification",
        label: "Classification",
        hint: "Public, Operational, PII, PHI, PCI or Secret",
        column_type: ColumnType::Choice(CLASSIFICATIONS),
    },
];

const TRIGGERS: &[Column] = &[
    text(
        "standard",
        "Standard / law",
        "e.g. GDPR, HIPAA, PCI DSS, SOC 2",
    ),
    text(
        "why",
        "Why it applies (or not)",
        "e.g. EU residents can sign up for the beta",
    ),
    text(
        "controls",
        "Required controls",
        "e.g. Data processing agreement, consent capture",
    ),
    Column {
        key: "readiness",
        label: "Readiness",
        hint: "ready (green), partial (amber) or missing (red)",
        column_type: ColumnType::Choice(READINESS),
    },
    text("proof", "Proof / references", "e.g. Link to the signed DPA"),
    text(
        "gaps",
        "Gaps & next actions",
        "e.g. Legal review of the DPA template",
    ),
    text("owner", "Owner", "e.g. Lucas"),
    Column {
        key: "reviewDate",
        label: "Review date",
        hint: "When to look again",
        column_type: ColumnType::Date,
    },
];

const VENDORS: &[Column] = &[
    text("vendor", "Vendor", "e.g. Payment processor"),
    text(
        "dataShared",
        "Data shared",
        "e.g. Billing metadata, no card numbers",
    ),
    Column {
        key: "verified",
        label: "Compliance verified",
        hint: "yes once you saw their SOC 2 report, DPA or equivalent",
        column_type: ColumnType::Choice(YES_NO),
    },
    text("actions", "Action items", "e.g. Re-check annually"),
];

const REVIEWS: &[Column] = &[
    Column {
        key: "date",
        label: "Date",
        hint: "When the review happened",
        column_type: ColumnType::Date,
    },
    text("reviewer", "Reviewer", "e.g. Bohdan"),
    text(
        "findings",
        "Key changes / findings",
        "e.g. Logged the GDPR trigger; scheduled DPA signing",
    ),
];

impl TableKind {
    /// Every table, in the order the app shows them.
    pub const ALL: [TableKind; 6] = [
        TableKind::Alignment,
        TableKind::Stakeholders,
        TableKind::DataInventory,
        TableKind::Triggers,
        TableKind::Vendors,
        TableKind::Reviews,
    ];

    /// The id stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Alignment => "alignment",
            TableKind::Stakeholders => "stakeholders",
            TableKind::DataInventory => "data_inventory",
            TableKind::Triggers => "triggers",
            TableKind::Vendors => "vendors",
            TableKind::Reviews => "reviews",
        }
    }

    /// Parses a stored id.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `kind` for anything else.
    pub fn parse(value: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| CoreError::invalid("kind", format!("unknown table \"{value}\"")))
    }

    /// The table's title.
    pub fn title(self) -> &'static str {
        match self {
            TableKind::Alignment => "North Star alignment",
            TableKind::Stakeholders => "Stakeholder canvas",
            TableKind::DataInventory => "Data inventory",
            TableKind::Triggers => "Regulatory triggers",
            TableKind::Vendors => "Vendors & integrations",
            TableKind::Reviews => "Review history",
        }
    }

    /// The table's columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            TableKind::Alignment => ALIGNMENT,
            TableKind::Stakeholders => STAKEHOLDERS,
            TableKind::DataInventory => DATA_INVENTORY,
            TableKind::Triggers => TRIGGERS,
            TableKind::Vendors => VENDORS,
            TableKind::Reviews => REVIEWS,
        }
    }
}

/// A table's definition as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TableSpec {
    /// Which table.
    pub kind: TableKind,
    /// Its title.
    pub title: &'static str,
    /// Its columns.
    pub columns: &'static [Column],
}

impl TableSpec {
    /// The definition of `kind`.
    pub fn of(kind: TableKind) -> TableSpec {
        TableSpec {
            kind,
            title: kind.title(),
            columns: kind.columns(),
        }
    }
}

/// Cells of one row: column key → text. Missing keys are empty cells.
pub type Cells = BTreeMap<String, String>;

/// Checks the cells of a row of `kind`: known columns only, each at most 4,000 characters,
/// choices from their list (matched ignoring case and stored in the list's spelling), dates as
/// `YYYY-MM-DD`. Returns the cells trimmed, without empty ones.
///
/// # Errors
/// [`CoreError::Invalid`] whose field is the column key, e.g. `classification`.
pub fn validate_cells(kind: TableKind, cells: &Cells) -> Result<Cells> {
    let columns = kind.columns();
    let mut clean = Cells::new();
    for (key, value) in cells {
        let column = columns.iter().find(|c| c.key == key).ok_or_else(|| {
            CoreError::invalid("cells", format!("{} has no column \"{key}\"", kind.title()))
        })?;
        let value = value.trim();
        let count = value.chars().count();
        if count > CELL_MAX {
            return Err(CoreError::invalid(
                column.key,
                format!("must be at most {CELL_MAX} characters (got {count})"),
            ));
        }
        if value.is_empty() {
            continue;
        }
        let stored = match column.column_type {
            ColumnType::Text => value.to_owned(),
            ColumnType::Date => optional_date(column.key, Some(value))?
                .map(|d| d.to_string())
                .unwrap_or_default(),
            ColumnType::Choice(options) => options
                .iter()
                .find(|o| o.eq_ignore_ascii_case(value))
                .map(|o| (*o).to_owned())
                .ok_or_else(|| {
                    CoreError::invalid(
                        column.key,
                        format!("must be one of {} (got \"{value}\")", options.join(", ")),
                    )
                })?,
        };
        clean.insert(key.clone(), stored);
    }
    Ok(clean)
}

/// One stored row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TableRow {
    /// UUID v7.
    pub id: Uuid,
    /// 0-based order within its table.
    pub position: u32,
    /// Column key → text.
    pub cells: Cells,
    /// For the team only; never printed in a report for another audience.
    pub internal_note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(pairs: &[(&str, &str)]) -> Cells {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn cells_are_trimmed_empty_ones_dropped_and_choices_normalised() {
        let clean = validate_cells(
            TableKind::DataInventory,
            &cells(&[
                ("category", " Email "),
                ("source", ""),
                ("classification", "pii"),
            ]),
        )
        .unwrap();
        assert_eq!(
            clean,
            cells(&[("category", "Email"), ("classification", "PII")])
        );
    }

    #[test]
    fn bad_cells_name_their_column() {
        let long = "x".repeat(CELL_MAX + 1);
        let err = validate_cells(TableKind::Alignment, &cells(&[("goal", &long)])).unwrap_err();
        assert_eq!(err.field(), Some("goal"));
        assert_eq!(err.message(), "must be at most 4000 characters (got 4001)");
        let err =
            validate_cells(TableKind::Triggers, &cells(&[("readiness", "green")])).unwrap_err();
        assert_eq!(err.field(), Some("readiness"));
        let err = validate_cells(TableKind::Reviews, &cells(&[("date", "yesterday")])).unwrap_err();
        assert_eq!(err.field(), Some("date"));
        let err = validate_cells(TableKind::Vendors, &cells(&[("price", "1")])).unwrap_err();
        assert_eq!(err.field(), Some("cells"));
    }

    #[test]
    fn every_column_has_a_hint_and_keys_are_unique() {
        for kind in TableKind::ALL {
            let cols = kind.columns();
            for (i, c) in cols.iter().enumerate() {
                assert!(!c.hint.is_empty(), "{}", c.key);
                assert!(cols[i + 1..].iter().all(|d| d.key != c.key), "{}", c.key);
            }
            assert_eq!(TableKind::parse(kind.as_str()).unwrap(), kind);
        }
    }
}
