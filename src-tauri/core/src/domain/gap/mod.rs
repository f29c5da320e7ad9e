//! The gap tracker: what was deliberately skipped and must be added before production, the
//! decision filter that triages a gap, launch blockers, and the grouped overview.
//!
//! The decision filter follows PRODUCT.md: yes to "does it validate an architecture question?"
//! or "does omitting it make the results invalid?" → include now; otherwise yes to "can it be
//! added incrementally later?" → defer and track; otherwise → include now (hard to retrofit).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::date::optional_date;
use super::text::{bounded, required_line};
use crate::error::{CoreError, Result};

mod board;

pub use board::{
    CategoryProgress, GapBoard, GapBulkChange, GapCounts, GapRow, GapTemplate, GapTemplateItem,
    GapTracker, GapsChanged, LaunchBlockers, PriorityCounts,
};

/// Longest gap title, in characters.
pub const TITLE_MAX: usize = 200;
/// Longest category name, in characters.
pub const CATEGORY_MAX: usize = 60;
/// Longest notes, in characters.
pub const NOTES_MAX: usize = 4_000;
/// Longest owner, in characters.
pub const OWNER_MAX: usize = 120;
/// Longest text for the "other" deferral reason, in characters.
pub const DEFER_NOTE_MAX: usize = 500;

/// The built-in categories, in the order PRODUCT.md lists them; users may add their own.
pub const CATEGORIES: [&str; 11] = [
    "Architecture",
    "Configuration",
    "Data",
    "Infrastructure",
    "Security",
    "Reliability",
    "Observability",
    "Operations",
    "CI/CD",
    "Testing",
    "Documentation",
];

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The id stored in the database and used in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a stored id.
            ///
            /// # Errors
            /// [`CoreError::Invalid`] on `field` for an unknown id.
            pub fn parse(field: &'static str, value: &str) -> Result<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value).ok_or_else(|| {
                    CoreError::invalid(field, format!("unknown value \"{value}\""))
                })
            }
        }
    };
}

text_enum!(
    /// How much a gap matters before production.
    Priority {
        /// Must be done before launch; open critical gaps are launch blockers.
        Critical = "critical",
        /// Should be done before launch.
        Recommended = "recommended",
        /// Nice to have.
        Optional = "optional",
    }
);

text_enum!(
    /// Where a gap stands.
    GapStatus {
        /// Not started.
        Open = "open",
        /// Being worked on.
        InProgress = "in_progress",
        /// Closed.
        Done = "done",
        /// Consciously postponed, with a reason and a revisit date.
        Deferred = "deferred",
    }
);

text_enum!(
    /// Why a gap was deferred.
    DeferReason {
        /// Out of scope for now.
        OutOfScope = "out_of_scope",
        /// The business has other priorities.
        BusinessPriority = "business_priority",
        /// The architecture does not allow it yet.
        ArchitectureConstraint = "architecture_constraint",
        /// The risk is accepted.
        AcceptedRisk = "accepted_risk",
        /// Something else, said in the note.
        Other = "other",
    }
);

/// The decision filter's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    /// Build it now.
    IncludeNow,
    /// Defer it and keep tracking it.
    DeferAndTrack,
}

/// Applies the decision filter to the three answers (`None` = not answered yet). Returns
/// `None` until the answers given decide the verdict.
pub fn verdict(
    validates_architecture: Option<bool>,
    omission_invalidates: Option<bool>,
    incremental_later: Option<bool>,
) -> Option<Verdict> {
    if validates_architecture == Some(true) || omission_invalidates == Some(true) {
        return Some(Verdict::IncludeNow);
    }
    if validates_architecture.is_none() || omission_invalidates.is_none() {
        return None;
    }
    incremental_later.map(|later| {
        if later {
            Verdict::DeferAndTrack
        } else {
            Verdict::IncludeNow
        }
    })
}

