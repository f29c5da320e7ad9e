//! A project's review: answers to its questions, their risks, each pillar's counts, and the
//! gaps added from improvement plans — the one writer of `answers` and `improvement_gaps`
//! (gaps themselves through `gaps`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::lenses::parse_definition;
use super::row::now;
use super::Store;
use crate::domain::lens::Risk;
use crate::domain::review::{improvement_gap, Answer, FrozenAnswer, Review, ReviewQuestion};
use crate::error::{CoreError, Result};

/// Writes the answer and improvement-gap links of question `id` (a project file's import).
pub(super) fn insert_answer(
    conn: &Connection,
    id: Uuid,
    answer: &Answer,
    links: &[(String, Uuid)],
) -> Result<()> {
    if answer.is_answered() || !answer.note.is_empty() {
        write_answer(conn, id, answer)?;
    }
    for (choice, gap) in links {
        conn.execute(
            "INSERT INTO improvement_gaps (question_id, choice_id, gap_id) VALUES (?1, ?2, ?3)",
            params![id.to_string(), choice, gap.to_string()],
        )?;
    }
    Ok(())
}

/// The one write of `answers`: question `id`'s answer, new or replacing the last.
fn write_answer(conn: &Connection, id: Uuid, answer: &Answer) -> Result<()> {
    let choices = serde_json::to_string(&answer.choices).map_err(|e| CoreError::Report {
        message: format!("cannot store the answer: {e}"),
    })?;
    conn.execute(
        "INSERT INTO answers (question_id, choices, none_apply, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (question_id) DO UPDATE SET choices = excluded.choices,
             none_apply = excluded.none_apply, note = excluded.note,
             updated_at = excluded.updated_at",
        params![id.to_string(), choices, answer.none, answer.note, now()],
    )?;
    Ok(())
}

