//! Gap tracker storage tests: validation, deferral, templates, blockers and bulk changes.

use uuid::Uuid;

use super::test_support::{atlas as project, today};
use super::*;
use crate::domain::framework::FOUR_PILLARS;
use crate::domain::gap::{DeferReason, GapBulkChange, GapCounts, GapRow, Verdict};
use crate::domain::{GapDraft, GapStatus, Priority, ProjectDraft};
use crate::error::ErrorCode;

fn titles(store: &Store, project: Uuid) -> Vec<String> {
    store
        .gap_board(project, today())
        .unwrap()
        .gaps
        .into_iter()
        .map(|g| g.title)
        .collect()
}

#[test]
fn deferring_without_reason_or_revisit_date_is_rejected_with_field_errors() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let gap = store
        .add_gap(
            id,
            &GapDraft::new("Tracing", "Observability", Priority::Optional),
        )
        .unwrap();
    let mut d = gap.draft();
    d.status = GapStatus::Deferred;
    let err = store.update_gap(gap.id, &d).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::Invalid, Some("deferReason"))
    );
    d.defer_reason = Some(DeferReason::AcceptedRisk);
    assert_eq!(
        store.update_gap(gap.id, &d).unwrap_err().field(),
        Some("revisitOn")
    );
    assert_eq!(
        store.gap_board(id, today()).unwrap().gaps[0].status,
        GapStatus::Open
    );
    d.revisit_on = Some("2026-11-01".into());
    let deferred = store.update_gap(gap.id, &d).unwrap();
    assert_eq!(deferred.status, GapStatus::Deferred);
    assert_eq!(
        store.gap_board(id, today()).unwrap().revisit_due,
        [gap.id],
        "revisit date passed"
    );
}

#[test]
fn applying_a_template_twice_adds_nothing_the_second_time() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    store
        .add_gap(
            id,
            &GapDraft::new("backup and restore", "Reliability", Priority::Critical),
        )
        .unwrap();
    let added = store.apply_gap_template(id, "poc-to-production").unwrap();
    assert_eq!(
        added, 27,
        "28 items, one title already present (ignoring case)"
    );
    assert_eq!(
        store.apply_gap_template(id, "poc-to-production").unwrap(),
        0
    );
    assert_eq!(titles(&store, id).len(), 28);
    assert_eq!(
        store
            .apply_gap_template(id, "core-hardening-audit")
            .unwrap(),
        16
    );
    assert_eq!(
        store.apply_gap_template(id, "readiness-checklist").unwrap(),
        12
    );
    assert_eq!(
        store.apply_gap_template(id, "nope").unwrap_err().field(),
        Some("template")
    );
}

#[test]
fn templates_are_seeded_with_their_categories() {
    let store = Store::open_in_memory().unwrap();
    let templates = store.gap_templates().unwrap();
    let poc = &templates[0];
    let mut categories: Vec<&str> = poc.items.iter().map(|i| i.category.as_str()).collect();
    categories.dedup();
    assert_eq!(
        categories,
        [
            "Infrastructure",
            "Security",
            "Reliability",
            "Observability",
            "Operations",
            "CI/CD"
        ]
    );
    let audit = &templates[1];
    let mut sections: Vec<&str> = audit.items.iter().map(|i| i.category.as_str()).collect();
    sections.dedup();
    assert_eq!(
        sections,
        ["Architecture", "Configuration", "Data", "Operations"]
    );
    assert_eq!(templates[2].items.len(), 12);
}

#[test]
fn launch_blockers_are_open_or_in_progress_critical_gaps_earliest_due_first() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let mut late = GapDraft::new("Backups", "Reliability", Priority::Critical);
    late.due_date = Some("2026-12-20".into());
    store.add_gap(id, &late).unwrap();
    let mut soon = GapDraft::new("Least privilege", "Security", Priority::Critical);
    soon.due_date = Some("2026-11-01".into());
    soon.status = GapStatus::InProgress;
    let soon = store.add_gap(id, &soon).unwrap();
    let mut done = GapDraft::new("TLS", "Infrastructure", Priority::Critical);
    done.status = GapStatus::Done;
    store.add_gap(id, &done).unwrap();
    store
        .add_gap(
            id,
            &GapDraft::new("Tracing", "Observability", Priority::Optional),
        )
        .unwrap();

    let board = store.gap_board(id, today()).unwrap();
    let blockers: Vec<&str> = board.blockers.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(blockers, ["Least privilege", "Backups"]);
    assert_eq!(board.overdue, [soon.id]);
    let critical = &board.priorities[0];
    assert_eq!((critical.open, critical.done), (2, 1));

    let mut closing = soon.draft();
    closing.status = GapStatus::Done;
    store.update_gap(soon.id, &closing).unwrap();
    assert_eq!(
        store.gap_board(id, today()).unwrap().blockers.len(),
        1,
        "the list shrinks"
    );
}

