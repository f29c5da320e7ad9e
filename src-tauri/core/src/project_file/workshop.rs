//! Workshops in the project file (format version 2): who joined, every round's votes and notes,
//! and the consensus per pillar, so a plan moved to another laptop keeps how its scores were
//! agreed.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::schema;
use super::validate::{at, timestamp, Ids};
use crate::domain::scorecard::PILLAR_NAME_MAX;
use crate::domain::text::required_line;
use crate::domain::workshop::{
    consensus, participant_name, VoteDraft, PARTICIPANTS_MAX, RATIONALE_MAX, VOTE_NOTE_MAX,
};
use crate::error::{CoreError, Result};

/// A workshop: the room's scoring session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileWorkshop {
    /// The workshop's UUID.
    pub id: Uuid,
    /// When it started (RFC 3339).
    #[schemars(schema_with = "schema::time")]
    pub started_at: DateTime<Utc>,
    /// When it ended, or null while it still runs.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_time")]
    pub ended_at: Option<DateTime<Utc>>,
    /// The facilitator saw counts, never names.
    #[serde(default)]
    pub anonymous: bool,
    /// Participants could add notes.
    #[serde(default)]
    pub notes_allowed: bool,
    /// The pillars voted on, in order, with their names then.
    pub pillars: Vec<FileWorkshopPillar>,
    /// Everyone who joined (at most 100).
    #[serde(default)]
    #[schemars(length(max = PARTICIPANTS_MAX))]
    pub participants: Vec<FileParticipant>,
    /// Every vote of every round.
    #[serde(default)]
    pub votes: Vec<FileVote>,
    /// The consensus per pillar.
    #[serde(default)]
    pub consensus: Vec<FileConsensus>,
    /// The milestone taken when it ended (one of `milestones`), or null.
    #[serde(default)]
    pub milestone_id: Option<Uuid>,
}

/// A pillar a workshop voted on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileWorkshopPillar {
    /// The pillar's UUID (it may have been removed from the scorecard since).
    pub pillar_id: Uuid,
    /// Its name at the time, 1–120 characters.
    #[schemars(length(min = 1, max = PILLAR_NAME_MAX))]
    pub name: String,
}

/// A participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileParticipant {
    /// The participant's UUID.
    pub id: Uuid,
    /// Display name, 1–60 characters.
    #[schemars(length(min = 1, max = crate::domain::workshop::PARTICIPANT_NAME_MAX))]
    pub name: String,
    /// When they joined.
    #[schemars(schema_with = "schema::time")]
    pub joined_at: DateTime<Utc>,
}

/// One vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileVote {
    /// Who (one of `participants`).
    pub participant_id: Uuid,
    /// On which pillar (one of `pillars`).
    pub pillar_id: Uuid,
    /// The round, from 1.
    #[schemars(range(min = 1))]
    pub round: u32,
    /// 1–5, or null for "don't know".
    #[schemars(schema_with = "schema::optional_score")]
    pub score: Option<u8>,
    /// The participant's note, at most 500 characters.
    #[serde(default)]
    #[schemars(length(max = VOTE_NOTE_MAX))]
    pub note: String,
    /// When it was cast (or last changed).
    #[schemars(schema_with = "schema::time")]
    pub at: DateTime<Utc>,
}

/// The consensus on one pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileConsensus {
    /// The pillar (one of `pillars`).
    pub pillar_id: Uuid,
    /// The agreed score, 1–5.
    #[schemars(range(min = 1, max = 5))]
    pub score: u8,
    /// Why, at most 2,000 characters.
    #[serde(default)]
    #[schemars(length(max = RATIONALE_MAX))]
    pub rationale: String,
    /// When it was recorded.
    #[schemars(schema_with = "schema::time")]
    pub at: DateTime<Utc>,
    /// The pillar's score before the workshop wrote this one (for undo), or null.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_score")]
    pub previous_score: Option<u8>,
}

