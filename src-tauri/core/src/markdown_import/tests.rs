//! Tests of the Markdown importer on the published LaunchPad templates (read from
//! `../shared/samples/launchpad-docs/`, never copied here) and on harder fixtures of our own
//! (`tests/fixtures/markdown/`).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::*;
use crate::domain::gap::{GapStatus, Priority};
use crate::domain::tables::TableKind;
use crate::storage::Store;

/// The LaunchPad templates beside the repository (`PREFLIGHT_SAMPLES` overrides the folder).
pub(crate) fn launchpad_docs() -> PathBuf {
    std::env::var_os("PREFLIGHT_SAMPLES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples/launchpad-docs"),
        PathBuf::from,
    )
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown")
}

fn import(store: &Store, target: MarkdownTarget, paths: &[PathBuf]) -> Result<MarkdownImport> {
    let sources = read_sources(paths)?;
    store.import_markdown(&target, &plan_sources(&sources)?)
}

pub(super) fn new_project(store: &Store, paths: &[PathBuf]) -> MarkdownImport {
    import(store, MarkdownTarget::New("LaunchPad".into()), paths).expect("import")
}

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

pub(super) fn cell<'a>(
    rows: &'a [crate::domain::tables::TableRow],
    i: usize,
    key: &str,
) -> &'a str {
    rows[i].cells.get(key).map_or("", String::as_str)
}

#[test]
fn the_launchpad_folder_fills_every_section() {
    let store = Store::open_in_memory().expect("store");
    let result = new_project(&store, &[launchpad_docs()]);
    let summary = result.summary();
    println!("{summary}");
    assert!(result.created, "{summary}");
    let id = result.project.id;

    // Scorecard: the four pillars in the template's order, with the 4-pillar framework label.
    let card = store.scorecard(id, today()).expect("scorecard");
    let names: Vec<&str> = card.pillars.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Reliability", "Security", "Observability", "Supportability"]
    );
    assert_eq!(result.project.framework_id, "four-pillars");
    let security = &card.pillars[1];
    assert_eq!(
        (security.current_score, security.target_score),
        (Some(1), 4)
    );
    assert_eq!(
        security.evidence,
        "API keys stored in .env; secrets not rotated; no dependency scanning."
    );
    assert_eq!(security.owner, "Bohdan");
    assert_eq!(
        security.next_checkpoint,
        NaiveDate::from_ymd_opt(2026, 1, 1)
    );

    // Compliance primer: HIPAA is missing, with its owner and the non-breaking-hyphen date.
    let triggers = store.table_rows(id, TableKind::Triggers).expect("triggers");
    let hipaa = triggers
        .iter()
        .position(|r| r.cells.get("standard").map(String::as_str) == Some("HIPAA"))
        .expect("HIPAA row");
    assert_eq!(cell(&triggers, hipaa, "readiness"), "missing");
    assert_eq!(cell(&triggers, hipaa, "owner"), "Lucas");
    assert_eq!(cell(&triggers, hipaa, "why"), "Health metrics pilot");
    assert_eq!(cell(&triggers, hipaa, "reviewDate"), "2026-01-01");
    let gdpr = triggers
        .iter()
        .position(|r| r.cells.get("standard").map(String::as_str) == Some("GDPR"))
        .expect("GDPR row");
    assert_eq!(cell(&triggers, gdpr, "readiness"), "partial");
    // The compliance notes' own trigger row and the primer's three.
    assert_eq!(triggers.len(), 4, "{summary}");

    // Core audit: 16 items under their four sections; the readiness checklist's 8 rows.
    let board = store.gap_board(id, today()).expect("gaps");
    let audit: Vec<_> = board
        .gaps
        .iter()
        .filter(|g| {
            [
                "Architecture Boundaries",
                "Configuration & Secrets",
                "Data Touchpoints",
                "Operational Fitness",
            ]
            .contains(&g.category.as_str())
        })
        .collect();
    assert_eq!(audit.len(), 16, "{summary}");
    assert!(audit.iter().all(|g| g.status == GapStatus::Open));
    assert!(audit
        .iter()
        .any(|g| g.title == ".env.example lists every required setting"
            && g.category == "Configuration & Secrets"));
    let checklist: Vec<_> = board.gaps.iter().filter(|g| !audit.contains(g)).collect();
    assert_eq!(checklist.len(), 8, "{summary}");
    let clarity = checklist
        .iter()
        .find(|g| g.category == "Architectural clarity")
        .expect("checklist row");
    assert_eq!(clarity.status, GapStatus::InProgress);
    assert_eq!(
        clarity.title,
        "DDD skeleton in place; persistence still in-memory."
    );
    assert_eq!(clarity.priority, Priority::Recommended);
    assert!(checklist
        .iter()
        .filter(|g| g.category != "Architectural clarity" && g.category != "Documentation")
        .all(|g| g.status == GapStatus::Open));

    // Compliance notes: data inventory, vendor verified, controls, review history.
    let inventory = store
        .table_rows(id, TableKind::DataInventory)
        .expect("inventory");
    assert_eq!(inventory.len(), 1);
    assert_eq!(
        cell(&inventory, 0, "retention"),
        "Delete inactive records after 12 months"
    );
    assert_eq!(cell(&inventory, 0, "storage"), "Postgres customers table");
    let vendors = store.table_rows(id, TableKind::Vendors).expect("vendors");
    assert_eq!(cell(&vendors, 0, "verified"), "yes");
    assert_eq!(
        cell(&vendors, 0, "actions"),
        "Verification: SOC 2 report reviewed\nRe-check annually"
    );
    let reviews = store.table_rows(id, TableKind::Reviews).expect("reviews");
    assert_eq!(cell(&reviews, 0, "date"), "2026-01-01");
    assert_eq!(cell(&reviews, 0, "reviewer"), "Bohdan");
    let compliance = store.compliance(id, today()).expect("compliance");
    let labels: Vec<&str> = compliance
        .controls
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "HTTPS enforced across environments",
            "MFA enabled for admin consoles",
            "Secrets stored outside the repo",
            "Database encryption (at rest + in transit)"
        ]
    );
    // The snapshot holds only placeholders, which stay empty.
    assert_eq!(compliance.snapshot.owner, "");
    assert_eq!(compliance.snapshot.last_reviewed, None);

    let alignment = store
        .table_rows(id, TableKind::Alignment)
        .expect("alignment");
    assert_eq!(alignment.len(), 1);
    assert!(cell(&alignment, 0, "guardrail").contains("\u{20ac}150/month"));
    let stakeholders = store
        .table_rows(id, TableKind::Stakeholders)
        .expect("canvas");
    assert_eq!(stakeholders.len(), 2);
    assert_eq!(cell(&stakeholders, 1, "owner"), "Lucas");

    // Every table was placed; the summary names each file, and the templates' prose, which
    // has no place in a project, by its lines.
    assert!(
        result
            .blocks
            .iter()
            .all(|b| b.destination.is_some() != b.left_out.is_some()),
        "{summary}"
    );
    assert!(
        summary.contains(
            "  production-scorecard-template.md\n    line 12  \u{201c}Pillar | Current Score (1\u{2011}5)"
        ),
        "{summary}"
    );
    assert!(
        summary.contains(
            "    text outside tables and lists not imported: lines 3, 7\u{2013}10, 20, \
             22\u{2013}26, 28\n  readiness-checklist.md"
        ),
        "{summary}"
    );
    for file in [
        "production-scorecard-template.md",
        "core-audit.md",
        "compliance-primer.md",
    ] {
        assert!(summary.contains(file), "{summary}");
    }
}

