//! Scorecard storage tests: pillars, reorder, milestones, compare and trend on a real schema.

use uuid::Uuid;

use super::test_support::today;
use super::*;
use crate::domain::framework::{EIGHT_PILLARS, FOUR_PILLARS};
use crate::domain::scorecard::Change;
use crate::domain::{PillarDraft, ProjectDraft};
use crate::error::ErrorCode;

fn project(store: &Store, framework: &str) -> Uuid {
    let draft = ProjectDraft {
        name: "Atlas".into(),
        ..ProjectDraft::default()
    };
    store.create_project(&draft, framework).unwrap().id
}

fn names(store: &Store, project: Uuid) -> Vec<String> {
    store
        .scorecard(project, today())
        .unwrap()
        .pillars
        .into_iter()
        .map(|p| p.name)
        .collect()
}

fn score(store: &Store, pillar: &crate::domain::Pillar, current: f64) {
    let mut draft = pillar.draft();
    draft.current_score = Some(current);
    store.update_pillar(pillar.id, &draft).unwrap();
}

#[test]
fn new_project_gets_its_frameworks_pillars_unscored_with_target_four() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let card = store.scorecard(id, today()).unwrap();
    assert_eq!(
        names(&store, id),
        ["Reliability", "Security", "Observability", "Supportability"]
    );
    assert!(card
        .pillars
        .iter()
        .all(|p| p.current_score.is_none() && p.target_score == 4));
    assert_eq!(card.summary.not_scored, 4);
    assert_eq!(card.levels.len(), 5);
    assert_eq!(card.levels[4].name, "Operationalized");
}

#[test]
fn unknown_framework_is_a_field_error_and_creates_nothing() {
    let store = Store::open_in_memory().unwrap();
    let draft = ProjectDraft {
        name: "Atlas".into(),
        ..ProjectDraft::default()
    };
    let err = store.create_project(&draft, "nine-pillars").unwrap_err();
    assert_eq!(err.field(), Some("framework"));
    assert!(store
        .list_projects(crate::domain::ProjectView::Active)
        .unwrap()
        .is_empty());
}

#[test]
fn bad_scores_are_field_errors_and_leave_the_pillar_unchanged() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let pillar = store.scorecard(id, today()).unwrap().pillars.remove(0);
    for bad in [0.0, 6.0, 3.5] {
        let mut draft = pillar.draft();
        draft.current_score = Some(bad);
        let err = store.update_pillar(pillar.id, &draft).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            (ErrorCode::Invalid, Some("currentScore")),
            "{bad}"
        );
    }
    assert_eq!(store.scorecard(id, today()).unwrap().pillars[0], pillar);
}

#[test]
fn a_pillar_name_already_in_the_scorecard_is_refused_and_nothing_changes() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let before = names(&store, id);
    let taken = before[0].clone();
    let draft = PillarDraft {
        name: format!("  {}  ", taken.to_uppercase()),
        ..PillarDraft::default()
    };
    let e = store.add_pillar(id, &draft).unwrap_err();
    assert_eq!((e.code(), e.field()), (ErrorCode::Conflict, Some("name")));
    assert!(
        e.message().contains(&taken.to_uppercase()),
        "{}",
        e.message()
    );
    assert_eq!(names(&store, id), before, "nothing added");

    let second = store.scorecard(id, today()).unwrap().pillars[1].clone();
    let mut rename = second.draft();
    rename.name = taken.to_lowercase();
    let e = store.update_pillar(second.id, &rename).unwrap_err();
    assert_eq!(e.field(), Some("name"));
    // A pillar keeps its own name through an edit, in another case too.
    let mut same = second.draft();
    same.name = second.name.to_uppercase();
    store.update_pillar(second.id, &same).unwrap();
}

