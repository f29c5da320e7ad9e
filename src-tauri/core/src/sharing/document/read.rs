//! Reading the shared document back as the plan's JSON.

use automerge::{ObjId, ObjType, ReadDoc, ScalarValue};
use serde_json::{Map, Number, Value as Json};

use super::{doc_error, plan_object, COLLECTIONS, MAX_DEPTH, POSITION};
use crate::error::{CoreError, Result};

/// An Automerge scalar as JSON (bytes, counters and unknown types become null: the plan never
/// writes them, so only a hostile document has them, and validation then refuses the result).
pub(super) fn from_scalar(value: &ScalarValue) -> Json {
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
pub(super) fn decode(doc: &impl ReadDoc, obj: &ObjId, depth: usize) -> Result<Json> {
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
