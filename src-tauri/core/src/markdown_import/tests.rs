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

fn new_project(store: &Store, paths: &[PathBuf]) -> MarkdownImport {
    import(store, MarkdownTarget::New("LaunchPad".into()), paths).expect("import")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

fn cell<'a>(rows: &'a [crate::domain::tables::TableRow], i: usize, key: &str) -> &'a str {
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

    // Every table was placed; the summary names each file.
    assert!(
        result.blocks.iter().all(|b| b.destination.is_some()),
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
        .filter(|b| b.destination.is_none())
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

/// Exports every table of the sample as `format`, plans the files (with the table named, as
/// `import-csv --table` does, when `named`), imports them into a new project and checks that
/// every table came back with the same rows.
fn assert_exported_tables_import_back(format: crate::table_export::TableFormat, named: bool) {
    use crate::table_export::{render, ExportTable};
    let store = Store::open_in_memory().expect("store");
    let sample = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample");
    let data = store.report_data(sample.id, today()).expect("data");
    let mut blocks = Vec::new();
    for table in ExportTable::ALL {
        let bytes = render(&data, table, format).expect("render");
        let source = Source {
            name: format!("{}.{}", table.as_str(), format.extension()),
            text: String::from_utf8(bytes).expect("utf-8"),
        };
        blocks.extend(plan_sources_as(&[source], named.then_some(table)).expect("plan"));
    }
    assert!(
        blocks.iter().all(|b| b.destination().is_some()),
        "{blocks:#?}"
    );
    let copy = store
        .import_markdown(&MarkdownTarget::New("Round trip".into()), &blocks)
        .expect("import");
    let back = store.report_data(copy.project.id, today()).expect("data");
    for table in ExportTable::ALL {
        assert_eq!(
            crate::table_export::grid(&back, table),
            crate::table_export::grid(&data, table),
            "{table:?} as {format:?}"
        );
    }
}

#[test]
fn an_exported_table_imports_back_into_the_same_rows() {
    assert_exported_tables_import_back(crate::table_export::TableFormat::Markdown, false);
}

#[test]
fn every_table_exported_as_csv_imports_back_into_the_same_rows() {
    // By header alone, and with the table named as `import-csv --table` does.
    for named in [false, true] {
        assert_exported_tables_import_back(crate::table_export::TableFormat::Csv, named);
    }
}

#[test]
fn markdown_export_of_an_imported_project_has_the_templates_columns() {
    use crate::table_export::{render, ExportTable, TableFormat};
    let store = Store::open_in_memory().expect("store");
    let id = new_project(&store, &[launchpad_docs()]).project.id;
    let data = store.report_data(id, today()).expect("data");
    let header_of = |text: &str, first: &str| -> Vec<String> {
        let doc = parse::document(text);
        doc.tables
            .into_iter()
            .find(|t| t.header.first().map(String::as_str) == Some(first))
            .map(|t| {
                t.header
                    .iter()
                    .map(|h| h.replace('\u{2011}', "-"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let read = |name: &str| std::fs::read_to_string(launchpad_docs().join(name)).expect("template");
    for (table, file, first) in [
        (
            ExportTable::Scorecard,
            "production-scorecard-template.md",
            "Pillar",
        ),
        (
            ExportTable::Alignment,
            "north-star-alignment.md",
            "Goal / Outcome",
        ),
        (
            ExportTable::Stakeholders,
            "stakeholder-canvas.md",
            "Stakeholder / Role",
        ),
        (
            ExportTable::DataInventory,
            "compliance-notes-template.md",
            "Data Category",
        ),
        (
            ExportTable::Vendors,
            "compliance-notes-template.md",
            "Vendor",
        ),
        (ExportTable::Reviews, "compliance-notes-template.md", "Date"),
    ] {
        let exported = String::from_utf8(render(&data, table, TableFormat::Markdown).expect("md"))
            .expect("utf-8");
        let ours = header_of(&exported, first);
        let theirs = header_of(&read(file), first);
        assert!(!theirs.is_empty(), "{file}");
        // The template's columns, in its order; Preflight may add its own after them.
        assert_eq!(ours[..theirs.len()], theirs[..], "{table:?}");
    }
    let triggers =
        String::from_utf8(render(&data, ExportTable::Triggers, TableFormat::Markdown).expect("md"))
            .expect("utf-8");
    assert!(triggers.contains(
        "| Standard / Law | Why It Applies (or Not) | Required Controls | Current Readiness | \
         Proof / References | Gaps & Next Actions | Owner | Review Date |"
    ));
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
            let sources = [Source { name: "x.md".into(), text: doc }];
            if let Err(e) = plan_sources(&sources) {
                proptest::prop_assert!(e.to_string().starts_with("x.md:"), "{e}");
            }
        }
    }
}

#[test]
fn markers_and_words_are_read_without_cutting_inside_a_character() {
    use columns::{marker, Marker};
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
    assert_eq!(marker("Nobody knows"), None);
    assert_eq!(marker("\u{130}n progress"), None);
    assert_eq!(
        columns::date("Example: 2026\u{2011}01\u{2011}01").map(|d| d.1),
        Some(true)
    );
    assert_eq!(columns::date("2026-01-01 or 2026-02-01"), None);
}

/// Imports `text` as one Markdown file into a new project and returns the result.
fn import_text(store: &Store, text: &str) -> Result<MarkdownImport> {
    let source = Source {
        name: "doc.md".into(),
        text: text.to_owned(),
    };
    store.import_markdown(
        &MarkdownTarget::New("Docs".into()),
        &plan_sources(&[source])?,
    )
}

/// The imported gaps as (title, notes, category, priority), in order.
fn gaps_of(store: &Store, result: &MarkdownImport) -> Vec<(String, String, String, Priority)> {
    store
        .gap_board(result.project.id, today())
        .expect("gaps")
        .gaps
        .into_iter()
        .map(|g| (g.title, g.notes, g.category, g.priority))
        .collect()
}

#[test]
fn a_bold_label_becomes_the_title_and_the_rest_the_notes() {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(
        &store,
        "## Reliability\n\n\
         - [ ] **Circuit breakers** – a failing dependency never takes checkout down\n\
         - [ ] **Charset:** UTF-8 declared first\n\
         - [ ] **Runbooks**\n",
    )
    .expect("import");
    let gaps = gaps_of(&store, &result);
    let titles: Vec<(&str, &str)> = gaps.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
    assert_eq!(
        titles,
        [
            (
                "Circuit breakers",
                "a failing dependency never takes checkout down"
            ),
            ("Charset", "UTF-8 declared first"),
            ("Runbooks", ""),
        ]
    );
}

#[test]
fn badges_and_priority_words_set_the_priority_and_images_are_listed_not_read_as_words() {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(
        &store,
        "## Pages\n\n\
         - [ ] ![High](https://img.shields.io/badge/priority-High-red) Every page starts with a title\n\
         - [ ] Logo shown ![company logo](logo.png) on every page\n\
         - [ ] High: backups verified\n\
         - [ ] [Low] Dark mode\n\
         - [ ] \u{1f7e2} Nice dashboard\n\
         - [ ] High availability configured\n",
    )
    .expect("import");
    let gaps = gaps_of(&store, &result);
    let got: Vec<(&str, Priority)> = gaps.iter().map(|g| (g.0.as_str(), g.3)).collect();
    assert_eq!(
        got,
        [
            ("Every page starts with a title", Priority::Critical),
            ("Logo shown on every page", Priority::Recommended),
            ("backups verified", Priority::Critical),
            ("Dark mode", Priority::Optional),
            ("Nice dashboard", Priority::Optional),
            ("High availability configured", Priority::Recommended),
        ]
    );
    let summary = result.summary();
    assert!(
        summary.contains("image \u{201c}company logo\u{201d} left out"),
        "{summary}"
    );
}

#[test]
fn html_and_entities_become_text() {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(
        &store,
        "## Data\n\n- [ ] <em>Encrypt</em> backups &amp; snapshots<br>weekly\n",
    )
    .expect("import");
    let gaps = gaps_of(&store, &result);
    assert_eq!(
        (gaps[0].0.as_str(), gaps[0].1.as_str()),
        ("Encrypt backups & snapshots", "weekly"),
        "a line break moves the rest to the notes"
    );
}

#[test]
fn nested_items_keep_the_documents_order_and_their_parent() {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(
        &store,
        "## Ops\n\n\
         - [ ] Observability\n  - [ ] Central logs\n  - [ ] Alert routing\n\
         - [ ] Runbooks\n",
    )
    .expect("import");
    let gaps = gaps_of(&store, &result);
    let got: Vec<(&str, &str)> = gaps.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Observability", ""),
            ("Central logs", "Part of: Observability"),
            ("Alert routing", "Part of: Observability"),
            ("Runbooks", ""),
        ]
    );
}

#[test]
fn repeated_headings_keep_their_parent_and_numbering_and_emoji_are_not_names() {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(
        &store,
        "# Guide\n\n## Front end\n\n### Best practices\n\n- [ ] Lazy images\n\n\
         ## Back end\n\n### Best practices\n\n- [ ] Pooled connections\n\n\
         Security\n========\n\n- [ ] Setext heading item\n\n\
         ## 7) Operations\n\n- [ ] Numbered heading item\n\n\
         ### \u{2705} SECURITY REVIEW\n\n- [ ] Emoji heading item\n",
    )
    .expect("import");
    let categories: Vec<String> = gaps_of(&store, &result).into_iter().map(|g| g.2).collect();
    assert_eq!(
        categories,
        [
            "Front end \u{203a} Best practices",
            "Back end \u{203a} Best practices",
            "Security",
            "Operations",
            "SECURITY REVIEW",
        ]
    );
}

#[test]
fn only_a_heading_that_says_controls_makes_controls_and_labels_are_never_rewritten() {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(
        &store,
        "## Access control\n\n- [ ] Least privilege for secrets\n",
    )
    .expect("import");
    let gaps = gaps_of(&store, &result);
    assert_eq!(gaps[0].0, "Least privilege for secrets");
    let compliance = store
        .compliance(result.project.id, today())
        .expect("compliance");
    let labels: Vec<&str> = compliance
        .controls
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(labels, crate::domain::compliance::BASELINE_CONTROLS);

    // Into an existing project, a differently worded match ticks the control, keeps its label
    // and says so.
    let again = store
        .import_markdown(
            &MarkdownTarget::Project(result.project.id),
            &plan_sources(&[Source {
                name: "controls.md".into(),
                text: "## Baseline controls\n\n- [x] Secrets stored outside the repo\n".into(),
            }])
            .expect("plan"),
        )
        .expect("import");
    let controls = store
        .compliance(result.project.id, today())
        .expect("compliance")
        .controls;
    let secrets = controls
        .iter()
        .find(|c| c.label == "Secrets kept out of the repository")
        .expect("built-in label kept");
    assert!(secrets.done);
    assert!(
        again.summary().contains("counted as the baseline control"),
        "{}",
        again.summary()
    );
}

#[test]
fn a_document_with_nothing_to_import_creates_no_project_and_says_why() {
    let store = Store::open_in_memory().expect("store");
    let err = import_text(
        &store,
        "# Notes\n\nJust prose, no checklist.\n- a plain bullet\n",
    )
    .expect_err("nothing to import");
    assert!(err.to_string().contains("nothing to import"), "{err}");
    assert!(store
        .list_projects(crate::domain::ProjectView::Active)
        .expect("list")
        .is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Every visible word of every generated checklist item reaches its gap's title or notes,
    /// whatever bold label, emphasis, inline code, HTML or nesting it comes with.
    #[test]
    fn every_visible_word_of_a_checklist_item_reaches_a_gap(
        items in proptest::collection::vec(
            (
                proptest::option::of("[a-z]{2,8}( [a-z]{2,8}){0,2}"),
                "[a-z]{2,8}( [a-z]{2,8}){0,5}",
                0_u8..5,
                proptest::bool::ANY,
            ),
            1..8,
        )
    ) {
        let mut text = String::from("## Checklist\n\n");
        for (label, rest, style, nested) in &items {
            let indent = if *nested && text.contains("- [") { "  " } else { "" };
            let rest = match style {
                0 => rest.clone(),
                1 => format!("<em>{rest}</em>"),
                2 => format!("_{rest}_"),
                3 => format!("`{rest}`"),
                _ => rest.replacen(' ', " &amp; ", 1),
            };
            let body = match label {
                Some(label) => format!("**{label}** \u{2013} {rest}"),
                None => rest,
            };
            text.push_str(&format!("{indent}- [ ] {body}\n"));
        }
        let store = Store::open_in_memory().expect("store");
        let result = import_text(&store, &text).expect("import");
        let stored: String = gaps_of(&store, &result)
            .into_iter()
            .map(|g| format!("{} {}", g.0, g.1))
            .collect::<Vec<_>>()
            .join(" ");
        for (label, rest, _, _) in &items {
            for word in label.iter().flat_map(|l| l.split(' ')).chain(rest.split(' ')) {
                proptest::prop_assert!(
                    stored.split(|c: char| !c.is_alphanumeric()).any(|w| w == word),
                    "{word:?} of {text:?} is missing from {stored:?}"
                );
            }
        }
    }
}

#[test]
fn an_item_two_files_bring_is_already_there_and_names_the_file_that_brought_it_first() {
    let store = Store::open_in_memory().expect("store");
    let checklist = "## Security\n\n- [ ] Rotate secrets\n- [ ] Pin dependencies\n";
    let sources = [
        Source {
            name: "en/README.md".into(),
            text: checklist.into(),
        },
        Source {
            name: "fr/README.md".into(),
            text: checklist.into(),
        },
    ];
    let result = store
        .import_markdown(
            &MarkdownTarget::New("Translations".into()),
            &plan_sources(&sources).expect("plan"),
        )
        .expect("import");
    let second = &result.blocks[1];
    assert_eq!((second.added, second.unchanged), (0, 2));
    assert!(
        second
            .notes
            .contains(&"2 items already there, first brought by en/README.md".to_owned()),
        "{:?}",
        second.notes
    );
    let summary = result.summary();
    assert!(summary.contains("  fr/README.md\n    line 3"), "{summary}");
    assert!(
        summary.contains("In all: Gap tracker: 2 added, 2 already there"),
        "{summary}"
    );
}

#[test]
fn files_of_the_same_name_from_two_folders_are_told_apart() {
    let dir = tempfile::tempdir().expect("dir");
    for folder in ["atlas", "borealis"] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
        std::fs::write(dir.path().join(folder).join("README.md"), "- [ ] x\n").expect("file");
    }
    let sources =
        read_sources(&[dir.path().join("atlas"), dir.path().join("borealis")]).expect("read");
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["atlas/README.md", "borealis/README.md"]);
}

#[test]
fn common_real_headers_are_recognised_and_unplaced_columns_keep_their_words() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
# Readiness

| Domain | Current | Target |
|---|---|---|
| Reliability | 2 | 4 |

| **Name** | **Role** | Influence | Interest | Key Concerns | Engagement Strategy |
|---|---|---|---|---|---|
| Zoë Łukasiewicz | CTO | High | High | Uptime | Weekly sync |

| Task | Owner | Status |
|---|---|---|
| Load test checkout | Søren | \u{1f504} In progress |

| Check name | Description | Level |
|---|---|---|
| TLS everywhere | Every endpoint serves HTTPS | High |

| Name | Level | Scope | Comment |
|---|---|---|---|
| Audit log | Low | Admin actions | Keep one year |

| Risk | Severity | Mitigation |
|---|---|---|
| Payment provider outage | Medium | Queue and retry |

| Task | Status |
|---|---|
| Dark mode | \u{2b1c} Pending |
| Cache warmup | :white_check_mark: |
";
    let result = import_text(&store, text).expect("import");
    let destinations: Vec<Option<&str>> = result
        .blocks
        .iter()
        .map(|b| b.destination.as_deref())
        .collect();
    assert_eq!(
        destinations,
        [
            Some("Readiness scorecard"),
            Some("Stakeholder canvas"),
            Some("Gap tracker"),
            Some("Gap tracker"),
            Some("Gap tracker"),
            Some("Gap tracker"),
            Some("Gap tracker"),
        ],
        "{}",
        result.summary()
    );
    let card = store
        .scorecard(result.project.id, today())
        .expect("scorecard");
    assert_eq!(card.pillars[0].name, "Reliability");
    assert_eq!(
        (card.pillars[0].current_score, card.pillars[0].target_score),
        (Some(2), 4)
    );
    let people = store
        .table_rows(result.project.id, TableKind::Stakeholders)
        .expect("rows");
    assert_eq!(cell(&people, 0, "stakeholder"), "Zoë Łukasiewicz");
    assert_eq!(cell(&people, 0, "whyTheyCare"), "Uptime");
    assert_eq!(cell(&people, 0, "cadence"), "Weekly sync");
    // Role, influence and interest have no column of their own: their words are kept.
    let kept = cell(&people, 0, "risks");
    assert!(
        kept.contains("Role: CTO") && kept.contains("Influence: High"),
        "{kept}"
    );

    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let gap = |title: &str| {
        board
            .gaps
            .iter()
            .find(|g| g.title == title)
            .unwrap_or_else(|| panic!("no gap {title}: {}", result.summary()))
    };
    assert_eq!(gap("Load test checkout").status, GapStatus::InProgress);
    assert_eq!(gap("Load test checkout").owner, "Søren");
    assert_eq!(gap("TLS everywhere").priority, Priority::Critical);
    assert_eq!(gap("TLS everywhere").notes, "Every endpoint serves HTTPS");
    assert_eq!(gap("Audit log").priority, Priority::Optional);
    assert!(gap("Audit log").notes.contains("Scope: Admin actions"));
    assert_eq!(
        gap("Payment provider outage").priority,
        Priority::Recommended
    );
    assert_eq!(gap("Payment provider outage").notes, "Queue and retry");
    assert_eq!(gap("Dark mode").status, GapStatus::Open);
    assert_eq!(gap("Cache warmup").status, GapStatus::Done);
}

