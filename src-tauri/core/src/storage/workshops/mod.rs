//! Workshops: the only writer of `workshops`, `workshop_pillars`, `workshop_participants`,
//! `workshop_votes` and `workshop_consensus`. Every vote is written as it arrives, so a
//! workshop survives the app stopping; ending writes the agreed scores through the scorecard's
//! writer and takes a milestone, all in one transaction. What happens in the room (joining,
//! voting, revealing, agreeing) is in `room`, votes files in `votes`, workshops in the project
//! file in `file`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::guards::{editable, touch};
use super::row::{new_id, now, optional_time, time, uuid};
use super::scorecard::{freeze, mark_milestone_trashed, pillars, set_current_score};
use super::Store;
use crate::domain::workshop::{Consensus, Participant, Phase, Vote, Workshop, WorkshopSetup};
mod file;
mod room;
mod votes;

pub(super) use file::{file_workshops, insert_workshop, participant_used_elsewhere};
use room::upsert_vote;

use crate::error::{CoreError, Result};

/// What importing votes files did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VotesImport {
    /// Participants added (a name already in the workshop votes as that participant).
    pub participants: u32,
    /// Votes written.
    pub votes: u32,
    /// Of those, how many replaced an earlier vote of the same participant in the same round
    /// (a second file of one person, or a name already in the room).
    pub replaced: u32,
    /// What was left out and why, one line each ("Zoë: no pillar named “Cost” here").
    pub left_out: Vec<String>,
}

/// What ending a workshop wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkshopRecord {
    /// The workshop.
    pub workshop_id: Uuid,
    /// How many pillars got their agreed score.
    pub scores_written: u32,
    /// The milestone "Workshop YYYY-MM-DD" taken after writing them.
    pub milestone_id: Uuid,
}

fn not_found(id: Uuid) -> CoreError {
    CoreError::NotFound {
        what: "workshop",
        id: id.to_string(),
    }
}

fn running(conn: &Connection, id: Uuid) -> Result<Workshop> {
    let w = load(conn, id)?;
    if w.ended_at.is_some() {
        return Err(CoreError::Conflict {
            field: None,
            message: "this workshop has ended".into(),
        });
    }
    Ok(w)
}

