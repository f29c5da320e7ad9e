//! Storage tests of the database file itself: where it is made, WAL and foreign keys, reopening,
//! a newer or unreadable file, migrations from every earlier version, a read-only file, reads
//! beside writes, and the checkpoint on close.

use rusqlite::Connection;

use super::tests::{draft, names, projects_insert_raw};
use super::*;
use crate::domain::framework::EIGHT_PILLARS;
use crate::domain::{ProjectDraft, ProjectView};
use crate::error::ErrorCode;

#[test]
fn open_creates_parent_folders_and_uses_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/preflight.sqlite3");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(store.path(), Some(path.as_path()));
    let (mode, fk): (String, i64) = store
        .read(|c| {
            Ok((
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(
        store.read(|c| Ok(schema_version(c)?)).unwrap(),
        LATEST_VERSION as i64
    );
}

#[test]
fn data_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("preflight.sqlite3");
    let id = {
        let store = Store::open(&path).unwrap();
        store
            .create_project(&draft("Kept"), EIGHT_PILLARS)
            .unwrap()
            .id
    };
    assert_eq!(
        Store::open(&path).unwrap().project(id).unwrap().name,
        "Kept"
    );
}

#[test]
fn database_from_a_newer_preflight_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    {
        #[allow(clippy::disallowed_methods)] // The test builds a foreign database by hand.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DatabaseTooNew);
    assert!(err.to_string().contains("schema version 999"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let siblings: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1, "no -wal or -shm file was created");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(
        &path,
        "these are my meeting notes, not a database ".repeat(100),
    )
    .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DatabaseUnavailable);
    assert!(err.to_string().contains("notes.sqlite3"), "{err}");
}

/// Builds a database at every earlier schema version, puts a project in it with the SQL of
/// that version, migrates it to the latest and checks the project is intact.
#[test]
fn databases_at_every_earlier_version_migrate_with_their_data() {
    for version in 1..=LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{version}.sqlite3"));
        {
            #[allow(clippy::disallowed_methods)] // The test builds an old database by hand.
            let mut conn = Connection::open(&path).unwrap();
            migrate::to_version(&mut conn, version).unwrap();
            projects_insert_raw(&conn, "Old project").unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            names(&store, ProjectView::Active),
            ["Old project"],
            "from v{version}"
        );
        assert_eq!(
            store.read(|c| Ok(schema_version(c)?)).unwrap(),
            LATEST_VERSION as i64
        );
    }
}

#[test]
fn a_write_to_a_read_only_database_names_the_file_and_reading_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let store = Store::open(&db).unwrap();
    store
        .create_project(
            &ProjectDraft {
                name: "Atlas".into(),
                ..ProjectDraft::default()
            },
            EIGHT_PILLARS,
        )
        .unwrap();
    // query_only makes SQLite refuse writes exactly as for a file it may not write.
    store
        .conn()
        .pragma_update(None, "query_only", "ON")
        .unwrap();
    let err = store
        .create_project(
            &ProjectDraft {
                name: "Borealis".into(),
                ..ProjectDraft::default()
            },
            EIGHT_PILLARS,
        )
        .unwrap_err();
    assert!(matches!(err, CoreError::ReadOnly { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&db.display().to_string()), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(names(&store, ProjectView::Active), ["Atlas"]);
}

#[test]
fn a_read_does_not_wait_for_a_write_in_progress_and_sees_the_last_commit() {
    use std::sync::{mpsc, Arc};
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("p.sqlite3")).unwrap());
    store
        .create_project(&draft("Atlas"), EIGHT_PILLARS)
        .unwrap();
    let (begun, has_begun) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let writer = std::thread::spawn({
        let store = Arc::clone(&store);
        move || {
            store.with_tx(|tx| {
                tx.execute("UPDATE projects SET name = 'Borealis'", [])?;
                begun.send(()).unwrap();
                released.recv().unwrap();
                Ok(())
            })
        }
    });
    has_begun.recv().unwrap();
    let (read, has_read) = mpsc::channel();
    std::thread::spawn({
        let store = Arc::clone(&store);
        move || read.send(names(&store, ProjectView::Active)).unwrap()
    });
    let seen = has_read.recv_timeout(Duration::from_secs(5));
    release.send(()).unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(
        seen.expect("the read answered while the write was open"),
        ["Atlas"],
        "the uncommitted rename is not seen"
    );
    assert_eq!(names(&store, ProjectView::Active), ["Borealis"]);
}

#[test]
fn closing_the_store_folds_the_write_ahead_log_into_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    {
        let store = Store::open(&db).unwrap();
        store
            .create_project(&draft("Atlas"), EIGHT_PILLARS)
            .unwrap();
        assert_eq!(names(&store, ProjectView::Active), ["Atlas"]);
    }
    assert!(!dir.path().join("p.sqlite3-wal").exists());
    #[allow(clippy::disallowed_methods)] // The file itself is what this test checks.
    let conn =
        Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM projects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Atlas");
}

/// A long background read (the reminders' scan of every project) runs on a connection of its
/// own: inside it, the window can still write and read through the store, and the scan keeps
/// the snapshot it began with.
#[test]
fn a_read_apart_leaves_the_writer_and_the_reader_free() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(Store::open(&dir.path().join("db.sqlite3")).unwrap());
    store
        .create_project(&draft("Atlas"), EIGHT_PILLARS)
        .unwrap();
    let seen = store
        .read_apart(|conn| {
            let count = |conn: &Connection| -> rusqlite::Result<i64> {
                conn.query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
            };
            let before = count(conn)?;
            // The window's write and read, from another thread as the app makes them: they
            // would wait for ever if this scan held either of the store's connections.
            let window = std::sync::Arc::clone(&store);
            let (done, finished) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let created = window.create_project(&draft("Borealis"), EIGHT_PILLARS);
                let listed = window.list_projects(ProjectView::Active).map(|p| p.len());
                let _ = done.send((created.is_ok(), listed.ok()));
            });
            let window_result = finished
                .recv_timeout(std::time::Duration::from_secs(20))
                .expect("the window's write and read went through during the scan");
            Ok((before, count(conn)?, window_result))
        })
        .unwrap();
    assert_eq!(seen, (1, 1, (true, Some(2))), "the scan's snapshot held");
    assert_eq!(names(&store, ProjectView::Active).len(), 2);
}
