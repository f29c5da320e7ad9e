//! Tests of the command line added with the agenda, audiences, branding and lenses:
//! cadence and reminders, reports for an audience and their log, the brand, frameworks from
//! lenses and their review.

use super::tests::run_on;
use super::*;

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
    let logo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../icons/64x64.png");
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
                .join("../../../shared/samples/aws-lenses")
        },
        std::path::PathBuf::from,
    );
    let file = samples
        .join("Passport-Custom-Lens.json")
        .display()
        .to_string();
    let imported = run_on(&store, &["preflight", "frameworks", "import-lens", &file]).unwrap();
    assert!(imported.starts_with("imported framework “"), "{imported}");
    assert!(imported.contains(": 1 pillar, 11 questions"), "{imported}");
    let again = run_on(&store, &["preflight", "frameworks", "import-lens", &file]).unwrap();
    assert!(again.starts_with("replaced framework"), "{again}");
    let list = run_on(&store, &["preflight", "frameworks", "list"]).unwrap();
    assert!(list.contains("lens      1 pillar, 11 questions"), "{list}");
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
    // The built-in frameworks have questions of their own and export as lenses too.
    let built_in = run_on(
        &store,
        &[
            "preflight",
            "frameworks",
            "export-lens",
            "--framework",
            "Production readiness, 8 pillars",
            "-o",
            "-",
        ],
    )
    .unwrap();
    let built_in = preflight_core::domain::lens::Lens::parse(&built_in).unwrap();
    assert_eq!((built_in.pillars.len(), built_in.question_count()), (8, 25));
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
