//! Tests of backups, rotation, restore, integrity checks and recovery, on real files.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::{ProjectDraft, ProjectView};

fn draft(name: &str) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        ..ProjectDraft::default()
    }
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<_> = store
        .list_projects(ProjectView::Active)
        .expect("list")
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

/// Overwrites the middle of the file with garbage, the way a failing disk would.
pub(crate) fn damage(path: &Path) {
    let len = std::fs::metadata(path).expect("size").len();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    file.seek(SeekFrom::Start(len / 2 / 4096 * 4096))
        .expect("seek");
    file.write_all(&[0xA5; 8192]).expect("write");
}

fn store_with_rows(path: &Path, names: &[&str]) -> Store {
    let store = Store::open(path).expect("open");
    for name in names {
        let project = store
            .create_project(&draft(name), "eight-pillars")
            .expect("create");
        store
            .apply_gap_template(project.id, "poc-to-production")
            .expect("gaps");
    }
    store
}

#[test]
fn every_commit_raises_the_revision_and_a_failed_one_does_not() {
    let store = Store::open_in_memory().expect("store");
    let before = store.revision().expect("revision");
    store
        .create_project(&draft("Atlas"), "eight-pillars")
        .expect("create");
    assert_eq!(store.revision().expect("revision"), before + 1);
    store
        .create_project(&draft("atlas"), "eight-pillars")
        .expect_err("duplicate name");
    assert_eq!(store.revision().expect("revision"), before + 1);
}

#[test]
fn rotation_keeps_the_newest_ten_and_one_per_day_for_a_week() {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
        .single()
        .expect("time");
    // Four backups a day (every six hours) for twelve days, newest first.
    let times: Vec<_> = (0..48).map(|i| now - Duration::hours(6 * i)).collect();
    let keep = rotation(&times, now);
    let kept: Vec<_> = times
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(t, _)| *t)
        .collect();
    assert!(keep[..KEEP_NEWEST].iter().all(|k| *k));
    // The newest ten cover the last 2.5 days; then one per day back to 2026-11-15.
    let days: BTreeSet<_> = kept.iter().map(DateTime::date_naive).collect();
    assert_eq!(days.len(), 7);
    assert_eq!(kept.len(), KEEP_NEWEST + 4);
    assert!(kept.iter().all(|t| *t > now - Duration::days(7)));
}

#[test]
fn backups_are_taken_when_something_changed_and_list_their_projects() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas", "Borealis"]);
    let first = store.backup_if_changed().expect("backup").expect("taken");
    assert_eq!(first.projects, Some(2));
    assert!(first.bytes > 0);
    assert!(Path::new(&first.path).starts_with(dir.path().join("backups")));
    assert_eq!(store.backup_if_changed().expect("backup"), None);
    store
        .create_project(&draft("Cygnus"), "four-pillars")
        .expect("create");
    let second = store.backup_if_changed().expect("backup").expect("taken");
    assert_eq!(second.projects, Some(3));
    let list = store.backups().expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].path, second.path, "newest first");
    // A backup stands alone: no -wal or -shm beside it, and it passes integrity_check.
    let files: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().all(|f| f.ends_with(".db")), "{files:?}");
    assert_eq!(
        integrity_check(Path::new(&second.path)).expect("check"),
        Vec::<String>::new()
    );
}

#[test]
fn many_backups_are_rotated_down() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas"]);
    for _ in 0..14 {
        store.backup_now().expect("backup");
    }
    // All were taken today, so only the newest ten stay.
    assert_eq!(store.backups().expect("list").len(), KEEP_NEWEST);
}

