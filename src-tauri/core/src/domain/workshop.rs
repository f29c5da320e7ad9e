//! Workshops: a facilitator runs a scoring session with the room. Each pillar is voted on in
//! rounds (1–5 or "don't know"), the spread is revealed, the room may vote again, and the
//! facilitator records the consensus with a rationale. Ending writes the agreed scores into
//! the scorecard and keeps the whole record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::text::{bounded, required_line};
use crate::error::{CoreError, Result};

/// The scores a vote or a consensus may take (the scorecard's levels).
const SCORES: std::ops::RangeInclusive<u8> = 1..=5;

/// Longest participant display name, in characters.
pub const PARTICIPANT_NAME_MAX: usize = 60;
/// Longest note a participant may add to a vote, in characters.
pub const VOTE_NOTE_MAX: usize = 500;
/// Longest consensus rationale, in characters.
pub const RATIONALE_MAX: usize = 2_000;
/// Most participants one workshop admits.
pub const PARTICIPANTS_MAX: usize = 100;

/// How a workshop is run, chosen when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct WorkshopSetup {
    /// The pillars to vote on, in order; empty means every pillar of the scorecard.
    pub pillars: Vec<Uuid>,
    /// Votes are anonymous: the facilitator sees how many voted, never who.
    pub anonymous: bool,
    /// Participants may add a note to their vote.
    pub notes_allowed: bool,
}

/// One vote: a score from 1 to 5, or "don't know" (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct VoteDraft {
    /// 1–5, or null for "don't know".
    pub score: Option<u8>,
    /// Why, in the participant's words (only when the workshop allows notes).
    #[serde(default)]
    pub note: String,
}

impl VoteDraft {
    /// Checks the score range and the note's length; a note sent to a workshop without notes
    /// is refused rather than dropped, so nothing typed vanishes silently.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for `score` outside 1–5, or `note` too long or not allowed.
    pub fn validate(&self, notes_allowed: bool) -> Result<VoteDraft> {
        if let Some(s) = self.score {
            if !SCORES.contains(&s) {
                return Err(CoreError::invalid(
                    "score",
                    format!("must be a whole number from 1 to 5, or don't know (got {s})"),
                ));
            }
        }
        let note = bounded("note", &self.note, VOTE_NOTE_MAX)?;
        if !notes_allowed && !note.is_empty() {
            return Err(CoreError::invalid(
                "note",
                "is not taken in this workshop (the facilitator turned notes off)",
            ));
        }
        Ok(VoteDraft {
            score: self.score,
            note,
        })
    }
}

/// Checks a participant's display name: one line, 1–60 characters.
///
/// # Errors
/// [`CoreError::Invalid`] for `name`.
pub fn participant_name(name: &str) -> Result<String> {
    required_line("name", name, PARTICIPANT_NAME_MAX)
}

/// Checks a consensus: a score 1–5 and a rationale of at most 2,000 characters.
///
/// # Errors
/// [`CoreError::Invalid`] for `score` or `rationale`.
pub fn consensus(score: u8, rationale: &str) -> Result<(u8, String)> {
    if !SCORES.contains(&score) {
        return Err(CoreError::invalid(
            "score",
            format!("must be a whole number from 1 to 5 (got {score})"),
        ));
    }
    Ok((score, bounded("rationale", rationale, RATIONALE_MAX)?))
}

/// Where the room is on the current pillar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Phase {
    /// Votes are being cast; nobody sees them.
    Voting,
    /// The spread is shown; votes are closed until a revote.
    Revealed,
}

/// The distribution of one round's votes, as shown on reveal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Distribution {
    /// Votes per score: index 0 holds the 1s, index 4 the 5s.
    pub counts: [u32; 5],
    /// "Don't know" votes.
    pub dont_know: u32,
    /// Median of the scores (not of "don't know"), or null with no score.
    pub median: Option<f64>,
    /// Lowest and highest score.
    pub min: Option<u8>,
    /// Highest score.
    pub max: Option<u8>,
    /// First and third quartiles by linear interpolation between order statistics (Hyndman
    /// and Fan's type 7, as R's default `quantile` and Excel's `QUARTILE.INC`).
    pub q1: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
    /// Scores outside Tukey's fences, below Q1 − 1.5·IQR or above Q3 + 1.5·IQR (Tukey,
    /// *Exploratory Data Analysis*, 1977), ascending.
    pub outliers: Vec<u8>,
}

