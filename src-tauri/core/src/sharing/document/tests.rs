//! Tests of the shared document: genesis, recording, merging, conflicts, positions.
use super::*;
use serde_json::json;
use std::collections::HashSet;

fn device(n: u8, name: &str) -> Device {
    Device {
        id: Uuid::from_bytes([n; 16]),
        name: name.to_owned(),
    }
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000 + s, 0).unwrap_or_default()
}

fn plan(gaps: Json) -> Json {
    json!({ "project": { "name": "Pilot", "successCriteria": ["a", "b"] }, "gaps": gaps,
            "tables": { "alignment": [] }, "scorecard": [] })
}

#[test]
fn positions_keep_the_longest_increasing_run() {
    assert_eq!(
        positions(&[Some(1.0), Some(2.0), Some(3.0)]),
        [1.0, 2.0, 3.0]
    );
    // The last item moved first: only it gets a new position.
    assert_eq!(
        positions(&[Some(3.0), Some(1.0), Some(2.0)]),
        [0.0, 1.0, 2.0]
    );
    // New items in the middle and at the end.
    assert_eq!(
        positions(&[Some(1.0), None, Some(2.0), None]),
        [1.0, 1.5, 2.0, 3.0]
    );
    assert_eq!(positions(&[None, None]), [1.0, 2.0]);
    // No room left between two neighbours: numbered afresh.
    let tight = 1.0 + f64::EPSILON;
    assert_eq!(positions(&[Some(1.0), None, Some(tight)]), [1.0, 2.0, 3.0]);
}

#[test]
fn a_plan_goes_in_and_comes_out_the_same() {
    let p = plan(json!([
        { "id": "b", "title": "Backups", "score": 3, "ratio": 2.5, "done": null },
        { "id": "a", "title": "Alerts", "tags": [1, [2], {"x": true}] }
    ]));
    let (doc, _) =
        genesis(Uuid::nil(), &device(1, "Ada"), &p, at(0)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(state(&doc).ok(), Some(p));
    assert_eq!(project_of(&doc).ok(), Some(Uuid::nil()));
}

#[test]
fn concurrent_edits_merge_and_a_same_field_edit_is_a_conflict() {
    let ada = device(1, "Ada");
    let bo = device(2, "Bo");
    let base = plan(json!([{ "id": "g", "title": "Backups", "owner": "" }]));
    let (mut a, _) = genesis(Uuid::nil(), &ada, &base, at(0)).unwrap_or_else(|e| panic!("{e}"));
    let mut b = a.fork().with_actor(bo.actor());
    name_device(&mut b, &bo, at(5)).unwrap_or_else(|e| panic!("{e}"));
    let heads = b.get_heads();
    a.merge(&mut b).unwrap_or_else(|e| panic!("{e}"));
    let mine = plan(json!([{ "id": "g", "title": "Backups nightly", "owner": "Ada" }]));
    let theirs = plan(json!([
        { "id": "g", "title": "Backups weekly", "owner": "" },
        { "id": "h", "title": "Alerts", "owner": "" }
    ]));
    let done = record(&mut a, &heads, &ada, &mine, at(10)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.edits, 2);
    assert_eq!(
        done.message,
        "Changed gap \u{201c}Backups nightly\u{201d}: owner, title"
    );
    record(&mut b, &heads, &bo, &theirs, at(20)).unwrap_or_else(|e| panic!("{e}"));
    a.merge(&mut b).unwrap_or_else(|e| panic!("{e}"));
    b.merge(&mut a).unwrap_or_else(|e| panic!("{e}"));
    let merged = state(&a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(state(&b).ok(), Some(merged.clone()));
    let gaps = merged["gaps"].as_array().cloned().unwrap_or_default();
    assert_eq!(gaps.len(), 2, "{merged}");
    assert_eq!(gaps[0]["owner"], "Ada");
    let found = conflicts(&a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, ["gaps", "g", "title"]);
    let values: Vec<&Json> = found[0].values.iter().map(|v| &v.value).collect();
    assert!(
        values.contains(&&json!("Backups nightly")) && values.contains(&&json!("Backups weekly"))
    );
    assert_eq!(
        found[0].values[0].value, gaps[0]["title"],
        "the winner comes first"
    );
    let who: HashSet<&str> = found[0].values.iter().map(|v| v.by.as_str()).collect();
    assert_eq!(who, HashSet::from(["Ada", "Bo"]));

    // Choosing one resolves it on every device.
    resolve(
        &mut b,
        &bo,
        &found[0].path,
        &json!("Backups nightly"),
        at(30),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    a.merge(&mut b).unwrap_or_else(|e| panic!("{e}"));
    assert!(conflicts(&a).unwrap_or_else(|e| panic!("{e}")).is_empty());
    assert_eq!(
        state(&a).ok().map(|s| s["gaps"][0]["title"].clone()),
        Some(json!("Backups nightly"))
    );
    let log = history(&a, 10);
    assert_eq!(log.len(), 5);
    assert_eq!(log[0].by, "Bo");
    assert!(log[0].what.starts_with("Chose a value"), "{log:?}");
}

#[test]
fn a_deleted_item_is_trashed_and_keeps_an_edit_made_elsewhere() {
    let ada = device(1, "Ada");
    let bo = device(2, "Bo");
    let base = plan(json!([{ "id": "g", "title": "Backups" }]));
    let (mut a, _) = genesis(Uuid::nil(), &ada, &base, at(0)).unwrap_or_else(|e| panic!("{e}"));
    let mut b = a.fork().with_actor(bo.actor());
    let heads = a.get_heads();
    record(&mut a, &heads, &ada, &plan(json!([])), at(10)).unwrap_or_else(|e| panic!("{e}"));
    let edited = plan(json!([{ "id": "g", "title": "Backups, tested" }]));
    record(&mut b, &heads, &bo, &edited, at(20)).unwrap_or_else(|e| panic!("{e}"));
    a.merge(&mut b).unwrap_or_else(|e| panic!("{e}"));
    let merged = state(&a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(merged["gaps"][0]["title"], "Backups, tested");
    assert!(merged["gaps"][0][TRASHED].is_string(), "{merged}");
}

#[test]
fn moving_one_item_changes_one_position() {
    let ada = device(1, "Ada");
    let items = |order: &[&str]| {
        plan(Json::Array(
            order
                .iter()
                .map(|id| json!({ "id": id, "title": id }))
                .collect(),
        ))
    };
    let (mut a, _) = genesis(Uuid::nil(), &ada, &items(&["a", "b", "c", "d"]), at(0))
        .unwrap_or_else(|e| panic!("{e}"));
    let heads = a.get_heads();
    let done = record(&mut a, &heads, &ada, &items(&["d", "a", "b", "c"]), at(1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.edits, 1);
    assert_eq!(done.message, "Moved gap \u{201c}d\u{201d}");
    let order: Vec<Json> = state(&a).unwrap_or_else(|e| panic!("{e}"))["gaps"]
        .as_array()
        .map(|g| g.iter().map(|i| i["id"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(order, [json!("d"), json!("a"), json!("b"), json!("c")]);
    // Recording the same plan again writes nothing.
    let heads = a.get_heads();
    let again = record(&mut a, &heads, &ada, &items(&["d", "a", "b", "c"]), at(2))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.edits, 0);
}