#[test]
fn a_critical_gap_deferred_as_an_accepted_risk_stays_in_sight_and_is_counted() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let defer = |title: &str, priority, reason, revisit: &str| {
        let mut d = GapDraft::new(title, "Security", priority);
        d.status = GapStatus::Deferred;
        d.defer_reason = Some(reason);
        d.revisit_on = Some(revisit.into());
        store.add_gap(id, &d).unwrap();
    };
    defer(
        "Pen test",
        Priority::Recommended,
        DeferReason::AcceptedRisk,
        "2026-12-01",
    );
    defer(
        "WAF",
        Priority::Critical,
        DeferReason::AcceptedRisk,
        "2027-01-15",
    );
    defer(
        "SSO",
        Priority::Critical,
        DeferReason::BusinessPriority,
        "2026-12-10",
    );
    store
        .add_gap(
            id,
            &GapDraft::new("Backups", "Reliability", Priority::Critical),
        )
        .unwrap();

    let board = store.gap_board(id, today()).unwrap();
    let blockers: Vec<&str> = board.blockers.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(blockers, ["Backups"], "deferred gaps are not blockers");
    let risks: Vec<&str> = board
        .accepted_risks
        .iter()
        .map(|g| g.title.as_str())
        .collect();
    assert_eq!(risks, ["WAF", "Pen test"], "accepted risks, critical first");
    let critical = &board.priorities[0];
    assert_eq!((critical.open, critical.deferred, critical.done), (1, 2, 0));
    assert_eq!(board.priorities[1].deferred, 1);
}

#[test]
fn bulk_change_is_all_or_nothing() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let a = store
        .add_gap(id, &GapDraft::new("A", "Data", Priority::Critical))
        .unwrap();
    let b = store
        .add_gap(id, &GapDraft::new("B", "Data", Priority::Optional))
        .unwrap();
    let change = GapBulkChange {
        status: Some(GapStatus::InProgress),
        owner: Some("Zoë".into()),
    };
    let changed = store.bulk_update_gaps(&[a.id, b.id], &change).unwrap();
    assert!(changed
        .iter()
        .all(|g| g.status == GapStatus::InProgress && g.owner == "Zoë"));

    let done = GapBulkChange {
        status: Some(GapStatus::Done),
        owner: None,
    };
    let err = store
        .bulk_update_gaps(&[a.id, Uuid::now_v7()], &done)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(
        store.gap_board(id, today()).unwrap().gaps[0].status,
        GapStatus::InProgress,
        "rolled back"
    );
    let defer = GapBulkChange {
        status: Some(GapStatus::Deferred),
        owner: None,
    };
    assert_eq!(
        store.bulk_update_gaps(&[a.id], &defer).unwrap_err().field(),
        Some("status")
    );
}

#[test]
fn decision_filter_answers_are_stored_with_their_verdict() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let mut d = GapDraft::new("Autoscaling", "Infrastructure", Priority::Optional);
    d.validates_architecture = Some(false);
    d.omission_invalidates = Some(false);
    d.incremental_later = Some(true);
    let gap = store.add_gap(id, &d).unwrap();
    assert_eq!(gap.verdict, Some(Verdict::DeferAndTrack));
    assert_eq!(gap.incremental_later, Some(true));
}

#[test]
fn gaps_link_only_to_pillars_of_their_project_and_survive_pillar_removal() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let pillar = store.scorecard(id, today()).unwrap().pillars.remove(0);
    let mut d = GapDraft::new("Retries", "Reliability", Priority::Recommended);
    d.pillar_id = Some(pillar.id);
    let gap = store.add_gap(id, &d).unwrap();
    d.pillar_id = Some(Uuid::now_v7());
    assert_eq!(
        store.update_gap(gap.id, &d).unwrap_err().field(),
        Some("pillarId")
    );
    store.remove_pillar(pillar.id).unwrap();
    assert_eq!(
        store.gap_board(id, today()).unwrap().gaps[0].pillar_id,
        None
    );
}

