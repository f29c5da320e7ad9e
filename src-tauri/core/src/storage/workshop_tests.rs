//! Workshops in storage: joining, voting in rounds, reveal, consensus, and the end that writes
//! the agreed scores and a milestone in one transaction (and its undo).

use super::test_support::{atlas, today};
use super::*;
use crate::domain::workshop::{Phase, VoteDraft, WorkshopSetup, PARTICIPANTS_MAX};
use crate::error::ErrorCode;

fn setup() -> WorkshopSetup {
    WorkshopSetup {
        pillars: Vec::new(),
        anonymous: false,
        notes_allowed: true,
    }
}

fn vote(score: Option<u8>, note: &str) -> VoteDraft {
    VoteDraft {
        score,
        note: note.into(),
    }
}

#[test]
fn a_room_votes_reveals_revotes_agrees_and_the_end_writes_the_scorecard() {
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let before = store.scorecard(project, today()).unwrap();
    let w = store.start_workshop(project, &setup()).unwrap();
    assert_eq!(
        w.pillars.len(),
        before.pillars.len(),
        "every pillar by default"
    );
    assert_eq!((w.current, w.round, w.phase), (0, 1, Phase::Voting));

    let zoe = store.join_workshop(w.id, "Zoë").unwrap();
    let sam = store.join_workshop(w.id, "Sam").unwrap();
    let (_, replaced) = store.cast_vote(w.id, zoe.id, &vote(Some(2), "")).unwrap();
    assert!(!replaced, "a first vote");
    // A vote may change until the reveal; the last one counts.
    store
        .cast_vote(w.id, zoe.id, &vote(Some(3), "backups untested"))
        .map(|(_, replaced)| assert!(replaced, "a changed vote replaces the first"))
        .unwrap();
    store.cast_vote(w.id, sam.id, &vote(None, "")).unwrap();
    let w1 = store.reveal_votes(w.id).unwrap();
    let first = w1.pillars[0];
    let d = w1.distribution(first, 1);
    assert_eq!((d.counts[2], d.dont_know), (1, 1));
    let closed = store
        .cast_vote(w.id, sam.id, &vote(Some(4), ""))
        .unwrap_err();
    assert_eq!(
        closed.code(),
        ErrorCode::Conflict,
        "no vote after the reveal"
    );

    // Round 2 keeps round 1.
    let w2 = store.revote(w.id).unwrap();
    assert_eq!((w2.round, w2.phase), (2, Phase::Voting));
    store.cast_vote(w.id, sam.id, &vote(Some(4), "")).unwrap();
    store.cast_vote(w.id, zoe.id, &vote(Some(4), "")).unwrap();
    let w2 = store.reveal_votes(w.id).unwrap();
    assert_eq!(w2.round_votes(first, 1).len(), 2);
    assert_eq!(w2.distribution(first, 2).median, Some(4.0));
    store.agree(w.id, 4, "round 2 settled it").unwrap();

    // The second pillar, agreed without votes; going back shows the first as settled.
    let w3 = store.show_workshop_pillar(w.id, 1).unwrap();
    assert_eq!((w3.round, w3.phase), (1, Phase::Voting));
    store.agree(w.id, 2, "").unwrap();
    let back = store.show_workshop_pillar(w.id, 0).unwrap();
    assert_eq!((back.round, back.phase), (2, Phase::Revealed));
    assert!(store.show_workshop_pillar(w.id, 99).is_err());

    let record = store.end_workshop(w.id, today()).unwrap();
    assert_eq!(record.scores_written, 2);
    let after = store.scorecard(project, today()).unwrap();
    assert_eq!(after.pillars[0].current_score, Some(4));
    assert_eq!(after.pillars[1].current_score, Some(2));
    let milestones = store.milestones(project).unwrap();
    let taken = milestones
        .iter()
        .find(|m| m.id == record.milestone_id)
        .unwrap();
    assert_eq!(taken.name, "Workshop 2026-11-21");
    assert_eq!(
        taken.pillars[0].current_score,
        Some(4),
        "taken after writing"
    );
    let ended = store.workshop(w.id).unwrap();
    assert!(ended.ended_at.is_some());
    assert_eq!(ended.votes.len(), 4, "every round's votes are kept");
    assert_eq!(ended.consensus[0].rationale, "round 2 settled it");
    assert!(store.join_workshop(w.id, "Late").is_err());
    assert!(store.running_workshop(project).unwrap().is_none());

    // Undo puts the scores back and the milestone in the trash; the record stays.
    store.undo_workshop_end(w.id).unwrap();
    let undone = store.scorecard(project, today()).unwrap();
    assert_eq!(
        undone
            .pillars
            .iter()
            .map(|p| p.current_score)
            .collect::<Vec<_>>(),
        before
            .pillars
            .iter()
            .map(|p| p.current_score)
            .collect::<Vec<_>>()
    );
    assert!(store
        .milestones(project)
        .unwrap()
        .iter()
        .all(|m| m.id != record.milestone_id));
    assert_eq!(store.workshop(w.id).unwrap().votes.len(), 4);
    assert!(store.undo_workshop_end(w.id).is_err(), "undone once");
}

