//! The shared folder's layout, and reading it as hostile input.
//!
//! ```text
//! <folder>/preflight-<project id>/<device id>.automerge
//! ```
//!
//! Each device writes only its own file, always whole (Automerge's compressed document form)
//! and atomically (a temporary file renamed over it), so no file is ever written by two
//! computers and no sync tool makes "conflict copies". Reading merges every other device's
//! file. A file can be anything by the time it is read: half synced, truncated, random bytes,
//! another project's, huge. Each is loaded on its own, capped in size, and checked (Automerge
//! verifies its checksums and change hashes; then the format, the project and the shared
//! first change); one that fails is named with its reason and left out, and never stops the
//! others.

use std::path::{Path, PathBuf};

use automerge::{Automerge, ChangeHash, ReadDoc};
use uuid::Uuid;

use super::document::project_of;
use crate::error::{CoreError, Result};
use crate::files::{read_capped, write_atomically};

/// The largest device file read, in bytes (a project with 10,000 gaps is a few MB).
pub const FILE_CAP: u64 = 64 * 1024 * 1024;
/// The most device files read for one project; the rest are named and left out.
pub const FILES_CAP: usize = 64;
/// The file name's ending.
const SUFFIX: &str = ".automerge";
/// The project folder's prefix.
const PREFIX: &str = "preflight-";

/// The folder of `project` inside the shared folder.
pub fn project_dir(folder: &Path, project: Uuid) -> PathBuf {
    folder.join(format!("{PREFIX}{project}"))
}

/// The file `device` writes for `project`.
pub fn device_file(folder: &Path, project: Uuid, device: Uuid) -> PathBuf {
    project_dir(folder, project).join(format!("{device}{SUFFIX}"))
}

/// Another device's document, loaded and checked.
pub struct Incoming {
    /// The file it came from.
    pub file: PathBuf,
    /// The document.
    pub doc: Automerge,
}

/// A file that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The file.
    pub file: PathBuf,
    /// Why, as a sentence.
    pub reason: String,
}

/// Writes this device's whole document for `project`, making the project's folder if needed.
///
/// # Errors
/// [`CoreError::Io`] naming the path when the folder is missing, read-only or full.
pub fn write_own(folder: &Path, project: Uuid, device: Uuid, bytes: &[u8]) -> Result<()> {
    if !folder.is_dir() {
        return Err(CoreError::Io {
            context: format!("cannot reach the shared folder {}", folder.display()),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    let dir = project_dir(folder, project);
    std::fs::create_dir_all(&dir).map_err(|source| CoreError::Io {
        context: format!("cannot make {}", dir.display()),
        source,
    })?;
    write_atomically(&device_file(folder, project, device), bytes)
}

/// Reads every device file of `project` but `device`'s own, each loaded and checked against
/// the project and, when known, the shared first change `genesis`.
///
/// # Errors
/// [`CoreError::Io`] when the shared folder cannot be read at all (missing, unmounted, no
/// permission). A missing project folder inside it is not an error: nobody wrote yet.
pub fn read_others(
    folder: &Path,
    project: Uuid,
    device: Uuid,
    genesis: Option<ChangeHash>,
) -> Result<(Vec<Incoming>, Vec<Refused>)> {
    let unreachable = |source: std::io::Error| CoreError::Io {
        context: format!("cannot reach the shared folder {}", folder.display()),
        source,
    };
    std::fs::read_dir(folder).map_err(unreachable)?;
    let dir = project_dir(folder, project);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(unreachable(e)),
    };
    let own = format!("{device}{SUFFIX}");
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| is_device_file(n) && n != own)
        })
        .collect();
    files.sort();
    let mut incoming = Vec::new();
    let mut refused = Vec::new();
    for (i, file) in files.into_iter().enumerate() {
        if i >= FILES_CAP {
            refused.push(Refused {
                reason: format!("more than {FILES_CAP} devices' files; this one was not read"),
                file,
            });
            continue;
        }
        match load_checked(&file, project, genesis) {
            Ok(doc) => incoming.push(Incoming { file, doc }),
            Err(e) => refused.push(Refused {
                reason: e.to_string(),
                file,
            }),
        }
    }
    Ok((incoming, refused))
}

/// What the device files of `project` in `folder` look like now: each one's name, size and
/// modification time, in name order; `None` when the folder cannot be read. Two equal
/// fingerprints mean nothing arrived, so the window's sync loop can skip reading the files.
pub fn fingerprint(
    folder: &Path,
    project: Uuid,
) -> Option<Vec<(String, u64, std::time::SystemTime)>> {
    std::fs::read_dir(folder).ok()?;
    let Ok(entries) = std::fs::read_dir(project_dir(folder, project)) else {
        return Some(Vec::new());
    };
    let mut files: Vec<(String, u64, std::time::SystemTime)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let meta = e.metadata().ok()?;
            let modified = meta.modified().ok()?;
            is_device_file(&name).then_some((name, meta.len(), modified))
        })
        .collect();
    files.sort();
    Some(files)
}