/// What the UI sends to add or change a gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapDraft {
    /// 1–200 characters, one line.
    pub title: String,
    /// A built-in category or the user's own, 1–60 characters.
    pub category: String,
    /// Priority.
    pub priority: Priority,
    /// Status; `deferred` needs `deferReason` and `revisitOn`.
    pub status: GapStatus,
    /// Owner, at most 120 characters.
    #[serde(default)]
    pub owner: String,
    /// Due date, `YYYY-MM-DD`, or empty.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub due_date: Option<String>,
    /// Notes, at most 4,000 characters.
    #[serde(default)]
    pub notes: String,
    /// The pillar this gap belongs to, if any.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub pillar_id: Option<Uuid>,
    /// Why it was deferred (required when deferred).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub defer_reason: Option<DeferReason>,
    /// Free text for the reason "other" (required then), at most 500 characters.
    #[serde(default)]
    pub defer_note: String,
    /// When to look at a deferred gap again, `YYYY-MM-DD` (required when deferred).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub revisit_on: Option<String>,
    /// Decision filter: does it validate an architecture question?
    #[serde(default)]
    #[ts(optional = nullable)]
    pub validates_architecture: Option<bool>,
    /// Decision filter: does omitting it make the results invalid?
    #[serde(default)]
    #[ts(optional = nullable)]
    pub omission_invalidates: Option<bool>,
    /// Decision filter: can it be added incrementally later?
    #[serde(default)]
    #[ts(optional = nullable)]
    pub incremental_later: Option<bool>,
    /// For the team only, at most 4,000 characters.
    #[serde(default)]
    pub internal_note: String,
}

impl GapDraft {
    /// A new open gap with `title` in `category` at `priority`.
    pub fn new(title: &str, category: &str, priority: Priority) -> GapDraft {
        GapDraft {
            title: title.to_owned(),
            category: category.to_owned(),
            priority,
            status: GapStatus::Open,
            owner: String::new(),
            due_date: None,
            notes: String::new(),
            pillar_id: None,
            defer_reason: None,
            defer_note: String::new(),
            revisit_on: None,
            validates_architecture: None,
            omission_invalidates: None,
            incremental_later: None,
            internal_note: String::new(),
        }
    }
}

/// A [`GapDraft`] that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidGap {
    /// Trimmed title.
    pub title: String,
    /// Trimmed category.
    pub category: String,
    /// Priority.
    pub priority: Priority,
    /// Status.
    pub status: GapStatus,
    /// Trimmed owner.
    pub owner: String,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// Trimmed notes.
    pub notes: String,
    /// Linked pillar.
    pub pillar_id: Option<Uuid>,
    /// Deferral reason (kept only while deferred).
    pub defer_reason: Option<DeferReason>,
    /// Deferral note.
    pub defer_note: String,
    /// Revisit date (kept only while deferred).
    pub revisit_on: Option<NaiveDate>,
    /// Decision filter answers.
    pub answers: [Option<bool>; 3],
    /// Trimmed internal note.
    pub internal_note: String,
}

impl GapDraft {
    /// Checks every field and the deferral rule.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the field: `title`, `category`, `owner`, `dueDate`,
    /// `notes`, `deferReason` (missing when deferred), `deferNote` (missing for "other"),
    /// `revisitOn` (missing when deferred).
    pub fn validate(&self) -> Result<ValidGap> {
        let deferred = self.status == GapStatus::Deferred;
        let revisit_on = optional_date("revisitOn", self.revisit_on.as_deref())?;
        let defer_note = bounded("deferNote", &self.defer_note, DEFER_NOTE_MAX)?;
        if deferred {
            match self.defer_reason {
                None => {
                    return Err(CoreError::invalid(
                        "deferReason",
                        "is required to defer a gap",
                    ))
                }
                Some(DeferReason::Other) if defer_note.is_empty() => {
                    return Err(CoreError::invalid(
                        "deferNote",
                        "say why, for the reason \u{201c}other\u{201d}",
                    ));
                }
                Some(_) => {}
            }
            if revisit_on.is_none() {
                return Err(CoreError::invalid(
                    "revisitOn",
                    "a revisit date is required to defer a gap",
                ));
            }
        }
        Ok(ValidGap {
            title: required_line("title", &self.title, TITLE_MAX)?,
            category: required_line("category", &self.category, CATEGORY_MAX)?,
            priority: self.priority,
            status: self.status,
            owner: bounded("owner", &self.owner, OWNER_MAX)?,
            due_date: optional_date("dueDate", self.due_date.as_deref())?,
            notes: bounded("notes", &self.notes, NOTES_MAX)?,
            pillar_id: self.pillar_id,
            defer_reason: if deferred { self.defer_reason } else { None },
            defer_note: if deferred { defer_note } else { String::new() },
            revisit_on: if deferred { revisit_on } else { None },
            answers: [
                self.validates_architecture,
                self.omission_invalidates,
                self.incremental_later,
            ],
            internal_note: bounded(
                "internalNote",
                &self.internal_note,
                crate::domain::scorecard::INTERNAL_NOTE_MAX,
            )?,
        })
    }
}

