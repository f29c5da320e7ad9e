//! The trash: deleted projects, table rows, gaps and milestones, restorable for 30 days and
//! then deleted for good.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::row::{stamp, time, uuid};
use super::Store;
use crate::domain::tables::{Cells, TableKind};
use crate::error::{CoreError, Result};

/// How long something stays in the trash before it is deleted for good, in days.
pub const TRASH_DAYS: i64 = 30;

/// What kind of thing a trash item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrashKind {
    /// A whole project, with everything in it.
    Project,
    /// A row of one of the editable tables.
    TableRow,
    /// A gap tracker item.
    Gap,
    /// A scorecard milestone.
    Milestone,
}

impl TrashKind {
    /// The SQL table that holds this kind (a constant, safe to put in SQL text).
    fn table(self) -> &'static str {
        match self {
            TrashKind::Project => "projects",
            TrashKind::TableRow => "table_rows",
            TrashKind::Gap => "gaps",
            TrashKind::Milestone => "milestones",
        }
    }
}

/// One thing in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrashItem {
    /// What it is.
    pub kind: TrashKind,
    /// Its id.
    pub id: Uuid,
    /// The project it belongs to (itself, for a project).
    pub project_id: Uuid,
    /// That project's name.
    pub project_name: String,
    /// The item's name: the project name, the gap title, the milestone name, or the row's
    /// first filled cell.
    pub title: String,
    /// Where it came from, e.g. "Gap tracker" or "Data inventory".
    pub place: String,
    /// When it was moved to the trash (UTC).
    pub trashed_at: DateTime<Utc>,
    /// When it will be deleted for good (UTC): [`TRASH_DAYS`] after `trashed_at`.
    pub purge_at: DateTime<Utc>,
}

/// The first filled cell of a row, in column order.
fn row_title(kind: TableKind, cells_json: &str) -> String {
    let cells: Cells = serde_json::from_str(cells_json).unwrap_or_default();
    kind.columns()
        .iter()
        .find_map(|c| cells.get(c.key).filter(|v| !v.is_empty()).cloned())
        .unwrap_or_else(|| "(empty row)".to_owned())
}

