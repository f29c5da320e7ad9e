//! Tests of `share`, `join`, `sync`, `conflicts` and `history` on two databases and a folder.

use super::tests::run_on;
use super::*;

fn open(dir: &std::path::Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

#[test]
fn two_laptops_share_sync_and_settle_a_conflict_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Syncthing");
    std::fs::create_dir(&folder).unwrap();
    let folder_arg = folder.to_str().unwrap();
    let ada = open(dir.path(), "ada.sqlite3");
    let bo = open(dir.path(), "bo.sqlite3");
    run_on(&ada, &["preflight", "projects", "create", "Atlas"]).unwrap();

    // The first share needs a name.
    let err = run_on(
        &ada,
        &[
            "preflight",
            "share",
            "--project",
            "Atlas",
            "--folder",
            folder_arg,
        ],
    )
    .unwrap_err();
    assert!(err.contains("--as NAME"), "{err}");
    let out = run_on(
        &ada,
        &[
            "preflight",
            "share",
            "--project",
            "Atlas",
            "--folder",
            folder_arg,
            "--as",
            "Ada",
        ],
    )
    .unwrap();
    assert!(
        out.starts_with("shared \u{201c}Atlas\u{201d} through "),
        "{out}"
    );
    assert!(out.contains("Atlas: 0 in, 0 out, 0 conflicts"), "{out}");

    let out = run_on(&bo, &["preflight", "join", folder_arg, "--as", "Bo"]).unwrap();
    assert!(out.starts_with("joined \u{201c}Atlas\u{201d}"), "{out}");

    // Both rename the project at once: Bo syncs first, Ada second.
    let project = ada.find_project("Atlas").unwrap();
    let mut d = project.draft();
    d.north_star = "Founders ship with confidence".into();
    ada.update_project(project.id, &d).unwrap();
    d.north_star = "Every launch is boring".into();
    bo.update_project(project.id, &d).unwrap();
    let out = run_on(&bo, &["preflight", "sync"]).unwrap();
    assert_eq!(out, "Atlas: 0 in, 1 out, 0 conflicts\n");
    let out = run_on(&ada, &["preflight", "sync", "--project", "Atlas"]).unwrap();
    assert!(
        out.starts_with("Atlas: ") && out.contains("1 out, 1 conflict\n"),
        "{out}"
    );

    let listed = run_on(&ada, &["preflight", "conflicts", "--project", "Atlas"]).unwrap();
    assert!(listed.starts_with("project.northStar\n"), "{listed}");
    assert!(
        listed.contains("(shown)") && listed.contains("— Ada") && listed.contains("— Bo"),
        "{listed}"
    );
    let json = run_on(
        &ada,
        &["preflight", "conflicts", "--project", "Atlas", "--json"],
    )
    .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed[0]["path"], "project.northStar");
    let second = parsed[0]["values"][1]["value"].as_str().unwrap().to_owned();

    let out = run_on(
        &ada,
        &[
            "preflight",
            "conflicts",
            "--project",
            "Atlas",
            "--resolve",
            "project.northStar",
            "--choose",
            "2",
        ],
    )
    .unwrap();
    assert!(out.starts_with("resolved project.northStar\n"), "{out}");
    run_on(&bo, &["preflight", "sync"]).unwrap();
    for store in [&ada, &bo] {
        assert_eq!(
            run_on(store, &["preflight", "conflicts", "--project", "Atlas"]).unwrap(),
            "no conflicts\n"
        );
        assert_eq!(store.find_project("Atlas").unwrap().north_star, second);
    }
    let history = run_on(&bo, &["preflight", "history", "--project", "Atlas"]).unwrap();
    assert!(
        history.contains("  Ada  Chose a value for project.northStar"),
        "{history}"
    );
    assert!(
        history.contains("  Bo  Changed project: northStar"),
        "{history}"
    );
    assert!(
        history.trim_end().ends_with("  Ada  Shared the project"),
        "{history}"
    );
}

#[test]
fn sync_says_when_the_folder_is_gone_and_exits_with_failure() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("share");
    std::fs::create_dir(&folder).unwrap();
    let ada = open(dir.path(), "ada.sqlite3");
    run_on(&ada, &["preflight", "projects", "create", "Atlas"]).unwrap();
    run_on(
        &ada,
        &[
            "preflight",
            "share",
            "--project",
            "Atlas",
            "--folder",
            folder.to_str().unwrap(),
            "--as",
            "Ada",
        ],
    )
    .unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    let cli = Cli::try_parse_from(["preflight", "sync"]).unwrap();
    let mut out = Vec::new();
    let clean = run_command(&ada, cli.command.unwrap(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(!clean);
    assert!(
        out.contains("not synced: cannot reach the shared folder"),
        "{out}"
    );
    assert!(out.contains("the changes wait here"), "{out}");
}
