//! Table rows (alignment, stakeholders, compliance tables), the compliance snapshot and the
//! baseline controls checklist.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::guards::{editable, load as load_project, touch};
use super::row::{cached, date, new_id, now, reordered, uuid, Shelf};
use super::Store;
use crate::domain::compliance::{
    control_label, BaselineControl, Compliance, ComplianceSnapshot, SnapshotDraft, ValidSnapshot,
    BASELINE_CONTROLS,
};
use crate::domain::tables::{validate_cells, Cells, TableKind, TableRow};
use crate::error::{CoreError, Result};

fn cells_from_json(index: usize, json: &str) -> rusqlite::Result<Cells> {
    serde_json::from_str(json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn to_json(cells: &Cells) -> Result<String> {
    serde_json::to_string(cells).map_err(|e| CoreError::invalid("cells", e.to_string()))
}

/// The rows of one table outside the trash, in order.
pub(crate) fn rows(conn: &Connection, project: Uuid, kind: TableKind) -> Result<Vec<TableRow>> {
    rows_on(conn, project, kind, Shelf::Live)
}

/// The rows of one table on `shelf`, in order.
pub(crate) fn rows_on(
    conn: &Connection,
    project: Uuid,
    kind: TableKind,
    shelf: Shelf,
) -> Result<Vec<TableRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, position, cells, internal_note FROM table_rows
         WHERE project_id = ?1 AND kind = ?2 {} ORDER BY position",
        shelf.condition()
    ))?;
    let list = stmt.query_map(params![project.to_string(), kind.as_str()], |r| {
        Ok(TableRow {
            id: uuid(r, 0)?,
            position: r.get(1)?,
            cells: cells_from_json(2, &r.get::<_, String>(2)?)?,
            internal_note: r.get(3)?,
        })
    })?;
    Ok(list.collect::<rusqlite::Result<_>>()?)
}

/// Puts row `id` in the trash since `at` (team sharing: a row trashed on another device).
pub(super) fn put_row_in_trash(conn: &Connection, id: Uuid, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE table_rows SET trashed_at = ?2 WHERE id = ?1",
        params![id.to_string(), at],
    )?;
    Ok(())
}

fn load_row(conn: &Connection, id: Uuid) -> Result<(Uuid, TableKind, TableRow)> {
    let found = conn
        .query_row(
            "SELECT project_id, kind, id, position, cells, internal_note FROM table_rows
             WHERE id = ?1",
            [id.to_string()],
            |r| {
                Ok((
                    uuid(r, 0)?,
                    r.get::<_, String>(1)?,
                    TableRow {
                        id: uuid(r, 2)?,
                        position: r.get(3)?,
                        cells: cells_from_json(4, &r.get::<_, String>(4)?)?,
                        internal_note: r.get(5)?,
                    },
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: "row",
            id: id.to_string(),
        })?;
    Ok((found.0, TableKind::parse(&found.1)?, found.2))
}

/// Rewrites the positions of one table's live rows as 0, 1, 2, … in `order`.
fn renumber(conn: &Connection, order: &[Uuid]) -> Result<()> {
    for (position, id) in (0_i64..).zip(order) {
        cached(
            conn,
            "UPDATE table_rows SET position = ?2 WHERE id = ?1",
            params![id.to_string(), position],
        )?;
    }
    Ok(())
}

/// Where a new table row goes, and the id and time its writer decided.
pub(super) struct NewRow<'a> {
    /// The row's id.
    pub id: Uuid,
    /// Its already validated cells.
    pub cells: &'a Cells,
    /// Its internal note (already checked).
    pub internal_note: &'a str,
    /// 0-based place in the table, or `None` for the end.
    pub index: Option<u32>,
    /// When it was created (stored time).
    pub at: &'a str,
}

/// Appends a row to table `kind` of `project`, or inserts it at its index: the one
/// `INSERT INTO table_rows`.
pub(super) fn insert_row(
    conn: &Connection,
    project: Uuid,
    kind: TableKind,
    row: &NewRow<'_>,
) -> Result<()> {
    let NewRow {
        id,
        cells,
        internal_note,
        index,
        at,
    } = *row;
    cached(
        conn,
        "INSERT INTO table_rows (id, project_id, kind, position, cells, internal_note, created_at,
                                 updated_at)
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position) + 1, 0) FROM table_rows
                              WHERE project_id = ?2 AND kind = ?3), ?4, ?6, ?5, ?5)",
        params![
            id.to_string(),
            project.to_string(),
            kind.as_str(),
            to_json(cells)?,
            at,
            internal_note
        ],
    )?;
    if let Some(index) = index {
        let order = reordered(
            rows(conn, project, kind)?.into_iter().map(|r| r.id),
            id,
            index,
        );
        renumber(conn, &order)?;
    }
    Ok(())
}

