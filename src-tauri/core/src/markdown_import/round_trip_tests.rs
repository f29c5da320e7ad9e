//! Tables exported as Markdown or CSV import back into the same rows, and a Markdown export
//! of an imported project keeps the LaunchPad templates' columns.

use super::tests::{launchpad_docs, new_project, today};
use super::*;
use crate::storage::Store;

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
    // The questions table reports the review; it is not imported (see the test below).
    let tables = ExportTable::ALL
        .into_iter()
        .filter(|t| *t != ExportTable::Questions);
    let mut blocks = Vec::new();
    for table in tables.clone() {
        let bytes = render(&data, table, format, false).expect("render");
        let source = Source {
            name: format!("{}.{}", table.as_str(), format.extension()),
            text: String::from_utf8(bytes).expect("utf-8"),
            encoding: None,
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
    for table in tables {
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
fn a_questions_table_is_refused_by_name_rather_than_read_as_gaps() {
    let source = Source {
        name: "questions.csv".into(),
        text: "Pillar,Question,Practices in Place,Risk,Note\nOps,Rollback?,,High risk,\n".into(),
        encoding: None,
    };
    let err =
        plan_sources_as(&[source], Some(crate::table_export::ExportTable::Questions)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("table: a questions table cannot be imported"),
        "{err}"
    );
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
        let exported =
            String::from_utf8(render(&data, table, TableFormat::Markdown, false).expect("md"))
                .expect("utf-8");
        let ours = header_of(&exported, first);
        let theirs = header_of(&read(file), first);
        assert!(!theirs.is_empty(), "{file}");
        // The template's columns, in its order; Preflight may add its own after them.
        assert_eq!(ours[..theirs.len()], theirs[..], "{table:?}");
    }
    let triggers = String::from_utf8(
        render(&data, ExportTable::Triggers, TableFormat::Markdown, false).expect("md"),
    )
    .expect("utf-8");
    assert!(triggers.contains(
        "| Standard / Law | Why It Applies (or Not) | Required Controls | Current Readiness | \
         Proof / References | Gaps & Next Actions | Owner | Review Date |"
    ));
}
