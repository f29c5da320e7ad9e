//! Recording a plan into the shared document: its differences from the document, field by
//! field and item by item, written as Automerge operations, and items' fractional positions.

use std::collections::{BTreeMap, HashSet};

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue, Value};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value as Json};

use super::read::decode;
use super::{doc_error, is_collection, MAX_DEPTH, POSITION, TRASHED};
use crate::error::{CoreError, Result};

/// Reconciling one plan onto the document: the edits made and the items they touched.
pub(super) struct Record {
    /// When, for the trash marks of items that disappeared.
    at: String,
    /// Fields, items and lists written.
    pub(super) edits: usize,
    /// What was done, item by item, in order: ("changed", "gap “Backups”: status, owner").
    touched: Vec<(String, String)>,
}

impl Record {
    pub(super) fn new(at: DateTime<Utc>) -> Record {
        Record {
            at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            edits: 0,
            touched: Vec::new(),
        }
    }

    /// The change message: what was added, changed and trashed, at most 12 items named.
    pub(super) fn message(&self) -> String {
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
    pub(super) fn map(
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
    pub(super) fn value(
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
pub(super) fn label(path: &[String], fields: &Map<String, Json>) -> String {
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