/// A stored gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Gap {
    /// UUID v7.
    pub id: Uuid,
    /// 0-based order within the project.
    pub position: u32,
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// Priority.
    pub priority: Priority,
    /// Status.
    pub status: GapStatus,
    /// Owner.
    pub owner: String,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// Notes.
    pub notes: String,
    /// Linked pillar.
    pub pillar_id: Option<Uuid>,
    /// Why it was deferred.
    pub defer_reason: Option<DeferReason>,
    /// Text for the reason "other".
    pub defer_note: String,
    /// When to revisit a deferred gap.
    pub revisit_on: Option<NaiveDate>,
    /// Decision filter: validates an architecture question?
    pub validates_architecture: Option<bool>,
    /// Decision filter: omitting it makes results invalid?
    pub omission_invalidates: Option<bool>,
    /// Decision filter: can be added incrementally later?
    pub incremental_later: Option<bool>,
    /// The decision filter's verdict for the answers given.
    pub verdict: Option<Verdict>,
    /// For the team only; never printed in a report for another audience.
    pub internal_note: String,
    /// Last change (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Gap {
    /// Open or in progress.
    pub fn is_active(&self) -> bool {
        matches!(self.status, GapStatus::Open | GapStatus::InProgress)
    }

    /// A launch blocker: critical and still open or in progress.
    pub fn is_blocker(&self) -> bool {
        self.priority == Priority::Critical && self.is_active()
    }

    /// Still active with a due date before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_active() && self.due_date.is_some_and(|d| d < today)
    }

    /// Deferred with a revisit date before `today`.
    pub fn revisit_due(&self, today: NaiveDate) -> bool {
        self.status == GapStatus::Deferred && self.revisit_on.is_some_and(|d| d < today)
    }

    /// The editable fields, as a draft.
    pub fn draft(&self) -> GapDraft {
        GapDraft {
            title: self.title.clone(),
            category: self.category.clone(),
            priority: self.priority,
            status: self.status,
            owner: self.owner.clone(),
            due_date: self.due_date.map(|d| d.to_string()),
            notes: self.notes.clone(),
            pillar_id: self.pillar_id,
            defer_reason: self.defer_reason,
            defer_note: self.defer_note.clone(),
            revisit_on: self.revisit_on.map(|d| d.to_string()),
            validates_architecture: self.validates_architecture,
            omission_invalidates: self.omission_invalidates,
            incremental_later: self.incremental_later,
            internal_note: self.internal_note.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_filter_follows_the_rule() {
        use Verdict::{DeferAndTrack, IncludeNow};
        assert_eq!(verdict(Some(true), None, None), Some(IncludeNow));
        assert_eq!(verdict(None, Some(true), Some(true)), Some(IncludeNow));
        assert_eq!(
            verdict(Some(false), Some(false), Some(true)),
            Some(DeferAndTrack)
        );
        assert_eq!(
            verdict(Some(false), Some(false), Some(false)),
            Some(IncludeNow)
        );
        assert_eq!(verdict(Some(false), None, Some(true)), None);
        assert_eq!(verdict(Some(false), Some(false), None), None);
    }

    #[test]
    fn deferring_needs_a_reason_and_a_revisit_date() {
        let mut d = GapDraft::new("Tracing", "Observability", Priority::Optional);
        d.status = GapStatus::Deferred;
        assert_eq!(d.validate().unwrap_err().field(), Some("deferReason"));
        d.defer_reason = Some(DeferReason::Other);
        d.revisit_on = Some("2027-01-15".into());
        assert_eq!(d.validate().unwrap_err().field(), Some("deferNote"));
        d.defer_note = "Waiting for the vendor's SDK".into();
        d.revisit_on = None;
        assert_eq!(d.validate().unwrap_err().field(), Some("revisitOn"));
        d.revisit_on = Some("2027-01-15".into());
        assert!(d.validate().is_ok());
    }

    #[test]
    fn leaving_deferred_drops_the_reason_and_revisit_date() {
        let mut d = GapDraft::new("Tracing", "Observability", Priority::Optional);
        d.defer_reason = Some(DeferReason::AcceptedRisk);
        d.revisit_on = Some("2027-01-15".into());
        let v = d.validate().unwrap();
        assert_eq!((v.defer_reason, v.revisit_on), (None, None));
    }

    #[test]
    fn title_and_category_are_required_and_bounded() {
        let d = GapDraft::new(&"t".repeat(201), "Data", Priority::Critical);
        assert_eq!(d.validate().unwrap_err().field(), Some("title"));
        let d = GapDraft::new("ok", " ", Priority::Critical);
        assert_eq!(d.validate().unwrap_err().field(), Some("category"));
    }
}