/// Keeps question `row`'s answer and improvement-gap links to the practices `question` still
/// has (after an edit); returns the ids of chosen practices that went.
pub(super) fn keep_known_practices(
    conn: &Connection,
    row: Uuid,
    question: &crate::domain::lens::Question,
) -> Result<Vec<String>> {
    let known = |id: &String| question.choices.iter().any(|c| &c.id == id);
    let chosen: Option<String> = conn
        .query_row(
            "SELECT choices FROM answers WHERE question_id = ?1",
            [row.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let chosen: Vec<String> = chosen
        .and_then(|c| serde_json::from_str(&c).ok())
        .unwrap_or_default();
    let (kept, gone): (Vec<String>, Vec<String>) = chosen.into_iter().partition(known);
    if !gone.is_empty() {
        let kept = serde_json::to_string(&kept).map_err(|e| CoreError::Report {
            message: format!("cannot store the answer: {e}"),
        })?;
        conn.execute(
            "UPDATE answers SET choices = ?2, updated_at = ?3 WHERE question_id = ?1",
            params![row.to_string(), kept, now()],
        )?;
    }
    let mut links =
        conn.prepare_cached("SELECT choice_id FROM improvement_gaps WHERE question_id = ?1")?;
    let linked = links
        .query_map([row.to_string()], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for choice in linked.iter().filter(|c| !known(c)) {
        conn.execute(
            "DELETE FROM improvement_gaps WHERE question_id = ?1 AND choice_id = ?2",
            params![row.to_string(), choice],
        )?;
    }
    Ok(gone)
}

/// The review of `project` as a milestone would freeze it now.
pub(super) fn current_answers(conn: &Connection, project: Uuid) -> Result<Vec<FrozenAnswer>> {
    Ok(review_of(conn, project)?
        .iter()
        .map(FrozenAnswer::from)
        .collect())
}

/// The answers milestone `milestone` froze, in their order.
pub(super) fn frozen_answers(
    conn: &Connection,
    milestone: Uuid,
) -> rusqlite::Result<Vec<FrozenAnswer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, pillar_id, title, chosen, none_apply, note, risk
         FROM milestone_answers WHERE milestone_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([milestone.to_string()], |r| {
        Ok(FrozenAnswer {
            question_id: r.get(0)?,
            pillar_id: super::row::uuid(r, 1)?,
            title: r.get(2)?,
            chosen: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
            none: r.get(4)?,
            note: r.get(5)?,
            risk: r
                .get::<_, Option<String>>(6)?
                .as_deref()
                .and_then(Risk::parse),
        })
    })?;
    rows.collect()
}

/// The one writer of `milestone_answers`: the answers milestone `milestone` freezes.
pub(super) fn freeze_answers(
    conn: &Connection,
    milestone: Uuid,
    answers: &[FrozenAnswer],
) -> Result<()> {
    for (position, a) in (0_i64..).zip(answers) {
        let chosen = serde_json::to_string(&a.chosen).map_err(|e| CoreError::Report {
            message: format!("cannot store the answer to {}: {e}", a.question_id),
        })?;
        conn.prepare_cached(
            "INSERT INTO milestone_answers
                 (milestone_id, position, question_id, pillar_id, title, chosen, none_apply, note, risk)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            milestone.to_string(),
            position,
            a.question_id,
            a.pillar_id.to_string(),
            a.title,
            chosen,
            a.none,
            a.note,
            a.risk.map(Risk::as_str)
        ])?;
    }
    Ok(())
}

/// A project's questions and answers as the project file holds them.
pub(super) fn file_questions(
    conn: &Connection,
    project: Uuid,
) -> Result<Vec<crate::project_file::FileQuestion>> {
    let mut links = conn.prepare_cached(
        "SELECT i.choice_id, i.gap_id FROM improvement_gaps i JOIN gaps g ON g.id = i.gap_id
         WHERE i.question_id = ?1 AND g.trashed_at IS NULL ORDER BY i.choice_id",
    )?;
    review_of(conn, project)?
        .into_iter()
        .map(|q| {
            let improvement_gaps = links
                .query_map([q.id.to_string()], |r| {
                    Ok((r.get::<_, String>(0)?, super::row::uuid(r, 1)?))
                })?
                .collect::<rusqlite::Result<std::collections::BTreeMap<_, _>>>()?;
            Ok(crate::project_file::FileQuestion {
                improvement_gaps,
                id: q.id,
                pillar_id: q.pillar_id,
                question: serde_json::to_value(&q.question).map_err(|e| CoreError::Report {
                    message: format!("cannot write question {}: {e}", q.question.id),
                })?,
                answer: crate::project_file::FileAnswer {
                    choices: q.answer.choices,
                    none: q.answer.none,
                    note: q.answer.note,
                },
            })
        })
        .collect()
}

/// A project's questions with their answers and risks, by pillar order then question order.
fn review_of(conn: &Connection, project: Uuid) -> Result<Vec<ReviewQuestion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.id, q.pillar_id, q.definition, a.choices, a.none_apply, a.note
         FROM questions q JOIN pillars p ON p.id = q.pillar_id
         LEFT JOIN answers a ON a.question_id = q.id
         WHERE q.project_id = ?1 ORDER BY p.position, q.position",
    )?;
    let rows = stmt
        .query_map([project.to_string()], |r| {
            Ok((
                super::row::uuid(r, 0)?,
                super::row::uuid(r, 1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<bool>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, pillar_id, definition, choices, none, note)| {
            let question = parse_definition(&definition)?;
            let answer = Answer {
                choices: choices
                    .and_then(|c| serde_json::from_str(&c).ok())
                    .unwrap_or_default(),
                none: none.unwrap_or(false),
                note: note.unwrap_or_default(),
            };
            let risk = answer.risk(&question);
            Some(ReviewQuestion {
                id,
                pillar_id,
                question,
                answer,
                risk,
            })
        })
        .collect())
}

/// What adding improvement plans as gaps did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Improvements {
    /// The gaps added, one per practice not in place.
    pub added: Vec<crate::domain::Gap>,
    /// Practices whose gap was added before and is still there (not added again).
    pub already: u32,
}

/// Adds a gap for each practice of `q` not in place that has none yet (a gap in the trash
/// does not count), and links it; questions without risk add nothing.
fn improve(
    tx: &Connection,
    project: Uuid,
    q: &ReviewQuestion,
    pillar_name: &str,
    out: &mut Improvements,
) -> Result<()> {
    let Some(risk) = q.risk.filter(|r| *r != crate::domain::lens::Risk::NoRisk) else {
        return Ok(());
    };
    for choice in q
        .question
        .choices
        .iter()
        .filter(|c| !q.answer.choices.contains(&c.id))
    {
        let there: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM improvement_gaps i JOIN gaps g ON g.id = i.gap_id
                            WHERE i.question_id = ?1 AND i.choice_id = ?2 AND g.trashed_at IS NULL)",
            params![q.id.to_string(), choice.id],
            |r| r.get(0),
        )?;
        if there {
            out.already += 1;
            continue;
        }
        let draft = improvement_gap(&q.question, choice, (q.pillar_id, pillar_name), risk);
        let gap = super::gaps::add_in(tx, project, &draft.validate()?)?;
        tx.execute(
            "INSERT INTO improvement_gaps (question_id, choice_id, gap_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (question_id, choice_id) DO UPDATE SET gap_id = excluded.gap_id",
            params![q.id.to_string(), choice.id, gap.id.to_string()],
        )?;
        out.added.push(gap);
    }
    Ok(())
}

