//! Table commands (alignment, stakeholders, compliance tables) and compliance notes.

use preflight_core::domain::compliance::{
    suggest_triggers as suggest, BaselineControl, Compliance, SnapshotDraft, StarterAnswers,
    TriggerSuggestion,
};
use preflight_core::domain::tables::{Cells, TableKind, TableRow, TableSpec};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// A table's columns and its rows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TableView {
    /// Title and columns.
    pub spec: TableSpec,
    /// Live rows, in order.
    pub rows: Vec<TableRow>,
}

/// One table of a project.
#[tauri::command]
pub async fn get_table(
    state: State<'_, AppState>,
    project_id: Uuid,
    kind: TableKind,
) -> Result<TableView, CommandError> {
    on_store(state, move |store| {
        Ok(TableView {
            spec: TableSpec::of(kind),
            rows: store.table_rows(project_id, kind)?,
        })
    })
    .await
}

/// Adds a row (at `index` when given).
#[tauri::command]
pub async fn add_table_row(
    state: State<'_, AppState>,
    project_id: Uuid,
    kind: TableKind,
    cells: Cells,
    index: Option<u32>,
) -> Result<TableRow, CommandError> {
    on_store(state, move |store| {
        store.add_table_row(project_id, kind, &cells, index)
    })
    .await
}

/// Saves a row's cells.
#[tauri::command]
pub async fn update_table_row(
    state: State<'_, AppState>,
    id: Uuid,
    cells: Cells,
) -> Result<TableRow, CommandError> {
    on_store(state, move |store| store.update_table_row(id, &cells)).await
}

/// Replaces a row's internal note (for the team only).
#[tauri::command]
pub async fn set_row_internal_note(
    state: State<'_, AppState>,
    id: Uuid,
    note: String,
) -> Result<TableRow, CommandError> {
    on_store(state, move |store| store.set_row_internal_note(id, &note)).await
}

/// Moves a row within its table.
#[tauri::command]
pub async fn move_table_row(
    state: State<'_, AppState>,
    id: Uuid,
    index: u32,
) -> Result<Vec<TableRow>, CommandError> {
    on_store(state, move |store| store.move_table_row(id, index)).await
}

/// Deletes a row to the trash.
#[tauri::command]
pub async fn trash_table_row(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.trash_table_row(id)).await
}

/// Restores a deleted row.
#[tauri::command]
pub async fn restore_table_row(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.restore_table_row(id)).await
}

/// The compliance snapshot and controls, as of the local date.
#[tauri::command]
pub async fn get_compliance(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<Compliance, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| store.compliance(project_id, today)).await
}

/// Saves the compliance snapshot.
#[tauri::command]
pub async fn update_compliance_snapshot(
    state: State<'_, AppState>,
    project_id: Uuid,
    draft: SnapshotDraft,
) -> Result<Compliance, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| {
        store.update_compliance_snapshot(project_id, &draft, today)
    })
    .await
}

/// Adds a baseline control.
#[tauri::command]
pub async fn add_control(
    state: State<'_, AppState>,
    project_id: Uuid,
    label: String,
) -> Result<BaselineControl, CommandError> {
    on_store(state, move |store| store.add_control(project_id, &label)).await
}

/// Renames or ticks a baseline control.
#[tauri::command]
pub async fn update_control(
    state: State<'_, AppState>,
    id: Uuid,
    label: String,
    done: bool,
) -> Result<BaselineControl, CommandError> {
    on_store(state, move |store| store.update_control(id, &label, done)).await
}

/// Removes a baseline control.
#[tauri::command]
pub async fn remove_control(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.remove_control(id)).await
}

/// The regulatory triggers the starter questions' answers suggest.
#[tauri::command]
pub async fn suggest_triggers(
    answers: StarterAnswers,
) -> Result<Vec<TriggerSuggestion>, CommandError> {
    Ok(suggest(&answers))
}
