//! Tests of the importer on the shapes readiness docs take in the wild (issue #16): checklist
//! items that must come in whole, tables beyond the LaunchPad templates, mappings, CSV, and
//! the summary. Every fixture is written here, in the test that reads it.

use super::tests::{cell, today};
use super::*;
use crate::domain::gap::{GapStatus, Priority};
use crate::domain::tables::TableKind;
use crate::storage::Store;

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
