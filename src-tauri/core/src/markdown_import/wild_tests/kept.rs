//! Words kept where a value was not read, when keeping them meets a limit only the stored
//! plan reveals: refused at the row's file and line, nothing written.

use super::import_text;
use crate::domain::scorecard::EVIDENCE_MAX;
use crate::markdown_import::*;
use crate::storage::Store;

#[test]
fn a_kept_checkpoint_that_would_push_stored_evidence_past_its_limit_is_refused_at_its_row() {
    let store = Store::open_in_memory().expect("store");
    // A pillar whose evidence, written by an earlier import, is nearly full.
    let full = "e".repeat(EVIDENCE_MAX - 10);
    let first = import_text(
        &store,
        &format!(
            "| Pillar | Current Score | Evidence |\n|---|---|---|\n| Security | 2 | {full} |\n"
        ),
    )
    .expect("first import");
    let project = first.project.id;
    let revision = store.revision().expect("revision");

    // The same pillar again, with a checkpoint in words and no evidence column: the words would
    // go on a line of their own after the stored evidence, past its 4,000 characters.
    let again = Source {
        name: "plan.md".into(),
        text: "# Plan\n\n| Pillar | Current Score | Next Checkpoint |\n|---|---|---|\n| Security | 3 | after the pen test |\n"
            .into(),
        encoding: None,
    };
    let err = store
        .import_markdown(
            &MarkdownTarget::Project(project),
            &plan_sources(&[again]).expect("plan"),
        )
        .expect_err("refused");
    let message = err.to_string();
    assert!(message.contains("plan.md:5"), "{message}");
    assert!(
        message.contains("Evidence / notes, with the next checkpoint's words added"),
        "{message}"
    );
    // Nothing was written: the revision and the evidence are as they were.
    assert_eq!(store.revision().expect("revision"), revision);
    let card = store.scorecard(project, super::today()).expect("scorecard");
    let security = card
        .pillars
        .iter()
        .find(|p| p.name == "Security")
        .expect("pillar");
    assert_eq!(security.evidence, full);
}
