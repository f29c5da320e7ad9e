//! Workshops in the project file: reading a project's workshops out as the file holds them,
//! and writing a file's workshops in (the only other `INSERT INTO` the workshop tables have,
//! inside this writer module).

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{load, pillar_names};
use crate::error::Result;
use crate::project_file::{
    FileConsensus, FileParticipant, FileVote, FileWorkshop, FileWorkshopPillar,
};
use crate::storage::row::{cached, stamp, uuid};

/// The workshops of `project` as the project file holds them, oldest first. A milestone
/// reference is kept only when that milestone is among `milestones` (the ones exported).
pub(in crate::storage) fn file_workshops(
    conn: &Connection,
    project: Uuid,
    milestones: &[Uuid],
) -> Result<Vec<FileWorkshop>> {
    let mut stmt =
        conn.prepare("SELECT id FROM workshops WHERE project_id = ?1 ORDER BY started_at, id")?;
    let ids: Vec<Uuid> = stmt
        .query_map([project.to_string()], |r| uuid(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let w = load(conn, id)?;
            let key = id.to_string();
            let pillars = pillar_names(conn, id)?
                .into_iter()
                .map(|(pillar_id, name)| FileWorkshopPillar { pillar_id, name })
                .collect();
            let mut before = conn.prepare_cached(
                "SELECT pillar_id, previous_score FROM workshop_consensus WHERE workshop_id = ?1",
            )?;
            let previous: Vec<(Uuid, Option<u8>)> = before
                .query_map([&key], |r| Ok((uuid(r, 0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(FileWorkshop {
                id,
                started_at: w.started_at,
                ended_at: w.ended_at,
                anonymous: w.anonymous,
                notes_allowed: w.notes_allowed,
                pillars,
                participants: w
                    .participants
                    .into_iter()
                    .map(|p| FileParticipant {
                        id: p.id,
                        name: p.name,
                        joined_at: p.joined_at,
                    })
                    .collect(),
                votes: w
                    .votes
                    .into_iter()
                    .map(|v| FileVote {
                        participant_id: v.participant,
                        pillar_id: v.pillar,
                        round: v.round,
                        score: v.score,
                        note: v.note,
                        at: v.at,
                    })
                    .collect(),
                consensus: w
                    .consensus
                    .into_iter()
                    .map(|c| FileConsensus {
                        previous_score: previous
                            .iter()
                            .find(|(p, _)| *p == c.pillar)
                            .and_then(|(_, s)| *s),
                        pillar_id: c.pillar,
                        score: c.score,
                        rationale: c.rationale,
                        at: c.at,
                    })
                    .collect(),
                milestone_id: w.milestone_id.filter(|m| milestones.contains(m)),
            })
        })
        .collect()
}

/// Writes a workshop read from a project file into `project`, mapping every id through `id`
/// (itself, or a fresh one for a copy). It starts on its first pillar, votes closed if it has
/// ended.
pub(in crate::storage) fn insert_workshop(
    conn: &Connection,
    project: Uuid,
    w: &FileWorkshop,
    id: &dyn Fn(Uuid) -> Uuid,
) -> Result<()> {
    let workshop = id(w.id).to_string();
    conn.execute(
        "INSERT INTO workshops (id, project_id, anonymous, notes_allowed, phase, started_at,
                                ended_at, milestone_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            workshop,
            project.to_string(),
            w.anonymous,
            w.notes_allowed,
            if w.ended_at.is_some() {
                "revealed"
            } else {
                "voting"
            },
            stamp(w.started_at),
            w.ended_at.map(stamp),
            w.milestone_id.map(|m| id(m).to_string()),
        ],
    )?;
    for (position, p) in (0_u32..).zip(&w.pillars) {
        cached(
            conn,
            "INSERT INTO workshop_pillars (workshop_id, position, pillar_id, name)
             VALUES (?1, ?2, ?3, ?4)",
            params![workshop, position, id(p.pillar_id).to_string(), p.name],
        )?;
    }
    for p in &w.participants {
        cached(
            conn,
            "INSERT INTO workshop_participants (id, workshop_id, name, joined_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![id(p.id).to_string(), workshop, p.name, stamp(p.joined_at)],
        )?;
    }
    for v in &w.votes {
        cached(
            conn,
            "INSERT INTO workshop_votes
                 (workshop_id, participant_id, pillar_id, round, score, note, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                workshop,
                id(v.participant_id).to_string(),
                id(v.pillar_id).to_string(),
                v.round,
                v.score,
                v.note,
                stamp(v.at)
            ],
        )?;
    }
    for c in &w.consensus {
        cached(
            conn,
            "INSERT INTO workshop_consensus
                 (workshop_id, pillar_id, score, rationale, at, previous_score)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                workshop,
                id(c.pillar_id).to_string(),
                c.score,
                c.rationale,
                stamp(c.at),
                c.previous_score
            ],
        )?;
    }
    Ok(())
}

/// True when participant `id` belongs to a workshop of a project other than `project`.
pub(in crate::storage) fn participant_used_elsewhere(
    conn: &Connection,
    id: Uuid,
    project: Uuid,
) -> Result<bool> {
    let owner: Option<String> = conn
        .query_row(
            "SELECT w.project_id FROM workshop_participants p
             JOIN workshops w ON w.id = p.workshop_id WHERE p.id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(owner.is_some_and(|o| o != project.to_string()))
}
