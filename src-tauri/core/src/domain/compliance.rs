//! Compliance notes: the review snapshot, the baseline controls checklist, and the starter
//! questions that suggest which regulatory triggers apply. A light scan, not legal advice.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::date::optional_date;
use super::text::{bounded, required_line};
use crate::error::Result;

/// Longest "next review" text (a date or a milestone such as "first paying customer").
pub const NEXT_REVIEW_MAX: usize = 120;
/// Longest owner, in characters.
pub const OWNER_MAX: usize = 120;
/// Longest control label, in characters.
pub const CONTROL_MAX: usize = 200;

/// The controls every project starts its checklist with.
pub const BASELINE_CONTROLS: [&str; 4] = [
    "HTTPS everywhere",
    "MFA on admin accounts",
    "Secrets kept out of the repository",
    "Database encrypted at rest and in transit",
];

/// When compliance was last reviewed, when it will be next, and by whom.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SnapshotDraft {
    /// `YYYY-MM-DD`, or empty.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_reviewed: Option<String>,
    /// A date (`YYYY-MM-DD`) or a milestone text, at most 120 characters.
    #[serde(default)]
    pub next_review: String,
    /// Owner, at most 120 characters.
    #[serde(default)]
    pub owner: String,
}

/// A validated [`SnapshotDraft`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSnapshot {
    /// Last review date.
    pub last_reviewed: Option<NaiveDate>,
    /// Next review: a date or a milestone text.
    pub next_review: String,
    /// Owner.
    pub owner: String,
}

impl SnapshotDraft {
    /// Checks the fields.
    ///
    /// # Errors
    /// [`crate::CoreError::Invalid`] on `lastReviewed`, `nextReview` or `owner`.
    pub fn validate(&self) -> Result<ValidSnapshot> {
        Ok(ValidSnapshot {
            last_reviewed: optional_date("lastReviewed", self.last_reviewed.as_deref())?,
            next_review: bounded("nextReview", &self.next_review, NEXT_REVIEW_MAX)?,
            owner: bounded("owner", &self.owner, OWNER_MAX)?,
        })
    }
}

/// The stored snapshot, with the overdue flag worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComplianceSnapshot {
    /// Last review date.
    pub last_reviewed: Option<NaiveDate>,
    /// Next review: a date or a milestone text.
    pub next_review: String,
    /// Owner.
    pub owner: String,
    /// True when the next review is a date before today.
    pub review_overdue: bool,
}

impl ComplianceSnapshot {
    /// Builds the snapshot as of `today`.
    pub fn new(
        last_reviewed: Option<NaiveDate>,
        next_review: String,
        owner: String,
        today: NaiveDate,
    ) -> Self {
        let review_overdue =
            NaiveDate::parse_from_str(next_review.trim(), "%Y-%m-%d").is_ok_and(|d| d < today);
        ComplianceSnapshot {
            last_reviewed,
            next_review,
            owner,
            review_overdue,
        }
    }
}

/// One item of the baseline controls checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BaselineControl {
    /// UUID.
    pub id: Uuid,
    /// 0-based order.
    pub position: u32,
    /// What is controlled, e.g. "MFA on admin accounts".
    pub label: String,
    /// Ticked.
    pub done: bool,
}

/// Checks a control label (1–200 characters, one line).
///
/// # Errors
/// [`crate::CoreError::Invalid`] on `label`.
pub fn control_label(label: &str) -> Result<String> {
    required_line("label", label, CONTROL_MAX)
}

/// The compliance notes' snapshot and checklist (the tables are loaded separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Compliance {
    /// Review snapshot.
    pub snapshot: ComplianceSnapshot,
    /// Baseline controls.
    pub controls: Vec<BaselineControl>,
}

/// Answers to the three starter questions, split into the facts that decide each trigger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StarterAnswers {
    /// Where are the users: EU residents use the product.
    pub eu_residents: bool,
    /// What data is stored: health data.
    pub health_data: bool,
    /// Payments or financial data are touched.
    pub payments: bool,
    /// Regulated industry: education (student records).
    pub education: bool,
    /// Regulated industry: children under 13 use it.
    pub children: bool,
    /// Government or enterprise customers who ask for audits.
    pub enterprise: bool,
}

/// A regulatory trigger the answers suggest, with a one-line reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TriggerSuggestion {
    /// The standard or law, e.g. "GDPR".
    pub standard: String,
    /// Why it likely applies.
    pub reason: String,
}

/// The triggers suggested by the starter questions of PRODUCT.md: EU residents → GDPR;
/// health data → HIPAA; payments → PCI DSS; education → FERPA; children → COPPA;
/// government or enterprise customers → SOC 2. Guidance, not legal advice.
pub fn suggest_triggers(a: &StarterAnswers) -> Vec<TriggerSuggestion> {
    let rules = [
        (
            a.eu_residents,
            "GDPR",
            "EU residents' personal data is collected or processed.",
        ),
        (
            a.health_data,
            "HIPAA",
            "Health information is stored or processed (for US patients).",
        ),
        (
            a.payments,
            "PCI DSS",
            "Payment card or financial data is handled or passes through.",
        ),
        (
            a.education,
            "FERPA",
            "Student education records are stored.",
        ),
        (
            a.children,
            "COPPA",
            "Children under 13 can use the product.",
        ),
        (
            a.enterprise,
            "SOC 2",
            "Government or enterprise customers will ask for audited controls.",
        ),
    ];
    rules
        .into_iter()
        .filter(|(applies, _, _)| *applies)
        .map(|(_, standard, reason)| TriggerSuggestion {
            standard: standard.to_owned(),
            reason: reason.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_suggest_their_triggers_with_reasons() {
        let a = StarterAnswers {
            eu_residents: true,
            payments: true,
            ..StarterAnswers::default()
        };
        let s: Vec<String> = suggest_triggers(&a)
            .into_iter()
            .map(|t| t.standard)
            .collect();
        assert_eq!(s, ["GDPR", "PCI DSS"]);
        assert!(suggest_triggers(&StarterAnswers::default()).is_empty());
    }

    #[test]
    fn review_is_overdue_only_for_a_past_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let snap = |next: &str| ComplianceSnapshot::new(None, next.into(), String::new(), today);
        assert!(snap("2026-11-20").review_overdue);
        assert!(!snap("2026-11-21").review_overdue);
        assert!(!snap("first paying customer").review_overdue);
    }

    #[test]
    fn snapshot_fields_are_checked() {
        let bad = SnapshotDraft {
            last_reviewed: Some("soon".into()),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field(), Some("lastReviewed"));
        let long = SnapshotDraft {
            next_review: "x".repeat(121),
            ..Default::default()
        };
        assert_eq!(long.validate().unwrap_err().field(), Some("nextReview"));
    }
}
