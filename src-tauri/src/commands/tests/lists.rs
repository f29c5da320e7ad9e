//! The commands that read long lists, through the IPC layer: the agenda a page per group and
//! the gap tracker's rows with their counts.

use serde_json::{json, Value};

use super::{call, sample_window};

#[test]
fn the_agenda_comes_a_page_per_group_with_counts_and_every_filter_choice() {
    let (_app, w, sample) = sample_window();
    let agenda = |args: Value| call(&w, "get_agenda", args).expect("agenda");
    let totals = |view: &Value| -> Vec<u64> {
        view["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .map(|s| s["total"].as_u64().expect("total"))
            .collect()
    };
    let all = agenda(json!({"days": 3650, "limit": 10_000}));
    // A limit of 0 is taken as 1: each group sends its first item and its whole count.
    let first = agenda(json!({"days": 3650, "limit": 0}));
    assert_eq!(totals(&first), totals(&all));
    assert!(totals(&all).iter().sum::<u64>() >= 5, "{all}");
    for section in first["sections"].as_array().expect("sections") {
        assert_eq!(section["items"].as_array().expect("items").len(), 1);
    }
    assert_eq!(all["projects"][0]["id"], json!(sample.id));
    let owner = all["owners"][0].clone();
    let theirs = agenda(json!({"days": 3650, "limit": 10_000, "owner": owner}));
    let items: Vec<&Value> = theirs["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items"))
        .collect();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["owner"] == owner), "{theirs}");
    assert!(totals(&theirs).iter().sum::<u64>() < totals(&all).iter().sum::<u64>());
    assert_eq!(theirs["owners"], all["owners"], "the choices stay whole");
    let elsewhere = agenda(json!({"days": 3650, "limit": 10, "project": uuid::Uuid::new_v4()}));
    assert_eq!(elsewhere["sections"], json!([]));
    assert_eq!(elsewhere["projects"], all["projects"]);
}

#[test]
fn trash_lists_a_deleted_gap_and_brings_it_back() {
    let (_app, w, sample) = sample_window();
    let tracker = call(&w, "get_gap_tracker", json!({"projectId": sample.id})).expect("tracker");
    let blockers =
        call(&w, "get_launch_blockers", json!({"projectId": sample.id})).expect("blockers");
    // The tracker leaves the blockers to their own call, and its list to the rows: a gap's
    // notes come with the gap alone.
    assert!(tracker.get("blockers").is_none());
    assert!(tracker["counts"].get("blockers").is_none());
    let first = tracker["gaps"][0].clone();
    assert!(first.get("notes").is_none(), "{first}");
    assert!(first.get("internalNote").is_none(), "{first}");
    let whole = call(&w, "get_gap", json!({"id": first["id"]})).expect("the gap");
    assert_eq!(whole["title"], first["title"]);
    assert!(whole["notes"].is_string(), "{whole}");
    let unknown = call(&w, "get_gap", json!({"id": uuid::Uuid::new_v4()})).expect_err("unknown");
    assert_eq!(unknown["code"], "not_found");
    assert!(!blockers["blockers"]
        .as_array()
        .expect("blockers")
        .is_empty());
    // A change returns the rows of the gaps it wrote with the board's counts after it.
    let changed = call(
        &w,
        "bulk_update_gaps",
        json!({"ids": [first["id"]], "change": {"status": first["status"], "owner": null}}),
    )
    .expect("unchanged status");
    assert_eq!(changed["gaps"][0], first);
    for key in ["categories", "priorities", "overdue", "revisitDue"] {
        assert_eq!(changed["counts"][key], tracker["counts"][key], "{key}");
    }
    let refused = call(&w, "bulk_update_gaps", json!({"ids": [], "change": {}}))
        .expect_err("an empty change");
    assert_eq!(refused["field"], "ids");
    assert!(!tracker["templates"]
        .as_array()
        .expect("templates")
        .is_empty());
    assert!(!tracker["pillars"].as_array().expect("pillars").is_empty());
    let gap = first["id"].clone();
    let counts = call(&w, "trash_gap", json!({"id": gap})).expect("trash");
    // The counts after the trash: one gap fewer across the categories.
    let total = |counts: &serde_json::Value| -> u64 {
        counts["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .map(|c| c["total"].as_u64().expect("total"))
            .sum()
    };
    assert_eq!(total(&counts) + 1, total(&tracker["counts"]));
    let trash = call(&w, "get_trash", json!({})).expect("trash list");
    assert_eq!(trash[0]["kind"], "gap");
    assert_eq!(trash[0]["place"], "Gap tracker");
    assert!(trash[0]["purgeAt"].is_string());
    call(&w, "restore_from_trash", json!({"kind": "gap", "id": gap})).expect("restore");
    assert_eq!(call(&w, "get_trash", json!({})).expect("trash"), json!([]));
}
