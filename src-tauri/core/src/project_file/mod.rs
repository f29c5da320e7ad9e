//! The project file: one project as versioned JSON, for moving a plan between machines and
//! keeping it in a repository.
//!
//! The format is documented for people in `docs/project-file.md` and for tools by the JSON
//! Schema in `docs/project-file.schema.json`; a test keeps the schema and these types in step.
//! Reading is strict: unknown fields are refused, every value is checked by the same domain
//! rules the app uses, and an error names the JSON path of the bad value
//! (`scorecard[3].target: must be a whole number from 1 to 5 (got 9)`).

mod read;
mod schema;
mod validate;
mod workshop;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::gap::{self, DeferReason};
use crate::domain::tables::Cells;
use crate::domain::{compliance, project, scorecard};
use crate::domain::{Decision, GapStatus, Priority, Stage};
use crate::error::{CoreError, Result};

pub use read::read_file;
pub use schema::{project_file_schema, project_file_schema_text, SCHEMA_ID};
pub use validate::{ValidFile, ValidMilestone, ValidQuestion};
pub use workshop::{FileConsensus, FileParticipant, FileVote, FileWorkshop, FileWorkshopPillar};

/// The value of the file's `format` field.
pub const FORMAT: &str = "preflight-project";
/// The format version this build writes. Version 2 added `workshops`, version 3 internal
/// notes (`internalNote` on pillars, gaps and table rows), version 4 the project's
/// re-scoring rhythm (`project.reviewEveryWeeks`), version 5 review questions and their
/// answers (`questions`), version 6 the review each milestone froze (`milestones[].answers`).
pub const VERSION: u64 = 6;
/// The oldest format version this build reads (version 1 files simply have no workshops).
pub const OLDEST_VERSION: u64 = 1;
/// Largest project file read, in bytes (64 MiB); a real plan is well under 1 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One project, as the file holds it. Field names are camelCase; arrays are in the order the
/// app shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "Preflight project file, version 6",
    description = "One Preflight project: North Star, readiness scorecard with milestones, gap \
                   tracker, alignment and stakeholder tables, and compliance notes. See \
                   docs/project-file.md."
)]
pub struct ProjectFile {
    /// Always `preflight-project`.
    #[schemars(extend("const" = FORMAT))]
    pub format: String,
    /// 6 for files this build writes; 1 to 5 are read too (files from before workshops,
    /// internal notes, the re-scoring rhythm, review questions and milestones' answers).
    #[schemars(extend("enum" = [1, 2, 3, 4, 5, VERSION]))]
    pub version: u64,
    /// When the file was written (RFC 3339, UTC); the only field that differs between two
    /// exports of an unchanged project.
    #[schemars(schema_with = "schema::time")]
    pub exported_at: DateTime<Utc>,
    /// The project's own fields.
    pub project: FileProject,
    /// The readiness scorecard's pillars (custom ones included), in order.
    #[serde(default)]
    pub scorecard: Vec<FilePillar>,
    /// Milestones, oldest first, each with its frozen pillars.
    #[serde(default)]
    pub milestones: Vec<FileMilestone>,
    /// The gap tracker's items, in order.
    #[serde(default)]
    pub gaps: Vec<FileGap>,
    /// The editable tables.
    #[serde(default)]
    pub tables: FileTables,
    /// The compliance snapshot and baseline controls.
    #[serde(default)]
    pub compliance: FileCompliance,
    /// Workshops, oldest first (version 2).
    #[serde(default)]
    pub workshops: Vec<FileWorkshop>,
    /// Review questions from an AWS custom lens, with their answers, by pillar then in order
    /// (version 5).
    #[serde(default)]
    pub questions: Vec<FileQuestion>,
}

/// A review question of the project and its answer (version 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileQuestion {
    /// The question row's UUID.
    pub id: Uuid,
    /// The pillar it belongs to: an id from `scorecard`.
    pub pillar_id: Uuid,
    /// The question as an AWS Well-Architected custom lens writes it: `id`, `title`,
    /// `description`, `helpfulResource`, `choices`, `riskRules`.
    pub question: serde_json::Value,
    /// The answer; empty when not answered.
    #[serde(default)]
    pub answer: FileAnswer,
    /// Gaps added from the improvement plans: the choice's id → the gap's id (from `gaps`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub improvement_gaps: BTreeMap<String, Uuid>,
}

