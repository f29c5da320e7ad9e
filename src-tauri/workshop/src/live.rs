//! A running workshop: its secrets, the participants' keys, the limits, a change counter the
//! page and the facilitator's view follow, and the operations of both sides. Every change
//! goes through the store (one writer per table) and then bumps the counter.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use preflight_core::domain::workshop::{Phase, Vote, VoteDraft, VotesFile, Workshop};
use preflight_core::storage::{VotesImport, WorkshopRecord};
use preflight_core::{CoreError, Store};
use tokio::sync::watch;
use uuid::Uuid;

use crate::limits::RateLimit;
use crate::secret::{code_matches, join_code, Secret};

mod view;
use view::facilitator_view;
pub use view::{FacilitatorView, ParticipantView, PillarOnScreen, RevealedVote};

/// Typed join-code attempts allowed per client address per minute.
pub const CODE_ATTEMPTS_PER_MINUTE: usize = 5;
/// Votes (and changes of vote) allowed per participant per minute.
pub const VOTES_PER_MINUTE: usize = 30;
/// Joins allowed per client address per minute (a phone rejoining after a reload is one).
pub const JOINS_PER_MINUTE: usize = 10;

/// What went wrong for a participant's request, with the HTTP status it maps to.
#[derive(Debug)]
pub enum Refusal {
    /// Input that breaks a rule (400), with the field at fault.
    Invalid(CoreError),
    /// The token, code or participant key is wrong (403).
    Forbidden(&'static str),
    /// Not allowed now: revealed, locked, ended, full (409).
    Conflict(String),
    /// Too many requests (429).
    TooMany(&'static str),
    /// The store failed (500); logged, never shown in detail.
    Internal(CoreError),
}

impl From<CoreError> for Refusal {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Invalid { .. } => Refusal::Invalid(e),
            CoreError::Conflict { message, .. } => Refusal::Conflict(message),
            CoreError::NotFound { .. } => {
                Refusal::Forbidden("you are not a participant of this workshop")
            }
            other => Refusal::Internal(other),
        }
    }
}

/// The running workshop.
#[derive(Debug)]
pub struct Live {
    store: Arc<Store>,
    id: Uuid,
    token: Secret,
    code: String,
    keys: Mutex<Vec<(Secret, Uuid)>>,
    code_attempts: Mutex<RateLimit<IpAddr>>,
    joins: Mutex<RateLimit<IpAddr>>,
    votes: Mutex<RateLimit<Uuid>>,
    last_activity: Mutex<Instant>,
    version: watch::Sender<u64>,
    ended: AtomicBool,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Live {
    /// Takes over workshop `id` (started in the store) with fresh secrets.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown workshop; [`CoreError::Io`] when the system
    /// has no random source.
    pub fn new(store: Arc<Store>, id: Uuid) -> Result<Arc<Live>, CoreError> {
        store.workshop(id)?;
        let random = |e: getrandom::Error| CoreError::Io {
            context: "cannot draw the workshop's secrets".into(),
            source: std::io::Error::other(e.to_string()),
        };
        let minute = Duration::from_secs(60);
        Ok(Arc::new(Live {
            store,
            id,
            token: Secret::new().map_err(random)?,
            code: join_code().map_err(random)?,
            keys: Mutex::new(Vec::new()),
            code_attempts: Mutex::new(RateLimit::new(CODE_ATTEMPTS_PER_MINUTE, minute)),
            joins: Mutex::new(RateLimit::new(JOINS_PER_MINUTE, minute)),
            votes: Mutex::new(RateLimit::new(VOTES_PER_MINUTE, minute)),
            last_activity: Mutex::new(Instant::now()),
            version: watch::channel(0).0,
            ended: AtomicBool::new(false),
        }))
    }

    /// The workshop's id.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The token the join URL and QR code carry.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// The short code people type.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// A receiver that changes whenever anything in the workshop does.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.version.subscribe()
    }

    /// How long since the last request or facilitator action.
    pub fn idle_for(&self) -> Duration {
        locked(&self.last_activity).elapsed()
    }

    /// Marks activity: a request with the workshop's token or code, or a facilitator action.
    pub fn touch(&self) {
        *locked(&self.last_activity) = Instant::now();
    }

    fn changed(&self) {
        self.touch();
        self.version.send_modify(|v| *v += 1);
    }

