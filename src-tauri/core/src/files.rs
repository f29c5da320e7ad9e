//! Writing files the user chose (exported reports) without ever leaving a half-written one.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

/// Writes `bytes` to `path` through a temporary file in the same directory that is synced and
/// then renamed over `path`, so a crash or a full disk leaves either the old file or the new
/// one, never a truncated mix.
///
/// A symbolic link is written through: its target is replaced and the link stays. Only a
/// regular file is ever replaced; a FIFO, a device or a folder is refused, never swapped for
/// a file. A new file gets the usual mode (0666 less the umask); a replaced one keeps its mode.
///
/// # Errors
/// [`CoreError::Invalid`] on `output` when `path` exists and is not a regular file;
/// [`CoreError::Io`] naming the path when the directory cannot be written or the disk is full.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = write_target(path)?;
    let io = |source: std::io::Error| CoreError::Io {
        context: format!("cannot write {}", target.display()),
        source,
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let existing = std::fs::metadata(&target).ok();
    let mut file = tempfile::Builder::new()
        .prefix(".preflight-")
        .suffix(".part")
        // The mode goes to open(2), which takes the umask off as for any new file.
        .permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE))
        .tempfile_in(dir)
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    if let Some(old) = existing {
        file.as_file()
            .set_permissions(old.permissions())
            .map_err(io)?;
    }
    file.as_file().sync_all().map_err(io)?;
    file.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}

/// Reads the regular file at `path`, at most `cap` bytes of it: the size is checked on the
/// bytes read, not on what the file system says, so `/dev/zero` or a file that grows while it
/// is read cannot exhaust memory. A FIFO, device or folder is refused before it is opened (a
/// FIFO would block the reader forever). `what` names the file in messages ("a project file").
///
/// # Errors
/// [`CoreError::InvalidFile`] at `$` when the path is not a regular file or holds more than
/// `cap` bytes; [`CoreError::Io`] naming the path when it cannot be read.
pub fn read_capped(path: &Path, cap: u64, what: &str) -> Result<Vec<u8>> {
    let io = |source: std::io::Error| CoreError::Io {
        context: format!("cannot read {}", path.display()),
        source,
    };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(CoreError::invalid_file(
            "$",
            format!(
                "{} is not a regular file (a folder, device or pipe)",
                path.display()
            ),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(CoreError::invalid_file(
            "$",
            format!("the file holds more than {cap} bytes; {what} is at most {cap}"),
        ));
    }
    Ok(bytes)
}

/// The mode asked for a new file, before the umask: read and write for everyone, as editors
/// and `touch` create files.
const NEW_FILE_MODE: u32 = 0o666;

/// The file to replace for `path`: the path itself, or the final target of a symbolic link
/// (relative targets resolved against the link's folder). Refuses anything that exists and
/// is not a regular file.
pub(crate) fn write_target(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_owned();
    // A bounded walk through links, as the kernel does (40 hops, then ELOOP).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&target).map_err(|source| CoreError::Io {
                    context: format!("cannot read the link {}", target.display()),
                    source,
                })?;
                target = match target.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(meta) if !meta.is_file() => {
                return Err(CoreError::invalid(
                    "output",
                    format!(
                        "{} is not a regular file (a folder, device or pipe); choose a file",
                        path.display()
                    ),
                ))
            }
            _ => return Ok(target),
        }
    }
    Err(CoreError::invalid(
        "output",
        format!("{} is a loop of symbolic links", path.display()),
    ))
}

/// A file-name-safe form of a project name: lowercase letters and digits (any script) joined by
/// single hyphens, e.g. "Zoë's Pilot" → "zoë-s-pilot"; "project" when nothing is left.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "project".to_owned()
    } else {
        slug.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::FileTypeExt;

    use super::*;

    #[test]
    fn replaces_an_existing_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, b"old").expect("write");
        write_atomically(&path, b"new").expect("write atomically");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.pdf")]);
    }

    #[test]
    fn export_writes_through_a_symlink_and_keeps_the_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.pdf");
        std::fs::write(&real, b"old").expect("write");
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink("real.pdf", &link).expect("symlink");
        write_atomically(&link, b"new").expect("write through the link");
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
    }

    #[test]
    fn export_refuses_to_replace_a_fifo_a_device_or_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        for path in [Path::new("/dev/null"), dir.path()] {
            let err = write_atomically(path, b"x").expect_err("refused");
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        assert!(std::fs::metadata("/dev/null")
            .expect("dev null")
            .file_type()
            .is_char_device());
    }

    #[test]
    fn new_exports_get_the_usual_mode_and_replaced_ones_keep_theirs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fresh = dir.path().join("fresh.pdf");
        write_atomically(&fresh, b"x").expect("write");
        let mode = std::fs::metadata(&fresh)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        // Whatever the umask, a new export is readable by its group like any new file,
        // unless the umask says otherwise; it is never the temporary file's 0600 by accident.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, b"").expect("probe");
        let usual = std::fs::metadata(&probe)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, usual);
        let kept = dir.path().join("kept.pdf");
        std::fs::write(&kept, b"old").expect("write");
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomically(&kept, b"new").expect("replace");
        let mode = std::fs::metadata(&kept).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("no/such/dir/report.pdf");
        let err = write_atomically(&path, b"x").expect_err("must fail");
        assert!(err.to_string().contains("report.pdf"), "{err}");
    }
}
