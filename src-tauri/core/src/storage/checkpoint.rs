//! Checkpoints of the write-ahead log taken on a connection of their own, for the window.
//!
//! SQLite copies the log back into the database file (a checkpoint) in the connection whose
//! commit takes the log past 1,000 pages (`wal_autocheckpoint`, sqlite.org/wal.html), so a
//! small save from the window paid for whatever the background work had written before it:
//! at 100 projects × 1,000 gaps the day's 50,000 reminder records made the first save after
//! start take 220–340 ms instead of 61–77 (`make bench-app`, the window's "slow command" log).
//! The window hands checkpoints to a [`Checkpointer`] on a background thread instead; the
//! CLI's short-lived stores keep SQLite's default.

use rusqlite::{Connection, OpenFlags};

use super::{open_apart, Store};
use crate::error::Result;

/// SQLite's default `wal_autocheckpoint`, in pages.
const AUTOMATIC_PAGES: i64 = 1_000;

/// A read-write connection of its own that checkpoints the database's write-ahead log.
pub struct Checkpointer {
    conn: Connection,
}

/// What one checkpoint found: frames in the log, and how many of them are now in the database
/// file (fewer while a reader still needs older pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpointed {
    /// Frames (pages) in the write-ahead log.
    pub log: i64,
    /// Frames copied into the database file, now or before.
    pub copied: i64,
}

impl Store {
    /// Takes checkpoints away from the writer: opens the [`Checkpointer`] that will take them
    /// and turns the writer's automatic checkpoints off. `None` for an in-memory store, which
    /// has no log. Call [`Checkpointer::checkpoint`] every second or so; if the checkpointer
    /// stops, [`Store::checkpoint_on_commit`] gives them back to the writer.
    ///
    /// # Errors
    /// [`crate::CoreError::Database`] when the connection cannot be opened (the writer then
    /// keeps its automatic checkpoints).
    pub fn checkpointer(&self) -> Result<Option<Checkpointer>> {
        let Some(path) = self.path() else {
            return Ok(None);
        };
        // Read-write: a read-only connection may not write the database file.
        let conn = open_apart(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        self.conn().pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(Some(Checkpointer { conn }))
    }

    /// Gives checkpoints back to the writer's commits (SQLite's default of 1,000 pages).
    ///
    /// # Errors
    /// [`crate::CoreError::Database`] if SQLite fails.
    pub fn checkpoint_on_commit(&self) -> Result<()> {
        self.conn()
            .pragma_update(None, "wal_autocheckpoint", AUTOMATIC_PAGES)?;
        Ok(())
    }
}

impl Checkpointer {
    /// Copies what the log holds into the database file as far as readers allow, waiting for
    /// no reader or writer (a passive checkpoint); the writer's next commit then starts the log
    /// again from its beginning. Cheap when there is nothing to copy.
    ///
    /// # Errors
    /// [`crate::CoreError::Database`] if SQLite fails (a disk error, say).
    pub fn checkpoint(&self) -> Result<Checkpointed> {
        let (log, copied) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })?;
        Ok(Checkpointed { log, copied })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::framework::EIGHT_PILLARS;
    use crate::domain::ProjectDraft;
    use crate::Store;

    fn autocheckpoint(store: &Store) -> i64 {
        store
            .read(|c| Ok(c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?))
            .unwrap()
    }

    #[test]
    fn the_checkpointer_takes_the_writers_checkpoints_and_can_give_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        let writer_pages = |store: &Store| -> i64 {
            store
                .with_tx(|tx| Ok(tx.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?))
                .unwrap()
        };
        assert_eq!(writer_pages(&store), 1_000);
        let checkpointer = store.checkpointer().unwrap().expect("a file has a log");
        assert_eq!(writer_pages(&store), 0, "the writer no longer checkpoints");
        // The reader's setting is its own; only the writer commits.
        assert_eq!(autocheckpoint(&store), 1_000);

        for i in 0..20 {
            let draft = ProjectDraft {
                name: format!("Project {i}"),
                ..ProjectDraft::default()
            };
            store.create_project(&draft, EIGHT_PILLARS).unwrap();
        }
        let done = checkpointer.checkpoint().unwrap();
        assert!(done.log > 0, "the commits stayed in the log: {done:?}");
        assert_eq!(done.copied, done.log, "no reader held older pages");
        assert_eq!(
            store
                .list_projects(crate::domain::ProjectView::Active)
                .unwrap()
                .len(),
            20
        );

        store.checkpoint_on_commit().unwrap();
        assert_eq!(writer_pages(&store), 1_000);
    }

    #[test]
    fn an_in_memory_store_has_no_checkpointer() {
        let store = Store::open_in_memory().unwrap();
        assert!(store.checkpointer().unwrap().is_none());
    }
}
