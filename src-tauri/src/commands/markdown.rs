//! The Markdown import command (its file or folder picker is in `dialogs`).

use preflight_core::markdown_import::{plan_sources, read_sources, MarkdownImport, MarkdownTarget};
use tauri::State;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// Reads and checks the Markdown files chosen under `files` (files or folders), then imports them into
/// `target` in one transaction and returns what went where.
#[tauri::command]
pub async fn import_markdown(
    state: State<'_, AppState>,
    target: MarkdownTarget,
    files: String,
) -> Result<MarkdownImport, CommandError> {
    let paths = state.choices.open_paths(&files)?;
    on_store(state, move |store| {
        let blocks = plan_sources(&read_sources(&paths)?)?;
        store.import_markdown(&target, &blocks)
    })
    .await
}
