//! What the room's screens show: the pillar on screen, a participant's page (never another's
//! vote), and the facilitator's view with the spread and the votes once revealed.

use preflight_core::domain::scorecard::ScoreLevel;
use preflight_core::domain::workshop::{Distribution, Phase, Vote, VoteDraft, Workshop};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// The current pillar as the room sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PillarOnScreen {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// What the pillar covers.
    pub description: String,
    /// 1-based position among the workshop's pillars.
    pub position: u32,
    /// How many pillars the workshop has.
    pub count: u32,
}

/// What a participant's page shows: the current pillar, the level meanings, and their own
/// vote. Nothing else of the project, and never another participant's vote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParticipantView {
    /// The participant's display name, or null before joining.
    pub name: Option<String>,
    /// The pillar being scored.
    pub pillar: Option<PillarOnScreen>,
    /// The meanings of 1–5.
    pub levels: Vec<ScoreLevel>,
    /// The round on this pillar, from 1.
    pub round: u32,
    /// `voting`, `revealed`, or `ended`.
    pub phase: String,
    /// Whether a note may go with the vote.
    pub notes_allowed: bool,
    /// The participant's vote in this round, if cast.
    pub my_vote: Option<VoteDraft>,
    /// New participants are refused.
    pub joining_locked: bool,
}

/// One vote as the facilitator sees it after the reveal (the name only when not anonymous).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RevealedVote {
    /// Who, or null in an anonymous workshop.
    pub name: Option<String>,
    /// 1–5, or null for "don't know".
    pub score: Option<u8>,
    /// Their note.
    pub note: String,
}

/// What the facilitator's screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FacilitatorView {
    /// The whole record so far.
    pub workshop: Workshop,
    /// The pillar being scored.
    pub pillar: Option<PillarOnScreen>,
    /// How many joined.
    pub participants: u32,
    /// How many voted in this round.
    pub voted: u32,
    /// Who voted in this round (empty when anonymous): names only, never values, before
    /// the reveal.
    pub voters: Vec<String>,
    /// The spread, once revealed.
    pub distribution: Option<Distribution>,
    /// The votes with their notes, once revealed.
    pub revealed: Vec<RevealedVote>,
    /// The score to offer as consensus (the median, rounded), once revealed.
    pub suggested: Option<u8>,
}

/// Builds the facilitator's view of `w` with the pillar on screen.
pub(super) fn facilitator_view(w: Workshop, pillar: Option<PillarOnScreen>) -> FacilitatorView {
    let votes: Vec<&Vote> = w
        .current_pillar()
        .map(|p| w.round_votes(p, w.round))
        .unwrap_or_default();
    let name_of = |id: Uuid| {
        w.participants
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let voters = if w.anonymous {
        Vec::new()
    } else {
        votes.iter().map(|v| name_of(v.participant)).collect()
    };
    let revealed_phase = w.phase == Phase::Revealed;
    let distribution = w
        .current_pillar()
        .filter(|_| revealed_phase)
        .map(|p| w.distribution(p, w.round));
    let revealed = if revealed_phase {
        votes
            .iter()
            .map(|v| RevealedVote {
                name: (!w.anonymous).then(|| name_of(v.participant)),
                score: v.score,
                note: v.note.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    FacilitatorView {
        participants: u32::try_from(w.participants.len()).unwrap_or(u32::MAX),
        voted: u32::try_from(votes.len()).unwrap_or(u32::MAX),
        voters,
        suggested: distribution.as_ref().and_then(Distribution::suggested),
        distribution,
        revealed,
        pillar,
        workshop: w,
    }
}
