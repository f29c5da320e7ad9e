//! Team sharing's storage: this device's identity, the shared projects (the only writer of
//! `shared_projects`), and what it says: each shared project's state, conflicts and history.
//! The writes through the folder (share, join, sync, resolve) are in `sync`.

use std::path::{Path, PathBuf};

use automerge::{Automerge, ChangeHash};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::project_file::file_of;
use super::row::{new_id, now, optional_time, Shelf};
use super::{meta, trash, Store};
use crate::error::{CoreError, Result};
use crate::sharing::document::{self, Device};
use crate::sharing::{self, plan_of, Conflict, HistoryEntry};

mod sync;

/// `app_meta` key of this device's id (a UUID; its bytes are the Automerge actor).
const DEVICE_ID: &str = "device_id";
/// `app_meta` key of the name the team sees beside this device's changes.
const DEVICE_NAME: &str = "device_name";

/// A shared project's state as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SharingStatus {
    /// The project.
    pub project_id: Uuid,
    /// The synced folder, as chosen.
    pub folder: String,
    /// The last time the folder was read and written.
    pub synced_at: Option<DateTime<Utc>>,
    /// Why the last sync did not reach the folder ("not synced since 10:42 — …").
    pub error: Option<String>,
    /// How many fields have values from two devices at once.
    pub conflicts: u32,
}

/// A device file the sync left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedFile {
    /// The file's path.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncReport {
    /// Changes from other devices merged in.
    pub changes_in: u32,
    /// Local changes recorded (0 or 1: everything since the last sync is one change).
    pub changes_out: u32,
    /// Fields with values from two devices at once, after the merge.
    pub conflicts: u32,
    /// Whether the project's tables were rewritten with the merged plan.
    pub applied: bool,
    /// Device files left out, each with its reason.
    pub refused: Vec<RefusedFile>,
    /// Why the folder could not be read or written; the changes wait in the database.
    pub folder_error: Option<String>,
    /// Why the merged plan was not written here (it fails a check, or its name is taken); the
    /// local plan stays as it was and keeps being shared.
    pub problem: Option<String>,
}

/// The stored row of a shared project.
struct Shared {
    folder: PathBuf,
    document: Vec<u8>,
    genesis: ChangeHash,
    base: Vec<ChangeHash>,
    /// The digest of the local plan when SQLite last matched the document at `base`.
    digest: String,
}

