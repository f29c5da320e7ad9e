//! Storage tests on real migrated databases (in memory, or temporary files where the file
//! itself matters).

use rusqlite::Connection;

use super::*;
use crate::domain::framework::{EIGHT_PILLARS, FOUR_PILLARS};
use crate::domain::{ProjectDraft, ProjectView, Stage};
use crate::error::ErrorCode;

fn draft(name: &str) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        ..ProjectDraft::default()
    }
}

fn names(store: &Store, view: ProjectView) -> Vec<String> {
    store
        .list_projects(view)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn created_project_is_stored_trimmed_with_uuid_v7_and_utc_times() {
    let store = Store::open_in_memory().unwrap();
    let mut d = draft("  Søren's beta  ");
    d.stage = Stage::Beta;
    d.north_star = " Ship daily without downtime ".into();
    let p = store.create_project(&d, FOUR_PILLARS).unwrap();
    assert_eq!(p.name, "Søren's beta");
    assert_eq!(p.north_star, "Ship daily without downtime");
    assert_eq!(p.stage, Stage::Beta);
    assert_eq!(p.framework_id, FOUR_PILLARS);
    assert_eq!(p.id.get_version_num(), 7);
    assert_eq!(p.created_at, p.updated_at);
    assert_eq!(store.project(p.id).unwrap(), p);
}

#[test]
fn update_saves_the_proof_of_concept_time_box_decision_and_criteria() {
    let store = Store::open_in_memory().unwrap();
    let p = store
        .create_project(&draft("Atlas"), EIGHT_PILLARS)
        .unwrap();
    let mut d = p.draft();
    d.stage = Stage::ProofOfConcept;
    d.time_box_end = Some("2026-01-31".into());
    d.decision = Some(crate::domain::Decision::Pivot);
    d.success_criteria = Some(vec![
        "Can clinics book alone?".into(),
        "Is p95 < 400 ms?".into(),
    ]);
    store.update_project(p.id, &d).unwrap();
    let saved = store.project(p.id).unwrap();
    assert_eq!(
        saved.time_box_end.map(|t| t.to_string()).as_deref(),
        Some("2026-01-31")
    );
    assert_eq!(saved.decision, crate::domain::Decision::Pivot);
    assert_eq!(
        saved.success_criteria,
        ["Can clinics book alone?", "Is p95 < 400 ms?"]
    );
    assert_eq!(
        store.list_projects(ProjectView::Active).unwrap()[0]
            .success_criteria
            .len(),
        2
    );
    d.success_criteria = Some(vec![]);
    store.update_project(p.id, &d).unwrap();
    assert!(store.project(p.id).unwrap().success_criteria.is_empty());
}

#[test]
fn list_shows_most_recently_changed_first() {
    let store = Store::open_in_memory().unwrap();
    let a = store
        .create_project(&draft("Alpha"), EIGHT_PILLARS)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    store.create_project(&draft("Beta"), EIGHT_PILLARS).unwrap();
    assert_eq!(names(&store, ProjectView::Active), ["Beta", "Alpha"]);
    std::thread::sleep(std::time::Duration::from_millis(3));
    store.update_project(a.id, &draft("Alpha renamed")).unwrap();
    assert_eq!(
        names(&store, ProjectView::Active),
        ["Alpha renamed", "Beta"]
    );
}

#[test]
fn duplicate_name_ignoring_case_is_a_conflict_on_the_name_field() {
    let store = Store::open_in_memory().unwrap();
    store
        .create_project(&draft("Zoë's Pilot"), EIGHT_PILLARS)
        .unwrap();
    let err = store
        .create_project(&draft(" ZOË'S PILOT "), EIGHT_PILLARS)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(err.field(), Some("name"));
    assert!(err.message().contains("Zoë's Pilot"), "{}", err.message());
    assert_eq!(names(&store, ProjectView::Active).len(), 1);
}

#[test]
fn renaming_to_own_name_in_other_case_is_allowed_but_not_to_anothers() {
    let store = Store::open_in_memory().unwrap();
    let a = store
        .create_project(&draft("alpha"), EIGHT_PILLARS)
        .unwrap();
    store.create_project(&draft("Beta"), EIGHT_PILLARS).unwrap();
    assert_eq!(
        store.update_project(a.id, &draft("ALPHA")).unwrap().name,
        "ALPHA"
    );
    let err = store.update_project(a.id, &draft("beta")).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(store.project(a.id).unwrap().name, "ALPHA");
}

#[test]
fn invalid_input_is_rejected_before_anything_is_written() {
    let store = Store::open_in_memory().unwrap();
    let err = store
        .create_project(&draft(&"x".repeat(121)), EIGHT_PILLARS)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert_eq!(err.message(), "must be at most 120 characters (got 121)");
    assert!(names(&store, ProjectView::Active).is_empty());
}

#[test]
fn archive_and_unarchive_move_a_project_between_lists() {
    let store = Store::open_in_memory().unwrap();
    let p = store
        .create_project(&draft("Alpha"), EIGHT_PILLARS)
        .unwrap();
    assert_eq!(
        store.archive_project(p.id).unwrap().view(),
        ProjectView::Archived
    );
    assert!(names(&store, ProjectView::Active).is_empty());
    assert_eq!(names(&store, ProjectView::Archived), ["Alpha"]);
    // An archived project still holds its name.
    assert_eq!(
        store
            .create_project(&draft("alpha"), EIGHT_PILLARS)
            .unwrap_err()
            .field(),
        Some("name")
    );
    assert_eq!(
        store.unarchive_project(p.id).unwrap().view(),
        ProjectView::Active
    );
    assert_eq!(names(&store, ProjectView::Active), ["Alpha"]);
}

#[test]
fn trashed_project_frees_its_name_and_restore_refuses_when_it_was_taken() {
    let store = Store::open_in_memory().unwrap();
    let old = store
        .create_project(&draft("Alpha"), EIGHT_PILLARS)
        .unwrap();
    store.trash_project(old.id).unwrap();
    assert_eq!(names(&store, ProjectView::Trash), ["Alpha"]);
    let new = store
        .create_project(&draft("ALPHA"), EIGHT_PILLARS)
        .unwrap();
    let err = store.restore_project(old.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(names(&store, ProjectView::Trash), ["Alpha"]);
    store.update_project(new.id, &draft("Alpha 2")).unwrap();
    assert_eq!(
        store.restore_project(old.id).unwrap().view(),
        ProjectView::Active
    );
    assert!(names(&store, ProjectView::Trash).is_empty());
}

#[test]
fn restored_archived_project_goes_back_to_the_archive() {
    let store = Store::open_in_memory().unwrap();
    let p = store
        .create_project(&draft("Alpha"), EIGHT_PILLARS)
        .unwrap();
    store.archive_project(p.id).unwrap();
    store.trash_project(p.id).unwrap();
    assert_eq!(
        store.restore_project(p.id).unwrap().view(),
        ProjectView::Archived
    );
}

#[test]
fn only_projects_in_the_trash_can_be_deleted_for_good() {
    let store = Store::open_in_memory().unwrap();
    let p = store
        .create_project(&draft("Alpha"), EIGHT_PILLARS)
        .unwrap();
    assert_eq!(
        store.purge_project(p.id).unwrap_err().code(),
        ErrorCode::Conflict
    );
    store.trash_project(p.id).unwrap();
    store.purge_project(p.id).unwrap();
    assert_eq!(store.project(p.id).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn unknown_ids_are_not_found() {
    let store = Store::open_in_memory().unwrap();
    let id = uuid::Uuid::now_v7();
    assert_eq!(
        store.update_project(id, &draft("x")).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        store.trash_project(id).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn failed_transaction_leaves_database_unchanged() {
    let store = Store::open_in_memory().unwrap();
    let result: crate::error::Result<()> = store.with_tx(|tx| {
        projects_insert_raw(tx, "Half-written")?;
        Err(crate::CoreError::invalid("name", "forced failure"))
    });
    assert!(result.is_err());
    assert!(names(&store, ProjectView::Active).is_empty());
}

fn projects_insert_raw(conn: &Connection, name: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO projects (id, name, name_key, created_at, updated_at)
         VALUES (?1, ?2, lower(?2), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        [uuid::Uuid::now_v7().to_string(), name.to_owned()],
    )
}

#[test]
fn sample_is_created_once_on_an_empty_database_and_never_comes_back() {
    let store = Store::open_in_memory().unwrap();
    let sample = store
        .seed_sample_on_first_start()
        .unwrap()
        .expect("sample created");
    assert!(sample.is_sample);
    assert_eq!(sample.name, crate::sample::NAME);
    assert!(
        !sample.reminders,
        "the sample's invented dates raise no reminders"
    );
    let today = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
    assert!(!store
        .agenda(today, 30, None, None)
        .unwrap()
        .items
        .is_empty());
    assert!(store.take_reminders(today).unwrap().is_empty());
    assert_eq!(store.seed_sample_on_first_start().unwrap(), None);
    store.trash_project(sample.id).unwrap();
    store.purge_project(sample.id).unwrap();
    assert_eq!(store.seed_sample_on_first_start().unwrap(), None);
    assert!(names(&store, ProjectView::Active).is_empty());
}

#[test]
fn sample_is_not_created_when_projects_already_exist() {
    let store = Store::open_in_memory().unwrap();
    store
        .create_project(&draft("Made with the CLI"), EIGHT_PILLARS)
        .unwrap();
    assert_eq!(store.seed_sample_on_first_start().unwrap(), None);
    assert_eq!(names(&store, ProjectView::Active), ["Made with the CLI"]);
}

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