#[test]
fn importing_the_same_folder_twice_changes_nothing() {
    let store = Store::open_in_memory().expect("store");
    let first = new_project(&store, &[launchpad_docs()]);
    let again = import(
        &store,
        MarkdownTarget::Project(first.project.id),
        &[launchpad_docs()],
    )
    .expect("again");
    assert!(!again.created);
    for b in &again.blocks {
        assert_eq!((b.added, b.updated), (0, 0), "{}", again.summary());
    }
    let board = store.gap_board(first.project.id, today()).expect("gaps");
    assert_eq!(board.gaps.len(), 24);
}

#[test]
fn an_existing_project_keeps_its_pillars_and_gains_missing_ones() {
    let store = Store::open_in_memory().expect("store");
    let sample = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample");
    let before = store
        .scorecard(sample.id, today())
        .expect("card")
        .pillars
        .len();
    let result = import(
        &store,
        MarkdownTarget::Project(sample.id),
        &[launchpad_docs().join("production-scorecard-template.md")],
    )
    .expect("import");
    let block = &result.blocks[0];
    let card = store.scorecard(sample.id, today()).expect("card");
    assert_eq!(
        card.pillars.len(),
        before + block.added as usize,
        "{}",
        result.summary()
    );
    let security = card
        .pillars
        .iter()
        .find(|p| p.name == "Security")
        .expect("Security");
    assert_eq!(security.current_score, Some(1));
}