/// Whether `name` is a device file's name: a UUID and the suffix. Temporary files of an
/// atomic write (`.preflight-*.part`), sync tools' own files and conflict copies are not.
fn is_device_file(name: &str) -> bool {
    name.strip_suffix(SUFFIX)
        .is_some_and(|stem| Uuid::parse_str(stem).is_ok() && stem.len() == 36)
}

/// Loads one device file and checks that it is a shared Preflight document of `project`
/// descending from `genesis`.
///
/// # Errors
/// [`CoreError::InvalidFile`] or [`CoreError::Io`] with the reason.
pub fn load_checked(file: &Path, project: Uuid, genesis: Option<ChangeHash>) -> Result<Automerge> {
    let bytes = read_capped(file, FILE_CAP, "a shared project file")?;
    load_bytes(&bytes, project, genesis)
}

/// Loads a device file's bytes and checks them as [`load_checked`] does.
///
/// # Errors
/// [`CoreError::InvalidFile`] with the reason.
pub fn load_bytes(bytes: &[u8], project: Uuid, genesis: Option<ChangeHash>) -> Result<Automerge> {
    super::isolate::check(bytes)?;
    let (doc, found) = load_any(bytes)?;
    if found != project {
        return Err(CoreError::invalid_file(
            "projectId",
            format!("belongs to another project ({found})"),
        ));
    }
    if let Some(genesis) = genesis {
        if doc.get_change_by_hash(&genesis).is_none() {
            return Err(CoreError::invalid_file(
                "$",
                "does not descend from this shared project's first change (a project shared \
                 again separately, or another copy of it)",
            ));
        }
    }
    Ok(doc)
}

/// Loads any shared Preflight document from its bytes, and its project id.
///
/// Automerge's loader has panicked on malformed input (found by `make fuzz`: an integer
/// column cut short), so a panic while loading is caught and becomes a refusal like any other
/// unreadable file; nothing of the half-read document is kept.
///
/// # Errors
/// [`CoreError::InvalidFile`] with the reason.
pub fn load_any(bytes: &[u8]) -> Result<(Automerge, Uuid)> {
    let unreadable = |why: String| {
        CoreError::invalid_file("$", format!("not a readable Automerge document ({why})"))
    };
    let doc = match std::panic::catch_unwind(|| Automerge::load(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(unreadable(e.to_string())),
        Err(_) => return Err(unreadable("the loader failed on it".to_owned())),
    };
    let project = project_of(&doc)?;
    Ok((doc, project))
}

/// The shared projects in `folder`: each project folder's id and its device files, for
/// joining.
///
/// # Errors
/// [`CoreError::Io`] when the folder cannot be read.
pub fn projects_in(folder: &Path) -> Result<Vec<(Uuid, Vec<PathBuf>)>> {
    let io = |source: std::io::Error| CoreError::Io {
        context: format!("cannot read the shared folder {}", folder.display()),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder)
        .map_err(io)?
        .filter_map(|e| e.ok())
    {
        let name = entry.file_name();
        let Some(id) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|n| Uuid::parse_str(n).ok())
        else {
            continue;
        };
        let mut files: Vec<PathBuf> = match std::fs::read_dir(entry.path()) {
            Ok(files) => files
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(is_device_file)
                })
                .collect(),
            Err(_) => continue,
        };
        files.sort();
        if !files.is_empty() {
            out.push((id, files));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_makes_the_loader_panic_is_refused_like_any_unreadable_one() {
        // Found by `make fuzz`: Automerge's loader unwraps an integer column cut short, and
        // a run-length column that ends early.
        let files: [&[u8]; 2] = [
            include_bytes!("../../tests/fixtures/sharing/loader-panic.automerge"),
            include_bytes!("../../tests/fixtures/sharing/loader-panic-2.automerge"),
        ];
        for bytes in files {
            let refused = load_bytes(bytes, Uuid::nil(), None)
                .err()
                .map(|e| e.to_string());
            assert!(
                refused
                    .as_deref()
                    .is_some_and(|r| r.contains("not a readable Automerge document")),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn only_device_files_are_read() {
        assert!(is_device_file(
            "0193a4c2-7b1e-7cc0-8c1e-3f5a2b9d0e11.automerge"
        ));
        assert!(!is_device_file(".preflight-x1y2.part"));
        assert!(!is_device_file(
            "0193a4c2-7b1e-7cc0-8c1e-3f5a2b9d0e11.sync-conflict-20261130.automerge"
        ));
        assert!(!is_device_file(
            "0193a4c27b1e7cc08c1e3f5a2b9d0e11.automerge"
        ));
        assert!(!is_device_file("notes.txt"));
    }
}