#[test]
fn databases_sharing_a_folder_keep_their_backups_apart() {
    let dir = tempfile::tempdir().expect("dir");
    let work = store_with_rows(&dir.path().join("work.db"), &["Atlas"]);
    // "work-old" starts with "work-": its backups must still not count as work's.
    let old = store_with_rows(&dir.path().join("work-old.db"), &["Borealis", "Cygnus"]);
    for _ in 0..12 {
        old.backup_now().expect("backup");
    }
    let first = work.backup_if_changed().expect("backup").expect("taken");
    assert!(first.path.contains("work.db-2"), "{}", first.path);
    assert_eq!(work.backups().expect("list"), [first]);
    assert_eq!(old.backups().expect("list").len(), KEEP_NEWEST);
    assert!(old
        .backups()
        .expect("list")
        .iter()
        .all(|b| b.projects == Some(2)));
    // Work's own rotation leaves the other database's backups alone.
    for _ in 0..3 {
        work.backup_now().expect("backup");
    }
    assert_eq!(old.backups().expect("list").len(), KEEP_NEWEST);
    assert_eq!(work.backup_if_changed().expect("backup"), None);
}

#[test]
fn backups_of_databases_with_the_same_stem_stay_apart() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = store_with_rows(&dir.path().join("work.sqlite3"), &["Atlas"]);
    let db = store_with_rows(&dir.path().join("work.db"), &["Borealis", "Cygnus"]);
    for _ in 0..12 {
        db.backup_now().expect("backup");
    }
    sqlite.backup_now().expect("backup");
    for _ in 0..3 {
        sqlite.backup_now().expect("backup");
    }
    let of_sqlite = sqlite.backups().expect("list");
    assert_eq!(of_sqlite.len(), 4);
    assert!(
        of_sqlite.iter().all(|b| b.projects == Some(1)),
        "{of_sqlite:?}"
    );
    let of_db = db.backups().expect("list");
    assert_eq!(
        of_db.len(),
        KEEP_NEWEST,
        "the other's rotation left these alone"
    );
    assert!(of_db.iter().all(|b| b.projects == Some(2)));
}

#[test]
fn backups_named_by_the_stem_before_are_listed_but_never_rotated_away() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.sqlite3");
    let store = store_with_rows(&db, &["Atlas"]);
    let taken = store.backup_now().expect("backup");
    let legacy = dir
        .path()
        .join("backups/preflight-2026-01-01T00-00-00.000Z.db");
    std::fs::copy(&taken.path, &legacy).expect("legacy copy");
    for _ in 0..(KEEP_NEWEST + 2) {
        store.backup_now().expect("backup");
    }
    let listed = store.backups().expect("list");
    assert!(
        listed.iter().any(|b| Path::new(&b.path) == legacy),
        "{listed:?}"
    );
    assert!(legacy.exists());
}

#[test]
fn killed_backups_leave_no_partial_files_for_long() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas"]);
    store.backup_now().expect("backup");
    let stale = dir.path().join("backups/.partial-old");
    let fresh = dir.path().join("backups/.partial-running");
    std::fs::write(&stale, b"half a backup").expect("stale");
    std::fs::write(&fresh, b"being written").expect("fresh");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(old))
        .expect("age it");
    store.backup_now().expect("backup");
    assert!(!stale.exists(), "a killed backup's leftover is removed");
    assert!(
        fresh.exists(),
        "one that may still be running is left alone"
    );
}

#[test]
fn two_recoveries_in_one_second_keep_both_damaged_copies() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    std::fs::write(&db, b"first damaged file").expect("write");
    let first = set_aside_damaged(&db).expect("set aside");
    std::fs::write(&db, b"second damaged file").expect("write");
    let second = set_aside_damaged(&db).expect("set aside");
    assert_ne!(first, second);
    assert_eq!(std::fs::read(&first).expect("first"), b"first damaged file");
    assert_eq!(
        std::fs::read(&second).expect("second"),
        b"second damaged file"
    );
}