#[test]
fn a_foreign_csv_in_any_column_order_imports_and_a_bad_value_names_its_line() {
    let store = Store::open_in_memory().expect("store");
    let gaps = Source {
        name: "tasks.csv".into(),
        text: "\u{feff}Owner;Status;Task\r\nSøren;Done;Rotate secrets\r\nZoë;WIP;\"Load test; checkout\"\r\n"
            .into(),
    };
    let result = store
        .import_markdown(
            &MarkdownTarget::New("Spreadsheet".into()),
            &plan_sources_as(&[gaps], Some(crate::table_export::ExportTable::Gaps)).expect("plan"),
        )
        .expect("import");
    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let got: Vec<(&str, &str, GapStatus)> = board
        .gaps
        .iter()
        .map(|g| (g.title.as_str(), g.owner.as_str(), g.status))
        .collect();
    assert_eq!(
        got,
        [
            ("Rotate secrets", "Søren", GapStatus::Done),
            ("Load test; checkout", "Zoë", GapStatus::InProgress),
        ]
    );
    let scores = Source {
        name: "scores.csv".into(),
        text: "Pillar,Current Score,Target\nSecurity,3,4\nReliability,9,4\n".into(),
    };
    let err = plan_sources(&[scores]).expect_err("bad score");
    assert!(err.to_string().starts_with("scores.csv:3"), "{err}");
}

