//! A project's review questions: copied from its framework, written or edited by hand,
//! reordered within their pillar, deleted — the one writer of `questions` (answers through
//! `review`).

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::lenses::{definition, parse_definition};
use super::row::{new_id, reordered};
use super::Store;
use crate::domain::lens::Question;
use crate::domain::question::QuestionDraft;
use crate::error::{CoreError, Result};

/// Copies framework `framework_id`'s questions to the project's pillars, which were made from
/// its pillars in the same order (`pillars`: the new pillar ids by position).
pub(super) fn copy_questions(
    conn: &Connection,
    framework_id: &str,
    project: Uuid,
    pillars: &[Uuid],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT pillar_position, position, question_id, definition FROM framework_questions
         WHERE framework_id = ?1 ORDER BY pillar_position, position",
    )?;
    let rows = stmt
        .query_map([framework_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (pillar_position, position, question_id, definition) in rows {
        let Some(pillar) = usize::try_from(pillar_position)
            .ok()
            .and_then(|i| pillars.get(i))
        else {
            continue;
        };
        write_question(
            conn,
            new_id(),
            project,
            *pillar,
            position,
            &question_id,
            &definition,
        )?;
    }
    Ok(())
}

/// The one `INSERT INTO questions`: a question of `project` under `pillar`.
fn write_question(
    conn: &Connection,
    id: Uuid,
    project: Uuid,
    pillar: Uuid,
    position: i64,
    question_id: &str,
    definition: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO questions (id, project_id, pillar_id, position, question_id, definition)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id.to_string(),
            project.to_string(),
            pillar.to_string(),
            position,
            question_id,
            definition
        ],
    )?;
    Ok(())
}

/// Writes one question of a project with its answer and improvement gaps (a project file's
/// import), with the ids the file gave (through `map`).
pub(super) fn insert_question(
    conn: &Connection,
    project: Uuid,
    q: &crate::project_file::ValidQuestion,
    map: &dyn Fn(Uuid) -> Uuid,
    position: i64,
) -> Result<()> {
    let id = map(q.id);
    let pillar = map(q.pillar_id);
    write_question(
        conn,
        id,
        project,
        pillar,
        position,
        &q.question.id,
        &definition(&q.question)?,
    )?;
    let links: Vec<(String, Uuid)> = q
        .improvement_gaps
        .iter()
        .map(|(choice, gap)| (choice.clone(), map(*gap)))
        .collect();
    super::review::insert_answer(conn, id, &q.answer, &links)
}

/// One project question as the scorecard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PillarQuestion {
    /// The row's id.
    pub id: Uuid,
    /// The pillar it belongs to.
    pub pillar_id: Uuid,
    /// The lens's definition: title, description, choices, risk rules.
    pub question: Question,
}

