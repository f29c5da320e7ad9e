//! Checks a decoded project file with the domain's own rules and turns each error into one
//! that names its JSON path.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use uuid::Uuid;

use super::workshop::{self, FileWorkshop};
use super::{FilePillar, ProjectFile};
use crate::domain::compliance::{control_label, SnapshotDraft, ValidSnapshot};
use crate::domain::date::required_date;
use crate::domain::gap::ValidGap;
use crate::domain::project::ValidDraft;
use crate::domain::scorecard::{ValidPillar, MILESTONE_NAME_MAX};
use crate::domain::tables::{validate_cells, Cells, TableKind};
use crate::domain::text::required_line;
use crate::domain::{GapDraft, PillarDraft, ProjectDraft};
use crate::error::{CoreError, Result};

/// Longest framework id, in characters.
pub(super) const FRAMEWORK_MAX: usize = 120;

/// A project file whose every value passed the domain's rules, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidFile {
    /// The project's id as the file gives it.
    pub id: Uuid,
    /// The project's fields.
    pub project: ValidDraft,
    /// The framework id.
    pub framework: String,
    /// When the project was created.
    pub created_at: DateTime<Utc>,
    /// Whether it is archived.
    pub archived: bool,
    /// The re-scoring rhythm in weeks (1–52), if any.
    pub review_every_weeks: Option<u8>,
    /// Scorecard pillars in order, with their ids.
    pub pillars: Vec<(Uuid, ValidPillar)>,
    /// Milestones in order.
    pub milestones: Vec<ValidMilestone>,
    /// Gaps in order, with their ids.
    pub gaps: Vec<(Uuid, ValidGap)>,
    /// Each table's rows in order, with their ids and internal notes.
    pub tables: Vec<(TableKind, Vec<ValidRow>)>,
    /// The compliance snapshot.
    pub snapshot: ValidSnapshot,
    /// Baseline controls in order: label and whether done.
    pub controls: Vec<(String, bool)>,
    /// Workshops, oldest first, their texts trimmed as the domain stores them.
    pub workshops: Vec<FileWorkshop>,
    /// Review questions with their answers, in file order.
    pub questions: Vec<ValidQuestion>,
}

/// A validated review question.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidQuestion {
    /// The row's id.
    pub id: Uuid,
    /// The pillar's id (one of the file's).
    pub pillar_id: Uuid,
    /// The lens's definition.
    pub question: crate::domain::lens::Question,
    /// The answer, checked against the question.
    pub answer: crate::domain::review::Answer,
    /// Gaps added from its improvement plans: choice id → gap id (one of the file's gaps).
    pub improvement_gaps: Vec<(String, Uuid)>,
}

/// Checks the review questions: ids, their pillars, the lens format, the answers.
fn questions(
    file: &ProjectFile,
    pillars: &[(Uuid, ValidPillar)],
    gaps: &[(Uuid, ValidGap)],
) -> Result<Vec<ValidQuestion>> {
    let mut ids = Ids::default();
    let mut lens_ids = std::collections::HashSet::new();
    file.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let here = format!("questions[{i}]");
            ids.claim(q.id, format!("{here}.id"))?;
            if !pillars.iter().any(|(id, _)| *id == q.pillar_id) {
                return Err(CoreError::invalid_file(
                    format!("{here}.pillarId"),
                    format!("no pillar with the id {} in scorecard", q.pillar_id),
                ));
            }
            let path = format!("{here}.question");
            let question: crate::domain::lens::Question =
                serde_path_to_error::deserialize(&q.question).map_err(|e| {
                    let inner = e.path().to_string();
                    let at = if inner == "." {
                        path.clone()
                    } else {
                        format!("{path}.{inner}")
                    };
                    CoreError::invalid_file(at, e.inner().to_string())
                })?;
            crate::domain::lens::check_question(&question, &path, &mut lens_ids)?;
            let answer = crate::domain::review::Answer {
                choices: q.answer.choices.clone(),
                none: q.answer.none,
                note: q.answer.note.clone(),
            }
            .validate(&question)
            .map_err(at(&format!("{here}.answer"), &[]))?;
            for (choice, gap) in &q.improvement_gaps {
                let place = format!("{here}.improvementGaps.{choice}");
                if !question.choices.iter().any(|c| &c.id == choice) {
                    return Err(CoreError::invalid_file(
                        place,
                        format!("\u{201c}{choice}\u{201d} is not a choice of this question"),
                    ));
                }
                if !gaps.iter().any(|(id, _)| id == gap) {
                    return Err(CoreError::invalid_file(
                        place,
                        format!("no gap with the id {gap}"),
                    ));
                }
            }
            Ok(ValidQuestion {
                id: q.id,
                pillar_id: q.pillar_id,
                question,
                answer,
                improvement_gaps: q
                    .improvement_gaps
                    .iter()
                    .map(|(c, g)| (c.clone(), *g))
                    .collect(),
            })
        })
        .collect()
}

