//! Team sharing: one project kept in step across the team's laptops through a folder they
//! already sync (Syncthing, Dropbox, a network share, a git repository), with Automerge as the
//! merge engine. No server, no protocol of ours; see docs/team-sharing.md.
//!
//! SQLite stays the app's working store. A shared project also has an Automerge document
//! ([`document`]) in the database; syncing records what changed locally into it, merges the
//! other devices' files from the folder ([`folder`]) and writes the merged plan back to SQLite
//! in one transaction (`Store::sync_project`). This module turns a project file into the
//! document's plan and back, with the trash rules: deleting is marking, and an item trashed
//! elsewhere lands in the local trash.

pub mod document;
pub mod folder;
pub mod isolate;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::error::{CoreError, Result};
use crate::project_file::{ProjectFile, ValidFile, FORMAT, VERSION};
use crate::storage::trash::TRASH_DAYS;

pub use document::{Conflict, ConflictValue, Device, HistoryEntry};

/// The longest device name, in characters.
pub const DEVICE_NAME_MAX: usize = 60;

/// Checks a device's display name: trimmed, 1–60 characters, no control characters.
///
/// # Errors
/// [`CoreError::Invalid`] on `name`.
pub fn device_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid(
            "name",
            "give the name your team will see beside your changes",
        ));
    }
    if name.chars().count() > DEVICE_NAME_MAX {
        return Err(CoreError::invalid(
            "name",
            format!("must be at most {DEVICE_NAME_MAX} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(CoreError::invalid("name", "must be one line of text"));
    }
    Ok(name.to_owned())
}

/// Items of these collections can be in the trash: the plan marks them, and applying puts
/// them back in the local trash.
const TRASHABLE: [&str; 2] = ["gaps", "milestones"];

/// The plan of a project: its project file (items in the trash included) as JSON without the
/// file's header, each item in `trashed` marked with when it went there.
///
/// # Errors
/// [`CoreError::Report`] if the file cannot be turned into JSON (it always can).
pub fn plan_of(file: &ProjectFile, trashed: &BTreeMap<Uuid, DateTime<Utc>>) -> Result<Json> {
    let mut value = serde_json::to_value(file).map_err(|e| CoreError::Report {
        message: format!("cannot write the shared plan: {e}"),
    })?;
    let Some(map) = value.as_object_mut() else {
        return Ok(value);
    };
    for key in ["format", "version", "exportedAt"] {
        map.remove(key);
    }
    let mark = |items: &mut Json| {
        for item in items.as_array_mut().into_iter().flatten() {
            let id = item
                .get("id")
                .and_then(Json::as_str)
                .and_then(|s| Uuid::parse_str(s).ok());
            if let (Some(at), Some(fields)) =
                (id.and_then(|id| trashed.get(&id)), item.as_object_mut())
            {
                fields.insert(
                    document::TRASHED.to_owned(),
                    Json::String(at.to_rfc3339_opts(SecondsFormat::Secs, true)),
                );
            }
        }
    };
    for key in TRASHABLE {
        if let Some(items) = map.get_mut(key) {
            mark(items);
        }
    }
    if let Some(tables) = map.get_mut("tables").and_then(Json::as_object_mut) {
        tables.values_mut().for_each(mark);
    }
    Ok(value)
}

/// What a plan means for the local database: the items to write, and which of them go to the
/// trash with their times.
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted {
    /// The plan as project-file JSON, without trash marks: trashed pillars, workshops and
    /// questions (which have no trash) and items trashed longer ago than the trash keeps them
    /// are left out, and references to what was left out are cleared.
    pub plan: Json,
    /// The items (gaps, milestones, table rows) that go to the trash, and since when.
    pub trashed: BTreeMap<Uuid, DateTime<Utc>>,
}

/// Reads a plan as the local database should hold it (see [`Wanted`]); `now` decides which
/// trashed items are too old to keep.
pub fn wanted(plan: &Json, now: DateTime<Utc>) -> Wanted {
    let mut plan = plan.clone();
    let mut trashed = BTreeMap::new();
    let oldest = now - Duration::days(TRASH_DAYS);
    let Some(map) = plan.as_object_mut() else {
        return Wanted { plan, trashed };
    };
    // Takes the trash marks off a collection's items: keeps those that may go to the local
    // trash (recording when), drops the rest.
    let mut sort = |items: &mut Json, trashable: bool| {
        let Some(list) = items.as_array_mut() else {
            *items = Json::Array(Vec::new());
            return;
        };
        list.retain_mut(|item| {
            let Some(fields) = item.as_object_mut() else {
                return false;
            };
            let Some(mark) = fields.remove(document::TRASHED) else {
                return true;
            };
            let at = mark
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.with_timezone(&Utc));
            let id = fields
                .get("id")
                .and_then(Json::as_str)
                .and_then(|s| Uuid::parse_str(s).ok());
            match (trashable, at, id) {
                (true, Some(at), Some(id)) if at >= oldest => {
                    trashed.insert(id, at);
                    true
                }
                _ => false,
            }
        });
    };
    for key in ["scorecard", "workshops", "questions"] {
        if let Some(items) = map.get_mut(key) {
            sort(items, false);
        }
    }
    for key in TRASHABLE {
        if let Some(items) = map.get_mut(key) {
            sort(items, true);
        }
    }
    if let Some(tables) = map.get_mut("tables").and_then(Json::as_object_mut) {
        for rows in tables.values_mut() {
            sort(rows, true);
        }
    }
    repair_references(map);
    Wanted { plan, trashed }
}

/// Clears what points at an item that was left out: a gap's pillar, a question of a pillar
/// that is gone, an improvement plan's gap.
fn repair_references(map: &mut Map<String, Json>) {
    let ids = |key: &str, map: &Map<String, Json>| -> HashSet<String> {
        map.get(key)
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|i| i.get("id").and_then(Json::as_str).map(str::to_owned))
            .collect()
    };
    let pillars = ids("scorecard", map);
    let gaps = ids("gaps", map);
    if let Some(list) = map.get_mut("gaps").and_then(Json::as_array_mut) {
        for gap in list.iter_mut().filter_map(Json::as_object_mut) {
            let dangling = gap
                .get("pillarId")
                .and_then(Json::as_str)
                .is_some_and(|p| !pillars.contains(p));
            if dangling {
                gap.insert("pillarId".to_owned(), Json::Null);
            }
        }
    }
    if let Some(list) = map.get_mut("questions").and_then(Json::as_array_mut) {
        list.retain(|q| {
            q.get("pillarId")
                .and_then(Json::as_str)
                .is_some_and(|p| pillars.contains(p))
        });
        for q in list.iter_mut().filter_map(Json::as_object_mut) {
            if let Some(plans) = q.get_mut("improvementGaps").and_then(Json::as_object_mut) {
                plans.retain(|_, gap| gap.as_str().is_some_and(|g| gaps.contains(g)));
            }
        }
    }
}

