//! The agenda's reads and the reminders' records, on stores with a few projects and one
//! generated large enough to take several batches.

use chrono::NaiveDate;

use super::RECORDED_PER_TRANSACTION;
use crate::domain::agenda::{AgendaFilter, AgendaGroup, AgendaKind, GapAgenda, PAGE_MAX};
use crate::domain::{GapDraft, GapStatus, Priority, ProjectView};
use crate::storage::test_support::atlas;
use crate::Store;

#[test]
fn checkpoints_gaps_revisits_and_reviews_of_active_projects_come_due() {
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let card = store.scorecard(project, today).unwrap();
    let mut pillar = card.pillars[0].draft();
    pillar.next_checkpoint = Some("2026-12-01".into());
    pillar.owner = "Zoë".into();
    store.update_pillar(card.pillars[0].id, &pillar).unwrap();
    let mut due = GapDraft::new("Backups", "Reliability", Priority::Critical);
    due.due_date = Some("2026-12-03".into());
    store.add_gap(project, &due).unwrap();
    let mut done = GapDraft::new("TLS", "Security", Priority::Critical);
    done.due_date = Some("2026-12-03".into());
    done.status = GapStatus::Done;
    store.add_gap(project, &done).unwrap();
    let mut deferred = GapDraft::new("Autoscaling", "Infrastructure", Priority::Optional);
    deferred.status = GapStatus::Deferred;
    deferred.defer_reason = Some(crate::domain::gap::DeferReason::BusinessPriority);
    deferred.revisit_on = Some("2026-12-20".into());
    store.add_gap(project, &deferred).unwrap();

    let agenda = store.agenda(today, 30, None, None).unwrap();
    let seen: Vec<(AgendaGroup, AgendaKind, &str)> = agenda
        .items
        .iter()
        .map(|(g, i)| (*g, i.kind, i.title.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                AgendaGroup::Overdue,
                AgendaKind::Checkpoint,
                card.pillars[0].name.as_str()
            ),
            (AgendaGroup::ThisWeek, AgendaKind::GapDue, "Backups"),
            (AgendaGroup::Later, AgendaKind::Revisit, "Autoscaling"),
        ],
        "a done gap has nothing due"
    );
    let mine = store.agenda(today, 30, Some("zoë"), None).unwrap();
    assert_eq!(mine.items.len(), 1);
    store.archive_project(project).unwrap();
    assert!(store.list_projects(ProjectView::Active).unwrap().is_empty());
    assert!(
        store
            .agenda(today, 30, None, None)
            .unwrap()
            .items
            .is_empty(),
        "archived is quiet"
    );
}

#[test]
fn a_rhythm_counts_from_the_latest_milestone_and_shows_a_re_score() {
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let created = store.project(project).unwrap().created_at.date_naive();
    assert_eq!(store.review_cadence(project).unwrap().next_due, None);
    assert!(store.set_review_cadence(project, Some(0)).is_err());
    assert_eq!(
        store.project(project).unwrap().review_every_weeks,
        None,
        "a refused rhythm writes nothing"
    );
    store.set_review_cadence(project, Some(4)).unwrap();
    let cadence = store.review_cadence(project).unwrap();
    assert_eq!(cadence.latest_milestone, None);
    assert_eq!(
        cadence.next_due,
        created.checked_add_days(chrono::Days::new(28)),
        "before any milestone, from the day the project was created"
    );
    store
        .take_milestone(project, "Day 0", "2026-11-02")
        .unwrap();
    let older = store
        .take_milestone(project, "Older", "2026-10-01")
        .unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        store.review_cadence(project).unwrap().next_due,
        Some(day("2026-11-30")),
        "the latest milestone by its date, not the last one taken"
    );
    let agenda = store.agenda(day("2026-11-29"), 30, None, None).unwrap();
    let rescore: Vec<_> = agenda
        .items
        .iter()
        .filter(|(_, i)| i.kind == AgendaKind::Rescore)
        .collect();
    assert_eq!(rescore.len(), 1);
    assert_eq!(rescore[0].1.date, day("2026-11-30"));
    assert_eq!(rescore[0].1.item_id, project);
    assert!(rescore[0].1.title.contains("every 4 weeks"));
    store.trash_milestone(older.id).unwrap();
    store.set_review_cadence(project, None).unwrap();
    assert!(store
        .agenda(day("2026-11-29"), 30, None, None)
        .unwrap()
        .items
        .iter()
        .all(|(_, i)| i.kind != AgendaKind::Rescore));
}

/// More items come due than one transaction records: each is counted and recorded once,
/// the first lines are the earliest, and the next call of the day names none of them.
#[test]
fn reminders_beyond_one_batch_are_all_named_once() {
    let store = Store::open_in_memory().unwrap();
    let size = crate::generated::Size {
        alignment_rows: 0,
        gaps: 3 * RECORDED_PER_TRANSACTION,
        milestones: 0,
    };
    let project = crate::generated::create(&store, "Big", size).unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
    let due_dates: Vec<NaiveDate> = store
        .agenda(today, 0, None, Some(project))
        .unwrap()
        .items
        .into_iter()
        .map(|(_, i)| i.date)
        .collect();
    let named = store.take_reminders(today).unwrap();
    assert!(
        named.count > RECORDED_PER_TRANSACTION,
        "{} items due",
        named.count
    );
    assert_eq!(named.count, due_dates.len(), "every item due, once");
    assert_eq!(
        named.first.iter().map(|i| i.date).collect::<Vec<_>>(),
        due_dates[..crate::domain::reminders::NOTICE_LINES],
        "the earliest first"
    );
    let recorded: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM reminders_shown", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(recorded, i64::try_from(named.count).unwrap());
    assert!(store.take_reminders(today).unwrap().is_empty());
}

