//! The review of a project's questions: answers (the practices in place, or none of them, and
//! a note), the risk each answer gives by its question's rules, and per pillar the risk counts
//! and a suggested score.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::gap::{GapDraft, Priority, CATEGORY_MAX, NOTES_MAX, TITLE_MAX};
use super::lens::{Choice, Question, Risk};
use super::text::bounded;
use crate::error::{CoreError, Result};

/// Longest note on an answer, in characters.
pub const NOTE_MAX: usize = 2_000;

/// An answer as typed: the practices in place, or `none` of them, and a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Answer {
    /// The ids of the choices in place, in the question's order.
    pub choices: Vec<String>,
    /// "None of these": no practice is in place.
    pub none: bool,
    /// Free text, at most 2,000 characters.
    pub note: String,
}

impl Answer {
    /// Checks an answer against its question: known choice ids (kept in the question's
    /// order, each once), not both choices and "none of these", a note within bounds.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `choices` or `note`.
    pub fn validate(&self, question: &Question) -> Result<Answer> {
        if let Some(unknown) = self
            .choices
            .iter()
            .find(|c| !question.choices.iter().any(|q| &q.id == *c))
        {
            return Err(CoreError::invalid(
                "choices",
                format!(
                    "\u{201c}{unknown}\u{201d} is not a choice of {} (its choices: {})",
                    question.id,
                    question
                        .choices
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if self.none && !self.choices.is_empty() {
            return Err(CoreError::invalid(
                "choices",
                "choose practices or \u{201c}None of these\u{201d}, not both",
            ));
        }
        let note = bounded("note", &self.note, NOTE_MAX)?;
        let chosen: HashSet<&str> = self.choices.iter().map(String::as_str).collect();
        Ok(Answer {
            choices: question
                .choices
                .iter()
                .filter(|c| chosen.contains(c.id.as_str()))
                .map(|c| c.id.clone())
                .collect(),
            none: self.none,
            note,
        })
    }

    /// Whether the question counts as answered: practices chosen, or none of them.
    pub fn is_answered(&self) -> bool {
        self.none || !self.choices.is_empty()
    }

    /// The risk this answer gives `question`, or `None` while unanswered.
    pub fn risk(&self, question: &Question) -> Option<Risk> {
        if !self.is_answered() {
            return None;
        }
        question.risk(&self.choices.iter().map(String::as_str).collect())
    }
}

/// One question of a project with its answer and risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewQuestion {
    /// The question row's id.
    pub id: Uuid,
    /// The pillar it belongs to.
    pub pillar_id: Uuid,
    /// The lens's definition.
    pub question: Question,
    /// The answer so far (empty when unanswered).
    pub answer: Answer,
    /// The risk by the question's rules, or `None` while unanswered.
    pub risk: Option<Risk>,
}

/// A question's answer as a milestone froze it: the words then, so later edits to the
/// question do not rewrite history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FrozenAnswer {
    /// The lens's id of the question.
    pub question_id: String,
    /// The pillar it was under.
    pub pillar_id: Uuid,
    /// The question's title then.
    pub title: String,
    /// The titles of the practices in place then, in the question's order.
    pub chosen: Vec<String>,
    /// "None of these".
    pub none: bool,
    /// The note then.
    pub note: String,
    /// The risk then, or `None` while unanswered.
    pub risk: Option<Risk>,
}

impl From<&ReviewQuestion> for FrozenAnswer {
    fn from(q: &ReviewQuestion) -> FrozenAnswer {
        FrozenAnswer {
            question_id: q.question.id.clone(),
            pillar_id: q.pillar_id,
            title: q.question.title.trim().to_owned(),
            chosen: q
                .question
                .choices
                .iter()
                .filter(|c| q.answer.choices.contains(&c.id))
                .map(|c| c.title.trim().to_owned())
                .collect(),
            none: q.answer.none,
            note: q.answer.note.clone(),
            risk: q.risk,
        }
    }
}

/// Where a question stood on one side of a comparison: `absent`, `unanswered`, or its risk in
/// the lens format's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum RiskState {
    /// The question was not there.
    #[serde(rename = "absent")]
    Absent,
    /// There, not answered.
    #[serde(rename = "unanswered")]
    Unanswered,
    /// Answered, no risk.
    #[serde(rename = "NO_RISK")]
    NoRisk,
    /// Answered, medium risk.
    #[serde(rename = "MEDIUM_RISK")]
    MediumRisk,
    /// Answered, high risk.
    #[serde(rename = "HIGH_RISK")]
    HighRisk,
}

impl RiskState {
    fn of(answer: Option<&FrozenAnswer>) -> RiskState {
        match answer.map(|a| a.risk) {
            None => RiskState::Absent,
            Some(None) => RiskState::Unanswered,
            Some(Some(Risk::NoRisk)) => RiskState::NoRisk,
            Some(Some(Risk::MediumRisk)) => RiskState::MediumRisk,
            Some(Some(Risk::HighRisk)) => RiskState::HighRisk,
        }
    }

