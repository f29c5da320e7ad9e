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
use preflight_core::sharing::isolate;

/// The window program's file name, beside this one.
const WINDOW_PROGRAM: &str = "preflight-window";

fn main() -> ExitCode {
    // A child of this command checking one shared file (see core's sharing::isolate).
    if std::env::args_os().nth(1).as_deref() == Some(isolate::CHECK_ARG.as_ref()) {
        return isolate::run_check();
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

/// Runs `program` in place of this process; returns only on failure.
#[cfg(unix)]
fn exec(program: &Path, args: &[OsString]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    std::process::Command::new(program)
        .arg0("preflight")
        .args(args)
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
