//! Writes a project out as a project file: every table of the project read in one
//! transaction, on the shelf asked for (outside the trash for an export, with the trash for
//! team sharing's plan).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use crate::domain::tables::TableKind;
use crate::domain::Pillar;
use crate::error::Result;
use crate::project_file::{
    FileCompliance, FileControl, FileFrozenAnswer, FileGap, FileMilestone, FilePillar, FileProject,
    FileRow, FileTables, ProjectFile, FORMAT, VERSION,
};
use crate::storage::guards::load;
use crate::storage::row::Shelf;
use crate::storage::{gaps, review, scorecard, tables, workshops, Store};

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
        internal_note: p.internal_note.clone(),
    }
}

/// Everything of `project` on `shelf` as a project file, read on `conn`.
pub(in crate::storage) fn file_of(
    conn: &Connection,
    project: Uuid,
    exported_at: DateTime<Utc>,
    shelf: Shelf,
) -> Result<ProjectFile> {
    let tx = conn;
    let p = load(tx, project)?;

    let compliance = tables::compliance(tx, project, exported_at.date_naive())?;
    let mut rows = BTreeMap::new();
    for kind in TableKind::ALL {
        let list = tables::rows_on(tx, project, kind, shelf)?
            .into_iter()
            .map(|r| FileRow {
                id: r.id,
                cells: r.cells,
                internal_note: r.internal_note,
            })
            .collect();
        rows.insert(kind, list);
    }
    let milestones: Vec<FileMilestone> = scorecard::milestones_on(tx, project, shelf)?
        .into_iter()
        .map(|m| FileMilestone {
            id: m.id,
            name: m.name,
            taken_on: m.taken_on.to_string(),
            created_at: m.created_at,
            pillars: m.pillars.iter().map(file_pillar).collect(),
            answers: m
                .answers
                .into_iter()
                .map(|a| FileFrozenAnswer {
                    question_id: a.question_id,
                    pillar_id: a.pillar_id,
                    title: a.title,
                    chosen: a.chosen,
                    none: a.none,
                    note: a.note,
                    risk: a.risk.map(|r| r.as_str().to_owned()),
                })
                .collect(),
        })
        .collect();
    let exported: Vec<Uuid> = milestones.iter().map(|m| m.id).collect();
    let workshops = workshops::file_workshops(tx, project, &exported)?;
    let file = ProjectFile {
        questions: review::file_questions(tx, project)?,
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at,
        scorecard: scorecard::pillars(tx, project)?
            .iter()
            .map(file_pillar)
            .collect(),
        milestones,
        workshops,
        gaps: gaps::gaps_on(tx, project, shelf)?
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
                internal_note: g.internal_note,
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
            review_every_weeks: p.review_every_weeks,
        },
    };
    Ok(file)
}

impl Store {
    /// Everything of `project` outside the trash as a project file, read in one transaction.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project; [`CoreError::Database`].
    pub fn project_file(&self, project: Uuid, exported_at: DateTime<Utc>) -> Result<ProjectFile> {
        self.read(|tx| file_of(tx, project, exported_at, Shelf::Live))
    }
}
