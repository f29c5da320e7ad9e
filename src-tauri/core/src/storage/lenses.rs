//! Frameworks imported from AWS custom lenses, and the review questions they give a project:
//! the one writer of `framework_questions`, `questions`, `answers` and `improvement_gaps`
//! (framework rows through the same inserts as `frameworks`, gaps through `gaps`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::row::{new_id, now};
use super::Store;
use crate::domain::lens::{Lens, Question, SCHEMA_VERSION};
use crate::domain::review::{improvement_gap, pillar_risks, Answer, PillarRisks, ReviewQuestion};
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

fn definition(q: &Question) -> Result<String> {
    serde_json::to_string(q).map_err(|e| CoreError::Report {
        message: format!("cannot store question {}: {e}", q.id),
    })
}

/// A stored question definition, or `None` for one this build cannot read.
pub(crate) fn parse_definition(json: &str) -> Option<Question> {
    serde_json::from_str(json).ok()
}

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
        conn.execute(
            "INSERT INTO questions (id, project_id, pillar_id, position, question_id, definition)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new_id().to_string(),
                project.to_string(),
                pillar.to_string(),
                position,
                question_id,
                definition
            ],
        )?;
    }
    Ok(())
}

/// Writes one question of a project, its answer and its improvement gaps (a project file's
/// import): the other `INSERT INTO questions`, with the ids the file gave (through `map`).
pub(super) fn insert_question(
    conn: &Connection,
    project: Uuid,
    q: &crate::project_file::ValidQuestion,
    map: &dyn Fn(Uuid) -> Uuid,
    position: i64,
) -> Result<()> {
    let (id, pillar) = (map(q.id), map(q.pillar_id));
    conn.execute(
        "INSERT INTO questions (id, project_id, pillar_id, position, question_id, definition)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id.to_string(),
            project.to_string(),
            pillar.to_string(),
            position,
            q.question.id,
            definition(&q.question)?
        ],
    )?;
    if q.answer.is_answered() || !q.answer.note.is_empty() {
        let choices = serde_json::to_string(&q.answer.choices).map_err(|e| CoreError::Report {
            message: format!("cannot store the answer: {e}"),
        })?;
        conn.execute(
            "INSERT INTO answers (question_id, choices, none_apply, note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.to_string(), choices, q.answer.none, q.answer.note, now()],
        )?;
    }
    for (choice, gap) in &q.improvement_gaps {
        conn.execute(
            "INSERT INTO improvement_gaps (question_id, choice_id, gap_id) VALUES (?1, ?2, ?3)",
            params![id.to_string(), choice, map(*gap).to_string()],
        )?;
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

/// How many questions framework `id` holds.
pub(super) fn question_count(conn: &Connection, id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM framework_questions WHERE framework_id = ?1",
        [id],
        |r| r.get(0),
    )?)
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

/// A project's review: every question with its answer and risk, and each pillar's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Review {
    /// The questions, by pillar order then question order.
    pub questions: Vec<ReviewQuestion>,
    /// Per pillar with questions, in scorecard order.
    pub pillars: Vec<PillarRisks>,
}