#[test]
fn scores_on_another_scale_are_rescaled_and_a_raci_matrix_becomes_stakeholders() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
| Domain | Current (0-10) | Target (0-10) |
|---|---|---|
| Reliability | 6 | 8 |
| Security | 10 | 10 |

| Pillar | Score |
|---|---|
| Observability | 7/10 |

| Activity | Zoë | Søren | Amara |
|---|---|---|---|
| Deploy pipeline | A | R | I |
| Incident response | C | A, R | |
";
    let result = import_text(&store, text).expect("import");
    let card = store
        .scorecard(result.project.id, today())
        .expect("scorecard");
    let scores: Vec<(&str, Option<u8>, u8)> = card
        .pillars
        .iter()
        .map(|p| (p.name.as_str(), p.current_score, p.target_score))
        .collect();
    assert_eq!(
        scores,
        [
            ("Reliability", Some(3), 4),
            ("Security", Some(5), 5),
            ("Observability", Some(4), 4),
        ]
    );
    assert!(
        result.summary().contains("scores rescaled to 1\u{2013}5"),
        "{}",
        result.summary()
    );
    let people = store
        .table_rows(result.project.id, TableKind::Stakeholders)
        .expect("rows");
    let names: Vec<&str> = (0..people.len())
        .map(|i| cell(&people, i, "stakeholder"))
        .collect();
    assert_eq!(names, ["Zoë", "Søren", "Amara"]);
    assert_eq!(
        cell(&people, 1, "whyTheyCare"),
        "Responsible for: Deploy pipeline, Incident response\nAccountable for: Incident response"
    );
    assert_eq!(
        cell(&people, 2, "whyTheyCare"),
        "Informed of: Deploy pipeline"
    );
}