    /// The participant holding `key`, comparing every known key in constant time.
    pub fn participant(&self, key: &str) -> Option<Uuid> {
        let keys = locked(&self.keys);
        let mut found = None;
        for (secret, id) in keys.iter() {
            if secret.matches(key) {
                found = Some(*id);
            }
        }
        found
    }

    /// Checks a typed join code from `client` (rate-limited per address, refused while
    /// joining is locked) and returns the token to go on with.
    ///
    /// # Errors
    /// [`Refusal::TooMany`] over the limit, [`Refusal::Conflict`] while locked,
    /// [`Refusal::Forbidden`] for a wrong code.
    pub fn check_code(&self, client: IpAddr, typed: &str) -> Result<&Secret, Refusal> {
        if !locked(&self.code_attempts).allow(&client, Instant::now()) {
            return Err(Refusal::TooMany(
                "too many tries from this device; wait a minute and try again",
            ));
        }
        if self.store.workshop(self.id)?.joining_locked {
            return Err(Refusal::Conflict(
                "the facilitator has locked joining".into(),
            ));
        }
        if code_matches(&self.code, typed) {
            self.touch();
            Ok(&self.token)
        } else {
            Err(Refusal::Forbidden("that code is not this workshop's"))
        }
    }

    /// Adds a participant; returns their id and the key their phone keeps.
    ///
    /// # Errors
    /// [`Refusal::TooMany`] over the join limit, [`Refusal::Invalid`] for the name,
    /// [`Refusal::Conflict`] when locked, full or ended.
    pub fn join(&self, client: IpAddr, name: &str) -> Result<(Uuid, Secret), Refusal> {
        if !locked(&self.joins).allow(&client, Instant::now()) {
            return Err(Refusal::TooMany(
                "too many joins from this device; wait a minute",
            ));
        }
        let participant = self.store.join_workshop(self.id, name)?;
        let key = Secret::new().map_err(|e| {
            Refusal::Internal(CoreError::Io {
                context: "cannot draw a participant key".into(),
                source: std::io::Error::other(e.to_string()),
            })
        })?;
        locked(&self.keys).push((key.clone(), participant.id));
        self.changed();
        Ok((participant.id, key))
    }

    /// Casts or changes `participant`'s vote.
    ///
    /// # Errors
    /// [`Refusal::TooMany`] over the vote limit; the store's refusals.
    pub fn vote(&self, participant: Uuid, draft: &VoteDraft) -> Result<Vote, Refusal> {
        if !locked(&self.votes).allow(&participant, Instant::now()) {
            return Err(Refusal::TooMany(
                "too many votes in a minute; wait a moment",
            ));
        }
        let (vote, _) = self.store.cast_vote(self.id, participant, draft)?;
        self.changed();
        Ok(vote)
    }

