//! Projects: one product's readiness plan, with its North Star, stage and life cycle
//! (active → archived → trash → deleted for good).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::framework::FrameworkId;
use super::text::{bounded, required_line};
use crate::error::{CoreError, Result};

/// Longest project name, in characters after trimming.
pub const NAME_MAX: usize = 120;
/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 2_000;
/// Longest North Star sentence, in characters.
pub const NORTH_STAR_MAX: usize = 280;
/// Longest leading metric, in characters.
pub const LEADING_METRIC_MAX: usize = 200;

/// How far along the product is, from PRODUCT.md's North Star.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Stage {
    /// Only an idea so far.
    #[default]
    Idea,
    /// A time-boxed proof of concept.
    ProofOfConcept,
    /// Used by a few real customers.
    Pilot,
    /// Open to a wider audience, not yet production.
    Beta,
    /// In production.
    Production,
}

impl Stage {
    /// Every stage, in life-cycle order.
    pub const ALL: [Stage; 5] = [
        Stage::Idea,
        Stage::ProofOfConcept,
        Stage::Pilot,
        Stage::Beta,
        Stage::Production,
    ];

    /// The id stored in the database (`proof_of_concept`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::ProofOfConcept => "proof_of_concept",
            Stage::Pilot => "pilot",
            Stage::Beta => "beta",
            Stage::Production => "production",
        }
    }

    /// The label shown to people ("proof of concept").
    pub fn label(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::ProofOfConcept => "proof of concept",
            Stage::Pilot => "pilot",
            Stage::Beta => "beta",
            Stage::Production => "production",
        }
    }

    /// Parses a stored id or a label typed on the command line (`proof-of-concept` too).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on the `stage` field for anything else.
    pub fn parse(value: &str) -> Result<Self> {
        let wanted = value.trim().to_lowercase().replace(['-', ' '], "_");
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == wanted)
            .ok_or_else(|| {
                CoreError::invalid(
                    "stage",
                    format!(
                        "unknown stage \"{value}\" (known: idea, proof-of-concept, pilot, beta, \
                     production)"
                    ),
                )
            })
    }
}

/// What a person types to create or edit a project. Every text is trimmed on save.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProjectDraft {
    /// Required, 1–120 characters after trimming, one line, unique (case-insensitively) among
    /// projects that are not in the trash.
    pub name: String,
    /// Optional, at most 2,000 characters.
    pub description: String,
    /// The product's stage.
    pub stage: Stage,
    /// One sentence defining "production-ready" for this product, at most 280 characters.
    pub north_star: String,
    /// The one metric pinned at the top, at most 200 characters.
    pub leading_metric: String,
}

/// A [`ProjectDraft`] that passed validation, with texts trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDraft {
    /// Trimmed name.
    pub name: String,
    /// The name's uniqueness key: trimmed and Unicode-lowercased ("ZOË" and "zoë" clash).
    pub name_key: String,
    /// Trimmed description.
    pub description: String,
    /// Stage.
    pub stage: Stage,
    /// Trimmed North Star sentence.
    pub north_star: String,
    /// Trimmed leading metric.
    pub leading_metric: String,
}

impl ProjectDraft {
    /// Checks every field and returns the trimmed values.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the first field that breaks its rule (`name`,
    /// `description`, `northStar`, `leadingMetric`).
    pub fn validate(&self) -> Result<ValidDraft> {
        let name = required_line("name", &self.name, NAME_MAX)?;
        Ok(ValidDraft {
            name_key: name_key(&name),
            name,
            description: bounded("description", &self.description, DESCRIPTION_MAX)?,
            stage: self.stage,
            north_star: bounded("northStar", &self.north_star, NORTH_STAR_MAX)?,
            leading_metric: bounded("leadingMetric", &self.leading_metric, LEADING_METRIC_MAX)?,
        })
    }
}

/// The key two names must not share: trimmed and lowercased with Unicode rules.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Project {
    /// UUID v7, stable across export and import.
    pub id: Uuid,
    /// Display name, 1–120 characters.
    pub name: String,
    /// Free description, possibly empty.
    pub description: String,
    /// The product's stage.
    pub stage: Stage,
    /// The North Star sentence, possibly empty.
    pub north_star: String,
    /// The leading metric, possibly empty.
    pub leading_metric: String,
    /// The framework the project's pillars came from.
    pub framework: FrameworkId,
    /// Whether this is the sample project created on first start.
    pub is_sample: bool,
    /// When the project was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When anything in the project last changed (UTC); lists sort by it, newest first.
    pub updated_at: DateTime<Utc>,
    /// When it was archived, while it is archived.
    pub archived_at: Option<DateTime<Utc>>,
    /// When it was moved to the trash, while it is there.
    pub trashed_at: Option<DateTime<Utc>>,
}

impl Project {
    /// Which list the project appears in.
    pub fn view(&self) -> ProjectView {
        if self.trashed_at.is_some() {
            ProjectView::Trash
        } else if self.archived_at.is_some() {
            ProjectView::Archived
        } else {
            ProjectView::Active
        }
    }
}

/// The three project lists of the sidebar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProjectView {
    /// Neither archived nor in the trash.
    #[default]
    Active,
    /// Archived (kept, out of the way), not in the trash.
    Archived,
    /// In the trash, waiting to be restored or deleted for good.
    Trash,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str) -> ProjectDraft {
        ProjectDraft {
            name: name.into(),
            ..ProjectDraft::default()
        }
    }

    #[test]
    fn name_is_trimmed_and_keyed_case_insensitively() {
        let valid = draft("  Zoë's Pilot  ").validate().unwrap();
        assert_eq!(valid.name, "Zoë's Pilot");
        assert_eq!(valid.name_key, name_key("ZOË'S PILOT"));
    }

    #[test]
    fn every_bounded_field_reports_itself() {
        let mut d = draft("ok");
        d.north_star = "x".repeat(NORTH_STAR_MAX + 1);
        assert_eq!(d.validate().unwrap_err().field(), Some("northStar"));
        let mut d = draft("ok");
        d.leading_metric = "x".repeat(LEADING_METRIC_MAX + 1);
        assert_eq!(d.validate().unwrap_err().field(), Some("leadingMetric"));
        let mut d = draft("ok");
        d.description = "x".repeat(DESCRIPTION_MAX + 1);
        assert_eq!(d.validate().unwrap_err().field(), Some("description"));
        assert_eq!(
            draft(&"n".repeat(NAME_MAX + 1))
                .validate()
                .unwrap_err()
                .field(),
            Some("name")
        );
    }

    #[test]
    fn stages_parse_from_ids_and_command_line_spellings() {
        assert_eq!(
            Stage::parse("proof-of-concept").unwrap(),
            Stage::ProofOfConcept
        );
        assert_eq!(
            Stage::parse("Proof of concept").unwrap(),
            Stage::ProofOfConcept
        );
        assert_eq!(Stage::parse("beta").unwrap(), Stage::Beta);
        assert!(Stage::parse("gamma").is_err());
    }
}