#[test]
fn restore_backs_up_first_then_brings_the_old_state_back() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas"]);
    let old = store.backup_now().expect("backup");
    store
        .create_project(&draft("Borealis"), "eight-pillars")
        .expect("create");
    let before = store.revision().expect("revision");
    let safety = store.restore_backup(Path::new(&old.path)).expect("restore");
    assert_eq!(names(&store), ["Atlas"]);
    assert!(
        store.revision().expect("revision") > before,
        "the revision never goes back, though the restored file's is older"
    );
    assert_eq!(
        safety.projects,
        Some(2),
        "the state before the restore is kept"
    );
    let mode: String = store
        .read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
        .expect("mode");
    assert_eq!(mode, "wal");
    // The restored database keeps working and survives reopening.
    store
        .create_project(&draft("Cygnus"), "eight-pillars")
        .expect("create");
    drop(store);
    assert_eq!(
        names(&Store::open(&db).expect("reopen")),
        ["Atlas", "Cygnus"]
    );
}

#[test]
fn a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas"]);
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database at all, just some words").expect("write");
    let e = store.restore_backup(&text).expect_err("refused");
    assert!(matches!(e, CoreError::InvalidFile { .. }), "{e:?}");
    assert_eq!(names(&store), ["Atlas"]);
    assert!(
        store.backups().expect("list").is_empty(),
        "no safety backup for a refused file"
    );
}

#[test]
fn a_damaged_database_without_backups_is_set_aside_for_an_empty_one() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    drop(store_with_rows(&db, &["Atlas", "Borealis"]));
    damage(&db);
    let damaged_bytes = std::fs::read(&db).expect("read");
    let kept = set_aside_damaged(&db).expect("set aside");
    assert_eq!(
        std::fs::read(&kept).expect("kept"),
        damaged_bytes,
        "kept as it was"
    );
    assert!(kept
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("preflight.db.damaged-")));
    let fresh = Store::open(&db).expect("an empty database in its place");
    assert!(names(&fresh).is_empty());
    assert!(fresh.quick_check().expect("check").is_empty());
}

#[test]
fn a_damaged_database_is_found_and_recovered_from_a_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let names_before = {
        let store = store_with_rows(&db, &["Atlas", "Borealis", "Cygnus", "Draco"]);
        assert!(store.quick_check().expect("check").is_empty());
        store.backup_now().expect("backup");
        names(&store)
    };
    assert_eq!(integrity_check(&db).expect("check"), Vec::<String>::new());
    damage(&db);
    let damaged = match integrity_check(&db) {
        Ok(problems) => !problems.is_empty(),
        Err(e) => matches!(e, CoreError::Unreadable { .. }),
    };
    assert!(damaged, "integrity_check must notice the damage");
    let backup = list_backups(&db).expect("list").remove(0);
    let kept = recover_from_backup(&db, Path::new(&backup.path)).expect("recover");
    assert!(
        kept.exists(),
        "the damaged file is kept beside the database"
    );
    let store = Store::open(&db).expect("open recovered");
    assert!(store.quick_check().expect("check").is_empty());
    assert_eq!(names(&store), names_before);
}

#[test]
fn integrity_check_reports_a_missing_or_foreign_file_as_unreadable() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(matches!(
        integrity_check(&dir.path().join("nope.db")),
        Err(CoreError::Unreadable { .. })
    ));
    let text = dir.path().join("text.db");
    std::fs::write(&text, vec![b'x'; 5000]).expect("write");
    assert!(matches!(
        integrity_check(&text),
        Err(CoreError::Unreadable { .. })
    ));
}

#[test]
fn restoring_the_oldest_of_a_full_set_works_although_rotation_then_removes_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas"]);
    let oldest = store.backup_now().expect("backup");
    store
        .create_project(&draft("Borealis"), "eight-pillars")
        .expect("create");
    for _ in 1..KEEP_NEWEST {
        store.backup_now().expect("backup");
    }
    assert_eq!(store.backups().expect("list").len(), KEEP_NEWEST);
    store
        .restore_backup(Path::new(&oldest.path))
        .expect("restore");
    assert_eq!(names(&store), ["Atlas"]);
    assert_eq!(store.backups().expect("list").len(), KEEP_NEWEST);
}

