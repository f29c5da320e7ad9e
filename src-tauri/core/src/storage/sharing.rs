//! Team sharing's storage: this device's identity, the shared projects (the only writer of
//! `shared_projects`), and the sync: one transaction that records the local changes, merges
//! the other devices' and writes the merged plan to the project's tables.

use std::path::{Path, PathBuf};

use automerge::{Automerge, ChangeHash};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::guards::load;
use super::project_file::{file_of, replace_shared};
use super::row::{new_id, now, optional_time, Shelf};
use super::{meta, trash, Store};
use crate::domain::Project;
use crate::error::{CoreError, Result};
use crate::sharing::document::{self, Device};
use crate::sharing::folder::{self, Incoming, Refused};
use crate::sharing::{self, checked, plan_of, wanted, Conflict, HistoryEntry};

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

/// Merges the checked documents of other devices into `doc`, counting the changes that were
/// new. Each is merged into a copy first, and taken only when that worked: one Automerge
/// refuses, or panics on (its loader has, on malformed input), is refused with its reason and
/// leaves `doc` as it was, so it never stops the others.
fn merge_incoming(doc: &mut Automerge, incoming: Vec<Incoming>, refused: &mut Vec<Refused>) -> u32 {
    let mut count = 0;
    for mut inc in incoming {
        let added = doc.get_changes_added(&inc.doc).len();
        if added == 0 {
            continue;
        }
        let mut trial = doc.fork();
        let merged =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| trial.merge(&mut inc.doc)));
        match merged {
            Ok(Ok(_)) => {
                *doc = trial;
                count += u32::try_from(added).unwrap_or(u32::MAX);
            }
            Ok(Err(e)) => refused.push(Refused {
                file: inc.file,
                reason: format!("cannot be merged ({e})"),
            }),
            Err(_) => refused.push(Refused {
                file: inc.file,
                reason: "cannot be merged (Automerge failed on it)".to_owned(),
            }),
        }
    }
    count
}

