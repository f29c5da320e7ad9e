//! Projects in the window: create, rename, relaunch, validation, trash and restore, CLI-made.

use preflight_e2e::{Profile, Result};

const SAMPLE: &str = "Northwind Pilot \u{2014} readiness";

/// Opens the form, types a name, and submits it with the Enter key.
async fn create_project(app: &preflight_e2e::App, name: &str) -> Result {
    app.click("new-project").await?;
    app.fill("field-name", name).await?;
    app.find("field-name").await?.send_keys("\u{E007}").await?; // WebDriver's Enter key.
    Ok(())
}

#[tokio::test]
async fn first_start_shows_the_sample_project_open() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_sidebar("the sample project", |names| names == [SAMPLE])
        .await?;
    app.wait_for_text("project-title", SAMPLE).await?;
    assert!(app
        .text("north-star")
        .await?
        .contains("without customer-visible downtime"));
    let shot = app.screenshot("sample-project").await?;
    assert!(
        std::fs::metadata(shot)?.len() > 20_000,
        "the screenshot shows a real window"
    );
    app.quit().await
}

#[tokio::test]
async fn created_project_appears_in_the_sidebar_and_opens() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_sidebar("the sample", |n| n.len() == 1).await?;
    create_project(&app, "São Paulo – Zürich rollout").await?;
    let names = app
        .wait_for_sidebar("the new project first", |n| {
            n.first().map(String::as_str) == Some("São Paulo – Zürich rollout")
        })
        .await?;
    assert_eq!(names.len(), 2);
    app.wait_for_text("project-title", "São Paulo – Zürich rollout")
        .await?;
    assert!(
        !app.exists("project-form").await?,
        "the form closed after saving"
    );
    app.quit().await
}

#[tokio::test]
async fn renamed_project_keeps_its_place_and_new_name_after_relaunch() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    create_project(&app, "Atlas beta").await?;
    app.wait_for_text("project-title", "Atlas beta").await?;
    app.click("edit-project").await?;
    assert_eq!(app.value("field-name").await?, "Atlas beta");
    app.fill("field-name", "Atlas GA").await?;
    app.fill("field-north-star", "Ship weekly without data loss")
        .await?;
    app.click("submit-project").await?;
    app.wait_for_text("project-title", "Atlas GA").await?;
    app.wait_for_sidebar("the renamed project", |n| {
        n.contains(&"Atlas GA".to_owned())
    })
    .await?;
    app.quit().await?;

    let app = profile.launch().await?;
    let names = app
        .wait_for_sidebar("both projects", |n| n.len() == 2)
        .await?;
    assert_eq!(
        names[0], "Atlas GA",
        "the most recently changed project comes first"
    );
    assert!(!names.contains(&"Atlas beta".to_owned()));
    app.wait_for_text("project-title", "Atlas GA").await?;
    assert_eq!(
        app.text("north-star").await?,
        "Ship weekly without data loss"
    );
    app.quit().await
}

#[tokio::test]
async fn too_long_name_shows_the_error_by_the_field_and_keeps_the_text() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_sidebar("the sample", |n| n.len() == 1).await?;
    let long = "Ł".repeat(121);
    create_project(&app, &long).await?;
    app.wait_for_text(
        "error-name",
        "Name must be at most 120 characters (got 121).",
    )
    .await?;
    assert_eq!(
        app.value("field-name").await?,
        long,
        "what the user typed stays"
    );
    assert!(app.exists("project-form").await?, "the form stays open");
    app.screenshot("name-too-long").await?;
    // Escape with typed text asks first; discarding closes the form and nothing was saved.
    app.find("field-name").await?.send_keys("\u{E00C}").await?;
    app.wait_for_text_containing("confirm-dialog", "Discard your changes?")
        .await?;
    app.screenshot("discard-changes").await?;
    app.click("confirm-ok").await?;
    app.client
        .wait()
        .for_element(fantoccini::Locator::Css("body:not(:has(dialog[open]))"))
        .await?;
    assert_eq!(app.sidebar_names().await?, [SAMPLE]);
    app.quit().await
}

