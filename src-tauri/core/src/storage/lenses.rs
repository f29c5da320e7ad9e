//! Frameworks imported from AWS custom lenses and exported as lenses, with their questions:
//! the one writer of `framework_questions` (framework rows through the same inserts as
//! `frameworks`). A project's own questions are `questions`'s; answers are `review`'s.

use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{HookError, HookResult};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::row::{new_id, now};
use super::Store;
use crate::domain::lens::{Lens, Question, SCHEMA_VERSION};
use crate::domain::scorecard::PILLAR_NAME_MAX;
use crate::error::{CoreError, Result};

/// What a lens import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LensImport {
    /// The framework made (or replaced) from the lens.
    pub framework_id: String,
    /// Its name: the lens's.
    pub name: String,
    /// Pillars and questions read.
    pub pillars: u32,
    /// See `pillars`.
    pub questions: u32,
    /// True when a framework of the same lens was there and now holds the new version
    /// (projects made from the old one keep their questions).
    pub replaced: bool,
    /// Pillar names too long for a scorecard, shortened; each full name is kept in the
    /// pillar's description.
    pub shortened: Vec<String>,
}

/// A pillar name fit for a scorecard: cut with an ellipsis past the scorecard's limit.
fn pillar_name(name: &str) -> (String, bool) {
    let name = name.trim();
    if name.chars().count() <= PILLAR_NAME_MAX {
        return (name.to_owned(), false);
    }
    let mut cut: String = name.chars().take(PILLAR_NAME_MAX - 1).collect();
    cut.push('…');
    (cut, true)
}

/// A question as stored: its lens JSON.
pub(super) fn definition(q: &Question) -> Result<String> {
    serde_json::to_string(q).map_err(|e| CoreError::Report {
        message: format!("cannot store question {}: {e}", q.id),
    })
}

/// A stored question definition, or `None` for one this build cannot read.
pub(crate) fn parse_definition(json: &str) -> Option<Question> {
    serde_json::from_str(json).ok()
}

/// The built-in frameworks' questions: each built-in framework's id and its lens, written for
/// Preflight (`frameworks/*.lens.json`, checked like any imported lens by the tests).
pub(crate) const BUILTIN_LENSES: [(&str, &str); 2] = [
    (
        crate::domain::framework::EIGHT_PILLARS,
        include_str!("../../frameworks/eight-pillars.lens.json"),
    ),
    (
        crate::domain::framework::FOUR_PILLARS,
        include_str!("../../frameworks/four-pillars.lens.json"),
    ),
];

/// Migration 0014's hook: writes the built-in frameworks' questions into
/// `framework_questions`, pillar by pillar in the frameworks' order.
pub(super) fn insert_builtin_questions(tx: &rusqlite::Transaction<'_>) -> HookResult {
    for (framework, json) in BUILTIN_LENSES {
        let lens = Lens::parse(json)
            .map_err(|e| HookError::Hook(format!("the {framework} questions: {e}")))?;
        for (pillar_position, pillar) in (0_i64..).zip(&lens.pillars) {
            for (position, q) in (0_i64..).zip(&pillar.questions) {
                let definition = definition(q).map_err(|e| HookError::Hook(e.to_string()))?;
                insert_framework_question(
                    tx,
                    framework,
                    pillar_position,
                    position,
                    q,
                    &definition,
                )?;
            }
        }
    }
    Ok(())
}

/// The one `INSERT INTO framework_questions`.
fn insert_framework_question(
    conn: &Connection,
    framework: &str,
    pillar_position: i64,
    position: i64,
    q: &Question,
    definition: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO framework_questions
             (framework_id, pillar_position, position, question_id, definition)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![framework, pillar_position, position, q.id, definition],
    )?;
    Ok(())
}

/// Copies `project`'s questions into framework `framework` (saved from the project's pillars,
/// in the same positions); returns how many.
pub(super) fn save_questions(conn: &Connection, framework: &str, project: Uuid) -> Result<u32> {
    let copied = conn.execute(
        "INSERT INTO framework_questions
             (framework_id, pillar_position, position, question_id, definition)
         SELECT ?1, p.position, q.position, q.question_id, q.definition
         FROM questions q JOIN pillars p ON p.id = q.pillar_id WHERE q.project_id = ?2",
        params![framework, project.to_string()],
    )?;
    Ok(u32::try_from(copied).unwrap_or(u32::MAX))
}

