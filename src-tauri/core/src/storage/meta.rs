//! Facts about the database itself, kept in the `app_meta` key/value table.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// Set once the first window start has decided about the sample project, so deleting the
/// sample never brings it back.
pub(crate) const SAMPLE_DECIDED: &str = "sample_decided";

/// How many write transactions the database has committed; backups compare it to decide
/// whether anything changed.
pub(crate) const REVISION: &str = "revision";

/// Reads a value.
pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM app_meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

/// The database's revision as `conn` sees it: how many write transactions were committed
/// (0 for a database that has had none since revisions were counted).
///
/// # Errors
/// [`crate::error::CoreError::Database`] if SQLite fails.
pub(crate) fn revision(conn: &Connection) -> Result<i64> {
    Ok(get(conn, REVISION)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Writes a value, replacing an earlier one. This module is the only writer of `app_meta`.
pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO app_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Raises the revision by one (from 1 when it was never set).
pub(crate) fn raise_revision(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO app_meta (key, value) VALUES (?1, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
        [REVISION],
    )?;
    Ok(())
}
