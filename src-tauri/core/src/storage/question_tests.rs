//! Tests of questions written, edited, reordered and deleted by hand.

use crate::domain::lens::Risk;
use crate::domain::question::{PracticeDraft, QuestionDraft};
use crate::domain::review::Answer;
use crate::Store;

fn practice(title: &str) -> PracticeDraft {
    PracticeDraft {
        id: None,
        title: title.into(),
        improvement_plan: format!("Put \u{201c}{title}\u{201d} in place."),
    }
}

fn draft() -> QuestionDraft {
    QuestionDraft {
        title: "Can support see a customer's bookings?".into(),
        description: "Support answers faster with the facts on screen.".into(),
        practices: vec![
            practice("Read-only admin view"),
            practice("Audit log of views"),
        ],
        rules: Vec::new(),
    }
}

#[test]
fn a_question_of_ones_own_is_added_answered_edited_moved_and_deleted() {
    let store = Store::open_in_memory().unwrap();
    let project = crate::storage::test_support::atlas(&store);
    let pillar = store
        .scorecard(project, chrono::NaiveDate::MIN)
        .unwrap()
        .pillars[3]
        .id;
    let before = store.questions(project).unwrap();
    let added = store.add_question(project, pillar, &draft()).unwrap();
    assert_eq!(added.question.id, "can_support_see_a_customer_s_bookings");
    let now = store.questions(project).unwrap();
    assert_eq!(now.len(), before.len() + 1);
    let of_pillar: Vec<_> = now.iter().filter(|q| q.pillar_id == pillar).collect();
    assert_eq!(
        of_pillar.last().unwrap().question,
        added.question,
        "added last"
    );

    // Answered with the second practice only: medium risk, and its plan becomes a gap.
    let answer = Answer {
        choices: vec!["audit_log_of_views".into()],
        ..Answer::default()
    };
    let review = store
        .answer_question(project, &added.question.id, &answer)
        .unwrap();
    let mine = review.questions.iter().find(|q| q.id == added.id).unwrap();
    assert_eq!(mine.risk, Some(Risk::MediumRisk));
    let improved = store
        .add_improvement_gaps(project, Some(&added.question.id), None)
        .unwrap();
    assert_eq!(improved.added.len(), 1);

    // Edited: the answered practice goes, the other is kept by id and renamed.
    let mut edit = draft();
    edit.practices = vec![
        PracticeDraft {
            id: Some("read_only_admin_view".into()),
            ..practice("Read-only admin view with search")
        },
        practice("Customer consent recorded"),
    ];
    let edited = store
        .edit_question(project, &added.question.id, &edit)
        .unwrap();
    assert_eq!(edited.removed_from_answer, ["Audit log of views"]);
    assert_eq!(edited.question.id, added.id);
    let review = store.review(project).unwrap();
    let mine = review.questions.iter().find(|q| q.id == added.id).unwrap();
    assert!(mine.answer.choices.is_empty() && !mine.answer.is_answered());
    // The gap added from the removed practice stays.
    let board = store.gap_board(project, chrono::NaiveDate::MIN).unwrap();
    assert!(board.gaps.iter().any(|g| g.id == improved.added[0].id));

    // Moved first in its pillar, then deleted.
    let moved = store.move_question(project, &added.question.id, 0).unwrap();
    let first = moved.iter().find(|q| q.pillar_id == pillar).unwrap();
    assert_eq!(first.id, added.id);
    let left = store.delete_question(project, &added.question.id).unwrap();
    assert_eq!(left.len(), before.len());
    assert_eq!(
        left.iter()
            .filter(|q| q.pillar_id == pillar)
            .map(|q| &q.question.id)
            .collect::<Vec<_>>(),
        before
            .iter()
            .filter(|q| q.pillar_id == pillar)
            .map(|q| &q.question.id)
            .collect::<Vec<_>>(),
        "the others keep their order"
    );
    assert!(store
        .delete_question(project, &added.question.id)
        .is_err_and(|e| matches!(e, crate::CoreError::NotFound { .. })));
}

#[test]
fn a_refused_draft_or_a_pillar_of_another_project_writes_nothing() {
    let store = Store::open_in_memory().unwrap();
    let project = crate::storage::test_support::atlas(&store);
    let other = store
        .create_project(
            &crate::domain::ProjectDraft {
                name: "Other".into(),
                ..Default::default()
            },
            "four-pillars",
        )
        .unwrap();
    let foreign = store
        .scorecard(other.id, chrono::NaiveDate::MIN)
        .unwrap()
        .pillars[0]
        .id;
    let before = store.questions(project).unwrap();
    let e = store.add_question(project, foreign, &draft()).unwrap_err();
    assert!(matches!(
        e,
        crate::CoreError::NotFound { what: "pillar", .. }
    ));
    let own = store
        .scorecard(project, chrono::NaiveDate::MIN)
        .unwrap()
        .pillars[0]
        .id;
    let mut bad = draft();
    bad.practices[1].improvement_plan.clear();
    let e = store.add_question(project, own, &bad).unwrap_err();
    assert_eq!(e.field(), Some("practices"));
    assert_eq!(store.questions(project).unwrap(), before);
    let first = before[0].question.id.clone();
    let e = store.edit_question(project, &first, &bad).unwrap_err();
    assert_eq!(e.field(), Some("practices"));
    assert_eq!(store.questions(project).unwrap(), before);
}
