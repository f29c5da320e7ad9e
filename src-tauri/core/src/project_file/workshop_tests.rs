//! Workshops in the project file (format version 2): they travel with every vote and note,
//! keep their ids, get fresh ones in a copy, are checked reference by reference, and version 1
//! files, which have none, still read.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::tests::{error_of, exported};
use super::ProjectFile;
use crate::domain::workshop::{VoteDraft, WorkshopSetup};
use crate::storage::{ImportMode, Store};

/// The sample with one ended workshop: two participants, two rounds, a consensus.
fn sample_with_workshop() -> (Store, uuid::Uuid) {
    let store = Store::open_in_memory().expect("store");
    let id = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample")
        .id;
    let w = store
        .start_workshop(
            id,
            &WorkshopSetup {
                pillars: Vec::new(),
                anonymous: false,
                notes_allowed: true,
            },
        )
        .expect("workshop");
    let zoe = store.join_workshop(w.id, "Zoë").expect("join");
    let sam = store.join_workshop(w.id, "Sam").expect("join");
    let vote = |p, score, note: &str| {
        store
            .cast_vote(
                w.id,
                p,
                &VoteDraft {
                    score,
                    note: note.into(),
                },
            )
            .expect("vote");
    };
    vote(zoe.id, Some(2), "restore never drilled");
    vote(sam.id, None, "");
    store.reveal_votes(w.id).expect("reveal");
    store.revote(w.id).expect("revote");
    vote(zoe.id, Some(4), "");
    vote(sam.id, Some(4), "");
    store.agree(w.id, 4, "after the drill").expect("agree");
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    store.end_workshop(w.id, day).expect("end");
    (store, id)
}

#[test]
fn a_workshop_travels_whole_and_exports_again_identically() {
    let (store, id) = sample_with_workshop();
    let first = exported(&store, id);
    let value: Value = serde_json::from_str(&first).expect("json");
    let w = &value["workshops"][0];
    assert_eq!(w["participants"].as_array().map(Vec::len), Some(2));
    assert_eq!(w["votes"].as_array().map(Vec::len), Some(4), "both rounds");
    assert_eq!(w["votes"][0]["note"], "restore never drilled");
    assert_eq!(w["consensus"][0]["score"], 4);
    assert_eq!(
        w["consensus"][0]["previousScore"], 4,
        "the sample's score before"
    );
    assert!(w["milestoneId"].is_string());
    let other = Store::open_in_memory().expect("store");
    let file = ProjectFile::parse(&first).expect("valid");
    other
        .import_project_file(&file, ImportMode::New)
        .expect("import");
    assert_eq!(exported(&other, id), first);

    // A copy gets fresh ids throughout, its milestone reference following the milestone.
    let copy = store
        .import_project_file(&file, ImportMode::AsCopy)
        .expect("copy");
    let copied: Value = serde_json::from_str(&exported(&store, copy.project.id)).expect("json");
    let cw = &copied["workshops"][0];
    assert_ne!(cw["id"], w["id"]);
    assert_ne!(cw["participants"][0]["id"], w["participants"][0]["id"]);
    assert_eq!(cw["votes"][0]["participantId"], cw["participants"][0]["id"]);
    let milestone_ids: Vec<&Value> = copied["milestones"]
        .as_array()
        .expect("milestones")
        .iter()
        .map(|m| &m["id"])
        .collect();
    assert!(milestone_ids.contains(&&cw["milestoneId"]), "{cw}");
    assert_eq!(store.workshops(copy.project.id).expect("list").len(), 1);
}

#[test]
fn version_1_files_read_without_workshops_and_may_not_carry_them() {
    let (store, id) = sample_with_workshop();
    let mut value: Value = serde_json::from_str(&exported(&store, id)).expect("json");
    let workshops = value["workshops"].take();
    super::tests::without_review(&mut value);
    value["version"] = json!(1);
    value.as_object_mut().expect("object").remove("workshops");
    let old = ProjectFile::parse(&value.to_string()).expect("a version 1 file reads");
    assert!(old.workshops.is_empty());
    value["workshops"] = workshops;
    assert!(error_of(&value).starts_with("workshops: are not part of format version 1"));
}

#[test]
fn a_bad_workshop_value_is_named_by_its_json_path() {
    let (store, id) = sample_with_workshop();
    let good: Value = serde_json::from_str(&exported(&store, id)).expect("json");
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|v| {
                v["workshops"][0]["votes"][0]["participantId"] =
                    json!("0190a4b2-0000-7000-8000-000000000000")
            }),
            "workshops[0].votes[0].participantId: no participant with the id",
        ),
        (
            Box::new(|v| v["workshops"][0]["votes"][0]["score"] = json!(6)),
            "workshops[0].votes[0].score: must be a whole number from 1 to 5",
        ),
        (
            Box::new(|v| {
                v["workshops"][0]["consensus"][0]["pillarId"] =
                    json!("0190a4b2-0000-7000-8000-000000000001")
            }),
            "workshops[0].consensus[0].pillarId: no pillar with the id",
        ),
        (
            Box::new(|v| v["workshops"][0]["participants"][1]["name"] = json!(" ")),
            "workshops[0].participants[1].name: is required",
        ),
        (
            Box::new(|v| {
                v["workshops"][0]["milestoneId"] = json!("0190a4b2-0000-7000-8000-000000000002")
            }),
            "workshops[0].milestoneId: no milestone with the id",
        ),
        (
            Box::new(|v| {
                let first = v["workshops"][0]["votes"][0].clone();
                v["workshops"][0]["votes"][1] = first;
            }),
            "workshops[0].votes[1]: a second vote of one participant",
        ),
        (
            Box::new(|v| v["workshops"][0]["pillars"] = json!([])),
            "workshops[0].pillars: must name at least one pillar",
        ),
    ];
    for (edit, expected) in cases {
        let mut value = good.clone();
        edit(&mut value);
        let e = error_of(&value);
        assert!(e.starts_with(expected), "expected {expected:?}, got {e:?}");
    }
}

/// The committed JSON Schema names exactly the fields a workshop is exported with.
#[test]
fn the_json_schema_matches_the_exported_workshop_fields() {
    let schema: Value =
        serde_json::from_str(include_str!("../../../../docs/project-file.schema.json"))
            .expect("the schema is JSON");
    let (store, id) = sample_with_workshop();
    let file: Value = serde_json::from_str(&exported(&store, id)).expect("json");
    let defs = &schema["$defs"];
    let resolve = |node: &Value| -> Value {
        match node["$ref"].as_str() {
            Some(r) => defs[r.trim_start_matches("#/$defs/")].clone(),
            None => node.clone(),
        }
    };
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    let workshop = resolve(&schema["properties"]["workshops"]["items"]);
    let example = &file["workshops"][0];
    assert_eq!(keys(&workshop["properties"]), keys(example), "workshops[]");
    for part in ["pillars", "participants", "votes", "consensus"] {
        let node = resolve(&workshop["properties"][part]["items"]);
        assert_eq!(
            node["additionalProperties"],
            json!(false),
            "{part} is closed"
        );
        assert_eq!(
            keys(&node["properties"]),
            keys(&example[part][0]),
            "{part}[]"
        );
    }
}
