//! Tests of the importer on the shapes readiness docs take in the wild (issue #16): checklist
//! items that must come in whole, tables beyond the LaunchPad templates, mappings, CSV, and
//! the summary (tables in `tables`). Every fixture is written here, in the test that reads it.

use super::tests::today;
use super::*;
use crate::domain::gap::Priority;
use crate::storage::Store;

mod encodings;
mod kept;
mod languages;
mod prose;
mod tables;

/// Imports `text` as one Markdown file into a new project and returns the result.
fn import_text(store: &Store, text: &str) -> Result<MarkdownImport> {
    let source = Source {
        name: "doc.md".into(),
        text: text.to_owned(),
        encoding: None,
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
                encoding: None,
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
fn a_done_column_ticked_with_x_and_p_numbered_priorities_are_read() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
| # | Item | Priority | Done |
|---|---|---|:-:|
| 1 | DNS cut-over reviewed | P0 | x |
| 2 | Rollback rehearsed | P2 | \u{2717} |
| 3 | Status page | Nice to have for launch | |
";
    let result = import_text(&store, text).expect("import");
    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let read: Vec<(&str, crate::domain::gap::GapStatus, Priority)> = board
        .gaps
        .iter()
        .map(|g| (g.title.as_str(), g.status, g.priority))
        .collect();
    use crate::domain::gap::GapStatus::{Done, Open};
    assert_eq!(
        read,
        [
            ("DNS cut-over reviewed", Done, Priority::Critical),
            ("Rollback rehearsed", Open, Priority::Recommended),
            ("Status page", Open, Priority::Optional),
        ],
        "{}",
        result.summary()
    );
    assert!(
        !result.summary().contains("not understood"),
        "{}",
        result.summary()
    );
}

#[test]
fn an_item_that_says_when_it_is_due_gets_that_due_date_and_keeps_its_words() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
## Launch

- [ ] Pen test with the vendor \u{2014} due 2026-12-15
- [ ] @sam: write the failover runbook (due: Dec 18, 2026) #ops
- [ ] Renew certificates, due by 20.12.2026.
- [ ] Fix the outage due to a bad deploy
- [ ] Finish due diligence report 2026-03-01
- [ ] Load test (due 03/04/2026)
";
    let result = import_text(&store, text).expect("import");
    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let read: Vec<(&str, Option<String>)> = board
        .gaps
        .iter()
        .map(|g| (g.title.as_str(), g.due_date.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        read,
        [
            (
                "Pen test with the vendor \u{2014} due 2026-12-15",
                Some("2026-12-15".into())
            ),
            (
                "@sam: write the failover runbook (due: Dec 18, 2026) #ops",
                Some("2026-12-18".into())
            ),
            (
                "Renew certificates, due by 20.12.2026.",
                Some("2026-12-20".into())
            ),
            ("Fix the outage due to a bad deploy", None),
            ("Finish due diligence report 2026-03-01", None),
            ("Load test (due 03/04/2026)", None),
        ]
    );
    assert!(
        result
            .summary()
            .contains("3 items: the due date read from the item's own words"),
        "{}",
        result.summary()
    );
    let owners: Vec<&str> = board.gaps.iter().map(|g| g.owner.as_str()).collect();
    assert_eq!(owners, ["", "sam", "", "", "", ""]);
}

#[test]
fn an_item_that_names_its_owner_gets_that_owner_and_keeps_its_words() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
## Security

- [x] **SSO enforced** for admin console (owner: @Priya)
- [ ] Rotate keys. Owner: Jürgen Groß; weekly
- [ ] @lee review the alerts
- [ ] Decide who the owner: is of the data retention policy across every region we serve
- [ ] \u{130}STANBUL office DUE 2027-01-04 (Owner: Ay\u{15f}e)
";
    let result = import_text(&store, text).expect("import");
    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let read: Vec<(&str, &str, &str)> = board
        .gaps
        .iter()
        .map(|g| (g.title.as_str(), g.notes.as_str(), g.owner.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("SSO enforced", "for admin console (owner: @Priya)", "Priya"),
            ("Rotate keys. Owner: Jürgen Groß; weekly", "", "Jürgen Groß"),
            ("@lee review the alerts", "", "lee"),
            (
                "Decide who the owner: is of the data retention policy across every region we serve",
                "",
                ""
            ),
            (
                "\u{130}STANBUL office DUE 2027-01-04 (Owner: Ay\u{15f}e)",
                "",
                "Ay\u{15f}e"
            ),
        ]
    );
    assert_eq!(
        board.gaps[4].due_date.map(|d| d.to_string()).as_deref(),
        Some("2027-01-04")
    );
    assert!(
        result
            .summary()
            .contains("4 items: the owner read from the item's own words"),
        "{}",
        result.summary()
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
            encoding: None,
        },
        Source {
            name: "fr/README.md".into(),
            text: checklist.into(),
            encoding: None,
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
