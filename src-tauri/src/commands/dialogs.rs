//! Every native file dialog the UI can open, and their test seams. The webview never handles
//! a path: a dialog's answer stays here in [`Choices`], and the UI gets an opaque token (and
//! the path as text to show). Commands that read or write files take the token, so a
//! compromised webview can neither invent a path nor reuse one for another purpose.
//!
//! WebDriver cannot drive a GTK file chooser, so end-to-end tests answer the dialogs through
//! two environment variables instead ([`SAVE_PATH_ENV`], [`OPEN_PATH_ENV`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use preflight_core::project_file;
use preflight_core::report::{self, ReportKind};
use preflight_core::table_export::{self, ExportTable, TableFormat};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};
use ts_rs::TS;
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

/// What a file dialog answered, as the UI sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChosenFiles {
    /// Names this choice in the commands that use it; meaningless anywhere else.
    pub token: String,
    /// The chosen paths as text, only to show them.
    pub paths: Vec<String>,
}

/// What a token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Choice {
    /// A file the user chose to save to.
    Save(PathBuf),
    /// Files or folders the user chose to read.
    Open(Vec<PathBuf>),
    /// A file this app wrote, which the UI may ask to open in the default viewer.
    Written(PathBuf),
}

/// The dialog answers of this window, by token. Tokens are UUID v7 (74 random bits), so one
/// cannot be guessed; each names one purpose.
#[derive(Debug, Default)]
pub struct Choices {
    by_token: Mutex<HashMap<String, Choice>>,
}

