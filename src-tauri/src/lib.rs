//! The Preflight desktop shell: builds the Tauri app around `preflight-core` (the window
//! program `preflight-window`; the CLI is the crate `preflight-cli`).
//!
//! Everything here is glue. Domain rules, SQL and report layout live in `preflight-core`; the
//! commands in [`commands`] validate IPC input, call core off the main thread, and map errors
//! to the `{code, message, field}` shape the UI understands.

pub mod commands;
pub mod error;
pub mod logging;
mod reminders;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

use tauri::Manager;

use preflight_core::paths::{resolve_database_path, DB_ENV};
use preflight_core::{CoreError, ErrorPayload, Store};

/// What the window's commands work on: the open database, or why it could not be opened.
///
/// A database that cannot be opened (from a newer Preflight, unreadable, damaged) still gets a
/// window, so the person sees a clear explanation or the recovery screen instead of a crash or
/// a blank screen. The store sits behind a lock because recovering from a backup replaces it.
pub struct AppState {
    store: RwLock<Result<Arc<Store>, ErrorPayload>>,
    /// The database path the app tried to open, when one could be worked out.
    pub database_path: Option<PathBuf>,
    /// Set when the database is damaged or unreadable and a backup could replace it.
    damage: RwLock<Option<String>>,
    /// The files the user chose in dialogs and the files this app wrote, by token.
    pub choices: commands::dialogs::Choices,
    /// The workshop server while one runs; dropping it (the app's exit) stops it.
    workshop: std::sync::Mutex<Option<preflight_workshop::Server>>,
}

impl AppState {
    /// Opens the database at `path` (or records why that failed), checks it with
    /// `PRAGMA quick_check`, and, for the window's first start on an empty database, creates
    /// the sample project.
    pub fn open(path: Result<PathBuf, CoreError>) -> AppState {
        let database_path = path.as_ref().ok().cloned();
        let opened = path.and_then(|p| Store::open(&p)).and_then(|store| {
            let problems = store.quick_check()?;
            if let Some(first) = problems.first() {
                return Err(CoreError::Unreadable {
                    path: store.path().map(Path::to_owned).unwrap_or_default(),
                    reason: format!("the database is damaged (quick_check: {first})"),
                });
            }
            store.seed_sample_on_first_start()?;
            Ok(Arc::new(store))
        });
        let damage = match &opened {
            Err(
                e @ (CoreError::Unreadable { .. }
                | CoreError::Database(_)
                | CoreError::Migration(_)),
            ) => Some(e.to_string()),
            _ => None,
        };
        match &opened {
            Ok(store) => tracing::info!(
                database = %store.path().map(Path::display).map(|d| d.to_string()).unwrap_or_default(),
                "database opened"
            ),
            Err(e) => tracing::error!(code = ?e.code(), "the database could not be opened: {e}"),
        }
        AppState::with(opened.map_err(|e| e.payload()), database_path, damage)
    }

    /// A state around an already opened store (or its error); for tests and [`AppState::open`].
    pub fn with(
        store: Result<Arc<Store>, ErrorPayload>,
        database_path: Option<PathBuf>,
        damage: Option<String>,
    ) -> AppState {
        AppState {
            store: RwLock::new(store),
            database_path,
            damage: RwLock::new(damage),
            choices: commands::dialogs::Choices::default(),
            workshop: std::sync::Mutex::new(None),
        }
    }

    /// The running workshop's server, if any.
    pub fn workshop(&self) -> std::sync::MutexGuard<'_, Option<preflight_workshop::Server>> {
        self.workshop
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The open store, or the error that prevented opening it.
    pub fn store(&self) -> Result<Arc<Store>, ErrorPayload> {
        self.store
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// What is wrong with a damaged database, while the recovery screen should show.
    pub fn damage(&self) -> Option<String> {
        self.damage
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Puts a freshly opened store in place after a recovery, and clears the damage.
    pub fn replace_store(&self, store: Store) {
        *self
            .store
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Ok(Arc::new(store));
        *self
            .damage
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

/// Takes a backup when the database changed and deletes trash older than 30 days, now and
/// then every 15 minutes, on a background thread for as long as the app runs (and
/// [`back_up_on_exit`] once more when the window closes). Failures go to the log; they never
/// stop the app.
fn start_housekeeping<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        if let Ok(store) = app.state::<AppState>().store() {
            if let Err(e) = store.purge_expired_trash(chrono::Utc::now()) {
                tracing::error!(code = ?e.code(), "emptying old trash failed: {e}");
            }
            if let Err(e) = store.backup_if_changed() {
                tracing::error!(code = ?e.code(), "automatic backup failed: {e}");
            }
        }
        std::thread::sleep(std::time::Duration::from_secs(
            preflight_core::storage::backup::INTERVAL_SECONDS,
        ));
    });
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
    let path = resolve_database_path(db_flag, std::env::var(DB_ENV).ok());
    let log_dir = path.as_deref().ok().map(logging::log_dir);
    logging::init(log_dir.as_deref());
    if !has_display() {
        // No window can show this: it goes to the terminal that started the binary (the log
        // layer copies warnings and errors to standard error) and to the log.
        tracing::error!(
            "no display found (DISPLAY and WAYLAND_DISPLAY are unset); run Preflight in a \
             desktop session, or use a subcommand such as `preflight projects list`"
        );
        return ExitCode::FAILURE;
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Preflight starting");
    let state = AppState::open(path);
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init());
    let builder = builder.setup(|app| {
        start_housekeeping(app.handle().clone());
        reminders::start(app.handle().clone());
        commands::app::restore_zoom(app.handle());
        Ok(())
    });
    match configure(builder, state).build(tauri::generate_context!()) {
        Ok(app) => {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    back_up_on_exit(handle);
                }
            });
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("the window could not start: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Takes a last backup when the window closes after changes, so the work of the minutes since
/// the last 15-minute backup is in `backups/` too. Failures go to the log.
fn back_up_on_exit<R: tauri::Runtime>(handle: &tauri::AppHandle<R>) {
    if let Ok(store) = handle.state::<AppState>().store() {
        if let Err(e) = store.backup_if_changed() {
            tracing::error!(code = ?e.code(), "the backup on closing failed: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    /// The version is set once, in the workspace's Cargo.toml: Tauri takes the app crate's
    /// (tauri.conf.json names none), and the UI's package.json repeats it.
    #[test]
    fn one_version_reaches_tauri_the_ui_and_the_cli() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("valid JSON");
        assert!(
            conf.get("version").is_none(),
            "tauri.conf.json must not set a version"
        );
        let ui: serde_json::Value =
            serde_json::from_str(include_str!("../../ui/package.json")).expect("valid JSON");
        assert_eq!(
            ui["version"],
            env!("CARGO_PKG_VERSION"),
            "ui/package.json version"
        );
        let changelog = include_str!("../../CHANGELOG.md");
        assert!(
            changelog.contains(&format!("## {} ", env!("CARGO_PKG_VERSION"))),
            "CHANGELOG.md has a section for this version"
        );
    }

    #[test]
    fn tauri_identifier_matches_the_data_folder_name() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("valid JSON");
        assert_eq!(conf["identifier"], preflight_core::paths::APP_IDENTIFIER);
    }
}
