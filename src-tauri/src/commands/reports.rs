//! Report commands: have the `preflight` command beside the window write a PDF to the path the
//! save dialog chose, and open it; audiences, the log of reports sent, lenses and calendars.

use std::panic::Location;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use preflight_core::domain::date::required_date;
use preflight_core::export::child::{self, ReportJob};
use preflight_core::export::{self, Output};
use preflight_core::report::{Paper, ReportKind};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;
use uuid::Uuid;

use super::{logged, on_store, run_blocking};
use crate::error::CommandError;
use crate::AppState;
use preflight_core::domain::audience::{Audience, AudienceSummary};
use preflight_core::domain::report_log::ReportSend;
use preflight_core::CoreError;

/// A file written to disk: a report, a table export or a project file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportedReport {
    /// Where it was written, to show.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u32,
    /// Names the file for [`open_exported_file`].
    pub token: String,
}

/// Writes with `write` to the file the user chose under `token`, and records it as written by
/// this app (so the UI may open it).
///
/// # Errors
/// An internal error for an unknown token; `write`'s error.
pub(super) async fn export_to(
    state: State<'_, AppState>,
    token: &str,
    write: impl FnOnce(&preflight_core::Store, &std::path::Path) -> Result<usize, CoreError>
        + Send
        + 'static,
) -> Result<ExportedReport, CommandError> {
    let path = state.choices.save_path(token)?;
    let target = path.clone();
    let bytes = on_store(state.clone(), move |store| write(store, &target)).await?;
    Ok(written(&state, path, bytes))
}

/// The answer for `bytes` written to `path`, which the UI may now open.
fn written(state: &AppState, path: PathBuf, bytes: usize) -> ExportedReport {
    ExportedReport {
        path: path.display().to_string(),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
        token: state.choices.written(path),
    }
}

/// The `asOf` the UI sent, or today's local date.
pub(super) fn as_of(text: Option<&str>) -> Result<NaiveDate, CommandError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(required_date("asOf", t)?),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Has the `preflight` command beside the window write a report of the project to the file
/// chosen under `file` (see core's `export::child`): atomically, so an existing file is
/// replaced only once the new one is complete. With an `audience` (its id) the report is that
/// audience's, and logged unless it is the team's.
///
/// # Errors
/// `asOf` when it is not a date; the report's own errors as the child reports them (an unknown
/// project, a recipient too long, a file that cannot be written); an internal error when the
/// `preflight` command is missing or fails.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn export_report(
    state: State<'_, AppState>,
    project_id: Uuid,
    kind: ReportKind,
    paper: Paper,
    as_of_date: Option<String>,
    audience: Option<String>,
    recipient: Option<String>,
    file: String,
) -> Result<ExportedReport, CommandError> {
    let as_of = as_of(as_of_date.as_deref())?;
    let output = state.choices.save_path(&file)?;
    let store = state.store().map_err(CommandError)?;
    let database = store.path().map(Path::to_owned).ok_or_else(|| {
        CommandError::internal("reports need a database file, not an in-memory database")
    })?;
    let program = state.command.clone().ok_or_else(|| {
        CommandError::internal(
            "the preflight command, which writes reports, is not installed beside this program; \
             reinstall Preflight",
        )
    })?;
    let job = ReportJob {
        database,
        project: project_id,
        kind,
        paper,
        as_of,
        audience,
        recipient: recipient.unwrap_or_default(),
        output: output.clone(),
    };
    let bytes = run_blocking(move || Ok(child::export_report_in_child(&program, &job)))
        .await?
        .map_err(|e| logged(Location::caller(), CommandError(e)))?;
    Ok(written(&state, output, bytes))
}

/// Every audience, with what its report includes and holds back: the four built in, then
/// those saved on this computer.
#[tauri::command]
pub async fn list_audiences(
    state: State<'_, AppState>,
) -> Result<Vec<AudienceSummary>, CommandError> {
    on_store(state, |store| {
        Ok(store
            .audiences()?
            .into_iter()
            .map(AudienceSummary::from)
            .collect())
    })
    .await
}

/// What a report for `audience` (one being edited, not saved yet) includes and holds back.
#[tauri::command]
pub async fn describe_audience(audience: Audience) -> Result<AudienceSummary, CommandError> {
    Ok(AudienceSummary::from(audience))
}

/// Saves an audience of the user's own (replacing one of the same name).
#[tauri::command]
pub async fn save_audience(
    state: State<'_, AppState>,
    audience: Audience,
) -> Result<Audience, CommandError> {
    on_store(state, move |store| store.save_audience(&audience)).await
}

/// Deletes a saved audience.
#[tauri::command]
pub async fn delete_audience(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    on_store(state, move |store| store.delete_audience(&id)).await
}

/// The reports sent of a project, newest first.
#[tauri::command]
pub async fn list_report_log(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<Vec<ReportSend>, CommandError> {
    on_store(state, move |store| store.report_log(project_id)).await
}

/// Opens a file this app exported in the desktop's default viewer; nothing else can be opened.
#[tauri::command]
pub async fn open_exported_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
) -> Result<(), CommandError> {
    let path = state.choices.written_path(&token)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| CommandError::internal(format!("cannot open {}: {e}", path.display())))
}

/// Writes framework `framework` (id or name) as an AWS custom lens to the file chosen under
/// `file` (see `choose_lens_export_path`).
#[tauri::command]
pub async fn export_lens(
    state: State<'_, AppState>,
    framework: String,
    file: String,
) -> Result<ExportedReport, CommandError> {
    export_to(state, &file, move |store, path| {
        let json = store.export_lens(&framework)?.to_json()?;
        Output::File(path).write(store, json.as_bytes())
    })
    .await
}

/// Opens a lens's helpful link in the system browser. Only `http` and `https` links are
/// opened; anything else is refused, so a lens file cannot start other programs.
#[tauri::command]
pub async fn open_link<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), CommandError> {
    let url = web_link(&url)?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::internal(format!("cannot open {url}: {e}")))
}

/// `url` trimmed, when it is an `http` or `https` link.
fn web_link(url: &str) -> Result<&str, CoreError> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Ok(url)
    } else {
        Err(CoreError::invalid(
            "url",
            "only http and https links are opened",
        ))
    }
}

/// Writes what comes due across active projects (a year ahead, overdue included) as an
/// iCalendar file to the file chosen under `file`.
#[tauri::command]
pub async fn export_calendar(
    state: State<'_, AppState>,
    file: String,
) -> Result<ExportedReport, CommandError> {
    let today = chrono::Local::now().date_naive();
    export_to(state, &file, move |store, path| {
        let scope = export::CalendarScope {
            days: 365,
            ..export::CalendarScope::default()
        };
        export::export_calendar(store, today, &scope, chrono::Utc::now(), Output::File(path))
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_web_links_are_opened() {
        assert_eq!(
            super::web_link(" https://aws.amazon.com/x ").unwrap(),
            "https://aws.amazon.com/x"
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "/usr/bin/xterm",
            "",
        ] {
            assert!(super::web_link(bad).is_err(), "{bad}");
        }
    }
}
