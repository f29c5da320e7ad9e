//! Tables in the wild: headers beyond the LaunchPad templates, columns Preflight does not place,
//! foreign CSV, other score scales, RACI matrices, mappings, and words in a status cell.

use super::{gaps_of, import_text};
use crate::domain::gap::{GapStatus, Priority};
use crate::domain::tables::TableKind;
use crate::markdown_import::tests::{cell, today};
use crate::markdown_import::*;
use crate::storage::Store;

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
        encoding: None,
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
        encoding: None,
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
        encoding: None,
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
        encoding: None,
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

#[test]
fn dates_as_people_write_them_are_read_and_the_words_of_one_not_read_are_kept() {
    let store = Store::open_in_memory().expect("store");
    let text = "\
# Launch

| Item | Owner | Status | Due |
|---|---|---|---|
| Runbooks | Lee | In progress | Dec 10, 2026 |
| Restore drill | Ana | Open | 12/20/2026 |
| Load test | Sam | Open | 03/04/2026 |
| Status page | Sam | Open | after the beta |

| Pillar | Current Score | Target Score | Evidence / Notes | Owner | Next Checkpoint |
|---|---|---|---|---|---|
| Security | 2 | 4 | Pen test booked | Priya | end of Q1 |
| Reliability | 3 | 4 |  | Sam | 10. Dezember 2026 |

| Date | Reviewer | Key Changes / Findings |
|---|---|---|
| 2026年11月3日 | Ana | First review |
| last spring | Lee | DPA signed |
";
    let result = import_text(&store, text).expect("import");
    let summary = result.summary();
    let board = store.gap_board(result.project.id, today()).expect("gaps");
    let due: Vec<(Option<String>, &str)> = board
        .gaps
        .iter()
        .map(|g| (g.due_date.map(|d| d.to_string()), g.notes.as_str()))
        .collect();
    assert_eq!(
        due,
        [
            (Some("2026-12-10".into()), ""),
            (Some("2026-12-20".into()), ""),
            (None, "Due date: 03/04/2026"),
            (None, "Due date: after the beta"),
        ],
        "{summary}"
    );
    // A month written as a word is plain; figures read by their order are named, and so is a
    // date that could be either way round, with both readings.
    assert!(!summary.contains("Dec 10, 2026"), "{summary}");
    assert!(
        summary.contains("due date \u{201c}12/20/2026\u{201d} read as 2026-12-20"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "due date \u{201c}03/04/2026\u{201d} could be 2026-04-03 or 2026-03-04 (write it as \
             YYYY-MM-DD); left empty, the text kept in the notes"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("due date \u{201c}after the beta\u{201d} is not a date; left empty, the text kept in the notes"),
        "{summary}"
    );

    let card = store
        .scorecard(result.project.id, today())
        .expect("scorecard");
    let pillars: Vec<(&str, &str, Option<String>)> = card
        .pillars
        .iter()
        .filter(|p| p.name == "Security" || p.name == "Reliability")
        .map(|p| {
            (
                p.name.as_str(),
                p.evidence.as_str(),
                p.next_checkpoint.map(|d| d.to_string()),
            )
        })
        .collect();
    assert!(
        pillars.contains(&(
            "Security",
            "Pen test booked\nNext checkpoint: end of Q1",
            None
        )),
        "{pillars:?}"
    );
    assert!(
        pillars.contains(&("Reliability", "", Some("2026-12-10".into()))),
        "{pillars:?}"
    );
    // The same table once more, without its evidence column, into the same project: the kept
    // checkpoint is there already, and the evidence is neither replaced nor grown.
    let again = Source {
        name: "again.md".into(),
        text: "| Pillar | Current Score | Next Checkpoint |\n|---|---|---|\n| Security | 2 | end of Q1 |\n"
            .into(),
        encoding: None,
    };
    store
        .import_markdown(
            &MarkdownTarget::Project(result.project.id),
            &plan_sources(&[again]).expect("plan"),
        )
        .expect("second import");
    let card = store
        .scorecard(result.project.id, today())
        .expect("scorecard");
    let security = card
        .pillars
        .iter()
        .find(|p| p.name == "Security")
        .expect("pillar");
    assert_eq!(
        security.evidence,
        "Pen test booked\nNext checkpoint: end of Q1"
    );

    let reviews = store
        .table_rows(result.project.id, TableKind::Reviews)
        .expect("rows");
    assert_eq!(cell(&reviews, 0, "date"), "2026-11-03");
    assert_eq!(cell(&reviews, 1, "date"), "");
    assert_eq!(
        cell(&reviews, 1, "findings"),
        "DPA signed\nDate: last spring"
    );
    assert!(
        summary.contains("Date \u{201c}last spring\u{201d} is not a date; left empty, the text kept in the key changes / findings"),
        "{summary}"
    );
}
