//! Data-safety commands: project files, table exports, imports, backups, restore, recovery and
//! the trash.

use std::path::{Path, PathBuf};

use preflight_core::files::write_atomically;
use preflight_core::project_file::{self, export_time, read_file};
use preflight_core::storage::backup::{
    list_backups, recover_from_backup, set_aside_damaged, Backup,
};
use preflight_core::storage::trash::{TrashItem, TrashKind};
use preflight_core::storage::{ImportMode, ImportedProject};
use preflight_core::table_export::{self, ExportTable, TableFormat};
use preflight_core::{CoreError, Store};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;
use uuid::Uuid;

use super::reports::{into_path, save_dialog, ExportedReport};
use super::{on_store, run_blocking};
use crate::error::CommandError;
use crate::AppState;

/// When set, [`choose_import_path`] answers this file instead of showing the native open
/// dialog (WebDriver cannot drive a GTK file chooser).
pub const OPEN_PATH_ENV: &str = "PREFLIGHT_TEST_OPEN_PATH";

/// What the recovery screen shows when the database is damaged.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Recovery {
    /// What is wrong, as SQLite said it.
    pub problem: String,
    /// The backups, newest first; those with `projects: null` are unreadable themselves.
    pub backups: Vec<Backup>,
}

fn written(path: String, bytes: usize) -> ExportedReport {
    ExportedReport {
        path,
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
    }
}

/// Shows the save dialog for a project file or a table export of the project.
#[tauri::command]
pub async fn choose_data_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    project_id: Uuid,
    table: Option<ExportTable>,
    format: Option<TableFormat>,
) -> Result<Option<String>, CommandError> {
    let project = on_store(state, move |store| store.project(project_id)).await?;
    match (table, format) {
        (Some(table), Some(format)) => {
            let name = table_export::file_name(&project.name, table, format);
            let (label, ext) = match format {
                TableFormat::Markdown => ("Markdown", "md"),
                TableFormat::Csv => ("CSV", "csv"),
            };
            save_dialog(app, format!("Export {}", table.title()), name, label, ext).await
        }
        _ => {
            let name = project_file::file_name(&project.name, chrono::Local::now().date_naive());
            save_dialog(
                app,
                "Export project file".into(),
                name,
                "Preflight project",
                "json",
            )
            .await
        }
    }
}

/// Writes the project file of a project to `path` atomically.
#[tauri::command]
pub async fn export_project_file(
    state: State<'_, AppState>,
    project_id: Uuid,
    path: String,
) -> Result<ExportedReport, CommandError> {
    on_store(state, move |store| {
        let text = store.project_file(project_id, export_time())?.to_json()?;
        write_atomically(Path::new(&path), text.as_bytes())?;
        Ok(written(path, text.len()))
    })
    .await
}

/// Writes one table of a project as Markdown or CSV to `path` atomically.
#[tauri::command]
pub async fn export_table(
    state: State<'_, AppState>,
    project_id: Uuid,
    table: ExportTable,
    format: TableFormat,
    path: String,
) -> Result<ExportedReport, CommandError> {
    on_store(state, move |store| {
        let data = store.report_data(project_id, chrono::Local::now().date_naive())?;
        let bytes = table_export::render(&data, table, format)?;
        write_atomically(Path::new(&path), &bytes)?;
        Ok(written(path, bytes.len()))
    })
    .await
}

/// Shows the open dialog for a project file; `None` when the user cancels.
#[tauri::command]
pub async fn choose_import_path<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<String>, CommandError> {
    if let Some(path) = std::env::var_os(OPEN_PATH_ENV) {
        return Ok(Some(PathBuf::from(path).display().to_string()));
    }
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Import a project file")
        .add_filter("Preflight project", &["json"]);
    if let Some(documents) = preflight_core::paths::documents_dir() {
        dialog = dialog.set_directory(documents);
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| CommandError::internal(format!("the open dialog failed: {e}")))?;
    chosen.map(into_path).transpose()
}

/// Reads, validates and imports a project file in one transaction.
#[tauri::command]
pub async fn import_project_file(
    state: State<'_, AppState>,
    path: String,
    mode: ImportMode,
) -> Result<ImportedProject, CommandError> {
    on_store(state, move |store| {
        let file = read_file(Path::new(&path))?;
        store.import_project_file(&file, mode)
    })
    .await
}

/// The backups of the open database, newest first.
#[tauri::command]
pub async fn list_backups_of_database(
    state: State<'_, AppState>,
) -> Result<Vec<Backup>, CommandError> {
    on_store(state, Store::backups).await
}

/// Takes a backup now.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<Backup, CommandError> {
    on_store(state, Store::backup_now).await
}

/// Restores a backup over the open database (after backing up the current state). Returns
/// the safety backup.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
) -> Result<Backup, CommandError> {
    on_store(state, move |store| store.restore_backup(Path::new(&path))).await
}

/// What is damaged and which backups could replace it; `None` when the database is fine.
#[tauri::command]
pub async fn get_recovery(state: State<'_, AppState>) -> Result<Option<Recovery>, CommandError> {
    let Some(problem) = state.damage() else {
        return Ok(None);
    };
    let db = state.database_path.clone();
    let backups = run_blocking(move || match db {
        Some(db) => list_backups(&db),
        None => Ok(Vec::new()),
    })
    .await?;
    Ok(Some(Recovery { problem, backups }))
}

/// Replaces the damaged database with a backup (the damaged file is kept beside it) and
/// opens it. The UI reloads afterwards.
#[tauri::command]
pub async fn recover_database(
    state: State<'_, AppState>,
    path: String,
) -> Result<(), CommandError> {
    reopen_after(state, move |db| {
        recover_from_backup(db, Path::new(&path)).map(drop)
    })
    .await
}

/// Sets the damaged database aside (kept as `…damaged-<time>`) and starts with an empty one,
/// for when no backup is usable.
#[tauri::command]
pub async fn start_empty_database(state: State<'_, AppState>) -> Result<(), CommandError> {
    reopen_after(state, |db| set_aside_damaged(db).map(drop)).await
}

/// Runs `repair` on the damaged database file, then opens it again and puts it in place.
async fn reopen_after(
    state: State<'_, AppState>,
    repair: impl FnOnce(&Path) -> Result<(), CoreError> + Send + 'static,
) -> Result<(), CommandError> {
    let db = state
        .database_path
        .clone()
        .ok_or_else(|| CommandError::from(CoreError::NoDataDirectory))?;
    let store = run_blocking(move || {
        repair(&db)?;
        let store = Store::open(&db)?;
        store.seed_sample_on_first_start()?;
        Ok(store)
    })
    .await?;
    state.replace_store(store);
    Ok(())
}

/// Everything in the trash, most recently deleted first.
#[tauri::command]
pub async fn get_trash(state: State<'_, AppState>) -> Result<Vec<TrashItem>, CommandError> {
    on_store(state, Store::trash).await
}

/// Brings one item back from the trash.
#[tauri::command]
pub async fn restore_from_trash(
    state: State<'_, AppState>,
    kind: TrashKind,
    id: Uuid,
) -> Result<(), CommandError> {
    on_store(state, move |store| store.restore_from_trash(kind, id)).await
}

/// Deletes one item in the trash for good.
#[tauri::command]
pub async fn delete_from_trash(
    state: State<'_, AppState>,
    kind: TrashKind,
    id: Uuid,
) -> Result<(), CommandError> {
    on_store(state, move |store| store.delete_from_trash(kind, id)).await
}