/// Adds the four baseline controls to a new project.
pub(crate) fn insert_default_controls(conn: &Connection, project: Uuid) -> Result<()> {
    for label in BASELINE_CONTROLS {
        insert_control(conn, project, label, false)?;
    }
    Ok(())
}

/// Appends a baseline control: the one `INSERT INTO baseline_controls`.
pub(super) fn insert_control(
    conn: &Connection,
    project: Uuid,
    label: &str,
    done: bool,
) -> Result<Uuid> {
    let id = new_id();
    cached(
        conn,
        "INSERT INTO baseline_controls (id, project_id, position, label, done)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(position) + 1, 0) FROM baseline_controls
                          WHERE project_id = ?2), ?3, ?4)",
        params![id.to_string(), project.to_string(), label, done],
    )?;
    Ok(id)
}

/// Sets a control's (already checked) label and ticked state.
pub(super) fn write_control(conn: &Connection, id: Uuid, label: &str, done: bool) -> Result<()> {
    cached(
        conn,
        "UPDATE baseline_controls SET label = ?2, done = ?3 WHERE id = ?1",
        params![id.to_string(), label, done],
    )?;
    Ok(())
}

pub(super) fn controls(conn: &Connection, project: Uuid) -> Result<Vec<BaselineControl>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, label, done FROM baseline_controls WHERE project_id = ?1
         ORDER BY position",
    )?;
    let list = stmt.query_map([project.to_string()], |r| {
        Ok(BaselineControl {
            id: uuid(r, 0)?,
            position: r.get(1)?,
            label: r.get(2)?,
            done: r.get(3)?,
        })
    })?;
    Ok(list.collect::<rusqlite::Result<_>>()?)
}

fn control_project(conn: &Connection, id: Uuid) -> Result<Uuid> {
    conn.query_row(
        "SELECT project_id FROM baseline_controls WHERE id = ?1",
        [id.to_string()],
        |r| uuid(r, 0),
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound {
        what: "control",
        id: id.to_string(),
    })
}