#[test]
fn joining_is_bounded_and_lockable_and_bad_votes_change_nothing() {
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let w = store
        .start_workshop(
            project,
            &WorkshopSetup {
                notes_allowed: false,
                ..setup()
            },
        )
        .unwrap();
    assert_eq!(
        store.start_workshop(project, &setup()).unwrap_err().code(),
        ErrorCode::Conflict,
        "one running workshop per project"
    );
    let a = store.join_workshop(w.id, "A").unwrap();
    assert!(store.join_workshop(w.id, &"n".repeat(61)).is_err());
    for bad in [
        vote(Some(0), ""),
        vote(Some(6), ""),
        vote(Some(3), "a note"),
    ] {
        assert!(store.cast_vote(w.id, a.id, &bad).is_err());
    }
    assert!(store
        .cast_vote(w.id, uuid::Uuid::now_v7(), &vote(Some(3), ""))
        .is_err());
    assert!(
        store.workshop(w.id).unwrap().votes.is_empty(),
        "nothing written"
    );

    store.lock_joining(w.id, true).unwrap();
    let locked = store.join_workshop(w.id, "B").unwrap_err();
    assert!(locked.message().contains("locked"), "{}", locked.message());
    store.lock_joining(w.id, false).unwrap();
    for i in 1..PARTICIPANTS_MAX {
        store.join_workshop(w.id, &format!("P{i}")).unwrap();
    }
    let full = store.join_workshop(w.id, "One too many").unwrap_err();
    assert!(full.message().contains("full"), "{}", full.message());
}

#[test]
fn a_workshop_takes_only_this_projects_pillars() {
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let other = store
        .create_project(
            &crate::domain::ProjectDraft {
                name: "Other".into(),
                ..crate::domain::ProjectDraft::default()
            },
            crate::domain::framework::FOUR_PILLARS,
        )
        .unwrap();
    let foreign = store.scorecard(other.id, today()).unwrap().pillars[0].id;
    let e = store
        .start_workshop(
            project,
            &WorkshopSetup {
                pillars: vec![foreign],
                ..setup()
            },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("pillars"));
    let mine = store.scorecard(project, today()).unwrap().pillars[3].id;
    let w = store
        .start_workshop(
            project,
            &WorkshopSetup {
                pillars: vec![mine],
                ..setup()
            },
        )
        .unwrap();
    assert_eq!(w.pillars, [mine]);
}

#[test]
fn votes_files_come_in_as_a_round_and_name_what_they_left_out() {
    use crate::domain::workshop::{PillarVote, VotesFile};
    let store = Store::open_in_memory().unwrap();
    let project = atlas(&store);
    let w = store.start_workshop(project, &setup()).unwrap();
    let card = store.scorecard(project, today()).unwrap();
    let first = card.pillars[0].name.clone();
    let second = card.pillars[1].name.clone();
    // The remote participant's own Preflight writes their scores.
    store
        .update_pillar(card.pillars[0].id, &{
            let mut d = card.pillars[0].draft();
            d.current_score = Some(2.0);
            d
        })
        .unwrap();
    let mine = store.scores_as_votes(project, "Remote Rita").unwrap();
    assert_eq!(mine.votes.len(), card.pillars.len());
    let file = |name: &str, votes: Vec<PillarVote>| VotesFile {
        format: "preflight-votes".into(),
        version: 1,
        participant: name.into(),
        project: "Atlas".into(),
        votes,
    };
    let vote = |pillar: &str, score| PillarVote {
        pillar: pillar.into(),
        score,
        note: String::new(),
    };
    let files = [
        mine,
        file(
            "Async Ahmed",
            vec![vote(&first.to_uppercase(), Some(4)), vote("Cost", Some(1))],
        ),
        file("Async Ahmed", vec![vote(&second, None)]),
    ];
    let report = store.import_votes(w.id, &files).unwrap();
    assert_eq!(
        report.participants, 2,
        "the second file of Ahmed is the same Ahmed"
    );
    assert_eq!(
        report.left_out,
        ["Async Ahmed: no pillar named \u{201c}Cost\u{201d} in this workshop"]
    );
    let after = store.workshop(w.id).unwrap();
    assert_eq!(after.round_votes(after.pillars[0], 1).len(), 2);
    let d = after.distribution(after.pillars[0], 1);
    assert_eq!((d.counts[1], d.counts[3]), (1, 1));
    assert_eq!(u32::try_from(after.votes.len()).unwrap(), report.votes);
}