/// How many questions framework `id` holds.
pub(super) fn question_count(conn: &Connection, id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM framework_questions WHERE framework_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Framework `framework` (id or name) as a custom lens: its pillars (with the ids a lens
    /// gave them, or made from their names) and every question.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `framework` when there is none, or when a pillar has no
    /// question (a lens needs one per pillar); [`CoreError::InvalidFile`] when the result would
    /// not pass the format's checks.
    pub fn export_lens(&self, framework: &str) -> Result<Lens> {
        self.read(|conn| {
            let id = super::frameworks::find(conn, framework)?;
            let (name, description): (String, String) = conn.query_row(
                "SELECT name, description FROM frameworks WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let mut stmt = conn.prepare(
                "SELECT position, name, lens_id FROM framework_pillars WHERE framework_id = ?1
                 ORDER BY position",
            )?;
            let pillars = stmt
                .query_map([&id], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut questions = conn.prepare(
                "SELECT definition FROM framework_questions
                 WHERE framework_id = ?1 AND pillar_position = ?2 ORDER BY position",
            )?;
            let mut used = std::collections::HashSet::new();
            let mut out = Vec::new();
            for (position, pillar_name, lens_id) in pillars {
                let qs: Vec<Question> = questions
                    .query_map(params![id, position], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
                    .iter()
                    .filter_map(|d| parse_definition(d))
                    .collect();
                if qs.is_empty() {
                    return Err(CoreError::invalid(
                        "framework",
                        format!(
                            "the pillar \u{201c}{pillar_name}\u{201d} has no review questions; a lens needs at least one per pillar"
                        ),
                    ));
                }
                let mut pillar_id = if lens_id.is_empty() {
                    crate::files::slug(&pillar_name).replace('-', "_")
                } else {
                    lens_id
                };
                while !used.insert(pillar_id.clone()) {
                    pillar_id.push('_');
                }
                out.push(crate::domain::lens::Pillar::new(&pillar_id, &pillar_name, qs));
            }
            Ok(Lens::new(&name, &description, out))
        })
    }

    /// Imports a checked lens as a framework offered for new projects, with its pillars and
    /// questions, in one transaction. Importing a lens of the same name again replaces that
    /// framework's pillars and questions (projects already made keep theirs).
    ///
    /// # Errors
    /// [`CoreError::Conflict`] on `name` when a framework that is not a lens has the lens's
    /// name; storage errors (nothing is written then).
    pub fn import_lens(&self, lens: &Lens) -> Result<LensImport> {
        self.with_tx(|tx| {
            let existing: Option<(String, Option<String>)> = tx
                .query_row(
                    "SELECT id, lens_schema FROM frameworks WHERE lower(name) = lower(?1)",
                    [lens.name.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (id, replaced) = match existing {
                Some((id, Some(_))) => {
                    tx.execute("DELETE FROM framework_pillars WHERE framework_id = ?1", [&id])?;
                    tx.execute("DELETE FROM framework_questions WHERE framework_id = ?1", [&id])?;
                    tx.execute(
                        "UPDATE frameworks SET description = ?2 WHERE id = ?1",
                        params![id, lens.description.trim()],
                    )?;
                    (id, true)
                }
                Some((_, None)) => {
                    return Err(CoreError::Conflict {
                        field: Some("name"),
                        message: format!(
                            "a framework named \u{201c}{}\u{201d} already exists and is not a lens; rename one of them",
                            lens.name.trim()
                        ),
                    })
                }
                None => {
                    let id = new_id().to_string();
                    tx.execute(
                        "INSERT INTO frameworks (id, name, description, builtin, created_at, lens_schema)
                         VALUES (?1, ?2, ?3, 0, ?4, ?5)",
                        params![id, lens.name.trim(), lens.description.trim(), now(), SCHEMA_VERSION],
                    )?;
                    (id, false)
                }
            };
            let mut shortened = Vec::new();
            for (position, pillar) in (0_i64..).zip(&lens.pillars) {
                let (name, cut) = pillar_name(&pillar.name);
                let description = if cut {
                    shortened.push(pillar.name.trim().to_owned());
                    pillar.name.trim().to_owned()
                } else {
                    String::new()
                };
                tx.execute(
                    "INSERT INTO framework_pillars (framework_id, position, name, description, lens_id)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, position, name, description, pillar.id],
                )?;
                for (q_position, q) in (0_i64..).zip(&pillar.questions) {
                    insert_framework_question(tx, &id, position, q_position, q, &definition(q)?)?;
                }
            }
            Ok(LensImport {
                framework_id: id,
                name: lens.name.trim().to_owned(),
                pillars: u32::try_from(lens.pillars.len()).unwrap_or(u32::MAX),
                questions: u32::try_from(lens.question_count()).unwrap_or(u32::MAX),
                replaced,
                shortened,
            })
        })
    }
}
