//! Milestones — named, dated, read-only snapshots of a scorecard — and the compare and trend
//! views computed from them. Pillars are matched across snapshots by id.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::review::{risk_changes, FrozenAnswer, RiskChange};
use super::scorecard::Pillar;

/// A named, dated, read-only snapshot of a whole scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Milestone {
    /// UUID v7.
    pub id: Uuid,
    /// Name, e.g. "Day 0".
    pub name: String,
    /// The date the user gave it.
    pub taken_on: NaiveDate,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was deleted (it then sits in the trash).
    pub trashed_at: Option<DateTime<Utc>>,
    /// The pillars as they were, in their order then.
    pub pillars: Vec<Pillar>,
    /// The review questions' answers and risks as they were, by pillar then question order
    /// (empty when the project had no questions).
    pub answers: Vec<FrozenAnswer>,
    /// For a milestone taken when a report was sent: to whom, e.g. "Board (Acme Capital)";
    /// empty otherwise.
    pub sent_to: String,
}

/// How a pillar changed between two scorecards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Change {
    /// Only in the later scorecard.
    Added,
    /// Only in the earlier scorecard.
    Removed,
    /// In both, with a different name, score, target, evidence, owner or checkpoint.
    Changed,
    /// In both, the same.
    Unchanged,
}

/// One pillar in a comparison: before → after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ComparisonRow {
    /// The pillar's id (shared by both sides).
    pub pillar_id: Uuid,
    /// Its name in the later scorecard, or in the earlier one when removed.
    pub name: String,
    /// The pillar in the earlier scorecard.
    pub before: Option<Pillar>,
    /// The pillar in the later scorecard.
    pub after: Option<Pillar>,
    /// What happened to it.
    pub change: Change,
    /// After minus before current score, when both are scored (−4 … +4).
    pub score_delta: Option<i8>,
    /// The pillar's review questions whose risk moved (see [`with_risks`]).
    pub risks: Vec<RiskChange>,
}

/// Compares two scorecards pillar by pillar, matching pillars by id: rows in the later order,
/// then removed pillars in their earlier order.
pub fn compare(before: &[Pillar], after: &[Pillar]) -> Vec<ComparisonRow> {
    let same = |a: &Pillar, b: &Pillar| {
        a.name == b.name
            && a.current_score == b.current_score
            && a.target_score == b.target_score
            && a.evidence == b.evidence
            && a.owner == b.owner
            && a.next_checkpoint == b.next_checkpoint
    };
    let mut rows: Vec<ComparisonRow> = after
        .iter()
        .map(|a| {
            let b = before.iter().find(|b| b.id == a.id);
            ComparisonRow {
                pillar_id: a.id,
                name: a.name.clone(),
                before: b.cloned(),
                after: Some(a.clone()),
                change: match b {
                    None => Change::Added,
                    Some(b) if same(a, b) => Change::Unchanged,
                    Some(_) => Change::Changed,
                },
                score_delta: b.and_then(|b| {
                    Some(
                        i8::try_from(a.current_score?).ok()?
                            - i8::try_from(b.current_score?).ok()?,
                    )
                }),
                risks: Vec::new(),
            }
        })
        .collect();
    rows.extend(
        before
            .iter()
            .filter(|b| !after.iter().any(|a| a.id == b.id))
            .map(|b| ComparisonRow {
                pillar_id: b.id,
                name: b.name.clone(),
                before: Some(b.clone()),
                after: None,
                change: Change::Removed,
                score_delta: None,
                risks: Vec::new(),
            }),
    );
    rows
}

/// Adds each pillar's risk changes between two reviews to `rows` (from [`compare`]); a pillar
/// whose fields are the same but whose risks moved counts as changed.
pub fn with_risks(
    mut rows: Vec<ComparisonRow>,
    before: &[FrozenAnswer],
    after: &[FrozenAnswer],
) -> Vec<ComparisonRow> {
    for row in &mut rows {
        row.risks = risk_changes(row.pillar_id, before, after);
        if row.change == Change::Unchanged && !row.risks.is_empty() {
            row.change = Change::Changed;
        }
    }
    rows
}

