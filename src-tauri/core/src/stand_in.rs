//! Stand-in programs for tests of the code that runs the `preflight` command as a child: a
//! shell script in its place that answers, refuses, crashes, floods its pipes or hangs.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Writes an executable `/bin/sh` script `name` into `dir` running `body`, and answers its path.
///
/// # Panics
/// When the script cannot be written (a test's own failure).
pub(crate) fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("mode");
    path
}