impl Distribution {
    /// The distribution of `votes` (each 1–5, or `None` for "don't know").
    pub fn of(votes: &[Option<u8>]) -> Distribution {
        let mut counts = [0_u32; 5];
        let mut scores: Vec<u8> = votes.iter().flatten().copied().collect();
        scores.sort_unstable();
        for s in &scores {
            if let Some(c) = counts.get_mut(usize::from(s.saturating_sub(1))) {
                *c += 1;
            }
        }
        let dont_know = u32::try_from(votes.len() - scores.len()).unwrap_or(u32::MAX);
        let (q1, median, q3) = (
            quantile(&scores, 0.25),
            quantile(&scores, 0.5),
            quantile(&scores, 0.75),
        );
        let outliers = match (q1, q3) {
            (Some(a), Some(b)) => {
                let fence = 1.5 * (b - a);
                scores
                    .iter()
                    .copied()
                    .filter(|&s| f64::from(s) < a - fence || f64::from(s) > b + fence)
                    .collect()
            }
            _ => Vec::new(),
        };
        Distribution {
            counts,
            dont_know,
            median,
            min: scores.first().copied(),
            max: scores.last().copied(),
            q1,
            q3,
            outliers,
        }
    }

    /// Interquartile range, Q3 − Q1.
    pub fn iqr(&self) -> Option<f64> {
        Some(self.q3? - self.q1?)
    }

    /// The median rounded to a score to offer as the consensus (halves round up, so 3.5
    /// offers 4: a room split between 3 and 4 is asked to argue down, not up).
    pub fn suggested(&self) -> Option<u8> {
        self.median.map(|m| {
            let rounded = (m + 0.5).floor().clamp(1.0, 5.0);
            // The value is a whole number from 1 to 5 after the clamp.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let score = rounded as u8;
            score
        })
    }
}

/// The `p`-quantile (0–1) of sorted `values` by linear interpolation (type 7).
fn quantile(sorted: &[u8], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    #[allow(clippy::cast_precision_loss)]
    let h = last as f64 * p;
    let below = h.floor();
    // `below` lies in 0..=last, a valid index.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = below as usize;
    let lower = f64::from(*sorted.get(i)?);
    let upper = f64::from(*sorted.get((i + 1).min(last))?);
    Some(lower + (h - below) * (upper - lower))
}

/// A participant as the facilitator sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Participant {
    /// Id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
}

/// One stored vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Vote {
    /// Who voted.
    pub participant: Uuid,
    /// On which pillar.
    pub pillar: Uuid,
    /// In which round, from 1.
    pub round: u32,
    /// 1–5, or null for "don't know".
    pub score: Option<u8>,
    /// The participant's note.
    pub note: String,
    /// When it was last changed.
    pub at: DateTime<Utc>,
}

/// The consensus recorded for one pillar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Consensus {
    /// The pillar.
    pub pillar: Uuid,
    /// The agreed score.
    pub score: u8,
    /// Why, as the facilitator wrote it.
    pub rationale: String,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// A workshop with everything recorded so far.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Workshop {
    /// Id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// The pillars voted on, in order.
    pub pillars: Vec<Uuid>,
    /// Votes are anonymous to the facilitator.
    pub anonymous: bool,
    /// Participants may add notes.
    pub notes_allowed: bool,
    /// Index into `pillars` of the pillar on screen.
    pub current: u32,
    /// The round on the current pillar, from 1.
    pub round: u32,
    /// Voting or revealed.
    pub phase: Phase,
    /// New participants are refused.
    pub joining_locked: bool,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Ended (and recorded), or null while it runs.
    pub ended_at: Option<DateTime<Utc>>,
    /// Everyone who joined.
    pub participants: Vec<Participant>,
    /// Every vote of every round.
    pub votes: Vec<Vote>,
    /// The consensus per pillar, where recorded.
    pub consensus: Vec<Consensus>,
    /// The milestone taken when the workshop ended.
    pub milestone_id: Option<Uuid>,
}

impl Workshop {
    /// The pillar on screen.
    pub fn current_pillar(&self) -> Option<Uuid> {
        self.pillars
            .get(usize::try_from(self.current).ok()?)
            .copied()
    }

    /// The votes of `round` on `pillar`.
    pub fn round_votes(&self, pillar: Uuid, round: u32) -> Vec<&Vote> {
        self.votes
            .iter()
            .filter(|v| v.pillar == pillar && v.round == round)
            .collect()
    }

    /// The distribution of `round` on `pillar`.
    pub fn distribution(&self, pillar: Uuid, round: u32) -> Distribution {
        let scores: Vec<Option<u8>> = self
            .round_votes(pillar, round)
            .iter()
            .map(|v| v.score)
            .collect();
        Distribution::of(&scores)
    }

