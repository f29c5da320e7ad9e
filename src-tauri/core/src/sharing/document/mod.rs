//! The shared document: a project's plan as an Automerge document, field by field.
//!
//! The plan is the project file's JSON (docs/project-file.md) without `format`, `version` and
//! `exportedAt`, with the items in the trash included and marked. Its shape in the document:
//!
//! ```text
//! ROOT { format: "preflight-shared-project", formatVersion: 1, projectId: "<uuid>",
//!        devices: { "<actor hex>": "<display name>" },
//!        plan: { project: {…}, compliance: {…},
//!                scorecard: { "<pillar id>": { …fields, _position: 1.0 } },
//!                milestones | gaps | workshops | questions: { "<id>": {…} },
//!                tables: { alignment: { "<row id>": {…} }, … } } }
//! ```
//!
//! Collections are maps keyed by the items' UUIDs, so two devices adding items never collide,
//! and an edit to one field of an item merges with edits to its other fields. Order is a
//! fractional `_position` per item: moving one item changes only its own position. A deleted
//! item is never removed from the document but marked `_trashed` (an RFC 3339 time), so an
//! edit made elsewhere to it is kept with it. Every other value is a scalar (two concurrent
//! writes of one field are a conflict whose values all stay readable) or, for lists without
//! ids (success criteria, controls, a milestone's frozen pillars), a whole list.
//!
//! Local changes are recorded by reconciling: the plan as SQLite holds it now is compared with
//! the document as it was when SQLite last matched it (the base), and only the differences are
//! written, as one change. Merging that change with what other devices wrote gives every
//! device the same result whatever the order ([automerge](https://automerge.org/docs/)).

use std::collections::BTreeMap;

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{
    ActorId, Automerge, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value as Json;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, Result};

mod conflicts;
mod read;
mod reconcile;
#[cfg(test)]
mod tests;

pub use conflicts::{conflicts, resolve, Conflict, ConflictValue};
pub use read::state;
pub use reconcile::positions;
use reconcile::Record;

/// The document's `format`.
pub const FORMAT: &str = "preflight-shared-project";
/// The document layout this build writes and reads; a document claiming a newer one is refused.
pub const FORMAT_VERSION: u64 = 1;
/// An item's order among its siblings (a number; smaller first, ties by id).
pub const POSITION: &str = "_position";
/// Set on an item in the trash (or deleted) to when it went there, RFC 3339.
pub const TRASHED: &str = "_trashed";
/// How deep the plan's objects may nest; deeper documents are refused (a hostile file could
/// otherwise exhaust the stack). The project file itself needs six levels.
const MAX_DEPTH: usize = 24;

/// The plan's collections at the top level.
const COLLECTIONS: [&str; 5] = ["scorecard", "milestones", "gaps", "workshops", "questions"];

/// Whether the value at `path` (keys from the plan's root) is a collection keyed by id.
fn is_collection(path: &[String]) -> bool {
    match path {
        [key] => COLLECTIONS.contains(&key.as_str()),
        [tables, _] => tables == "tables",
        _ => false,
    }
}

/// A device taking part: its id and its display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The device's id, stored in its database.
    pub id: Uuid,
    /// The name the team sees in conflicts and the history, 1–60 characters.
    pub name: String,
}

impl Device {
    /// A new Automerge actor for one operation of this device: its id's 16 bytes, then 8
    /// random ones.
    ///
    /// A fresh actor per operation, not one per device, because an actor must never number
    /// two different changes alike: recording starts from the last synced state, which may
    /// lack this device's latest change (a resolved conflict, a database restored from a
    /// backup, the window and the CLI at once), and the same actor would then reuse its
    /// sequence number and make every other device refuse the file.
    pub fn actor(&self) -> ActorId {
        let mut bytes = self.id.as_bytes().to_vec();
        bytes.extend_from_slice(&Uuid::now_v7().as_bytes()[8..]);
        ActorId::from(bytes)
    }
}

/// The device an actor belongs to: its first 16 bytes.
fn device_of(actor: &ActorId) -> Option<Uuid> {
    actor
        .to_bytes()
        .get(..16)
        .and_then(|b| Uuid::from_slice(b).ok())
}

/// Turns a document error into a core error naming what was being done.
fn doc_error(doing: &str) -> impl Fn(automerge::AutomergeError) -> CoreError + '_ {
    move |e| CoreError::invalid_file("$", format!("{doing}: {e}"))
}