impl Choices {
    fn grant(&self, choice: Choice) -> ChosenFiles {
        let paths = match &choice {
            Choice::Save(p) | Choice::Written(p) => vec![p.display().to_string()],
            Choice::Open(list) => list.iter().map(|p| p.display().to_string()).collect(),
        };
        let token = Uuid::now_v7().simple().to_string();
        self.lock().insert(token.clone(), choice);
        ChosenFiles { token, paths }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Choice>> {
        self.by_token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn find(&self, token: &str) -> Result<Choice, CommandError> {
        self.lock().get(token).cloned().ok_or_else(|| {
            CommandError::internal("that file choice is unknown; choose the file again")
        })
    }

    /// The file the user chose to save to under `token`.
    ///
    /// # Errors
    /// An internal error when `token` names no save choice.
    pub fn save_path(&self, token: &str) -> Result<PathBuf, CommandError> {
        match self.find(token)? {
            Choice::Save(path) => Ok(path),
            _ => Err(CommandError::internal(
                "that file was not chosen for saving",
            )),
        }
    }

    /// The files or folders the user chose to read under `token`.
    ///
    /// # Errors
    /// An internal error when `token` names no open choice.
    pub fn open_paths(&self, token: &str) -> Result<Vec<PathBuf>, CommandError> {
        match self.find(token)? {
            Choice::Open(paths) => Ok(paths),
            _ => Err(CommandError::internal(
                "that file was not chosen for reading",
            )),
        }
    }

    /// Grants a token for a file to save to (what the save dialogs do with the user's answer).
    pub(crate) fn grant_save(&self, path: PathBuf) -> ChosenFiles {
        self.grant(Choice::Save(path))
    }

    /// Grants a token for files or folders to read (what the open dialogs do).
    pub(crate) fn grant_open(&self, paths: Vec<PathBuf>) -> ChosenFiles {
        self.grant(Choice::Open(paths))
    }

    /// Records that this app wrote `path`; the token lets the UI open it.
    pub fn written(&self, path: PathBuf) -> String {
        self.grant(Choice::Written(path)).token
    }

    /// The file this app wrote under `token`.
    ///
    /// # Errors
    /// An internal error when `token` names no file this app wrote.
    pub fn written_path(&self, token: &str) -> Result<PathBuf, CommandError> {
        match self.find(token)? {
            Choice::Written(path) => Ok(path),
            _ => Err(CommandError::internal(
                "only files Preflight wrote can be opened",
            )),
        }
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
    audience: Option<String>,
) -> Result<Option<ChosenFiles>, CommandError> {
    let date = as_of(as_of_date.as_deref())?;
    let (project, audience) = on_store(state.clone(), move |store| {
        let audience = audience.as_deref().map(|a| store.audience(a)).transpose()?;
        Ok((store.project(project_id)?, audience))
    })
    .await?;
    let (title, name) = match &audience {
        Some(a) => (
            a.title(),
            report::audience_file_name(&project.name, a, date),
        ),
        None => (
            kind.title().to_owned(),
            report::file_name(&project.name, kind, date),
        ),
    };
    save_dialog(
        app,
        &state,
        format!("Export {title}"),
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
    state: &AppState,
    title: String,
    name: String,
    filter: &str,
    extension: &str,
) -> Result<Option<ChosenFiles>, CommandError> {
    if let Some(path) = std::env::var_os(SAVE_PATH_ENV) {
        let path = PathBuf::from(path).join(name);
        return Ok(Some(state.choices.grant_save(path)));
    }
    let dialog = in_documents(&app)
        .set_title(title)
        .set_file_name(&name)
        .add_filter(filter, &[extension]);
    let chosen = wait_for_user("save", move || dialog.blocking_save_file()).await?;
    let path = chosen.map(into_path).transpose()?;
    Ok(path.map(|p| state.choices.grant_save(p)))
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
fn into_path(file: FilePath) -> Result<PathBuf, CommandError> {
    file.into_path()
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
) -> Result<Option<ChosenFiles>, CommandError> {
    let project = on_store(state.clone(), move |store| store.project(project_id)).await?;
    match (table, format) {
        (Some(table), Some(format)) => {
            let name = table_export::file_name(&project.name, table, format);
            let (label, ext) = match format {
                TableFormat::Markdown => ("Markdown", "md"),
                TableFormat::Csv => ("CSV", "csv"),
            };
            let title = format!("Export {}", table.title());
            save_dialog(app, &state, title, name, label, ext).await
        }
        _ => {
            let name = project_file::file_name(&project.name, chrono::Local::now().date_naive());
            save_dialog(
                app,
                &state,
                "Export project file".into(),
                name,
                "Preflight project",
                "json",
            )
            .await
        }
    }
}

/// Shows the save dialog for the agenda as an iCalendar file; `None` when the user cancels.
#[tauri::command]
pub async fn choose_calendar_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFiles>, CommandError> {
    save_dialog(
        app,
        &state,
        "Add what comes due to your calendar".into(),
        "preflight-agenda.ics".into(),
        "iCalendar",
        "ics",
    )
    .await
}

/// Shows the save dialog for a framework exported as an AWS custom lens; `None` when the
/// user cancels.
#[tauri::command]
pub async fn choose_lens_export_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    framework: String,
) -> Result<Option<ChosenFiles>, CommandError> {
    let name = format!("{}.lens.json", preflight_core::files::slug(&framework));
    save_dialog(
        app,
        &state,
        "Export the framework as an AWS custom lens".into(),
        name,
        "Custom lens (JSON)",
        "json",
    )
    .await
}

/// Shows the save dialog for a Markdown import's mapping file; `None` when the user cancels.
pub(super) async fn choose_mapping_path<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
) -> Result<Option<ChosenFiles>, CommandError> {
    save_dialog(
        app,
        state,
        "Save the import mapping".into(),
        "preflight-mapping.json".into(),
        "Preflight mapping",
        "json",
    )
    .await
}

/// Shows the native open dialog for one file of `kind` (`extensions` without dots), titled
/// `title`, in the Documents folder; `None` when the user cancels. Under test,
/// [`OPEN_PATH_ENV`] answers instead.
async fn open_one<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
    title: &'static str,
    kind: &'static str,
    extensions: &'static [&'static str],
) -> Result<Option<ChosenFiles>, CommandError> {
    open_with(app, state, move |dialog| {
        dialog
            .set_title(title)
            .add_filter(kind, extensions)
            .blocking_pick_file()
            .map(|file| vec![file])
    })
    .await
}

/// Shows the open dialog that `show` sets up and waits for, in the Documents folder, and
/// grants a token for what the user picked; `None` when cancelled. Under test,
/// [`OPEN_PATH_ENV`] answers instead, without a dialog.
///
/// # Errors
/// An internal error when the dialog fails or returns an unusable location.
async fn open_with<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
    show: impl FnOnce(FileDialogBuilder<R>) -> Option<Vec<FilePath>> + Send + 'static,
) -> Result<Option<ChosenFiles>, CommandError> {
    if let Some(path) = std::env::var_os(OPEN_PATH_ENV) {
        return Ok(Some(state.choices.grant_open(vec![path.into()])));
    }
    let dialog = in_documents(&app);
    let chosen = wait_for_user("open", move || show(dialog)).await?;
    let paths = chosen
        .map(|files| {
            files
                .into_iter()
                .map(into_path)
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    Ok(paths.map(|p| state.choices.grant_open(p)))
}

/// Shows the open dialog for a project file; `None` when the user cancels.
#[tauri::command]
pub async fn choose_import_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFiles>, CommandError> {
    open_one(
        app,
        &state,
        "Import a project file",
        "Preflight project",
        &["json"],
    )
    .await
}

/// Shows the open dialog for an AWS custom lens (JSON); `None` when the user cancels.
#[tauri::command]
pub async fn choose_lens_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFiles>, CommandError> {
    open_one(
        app,
        &state,
        "Import an AWS Well-Architected custom lens",
        "Custom lens (JSON)",
        &["json"],
    )
    .await
}

/// Shows the open dialog for a logo (PNG or JPEG); `None` when the user cancels.
#[tauri::command]
pub async fn choose_logo_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFiles>, CommandError> {
    open_one(
        app,
        &state,
        "Choose a logo",
        "PNG or JPEG image",
        &["png", "jpg", "jpeg"],
    )
    .await
}

/// Shows the native picker for workshop votes files (several may be chosen). `None` when
/// cancelled. Under test, [`OPEN_PATH_ENV`] answers instead.
#[tauri::command]
pub async fn choose_votes_paths<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ChosenFiles>, CommandError> {
    open_with(app, &state, |dialog| {
        dialog
            .set_title("Import workshop votes")
            .add_filter("Preflight votes", &["json"])
            .blocking_pick_files()
    })
    .await
}

/// Shows the native picker for Markdown or CSV files (several may be chosen) or, when `folder` is
/// true, for one folder. `None` when cancelled. Under test, [`OPEN_PATH_ENV`] answers instead.
#[tauri::command]
pub async fn choose_markdown_paths<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    folder: bool,
) -> Result<Option<ChosenFiles>, CommandError> {
    open_with(app, &state, move |dialog| {
        if folder {
            dialog
                .set_title("Import a folder of Markdown readiness docs")
                .blocking_pick_folder()
                .map(|f| vec![f])
        } else {
            dialog
                .set_title("Import readiness docs (Markdown or CSV)")
                .add_filter("Markdown or CSV", &["md", "markdown", "csv", "tsv"])
                .blocking_pick_files()
        }
    })
    .await
}

/// Shows the native folder picker for team sharing: the folder to share a project through, or
/// to open a shared project from (`join`). `None` when cancelled. Under test,
/// [`OPEN_PATH_ENV`] answers instead.
#[tauri::command]
pub async fn choose_shared_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    join: bool,
) -> Result<Option<ChosenFiles>, CommandError> {
    open_with(app, &state, move |dialog| {
        dialog
            .set_title(if join {
                "Open a project a teammate shared"
            } else {
                "Share through a folder your team syncs"
            })
            .blocking_pick_folder()
            .map(|f| vec![f])
    })
    .await
}
