//! Project rows: create, edit, list, archive, trash, restore and delete for good.

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::guards::{conflict, criteria, editable, from_row, load, COLUMNS};
use super::row::{new_id, now};
use super::Store;
use crate::domain::project::{name_key, ValidDraft};
use crate::domain::scorecard::ValidPillar;
use crate::domain::{Project, ProjectDraft, ProjectView};
use crate::error::{CoreError, Result};

/// Replaces a project's success criteria with `criteria`, in order.
pub(super) fn write_criteria(conn: &Connection, project: Uuid, criteria: &[String]) -> Result<()> {
    conn.execute(
        "DELETE FROM success_criteria WHERE project_id = ?1",
        [project.to_string()],
    )?;
    for (position, question) in (0_i64..).zip(criteria) {
        conn.execute(
            "INSERT INTO success_criteria (id, project_id, position, question)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                new_id().to_string(),
                project.to_string(),
                position,
                question
            ],
        )?;
    }
    Ok(())
}

/// Fails with a `name` conflict when another project outside the trash has the same key.
pub(super) fn ensure_name_free(
    conn: &Connection,
    name_key: &str,
    except: Option<Uuid>,
) -> Result<()> {
    let clash: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT name, archived_at FROM projects
             WHERE name_key = ?1 AND trashed_at IS NULL AND id IS NOT ?2",
            params![name_key, except.map(|id| id.to_string())],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match clash {
        None => Ok(()),
        Some((name, archived)) => Err(CoreError::Conflict {
            field: Some("name"),
            message: format!(
                "{} named \u{201c}{name}\u{201d} already exists; choose another name",
                if archived.is_some() {
                    "an archived project"
                } else {
                    "a project"
                }
            ),
        }),
    }
}

/// A new row of `projects`, with the id and times its writer decided: fresh ones for a project
/// created here, the file's for an imported one.
pub(super) struct NewProject<'a> {
    /// The project's id.
    pub id: Uuid,
    /// Its name; an import may give it another than the draft's (" (copy)").
    pub name: &'a str,
    /// The validated fields.
    pub draft: &'a ValidDraft,
    /// The framework its pillars came from.
    pub framework_id: &'a str,
    /// True only for the sample project seeded on first start.
    pub is_sample: bool,
    /// When it was created (stored time, see `row::stamp`).
    pub created_at: &'a str,
    /// When it last changed.
    pub updated_at: &'a str,
    /// When it was archived, if it is.
    pub archived_at: Option<&'a str>,
    /// The re-scoring rhythm in weeks (checked: 1–52), if any.
    pub review_every_weeks: Option<u8>,
}

/// Writes a project row and its success criteria: the one `INSERT INTO projects`.
pub(super) fn insert(conn: &Connection, p: &NewProject<'_>) -> Result<()> {
    let d = p.draft;
    conn.execute(
        "INSERT INTO projects (id, name, name_key, description, stage, north_star,
                               leading_metric, framework_id, is_sample, created_at, updated_at,
                               archived_at, time_box_end, decision, review_every_weeks,
                               reminders)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            p.id.to_string(),
            p.name,
            name_key(p.name),
            d.description,
            d.stage.as_str(),
            d.north_star,
            d.leading_metric,
            p.framework_id,
            p.is_sample,
            p.created_at,
            p.updated_at,
            p.archived_at,
            d.time_box_end.map(|t| t.to_string()),
            d.decision.as_str(),
            p.review_every_weeks,
            // The sample's dates are invented; reminding a new user of them would be noise.
            !p.is_sample,
        ],
    )?;
    write_criteria(conn, p.id, &d.success_criteria)
}

/// Creates a project from a validated draft, with the baseline controls and, when
/// `with_pillars`, the framework's pillars (unscored).
///
/// # Errors
/// [`CoreError::Invalid`] on `framework` for an unknown framework; [`CoreError::Conflict`] on
/// `name` when the name is taken.
pub(super) fn create(
    conn: &Connection,
    draft: &ValidDraft,
    framework_id: &str,
    with_pillars: bool,
) -> Result<Project> {
    // A framework may be named instead of given by id (`--framework "ORR lens"`).
    let found = super::frameworks::find(conn, framework_id)?;
    let framework_id = found.as_str();
    let pillars = super::frameworks::pillars_of(conn, framework_id)?;
    ensure_name_free(conn, &draft.name_key, None)?;
    let id = new_id();
    let at = now();
    insert(
        conn,
        &NewProject {
            id,
            name: &draft.name,
            draft,
            framework_id,
            is_sample: false,
            created_at: &at,
            updated_at: &at,
            archived_at: None,
            review_every_weeks: None,
        },
    )?;
    super::tables::insert_default_controls(conn, id)?;
    if with_pillars {
        let mut made = Vec::with_capacity(pillars.len());
        for (position, pillar) in (0_i64..).zip(&pillars) {
            let unscored = ValidPillar::unscored(&pillar.name, &pillar.description);
            let pillar_id = new_id();
            super::scorecard::insert_pillar(conn, id, pillar_id, position, &unscored, &at)?;
            made.push(pillar_id);
        }
        super::questions::copy_questions(conn, framework_id, id, &made)?;
    }
    load(conn, id)
}