/// A change's time: milliseconds since the Unix epoch, as Automerge's JavaScript library
/// writes them (its Rust documentation says seconds; milliseconds keep the history in order
/// when several changes fall in one second).
fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// Starts the shared document of `project` on `device`: the root, the device's name and the
/// whole `plan` in one change, the genesis every other device's changes descend from.
///
/// # Errors
/// [`CoreError::InvalidFile`] if `plan` is not a JSON object or nests too deeply.
pub fn genesis(
    project: Uuid,
    device: &Device,
    plan: &Json,
    at: DateTime<Utc>,
) -> Result<(Automerge, ChangeHash)> {
    let mut doc = Automerge::new().with_actor(device.actor());
    let mut tx = doc.transaction();
    let put = |tx: &mut automerge::transaction::Transaction<'_>, key: &str, v: ScalarValue| {
        tx.put(ROOT, key, v).map_err(doc_error("cannot start"))
    };
    put(&mut tx, "format", ScalarValue::Str(FORMAT.into()))?;
    put(&mut tx, "formatVersion", ScalarValue::Uint(FORMAT_VERSION))?;
    put(
        &mut tx,
        "projectId",
        ScalarValue::Str(project.to_string().into()),
    )?;
    let devices = tx
        .put_object(ROOT, "devices", ObjType::Map)
        .map_err(doc_error("cannot start"))?;
    tx.put(&devices, device.id.to_string(), device.name.as_str())
        .map_err(doc_error("cannot start"))?;
    let root = tx
        .put_object(ROOT, "plan", ObjType::Map)
        .map_err(doc_error("cannot start"))?;
    let mut record = Record::new(at);
    let plan = plan
        .as_object()
        .ok_or_else(|| CoreError::invalid_file("plan", "must be an object"))?;
    record.map(&mut tx, &root, &mut Vec::new(), plan)?;
    let (hash, _) = tx.commit_with(
        CommitOptions::default()
            .with_message("Shared the project")
            .with_time(millis(at)),
    );
    let hash = hash.ok_or_else(|| CoreError::invalid_file("$", "the first change was empty"))?;
    Ok((doc, hash))
}

/// What recording local changes did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// How many fields, items and lists were written (0: nothing had changed).
    pub edits: usize,
    /// The change's message: what changed, by item, for the history.
    pub message: String,
}

/// Records how `plan` differs from the document at `base` as one change by `device`, and
/// merges it into `doc`. Nothing is written when nothing differs.
///
/// Differences are taken against `base` (where SQLite last matched the document), not against
/// the document now, so a teammate's edit merged since is never undone by a local copy that
/// had not seen it yet.
///
/// # Errors
/// [`CoreError::InvalidFile`] when `base` is not in the document or `plan` is not an object.
pub fn record(
    doc: &mut Automerge,
    base: &[ChangeHash],
    device: &Device,
    plan: &Json,
    at: DateTime<Utc>,
) -> Result<Recorded> {
    let mut fork = doc
        .fork_at(base)
        .map_err(doc_error("cannot find the last synced state"))?
        .with_actor(device.actor());
    let root = plan_object(&fork)?;
    let plan = plan
        .as_object()
        .ok_or_else(|| CoreError::invalid_file("plan", "must be an object"))?;
    let mut record = Record::new(at);
    let mut tx = fork.transaction();
    record.map(&mut tx, &root, &mut Vec::new(), plan)?;
    if record.edits == 0 {
        tx.rollback();
        return Ok(Recorded::default());
    }
    let message = record.message();
    tx.commit_with(
        CommitOptions::default()
            .with_message(message.clone())
            .with_time(millis(at)),
    );
    doc.merge(&mut fork)
        .map_err(doc_error("cannot merge the local change"))?;
    Ok(Recorded {
        edits: record.edits,
        message,
    })
}

/// Writes `name` as `device`'s display name in the document, as one change (none when it is
/// the name already there).
///
/// # Errors
/// [`CoreError::InvalidFile`] when the document has no `devices` map.
pub fn name_device(doc: &mut Automerge, device: &Device, at: DateTime<Utc>) -> Result<bool> {
    let devices = match doc.get(ROOT, "devices") {
        Ok(Some((Value::Object(ObjType::Map), id))) => id,
        _ => return Err(CoreError::invalid_file("devices", "is missing")),
    };
    let key = device.id.to_string();
    if let Ok(Some((Value::Scalar(s), _))) = doc.get(&devices, key.as_str()) {
        if s.as_str() == Some(device.name.as_str()) {
            return Ok(false);
        }
    }
    doc.set_actor(device.actor());
    let mut tx = doc.transaction();
    tx.put(&devices, key, device.name.as_str())
        .map_err(doc_error("cannot name the device"))?;
    tx.commit_with(
        CommitOptions::default()
            .with_message(format!("Joined as {}", device.name))
            .with_time(millis(at)),
    );
    Ok(true)
}