/// The SHA-256 of a plan's JSON text (keys in order), to tell quickly whether it changed.
fn digest(plan: &serde_json::Value) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(plan.to_string().as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn hashes_to_json(heads: &[ChangeHash]) -> String {
    serde_json::Value::from(heads.iter().map(ToString::to_string).collect::<Vec<_>>()).to_string()
}

fn shared_row(conn: &Connection, project: Uuid) -> Result<Option<Shared>> {
    let row: Option<(String, Vec<u8>, String, String, String)> = conn
        .query_row(
            "SELECT folder, document, genesis, base_heads, plan_digest FROM shared_projects
             WHERE project_id = ?1",
            [project.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((folder, document, genesis, base, digest)) = row else {
        return Ok(None);
    };
    let bad = |what: &str| CoreError::invalid_file("shared_projects", format!("bad {what}"));
    let genesis: ChangeHash = genesis.parse().map_err(|_| bad("genesis"))?;
    let base: Vec<String> = serde_json::from_str(&base).map_err(|_| bad("base heads"))?;
    let base = base
        .iter()
        .map(|h| h.parse().map_err(|_| bad("base heads")))
        .collect::<Result<Vec<ChangeHash>>>()?;
    Ok(Some(Shared {
        folder: PathBuf::from(folder),
        document,
        genesis,
        base,
        digest,
    }))
}

fn not_shared(project: Uuid) -> CoreError {
    CoreError::NotFound {
        what: "shared project",
        id: project.to_string(),
    }
}

/// Writes the shared project's document, base and the local plan's digest then (`""` when
/// unknown: the next sync records in full). The only writer of `shared_projects`.
fn put_shared(
    conn: &Connection,
    project: Uuid,
    folder: &Path,
    doc: &[u8],
    genesis: ChangeHash,
    base: (&[ChangeHash], &str),
) -> Result<()> {
    conn.execute(
        "INSERT INTO shared_projects
             (project_id, folder, document, genesis, base_heads, plan_digest, shared_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (project_id) DO UPDATE SET folder = excluded.folder,
             document = excluded.document, base_heads = excluded.base_heads,
             plan_digest = excluded.plan_digest",
        params![
            project.to_string(),
            folder.to_string_lossy(),
            doc,
            genesis.to_string(),
            hashes_to_json(base.0),
            base.1,
            now()
        ],
    )?;
    Ok(())
}

/// Records the outcome of reaching the folder: the time on success, the reason otherwise.
fn put_folder_outcome(conn: &Connection, project: Uuid, error: Option<&str>) -> Result<()> {
    match error {
        None => conn.execute(
            "UPDATE shared_projects SET synced_at = ?2, sync_error = NULL WHERE project_id = ?1",
            params![project.to_string(), now()],
        )?,
        Some(e) => conn.execute(
            "UPDATE shared_projects SET sync_error = ?2 WHERE project_id = ?1",
            params![project.to_string(), e],
        )?,
    };
    Ok(())
}

/// The project's plan as the database holds it, items in the trash included and marked.
fn local_plan(conn: &Connection, project: Uuid) -> Result<serde_json::Value> {
    let file = file_of(conn, project, Utc::now(), Shelf::WithTrash)?;
    plan_of(&file, &trash::trashed_in(conn, project)?)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Store {
    /// This device: its id (made on first use) and its display name, `None` until named.
    ///
    /// # Errors
    /// [`CoreError::Database`].
    pub fn device(&self) -> Result<(Uuid, Option<String>)> {
        // Read first: asking for the name must not count as a change of the database.
        let known = self.read(|conn| {
            Ok(meta::get(conn, DEVICE_ID)?
                .and_then(|s| Uuid::parse_str(&s).ok())
                .map(|id| (id, meta::get(conn, DEVICE_NAME))))
        })?;
        if let Some((id, name)) = known {
            return Ok((id, name?));
        }
        self.with_tx(|tx| {
            let id = match meta::get(tx, DEVICE_ID)?.and_then(|s| Uuid::parse_str(&s).ok()) {
                Some(id) => id,
                None => {
                    let id = new_id();
                    meta::set(tx, DEVICE_ID, &id.to_string())?;
                    id
                }
            };
            Ok((id, meta::get(tx, DEVICE_NAME)?))
        })
    }

    /// Sets the name the team sees beside this device's changes (asked once).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `name` (see [`sharing::device_name`]).
    pub fn set_device_name(&self, name: &str) -> Result<String> {
        let name = sharing::device_name(name)?;
        self.with_tx(|tx| meta::set(tx, DEVICE_NAME, &name))?;
        Ok(name)
    }

    /// This device, named.
    fn named_device(&self) -> Result<Device> {
        match self.device()? {
            (id, Some(name)) => Ok(Device { id, name }),
            (_, None) => Err(CoreError::invalid(
                "name",
                "give the name your team will see beside your changes first",
            )),
        }
    }

    /// Every shared project of this database, for "sync all".
    ///
    /// # Errors
    /// [`CoreError::Database`].
    pub fn shared_projects(&self) -> Result<Vec<SharingStatus>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT s.project_id FROM shared_projects s JOIN projects p ON p.id = s.project_id
                 ORDER BY p.name_key",
            )?;
            let ids = stmt
                .query_map([], |r| super::row::uuid(r, 0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ids.into_iter()
                .filter_map(|id| status(conn, id).transpose())
                .collect()
        })
    }

    /// The sharing state of `project`, `None` when it is not shared.
    ///
    /// # Errors
    /// [`CoreError::Database`].
    pub fn sharing_status(&self, project: Uuid) -> Result<Option<SharingStatus>> {
        self.read(|conn| status(conn, project))
    }

    /// The conflicts of a shared project: fields two devices changed at once, each with every
    /// value, who wrote it and when, the winning value first.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] when the project is not shared.
    pub fn shared_conflicts(&self, project: Uuid) -> Result<Vec<Conflict>> {
        let doc = self.shared_document(project)?;
        document::conflicts(&doc)
    }

    /// The history of a shared project: who changed what and when, newest first.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] when the project is not shared.
    pub fn shared_history(&self, project: Uuid, limit: usize) -> Result<Vec<HistoryEntry>> {
        let doc = self.shared_document(project)?;
        Ok(document::history(&doc, limit))
    }

    fn shared_document(&self, project: Uuid) -> Result<Automerge> {
        let shared = self
            .read(|c| shared_row(c, project))?
            .ok_or_else(|| not_shared(project))?;
        Automerge::load(&shared.document).map_err(|e| {
            CoreError::invalid_file("shared_projects", format!("damaged document: {e}"))
        })
    }
}

fn status(conn: &Connection, project: Uuid) -> Result<Option<SharingStatus>> {
    let row = conn
        .query_row(
            "SELECT folder, synced_at, sync_error, document FROM shared_projects
             WHERE project_id = ?1",
            [project.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    optional_time(r, 1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((folder, synced_at, error, document)) = row else {
        return Ok(None);
    };
    let conflicts = Automerge::load(&document)
        .ok()
        .and_then(|doc| document::conflicts(&doc).ok())
        .map_or(0, |c| count(c.len()));
    Ok(Some(SharingStatus {
        project_id: project,
        folder,
        synced_at,
        error,
        conflicts,
    }))
}
