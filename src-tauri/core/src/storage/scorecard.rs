//! Scorecard rows: pillars (add, edit, reorder, remove) and milestones (take, rename, trash,
//! restore), plus the compare and trend queries over them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::guards::{editable, load as load_project, touch};
use super::row::{cached, date, new_id, now, optional_time, reordered, time, uuid, Shelf};
use super::Store;
use crate::domain::date::required_date;
use crate::domain::review::FrozenAnswer;
use crate::domain::scorecard::{
    compare, with_risks, ComparisonRow, Milestone, Scorecard, Trend, ValidPillar,
    MILESTONE_NAME_MAX,
};
use crate::domain::text::required_line;
use crate::domain::{Pillar, PillarDraft, ScoreLevel, Summary};
use crate::error::{CoreError, Result};

const PILLAR_COLUMNS: &str = "id, position, name, description, current_score, target_score, \
                              evidence, owner, next_checkpoint, internal_note";

/// Reads a pillar from `PILLAR_COLUMNS` starting at column `o`.
fn pillar_at(row: &Row<'_>, o: usize) -> rusqlite::Result<Pillar> {
    Ok(Pillar {
        id: uuid(row, o)?,
        position: row.get(o + 1)?,
        name: row.get(o + 2)?,
        description: row.get(o + 3)?,
        current_score: row.get(o + 4)?,
        target_score: row.get(o + 5)?,
        evidence: row.get(o + 6)?,
        owner: row.get(o + 7)?,
        next_checkpoint: date(row, o + 8)?,
        internal_note: row.get(o + 9)?,
    })
}

fn pillar_from_row(row: &Row<'_>) -> rusqlite::Result<Pillar> {
    pillar_at(row, 0)
}

/// Refuses a pillar name another pillar of `project` (other than `except`) already has,
/// ignoring case and surrounding spaces, since two pillars of one name cannot be told apart
/// in the radar, the report or a Markdown import.
fn refuse_taken_name(
    conn: &Connection,
    project: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<()> {
    let key = name.trim().to_lowercase();
    let taken = pillars(conn, project)?
        .into_iter()
        .any(|p| Some(p.id) != except && p.name.trim().to_lowercase() == key);
    if taken {
        return Err(CoreError::Conflict {
            field: Some("name"),
            message: format!(
                "This scorecard already has a pillar named “{}”.",
                name.trim()
            ),
        });
    }
    Ok(())
}

pub(super) fn pillars(conn: &Connection, project: Uuid) -> Result<Vec<Pillar>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PILLAR_COLUMNS} FROM pillars WHERE project_id = ?1 ORDER BY position"
    ))?;
    let rows = stmt.query_map([project.to_string()], pillar_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn load_pillar(conn: &Connection, id: Uuid) -> Result<(Uuid, Pillar)> {
    conn.query_row(
        &format!("SELECT project_id, {PILLAR_COLUMNS} FROM pillars WHERE id = ?1"),
        [id.to_string()],
        |row| Ok((uuid(row, 0)?, pillar_at(row, 1)?)),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: "pillar",
        id: id.to_string(),
    })
}

/// The position after the project's last pillar.
pub(super) fn next_position(conn: &Connection, project: Uuid) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM pillars WHERE project_id = ?1",
        [project.to_string()],
        |r| r.get(0),
    )?)
}

/// The values of a pillar's row after its owner: position and the fields.
fn pillar_values<'a>(position: i64, p: &'a ValidPillar) -> [Box<dyn rusqlite::ToSql + 'a>; 9] {
    [
        Box::new(position),
        Box::new(p.name.as_str()),
        Box::new(p.description.as_str()),
        Box::new(p.current_score),
        Box::new(p.target_score),
        Box::new(p.evidence.as_str()),
        Box::new(p.owner.as_str()),
        Box::new(p.next_checkpoint.map(|d| d.to_string())),
        Box::new(p.internal_note.as_str()),
    ]
}

