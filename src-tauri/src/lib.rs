//! The Preflight desktop shell: builds the Tauri app around `preflight-core`, and hosts the CLI.
//!
//! Everything here is glue. Domain rules, SQL and report layout live in `preflight-core`; the
//! commands in [`commands`] validate IPC input, call core off the main thread, and map errors
//! to the `{code, message, field}` shape the UI understands.

pub mod cli;
pub mod commands;
pub mod error;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use preflight_core::paths::{resolve_database_path, DB_ENV};
use preflight_core::{CoreError, ErrorPayload, Store};

/// What the window's commands work on: the open database, or why it could not be opened.
///
/// A database that cannot be opened (from a newer Preflight, unreadable) still gets a window, so
/// the person sees a clear explanation instead of a crash or a blank screen.
pub struct AppState {
    /// The open store, or the error that prevented opening it.
    pub store: Result<Arc<Store>, ErrorPayload>,
    /// The database path the app tried to open, when one could be worked out.
    pub database_path: Option<PathBuf>,
}

impl AppState {
    /// Opens the database at `path` (or records why that failed) and, for the window's first
    /// start on an empty database, creates the sample project.
    pub fn open(path: Result<PathBuf, CoreError>) -> AppState {
        let database_path = path.as_ref().ok().cloned();
        let store = path.and_then(|p| Store::open(&p)).and_then(|store| {
            store.seed_sample_on_first_start()?;
            Ok(Arc::new(store))
        });
        if let Err(e) = &store {
            eprintln!("preflight: {e}");
        }
        AppState {
            store: store.map_err(|e| e.payload()),
            database_path,
        }
    }
}

/// Registers the state and every command on `builder` (the real one, or Tauri's mock in tests).
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    builder.manage(state).invoke_handler(commands::handler())
}

/// True when a graphical display is available (X11 or Wayland on Linux; always elsewhere).
fn has_display() -> bool {
    if cfg!(target_os = "linux") {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|value| !value.is_empty()))
    } else {
        true
    }
}

/// Opens the main window on the database chosen by `--db`, `PREFLIGHT_DB` or the default path,
/// and runs until it is closed.
pub fn run_window(db_flag: Option<PathBuf>) -> ExitCode {
    if !has_display() {
        eprintln!(
            "preflight: no display found (DISPLAY and WAYLAND_DISPLAY are unset); \
             run it in a desktop session, or use a subcommand such as `preflight projects list`"
        );
        return ExitCode::FAILURE;
    }
    let path = resolve_database_path(db_flag, std::env::var(DB_ENV).ok());
    let state = AppState::open(path);
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init());
    match configure(builder, state).run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("preflight: the window could not start: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tauri_identifier_matches_the_data_folder_name() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("valid JSON");
        assert_eq!(conf["identifier"], preflight_core::paths::APP_IDENTIFIER);
    }
}
