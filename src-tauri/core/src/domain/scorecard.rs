//! The readiness scorecard: pillars scored 1–5 against a target, the summary strip, milestones
//! (frozen scorecards), and the compare and trend views computed from them.
//!
//! Score levels follow PRODUCT.md: 1 Nonexistent, 2 Nascent, 3 Emerging, 4 Mature,
//! 5 Operationalized.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::date::optional_date;
use super::text::{bounded, required_line};
use crate::error::{CoreError, Result};

pub use super::milestone::{
    compare, with_risks, Change, ComparisonRow, Milestone, Trend, TrendLine,
};

/// Longest pillar name, in characters.
pub const PILLAR_NAME_MAX: usize = 120;
/// Longest pillar description, in characters.
pub const PILLAR_DESCRIPTION_MAX: usize = 500;
/// Longest evidence / notes text, in characters.
pub const EVIDENCE_MAX: usize = 4_000;
/// Longest internal note (pillars, gaps, table rows), in characters; for the team only,
/// never printed in a report for another audience.
pub const INTERNAL_NOTE_MAX: usize = 4_000;
/// Longest owner, in characters.
pub const OWNER_MAX: usize = 120;
/// Longest milestone name, in characters.
pub const MILESTONE_NAME_MAX: usize = 120;
/// The target a new pillar gets.
pub const DEFAULT_TARGET: u8 = 4;
/// The score from which a pillar counts as mature.
pub const MATURE: u8 = 4;

/// One level of the 1–5 scale with its name and meaning (seeded by migration 0002).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScoreLevel {
    /// 1 to 5.
    pub level: u8,
    /// "Nonexistent" … "Operationalized".
    pub name: String,
    /// What the level means, in one sentence.
    pub meaning: String,
}

/// Checks a score typed in the UI or read from a file: a whole number from 1 to 5.
///
/// # Errors
/// [`CoreError::Invalid`] for `field` for 0, 6, 2.5, NaN and the like.
pub fn score(field: &'static str, value: f64) -> Result<u8> {
    if value.fract() == 0.0 && (1.0..=5.0).contains(&value) {
        // The range check above makes the cast exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return Ok(value as u8);
    }
    Err(CoreError::invalid(
        field,
        format!("must be a whole number from 1 to 5 (got {value})"),
    ))
}

/// What the UI sends to add or change a pillar. Scores are numbers so that a bad value (2.5, 6)
/// reaches validation and gets a field error rather than failing to decode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PillarDraft {
    /// 1–120 characters, one line.
    pub name: String,
    /// At most 500 characters.
    #[serde(default)]
    pub description: String,
    /// 1–5, or absent when not scored yet.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub current_score: Option<f64>,
    /// 1–5; absent means the default, 4.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub target_score: Option<f64>,
    /// Evidence / notes, at most 4,000 characters.
    #[serde(default)]
    pub evidence: String,
    /// Owner, at most 120 characters.
    #[serde(default)]
    pub owner: String,
    /// Next checkpoint, `YYYY-MM-DD`; empty or absent for none.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub next_checkpoint: Option<String>,
    /// For the team only, at most 4,000 characters.
    #[serde(default)]
    pub internal_note: String,
}

/// A [`PillarDraft`] that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPillar {
    /// Trimmed name.
    pub name: String,
    /// Trimmed description.
    pub description: String,
    /// 1–5 or none.
    pub current_score: Option<u8>,
    /// 1–5.
    pub target_score: u8,
    /// Trimmed evidence.
    pub evidence: String,
    /// Trimmed owner.
    pub owner: String,
    /// Checkpoint date.
    pub next_checkpoint: Option<NaiveDate>,
    /// Trimmed internal note.
    pub internal_note: String,
}

impl ValidPillar {
    /// A pillar as a framework gives it: a name and description, not scored yet, with the
    /// default target.
    pub fn unscored(name: &str, description: &str) -> ValidPillar {
        ValidPillar {
            name: name.to_owned(),
            description: description.to_owned(),
            current_score: None,
            target_score: DEFAULT_TARGET,
            evidence: String::new(),
            owner: String::new(),
            next_checkpoint: None,
            internal_note: String::new(),
        }
    }
}