/// Writes pillar `id` of `project` at `position`, created and changed at `at`: the one
/// `INSERT INTO pillars`.
pub(super) fn insert_pillar(
    conn: &Connection,
    project: Uuid,
    id: Uuid,
    position: i64,
    p: &ValidPillar,
    at: &str,
) -> Result<()> {
    let mut values: Vec<Box<dyn rusqlite::ToSql + '_>> =
        vec![Box::new(id.to_string()), Box::new(project.to_string())];
    values.extend(pillar_values(position, p));
    values.push(Box::new(at));
    cached(
        conn,
        "INSERT INTO pillars (id, project_id, position, name, description, current_score,
                target_score, evidence, owner, next_checkpoint, internal_note, created_at,
                updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

/// Replaces the editable fields of pillar `id`.
pub(super) fn write_pillar(conn: &Connection, id: Uuid, v: &ValidPillar) -> Result<()> {
    cached(
        conn,
        "UPDATE pillars SET name = ?2, description = ?3, current_score = ?4, target_score = ?5,
                evidence = ?6, owner = ?7, next_checkpoint = ?8, internal_note = ?10,
                updated_at = ?9
         WHERE id = ?1",
        params![
            id.to_string(),
            v.name,
            v.description,
            v.current_score,
            v.target_score,
            v.evidence,
            v.owner,
            v.next_checkpoint.map(|d| d.to_string()),
            now(),
            v.internal_note,
        ],
    )?;
    Ok(())
}

/// Rewrites positions 0, 1, 2, … in the given order.
fn renumber(conn: &Connection, order: &[Uuid]) -> Result<()> {
    for (position, id) in (0_i64..).zip(order) {
        cached(
            conn,
            "UPDATE pillars SET position = ?2 WHERE id = ?1",
            params![id.to_string(), position],
        )?;
    }
    Ok(())
}

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
        answers: super::review::frozen_answers(conn, id)?,
        sent_to: row.get(5)?,
    })
}

const MILESTONE_COLUMNS: &str = "id, name, taken_on, created_at, trashed_at, sent_to";

/// The project's milestones outside the trash, oldest first.
pub(super) fn milestones(conn: &Connection, project: Uuid) -> Result<Vec<Milestone>> {
    milestones_on(conn, project, Shelf::Live)
}

