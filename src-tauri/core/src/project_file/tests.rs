//! Tests of the project file: round trips through a second database, errors with JSON paths,
//! the three import modes, and property tests over validation.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::ProjectFile;
use crate::domain::ProjectView;
use crate::error::CoreError;
use crate::storage::{ImportMode, Store};

fn sample_store() -> (Store, uuid::Uuid) {
    let store = Store::open_in_memory().expect("store");
    let sample = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample created");
    (store, sample.id)
}

pub(super) fn exported(store: &Store, id: uuid::Uuid) -> String {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 30, 0)
        .single()
        .expect("time");
    store
        .project_file(id, at)
        .expect("export")
        .to_json()
        .expect("json")
}

fn sample_json() -> Value {
    let (store, id) = sample_store();
    serde_json::from_str(&exported(&store, id)).expect("json")
}

/// `value` without review questions and the answers milestones froze, as a file of format
/// version 4 or older would be.
pub(super) fn without_review(value: &mut Value) {
    if let Some(file) = value.as_object_mut() {
        file.remove("questions");
    }
    for m in value["milestones"].as_array_mut().into_iter().flatten() {
        if let Some(m) = m.as_object_mut() {
            m.remove("answers");
        }
    }
}

pub(super) fn error_of(value: &Value) -> String {
    match ProjectFile::parse(&value.to_string()) {
        Err(e @ CoreError::InvalidFile { .. }) => e.to_string(),
        other => panic!("expected an invalid-file error, got {other:?}"),
    }
}