#[test]
fn pillars_can_be_added_renamed_reordered_and_removed() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let added = store
        .add_pillar(
            id,
            &PillarDraft {
                name: "Cost".into(),
                ..PillarDraft::default()
            },
        )
        .unwrap();
    assert_eq!(added.position, 4);
    let mut renamed = added.draft();
    renamed.name = "Cost control".into();
    store.update_pillar(added.id, &renamed).unwrap();
    let order = store.move_pillar(added.id, 0).unwrap();
    assert_eq!(
        order.iter().map(|p| p.position).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    assert_eq!(
        names(&store, id),
        [
            "Cost control",
            "Reliability",
            "Security",
            "Observability",
            "Supportability"
        ]
    );
    store.move_pillar(added.id, 99).unwrap();
    assert_eq!(
        names(&store, id).last().map(String::as_str),
        Some("Cost control")
    );
    let security = store.scorecard(id, today()).unwrap().pillars[1].id;
    let left = store.remove_pillar(security).unwrap();
    assert_eq!(
        left.iter().map(|p| p.position).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    assert_eq!(
        names(&store, id),
        [
            "Reliability",
            "Observability",
            "Supportability",
            "Cost control"
        ]
    );
}

#[test]
fn milestone_stays_as_it_was_when_the_scorecard_changes_later() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let before = store.scorecard(id, today()).unwrap().pillars;
    score(&store, &before[0], 2.0);
    let day0 = store.take_milestone(id, "Day 0", "2026-09-01").unwrap();
    assert_eq!(day0.pillars[0].current_score, Some(2));

    let now = store.scorecard(id, today()).unwrap().pillars;
    score(&store, &now[0], 4.0);
    let mut renamed = now[1].draft();
    renamed.name = "Security & privacy".into();
    store.update_pillar(now[1].id, &renamed).unwrap();
    store.remove_pillar(now[3].id).unwrap();

    let frozen = &store.milestones(id).unwrap()[0];
    assert_eq!(frozen.pillars, day0.pillars, "the milestone is read-only");
    assert_eq!(frozen.pillars[1].name, "Security");
    assert_eq!(
        frozen.pillars.len(),
        4,
        "a removed pillar stays in earlier milestones"
    );
}

#[test]
fn compare_milestone_with_now_shows_changes_additions_and_removals() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let pillars = store.scorecard(id, today()).unwrap().pillars;
    score(&store, &pillars[0], 1.0);
    let day0 = store.take_milestone(id, "Day 0", "2026-09-01").unwrap();
    score(&store, &pillars[0], 3.0);
    store.remove_pillar(pillars[3].id).unwrap();
    store
        .add_pillar(
            id,
            &PillarDraft {
                name: "Cost".into(),
                ..PillarDraft::default()
            },
        )
        .unwrap();

    let rows = store.compare_scorecards(id, Some(day0.id), None).unwrap();
    let summary: Vec<_> = rows
        .iter()
        .map(|r| (r.name.as_str(), r.change, r.score_delta))
        .collect();
    assert_eq!(
        summary,
        [
            ("Reliability", Change::Changed, Some(2)),
            ("Security", Change::Unchanged, None),
            ("Observability", Change::Unchanged, None),
            ("Cost", Change::Added, None),
            ("Supportability", Change::Removed, None),
        ]
    );
    let other = project_named(&store, "Other");
    let foreign = store.take_milestone(other, "Day 0", "2026-09-01").unwrap();
    let err = store
        .compare_scorecards(id, Some(foreign.id), None)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

fn project_named(store: &Store, name: &str) -> Uuid {
    let draft = ProjectDraft {
        name: name.into(),
        ..ProjectDraft::default()
    };
    store.create_project(&draft, EIGHT_PILLARS).unwrap().id
}

#[test]
fn milestones_are_renamed_trashed_and_restored_and_leave_compare_and_trend_when_trashed() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let m = store.take_milestone(id, "Day 0", "2026-09-01").unwrap();
    assert_eq!(
        store.rename_milestone(m.id, "Kick-off").unwrap().name,
        "Kick-off"
    );
    assert_eq!(
        store.rename_milestone(m.id, " ").unwrap_err().field(),
        Some("name")
    );
    store.take_milestone(id, "v0.2", "2026-10-15").unwrap();
    assert_eq!(store.trend(id).unwrap().points, ["Kick-off", "v0.2", "Now"]);
    assert!(store.trash_milestone(m.id).unwrap().trashed_at.is_some());
    assert_eq!(store.trend(id).unwrap().points, ["v0.2", "Now"]);
    store.restore_milestone(m.id).unwrap();
    assert_eq!(store.milestones(id).unwrap().len(), 2);
}

