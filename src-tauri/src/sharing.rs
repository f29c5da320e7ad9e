//! Keeps shared projects in step while the window runs (docs/team-sharing.md). Every second
//! it looks at each shared project's folder (its device files' names, sizes and times) and at
//! the database's revision; a project whose folder or database changed since its last sync is
//! synced, and every 30 seconds each one is synced anyway. A sync that took the team's
//! changes in tells the UI with the `shared-changed` event (the project's id).
//!
//! The folder is polled rather than watched: file-system events do not cross network shares,
//! and sync tools deliver files by renaming temporary ones, which a poll of metadata sees the
//! same way everywhere. Reading a folder's metadata once a second costs next to nothing.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use preflight_core::sharing::folder;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use uuid::Uuid;

use crate::AppState;

/// The event the UI hears when a sync took the team's changes into a project.
pub const CHANGED_EVENT: &str = "shared-changed";
/// How often the folders and the database are looked at.
const TICK: Duration = Duration::from_secs(1);
/// How often each shared project is synced even when nothing seemed to change.
const ANYWAY: Duration = Duration::from_secs(30);

type Fingerprint = Option<Vec<(String, u64, SystemTime)>>;

/// What the loop saw when it last synced a project.
struct Seen {
    revision: i64,
    folder: Fingerprint,
    at: Instant,
}

/// Starts the loop on a thread of its own, for as long as the app runs.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    crate::spawn_background("team-sharing", move || {
        let mut seen: HashMap<Uuid, Seen> = HashMap::new();
        loop {
            tick(&app, &mut seen);
            std::thread::sleep(TICK);
        }
    });
}

/// One look at every shared project.
fn tick<R: Runtime>(app: &AppHandle<R>, seen: &mut HashMap<Uuid, Seen>) {
    let Ok(store) = app.state::<AppState>().store() else {
        return;
    };
    let (Ok(shared), Ok(revision)) = (store.shared_projects(), store.revision()) else {
        return;
    };
    let mut synced = Vec::new();
    for status in shared {
        let id = status.project_id;
        let fingerprint = folder::fingerprint(std::path::Path::new(&status.folder), id);
        let due = seen.get(&id).is_none_or(|s| {
            s.revision != revision || s.folder != fingerprint || s.at.elapsed() >= ANYWAY
        });
        if !due {
            continue;
        }
        match store.sync_project(id) {
            Ok(report) => {
                // Changes in, even when they changed nothing here (a conflict the local value
                // won), are news for the window: its conflicts and history changed.
                if report.applied || report.changes_in > 0 {
                    tracing::info!(changes_in = report.changes_in, "shared project synced");
                    if let Err(e) = app.emit(CHANGED_EVENT, id) {
                        tracing::warn!("the shared-changed event failed: {e}");
                    }
                }
            }
            Err(e) => tracing::warn!(code = ?e.code(), "syncing a shared project failed"),
        }
        synced.push((
            id,
            folder::fingerprint(std::path::Path::new(&status.folder), id),
        ));
    }
    if !synced.is_empty() {
        crate::memory::after_work();
    }
    // The revision after this tick's own syncs, so they do not count as changes next time.
    let revision = store.revision().unwrap_or(revision);
    for (id, folder) in synced {
        seen.insert(
            id,
            Seen {
                revision,
                folder,
                at: Instant::now(),
            },
        );
    }
    // Projects whose revision did not need a sync still see the new revision.
    for s in seen.values_mut() {
        s.revision = revision;
    }
}
