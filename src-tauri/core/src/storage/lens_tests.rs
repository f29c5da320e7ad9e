//! Tests of lens frameworks, projects' questions, answers and improvement gaps.

use crate::domain::lens::{self, Lens};
use crate::domain::ProjectDraft;
use crate::Store;

fn orr() -> Lens {
    lens::read_file(&lens::tests::samples().join("ORR-Whitepaper-Sample-PUBLISHED.json")).unwrap()
}

#[test]
fn a_lens_becomes_a_framework_whose_projects_get_its_pillars_and_questions() {
    let store = Store::open_in_memory().unwrap();
    let imported = store.import_lens(&orr()).unwrap();
    assert_eq!((imported.pillars, imported.questions), (3, 16));
    assert!(!imported.replaced);
    let listed = store.list_frameworks().unwrap();
    let framework = listed
        .iter()
        .find(|f| f.id == imported.framework_id)
        .unwrap();
    assert_eq!(framework.questions, 16);
    assert_eq!(framework.lens_schema.as_deref(), Some("2021-11-01"));
    // By name, as `projects create NAME --framework "<lens name>"` gives it.
    let draft = ProjectDraft {
        name: "Checkout".into(),
        ..ProjectDraft::default()
    };
    let project = store
        .create_project(&draft, &imported.name.to_uppercase())
        .unwrap();
    assert_eq!(project.framework_id, imported.framework_id);
    let card = store.scorecard(project.id, chrono::NaiveDate::MIN).unwrap();
    assert_eq!(card.pillars.len(), 3);
    let questions = store.questions(project.id).unwrap();
    assert_eq!(questions.len(), 16);
    assert_eq!(questions[0].pillar_id, card.pillars[0].id);
    assert_eq!(questions[0].question, orr().pillars[0].questions[0]);

    let again = store.import_lens(&orr()).unwrap();
    assert!(again.replaced && again.framework_id == imported.framework_id);
    assert_eq!(
        store.list_frameworks().unwrap().len(),
        listed.len(),
        "replaced, not added"
    );
    assert_eq!(
        store.questions(project.id).unwrap().len(),
        16,
        "the project keeps its own"
    );
}

#[test]
fn the_three_published_lenses_export_as_lenses_that_import_as_the_same_framework() {
    for file in [
        "ORR-Whitepaper-Sample-PUBLISHED.json",
        "saas_biz_custom_lens.json",
        "Passport-Custom-Lens.json",
    ] {
        let store = Store::open_in_memory().unwrap();
        let read = lens::read_file(&lens::tests::samples().join(file)).unwrap();
        let imported = store.import_lens(&read).unwrap();
        let exported = store.export_lens(&imported.framework_id).unwrap();
        let json = exported.to_json().unwrap();
        let again = Lens::parse(&json).unwrap();
        assert_eq!(again, exported, "{file}");
        assert_eq!(again.pillars.len(), read.pillars.len(), "{file}");
        for (a, b) in again.pillars.iter().zip(&read.pillars) {
            assert_eq!(a.id, b.id, "{file}");
            assert_eq!(
                a.questions, b.questions,
                "{file}: every question as it came"
            );
        }
        let other = Store::open_in_memory().unwrap();
        let back = other.import_lens(&again).unwrap();
        let first = &other.list_frameworks().unwrap();
        let f = first.iter().find(|f| f.id == back.framework_id).unwrap();
        assert_eq!(f.questions as usize, read.question_count(), "{file}");
    }
    let store = Store::open_in_memory().unwrap();
    let e = store.export_lens("eight-pillars").unwrap_err();
    assert_eq!(e.field(), Some("framework"), "no questions: not a lens yet");
}

#[test]
fn a_lens_named_like_a_framework_of_ones_own_is_refused_and_writes_nothing() {
    let store = Store::open_in_memory().unwrap();
    let project = crate::storage::test_support::atlas(&store);
    let mut lens = orr();
    store.save_as_framework(project, &lens.name).unwrap();
    let before = store.list_frameworks().unwrap();
    let e = store.import_lens(&lens).unwrap_err();
    assert_eq!(e.field(), Some("name"));
    assert_eq!(store.list_frameworks().unwrap(), before);
    lens.pillars[0].name = "P".repeat(130);
    lens.name = "Long pillar".into();
    let long = store.import_lens(&lens).unwrap();
    assert_eq!(long.shortened, ["P".repeat(130)]);
    let f = store
        .list_frameworks()
        .unwrap()
        .into_iter()
        .find(|f| f.id == long.framework_id)
        .unwrap();
    assert_eq!(f.pillars[0].name.chars().count(), 120);
    assert_eq!(
        f.pillars[0].description,
        "P".repeat(130),
        "the whole name is kept"
    );
}
