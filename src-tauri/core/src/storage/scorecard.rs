//! Scorecard rows: pillars (add, edit, reorder, remove), the only writer of `pillars`. The
//! milestones (take, rename, trash, restore) and the compare and trend queries over them are
//! in `milestone`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::guards::{editable, load as load_project, touch};
use super::row::{cached, date, new_id, now, reordered, uuid};
use super::Store;
use crate::domain::scorecard::{Scorecard, ScorecardTab, ValidPillar};
use crate::domain::{Pillar, PillarDraft, ScoreLevel, Summary};
use crate::error::{CoreError, Result};

mod milestone;

pub(super) use milestone::{
    freeze, insert_milestone, mark_milestone_sent, mark_milestone_trashed, milestone_pillars,
    milestones, milestones_on, put_milestone_in_trash, NewMilestone,
};

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

/// `project`'s scorecard with its summary as of `today`, its latest milestone and `levels`.
fn scorecard(
    conn: &Connection,
    project: Uuid,
    today: NaiveDate,
    levels: Vec<ScoreLevel>,
) -> Result<Scorecard> {
    load_project(conn, project)?;
    let pillars = pillars(conn, project)?;
    let last = milestones(conn, project)?.pop();
    Ok(Scorecard {
        summary: Summary::of(&pillars, today),
        pillars,
        levels,
        last_milestone: last,
    })
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
        self.read(|conn| scorecard(conn, project, today, levels))
    }

    /// The Scorecard tab's reads in one: the scorecard as [`Store::scorecard`] reads it, the
    /// review as [`Store::review`] does, and the revision, all in one read transaction.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn scorecard_tab(&self, project: Uuid, today: NaiveDate) -> Result<ScorecardTab> {
        let levels = self.score_levels()?;
        self.read(|conn| {
            Ok(ScorecardTab {
                revision: super::meta::revision(conn)?,
                scorecard: scorecard(conn, project, today, levels)?,
                review: super::review::review(conn, project)?,
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
}
