//! Tests of the command line, run against in-memory and temporary databases.

use std::os::unix::fs::FileTypeExt;

use super::*;

pub(super) fn run_on(store: &Store, args: &[&str]) -> Result<String, String> {
    let cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    run_command(store, cli.command.expect("a subcommand"), &mut out)
        .map(|_| ())
        .map_err(|e| describe(&e))?;
    Ok(String::from_utf8(out).expect("UTF-8 output"))
}

#[test]
fn create_then_list_as_json_shows_the_project() {
    let store = Store::open_in_memory().unwrap();
    let created = run_on(
        &store,
        &[
            "preflight",
            "projects",
            "create",
            "São Paulo – Zürich",
            "--framework",
            "four-pillars",
        ],
    )
    .unwrap();
    assert!(created.starts_with("created "), "{created}");
    let json = run_on(&store, &["preflight", "projects", "list", "--json"]).unwrap();
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(list[0]["name"], "São Paulo – Zürich");
    assert_eq!(list[0]["frameworkId"], "four-pillars");
    let err = run_on(
        &store,
        &["preflight", "projects", "create", "B", "--framework", "x"],
    )
    .unwrap_err();
    assert_eq!(err, "--framework unknown framework \"x\"");
}

#[test]
fn too_long_option_is_named_in_the_one_line_error() {
    let store = Store::open_in_memory().unwrap();
    let long = "x".repeat(281);
    let err = run_on(
        &store,
        &[
            "preflight",
            "projects",
            "create",
            "A",
            "--north-star",
            &long,
        ],
    )
    .unwrap_err();
    assert_eq!(err, "--north-star must be at most 280 characters (got 281)");
    let err = run_on(&store, &["preflight", "projects", "create", " "]).unwrap_err();
    assert_eq!(err, "NAME is required");
}

#[test]
fn empty_list_says_so() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(
        run_on(&store, &["preflight", "projects", "list"]).unwrap(),
        "no projects\n"
    );
}

/// Runs the CLI on the database file `db` as `main` would, returning stdout or the one-line
/// error.
fn run_at(db: &std::path::Path, args: &[&str]) -> Result<(bool, String), String> {
    let cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let ok = on_file(db, cli.command.expect("a subcommand"), &mut out).map_err(|e| describe(&e))?;
    Ok((ok, String::from_utf8(out).expect("UTF-8 output")))
}

#[test]
fn project_file_round_trips_through_another_database_and_tables_export() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let sample = {
        let store = Store::open(&a).unwrap();
        store.seed_sample_on_first_start().unwrap().unwrap()
    };
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    let f = first.to_str().unwrap();
    run_at(
        &a,
        &[
            "preflight",
            "export",
            "json",
            "--project",
            &sample.name,
            "-o",
            f,
        ],
    )
    .unwrap();
    let (_, said) = run_at(&b, &["preflight", "import", f]).unwrap();
    assert!(said.starts_with("imported "), "{said}");
    let s = second.to_str().unwrap();
    run_at(
        &b,
        &[
            "preflight",
            "export",
            "json",
            "--project",
            &sample.name,
            "-o",
            s,
        ],
    )
    .unwrap();
    let strip = |p: &std::path::Path| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v["exportedAt"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&first), strip(&second));
    let err = run_at(&a, &["preflight", "import", f]).unwrap_err();
    assert!(err.ends_with("(pass --as-copy or --replace)"), "{err}");
    let (_, said) = run_at(&a, &["preflight", "import", f, "--replace"]).unwrap();
    assert!(said.starts_with("replaced "), "{said}");

    let (_, md) = run_at(
        &a,
        &[
            "preflight",
            "export",
            "md",
            "--project",
            &sample.name,
            "--table",
            "triggers",
            "-o",
            "-",
        ],
    )
    .unwrap();
    assert!(
        md.contains("| Standard / Law | Why It Applies (or Not) |"),
        "{md}"
    );
    let (_, csv) = run_at(
        &a,
        &[
            "preflight",
            "export",
            "csv",
            "--project",
            &sample.name,
            "--table",
            "gaps",
            "-o",
            "-",
        ],
    )
    .unwrap();
    assert!(csv.starts_with("Gap,Category,Priority,Status,"), "{csv}");
    assert!(run_at(
        &a,
        &[
            "preflight",
            "export",
            "csv",
            "--project",
            "x",
            "--table",
            "nope",
            "-o",
            "-"
        ]
    )
    .is_err());
}