/// A validated table row: its id, its cells and its internal note.
pub type ValidRow = (Uuid, Cells, String);

/// A validated milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMilestone {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The date it stands for.
    pub taken_on: NaiveDate,
    /// When it was taken.
    pub created_at: DateTime<Utc>,
    /// Its frozen pillars.
    pub pillars: Vec<(Uuid, ValidPillar)>,
    /// Its frozen review, each answer under one of its pillars.
    pub answers: Vec<crate::domain::review::FrozenAnswer>,
}

/// Checks a milestone's frozen answers at `here` (`milestones[i]`): unique question ids, a
/// pillar of the milestone, bounded texts, a known risk.
fn frozen_answers(
    m: &super::FileMilestone,
    pillars: &[(Uuid, ValidPillar)],
    here: &str,
) -> Result<Vec<crate::domain::review::FrozenAnswer>> {
    use crate::domain::lens::{Risk, ID_MAX, TITLE_MAX};
    let mut seen = std::collections::HashSet::new();
    m.answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let here = format!("{here}.answers[{i}]");
            let question_id =
                required_line("questionId", &a.question_id, ID_MAX).map_err(at(&here, &[]))?;
            if !seen.insert(question_id.clone()) {
                return Err(CoreError::invalid_file(
                    format!("{here}.questionId"),
                    format!("\u{201c}{question_id}\u{201d} is frozen twice in this milestone"),
                ));
            }
            if !pillars.iter().any(|(id, _)| *id == a.pillar_id) {
                return Err(CoreError::invalid_file(
                    format!("{here}.pillarId"),
                    format!("no pillar with the id {} in this milestone", a.pillar_id),
                ));
            }
            let risk = match a.risk.as_deref() {
                None => None,
                Some(text) => Some(Risk::parse(text).ok_or_else(|| {
                    CoreError::invalid_file(
                        format!("{here}.risk"),
                        "must be HIGH_RISK, MEDIUM_RISK, NO_RISK or null",
                    )
                })?),
            };
            let chosen = a
                .chosen
                .iter()
                .enumerate()
                .map(|(c, title)| {
                    required_line("title", title, TITLE_MAX)
                        .map_err(at(&format!("{here}.chosen[{c}]"), &[]))
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(crate::domain::review::FrozenAnswer {
                question_id,
                pillar_id: a.pillar_id,
                title: required_line("title", &a.title, TITLE_MAX).map_err(at(&here, &[]))?,
                chosen,
                none: a.none,
                note: crate::domain::text::bounded(
                    "note",
                    &a.note,
                    crate::domain::review::NOTE_MAX,
                )
                .map_err(at(&here, &[]))?,
                risk,
            })
        })
        .collect()
}

/// Re-labels a domain validation error with the JSON path of the object it came from;
/// `rename` maps the domain's field names to the file's where they differ.
pub(super) fn at<'a>(
    path: &'a str,
    rename: &'a [(&str, &str)],
) -> impl Fn(CoreError) -> CoreError + 'a {
    move |e| match e {
        CoreError::Invalid { field, message } => {
            let field = rename
                .iter()
                .find(|(from, _)| *from == field)
                .map_or(field, |(_, to)| to);
            CoreError::invalid_file(format!("{path}.{field}"), message)
        }
        other => other,
    }
}