#[test]
fn trashed_gap_leaves_the_board_and_comes_back_on_restore() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let gap = store
        .add_gap(id, &GapDraft::new("A", "Data", Priority::Critical))
        .unwrap();
    store.trash_gap(gap.id).unwrap();
    assert!(titles(&store, id).is_empty());
    store.restore_gap(gap.id).unwrap();
    assert_eq!(titles(&store, id), ["A"]);
}

#[test]
fn board_counts_of_a_gap_are_its_projects_also_once_it_is_in_the_trash() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let other = store
        .create_project(
            &ProjectDraft {
                name: "Borealis".into(),
                ..ProjectDraft::default()
            },
            FOUR_PILLARS,
        )
        .unwrap()
        .id;
    let gap = store
        .add_gap(id, &GapDraft::new("A", "Data", Priority::Critical))
        .unwrap();
    store
        .add_gap(id, &GapDraft::new("B", "Data", Priority::Optional))
        .unwrap();
    store
        .add_gap(other, &GapDraft::new("C", "People", Priority::Critical))
        .unwrap();

    let (counts, revision) = store.board_counts_of_gap(gap.id, today()).unwrap();
    assert_eq!(
        counts,
        GapCounts::from(store.gap_board(id, today()).unwrap())
    );
    assert_eq!(revision, store.revision().unwrap());
    assert_eq!(counts.categories.len(), 1);
    assert_eq!(counts.categories[0].total, 2);

    store.trash_gap(gap.id).unwrap();
    let (counts, after) = store.board_counts_of_gap(gap.id, today()).unwrap();
    assert_eq!(counts.categories[0].total, 1);
    assert_eq!(after, revision + 1, "the trashing is one write");
    assert_eq!(
        store
            .board_counts_of_gap(Uuid::now_v7(), today())
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn sample_has_launch_blockers_and_deferred_gaps() {
    let store = Store::open_in_memory().unwrap();
    let sample = store.seed_sample_on_first_start().unwrap().unwrap();
    let board = store.gap_board(sample.id, today()).unwrap();
    assert_eq!(board.gaps.len(), 28);
    assert_eq!(board.blockers.len(), 5);
    assert_eq!(
        board
            .gaps
            .iter()
            .filter(|g| g.status == GapStatus::Deferred)
            .count(),
        4
    );
    assert!(board.gaps.iter().all(|g| g.pillar_id.is_some()));
}

#[test]
fn a_gap_is_read_whole_with_what_its_row_leaves_out_in_the_trash_or_not() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    let mut draft = GapDraft::new("Tracing", "Observability", Priority::Critical);
    draft.notes = "Spans for every request, sampled at 10 %.".into();
    draft.internal_note = "Ask Bo about the vendor.".into();
    draft.incremental_later = Some(true);
    let added = store.add_gap(id, &draft).unwrap();
    assert_eq!(store.gap(added.id).unwrap(), added);
    let row = &store.gap_tracker(id, today()).unwrap().gaps[0];
    assert_eq!(*row, GapRow::from(added.clone()));
    store.trash_gap(added.id).unwrap();
    assert_eq!(store.gap(added.id).unwrap().notes, draft.notes);
    assert_eq!(
        store.gap(Uuid::new_v4()).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn the_tracker_is_the_board_with_the_pillars_and_templates_in_one_read() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store);
    store
        .add_gap(
            id,
            &GapDraft::new("Tracing", "Observability", Priority::Critical),
        )
        .unwrap();
    let tracker = store.gap_tracker(id, today()).unwrap();
    let board = store.gap_board(id, today()).unwrap();
    let rows: Vec<GapRow> = board.gaps.iter().cloned().map(GapRow::from).collect();
    assert_eq!(tracker.gaps, rows);
    assert_eq!(tracker.counts, GapCounts::from(board));
    assert_eq!(
        tracker.pillars,
        store.scorecard(id, today()).unwrap().pillars
    );
    assert!(!tracker.pillars.is_empty());
    assert_eq!(tracker.templates, store.gap_templates().unwrap());
    // Read at the database's revision; a write anywhere raises it, a read does not.
    assert_eq!(tracker.revision, store.revision().unwrap());
    assert_eq!(
        store.gap_tracker(id, today()).unwrap().revision,
        tracker.revision
    );
    store
        .add_gap(
            id,
            &GapDraft::new("Alerts", "Operations", Priority::Optional),
        )
        .unwrap();
    assert_eq!(
        store.gap_tracker(id, today()).unwrap().revision,
        tracker.revision + 1
    );
    assert_eq!(
        store
            .gap_tracker(Uuid::new_v4(), today())
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}