    /// The last round voted on `pillar` (0 when none).
    pub fn last_round(&self, pillar: Uuid) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.pillar == pillar)
            .map(|v| v.round)
            .max()
            .unwrap_or(0)
    }
}

/// Largest votes file read, in bytes (a real one is a few kilobytes).
pub const VOTES_FILE_MAX: u64 = 1024 * 1024;

/// The `format` of a votes file.
pub const VOTES_FORMAT: &str = "preflight-votes";
/// The votes file version this build writes and reads.
pub const VOTES_VERSION: u64 = 1;
/// Most votes one votes file may hold (a scorecard has a few dozen pillars at most).
pub const VOTES_MAX: usize = 200;

/// A participant's scores for a workshop, from their own Preflight, for remote or
/// asynchronous sessions (docs/workshop.md): the facilitator imports several as a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct VotesFile {
    /// Always `preflight-votes`.
    pub format: String,
    /// Always 1.
    pub version: u64,
    /// Who voted (1–60 characters).
    pub participant: String,
    /// The project the scores are about, by name, for the facilitator to see.
    #[serde(default)]
    pub project: String,
    /// One vote per pillar, matched to the workshop's pillars by name (case does not matter).
    pub votes: Vec<PillarVote>,
}

/// One pillar's vote in a votes file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PillarVote {
    /// The pillar's name.
    pub pillar: String,
    /// 1–5, or null for "don't know".
    pub score: Option<u8>,
    /// Why.
    #[serde(default)]
    pub note: String,
}

impl VotesFile {
    /// Reads and checks the votes file at `path`; an error names the file and the JSON path.
    ///
    /// # Errors
    /// [`CoreError::Io`] when it cannot be read; [`CoreError::InvalidFile`] when it is larger
    /// than [`VOTES_FILE_MAX`], not UTF-8, or not a valid votes file.
    pub fn read_file(path: &std::path::Path) -> Result<VotesFile> {
        let bytes = crate::files::read_capped(path, VOTES_FILE_MAX, "a votes file")?;
        let named = |at: &str, message: String| {
            CoreError::invalid_file(format!("{}: {at}", path.display()), message)
        };
        let text =
            String::from_utf8(bytes).map_err(|e| named("$", format!("not UTF-8 text: {e}")))?;
        VotesFile::parse(&text).map_err(|e| match e {
            CoreError::InvalidFile { path: at, message } => named(&at, message),
            other => other,
        })
    }

    /// Reads a votes file: format and version first, then every value.
    ///
    /// # Errors
    /// [`CoreError::InvalidFile`] with the JSON path of the first problem.
    pub fn parse(text: &str) -> Result<VotesFile> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut json = serde_json::Deserializer::from_str(text);
        let file: VotesFile = serde_path_to_error::deserialize(&mut json).map_err(|e| {
            let path = e.path().to_string();
            CoreError::invalid_file(if path == "." { "$" } else { &path }, e.inner().to_string())
        })?;
        json.end()
            .map_err(|e| CoreError::invalid_file("$", format!("not valid JSON: {e}")))?;
        if file.format != VOTES_FORMAT {
            return Err(CoreError::invalid_file(
                "format",
                format!("must be \"{VOTES_FORMAT}\" (got \"{}\")", file.format),
            ));
        }
        if file.version != VOTES_VERSION {
            return Err(CoreError::invalid_file(
                "version",
                format!("must be {VOTES_VERSION} (got {})", file.version),
            ));
        }
        let participant = participant_name(&file.participant)
            .map_err(|e| CoreError::invalid_file("participant", e.message()))?;
        if file.votes.len() > VOTES_MAX {
            return Err(CoreError::invalid_file(
                "votes",
                format!("must hold at most {VOTES_MAX} votes"),
            ));
        }
        let votes = file
            .votes
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let here = format!("votes[{i}]");
                let pillar = required_line("pillar", &v.pillar, 120)
                    .map_err(|e| CoreError::invalid_file(format!("{here}.pillar"), e.message()))?;
                let vote = VoteDraft {
                    score: v.score,
                    note: v.note.clone(),
                }
                .validate(true)
                .map_err(|e| {
                    CoreError::invalid_file(
                        format!("{here}.{}", e.field().unwrap_or("score")),
                        e.message(),
                    )
                })?;
                Ok(PillarVote {
                    pillar,
                    score: vote.score,
                    note: vote.note,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(VotesFile {
            participant,
            votes,
            ..file
        })
    }
}

#[cfg(test)]
mod tests;
