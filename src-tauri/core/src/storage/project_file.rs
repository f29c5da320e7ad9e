//! Reads a project file into the database in one transaction (a new project, a copy, or
//! replacing the one with its id), and team sharing's merged plan the same way; writing a
//! project out as a file is in `export`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::guards::load;
use super::row::{new_id, now, stamp};
use super::{gaps, meta, projects, questions, report_log, scorecard, tables, workshops, Store};
use crate::domain::project::name_key;
use crate::domain::review::FrozenAnswer;
use crate::domain::scorecard::ValidPillar;
use crate::domain::Project;
use crate::error::{CoreError, Result};
use crate::project_file::ValidFile;
use crate::sample;

mod export;

pub(super) use export::file_of;

/// What to do when the file's project is already in the database (same id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportMode {
    /// Refuse with a conflict on `projectId` when the project is already there.
    #[default]
    New,
    /// Import under new ids, beside whatever is there.
    AsCopy,
    /// Delete the project with the same id (wherever it is, trash included), then import.
    Replace,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportedProject {
    /// The project as stored now.
    pub project: Project,
    /// True when a project with the same id was replaced.
    pub replaced: bool,
    /// The name in the file, when it was taken and the project got another one.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// True when `id` is a row of `table` that belongs to a project other than `project`.
fn used_elsewhere(conn: &Connection, table: &str, id: Uuid, project: Uuid) -> Result<bool> {
    let owner: Option<String> = conn
        .query_row(
            &format!("SELECT project_id FROM {table} WHERE id = ?1"),
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(owner.is_some_and(|o| o != project.to_string()))
}

/// The first free name among `name`, `name (copy)`, `name (copy 2)`, …
fn free_name(conn: &Connection, name: &str) -> Result<String> {
    let mut candidate = name.to_owned();
    for n in 1.. {
        if projects::ensure_name_free(conn, &name_key(&candidate), None).is_ok() {
            break;
        }
        candidate = if n == 1 {
            format!("{name} (copy)")
        } else {
            format!("{name} (copy {n})")
        };
    }
    Ok(candidate)
}

/// How an import names and marks the project it writes.
struct Target<'a> {
    /// The project id to write under.
    project: Uuid,
    /// The (free) name to give it.
    name: &'a str,
    /// Maps each of the file's row ids to the id to write (itself, or a fresh one for a copy).
    id: &'a dyn Fn(Uuid) -> Uuid,
    /// True only for the sample project.
    is_sample: bool,
    /// When the project counts as created: the file's time, or now for the sample.
    created_at: &'a str,
}

/// Writes every part of `file` through the table modules' writers.
fn write(conn: &Connection, file: &ValidFile, target: &Target<'_>) -> Result<()> {
    let at = now();
    let project = target.project;
    let id = target.id;
    projects::insert(
        conn,
        &projects::NewProject {
            id: project,
            name: target.name,
            draft: &file.project,
            framework_id: &file.framework,
            is_sample: target.is_sample,
            created_at: target.created_at,
            updated_at: &at,
            archived_at: file.archived.then_some(at.as_str()),
            review_every_weeks: file.review_every_weeks,
        },
    )?;
    for (label, done) in &file.controls {
        tables::insert_control(conn, project, label, *done)?;
    }
    tables::store_snapshot(conn, project, &file.snapshot)?;
    for (position, (pillar, p)) in (0_i64..).zip(&file.pillars) {
        scorecard::insert_pillar(conn, project, id(*pillar), position, p, &at)?;
    }
    for m in &file.milestones {
        let frozen: Vec<(Uuid, ValidPillar)> = m
            .pillars
            .iter()
            .map(|(pillar, p)| (id(*pillar), p.clone()))
            .collect();
        scorecard::insert_milestone(
            conn,
            project,
            &scorecard::NewMilestone {
                id: id(m.id),
                name: &m.name,
                taken_on: m.taken_on,
                created_at: &stamp(m.created_at),
                pillars: &frozen,
                answers: &m
                    .answers
                    .iter()
                    .map(|a| FrozenAnswer {
                        pillar_id: id(a.pillar_id),
                        ..a.clone()
                    })
                    .collect::<Vec<_>>(),
            },
        )?;
    }
    for (gap, g) in &file.gaps {
        let mut g = g.clone();
        g.pillar_id = g.pillar_id.map(id);
        gaps::insert_gap(conn, project, id(*gap), &g, &at)?;
    }
    for (kind, rows) in &file.tables {
        for (row, cells, note) in rows {
            let row = tables::NewRow {
                id: id(*row),
                cells,
                internal_note: note,
                index: None,
                at: &at,
            };
            tables::insert_row(conn, project, *kind, &row)?;
        }
    }
    for w in &file.workshops {
        workshops::insert_workshop(conn, project, w, id)?;
    }
    let mut positions: HashMap<Uuid, i64> = HashMap::new();
    for q in &file.questions {
        let position = positions.entry(q.pillar_id).or_insert(0);
        questions::insert_question(conn, project, q, id, *position)?;
        *position += 1;
    }
    Ok(())
}

/// Gives every row of `file` a fresh id, so a copy never collides with what is there.
fn fresh_ids(file: &ValidFile) -> HashMap<Uuid, Uuid> {
    file.pillars
        .iter()
        .map(|(id, _)| *id)
        .chain(file.gaps.iter().map(|(id, _)| *id))
        .chain(file.milestones.iter().map(|m| m.id))
        .chain(
            file.tables
                .iter()
                .flat_map(|(_, rows)| rows.iter().map(|(id, _, _)| *id)),
        )
        .chain(
            file.workshops
                .iter()
                .flat_map(|w| std::iter::once(w.id).chain(w.participants.iter().map(|p| p.id))),
        )
        .chain(file.questions.iter().map(|q| q.id))
        .map(|old| (old, new_id()))
        .collect()
}

/// Writes `file` over the project with its id: team sharing's merged plan. What belongs to
/// this computer rather than the plan stays, as in a replacing import (the log of reports
/// sent, the reminder switch), and the items in `trashed` go to the trash with their times.
///
/// # Errors
/// [`CoreError::Conflict`] on `name` when another project here has the plan's name (checked
/// before anything is written); [`CoreError::Database`].
pub(super) fn replace_shared(
    conn: &Connection,
    file: &ValidFile,
    trashed: &BTreeMap<Uuid, DateTime<Utc>>,
) -> Result<()> {
    projects::ensure_name_free(conn, &name_key(&file.project.name), Some(file.id))?;
    let existing = load(conn, file.id).optional_not_found()?;
    let kept = match &existing {
        Some(p) => Some((report_log::keep(conn, p.id)?, p.reminders)),
        None => None,
    };
    if existing.is_some() {
        conn.execute("DELETE FROM projects WHERE id = ?1", [file.id.to_string()])?;
    }
    let same = |id: Uuid| id;
    write(
        conn,
        file,
        &Target {
            project: file.id,
            name: &file.project.name,
            id: &same,
            is_sample: false,
            created_at: &stamp(file.created_at),
        },
    )?;
    if let Some((log, reminders)) = &kept {
        report_log::put_back(conn, log)?;
        projects::set_reminders(conn, file.id, *reminders)?;
    }
    for (id, at) in trashed {
        let at = stamp(*at);
        if file.gaps.iter().any(|(gap, _)| gap == id) {
            gaps::put_in_trash(conn, *id, &at)?;
        } else if file.milestones.iter().any(|m| m.id == *id) {
            scorecard::put_milestone_in_trash(conn, *id, &at)?;
        } else {
            tables::put_row_in_trash(conn, *id, &at)?;
        }
    }
    Ok(())
}

impl Store {
    /// Imports a validated project file in one transaction; on any error nothing is written.
    ///
    /// The file's ids are kept (so exporting again gives the same file) unless `mode` is
    /// [`ImportMode::AsCopy`]. [`ImportMode::Replace`] on a database file takes a backup
    /// first. A name already used by another project gets " (copy)",
    /// " (copy 2)", … and the outcome says so.
    ///
    /// # Errors
    /// - [`CoreError::Conflict`] on `projectId` when the project is already in the database
    ///   and `mode` is [`ImportMode::New`], or when one of its pillars, gaps, rows or
    ///   milestones has an id another project uses (import it as a copy then).
    /// - [`CoreError::Database`] if SQLite fails.
    pub fn import_project_file(
        &self,
        file: &ValidFile,
        mode: ImportMode,
    ) -> Result<ImportedProject> {
        // Replacing overwrites work; a backup first keeps the old state one restore away.
        if mode == ImportMode::Replace && self.path().is_some() {
            self.backup_now()?;
        }
        self.with_tx(|tx| {
            let existing = load(tx, file.id).optional_not_found()?;
            // What is this computer's, not the plan's, survives a replacement: the log of
            // reports sent and whether the project raises reminders (read before the delete).
            let kept = match (&existing, mode) {
                (Some(p), ImportMode::Replace) => Some((report_log::keep(tx, p.id)?, p.reminders)),
                _ => None,
            };
            let replaced = match (&existing, mode) {
                (Some(p), ImportMode::New) => {
                    return Err(CoreError::Conflict {
                        field: Some("projectId"),
                        message: format!(
                            "\u{201c}{}\u{201d} is already in this database{}; import it as a \
                             copy, or replace it",
                            p.name,
                            if p.trashed_at.is_some() {
                                " (in the trash)"
                            } else {
                                ""
                            }
                        ),
                    })
                }
                (Some(_), ImportMode::Replace) => {
                    tx.execute("DELETE FROM projects WHERE id = ?1", [file.id.to_string()])?;
                    true
                }
                _ => false,
            };

            let copy = mode == ImportMode::AsCopy;
            let fresh = if copy {
                fresh_ids(file)
            } else {
                HashMap::new()
            };
            let project = if copy { new_id() } else { file.id };
            if !copy {
                let children =
                    file.pillars
                        .iter()
                        .map(|(id, _)| ("pillars", *id))
                        .chain(file.gaps.iter().map(|(id, _)| ("gaps", *id)))
                        .chain(file.milestones.iter().map(|m| ("milestones", m.id)))
                        .chain(file.tables.iter().flat_map(|(_, rows)| {
                            rows.iter().map(|(id, _, _)| ("table_rows", *id))
                        }))
                        .chain(file.workshops.iter().map(|w| ("workshops", w.id)))
                        .chain(file.questions.iter().map(|q| ("questions", q.id)));
                let people = file
                    .workshops
                    .iter()
                    .flat_map(|w| w.participants.iter().map(|p| p.id));
                for id in people {
                    if workshops::participant_used_elsewhere(tx, id, project)? {
                        return Err(CoreError::Conflict {
                            field: Some("projectId"),
                            message: format!(
                                "the file shares ids with another project in this database \
                                 ({id} in workshop_participants); import it as a copy"
                            ),
                        });
                    }
                }
                for (table, id) in children {
                    if used_elsewhere(tx, table, id, project)? {
                        return Err(CoreError::Conflict {
                            field: Some("projectId"),
                            message: format!(
                                "the file shares ids with another project in this database \
                                 ({id} in {table}); import it as a copy"
                            ),
                        });
                    }
                }
            }
            let name = free_name(tx, &file.project.name)?;
            let map = |old: Uuid| fresh.get(&old).copied().unwrap_or(old);
            let target = Target {
                project,
                name: &name,
                id: &map,
                is_sample: false,
                created_at: &stamp(file.created_at),
            };
            write(tx, file, &target)?;
            if let Some((log, reminders)) = &kept {
                report_log::put_back(tx, log)?;
                projects::set_reminders(tx, project, *reminders)?;
            }
            Ok(ImportedProject {
                project: load(tx, project)?,
                replaced,
                renamed_from: (name != file.project.name).then(|| file.project.name.clone()),
            })
        })
    }
}

impl Store {
    /// On the window's first start on an empty database, imports the sample project
    /// ([`crate::sample`]) under fresh ids, marked as the sample and created now.
    ///
    /// Runs its check once per database: after the first call has decided (sample created, or
    /// projects already there, e.g. made with the CLI), later calls do nothing, so a deleted
    /// sample never comes back. The CLI never calls this.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails; nothing is written then.
    pub fn seed_sample_on_first_start(&self) -> Result<Option<Project>> {
        let file = sample::file()?;
        self.with_tx(|tx| {
            if meta::get(tx, meta::SAMPLE_DECIDED)?.is_some() {
                return Ok(None);
            }
            let count: i64 = tx.query_row("SELECT count(*) FROM projects", [], |r| r.get(0))?;
            let created = if count == 0 {
                let fresh = fresh_ids(&file);
                let map = |old: Uuid| fresh.get(&old).copied().unwrap_or(old);
                let target = Target {
                    project: new_id(),
                    name: sample::NAME,
                    id: &map,
                    is_sample: true,
                    created_at: &now(),
                };
                write(tx, &file, &target)?;
                Some(load(tx, target.project)?)
            } else {
                None
            };
            meta::set(tx, meta::SAMPLE_DECIDED, &now())?;
            Ok(created)
        })
    }
}

/// Turns "not found" into `None`, keeping every other error.
trait OptionalNotFound<T> {
    fn optional_not_found(self) -> Result<Option<T>>;
}

impl<T> OptionalNotFound<T> for Result<T> {
    fn optional_not_found(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(CoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
