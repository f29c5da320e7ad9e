//! Where the database lives: `<platform data dir>/<app identifier>/preflight.sqlite3`.
//!
//! On Linux the platform data dir is `$XDG_DATA_HOME` (default `~/.local/share`), so the file
//! is `~/.local/share/io.preflight.desktop/preflight.sqlite3`. The app window and the CLI use the
//! same path; `--db PATH` and then the `PREFLIGHT_DB` environment variable override it.

use std::path::PathBuf;

use crate::error::{CoreError, Result};

/// The Tauri bundle identifier; also the name of the data folder. `tauri.conf.json` must agree
/// (a test in the shell crate checks it).
pub const APP_IDENTIFIER: &str = "io.preflight.desktop";

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "PREFLIGHT_DB";

/// The database file name inside the data folder.
pub const DB_FILE: &str = "preflight.sqlite3";

/// The default database path for this user.
///
/// # Errors
/// [`CoreError::NoDataDirectory`] when the platform has no data directory (no home).
pub fn default_database_path() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|dir| dir.join(APP_IDENTIFIER).join(DB_FILE))
        .ok_or(CoreError::NoDataDirectory)
}

/// Where export dialogs start: the user's Documents folder, else the home folder.
pub fn documents_dir() -> Option<PathBuf> {
    dirs::document_dir().or_else(dirs::home_dir)
}

/// Picks the database path: `flag` (from `--db`), else `env` (the value of `PREFLIGHT_DB`, if
/// set and not empty), else [`default_database_path`].
///
/// # Errors
/// As [`default_database_path`], only when neither override is given.
pub fn resolve_database_path(flag: Option<PathBuf>, env: Option<String>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path);
    }
    match env.filter(|v| !v.trim().is_empty()) {
        Some(path) => Ok(PathBuf::from(path)),
        None => default_database_path(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment_beats_default() {
        let flag = Some(PathBuf::from("/tmp/a.sqlite3"));
        let env = Some("/tmp/b.sqlite3".to_owned());
        assert_eq!(
            resolve_database_path(flag, env.clone()).unwrap(),
            PathBuf::from("/tmp/a.sqlite3")
        );
        assert_eq!(
            resolve_database_path(None, env).unwrap(),
            PathBuf::from("/tmp/b.sqlite3")
        );
        let default = resolve_database_path(None, Some("  ".into())).unwrap();
        assert!(
            default.ends_with(format!("{APP_IDENTIFIER}/{DB_FILE}")),
            "{default:?}"
        );
    }
}
