//! Projects: one product's readiness plan, with its North Star, stage and life cycle
//! (active → archived → trash → deleted for good).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::date::optional_date;
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
/// Longest success criterion (a question the proof of concept must answer), in characters.
pub const CRITERION_MAX: usize = 500;
/// Most success criteria a project may list.
pub const CRITERIA_MAX: usize = 20;
/// Longest re-scoring rhythm, in weeks (a year).
pub const REVIEW_WEEKS_MAX: u8 = 52;

/// Checks a re-scoring rhythm: `None` (no rhythm) or 1–[`REVIEW_WEEKS_MAX`] weeks.
///
/// # Errors
/// [`CoreError::Invalid`] on `reviewEveryWeeks` for 0 or more than 52.
pub fn review_every_weeks(weeks: Option<u8>) -> Result<Option<u8>> {
    match weeks {
        Some(w) if !(1..=REVIEW_WEEKS_MAX).contains(&w) => Err(CoreError::invalid(
            "reviewEveryWeeks",
            format!("re-score every 1 to {REVIEW_WEEKS_MAX} weeks, not {w}"),
        )),
        other => Ok(other),
    }
}

/// What was decided at the end of a proof of concept's time box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Decision {
    /// Not decided yet; flagged once the time box has passed.
    #[default]
    Undecided,
    /// Go on towards production.
    Proceed,
    /// Change direction.
    Pivot,
    /// Stop.
    Abandon,
}

impl Decision {
    /// Every decision, in the order offered.
    pub const ALL: [Decision; 4] = [
        Decision::Undecided,
        Decision::Proceed,
        Decision::Pivot,
        Decision::Abandon,
    ];

    /// The id stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Undecided => "undecided",
            Decision::Proceed => "proceed",
            Decision::Pivot => "pivot",
            Decision::Abandon => "abandon",
        }
    }

    /// Parses a stored id.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `decision` for anything else.
    pub fn parse(value: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str() == value)
            .ok_or_else(|| CoreError::invalid("decision", format!("unknown decision \"{value}\"")))
    }
}

/// How far along the product is, from PRODUCT.md's North Star.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
    /// End of the proof of concept's time box, `YYYY-MM-DD` (empty or absent: none).
    #[serde(default)]
    #[ts(optional)]
    pub time_box_end: Option<String>,
    /// The proof of concept's outcome.
    #[serde(default)]
    #[ts(optional)]
    pub decision: Option<Decision>,
    /// The questions the proof of concept must answer; blank ones are dropped, at most 20 of
    /// at most 500 characters each.
    #[serde(default)]
    #[ts(optional)]
    pub success_criteria: Option<Vec<String>>,
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
    /// Time box end.
    pub time_box_end: Option<NaiveDate>,
    /// Decision.
    pub decision: Decision,
    /// Trimmed, non-blank success criteria.
    pub success_criteria: Vec<String>,
}

