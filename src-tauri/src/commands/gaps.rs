//! Gap tracker commands: board, add, edit, trash, restore, bulk change and templates.

use preflight_core::domain::gap::{GapBulkChange, GapCounts, GapTracker, LaunchBlockers};
use preflight_core::domain::{Gap, GapDraft};
use tauri::State;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// The launch blockers and accepted risks as of the local date, for the project's overview.
#[tauri::command]
pub async fn get_launch_blockers(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<LaunchBlockers, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        store.gap_board(project_id, today).map(LaunchBlockers::from)
    })
    .await
}

/// The gap board's counts as of the local date, without the gaps: read again after a change
/// the Gaps tab made, which puts the changed gaps in place itself.
#[tauri::command]
pub async fn get_gap_counts(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<GapCounts, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        store.gap_board(project_id, today).map(GapCounts::from)
    })
    .await
}

/// The gap tracker (board, pillars, templates) as of the local date: the Gaps tab's one call.
#[tauri::command]
pub async fn get_gap_tracker(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<GapTracker, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| store.gap_tracker(project_id, today)).await
}

/// Adds a gap.
#[tauri::command]
pub async fn add_gap(
    state: State<'_, AppState>,
    project_id: Uuid,
    draft: GapDraft,
) -> Result<Gap, CommandError> {
    on_store(state, move |store| store.add_gap(project_id, &draft)).await
}

/// Saves a gap.
#[tauri::command]
pub async fn update_gap(
    state: State<'_, AppState>,
    id: Uuid,
    draft: GapDraft,
) -> Result<Gap, CommandError> {
    on_store(state, move |store| store.update_gap(id, &draft)).await
}

/// Moves a gap to the trash.
#[tauri::command]
pub async fn trash_gap(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.trash_gap(id)).await
}

/// Restores a gap from the trash.
#[tauri::command]
pub async fn restore_gap(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.restore_gap(id)).await
}

/// Changes status and/or owner of several gaps in one transaction.
#[tauri::command]
pub async fn bulk_update_gaps(
    state: State<'_, AppState>,
    ids: Vec<Uuid>,
    change: GapBulkChange,
) -> Result<Vec<Gap>, CommandError> {
    on_store(state, move |store| store.bulk_update_gaps(&ids, &change)).await
}

/// Adds a template's missing items to a project; returns how many were added.
#[tauri::command]
pub async fn apply_gap_template(
    state: State<'_, AppState>,
    project_id: Uuid,
    template_id: String,
) -> Result<u32, CommandError> {
    on_store(state, move |store| {
        store.apply_gap_template(project_id, &template_id)
    })
    .await
}
