//! Integrity checks: SQLite's `integrity_check` on a database file or a backup, opened without
//! migrating it, and the check that a backup is a sound Preflight database before a restore.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result};
use crate::storage::migrate;

/// Opens any SQLite file read-only, without migrating or changing it.
pub(super) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    #[allow(clippy::disallowed_methods)] // Storage is the one place that opens databases.
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Opens `path` to check it: read-only, unless a process killed mid-write left a hot rollback
/// journal or an unrecovered write-ahead log beside it (a first start stopped during its
/// migration does). Only a connection allowed to write can settle those: SQLite answers a
/// read-only one with `SQLITE_READONLY_ROLLBACK` or `_RECOVERY` ("attempt to write a readonly
/// database"). Settling rolls the unfinished transaction back or rebuilds the log's index, as
/// the app's own next start would, and changes nothing that was committed.
fn open_to_check(path: &Path) -> rusqlite::Result<Connection> {
    let conn = open_read_only(path)?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())) {
        Ok(()) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ReadOnly => {
            drop(conn);
            #[allow(clippy::disallowed_methods)] // Storage is the one place that opens databases.
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }
        Err(e) => Err(e),
    }
}

/// Runs `PRAGMA integrity_check` (or `quick_check`) and returns its complaints; empty means
/// the database is sound.
pub(super) fn check(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Runs SQLite's full `integrity_check` on the file at `path`, opened read-only and never
/// migrated, so it works on a database the app refuses to open; when that passes, also checks
/// that the schema is Preflight's own at the file's version. Returns the problems found.
///
/// # Errors
/// [`CoreError::Unreadable`] when the file cannot be opened or is not a database at all.
pub fn integrity_check(path: &Path) -> Result<Vec<String>> {
    let unreadable = |e: rusqlite::Error| CoreError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    if !path.exists() {
        return Err(CoreError::Unreadable {
            path: path.to_owned(),
            reason: "no such file".into(),
        });
    }
    let conn = open_to_check(path).map_err(unreadable)?;
    let mut problems = check(&conn, "integrity_check").map_err(|e| match e {
        CoreError::Database(e) => unreadable(e),
        other => other,
    })?;
    // A database from a newer Preflight is sound for it; only known versions are compared,
    // and one never migrated (stopped during its first start) has no schema to compare.
    if problems.is_empty()
        && migrate::schema_version(&conn).map_err(unreadable)? <= migrate::LATEST_VERSION as i64
        && !migrate::never_migrated(&conn)?
    {
        problems.extend(
            migrate::schema_problems(&conn)?
                .into_iter()
                .map(|p| format!("schema: {p}")),
        );
    }
    Ok(problems)
}

/// Checks that `backup` is a sound Preflight database this build can open: SQLite's full
/// `integrity_check` passes (a damaged index fails it, though `quick_check` may pass), and its
/// schema is exactly Preflight's at the version it claims.
pub(super) fn validate_backup(backup: &Path) -> Result<()> {
    let refuse = |reason: String| CoreError::invalid_file(backup.display().to_string(), reason);
    let conn = open_read_only(backup).map_err(|e| refuse(format!("cannot be opened: {e}")))?;
    let problems = check(&conn, "integrity_check").map_err(|e| match e {
        CoreError::Database(inner) => refuse(format!("is not a Preflight backup ({inner})")),
        other => refuse(format!("is not a Preflight backup ({other})")),
    })?;
    if let Some(first) = problems.first() {
        return Err(refuse(format!("is damaged: {first}")));
    }
    let version = migrate::schema_version(&conn).map_err(|e| refuse(e.to_string()))?;
    if version > migrate::LATEST_VERSION as i64 {
        return Err(refuse(format!(
            "was written by a newer Preflight (schema version {version}); open it with a newer \
             Preflight"
        )));
    }
    let schema = migrate::schema_problems(&conn).map_err(|e| refuse(e.to_string()))?;
    if let Some(first) = schema.first() {
        return Err(refuse(format!("is not a Preflight database: {first}")));
    }
    Ok(())
}
