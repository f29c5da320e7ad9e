//! Gap rows: add, edit, trash, restore, bulk changes, templates and the board query.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::guards::{editable, load as load_project, touch};
use super::meta;
use super::row::{cached, date, domain_value as parse, new_id, now, time, uuid, Shelf};
use super::scorecard::pillars;
use super::Store;
use crate::domain::gap::{
    verdict, DeferReason, GapBulkChange, GapCounts, GapRow, GapTemplate, GapTemplateItem,
    GapTracker, ValidGap,
};
use crate::domain::{Gap, GapBoard, GapDraft, GapStatus, Priority};
use crate::error::{CoreError, Result};

mod dates;

pub(super) use dates::{agenda_page, agenda_tally, dated};

const COLUMNS: &str = "id, position, title, category, priority, status, owner, due_date, notes, \
                       pillar_id, defer_reason, defer_note, revisit_on, validates_architecture, \
                       omission_invalidates, incremental_later, updated_at, internal_note";

/// Reads a gap from `COLUMNS` starting at column `o`.
fn gap_at(row: &Row<'_>, o: usize) -> rusqlite::Result<Gap> {
    let priority: String = row.get(o + 4)?;
    let status: String = row.get(o + 5)?;
    let pillar: Option<String> = row.get(o + 9)?;
    let reason: Option<String> = row.get(o + 10)?;
    let answers: [Option<bool>; 3] = [row.get(o + 13)?, row.get(o + 14)?, row.get(o + 15)?];
    Ok(Gap {
        id: uuid(row, o)?,
        position: row.get(o + 1)?,
        title: row.get(o + 2)?,
        category: row.get(o + 3)?,
        priority: parse(o + 4, Priority::parse("priority", &priority))?,
        status: parse(o + 5, GapStatus::parse("status", &status))?,
        owner: row.get(o + 6)?,
        due_date: date(row, o + 7)?,
        notes: row.get(o + 8)?,
        pillar_id: pillar.and_then(|p| Uuid::parse_str(&p).ok()),
        defer_reason: reason
            .map(|r| parse(o + 10, DeferReason::parse("deferReason", &r)))
            .transpose()?,
        defer_note: row.get(o + 11)?,
        revisit_on: date(row, o + 12)?,
        validates_architecture: answers[0],
        omission_invalidates: answers[1],
        incremental_later: answers[2],
        verdict: verdict(answers[0], answers[1], answers[2]),
        updated_at: time(row, o + 16)?,
        internal_note: row.get(o + 17)?,
    })
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Gap> {
    gap_at(row, 0)
}

pub(super) fn gaps(conn: &Connection, project: Uuid) -> Result<Vec<Gap>> {
    gaps_on(conn, project, Shelf::Live)
}

/// The project's gaps on `shelf`, in order.
pub(super) fn gaps_on(conn: &Connection, project: Uuid, shelf: Shelf) -> Result<Vec<Gap>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM gaps WHERE project_id = ?1 {} ORDER BY position",
        shelf.condition()
    ))?;
    let rows = stmt.query_map([project.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts gap `id` in the trash since `at` (team sharing: a gap trashed on another device).
pub(super) fn put_in_trash(conn: &Connection, id: Uuid, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE gaps SET trashed_at = ?2 WHERE id = ?1",
        params![id.to_string(), at],
    )?;
    Ok(())
}

pub(super) fn load_gap(conn: &Connection, id: Uuid) -> Result<(Uuid, Gap)> {
    conn.query_row(
        &format!("SELECT project_id, {COLUMNS} FROM gaps WHERE id = ?1"),
        [id.to_string()],
        |row| Ok((uuid(row, 0)?, gap_at(row, 1)?)),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: "gap",
        id: id.to_string(),
    })
}

/// Checks that a linked pillar belongs to the same project.
fn check_pillar(conn: &Connection, project: Uuid, pillar: Option<Uuid>) -> Result<()> {
    let Some(pillar) = pillar else { return Ok(()) };
    let ok: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pillars WHERE id = ?1 AND project_id = ?2)",
        [pillar.to_string(), project.to_string()],
        |r| r.get(0),
    )?;
    if ok {
        Ok(())
    } else {
        Err(CoreError::invalid(
            "pillarId",
            "is not a pillar of this project",
        ))
    }
}

