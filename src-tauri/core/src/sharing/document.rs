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

use std::collections::{BTreeMap, HashSet};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{
    ActorId, Automerge, ChangeHash, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value, ROOT,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Map, Number, Value as Json};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CoreError, Result};

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

/// Reconciling one plan onto the document: the edits made and the items they touched.
struct Record {
    /// When, for the trash marks of items that disappeared.
    at: String,
    /// Fields, items and lists written.
    edits: usize,
    /// What was done, item by item, in order: ("changed", "gap “Backups”: status, owner").
    touched: Vec<(String, String)>,
}

impl Record {
    fn new(at: DateTime<Utc>) -> Record {
        Record {
            at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            edits: 0,
            touched: Vec::new(),
        }
    }

    /// The change message: what was added, changed and trashed, at most 12 items named.
    fn message(&self) -> String {
        const NAMED: usize = 12;
        let mut parts: Vec<String> = self
            .touched
            .iter()
            .take(NAMED)
            .map(|(verb, what)| format!("{verb} {what}"))
            .collect();
        if self.touched.len() > NAMED {
            parts.push(format!("and {} more", self.touched.len() - NAMED));
        }
        if parts.is_empty() {
            "Changed the project".to_owned()
        } else {
            let mut text = parts.join("; ");
            if let Some(first) = text.get(..1) {
                text = first.to_uppercase() + &text[1..];
            }
            text
        }
    }

    /// Makes the map `obj` hold exactly `new`'s keys and values (collections item by item).
    fn map(
        &mut self,
        tx: &mut automerge::transaction::Transaction<'_>,
        obj: &ObjId,
        path: &mut Vec<String>,
        new: &Map<String, Json>,
    ) -> Result<Vec<String>> {
        if path.len() > MAX_DEPTH {
            return Err(CoreError::invalid_file(path.join("."), "nests too deeply"));
        }
        let mut changed = Vec::new();
        for (key, value) in new {
            path.push(key.clone());
            if is_collection(path) {
                let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
                let coll = self.object_at(tx, obj, key, ObjType::Map)?;
                self.collection(tx, &coll, path, items)?;
            } else if self.value(tx, obj, key, value, path, false)? {
                changed.push(key.clone());
            }
            path.pop();
        }
        let gone: Vec<String> = tx.keys(obj).filter(|k| !new.contains_key(k)).collect();
        for key in gone {
            tx.delete(obj, key.as_str())
                .map_err(doc_error("cannot record"))?;
            self.edits += 1;
            changed.push(key);
        }
        // The plan's own objects (the project's fields, the compliance snapshot) are named
        // here; items of collections by `collection`.
        if let ([top], false) = (path.as_slice(), changed.is_empty()) {
            let what = match top.as_str() {
                "compliance" => "compliance notes",
                other => other,
            };
            self.touched.push((
                "changed".to_owned(),
                format!("{what}: {}", changed.join(", ")),
            ));
        }
        Ok(changed)
    }

    /// The map or list at `obj[key]`, made when it is missing or of another type.
    fn object_at(
        &mut self,
        tx: &mut automerge::transaction::Transaction<'_>,
        obj: &ObjId,
        key: &str,
        kind: ObjType,
    ) -> Result<ObjId> {
        match tx.get(obj, key) {
            Ok(Some((Value::Object(t), id))) if t == kind => Ok(id),
            _ => {
                self.edits += 1;
                tx.put_object(obj, key, kind)
                    .map_err(doc_error("cannot record"))
            }
        }
    }