    /// "Pass the laptop": `name` votes in the facilitator's window, joining first if nobody of
    /// that name is in the workshop yet (no join limit: the facilitator is at the keyboard).
    /// Returns whether the vote replaced an earlier one of that name in this round, which the
    /// window says, since two people of one name would otherwise overwrite each other silently.
    ///
    /// # Errors
    /// The store's refusals (name, vote, revealed, locked, full).
    pub fn vote_here(&self, name: &str, draft: &VoteDraft) -> Result<bool, CoreError> {
        let w = self.store.workshop(self.id)?;
        let wanted = name.trim();
        let participant = match w
            .participants
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(wanted))
        {
            Some(p) => p.id,
            None => self.store.join_workshop(self.id, name)?.id,
        };
        let (_, replaced) = self.store.cast_vote(self.id, participant, draft)?;
        self.changed();
        Ok(replaced)
    }

    /// Imports votes files (remote or asynchronous participants) as votes.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn import_votes(&self, files: &[VotesFile]) -> Result<VotesImport, CoreError> {
        let report = self.store.import_votes(self.id, files)?;
        self.changed();
        Ok(report)
    }

    fn pillar_on_screen(&self, w: &Workshop) -> Result<Option<PillarOnScreen>, CoreError> {
        let Some(id) = w.current_pillar() else {
            return Ok(None);
        };
        let card = self
            .store
            .scorecard(w.project_id, chrono::Utc::now().date_naive())?;
        let pillar = card.pillars.iter().find(|p| p.id == id);
        Ok(Some(PillarOnScreen {
            id,
            name: pillar.map_or_else(|| "A removed pillar".to_owned(), |p| p.name.clone()),
            description: pillar.map(|p| p.description.clone()).unwrap_or_default(),
            position: w.current + 1,
            count: u32::try_from(w.pillars.len()).unwrap_or(u32::MAX),
        }))
    }

    /// What `participant`'s page shows (before joining, `None`).
    ///
    /// # Errors
    /// The store's errors.
    pub fn participant_view(
        &self,
        participant: Option<Uuid>,
    ) -> Result<ParticipantView, CoreError> {
        self.touch();
        let w = self.store.workshop(self.id)?;
        let name = participant
            .and_then(|id| w.participants.iter().find(|p| p.id == id))
            .map(|p| p.name.clone());
        let my_vote = match (participant, w.current_pillar()) {
            (Some(me), Some(pillar)) => w
                .round_votes(pillar, w.round)
                .into_iter()
                .find(|v| v.participant == me)
                .map(|v| VoteDraft {
                    score: v.score,
                    note: v.note.clone(),
                }),
            _ => None,
        };
        Ok(ParticipantView {
            name,
            pillar: self.pillar_on_screen(&w)?,
            levels: self.store.score_levels()?,
            round: w.round,
            phase: match (w.ended_at, w.phase) {
                (Some(_), _) => "ended",
                (None, Phase::Voting) => "voting",
                (None, Phase::Revealed) => "revealed",
            }
            .to_owned(),
            notes_allowed: w.notes_allowed,
            my_vote,
            joining_locked: w.joining_locked,
        })
    }

    /// What the facilitator's screen shows.
    ///
    /// # Errors
    /// The store's errors.
    pub fn facilitator_view(&self) -> Result<FacilitatorView, CoreError> {
        let w = self.store.workshop(self.id)?;
        let pillar = self.pillar_on_screen(&w)?;
        Ok(facilitator_view(w, pillar))
    }

    /// Runs a facilitator action on the store, then tells everyone.
    fn act<T>(
        &self,
        op: impl FnOnce(&Store, Uuid) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        let out = op(&self.store, self.id)?;
        self.changed();
        Ok(out)
    }

    /// Shows the spread.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn reveal(&self) -> Result<(), CoreError> {
        self.act(|s, id| s.reveal_votes(id).map(drop))
    }

    /// Starts the next round on this pillar.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn revote(&self) -> Result<(), CoreError> {
        self.act(|s, id| s.revote(id).map(drop))
    }

    /// Records the consensus on this pillar.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn agree(&self, score: u8, rationale: &str) -> Result<(), CoreError> {
        self.act(|s, id| s.agree(id, score, rationale).map(drop))
    }

    /// Moves to pillar `index`.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn show(&self, index: u32) -> Result<(), CoreError> {
        self.act(|s, id| s.show_workshop_pillar(id, index).map(drop))
    }

    /// Moves `by` pillars forward (or back, negative), staying within the workshop.
    ///
    /// # Errors
    /// The store's refusals; [`CoreError::Invalid`] past either end.
    pub fn step(&self, by: i64) -> Result<(), CoreError> {
        let w = self.store.workshop(self.id)?;
        let next = u32::try_from(i64::from(w.current) + by)
            .map_err(|_| CoreError::invalid("current", "this is the first pillar"))?;
        if usize::try_from(next).unwrap_or(usize::MAX) >= w.pillars.len() {
            return Err(CoreError::invalid("current", "this is the last pillar"));
        }
        self.show(next)
    }

    /// Locks or unlocks joining.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn lock(&self, locked_now: bool) -> Result<(), CoreError> {
        self.act(|s, id| s.lock_joining(id, locked_now).map(drop))
    }

    /// Ends the workshop and records it.
    ///
    /// # Errors
    /// The store's refusals.
    pub fn end(&self, today: NaiveDate) -> Result<WorkshopRecord, CoreError> {
        let record = self.store.end_workshop(self.id, today)?;
        self.ended.store(true, Ordering::SeqCst);
        self.changed();
        Ok(record)
    }

    /// Whether the workshop has ended here (the phones are told so on their event stream).
    pub fn has_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }
}