fn review(conn: &Connection, project: Uuid) -> Result<Review> {
    let questions = review_of(conn, project)?;
    let mut pillars: Vec<Uuid> = Vec::new();
    for q in &questions {
        if !pillars.contains(&q.pillar_id) {
            pillars.push(q.pillar_id);
        }
    }
    Ok(Review {
        pillars: pillars
            .into_iter()
            .map(|p| pillar_risks(p, &questions))
            .collect(),
        questions,
    })
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
            let found: Option<(String, String)> = tx
                .query_row(
                    "SELECT id, definition FROM questions WHERE project_id = ?1 AND question_id = ?2",
                    params![project.to_string(), question_id.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
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
            let valid = answer.validate(&question)?;
            let choices = serde_json::to_string(&valid.choices).map_err(|e| CoreError::Report {
                message: format!("cannot store the answer: {e}"),
            })?;
            tx.execute(
                "INSERT INTO answers (question_id, choices, none_apply, note, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (question_id) DO UPDATE SET choices = excluded.choices,
                     none_apply = excluded.none_apply, note = excluded.note,
                     updated_at = excluded.updated_at",
                params![row, choices, valid.none, valid.note, now()],
            )?;
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
                    tx.execute(
                        "INSERT INTO framework_questions
                             (framework_id, pillar_position, position, question_id, definition)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, position, q_position, q.id, definition(q)?],
                    )?;
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

    /// The review questions of a project, by pillar order then question order.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project; storage errors.
    pub fn questions(&self, project: Uuid) -> Result<Vec<PillarQuestion>> {
        self.read(|conn| {
            super::guards::load(conn, project)?;
            let mut stmt = conn.prepare(
                "SELECT q.id, q.pillar_id, q.definition FROM questions q
                 JOIN pillars p ON p.id = q.pillar_id
                 WHERE q.project_id = ?1 ORDER BY p.position, q.position",
            )?;
            let rows = stmt
                .query_map([project.to_string()], |r| {
                    Ok((
                        super::row::uuid(r, 0)?,
                        super::row::uuid(r, 1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(id, pillar_id, definition)| {
                    parse_definition(&definition).map(|question| PillarQuestion {
                        id,
                        pillar_id,
                        question,
                    })
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::lens::{self, Lens};
    use crate::domain::ProjectDraft;
    use crate::Store;

    fn orr() -> Lens {
        lens::read_file(&lens::tests::samples().join("ORR-Whitepaper-Sample-PUBLISHED.json"))
            .unwrap()
    }

    #[test]
    fn a_lens_becomes_a_framework_whose_projects_get_its_pillars_and_questions() {
        let store = Store::open_in_memory().unwrap();
        let imported = store.import_lens(&orr()).unwrap();
        assert_eq!((imported.pillars, imported.questions), (3, 16));
        assert!(!imported.replaced);
        let listed = store.list_frameworks().unwrap();
        let framework = listed
            .iter()
            .find(|f| f.id == imported.framework_id)
            .unwrap();
        assert_eq!(framework.questions, 16);
        assert_eq!(framework.lens_schema.as_deref(), Some("2021-11-01"));
        // By name, as `projects create NAME --framework "<lens name>"` gives it.
        let draft = ProjectDraft {
            name: "Checkout".into(),
            ..ProjectDraft::default()
        };
        let project = store
            .create_project(&draft, &imported.name.to_uppercase())
            .unwrap();
        assert_eq!(project.framework_id, imported.framework_id);
        let card = store.scorecard(project.id, chrono::NaiveDate::MIN).unwrap();
        assert_eq!(card.pillars.len(), 3);
        let questions = store.questions(project.id).unwrap();
        assert_eq!(questions.len(), 16);
        assert_eq!(questions[0].pillar_id, card.pillars[0].id);
        assert_eq!(questions[0].question, orr().pillars[0].questions[0]);

        let again = store.import_lens(&orr()).unwrap();
        assert!(again.replaced && again.framework_id == imported.framework_id);
        assert_eq!(
            store.list_frameworks().unwrap().len(),
            listed.len(),
            "replaced, not added"
        );
        assert_eq!(
            store.questions(project.id).unwrap().len(),
            16,
            "the project keeps its own"
        );
    }

    #[test]
    fn the_three_published_lenses_export_as_lenses_that_import_as_the_same_framework() {
        for file in [
            "ORR-Whitepaper-Sample-PUBLISHED.json",
            "saas_biz_custom_lens.json",
            "Passport-Custom-Lens.json",
        ] {
            let store = Store::open_in_memory().unwrap();
            let read = lens::read_file(&lens::tests::samples().join(file)).unwrap();
            let imported = store.import_lens(&read).unwrap();
            let exported = store.export_lens(&imported.framework_id).unwrap();
            let json = exported.to_json().unwrap();
            let again = Lens::parse(&json).unwrap();
            assert_eq!(again, exported, "{file}");
            assert_eq!(again.pillars.len(), read.pillars.len(), "{file}");
            for (a, b) in again.pillars.iter().zip(&read.pillars) {
                assert_eq!(a.id, b.id, "{file}");
                assert_eq!(
                    a.questions, b.questions,
                    "{file}: every question as it came"
                );
            }
            let other = Store::open_in_memory().unwrap();
            let back = other.import_lens(&again).unwrap();
            let first = &other.list_frameworks().unwrap();
            let f = first.iter().find(|f| f.id == back.framework_id).unwrap();
            assert_eq!(f.questions as usize, read.question_count(), "{file}");
        }
        let store = Store::open_in_memory().unwrap();
        let e = store.export_lens("eight-pillars").unwrap_err();
        assert_eq!(e.field(), Some("framework"), "no questions: not a lens yet");
    }

    #[test]
    fn a_lens_named_like_a_framework_of_ones_own_is_refused_and_writes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let project = crate::storage::test_support::atlas(&store);
        let mut lens = orr();
        store.save_as_framework(project, &lens.name).unwrap();
        let before = store.list_frameworks().unwrap();
        let e = store.import_lens(&lens).unwrap_err();
        assert_eq!(e.field(), Some("name"));
        assert_eq!(store.list_frameworks().unwrap(), before);
        lens.pillars[0].name = "P".repeat(130);
        lens.name = "Long pillar".into();
        let long = store.import_lens(&lens).unwrap();
        assert_eq!(long.shortened, ["P".repeat(130)]);
        let f = store
            .list_frameworks()
            .unwrap()
            .into_iter()
            .find(|f| f.id == long.framework_id)
            .unwrap();
        assert_eq!(f.pillars[0].name.chars().count(), 120);
        assert_eq!(
            f.pillars[0].description,
            "P".repeat(130),
            "the whole name is kept"
        );
    }
}
