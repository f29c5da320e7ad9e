//! Tests of `preflight questions …`: questions of one's own written, edited, moved and
//! deleted from the command line.

use super::tests::run_on;
use super::*;

#[test]
fn a_question_is_added_edited_moved_and_deleted_from_the_command_line() {
    let store = Store::open_in_memory().unwrap();
    run_on(
        &store,
        &[
            "preflight",
            "projects",
            "create",
            "Atlas",
            "--framework",
            "four-pillars",
        ],
    )
    .unwrap();
    let added = run_on(
        &store,
        &[
            "preflight",
            "questions",
            "add",
            "--project",
            "atlas",
            "--pillar",
            "reliability",
            "--title",
            "Is the status page automated?",
            "--practice",
            "Status page updates from alerts",
            "--plan",
            "Wire alerts to the status page.",
            "--practice",
            "Customers can subscribe",
            "--plan",
            "Offer e-mail subscriptions.",
            "--rule",
            "none: status_page_updates_from_alerts",
            "--rule",
            "high: default",
        ],
    )
    .unwrap();
    assert_eq!(
        added,
        "added question is_the_status_page_automated to reliability \
         (practices: status_page_updates_from_alerts, customers_can_subscribe)\n"
    );
    let project = store.find_project("Atlas").unwrap();
    let mine = |store: &Store| {
        store
            .questions(project.id)
            .unwrap()
            .into_iter()
            .find(|q| q.question.id == "is_the_status_page_automated")
            .unwrap()
    };
    assert_eq!(mine(&store).question.risk_rules.len(), 2);
    run_on(
        &store,
        &[
            "preflight",
            "answer",
            "--project",
            "atlas",
            "--question",
            "is_the_status_page_automated",
            "--choices",
            "customers_can_subscribe",
        ],
    )
    .unwrap();

    let edited = run_on(
        &store,
        &[
            "preflight",
            "questions",
            "edit",
            "--project",
            "atlas",
            "--question",
            "is_the_status_page_automated",
            "--remove-practice",
            "customers_can_subscribe",
            "--set-plan",
            "status_page_updates_from_alerts=Wire the alert router to it.",
            "--practice",
            "Incidents have a template",
            "--plan",
            "Write the template.",
            "--usual-rules",
        ],
    )
    .unwrap();
    assert_eq!(
        edited,
        "saved question is_the_status_page_automated\n\
         no longer in its answer: Customers can subscribe\n"
    );
    let q = mine(&store).question;
    assert_eq!(
        q.choices[0].improvement_plan.display_text,
        "Wire the alert router to it."
    );
    assert_eq!(q.choices[1].id, "incidents_have_a_template");
    assert_eq!(q.risk_rules.len(), 3, "the usual rules again");

    run_on(
        &store,
        &[
            "preflight",
            "questions",
            "move",
            "--project",
            "atlas",
            "--question",
            "is_the_status_page_automated",
            "--to",
            "1",
        ],
    )
    .unwrap();
    let first = store.questions(project.id).unwrap()[0].question.id.clone();
    assert_eq!(first, "is_the_status_page_automated");
    for (args, expected) in [
        (
            vec!["--practice", "One", "--plan", "x", "--practice", "Two"],
            "each --practice needs its --plan (got 2 practices and 1 plans)",
        ),
        (
            vec!["--practice", "One", "--plan", "x", "--rule", "low: default"],
            "is not a risk",
        ),
        (
            vec![
                "--practice",
                "One",
                "--plan",
                "x",
                "--rule",
                "none: teleport",
            ],
            "rule 1: names \u{201c}teleport\u{201d}",
        ),
    ] {
        let mut all = vec![
            "preflight",
            "questions",
            "add",
            "--project",
            "atlas",
            "--pillar",
            "security",
            "--title",
            "Refused",
        ];
        all.extend(args);
        let e = run_on(&store, &all).unwrap_err();
        assert!(e.contains(expected), "{e}");
    }
    let deleted = run_on(
        &store,
        &[
            "preflight",
            "questions",
            "delete",
            "--project",
            "atlas",
            "--question",
            "is_the_status_page_automated",
        ],
    )
    .unwrap();
    assert_eq!(deleted, "deleted question is_the_status_page_automated\n");
    assert_eq!(store.questions(project.id).unwrap().len(), 14);
}
