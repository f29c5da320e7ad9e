//! The window's log: `tracing` events written to a small rotating file in the data folder, so a
//! user can attach it to a bug report (About → Open log folder).
//!
//! What is logged: start-up, every command that fails (where, its error code and field; the
//! full message only for storage and internal errors, since validation and conflict messages
//! may quote what the user typed), every backup, restore and recovery. Never project content
//! beyond ids. The CLI installs no subscriber, so it logs nothing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use file_rotate::compression::Compression;
use file_rotate::suffix::AppendCount;
use file_rotate::{ContentLimit, FileRotate};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{filter::LevelFilter, fmt, Layer};

/// The log file's name inside [`log_dir`]; older ones are `preflight.log.1` … `.4`.
pub const LOG_FILE: &str = "preflight.log";
/// Largest size of one log file before it is rotated, in bytes (1 MiB).
pub const LOG_FILE_BYTES: usize = 1024 * 1024;
/// How many rotated files are kept besides the current one; with [`LOG_FILE_BYTES`] the logs
/// never take more than 5 MiB.
pub const LOG_FILES_KEPT: usize = 4;

/// Where the window writes its log: `logs/` beside the database file (by default in the
/// platform data folder, `~/.local/share/io.preflight.desktop/logs` on Linux).
pub fn log_dir(database: &Path) -> PathBuf {
    database
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("logs")
}

/// Installs the global subscriber: INFO and above to the rotating file in `dir`, WARN and
/// above to standard error. Returns false (and logs to standard error only) when there is no
/// folder or it cannot be created; a log must never keep the app from starting.
pub fn init(dir: Option<&Path>) -> bool {
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_filter(LevelFilter::WARN);
    let file = dir
        .filter(|d| std::fs::create_dir_all(d).is_ok())
        .map(|dir| {
            let rotating = FileRotate::new(
                dir.join(LOG_FILE),
                AppendCount::new(LOG_FILES_KEPT),
                ContentLimit::BytesSurpassed(LOG_FILE_BYTES),
                Compression::None,
                None,
            );
            fmt::layer()
                .with_writer(Mutex::new(rotating))
                .with_ansi(false)
                .with_target(false)
                .with_filter(LevelFilter::INFO)
        });
    let installed = file.is_some();
    // A second call (tests that build several apps) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
    installed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_dir_is_beside_the_database() {
        assert_eq!(
            log_dir(Path::new("/data/io.preflight.desktop/preflight.sqlite3")),
            PathBuf::from("/data/io.preflight.desktop/logs")
        );
        assert_eq!(log_dir(Path::new("p.sqlite3")), PathBuf::from("./logs"));
    }

    #[test]
    fn rotation_keeps_the_logs_small() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut log = FileRotate::new(
            dir.path().join(LOG_FILE),
            AppendCount::new(LOG_FILES_KEPT),
            ContentLimit::BytesSurpassed(1000),
            Compression::None,
            None,
        );
        for i in 0..1000 {
            use std::io::Write;
            writeln!(log, "line {i}: a command failed with code storage").expect("write");
        }
        let files = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(files, LOG_FILES_KEPT + 1, "current file plus the kept ones");
    }
}
