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
//!
//! The memory cap is counted on top of the address space the child already holds when it
//! starts: the `preflight` command allocates with mimalloc, which reserves a 1 GiB arena up
//! front, so a fixed 1 GiB cap left a legitimate file's load a few pages and refused it now
//! and then. A child that neither ends nor uses CPU (a lock held by a panic that then ran out
//! of memory was seen to do exactly that) is stopped after [`WALL_CAP`].

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::folder::{load_any, FILE_CAP};
use crate::error::{CoreError, Result};

/// The hidden argument that makes `preflight` check one device file from its stdin.
pub const CHECK_ARG: &str = "__check-shared-file";
/// The address space the checking child may add to what it holds at start, in bytes: ten
/// times what the largest project file Preflight has met needs.
const MEMORY_CAP: u64 = 1024 * 1024 * 1024;
/// The CPU time the checking child may use, in seconds.
const CPU_CAP: u64 = 20;
/// The time the checking child may take by the clock, whether or not it uses CPU.
pub const WALL_CAP: Duration = Duration::from_secs(CPU_CAP + 10);

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
    check_with(program, bytes, WALL_CAP)?;
    passed
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(hash);
    Ok(())
}

/// Checks `bytes` in a child `program` (run with [`CHECK_ARG`]), stopping it after `deadline`.
///
/// # Errors
/// As [`check`].
fn check_with(program: &Path, bytes: &[u8], deadline: Duration) -> Result<()> {
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
    let stdin = child.stdin.take();
    let status = std::thread::scope(|scope| {
        // Written beside the wait, so a child that stops reading cannot hold this thread
        // past the deadline; a child that died early closes the pipe, and its exit status
        // tells why.
        if let Some(mut stdin) = stdin {
            scope.spawn(move || {
                let _ = stdin.write_all(bytes);
            });
        }
        wait_within(&mut child, deadline)
    })
    .map_err(io)?;
    match status {
        Some(status) if status.success() => Ok(()),
        // 1: the loader refused the file; 101: it panicked on it (a panic caught in the
        // loader is a refusal too).
        Some(status) if matches!(status.code(), Some(1 | 101)) => Err(CoreError::invalid_file(
            "$",
            "not a readable Automerge document",
        )),
        _ => Err(CoreError::invalid_file(
            "$",
            "not a readable Automerge document (loading it needs far more memory or time than \
             any project does)",
        )),
    }
}

/// Waits for `child` to end, for at most `deadline`; kills it past that and answers `None`.
fn wait_within(child: &mut Child, deadline: Duration) -> std::io::Result<Option<ExitStatus>> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if started.elapsed() >= deadline {
            // Already ended between the two calls is fine: the kill then fails harmlessly.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// The child's side of [`check`]: caps this process's memory (on top of what it holds now)
/// and CPU time, reads one device file from stdin (at most [`FILE_CAP`] bytes) and loads it.
/// Exits 0 when it loads as a shared Preflight document, 1 when it is refused; running out of
/// memory aborts it.
pub fn run_check() -> ExitCode {
    use rustix::process::{setrlimit, Resource, Rlimit};
    // Nothing is printed on a panic: the parent reads only the exit status, and printing (a
    // backtrace above all) allocates and takes locks in a process about to run out of memory.
    std::panic::set_hook(Box::new(|_| {}));
    let held = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| address_space(&statm, rustix::param::page_size()))
        .unwrap_or(0);
    let caps = [
        (Resource::As, held.saturating_add(MEMORY_CAP)),
        (Resource::Cpu, CPU_CAP),
    ];
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

/// The address space a process holds, in bytes, from the text of Linux's `/proc/<pid>/statm`
/// (its first field: the total program size in pages of `page_size` bytes, see proc(5)).
/// `None` when the text is not that. Other systems have no such file; there the cap is
/// counted from zero, as macOS does not enforce `RLIMIT_AS` anyway.
fn address_space(statm: &str, page_size: usize) -> Option<u64> {
    let pages: u64 = statm.split_ascii_whitespace().next()?.parse().ok()?;
    pages.checked_mul(u64::try_from(page_size).ok()?)
}

#[cfg(test)]
#[path = "isolate/tests.rs"]
mod tests;