    /// Writes `new` at `obj[key]` unless it is there already (or always, with `force`, which
    /// makes a value win over every value a conflict holds). True when something was written.
    fn value(
        &mut self,
        tx: &mut automerge::transaction::Transaction<'_>,
        obj: &ObjId,
        key: &str,
        new: &Json,
        path: &mut Vec<String>,
        force: bool,
    ) -> Result<bool> {
        match new {
            Json::Object(fields) => {
                let existing = match tx.get(obj, key) {
                    Ok(Some((Value::Object(ObjType::Map), id))) if !force => Some(id),
                    _ => None,
                };
                let child = match existing {
                    Some(id) => id,
                    None => {
                        self.edits += 1;
                        tx.put_object(obj, key, ObjType::Map)
                            .map_err(doc_error("cannot record"))?
                    }
                };
                let written = self.map(tx, &child, path, fields)?;
                Ok(force || !written.is_empty())
            }
            Json::Array(items) => {
                if !force {
                    if let Ok(Some((Value::Object(ObjType::List), id))) = tx.get(obj, key) {
                        if decode(&*tx, &id, path.len())?.as_array() == Some(items) {
                            return Ok(false);
                        }
                    }
                }
                self.edits += 1;
                let list = tx
                    .put_object(obj, key, ObjType::List)
                    .map_err(doc_error("cannot record"))?;
                for (i, item) in items.iter().enumerate() {
                    self.list_item(tx, &list, i, item, path)?;
                }
                Ok(true)
            }
            scalar => {
                let value = to_scalar(scalar);
                if !force {
                    if let Ok(Some((Value::Scalar(old), _))) = tx.get(obj, key) {
                        if *old == value {
                            return Ok(false);
                        }
                    }
                }
                self.edits += 1;
                tx.put(obj, key, value)
                    .map_err(doc_error("cannot record"))?;
                Ok(true)
            }
        }
    }

    /// Inserts `item` at `index` of the list `list`.
    fn list_item(
        &mut self,
        tx: &mut automerge::transaction::Transaction<'_>,
        list: &ObjId,
        index: usize,
        item: &Json,
        path: &mut Vec<String>,
    ) -> Result<()> {
        if path.len() > MAX_DEPTH {
            return Err(CoreError::invalid_file(path.join("."), "nests too deeply"));
        }
        let err = doc_error("cannot record");
        match item {
            Json::Object(fields) => {
                let child = tx.insert_object(list, index, ObjType::Map).map_err(&err)?;
                path.push(index.to_string());
                self.map(tx, &child, path, fields)?;
                path.pop();
            }
            Json::Array(items) => {
                let child = tx.insert_object(list, index, ObjType::List).map_err(&err)?;
                path.push(index.to_string());
                for (i, inner) in items.iter().enumerate() {
                    self.list_item(tx, &child, i, inner, path)?;
                }
                path.pop();
            }
            scalar => {
                tx.insert(list, index, to_scalar(scalar)).map_err(&err)?;
            }
        }
        Ok(())
    }

    /// Makes the collection `coll` hold `items` in their order: new items added, changed ones
    /// updated field by field, missing ones marked trashed (never removed).
    fn collection(
        &mut self,
        tx: &mut automerge::transaction::Transaction<'_>,
        coll: &ObjId,
        path: &mut Vec<String>,
        items: &[Json],
    ) -> Result<()> {
        let existing: BTreeMap<String, ObjId> = tx
            .keys(coll)
            .filter_map(|key| match tx.get(coll, key.as_str()) {
                Ok(Some((Value::Object(ObjType::Map), id))) => Some((key, id)),
                _ => None,
            })
            .collect();
        let ids: Vec<String> = items
            .iter()
            .map(|item| item_id(item).unwrap_or_default())
            .collect();
        let old_positions: Vec<Option<f64>> = ids
            .iter()
            .map(|id| existing.get(id).and_then(|obj| position(&*tx, obj)))
            .collect();
        let positions = positions(&old_positions);
        let mut seen = HashSet::new();
        for ((item, id), position) in items.iter().zip(&ids).zip(positions) {
            let Some(fields) = item.as_object() else {
                continue;
            };
            if id.is_empty() || !seen.insert(id.clone()) {
                return Err(CoreError::invalid_file(
                    path.join("."),
                    "an item has no id, or the same id twice",
                ));
            }
            let mut fields = fields.clone();
            fields.insert(POSITION.to_owned(), Json::from(position));
            let label = label(path, &fields);
            path.push(id.clone());
            match existing.get(id) {
                Some(obj) => {
                    let was_trashed = tx.get(obj, TRASHED).ok().flatten().is_some();
                    let changed = self.map(tx, obj, path, &fields)?;
                    let now_trashed = fields.contains_key(TRASHED);
                    let verb = match (was_trashed, now_trashed) {
                        (false, true) => Some("trashed".to_owned()),
                        (true, false) => Some("restored".to_owned()),
                        _ => None,
                    };
                    let visible: Vec<&str> = changed
                        .iter()
                        .map(String::as_str)
                        .filter(|k| !k.starts_with('_'))
                        .collect();
                    if let Some(verb) = verb {
                        self.touched.push((verb, label));
                    } else if !visible.is_empty() {
                        self.touched.push((
                            "changed".to_owned(),
                            format!("{label}: {}", visible.join(", ")),
                        ));
                    } else if changed.iter().any(|k| k == POSITION) {
                        self.touched.push(("moved".to_owned(), label));
                    }
                }
                None => {
                    self.edits += 1;
                    let obj = tx
                        .put_object(coll, id.as_str(), ObjType::Map)
                        .map_err(doc_error("cannot record"))?;
                    self.map(tx, &obj, path, &fields)?;
                    self.touched.push(("added".to_owned(), label));
                }
            }
            path.pop();
        }
        for (id, obj) in &existing {
            if seen.contains(id) || tx.get(obj, TRASHED).ok().flatten().is_some() {
                continue;
            }
            tx.put(obj, TRASHED, self.at.as_str())
                .map_err(doc_error("cannot record"))?;
            self.edits += 1;
            let fields = match decode(&*tx, obj, path.len() + 1)? {
                Json::Object(fields) => fields,
                _ => Map::new(),
            };
            self.touched
                .push(("deleted".to_owned(), label(path, &fields)));
        }
        Ok(())
    }
}

