//! Desktop reminders: while the window runs, now and every few minutes, what became due or
//! overdue is shown as one desktop notification (notify-rust, over D-Bus). Core decides
//! which items and records them, so an item is named at most once a day; nothing runs when
//! the window is closed, and nothing leaves the computer.

use std::io::Write;
use std::time::Duration;

use preflight_core::domain::reminders::{notice, ReminderNotice};
use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;

/// How often the window looks for newly due items (a date becomes due at midnight; a user may
/// set a due date of today at any time).
pub const INTERVAL: Duration = Duration::from_secs(10 * 60);

/// Test seam: when set, notifications are appended to this file as JSON lines
/// (`{"title": …, "body": …}`) instead of being shown, so end-to-end tests can read them.
pub const NOTIFICATIONS_ENV: &str = "PREFLIGHT_TEST_NOTIFICATIONS";

/// Looks for due items now and then every [`INTERVAL`], on a thread of its own for as long as
/// the app runs (started with the other background work once the window is interactive).
/// Failures go to the log; they never stop the app.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    crate::spawn_background("reminders", move || loop {
        remind(&app);
        crate::memory::after_work();
        std::thread::sleep(INTERVAL);
    });
}

/// One look: takes the items due today or overdue that were not named today and shows them.
fn remind<R: Runtime>(app: &AppHandle<R>) {
    let Ok(store) = app.state::<AppState>().store() else {
        return;
    };
    let today = chrono::Local::now().date_naive();
    let due = store.take_reminders(today).and_then(|due| {
        let format = store.settings()?.date_format;
        Ok(notice(&due, today, |d| format.format(d)))
    });
    match due {
        Ok(Some(n)) => show(app, &n),
        Ok(None) => tracing::debug!("no reminders due"),
        Err(e) => tracing::error!(code = ?e.code(), "looking for reminders failed: {e}"),
    }
}

/// Shows `n` as a desktop notification, or writes it to the test seam's file.
fn show<R: Runtime>(app: &AppHandle<R>, n: &ReminderNotice) {
    if let Some(path) = std::env::var_os(NOTIFICATIONS_ENV) {
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| writeln!(f, "{}", serde_json::to_string(n).unwrap_or_default()));
        if let Err(e) = written {
            tracing::error!("writing the test notification failed: {e}");
        }
        return;
    }
    let shown = notify_rust::Notification::new()
        .appname(&app.package_info().name)
        .summary(&n.title)
        .body(&n.body)
        .auto_icon()
        .show();
    match shown {
        Ok(_) => tracing::info!(title = %n.title, "reminder shown"),
        Err(e) => tracing::warn!("the desktop notification could not be shown: {e}"),
    }
}