#[test]
fn reminders_come_once_a_day_and_obey_both_switches() {
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut overdue = GapDraft::new("Backups", "Reliability", Priority::Critical);
    overdue.due_date = Some("2026-12-01".into());
    store.add_gap(project, &overdue).unwrap();
    let mut tomorrow = GapDraft::new("Pager", "Operations", Priority::Critical);
    tomorrow.due_date = Some("2026-12-03".into());
    store.add_gap(project, &tomorrow).unwrap();

    let first = store.take_reminders(day("2026-12-02")).unwrap();
    assert_eq!(
        first
            .first
            .iter()
            .map(|i| i.title.as_str())
            .collect::<Vec<_>>(),
        ["Backups"],
        "tomorrow's gap waits"
    );
    assert!(
        store.take_reminders(day("2026-12-02")).unwrap().is_empty(),
        "once per item per day"
    );
    let next_day = store.take_reminders(day("2026-12-03")).unwrap();
    assert_eq!(
        next_day
            .first
            .iter()
            .map(|i| i.title.as_str())
            .collect::<Vec<_>>(),
        ["Backups", "Pager"],
        "overdue first, then due today; a new day reminds again"
    );

    store.set_project_reminders(project, false).unwrap();
    assert!(store.take_reminders(day("2026-12-04")).unwrap().is_empty());
    store.set_project_reminders(project, true).unwrap();
    let settings = store.settings().unwrap();
    store
        .update_settings(crate::domain::settings::Settings {
            reminders: false,
            ..settings
        })
        .unwrap();
    assert!(store.take_reminders(day("2026-12-04")).unwrap().is_empty());
    store.update_settings(settings).unwrap();
    assert_eq!(
        store.take_reminders(day("2026-12-04")).unwrap().count,
        2,
        "switched off, nothing was recorded as shown"
    );
    let rows: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM reminders_shown", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(rows, 2, "earlier days are forgotten");
}

/// The window's view, read from the agenda's index, is the view of the whole agenda read item
/// by item: the same counts, the same first items in the same order (ties between alike gaps
/// broken the same way), the same choices, for every span, filter and limit; archived
/// projects and gaps in the trash stay out of both.
#[test]
fn the_indexed_view_is_the_view_of_the_whole_agenda() {
    let store = Store::open_in_memory().unwrap();
    let size = crate::generated::Size {
        alignment_rows: 0,
        gaps: 120,
        milestones: 0,
    };
    let big = crate::generated::create(&store, "Big", size).unwrap();
    crate::generated::create(&store, "Also big", size).unwrap();
    let archived = crate::generated::create(&store, "Archived", size).unwrap();
    store.archive_project(archived).unwrap();
    let project = atlas(&store);
    let card = store.scorecard(project, NaiveDate::MIN).unwrap();
    let mut pillar = card.pillars[0].draft();
    pillar.next_checkpoint = Some("2026-06-03".into());
    pillar.owner = "Søren Dahl".into();
    store.update_pillar(card.pillars[0].id, &pillar).unwrap();
    // Gaps alike in date, kind, project and title, which only their ids order.
    for _ in 0..3 {
        let mut twin = GapDraft::new("Backups", "Reliability", Priority::Critical);
        twin.due_date = Some("2026-06-03".into());
        twin.owner = "Søren Dahl".into();
        store.add_gap(project, &twin).unwrap();
    }
    let trashed = store.gap_board(big, NaiveDate::MIN).unwrap().gaps[0].id;
    store.trash_gap(trashed).unwrap();

    // Wednesday 2026-06-03.
    let today = NaiveDate::from_ymd_opt(2026, 6, 3).unwrap();
    let filters = [
        AgendaFilter::default(),
        AgendaFilter {
            owner: Some("Søren Dahl".into()),
            project: None,
        },
        AgendaFilter {
            owner: None,
            project: Some(big),
        },
        AgendaFilter {
            owner: Some("Ana Conceição".into()),
            project: Some(big),
        },
        AgendaFilter {
            owner: Some("nobody".into()),
            project: None,
        },
        AgendaFilter {
            owner: None,
            project: Some(archived),
        },
    ];
    let mut compared = 0;
    for days in [0, 4, 30, 400] {
        let whole = store.agenda(today, days, None, None).unwrap();
        assert!(whole.items.iter().all(|(_, i)| i.item_id != trashed));
        for filter in &filters {
            for limit in [1, 2, 25, PAGE_MAX + 1] {
                let expected = whole.clone().view(GapAgenda::default(), filter, limit);
                let view = store.agenda_view(today, days, filter, limit).unwrap();
                assert_eq!(view, expected, "{days} days, {filter:?}, limit {limit}");
                compared += view.sections.len();
            }
        }
    }
    assert!(compared > 100, "the views hold sections: {compared}");
    let later = store
        .agenda_view(today, 400, &AgendaFilter::default(), 5)
        .unwrap();
    assert_eq!(
        later.sections.iter().map(|s| s.group).collect::<Vec<_>>(),
        AgendaGroup::ALL,
        "every group holds items"
    );
    assert!(later.sections.iter().all(|s| s.total > 5));
}
