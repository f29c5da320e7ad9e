//! The Preflight desktop shell: builds the Tauri app around `preflight-core` (the window
//! program `preflight-window`; the CLI is the crate `preflight-cli`).
//!
//! Everything here is glue. Domain rules, SQL and report layout live in `preflight-core`; the
//! commands in [`commands`] validate IPC input, call core off the main thread, and map errors
//! to the `{code, message, field}` shape the UI understands.

mod background;
pub mod commands;
pub mod error;
pub mod logging;
mod memory;
mod reminders;
mod sharing;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

use tauri::Manager;

use preflight_core::paths::{resolve_database_path, DB_ENV};
use preflight_core::{CoreError, ErrorPayload, Store};

pub use crate::background::{spawn_background, WindowReady, BACKGROUND_NICENESS, STARTUP_GRACE};
use crate::error::CommandError;

/// What the window's commands work on: the open database, or why it could not be opened.
///
/// A database that cannot be opened (from a newer Preflight, unreadable, damaged) still gets a
/// window, so the person sees a clear explanation or the recovery screen instead of a crash or
/// a blank screen. The store sits behind a lock because recovering from a backup replaces it.
pub struct AppState {
    /// The opening of the database while it still runs on its own thread, taken by the first
    /// call that needs the store. `quick_check` reads the whole file, about a quarter of a
    /// second for 100 projects of 1,000 gaps; the window and webview start meanwhile.
    opening: std::sync::Mutex<Option<std::thread::JoinHandle<Opened>>>,
    store: RwLock<Result<Arc<Store>, ErrorPayload>>,
    /// The database path the app tried to open, when one could be worked out.
    pub database_path: Option<PathBuf>,
    /// Set when the database is damaged or unreadable and a backup could replace it.
    damage: RwLock<Option<String>>,
    /// The files the user chose in dialogs and the files this app wrote, by token.
    pub choices: commands::dialogs::Choices,
    /// The workshop server while one runs; dropping it (the app's exit) stops it.
    workshop: std::sync::Mutex<Option<preflight_workshop::Server>>,
    /// The `preflight` command installed beside this program, which writes reports and checks
    /// shared files in children of the window (core's `export::child`, `sharing::isolate`).
    pub command: Option<PathBuf>,
}

impl AppState {
    /// Starts opening the database at `path` on its own thread (see [`AppState::opening`]):
    /// the store, checked with `PRAGMA quick_check`, with the sample project created on the
    /// window's first start on an empty database, or the reason it could not be opened.
    /// Every accessor waits for that to finish.
    pub fn open(path: Result<PathBuf, CoreError>) -> AppState {
        let database_path = path.as_ref().ok().cloned();
        let opening = std::thread::spawn(move || open_checked(path));
        let state = AppState::with(Err(still_opening()), database_path, None);
        *state
            .opening
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(opening);
        state
    }

    /// A state around an already opened store (or its error); for tests and [`AppState::open`].
    pub fn with(
        store: Result<Arc<Store>, ErrorPayload>,
        database_path: Option<PathBuf>,
        damage: Option<String>,
    ) -> AppState {
        AppState {
            opening: std::sync::Mutex::new(None),
            store: RwLock::new(store),
            database_path,
            damage: RwLock::new(damage),
            choices: commands::dialogs::Choices::default(),
            workshop: std::sync::Mutex::new(None),
            command: None,
        }
    }

    /// The running workshop's server, if any.
    pub fn workshop(&self) -> std::sync::MutexGuard<'_, Option<preflight_workshop::Server>> {
        self.workshop
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for the opening of the database, if it still runs, and puts its outcome in place.
    fn settle(&self) {
        let mut opening = self
            .opening
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(thread) = opening.take() {
            let (store, damage) = thread.join().unwrap_or_else(|_| {
                let message = "opening the database failed unexpectedly (a bug); see the log";
                (Err(CommandError::internal(message).0), None)
            });
            *self
                .store
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = store;
            *self
                .damage
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = damage;
        }
    }

