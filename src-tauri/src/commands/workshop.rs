//! Workshop commands: the facilitator's side in the window. Starting one serves the
//! participant page on the laptop's addresses (crate `preflight-workshop`); every change in
//! the workshop is forwarded to the window as the `workshop-changed` event.

use std::sync::Arc;

use preflight_core::domain::workshop::{VoteDraft, VotesFile, Workshop, WorkshopSetup};
use preflight_core::storage::{VotesImport, WorkshopRecord};
use preflight_core::CoreError;
use preflight_workshop::{FacilitatorView, JoinInfo, Listen, Live, Server};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};
use ts_rs::TS;
use uuid::Uuid;

use super::{on_store, run_blocking};
use crate::error::CommandError;
use crate::AppState;

/// The event the window listens to; its payload is the change counter.
pub const CHANGED_EVENT: &str = "workshop-changed";

/// The running workshop as the facilitator's screen needs it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkshopSession {
    /// How the room joins.
    pub join: JoinInfo,
    /// Where the room is.
    pub view: FacilitatorView,
}

/// A facilitator's action on the running workshop.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum WorkshopAction {
    /// Show the spread.
    Reveal,
    /// Another round on this pillar.
    Revote,
    /// Record the consensus.
    Agree {
        /// 1–5.
        score: u8,
        /// Why.
        rationale: String,
    },
    /// Go to pillar `index` (0-based).
    Show {
        /// The pillar's index in the workshop.
        index: u32,
    },
    /// Lock or unlock joining.
    Lock {
        /// Locked.
        locked: bool,
    },
}

fn no_workshop() -> CommandError {
    CommandError::from(CoreError::Conflict {
        field: None,
        message: "no workshop is running".into(),
    })
}

fn running(state: &AppState) -> Result<Arc<Live>, CommandError> {
    state
        .workshop()
        .as_ref()
        .map(|s| Arc::clone(s.live()))
        .ok_or_else(no_workshop)
}

fn session(server: &Server) -> Result<WorkshopSession, CommandError> {
    Ok(WorkshopSession {
        join: server.join().clone(),
        view: server.live().facilitator_view()?,
    })
}

/// Starts a workshop on `project_id` (or resumes the one left running there) and serves the
/// participant page.
#[tauri::command]
pub async fn start_workshop<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    project_id: Uuid,
    setup: WorkshopSetup,
) -> Result<WorkshopSession, CommandError> {
    if let Some(server) = state.workshop().as_ref() {
        if !server.is_stopped() {
            return Err(CommandError::from(CoreError::Conflict {
                field: None,
                message: "a workshop is already running; end it first".into(),
            }));
        }
    }
    let store = state.store().map_err(CommandError)?;
    let workshop: Workshop = on_store(state.clone(), move |s| {
        match s.running_workshop(project_id)? {
            Some(open) => Ok(open),
            None => s.start_workshop(project_id, &setup),
        }
    })
    .await?;
    let live = Live::new(store, workshop.id)?;
    let server = preflight_workshop::start(Arc::clone(&live), Listen::Interfaces { port: 0 })
        .await
        .map_err(|e| CommandError::internal(format!("cannot start the workshop server: {e}")))?;
    // Every change reaches the window at once (a vote shows within milliseconds).
    let mut changes = live.subscribe();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let version = *changes.borrow();
            if app.emit(CHANGED_EVENT, version).is_err() {
                return;
            }
        }
    });
    let started = session(&server)?;
    *state.workshop() = Some(server);
    Ok(started)
}

/// The running workshop, if any (after a reload of the page).
#[tauri::command]
pub async fn get_workshop(
    state: State<'_, AppState>,
) -> Result<Option<WorkshopSession>, CommandError> {
    let guard = state.workshop();
    match guard.as_ref() {
        Some(server) if !server.is_stopped() => session(server).map(Some),
        _ => Ok(None),
    }
}

/// Runs a facilitator action and returns the new view.
#[tauri::command]
pub async fn workshop_action(
    state: State<'_, AppState>,
    action: WorkshopAction,
) -> Result<FacilitatorView, CommandError> {
    let live = running(&state)?;
    run_blocking(move || {
        match action {
            WorkshopAction::Reveal => live.reveal()?,
            WorkshopAction::Revote => live.revote()?,
            WorkshopAction::Agree { score, rationale } => live.agree(score, &rationale)?,
            WorkshopAction::Show { index } => live.show(index)?,
            WorkshopAction::Lock { locked } => live.lock(locked)?,
        }
        live.facilitator_view()
    })
    .await
}

/// Ends the workshop: the agreed scores go into the scorecard, a milestone is taken, and the
/// server stops.
#[tauri::command]
pub async fn end_workshop(state: State<'_, AppState>) -> Result<WorkshopRecord, CommandError> {
    let live = running(&state)?;
    let today = chrono::Local::now().date_naive();
    let record = run_blocking(move || live.end(today)).await?;
    if let Some(server) = state.workshop().take() {
        // The phones hear "ended" before the server goes.
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(Server::LINGER).await;
            server.stop();
        });
    }
    Ok(record)
}

/// Undoes what ending a workshop wrote into the scorecard (the record stays).
#[tauri::command]
pub async fn undo_workshop_end(
    state: State<'_, AppState>,
    workshop_id: Uuid,
) -> Result<Workshop, CommandError> {
    on_store(state, move |store| store.undo_workshop_end(workshop_id)).await
}

/// A vote cast on this laptop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LaptopVote {
    /// The room's view after it (counts only before the reveal).
    pub view: FacilitatorView,
    /// It replaced an earlier vote of the same name in this round.
    pub replaced: bool,
}

/// "Pass the laptop": `name` votes on this laptop.
#[tauri::command]
pub async fn vote_on_this_laptop(
    state: State<'_, AppState>,
    name: String,
    vote: VoteDraft,
) -> Result<LaptopVote, CommandError> {
    let live = running(&state)?;
    run_blocking(move || {
        let replaced = live.vote_here(&name, &vote)?;
        Ok(LaptopVote {
            view: live.facilitator_view()?,
            replaced,
        })
    })
    .await
}

/// Imports the votes files chosen under `files` (a token from the open dialog) into the
/// running workshop, all or nothing; a file that is not a votes file names its path and the
/// JSON path of the problem.
#[tauri::command]
pub async fn import_workshop_votes(
    state: State<'_, AppState>,
    files: String,
) -> Result<VotesImport, CommandError> {
    let live = running(&state)?;
    let paths = state.choices.open_paths(&files)?;
    run_blocking(move || {
        let parsed = paths
            .iter()
            .map(|path| VotesFile::read_file(path))
            .collect::<Result<Vec<_>, _>>()?;
        live.import_votes(&parsed)
    })
    .await
}
