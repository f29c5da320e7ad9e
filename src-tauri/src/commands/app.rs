//! Commands about the app itself: which database is open, whether opening it failed, where
//! the log is, and the app-wide settings (date format, window zoom).

use preflight_core::domain::settings::Settings;
use preflight_core::ErrorPayload;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use super::on_store;
use crate::error::CommandError;
use crate::{logging, AppState};

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
    /// The folder of the window's log (About shows it, to attach to a bug report).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_folder: Option<String>,
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
        log_folder: state
            .database_path
            .as_deref()
            .map(|p| logging::log_dir(p).display().to_string()),
    })
}

/// The window says it is interactive (its project list and open project drawn): the
/// milestone goes to the log, and the background work starts (see [`crate::WindowReady`]).
#[tauri::command]
pub fn window_ready(ready: State<'_, crate::WindowReady>) {
    if ready.signal() {
        tracing::info!(
            since_start_ms = crate::since_start_ms(),
            "window interactive"
        );
    }
}

/// Opens the log folder in the desktop's file manager. The folder comes from the database path
/// the app holds, never from the webview.
#[tauri::command]
pub async fn open_log_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    let folder = state
        .database_path
        .as_deref()
        .map(logging::log_dir)
        .ok_or_else(|| CommandError::internal("no database, so no log folder"))?;
    std::fs::create_dir_all(&folder)
        .map_err(|e| CommandError::internal(format!("cannot create {}: {e}", folder.display())))?;
    app.opener()
        .open_path(folder.display().to_string(), None::<&str>)
        .map_err(|e| CommandError::internal(format!("cannot open {}: {e}", folder.display())))
}

/// The app-wide settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    on_store(state, |store| store.settings()).await
}

/// Stores the settings and applies the zoom to the window at once.
#[tauri::command]
pub async fn update_settings<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    let stored = on_store(state, move |store| store.update_settings(settings)).await?;
    apply_zoom(&window, stored.zoom_percent);
    Ok(stored)
}

/// Sets the window's zoom (WebKit's zoom level: text, images and layout scale together, like a
/// browser's Ctrl+=). A failure only leaves the zoom as it was, so it is logged, not returned.
pub fn apply_zoom<R: Runtime>(window: &WebviewWindow<R>, percent: u16) {
    if let Err(e) = window.set_zoom(f64::from(percent) / 100.0) {
        tracing::warn!("setting the zoom to {percent} % failed: {e}");
    }
}

/// Applies the stored zoom to the main window when it opens, before the page draws.
pub fn restore_zoom<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    if let Ok(store) = app.state::<AppState>().store() {
        match store.settings() {
            Ok(settings) if settings.zoom_percent != 100 => {
                apply_zoom(&window, settings.zoom_percent);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(code = ?e.code(), "reading the settings failed: {e}"),
        }
    }
}