/// An item's `id` as text.
fn item_id(item: &Json) -> Option<String> {
    item.get("id").and_then(Json::as_str).map(str::to_owned)
}

/// How an item of the collection at `path` is named in the history: its kind and its title.
fn label(path: &[String], fields: &Map<String, Json>) -> String {
    let kind = match path.last().map(String::as_str) {
        Some("scorecard") => "pillar",
        Some("milestones") => "milestone",
        Some("gaps") => "gap",
        Some("workshops") => "workshop",
        Some("questions") => "question",
        _ => "row",
    };
    let text = |key: &str| fields.get(key).and_then(Json::as_str).map(str::to_owned);
    let title = text("title")
        .or_else(|| text("name"))
        .or_else(|| {
            fields
                .get("question")
                .and_then(|q| q.get("title"))
                .and_then(Json::as_str)
                .map(str::to_owned)
        })
        .or_else(|| {
            fields
                .get("cells")
                .and_then(Json::as_object)
                .and_then(|cells| {
                    cells
                        .values()
                        .find_map(|v| v.as_str().filter(|s| !s.is_empty()))
                })
                .map(str::to_owned)
        });
    let table = match path {
        [_, table] => format!(" in {table}"),
        _ => String::new(),
    };
    match title {
        Some(t) => {
            let short: String = t.chars().take(60).collect();
            format!("{kind}{table} \u{201c}{short}\u{201d}")
        }
        None => format!("{kind}{table}"),
    }
}

/// The `_position` of the item `obj`, when it has a number there.
fn position(doc: &impl ReadDoc, obj: &ObjId) -> Option<f64> {
    match doc.get(obj, POSITION) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::F64(v) if v.is_finite() => Some(*v),
            ScalarValue::Int(v) => Some(*v as f64),
            ScalarValue::Uint(v) => Some(*v as f64),
            _ => None,
        },
        _ => None,
    }
}

/// Positions for items in the wanted order, given the ones they have (None: new or unplaced).
///
/// The longest run of items whose old positions already increase keeps them, so moving one
/// item changes one position; every other item gets one evenly spaced between its kept
/// neighbours. When floating point runs out of room between two neighbours, all items are
/// numbered afresh (1, 2, 3, …).
pub fn positions(old: &[Option<f64>]) -> Vec<f64> {
    let keep = increasing_run(old);
    let mut out: Vec<f64> = Vec::with_capacity(old.len());
    let mut i = 0;
    while i < old.len() {
        if keep[i] {
            out.push(old[i].unwrap_or_default());
            i += 1;
            continue;
        }
        // A stretch of items to place, between the kept positions around it.
        let start = i;
        while i < old.len() && !keep[i] {
            i += 1;
        }
        let before = out.last().copied();
        let after = (i < old.len()).then(|| old[i].unwrap_or_default());
        let n = (i - start) as f64;
        let (low, step) = match (before, after) {
            (Some(b), Some(a)) => (b, (a - b) / (n + 1.0)),
            (Some(b), None) => (b, 1.0),
            (None, Some(a)) => (a - n - 1.0, 1.0),
            (None, None) => (0.0, 1.0),
        };
        for k in 1..=(i - start) {
            out.push(low + step * k as f64);
        }
    }
    let room = out.windows(2).all(|w| w[0] < w[1]);
    if room {
        out
    } else {
        (1..=old.len()).map(|k| k as f64).collect()
    }
}

