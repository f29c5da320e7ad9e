//! Tests of review questions in the project file: answers, improvement gaps, and the review
//! each milestone froze.

use serde_json::{json, Value};

use super::tests::{error_of, exported};
use super::ProjectFile;
use crate::domain::lens;
use crate::domain::review::Answer;
use crate::storage::{ImportMode, Store};

type Change = Box<dyn Fn(&mut Value)>;

/// Each change of the exported `text` is refused with a message starting as given.
fn assert_refused(text: &str, cases: impl IntoIterator<Item = (Change, &'static str)>) {
    for (change, expected) in cases {
        let mut value: Value = serde_json::from_str(text).expect("json");
        change(&mut value);
        let message = error_of(&value);
        assert!(
            message.starts_with(expected),
            "{message:?} should start with {expected:?}"
        );
    }
}

/// A store with the ORR lens imported and a project made from it: (store, project, lens).
fn orr_project() -> (Store, uuid::Uuid, lens::Lens) {
    let store = Store::open_in_memory().expect("store");
    let lens =
        lens::read_file(&lens::tests::samples().join("ORR-Whitepaper-Sample-PUBLISHED.json"))
            .expect("lens");
    let imported = store.import_lens(&lens).expect("import");
    let draft = crate::domain::ProjectDraft {
        name: "Checkout".into(),
        ..crate::domain::ProjectDraft::default()
    };
    let project = store
        .create_project(&draft, &imported.framework_id)
        .expect("project");
    (store, project.id, lens)
}

#[test]
fn review_questions_and_answers_travel_with_the_project() {
    let (store, project_id, lens) = orr_project();
    let first = &lens.pillars[0].questions[0];
    let answer = Answer {
        choices: vec![first.choices[0].id.clone()],
        none: false,
        note: "Diagram in the wiki, reviewed in October".into(),
    };
    let review = store
        .answer_question(project_id, &first.id, &answer)
        .expect("answer");
    let improved = store
        .add_improvement_gaps(project_id, Some(&first.id), None)
        .expect("gaps");
    assert!(!improved.added.is_empty());
    let text = exported(&store, project_id);
    let value: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["questions"].as_array().map(Vec::len), Some(16));
    assert_eq!(value["questions"][0]["answer"]["note"], answer.note);

    let other = Store::open_in_memory().expect("store");
    let file = ProjectFile::parse(&text).expect("valid");
    other
        .import_project_file(&file, ImportMode::New)
        .expect("import");
    assert_eq!(other.review(project_id).expect("review"), review);
    assert_eq!(exported(&other, project_id), text);
    let again = other
        .add_improvement_gaps(project_id, Some(&first.id), None)
        .expect("gaps");
    assert_eq!(
        (again.added.len(), again.already as usize),
        (0, improved.added.len()),
        "the links travel: nothing is added twice after a round trip"
    );
    let copy = other
        .import_project_file(&file, ImportMode::AsCopy)
        .expect("copy");
    let copied = other.review(copy.project.id).expect("review");
    assert_eq!(copied.questions.len(), 16);
    assert_ne!(copied.questions[0].id, review.questions[0].id, "fresh ids");
    assert_eq!(copied.questions[0].answer, review.questions[0].answer);

    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|v| v["version"] = json!(4)),
            "questions: are not part of format versions 1 to 4",
        ),
        (
            Box::new(|v| v["questions"][0]["answer"]["choices"] = json!(["teleport"])),
            "questions[0].answer.choices: “teleport” is not a choice",
        ),
        (
            Box::new(|v| {
                v["questions"][0]["question"]["riskRules"][0]["condition"] = json!("warp")
            }),
            "questions[0].question.riskRules[0].condition: names “warp”",
        ),
        (
            Box::new(|v| {
                v["questions"][1]["question"]["id"] = v["questions"][0]["question"]["id"].clone()
            }),
            "questions[1].question.id:",
        ),
        (
            Box::new(|v| {
                v["questions"][0]["pillarId"] = json!("0190a4b2-0000-7000-8000-000000000000")
            }),
            "questions[0].pillarId: no pillar with the id",
        ),
        (
            Box::new(|v| v["questions"][0]["question"]["choices"] = json!("none")),
            "questions[0].question.choices: invalid type",
        ),
        (
            Box::new(|v| {
                v["questions"][0]["improvementGaps"] =
                    json!({ "teleport": "0190a4b2-0000-7000-8000-000000000000" })
            }),
            "questions[0].improvementGaps.teleport: “teleport” is not a choice",
        ),
    ];
    assert_refused(&text, cases);
}

