//! Team sharing tests: share, join and sync between databases through one folder; conflicts,
//! the trash, a folder that goes away, hostile files; and (in `replicas`) replicas making
//! random concurrent edits that all end identical, with no acknowledged edit lost.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::test_support::{atlas, today};
use super::*;
use crate::domain::tables::{Cells, TableKind};
use crate::domain::{GapDraft, Priority};
use crate::sharing::folder;

mod replicas;

/// A database of its own, with this device named.
fn device(dir: &Path, name: &str) -> Store {
    let store = Store::open(&dir.join(format!("{name}.sqlite3"))).unwrap();
    store.set_device_name(name).unwrap();
    store
}

/// The project as its file says it (the export time fixed), and the ids in its trash.
fn snapshot(store: &Store, project: Uuid) -> (serde_json::Value, Vec<Uuid>) {
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
    let file = store.project_file(project, at).unwrap();
    let mut trash: Vec<Uuid> = store
        .trash()
        .unwrap()
        .into_iter()
        .filter(|t| t.project_id == project)
        .map(|t| t.id)
        .collect();
    trash.sort();
    (serde_json::to_value(file).unwrap(), trash)
}

fn gap_titled(store: &Store, project: Uuid, title: &str) -> crate::domain::Gap {
    store
        .gap_board(project, today())
        .unwrap()
        .gaps
        .into_iter()
        .find(|g| g.title == title)
        .unwrap_or_else(|| panic!("no gap {title}"))
}

/// Two laptops: Ada's project "Atlas", made ready by `before`, shared through a folder and
/// joined by Bo. The folder is `dir/share`.
struct Pair {
    dir: tempfile::TempDir,
    shared: std::path::PathBuf,
    ada: Store,
    bo: Store,
    project: Uuid,
}

fn pair<T>(before: impl FnOnce(&Store, Uuid) -> T) -> (Pair, T) {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("share");
    std::fs::create_dir(&shared).unwrap();
    let ada = device(dir.path(), "Ada");
    let bo = device(dir.path(), "Bo");
    let project = atlas(&ada);
    let made = before(&ada, project);
    ada.share_project(project, &shared).unwrap();
    bo.join_shared(&shared, None).unwrap();
    let pair = Pair {
        dir,
        shared,
        ada,
        bo,
        project,
    };
    (pair, made)
}

/// Adds a critical gap titled `title`.
fn add_gap(store: &Store, project: Uuid, title: &str) -> crate::domain::Gap {
    store
        .add_gap(
            project,
            &GapDraft::new(title, "Infrastructure", Priority::Critical),
        )
        .unwrap()
}

#[test]
fn a_shared_project_reaches_a_teammate_and_edits_travel_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("Dropbox");
    std::fs::create_dir(&shared).unwrap();
    let ada = device(dir.path(), "Ada");
    let bo = device(dir.path(), "Bo");
    let project = atlas(&ada);
    add_gap(&ada, project, "Backups");

    let report = ada.share_project(project, &shared).unwrap();
    assert_eq!((report.changes_in, report.folder_error), (0, None));
    let (ada_id, _) = ada.device().unwrap();
    assert!(folder::device_file(&shared, project, ada_id).is_file());

    let (joined, _) = bo.join_shared(&shared, None).unwrap();
    assert_eq!((joined.id, joined.name.as_str()), (project, "Atlas"));
    assert_eq!(snapshot(&bo, project), snapshot(&ada, project));

    // Bo edits, Ada sees it after both sync.
    let gap = gap_titled(&bo, project, "Backups");
    let mut d = gap.draft();
    d.owner = "Bo".into();
    bo.update_gap(gap.id, &d).unwrap();
    assert_eq!(bo.sync_project(project).unwrap().changes_out, 1);
    let report = ada.sync_project(project).unwrap();
    assert!(report.changes_in >= 1 && report.applied, "{report:?}");
    assert_eq!(gap_titled(&ada, project, "Backups").owner, "Bo");
    assert_eq!(snapshot(&bo, project), snapshot(&ada, project));

    // Nothing new: nothing recorded, nothing rewritten.
    let quiet = ada.sync_project(project).unwrap();
    assert_eq!((quiet.changes_out, quiet.applied), (0, false));

    let history = ada.shared_history(project, 10).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.by == "Bo" && h.what.contains("owner")),
        "{history:?}"
    );
    assert!(history
        .iter()
        .any(|h| h.by == "Ada" && h.what == "Shared the project"));
    let status = ada.sharing_status(project).unwrap().unwrap();
    assert!(status.synced_at.is_some() && status.error.is_none());
}