/// A project's review: its questions, answers and risks, and each pillar's counts.
pub(super) fn review(conn: &Connection, project: Uuid) -> Result<Review> {
    Ok(Review::of(review_of(conn, project)?))
}

impl Store {
    /// A project's review: its questions with answers and risks, and each pillar's risk
    /// counts and suggested score.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project; storage errors.
    pub fn review(&self, project: Uuid) -> Result<Review> {
        self.read(|conn| {
            super::guards::load(conn, project)?;
            review(conn, project)
        })
    }

    /// Answers the question `question_id` (the lens's id) of `project` and returns the review.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project or question; [`CoreError::Invalid`] on
    /// `choices` or `note` (nothing written); [`CoreError::Conflict`] for a project in the
    /// trash.
    pub fn answer_question(
        &self,
        project: Uuid,
        question_id: &str,
        answer: &Answer,
    ) -> Result<Review> {
        self.with_tx(|tx| {
            super::guards::editable(tx, project)?;
            let found: Option<(Uuid, String)> = tx
                .query_row(
                    "SELECT id, definition FROM questions WHERE project_id = ?1 AND question_id = ?2",
                    params![project.to_string(), question_id.trim()],
                    |r| Ok((super::row::uuid(r, 0)?, r.get(1)?)),
                )
                .optional()?;
            let (row, definition) = found.ok_or_else(|| CoreError::NotFound {
                what: "question",
                id: question_id.to_owned(),
            })?;
            let question = parse_definition(&definition).ok_or_else(|| CoreError::NotFound {
                what: "question",
                id: question_id.to_owned(),
            })?;
            write_answer(tx, row, &answer.validate(&question)?)?;
            super::guards::touch(tx, project)?;
            review(tx, project)
        })
    }

    /// Adds the improvement plans of the practices not in place as gaps: for one question
    /// (`question`, the lens's id), or for every high-risk question of `pillar`. Nothing is
    /// added twice: a practice whose gap is there is counted in `already`.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project, question or pillar;
    /// [`CoreError::Conflict`] when the question is unanswered or without risk, or the project
    /// is in the trash.
    pub fn add_improvement_gaps(
        &self,
        project: Uuid,
        question: Option<&str>,
        pillar: Option<Uuid>,
    ) -> Result<Improvements> {
        self.with_tx(|tx| {
            super::guards::editable(tx, project)?;
            let questions = review_of(tx, project)?;
            let names: std::collections::HashMap<Uuid, String> =
                super::scorecard::pillars(tx, project)?
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect();
            let mut out = Improvements {
                added: Vec::new(),
                already: 0,
            };
            let chosen: Vec<&ReviewQuestion> = match (question, pillar) {
                (Some(id), _) => {
                    let q = questions
                        .iter()
                        .find(|q| q.question.id == id.trim())
                        .ok_or_else(|| CoreError::NotFound {
                            what: "question",
                            id: id.to_owned(),
                        })?;
                    match q.risk {
                        None => {
                            return Err(CoreError::Conflict {
                                field: Some("question"),
                                message:
                                    "answer the question first: its risk decides the gaps' priority"
                                        .into(),
                            })
                        }
                        Some(crate::domain::lens::Risk::NoRisk) => {
                            return Err(CoreError::Conflict {
                                field: Some("question"),
                                message: "this question has no risk: there is nothing to improve"
                                    .into(),
                            })
                        }
                        Some(_) => vec![q],
                    }
                }
                (None, Some(p)) => {
                    if !names.contains_key(&p) {
                        return Err(CoreError::NotFound {
                            what: "pillar",
                            id: p.to_string(),
                        });
                    }
                    questions
                        .iter()
                        .filter(|q| {
                            q.pillar_id == p && q.risk == Some(crate::domain::lens::Risk::HighRisk)
                        })
                        .collect()
                }
                (None, None) => Vec::new(),
            };
            for q in chosen {
                let name = names.get(&q.pillar_id).map_or("Review", String::as_str);
                improve(tx, project, q, name, &mut out)?;
            }
            if !out.added.is_empty() {
                super::guards::touch(tx, project)?;
            }
            Ok(out)
        })
    }
}
