//! Writes a project out as a project file and reads one back in, in one transaction each.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::row::{new_id, now, stamp};
use super::{gaps, projects, scorecard, tables, Store};
use crate::domain::gap::DeferReason;
use crate::domain::project::name_key;
use crate::domain::scorecard::ValidPillar;
use crate::domain::tables::TableKind;
use crate::domain::{Pillar, Project};
use crate::error::{CoreError, Result};
use crate::project_file::{
    FileCompliance, FileControl, FileGap, FileMilestone, FilePillar, FileProject, FileRow,
    FileTables, ProjectFile, ValidFile, FORMAT, VERSION,
};

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

fn file_pillar(p: &Pillar) -> FilePillar {
    FilePillar {
        id: p.id,
        name: p.name.clone(),
        description: p.description.clone(),
        current: p.current_score.map(serde_json::Number::from),
        target: serde_json::Number::from(p.target_score),
        evidence: p.evidence.clone(),
        owner: p.owner.clone(),
        next_checkpoint: p.next_checkpoint.map(|d| d.to_string()),
    }
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

/// The parameters of a pillar row after its owner (`?1`): id, position, the fields.
fn pillar_params(id: Uuid, position: i64, p: &ValidPillar) -> [Box<dyn rusqlite::ToSql + '_>; 9] {
    [
        Box::new(id.to_string()),
        Box::new(position),
        Box::new(p.name.as_str()),
        Box::new(p.description.as_str()),
        Box::new(p.current_score),
        Box::new(p.target_score),
        Box::new(p.evidence.as_str()),
        Box::new(p.owner.as_str()),
        Box::new(p.next_checkpoint.map(|d| d.to_string())),
    ]
}

/// Writes every part of `file` under project id `project`, mapping ids through `id`.
fn write(
    conn: &Connection,
    file: &ValidFile,
    project: Uuid,
    name: &str,
    id: &dyn Fn(Uuid) -> Uuid,
) -> Result<()> {
    let at = now();
    let d = &file.project;
    conn.execute(
        "INSERT INTO projects (id, name, name_key, description, stage, north_star, leading_metric,
                               framework_id, is_sample, created_at, updated_at, archived_at,
                               time_box_end, decision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, ?11, ?12, ?13)",
        params![
            project.to_string(),
            name,
            name_key(name),
            d.description,
            d.stage.as_str(),
            d.north_star,
            d.leading_metric,
            file.framework,
            stamp(file.created_at),
            at,
            file.archived.then_some(&at),
            d.time_box_end.map(|t| t.to_string()),
            d.decision.as_str(),
        ],
    )?;
    projects::write_criteria(conn, project, &d.success_criteria)?;
    for (label, done) in &file.controls {
        tables::insert_control(conn, project, label, *done)?;
    }
    tables::store_snapshot(conn, project, &file.snapshot)?;
    for (position, (pillar, p)) in (0_i64..).zip(&file.pillars) {
        let mut values: Vec<Box<dyn rusqlite::ToSql + '_>> = vec![Box::new(project.to_string())];
        values.extend(pillar_params(id(*pillar), position, p));
        values.push(Box::new(at.as_str()));
        conn.execute(
            "INSERT INTO pillars (project_id, id, position, name, description, current_score,
                    target_score, evidence, owner, next_checkpoint, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            rusqlite::params_from_iter(values),
        )?;
    }
    let frozen_sql = "INSERT INTO milestone_pillars (milestone_id, pillar_id, position, name,
                description, current_score, target_score, evidence, owner, next_checkpoint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    for m in &file.milestones {
        let milestone = id(m.id);
        conn.execute(
            "INSERT INTO milestones (id, project_id, name, taken_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                milestone.to_string(),
                project.to_string(),
                m.name,
                m.taken_on.to_string(),
                stamp(m.created_at)
            ],
        )?;
        for (position, (pillar, p)) in (0_i64..).zip(&m.pillars) {
            let mut values: Vec<Box<dyn rusqlite::ToSql + '_>> =
                vec![Box::new(milestone.to_string())];
            values.extend(pillar_params(id(*pillar), position, p));
            conn.execute(frozen_sql, rusqlite::params_from_iter(values))?;
        }
    }
    for (position, (gap, g)) in (0_i64..).zip(&file.gaps) {
        conn.execute(
            "INSERT INTO gaps (id, project_id, position, title, category, priority, status, owner,
                               due_date, notes, pillar_id, defer_reason, defer_note, revisit_on,
                               validates_architecture, omission_invalidates, incremental_later,
                               created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?18)",
            params![
                id(*gap).to_string(),
                project.to_string(),
                position,
                g.title,
                g.category,
                g.priority.as_str(),
                g.status.as_str(),
                g.owner,
                g.due_date.map(|t| t.to_string()),
                g.notes,
                g.pillar_id.map(|p| id(p).to_string()),
                g.defer_reason.map(DeferReason::as_str),
                g.defer_note,
                g.revisit_on.map(|t| t.to_string()),
                g.answers[0],
                g.answers[1],
                g.answers[2],
                at,
            ],
        )?;
    }
    for (kind, rows) in &file.tables {
        for (position, (row, cells)) in (0_i64..).zip(rows) {
            conn.execute(
                "INSERT INTO table_rows (id, project_id, kind, position, cells, created_at,
                                         updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    id(*row).to_string(),
                    project.to_string(),
                    kind.as_str(),
                    position,
                    serde_json::to_string(cells)
                        .map_err(|e| CoreError::invalid("cells", e.to_string()))?,
                    at,
                ],
            )?;
        }
    }
    Ok(())
}