/// Remembers where each id was first seen, so a repeated id names both places.
#[derive(Default)]
pub(super) struct Ids(HashMap<Uuid, String>);

impl Ids {
    pub(super) fn claim(&mut self, id: Uuid, path: String) -> Result<()> {
        if let Some(first) = self.0.get(&id) {
            return Err(CoreError::invalid_file(
                path,
                format!("the id {id} is used twice (first at {first})"),
            ));
        }
        self.0.insert(id, path);
        Ok(())
    }
}

const PILLAR_FIELDS: &[(&str, &str)] = &[("currentScore", "current"), ("targetScore", "target")];

fn pillar(p: &FilePillar, path: &str) -> Result<ValidPillar> {
    let number = |n: &serde_json::Number| n.as_f64().unwrap_or(f64::NAN);
    PillarDraft {
        name: p.name.clone(),
        description: p.description.clone(),
        current_score: p.current.as_ref().map(number),
        target_score: Some(number(&p.target)),
        evidence: p.evidence.clone(),
        owner: p.owner.clone(),
        next_checkpoint: p.next_checkpoint.clone(),
        internal_note: p.internal_note.clone(),
    }
    .validate()
    .map_err(at(path, PILLAR_FIELDS))
}

fn pillars(list: &[FilePillar], path: &str) -> Result<Vec<(Uuid, ValidPillar)>> {
    let mut ids = Ids::default();
    list.iter()
        .enumerate()
        .map(|(i, p)| {
            let here = format!("{path}[{i}]");
            ids.claim(p.id, format!("{here}.id"))?;
            Ok((p.id, pillar(p, &here)?))
        })
        .collect()
}

/// Checks that a stored time lies in the years 1970 to 9999: the database keeps times as
/// RFC 3339 text with four-digit years, and chrono would also read signed or five-digit
/// years that could then not be read back.
pub(super) fn timestamp(path: String, t: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if (1970..=9999).contains(&t.year()) {
        Ok(t)
    } else {
        Err(CoreError::invalid_file(
            path,
            format!(
                "must be a time in the years 1970 to 9999 (got {})",
                t.format("%Y-%m-%dT%H:%M:%S")
            ),
        ))
    }
}