/// One pillar's current score across milestones (and now, as the last point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrendLine {
    /// The pillar's id.
    pub pillar_id: Uuid,
    /// Its latest name.
    pub name: String,
    /// One entry per point of [`Trend::points`]; none where it was not scored or absent.
    pub scores: Vec<Option<u8>>,
}

/// Each pillar's score over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Trend {
    /// Point labels: milestone names oldest first, then "Now".
    pub points: Vec<String>,
    /// One line per pillar that appears anywhere: current pillars first, in their order, then
    /// pillars that exist only in milestones.
    pub lines: Vec<TrendLine>,
}

impl Trend {
    /// Builds the trend from milestones (oldest first) and the current pillars.
    pub fn of(milestones: &[Milestone], current: &[Pillar]) -> Trend {
        let mut snapshots: Vec<(&str, &[Pillar])> = milestones
            .iter()
            .map(|m| (m.name.as_str(), m.pillars.as_slice()))
            .collect();
        snapshots.push(("Now", current));
        let mut lines: Vec<TrendLine> = Vec::new();
        for (_, pillars) in snapshots.iter().rev() {
            for p in pillars.iter() {
                if !lines.iter().any(|l| l.pillar_id == p.id) {
                    lines.push(TrendLine {
                        pillar_id: p.id,
                        name: p.name.clone(),
                        scores: vec![],
                    });
                }
            }
        }
        for line in &mut lines {
            line.scores = snapshots
                .iter()
                .map(|(_, ps)| {
                    ps.iter()
                        .find(|p| p.id == line.pillar_id)
                        .and_then(|p| p.current_score)
                })
                .collect();
        }
        Trend {
            points: snapshots.iter().map(|(n, _)| (*n).to_owned()).collect(),
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::scorecard::test_pillar as pillar;

    #[test]
    fn compare_shows_changed_unchanged_added_and_removed_pillars() {
        let kept = pillar("Security", Some(1), 4);
        let same = pillar("Docs", Some(3), 4);
        let removed = pillar("Legacy", Some(2), 4);
        let before = [kept.clone(), same.clone(), removed.clone()];
        let mut raised = kept.clone();
        raised.current_score = Some(3);
        let added = pillar("Observability", None, 4);
        let rows = compare(&before, &[added.clone(), raised, same]);
        let changes: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.change, r.score_delta))
            .collect();
        assert_eq!(
            changes,
            [
                ("Observability", Change::Added, None),
                ("Security", Change::Changed, Some(2)),
                ("Docs", Change::Unchanged, Some(0)),
                ("Legacy", Change::Removed, None),
            ]
        );
        // A pillar the same in every field whose question's risk moved is changed.
        let docs = rows[2].pillar_id;
        let answer = |risk| FrozenAnswer {
            question_id: "q1".into(),
            pillar_id: docs,
            title: "Is there a runbook?".into(),
            chosen: Vec::new(),
            none: true,
            note: String::new(),
            risk,
        };
        let rows = with_risks(
            rows,
            &[answer(Some(crate::domain::lens::Risk::HighRisk))],
            &[answer(None)],
        );
        assert_eq!(rows[2].change, Change::Changed);
        assert_eq!(rows[2].risks.len(), 1);
        assert!(rows[0].risks.is_empty() && rows[1].risks.is_empty());
    }

    #[test]
    fn trend_has_a_point_per_milestone_and_now_with_gaps_for_absent_pillars() {
        let sec = pillar("Security", Some(1), 4);
        let mut sec_later = sec.clone();
        sec_later.current_score = Some(3);
        let new = pillar("Observability", Some(2), 4);
        let day0 = Milestone {
            id: Uuid::now_v7(),
            name: "Day 0".into(),
            taken_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            created_at: Utc::now(),
            trashed_at: None,
            pillars: vec![sec],
            answers: Vec::new(),
            sent_to: String::new(),
        };
        let trend = Trend::of(&[day0], &[sec_later, new]);
        assert_eq!(trend.points, ["Day 0", "Now"]);
        assert_eq!(trend.lines[0].scores, [Some(1), Some(3)]);
        assert_eq!(trend.lines[1].scores, [None, Some(2)]);
    }
}