/// The id of the document's `plan` map.
fn plan_object(doc: &impl ReadDoc) -> Result<ObjId> {
    match doc.get(ROOT, "plan") {
        Ok(Some((Value::Object(ObjType::Map), id))) => Ok(id),
        _ => Err(CoreError::invalid_file("plan", "is missing or not a map")),
    }
}

/// The document's project id, after checking its format and layout version.
///
/// # Errors
/// [`CoreError::InvalidFile`] naming the root key that is missing or wrong.
pub fn project_of(doc: &impl ReadDoc) -> Result<Uuid> {
    let text = |key: &'static str| -> Result<String> {
        match doc.get(ROOT, key) {
            Ok(Some((Value::Scalar(s), _))) => s
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| CoreError::invalid_file(key, "must be text")),
            _ => Err(CoreError::invalid_file(key, "is missing")),
        }
    };
    let format = text("format")?;
    if format != FORMAT {
        return Err(CoreError::invalid_file(
            "format",
            format!("is not a Preflight shared project (\u{201c}{format}\u{201d})"),
        ));
    }
    match doc.get(ROOT, "formatVersion") {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Uint(v) if *v <= FORMAT_VERSION => {}
            ScalarValue::Uint(v) => {
                return Err(CoreError::invalid_file(
                    "formatVersion",
                    format!("{v} is from a newer Preflight; update Preflight on this computer"),
                ))
            }
            _ => return Err(CoreError::invalid_file("formatVersion", "must be a number")),
        },
        _ => return Err(CoreError::invalid_file("formatVersion", "is missing")),
    }
    let id = text("projectId")?;
    Uuid::parse_str(&id).map_err(|_| CoreError::invalid_file("projectId", "must be a UUID"))
}

/// The display name of every device that named itself in the document, by device id.
pub fn device_names(doc: &impl ReadDoc) -> BTreeMap<Uuid, String> {
    let Ok(Some((Value::Object(ObjType::Map), devices))) = doc.get(ROOT, "devices") else {
        return BTreeMap::new();
    };
    doc.map_range(&devices, ..)
        .filter_map(|item| {
            let device = Uuid::parse_str(item.key.as_ref()).ok()?;
            let automerge::ValueRef::Scalar(automerge::ScalarValueRef::Str(name)) = item.value
            else {
                return None;
            };
            let name = name.chars().take(60).collect::<String>();
            Some((device, name))
        })
        .collect()
}

/// Who an actor is: its device's name, or the actor id when the device never named itself.
fn author(names: &BTreeMap<Uuid, String>, actor: &ActorId) -> String {
    device_of(actor)
        .and_then(|d| names.get(&d).cloned())
        .unwrap_or_else(|| actor.to_hex_string())
}

/// One change in the document's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEntry {
    /// Who: the device's display name (or its actor id when it never named itself).
    pub by: String,
    /// When, by the writing device's clock.
    pub at: Option<DateTime<Utc>>,
    /// What: the change's message ("Changed gap “Backups”: status").
    pub what: String,
}

/// The document's changes, newest first, at most `limit`.
pub fn history(doc: &Automerge, limit: usize) -> Vec<HistoryEntry> {
    let names = device_names(doc);
    let names_ref = &names;
    let mut entries: Vec<(i64, HistoryEntry)> = doc
        .get_changes_meta(&[])
        .iter()
        .map(|m| {
            let by = author(names_ref, &m.actor);
            (
                m.timestamp,
                HistoryEntry {
                    by,
                    at: DateTime::from_timestamp_millis(m.timestamp),
                    what: m
                        .message
                        .as_deref()
                        .unwrap_or_default()
                        .chars()
                        .take(2_000)
                        .collect(),
                },
            )
        })
        .collect();
    // Stable: changes of one second keep the document's (causal) order, newest last.
    entries.sort_by_key(|(t, _)| *t);
    entries.reverse();
    entries.into_iter().take(limit).map(|(_, e)| e).collect()
}