#[test]
fn export_import_export_round_trips_through_another_database() {
    let (store, id) = sample_store();
    let first = exported(&store, id);
    let file = ProjectFile::parse(&first).expect("valid");
    let other = Store::open_in_memory().expect("store");
    let imported = other
        .import_project_file(&file, ImportMode::New)
        .expect("import");
    assert_eq!(imported.project.id, id);
    assert!(!imported.replaced && imported.renamed_from.is_none());
    assert_eq!(exported(&other, id), first);
    let value: Value = serde_json::from_str(&first).expect("json");
    assert_eq!(value["format"], "preflight-project");
    assert_eq!(value["version"], 6);
    assert!(value["scorecard"].as_array().is_some_and(|a| a.len() == 8));
    assert!(value["milestones"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
    assert!(value["tables"]["dataInventory"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
}

#[test]
fn a_re_scoring_rhythm_travels_with_the_project() {
    let (store, id) = sample_store();
    let before: Value = serde_json::from_str(&exported(&store, id)).expect("json");
    assert_eq!(before["project"]["reviewEveryWeeks"], Value::Null);
    store.set_review_cadence(id, Some(6)).expect("rhythm");
    let text = exported(&store, id);
    let value: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["project"]["reviewEveryWeeks"], 6);
    let other = Store::open_in_memory().expect("store");
    let file = ProjectFile::parse(&text).expect("valid");
    other
        .import_project_file(&file, ImportMode::New)
        .expect("import");
    assert_eq!(
        other.project(id).expect("project").review_every_weeks,
        Some(6)
    );
    assert_eq!(exported(&other, id), text);
}

#[test]
fn a_bad_value_is_named_by_its_json_path() {
    let mut value = sample_json();
    value["scorecard"][3]["target"] = json!(9);
    assert_eq!(
        error_of(&value),
        "scorecard[3].target: must be a whole number from 1 to 5 (got 9)"
    );
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|v| v["scorecard"][0]["current"] = json!(2.5)),
            "scorecard[0].current: must be a whole number from 1 to 5 (got 2.5)",
        ),
        (
            Box::new(|v| v["gaps"][2]["dueDate"] = json!("2026-02-30")),
            "gaps[2].dueDate: must be a date written YYYY-MM-DD",
        ),
        (
            Box::new(|v| v["gaps"][0]["priority"] = json!("urgent")),
            "gaps[0].priority: unknown variant `urgent`",
        ),
        (
            Box::new(|v| {
                v["tables"]["dataInventory"][0]["cells"]["classification"] = json!("Top secret")
            }),
            "tables.dataInventory[0].cells.classification: must be one of Public",
        ),
        (
            Box::new(|v| v["tables"]["vendors"][0]["cells"]["colour"] = json!("red")),
            "tables.vendors[0].cells: Vendors & integrations has no column \"colour\"",
        ),
        (
            Box::new(|v| v["project"]["name"] = json!("  ")),
            "project.name: is required",
        ),
        (
            Box::new(|v| v["project"]["nickname"] = json!("x")),
            "project.nickname: unknown field `nickname`",
        ),
        (
            Box::new(|v| v["milestones"][0]["takenOn"] = json!("yesterday")),
            "milestones[0].takenOn: must be a date written YYYY-MM-DD",
        ),
        (
            Box::new(|v| v["compliance"]["controls"][1]["label"] = json!("")),
            "compliance.controls[1].label: is required",
        ),
        (
            Box::new(|v| {
                let first = v["gaps"][0]["id"].clone();
                v["gaps"][1]["id"] = first;
            }),
            "gaps[1].id: the id",
        ),
        (
            Box::new(|v| v["gaps"][0]["pillarId"] = json!("0190a4b2-0000-7000-8000-000000000000")),
            "gaps[0].pillarId: no pillar with the id",
        ),
        (
            Box::new(|v| v["version"] = json!(7)),
            "version: the file has format version 7, but this Preflight reads versions 1 to 6",
        ),
        (
            Box::new(|v| v["project"]["reviewEveryWeeks"] = json!(0)),
            "project.reviewEveryWeeks: re-score every 1 to 52 weeks, not 0",
        ),
        (
            Box::new(|v| v["project"]["reviewEveryWeeks"] = json!(300)),
            "project.reviewEveryWeeks: invalid value: integer `300`",
        ),
        (
            Box::new(|v| {
                without_review(v);
                v["version"] = json!(3);
                v["project"]["reviewEveryWeeks"] = json!(4);
            }),
            "project.reviewEveryWeeks: is not part of format versions 1 to 3",
        ),
        (
            Box::new(|v| v["format"] = json!("other-app")),
            "format: must be \"preflight-project\"",
        ),
        // Found by the fuzzer: chrono reads signed years, which then could not be read back
        // from the database, so the imported project could no longer be exported.
        (
            Box::new(|v| v["milestones"][0]["createdAt"] = json!("-026-11-01T09:00:00Z")),
            "milestones[0].createdAt: must be a time in the years 1970 to 9999 (got -0026-11-01T09:00:00",
        ),
        (
            Box::new(|v| v["project"]["createdAt"] = json!("+12026-11-01T09:00:00Z")),
            "project.createdAt: must be a time in the years 1970 to 9999",
        ),
        (
            Box::new(|v| v["gaps"][1]["dueDate"] = json!("-026-12-01")),
            "gaps[1].dueDate: must be a date written YYYY-MM-DD (got \"-026-12-01\")",
        ),
        (
            Box::new(|v| v["milestones"][0]["takenOn"] = json!("+12026-12-01")),
            "milestones[0].takenOn: must be a date written YYYY-MM-DD",
        ),
        (
            Box::new(|v| v["scorecard"] = json!({})),
            "scorecard: invalid type: map, expected a sequence",
        ),
    ];
    for (change, expected) in cases {
        let mut value = sample_json();
        change(&mut value);
        let message = error_of(&value);
        assert!(
            message.starts_with(expected),
            "{message:?} should start with {expected:?}"
        );
    }
    assert!(ProjectFile::parse("{ not json").is_err());
    assert!(ProjectFile::parse("[]").is_err());
}