/// Sets whether project `id` raises desktop reminders.
pub(super) fn set_reminders(conn: &Connection, id: Uuid, on: bool) -> Result<()> {
    conn.execute(
        "UPDATE projects SET reminders = ?2 WHERE id = ?1",
        params![id.to_string(), on],
    )?;
    Ok(())
}

/// Sets `column` (one of the life-cycle columns) to now or NULL after checking `allowed`.
fn set_life_cycle(
    store: &Store,
    id: Uuid,
    allowed: impl FnOnce(&Project) -> Result<()>,
    sql: &str,
) -> Result<Project> {
    store.with_tx(|tx| {
        let project = load(tx, id)?;
        allowed(&project)?;
        tx.execute(sql, params![id.to_string(), now()])?;
        load(tx, id)
    })
}

impl Store {
    /// Creates a project from `draft` with its pillars copied from the framework
    /// `framework_id` (`eight-pillars`, `four-pillars` or a custom framework's id).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for a field that breaks its rule or an unknown framework;
    /// [`CoreError::Conflict`] on `name` when a project outside the trash already has that
    /// name (ignoring case).
    pub fn create_project(&self, draft: &ProjectDraft, framework_id: &str) -> Result<Project> {
        let valid = draft.validate()?;
        self.with_tx(|tx| create(tx, &valid, framework_id, true))
    }

    /// Replaces a project's editable fields with `draft` and stamps `updated_at`.
    ///
    /// # Errors
    /// As [`Store::create_project`], plus [`CoreError::NotFound`] for an unknown id and
    /// [`CoreError::Conflict`] for a project in the trash (restore it first).
    pub fn update_project(&self, id: Uuid, draft: &ProjectDraft) -> Result<Project> {
        let valid = draft.validate()?;
        self.with_tx(|tx| {
            editable(tx, id)?;
            ensure_name_free(tx, &valid.name_key, Some(id))?;
            tx.execute(
                "UPDATE projects SET name = ?2, name_key = ?3, description = ?4, stage = ?5,
                        north_star = ?6, leading_metric = ?7, updated_at = ?8,
                        time_box_end = ?9, decision = ?10
                 WHERE id = ?1",
                params![
                    id.to_string(),
                    valid.name,
                    valid.name_key,
                    valid.description,
                    valid.stage.as_str(),
                    valid.north_star,
                    valid.leading_metric,
                    now(),
                    valid.time_box_end.map(|d| d.to_string()),
                    valid.decision.as_str(),
                ],
            )?;
            write_criteria(tx, id, &valid.success_criteria)?;
            load(tx, id)
        })
    }

