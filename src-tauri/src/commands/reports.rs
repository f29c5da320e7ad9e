//! Report commands: render a PDF off the main thread to the path the save dialog chose, and
//! open it.

use chrono::NaiveDate;
use preflight_core::domain::date::required_date;
use preflight_core::export::{self, Output};
use preflight_core::report::{Paper, ReportKind, ReportOptions};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

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

impl ExportedReport {
    /// `bytes` written to `path` (sizes past 4 GiB read as 4 GiB).
    pub(super) fn new(path: String, bytes: usize) -> ExportedReport {
        ExportedReport {
            path,
            bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
        }
    }
}

/// The `asOf` the UI sent, or today's local date.
pub(super) fn as_of(text: Option<&str>) -> Result<NaiveDate, CommandError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(required_date("asOf", t)?),
        None => Ok(chrono::Local::now().date_naive()),
    }
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
        let options = ReportOptions {
            kind,
            paper,
            as_of: date,
            author: String::new(),
        };
        let bytes =
            export::export_report(store, project_id, &options, Output::File(path.as_ref()))?;
        Ok(ExportedReport::new(path, bytes))
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
