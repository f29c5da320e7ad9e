//! The `preflight` command against a shared folder holding a file that makes Automerge's
//! loader ask for gigabytes (found by `make fuzz`): the file is checked in a child with capped
//! memory, refused by name, and the sync goes on.

use std::path::Path;

mod common;

use common::preflight;

#[test]
fn a_file_that_would_exhaust_memory_is_refused_and_the_sync_goes_on() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folder = dir.path().join("share");
    std::fs::create_dir(&folder).expect("the shared folder");
    let folder_arg = folder.to_str().expect("a UTF-8 path");
    let ada = dir.path().join("ada.sqlite3");
    let bo = dir.path().join("bo.sqlite3");
    assert!(preflight(&ada, &["projects", "create", "Atlas"])
        .status
        .success());
    let shared = preflight(
        &ada,
        &[
            "share",
            "--project",
            "Atlas",
            "--folder",
            folder_arg,
            "--as",
            "Ada",
        ],
    );
    assert!(shared.status.success(), "{shared:?}");
    let joined = preflight(&bo, &["join", folder_arg, "--as", "Bo"]);
    assert!(joined.status.success(), "{joined:?}");

    let project_dir = std::fs::read_dir(&folder)
        .expect("the folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("the project's folder");
    let hostile = project_dir.join("0193a4c2-7b1e-7cc0-8c1e-3f5a2b9d0e11.automerge");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../core/tests/fixtures/sharing/loader-oom.automerge"),
        &hostile,
    )
    .expect("the hostile file in place");
    assert!(preflight(&bo, &["projects", "create", "Bo's own"])
        .status
        .success());
    let edited = preflight(&bo, &["projects", "cadence", "Atlas", "--every-weeks", "4"]);
    assert!(edited.status.success(), "{edited:?}");

    let synced = preflight(&bo, &["sync"]);
    let out = String::from_utf8_lossy(&synced.stdout);
    assert!(synced.status.success(), "{synced:?}");
    assert!(out.contains("Atlas: 0 in, 1 out"), "{out}");
    assert!(
        out.contains("left out ")
            && out.contains("0193a4c2-7b1e-7cc0-8c1e-3f5a2b9d0e11.automerge")
            && out.contains("needs far more memory or time"),
        "{out}"
    );
    // Ada still gets Bo's change (his joining and the re-scoring rhythm).
    let synced = preflight(&ada, &["sync"]);
    let out = String::from_utf8_lossy(&synced.stdout);
    assert!(out.starts_with("Atlas: 2 in, 0 out"), "{out}");
    let cadence = preflight(&ada, &["projects", "cadence", "Atlas", "--json"]);
    let cadence = String::from_utf8_lossy(&cadence.stdout);
    assert!(cadence.contains("\"everyWeeks\": 4"), "{cadence}");
}