#[test]
fn backups_restore_and_check_work_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    run_at(&db, &["preflight", "projects", "create", "Atlas"]).unwrap();
    let (_, said) = run_at(&db, &["preflight", "backup", "create"]).unwrap();
    let backup = said
        .trim()
        .strip_prefix("backed up to ")
        .unwrap()
        .to_owned();
    run_at(&db, &["preflight", "projects", "create", "Borealis"]).unwrap();
    let (_, list) = run_at(&db, &["preflight", "backup", "list"]).unwrap();
    assert!(
        list.contains(" 1 project ") && list.contains(&backup),
        "{list}"
    );
    let (ok, said) = run_at(&db, &["preflight", "check"]).unwrap();
    assert!(ok && said.starts_with("ok: "), "{said}");
    let (_, said) = run_at(&db, &["preflight", "restore", &backup]).unwrap();
    assert!(said.contains("restored"), "{said}");
    let (_, names) = run_at(&db, &["preflight", "projects", "list"]).unwrap();
    assert!(
        names.contains("Atlas") && !names.contains("Borealis"),
        "{names}"
    );
    let err = run_at(
        &db,
        &[
            "preflight",
            "restore",
            db.to_str().unwrap().replace("p.db", "none.db").as_str(),
        ],
    )
    .unwrap_err();
    assert!(err.contains("none.db"), "{err}");
}

/// The LaunchPad templates beside the repository (`PREFLIGHT_SAMPLES` overrides the folder).
fn launchpad_docs() -> String {
    std::env::var("PREFLIGHT_SAMPLES").unwrap_or_else(|_| {
        format!(
            "{}/../../../shared/samples/launchpad-docs",
            env!("CARGO_MANIFEST_DIR")
        )
    })
}

#[test]
fn import_md_reads_a_folder_prints_the_summary_and_needs_a_target() {
    let store = Store::open_in_memory().unwrap();
    let docs = launchpad_docs();
    let out = run_on(
        &store,
        &["preflight", "import-md", "--new", "LaunchPad", &docs],
    )
    .unwrap();
    assert!(
        out.starts_with("Imported into \u{201c}LaunchPad\u{201d} (new project):"),
        "{out}"
    );
    assert!(
        out.contains(
            "  production-scorecard-template.md\n    line 12  \u{201c}Pillar | Current Score"
        ),
        "{out}"
    );
    assert!(
        out.contains("\u{2192} Readiness scorecard: 4 added"),
        "{out}"
    );
    assert!(out.contains("  readiness-checklist.md\n    line 5  \u{201c}Pillar | Status | Notes\u{201d} \u{2192} Gap tracker: 8 added"), "{out}");
    assert!(out.contains("  In all: "), "{out}");

    // Again into the same project, by name: everything is already there.
    let again = run_on(
        &store,
        &["preflight", "import-md", "--project", "launchpad", &docs],
    )
    .unwrap();
    assert!(
        again.contains("Readiness scorecard: 4 already there"),
        "{again}"
    );
    assert!(!again.contains(" added"), "{again}");

    let md = run_on(
        &store,
        &[
            "preflight",
            "export",
            "md",
            "--project",
            "LaunchPad",
            "--table",
            "alignment",
            "-o",
            "-",
        ],
    )
    .unwrap();
    assert!(
        md.contains("| Goal / Outcome | Success Metric | Deadline / Guardrail |"),
        "{md}"
    );

    let err = run_on(&store, &["preflight", "import-md", &docs]).unwrap_err();
    assert!(err.contains("--project"), "{err}");
    let err = run_on(
        &store,
        &["preflight", "import-md", "--new", "LaunchPad", &docs],
    )
    .unwrap_err();
    assert!(err.contains("already"), "{err}");
    let err = run_on(
        &store,
        &["preflight", "import-md", "--new", "X", "/nowhere/at/all"],
    )
    .unwrap_err();
    assert_eq!(err, "/nowhere/at/all: no such file or folder");
}