/// Checks a wanted plan as a project file, with every rule an import applies.
///
/// # Errors
/// [`CoreError::InvalidFile`] naming the JSON path of the first problem.
pub fn checked(wanted: &Wanted, now: DateTime<Utc>) -> Result<ValidFile> {
    let mut value = wanted.plan.clone();
    if let Some(map) = value.as_object_mut() {
        map.insert("format".to_owned(), Json::from(FORMAT));
        map.insert("version".to_owned(), Json::from(VERSION));
        map.insert(
            "exportedAt".to_owned(),
            Json::from(now.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
    }
    ProjectFile::parse(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn device_names_are_checked() {
        assert_eq!(device_name("  Ada  ").ok().as_deref(), Some("Ada"));
        assert!(device_name(" ").is_err());
        assert!(device_name(&"x".repeat(61)).is_err());
        assert!(device_name("Ada\nBo").is_err());
    }

    #[test]
    fn trash_marks_become_the_local_trash_or_are_left_out() {
        let now = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
        let recent = "2026-09-20T00:00:00Z";
        let old = "2025-01-01T00:00:00Z";
        let g1 = Uuid::from_u128(1);
        let plan = json!({
            "scorecard": [{ "id": "p1", "name": "Gone", "_trashed": recent }],
            "gaps": [
                { "id": g1.to_string(), "title": "Trashed lately", "pillarId": "p1", "_trashed": recent },
                { "id": Uuid::from_u128(2).to_string(), "title": "Trashed long ago", "_trashed": old },
                { "id": Uuid::from_u128(3).to_string(), "title": "Live", "pillarId": "p1" }
            ],
            "questions": [{ "id": "q", "pillarId": "p1" }],
            "tables": { "alignment": [{ "id": Uuid::from_u128(4).to_string(), "_trashed": "nonsense" }] }
        });
        let w = wanted(&plan, now);
        assert_eq!(w.plan["scorecard"], json!([]));
        assert_eq!(w.plan["questions"], json!([]));
        assert_eq!(w.plan["tables"]["alignment"], json!([]));
        let titles: Vec<&Json> = w.plan["gaps"]
            .as_array()
            .map(|g| g.iter().map(|g| &g["title"]).collect())
            .unwrap_or_default();
        assert_eq!(titles, [&json!("Trashed lately"), &json!("Live")]);
        assert_eq!(w.plan["gaps"][1]["pillarId"], Json::Null);
        assert_eq!(w.trashed.keys().copied().collect::<Vec<_>>(), [g1]);
    }
}