impl From<&Pillar> for ValidPillar {
    /// A stored pillar's fields, which passed validation when they were written.
    fn from(p: &Pillar) -> ValidPillar {
        ValidPillar {
            name: p.name.clone(),
            description: p.description.clone(),
            current_score: p.current_score,
            target_score: p.target_score,
            evidence: p.evidence.clone(),
            owner: p.owner.clone(),
            next_checkpoint: p.next_checkpoint,
            internal_note: p.internal_note.clone(),
        }
    }
}

impl PillarDraft {
    /// Checks every field.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the first bad field (`name`, `description`,
    /// `currentScore`, `targetScore`, `evidence`, `owner`, `nextCheckpoint`).
    pub fn validate(&self) -> Result<ValidPillar> {
        Ok(ValidPillar {
            name: required_line("name", &self.name, PILLAR_NAME_MAX)?,
            description: bounded("description", &self.description, PILLAR_DESCRIPTION_MAX)?,
            current_score: self
                .current_score
                .map(|s| score("currentScore", s))
                .transpose()?,
            target_score: self
                .target_score
                .map(|s| score("targetScore", s))
                .transpose()?
                .unwrap_or(DEFAULT_TARGET),
            evidence: bounded("evidence", &self.evidence, EVIDENCE_MAX)?,
            owner: bounded("owner", &self.owner, OWNER_MAX)?,
            next_checkpoint: optional_date("nextCheckpoint", self.next_checkpoint.as_deref())?,
            internal_note: bounded("internalNote", &self.internal_note, INTERNAL_NOTE_MAX)?,
        })
    }
}

/// One pillar of a project's scorecard (or, inside a milestone, as it was then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Pillar {
    /// Stable id; a milestone's copy keeps the id of the pillar it was taken from.
    pub id: Uuid,
    /// 0-based place in the scorecard.
    pub position: u32,
    /// Pillar name.
    pub name: String,
    /// What the pillar covers.
    pub description: String,
    /// 1–5, or none when not scored yet.
    pub current_score: Option<u8>,
    /// 1–5.
    pub target_score: u8,
    /// Evidence / notes.
    pub evidence: String,
    /// Owner.
    pub owner: String,
    /// Next checkpoint date.
    pub next_checkpoint: Option<NaiveDate>,
    /// For the team only; never printed in a report for another audience.
    pub internal_note: String,
}

impl Pillar {
    /// The editable fields, as a draft.
    pub fn draft(&self) -> PillarDraft {
        PillarDraft {
            name: self.name.clone(),
            description: self.description.clone(),
            current_score: self.current_score.map(f64::from),
            target_score: Some(f64::from(self.target_score)),
            evidence: self.evidence.clone(),
            owner: self.owner.clone(),
            next_checkpoint: self.next_checkpoint.map(|d| d.to_string()),
            internal_note: self.internal_note.clone(),
        }
    }
}

/// The summary strip above the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Summary {
    /// Number of pillars.
    pub pillars: u32,
    /// Mean current score of the scored pillars, or none when nothing is scored.
    pub average_current: Option<f64>,
    /// Scored pillars whose current score is below their target.
    pub below_target: u32,
    /// Pillars scored 4 (Mature) or above.
    pub at_or_above_mature: u32,
    /// Pillars not scored yet.
    pub not_scored: u32,
    /// Pillars whose next checkpoint date is before today.
    pub overdue_checkpoints: Vec<Uuid>,
}

