//! The gap tracker's overview (blockers, progress by category, counts per priority), the
//! built-in gap templates, and bulk changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{DeferReason, Gap, GapStatus, Priority, CATEGORIES};
use crate::domain::scorecard::Pillar;

/// Progress of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryProgress {
    /// Category name.
    pub category: String,
    /// Gaps in it.
    pub total: u32,
    /// Of those, done.
    pub done: u32,
}

/// Open and done counts for one priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PriorityCounts {
    /// The priority.
    pub priority: Priority,
    /// Open or in progress.
    pub open: u32,
    /// Deferred (set aside with a reason and a revisit date), counted apart so a deferred
    /// gap neither disappears nor passes for open work.
    pub deferred: u32,
    /// Done.
    pub done: u32,
}

/// The gap tracker's overview: every gap, blockers, progress by category and counts. Read by
/// the report and, in parts, by the window: the Gaps tab gets its counts and a [`GapRow`] per
/// gap ([`GapTracker`]), the overview its blockers and accepted risks ([`LaunchBlockers`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapBoard {
    /// All gaps outside the trash, in order.
    pub gaps: Vec<Gap>,
    /// Launch blockers (critical, open or in progress), earliest due first.
    pub blockers: Vec<Gap>,
    /// Gaps deferred as an accepted risk, critical first, then by revisit date: shown beside
    /// the blockers so a critical gap set aside this way stays in sight.
    pub accepted_risks: Vec<Gap>,
    /// Categories in order of first appearance (built-in ones first, in their order).
    pub categories: Vec<CategoryProgress>,
    /// Counts per priority, critical first.
    pub priorities: Vec<PriorityCounts>,
    /// Ids of active gaps past their due date.
    pub overdue: Vec<Uuid>,
    /// Ids of deferred gaps past their revisit date.
    pub revisit_due: Vec<Uuid>,
}

/// The board without its gaps: what a change to some gaps alters beyond those gaps. The Gaps
/// tab shows a change by putting the changed gaps in place with these, which each change
/// returns ([`GapsChanged`]), instead of reading every gap (at 1,000 gaps, 2 ms instead of 30).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapCounts {
    /// As [`GapBoard::categories`].
    pub categories: Vec<CategoryProgress>,
    /// As [`GapBoard::priorities`].
    pub priorities: Vec<PriorityCounts>,
    /// As [`GapBoard::overdue`].
    pub overdue: Vec<Uuid>,
    /// As [`GapBoard::revisit_due`].
    pub revisit_due: Vec<Uuid>,
}

/// What a change to gaps returns to the window: the rows of the gaps as written, in the order
/// asked, and the counts of their project's board after it, so the Gaps tab shows the change
/// without a second call.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapsChanged {
    /// The rows of the gaps the change wrote.
    pub gaps: Vec<GapRow>,
    /// Their project's board's counts after the change, as of the local date; `None` when
    /// the change was written but reading them failed, and the window reads the board again.
    pub counts: Option<GapCounts>,
    /// The database's revision the counts were read at, `None` with them. One more than the
    /// revision of the board the window showed means no other write came between, so that
    /// board with this change is the database's state at this revision.
    #[ts(type = "number | null")]
    pub revision: Option<i64>,
}

impl From<GapBoard> for GapCounts {
    fn from(board: GapBoard) -> GapCounts {
        GapCounts {
            categories: board.categories,
            priorities: board.priorities,
            overdue: board.overdue,
            revisit_due: board.revisit_due,
        }
    }
}

/// One gap as its row in the Gaps tab shows it: the fields the list draws, filters and sorts
/// by, without the notes, internal note and decision-filter answers, which only the gap's form
/// shows and reads whole (`Store::gap`). Notes run to 4,000 characters each; the list of
/// 1,000 gaps the tab reads on every opening carried them all before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapRow {
    /// As [`Gap::id`].
    pub id: Uuid,
    /// As [`Gap::position`].
    pub position: u32,
    /// As [`Gap::title`].
    pub title: String,
    /// As [`Gap::category`].
    pub category: String,
    /// As [`Gap::priority`].
    pub priority: Priority,
    /// As [`Gap::status`].
    pub status: GapStatus,
    /// As [`Gap::owner`].
    pub owner: String,
    /// As [`Gap::due_date`].
    pub due_date: Option<NaiveDate>,
    /// As [`Gap::pillar_id`].
    pub pillar_id: Option<Uuid>,
    /// As [`Gap::defer_reason`].
    pub defer_reason: Option<DeferReason>,
    /// As [`Gap::defer_note`] (at most 500 characters, shown after the reason).
    pub defer_note: String,
    /// As [`Gap::revisit_on`].
    pub revisit_on: Option<NaiveDate>,
}