impl ProjectDraft {
    /// Checks every field and returns the trimmed values.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the first field that breaks its rule (`name`,
    /// `description`, `northStar`, `leadingMetric`, `timeBoxEnd`, `successCriteria`).
    pub fn validate(&self) -> Result<ValidDraft> {
        let name = required_line("name", &self.name, NAME_MAX)?;
        let criteria: Vec<String> = self
            .success_criteria
            .iter()
            .flatten()
            .map(|c| bounded("successCriteria", c, CRITERION_MAX))
            .filter(|c| c.as_ref().map_or(true, |c| !c.is_empty()))
            .collect::<Result<_>>()?;
        if criteria.len() > CRITERIA_MAX {
            return Err(CoreError::invalid(
                "successCriteria",
                format!(
                    "at most {CRITERIA_MAX} success criteria (got {})",
                    criteria.len()
                ),
            ));
        }
        Ok(ValidDraft {
            name_key: name_key(&name),
            name,
            description: bounded("description", &self.description, DESCRIPTION_MAX)?,
            stage: self.stage,
            north_star: bounded("northStar", &self.north_star, NORTH_STAR_MAX)?,
            leading_metric: bounded("leadingMetric", &self.leading_metric, LEADING_METRIC_MAX)?,
            time_box_end: optional_date("timeBoxEnd", self.time_box_end.as_deref())?,
            decision: self.decision.unwrap_or_default(),
            success_criteria: criteria,
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
    /// The framework the project's pillars came from (`eight-pillars`, `four-pillars`, or a
    /// custom framework's id).
    pub framework_id: String,
    /// End of the proof of concept's time box.
    pub time_box_end: Option<NaiveDate>,
    /// The proof of concept's outcome.
    pub decision: Decision,
    /// The questions the proof of concept must answer, in order.
    pub success_criteria: Vec<String>,
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
    /// The re-scoring rhythm: take a milestone every this many weeks (1–52); `None` for none.
    pub review_every_weeks: Option<u8>,
    /// Whether this project's items raise desktop reminders on this computer.
    pub reminders: bool,
}

impl Project {
    /// True when this is a proof of concept whose time box ended before `today` with no
    /// decision taken.
    pub fn time_box_overdue(&self, today: NaiveDate) -> bool {
        self.stage == Stage::ProofOfConcept
            && self.decision == Decision::Undecided
            && self.time_box_end.is_some_and(|end| end < today)
    }

    /// The editable fields, as a draft (for edits that change one part).
    pub fn draft(&self) -> ProjectDraft {
        ProjectDraft {
            name: self.name.clone(),
            description: self.description.clone(),
            stage: self.stage,
            north_star: self.north_star.clone(),
            leading_metric: self.leading_metric.clone(),
            time_box_end: self.time_box_end.map(|d| d.to_string()),
            decision: Some(self.decision),
            success_criteria: Some(self.success_criteria.clone()),
        }
    }

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
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
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
    fn success_criteria_are_trimmed_blank_ones_dropped_and_bounded() {
        let mut d = draft("ok");
        d.success_criteria = Some(vec!["  Can clinics book?  ".into(), " ".into()]);
        assert_eq!(
            d.validate().unwrap().success_criteria,
            ["Can clinics book?"]
        );
        d.success_criteria = Some(vec!["q".into(); CRITERIA_MAX + 1]);
        assert_eq!(d.validate().unwrap_err().field(), Some("successCriteria"));
        d.success_criteria = None;
        d.time_box_end = Some("2026-13-01".into());
        assert_eq!(d.validate().unwrap_err().field(), Some("timeBoxEnd"));
    }

    #[test]
    fn passed_time_box_without_decision_is_overdue_only_for_a_proof_of_concept() {
        let mut d = draft("ok");
        d.stage = Stage::ProofOfConcept;
        d.time_box_end = Some("2026-03-01".into());
        let v = d.validate().unwrap();
        let mut p = Project {
            id: Uuid::now_v7(),
            name: v.name,
            description: v.description,
            stage: v.stage,
            north_star: v.north_star,
            leading_metric: v.leading_metric,
            framework_id: "eight-pillars".into(),
            time_box_end: v.time_box_end,
            decision: v.decision,
            success_criteria: v.success_criteria,
            is_sample: false,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            archived_at: None,
            trashed_at: None,
            review_every_weeks: None,
            reminders: true,
        };
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(p.time_box_overdue(day("2026-03-02")));
        assert!(!p.time_box_overdue(day("2026-03-01")));
        p.decision = Decision::Proceed;
        assert!(!p.time_box_overdue(day("2026-03-02")));
        p.decision = Decision::Undecided;
        p.stage = Stage::Pilot;
        assert!(!p.time_box_overdue(day("2026-03-02")));
    }

    #[test]
    fn a_rhythm_is_one_to_fifty_two_weeks_or_none() {
        assert_eq!(review_every_weeks(None).unwrap(), None);
        assert_eq!(review_every_weeks(Some(1)).unwrap(), Some(1));
        assert_eq!(review_every_weeks(Some(52)).unwrap(), Some(52));
        for bad in [0, 53, 255] {
            let e = review_every_weeks(Some(bad)).unwrap_err();
            assert_eq!(e.field(), Some("reviewEveryWeeks"), "{bad}");
        }
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