/// The project's milestones on `shelf`, oldest first.
pub(super) fn milestones_on(
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
pub(super) fn put_milestone_in_trash(conn: &Connection, id: Uuid, at: &str) -> Result<()> {
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
pub(super) fn milestone_pillars(conn: &Connection, id: Uuid) -> Result<Option<Vec<Pillar>>> {
    match load_milestone(conn, id) {
        Ok((_, m)) => Ok(Some(m.pillars)),
        Err(CoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A new milestone row, with the id and creation time its writer decided.
pub(super) struct NewMilestone<'a> {
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
pub(super) fn insert_milestone(
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
    super::review::freeze_answers(conn, m.id, m.answers)
}

/// Takes a milestone of `project`'s scorecard as it is in `tx` (a workshop's end takes one
/// after writing the agreed scores); returns its id.
pub(super) fn freeze(
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
            answers: &super::review::current_answers(tx, project)?,
        },
    )?;
    Ok(id)
}

/// Marks a milestone as the snapshot of a report sent to `sent_to` ("Board (Acme Capital)").
pub(super) fn mark_milestone_sent(tx: &Connection, id: Uuid, sent_to: &str) -> Result<()> {
    tx.execute(
        "UPDATE milestones SET sent_to = ?2 WHERE id = ?1",
        params![id.to_string(), sent_to],
    )?;
    Ok(())
}

/// Moves a milestone into the trash or out of it.
pub(super) fn mark_milestone_trashed(tx: &Connection, id: Uuid, trashed: bool) -> Result<()> {
    tx.execute(
        "UPDATE milestones SET trashed_at = CASE WHEN ?2 THEN COALESCE(trashed_at, ?3) END
         WHERE id = ?1",
        params![id.to_string(), trashed, now()],
    )?;
    Ok(())
}

/// Sets one pillar's current score (a workshop's consensus, or its undo); returns the score
/// it had, or `None` when the pillar is gone.
pub(super) fn set_current_score(
    tx: &Connection,
    pillar: Uuid,
    score: Option<u8>,
) -> Result<Option<Option<u8>>> {
    let before: Option<Option<u8>> = tx
        .query_row(
            "SELECT current_score FROM pillars WHERE id = ?1",
            [pillar.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if before.is_some() {
        tx.execute(
            "UPDATE pillars SET current_score = ?2, updated_at = ?3 WHERE id = ?1",
            params![pillar.to_string(), score, now()],
        )?;
    }
    Ok(before)
}

fn valid_milestone_name(name: &str) -> Result<String> {
    required_line("name", name, MILESTONE_NAME_MAX)
}

impl Store {
    /// The 1–5 legend.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails.
    pub fn score_levels(&self) -> Result<Vec<ScoreLevel>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare("SELECT level, name, meaning FROM score_levels ORDER BY level")?;
            let rows = stmt.query_map([], |r| {
                Ok(ScoreLevel {
                    level: r.get(0)?,
                    name: r.get(1)?,
                    meaning: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The project's scorecard with its summary as of `today` and its latest milestone.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn scorecard(&self, project: Uuid, today: NaiveDate) -> Result<Scorecard> {
        let levels = self.score_levels()?;
        self.read(|conn| {
            load_project(conn, project)?;
            let pillars = pillars(conn, project)?;
            let last = milestones(conn, project)?.pop();
            Ok(Scorecard {
                summary: Summary::of(&pillars, today),
                pillars,
                levels,
                last_milestone: last,
            })
        })
    }

    /// Adds a pillar at the end of the project's scorecard.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for a bad field; [`CoreError::NotFound`]; [`CoreError::Conflict`]
    /// for a project in the trash.
    pub fn add_pillar(&self, project: Uuid, draft: &PillarDraft) -> Result<Pillar> {
        let valid = draft.validate()?;
        self.with_tx(|tx| {
            editable(tx, project)?;
            refuse_taken_name(tx, project, &valid.name, None)?;
            let id = new_id();
            insert_pillar(tx, project, id, next_position(tx, project)?, &valid, &now())?;
            touch(tx, project)?;
            Ok(load_pillar(tx, id)?.1)
        })
    }

    /// Replaces a pillar's name, scores, evidence, owner and checkpoint.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the bad field (e.g. `currentScore` for 6);
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn update_pillar(&self, id: Uuid, draft: &PillarDraft) -> Result<Pillar> {
        let valid = draft.validate()?;
        self.with_tx(|tx| {
            let (project, _) = load_pillar(tx, id)?;
            editable(tx, project)?;
            refuse_taken_name(tx, project, &valid.name, Some(id))?;
            write_pillar(tx, id, &valid)?;
            touch(tx, project)?;
            Ok(load_pillar(tx, id)?.1)
        })
    }

    /// Moves a pillar to 0-based `index` (clamped to the scorecard) and returns the new order.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn move_pillar(&self, id: Uuid, index: u32) -> Result<Vec<Pillar>> {
        self.with_tx(|tx| {
            let (project, _) = load_pillar(tx, id)?;
            editable(tx, project)?;
            let order = reordered(pillars(tx, project)?.into_iter().map(|p| p.id), id, index);
            renumber(tx, &order)?;
            touch(tx, project)?;
            pillars(tx, project)
        })
    }

    /// Removes a pillar from the scorecard. Milestones taken before keep their copy of it.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn remove_pillar(&self, id: Uuid) -> Result<Vec<Pillar>> {
        self.with_tx(|tx| {
            let (project, _) = load_pillar(tx, id)?;
            editable(tx, project)?;
            tx.execute("DELETE FROM pillars WHERE id = ?1", [id.to_string()])?;
            let order: Vec<Uuid> = pillars(tx, project)?.into_iter().map(|p| p.id).collect();
            renumber(tx, &order)?;
            touch(tx, project)?;
            pillars(tx, project)
        })
    }

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
                        super::review::current_answers(conn, project)?,
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
