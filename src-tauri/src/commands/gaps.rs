//! Gap tracker commands: board, add, edit, trash, restore, bulk change and templates.

use preflight_core::domain::gap::{
    GapBulkChange, GapCounts, GapRow, GapTracker, GapsChanged, LaunchBlockers,
};
use preflight_core::domain::{Gap, GapDraft};
use preflight_core::error::{CoreError, Result as CoreResult};
use preflight_core::Store;
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

/// The gap tracker (board, pillars, templates) as of the local date: the Gaps tab's one call.
#[tauri::command]
pub async fn get_gap_tracker(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<GapTracker, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| store.gap_tracker(project_id, today)).await
}

/// Gap `id` whole, for its form: the Gaps tab's list holds only its row.
#[tauri::command]
pub async fn get_gap(state: State<'_, AppState>, id: Uuid) -> Result<Gap, CommandError> {
    on_store(state, move |store| store.gap(id)).await
}

/// Gaps a change wrote, with their board's counts as of `today` and the revision those were
/// read at (after the change's transaction). Refuses an empty change, which has no board to
/// count.
fn changed(store: &Store, gaps: Vec<Gap>, today: chrono::NaiveDate) -> CoreResult<GapsChanged> {
    let first = gaps
        .first()
        .ok_or_else(|| CoreError::invalid("ids", "choose at least one gap"))?;
    let (counts, revision) = counts_after_change(store, first.id, today).unzip();
    Ok(GapsChanged {
        gaps: gaps.into_iter().map(GapRow::from).collect(),
        counts,
        revision,
    })
}

/// The counts of the board of gap `id` after a change that was written, with the revision
/// they were read at: a failure to read them is logged and answered with `None`, for the
/// window to read the board again, rather than reported as if the change had failed (a
/// retried "New gap" would add it twice).
fn counts_after_change(
    store: &Store,
    id: Uuid,
    today: chrono::NaiveDate,
) -> Option<(GapCounts, i64)> {
    store
        .board_counts_of_gap(id, today)
        .inspect_err(|e| tracing::warn!("the gap board's counts after a change: {e}"))
        .ok()
}

/// Adds a gap; returns it with the board's counts.
#[tauri::command]
pub async fn add_gap(
    state: State<'_, AppState>,
    project_id: Uuid,
    draft: GapDraft,
) -> Result<GapsChanged, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        let gap = store.add_gap(project_id, &draft)?;
        changed(store, vec![gap], today)
    })
    .await
}

/// Saves a gap; returns it with the board's counts.
#[tauri::command]
pub async fn update_gap(
    state: State<'_, AppState>,
    id: Uuid,
    draft: GapDraft,
) -> Result<GapsChanged, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        let gap = store.update_gap(id, &draft)?;
        changed(store, vec![gap], today)
    })
    .await
}

/// Moves a gap to the trash; returns the board's counts without it (`None` as in
/// [`counts_after_change`]).
#[tauri::command]
pub async fn trash_gap(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Option<GapCounts>, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        store.trash_gap(id)?;
        Ok(counts_after_change(store, id, today).map(|(counts, _)| counts))
    })
    .await
}

/// Restores a gap from the trash.
#[tauri::command]
pub async fn restore_gap(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.restore_gap(id)).await
}

/// Changes status and/or owner of several gaps in one transaction; returns them with their
/// board's counts.
#[tauri::command]
pub async fn bulk_update_gaps(
    state: State<'_, AppState>,
    ids: Vec<Uuid>,
    change: GapBulkChange,
) -> Result<GapsChanged, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        let gaps = store.bulk_update_gaps(&ids, &change)?;
        changed(store, gaps, today)
    })
    .await
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
