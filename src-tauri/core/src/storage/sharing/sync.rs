//! Team sharing's writes through the folder: sharing a project, joining one a teammate
//! shared, syncing (record the local changes, merge the other devices', write the merged plan
//! in one transaction) and resolving a conflict for everyone.

use std::path::Path;

use automerge::{Automerge, ChangeHash};
use chrono::Utc;
use rusqlite::params;
use uuid::Uuid;

use super::{
    count, digest, local_plan, not_shared, put_folder_outcome, put_shared, shared_row, RefusedFile,
    SyncReport,
};
use crate::domain::Project;
use crate::error::{CoreError, Result};
use crate::sharing::document;
use crate::sharing::folder::{self, Incoming, Refused};
use crate::sharing::{checked, wanted};
use crate::storage::guards::load;
use crate::storage::project_file::replace_shared;
use crate::storage::Store;

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

impl Store {
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
}