#[test]
fn the_same_field_changed_on_two_laptops_is_a_conflict_both_see_and_one_choice_resolves() {
    let (
        Pair {
            dir: _dir,
            shared: _,
            ada,
            bo,
            project,
        },
        gap,
    ) = pair(|ada, project| add_gap(ada, project, "Backups"));

    let mut d = gap.draft();
    d.title = "Backups nightly".into();
    ada.update_gap(gap.id, &d).unwrap();
    d.title = "Backups weekly".into();
    d.notes = "Restore tested in March".into();
    bo.update_gap(gap.id, &d).unwrap();
    ada.sync_project(project).unwrap();
    bo.sync_project(project).unwrap();
    let report = ada.sync_project(project).unwrap();
    assert_eq!(report.conflicts, 1);

    let on_ada = ada.shared_conflicts(project).unwrap();
    let on_bo = bo.shared_conflicts(project).unwrap();
    assert_eq!(on_ada, on_bo);
    assert_eq!(
        on_ada[0].path,
        ["gaps".to_owned(), gap.id.to_string(), "title".to_owned()]
    );
    let shown = on_ada[0].values[0].value.as_str().unwrap().to_owned();
    assert_eq!(
        on_ada[0].place,
        format!("Gap \u{201c}{shown}\u{201d} \u{b7} title")
    );
    // Both laptops show the same winner, and the other value with who wrote it.
    assert_eq!(
        ada.gap_board(project, today()).unwrap().gaps[0].title,
        shown
    );
    assert_eq!(bo.gap_board(project, today()).unwrap().gaps[0].title, shown);
    let by: HashSet<&str> = on_ada[0].values.iter().map(|v| v.by.as_str()).collect();
    assert_eq!(by, HashSet::from(["Ada", "Bo"]));
    // Bo's other field merged without a conflict.
    assert_eq!(
        ada.gap_board(project, today()).unwrap().gaps[0].notes,
        "Restore tested in March"
    );

    // Ada chooses the value not shown; after syncing, both have it and no conflict is left.
    let other = on_ada[0].values[1].value.as_str().unwrap().to_owned();
    ada.resolve_shared_conflict(project, &on_ada[0].path, 1)
        .unwrap();
    // An edit right after the choice, before the next sync, travels too.
    let mut d = ada.gap_board(project, today()).unwrap().gaps[0].draft();
    d.owner = "Ada".into();
    ada.update_gap(gap.id, &d).unwrap();
    let report = ada.sync_project(project).unwrap();
    assert_eq!(report.changes_out, 1, "{report:?}");
    let report = bo.sync_project(project).unwrap();
    assert!(report.refused.is_empty(), "{report:?}");
    assert_eq!(bo.gap_board(project, today()).unwrap().gaps[0].owner, "Ada");
    for store in [&ada, &bo] {
        assert!(store.shared_conflicts(project).unwrap().is_empty());
        assert_eq!(
            store.gap_board(project, today()).unwrap().gaps[0].title,
            other
        );
    }
}

#[test]
fn an_edit_to_a_gap_deleted_elsewhere_lands_in_the_trash_with_the_edit() {
    let (
        Pair {
            dir: _dir,
            shared: _,
            ada,
            bo,
            project,
        },
        (gap, row),
    ) = pair(|ada, project| {
        let gap = add_gap(ada, project, "Backups");
        let row = ada
            .add_table_row(
                project,
                TableKind::Alignment,
                &Cells::from([("goal".to_owned(), "Reliable onboarding".to_owned())]),
                None,
            )
            .unwrap();
        (gap, row)
    });

    ada.trash_gap(gap.id).unwrap();
    let mut d = gap.draft();
    d.notes = "Bo's note".into();
    bo.update_gap(gap.id, &d).unwrap();
    bo.trash_table_row(row.id).unwrap();
    ada.sync_project(project).unwrap();
    bo.sync_project(project).unwrap();
    ada.sync_project(project).unwrap();

    for store in [&ada, &bo] {
        assert!(store.gap_board(project, today()).unwrap().gaps.is_empty());
        assert!(store
            .table_rows(project, TableKind::Alignment)
            .unwrap()
            .is_empty());
        let trash: HashSet<Uuid> = store.trash().unwrap().iter().map(|t| t.id).collect();
        assert_eq!(trash, HashSet::from([gap.id, row.id]));
    }
    // Restoring it on Bo's laptop brings back the gap with Bo's note, for both.
    bo.restore_gap(gap.id).unwrap();
    bo.sync_project(project).unwrap();
    ada.sync_project(project).unwrap();
    assert_eq!(gap_titled(&ada, project, "Backups").notes, "Bo's note");
    assert_eq!(snapshot(&ada, project), snapshot(&bo, project));
}