/// An answer to a review question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileAnswer {
    /// The ids of the question's choices in place.
    #[serde(default)]
    pub choices: Vec<String>,
    /// "None of these".
    #[serde(default)]
    pub none: bool,
    /// A note, at most 2,000 characters.
    #[serde(default)]
    #[schemars(length(max = crate::domain::review::NOTE_MAX))]
    pub note: String,
}

/// The project's own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileProject {
    /// The project's UUID; importing it again finds the same project.
    pub id: Uuid,
    /// 1–120 characters.
    #[schemars(length(min = 1, max = project::NAME_MAX))]
    pub name: String,
    /// At most 2,000 characters.
    #[serde(default)]
    #[schemars(length(max = project::DESCRIPTION_MAX))]
    pub description: String,
    /// `idea`, `proof_of_concept`, `pilot`, `beta` or `production`.
    #[schemars(schema_with = "schema::stage")]
    pub stage: Stage,
    /// The North Star sentence.
    #[serde(default)]
    #[schemars(length(max = project::NORTH_STAR_MAX))]
    pub north_star: String,
    /// The leading metric.
    #[serde(default)]
    #[schemars(length(max = project::LEADING_METRIC_MAX))]
    pub leading_metric: String,
    /// The framework the pillars came from (`eight-pillars`, `four-pillars` or a custom id).
    #[schemars(length(min = 1, max = validate::FRAMEWORK_MAX))]
    pub framework: String,
    /// End of the proof of concept's time box, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    pub time_box_end: Option<String>,
    /// `undecided`, `proceed`, `pivot` or `abandon`.
    #[serde(default)]
    #[schemars(schema_with = "schema::decision")]
    pub decision: Decision,
    /// The proof of concept's success criteria, in order.
    #[serde(default)]
    #[schemars(length(max = project::CRITERIA_MAX), inner(length(max = project::CRITERION_MAX)))]
    pub success_criteria: Vec<String>,
    /// When the project was created (RFC 3339).
    #[schemars(schema_with = "schema::time")]
    pub created_at: DateTime<Utc>,
    /// Whether the project is archived.
    #[serde(default)]
    pub archived: bool,
    /// Re-score (take a milestone) every this many weeks, 1–52; null for no rhythm
    /// (version 4).
    #[serde(default)]
    #[schemars(range(min = 1, max = project::REVIEW_WEEKS_MAX))]
    pub review_every_weeks: Option<u8>,
}

/// A pillar of the scorecard, or of a milestone's frozen copy. Scores are JSON numbers so a
/// bad one (9, 2.5) reaches validation and gets a message with its path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilePillar {
    /// The pillar's UUID (milestones refer to pillars by it).
    pub id: Uuid,
    /// 1–120 characters.
    #[schemars(length(min = 1, max = scorecard::PILLAR_NAME_MAX))]
    pub name: String,
    /// At most 500 characters.
    #[serde(default)]
    #[schemars(length(max = scorecard::PILLAR_DESCRIPTION_MAX))]
    pub description: String,
    /// Current score 1–5, or null when not scored yet.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_score")]
    pub current: Option<serde_json::Number>,
    /// Target score 1–5.
    #[schemars(schema_with = "schema::score")]
    pub target: serde_json::Number,
    /// Evidence / notes.
    #[serde(default)]
    #[schemars(length(max = scorecard::EVIDENCE_MAX))]
    pub evidence: String,
    /// Owner.
    #[serde(default)]
    #[schemars(length(max = scorecard::OWNER_MAX))]
    pub owner: String,
    /// Next checkpoint, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    pub next_checkpoint: Option<String>,
    /// For the team only, at most 4,000 characters (version 3).
    #[serde(default)]
    #[schemars(length(max = scorecard::INTERNAL_NOTE_MAX))]
    pub internal_note: String,
}

/// A milestone: a named, dated, frozen copy of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileMilestone {
    /// The milestone's UUID.
    pub id: Uuid,
    /// 1–120 characters.
    #[schemars(length(min = 1, max = scorecard::MILESTONE_NAME_MAX))]
    pub name: String,
    /// The date it stands for, `YYYY-MM-DD`.
    #[schemars(schema_with = "schema::date")]
    pub taken_on: String,
    /// When it was taken (RFC 3339).
    #[schemars(schema_with = "schema::time")]
    pub created_at: DateTime<Utc>,
    /// The pillars as they were.
    #[serde(default)]
    pub pillars: Vec<FilePillar>,
    /// The review questions' answers as they were (version 6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<FileFrozenAnswer>,
}

