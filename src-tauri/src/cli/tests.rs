//! Tests of the command line, run against in-memory and temporary databases.

use std::os::unix::fs::FileTypeExt;

use super::*;

fn run_on(store: &Store, args: &[&str]) -> Result<String, String> {
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
            "{}/../../shared/samples/launchpad-docs",
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

#[test]
fn a_rhythm_and_reminders_are_set_and_shown_from_the_command_line() {
    let store = Store::open_in_memory().unwrap();
    run_on(&store, &["preflight", "projects", "create", "Atlas"]).unwrap();
    assert_eq!(
        run_on(&store, &["preflight", "projects", "cadence", "atlas"]).unwrap(),
        "Atlas: no re-scoring rhythm\n"
    );
    let set = run_on(
        &store,
        &[
            "preflight",
            "projects",
            "cadence",
            "Atlas",
            "--every-weeks",
            "4",
        ],
    )
    .unwrap();
    assert!(
        set.starts_with("Atlas: re-score every 4 weeks; no milestone yet; next re-score due "),
        "{set}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &run_on(
            &store,
            &["preflight", "projects", "cadence", "Atlas", "--json"],
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(json["everyWeeks"], 4);
    let agenda = run_on(&store, &["preflight", "agenda", "--days", "40"]).unwrap();
    assert!(
        agenda.contains("re-score due      Atlas · Take a milestone (re-score every 4 weeks)"),
        "{agenda}"
    );
    for refused in [
        &[
            "preflight",
            "projects",
            "cadence",
            "Atlas",
            "--every-weeks",
            "0",
        ][..],
        &[
            "preflight",
            "projects",
            "cadence",
            "Atlas",
            "--every-weeks",
            "4",
            "--off",
        ],
    ] {
        assert!(run_on(&store, refused).is_err(), "{refused:?}");
    }
    run_on(
        &store,
        &["preflight", "projects", "cadence", "Atlas", "--off"],
    )
    .unwrap();
    assert_eq!(
        store.list_projects(ProjectView::Active).unwrap()[0].review_every_weeks,
        None
    );

    let off = run_on(
        &store,
        &["preflight", "projects", "reminders", "Atlas", "off"],
    )
    .unwrap();
    assert_eq!(off, "Atlas: reminders off\n");
    assert!(!store.list_projects(ProjectView::Active).unwrap()[0].reminders);
    let settings = run_on(&store, &["preflight", "settings", "--reminders", "off"]).unwrap();
    assert!(settings.contains("reminders    off"), "{settings}");
    let on = run_on(
        &store,
        &["preflight", "projects", "reminders", "Atlas", "on"],
    )
    .unwrap();
    assert!(on.contains("(but off for every project"), "{on}");
}

#[test]
fn a_report_for_an_audience_is_logged_with_its_fingerprint_and_audiences_can_be_saved() {
    let store = Store::open_in_memory().unwrap();
    run_on(&store, &["preflight", "projects", "create", "Atlas"]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("board.pdf");
    let pdf_arg = pdf.display().to_string();
    let wrote = run_on(
        &store,
        &[
            "preflight",
            "export",
            "pdf",
            "--project",
            "Atlas",
            "--audience",
            "Board",
            "--recipient",
            "Acme Capital",
            "--as-of",
            "2026-11-21",
            "-o",
            &pdf_arg,
        ],
    )
    .unwrap();
    assert!(wrote.contains("Report to the board of Atlas"), "{wrote}");
    let sha = preflight_core::domain::report_log::sha256_hex(&std::fs::read(&pdf).unwrap());
    assert!(wrote.contains(&format!("SHA-256 {sha}")), "{wrote}");
    let log = run_on(
        &store,
        &["preflight", "reports", "log", "--project", "Atlas"],
    )
    .unwrap();
    assert!(
        log.contains("Board · Acme Capital · board.pdf · as of 2026-11-21 · sha256 ")
            && log.contains(&sha),
        "{log}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &run_on(
            &store,
            &[
                "preflight",
                "reports",
                "log",
                "--project",
                "Atlas",
                "--json",
            ],
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(json[0]["sha256"], sha);
    // The team's report is not logged; --recipient needs an audience; --report conflicts.
    run_on(
        &store,
        &[
            "preflight",
            "export",
            "pdf",
            "--project",
            "Atlas",
            "--audience",
            "team",
            "-o",
            &pdf_arg,
        ],
    )
    .unwrap();
    assert_eq!(
        store
            .report_log(store.find_project("Atlas").unwrap().id)
            .unwrap()
            .len(),
        1
    );
    for refused in [
        &[
            "preflight",
            "export",
            "pdf",
            "--project",
            "Atlas",
            "--recipient",
            "X",
            "-o",
            "x.pdf",
        ][..],
        &[
            "preflight",
            "export",
            "pdf",
            "--project",
            "Atlas",
            "--audience",
            "board",
            "--report",
            "gaps",
            "-o",
            "x.pdf",
        ],
        &[
            "preflight",
            "export",
            "pdf",
            "--project",
            "Atlas",
            "--audience",
            "investors",
            "-o",
            "x.pdf",
        ],
    ] {
        assert!(run_on(&store, refused).is_err(), "{refused:?}");
    }

    let saved = run_on(
        &store,
        &[
            "preflight",
            "audiences",
            "save",
            "Pilot partners",
            "--parts",
            "board-summary,regulatory-readiness",
            "--no-owners",
            "--paper",
            "letter",
        ],
    )
    .unwrap();
    assert_eq!(saved, "saved audience Pilot partners (pilot-partners)\n");
    let list = run_on(&store, &["preflight", "audiences", "list"]).unwrap();
    assert!(list.contains("pilot-partners   Pilot partners\n"), "{list}");
    assert!(
        list.contains("holds back: internal notes, owner names"),
        "{list}"
    );
    run_on(
        &store,
        &["preflight", "audiences", "delete", "pilot partners"],
    )
    .unwrap();
    assert!(run_on(&store, &["preflight", "audiences", "delete", "board"]).is_err());
}

#[test]
fn the_brand_is_set_for_the_app_and_overridden_for_a_project() {
    let store = Store::open_in_memory().unwrap();
    run_on(&store, &["preflight", "projects", "create", "Atlas"]).unwrap();
    let logo = concat!(env!("CARGO_MANIFEST_DIR"), "/../icons/64x64.png");
    let set = run_on(
        &store,
        &[
            "preflight",
            "brand",
            "set",
            "--organisation",
            "Northwind Labs",
            "--logo",
            logo,
            "--accent",
            "#0f766e",
        ],
    )
    .unwrap();
    assert!(
        set.starts_with(
            "app brand: organisation \"Northwind Labs\", accent #0F766E, logo png 64 × 64 px"
        ),
        "{set}"
    );
    // A refused value changes nothing, not even the other options given with it.
    let refused = run_on(
        &store,
        &[
            "preflight",
            "brand",
            "set",
            "--organisation",
            "Acme",
            "--accent",
            "teal",
        ],
    );
    assert!(refused.unwrap_err().contains("#RRGGBB"));
    assert!(run_on(
        &store,
        &["preflight", "brand", "set", "--logo", "Cargo.toml"]
    )
    .is_err());
    run_on(
        &store,
        &[
            "preflight",
            "brand",
            "set",
            "--project",
            "Atlas",
            "--accent",
            "#9333EA",
        ],
    )
    .unwrap();
    let shown = run_on(
        &store,
        &["preflight", "brand", "show", "--project", "Atlas"],
    )
    .unwrap();
    assert!(
        shown.contains("own      organisation \"\" · accent #9333EA · logo none")
            && shown
                .contains("printed  organisation \"Northwind Labs\" · accent #9333EA · logo png"),
        "{shown}"
    );
    run_on(&store, &["preflight", "brand", "set", "--no-logo"]).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&run_on(&store, &["preflight", "brand", "show", "--json"]).unwrap())
            .unwrap();
    assert_eq!(json["own"]["organisation"], "Northwind Labs");
    assert_eq!(json["own"]["logo"], serde_json::Value::Null);
}

#[test]
fn a_published_lens_imports_as_a_framework_a_project_is_made_from_by_name() {
    let store = Store::open_in_memory().unwrap();
    let samples = std::env::var_os("PREFLIGHT_LENS_SAMPLES").map_or_else(
        || {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/samples/aws-lenses")
        },
        std::path::PathBuf::from,
    );
    let file = samples
        .join("Passport-Custom-Lens.json")
        .display()
        .to_string();
    let imported = run_on(&store, &["preflight", "frameworks", "import-lens", &file]).unwrap();
    assert!(imported.starts_with("imported framework “"), "{imported}");
    assert!(imported.contains(": 1 pillars, 11 questions"), "{imported}");
    let again = run_on(&store, &["preflight", "frameworks", "import-lens", &file]).unwrap();
    assert!(again.starts_with("replaced framework"), "{again}");
    let list = run_on(&store, &["preflight", "frameworks", "list"]).unwrap();
    assert!(list.contains("lens      1 pillars, 11 questions"), "{list}");
    let json: serde_json::Value = serde_json::from_str(
        &run_on(&store, &["preflight", "frameworks", "list", "--json"]).unwrap(),
    )
    .unwrap();
    let lens = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["lensSchema"] == "2021-11-01")
        .unwrap()
        .clone();
    let name = lens["name"].as_str().unwrap().to_owned();
    run_on(
        &store,
        &[
            "preflight",
            "projects",
            "create",
            "Passport",
            "--framework",
            &name,
        ],
    )
    .unwrap();
    let project = store.find_project("Passport").unwrap();
    assert_eq!(store.questions(project.id).unwrap().len(), 11);
    let exported = run_on(
        &store,
        &[
            "preflight",
            "frameworks",
            "export-lens",
            "--framework",
            &name,
            "-o",
            "-",
        ],
    )
    .unwrap();
    let lens = preflight_core::domain::lens::Lens::parse(&exported).unwrap();
    assert_eq!(lens.question_count(), 11);
    assert!(run_on(
        &store,
        &[
            "preflight",
            "frameworks",
            "export-lens",
            "--framework",
            "eight-pillars",
            "-o",
            "-"
        ],
    )
    .unwrap_err()
    .contains("has no review questions"));
    let first = store.questions(project.id).unwrap()[0].question.clone();
    let answered = run_on(
        &store,
        &[
            "preflight",
            "answer",
            "--project",
            "Passport",
            "--question",
            &first.id,
            "--choices",
            &first.choices[0].id,
            "--note",
            "checked on Monday",
        ],
    )
    .unwrap();
    assert!(
        answered.starts_with(&format!("{}: ", first.id)),
        "{answered}"
    );
    assert!(answered.contains("(1 of "), "{answered}");
    let review = run_on(&store, &["preflight", "review", "--project", "Passport"]).unwrap();
    assert!(
        review.contains("10 not answered · suggested score"),
        "{review}"
    );
    assert!(
        run_on(
            &store,
            &[
                "preflight",
                "answer",
                "--project",
                "Passport",
                "--question",
                &first.id
            ]
        )
        .is_err(),
        "--choices or --none is needed"
    );
    let broken = std::env::temp_dir().join(format!("broken-lens-{}.json", std::process::id()));
    std::fs::write(
        &broken,
        r#"{"schemaVersion": "2020-01-01", "name": "X", "pillars": []}"#,
    )
    .unwrap();
    let refused = run_on(
        &store,
        &[
            "preflight",
            "frameworks",
            "import-lens",
            &broken.display().to_string(),
        ],
    )
    .unwrap_err();
    std::fs::remove_file(&broken).unwrap();
    assert!(
        refused.contains("schemaVersion: must be “2021-11-01”"),
        "{refused}"
    );
}
