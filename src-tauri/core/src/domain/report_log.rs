//! The log of reports sent to an audience other than the team, and what changed since the last
//! one: scores that moved, gaps closed and opened, new launch blockers, a changed decision.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::gap::{Gap, GapStatus};
use super::project::Decision;
use super::scorecard::Pillar;

/// One report written for an audience: what, for whom, and the fingerprint of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportSend {
    /// UUID v7.
    pub id: Uuid,
    /// The project reported on.
    pub project_id: Uuid,
    /// The audience's id (`board`, `auditor`, `customer` or a saved audience's).
    pub audience_id: String,
    /// The audience's name at the time.
    pub audience_name: String,
    /// Who it went to, as the user typed it (may be empty).
    pub recipient: String,
    /// The file's name (without its folder), or `-` for standard output.
    pub file_name: String,
    /// SHA-256 of the bytes written, 64 lower-case hex digits.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The date the report speaks for.
    pub as_of: NaiveDate,
    /// When it was written (UTC).
    pub sent_at: DateTime<Utc>,
    /// The milestone that froze the scorecard then; `None` once that milestone is deleted
    /// for good.
    pub milestone_id: Option<Uuid>,
}

/// A gap as it stood when a report was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapState {
    /// The gap's id.
    pub gap_id: Uuid,
    /// Its title then.
    pub title: String,
    /// Its status then.
    pub status: GapStatus,
    /// Whether it was a launch blocker then.
    pub blocker: bool,
}

impl GapState {
    /// The state of `gap` now.
    pub fn of(gap: &Gap) -> GapState {
        GapState {
            gap_id: gap.id,
            title: gap.title.clone(),
            status: gap.status,
            blocker: gap.is_blocker(),
        }
    }
}

/// A pillar whose current score moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreMove {
    /// The pillar's name now.
    pub pillar: String,
    /// The score then (`None`: not scored).
    pub before: Option<u8>,
    /// The score now (`None`: not scored).
    pub after: Option<u8>,
}

/// What changed since the last report to the same audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinceLast {
    /// The date the last report spoke for.
    pub last: NaiveDate,
    /// Who it went to (may be empty).
    pub recipient: String,
    /// Scores that moved, in scorecard order; empty when `scores_compared` is false.
    pub moved: Vec<ScoreMove>,
    /// False when the milestone of the last report was deleted for good.
    pub scores_compared: bool,
    /// Gaps that were open or in progress then and are done or gone now.
    pub closed: Vec<String>,
    /// Gaps open or in progress now that were not then (new, reopened, or back from deferral).
    pub opened: Vec<String>,
    /// Launch blockers now that were not then.
    pub new_blockers: Vec<String>,
    /// The proof-of-concept decision then and now, when it changed.
    pub decision: Option<(Decision, Decision)>,
}

impl SinceLast {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
            && self.closed.is_empty()
            && self.opened.is_empty()
            && self.new_blockers.is_empty()
            && self.decision.is_none()
    }
}

/// The last report as it was recorded: when, to whom, the scorecard then (`None` when its
/// milestone is gone), the gaps then, and the decision then.
pub struct LastReport<'a> {
    /// The date it spoke for.
    pub as_of: NaiveDate,
    /// Who it went to.
    pub recipient: &'a str,
    /// The pillars then.
    pub pillars: Option<&'a [Pillar]>,
    /// The gaps then.
    pub gaps: &'a [GapState],
    /// The decision then.
    pub decision: Decision,
}