pub(super) fn compliance(conn: &Connection, project: Uuid, today: NaiveDate) -> Result<Compliance> {
    load_project(conn, project)?;
    let (last, next, owner) = conn.query_row(
        "SELECT compliance_last_reviewed, compliance_next_review, compliance_owner
         FROM projects WHERE id = ?1",
        [project.to_string()],
        |r| Ok((date(r, 0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
    )?;
    Ok(Compliance {
        snapshot: ComplianceSnapshot::new(last, next, owner, today),
        controls: controls(conn, project)?,
    })
}

/// Writes the compliance snapshot of a project.
pub(crate) fn write_snapshot(
    conn: &Connection,
    project: Uuid,
    draft: &SnapshotDraft,
) -> Result<()> {
    store_snapshot(conn, project, &draft.validate()?)
}

/// Writes an already validated compliance snapshot.
pub(super) fn store_snapshot(conn: &Connection, project: Uuid, v: &ValidSnapshot) -> Result<()> {
    conn.execute(
        "UPDATE projects SET compliance_last_reviewed = ?2, compliance_next_review = ?3,
                compliance_owner = ?4 WHERE id = ?1",
        params![
            project.to_string(),
            v.last_reviewed.map(|d| d.to_string()),
            v.next_review,
            v.owner
        ],
    )?;
    Ok(())
}

impl Store {
    /// The live rows of one table of a project, in order.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn table_rows(&self, project: Uuid, kind: TableKind) -> Result<Vec<TableRow>> {
        self.read(|conn| {
            load_project(conn, project)?;
            rows(conn, project, kind)
        })
    }

    /// Adds a row at the end of a table, or at `index` (0-based) when given.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the bad column; [`CoreError::NotFound`];
    /// [`CoreError::Conflict`] for a project in the trash.
    pub fn add_table_row(
        &self,
        project: Uuid,
        kind: TableKind,
        cells: &Cells,
        index: Option<u32>,
    ) -> Result<TableRow> {
        let clean = validate_cells(kind, cells)?;
        self.with_tx(|tx| {
            editable(tx, project)?;
            let id = new_id();
            let row = NewRow {
                id,
                cells: &clean,
                internal_note: "",
                index,
                at: &now(),
            };
            insert_row(tx, project, kind, &row)?;
            touch(tx, project)?;
            Ok(load_row(tx, id)?.2)
        })
    }

    /// Replaces a row's cells.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] naming the bad column (the row is left as it was);
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn update_table_row(&self, id: Uuid, cells: &Cells) -> Result<TableRow> {
        self.with_tx(|tx| {
            let (project, kind, _) = load_row(tx, id)?;
            editable(tx, project)?;
            let clean = validate_cells(kind, cells)?;
            tx.execute(
                "UPDATE table_rows SET cells = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), to_json(&clean)?, now()],
            )?;
            touch(tx, project)?;
            Ok(load_row(tx, id)?.2)
        })
    }

    /// Replaces a row's internal note (for the team only, at most 4,000 characters).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `internalNote` when too long; [`CoreError::NotFound`];
    /// [`CoreError::Conflict`] for a project in the trash.
    pub fn set_row_internal_note(&self, id: Uuid, note: &str) -> Result<TableRow> {
        let note = crate::domain::text::bounded(
            "internalNote",
            note,
            crate::domain::scorecard::INTERNAL_NOTE_MAX,
        )?;
        self.with_tx(|tx| {
            let (project, _, _) = load_row(tx, id)?;
            editable(tx, project)?;
            tx.execute(
                "UPDATE table_rows SET internal_note = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), note, now()],
            )?;
            touch(tx, project)?;
            Ok(load_row(tx, id)?.2)
        })
    }

    /// Moves a row to 0-based `index` within its table; returns the table's rows.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn move_table_row(&self, id: Uuid, index: u32) -> Result<Vec<TableRow>> {
        self.with_tx(|tx| {
            let (project, kind, _) = load_row(tx, id)?;
            editable(tx, project)?;
            let order = reordered(
                rows(tx, project, kind)?.into_iter().map(|r| r.id),
                id,
                index,
            );
            renumber(tx, &order)?;
            touch(tx, project)?;
            rows(tx, project, kind)
        })
    }

    /// Moves a row to the trash; [`Store::restore_table_row`] undoes it.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn trash_table_row(&self, id: Uuid) -> Result<()> {
        self.set_row_trashed(id, true)
    }

    /// Brings a row back from the trash, at its old place.
    ///
    /// # Errors
    /// As [`Store::trash_table_row`].
    pub fn restore_table_row(&self, id: Uuid) -> Result<()> {
        self.set_row_trashed(id, false)
    }

    fn set_row_trashed(&self, id: Uuid, trashed: bool) -> Result<()> {
        self.with_tx(|tx| {
            let (project, _, _) = load_row(tx, id)?;
            editable(tx, project)?;
            tx.execute(
                "UPDATE table_rows SET trashed_at = CASE WHEN ?2 THEN COALESCE(trashed_at, ?3) END
                 WHERE id = ?1",
                params![id.to_string(), trashed, now()],
            )?;
            touch(tx, project)?;
            Ok(())
        })
    }

    /// The compliance snapshot (with the overdue flag as of `today`) and controls checklist.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown project.
    pub fn compliance(&self, project: Uuid, today: NaiveDate) -> Result<Compliance> {
        self.read(|conn| compliance(conn, project, today))
    }

    /// Saves the compliance snapshot.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `lastReviewed`, `nextReview` or `owner`;
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn update_compliance_snapshot(
        &self,
        project: Uuid,
        draft: &SnapshotDraft,
        today: NaiveDate,
    ) -> Result<Compliance> {
        draft.validate()?;
        self.with_tx(|tx| {
            editable(tx, project)?;
            write_snapshot(tx, project, draft)?;
            touch(tx, project)?;
            compliance(tx, project, today)
        })
    }

    /// Adds a control to the checklist.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `label`; [`CoreError::NotFound`]; [`CoreError::Conflict`].
    pub fn add_control(&self, project: Uuid, label: &str) -> Result<BaselineControl> {
        let label = control_label(label)?;
        self.with_tx(|tx| {
            editable(tx, project)?;
            let id = insert_control(tx, project, &label, false)?;
            touch(tx, project)?;
            controls(tx, project)?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| CoreError::NotFound {
                    what: "control",
                    id: id.to_string(),
                })
        })
    }

    /// Renames or ticks a control.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `label`; [`CoreError::NotFound`]; [`CoreError::Conflict`].
    pub fn update_control(&self, id: Uuid, label: &str, done: bool) -> Result<BaselineControl> {
        let label = control_label(label)?;
        self.with_tx(|tx| {
            let project = control_project(tx, id)?;
            editable(tx, project)?;
            write_control(tx, id, &label, done)?;
            touch(tx, project)?;
            controls(tx, project)?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or_else(|| CoreError::NotFound {
                    what: "control",
                    id: id.to_string(),
                })
        })
    }

    /// Removes a control from the checklist.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn remove_control(&self, id: Uuid) -> Result<()> {
        self.with_tx(|tx| {
            let project = control_project(tx, id)?;
            editable(tx, project)?;
            tx.execute(
                "DELETE FROM baseline_controls WHERE id = ?1",
                [id.to_string()],
            )?;
            touch(tx, project)?;
            Ok(())
        })
    }
}
