//! The workshop in the room: participants joining, votes cast (one per participant, pillar
//! and round), revealing, voting again, moving between pillars, locking joining, and the
//! consensus the room agrees on.

use rusqlite::{params, Connection};
use uuid::Uuid;

use super::{load, not_found, running};
use crate::domain::workshop::{
    consensus, participant_name, Participant, Phase, Vote, VoteDraft, Workshop, PARTICIPANTS_MAX,
};
use crate::error::{CoreError, Result};
use crate::storage::row::{cached, new_id, now, stamp};
use crate::storage::Store;

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

/// Casts or replaces one vote: one per participant, pillar and round (the last one counts).
/// Returns whether an earlier vote was replaced, so the caller can say so.
pub(super) fn upsert_vote(
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

impl Store {
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
                    stamp(participant.joined_at)
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
}
