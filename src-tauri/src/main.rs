//! `preflight-window`, the window program. The `preflight` command (crate `preflight-cli`)
//! starts it when given no subcommand, passing its arguments on; started by hand it takes the
//! same `--db`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Preflight's window. Run `preflight --help` for the subcommands.
#[derive(Debug, Parser)]
#[command(name = "preflight", version, about, long_about = None)]
struct WindowArgs {
    /// The database file [default: <data dir>/io.preflight.desktop/preflight.sqlite3;
    /// env: PREFLIGHT_DB].
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

fn main() -> ExitCode {
    preflight_app::run_window(WindowArgs::parse().db)
}