#[tokio::test]
async fn duplicate_name_is_refused_beside_the_field() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_sidebar("the sample", |n| n.len() == 1).await?;
    create_project(&app, &SAMPLE.to_uppercase()).await?;
    let error = {
        app.find("error-name").await?;
        app.text("error-name").await?
    };
    assert!(error.contains("already exists"), "{error}");
    assert_eq!(app.value("field-name").await?, SAMPLE.to_uppercase());
    app.quit().await
}

#[tokio::test]
async fn trashed_project_can_be_restored_from_the_trash() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    create_project(&app, "Doomed experiment").await?;
    app.wait_for_text("project-title", "Doomed experiment")
        .await?;
    app.click("trash-project").await?;
    app.wait_for_sidebar("the project gone", |n| {
        !n.contains(&"Doomed experiment".to_owned())
    })
    .await?;

    app.click("view-trash").await?;
    app.wait_for_sidebar("the project in the trash", |n| n == ["Doomed experiment"])
        .await?;
    // The Trash tab opens the Trash screen; the project opens read-only from the list.
    app.find("trash-screen").await?;
    app.click("project-item").await?;
    app.find("trash-banner").await?;
    app.click("restore-project").await?;
    app.wait_for_sidebar("an empty trash", |n| n.is_empty())
        .await?;

    app.click("view-active").await?;
    app.wait_for_sidebar("the restored project", |n| {
        n.contains(&"Doomed experiment".to_owned())
    })
    .await?;
    app.quit().await
}

#[tokio::test]
async fn archived_project_moves_to_the_archive_and_back() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", SAMPLE).await?;
    app.click("archive-project").await?;
    app.wait_for_sidebar("an empty project list", |n| n.is_empty())
        .await?;
    app.click("view-archived").await?;
    app.wait_for_sidebar("the archived sample", |n| n == [SAMPLE])
        .await?;
    app.click("unarchive-project").await?;
    app.wait_for_sidebar("an empty archive", |n| n.is_empty())
        .await?;
    app.quit().await
}

#[tokio::test]
async fn project_deleted_for_good_after_confirmation_is_gone() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", SAMPLE).await?;
    app.click("trash-project").await?;
    app.click("view-trash").await?;
    app.wait_for_sidebar("the sample in the trash", |n| n == [SAMPLE])
        .await?;
    app.click("project-item").await?;
    app.click("purge-project").await?;
    app.click("confirm-cancel").await?;
    assert_eq!(app.sidebar_names().await?, [SAMPLE], "cancel keeps it");
    app.click("purge-project").await?;
    app.click("confirm-ok").await?;
    app.wait_for_sidebar("an empty trash", |n| n.is_empty())
        .await?;
    app.quit().await?;
    let listed = profile.cli(&["projects", "list", "--view", "trash"])?;
    assert_eq!(String::from_utf8(listed.stdout)?, "no projects\n");
    Ok(())
}

#[tokio::test]
async fn project_created_with_the_cli_appears_in_the_window() -> Result {
    let profile = Profile::new()?;
    let created = profile.cli(&[
        "projects",
        "create",
        "Søren's CLI project",
        "--framework",
        "four-pillars",
    ])?;
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let app = profile.launch().await?;
    let names = app
        .wait_for_sidebar("the CLI project", |n| !n.is_empty())
        .await?;
    assert_eq!(
        names,
        ["Søren's CLI project"],
        "no sample on a database that has projects"
    );
    app.wait_for_text("project-title", "Søren's CLI project")
        .await?;
    app.quit().await
}

