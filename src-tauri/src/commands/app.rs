//! Commands about the app itself: which database is open, and whether opening it failed.

use preflight_core::ErrorPayload;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::AppState;

/// What the UI needs to know before showing any project.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    /// The app version, e.g. "0.1.0".
    pub version: String,
    /// The database file in use (or that failed to open), when known.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_path: Option<String>,
    /// Why the database could not be opened; the UI shows a full-window explanation.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startup_error: Option<ErrorPayload>,
    /// True when the database is damaged or unreadable; the UI shows the recovery screen.
    pub damaged: bool,
}

/// Reports the version, the database path and any startup error.
#[tauri::command]
pub async fn get_app_status(state: State<'_, AppState>) -> Result<AppStatus, ()> {
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database_path: state
            .database_path
            .as_ref()
            .map(|p| p.display().to_string()),
        startup_error: state.store().err(),
        damaged: state.damage().is_some(),
    })
}