#[test]
fn export_pdf_onto_the_database_is_refused_and_the_database_survives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let store = Store::open(&db).unwrap();
    run_on(&store, &["preflight", "projects", "create", "P"]).unwrap();
    let before = std::fs::read(&db).unwrap();
    for output in [db.clone(), dir.path().join("x.sqlite3-wal")] {
        let output = output.display().to_string();
        let err = run_on(
            &store,
            &[
                "preflight",
                "export",
                "pdf",
                "--project",
                "P",
                "-o",
                &output,
            ],
        )
        .unwrap_err();
        assert!(err.contains("is Preflight's database"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let err = run_on(
        &store,
        &[
            "preflight",
            "export",
            "json",
            "--project",
            "P",
            "-o",
            &fifo.display().to_string(),
        ],
    )
    .unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    let listed = run_on(&store, &["preflight", "projects", "list"]).unwrap();
    assert!(listed.contains('P'), "{listed}");
}

#[test]
fn import_csv_brings_an_exported_table_back_and_nothing_to_import_fails() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_memory().unwrap();
    let sample = store.seed_sample_on_first_start().unwrap().unwrap();
    let gaps = dir.path().join("gaps.csv").display().to_string();
    run_on(
        &store,
        &[
            "preflight",
            "export",
            "csv",
            "--project",
            &sample.name,
            "--table",
            "gaps",
            "-o",
            &gaps,
        ],
    )
    .unwrap();
    let out = run_on(
        &store,
        &[
            "preflight",
            "import-csv",
            "--new",
            "Copy",
            "--table",
            "gaps",
            &gaps,
        ],
    )
    .unwrap();
    assert!(out.contains("\u{2192} Gap tracker: 28 added"), "{out}");
    let dry = run_on(
        &store,
        &[
            "preflight",
            "import-csv",
            "--project",
            "Copy",
            "--dry-run",
            &gaps,
        ],
    )
    .unwrap();
    assert!(dry.starts_with("Dry run: nothing was written."), "{dry}");
    assert!(dry.contains("Gap tracker: 28 already there"), "{dry}");
    let planned = run_on(
        &store,
        &[
            "preflight",
            "import-csv",
            "--new",
            "Planned",
            "--dry-run",
            &gaps,
        ],
    )
    .unwrap();
    assert!(planned.contains("Gap tracker: 28 added"), "{planned}");
    let listed = run_on(&store, &["preflight", "projects", "list"]).unwrap();
    assert!(
        !listed.contains("Planned"),
        "a dry run creates nothing: {listed}"
    );
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "# Notes\n\nProse only.\n").unwrap();
    let err = run_on(
        &store,
        &[
            "preflight",
            "import-md",
            "--new",
            "Empty",
            &notes.display().to_string(),
        ],
    )
    .unwrap_err();
    assert!(err.contains("nothing to import"), "{err}");
    let err = run_on(
        &store,
        &[
            "preflight",
            "import-csv",
            "--new",
            "Empty",
            &notes.display().to_string(),
        ],
    )
    .unwrap_err();
    assert!(err.contains("is not a .csv file"), "{err}");
    let listed = run_on(&store, &["preflight", "projects", "list"]).unwrap();
    assert!(!listed.contains("Empty"), "{listed}");
}

#[test]
fn import_md_takes_a_mapping_for_tables_it_does_not_recognise() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_memory().unwrap();
    let doc = dir.path().join("controls.md");
    std::fs::write(
        &doc,
        "| Control | Responsible | Done? |\n|---|---|---|\n| Rotate secrets | Søren | \u{2705} |\n",
    )
    .unwrap();
    let doc = doc.display().to_string();
    let without = run_on(
        &store,
        &["preflight", "import-md", "--new", "A", "--dry-run", &doc],
    )
    .unwrap_err();
    assert!(without.contains("nothing to import"), "{without}");
    let map = dir.path().join("map.json");
    std::fs::write(
        &map,
        r#"{"format": "preflight-mapping", "version": 1, "tables": [{"header": ["Control",
            "Responsible", "Done?"], "target": "gaps", "columns": ["title", "owner", "status"]}]}"#,
    )
    .unwrap();
    let map = map.display().to_string();
    let out = run_on(
        &store,
        &["preflight", "import-md", "--new", "A", "--map", &map, &doc],
    )
    .unwrap();
    assert!(out.contains("\u{2192} Gap tracker: 1 added"), "{out}");
    assert!(out.contains("placed by the mapping"), "{out}");
}
