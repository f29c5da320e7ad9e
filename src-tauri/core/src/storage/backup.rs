//! Automatic backups with SQLite's online backup API, restore, and integrity checks.
//!
//! Backups live in `backups/` beside the database, one file each, named by the database file's
//! stem and the UTC time they were taken (`preflight-2026-11-21T09-30-00.123Z.db` for
//! `preflight.sqlite3`). The stem keeps apart the backups of several databases kept in one
//! folder (`--db` makes that easy), so one database never lists, rotates away or restores
//! another's backups.
//!
//! A backup is a complete SQLite database in rollback-journal mode, so it can be opened,
//! copied or mailed on its own. The online backup API (<https://www.sqlite.org/backup.html>)
//! copies a consistent snapshot even while the app writes.
//!
//! "Changed since the last backup" is decided by a revision number in `app_meta` that every
//! committed write transaction raises by one (see [`Store::with_tx`]); a backup holds the
//! revision it was taken at.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rusqlite::backup::Progress;
use rusqlite::{Connection, MAIN_DB};
use serde::Serialize;
use ts_rs::TS;

use super::{meta, migrate, Store};
use crate::error::{CoreError, Result};

mod check;

pub use check::integrity_check;
use check::{check, open_read_only, validate_backup};

/// The folder beside the database that holds its backups.
pub const BACKUP_DIR: &str = "backups";
/// How many of the newest backups are always kept.
pub const KEEP_NEWEST: usize = 10;
/// For how many days (today included, UTC) the newest backup of each day is kept as well.
pub const KEEP_DAYS: i64 = 7;
/// How often the app takes a backup while changes happen, in seconds (15 minutes).
pub const INTERVAL_SECONDS: u64 = 15 * 60;

const SUFFIX: &str = ".db";
const TIME_FORMAT: &str = "%Y-%m-%dT%H-%M-%S%.3fZ";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Backup {
    /// The file's name inside the backups folder; the UI names a backup by it.
    pub name: String,
    /// Full path of the file, to show.
    pub path: String,
    /// When it was taken (UTC), from its name.
    pub taken_at: DateTime<Utc>,
    /// File size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Projects outside the trash in it, or `None` when the file cannot be read (damaged).
    pub projects: Option<u32>,
    /// The database revision it holds, or `None` when unreadable.
    #[serde(skip)]
    pub revision: Option<i64>,
}

/// The backup folder of the database at `db`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join(BACKUP_DIR)
}

/// What the names of the backups of the database at `db` start with: its full file name and
/// a hyphen (`preflight.sqlite3-` for `preflight.sqlite3`), so `work.sqlite3` and `work.db` in
/// one folder never share backups. The time after it has a fixed shape, so a database called
/// `a` never claims the backups of one called `a-b`.
fn backup_prefix(db: &Path) -> String {
    let name = db
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "preflight".into());
    format!("{name}-")
}

/// The prefix of backups written before they were named by the full file name (by the stem:
/// `preflight-`). They are still listed, so they can be restored, but never rotated away,
/// since another database with the same stem may own them.
fn legacy_prefix(db: &Path) -> Option<String> {
    let stem = db.file_stem()?.to_string_lossy().into_owned();
    let legacy = format!("{stem}-");
    (legacy != backup_prefix(db)).then_some(legacy)
}

/// How old a `.partial-*` file left by a killed backup must be before a later backup deletes
/// it; younger ones may belong to a backup running in another process right now.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Deletes the `.partial-*` files in `dir` that killed backups left behind.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| at.elapsed().ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if stale && entry.file_name().to_string_lossy().starts_with(".partial-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> CoreError {
    move |source| CoreError::Io { context, source }
}

/// Reads the project count and revision of a backup; `None` when it is not readable.
fn summary(path: &Path) -> Option<(u32, i64)> {
    let conn = open_read_only(path).ok()?;
    let projects = conn
        .query_row(
            "SELECT count(*) FROM projects WHERE trashed_at IS NULL",
            [],
            |r| r.get(0),
        )
        .ok()?;
    let revision = meta::get(&conn, meta::REVISION)
        .ok()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((projects, revision))
}

/// The backups of the database at `db`, newest first. A missing folder is no backups.
///
/// # Errors
/// [`CoreError::Io`] when the folder exists but cannot be read.
pub fn list_backups(db: &Path) -> Result<Vec<Backup>> {
    let dir = backup_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(format!("cannot read {}", dir.display()))(e)),
    };
    let prefixes: Vec<String> = std::iter::once(backup_prefix(db))
        .chain(legacy_prefix(db))
        .collect();
    let mut list = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stamp) = prefixes.iter().find_map(|prefix| {
            name.strip_prefix(prefix.as_str())
                .and_then(|n| n.strip_suffix(SUFFIX))
        }) else {
            continue;
        };
        let Ok(taken) = NaiveDateTime::parse_from_str(stamp, TIME_FORMAT) else {
            continue;
        };
        let path = entry.path();
        let summary = summary(&path);
        list.push(Backup {
            name: name.clone(),
            bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
            path: path.display().to_string(),
            taken_at: taken.and_utc(),
            projects: summary.map(|s| s.0),
            revision: summary.map(|s| s.1),
        });
    }
    list.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    Ok(list)
}