/// Loads a workshop with its participants, votes and consensus.
fn load(conn: &Connection, id: Uuid) -> Result<Workshop> {
    let mut w = conn
        .query_row(
            "SELECT project_id, anonymous, notes_allowed, current, round, phase,
                    joining_locked, started_at, ended_at, milestone_id
             FROM workshops WHERE id = ?1",
            [id.to_string()],
            |r| {
                let phase: String = r.get(5)?;
                let milestone: Option<String> = r.get(9)?;
                Ok(Workshop {
                    id,
                    project_id: uuid(r, 0)?,
                    pillars: Vec::new(),
                    anonymous: r.get(1)?,
                    notes_allowed: r.get(2)?,
                    current: r.get(3)?,
                    round: r.get(4)?,
                    phase: if phase == "revealed" {
                        Phase::Revealed
                    } else {
                        Phase::Voting
                    },
                    joining_locked: r.get(6)?,
                    started_at: time(r, 7)?,
                    ended_at: optional_time(r, 8)?,
                    participants: Vec::new(),
                    votes: Vec::new(),
                    consensus: Vec::new(),
                    milestone_id: milestone.and_then(|m| Uuid::parse_str(&m).ok()),
                })
            },
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let key = id.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT pillar_id FROM workshop_pillars WHERE workshop_id = ?1 ORDER BY position",
    )?;
    w.pillars = stmt
        .query_map([&key], |r| uuid(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, joined_at FROM workshop_participants
         WHERE workshop_id = ?1 ORDER BY joined_at, id",
    )?;
    w.participants = stmt
        .query_map([&key], |r| {
            Ok(Participant {
                id: uuid(r, 0)?,
                name: r.get(1)?,
                joined_at: time(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT participant_id, pillar_id, round, score, note, at FROM workshop_votes
         WHERE workshop_id = ?1 ORDER BY at, participant_id",
    )?;
    w.votes = stmt
        .query_map([&key], |r| {
            Ok(Vote {
                participant: uuid(r, 0)?,
                pillar: uuid(r, 1)?,
                round: r.get(2)?,
                score: r.get(3)?,
                note: r.get(4)?,
                at: time(r, 5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT pillar_id, score, rationale, at FROM workshop_consensus
         WHERE workshop_id = ?1 ORDER BY at",
    )?;
    w.consensus = stmt
        .query_map([&key], |r| {
            Ok(Consensus {
                pillar: uuid(r, 0)?,
                score: r.get(1)?,
                rationale: r.get(2)?,
                at: time(r, 3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(w)
}

impl Store {
    /// Starts a workshop on `project`'s pillars (all of them when `setup.pillars` is empty).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for `pillars` naming a pillar of another project, or a project
    /// without pillars; [`CoreError::Conflict`] when a workshop already runs on the project
    /// or the project is in the trash; [`CoreError::NotFound`] for an unknown project.
    pub fn start_workshop(&self, project: Uuid, setup: &WorkshopSetup) -> Result<Workshop> {
        self.with_tx(|tx| {
            editable(tx, project)?;
            let open: Option<String> = tx
                .query_row(
                    "SELECT id FROM workshops WHERE project_id = ?1 AND ended_at IS NULL",
                    [project.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if open.is_some() {
                return Err(CoreError::Conflict {
                    field: None,
                    message: "a workshop is already running on this project; end it first".into(),
                });
            }
            let all = pillars(tx, project)?;
            let chosen: Vec<_> = if setup.pillars.is_empty() {
                all.iter().collect()
            } else {
                setup
                    .pillars
                    .iter()
                    .map(|id| {
                        all.iter().find(|p| p.id == *id).ok_or_else(|| {
                            CoreError::invalid(
                                "pillars",
                                "names a pillar this project does not have",
                            )
                        })
                    })
                    .collect::<Result<_>>()?
            };
            if chosen.is_empty() {
                return Err(CoreError::invalid(
                    "pillars",
                    "must name at least one pillar (the scorecard has none)",
                ));
            }
            let id = new_id();
            tx.execute(
                "INSERT INTO workshops (id, project_id, anonymous, notes_allowed, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id.to_string(),
                    project.to_string(),
                    setup.anonymous,
                    setup.notes_allowed,
                    now()
                ],
            )?;
            for (position, p) in (0_u32..).zip(chosen.iter()) {
                tx.execute(
                    "INSERT INTO workshop_pillars (workshop_id, position, pillar_id, name)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id.to_string(), position, p.id.to_string(), p.name],
                )?;
            }
            load(tx, id)
        })
    }

    /// The workshop with everything recorded.
    ///
    /// # Errors
    /// [`CoreError::NotFound`].
    pub fn workshop(&self, id: Uuid) -> Result<Workshop> {
        self.read(|conn| load(conn, id))
    }

    /// The workshop running on `project`, if any (one left by an app that stopped).
    ///
    /// # Errors
    /// Storage errors only.
    pub fn running_workshop(&self, project: Uuid) -> Result<Option<Workshop>> {
        self.read(|conn| {
            let id: Option<String> = conn
                .query_row(
                    "SELECT id FROM workshops WHERE project_id = ?1 AND ended_at IS NULL",
                    [project.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            id.and_then(|i| Uuid::parse_str(&i).ok())
                .map(|i| load(conn, i))
                .transpose()
        })
    }

    /// Every workshop of `project`, newest first.
    ///
    /// # Errors
    /// Storage errors only.
    pub fn workshops(&self, project: Uuid) -> Result<Vec<Workshop>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id FROM workshops WHERE project_id = ?1 ORDER BY started_at DESC, id",
            )?;
            let ids: Vec<Uuid> = stmt
                .query_map([project.to_string()], |r| uuid(r, 0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.into_iter().map(|id| load(conn, id)).collect()
        })
    }

    /// Ends the workshop: writes every agreed score into the scorecard, takes the milestone
    /// "Workshop `today`", and closes the workshop, in one transaction.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] when it has ended already or the project is in the trash.
    pub fn end_workshop(&self, id: Uuid, today: NaiveDate) -> Result<WorkshopRecord> {
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            editable(tx, w.project_id)?;
            let mut written = 0_u32;
            for c in &w.consensus {
                if let Some(before) = set_current_score(tx, c.pillar, Some(c.score))? {
                    written += 1;
                    tx.execute(
                        "UPDATE workshop_consensus SET previous_score = ?3
                         WHERE workshop_id = ?1 AND pillar_id = ?2",
                        params![id.to_string(), c.pillar.to_string(), before],
                    )?;
                }
            }
            let milestone = freeze(tx, w.project_id, &format!("Workshop {today}"), today)?;
            tx.execute(
                "UPDATE workshops SET ended_at = ?2, milestone_id = ?3 WHERE id = ?1",
                params![id.to_string(), now(), milestone.to_string()],
            )?;
            touch(tx, w.project_id)?;
            Ok(WorkshopRecord {
                workshop_id: id,
                scores_written: written,
                milestone_id: milestone,
            })
        })
    }

    /// Undoes what ending wrote: the pillars get their scores from before, the milestone goes
    /// to the trash. The workshop's own record stays.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] when the workshop has not ended or was undone already.
    pub fn undo_workshop_end(&self, id: Uuid) -> Result<Workshop> {
        self.with_tx(|tx| {
            let w = load(tx, id)?;
            let milestone = match (w.ended_at, w.milestone_id) {
                (Some(_), Some(m)) => m,
                _ => {
                    return Err(CoreError::Conflict {
                        field: None,
                        message: "there is no recorded workshop end to undo".into(),
                    })
                }
            };
            editable(tx, w.project_id)?;
            let mut stmt = tx.prepare(
                "SELECT pillar_id, previous_score FROM workshop_consensus WHERE workshop_id = ?1",
            )?;
            let previous: Vec<(Uuid, Option<u8>)> = stmt
                .query_map([id.to_string()], |r| Ok((uuid(r, 0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (pillar, score) in previous {
                set_current_score(tx, pillar, score)?;
            }
            mark_milestone_trashed(tx, milestone, true)?;
            tx.execute(
                "UPDATE workshops SET milestone_id = NULL WHERE id = ?1",
                [id.to_string()],
            )?;
            touch(tx, w.project_id)?;
            load(tx, id)
        })
    }
}

/// The latest workshop of `project` that ended on or before `as_of`, with its pillars' names
/// as they were, for the report.
pub(super) fn latest_ended(
    conn: &Connection,
    project: Uuid,
    as_of: NaiveDate,
) -> Result<Option<crate::report::WorkshopResults>> {
    let until = format!("{}T23:59:59.999Z", as_of);
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM workshops
             WHERE project_id = ?1 AND ended_at IS NOT NULL AND ended_at <= ?2
             ORDER BY ended_at DESC, id DESC LIMIT 1",
            params![project.to_string(), until],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id.and_then(|i| Uuid::parse_str(&i).ok()) else {
        return Ok(None);
    };
    Ok(Some(crate::report::WorkshopResults {
        workshop: load(conn, id)?,
        pillar_names: pillar_names(conn, id)?,
    }))
}

/// Each voted pillar's id and its name at the workshop, in order.
fn pillar_names(conn: &Connection, id: Uuid) -> Result<Vec<(Uuid, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pillar_id, name FROM workshop_pillars WHERE workshop_id = ?1 ORDER BY position",
    )?;
    let names = stmt
        .query_map([id.to_string()], |r| Ok((uuid(r, 0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}
