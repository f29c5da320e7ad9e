//! Large generated projects, for the report benchmark and the pagination tests: believable,
//! varied, Unicode-rich content in any quantity, identical on every run.

use uuid::Uuid;

use crate::domain::compliance::SnapshotDraft;
use crate::domain::framework::EIGHT_PILLARS;
use crate::domain::gap::{DeferReason, CATEGORIES};
use crate::domain::tables::{Cells, TableKind};
use crate::domain::{GapDraft, GapStatus, Priority, ProjectDraft, Stage};
use crate::error::Result;
use crate::sample;
use crate::Store;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Rows of the North Star alignment table.
    pub alignment_rows: usize,
    /// Gaps, spread over the built-in categories.
    pub gaps: usize,
    /// Milestones, taken one a week from 2026-01-05 on.
    pub milestones: usize,
}

impl Size {
    /// The benchmark's size (issue #6): 300 alignment rows, 300 gaps, 10 milestones (with the
    /// 8 pillars of the built-in framework).
    pub const BENCHMARK: Size = Size {
        alignment_rows: 300,
        gaps: 300,
        milestones: 10,
    };
}

const PEOPLE: [&str; 6] = [
    "Zoë Łukasiewicz",
    "Søren Dahl",
    "Ana Conceição",
    "Björn Østergaard",
    "Chloé Müller",
    "Dmitri Ivanov",
];

fn cells(pairs: &[(&str, String)]) -> Cells {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// Creates a project named `name` with the 8-pillar framework scored, `size.milestones`
/// milestones, `size.alignment_rows` alignment rows, `size.gaps` gaps, and the sample's
/// stakeholders and compliance tables. Returns its id.
///
/// # Errors
/// [`crate::CoreError::Conflict`] when the name is taken; [`crate::CoreError::Database`].
pub fn create(store: &Store, name: &str, size: Size) -> Result<Uuid> {
    // The generated project borrows the sample's North Star, tables and compliance picture.
    let sample = sample::file()?;
    let s = &sample.project;
    let project = store.create_project(
        &ProjectDraft {
            name: name.to_owned(),
            description: s.description.clone(),
            stage: Stage::Beta,
            north_star: s.north_star.clone(),
            leading_metric: s.leading_metric.clone(),
            time_box_end: None,
            decision: None,
            success_criteria: Some(s.success_criteria.clone()),
        },
        EIGHT_PILLARS,
    )?;
    let pillars = store.scorecard(project.id, chrono::NaiveDate::MIN)?.pillars;
    for week in 0..=size.milestones {
        for (i, p) in pillars.iter().enumerate() {
            let mut draft = p.draft();
            // Scores climb over the weeks at a different pace per pillar, capped at 5.
            let score = (1 + (week * (i % 3 + 1)) / 4).min(5);
            draft.current_score = Some(score as f64);
            draft.target_score = Some(4.0);
            draft.owner = PEOPLE[i % PEOPLE.len()].to_owned();
            draft.evidence = format!(
                "Week {week}: runbook reviewed by {}; load test at {} req/s – p95 {} ms.",
                PEOPLE[(i + week) % PEOPLE.len()],
                200 + 50 * week,
                900 - 40 * week.min(12)
            );
            draft.next_checkpoint = Some(format!("2026-{:02}-15", (i % 12) + 1));
            store.update_pillar(p.id, &draft)?;
        }
        if week < size.milestones {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
                .and_then(|d| d.checked_add_days(chrono::Days::new(7 * week as u64)))
                .unwrap_or_default();
            store.take_milestone(project.id, &format!("Week {week}"), &day.to_string())?;
        }
    }
    for i in 0..size.alignment_rows {
        let who = PEOPLE[i % PEOPLE.len()];
        store.add_table_row(
            project.id,
            TableKind::Alignment,
            &cells(&[
                (
                    "goal",
                    format!("Goal {i}: clinics in São Paulo – Zürich book without calls"),
                ),
                (
                    "successMetric",
                    format!("{}% of bookings confirmed within a minute", 90 + i % 10),
                ),
                (
                    "guardrail",
                    format!("No more than {} failed payments a week", i % 7 + 1),
                ),
                ("stakeholders", format!("{who} (clinic operations)")),
                (
                    "risks",
                    format!("Risk {i}: the calendar sync may double-book • mitigated by locks"),
                ),
            ]),
            None,
        )?;
    }
    let statuses = [
        GapStatus::Open,
        GapStatus::InProgress,
        GapStatus::Done,
        GapStatus::Deferred,
    ];
    let priorities = [
        Priority::Critical,
        Priority::Recommended,
        Priority::Optional,
    ];
    for i in 0..size.gaps {
        let category = CATEGORIES[i % CATEGORIES.len()];
        let mut gap = GapDraft::new(
            &format!("{category} gap {i}: close the follow-up from the Kraków pilot"),
            category,
            priorities[i % priorities.len()],
        );
        gap.status = statuses[(i / 3) % statuses.len()];
        gap.owner = PEOPLE[i % PEOPLE.len()].to_owned();
        gap.due_date = Some(format!("2026-{:02}-{:02}", i % 12 + 1, i % 28 + 1));
        gap.notes = format!(
            "Found in review {i}; see the runbook section {}.",
            i % 9 + 1
        );
        if gap.status == GapStatus::Deferred {
            gap.defer_reason = Some(DeferReason::BusinessPriority);
            gap.revisit_on = Some("2027-01-15".to_owned());
        }
        store.add_gap(project.id, &gap)?;
    }
    for (kind, rows) in &sample.tables {
        if *kind != TableKind::Alignment {
            for (_, row, _) in rows {
                store.add_table_row(project.id, *kind, row, None)?;
            }
        }
    }
    let snapshot = SnapshotDraft {
        last_reviewed: sample.snapshot.last_reviewed.map(|d| d.to_string()),
        next_review: sample.snapshot.next_review.clone(),
        owner: sample.snapshot.owner.clone(),
    };
    store.update_compliance_snapshot(project.id, &snapshot, chrono::NaiveDate::MIN)?;
    Ok(project.id)
}