/// Which entries to keep: a longest strictly increasing subsequence of the known positions
/// (patience sorting, O(n log n)).
fn increasing_run(old: &[Option<f64>]) -> Vec<bool> {
    // tails[k]: index of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; old.len()];
    for (i, value) in old.iter().enumerate() {
        let Some(v) = value else { continue };
        let at = tails.partition_point(|&t| old[t].unwrap_or_default() < *v);
        previous[i] = at.checked_sub(1).map(|k| tails[k]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut keep = vec![false; old.len()];
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        keep[i] = true;
        cursor = previous[i];
    }
    keep
}

/// A JSON scalar as an Automerge scalar: whole numbers as integers, others as floats.
fn to_scalar(value: &Json) -> ScalarValue {
    match value {
        Json::Null => ScalarValue::Null,
        Json::Bool(b) => ScalarValue::Boolean(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => ScalarValue::Int(i),
            (None, Some(u)) => ScalarValue::Uint(u),
            _ => ScalarValue::F64(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => ScalarValue::Str(s.as_str().into()),
        Json::Array(_) | Json::Object(_) => ScalarValue::Null,
    }
}

/// An Automerge scalar as JSON (bytes, counters and unknown types become null: the plan never
/// writes them, so only a hostile document has them, and validation then refuses the result).
fn from_scalar(value: &ScalarValue) -> Json {
    match value {
        ScalarValue::Str(s) => Json::String(s.to_string()),
        ScalarValue::Int(i) => Json::from(*i),
        ScalarValue::Uint(u) => Json::from(*u),
        ScalarValue::F64(f) => Number::from_f64(*f).map_or(Json::Null, Json::Number),
        ScalarValue::Boolean(b) => Json::Bool(*b),
        ScalarValue::Timestamp(t) => Json::from(*t),
        _ => Json::Null,
    }
}

/// A scalar as the document's iterators give it, as JSON (see [`from_scalar`]).
fn from_scalar_ref(value: &automerge::ScalarValueRef<'_>) -> Json {
    use automerge::ScalarValueRef as S;
    match value {
        S::Str(s) => Json::String(s.to_string()),
        S::Int(i) => Json::from(*i),
        S::Uint(u) => Json::from(*u),
        S::F64(f) => Number::from_f64(*f).map_or(Json::Null, Json::Number),
        S::Boolean(b) => Json::Bool(*b),
        S::Timestamp(t) => Json::from(*t),
        _ => Json::Null,
    }
}

/// The object `obj` as JSON (the winning value of each key); collections stay maps.
fn decode(doc: &impl ReadDoc, obj: &ObjId, depth: usize) -> Result<Json> {
    if depth > MAX_DEPTH {
        return Err(CoreError::invalid_file("plan", "nests too deeply"));
    }
    let err = doc_error("cannot read the shared document");
    let value = |v: &automerge::ValueRef<'_>, id: ObjId| -> Result<Json> {
        match v {
            automerge::ValueRef::Object(_) => decode(doc, &id, depth + 1),
            automerge::ValueRef::Scalar(s) => Ok(from_scalar_ref(s)),
        }
    };
    match doc.object_type(obj).map_err(&err)? {
        ObjType::Map | ObjType::Table => {
            let mut out = Map::new();
            for item in doc.map_range(obj, ..) {
                let v = value(&item.value, item.id())?;
                out.insert(item.key.into_owned(), v);
            }
            Ok(Json::Object(out))
        }
        ObjType::List => {
            let mut out = Vec::new();
            for item in doc.list_range(obj, ..) {
                out.push(value(&item.value, item.id())?);
            }
            Ok(Json::Array(out))
        }
        ObjType::Text => Ok(Json::String(doc.text(obj).map_err(&err)?)),
    }
}

/// The plan the document holds now, as project-file JSON: each collection an array in
/// position order (ties by id), items in the trash still there with their `_trashed` mark,
/// `_position` removed.
///
/// # Errors
/// [`CoreError::InvalidFile`] when the document has no plan or nests too deeply.
pub fn state(doc: &impl ReadDoc) -> Result<Json> {
    let plan = plan_object(doc)?;
    let mut value = decode(doc, &plan, 0)?;
    if let Some(map) = value.as_object_mut() {
        for (key, v) in map.iter_mut() {
            if COLLECTIONS.contains(&key.as_str()) {
                *v = ordered(v);
            } else if key == "tables" {
                if let Some(tables) = v.as_object_mut() {
                    for rows in tables.values_mut() {
                        *rows = ordered(rows);
                    }
                }
            }
        }
    }
    Ok(value)
}

/// A collection (a map of id → item) as an array in position order.
fn ordered(collection: &Json) -> Json {
    let Some(map) = collection.as_object() else {
        return Json::Array(Vec::new());
    };
    let mut items: Vec<(f64, &String, Json)> = map
        .iter()
        .filter_map(|(id, item)| {
            let mut item = item.as_object()?.clone();
            let position = item
                .remove(POSITION)
                .and_then(|p| p.as_f64())
                .unwrap_or(f64::MAX);
            Some((position, id, Json::Object(item)))
        })
        .collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    Json::Array(items.into_iter().map(|(_, _, item)| item).collect())
}

/// One field two or more devices changed at the same time.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Conflict {
    /// Where, as keys from the plan's root: `["gaps", "<id>", "title"]`.
    pub path: Vec<String>,
    /// Where, for people: "Gap “Backups” · title".
    pub place: String,
    /// The values, the winning one (the one every device shows) first.
    pub values: Vec<ConflictValue>,
}

/// One of a conflict's values.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConflictValue {
    /// The value (a list or object as JSON too).
    #[ts(type = "unknown")]
    pub value: Json,
    /// Who wrote it: the device's display name, or its actor id when it never named itself.
    pub by: String,
    /// When, as the writing device's clock said.
    pub at: Option<DateTime<Utc>>,
}

