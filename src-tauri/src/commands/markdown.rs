//! The Markdown import command (its file or folder picker is in `dialogs`).

use std::path::PathBuf;

use preflight_core::markdown_import::{plan_sources, read_sources, MarkdownImport, MarkdownTarget};
use tauri::State;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

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