    /// Sets the re-scoring rhythm of a project: a milestone every `weeks` weeks (1–52), or none.
    /// The agenda then shows "re-score due" that many weeks after the latest milestone.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `reviewEveryWeeks` outside 1–52 (nothing written);
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] for a project in the trash.
    pub fn set_review_cadence(&self, id: Uuid, weeks: Option<u8>) -> Result<Project> {
        let weeks = crate::domain::project::review_every_weeks(weeks)?;
        self.with_tx(|tx| {
            editable(tx, id)?;
            tx.execute(
                "UPDATE projects SET review_every_weeks = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.to_string(), weeks, now()],
            )?;
            load(tx, id)
        })
    }

    /// Turns a project's desktop reminders on or off on this computer. A preference, not a
    /// change to the plan: `updated_at` stays as it was.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown id.
    pub fn set_project_reminders(&self, id: Uuid, on: bool) -> Result<Project> {
        self.with_tx(|tx| {
            load(tx, id)?;
            set_reminders(tx, id, on)?;
            load(tx, id)
        })
    }

    /// Loads one project, wherever it is (active, archived or in the trash).
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown id.
    pub fn project(&self, id: Uuid) -> Result<Project> {
        self.read(|conn| load(conn, id))
    }

    /// Finds a project by its id or, failing that, by its name (ignoring case; projects in
    /// the trash are matched by id only, since their names may have been reused).
    ///
    /// # Errors
    /// [`CoreError::NotFound`] naming what was looked up.
    pub fn find_project(&self, id_or_name: &str) -> Result<Project> {
        let wanted = id_or_name.trim();
        if let Ok(id) = Uuid::parse_str(wanted) {
            return self.project(id);
        }
        self.read(|conn| {
            let id: Option<String> = conn
                .query_row(
                    "SELECT id FROM projects WHERE name_key = ?1 AND trashed_at IS NULL",
                    [name_key(wanted)],
                    |row| row.get(0),
                )
                .optional()?;
            match id.and_then(|id| Uuid::parse_str(&id).ok()) {
                Some(id) => load(conn, id),
                None => Err(CoreError::NotFound {
                    what: "project",
                    id: format!("\u{201c}{wanted}\u{201d}"),
                }),
            }
        })
    }

    /// Lists the projects of one sidebar view, most recently changed first.
    ///
    /// # Errors
    /// [`CoreError::Database`] if SQLite fails.
    pub fn list_projects(&self, view: ProjectView) -> Result<Vec<Project>> {
        let filter = match view {
            ProjectView::Active => "trashed_at IS NULL AND archived_at IS NULL",
            ProjectView::Archived => "trashed_at IS NULL AND archived_at IS NOT NULL",
            ProjectView::Trash => "trashed_at IS NOT NULL",
        };
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM projects WHERE {filter} ORDER BY updated_at DESC, id DESC"
            ))?;
            let mut projects = stmt
                .query_map([], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for project in &mut projects {
                project.success_criteria = criteria(conn, project.id)?;
            }
            Ok(projects)
        })
    }

    /// Archives a project: it leaves the main list but keeps its name and data.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] when it is in the trash.
    pub fn archive_project(&self, id: Uuid) -> Result<Project> {
        set_life_cycle(
            self,
            id,
            |p| match p.view() {
                ProjectView::Trash => Err(conflict("a project in the trash cannot be archived")),
                _ => Ok(()),
            },
            "UPDATE projects SET archived_at = COALESCE(archived_at, ?2), updated_at = ?2
             WHERE id = ?1",
        )
    }

    /// Brings an archived project back to the main list.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] when it is in the trash.
    pub fn unarchive_project(&self, id: Uuid) -> Result<Project> {
        set_life_cycle(
            self,
            id,
            |p| match p.view() {
                ProjectView::Trash => Err(conflict("a project in the trash cannot be unarchived")),
                _ => Ok(()),
            },
            "UPDATE projects SET archived_at = NULL, updated_at = ?2 WHERE id = ?1",
        )
    }

    /// Moves a project to the trash; its name becomes free for new projects.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] for an unknown id.
    pub fn trash_project(&self, id: Uuid) -> Result<Project> {
        set_life_cycle(
            self,
            id,
            |_| Ok(()),
            "UPDATE projects SET trashed_at = COALESCE(trashed_at, ?2) WHERE id = ?1",
        )
    }

    /// Restores a project from the trash to the list it was in (active or archived).
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] on `name` when another project took
    /// its name meanwhile (rename that one first).
    pub fn restore_project(&self, id: Uuid) -> Result<Project> {
        self.with_tx(|tx| {
            let project = load(tx, id)?;
            if project.trashed_at.is_none() {
                return Ok(project);
            }
            ensure_name_free(tx, &name_key(&project.name), Some(id)).map_err(|_| {
                CoreError::Conflict {
                    field: Some("name"),
                    message: format!(
                        "cannot restore \u{201c}{}\u{201d}: another project now has that name; \
                     rename that one first",
                        project.name
                    ),
                }
            })?;
            tx.execute(
                "UPDATE projects SET trashed_at = NULL, updated_at = ?2 WHERE id = ?1",
                params![id.to_string(), now()],
            )?;
            load(tx, id)
        })
    }

    /// Deletes a project in the trash for good, with everything in it.
    ///
    /// # Errors
    /// [`CoreError::NotFound`]; [`CoreError::Conflict`] when it is not in the trash (only the
    /// trash deletes for good, so nothing is lost by one wrong click).
    pub fn purge_project(&self, id: Uuid) -> Result<()> {
        self.with_tx(|tx| {
            let project = load(tx, id)?;
            if project.trashed_at.is_none() {
                return Err(conflict(
                    "move the project to the trash before deleting it for good",
                ));
            }
            tx.execute("DELETE FROM projects WHERE id = ?1", [id.to_string()])?;
            super::brand::forget_deleted_projects(tx)
        })
    }
}
