//! Schema migrations: the numbered files of `migrations/`, embedded at build time and applied
//! with `rusqlite_migration`, which tracks progress in `PRAGMA user_version`.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::Result;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

pub(crate) use embedded::MIGRATIONS;

/// The schema version a fully migrated database has (the number of migration files).
pub const LATEST_VERSION: usize = MIGRATIONS.len();

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .map(|(name, sql)| match *name {
                // Data too long for SQL: the built-in frameworks' questions, from lens files.
                "0014_builtin_questions" => {
                    M::up_with_hook(sql, super::lenses::insert_builtin_questions)
                }
                _ => M::up(sql),
            })
            .collect(),
    )
}

/// Reads `PRAGMA user_version`: 0 for a new file, N after migration N.
///
/// # Errors
/// SQLite's error when the file is not a database.
pub fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every pending migration in one transaction.
pub(crate) fn to_latest(conn: &mut Connection) -> Result<()> {
    migrations().to_latest(conn)?;
    Ok(())
}

/// Applies migrations up to and including `version` (tests build old databases with it, and
/// [`schema_problems`] builds the reference schema of a version).
pub(crate) fn to_version(conn: &mut Connection, version: usize) -> Result<()> {
    migrations().to_version(conn, version)?;
    Ok(())
}

/// Every table, index, view and trigger of a database as SQLite stores it (`type`, `name`,
/// `sql`), in a fixed order.
fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'
         ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// True for a database created and never migrated: version 0 with nothing in it (a process
/// stopped during its first start before the first migration committed). It is sound, and it
/// is brought up to date when opened; it is not a backup of anything.
///
/// # Errors
/// [`crate::CoreError::Database`] when the schema cannot be read.
pub(crate) fn never_migrated(conn: &Connection) -> Result<bool> {
    Ok(schema_version(conn)? == 0 && schema_of(conn)?.is_empty())
}

/// How the schema of `conn` differs from Preflight's own at the version it claims
/// (`user_version`): one line per missing, extra or changed table, index or trigger. Empty
/// when it is exactly Preflight's. A version this build does not know is one problem.
///
/// The reference is a fresh in-memory database taken through the same migrations, so the
/// comparison needs no hand-kept list of tables and columns.
///
/// # Errors
/// [`crate::CoreError::Database`] when either schema cannot be read.
pub fn schema_problems(conn: &Connection) -> Result<Vec<String>> {
    let version = schema_version(conn)?;
    let Ok(known) = usize::try_from(version) else {
        return Ok(vec![format!("schema version {version} is not Preflight's")]);
    };
    if known == 0 || known > LATEST_VERSION {
        return Ok(vec![format!(
            "schema version {version} is not one this Preflight knows (1 to {LATEST_VERSION})"
        )]);
    }
    #[allow(clippy::disallowed_methods)] // Storage is the one place that opens databases.
    let mut reference = Connection::open_in_memory()?;
    to_version(&mut reference, known)?;
    let expected = schema_of(&reference)?;
    let found = schema_of(conn)?;
    let mut problems = Vec::new();
    for (kind, name, sql) in &expected {
        match found.iter().find(|(k, n, _)| k == kind && n == name) {
            None => problems.push(format!("the {kind} {name} is missing")),
            Some((_, _, other)) if other != sql => {
                problems.push(format!("the {kind} {name} has another shape"));
            }
            Some(_) => {}
        }
    }
    for (kind, name, _) in &found {
        if !expected.iter().any(|(k, n, _)| k == kind && n == name) {
            problems.push(format!("the {kind} {name} is not Preflight's"));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate_and_are_numbered_from_one() {
        assert!(migrations().validate().is_ok());
        for (index, (name, _)) in MIGRATIONS.iter().enumerate() {
            assert!(name.starts_with(&format!("{:04}_", index + 1)), "{name}");
        }
    }
}
