//! Reads what comes due across active projects (not archived, not in the trash) for the
//! agenda, in one read transaction; and the one writer of `reminders_shown`, which keeps a
//! desktop reminder to once per item per day.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{gaps, guards, scorecard, settings, Store};
use crate::domain::agenda::{rescore_due, Agenda, AgendaItem, AgendaKind, ReviewCadence};
use crate::domain::reminders::{DueReminders, ReminderKey};
use crate::domain::{Decision, Project, Stage};
use crate::error::Result;

mod view;

/// How many reminders one transaction records as shown: a few milliseconds of the writer
/// each, so that a save from the window waits for one batch at most.
pub const RECORDED_PER_TRANSACTION: usize = 1_000;

/// The pause between two batches of [`RECORDED_PER_TRANSACTION`], in which a save waiting for
/// the writer takes it.
const BETWEEN_BATCHES: std::time::Duration = std::time::Duration::from_millis(2);

/// The re-scoring rhythm of `project` and when it next comes due.
fn cadence_of(conn: &Connection, p: &Project) -> Result<ReviewCadence> {
    let latest: Option<String> = conn
        .query_row(
            "SELECT MAX(taken_on) FROM milestones WHERE project_id = ?1 AND trashed_at IS NULL",
            [p.id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let latest_milestone = latest.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    // Before the first milestone, the rhythm counts from the day the project was created.
    let from = latest_milestone.unwrap_or_else(|| p.created_at.date_naive());
    Ok(ReviewCadence {
        every_weeks: p.review_every_weeks,
        latest_milestone,
        next_due: p.review_every_weeks.map(|w| rescore_due(from, w)),
    })
}

/// Every dated item of one project.
fn items_of(conn: &Connection, project: Uuid) -> Result<Vec<AgendaItem>> {
    let p = guards::load(conn, project)?;
    let mut items = dates_of(conn, &p)?;
    for g in gaps::dated(conn, project)? {
        items.push(g.item(p.id, p.name.clone()));
    }
    Ok(items)
}

/// The dated items of project `p` other than its gaps: its pillars' checkpoints, compliance
/// review, re-score and time box.
fn dates_of(conn: &Connection, p: &Project) -> Result<Vec<AgendaItem>> {
    let project = p.id;
    let item = |kind, date, title: &str, owner: &str, item_id| AgendaItem {
        kind,
        date,
        project_id: p.id,
        project: p.name.clone(),
        title: title.to_owned(),
        owner: owner.to_owned(),
        item_id,
    };
    let mut items = Vec::new();
    for pillar in scorecard::pillars(conn, project)? {
        if let Some(d) = pillar.next_checkpoint {
            items.push(item(
                AgendaKind::Checkpoint,
                d,
                &pillar.name,
                &pillar.owner,
                pillar.id,
            ));
        }
    }
    let (next_review, owner): (String, String) = conn.query_row(
        "SELECT compliance_next_review, compliance_owner FROM projects WHERE id = ?1",
        [project.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // The next review may be a milestone ("first paying customer"); only a date is dated.
    if let Ok(d) = NaiveDate::parse_from_str(next_review.trim(), "%Y-%m-%d") {
        items.push(item(
            AgendaKind::ComplianceReview,
            d,
            "Compliance review",
            &owner,
            p.id,
        ));
    }
    let cadence = cadence_of(conn, p)?;
    if let (Some(weeks), Some(d)) = (cadence.every_weeks, cadence.next_due) {
        let title = if weeks == 1 {
            "Take a milestone (weekly re-score)".to_owned()
        } else {
            format!("Take a milestone (re-score every {weeks} weeks)")
        };
        items.push(item(AgendaKind::Rescore, d, &title, "", p.id));
    }
    if p.stage == Stage::ProofOfConcept && p.decision == Decision::Undecided {
        if let Some(d) = p.time_box_end {
            items.push(item(
                AgendaKind::TimeBox,
                d,
                "Proof-of-concept time box",
                "",
                p.id,
            ));
        }
    }
    Ok(items)
}

/// The ids of active projects, or only those whose reminders are on.
fn active_projects(conn: &Connection, reminding_only: bool) -> Result<Vec<Uuid>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM projects WHERE trashed_at IS NULL AND archived_at IS NULL
                                   AND (reminders = 1 OR ?1 = 0)",
    )?;
    let ids = stmt
        .query_map([reminding_only], |r| super::row::uuid(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

impl Store {
    /// A project's re-scoring rhythm, its latest milestone and when the next re-score is due.
    ///
    /// # Errors
    /// [`crate::CoreError::NotFound`] for an unknown project; storage errors.
    pub fn review_cadence(&self, project: Uuid) -> Result<ReviewCadence> {
        self.read(|conn| cadence_of(conn, &guards::load(conn, project)?))
    }

    /// What a desktop reminder should name now, recorded as shown so that the next call on
    /// the same `today` leaves it out: the items due on or before `today` in active projects
    /// whose reminders are on, counted, with the first
    /// [`NOTICE_LINES`](crate::domain::reminders::NOTICE_LINES) whole (see
    /// [`DueReminders`]); nothing at all when the app-wide switch is off. Records of earlier
    /// days are removed first, so the table holds one day at most.
    ///
    /// Neither the reading nor the recording holds the writer for long, since the window's
    /// saves wait for it: on 100 projects of 1,000 gaps the scan takes the better part of a
    /// second and 50,000 items come due, and the window's first save after it started took
    /// 137–247 ms instead of 61–77 (`make bench-app`). One short transaction removes old
    /// records, reads the switch and today's records; the items are then read one project at
    /// a time on a connection of their own ([`Store::read_apart`]), holding only their keys
    /// and the first lines; they are recorded [`RECORDED_PER_TRANSACTION`] at a time, with a
    /// pause between batches for the window's writes. An item another reminder recorded in
    /// the meantime is taken back ([`DueReminders::take_back`]), so each is named once a day.
    ///
    /// # Errors
    /// Storage errors. Items already recorded when one happens are left out of the next call
    /// of the same day, as if they had been named.
    pub fn take_reminders(&self, today: NaiveDate) -> Result<DueReminders> {
        let day = today.to_string();
        let shown = self.with_tx(|tx| {
            tx.execute("DELETE FROM reminders_shown WHERE shown_on <> ?1", [&day])?;
            if !settings::read(tx)?.reminders {
                return Ok(None);
            }
            let mut stmt = tx.prepare("SELECT item_key FROM reminders_shown")?;
            let keys: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            // A key this version cannot read names no item it finds either.
            Ok(Some(
                keys.iter()
                    .filter_map(|k| k.parse().ok())
                    .collect::<HashSet<ReminderKey>>(),
            ))
        })?;
        let Some(shown) = shown else {
            return Ok(DueReminders::default());
        };
        let (mut due, keys) = self.read_apart(|conn| {
            let mut due = DueReminders::default();
            let mut keys = Vec::new();
            for id in active_projects(conn, true)? {
                for item in items_of(conn, id)? {
                    if item.date <= today && !shown.contains(&item.key()) {
                        keys.push((item.key(), item.date));
                        due.add(item, today);
                    }
                }
            }
            Ok((due, keys))
        })?;
        for (n, some) in keys.chunks(RECORDED_PER_TRANSACTION).enumerate() {
            if n > 0 {
                // The store's lock is not fair: a thread that takes it again at once keeps a
                // waiting save out for batch after batch (seen as 190 ms saves). A pause hands
                // it over.
                std::thread::sleep(BETWEEN_BATCHES);
            }
            let named_meanwhile = self.with_tx(|tx| {
                let mut record = tx.prepare_cached(
                    "INSERT INTO reminders_shown (item_key, shown_on) VALUES (?1, ?2)
                     ON CONFLICT (item_key) DO NOTHING",
                )?;
                let mut named = Vec::new();
                for &(key, date) in some {
                    if record.execute(params![key.to_string(), day])? == 0 {
                        named.push((key, date));
                    }
                }
                Ok(named)
            })?;
            for (key, date) in named_meanwhile {
                due.take_back(key, date, today);
            }
        }
        Ok(due)
    }

    /// What comes due across active projects (or only `project`) as of `today`: overdue items
    /// and those due within `days`, for everyone or for owners matching `owner`.
    ///
    /// # Errors
    /// [`crate::CoreError::NotFound`] for an unknown `project`; storage errors.
    pub fn agenda(
        &self,
        today: NaiveDate,
        days: u32,
        owner: Option<&str>,
        project: Option<Uuid>,
    ) -> Result<Agenda> {
        self.read(|tx| {
            let projects: Vec<Uuid> = match project {
                Some(id) => vec![guards::load(tx, id)?.id],
                None => active_projects(tx, false)?,
            };
            let mut items = Vec::new();
            for id in projects {
                items.extend(items_of(tx, id)?);
            }
            Ok(Agenda::of(items, today, days, owner))
        })
    }
}

#[cfg(test)]
mod tests;
