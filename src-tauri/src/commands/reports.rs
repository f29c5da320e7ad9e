//! Report commands: choose where to save a PDF, render it off the main thread, and open it.

use std::path::PathBuf;

use chrono::NaiveDate;
use preflight_core::domain::date::required_date;
use preflight_core::files::write_atomically;
use preflight_core::report::{self, Paper, ReportKind, ReportOptions};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// When set, [`choose_report_path`] answers this path instead of showing the native save
/// dialog. End-to-end tests set it, because WebDriver cannot drive a GTK file chooser.
pub const SAVE_PATH_ENV: &str = "PREFLIGHT_TEST_SAVE_PATH";

/// A report written to disk.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportedReport {
    /// Where it was written.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u32,
}

/// The `asOf` the UI sent, or today's local date.
fn as_of(text: Option<&str>) -> Result<NaiveDate, CommandError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(required_date("asOf", t)?),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

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
pub(super) async fn save_dialog<R: Runtime>(
    app: AppHandle<R>,
    title: String,
    name: String,
    filter: &str,
    extension: &str,
) -> Result<Option<String>, CommandError> {
    if let Some(path) = std::env::var_os(SAVE_PATH_ENV) {
        return Ok(Some(PathBuf::from(path).join(name).display().to_string()));
    }
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(&name)
        .add_filter(filter, &[extension]);
    if let Some(documents) = preflight_core::paths::documents_dir() {
        dialog = dialog.set_directory(documents);
    }
    // The blocking variant waits for the user on a worker thread, never on the main one.
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| CommandError::internal(format!("the save dialog failed: {e}")))?;
    chosen.map(into_path).transpose()
}

/// The local path of a file the dialog returned.
pub(super) fn into_path(file: tauri_plugin_dialog::FilePath) -> Result<String, CommandError> {
    file.into_path()
        .map(|p| p.display().to_string())
        .map_err(|e| CommandError::internal(format!("unusable file location: {e}")))
}

/// Renders a report of the project on a blocking thread and writes it to `path` atomically
/// (an existing file is replaced only once the new one is complete).
#[tauri::command]
pub async fn export_report(
    state: State<'_, AppState>,
    project_id: Uuid,
    kind: ReportKind,
    paper: Paper,
    as_of_date: Option<String>,
    path: String,
) -> Result<ExportedReport, CommandError> {
    let date = as_of(as_of_date.as_deref())?;
    on_store(state, move |store| {
        let data = store.report_data(project_id, date)?;
        let options = ReportOptions {
            kind,
            paper,
            as_of: date,
            author: String::new(),
        };
        let pdf = report::render(&data, &options)?;
        write_atomically(std::path::Path::new(&path), &pdf)?;
        Ok(ExportedReport {
            path,
            bytes: u32::try_from(pdf.len()).unwrap_or(u32::MAX),
        })
    })
    .await
}

/// Opens an exported file in the desktop's default viewer.
#[tauri::command]
pub async fn open_exported_file<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> Result<(), CommandError> {
    app.opener()
        .open_path(&path, None::<&str>)
        .map_err(|e| CommandError::internal(format!("cannot open {path}: {e}")))
}