    /// The open store, or the error that prevented opening it.
    pub fn store(&self) -> Result<Arc<Store>, ErrorPayload> {
        self.settle();
        self.store
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// What is wrong with a damaged database, while the recovery screen should show.
    pub fn damage(&self) -> Option<String> {
        self.settle();
        self.damage
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Puts a freshly opened store in place after a recovery, and clears the damage.
    pub fn replace_store(&self, store: Store) {
        self.settle();
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

/// The outcome of opening the database: the store or why not, and the damage found, if any.
type Opened = (Result<Arc<Store>, ErrorPayload>, Option<String>);

/// What a command would see if it ran before the opening was settled (it cannot: every
/// accessor settles first).
fn still_opening() -> ErrorPayload {
    CommandError::internal("the database is still opening").0
}

/// Opens the database at `path`, checks it with `PRAGMA quick_check`, and on the window's
/// first start on an empty database creates the sample project; logs the outcome and its time.
fn open_checked(path: Result<PathBuf, CoreError>) -> Opened {
    let started = std::time::Instant::now();
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
            e @ (CoreError::Unreadable { .. } | CoreError::Database(_) | CoreError::Migration(_)),
        ) => Some(e.to_string()),
        _ => None,
    };
    match &opened {
        Ok(store) => tracing::info!(
            database = %store.path().map(Path::display).map(|d| d.to_string()).unwrap_or_default(),
            took_ms = started.elapsed().as_millis(),
            "database opened and checked"
        ),
        Err(e) => tracing::error!(code = ?e.code(), "the database could not be opened: {e}"),
    }
    (opened.map_err(|e| e.payload()), damage)
}

/// When the window program started; set first thing in [`run_window`].
static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Milliseconds since the window program started, for the start-up milestones in the log.
pub fn since_start_ms() -> u128 {
    LAUNCHED
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_millis()
}

/// Registers the state and every command on `builder` (the real one, or Tauri's mock in tests).
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    let handler = commands::handler();
    // Every command the page calls is work after which freed memory is given back.
    builder.manage(state).invoke_handler(move |invoke| {
        memory::after_work();
        handler(invoke)
    })
}

/// WebKit's switch for accelerated compositing, read when the first webview starts.
const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether to turn WebKit's accelerated compositing off: only on a machine without a GPU the
/// webview may use (no DRM render node, as under Xvfb, in most virtual machines and remote
/// desktops), and only when the user has not set the switch themselves. There WebKit emulates
/// the GPU with software OpenGL, which about doubles the web process's memory (250 → 126 MiB
/// PSS measured under Xvfb with it off, `make bench-app`) and costs CPU, for no visible gain.
/// With a GPU, compositing keeps scrolling and animations smooth at little memory cost, so it
/// stays.
fn compositing_off(user_set: bool, render_node: bool) -> bool {
    !user_set && !render_node
}

/// Whether this user can open a DRM render node (`/dev/dri/renderD*`), which is how WebKit
/// reaches the GPU on Linux.
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name().to_string_lossy().starts_with("renderD")
                && std::fs::File::open(e.path()).is_ok()
        })
    })
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
    since_start_ms();
    let software_only = cfg!(target_os = "linux")
        && compositing_off(
            std::env::var_os(COMPOSITING_VAR).is_some(),
            has_render_node(),
        );
    if software_only {
        // Set first, while this is the only thread, before the webview reads it.
        std::env::set_var(COMPOSITING_VAR, "1");
    }
    // Shared files are checked by the `preflight` command beside this program, in a child
    // with capped memory (core's sharing::isolate), so a hostile one cannot take the window down;
    // reports are written by it too (core's export::child).
    let command = std::env::current_exe()
        .ok()
        .map(|this| this.with_file_name(format!("preflight{}", std::env::consts::EXE_SUFFIX)))
        .filter(|cli| cli.is_file());
    if let Some(cli) = &command {
        preflight_core::sharing::isolate::use_checker(cli.clone());
    }
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
    memory::start();
    if software_only {
        tracing::info!("no GPU render node: WebKit's accelerated compositing is off");
    }
    let mut state = AppState::open(path);
    state.command = command;
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init());
    // Start-up milestones go to the log, so a slow start on someone's laptop can be told apart:
    // the database, the window and webview, the page.
    let page_loading = std::sync::Once::new();
    let builder = builder.on_page_load(move |_, payload| {
        if payload.event() == tauri::webview::PageLoadEvent::Started {
            page_loading.call_once(|| {
                tracing::info!(since_start_ms = since_start_ms(), "page loading");
            });
        }
    });
    let builder = builder.setup(move |app| {
        tracing::info!(since_start_ms = since_start_ms(), "window set up");
        app.manage(WindowReady::start(app.handle().clone()));
        // The zoom needs the settings, which wait for the database to open and pass its check;
        // the main thread must not wait for that, since it serves the page's first requests.
        let handle = app.handle().clone();
        std::thread::spawn(move || commands::app::restore_zoom(&handle));
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
    use super::{compositing_off, AppState};

    #[test]
    fn compositing_is_turned_off_only_without_a_gpu_and_never_over_the_users_choice() {
        assert!(compositing_off(false, false), "no render node: off");
        assert!(!compositing_off(false, true), "a GPU: left on");
        assert!(
            !compositing_off(true, false),
            "the user's own setting stands"
        );
        assert!(!compositing_off(true, true));
    }

    /// The database opens on its own thread while the window starts; whatever asks first
    /// waits for it, and a damaged file still reaches the recovery screen.
    #[test]
    fn the_database_opens_beside_the_window_and_every_accessor_waits_for_it() {
        let dir = tempfile::tempdir().expect("dir");
        let good = AppState::open(Ok(dir.path().join("preflight.sqlite3")));
        let store = good.store().expect("opened");
        assert_eq!(
            store.list_projects(Default::default()).expect("list").len(),
            1,
            "the sample"
        );
        assert_eq!(good.damage(), None);

        let bad = dir.path().join("bad.sqlite3");
        std::fs::write(&bad, "not a database, only words ".repeat(200)).expect("write");
        let damaged = AppState::open(Ok(bad));
        assert!(damaged.damage().is_some_and(|d| d.contains("bad.sqlite3")));
        assert!(damaged.store().is_err());
    }

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
