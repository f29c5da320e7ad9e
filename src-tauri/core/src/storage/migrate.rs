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
    Migrations::new(MIGRATIONS.iter().map(|(_, sql)| M::up(sql)).collect())
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

/// Applies migrations up to and including `version` (tests build old databases with it).
#[cfg(test)]
pub(crate) fn to_version(conn: &mut Connection, version: usize) -> Result<()> {
    migrations().to_version(conn, version)?;
    Ok(())
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
