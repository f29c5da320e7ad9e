//! SQLite storage: the only module that opens connections or writes SQL.
//!
//! One [`Store`] owns a connection that writes and, for a database file, one that only reads,
//! so the window's reads never wait behind a long write, a backup or a reminder check (WAL
//! lets readers and a writer work at once). Reads and writes are short and synchronous; async
//! callers run them on a blocking thread. Every write goes through [`Store::with_tx`], an
//! `IMMEDIATE` transaction, so a change is either wholly saved or not at all; every read
//! through [`Store::read`], one read transaction, so it sees one consistent state.

mod agenda;
mod audiences;
pub mod backup;
mod brand;
pub mod checkpoint;
mod frameworks;
mod gaps;
mod guards;
mod lenses;
mod markdown_import;
mod meta;
mod migrate;
mod project_file;
mod projects;
mod questions;
mod report;
mod report_log;
mod review;
mod row;
mod scorecard;
mod settings;
mod sharing;
mod tables;
pub mod trash;
mod workshops;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{CoreError, Result};

pub use crate::domain::review::Review;
pub use lenses::LensImport;
pub use migrate::{schema_version, LATEST_VERSION};
pub use project_file::{ImportMode, ImportedProject};
pub use questions::{PillarQuestion, QuestionEdit};
pub use report_log::SentFile;
pub use review::Improvements;
pub use sharing::{RefusedFile, SharingStatus, SyncReport};
pub use workshops::{VotesImport, WorkshopRecord};

/// How long a statement waits for another process (the CLI, a backup) to release the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The Preflight database: an SQLite connection with the schema brought up to date, and for a
/// database file a second, read-only one for reads.
///
/// `Store` is `Send + Sync`; each connection sits behind a mutex held only for the length of
/// one call, never across an `.await`.
#[derive(Debug)]
pub struct Store {
    /// The read-only connection [`Store::read`] uses; `None` in memory (a private in-memory
    /// database has one connection) and when the whole store is read-only. Declared before
    /// the writer so it closes first: the last connection to close checkpoints the WAL into
    /// the database file and removes it, and only the writer can.
    reader: Option<Mutex<Connection>>,
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, creates its parent folders, and
    /// applies pending migrations in one transaction. A database this user may not write
    /// (another user's, a read-only mount) opens for reading; writes then fail with
    /// [`CoreError::ReadOnly`] naming the file at fault.
    ///
    /// # Errors
    /// - [`CoreError::DatabaseTooNew`] when its `user_version` is newer than this build knows;
    ///   the file is then left byte-for-byte untouched.
    /// - [`CoreError::Unreadable`] when the file is not an SQLite database or cannot be opened.
    /// - [`CoreError::Io`] when the parent folder cannot be created.
    /// - [`CoreError::Migration`] when a migration fails (nothing of it is kept).
    pub fn open(path: &Path) -> Result<Store> {
        match Self::open_read_write(path) {
            // A database this user may only read (another user's, a read-only mount) still
            // opens for reading; every write then says which file is at fault.
            Err(CoreError::Unreadable { .. }) if path.exists() && not_writable(path).is_some() => {
                Self::open_read_only(path)
            }
            other => other,
        }
    }