/// Replaces the fields of gap `id` with `g`, changed at `at` (a stored time).
pub(super) fn write(conn: &Connection, id: Uuid, g: &ValidGap, at: &str) -> Result<()> {
    cached(
        conn,
        "UPDATE gaps SET title = ?2, category = ?3, priority = ?4, status = ?5, owner = ?6,
                due_date = ?7, notes = ?8, pillar_id = ?9, defer_reason = ?10, defer_note = ?11,
                revisit_on = ?12, validates_architecture = ?13, omission_invalidates = ?14,
                incremental_later = ?15, updated_at = ?16, internal_note = ?17
         WHERE id = ?1",
        params![
            id.to_string(),
            g.title,
            g.category,
            g.priority.as_str(),
            g.status.as_str(),
            g.owner,
            g.due_date.map(|d| d.to_string()),
            g.notes,
            g.pillar_id.map(|p| p.to_string()),
            g.defer_reason.map(DeferReason::as_str),
            g.defer_note,
            g.revisit_on.map(|d| d.to_string()),
            g.answers[0],
            g.answers[1],
            g.answers[2],
            at,
            g.internal_note,
        ],
    )?;
    Ok(())
}

/// Writes gap `id` at the end of `project`'s list, created and changed at `at`: the one
/// `INSERT INTO gaps` (its fields are then set by [`write`]).
///
/// # Errors
/// [`CoreError::Invalid`] on `pillarId` when the linked pillar is not the project's.
pub(super) fn insert_gap(
    conn: &Connection,
    project: Uuid,
    id: Uuid,
    g: &ValidGap,
    at: &str,
) -> Result<()> {
    check_pillar(conn, project, g.pillar_id)?;
    cached(
        conn,
        "INSERT INTO gaps (id, project_id, position, title, category, created_at, updated_at)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(position) + 1, 0) FROM gaps WHERE project_id = ?2),
                 ?3, ?4, ?5, ?5)",
        params![id.to_string(), project.to_string(), g.title, g.category, at],
    )?;
    write(conn, id, g, at)
}

/// Adds a validated gap to `project` inside a transaction another writer opened (a review's
/// improvement plans) and returns it.
pub(super) fn add_in(conn: &Connection, project: Uuid, g: &ValidGap) -> Result<Gap> {
    let id = new_id();
    insert_gap(conn, project, id, g, &now())?;
    Ok(load_gap(conn, id)?.1)
}

