//! Storage tests on real migrated databases (in memory, or temporary files where the file
//! itself matters).

use rusqlite::Connection;

use super::*;
use crate::domain::framework::{EIGHT_PILLARS, FOUR_PILLARS};
use crate::domain::{ProjectDraft, ProjectView, Stage};
use crate::error::ErrorCode;

pub(super) fn draft(name: &str) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        ..ProjectDraft::default()
    }
}

pub(super) fn names(store: &Store, view: ProjectView) -> Vec<String> {
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

pub(super) fn projects_insert_raw(conn: &Connection, name: &str) -> rusqlite::Result<usize> {
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