#[test]
fn the_same_project_needs_copy_or_replace_and_both_keep_what_exists() {
    let (store, id) = sample_store();
    let text = exported(&store, id);
    let file = ProjectFile::parse(&text).expect("valid");
    let conflict = store
        .import_project_file(&file, ImportMode::New)
        .expect_err("already there");
    assert_eq!(conflict.field(), Some("projectId"));
    assert_eq!(
        store
            .list_projects(ProjectView::Active)
            .expect("list")
            .len(),
        1
    );

    let copy = store
        .import_project_file(&file, ImportMode::AsCopy)
        .expect("copy");
    assert_ne!(copy.project.id, id);
    assert_eq!(
        copy.renamed_from.as_deref(),
        Some(file.project.name.as_str())
    );
    assert_eq!(copy.project.name, format!("{} (copy)", file.project.name));
    let again = store
        .import_project_file(&file, ImportMode::AsCopy)
        .expect("second copy");
    assert_eq!(
        again.project.name,
        format!("{} (copy 2)", file.project.name)
    );
    // The copy has the same content under new ids: its file differs only in ids and name.
    let copied: Value = serde_json::from_str(&exported(&store, copy.project.id)).expect("json");
    let original: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        copied["gaps"].as_array().map(Vec::len),
        original["gaps"].as_array().map(Vec::len)
    );
    assert_eq!(copied["gaps"][0]["title"], original["gaps"][0]["title"]);
    assert_ne!(copied["gaps"][0]["id"], original["gaps"][0]["id"]);

    let mut edited: Value = original.clone();
    edited["project"]["northStar"] = json!("Replaced from the file");
    let edited = ProjectFile::parse(&edited.to_string()).expect("valid");
    let replaced = store
        .import_project_file(&edited, ImportMode::Replace)
        .expect("replace");
    assert!(replaced.replaced);
    assert_eq!(replaced.project.id, id);
    assert_eq!(replaced.project.north_star, "Replaced from the file");
    assert_eq!(
        store
            .list_projects(ProjectView::Active)
            .expect("list")
            .len(),
        3
    );
}

#[test]
fn a_file_sharing_row_ids_with_another_project_must_come_in_as_a_copy() {
    let (store, id) = sample_store();
    let mut value: Value = serde_json::from_str(&exported(&store, id)).expect("json");
    value["project"]["id"] = json!("0190a4b2-0000-7000-8000-00000000abcd");
    let file = ProjectFile::parse(&value.to_string()).expect("valid");
    let e = store
        .import_project_file(&file, ImportMode::New)
        .expect_err("shared ids");
    assert!(e.to_string().contains("import it as a copy"), "{e}");
    assert_eq!(
        store
            .list_projects(ProjectView::Active)
            .expect("list")
            .len(),
        1
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text at all is either a valid file or an invalid-file error; never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let result = ProjectFile::parse(&text);
        let refused_with_a_path = matches!(result, Err(CoreError::InvalidFile { .. }));
        prop_assert!(refused_with_a_path);
    }

    /// A score is accepted exactly when it is a whole number from 1 to 5, and a refused one is
    /// reported at its own path.
    #[test]
    fn scores_are_accepted_only_from_1_to_5(target in -10.0f64..10.0, whole in -3i64..9) {
        for number in [json!(target), json!(whole)] {
            let mut value = sample_json();
            value["scorecard"][2]["target"] = number.clone();
            let as_f64 = number.as_f64().unwrap_or(f64::NAN);
            let ok = as_f64.fract() == 0.0 && (1.0..=5.0).contains(&as_f64);
            match ProjectFile::parse(&value.to_string()) {
                Ok(file) => {
                    prop_assert!(ok);
                    prop_assert_eq!(f64::from(file.pillars[2].1.target_score), as_f64);
                }
                Err(e) => {
                    prop_assert!(!ok);
                    prop_assert!(e.to_string().starts_with("scorecard[2].target: "), "{}", e);
                }
            }
        }
    }

    /// Any cell text up to the limit survives validation trimmed; longer text is refused at
    /// its path.
    #[test]
    fn cell_text_is_kept_or_refused_at_its_path(text in "\\PC{0,60}", extra in 0usize..3) {
        let mut value = sample_json();
        let long = text.repeat(1 + extra * 70);
        value["tables"]["alignment"][0]["cells"]["goal"] = json!(long);
        match ProjectFile::parse(&value.to_string()) {
            Ok(file) => {
                let cells = &file.tables[0].1[0].1;
                let trimmed = long.trim();
                prop_assert_eq!(cells.get("goal").map(String::as_str).unwrap_or(""), trimmed);
            }
            Err(e) => {
                prop_assert!(long.trim().chars().count() > crate::domain::tables::CELL_MAX);
                prop_assert!(e.to_string().starts_with("tables.alignment[0].cells.goal: "), "{}", e);
            }
        }
    }
}