#[test]
fn a_missing_folder_queues_changes_until_it_is_back() {
    let (
        Pair {
            dir,
            shared,
            ada,
            bo,
            project,
        },
        (),
    ) = pair(|_, _| ());

    let away = dir.path().join("unmounted");
    std::fs::rename(&shared, &away).unwrap();
    ada.add_gap(
        project,
        &GapDraft::new("Alerts", "Observability", Priority::Recommended),
    )
    .unwrap();
    let report = ada.sync_project(project).unwrap();
    assert!(
        report
            .folder_error
            .as_deref()
            .unwrap_or_default()
            .contains("cannot reach"),
        "{report:?}"
    );
    assert_eq!(report.changes_out, 1);
    let status = ada.sharing_status(project).unwrap().unwrap();
    assert!(status.error.is_some());
    // A second change while away; both travel when the folder is back.
    ada.add_gap(
        project,
        &GapDraft::new("Tracing", "Observability", Priority::Optional),
    )
    .unwrap();
    ada.sync_project(project).unwrap();

    std::fs::rename(&away, &shared).unwrap();
    assert!(ada.sync_project(project).unwrap().folder_error.is_none());
    assert!(ada
        .sharing_status(project)
        .unwrap()
        .unwrap()
        .error
        .is_none());
    bo.sync_project(project).unwrap();
    let titles: Vec<String> = bo
        .gap_board(project, today())
        .unwrap()
        .gaps
        .into_iter()
        .map(|g| g.title)
        .collect();
    assert_eq!(titles, ["Alerts", "Tracing"]);
}