#[test]
fn a_mapping_places_tables_preflight_does_not_recognise() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
| Control | Responsible | Done? | Budget |
|---|---|---|---|
| Rotate secrets | Søren | \u{2705} | 2k |
| Pen test | Amara | no | 10k |

| Safeguard | In place |
|---|---|
| Web application firewall | yes |

| Sprint | Velocity |
|---|---|
| 12 | 30 |
";
    let mapping = mapping::Mapping::parse(
        r#"{"format": "preflight-mapping", "version": 1, "tables": [
            {"header": ["Control", "Responsible", "Done?", "Budget"], "target": "gaps",
             "columns": ["title", "owner", "status", null]},
            {"header": ["Safeguard", "In place"], "target": "controls",
             "columns": ["label", "done"]},
            {"header": ["Sprint", "Velocity"], "target": "skip", "columns": [null, null]}]}"#,
    )
    .expect("mapping");
    let source = Source {
        name: "security.md".into(),
        text: text.into(),
    };
    let options = PlanOptions {
        table: None,
        mapping: Some(&mapping),
    };
    let blocks = plan_sources_with(&[source], &options).expect("plan");
    let result = store
        .import_markdown(&MarkdownTarget::New("Mapped".into()), &blocks)
        .expect("import");
    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let got: Vec<(&str, &str, GapStatus, &str)> = board
        .gaps
        .iter()
        .map(|g| {
            (
                g.title.as_str(),
                g.owner.as_str(),
                g.status,
                g.notes.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Rotate secrets", "Søren", GapStatus::Done, "Budget: 2k"),
            ("Pen test", "Amara", GapStatus::Open, "Budget: 10k"),
        ]
    );
    let controls = store
        .compliance(result.project.id, today())
        .expect("compliance")
        .controls;
    assert!(controls
        .iter()
        .any(|c| c.label == "Web application firewall" && c.done));
    let skipped = &result.blocks[2];
    assert_eq!(skipped.skipped.as_deref(), Some("skipped by the mapping"));
}

