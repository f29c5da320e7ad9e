//! The checks every table module makes on the project it changes: that it exists (`load`),
//! that it may change (`editable`, not in the trash), and that it did (`touch`).
//!
//! They live apart from `projects` so the table modules (`scorecard`, `gaps`, `tables`,
//! `frameworks`) depend on this small module only, and `projects` may call them in turn
//! without a cycle.

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::row::{date, now, optional_time, time, uuid};
use crate::domain::{Decision, Project};
use crate::error::{CoreError, Result};

pub(super) const COLUMNS: &str =
    "id, name, description, stage, north_star, leading_metric, framework_id, \
                       is_sample, created_at, updated_at, archived_at, trashed_at, time_box_end, \
                       decision, review_every_weeks, reminders";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Project> {
    let stage: String = row.get(3)?;
    let decision: String = row.get(13)?;
    let bad_text = |index: usize, e: CoreError| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(std::io::Error::other(e.message())),
        )
    };
    Ok(Project {
        id: uuid(row, 0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        stage: crate::domain::Stage::parse(&stage).map_err(|e| bad_text(3, e))?,
        north_star: row.get(4)?,
        leading_metric: row.get(5)?,
        framework_id: row.get(6)?,
        time_box_end: date(row, 12)?,
        decision: Decision::parse(&decision).map_err(|e| bad_text(13, e))?,
        // Filled in by `load` and `list_projects`, which read the criteria table.
        success_criteria: Vec::new(),
        is_sample: row.get(7)?,
        created_at: time(row, 8)?,
        updated_at: time(row, 9)?,
        archived_at: optional_time(row, 10)?,
        trashed_at: optional_time(row, 11)?,
        review_every_weeks: row.get(14)?,
        reminders: row.get(15)?,
    })
}

/// Loads one project with its success criteria.
pub(crate) fn load(conn: &Connection, id: Uuid) -> Result<Project> {
    let mut project = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM projects WHERE id = ?1"),
            [id.to_string()],
            from_row,
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: "project",
            id: id.to_string(),
        })?;
    project.success_criteria = criteria(conn, id)?;
    Ok(project)
}

pub(super) fn criteria(conn: &Connection, project: Uuid) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT question FROM success_criteria WHERE project_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([project.to_string()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Loads a project that may be changed: it exists and is not in the trash.
///
/// # Errors
/// [`CoreError::NotFound`]; [`CoreError::Conflict`] when it is in the trash.
pub(crate) fn editable(conn: &Connection, id: Uuid) -> Result<Project> {
    let project = load(conn, id)?;
    if project.trashed_at.is_some() {
        return Err(conflict(
            "this project is in the trash; restore it to change it",
        ));
    }
    Ok(project)
}

/// Marks a project as changed now, so it moves to the top of the list.
pub(crate) fn touch(conn: &Connection, id: Uuid) -> Result<()> {
    conn.execute(
        "UPDATE projects SET updated_at = ?2 WHERE id = ?1",
        params![id.to_string(), now()],
    )?;
    Ok(())
}

/// A conflict that names no field.
pub(super) fn conflict(message: impl Into<String>) -> CoreError {
    CoreError::Conflict {
        field: None,
        message: message.into(),
    }
}