/// Question `question_id` (the lens's id) of `project`: its row, pillar and definition.
fn find(conn: &Connection, project: Uuid, question_id: &str) -> Result<PillarQuestion> {
    let not_found = || CoreError::NotFound {
        what: "question",
        id: question_id.to_owned(),
    };
    let (id, pillar_id, definition): (Uuid, Uuid, String) = conn
        .query_row(
            "SELECT id, pillar_id, definition FROM questions
             WHERE project_id = ?1 AND question_id = ?2",
            params![project.to_string(), question_id.trim()],
            |r| Ok((super::row::uuid(r, 0)?, super::row::uuid(r, 1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(not_found)?;
    let question = parse_definition(&definition).ok_or_else(not_found)?;
    Ok(PillarQuestion {
        id,
        pillar_id,
        question,
    })
}

/// The question rows of `pillar`, in order.
fn order_of(conn: &Connection, pillar: Uuid) -> Result<Vec<Uuid>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM questions WHERE pillar_id = ?1 ORDER BY position, question_id",
    )?;
    let rows = stmt
        .query_map([pillar.to_string()], |r| super::row::uuid(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Rewrites the positions of `pillar`'s questions as 0, 1, 2, … in `order`.
fn renumber(conn: &Connection, order: &[Uuid]) -> Result<()> {
    for (position, id) in (0_i64..).zip(order) {
        conn.prepare_cached("UPDATE questions SET position = ?2 WHERE id = ?1")?
            .execute(params![id.to_string(), position])?;
    }
    Ok(())
}

/// The lens ids of `project`'s questions.
fn taken_ids(conn: &Connection, project: Uuid) -> Result<HashSet<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT question_id FROM questions WHERE project_id = ?1")?;
    let ids = stmt
        .query_map([project.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<HashSet<String>>>()?;
    Ok(ids)
}

/// What editing a question did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionEdit {
    /// The question as saved.
    pub question: PillarQuestion,
    /// Practices that were in the answer and are no longer part of the question (their
    /// titles before the edit); the answer no longer names them.
    pub removed_from_answer: Vec<String>,
}

impl Store {
    /// The review questions of a project, by pillar order then question order.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project; storage errors.
    pub fn questions(&self, project: Uuid) -> Result<Vec<PillarQuestion>> {
        self.read(|conn| {
            super::guards::load(conn, project)?;
            Ok(super::review::review(conn, project)?
                .questions
                .into_iter()
                .map(|q| PillarQuestion {
                    id: q.id,
                    pillar_id: q.pillar_id,
                    question: q.question,
                })
                .collect())
        })
    }

    /// Adds a question written by hand at the end of `pillar`'s questions.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] as [`QuestionDraft::build`] (nothing written);
    /// [`CoreError::NotFound`] for an unknown project or a pillar of another project;
    /// [`CoreError::Conflict`] for a project in the trash.
    pub fn add_question(
        &self,
        project: Uuid,
        pillar: Uuid,
        draft: &QuestionDraft,
    ) -> Result<PillarQuestion> {
        self.with_tx(|tx| {
            super::guards::editable(tx, project)?;
            let owner: Option<String> = tx
                .query_row(
                    "SELECT project_id FROM pillars WHERE id = ?1",
                    [pillar.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if owner.as_deref() != Some(project.to_string().as_str()) {
                return Err(CoreError::NotFound {
                    what: "pillar",
                    id: pillar.to_string(),
                });
            }
            let question = draft.build(None, &taken_ids(tx, project)?)?;
            let position = i64::try_from(order_of(tx, pillar)?.len()).unwrap_or(i64::MAX);
            let id = new_id();
            write_question(
                tx,
                id,
                project,
                pillar,
                position,
                &question.id,
                &definition(&question)?,
            )?;
            super::guards::touch(tx, project)?;
            Ok(PillarQuestion {
                id,
                pillar_id: pillar,
                question,
            })
        })
    }

    /// Replaces question `question_id`'s text, practices and rules with `draft`'s. Its answer
    /// keeps the practices still there; links to gaps of removed practices go (the gaps stay).
    ///
    /// # Errors
    /// As [`Store::add_question`]; [`CoreError::NotFound`] for an unknown question.
    pub fn edit_question(
        &self,
        project: Uuid,
        question_id: &str,
        draft: &QuestionDraft,
    ) -> Result<QuestionEdit> {
        self.with_tx(|tx| {
            super::guards::editable(tx, project)?;
            let before = find(tx, project, question_id)?;
            let question = draft.build(Some(&before.question), &HashSet::new())?;
            tx.execute(
                "UPDATE questions SET definition = ?2 WHERE id = ?1",
                params![before.id.to_string(), definition(&question)?],
            )?;
            let gone = super::review::keep_known_practices(tx, before.id, &question)?;
            super::guards::touch(tx, project)?;
            Ok(QuestionEdit {
                removed_from_answer: before
                    .question
                    .choices
                    .iter()
                    .filter(|c| gone.contains(&c.id))
                    .map(|c| c.title.clone())
                    .collect(),
                question: PillarQuestion { question, ..before },
            })
        })
    }

    /// Moves question `question_id` to `index` among its pillar's questions (past the end:
    /// last) and returns the project's questions.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn move_question(
        &self,
        project: Uuid,
        question_id: &str,
        index: u32,
    ) -> Result<Vec<PillarQuestion>> {
        self.with_tx(|tx| {
            super::guards::editable(tx, project)?;
            let q = find(tx, project, question_id)?;
            renumber(tx, &reordered(order_of(tx, q.pillar_id)?, q.id, index))?;
            super::guards::touch(tx, project)?;
            Ok(())
        })?;
        self.questions(project)
    }

    /// Deletes question `question_id` with its answer (the gaps added from it stay).
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn delete_question(&self, project: Uuid, question_id: &str) -> Result<Vec<PillarQuestion>> {
        self.with_tx(|tx| {
            super::guards::editable(tx, project)?;
            let q = find(tx, project, question_id)?;
            tx.execute("DELETE FROM questions WHERE id = ?1", [q.id.to_string()])?;
            renumber(tx, &order_of(tx, q.pillar_id)?)?;
            super::guards::touch(tx, project)?;
            Ok(())
        })?;
        self.questions(project)
    }
}
