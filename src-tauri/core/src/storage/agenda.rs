//! Reads what comes due across active projects (not archived, not in the trash) for the
//! agenda, in one read transaction; writes nothing.

use chrono::NaiveDate;
use rusqlite::Connection;
use uuid::Uuid;

use super::{gaps, guards, scorecard, Store};
use crate::domain::agenda::{Agenda, AgendaItem, AgendaKind};
use crate::domain::{Decision, GapStatus, Stage};
use crate::error::Result;

/// Every dated item of one project.
fn items_of(conn: &Connection, project: Uuid) -> Result<Vec<AgendaItem>> {
    let p = guards::load(conn, project)?;
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
    for g in gaps::gaps(conn, project)? {
        match (g.status, g.due_date, g.revisit_on) {
            (GapStatus::Open | GapStatus::InProgress, Some(d), _) => {
                items.push(item(AgendaKind::GapDue, d, &g.title, &g.owner, g.id));
            }
            (GapStatus::Deferred, _, Some(d)) => {
                items.push(item(AgendaKind::Revisit, d, &g.title, &g.owner, g.id));
            }
            _ => {}
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

impl Store {
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
        self.read(|conn| {
            let tx = conn.unchecked_transaction()?;
            let projects: Vec<Uuid> = match project {
                Some(id) => vec![guards::load(&tx, id)?.id],
                None => {
                    let mut stmt = tx.prepare(
                        "SELECT id FROM projects WHERE trashed_at IS NULL AND archived_at IS NULL",
                    )?;
                    let ids = stmt
                        .query_map([], |r| super::row::uuid(r, 0))?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    ids
                }
            };
            let mut items = Vec::new();
            for id in projects {
                items.extend(items_of(&tx, id)?);
            }
            tx.finish()?;
            Ok(Agenda::of(items, today, days, owner))
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::agenda::{AgendaGroup, AgendaKind};
    use crate::domain::{GapDraft, GapStatus, Priority, ProjectView};
    use crate::storage::test_support::atlas;
    use crate::Store;

    #[test]
    fn checkpoints_gaps_revisits_and_reviews_of_active_projects_come_due() {
        let store = Store::open_in_memory().unwrap();
        let project = atlas(&store);
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let card = store.scorecard(project, today).unwrap();
        let mut pillar = card.pillars[0].draft();
        pillar.next_checkpoint = Some("2026-12-01".into());
        pillar.owner = "Zoë".into();
        store.update_pillar(card.pillars[0].id, &pillar).unwrap();
        let mut due = GapDraft::new("Backups", "Reliability", Priority::Critical);
        due.due_date = Some("2026-12-03".into());
        store.add_gap(project, &due).unwrap();
        let mut done = GapDraft::new("TLS", "Security", Priority::Critical);
        done.due_date = Some("2026-12-03".into());
        done.status = GapStatus::Done;
        store.add_gap(project, &done).unwrap();
        let mut deferred = GapDraft::new("Autoscaling", "Infrastructure", Priority::Optional);
        deferred.status = GapStatus::Deferred;
        deferred.defer_reason = Some(crate::domain::gap::DeferReason::BusinessPriority);
        deferred.revisit_on = Some("2026-12-20".into());
        store.add_gap(project, &deferred).unwrap();

        let agenda = store.agenda(today, 30, None, None).unwrap();
        let seen: Vec<(AgendaGroup, AgendaKind, &str)> = agenda
            .items
            .iter()
            .map(|(g, i)| (*g, i.kind, i.title.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    AgendaGroup::Overdue,
                    AgendaKind::Checkpoint,
                    card.pillars[0].name.as_str()
                ),
                (AgendaGroup::ThisWeek, AgendaKind::GapDue, "Backups"),
                (AgendaGroup::Later, AgendaKind::Revisit, "Autoscaling"),
            ],
            "a done gap has nothing due"
        );
        let mine = store.agenda(today, 30, Some("zoë"), None).unwrap();
        assert_eq!(mine.items.len(), 1);
        store.archive_project(project).unwrap();
        assert!(store.list_projects(ProjectView::Active).unwrap().is_empty());
        assert!(
            store
                .agenda(today, 30, None, None)
                .unwrap()
                .items
                .is_empty(),
            "archived is quiet"
        );
    }
}