#[tokio::test]
async fn proof_of_concept_with_a_passed_time_box_and_no_decision_is_flagged() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", SAMPLE).await?;
    app.click("edit-project").await?;
    app.find("field-stage")
        .await?
        .select_by_value("proof_of_concept")
        .await?;
    app.set_value("field-time-box", "2026-01-31").await?;
    app.fill("field-criteria", "Can clinics book without calling us?")
        .await?;
    app.click("submit-project").await?;
    app.find("timebox-overdue").await?;
    assert_eq!(app.text("poc-decision").await?, "Undecided");
    app.screenshot("poc-overdue").await?;

    app.click("edit-project").await?;
    app.find("field-decision")
        .await?
        .select_by_value("proceed")
        .await?;
    app.click("submit-project").await?;
    app.wait_for_text("poc-decision", "Proceed").await?;
    assert!(
        !app.exists("timebox-overdue").await?,
        "a decision clears the flag"
    );
    app.quit().await
}

#[tokio::test]
async fn about_shows_the_log_folder_and_the_log_keeps_no_plan_text() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_sidebar("the sample", |n| n.len() == 1).await?;
    // A refused command: the duplicate name must reach the log by its code, not its text.
    create_project(&app, "NORTHWIND PILOT \u{2014} READINESS").await?;
    app.find("error-name").await?;
    app.click("cancel-project").await?;

    app.click("open-about").await?;
    let logs = profile.db().with_file_name("logs");
    app.wait_for_text("about-log-folder", &logs.display().to_string())
        .await?;
    app.screenshot("about").await?;
    let log = logs.join("preflight.log");
    preflight_e2e::wait_until("the refusal in the log", || async {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        Ok(preflight_e2e::check(text.contains("command refused"), text))
    })
    .await?;
    let text = std::fs::read_to_string(&log)?;
    assert!(text.contains("database opened"), "{text}");
    let field = text.contains("field=name") || text.contains("field=\"name\"");
    assert!(text.contains("Conflict") && field, "{text}");
    assert!(
        !text.to_lowercase().contains("northwind"),
        "no project content in the log:\n{text}"
    );
    app.quit().await
}

#[tokio::test]
async fn project_tabs_follow_the_arrow_keys_and_label_their_panel() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", SAMPLE).await?;
    let state = || async {
        let value = app
            .client
            .execute(
                "const tab = document.activeElement; \
                 const panel = document.getElementById(tab.getAttribute('aria-controls')); \
                 const shown = [...document.querySelectorAll('[role=\"tabpanel\"]')] \
                   .filter((p) => !p.hidden); \
                 return [tab.dataset.testid, tab.getAttribute('aria-selected'), \
                         tab.getAttribute('aria-controls'), \
                         panel.getAttribute('role'), panel.getAttribute('aria-labelledby') === tab.id \
                           && shown.length === 1 && shown[0] === panel];",
                vec![],
            )
            .await?;
        Ok::<_, preflight_e2e::Error>(serde_json::from_value::<(
            String,
            String,
            String,
            String,
            bool,
        )>(value)?)
    };
    let expect = |id: &str| {
        let owned = |s: &str| s.to_owned();
        (
            owned(id),
            owned("true"),
            format!("tabpanel-{}", id.trim_start_matches("tab-")),
            owned("tabpanel"),
            true,
        )
    };
    app.client
        .execute(
            "document.querySelector('[data-testid=\"tab-scorecard\"]').focus()",
            vec![],
        )
        .await?;
    // WebDriver's ArrowRight twice, End, and ArrowRight again, which wraps around to the
    // first tab. The Scorecard and the Gaps tab stay in the page once drawn, hidden: one
    // panel shows at a time, the one the selected tab names.
    let steps = [
        ("\u{E014}", "tab-milestones"),
        ("\u{E014}", "tab-gaps"),
        ("\u{E010}", "tab-about"),
        ("\u{E014}", "tab-scorecard"),
    ];
    for (key, tab) in steps {
        app.client.active_element().await?.send_keys(key).await?;
        preflight_e2e::wait_until(&format!("{tab} to be selected and focused"), || async {
            let now = state().await?;
            Ok(preflight_e2e::check(now == expect(tab), now))
        })
        .await?;
    }
    app.quit().await
}