/// A review question's answer as a milestone froze it (version 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileFrozenAnswer {
    /// The lens's id of the question, unique in the milestone.
    #[schemars(length(min = 1, max = crate::domain::lens::ID_MAX))]
    pub question_id: String,
    /// The pillar it was under: an id from the milestone's `pillars`.
    pub pillar_id: Uuid,
    /// The question's title then.
    #[schemars(length(min = 1, max = crate::domain::lens::TITLE_MAX))]
    pub title: String,
    /// The titles of the practices in place then.
    #[serde(default)]
    pub chosen: Vec<String>,
    /// "None of these".
    #[serde(default)]
    pub none: bool,
    /// The note then, at most 2,000 characters.
    #[serde(default)]
    #[schemars(length(max = crate::domain::review::NOTE_MAX))]
    pub note: String,
    /// `HIGH_RISK`, `MEDIUM_RISK`, `NO_RISK`, or null while unanswered.
    #[serde(default)]
    #[schemars(schema_with = "schema::risk")]
    pub risk: Option<String>,
}

/// A gap tracker item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileGap {
    /// The gap's UUID.
    pub id: Uuid,
    /// 1–200 characters.
    #[schemars(length(min = 1, max = gap::TITLE_MAX))]
    pub title: String,
    /// Category (Infrastructure, Security, …).
    #[schemars(length(min = 1, max = gap::CATEGORY_MAX))]
    pub category: String,
    /// `critical`, `recommended` or `optional`.
    #[schemars(schema_with = "schema::priority")]
    pub priority: Priority,
    /// `open`, `in_progress`, `done` or `deferred`.
    #[schemars(schema_with = "schema::status")]
    pub status: GapStatus,
    /// Owner.
    #[serde(default)]
    #[schemars(length(max = gap::OWNER_MAX))]
    pub owner: String,
    /// Due date, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    pub due_date: Option<String>,
    /// Notes.
    #[serde(default)]
    #[schemars(length(max = gap::NOTES_MAX))]
    pub notes: String,
    /// The scorecard pillar it belongs to: an `id` from `scorecard`.
    #[serde(default)]
    pub pillar_id: Option<Uuid>,
    /// Why it was deferred (required when deferred).
    #[serde(default)]
    #[schemars(schema_with = "schema::defer_reason")]
    pub defer_reason: Option<DeferReason>,
    /// Free text for the reason `other`.
    #[serde(default)]
    #[schemars(length(max = gap::DEFER_NOTE_MAX))]
    pub defer_note: String,
    /// When to look at a deferred gap again, `YYYY-MM-DD` (required when deferred).
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    pub revisit_on: Option<String>,
    /// Decision filter: does it validate the core architecture?
    #[serde(default)]
    pub validates_architecture: Option<bool>,
    /// Decision filter: would leaving it out invalidate the results?
    #[serde(default)]
    pub omission_invalidates: Option<bool>,
    /// Decision filter: can it be added incrementally later?
    #[serde(default)]
    pub incremental_later: Option<bool>,
    /// For the team only, at most 4,000 characters (version 3).
    #[serde(default)]
    #[schemars(length(max = scorecard::INTERNAL_NOTE_MAX))]
    pub internal_note: String,
}

/// One row of an editable table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileRow {
    /// The row's UUID.
    pub id: Uuid,
    /// Column key → text; missing keys are empty cells.
    #[serde(default, deserialize_with = "unique_cells")]
    pub cells: Cells,
    /// For the team only, at most 4,000 characters (version 3).
    #[serde(default)]
    #[schemars(length(max = scorecard::INTERNAL_NOTE_MAX))]
    pub internal_note: String,
}