#[test]
fn plain_bullets_under_a_checklist_heading_are_offered_for_mapping_not_dropped() {
    let store = Store::open_in_memory().expect("store");
    let text = "# Guide\n\n## How to use\n\n- read this first\n\n## Launch checklist\n\n- Rotate secrets\n- Pin dependencies\n";
    let source = Source {
        name: "launch.md".into(),
        text: text.into(),
    };
    let err = store
        .import_markdown(
            &MarkdownTarget::New("Launch".into()),
            &plan_sources(std::slice::from_ref(&source)).expect("plan"),
        )
        .expect_err("only bullets");
    assert!(
        err.to_string().contains("plain bullets without checkboxes"),
        "{err}"
    );
    let unmatched = unmatched_tables(std::slice::from_ref(&source), None).expect("unmatched");
    assert_eq!(
        unmatched.len(),
        1,
        "only the checklist heading's bullets: {unmatched:?}"
    );
    assert_eq!(
        unmatched[0].rows,
        [
            vec!["Rotate secrets".to_owned()],
            vec!["Pin dependencies".to_owned()]
        ]
    );
    let mapping = mapping::Mapping::parse(
        r#"{"format": "preflight-mapping", "version": 1, "tables": [
            {"header": ["Item"], "target": "gaps", "columns": ["title"]}]}"#,
    )
    .expect("mapping");
    let blocks = plan_sources_with(
        &[source],
        &PlanOptions {
            table: None,
            mapping: Some(&mapping),
        },
    )
    .expect("plan");
    let result = store
        .import_markdown(&MarkdownTarget::New("Launch".into()), &blocks)
        .expect("import");
    let gaps = gaps_of(&store, &result);
    let got: Vec<(&str, &str)> = gaps.iter().map(|g| (g.0.as_str(), g.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Rotate secrets", "Launch checklist"),
            ("Pin dependencies", "Launch checklist")
        ]
    );
}

#[test]
fn words_in_a_status_or_priority_cell_beyond_what_it_sets_are_kept_in_the_notes() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
| Task | Status | Priority |
|---|---|---|
| Vendor DPA | \u{1f7e1} In progress \u{2014} waiting for legal | High |
| Cookie banner | N/A | someday |
";
    let result = import_text(&store, text).expect("import");
    let gaps = gaps_of(&store, &result);
    assert_eq!(gaps[0].1, "Status: waiting for legal");
    assert_eq!(gaps[1].1, "Priority: someday\nStatus: N/A");
    let summary = result.summary();
    assert!(
        summary.contains("status \u{201c}N/A\u{201d} not understood"),
        "{summary}"
    );
}
