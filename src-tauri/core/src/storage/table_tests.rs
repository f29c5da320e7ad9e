//! Table and compliance storage tests.

use uuid::Uuid;

use super::test_support::{atlas as project, today};
use super::*;
use crate::domain::compliance::SnapshotDraft;
use crate::domain::tables::{Cells, TableKind};
use crate::error::ErrorCode;

fn cells(pairs: &[(&str, &str)]) -> Cells {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn goals(store: &Store, id: Uuid) -> Vec<String> {
    store
        .table_rows(id, TableKind::Alignment)
        .unwrap()
        .into_iter()
        .map(|r| r.cells.get("goal").cloned().unwrap_or_default())
        .collect()
}

#[test]
fn rows_are_added_edited_reordered_and_kept_per_table() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let a = store
        .add_table_row(id, TableKind::Alignment, &cells(&[("goal", "A")]), None)
        .unwrap();
    store
        .add_table_row(id, TableKind::Alignment, &cells(&[("goal", "B")]), None)
        .unwrap();
    store
        .add_table_row(id, TableKind::Alignment, &cells(&[("goal", "C")]), Some(1))
        .unwrap();
    assert_eq!(goals(&store, id), ["A", "C", "B"]);
    store.move_table_row(a.id, 2).unwrap();
    assert_eq!(goals(&store, id), ["C", "B", "A"]);
    store
        .update_table_row(
            a.id,
            &cells(&[("goal", "A2"), ("successMetric", "p95 < 400 ms")]),
        )
        .unwrap();
    assert_eq!(goals(&store, id), ["C", "B", "A2"]);
    assert!(store
        .table_rows(id, TableKind::Stakeholders)
        .unwrap()
        .is_empty());
    assert_eq!(a.id.get_version_num(), 7);
}

#[test]
fn a_refused_cell_leaves_the_row_as_it_was() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let row = store
        .add_table_row(
            id,
            TableKind::DataInventory,
            &cells(&[("category", "Email"), ("classification", "PII")]),
            None,
        )
        .unwrap();
    let err = store
        .update_table_row(row.id, &cells(&[("category", &"x".repeat(4001))]))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::Invalid, Some("category"))
    );
    let err = store
        .update_table_row(row.id, &cells(&[("classification", "Confidential")]))
        .unwrap_err();
    assert_eq!(err.field(), Some("classification"));
    assert_eq!(
        store.table_rows(id, TableKind::DataInventory).unwrap()[0],
        row
    );
}

#[test]
fn deleted_row_can_be_restored_at_its_place() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    store
        .add_table_row(id, TableKind::Alignment, &cells(&[("goal", "A")]), None)
        .unwrap();
    let b = store
        .add_table_row(id, TableKind::Alignment, &cells(&[("goal", "B")]), None)
        .unwrap();
    store
        .add_table_row(id, TableKind::Alignment, &cells(&[("goal", "C")]), None)
        .unwrap();
    store.trash_table_row(b.id).unwrap();
    assert_eq!(goals(&store, id), ["A", "C"]);
    store.restore_table_row(b.id).unwrap();
    assert_eq!(goals(&store, id), ["A", "B", "C"]);
}

#[test]
fn new_projects_start_with_the_four_baseline_controls_which_can_be_ticked_and_removed() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let c = store.compliance(id, today()).unwrap();
    let labels: Vec<&str> = c.controls.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels[1], "MFA on admin accounts");
    assert_eq!(labels.len(), 4);
    let ticked = store
        .update_control(c.controls[1].id, "MFA on admin accounts", true)
        .unwrap();
    assert!(ticked.done);
    let own = store.add_control(id, "Quarterly access review").unwrap();
    assert_eq!(own.position, 4);
    store.remove_control(c.controls[0].id).unwrap();
    assert_eq!(store.compliance(id, today()).unwrap().controls.len(), 4);
    assert_eq!(
        store.add_control(id, " ").unwrap_err().field(),
        Some("label")
    );
}

#[test]
fn snapshot_with_a_past_next_review_date_is_flagged_overdue() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let draft = SnapshotDraft {
        last_reviewed: Some("2026-10-01".into()),
        next_review: "2026-11-01".into(),
        owner: "Amara".into(),
    };
    let c = store
        .update_compliance_snapshot(id, &draft, today())
        .unwrap();
    assert!(c.snapshot.review_overdue);
    let milestone = SnapshotDraft {
        next_review: "first paying customer".into(),
        ..draft
    };
    assert!(
        !store
            .update_compliance_snapshot(id, &milestone, today())
            .unwrap()
            .snapshot
            .review_overdue
    );
}

#[test]
fn sample_fills_every_table() {
    let store = Store::open_in_memory().unwrap();
    let sample = store.seed_sample_on_first_start().unwrap().unwrap();
    for kind in TableKind::ALL {
        assert!(
            !store.table_rows(sample.id, kind).unwrap().is_empty(),
            "{kind:?}"
        );
    }
    let c = store.compliance(sample.id, today()).unwrap();
    assert!(c.snapshot.review_overdue);
    assert_eq!(c.controls.iter().filter(|c| c.done).count(), 3);
}