/// Compares the last report with the project now. Pillars are matched by id, gaps by id.
pub fn since_last(
    last: &LastReport<'_>,
    pillars: &[Pillar],
    gaps: &[Gap],
    decision: Decision,
) -> SinceLast {
    let active = |s: GapStatus| matches!(s, GapStatus::Open | GapStatus::InProgress);
    let moved = last.pillars.map_or_else(Vec::new, |then| {
        let before: HashMap<Uuid, Option<u8>> =
            then.iter().map(|p| (p.id, p.current_score)).collect();
        pillars
            .iter()
            .filter_map(|p| {
                let was = *before.get(&p.id)?;
                (was != p.current_score).then(|| ScoreMove {
                    pillar: p.name.clone(),
                    before: was,
                    after: p.current_score,
                })
            })
            .collect()
    });
    let then: HashMap<Uuid, &GapState> = last.gaps.iter().map(|g| (g.gap_id, g)).collect();
    let now: HashMap<Uuid, &Gap> = gaps.iter().map(|g| (g.id, g)).collect();
    let closed = last
        .gaps
        .iter()
        .filter(|g| active(g.status))
        .filter(|g| {
            now.get(&g.gap_id)
                .is_none_or(|n| n.status == GapStatus::Done)
        })
        .map(|g| g.title.clone())
        .collect();
    let opened = gaps
        .iter()
        .filter(|g| active(g.status))
        .filter(|g| then.get(&g.id).is_none_or(|t| !active(t.status)))
        .map(|g| g.title.clone())
        .collect();
    let new_blockers = gaps
        .iter()
        .filter(|g| g.is_blocker())
        .filter(|g| then.get(&g.id).is_none_or(|t| !t.blocker))
        .map(|g| g.title.clone())
        .collect();
    SinceLast {
        last: last.as_of,
        recipient: last.recipient.to_owned(),
        moved,
        scores_compared: last.pillars.is_some(),
        closed,
        opened,
        new_blockers,
        decision: (last.decision != decision).then_some((last.decision, decision)),
    }
}

/// SHA-256 of `bytes` as 64 lower-case hex digits (FIPS 180-4, through the `sha2` crate).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::gap::Priority;

    fn pillar(id: Uuid, name: &str, score: Option<u8>) -> Pillar {
        Pillar {
            id,
            position: 0,
            name: name.into(),
            description: String::new(),
            current_score: score,
            target_score: 4,
            evidence: String::new(),
            owner: String::new(),
            next_checkpoint: None,
            internal_note: String::new(),
        }
    }

    fn gap(id: Uuid, title: &str, status: GapStatus, priority: Priority) -> Gap {
        Gap {
            id,
            position: 0,
            title: title.into(),
            category: "Security".into(),
            priority,
            status,
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
            verdict: None,
            internal_note: String::new(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn scores_gaps_blockers_and_the_decision_are_compared_by_id() {
        let (security, ops, added) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let then_pillars = [
            pillar(security, "Security", Some(2)),
            pillar(ops, "Ops", None),
        ];
        let now_pillars = [
            pillar(security, "Security posture", Some(3)),
            pillar(ops, "Ops", None),
            pillar(added, "New pillar", Some(1)),
        ];
        let (tls, backups, pager, old, gone) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let then_gaps = [
            GapState::of(&gap(tls, "TLS", GapStatus::Open, Priority::Critical)),
            GapState::of(&gap(
                backups,
                "Backups",
                GapStatus::Done,
                Priority::Critical,
            )),
            GapState::of(&gap(
                old,
                "Old blocker",
                GapStatus::InProgress,
                Priority::Critical,
            )),
            GapState::of(&gap(gone, "Removed", GapStatus::Open, Priority::Optional)),
        ];
        let now_gaps = [
            gap(tls, "TLS", GapStatus::Done, Priority::Critical),
            gap(backups, "Backups", GapStatus::Open, Priority::Critical),
            gap(pager, "Pager", GapStatus::Open, Priority::Recommended),
            gap(old, "Old blocker", GapStatus::Open, Priority::Critical),
        ];
        let last = LastReport {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            recipient: "Board",
            pillars: Some(&then_pillars),
            gaps: &then_gaps,
            decision: Decision::Undecided,
        };
        let since = since_last(&last, &now_pillars, &now_gaps, Decision::Proceed);
        assert_eq!(
            since.moved,
            [ScoreMove {
                pillar: "Security posture".into(),
                before: Some(2),
                after: Some(3)
            }],
            "a pillar added since has nothing to move from"
        );
        assert_eq!(since.closed, ["TLS", "Removed"]);
        assert_eq!(since.opened, ["Backups", "Pager"]);
        assert_eq!(since.new_blockers, ["Backups"], "reopened critical gap");
        assert_eq!(
            since.decision,
            Some((Decision::Undecided, Decision::Proceed))
        );
        assert!(!since.is_empty());

        let unchanged = since_last(
            &LastReport {
                pillars: None,
                gaps: &[],
                decision: Decision::Proceed,
                ..last
            },
            &now_pillars,
            &[],
            Decision::Proceed,
        );
        assert!(unchanged.is_empty() && !unchanged.scores_compared);
    }

    #[test]
    fn the_fingerprint_is_sha_256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
