//! Data-safety commands: project files, table exports, imports, backups, restore, recovery and
//! the trash.

use std::path::{Path, PathBuf};

use preflight_core::export::{self, Output};
use preflight_core::project_file::{export_time, read_file};
use preflight_core::storage::backup::{
    list_backups, recover_from_backup, set_aside_damaged, Backup,
};
use preflight_core::storage::trash::{TrashItem, TrashKind};
use preflight_core::storage::{ImportMode, ImportedProject};
use preflight_core::table_export::{ExportTable, TableFormat};
use preflight_core::{CoreError, Store};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::reports::{export_to, ExportedReport};
use super::{on_store, run_blocking};
use crate::error::CommandError;
use crate::AppState;

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

/// Writes the project file of a project atomically to the file chosen under `file`.
#[tauri::command]
pub async fn export_project_file(
    state: State<'_, AppState>,
    project_id: Uuid,
    file: String,
) -> Result<ExportedReport, CommandError> {
    export_to(state, &file, move |store, path| {
        export::export_project_file(store, project_id, export_time(), Output::File(path))
    })
    .await
}

/// Writes one table of a project as Markdown or CSV atomically to the file chosen under `file`.
#[tauri::command]
pub async fn export_table(
    state: State<'_, AppState>,
    project_id: Uuid,
    table: ExportTable,
    format: TableFormat,
    internal: bool,
    file: String,
) -> Result<ExportedReport, CommandError> {
    let today = chrono::Local::now().date_naive();
    export_to(state, &file, move |store, path| {
        export::export_table(
            store,
            project_id,
            table,
            format,
            today,
            internal,
            Output::File(path),
        )
    })
    .await
}

/// Reads, validates and imports a project file in one transaction.
#[tauri::command]
pub async fn import_project_file(
    state: State<'_, AppState>,
    file: String,
    mode: ImportMode,
) -> Result<ImportedProject, CommandError> {
    let [path] = <[_; 1]>::try_from(state.choices.open_paths(&file)?)
        .map_err(|_| CommandError::internal("choose one project file"))?;
    on_store(state, move |store| {
        let file = read_file(&path)?;
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

/// The database's revision: how many write transactions it has committed, by this window,
/// the `preflight` command or a sync alike. The window asks for it to tell whether a copy it
/// kept (read at some revision) is still the database's state.
#[tauri::command]
pub async fn get_revision(state: State<'_, AppState>) -> Result<i64, CommandError> {
    on_store(state, Store::revision).await
}

/// Takes a backup now.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<Backup, CommandError> {
    on_store(state, Store::backup_now).await
}

/// Restores the backup named `name` (a file of the open database's backups folder) over the
/// open database, after backing up the current state. Returns the safety backup.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    name: String,
) -> Result<Backup, CommandError> {
    on_store(state, move |store| {
        let backup = listed_backup(store.backups()?, &name)?;
        store.restore_backup(&backup)
    })
    .await
}

/// The path of the backup named `name` among `listed` (the backups folder of the open
/// database): the UI names a backup, never a path, so it can only ever restore a real backup
/// of this database.
///
/// # Errors
/// [`CoreError::NotFound`] for any other name.
fn listed_backup(listed: Vec<Backup>, name: &str) -> Result<PathBuf, CoreError> {
    listed
        .into_iter()
        .find(|b| b.name == name)
        .map(|b| PathBuf::from(b.path))
        .ok_or_else(|| CoreError::NotFound {
            what: "backup",
            id: name.to_owned(),
        })
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

/// Replaces the damaged database with the backup named `name` (the damaged file is kept
/// beside it) and opens it. The UI reloads afterwards.
#[tauri::command]
pub async fn recover_database(
    state: State<'_, AppState>,
    name: String,
) -> Result<(), CommandError> {
    reopen_after(state, move |db| {
        let backup = listed_backup(list_backups(db)?, &name)?;
        recover_from_backup(db, &backup).map(drop)
    })
    .await
}

/// Sets the damaged database aside (kept as `…damaged-<time>`) and starts with an empty one,
/// for when no backup is usable.
#[tauri::command]
pub async fn start_empty_database(state: State<'_, AppState>) -> Result<(), CommandError> {
    reopen_after(state, |db| set_aside_damaged(db).map(drop)).await
}

/// Runs `repair` on the damaged database file, then opens it again and puts it in place. Does
/// nothing to a database that is not damaged.
async fn reopen_after(
    state: State<'_, AppState>,
    repair: impl FnOnce(&Path) -> Result<(), CoreError> + Send + 'static,
) -> Result<(), CommandError> {
    if state.damage().is_none() {
        return Err(CommandError::from(CoreError::Conflict {
            field: None,
            message: "the database is not damaged; there is nothing to recover".into(),
        }));
    }
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

/// Imports the AWS custom lens chosen under `file` (see `choose_lens_path`) as a framework.
#[tauri::command]
pub async fn import_lens(
    state: State<'_, AppState>,
    file: String,
) -> Result<preflight_core::storage::LensImport, CommandError> {
    let [path] = <[_; 1]>::try_from(state.choices.open_paths(&file)?)
        .map_err(|_| CommandError::internal("one lens file was expected"))?;
    on_store(state, move |store| {
        store.import_lens(&preflight_core::domain::lens::read_file(&path)?)
    })
    .await
}
