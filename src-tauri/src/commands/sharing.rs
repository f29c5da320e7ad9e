//! Team sharing commands: this device's name, share a project through a synced folder, open
//! one a teammate shared, sync, conflicts and the history (docs/team-sharing.md).

use preflight_core::domain::Project;
use preflight_core::sharing::{Conflict, HistoryEntry};
use preflight_core::storage::{SharingStatus, SyncReport};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// How many changes the History shows.
const HISTORY_SHOWN: usize = 200;

/// A project's sharing as the window shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SharingView {
    /// The name the team sees beside this device's changes; `None` until given.
    pub device_name: Option<String>,
    /// The project's sharing; `None` when it is not shared.
    pub status: Option<SharingStatus>,
    /// Fields two people changed at once, the shown value first.
    pub conflicts: Vec<Conflict>,
}

/// A project joined from a shared folder, and the first sync's outcome.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JoinedProject {
    /// The project, as written here.
    pub project: Project,
    /// The first sync.
    pub report: SyncReport,
}

fn view(
    store: &preflight_core::Store,
    project: Option<Uuid>,
) -> preflight_core::error::Result<SharingView> {
    let status = project
        .map(|p| store.sharing_status(p))
        .transpose()?
        .flatten();
    let conflicts = match (project, &status) {
        (Some(p), Some(_)) => store.shared_conflicts(p)?,
        _ => Vec::new(),
    };
    Ok(SharingView {
        device_name: store.device()?.1,
        status,
        conflicts,
    })
}

/// The one folder chosen under `token` (see `choose_shared_folder`).
fn folder(state: &State<'_, AppState>, token: &str) -> Result<std::path::PathBuf, CommandError> {
    let [path] = <[_; 1]>::try_from(state.choices.open_paths(token)?)
        .map_err(|_| CommandError::internal("one folder was expected"))?;
    Ok(path)
}

/// The sharing of `project`, with its conflicts; without a project, only this device's name.
#[tauri::command]
pub async fn get_sharing(
    state: State<'_, AppState>,
    project: Option<Uuid>,
) -> Result<SharingView, CommandError> {
    on_store(state, move |store| view(store, project)).await
}

/// Sets the name the team sees beside this device's changes.
#[tauri::command]
pub async fn set_device_name(
    state: State<'_, AppState>,
    name: String,
) -> Result<String, CommandError> {
    on_store(state, move |store| store.set_device_name(&name)).await
}

/// Shares `project` through the folder chosen under `folder`.
#[tauri::command]
pub async fn share_project(
    state: State<'_, AppState>,
    project: Uuid,
    folder: String,
) -> Result<SyncReport, CommandError> {
    let path = self::folder(&state, &folder)?;
    on_store(state, move |store| store.share_project(project, &path)).await
}

/// Opens the project shared in the folder chosen under `folder` (`name` picks one when the
/// folder holds several).
#[tauri::command]
pub async fn join_shared(
    state: State<'_, AppState>,
    folder: String,
    name: Option<String>,
) -> Result<JoinedProject, CommandError> {
    let path = self::folder(&state, &folder)?;
    on_store(state, move |store| {
        let (project, report) = store.join_shared(&path, name.as_deref())?;
        Ok(JoinedProject { project, report })
    })
    .await
}

/// Syncs `project` now.
#[tauri::command]
pub async fn sync_project(
    state: State<'_, AppState>,
    project: Uuid,
) -> Result<SyncReport, CommandError> {
    on_store(state, move |store| store.sync_project(project)).await
}

/// Keeps value number `choice` of the conflict at `path`, for everyone.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    project: Uuid,
    path: Vec<String>,
    choice: u32,
) -> Result<SyncReport, CommandError> {
    on_store(state, move |store| {
        store.resolve_shared_conflict(project, &path, choice as usize)
    })
    .await
}

/// Who changed what in `project`, and when, newest first.
#[tauri::command]
pub async fn get_shared_history(
    state: State<'_, AppState>,
    project: Uuid,
) -> Result<Vec<HistoryEntry>, CommandError> {
    on_store(state, move |store| {
        store.shared_history(project, HISTORY_SHOWN)
    })
    .await
}