/// Checks one workshop: names, scores and notes by the domain's rules, and that every vote and
/// consensus refers to a participant and a pillar of the workshop, and its milestone to one of
/// the file's milestones.
pub(super) fn validate(
    w: &FileWorkshop,
    here: &str,
    workshop_ids: &mut Ids,
    milestones: &[Uuid],
) -> Result<FileWorkshop> {
    workshop_ids.claim(w.id, format!("{here}.id"))?;
    timestamp(format!("{here}.startedAt"), w.started_at)?;
    if let Some(end) = w.ended_at {
        timestamp(format!("{here}.endedAt"), end)?;
    }
    if w.pillars.is_empty() {
        return Err(CoreError::invalid_file(
            format!("{here}.pillars"),
            "must name at least one pillar",
        ));
    }
    let mut clean = w.clone();
    for (i, p) in w.pillars.iter().enumerate() {
        let name = required_line("name", &p.name, PILLAR_NAME_MAX)
            .map_err(at(&format!("{here}.pillars[{i}]"), &[]))?;
        if let Some(pillar) = clean.pillars.get_mut(i) {
            pillar.name = name;
        }
    }
    if w.participants.len() > PARTICIPANTS_MAX {
        return Err(CoreError::invalid_file(
            format!("{here}.participants"),
            format!("must hold at most {PARTICIPANTS_MAX} participants"),
        ));
    }
    let mut people = Ids::default();
    for (i, p) in w.participants.iter().enumerate() {
        let path = format!("{here}.participants[{i}]");
        people.claim(p.id, format!("{path}.id"))?;
        let name = participant_name(&p.name).map_err(at(&path, &[]))?;
        timestamp(format!("{path}.joinedAt"), p.joined_at)?;
        if let Some(participant) = clean.participants.get_mut(i) {
            participant.name = name;
        }
    }
    let has_pillar = |id: Uuid| w.pillars.iter().any(|p| p.pillar_id == id);
    let mut seen = std::collections::HashSet::new();
    for (i, v) in w.votes.iter().enumerate() {
        let path = format!("{here}.votes[{i}]");
        if !w.participants.iter().any(|p| p.id == v.participant_id) {
            return Err(CoreError::invalid_file(
                format!("{path}.participantId"),
                format!(
                    "no participant with the id {} in this workshop",
                    v.participant_id
                ),
            ));
        }
        if !has_pillar(v.pillar_id) {
            return Err(CoreError::invalid_file(
                format!("{path}.pillarId"),
                format!("no pillar with the id {} in this workshop", v.pillar_id),
            ));
        }
        if v.round == 0 {
            return Err(CoreError::invalid_file(
                format!("{path}.round"),
                "must be 1 or more",
            ));
        }
        if !seen.insert((v.participant_id, v.pillar_id, v.round)) {
            return Err(CoreError::invalid_file(
                path,
                "a second vote of one participant on one pillar in one round",
            ));
        }
        // Notes are checked as written, whether or not notes were allowed then.
        let vote = VoteDraft {
            score: v.score,
            note: v.note.clone(),
        }
        .validate(true)
        .map_err(at(&path, &[]))?;
        timestamp(format!("{path}.at"), v.at)?;
        if let Some(stored) = clean.votes.get_mut(i) {
            stored.note = vote.note;
        }
    }
    let mut agreed = std::collections::HashSet::new();
    for (i, c) in w.consensus.iter().enumerate() {
        let path = format!("{here}.consensus[{i}]");
        if !has_pillar(c.pillar_id) {
            return Err(CoreError::invalid_file(
                format!("{path}.pillarId"),
                format!("no pillar with the id {} in this workshop", c.pillar_id),
            ));
        }
        if !agreed.insert(c.pillar_id) {
            return Err(CoreError::invalid_file(
                path,
                "a second consensus on one pillar",
            ));
        }
        let (_, rationale) = consensus(c.score, &c.rationale).map_err(at(&path, &[]))?;
        if let Some(previous) = c.previous_score {
            consensus(previous, "").map_err(at(&path, &[("score", "previousScore")]))?;
        }
        timestamp(format!("{path}.at"), c.at)?;
        if let Some(stored) = clean.consensus.get_mut(i) {
            stored.rationale = rationale;
        }
    }
    if let Some(m) = w.milestone_id {
        if !milestones.contains(&m) {
            return Err(CoreError::invalid_file(
                format!("{here}.milestoneId"),
                format!("no milestone with the id {m} in milestones"),
            ));
        }
    }
    Ok(clean)
}