fn refused_files(refused: Vec<Refused>) -> Vec<RefusedFile> {
    refused
        .into_iter()
        .map(|r| RefusedFile {
            file: r.file.display().to_string(),
            reason: r.reason,
        })
        .collect()
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

    /// Shares `project` through `folder`: starts its document from the project as it is and
    /// writes this device's file there. Sharing it again into another folder moves it.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `name` before this device has a name; [`CoreError::NotFound`]
    /// for an unknown project; [`CoreError::Conflict`] when it is already shared (sync it, or
    /// it moves only when `folder` differs); [`CoreError::Io`] when the folder cannot be
    /// written (nothing is kept then).
    pub fn share_project(&self, project: Uuid, folder: &Path) -> Result<SyncReport> {
        let device = self.named_device()?;
        if !folder.is_dir() {
            return Err(CoreError::invalid(
                "folder",
                format!("{} is not a folder", folder.display()),
            ));
        }
        let existing = self.read(|c| shared_row(c, project))?;
        let previous = existing.as_ref().map(|s| s.folder.clone());
        let bytes = match existing {
            Some(shared) if shared.folder == folder => {
                return Err(CoreError::Conflict {
                    field: Some("folder"),
                    message: format!("the project is already shared through {}", folder.display()),
                })
            }
            Some(shared) => self.with_tx(|tx| {
                put_shared(
                    tx,
                    project,
                    folder,
                    &shared.document,
                    shared.genesis,
                    (&shared.base, &shared.digest),
                )?;
                Ok(shared.document)
            })?,
            None => self.with_tx(|tx| {
                let p = load(tx, project)?;
                let (doc, genesis) =
                    document::genesis(p.id, &device, &local_plan(tx, project)?, Utc::now())?;
                let bytes = doc.save();
                put_shared(tx, project, folder, &bytes, genesis, (&doc.get_heads(), ""))?;
                Ok(bytes)
            })?,
        };
        if let Err(e) = folder::write_own(folder, project, device.id, &bytes) {
            // Nothing half-shared stays behind: a new share is undone, a move goes back to the
            // folder it came from. The user picks another folder.
            self.with_tx(|tx| match &previous {
                Some(old) => {
                    tx.execute(
                        "UPDATE shared_projects SET folder = ?2 WHERE project_id = ?1",
                        params![project.to_string(), old.to_string_lossy()],
                    )?;
                    Ok(())
                }
                None => {
                    tx.execute(
                        "DELETE FROM shared_projects WHERE project_id = ?1",
                        [project.to_string()],
                    )?;
                    Ok(())
                }
            })?;
            return Err(e);
        }
        self.with_tx(|tx| put_folder_outcome(tx, project, None))?;
        self.sync_project(project)
    }

    /// Joins a project shared in `folder` by a teammate: merges every device's file, writes
    /// the plan here as a new project and starts this device's own file. `name` picks one
    /// project by its name when the folder holds several.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] when the folder holds no shared project (or none named so);
    /// [`CoreError::Conflict`] when it holds several and `name` is not given, or when the
    /// project is already in this database; [`CoreError::InvalidFile`] when no device file
    /// can be read, or the merged plan fails a check.
    pub fn join_shared(&self, folder: &Path, name: Option<&str>) -> Result<(Project, SyncReport)> {
        let device = self.named_device()?;
        let mut candidates = Vec::new();
        let mut refused = Vec::new();
        for (project, files) in folder::projects_in(folder)? {
            let mut loaded = Vec::new();
            for file in files {
                match folder::load_checked(&file, project, None) {
                    Ok(doc) => loaded.push(Incoming { file, doc }),
                    Err(e) => refused.push(Refused {
                        file,
                        reason: e.to_string(),
                    }),
                }
            }
            let mut rest = loaded.into_iter();
            if let Some(Incoming { mut doc, .. }) = rest.next() {
                merge_incoming(&mut doc, rest.collect(), &mut refused);
                let title = document::state(&doc)?
                    .pointer("/project/name")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                candidates.push((project, title, doc));
            }
        }
        if let Some(wanted_name) = name {
            let key = crate::domain::project::name_key(wanted_name);
            candidates.retain(|(_, title, _)| crate::domain::project::name_key(title) == key);
        }
        let (project, _, mut doc) = match candidates.len() {
            0 => {
                let why = refused
                    .first()
                    .map(|r| format!(" ({}: {})", r.file.display(), r.reason))
                    .unwrap_or_default();
                return Err(CoreError::NotFound {
                    what: "shared project",
                    id: format!("{}{}", folder.display(), why),
                });
            }
            1 => candidates.remove(0),
            _ => {
                let names: Vec<String> = candidates
                    .iter()
                    .map(|(_, t, _)| format!("\u{201c}{t}\u{201d}"))
                    .collect();
                return Err(CoreError::Conflict {
                    field: Some("project"),
                    message: format!(
                        "the folder holds several shared projects ({}); name the one to join",
                        names.join(", ")
                    ),
                });
            }
        };
        // Every device's changes descend from one first change; a folder mixing two
        // separately shared copies of a project has two, and is refused.
        let roots: Vec<ChangeHash> = doc
            .get_changes(&[])
            .iter()
            .filter(|c| c.deps().is_empty())
            .map(|c| c.hash())
            .collect();
        let [genesis] = roots[..] else {
            return Err(CoreError::invalid_file(
                "$",
                "the folder holds two separately shared copies of this project; ask the \
                 teammate who shared it which one to keep",
            ));
        };
        document::name_device(&mut doc, &device, Utc::now())?;
        let now = Utc::now();
        let wanted = wanted(&document::state(&doc)?, now);
        let file = checked(&wanted, now)?;
        let bytes = doc.save();
        let joined = self.with_tx(|tx| {
            if load(tx, project).is_ok() {
                return Err(CoreError::Conflict {
                    field: Some("project"),
                    message: "this project is already in this database; move it to the trash \
                              (or import the shared one as a copy) before joining"
                        .to_owned(),
                });
            }
            replace_shared(tx, &file, &wanted.trashed)?;
            put_shared(tx, project, folder, &bytes, genesis, (&doc.get_heads(), ""))?;
            load(tx, project)
        })?;
        let mut report = self.sync_project(project)?;
        report.refused.extend(refused_files(refused));
        Ok((joined, report))
    }

    /// Syncs a shared project: records what changed here since the last sync, merges every
    /// other device's file, writes the merged plan here in the same transaction, and writes
    /// this device's file. The folder is read before and written after the transaction, so
    /// a slow or missing folder never holds the database; when it is missing, the changes
    /// wait here and the report says why.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] when the project is not shared; [`CoreError::Invalid`] before
    /// this device has a name; [`CoreError::Database`]. Damaged device files are not errors:
    /// the report names them.
    pub fn sync_project(&self, project: Uuid) -> Result<SyncReport> {
        let device = self.named_device()?;
        let shared = self
            .read(|c| shared_row(c, project))?
            .ok_or_else(|| not_shared(project))?;
        let (incoming, mut refused, mut folder_error) =
            match folder::read_others(&shared.folder, project, device.id, Some(shared.genesis)) {
                Ok((incoming, refused)) => (incoming, refused, None),
                Err(e) => (Vec::new(), Vec::new(), Some(e.to_string())),
            };
        let now = Utc::now();
        let (mut report, bytes) = self.with_tx(|tx| {
            let shared = shared_row(tx, project)?.ok_or_else(|| not_shared(project))?;
            let mut doc = Automerge::load(&shared.document).map_err(|e| {
                CoreError::invalid_file("shared_projects", format!("damaged document: {e}"))
            })?;
            let trashed_project = load(tx, project)?.trashed_at.is_some();
            let local = local_plan(tx, project)?;
            let local_digest = digest(&local);
            // Unchanged since the last sync: nothing to record (the whole walk is skipped).
            let recorded = if trashed_project || local_digest == shared.digest {
                document::Recorded::default()
            } else {
                document::record(&mut doc, &shared.base, &device, &local, now)?
            };
            let after_local = doc.get_heads();
            let changes_in = merge_incoming(&mut doc, incoming, &mut refused);
            let mut problem = None;
            let mut applied = false;
            let (base, base_digest) = if trashed_project {
                problem = Some("the project is in the trash here; restore it to sync".to_owned());
                (shared.base.clone(), shared.digest.clone())
            } else if doc.get_heads() == shared.base {
                // Nothing new on either side.
                (shared.base.clone(), local_digest)
            } else {
                let want = wanted(&document::state(&doc)?, now);
                if want == wanted(&local, now) {
                    (doc.get_heads(), local_digest)
                } else {
                    match checked(&want, now)
                        .and_then(|file| replace_shared(tx, &file, &want.trashed))
                    {
                        Ok(()) => {
                            applied = true;
                            (doc.get_heads(), digest(&local_plan(tx, project)?))
                        }
                        Err(CoreError::Database(e)) => return Err(CoreError::Database(e)),
                        Err(e) => {
                            problem = Some(e.to_string());
                            (after_local, local_digest)
                        }
                    }
                }
            };
            let changed = doc.get_heads() != shared.base || base != shared.base;
            let bytes = if changed {
                doc.save()
            } else {
                shared.document.clone()
            };
            if changed || base_digest != shared.digest {
                put_shared(
                    tx,
                    project,
                    &shared.folder,
                    &bytes,
                    shared.genesis,
                    (&base, &base_digest),
                )?;
            }
            let report = SyncReport {
                changes_in,
                changes_out: u32::from(recorded.edits > 0),
                conflicts: count(document::conflicts(&doc)?.len()),
                applied,
                refused: Vec::new(),
                folder_error: None,
                problem,
            };
            Ok((report, bytes))
        })?;
        if folder_error.is_none() {
            if let Err(e) = folder::write_own(&shared.folder, project, device.id, &bytes) {
                folder_error = Some(e.to_string());
            }
        }
        self.with_tx(|tx| put_folder_outcome(tx, project, folder_error.as_deref()))?;
        report.refused = refused_files(refused);
        report.folder_error = folder_error;
        Ok(report)
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

    /// Resolves the conflict at `path` for everyone by choosing its value number `choice`
    /// (0: the one shown now), then syncs.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] when there is no conflict at `path` or no such value.
    pub fn resolve_shared_conflict(
        &self,
        project: Uuid,
        path: &[String],
        choice: usize,
    ) -> Result<SyncReport> {
        let device = self.named_device()?;
        // Local edits are recorded first, so the resolution never hides one.
        self.sync_project(project)?;
        self.with_tx(|tx| {
            let shared = shared_row(tx, project)?.ok_or_else(|| not_shared(project))?;
            let mut doc = Automerge::load(&shared.document).map_err(|e| {
                CoreError::invalid_file("shared_projects", format!("damaged document: {e}"))
            })?;
            let conflict = document::conflicts(&doc)?
                .into_iter()
                .find(|c| c.path == path)
                .ok_or_else(|| CoreError::NotFound {
                    what: "conflict",
                    id: path.join("."),
                })?;
            let value = conflict
                .values
                .get(choice)
                .ok_or_else(|| CoreError::NotFound {
                    what: "conflict value",
                    id: choice.to_string(),
                })?
                .value
                .clone();
            document::resolve(&mut doc, &device, path, &value, Utc::now())?;
            // The base stays: the next sync writes the chosen value here like any merge.
            put_shared(
                tx,
                project,
                &shared.folder,
                &doc.save(),
                shared.genesis,
                (&shared.base, &shared.digest),
            )
        })?;
        self.sync_project(project)
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