/// Which backups the rotation keeps, given their times newest first: the newest
/// [`KEEP_NEWEST`], plus the newest of each of the last [`KEEP_DAYS`] days (UTC) before `now`.
/// Returns one flag per backup, `true` to keep.
pub fn rotation(times_newest_first: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let first_day = (now - Duration::days(KEEP_DAYS - 1)).date_naive();
    let mut days_seen = BTreeSet::new();
    times_newest_first
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let day = t.date_naive();
            let newest_of_its_day = day >= first_day && days_seen.insert(day);
            i < KEEP_NEWEST || newest_of_its_day
        })
        .collect()
}

/// Copies the open database `conn` (stored at `db`) into a new backup file beside it and
/// switches the copy to rollback-journal mode, so it stands alone without `-wal`/`-shm` files.
fn write_backup(conn: &Connection, db: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = backup_dir(db);
    let prefix = backup_prefix(db);
    std::fs::create_dir_all(&dir).map_err(io(format!("cannot create {}", dir.display())))?;
    remove_stale_partials(&dir);
    let mut stamp = now;
    let mut path;
    loop {
        path = dir.join(format!("{prefix}{}{SUFFIX}", stamp.format(TIME_FORMAT)));
        if !path.exists() {
            break;
        }
        stamp += Duration::milliseconds(1);
    }
    let partial = dir.join(format!(".partial-{}", uuid::Uuid::now_v7()));
    let result = (|| -> Result<()> {
        conn.backup(MAIN_DB, &partial, None::<fn(Progress)>)?;
        #[allow(clippy::disallowed_methods)] // Storage is the one place that opens databases.
        let copy = Connection::open(&partial)?;
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        drop(copy);
        std::fs::rename(&partial, &path).map_err(io(format!("cannot write {}", path.display())))
    })();
    if result.is_err() {
        // A failed copy must not be mistaken for a backup later.
        let _ = std::fs::remove_file(&partial);
    }
    result.map(|()| path)
}

/// Replaces the damaged database at `db` with a copy of `backup`. The damaged file (and its
/// `-wal`/`-shm`) is kept beside it as `<name>.damaged-<time>`, never deleted. Open the
/// database again afterwards with [`Store::open`].
///
/// # Errors
/// [`CoreError::InvalidFile`] when the backup is not a sound Preflight database (nothing is
/// moved then); [`CoreError::Io`] or [`CoreError::Database`] if copying fails.
pub fn recover_from_backup(db: &Path, backup: &Path) -> Result<PathBuf> {
    validate_backup(backup)?;
    let kept = set_aside_damaged(db)?;
    let source = open_read_only(backup)?;
    source.backup(MAIN_DB, db, None::<fn(Progress)>)?;
    tracing::warn!(
        database = %db.display(),
        backup = %backup.display(),
        damaged_kept_as = %kept.display(),
        "recovered a damaged database from a backup"
    );
    Ok(kept)
}

/// Moves the damaged database at `db` (with its `-wal`/`-shm`) aside as
/// `<name>.damaged-<time>`, never deleting it, so that [`Store::open`] starts an empty one in
/// its place. For when no backup is usable; returns where the damaged file went.
///
/// # Errors
/// [`CoreError::Io`] when a file cannot be moved; what was moved already stays moved.
pub fn set_aside_damaged(db: &Path) -> Result<PathBuf> {
    let stamp = Utc::now().format("%Y-%m-%dT%H-%M-%SZ");
    // Two recoveries within a second must not overwrite the first damaged copy.
    let mut kept = PathBuf::from(format!("{}.damaged-{stamp}", db.display()));
    for n in 2.. {
        let taken = ["", "-wal", "-shm"]
            .iter()
            .any(|suffix| PathBuf::from(format!("{}{suffix}", kept.display())).exists());
        if !taken {
            break;
        }
        kept = PathBuf::from(format!("{}.damaged-{stamp}-{n}", db.display()));
    }
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}{suffix}", kept.display()));
            std::fs::rename(&from, &to).map_err(io(format!("cannot move {}", from.display())))?;
        }
    }
    tracing::warn!(database = %db.display(), kept_as = %kept.display(), "set a damaged database aside");
    Ok(kept)
}