    /// For people: "not asked", "unanswered", "High risk", …
    pub fn label(self) -> &'static str {
        match self {
            RiskState::Absent => "not asked",
            RiskState::Unanswered => "unanswered",
            RiskState::NoRisk => Risk::NoRisk.label(),
            RiskState::MediumRisk => Risk::MediumRisk.label(),
            RiskState::HighRisk => Risk::HighRisk.label(),
        }
    }
}

/// A question whose risk differs between two reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskChange {
    /// The lens's id of the question.
    pub question_id: String,
    /// Its title on the later side (or the earlier when it was removed).
    pub title: String,
    /// The earlier side.
    pub before: RiskState,
    /// The later side.
    pub after: RiskState,
}

/// The questions of `pillar` whose risk moved from `before` to `after` (matched by the lens's
/// question id), in the later order, then the questions only the earlier side had.
pub fn risk_changes(
    pillar: Uuid,
    before: &[FrozenAnswer],
    after: &[FrozenAnswer],
) -> Vec<RiskChange> {
    let find = |side: &[FrozenAnswer], id: &str| -> Option<FrozenAnswer> {
        side.iter().find(|a| a.question_id == id).cloned()
    };
    let later = after.iter().filter(|a| a.pillar_id == pillar);
    let gone = before
        .iter()
        .filter(|b| b.pillar_id == pillar && find(after, &b.question_id).is_none());
    later
        .chain(gone)
        .filter_map(|a| {
            let (b, l) = (find(before, &a.question_id), find(after, &a.question_id));
            let (before, after) = (RiskState::of(b.as_ref()), RiskState::of(l.as_ref()));
            (before != after).then(|| RiskChange {
                question_id: a.question_id.clone(),
                title: a.title.clone(),
                before,
                after,
            })
        })
        .collect()
}

/// A pillar's review at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PillarRisks {
    /// The pillar.
    pub pillar_id: Uuid,
    /// Questions answered with high risk.
    pub high: u32,
    /// With medium risk.
    pub medium: u32,
    /// With no risk.
    pub none: u32,
    /// Not answered yet.
    pub unanswered: u32,
    /// See [`suggested_score`].
    pub suggested: Option<u8>,
}

/// The score the answers suggest for a pillar, shown beside the user's own and never set by
/// itself: `1 + 4 × (no-risk + ½ medium-risk) ÷ answered`, rounded half up, so all no-risk
/// gives 5, all high-risk 1, and all medium 3. `None` before any question is answered.
pub fn suggested_score(none: u32, medium: u32, high: u32) -> Option<u8> {
    let answered = none + medium + high;
    if answered == 0 {
        return None;
    }
    // In whole numbers: 2 × answered × score = 2 × answered + 4 × (2 × no-risk + medium),
    // and adding `answered` before dividing by 2 × answered rounds half up.
    let twice_answered_score = 2 * answered + 4 * (2 * none + medium);
    let rounded = (twice_answered_score + answered) / (2 * answered);
    u8::try_from(rounded.clamp(1, 5)).ok()
}

/// The risk counts and suggested score of `pillar` from its questions.
pub fn pillar_risks(pillar: Uuid, questions: &[ReviewQuestion]) -> PillarRisks {
    let mut out = PillarRisks {
        pillar_id: pillar,
        high: 0,
        medium: 0,
        none: 0,
        unanswered: 0,
        suggested: None,
    };
    for q in questions.iter().filter(|q| q.pillar_id == pillar) {
        match q.risk {
            Some(Risk::HighRisk) => out.high += 1,
            Some(Risk::MediumRisk) => out.medium += 1,
            Some(Risk::NoRisk) => out.none += 1,
            None => out.unanswered += 1,
        }
    }
    out.suggested = suggested_score(out.none, out.medium, out.high);
    out
}

/// A project's review: every question with its answer and risk, and each pillar's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Review {
    /// The questions, by pillar order then question order.
    pub questions: Vec<ReviewQuestion>,
    /// Per pillar with questions, in scorecard order.
    pub pillars: Vec<PillarRisks>,
}

impl Review {
    /// The review of `questions` (by pillar order then question order), with each pillar's
    /// counts in the order its first question comes.
    pub fn of(questions: Vec<ReviewQuestion>) -> Review {
        let mut pillars: Vec<Uuid> = Vec::new();
        for q in &questions {
            if !pillars.contains(&q.pillar_id) {
                pillars.push(q.pillar_id);
            }
        }
        Review {
            pillars: pillars
                .into_iter()
                .map(|p| pillar_risks(p, &questions))
                .collect(),
            questions,
        }
    }