/// Checks every value of `file` and the references between its parts.
pub(super) fn validate(file: ProjectFile) -> Result<ValidFile> {
    let p = &file.project;
    let project = ProjectDraft {
        name: p.name.clone(),
        description: p.description.clone(),
        stage: p.stage,
        north_star: p.north_star.clone(),
        leading_metric: p.leading_metric.clone(),
        time_box_end: p.time_box_end.clone(),
        decision: Some(p.decision),
        success_criteria: Some(p.success_criteria.clone()),
    }
    .validate()
    .map_err(at("project", &[]))?;
    let framework =
        required_line("framework", &p.framework, FRAMEWORK_MAX).map_err(at("project", &[]))?;

    let pillars_now = pillars(&file.scorecard, "scorecard")?;

    let mut milestone_ids = Ids::default();
    let milestones = file
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let here = format!("milestones[{i}]");
            milestone_ids.claim(m.id, format!("{here}.id"))?;
            let frozen = pillars(&m.pillars, &format!("{here}.pillars"))?;
            Ok(ValidMilestone {
                id: m.id,
                name: required_line("name", &m.name, MILESTONE_NAME_MAX).map_err(at(&here, &[]))?,
                taken_on: required_date("takenOn", &m.taken_on).map_err(at(&here, &[]))?,
                created_at: timestamp(format!("{here}.createdAt"), m.created_at)?,
                answers: frozen_answers(m, &frozen, &here)?,
                pillars: frozen,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let mut gap_ids = Ids::default();
    let gaps = file
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let here = format!("gaps[{i}]");
            gap_ids.claim(g.id, format!("{here}.id"))?;
            if let Some(pillar) = g.pillar_id {
                if !pillars_now.iter().any(|(id, _)| *id == pillar) {
                    return Err(CoreError::invalid_file(
                        format!("{here}.pillarId"),
                        format!("no pillar with the id {pillar} in scorecard"),
                    ));
                }
            }
            let draft = GapDraft {
                title: g.title.clone(),
                category: g.category.clone(),
                priority: g.priority,
                status: g.status,
                owner: g.owner.clone(),
                due_date: g.due_date.clone(),
                notes: g.notes.clone(),
                pillar_id: g.pillar_id,
                defer_reason: g.defer_reason,
                defer_note: g.defer_note.clone(),
                revisit_on: g.revisit_on.clone(),
                validates_architecture: g.validates_architecture,
                omission_invalidates: g.omission_invalidates,
                incremental_later: g.incremental_later,
                internal_note: g.internal_note.clone(),
            };
            Ok((g.id, draft.validate().map_err(at(&here, &[]))?))
        })
        .collect::<Result<Vec<_>>>()?;

    // Rows of every table share one id space (one SQL table).
    let mut row_ids = Ids::default();
    let tables = file
        .tables
        .by_kind()
        .into_iter()
        .map(|(kind, key, rows)| {
            let rows = rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let here = format!("tables.{key}[{i}]");
                    row_ids.claim(row.id, format!("{here}.id"))?;
                    let cells = validate_cells(kind, &row.cells)
                        .map_err(at(&format!("{here}.cells"), &[("cells", "")]))
                        .map_err(|e| match e {
                            // An unknown column is reported on the cells object itself.
                            CoreError::InvalidFile { path, message } => CoreError::InvalidFile {
                                path: path.trim_end_matches('.').to_owned(),
                                message,
                            },
                            other => other,
                        })?;
                    let note = crate::domain::text::bounded(
                        "internalNote",
                        &row.internal_note,
                        crate::domain::scorecard::INTERNAL_NOTE_MAX,
                    )
                    .map_err(at(&here, &[]))?;
                    Ok((row.id, cells, note))
                })
                .collect::<Result<Vec<_>>>()?;
            Ok((kind, rows))
        })
        .collect::<Result<Vec<_>>>()?;

    let c = &file.compliance;
    let snapshot = SnapshotDraft {
        last_reviewed: c.last_reviewed.clone(),
        next_review: c.next_review.clone(),
        owner: c.owner.clone(),
    }
    .validate()
    .map_err(at("compliance", &[]))?;
    let controls = c
        .controls
        .iter()
        .enumerate()
        .map(|(i, control)| {
            let label = control_label(&control.label)
                .map_err(at(&format!("compliance.controls[{i}]"), &[]))?;
            Ok((label, control.done))
        })
        .collect::<Result<Vec<_>>>()?;

    let milestone_list: Vec<Uuid> = milestones.iter().map(|m| m.id).collect();
    let mut workshop_ids = Ids::default();
    let workshops = file
        .workshops
        .iter()
        .enumerate()
        .map(|(i, w)| {
            workshop::validate(
                w,
                &format!("workshops[{i}]"),
                &mut workshop_ids,
                &milestone_list,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    if workshops.iter().filter(|w| w.ended_at.is_none()).count() > 1 {
        return Err(CoreError::invalid_file(
            "workshops",
            "at most one workshop may still be running (without endedAt)",
        ));
    }

    let questions = questions(&file, &pillars_now, &gaps)?;
    Ok(ValidFile {
        questions,
        id: p.id,
        project,
        framework,
        created_at: timestamp("project.createdAt".into(), p.created_at)?,
        archived: p.archived,
        review_every_weeks: crate::domain::project::review_every_weeks(p.review_every_weeks)
            .map_err(at("project", &[]))?,
        pillars: pillars_now,
        milestones,
        gaps,
        tables,
        snapshot,
        controls,
        workshops,
    })
}
