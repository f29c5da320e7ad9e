//! The `preflight` command: runs a subcommand itself, and with none starts the window
//! program, `preflight-window`, installed beside it.
//!
//! The window program links GTK and WebKitGTK, whose hundred-odd shared libraries the dynamic
//! loader maps before `main` (about 50 ms and 50 MB). This binary links neither, so
//! `preflight --version` and every subcommand start in a few milliseconds.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use preflight_cli::Cli;
use preflight_core::export::child;
use preflight_core::sharing::isolate;

/// The allocator of every subcommand: mimalloc rather than glibc's malloc.
///
/// A full report allocates and frees some 200,000 small blocks (layout, 50,000 page
/// operations, the object tree) across the deflating threads. Profiled as a whole process
/// (`perf record` of `export pdf` on the benchmark project), glibc's `malloc`, `free` and
/// their consolidation took a fifth of the time and the kernel's page faults (7,200 of them)
/// another fifth; mimalloc serves the same from per-thread pages in arenas it asks the kernel to
/// back with huge pages, so the process faults about 600 times. Measured with `perf stat`
/// (10 runs): 137 → 84 ms elapsed, 154 → 79 ms of CPU, at the price of a larger peak resident
/// set (40 → 79 MB) for the tenth of a second the export lives. The window program keeps glibc's
/// allocator, tuned for a small resident set (see [`MMAP_THRESHOLD`]), and has its reports
/// written here, in a child (core's `export::child`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The window program's file name, beside this one.
const WINDOW_PROGRAM: &str = "preflight-window";

fn main() -> ExitCode {
    // A child of this command checking one shared file (see core's sharing::isolate).
    if std::env::args_os().nth(1).as_deref() == Some(isolate::CHECK_ARG.as_ref()) {
        return isolate::run_check();
    }
    // The window program's report, written here (see core's export::child).
    if std::env::args_os().nth(1).as_deref() == Some(child::REPORT_ARG.as_ref()) {
        return child::run_report_job();
    }
    if let Ok(this) = std::env::current_exe() {
        isolate::use_checker(this);
    }
    let cli = Cli::parse();
    match cli.command {
        Some(command) => preflight_cli::run(cli.db, command),
        None => start_window(),
    }
}

/// Where the window program is: beside this binary, whatever name or link it was started by.
fn window_program(this: &Path) -> PathBuf {
    this.with_file_name(WINDOW_PROGRAM)
}

/// Replaces this process with the window program, with the same arguments (so `--db` goes
/// through) and the name `preflight`, which GTK takes for the window's class.
fn start_window() -> ExitCode {
    let program = match std::env::current_exe() {
        Ok(this) => window_program(&this),
        Err(e) => {
            eprintln!("preflight: cannot tell where this program is ({e})");
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let error = exec(&program, &args);
    eprintln!(
        "preflight: cannot start the window program {} ({error}); reinstall Preflight, or use a \
         subcommand (preflight --help)",
        program.display()
    );
    ExitCode::FAILURE
}

/// The glibc tunable the window program starts with: large blocks always get a mapping of
/// their own, 128 KiB and up.
///
/// glibc otherwise raises that threshold each time such a block is freed (up to 32 MiB), after
/// which large buffers (the Gaps tab's reply at 1,000 gaps is 650 KB; SQLite's, a backup's)
/// come from a thread's arena and stay resident once freed. Measured on 100 projects × 1,000
/// gaps, the window process took 129–130 MiB instead of 137–146 (PSS, 12 s after start).
const MMAP_THRESHOLD: &str = "glibc.malloc.mmap_threshold=131072";

/// `GLIBC_TUNABLES` for the window program: the user's own (`existing`) with
/// [`MMAP_THRESHOLD`] added, unless they chose a threshold themselves. Tunables are
/// `name=value` pairs separated by colons (glibc manual, "Tunables").
fn window_tunables(existing: Option<&std::ffi::OsStr>) -> OsString {
    match existing {
        Some(theirs)
            if theirs
                .to_string_lossy()
                .contains("glibc.malloc.mmap_threshold") =>
        {
            theirs.to_owned()
        }
        Some(theirs) if !theirs.is_empty() => {
            let mut both = theirs.to_owned();
            both.push(":");
            both.push(MMAP_THRESHOLD);
            both
        }
        _ => MMAP_THRESHOLD.into(),
    }
}

/// Runs `program` in place of this process; returns only on failure.
#[cfg(unix)]
fn exec(program: &Path, args: &[OsString]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    std::process::Command::new(program)
        .arg0("preflight")
        .args(args)
        .env(
            "GLIBC_TUNABLES",
            window_tunables(std::env::var_os("GLIBC_TUNABLES").as_deref()),
        )
        .exec()
}

/// Runs `program` as a child and waits for it (no `exec` outside Unix).
#[cfg(not(unix))]
fn exec(program: &Path, args: &[OsString]) -> std::io::Error {
    match std::process::Command::new(program).args(args).status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_starts_with_a_fixed_mmap_threshold_and_the_users_tunables() {
        assert_eq!(window_tunables(None), MMAP_THRESHOLD);
        assert_eq!(window_tunables(Some("".as_ref())), MMAP_THRESHOLD);
        assert_eq!(
            window_tunables(Some("glibc.malloc.arena_max=2".as_ref())),
            format!("glibc.malloc.arena_max=2:{MMAP_THRESHOLD}").as_str()
        );
        // A threshold the user chose stands.
        assert_eq!(
            window_tunables(Some("glibc.malloc.mmap_threshold=65536".as_ref())),
            "glibc.malloc.mmap_threshold=65536"
        );
    }

    #[test]
    fn the_window_program_is_looked_for_beside_the_command() {
        assert_eq!(
            window_program(Path::new("/usr/bin/preflight")),
            Path::new("/usr/bin/preflight-window")
        );
        assert_eq!(
            window_program(Path::new("/opt/preflight/bin/preflight")),
            Path::new("/opt/preflight/bin/preflight-window")
        );
    }
}
