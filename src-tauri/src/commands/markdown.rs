//! Markdown import commands: the file or folder picker and the import itself.

use std::path::PathBuf;

use preflight_core::markdown_import::{plan_sources, read_sources, MarkdownImport, MarkdownTarget};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::data::OPEN_PATH_ENV;
use super::on_store;
use super::reports::into_path;
use crate::error::CommandError;
use crate::AppState;

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
    let mut dialog = app.dialog().file();
    if let Some(documents) = preflight_core::paths::documents_dir() {
        dialog = dialog.set_directory(documents);
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || {
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
    .await
    .map_err(|e| CommandError::internal(format!("the open dialog failed: {e}")))?;
    chosen
        .map(|files| files.into_iter().map(into_path).collect())
        .transpose()
}

/// Reads and checks the Markdown files at `paths` (files or folders), then imports them into
/// `target` in one transaction and returns what went where.
#[tauri::command]
pub async fn import_markdown(
    state: State<'_, AppState>,
    target: MarkdownTarget,
    paths: Vec<String>,
) -> Result<MarkdownImport, CommandError> {
    on_store(state, move |store| {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        let blocks = plan_sources(&read_sources(&paths)?)?;
        store.import_markdown(&target, &blocks)
    })
    .await
}
