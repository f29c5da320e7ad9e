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
    // A pillar of one's own without questions keeps a framework from being a lens.
    let store = Store::open_in_memory().unwrap();
    let project = crate::storage::test_support::atlas(&store);
    let draft = crate::domain::PillarDraft {
        name: "Data protection".into(),
        ..serde_json::from_str("{\"name\": \"x\"}").unwrap()
    };
    store.add_pillar(project, &draft).unwrap();
    store.save_as_framework(project, "Atlas review").unwrap();
    let e = store.export_lens("Atlas review").unwrap_err();
    assert_eq!(e.field(), Some("framework"));
    assert!(e.to_string().contains("Data protection"), "{e}");
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

#[test]
fn the_built_in_frameworks_have_questions_of_their_own_that_export_as_lenses() {
    use std::collections::HashSet;
    let store = Store::open_in_memory().unwrap();
    let frameworks = store.list_frameworks().unwrap();
    for (id, json) in crate::storage::lenses::BUILTIN_LENSES {
        let lens = Lens::parse(json).unwrap();
        let framework = frameworks.iter().find(|f| f.id == id).unwrap();
        let names: Vec<&str> = lens.pillars.iter().map(|p| p.name.as_str()).collect();
        let built_in: Vec<&str> = framework.pillars.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names, built_in,
            "{id}: the lens's pillars are the framework's"
        );
        assert_eq!(framework.questions as usize, lens.question_count());
        for q in lens.pillars.iter().flat_map(|p| &p.questions) {
            // Every practice in place is no risk; none of them never is.
            let all: HashSet<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(q.risk(&all), Some(lens::Risk::NoRisk), "{}", q.id);
            let none = q.risk(&HashSet::new());
            assert!(
                matches!(none, Some(lens::Risk::HighRisk | lens::Risk::MediumRisk)),
                "{}: {none:?}",
                q.id
            );
            assert!(q.choices.len() >= 3 && q.description.is_some(), "{}", q.id);
        }
        // Exported as a lens, the framework is its file, question for question.
        let exported = store.export_lens(id).unwrap();
        assert_eq!(Lens::parse(&exported.to_json().unwrap()).unwrap(), exported);
        let ids = |l: &Lens| -> Vec<(String, Vec<lens::Question>)> {
            l.pillars
                .iter()
                .map(|p| (p.id.clone(), p.questions.clone()))
                .collect()
        };
        assert_eq!(ids(&exported), ids(&lens), "{id}");
    }
    let eight = frameworks.iter().find(|f| f.id == "eight-pillars").unwrap();
    let four = frameworks.iter().find(|f| f.id == "four-pillars").unwrap();
    assert_eq!((eight.questions, four.questions), (25, 14));

    // A new project gets them under its pillars; saved as a framework, they go with it.
    let draft = ProjectDraft {
        name: "Atlas".into(),
        ..ProjectDraft::default()
    };
    let project = store.create_project(&draft, "four-pillars").unwrap();
    let card = store.scorecard(project.id, chrono::NaiveDate::MIN).unwrap();
    let questions = store.questions(project.id).unwrap();
    assert_eq!(questions.len(), 14);
    assert_eq!(questions[0].pillar_id, card.pillars[0].id);
    let saved = store.save_as_framework(project.id, "Atlas review").unwrap();
    assert_eq!(saved.questions, 14);
    let copy = store
        .create_project(
            &ProjectDraft {
                name: "Atlas 2".into(),
                ..ProjectDraft::default()
            },
            &saved.id,
        )
        .unwrap();
    assert_eq!(store.questions(copy.id).unwrap().len(), 14);
}
