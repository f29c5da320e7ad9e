//! Loads a device file in a child process first, with its memory and CPU time capped, before
//! this process loads it.
//!
//! Automerge's loader can be made to allocate gigabytes by a file of a hundred bytes (found by
//! `make fuzz`: a run-length column that claims billions of values). Rust aborts the whole
//! process when an allocation fails, which no `catch_unwind` can stop, so a hostile or damaged
//! file in the shared folder would take the app down at every sync. The `preflight` command
//! therefore loads each new file in a child of itself first (`preflight __check-shared-file`,
//! the bytes on stdin) under `RLIMIT_AS` and `RLIMIT_CPU`; only a file the child loaded is
//! loaded here, which then needs no more than the child did. Files that passed are remembered
//! by their SHA-256 for the life of the process, so an unchanged file costs one hash.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

use super::folder::{load_any, FILE_CAP};
use crate::error::{CoreError, Result};

/// The hidden argument that makes `preflight` check one device file from its stdin.
pub const CHECK_ARG: &str = "__check-shared-file";
/// The address space the checking child may use, in bytes: ten times what the largest
/// project file Preflight has met needs.
const MEMORY_CAP: u64 = 1024 * 1024 * 1024;
/// The CPU time the checking child may use, in seconds.
const CPU_CAP: u64 = 20;

static CHECKER: OnceLock<PathBuf> = OnceLock::new();
static PASSED: OnceLock<Mutex<HashSet<[u8; 32]>>> = OnceLock::new();

/// Names the program that checks device files: the `preflight` command (the CLI names
/// itself; the window, the command beside it). Without one, files are loaded in this process
/// only, as in core's own tests.
pub fn use_checker(program: PathBuf) {
    let _ = CHECKER.set(program);
}

/// Checks `bytes` in a child process when a checker is set.
///
/// # Errors
/// [`CoreError::InvalidFile`] when the child refused the file, ran out of memory or time, or
/// died; [`CoreError::Io`] when the child cannot be started.
pub(crate) fn check(bytes: &[u8]) -> Result<()> {
    let Some(program) = CHECKER.get() else {
        return Ok(());
    };
    let hash: [u8; 32] = Sha256::digest(bytes).into();
    let passed = PASSED.get_or_init(|| Mutex::new(HashSet::new()));
    let seen = |set: &Mutex<HashSet<[u8; 32]>>| {
        set.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(&hash)
    };
    if seen(passed) {
        return Ok(());
    }
    let io = |source: std::io::Error| CoreError::Io {
        context: format!("cannot start {} to check a shared file", program.display()),
        source,
    };
    let mut child = Command::new(program)
        .arg(CHECK_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(io)?;
    if let Some(mut stdin) = child.stdin.take() {
        // A child that died early closes the pipe; its exit status tells why.
        let _ = stdin.write_all(bytes);
    }
    let status = child.wait().map_err(io)?;
    if status.success() {
        passed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(hash);
        return Ok(());
    }
    Err(CoreError::invalid_file(
        "$",
        match status.code() {
            Some(1) => "not a readable Automerge document".to_owned(),
            _ => "not a readable Automerge document (loading it needs far more memory or time \
                  than any project does)"
                .to_owned(),
        },
    ))
}

/// The child's side of [`check`]: caps this process's memory and CPU time, reads one device
/// file from stdin (at most [`FILE_CAP`] bytes) and loads it. Exits 0 when it loads as a
/// shared Preflight document, 1 when it is refused; running out of memory aborts it.
pub fn run_check() -> ExitCode {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let caps = [(Resource::As, MEMORY_CAP), (Resource::Cpu, CPU_CAP)];
    for (resource, cap) in caps {
        let limit = Rlimit {
            current: Some(cap),
            maximum: Some(cap),
        };
        if setrlimit(resource, limit).is_err() {
            return ExitCode::from(2);
        }
    }
    let mut bytes = Vec::new();
    if std::io::stdin()
        .lock()
        .take(FILE_CAP + 1)
        .read_to_end(&mut bytes)
        .is_err()
        || bytes.len() as u64 > FILE_CAP
    {
        return ExitCode::from(1);
    }
    match load_any(&bytes) {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}
