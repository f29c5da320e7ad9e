//! Milestones: the scorecard frozen under a name and date (take, rename, trash, restore),
//! their rows for the project file, sharing and workshops, and the compare and trend queries
//! over them. The only writer of `milestones` and `milestone_pillars`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{pillar_from_row, pillar_values, pillars, PILLAR_COLUMNS};
use crate::domain::date::required_date;
use crate::domain::review::FrozenAnswer;
use crate::domain::scorecard::{
    compare, with_risks, ComparisonRow, Milestone, Trend, ValidPillar, MILESTONE_NAME_MAX,
};
use crate::domain::text::required_line;
use crate::domain::Pillar;
use crate::error::{CoreError, Result};
use crate::storage::guards::{editable, load as load_project, touch};
use crate::storage::row::{cached, date, new_id, now, optional_time, time, uuid, Shelf};
use crate::storage::Store;

fn milestone_from_row(conn: &Connection, row: &Row<'_>) -> rusqlite::Result<Milestone> {
    let id = uuid(row, 0)?;
    let taken_on = date(row, 2)?.ok_or(rusqlite::Error::InvalidColumnType(
        2,
        "taken_on".into(),
        rusqlite::types::Type::Null,
    ))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM milestone_pillars WHERE milestone_id = ?1 ORDER BY position",
        PILLAR_COLUMNS.replacen("id", "pillar_id", 1)
    ))?;
    let pillars = stmt
        .query_map([id.to_string()], pillar_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Milestone {
        id,
        name: row.get(1)?,
        taken_on,
        created_at: time(row, 3)?,
        trashed_at: optional_time(row, 4)?,
        pillars,
        answers: crate::storage::review::frozen_answers(conn, id)?,
        sent_to: row.get(5)?,
    })
}

const MILESTONE_COLUMNS: &str = "id, name, taken_on, created_at, trashed_at, sent_to";

/// The project's milestones outside the trash, oldest first.
pub(in crate::storage) fn milestones(conn: &Connection, project: Uuid) -> Result<Vec<Milestone>> {
    milestones_on(conn, project, Shelf::Live)
}

/// The project's milestones on `shelf`, oldest first.
pub(in crate::storage) fn milestones_on(
    conn: &Connection,
    project: Uuid,
    shelf: Shelf,
) -> Result<Vec<Milestone>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MILESTONE_COLUMNS} FROM milestones
         WHERE project_id = ?1 {} ORDER BY taken_on, created_at",
        shelf.condition()
    ))?;
    let rows = stmt.query_map([project.to_string()], |row| milestone_from_row(conn, row))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts milestone `id` in the trash since `at` (team sharing: trashed on another device).
pub(in crate::storage) fn put_milestone_in_trash(
    conn: &Connection,
    id: Uuid,
    at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE milestones SET trashed_at = ?2 WHERE id = ?1",
        params![id.to_string(), at],
    )?;
    Ok(())
}

fn load_milestone(conn: &Connection, id: Uuid) -> Result<(Uuid, Milestone)> {
    conn.query_row(
        &format!("SELECT {MILESTONE_COLUMNS}, project_id FROM milestones WHERE id = ?1"),
        [id.to_string()],
        |row| Ok((uuid(row, 6)?, milestone_from_row(conn, row)?)),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: "milestone",
        id: id.to_string(),
    })
}

/// The frozen pillars of milestone `id` (in the trash or not), or `None` when it is gone.
pub(in crate::storage) fn milestone_pillars(
    conn: &Connection,
    id: Uuid,
) -> Result<Option<Vec<Pillar>>> {
    match load_milestone(conn, id) {
        Ok((_, m)) => Ok(Some(m.pillars)),
        Err(CoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A new milestone row, with the id and creation time its writer decided.
pub(in crate::storage) struct NewMilestone<'a> {
    /// The milestone's id.
    pub id: Uuid,
    /// Its (validated) name.
    pub name: &'a str,
    /// The date it stands for.
    pub taken_on: NaiveDate,
    /// When it was taken (stored time).
    pub created_at: &'a str,
    /// The frozen pillars in order, each with the id of the pillar it copies.
    pub pillars: &'a [(Uuid, ValidPillar)],
    /// The frozen review, in order.
    pub answers: &'a [FrozenAnswer],
}

/// Writes a milestone and its frozen pillars: the one `INSERT INTO milestones` and
/// `INSERT INTO milestone_pillars`.
pub(in crate::storage) fn insert_milestone(
    conn: &Connection,
    project: Uuid,
    m: &NewMilestone<'_>,
) -> Result<()> {
    cached(
        conn,
        "INSERT INTO milestones (id, project_id, name, taken_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            m.id.to_string(),
            project.to_string(),
            m.name,
            m.taken_on.to_string(),
            m.created_at
        ],
    )?;
    for (position, (pillar, p)) in (0_i64..).zip(m.pillars) {
        let mut values: Vec<Box<dyn rusqlite::ToSql + '_>> =
            vec![Box::new(m.id.to_string()), Box::new(pillar.to_string())];
        values.extend(pillar_values(position, p));
        cached(
            conn,
            "INSERT INTO milestone_pillars (milestone_id, pillar_id, position, name, description,
                    current_score, target_score, evidence, owner, next_checkpoint, internal_note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            rusqlite::params_from_iter(values),
        )?;
    }
    crate::storage::review::freeze_answers(conn, m.id, m.answers)
}

/// Takes a milestone of `project`'s scorecard as it is in `tx` (a workshop's end takes one
/// after writing the agreed scores); returns its id.
pub(in crate::storage) fn freeze(
    tx: &Connection,
    project: Uuid,
    name: &str,
    taken_on: NaiveDate,
) -> Result<Uuid> {
    let frozen: Vec<(Uuid, ValidPillar)> = pillars(tx, project)?
        .iter()
        .map(|p| (p.id, ValidPillar::from(p)))
        .collect();
    let id = new_id();
    insert_milestone(
        tx,
        project,
        &NewMilestone {
            id,
            name,
            taken_on,
            created_at: &now(),
            pillars: &frozen,
            answers: &crate::storage::review::current_answers(tx, project)?,
        },
    )?;
    Ok(id)
}

/// Marks a milestone as the snapshot of a report sent to `sent_to` ("Board (Acme Capital)").
pub(in crate::storage) fn mark_milestone_sent(
    tx: &Connection,
    id: Uuid,
    sent_to: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE milestones SET sent_to = ?2 WHERE id = ?1",
        params![id.to_string(), sent_to],
    )?;
    Ok(())
}