#[test]
fn milestone_needs_a_name_and_a_real_date() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    assert_eq!(
        store
            .take_milestone(id, "", "2026-09-01")
            .unwrap_err()
            .field(),
        Some("name")
    );
    assert_eq!(
        store
            .take_milestone(id, "Day 0", "2026-02-30")
            .unwrap_err()
            .field(),
        Some("takenOn")
    );
    assert!(store.milestones(id).unwrap().is_empty());
}

#[test]
fn scorecard_of_a_trashed_project_cannot_change() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let pillar = store.scorecard(id, today()).unwrap().pillars.remove(0);
    store.trash_project(id).unwrap();
    assert_eq!(
        store
            .update_pillar(pillar.id, &pillar.draft())
            .unwrap_err()
            .code(),
        ErrorCode::Conflict
    );
    assert_eq!(
        store
            .take_milestone(id, "x", "2026-01-01")
            .unwrap_err()
            .code(),
        ErrorCode::Conflict
    );
}

#[test]
fn save_as_framework_offers_the_projects_pillars_for_new_projects() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    store
        .add_pillar(
            id,
            &PillarDraft {
                name: "Cost".into(),
                ..PillarDraft::default()
            },
        )
        .unwrap();
    let saved = store.save_as_framework(id, "Lean five").unwrap();
    assert_eq!(saved.pillars.len(), 5);
    assert_eq!(
        store
            .save_as_framework(id, "LEAN FIVE")
            .unwrap_err()
            .field(),
        Some("name")
    );
    let listed = store.list_frameworks().unwrap();
    assert_eq!(
        listed.iter().map(|f| f.name.as_str()).collect::<Vec<_>>()[2],
        "Lean five"
    );
    let copy = store
        .create_project(
            &ProjectDraft {
                name: "Copy".into(),
                ..ProjectDraft::default()
            },
            &saved.id,
        )
        .unwrap();
    assert_eq!(
        names(&store, copy.id).last().map(String::as_str),
        Some("Cost")
    );
}

#[test]
fn sample_scorecard_has_two_milestones_and_movement() {
    let store = Store::open_in_memory().unwrap();
    let sample = store.seed_sample_on_first_start().unwrap().unwrap();
    let milestones = store.milestones(sample.id).unwrap();
    assert_eq!(
        milestones
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["Day 0", "v0.2 core hardened"]
    );
    let rows = store
        .compare_scorecards(sample.id, Some(milestones[0].id), None)
        .unwrap();
    assert!(
        rows.iter()
            .filter(|r| r.score_delta.unwrap_or(0) > 0)
            .count()
            >= 6
    );
    let card = store.scorecard(sample.id, today()).unwrap();
    assert_eq!(
        card.last_milestone.map(|m| m.name),
        Some("v0.2 core hardened".to_owned())
    );
    assert_eq!(card.summary.at_or_above_mature, 3);
}

#[test]
fn the_scorecard_tab_is_read_whole_at_the_revision_a_write_raises() {
    let store = Store::open_in_memory().unwrap();
    let id = project(&store, FOUR_PILLARS);
    let tab = store.scorecard_tab(id, today()).unwrap();
    assert_eq!(tab.scorecard, store.scorecard(id, today()).unwrap());
    assert_eq!(tab.review, store.review(id).unwrap());
    assert_eq!(tab.revision, store.revision().unwrap());
    // A read leaves the revision as it was; a write raises it, so a tab kept while hidden
    // that compares revisions reads again.
    assert_eq!(
        store.scorecard_tab(id, today()).unwrap().revision,
        tab.revision
    );
    score(&store, &tab.scorecard.pillars[0], 3.0);
    let after = store.scorecard_tab(id, today()).unwrap();
    assert!(after.revision > tab.revision);
    assert_eq!(after.scorecard.pillars[0].current_score, Some(3));
    assert_eq!(
        store
            .scorecard_tab(Uuid::now_v7(), today())
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}