    /// The questions of `pillar`, in order.
    pub fn of_pillar(&self, pillar: Uuid) -> impl Iterator<Item = &ReviewQuestion> {
        self.questions.iter().filter(move |q| q.pillar_id == pillar)
    }
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
fn shortened(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = cut.rfind(' ').filter(|i| *i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// The gap for a practice not in place, from its improvement plan: titled by the plan (cut at
/// a word to the title's length; the whole plan is in the notes), in the pillar's category,
/// critical for a high-risk question and recommended for a medium one, linked to the pillar.
pub fn improvement_gap(
    question: &Question,
    choice: &Choice,
    pillar: (Uuid, &str),
    risk: Risk,
) -> GapDraft {
    let priority = match risk {
        Risk::HighRisk => Priority::Critical,
        Risk::MediumRisk | Risk::NoRisk => Priority::Recommended,
    };
    let plan = &choice.improvement_plan;
    let mut notes = format!(
        "Improvement plan for \u{201c}{}\u{201d} (review question {}: {}):\n{}",
        choice.title.trim(),
        question.id,
        question.title.trim(),
        plan.display_text.trim()
    );
    if let Some(url) = plan.url.as_deref().filter(|u| !u.trim().is_empty()) {
        notes.push_str(&format!("\n{}", url.trim()));
    }
    let mut gap = GapDraft::new(
        &shortened(&plan.display_text, TITLE_MAX),
        &shortened(pillar.1, CATEGORY_MAX),
        priority,
    );
    gap.notes = shortened(&notes, NOTES_MAX);
    gap.pillar_id = Some(pillar.0);
    gap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_improvement_plan_becomes_a_gap_of_the_pillar_with_the_risk_as_priority() {
        let json = serde_json::json!({
            "id": "ops_1", "title": "Can you roll back?",
            "choices": [{ "id": "drill", "title": "Rollback drilled",
                          "improvementPlan": { "displayText": format!("Run a rollback drill {}", "every quarter ".repeat(30)),
                                               "url": "https://example.com/drill" } }],
            "riskRules": [{ "condition": "default", "risk": "HIGH_RISK" }]
        });
        let q: Question = serde_json::from_value(json).unwrap();
        let pillar = Uuid::now_v7();
        let gap = improvement_gap(&q, &q.choices[0], (pillar, "Operations"), Risk::HighRisk);
        assert_eq!(gap.priority, Priority::Critical);
        assert_eq!(gap.category, "Operations");
        assert_eq!(gap.pillar_id, Some(pillar));
        assert!(gap.title.chars().count() <= TITLE_MAX, "{}", gap.title);
        let kept = gap.title.trim_end_matches('…');
        assert!(
            kept.ends_with("every") || kept.ends_with("quarter"),
            "cut at a word: {kept}"
        );
        assert!(
            gap.notes.contains("every quarter every quarter")
                && gap.notes.ends_with("https://example.com/drill")
        );
        assert!(gap.validate().is_ok());
        let medium = improvement_gap(&q, &q.choices[0], (pillar, "Operations"), Risk::MediumRisk);
        assert_eq!(medium.priority, Priority::Recommended);
    }

    fn frozen(id: &str, pillar: Uuid, risk: Option<Risk>) -> FrozenAnswer {
        FrozenAnswer {
            question_id: id.into(),
            pillar_id: pillar,
            title: format!("Question {id}"),
            chosen: Vec::new(),
            none: false,
            note: String::new(),
            risk,
        }
    }

    #[test]
    fn risk_changes_name_moved_added_and_removed_questions_of_the_pillar_only() {
        let (p, other) = (Uuid::now_v7(), Uuid::now_v7());
        let before = [
            frozen("a", p, Some(Risk::HighRisk)),
            frozen("b", p, Some(Risk::NoRisk)),
            frozen("gone", p, None),
            frozen("x", other, Some(Risk::HighRisk)),
        ];
        let after = [
            frozen("new", p, Some(Risk::MediumRisk)),
            frozen("a", p, Some(Risk::MediumRisk)),
            frozen("b", p, Some(Risk::NoRisk)),
            frozen("x", other, None),
        ];
        let changes = risk_changes(p, &before, &after);
        let seen: Vec<(&str, RiskState, RiskState)> = changes
            .iter()
            .map(|c| (c.question_id.as_str(), c.before, c.after))
            .collect();
        assert_eq!(
            seen,
            [
                ("new", RiskState::Absent, RiskState::MediumRisk),
                ("a", RiskState::HighRisk, RiskState::MediumRisk),
                ("gone", RiskState::Unanswered, RiskState::Absent),
            ]
        );
        assert_eq!(risk_changes(other, &before, &after).len(), 1);
        assert_eq!(RiskState::HighRisk.label(), "High risk");
    }

    #[test]
    fn the_suggested_score_runs_from_one_to_five_with_medium_as_half() {
        assert_eq!(suggested_score(0, 0, 0), None);
        assert_eq!(suggested_score(4, 0, 0), Some(5));
        assert_eq!(suggested_score(0, 0, 4), Some(1));
        assert_eq!(suggested_score(0, 3, 0), Some(3));
        // 1 + 4 × (1 + 0.5) / 3 = 3: one of each.
        assert_eq!(suggested_score(1, 1, 1), Some(3));
        // 1 + 4 × 1 / 2 = 3; 1 + 4 × 3 / 4 = 4; 1 + 4 × 0.5 / 4 = 1.5 → 2 (half up).
        assert_eq!(suggested_score(1, 0, 1), Some(3));
        assert_eq!(suggested_score(3, 0, 1), Some(4));
        assert_eq!(suggested_score(0, 1, 3), Some(2));
    }
}
