//! Workshops: the only writer of `workshops`, `workshop_pillars`, `workshop_participants`,
//! `workshop_votes` and `workshop_consensus`. Every vote is written as it arrives, so a
//! workshop survives the app stopping; ending writes the agreed scores through the scorecard's
//! writer and takes a milestone, all in one transaction.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::guards::{editable, touch};
use super::row::{cached, new_id, now, optional_time, stamp, time, uuid};
use super::scorecard::{freeze, mark_milestone_trashed, pillars, set_current_score};
use super::Store;
use crate::domain::workshop::{
    consensus, participant_name, Consensus, Participant, Phase, Vote, VoteDraft, Workshop,
    WorkshopSetup, PARTICIPANTS_MAX,
};
mod file;
mod votes;

pub(super) use file::{file_workshops, insert_workshop, participant_used_elsewhere};

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

/// Moves the workshop to pillar `index`: its last round, revealed when it has a consensus.
fn show_pillar(tx: &Connection, w: &Workshop, index: u32) -> Result<()> {
    let pillar = w
        .pillars
        .get(usize::try_from(index).unwrap_or(usize::MAX))
        .copied()
        .ok_or_else(|| CoreError::invalid("current", "there is no pillar there"))?;
    let round = w.last_round(pillar).max(1);
    let agreed = w.consensus.iter().any(|c| c.pillar == pillar);
    tx.execute(
        "UPDATE workshops SET current = ?2, round = ?3, phase = ?4 WHERE id = ?1",
        params![
            w.id.to_string(),
            index,
            round,
            if agreed { "revealed" } else { "voting" }
        ],
    )?;
    Ok(())
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

    /// Adds a participant under `name`.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for `name`; [`CoreError::Conflict`] when joining is locked, the
    /// workshop is full ([`PARTICIPANTS_MAX`]) or has ended.
    pub fn join_workshop(&self, id: Uuid, name: &str) -> Result<Participant> {
        let name = participant_name(name)?;
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            if w.joining_locked {
                return Err(CoreError::Conflict {
                    field: None,
                    message: "the facilitator has locked joining".into(),
                });
            }
            if w.participants.len() >= PARTICIPANTS_MAX {
                return Err(CoreError::Conflict {
                    field: None,
                    message: format!("the workshop is full ({PARTICIPANTS_MAX} participants)"),
                });
            }
            let participant = Participant {
                id: new_id(),
                name,
                joined_at: chrono::Utc::now(),
            };
            tx.execute(
                "INSERT INTO workshop_participants (id, workshop_id, name, joined_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    participant.id.to_string(),
                    id.to_string(),
                    participant.name,
                    super::row::stamp(participant.joined_at)
                ],
            )?;
            Ok(participant)
        })
    }

    /// Casts or changes `participant`'s vote on the current pillar's current round; returns it
    /// and whether it replaced an earlier vote of theirs in this round.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for `score` or `note`; [`CoreError::Conflict`] after the reveal
    /// (until a revote) or the end; [`CoreError::NotFound`] for a participant of another
    /// workshop.
    pub fn cast_vote(
        &self,
        id: Uuid,
        participant: Uuid,
        draft: &VoteDraft,
    ) -> Result<(Vote, bool)> {
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            let vote = draft.validate(w.notes_allowed)?;
            if !w.participants.iter().any(|p| p.id == participant) {
                return Err(CoreError::NotFound {
                    what: "participant",
                    id: participant.to_string(),
                });
            }
            if w.phase == Phase::Revealed {
                return Err(CoreError::Conflict {
                    field: None,
                    message: "the votes are revealed; wait for a revote or the next pillar".into(),
                });
            }
            let pillar = w.current_pillar().ok_or_else(|| not_found(id))?;
            let at = chrono::Utc::now();
            let replaced = upsert_vote(tx, id, participant, pillar, w.round, &vote, at)?;
            let stored = Vote {
                participant,
                pillar,
                round: w.round,
                score: vote.score,
                note: vote.note,
                at,
            };
            Ok((stored, replaced))
        })
    }

    /// Shows the current round's spread; votes close until a revote.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] after the end.
    pub fn reveal_votes(&self, id: Uuid) -> Result<Workshop> {
        self.with_tx(|tx| {
            running(tx, id)?;
            tx.execute(
                "UPDATE workshops SET phase = 'revealed' WHERE id = ?1",
                [id.to_string()],
            )?;
            load(tx, id)
        })
    }

    /// Starts the next round on the current pillar; the earlier rounds are kept.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] before the reveal (nothing to vote again on) or after the end.
    pub fn revote(&self, id: Uuid) -> Result<Workshop> {
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            if w.phase != Phase::Revealed {
                return Err(CoreError::Conflict {
                    field: None,
                    message: "reveal the votes before starting another round".into(),
                });
            }
            tx.execute(
                "UPDATE workshops SET round = round + 1, phase = 'voting' WHERE id = ?1",
                [id.to_string()],
            )?;
            load(tx, id)
        })
    }

    /// Moves to pillar `index` (0-based) of the workshop.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for an index past the last pillar; [`CoreError::Conflict`] after
    /// the end.
    pub fn show_workshop_pillar(&self, id: Uuid, index: u32) -> Result<Workshop> {
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            show_pillar(tx, &w, index)?;
            load(tx, id)
        })
    }

    /// Locks or unlocks joining.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] after the end.
    pub fn lock_joining(&self, id: Uuid, locked: bool) -> Result<Workshop> {
        self.with_tx(|tx| {
            running(tx, id)?;
            tx.execute(
                "UPDATE workshops SET joining_locked = ?2 WHERE id = ?1",
                params![id.to_string(), locked],
            )?;
            load(tx, id)
        })
    }

    /// Records the consensus on the current pillar (replacing an earlier one), which shows
    /// the pillar as settled.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for `score` or `rationale`; [`CoreError::Conflict`] after the end.
    pub fn agree(&self, id: Uuid, score: u8, rationale: &str) -> Result<Workshop> {
        let (score, rationale) = consensus(score, rationale)?;
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            let pillar = w.current_pillar().ok_or_else(|| not_found(id))?;
            tx.execute(
                "INSERT INTO workshop_consensus (workshop_id, pillar_id, score, rationale, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (workshop_id, pillar_id)
                 DO UPDATE SET score = excluded.score, rationale = excluded.rationale,
                               at = excluded.at",
                params![id.to_string(), pillar.to_string(), score, rationale, now()],
            )?;
            tx.execute(
                "UPDATE workshops SET phase = 'revealed' WHERE id = ?1",
                [id.to_string()],
            )?;
            load(tx, id)
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

/// Casts or replaces one vote: one per participant, pillar and round (the last one counts).
/// Returns whether an earlier vote was replaced, so the caller can say so.
fn upsert_vote(
    tx: &Connection,
    workshop: Uuid,
    participant: Uuid,
    pillar: Uuid,
    round: u32,
    vote: &VoteDraft,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool> {
    let replaced: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM workshop_votes WHERE workshop_id = ?1
                 AND participant_id = ?2 AND pillar_id = ?3 AND round = ?4)",
        )?
        .query_row(
            params![
                workshop.to_string(),
                participant.to_string(),
                pillar.to_string(),
                round
            ],
            |r| r.get(0),
        )?;
    cached(
        tx,
        "INSERT INTO workshop_votes (workshop_id, participant_id, pillar_id, round, score, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (workshop_id, participant_id, pillar_id, round)
         DO UPDATE SET score = excluded.score, note = excluded.note, at = excluded.at",
        params![
            workshop.to_string(),
            participant.to_string(),
            pillar.to_string(),
            round,
            vote.score,
            vote.note,
            stamp(at)
        ],
    )?;
    Ok(replaced)
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