#[test]
fn a_milestone_freezes_the_review_and_compare_shows_how_risks_moved() {
    use crate::domain::review::RiskState;
    let (store, project, lens) = orr_project();
    let first = &lens.pillars[0].questions[0];
    let none = Answer {
        none: true,
        ..Answer::default()
    };
    let before = store
        .answer_question(project, &first.id, &none)
        .expect("answer");
    let risk_then = before.questions[0].risk.expect("answered");
    let day0 = store
        .take_milestone(project, "Day 0", "2026-11-01")
        .expect("milestone");
    assert_eq!(day0.answers.len(), 16, "every question, answered or not");
    assert_eq!(day0.answers[0].risk, Some(risk_then));
    assert_eq!(day0.answers[1].risk, None);

    // All practices in place: the risk moves, the milestone keeps what it froze.
    let all = Answer {
        choices: first.choices.iter().map(|c| c.id.clone()).collect(),
        ..Answer::default()
    };
    let now = store
        .answer_question(project, &first.id, &all)
        .expect("answer");
    let risk_now = now.questions[0].risk.expect("answered");
    assert_ne!(risk_now, risk_then, "the ORR lens's rules tell them apart");
    let rows = store
        .compare_scorecards(project, Some(day0.id), None)
        .expect("compare");
    let moved: Vec<_> = rows.iter().flat_map(|r| r.risks.iter()).collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0].question_id, first.id);
    let state = |r: lens::Risk| match r {
        lens::Risk::HighRisk => RiskState::HighRisk,
        lens::Risk::MediumRisk => RiskState::MediumRisk,
        lens::Risk::NoRisk => RiskState::NoRisk,
    };
    assert_eq!(
        (moved[0].before, moved[0].after),
        (state(risk_then), state(risk_now))
    );
    assert_eq!(rows[0].change, crate::domain::scorecard::Change::Changed);
    let kept = store.milestones(project).expect("milestones");
    assert_eq!(kept[0].answers, day0.answers);

    // The frozen review travels in the file, as a copy too (under the copy's pillar ids).
    let text = exported(&store, project);
    let value: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["version"], json!(6));
    assert_eq!(
        value["milestones"][0]["answers"][0]["risk"],
        json!(risk_then.as_str())
    );
    let file = ProjectFile::parse(&text).expect("valid");
    let other = Store::open_in_memory().expect("store");
    other
        .import_project_file(&file, ImportMode::New)
        .expect("import");
    assert_eq!(exported(&other, project), text);
    let copy = other
        .import_project_file(&file, ImportMode::AsCopy)
        .expect("copy");
    let copied = other.milestones(copy.project.id).expect("milestones");
    assert_eq!(copied[0].answers[0].pillar_id, copied[0].pillars[0].id);

    let cases: [(Change, &str); 4] = [
        (
            Box::new(|v| v["version"] = json!(5)),
            "milestones[0].answers: are not part of format versions 1 to 5",
        ),
        (
            Box::new(|v| v["milestones"][0]["answers"][0]["risk"] = json!("LOW_RISK")),
            "milestones[0].answers[0].risk: must be HIGH_RISK",
        ),
        (
            Box::new(|v| {
                v["milestones"][0]["answers"][1]["questionId"] =
                    v["milestones"][0]["answers"][0]["questionId"].clone()
            }),
            "milestones[0].answers[1].questionId:",
        ),
        (
            Box::new(|v| {
                v["milestones"][0]["answers"][0]["pillarId"] =
                    json!("0190a4b2-0000-7000-8000-000000000000")
            }),
            "milestones[0].answers[0].pillarId: no pillar with the id",
        ),
    ];
    assert_refused(&text, cases);
}