impl Summary {
    /// Computes the strip for `pillars` as of `today`.
    pub fn of(pillars: &[Pillar], today: NaiveDate) -> Summary {
        let scored: Vec<u8> = pillars.iter().filter_map(|p| p.current_score).collect();
        let count = |f: &dyn Fn(&Pillar) -> bool| {
            u32::try_from(pillars.iter().filter(|p| f(p)).count()).unwrap_or(u32::MAX)
        };
        Summary {
            pillars: count(&|_| true),
            average_current: (!scored.is_empty()).then(|| {
                f64::from(scored.iter().map(|&s| u32::from(s)).sum::<u32>()) / scored.len() as f64
            }),
            below_target: count(&|p| p.current_score.is_some_and(|c| c < p.target_score)),
            at_or_above_mature: count(&|p| p.current_score.is_some_and(|c| c >= MATURE)),
            not_scored: count(&|p| p.current_score.is_none()),
            overdue_checkpoints: pillars
                .iter()
                .filter(|p| p.next_checkpoint.is_some_and(|d| d < today))
                .map(|p| p.id)
                .collect(),
        }
    }
}

/// Everything the scorecard screen shows, in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Scorecard {
    /// The pillars, in order.
    pub pillars: Vec<Pillar>,
    /// The summary strip, as of today.
    pub summary: Summary,
    /// The 1–5 legend.
    pub levels: Vec<ScoreLevel>,
    /// The latest milestone (by date), drawn dashed on the radar chart.
    pub last_milestone: Option<Milestone>,
}

/// What the Scorecard tab shows, read from one snapshot of the database: the scorecard, the
/// review of its lens questions (empty without a lens) and the revision they were read at, so
/// a tab kept while hidden knows whether anything was written since.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScorecardTab {
    /// The scorecard, with its summary as of the day asked for.
    pub scorecard: Scorecard,
    /// The questions with their answers and risks.
    pub review: super::review::Review,
    /// The database's revision at the read: how many write transactions it had committed
    /// (see `Store::revision`). Far below 2^53, so a JavaScript number holds it exactly.
    #[ts(type = "number")]
    pub revision: i64,
}

/// A pillar with a fresh id and no evidence, owner or checkpoint, for tests.
#[cfg(test)]
pub(crate) fn test_pillar(name: &str, current: Option<u8>, target: u8) -> Pillar {
    Pillar {
        id: Uuid::now_v7(),
        position: 0,
        name: name.into(),
        description: String::new(),
        current_score: current,
        target_score: target,
        evidence: String::new(),
        owner: String::new(),
        next_checkpoint: None,
        internal_note: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::test_pillar as pillar;

    #[test]
    fn scores_outside_one_to_five_or_fractional_are_field_errors() {
        for bad in [0.0, 6.0, 2.5, -1.0, f64::NAN] {
            let draft = PillarDraft {
                name: "Security".into(),
                current_score: Some(bad),
                ..Default::default()
            };
            assert_eq!(
                draft.validate().unwrap_err().field(),
                Some("currentScore"),
                "{bad}"
            );
            let draft = PillarDraft {
                name: "Security".into(),
                target_score: Some(bad),
                ..Default::default()
            };
            assert_eq!(
                draft.validate().unwrap_err().field(),
                Some("targetScore"),
                "{bad}"
            );
        }
        let ok = PillarDraft {
            name: "Security".into(),
            current_score: Some(5.0),
            ..Default::default()
        };
        let valid = ok.validate().unwrap();
        assert_eq!(
            (valid.current_score, valid.target_score),
            (Some(5), DEFAULT_TARGET)
        );
    }

    #[test]
    fn summary_counts_scored_unscored_mature_below_target_and_overdue() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let mut late = pillar("Ops", Some(2), 4);
        late.next_checkpoint = NaiveDate::from_ymd_opt(2026, 11, 20);
        let mut due_today = pillar("Docs", None, 4);
        due_today.next_checkpoint = Some(today);
        let pillars = [
            late.clone(),
            due_today,
            pillar("Sec", Some(4), 4),
            pillar("CI", Some(5), 4),
        ];
        let s = Summary::of(&pillars, today);
        assert_eq!(s.pillars, 4);
        assert_eq!(s.average_current, Some(11.0 / 3.0));
        assert_eq!(s.below_target, 1);
        assert_eq!(s.at_or_above_mature, 2);
        assert_eq!(s.not_scored, 1);
        assert_eq!(s.overdue_checkpoints, [late.id]);
        assert_eq!(Summary::of(&[], today).average_current, None);
    }
}
