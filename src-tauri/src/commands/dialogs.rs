//! Every native file dialog the UI can open, and their test seams: the window never sends
//! a path it made up, it asks Rust to show a dialog and gets back what the user chose.
//!
//! WebDriver cannot drive a GTK file chooser, so end-to-end tests answer the dialogs through
//! two environment variables instead ([`SAVE_PATH_ENV`], [`OPEN_PATH_ENV`]).

use std::path::PathBuf;

use preflight_core::project_file;
use preflight_core::report::{self, ReportKind};
use preflight_core::table_export::{self, ExportTable, TableFormat};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use uuid::Uuid;

use super::on_store;
use super::reports::as_of;
use crate::error::CommandError;
use crate::AppState;

/// When set, the save dialogs answer this folder (joined with the proposed file name) instead of showing the native save
/// dialog. End-to-end tests set it, because WebDriver cannot drive a GTK file chooser.
pub const SAVE_PATH_ENV: &str = "PREFLIGHT_TEST_SAVE_PATH";

/// When set, the open dialogs answer this path instead of showing the native open
/// dialog (WebDriver cannot drive a GTK file chooser).
pub const OPEN_PATH_ENV: &str = "PREFLIGHT_TEST_OPEN_PATH";

/// Shows the save dialog with a default file name (project, report, date) in the Documents
/// folder; `None` when the user cancels.
#[tauri::command]
pub async fn choose_report_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    project_id: Uuid,
    kind: ReportKind,
    as_of_date: Option<String>,
) -> Result<Option<String>, CommandError> {
    let date = as_of(as_of_date.as_deref())?;
    let project = on_store(state, move |store| store.project(project_id)).await?;
    let name = report::file_name(&project.name, kind, date);
    save_dialog(
        app,
        format!("Export {}", kind.title()),
        name,
        "PDF document",
        "pdf",
    )
    .await
}

/// Shows the native save dialog in the Documents folder with `name` filled in and one file
/// type; `None` when the user cancels. [`SAVE_PATH_ENV`] answers it with a folder in tests.
///
/// # Errors
/// An internal error when the dialog fails or returns an unusable location.
async fn save_dialog<R: Runtime>(
    app: AppHandle<R>,
    title: String,
    name: String,
    filter: &str,
    extension: &str,
) -> Result<Option<String>, CommandError> {
    if let Some(path) = std::env::var_os(SAVE_PATH_ENV) {
        return Ok(Some(PathBuf::from(path).join(name).display().to_string()));
    }
    let dialog = in_documents(&app)
        .set_title(title)
        .set_file_name(&name)
        .add_filter(filter, &[extension]);
    let chosen = wait_for_user("save", move || dialog.blocking_save_file()).await?;
    chosen.map(into_path).transpose()
}

/// A file dialog that opens in the Documents folder (when there is one).
fn in_documents<R: Runtime>(app: &AppHandle<R>) -> FileDialogBuilder<R> {
    let dialog = app.dialog().file();
    match preflight_core::paths::documents_dir() {
        Some(documents) => dialog.set_directory(documents),
        None => dialog,
    }
}

/// Shows a dialog with its blocking call on a worker thread, so the user's time in it never
/// holds the main thread.
///
/// # Errors
/// An internal error naming the `kind` of dialog when the worker thread fails.
async fn wait_for_user<T: Send + 'static>(
    kind: &str,
    show: impl FnOnce() -> T + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(show)
        .await
        .map_err(|e| CommandError::internal(format!("the {kind} dialog failed: {e}")))
}

/// The local path of a file the dialog returned.
fn into_path(file: tauri_plugin_dialog::FilePath) -> Result<String, CommandError> {
    file.into_path()
        .map(|p| p.display().to_string())
        .map_err(|e| CommandError::internal(format!("unusable file location: {e}")))
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

/// Shows the open dialog for a project file; `None` when the user cancels.
#[tauri::command]
pub async fn choose_import_path<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<String>, CommandError> {
    if let Some(path) = std::env::var_os(OPEN_PATH_ENV) {
        return Ok(Some(PathBuf::from(path).display().to_string()));
    }
    let dialog = in_documents(&app)
        .set_title("Import a project file")
        .add_filter("Preflight project", &["json"]);
    let chosen = wait_for_user("open", move || dialog.blocking_pick_file()).await?;
    chosen.map(into_path).transpose()
}

/// Shows the native picker for Markdown files (several may be chosen) or, when `folder` is
/// true, for one folder. `None` when cancelled. Under test, [`OPEN_PATH_ENV`] answers instead.
#[tauri::command]
pub async fn choose_markdown_paths<R: Runtime>(
    app: AppHandle<R>,
    folder: bool,
) -> Result<Option<Vec<String>>, CommandError> {
    if let Some(path) = std::env::var_os(OPEN_PATH_ENV) {
        return Ok(Some(vec![PathBuf::from(path).display().to_string()]));
    }
    let dialog = in_documents(&app);
    let chosen = wait_for_user("open", move || {
        if folder {
            dialog
                .set_title("Import a folder of Markdown readiness docs")
                .blocking_pick_folder()
                .map(|f| vec![f])
        } else {
            dialog
                .set_title("Import Markdown readiness docs")
                .add_filter("Markdown", &["md", "markdown"])
                .blocking_pick_files()
        }
    })
    .await?;
    chosen
        .map(|files| files.into_iter().map(into_path).collect())
        .transpose()
}