/// Opens a copy of a backup for hand edits that Preflight itself would never make.
#[allow(clippy::disallowed_methods)] // The test forges bad backups by hand.
fn forge(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).expect("open the copy");
    conn.execute_batch(sql).expect("forge");
}

#[test]
fn restore_refuses_a_database_of_another_shape_and_a_damaged_index() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("preflight.db");
    let store = store_with_rows(&db, &["Atlas"]);
    let good = store.backup_now().expect("backup");

    // A projects table of the wrong shape under a plausible schema version.
    let foreign = dir.path().join("foreign.db");
    forge(
        &foreign,
        &format!(
            "CREATE TABLE projects (id TEXT, title TEXT); PRAGMA user_version = {};",
            migrate::LATEST_VERSION
        ),
    );
    let err = store.restore_backup(&foreign).expect_err("another shape");
    assert!(
        err.to_string().contains("is not a Preflight database"),
        "{err}"
    );
    assert!(integrity_check(&foreign)
        .expect("readable")
        .iter()
        .any(|p| p.starts_with("schema: ")));

    // An index whose entries no longer match its table: quick_check passes, the full
    // integrity_check does not.
    let broken = dir.path().join("broken-index.db");
    std::fs::copy(&good.path, &broken).expect("copy");
    forge(
        &broken,
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_master SET sql = 'CREATE INDEX gaps_project ON gaps (project_id, title)'
         WHERE name = 'gaps_project';",
    );
    let quick: Vec<String> = {
        let conn = open_read_only(&broken).expect("open");
        check(&conn, "quick_check").expect("quick_check runs")
    };
    assert!(
        quick.is_empty(),
        "quick_check alone would let it in: {quick:?}"
    );
    let err = store.restore_backup(&broken).expect_err("damaged index");
    assert!(err.to_string().contains("is damaged"), "{err}");

    assert_eq!(names(&store), ["Atlas"], "nothing was replaced");
    store
        .restore_backup(Path::new(&good.path))
        .expect("a sound backup restores");
    assert!(integrity_check(&db).expect("check").is_empty());
}

/// A database left with a hot rollback journal (its writer killed mid-transaction, as during a
/// first start's migration) is checked, not refused as unreadable: the check settles the
/// journal, and what was committed is all there.
#[test]
#[allow(clippy::disallowed_methods)] // The test makes the journal with a bare connection.
fn a_database_with_a_hot_journal_passes_its_check_with_every_commit() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    drop(Store::open(&live).unwrap());
    let count = |conn: &Connection| -> rusqlite::Result<i64> {
        conn.query_row("SELECT count(*) FROM app_meta", [], |r| r.get(0))
    };
    let conn = Connection::open(&live).unwrap();
    let committed = count(&conn).unwrap();
    // A one-page cache spills the unfinished rows into the file, so the journal is needed.
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; BEGIN;")
        .unwrap();
    for _ in 0..3000 {
        conn.execute(
            "INSERT INTO app_meta VALUES (hex(randomblob(16)), hex(randomblob(250)))",
            [],
        )
        .unwrap();
    }
    // A copy of the file and its journal as the killed writer left them: no one holds a lock.
    let left = dir.path().join("left.db");
    std::fs::copy(&live, &left).unwrap();
    std::fs::copy(
        dir.path().join("live.db-journal"),
        dir.path().join("left.db-journal"),
    )
    .unwrap();
    drop(conn);
    let refused = count(&open_read_only(&left).unwrap()).unwrap_err();
    assert!(refused.to_string().contains("readonly"), "{refused}");

    assert_eq!(integrity_check(&left).unwrap(), Vec::<String>::new());
    assert_eq!(
        count(&open_read_only(&left).unwrap()).unwrap(),
        committed,
        "every commit, without the unfinished transaction"
    );
}