    fn open_read_write(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| CoreError::Io {
                context: format!("cannot create the folder {}", parent.display()),
                source,
            })?;
        }
        let unreadable = |e: rusqlite::Error| CoreError::Unreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        #[allow(clippy::disallowed_methods)] // This is the one place that opens databases.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(unreadable)?;
        // Check the version before anything writes: even switching to WAL changes the file.
        let found = schema_version(&conn).map_err(unreadable)?;
        if found > LATEST_VERSION as i64 {
            return Err(CoreError::DatabaseTooNew {
                path: path.to_owned(),
                found,
                known: LATEST_VERSION,
            });
        }
        Self::prepare(conn, Some(path.to_owned()))
    }

    /// Opens a database this user may not write, for reading only. When not even the WAL
    /// index (`-shm`) can be made beside it, SQLite is told the file is immutable, which is
    /// how a read-only copy is read; a writer elsewhere is then not seen until reopening.
    fn open_read_only(path: &Path) -> Result<Store> {
        let unreadable = |e: rusqlite::Error| CoreError::Unreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let shm_possible = rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).is_ok();
        let uri = format!(
            "file:{}?mode=ro{}",
            uri_path(path),
            if shm_possible { "" } else { "&immutable=1" }
        );
        #[allow(clippy::disallowed_methods)] // This is the one place that opens databases.
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(unreadable)?;
        let found = schema_version(&conn).map_err(unreadable)?;
        if found != LATEST_VERSION as i64 {
            return Err(CoreError::Unreadable {
                path: path.to_owned(),
                reason: format!(
                    "it has schema version {found} and this Preflight needs {LATEST_VERSION}, \
                     but it may not be written to bring it up to date; make it writable"
                ),
            });
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Store {
            conn: Mutex::new(conn),
            reader: None,
            path: Some(path.to_owned()),
        })
    }

    /// Opens a private in-memory database with the full schema (for tests and dry runs).
    ///
    /// # Errors
    /// [`CoreError::Database`] or [`CoreError::Migration`] if SQLite fails.
    pub fn open_in_memory() -> Result<Store> {
        #[allow(clippy::disallowed_methods)] // Storage is the one place that opens databases.
        let conn = Connection::open_in_memory()?;
        Self::prepare(conn, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| match &path {
                Some(p) => CoreError::Unreadable {
                    path: p.clone(),
                    reason: e.to_string(),
                },
                None => CoreError::Database(e),
            })?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate::to_latest(&mut conn)?;
        // Without a reader the writer's connection serves reads too: slower under load, never
        // wrong, so a failure here does not stop the store from opening.
        let reader = path
            .as_deref()
            .and_then(|p| open_reader(p).ok())
            .map(Mutex::new);
        Ok(Store {
            conn: Mutex::new(conn),
            reader,
            path,
        })
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Locks the connection. A panic in another thread while it held the lock cannot leave a
    /// transaction open (rusqlite rolls back on drop), so a poisoned lock is still safe to use.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `f` inside one `IMMEDIATE` transaction and commits when it returns `Ok`; any
    /// error rolls everything back. Each commit raises the database's revision by one.
    ///
    /// # Errors
    /// Whatever `f` returns, or [`CoreError::Database`] if SQLite cannot begin or commit.
    pub(crate) fn with_tx<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            // Raising the revision in the same transaction tells backups that something changed.
            meta::raise_revision(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        result.map_err(|e| self.explain_read_only(e))
    }

    /// Runs `f` inside a transaction that is always rolled back: a dry run that reports what a
    /// write would do and changes nothing.
    ///
    /// # Errors
    /// Whatever `f` returns, or [`CoreError::Database`] if SQLite cannot begin.
    pub(crate) fn with_rollback<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let value = f(&tx);
        tx.rollback()?;
        value
    }

    /// Turns SQLite's "attempt to write a readonly database", which names no file, into
    /// [`CoreError::ReadOnly`] naming the database and the file or folder that is at fault.
    fn explain_read_only(&self, error: CoreError) -> CoreError {
        let read_only = matches!(
            &error,
            CoreError::Database(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ReadOnly
        );
        match (&self.path, read_only) {
            (Some(database), true) => CoreError::ReadOnly {
                culprit: not_writable(database).unwrap_or_else(|| database.clone()),
                database: database.clone(),
            },
            _ => error,
        }
    }

    /// Runs a read-only `f` in one read transaction on the reading connection (or, without
    /// one, on the writer's), so several statements see the same state.
    ///
    /// # Errors
    /// Whatever `f` returns, or [`CoreError::Database`] if SQLite cannot begin.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut conn = match &self.reader {
            Some(reader) => reader
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            None => self.conn(),
        };
        in_read_tx(&mut conn, f)
    }

    /// Runs a long read-only `f` (a scan of every project: the better part of a second on 100
    /// projects of 1,000 gaps) in one read transaction on a connection of its own, so that
    /// neither the window's reads nor its writes wait for it. A store without a file, or whose
    /// file refuses another connection, runs it as [`Store::read`] does.
    ///
    /// # Errors
    /// Whatever `f` returns, or [`CoreError::Database`] if SQLite cannot begin.
    pub(crate) fn read_apart<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match self.path.as_deref().and_then(|p| open_reader(p).ok()) {
            Some(mut own) => in_read_tx(&mut own, f),
            None => self.read(f),
        }
    }
}

/// Runs `f` in a deferred (read) transaction on `conn`.
fn in_read_tx<T>(conn: &mut Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let value = f(&tx);
    // Nothing was written; ending the transaction lets checkpoints pass its snapshot.
    drop(tx);
    value
}

/// Opens the read-only connection of the database file at `path`.
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    open_apart(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
}

/// Opens another connection of the database file at `path` with `flags` (read-only, or
/// read-write for a checkpoint), for one thread at a time, waiting as the writer does.
fn open_apart(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    #[allow(clippy::disallowed_methods)] // This is the one place that opens databases.
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// `path` for an SQLite `file:` URI: absolute, with `%`, `?` and `#` percent-encoded.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut text = String::new();
    for c in absolute.to_string_lossy().chars() {
        match c {
            '%' => text.push_str("%25"),
            '?' => text.push_str("%3f"),
            '#' => text.push_str("%23"),
            c => text.push(c),
        }
    }
    text
}

/// The first of the database's files (itself, `-wal`, `-shm`) or its folder that this process
/// may not write, asked of the kernel with `access(2)`: permission bits alone do not tell (root,
/// ACLs, read-only mounts), and opening the files to try would drop SQLite's POSIX locks.
fn not_writable(database: &Path) -> Option<PathBuf> {
    let files = ["", "-wal", "-shm"].map(|suffix| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    });
    let refused = |path: &Path| {
        path.exists() && rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_err()
    };
    let folder = database
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_owned);
    files.into_iter().chain([folder]).find(|f| refused(f))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod file_tests;
#[cfg(test)]
mod gap_tests;
#[cfg(test)]
mod lens_tests;
#[cfg(test)]
mod question_tests;
#[cfg(test)]
mod scorecard_tests;
#[cfg(test)]
mod sharing_tests;
#[cfg(test)]
mod table_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod workshop_tests;