/// The committed JSON Schema names exactly the fields the exporter writes, object by object,
/// and forbids any other.
#[test]
fn the_json_schema_matches_the_exported_fields() {
    let schema: Value =
        serde_json::from_str(include_str!("../../../../docs/project-file.schema.json"))
            .expect("the schema is JSON");
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    let defs = &schema["$defs"];
    let resolve = |node: &Value| -> Value {
        match node["$ref"].as_str() {
            Some(r) => defs[r.trim_start_matches("#/$defs/")].clone(),
            None => node.clone(),
        }
    };
    let check = |schema_node: &Value, example: &Value, at: &str| {
        let node = resolve(schema_node);
        assert_eq!(node["additionalProperties"], json!(false), "{at} is closed");
        assert_eq!(keys(&node["properties"]), keys(example), "fields of {at}");
    };
    let sample = sample_json();
    let props = &schema["properties"];
    check(&schema, &sample, "the file");
    check(&props["project"], &sample["project"], "project");
    check(
        &props["scorecard"]["items"],
        &sample["scorecard"][0],
        "scorecard[]",
    );
    // A milestone writes `answers` only when the project has review questions.
    let mut milestone = sample["milestones"][0].clone();
    milestone["answers"] = json!([]);
    check(&props["milestones"]["items"], &milestone, "milestones[]");
    check(&props["gaps"]["items"], &sample["gaps"][0], "gaps[]");
    check(&props["tables"], &sample["tables"], "tables");
    check(&props["compliance"], &sample["compliance"], "compliance");
    check(
        &resolve(&props["compliance"])["properties"]["controls"]["items"],
        &sample["compliance"]["controls"][0],
        "controls[]",
    );
    for kind in crate::domain::tables::TableKind::ALL {
        let key = match kind.as_str() {
            "data_inventory" => "dataInventory",
            other => other,
        };
        let columns: Vec<String> = {
            let mut c: Vec<String> = kind.columns().iter().map(|c| c.key.to_owned()).collect();
            c.sort();
            c
        };
        let tables = resolve(&props["tables"]);
        let cells = &tables["properties"][key]["items"]["properties"]["cells"];
        assert_eq!(keys(&cells["properties"]), columns, "columns of {key}");
    }
    assert_eq!(
        props["version"]["enum"],
        json!([1, 2, 3, 4, 5, super::VERSION])
    );
    assert_eq!(props["format"]["const"], json!(super::FORMAT));
}

#[test]
fn a_key_given_twice_is_refused_with_its_json_path() {
    let (store, id) = sample_store();
    let text = exported(&store, id);
    let cases = [
        // The project's name twice.
        (
            text.replacen("\"name\": ", "\"name\": \"Other\", \"name\": ", 1),
            "project: duplicate field `name`",
        ),
        // A cell's column twice.
        (
            text.replacen("\"goal\": ", "\"goal\": \"x\", \"goal\": ", 1),
            "tables.alignment[0].cells: duplicate field `goal`",
        ),
    ];
    for (file, expected) in cases {
        let err = ProjectFile::parse(&file).expect_err("duplicate key");
        assert!(err.to_string().starts_with(expected), "{err}");
    }
}

#[test]
fn a_file_saved_with_a_byte_order_mark_imports() {
    let (store, id) = sample_store();
    let text = format!("\u{feff}{}", exported(&store, id));
    let file = ProjectFile::parse(&text).expect("BOM accepted");
    assert_eq!(file.id, id);
}

#[test]
fn project_file_size_cap_is_checked_on_bytes_read_and_pipes_are_refused() {
    let err = super::read_file(std::path::Path::new("/dev/zero")).expect_err("not a file");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("pipe.json");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    // Refused without opening it: opening a FIFO would wait for a writer forever.
    let err = super::read_file(&fifo).expect_err("a pipe");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let big = dir.path().join("big.json");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(super::MAX_FILE_BYTES + 1)
        .expect("sparse file");
    let err = super::read_file(&big).expect_err("too big");
    assert!(err.to_string().contains("more than"), "{err}");
}

#[test]
fn a_file_that_is_not_an_object_is_refused_before_it_is_read_into_memory() {
    let array = format!("[{}0]", "0,".repeat(1_000_000));
    let err = ProjectFile::parse(&array).expect_err("an array");
    assert_eq!(
        err.to_string(),
        "$: must be a JSON object (a Preflight project file)"
    );
    let err = ProjectFile::parse("[0, 0").expect_err("broken JSON");
    assert!(err.to_string().starts_with("$: not valid JSON"), "{err}");
}