/// Moves a milestone into the trash or out of it.
pub(in crate::storage) fn mark_milestone_trashed(
    tx: &Connection,
    id: Uuid,
    trashed: bool,
) -> Result<()> {
    tx.execute(
        "UPDATE milestones SET trashed_at = CASE WHEN ?2 THEN COALESCE(trashed_at, ?3) END
         WHERE id = ?1",
        params![id.to_string(), trashed, now()],
    )?;
    Ok(())
}

fn valid_milestone_name(name: &str) -> Result<String> {
    required_line("name", name, MILESTONE_NAME_MAX)
}

impl Store {
    /// Freezes the whole scorecard as a milestone named `name` dated `taken_on`
    /// (`YYYY-MM-DD`).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `name` (1–120 characters) or `takenOn`;
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn take_milestone(&self, project: Uuid, name: &str, taken_on: &str) -> Result<Milestone> {
        let name = valid_milestone_name(name)?;
        let taken_on = required_date("takenOn", taken_on)?;
        self.with_tx(|tx| {
            editable(tx, project)?;
            let id = freeze(tx, project, &name, taken_on)?;
            touch(tx, project)?;
            Ok(load_milestone(tx, id)?.1)
        })
    }

    /// The project's milestones outside the trash, oldest first.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn milestones(&self, project: Uuid) -> Result<Vec<Milestone>> {
        self.read(|conn| {
            load_project(conn, project)?;
            milestones(conn, project)
        })
    }

    /// Renames a milestone; its frozen scorecard never changes.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `name`; [`CoreError::NotFound`].
    pub fn rename_milestone(&self, id: Uuid, name: &str) -> Result<Milestone> {
        let name = valid_milestone_name(name)?;
        self.with_tx(|tx| {
            let (project, _) = load_milestone(tx, id)?;
            editable(tx, project)?;
            tx.execute(
                "UPDATE milestones SET name = ?2 WHERE id = ?1",
                params![id.to_string(), name],
            )?;
            touch(tx, project)?;
            Ok(load_milestone(tx, id)?.1)
        })
    }

    /// Deletes a milestone to the trash (restorable with [`Store::restore_milestone`]).
    ///
    /// # Errors
    /// [`CoreError::NotFound`].
    pub fn trash_milestone(&self, id: Uuid) -> Result<Milestone> {
        self.set_milestone_trashed(id, true)
    }

    /// Brings a deleted milestone back from the trash.
    ///
    /// # Errors
    /// [`CoreError::NotFound`].
    pub fn restore_milestone(&self, id: Uuid) -> Result<Milestone> {
        self.set_milestone_trashed(id, false)
    }

    fn set_milestone_trashed(&self, id: Uuid, trashed: bool) -> Result<Milestone> {
        self.with_tx(|tx| {
            let (project, _) = load_milestone(tx, id)?;
            editable(tx, project)?;
            mark_milestone_trashed(tx, id, trashed)?;
            touch(tx, project)?;
            Ok(load_milestone(tx, id)?.1)
        })
    }

    /// Compares two scorecards of a project: milestone `from` (or the current scorecard when
    /// `None`) against milestone `to` (or the current one when `None`).
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project or a milestone of another project.
    pub fn compare_scorecards(
        &self,
        project: Uuid,
        from: Option<Uuid>,
        to: Option<Uuid>,
    ) -> Result<Vec<ComparisonRow>> {
        self.read(|conn| {
            load_project(conn, project)?;
            let side = |which: Option<Uuid>| -> Result<(Vec<Pillar>, Vec<FrozenAnswer>)> {
                match which {
                    None => Ok((
                        pillars(conn, project)?,
                        crate::storage::review::current_answers(conn, project)?,
                    )),
                    Some(id) => {
                        let (owner, m) = load_milestone(conn, id)?;
                        if owner != project {
                            return Err(CoreError::NotFound {
                                what: "milestone",
                                id: id.to_string(),
                            });
                        }
                        Ok((m.pillars, m.answers))
                    }
                }
            };
            let (before, before_answers) = side(from)?;
            let (after, after_answers) = side(to)?;
            Ok(with_risks(
                compare(&before, &after),
                &before_answers,
                &after_answers,
            ))
        })
    }

    /// Each pillar's score across the project's milestones, then now.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn trend(&self, project: Uuid) -> Result<Trend> {
        self.read(|conn| {
            load_project(conn, project)?;
            Ok(Trend::of(
                &milestones(conn, project)?,
                &pillars(conn, project)?,
            ))
        })
    }
}
