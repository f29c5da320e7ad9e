//! What the `preflight` command's integration tests share: running the built binary.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `preflight` binary this package built on the database `db` with `args`, and
/// returns what it printed and how it exited.
pub fn preflight(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_preflight"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("the preflight command runs")
}
