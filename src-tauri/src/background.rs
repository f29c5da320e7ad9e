//! The window's background work: started once the page says it is interactive, each on a
//! named thread at a lower priority than the window's (checkpoints, backups and old trash,
//! reminders, team sharing).

use tauri::Manager;

use crate::{reminders, sharing, AppState};

/// The longest the background work (backups, emptying old trash, reminders) waits for the
/// window to say it is interactive ([`crate::commands::app::window_ready`]) before starting anyway,
/// as for a window that never gets there (the recovery screen). On a large database that work
/// takes the disk and a core for a few hundred milliseconds, which the start should have.
pub const STARTUP_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// The signal that the window is interactive, which starts the background work.
pub struct WindowReady(std::sync::Mutex<Option<std::sync::mpsc::SyncSender<()>>>);

impl WindowReady {
    /// Starts the background work once the window is interactive, or after [`STARTUP_GRACE`].
    pub(crate) fn start<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> WindowReady {
        let (ready, is_ready) = std::sync::mpsc::sync_channel(1);
        std::thread::spawn(move || {
            let _ = is_ready.recv_timeout(STARTUP_GRACE);
            start_checkpoints(app.clone());
            start_housekeeping(app.clone());
            reminders::start(app.clone());
            sharing::start(app);
        });
        WindowReady(std::sync::Mutex::new(Some(ready)))
    }

    /// Says the window is interactive; only the first call counts. Returns whether it was.
    pub fn signal(&self) -> bool {
        let sender = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        sender.is_some_and(|s| s.try_send(()).is_ok())
    }
}

/// The niceness of the background work's threads ([`spawn_background`]), from 0 (the window's)
/// to 19 (the least CPU).
pub const BACKGROUND_NICENESS: i32 = 10;

/// Starts `work` on a thread named `name` at [`BACKGROUND_NICENESS`]: checkpoints, backups and old
/// trash, reminders, team sharing's sync. They start once the window is interactive, and on a
/// large database their first round takes a core for most of a second (at 100 × 1,000 gaps
/// reminders read every project's dated items and record 50,000 of them, a backup copies the
/// 78 MB file), right when the user opens a tab or saves. At nice 10 the kernel gives such a
/// thread about a tenth of a core while the window wants both, and all it wants when the window
/// is idle; unlike the idle class, it still moves when the window is busy, so a transaction it
/// holds is not stuck. A thread that cannot be lowered runs at the usual priority (logged).
pub fn spawn_background(name: &str, work: impl FnOnce() + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            if let Err(e) = lower_priority() {
                tracing::warn!("a background thread keeps the usual priority: {e:?}");
            }
            work();
        });
    if let Err(e) = spawned {
        tracing::error!("the background thread {name} could not start: {e}");
    }
}

/// Sets this thread's niceness to [`BACKGROUND_NICENESS`].
fn lower_priority() -> Result<(), thread_priority::Error> {
    // thread-priority maps 0–99 onto niceness 19 to -20 (39 × (1 - v/99) - 20, truncated): 22
    // is niceness 10; a test reads it back from the kernel.
    let value = thread_priority::ThreadPriorityValue::try_from(22u8)
        .map_err(|_| thread_priority::Error::Priority("22 is a priority value"))?;
    thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Crossplatform(
        value,
    ))
}

/// How often the database's write-ahead log is checkpointed apart from the writer.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Checkpoints the database's write-ahead log every [`CHECKPOINT_EVERY`] on a connection of
/// its own (core's `storage::checkpoint`: a save from the window no longer pays for copying
/// what the background work wrote). If that connection cannot open, the writer keeps its
/// checkpoints; if a checkpoint fails, the writer takes them back and the thread stops (both
/// logged).
fn start_checkpoints<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    spawn_background("checkpoints", move || {
        let Ok(store) = app.state::<AppState>().store() else {
            return;
        };
        let checkpointer = match store.checkpointer() {
            Ok(Some(checkpointer)) => checkpointer,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(code = ?e.code(), "checkpoints stay with the writer: {e}");
                return;
            }
        };
        drop(store);
        loop {
            std::thread::sleep(CHECKPOINT_EVERY);
            if let Err(e) = checkpointer.checkpoint() {
                tracing::error!(code = ?e.code(), "a checkpoint failed; the writer takes them back: {e}");
                if let Ok(store) = app.state::<AppState>().store() {
                    if let Err(e) = store.checkpoint_on_commit() {
                        tracing::error!(code = ?e.code(), "the writer's checkpoints stay off: {e}");
                    }
                }
                return;
            }
        }
    });
}

/// Takes a backup when the database changed and deletes trash older than 30 days, now and
/// then every 15 minutes, on a background thread for as long as the app runs (and
/// `back_up_on_exit` once more when the window closes). Failures go to the log; they never
/// stop the app.
fn start_housekeeping<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    spawn_background("housekeeping", move || loop {
        if let Ok(store) = app.state::<AppState>().store() {
            if let Err(e) = store.purge_expired_trash(chrono::Utc::now()) {
                tracing::error!(code = ?e.code(), "emptying old trash failed: {e}");
            }
            if let Err(e) = store.backup_if_changed() {
                tracing::error!(code = ?e.code(), "automatic backup failed: {e}");
            }
        }
        crate::memory::after_work();
        std::thread::sleep(std::time::Duration::from_secs(
            preflight_core::storage::backup::INTERVAL_SECONDS,
        ));
    });
}

#[cfg(test)]
mod tests {
    /// The background threads run at niceness 10 as the kernel sees it (field 19 of
    /// `/proc/thread-self/stat`, after the command name in parentheses).
    #[test]
    fn background_work_runs_at_niceness_ten() {
        let (sent, received) = std::sync::mpsc::channel();
        super::spawn_background("niceness-test", move || {
            let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
            let after_name = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
            // Fields from the state on: state is field 3, niceness field 19.
            let niceness = after_name.split(' ').nth(16).map(str::to_owned);
            let _ = sent.send(niceness);
        });
        let niceness = received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the background thread ran");
        assert_eq!(
            niceness.as_deref(),
            Some(super::BACKGROUND_NICENESS.to_string().as_str())
        );
    }
}