/// Every field of the plan with concurrent values, in document order. Positions and trash
/// marks are left out: every device orders and trashes by the same winner, and neither is
/// something a person typed.
///
/// # Errors
/// [`CoreError::InvalidFile`] when the document has no plan.
pub fn conflicts(doc: &Automerge) -> Result<Vec<Conflict>> {
    let names = device_names(doc);
    let mut out = Vec::new();
    let plan = plan_object(doc)?;
    walk_conflicts(doc, &plan, &mut Vec::new(), &names, &mut out)?;
    if !out.is_empty() {
        let now = state(doc)?;
        for conflict in &mut out {
            conflict.place = place(&now, &conflict.path);
        }
    }
    Ok(out)
}

/// A camelCase key as words: `northStar` → "north star", `dueDate` → "due date".
fn words(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A path in the plan for people: the item it is in, named, then the field.
fn place(plan: &Json, path: &[String]) -> String {
    let item = |collection: &Json, id: &str| -> Option<Map<String, Json>> {
        collection
            .as_array()?
            .iter()
            .find(|i| i.get("id").and_then(Json::as_str) == Some(id))?
            .as_object()
            .cloned()
    };
    let (named, rest) = match path {
        [coll, id, rest @ ..] if COLLECTIONS.contains(&coll.as_str()) => (
            item(&plan[coll.as_str()], id).map(|f| label(&path[..1], &f)),
            rest,
        ),
        [tables, table, id, rest @ ..] if tables == "tables" => (
            item(&plan[tables.as_str()][table.as_str()], id).map(|f| label(&path[..2], &f)),
            rest,
        ),
        [top, rest @ ..] => (
            Some(match top.as_str() {
                "compliance" => "compliance notes".to_owned(),
                other => words(other),
            }),
            rest,
        ),
        [] => (None, path),
    };
    let mut parts: Vec<String> = named.into_iter().collect();
    parts.extend(rest.iter().filter(|k| *k != "cells").map(|k| words(k)));
    let text = parts.join(" \u{b7} ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn walk_conflicts(
    doc: &Automerge,
    obj: &ObjId,
    path: &mut Vec<String>,
    names: &BTreeMap<Uuid, String>,
    out: &mut Vec<Conflict>,
) -> Result<()> {
    if path.len() > MAX_DEPTH {
        return Ok(());
    }
    let err = doc_error("cannot read the shared document");
    // Only keys the iterators flag as conflicting are asked for all their values; objects are
    // walked into. (prop, conflicting, the object's id when the winner is an object)
    let props: Vec<(Prop, bool, Option<ObjId>)> = match doc.object_type(obj).map_err(&err)? {
        ObjType::Map | ObjType::Table => doc
            .map_range(obj, ..)
            .map(|item| {
                let object =
                    matches!(item.value, automerge::ValueRef::Object(_)).then(|| item.id());
                (Prop::Map(item.key.into_owned()), item.conflict, object)
            })
            .collect(),
        ObjType::List => doc
            .list_range(obj, ..)
            .map(|item| {
                let object =
                    matches!(item.value, automerge::ValueRef::Object(_)).then(|| item.id());
                (Prop::Seq(item.index), item.conflict, object)
            })
            .collect(),
        ObjType::Text => return Ok(()),
    };
    for (prop, conflicting, object) in props {
        let key = match &prop {
            Prop::Map(k) => k.clone(),
            Prop::Seq(i) => i.to_string(),
        };
        path.push(key.clone());
        if conflicting && !key.starts_with('_') {
            let all = doc.get_all(obj, prop).map_err(&err)?;
            let mut values = Vec::new();
            for (value, id) in &all {
                let json = match value {
                    Value::Object(_) => decode(doc, id, path.len())?,
                    Value::Scalar(s) => from_scalar(s),
                };
                let meta = doc
                    .hash_for_opid(id)
                    .and_then(|h| doc.get_change_meta_by_hash(&h));
                let by = meta
                    .as_ref()
                    .map(|m| author(names, &m.actor))
                    .unwrap_or_default();
                let at = meta
                    .as_ref()
                    .and_then(|m| DateTime::from_timestamp_millis(m.timestamp));
                values.push(ConflictValue {
                    value: json,
                    by,
                    at,
                });
            }
            // get_all lists values in op order, and the winner (what `get` returns) is the last.
            values.reverse();
            out.push(Conflict {
                path: path.clone(),
                place: String::new(),
                values,
            });
        }
        if let Some(id) = object {
            walk_conflicts(doc, &id, path, names, out)?;
        }
        path.pop();
    }
    Ok(())
}

/// Resolves the conflict at `path` for everyone: `value` is written once more by `device`,
/// which supersedes every value the conflict held. The path's objects must exist.
///
/// # Errors
/// [`CoreError::NotFound`] when `path` leads nowhere in the plan.
pub fn resolve(
    doc: &mut Automerge,
    device: &Device,
    path: &[String],
    value: &Json,
    at: DateTime<Utc>,
) -> Result<()> {
    let not_found = || CoreError::NotFound {
        what: "conflicting field",
        id: path.join("."),
    };
    let (last, parents) = path.split_last().ok_or_else(not_found)?;
    let mut obj = plan_object(doc)?;
    for key in parents {
        obj = match doc.get(&obj, key.as_str()) {
            Ok(Some((Value::Object(ObjType::Map), id))) => id,
            _ => return Err(not_found()),
        };
    }
    if doc.get(&obj, last.as_str()).ok().flatten().is_none() {
        return Err(not_found());
    }
    doc.set_actor(device.actor());
    let mut record = Record::new(at);
    let mut tx = doc.transaction();
    let mut walked = path.to_vec();
    record.value(&mut tx, &obj, last, value, &mut walked, true)?;
    tx.commit_with(
        CommitOptions::default()
            .with_message(format!("Chose a value for {}", path.join(".")))
            .with_time(millis(at)),
    );
    Ok(())
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

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;
