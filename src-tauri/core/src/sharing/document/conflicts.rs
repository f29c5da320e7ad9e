//! Conflicts in the shared document: fields two devices wrote at once, named for people,
//! and resolving one for everyone.

use std::collections::BTreeMap;

use automerge::transaction::CommitOptions;
use automerge::{Automerge, ObjId, ObjType, Prop, ReadDoc, Value};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value as Json};
use ts_rs::TS;
use uuid::Uuid;

use super::read::{decode, from_scalar, state};
use super::reconcile::{label, Record};
use super::{author, device_names, doc_error, millis, plan_object, Device, COLLECTIONS, MAX_DEPTH};
use crate::error::{CoreError, Result};

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