#[test]
fn hostile_files_are_named_and_left_out_and_the_good_ones_still_merge() {
    let (
        Pair {
            dir,
            shared,
            ada,
            bo,
            project,
        },
        (),
    ) = pair(|_, _| ());
    bo.add_gap(
        project,
        &GapDraft::new("Alerts", "Observability", Priority::Recommended),
    )
    .unwrap();
    bo.sync_project(project).unwrap();

    // Another project shared by someone else, its file copied in under a device's name.
    let eve = device(dir.path(), "Eve");
    let other = atlas(&eve);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    eve.share_project(other, &elsewhere).unwrap();
    let (eve_id, _) = eve.device().unwrap();
    let dir_of = folder::project_dir(&shared, project);
    let name = |n: u128| dir_of.join(format!("{}.automerge", Uuid::from_u128(n)));
    std::fs::copy(folder::device_file(&elsewhere, other, eve_id), name(1)).unwrap();
    // Random bytes, a truncated good file, and a file over the cap (sparse, so cheap).
    std::fs::write(name(2), b"\x85\x6f\x4a\x83 definitely not automerge").unwrap();
    let (bo_id, _) = bo.device().unwrap();
    let good = std::fs::read(folder::device_file(&shared, project, bo_id)).unwrap();
    std::fs::write(name(3), &good[..good.len() / 2]).unwrap();
    let huge = std::fs::File::create(name(4)).unwrap();
    huge.set_len(folder::FILE_CAP + 1).unwrap();
    // The same project shared separately (another first change).
    let mallory = device(dir.path(), "Mallory");
    let copy_file = ada.project_file(project, Utc::now()).unwrap();
    let valid = crate::project_file::ProjectFile::parse(&copy_file.to_json().unwrap()).unwrap();
    mallory
        .import_project_file(&valid, ImportMode::New)
        .unwrap();
    let split = dir.path().join("split");
    std::fs::create_dir(&split).unwrap();
    mallory.share_project(project, &split).unwrap();
    let (mallory_id, _) = mallory.device().unwrap();
    std::fs::copy(folder::device_file(&split, project, mallory_id), name(5)).unwrap();

    let before = snapshot(&ada, project);
    let report = ada.sync_project(project).unwrap();
    let refused: BTreeMap<String, String> = report
        .refused
        .iter()
        .map(|r| {
            (
                Path::new(&r.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                r.reason.clone(),
            )
        })
        .collect();
    assert_eq!(refused.len(), 5, "{refused:#?}");
    let reason = |n: u128| refused[&format!("{}.automerge", Uuid::from_u128(n))].clone();
    assert!(reason(1).contains("another project"), "{}", reason(1));
    assert!(
        reason(2).contains("not a readable Automerge document"),
        "{}",
        reason(2)
    );
    assert!(
        reason(3).contains("not a readable Automerge document"),
        "{}",
        reason(3)
    );
    assert!(reason(4).contains("bytes"), "{}", reason(4));
    assert!(reason(5).contains("first change"), "{}", reason(5));
    // Bo's good file merged anyway: Ada has the gap, and nothing else changed.
    assert_eq!(gap_titled(&ada, project, "Alerts").owner, "");
    let after = snapshot(&ada, project);
    assert_eq!(after.0["scorecard"], before.0["scorecard"]);
    assert_eq!(after.0["project"], before.0["project"]);
}

#[test]
fn sharing_needs_a_name_and_joining_refuses_a_project_already_here() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("share");
    std::fs::create_dir(&shared).unwrap();
    let nameless = Store::open(&dir.path().join("n.sqlite3")).unwrap();
    let project = atlas(&nameless);
    let err = nameless.share_project(project, &shared).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert!(
        std::fs::read_dir(&shared).unwrap().next().is_none(),
        "nothing written"
    );
    nameless.set_device_name("Ada").unwrap();
    nameless.share_project(project, &shared).unwrap();
    // Joining from the same database: the project is already here.
    let err = nameless.join_shared(&shared, None).unwrap_err();
    assert_eq!(err.code(), crate::error::ErrorCode::Conflict);
    // A folder with nothing shared in it.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let bo = device(dir.path(), "Bo");
    assert_eq!(
        bo.join_shared(&empty, None).unwrap_err().code(),
        crate::error::ErrorCode::NotFound
    );
}

#[test]
fn replacing_a_shared_project_from_a_project_file_records_only_what_differs() {
    let (
        Pair {
            dir: _dir,
            shared: _,
            ada,
            bo,
            project,
        },
        (),
    ) = pair(|ada, project| {
        for title in ["Backups", "Alerts", "Tracing"] {
            ada.add_gap(
                project,
                &GapDraft::new(title, "Operations", Priority::Critical),
            )
            .unwrap();
        }
    });
    // Bo changes one gap's owner meanwhile.
    let tracing = gap_titled(&bo, project, "Tracing");
    let mut d = tracing.draft();
    d.owner = "Bo".into();
    bo.update_gap(tracing.id, &d).unwrap();
    bo.sync_project(project).unwrap();

    // Ada replaces the project from a file that differs from hers in one gap's notes.
    let mut file = ada.project_file(project, Utc::now()).unwrap();
    file.gaps[0].notes = "Restore tested".into();
    let valid = crate::project_file::ProjectFile::parse(&file.to_json().unwrap()).unwrap();
    ada.import_project_file(&valid, ImportMode::Replace)
        .unwrap();
    let report = ada.sync_project(project).unwrap();
    assert_eq!(report.changes_out, 1);
    // Ada's change and Bo's are concurrent; Ada's holds the one field the file changed.
    let history = ada.shared_history(project, 2).unwrap();
    let ada_change: Vec<&str> = history
        .iter()
        .filter(|h| h.by == "Ada")
        .map(|h| h.what.as_str())
        .collect();
    assert_eq!(
        ada_change,
        ["Changed gap \u{201c}Backups\u{201d}: notes"],
        "{history:?}"
    );
    // Bo's edit, which the file did not have, survives the replacement.
    assert_eq!(gap_titled(&ada, project, "Tracing").owner, "Bo");
    bo.sync_project(project).unwrap();
    assert_eq!(gap_titled(&bo, project, "Backups").notes, "Restore tested");
}