impl Store {
    fn database_file(&self) -> Result<&Path> {
        self.path().ok_or_else(|| CoreError::Conflict {
            field: None,
            message: "an in-memory database has no backups".into(),
        })
    }

    /// The revision of the database: how many write transactions it has committed.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails.
    pub fn revision(&self) -> Result<i64> {
        self.read(meta::revision)
    }

    /// The backups of this database, newest first.
    ///
    /// # Errors
    /// As [`list_backups`]; a conflict for an in-memory database.
    pub fn backups(&self) -> Result<Vec<Backup>> {
        list_backups(self.database_file()?)
    }

    /// Takes a backup now, then rotates old ones away (see [`rotation`]).
    ///
    /// # Errors
    /// [`CoreError::Io`] or [`CoreError::Database`] if the copy fails; nothing half-written is
    /// left in the folder then.
    pub fn backup_now(&self) -> Result<Backup> {
        let backup = self.write_backup()?;
        self.rotate()?;
        tracing::info!(backup = %backup.path, revision = ?backup.revision, "backed up");
        Ok(backup)
    }

    /// Writes a backup without rotating old ones away.
    fn write_backup(&self) -> Result<Backup> {
        let db = self.database_file()?;
        // A connection of its own: copying a large file takes a while, and neither the
        // window's reads nor its writes should wait for it. A database opened read-only may
        // refuse a second connection; its own then serves.
        let path = match open_read_only(db) {
            Ok(own) => write_backup(&own, db, Utc::now())?,
            Err(_) => self.read(|conn| write_backup(conn, db, Utc::now()))?,
        };
        list_backups(db)?
            .into_iter()
            .find(|b| Path::new(&b.path) == path)
            .ok_or_else(|| CoreError::Report {
                message: format!("the backup {} vanished", path.display()),
            })
    }

    /// Deletes the backups the rotation does not keep (see [`rotation`]).
    fn rotate(&self) -> Result<()> {
        let db = self.database_file()?;
        let own = backup_prefix(db);
        let list: Vec<Backup> = list_backups(db)?
            .into_iter()
            .filter(|b| {
                Path::new(&b.path)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&own))
            })
            .collect();
        let times: Vec<_> = list.iter().map(|b| b.taken_at).collect();
        for (backup, keep) in list.iter().zip(rotation(&times, Utc::now())) {
            if !keep {
                std::fs::remove_file(&backup.path)
                    .map_err(io(format!("cannot remove the old backup {}", backup.path)))?;
            }
        }
        Ok(())
    }

    /// Takes a backup when the database changed since the newest one (or there is none).
    ///
    /// # Errors
    /// As [`Store::backup_now`].
    pub fn backup_if_changed(&self) -> Result<Option<Backup>> {
        let newest = self.backups()?.into_iter().next();
        let revision = self.revision()?;
        if newest.is_some_and(|b| b.revision == Some(revision)) {
            return Ok(None);
        }
        self.backup_now().map(Some)
    }

    /// Restores `backup` over this database: first backs up the current state, then copies
    /// the backup in through SQLite's backup API (one atomic write, so a crash leaves either
    /// the old or the restored database), then migrates it if it is older.
    ///
    /// # Errors
    /// [`CoreError::InvalidFile`] when `backup` is not a sound Preflight database (nothing
    /// changes then); errors of [`Store::backup_now`]; [`CoreError::Database`].
    pub fn restore_backup(&self, backup: &Path) -> Result<Backup> {
        validate_backup(backup)?;
        // Rotation waits until after the restore: it could otherwise delete the very backup
        // being restored (the oldest of a full set).
        let safety = self.write_backup()?;
        {
            let mut conn = self.conn();
            let before = meta::revision(&conn)?;
            conn.restore(MAIN_DB, backup, None::<fn(Progress)>)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            migrate::to_latest(&mut conn)?;
            // The restored file holds an older revision. Raising it past the one it replaced
            // keeps revisions only ever rising, so nothing that kept a copy of the state before
            // (the window's boards, a sync's last look) takes it for the restored one.
            let restored = meta::revision(&conn)?;
            meta::set(
                &conn,
                meta::REVISION,
                &(before.max(restored) + 1).to_string(),
            )?;
        }
        self.rotate()?;
        tracing::warn!(
            restored = %backup.display(),
            previous_state_kept_as = %safety.path,
            "restored a backup"
        );
        Ok(safety)
    }

    /// Runs `PRAGMA quick_check` (a fast structural check) and returns its complaints; empty
    /// means sound.
    ///
    /// # Errors
    /// [`CoreError::Database`] when the check itself cannot run (badly damaged file).
    pub fn quick_check(&self) -> Result<Vec<String>> {
        self.read(|conn| check(conn, "quick_check"))
    }
}

#[cfg(test)]
mod tests;