/// When each of `project`'s gaps, milestones and table rows in the trash went there.
pub(super) fn trashed_in(
    conn: &Connection,
    project: Uuid,
) -> Result<BTreeMap<Uuid, DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, trashed_at FROM gaps WHERE project_id = ?1 AND trashed_at IS NOT NULL
         UNION ALL
         SELECT id, trashed_at FROM milestones WHERE project_id = ?1 AND trashed_at IS NOT NULL
         UNION ALL
         SELECT id, trashed_at FROM table_rows WHERE project_id = ?1 AND trashed_at IS NOT NULL",
    )?;
    let rows = stmt.query_map([project.to_string()], |r| Ok((uuid(r, 0)?, time(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn items(conn: &Connection) -> Result<Vec<TrashItem>> {
    // Items inside a project that is itself in the trash go and come back with it, so only
    // the project is listed.
    let mut stmt = conn.prepare(
        "SELECT 'project', id, id, name, name, '', trashed_at FROM projects
         WHERE trashed_at IS NOT NULL
         UNION ALL
         SELECT 'gap', g.id, p.id, p.name, g.title, '', g.trashed_at
         FROM gaps g JOIN projects p ON p.id = g.project_id
         WHERE g.trashed_at IS NOT NULL AND p.trashed_at IS NULL
         UNION ALL
         SELECT 'milestone', m.id, p.id, p.name, m.name, '', m.trashed_at
         FROM milestones m JOIN projects p ON p.id = m.project_id
         WHERE m.trashed_at IS NOT NULL AND p.trashed_at IS NULL
         UNION ALL
         SELECT 'table_row', r.id, p.id, p.name, r.cells, r.kind, r.trashed_at
         FROM table_rows r JOIN projects p ON p.id = r.project_id
         WHERE r.trashed_at IS NOT NULL AND p.trashed_at IS NULL
         ORDER BY 7 DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(0)?;
        let title: String = r.get(4)?;
        let table: String = r.get(5)?;
        let trashed_at = time(r, 6)?;
        let (kind, title, place) = match kind.as_str() {
            "project" => (TrashKind::Project, title, "Project".to_owned()),
            "gap" => (TrashKind::Gap, title, "Gap tracker".to_owned()),
            "milestone" => (
                TrashKind::Milestone,
                title,
                "Scorecard milestones".to_owned(),
            ),
            _ => match TableKind::parse(&table) {
                Ok(kind) => (
                    TrashKind::TableRow,
                    row_title(kind, &title),
                    kind.title().to_owned(),
                ),
                Err(_) => (TrashKind::TableRow, "(unknown row)".to_owned(), table),
            },
        };
        Ok(TrashItem {
            kind,
            id: uuid(r, 1)?,
            project_id: uuid(r, 2)?,
            project_name: r.get(3)?,
            title,
            place,
            trashed_at,
            purge_at: trashed_at + Duration::days(TRASH_DAYS),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Everything in the trash, most recently deleted first.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails.
    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        self.read(items)
    }

    /// Brings one item back where it was.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown item; [`CoreError::Conflict`] when it cannot
    /// come back (a project whose name was taken meanwhile, a row of an archived project).
    pub fn restore_from_trash(&self, kind: TrashKind, id: Uuid) -> Result<()> {
        match kind {
            TrashKind::Project => self.restore_project(id).map(|_| ()),
            TrashKind::TableRow => self.restore_table_row(id),
            TrashKind::Gap => self.restore_gap(id),
            TrashKind::Milestone => self.restore_milestone(id).map(|_| ()),
        }
    }

    /// Deletes one item in the trash for good.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] when no such item is in the trash.
    pub fn delete_from_trash(&self, kind: TrashKind, id: Uuid) -> Result<()> {
        self.with_tx(|tx| {
            let deleted = tx.execute(
                &format!(
                    "DELETE FROM {} WHERE id = ?1 AND trashed_at IS NOT NULL",
                    kind.table()
                ),
                [id.to_string()],
            )?;
            if deleted == 0 {
                return Err(CoreError::NotFound {
                    what: "trash item",
                    id: id.to_string(),
                });
            }
            Ok(())
        })
    }

    /// Deletes for good everything that went to the trash more than [`TRASH_DAYS`] days
    /// before `now`, in one transaction. Returns how many items went.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails; nothing is deleted then.
    pub fn purge_expired_trash(&self, now: DateTime<Utc>) -> Result<usize> {
        let cutoff = stamp(now - Duration::days(TRASH_DAYS));
        self.with_tx(|tx| {
            let mut count = 0;
            for kind in [
                TrashKind::TableRow,
                TrashKind::Gap,
                TrashKind::Milestone,
                TrashKind::Project,
            ] {
                count += tx.execute(
                    &format!(
                        "DELETE FROM {} WHERE trashed_at IS NOT NULL AND trashed_at < ?1",
                        kind.table()
                    ),
                    params![cutoff],
                )?;
            }
            super::brand::forget_deleted_projects(tx)?;
            Ok(count)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProjectView;
    use crate::storage::test_support::today;

    fn sample(store: &Store) -> Uuid {
        store
            .seed_sample_on_first_start()
            .expect("seed")
            .expect("sample")
            .id
    }

    #[test]
    fn deleted_things_of_every_kind_are_listed_restored_and_purged_after_30_days() {
        let store = Store::open_in_memory().expect("store");
        let project = sample(&store);
        let board = store.gap_board(project, today()).expect("board");
        let gap = board.gaps[0].clone();
        store.trash_gap(gap.id).expect("trash gap");
        let row = store
            .table_rows(project, TableKind::DataInventory)
            .expect("rows")
            .remove(0);
        store.trash_table_row(row.id).expect("trash row");
        let milestone = store.milestones(project).expect("milestones").remove(0);
        store
            .trash_milestone(milestone.id)
            .expect("trash milestone");

        let listed = store.trash().expect("trash");
        assert_eq!(listed.len(), 3);
        let kinds: Vec<_> = listed.iter().map(|i| i.kind).collect();
        assert!(kinds.contains(&TrashKind::Gap) && kinds.contains(&TrashKind::TableRow));
        let row_item = listed
            .iter()
            .find(|i| i.kind == TrashKind::TableRow)
            .expect("row");
        assert_eq!(row_item.place, "Data inventory");
        assert_eq!(Some(&row_item.title), row.cells.get("category"));
        assert_eq!(row_item.purge_at - row_item.trashed_at, Duration::days(30));

        store
            .restore_from_trash(TrashKind::Gap, gap.id)
            .expect("restore");
        assert!(store
            .gap_board(project, today())
            .expect("board")
            .gaps
            .iter()
            .any(|g| g.id == gap.id));

        // A trashed project hides its own trashed items; purging goes by age.
        store.trash_project(project).expect("trash project");
        let listed = store.trash().expect("trash");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].kind, TrashKind::Project);
        assert_eq!(store.purge_expired_trash(Utc::now()).expect("purge"), 0);
        let purged = store
            .purge_expired_trash(Utc::now() + Duration::days(31))
            .expect("purge");
        assert_eq!(purged, 3, "the project, its row and its milestone");
        assert!(store.trash().expect("trash").is_empty());
        assert!(store
            .list_projects(ProjectView::Trash)
            .expect("list")
            .is_empty());
    }

    #[test]
    fn delete_for_good_only_takes_what_is_in_the_trash() {
        let store = Store::open_in_memory().expect("store");
        let project = sample(&store);
        let gap = store.gap_board(project, today()).expect("board").gaps[0].id;
        assert!(store.delete_from_trash(TrashKind::Gap, gap).is_err());
        store.trash_gap(gap).expect("trash");
        store
            .delete_from_trash(TrashKind::Gap, gap)
            .expect("delete");
        assert!(store.trash().expect("trash").is_empty());
        assert!(store.restore_from_trash(TrashKind::Gap, gap).is_err());
    }
}