impl From<Gap> for GapRow {
    fn from(gap: Gap) -> GapRow {
        GapRow {
            id: gap.id,
            position: gap.position,
            title: gap.title,
            category: gap.category,
            priority: gap.priority,
            status: gap.status,
            owner: gap.owner,
            due_date: gap.due_date,
            pillar_id: gap.pillar_id,
            defer_reason: gap.defer_reason,
            defer_note: gap.defer_note,
            revisit_on: gap.revisit_on,
        }
    }
}

/// Everything the gap tracker shows, read in one transaction so opening the tab is one call:
/// a row per gap with the board's counts, the project's pillars (the gap form's pillar
/// choices, in scorecard order) and the built-in templates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapTracker {
    /// Every gap outside the trash, in order, as a row.
    pub gaps: Vec<GapRow>,
    /// The board's counts as of the day it was read.
    pub counts: GapCounts,
    /// The project's pillars, in order.
    pub pillars: Vec<Pillar>,
    /// The built-in gap templates.
    pub templates: Vec<GapTemplate>,
    /// The database's revision it was read at (how many write transactions had been
    /// committed): a copy the window keeps is the database's state while the revision is the
    /// same.
    #[ts(type = "number")]
    pub revision: i64,
}

/// What the project's overview shows of its gaps: the launch blockers and the accepted risks
/// of [`GapBoard`], without the rest of the board (the whole list can run to thousands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LaunchBlockers {
    /// As [`GapBoard::blockers`].
    pub blockers: Vec<Gap>,
    /// As [`GapBoard::accepted_risks`].
    pub accepted_risks: Vec<Gap>,
}

impl From<GapBoard> for LaunchBlockers {
    fn from(board: GapBoard) -> LaunchBlockers {
        LaunchBlockers {
            blockers: board.blockers,
            accepted_risks: board.accepted_risks,
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl GapBoard {
    /// Builds the board for `gaps` as of `today`.
    pub fn of(gaps: Vec<Gap>, today: NaiveDate) -> GapBoard {
        let mut blockers: Vec<Gap> = gaps.iter().filter(|g| g.is_blocker()).cloned().collect();
        // Gaps with a due date first, earliest first; undated ones after, in list order.
        blockers.sort_by_key(|g| (g.due_date.is_none(), g.due_date));
        let mut accepted_risks: Vec<Gap> = gaps
            .iter()
            .filter(|g| {
                g.status == GapStatus::Deferred && g.defer_reason == Some(DeferReason::AcceptedRisk)
            })
            .cloned()
            .collect();
        accepted_risks.sort_by_key(|g| {
            let rank = Priority::ALL.iter().position(|p| *p == g.priority);
            (rank, g.revisit_on.is_none(), g.revisit_on)
        });
        let mut names: Vec<String> = CATEGORIES
            .iter()
            .filter(|c| gaps.iter().any(|g| g.category == **c))
            .map(|c| (*c).to_owned())
            .collect();
        for g in &gaps {
            if !names.contains(&g.category) {
                names.push(g.category.clone());
            }
        }
        let categories = names
            .into_iter()
            .map(|category| {
                let in_it: Vec<&Gap> = gaps.iter().filter(|g| g.category == category).collect();
                CategoryProgress {
                    total: count(in_it.len()),
                    done: count(in_it.iter().filter(|g| g.status == GapStatus::Done).count()),
                    category,
                }
            })
            .collect();
        let priorities = Priority::ALL
            .iter()
            .map(|&priority| PriorityCounts {
                priority,
                open: count(
                    gaps.iter()
                        .filter(|g| g.priority == priority && g.is_active())
                        .count(),
                ),
                deferred: count(
                    gaps.iter()
                        .filter(|g| g.priority == priority && g.status == GapStatus::Deferred)
                        .count(),
                ),
                done: count(
                    gaps.iter()
                        .filter(|g| g.priority == priority && g.status == GapStatus::Done)
                        .count(),
                ),
            })
            .collect();
        GapBoard {
            overdue: gaps
                .iter()
                .filter(|g| g.is_overdue(today))
                .map(|g| g.id)
                .collect(),
            revisit_due: gaps
                .iter()
                .filter(|g| g.revisit_due(today))
                .map(|g| g.id)
                .collect(),
            blockers,
            accepted_risks,
            categories,
            priorities,
            gaps,
        }
    }
}

/// One item of a gap template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapTemplateItem {
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// Priority.
    pub priority: Priority,
}

/// A built-in gap template (seeded by migration 0003).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapTemplate {
    /// Stable id, e.g. `poc-to-production`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One line on what it covers.
    pub description: String,
    /// Its items, in order.
    pub items: Vec<GapTemplateItem>,
}

/// What a bulk change sets on every selected gap; `None` leaves the field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GapBulkChange {
    /// New status (not `deferred`: each deferral needs its own reason and date).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub status: Option<GapStatus>,
    /// New owner.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub owner: Option<String>,
}