fn templates(conn: &Connection) -> Result<Vec<GapTemplate>> {
    let mut stmt =
        conn.prepare("SELECT id, name, description FROM gap_templates ORDER BY rowid")?;
    let heads = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
    let mut items = conn.prepare(
        "SELECT title, category, priority FROM gap_template_items WHERE template_id = ?1
         ORDER BY position",
    )?;
    heads
        .into_iter()
        .map(|(id, name, description)| {
            let list = items
                .query_map([&id], |r| {
                    let priority: String = r.get(2)?;
                    Ok(GapTemplateItem {
                        title: r.get(0)?,
                        category: r.get(1)?,
                        priority: parse(2, Priority::parse("priority", &priority))?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(GapTemplate {
                id,
                name,
                description,
                items: list,
            })
        })
        .collect()
}

/// Adds the items of template `template` whose titles the project does not have yet
/// (ignoring case); returns how many were added.
pub(crate) fn apply_template(conn: &Connection, project: Uuid, template: &str) -> Result<u32> {
    let template = templates(conn)?
        .into_iter()
        .find(|t| t.id == template)
        .ok_or_else(|| {
            CoreError::invalid("template", format!("unknown template \"{template}\""))
        })?;
    let existing: Vec<String> = gaps(conn, project)?
        .into_iter()
        .map(|g| g.title.to_lowercase())
        .collect();
    let mut added = 0;
    for item in template.items {
        if existing.contains(&item.title.to_lowercase()) {
            continue;
        }
        let draft = GapDraft::new(&item.title, &item.category, item.priority).validate()?;
        insert_gap(conn, project, new_id(), &draft, &now())?;
        added += 1;
    }
    Ok(added)
}

impl Store {
    /// The project's gap board as of `today`.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn gap_board(&self, project: Uuid, today: NaiveDate) -> Result<GapBoard> {
        self.read(|conn| {
            load_project(conn, project)?;
            Ok(GapBoard::of(gaps(conn, project)?, today))
        })
    }

    /// The counts of the board that holds gap `id` (in the trash or not) as of `today`: what a
    /// change to that gap alters beyond the gap itself; with the database's revision they
    /// were read at ([`Store::revision`]).
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown gap.
    pub fn board_counts_of_gap(&self, id: Uuid, today: NaiveDate) -> Result<(GapCounts, i64)> {
        self.read(|conn| {
            let (project, _) = load_gap(conn, id)?;
            let counts = GapCounts::from(GapBoard::of(gaps(conn, project)?, today));
            Ok((counts, meta::revision(conn)?))
        })
    }

    /// The gap tracker of a project as of `today`: its board, pillars and the templates, in one
    /// read transaction, with the database's revision it was read at.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn gap_tracker(&self, project: Uuid, today: NaiveDate) -> Result<GapTracker> {
        self.read(|conn| {
            load_project(conn, project)?;
            let mut board = GapBoard::of(gaps(conn, project)?, today);
            Ok(GapTracker {
                gaps: std::mem::take(&mut board.gaps)
                    .into_iter()
                    .map(GapRow::from)
                    .collect(),
                counts: GapCounts::from(board),
                pillars: pillars(conn, project)?,
                templates: templates(conn)?,
                revision: meta::revision(conn)?,
            })
        })
    }

    /// Gap `id`, whole, in the trash or not: what the gap's form shows, where the Gaps tab's
    /// list has only its [`GapRow`].
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown gap.
    pub fn gap(&self, id: Uuid) -> Result<Gap> {
        self.read(|conn| Ok(load_gap(conn, id)?.1))
    }

    /// Adds a gap.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the bad field (e.g. `deferReason` when deferring without
    /// one); [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn add_gap(&self, project: Uuid, draft: &GapDraft) -> Result<Gap> {
        let valid = draft.validate()?;
        self.with_tx(|tx| {
            editable(tx, project)?;
            let gap = add_in(tx, project, &valid)?;
            touch(tx, project)?;
            Ok(gap)
        })
    }

    /// Replaces a gap's fields.
    ///
    /// # Errors
    /// As [`Store::add_gap`].
    pub fn update_gap(&self, id: Uuid, draft: &GapDraft) -> Result<Gap> {
        let valid = draft.validate()?;
        self.with_tx(|tx| {
            let (project, _) = load_gap(tx, id)?;
            editable(tx, project)?;
            check_pillar(tx, project, valid.pillar_id)?;
            write(tx, id, &valid, &now())?;
            touch(tx, project)?;
            Ok(load_gap(tx, id)?.1)
        })
    }

    /// Moves a gap to the trash (restorable with [`Store::restore_gap`]).
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn trash_gap(&self, id: Uuid) -> Result<()> {
        self.set_gap_trashed(id, true)
    }

    /// Brings a gap back from the trash.
    ///
    /// # Errors
    /// As [`Store::trash_gap`].
    pub fn restore_gap(&self, id: Uuid) -> Result<()> {
        self.set_gap_trashed(id, false)
    }

    fn set_gap_trashed(&self, id: Uuid, trashed: bool) -> Result<()> {
        self.with_tx(|tx| {
            let (project, _) = load_gap(tx, id)?;
            editable(tx, project)?;
            tx.execute(
                "UPDATE gaps SET trashed_at = CASE WHEN ?2 THEN COALESCE(trashed_at, ?3) END
                 WHERE id = ?1",
                params![id.to_string(), trashed, now()],
            )?;
            touch(tx, project)?;
            Ok(())
        })
    }

    /// Sets the status and/or owner of several gaps at once, in one transaction: either every
    /// gap changes or none does.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `status` for `deferred` (each deferral needs its own reason and
    /// revisit date) or on `owner` when too long; [`CoreError::NotFound`] when any id is
    /// unknown; [`CoreError::Conflict`] for a project in the trash.
    pub fn bulk_update_gaps(&self, ids: &[Uuid], change: &GapBulkChange) -> Result<Vec<Gap>> {
        if change.status == Some(GapStatus::Deferred) {
            return Err(CoreError::invalid(
                "status",
                "defer gaps one at a time: each needs its own reason and revisit date",
            ));
        }
        self.with_tx(|tx| {
            let mut changed = Vec::with_capacity(ids.len());
            for id in ids {
                let (project, gap) = load_gap(tx, *id)?;
                editable(tx, project)?;
                let mut draft = gap.draft();
                if let Some(status) = change.status {
                    draft.status = status;
                }
                if let Some(owner) = &change.owner {
                    draft.owner.clone_from(owner);
                }
                write(tx, *id, &draft.validate()?, &now())?;
                touch(tx, project)?;
                changed.push(load_gap(tx, *id)?.1);
            }
            Ok(changed)
        })
    }

    /// The built-in gap templates.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails.
    pub fn gap_templates(&self) -> Result<Vec<GapTemplate>> {
        self.read(templates)
    }

    /// Adds a template's items to a project, skipping titles already present; applying the
    /// same template twice adds nothing. Returns how many gaps were added.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `template` for an unknown id; [`CoreError::NotFound`];
    /// [`CoreError::Conflict`] for a project in the trash.
    pub fn apply_gap_template(&self, project: Uuid, template: &str) -> Result<u32> {
        self.with_tx(|tx| {
            editable(tx, project)?;
            let added = apply_template(tx, project, template)?;
            if added > 0 {
                touch(tx, project)?;
            }
            Ok(added)
        })
    }
}