#[test]
fn harder_fixtures_keep_long_cells_escaped_pipes_and_cjk_text() {
    let store = Store::open_in_memory().expect("store");
    let result = new_project(&store, &[fixtures().join("harder.md")]);
    let summary = result.summary();
    let id = result.project.id;
    let rows = store.table_rows(id, TableKind::Alignment).expect("rows");
    assert_eq!(rows.len(), 3, "{summary}");
    assert_eq!(cell(&rows, 0, "goal"), "Keep the a | b split | visible");
    assert_eq!(
        cell(&rows, 0, "successMetric"),
        "p95 < 400 ms\nerror rate < 1%"
    );
    assert_eq!(
        cell(&rows, 1, "goal"),
        "\u{5728}\u{7ebf}\u{652f}\u{4ed8}\u{7a33}\u{5b9a}"
    );
    assert_eq!(cell(&rows, 1, "stakeholders"), "\u{7530}\u{4e2d} (Tanaka)");
    assert_eq!(cell(&rows, 2, "risks").chars().count(), 3_900);
    assert_eq!(
        cell(&rows, 2, "guardrail"),
        "Runbook (https://example.com/runbook) by Friday"
    );
    // A 250-character checklist item becomes a 200-character title; notes keep all of it.
    let board = store.gap_board(id, today()).expect("gaps");
    let long = board
        .gaps
        .iter()
        .find(|g| g.title.ends_with('\u{2026}'))
        .expect("shortened gap");
    assert!(long.title.chars().count() <= 200);
    assert_eq!(long.notes.chars().count(), 250);
    assert_eq!(long.status, GapStatus::Done);
    // The unknown table is reported with its header and file.
    let skipped: Vec<_> = result
        .blocks
        .iter()
        .filter(|b| b.skipped.is_some())
        .collect();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert_eq!(skipped[0].header, "Sprint | Velocity");
    assert!(summary.contains("  harder.md\n    line "), "{summary}");
    assert!(
        summary.contains("\u{201c}Sprint | Velocity\u{201d} \u{2192} skipped"),
        "{summary}"
    );
    // The ignored column is named.
    assert!(
        summary.contains("\u{201c}Budget\u{201d} has no place"),
        "{summary}"
    );
}

#[test]
fn a_bad_score_stops_the_import_with_file_and_line_and_writes_nothing() {
    let store = Store::open_in_memory().expect("store");
    let err = import(
        &store,
        MarkdownTarget::New("Broken".into()),
        &[fixtures().join("bad-score.md")],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad-score.md:5: Current score: must be a whole number from 1 to 5 (got \u{201c}7\u{201d})"
    );
    assert!(store
        .list_projects(crate::domain::ProjectView::Active)
        .expect("list")
        .is_empty());
    let err = read_sources(&[fixtures().join("missing.md")]).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("missing.md: no such file or folder"),
        "{err}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any text, and any table made of arbitrary cells, plans without panicking: it either
    /// gives blocks or an error at a `file:line`.
    #[test]
    fn any_markdown_plans_without_panicking(
        text in "\\PC{0,400}",
        cells in proptest::collection::vec("[^|\n]{0,40}", 1..12),
    ) {
        let table = format!(
            "| Pillar | Current Score | Status |\n|---|---|---|\n| {} |\n- [ ] {}\n",
            cells.join(" | "),
            cells[0]
        );
        for doc in [text.clone(), table, format!("{text}\n| Standard / Law | Current Readiness |\n|---|---|\n| {text} | {text} |")] {
            let sources = [Source { name: "x.md".into(), text: doc, encoding: None }];
            if let Err(e) = plan_sources(&sources) {
                proptest::prop_assert!(e.to_string().starts_with("x.md:"), "{e}");
            }
        }
    }
}

#[test]
fn markers_and_words_are_read_without_cutting_inside_a_character() {
    use values::{marker, Marker};
    assert_eq!(
        marker("\u{1f7e1} Partial"),
        Some((Marker::Amber, String::new()))
    );
    assert_eq!(marker("\u{1f534} None"), Some((Marker::Red, String::new())));
    assert_eq!(
        marker("\u{2705} SOC 2 report reviewed"),
        Some((Marker::Green, "SOC 2 report reviewed".into()))
    );
    assert_eq!(
        marker("Ready \u{2014} DPA signed"),
        Some((Marker::Green, "DPA signed".into()))
    );
    assert_eq!(marker("X"), Some((Marker::Green, String::new())));
    assert_eq!(
        marker("\u{1f7e8} DPA pending"),
        Some((Marker::Amber, "DPA pending".into()))
    );
    assert_eq!(
        marker("\u{26a0}\u{fe0f}"),
        Some((Marker::Amber, String::new()))
    );
    assert_eq!(marker("\u{1f7e5}"), Some((Marker::Red, String::new())));
    assert_eq!(marker("\u{1f7e9}"), Some((Marker::Green, String::new())));
    assert_eq!(marker("[ ]"), Some((Marker::Red, String::new())));
    assert_eq!(marker("x-ray"), None);
    assert_eq!(marker("Nobody knows"), None);
    assert_eq!(marker("\u{130}n progress"), None);
    // The words after a status are kept, "deferred" included.
    assert_eq!(
        values::gap_status("Deferred \u{2013} until Series B"),
        Some((GapStatus::Deferred, "until Series B".into()))
    );
    assert_eq!(
        values::gap_status("\u{23f8}\u{fe0f} Paused"),
        Some((GapStatus::Deferred, "Paused".into()))
    );
    assert_eq!(
        values::gap_status("WIP, pairing with Lee"),
        Some((GapStatus::InProgress, "pairing with Lee".into()))
    );
}
