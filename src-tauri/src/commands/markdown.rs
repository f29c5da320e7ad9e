//! The Markdown and CSV import commands: the plan with the tables that need mapping, the import
//! itself, and saving a mapping (the file pickers are in `dialogs`).

use preflight_core::export::Output;
use preflight_core::markdown_import::mapping::{
    target_choices, Mapping, TargetChoice, UnmatchedTable,
};
use preflight_core::markdown_import::{
    plan_sources_with, read_sources, unmatched_tables, MarkdownImport, MarkdownTarget, PlanOptions,
};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::reports::{export_to, ExportedReport};
use super::{dialogs, on_store, run_blocking};
use crate::error::CommandError;
use crate::AppState;

/// What the import dialog's mapping step needs: the tables no header matches, and the targets
/// with their fields to choose from.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarkdownPlan {
    /// Tables Preflight does not recognise, each with a best guess.
    pub unmatched: Vec<UnmatchedTable>,
    /// Every target and its fields.
    pub targets: Vec<TargetChoice>,
}

/// Reads the files chosen under `files` and lists the tables that need the user's mapping.
#[tauri::command]
pub async fn plan_markdown_import(
    state: State<'_, AppState>,
    files: String,
) -> Result<MarkdownPlan, CommandError> {
    let paths = state.choices.open_paths(&files)?;
    run_blocking(move || {
        Ok(MarkdownPlan {
            unmatched: unmatched_tables(&read_sources(&paths)?, None)?,
            targets: target_choices(),
        })
    })
    .await
}

/// Reads and checks the files chosen under `files` (Markdown or CSV files, or folders), places
/// the tables `mapping` names as it says, then imports everything into `target` in one
/// transaction and returns what went where.
#[tauri::command]
pub async fn import_markdown(
    state: State<'_, AppState>,
    target: MarkdownTarget,
    files: String,
    mapping: Option<Mapping>,
) -> Result<MarkdownImport, CommandError> {
    let paths = state.choices.open_paths(&files)?;
    on_store(state, move |store| {
        // The mapping crosses IPC; it gets the same checks as a mapping file.
        let mapping = mapping.map(Mapping::checked).transpose()?;
        let options = PlanOptions {
            table: None,
            mapping: mapping.as_ref(),
        };
        let blocks = plan_sources_with(&read_sources(&paths)?, &options)?;
        store.import_markdown(&target, &blocks)
    })
    .await
}

/// Asks where to save `mapping` (a save dialog in Rust) and writes it as a mapping file for
/// `preflight import-md --map`; `None` when the user cancels.
#[tauri::command]
pub async fn save_import_mapping<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    mapping: Mapping,
) -> Result<Option<ExportedReport>, CommandError> {
    let Some(chosen) = dialogs::choose_mapping_path(app, &state).await? else {
        return Ok(None);
    };
    let text = serde_json::to_string_pretty(&mapping)
        .map_err(|e| CommandError::internal(format!("cannot write the mapping: {e}")))?;
    export_to(state, &chosen.token, move |store, path| {
        Output::File(path).write(store, format!("{text}\n").as_bytes())
    })
    .await
    .map(Some)
}