impl Store {
    /// Everything of `project` outside the trash as a project file, read in one transaction.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project; [`CoreError::Database`].
    pub fn project_file(&self, project: Uuid, exported_at: DateTime<Utc>) -> Result<ProjectFile> {
        self.read(|conn| {
            let tx = conn.unchecked_transaction()?;
            let p = projects::load(&tx, project)?;
            let compliance = tables::compliance(&tx, project, exported_at.date_naive())?;
            let mut rows = BTreeMap::new();
            for kind in TableKind::ALL {
                let list = tables::rows(&tx, project, kind)?
                    .into_iter()
                    .map(|r| FileRow {
                        id: r.id,
                        cells: r.cells,
                    })
                    .collect();
                rows.insert(kind, list);
            }
            let file = ProjectFile {
                format: FORMAT.to_owned(),
                version: VERSION,
                exported_at,
                scorecard: scorecard::pillars(&tx, project)?
                    .iter()
                    .map(file_pillar)
                    .collect(),
                milestones: scorecard::milestones(&tx, project)?
                    .into_iter()
                    .map(|m| FileMilestone {
                        id: m.id,
                        name: m.name,
                        taken_on: m.taken_on.to_string(),
                        created_at: m.created_at,
                        pillars: m.pillars.iter().map(file_pillar).collect(),
                    })
                    .collect(),
                gaps: gaps::gaps(&tx, project)?
                    .into_iter()
                    .map(|g| FileGap {
                        id: g.id,
                        title: g.title,
                        category: g.category,
                        priority: g.priority,
                        status: g.status,
                        owner: g.owner,
                        due_date: g.due_date.map(|d| d.to_string()),
                        notes: g.notes,
                        pillar_id: g.pillar_id,
                        defer_reason: g.defer_reason,
                        defer_note: g.defer_note,
                        revisit_on: g.revisit_on.map(|d| d.to_string()),
                        validates_architecture: g.validates_architecture,
                        omission_invalidates: g.omission_invalidates,
                        incremental_later: g.incremental_later,
                    })
                    .collect(),
                tables: FileTables::from_kinds(rows),
                compliance: FileCompliance {
                    last_reviewed: compliance.snapshot.last_reviewed.map(|d| d.to_string()),
                    next_review: compliance.snapshot.next_review,
                    owner: compliance.snapshot.owner,
                    controls: compliance
                        .controls
                        .into_iter()
                        .map(|c| FileControl {
                            label: c.label,
                            done: c.done,
                        })
                        .collect(),
                },
                project: FileProject {
                    id: p.id,
                    name: p.name,
                    description: p.description,
                    stage: p.stage,
                    north_star: p.north_star,
                    leading_metric: p.leading_metric,
                    framework: p.framework_id,
                    time_box_end: p.time_box_end.map(|d| d.to_string()),
                    decision: p.decision,
                    success_criteria: p.success_criteria,
                    created_at: p.created_at,
                    archived: p.archived_at.is_some(),
                },
            };
            tx.finish()?;
            Ok(file)
        })
    }

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
            let existing = projects::load(tx, file.id).optional_not_found()?;
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
            let mut fresh: HashMap<Uuid, Uuid> = HashMap::new();
            let project = if copy { new_id() } else { file.id };
            if !copy {
                let children = file
                    .pillars
                    .iter()
                    .map(|(id, _)| ("pillars", *id))
                    .chain(file.gaps.iter().map(|(id, _)| ("gaps", *id)))
                    .chain(file.milestones.iter().map(|m| ("milestones", m.id)))
                    .chain(
                        file.tables
                            .iter()
                            .flat_map(|(_, rows)| rows.iter().map(|(id, _)| ("table_rows", *id))),
                    );
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
            } else {
                let ids = file
                    .pillars
                    .iter()
                    .map(|(id, _)| *id)
                    .chain(file.gaps.iter().map(|(id, _)| *id))
                    .chain(file.milestones.iter().map(|m| m.id))
                    .chain(
                        file.tables
                            .iter()
                            .flat_map(|(_, rows)| rows.iter().map(|(id, _)| *id)),
                    );
                for old in ids {
                    fresh.insert(old, new_id());
                }
            }
            let name = free_name(tx, &file.project.name)?;
            let map = |old: Uuid| fresh.get(&old).copied().unwrap_or(old);
            write(tx, file, project, &name, &map)?;
            Ok(ImportedProject {
                project: projects::load(tx, project)?,
                replaced,
                renamed_from: (name != file.project.name).then(|| file.project.name.clone()),
            })
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
