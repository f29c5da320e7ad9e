//! Votes files in and out (remote or asynchronous participants, docs/workshop.md): a
//! participant's own scores written as a votes file, and several such files imported into a
//! running workshop as a round, through this writer module.

use rusqlite::params;
use uuid::Uuid;

use super::{pillar_names, running, upsert_vote};
use crate::domain::workshop::{
    participant_name, Participant, PillarVote, VoteDraft, VotesFile, PARTICIPANTS_MAX,
    VOTES_FORMAT, VOTES_VERSION,
};
use crate::error::{CoreError, Result};
use crate::storage::row::{new_id, stamp};
use crate::storage::scorecard::pillars;
use crate::storage::Store;

use super::VotesImport;

impl Store {
    /// Imports votes files (remote or asynchronous participants) as votes in one
    /// transaction: each file's participant joins (or is found by name), and each vote goes to
    /// the workshop pillar of that name, in the round on screen for the current pillar and the
    /// latest round of the others. A later vote of the same person in the same round replaces
    /// the earlier one, as a vote changed on a phone does.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] after the end, or when the participants would exceed
    /// [`PARTICIPANTS_MAX`] (nothing is written then).
    pub fn import_votes(&self, id: Uuid, files: &[VotesFile]) -> Result<VotesImport> {
        self.with_tx(|tx| {
            let w = running(tx, id)?;
            let names = pillar_names(tx, id)?;
            let mut participants: Vec<Participant> = w.participants.clone();
            let mut report = VotesImport {
                participants: 0,
                votes: 0,
                replaced: 0,
                left_out: Vec::new(),
            };
            for file in files {
                let who = match participants
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(&file.participant))
                {
                    Some(p) => p.id,
                    None => {
                        if participants.len() >= PARTICIPANTS_MAX {
                            return Err(CoreError::Conflict {
                                field: None,
                                message: format!(
                                    "the workshop would have more than {PARTICIPANTS_MAX} participants"
                                ),
                            });
                        }
                        let p = Participant {
                            id: new_id(),
                            name: file.participant.clone(),
                            joined_at: chrono::Utc::now(),
                        };
                        tx.execute(
                            "INSERT INTO workshop_participants (id, workshop_id, name, joined_at)
                             VALUES (?1, ?2, ?3, ?4)",
                            params![p.id.to_string(), id.to_string(), p.name, stamp(p.joined_at)],
                        )?;
                        report.participants += 1;
                        participants.push(p.clone());
                        p.id
                    }
                };
                for v in &file.votes {
                    let Some((pillar, _)) = names
                        .iter()
                        .find(|(_, name)| name.trim().eq_ignore_ascii_case(v.pillar.trim()))
                    else {
                        report.left_out.push(format!(
                            "{}: no pillar named \u{201c}{}\u{201d} in this workshop",
                            file.participant, v.pillar
                        ));
                        continue;
                    };
                    let round = if w.current_pillar() == Some(*pillar) {
                        w.round
                    } else {
                        w.last_round(*pillar).max(1)
                    };
                    let vote = VoteDraft {
                        score: v.score,
                        note: v.note.clone(),
                    };
                    if upsert_vote(tx, id, who, *pillar, round, &vote, chrono::Utc::now())? {
                        report.replaced += 1;
                    }
                    report.votes += 1;
                }
            }
            Ok(report)
        })
    }

    /// `participant`'s scores for a workshop: the current scores of `project` as a votes
    /// file (a pillar not scored yet is "don't know").
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for the name; [`CoreError::NotFound`] for the project.
    pub fn scores_as_votes(&self, project: Uuid, participant: &str) -> Result<VotesFile> {
        let participant = participant_name(participant)?;
        self.read(|conn| {
            let p = crate::storage::guards::load(conn, project)?;
            Ok(VotesFile {
                format: VOTES_FORMAT.to_owned(),
                version: VOTES_VERSION,
                participant,
                project: p.name,
                votes: pillars(conn, project)?
                    .into_iter()
                    .map(|pillar| PillarVote {
                        pillar: pillar.name,
                        score: pillar.current_score,
                        note: pillar.evidence.chars().take(500).collect(),
                    })
                    .collect(),
            })
        })
    }
}
