//! The review in the PDF: a project made from the published Operational Readiness Review lens
//! shows each pillar's questions, the practices in place, the risks and the improvement plans
//! of open risks, in the scorecard and the full report.

use std::path::PathBuf;

use preflight_core::domain::lens;
use preflight_core::domain::review::Answer;
use preflight_core::report::ReportKind;
use preflight_core::Store;

use crate::support::{artifact, render, squash, text_of, tool};

/// The published lenses: `PREFLIGHT_LENS_SAMPLES`, or `../shared/samples/aws-lenses`.
fn orr() -> lens::Lens {
    let folder = std::env::var_os("PREFLIGHT_LENS_SAMPLES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples/aws-lenses"),
        PathBuf::from,
    );
    lens::read_file(&folder.join("ORR-Whitepaper-Sample-PUBLISHED.json")).expect("the ORR lens")
}

#[test]
fn scorecard_and_full_reports_show_questions_risks_and_the_plans_of_open_risks() {
    let orr = orr();
    let store = Store::open_in_memory().expect("store");
    let framework = store.import_lens(&orr).expect("import").framework_id;
    let draft = preflight_core::domain::ProjectDraft {
        name: "Checkout service".into(),
        ..Default::default()
    };
    let project = store
        .create_project(&draft, &framework)
        .expect("project")
        .id;
    let (first, second) = (&orr.pillars[0].questions[0], &orr.pillars[0].questions[1]);
    let none = Answer {
        none: true,
        note: "Diagrams were lost with the old wiki".into(),
        ..Answer::default()
    };
    store
        .answer_question(project, &first.id, &none)
        .expect("answer");
    let all = Answer {
        choices: second.choices.iter().map(|c| c.id.clone()).collect(),
        ..Answer::default()
    };
    store
        .answer_question(project, &second.id, &all)
        .expect("answer");
    let review = store.review(project).expect("review");
    let first_risk = review.questions[0].risk.expect("answered");
    assert_ne!(
        first_risk,
        lens::Risk::NoRisk,
        "none of the practices is a risk"
    );

    for kind in [ReportKind::Scorecard, ReportKind::Full] {
        let pdf = render(&store, project, kind);
        let path = artifact(&format!("orr-{}.pdf", kind.as_str()), &pdf);
        let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("path")]);
        assert!(ok, "qpdf --check failed for {kind:?}: {out}");
        let text = text_of(&path, None);
        assert!(text.contains("Questions and risks"), "{kind:?}: {text}");
        for q in &orr.pillars[0].questions {
            assert!(
                text.contains(&squash(&q.title)),
                "{kind:?} lacks the question {:?}",
                q.title
            );
        }
        // Pillars without an answer are named in one line, not listed question by question.
        let later: Vec<String> = orr.pillars[1..]
            .iter()
            .map(|p| format!("{} ({})", squash(&p.name), p.questions.len()))
            .collect();
        let line = format!(
            "Not reviewed yet (unanswered questions): {}.",
            later.join(", ")
        );
        assert!(text.contains(&line), "{kind:?} lacks {line:?}: {text}");
        assert!(!text.contains(&squash(&orr.pillars[1].questions[0].title)));
        assert!(text.contains(first_risk.label()), "{kind:?}");
        assert!(text.contains("No risk") && text.contains("Unanswered"));
        assert!(text.contains("Note: Diagrams were lost with the old wiki"));
        assert!(text.contains("None of these"));
        // The improvement plans of the first question's practices, all not in place.
        for c in &first.choices {
            let plan = squash(&c.improvement_plan.display_text);
            assert!(
                plan.is_empty() || text.contains(&plan),
                "{kind:?} lacks the plan {plan:?}"
            );
        }
        // The second question has no risk: its plans are not listed.
        for c in &second.choices {
            let plan = squash(&c.improvement_plan.display_text);
            let elsewhere = first
                .choices
                .iter()
                .any(|f| squash(&f.improvement_plan.display_text) == plan);
            assert!(
                plan.is_empty() || elsewhere || !text.contains(&plan),
                "{kind:?} lists {plan:?} of a question without risk"
            );
        }
        assert!(text.contains("suggested score"), "{kind:?}");
    }
}

#[test]
fn a_project_whose_review_is_not_started_has_no_questions_section() {
    let store = Store::open_in_memory().expect("store");
    let draft = preflight_core::domain::ProjectDraft {
        name: "Atlas".into(),
        ..Default::default()
    };
    let project = store
        .create_project(&draft, "eight-pillars")
        .expect("project")
        .id;
    assert_eq!(store.review(project).expect("review").questions.len(), 25);
    let pdf = render(&store, project, ReportKind::Scorecard);
    let text = text_of(&artifact("unreviewed-scorecard.pdf", &pdf), None);
    assert!(!text.contains("Questions and risks"), "{text}");
}
