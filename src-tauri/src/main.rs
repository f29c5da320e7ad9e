//! The `preflight` binary: with no subcommand it opens the window, otherwise it runs the CLI.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = preflight_app::cli::Cli::parse();
    match cli.command {
        Some(command) => preflight_app::cli::run(cli.db, command),
        None => preflight_app::run_window(cli.db),
    }
}