/// The editable tables, each a list of rows in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileTables {
    /// North Star alignment.
    #[serde(default)]
    #[schemars(schema_with = "schema::alignment")]
    pub alignment: Vec<FileRow>,
    /// Stakeholder canvas.
    #[serde(default)]
    #[schemars(schema_with = "schema::stakeholders")]
    pub stakeholders: Vec<FileRow>,
    /// Compliance: data inventory.
    #[serde(default)]
    #[schemars(schema_with = "schema::data_inventory")]
    pub data_inventory: Vec<FileRow>,
    /// Compliance: regulatory triggers.
    #[serde(default)]
    #[schemars(schema_with = "schema::triggers")]
    pub triggers: Vec<FileRow>,
    /// Compliance: vendors and integrations.
    #[serde(default)]
    #[schemars(schema_with = "schema::vendors")]
    pub vendors: Vec<FileRow>,
    /// Compliance: review history.
    #[serde(default)]
    #[schemars(schema_with = "schema::reviews")]
    pub reviews: Vec<FileRow>,
}

/// A baseline control of the compliance notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileControl {
    /// 1–200 characters.
    #[schemars(length(min = 1, max = compliance::CONTROL_MAX))]
    pub label: String,
    /// Whether it is in place.
    #[serde(default)]
    pub done: bool,
}

/// The compliance snapshot and baseline controls.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileCompliance {
    /// Last review, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    pub last_reviewed: Option<String>,
    /// Next review: a date or a milestone text.
    #[serde(default)]
    #[schemars(length(max = compliance::NEXT_REVIEW_MAX))]
    pub next_review: String,
    /// Owner of the compliance notes.
    #[serde(default)]
    #[schemars(length(max = compliance::OWNER_MAX))]
    pub owner: String,
    /// Baseline controls, in order.
    #[serde(default)]
    pub controls: Vec<FileControl>,
}

/// Reads a row's cells, refusing a column key given twice (JSON parsers disagree on which one
/// wins, so neither may win silently).
fn unique_cells<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Cells, D::Error> {
    struct UniqueCells;
    impl<'de> serde::de::Visitor<'de> for UniqueCells {
        type Value = Cells;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of column key to text")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Cells, A::Error> {
            let mut cells = Cells::new();
            while let Some((key, text)) = map.next_entry::<String, String>()? {
                if cells.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("duplicate field `{key}`")));
                }
                cells.insert(key, text);
            }
            Ok(cells)
        }
    }
    deserializer.deserialize_map(UniqueCells)
}

impl FileTables {
    /// The rows of every table with their kind and JSON key, in the app's order.
    pub fn by_kind(&self) -> [(crate::domain::tables::TableKind, &'static str, &[FileRow]); 6] {
        use crate::domain::tables::TableKind as K;
        [
            (K::Alignment, "alignment", &self.alignment),
            (K::Stakeholders, "stakeholders", &self.stakeholders),
            (K::DataInventory, "dataInventory", &self.data_inventory),
            (K::Triggers, "triggers", &self.triggers),
            (K::Vendors, "vendors", &self.vendors),
            (K::Reviews, "reviews", &self.reviews),
        ]
    }

    /// Builds the tables from rows grouped by kind.
    pub fn from_kinds(
        mut rows: BTreeMap<crate::domain::tables::TableKind, Vec<FileRow>>,
    ) -> FileTables {
        use crate::domain::tables::TableKind as K;
        let mut take = |k| rows.remove(&k).unwrap_or_default();
        FileTables {
            alignment: take(K::Alignment),
            stakeholders: take(K::Stakeholders),
            data_inventory: take(K::DataInventory),
            triggers: take(K::Triggers),
            vendors: take(K::Vendors),
            reviews: take(K::Reviews),
        }
    }
}

impl ProjectFile {
    /// The file as pretty-printed JSON with a final newline (two-space indent, fields in a
    /// fixed order), so two exports of an unchanged project differ only in `exportedAt`.
    ///
    /// # Errors
    /// [`CoreError::Report`] if serialisation fails (it cannot for these types).
    pub fn to_json(&self) -> Result<String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| CoreError::Report {
            message: format!("cannot write the project file: {e}"),
        })?;
        text.push('\n');
        Ok(text)
    }
}

/// The default file name of a project file, e.g. `northwind-pilot-2026-11-21.preflight.json`.
pub fn file_name(project: &str, date: chrono::NaiveDate) -> String {
    format!("{}-{date}.preflight.json", crate::files::slug(project))
}

/// The time to record as `exportedAt`: now, to the second (fractions add nothing a person
/// reads and make the files noisier to compare).
pub fn export_time() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(0)
}

#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod workshop_tests;
