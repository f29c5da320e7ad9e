//! Frameworks: the built-in pillar sets and the custom ones saved from a project.

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::row::{new_id, now};
use super::Store;
use crate::domain::framework::FRAMEWORK_NAME_MAX;
use crate::domain::text::required_line;
use crate::domain::{Framework, FrameworkPillar};
use crate::error::{CoreError, Result};

/// The pillars of framework `id`, in order.
///
/// # Errors
/// [`CoreError::Invalid`] on `framework` when no such framework exists.
pub(crate) fn pillars_of(conn: &Connection, id: &str) -> Result<Vec<FrameworkPillar>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM frameworks WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(CoreError::invalid(
            "framework",
            format!("unknown framework \"{id}\""),
        ));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT name, description FROM framework_pillars WHERE framework_id = ?1
         ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(FrameworkPillar {
            name: r.get(0)?,
            description: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The id of the framework with this id or name (ignoring case).
///
/// # Errors
/// [`CoreError::Invalid`] on `framework` when there is none.
pub(crate) fn find(conn: &Connection, id_or_name: &str) -> Result<String> {
    let wanted = id_or_name.trim();
    conn.query_row(
        "SELECT id FROM frameworks WHERE id = ?1 OR lower(name) = lower(?1)
         ORDER BY id = ?1 DESC LIMIT 1",
        [wanted],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::invalid("framework", format!("unknown framework \"{wanted}\"")))
}

impl Store {
    /// Every framework offered for new projects: built-ins first, then custom ones by name.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails.
    pub fn list_frameworks(&self) -> Result<Vec<Framework>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, name, description, builtin, lens_schema FROM frameworks
                 ORDER BY builtin DESC, created_at, name",
            )?;
            type Head = (String, String, String, bool, Option<String>);
            let heads = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<Head>>>()?;
            heads
                .into_iter()
                .map(|(id, name, description, builtin, lens_schema)| {
                    let pillars = pillars_of(conn, &id)?;
                    let questions = super::lenses::question_count(conn, &id)?;
                    Ok(Framework {
                        id,
                        name,
                        description,
                        builtin,
                        pillars,
                        lens_schema,
                        questions,
                    })
                })
                .collect()
        })
    }

    /// Saves the project's current pillar set (names and descriptions, in order) and its review
    /// questions as a custom framework named `name`, offered for new projects from then on.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `name` (1–120 characters); [`CoreError::Conflict`] on `name`
    /// when a framework already has it (ignoring case); [`CoreError::NotFound`].
    pub fn save_as_framework(&self, project: Uuid, name: &str) -> Result<Framework> {
        let name = required_line("name", name, FRAMEWORK_NAME_MAX)?;
        self.with_tx(|tx| {
            let source = super::guards::load(tx, project)?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM frameworks WHERE lower(name) = lower(?1))",
                [&name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(CoreError::Conflict {
                    field: Some("name"),
                    message: format!("a framework named \u{201c}{name}\u{201d} already exists"),
                });
            }
            let id = new_id().to_string();
            tx.execute(
                "INSERT INTO frameworks (id, name, description, builtin, created_at)
                 VALUES (?1, ?2, ?3, 0, ?4)",
                params![
                    id,
                    name,
                    format!("Saved from \u{201c}{}\u{201d}", source.name),
                    now()
                ],
            )?;
            tx.execute(
                "INSERT INTO framework_pillars (framework_id, position, name, description)
                 SELECT ?1, position, name, description FROM pillars WHERE project_id = ?2",
                params![id, project.to_string()],
            )?;
            let questions = super::lenses::save_questions(tx, &id, project)?;
            let pillars = pillars_of(tx, &id)?;
            Ok(Framework {
                id,
                name,
                description: format!("Saved from \u{201c}{}\u{201d}", source.name),
                builtin: false,
                pillars,
                lens_schema: None,
                questions,
            })
        })
    }
}
