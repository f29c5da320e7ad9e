//! Markdown import in the window: the LaunchPad templates (read from `../shared/samples/`)
//! imported as a folder into a new project, every screen looked at, and a bad file refused
//! with its file and line while nothing is written.

use std::path::PathBuf;

use fantoccini::Locator;
use preflight_e2e::{check, testid, wait_until, App, Profile, Result};

/// The published templates beside the repository (`PREFLIGHT_SAMPLES` overrides the folder).
fn launchpad_docs() -> PathBuf {
    std::env::var_os("PREFLIGHT_SAMPLES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/samples/launchpad-docs"),
        PathBuf::from,
    )
}

async fn count(app: &App, id: &str) -> Result<usize> {
    Ok(app.client.find_all(Locator::Css(&testid(id))).await?.len())
}

#[tokio::test]
async fn the_launchpad_folder_imports_into_a_new_project_and_every_screen_shows_it() -> Result {
    let profile = Profile::new()?;
    let folder = launchpad_docs();
    let app = profile
        .launch_with(&[("PREFLIGHT_TEST_OPEN_PATH", &folder.display().to_string())])
        .await?;
    app.find("project-title").await?;
    app.click("import-markdown").await?;
    app.click("md-choose-folder").await?;
    app.wait_for_text_containing("md-paths", "launchpad-docs")
        .await?;
    assert_eq!(app.value("md-name").await?, "launchpad-docs");
    app.set_value("md-name", "LaunchPad").await?;
    app.click("md-import").await?;
    app.find("md-summary").await?;
    assert_eq!(count(&app, "md-block").await?, 15);
    assert_eq!(count(&app, "md-skipped").await?, 0);
    // Each template's prose is named by its lines, as not imported.
    assert_eq!(count(&app, "md-left-out").await?, 7);
    let summary = app.text("md-summary").await?;
    assert!(
        summary.contains("core-audit.md") && summary.contains("line 9"),
        "{summary}"
    );
    assert!(
        count(&app, "md-file").await? >= 5,
        "the summary is grouped by file"
    );
    assert!(summary.contains("Readiness scorecard"), "{summary}");
    app.screenshot("markdown-import-summary").await?;
    app.client
        .execute(
            "document.querySelector('[data-testid=md-left-out]').scrollIntoView()",
            vec![],
        )
        .await?;
    let left_out = app.text("md-left-out").await?;
    assert!(
        left_out.contains("Lines 3, 39, 40"),
        "compliance-notes-template.md's prose: {left_out}"
    );
    app.screenshot("markdown-import-left-out").await?;
    app.click("md-open-project").await?;
    app.wait_for_text("project-title", "LaunchPad").await?;
    app.wait_for_sidebar("the imported project", |n| {
        n.iter().any(|name| name == "LaunchPad")
    })
    .await?;

    app.click("tab-scorecard").await?;
    let card = app.text("main").await?;
    for pillar in ["Reliability", "Security", "Observability", "Supportability"] {
        assert!(card.contains(pillar), "{card}");
    }
    app.screenshot("markdown-scorecard").await?;
    for tab in ["alignment", "stakeholders", "compliance", "gaps"] {
        app.click(&format!("tab-{tab}")).await?;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        // The tab's content starts below the North Star; bring it into view for the picture.
        app.client
            .execute(
                "document.querySelector(`[data-testid='tab-${arguments[0]}']`)\
                 .scrollIntoView({block: 'start'});",
                vec![serde_json::Value::String(tab.into())],
            )
            .await?;
        app.screenshot(&format!("markdown-{tab}")).await?;
    }
    let gaps = app.text("main").await?;
    assert!(gaps.contains("Architecture Boundaries"), "{gaps}");
    assert!(gaps.contains("Operational Fitness"), "{gaps}");
    app.quit().await?;

    // The CLI sees the same project; its Markdown export has the templates' columns.
    let out = profile.cli(&[
        "export",
        "md",
        "--project",
        "LaunchPad",
        "--table",
        "scorecard",
        "-o",
        "-",
    ])?;
    let text = String::from_utf8(out.stdout)?;
    assert!(
        text.contains("| Pillar | Current Score (1-5) | Target Score | Evidence / Notes | Owner | Next Checkpoint |"),
        "{text}"
    );
    assert!(text.contains("| Security | 1 | 4 |"), "{text}");
    Ok(())
}

#[tokio::test]
async fn a_bad_markdown_file_is_refused_with_its_line_and_nothing_is_written() -> Result {
    let profile = Profile::new()?;
    let bad = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../src-tauri/core/tests/fixtures/markdown/bad-score.md");
    let app = profile
        .launch_with(&[("PREFLIGHT_TEST_OPEN_PATH", &bad.display().to_string())])
        .await?;
    app.find("project-title").await?;
    let before = app.sidebar_names().await?;
    app.click("import-markdown").await?;
    app.click("md-choose-files").await?;
    app.set_value("md-name", "").await?;
    app.click("md-import").await?;
    app.wait_for_text("error-md-name", "Project name is required.")
        .await?;
    app.set_value("md-name", "Broken").await?;
    app.click("md-import").await?;
    app.wait_for_text(
        "md-error",
        "bad-score.md:5: Current score: must be a whole number from 1 to 5 (got \u{201c}7\u{201d})",
    )
    .await?;
    app.screenshot("markdown-import-error").await?;
    app.click("md-cancel").await?;
    wait_until("the dialog to close", || async {
        Ok(check(
            !app.exists("markdown-import").await?,
            "it stays open",
        ))
    })
    .await?;
    assert_eq!(app.sidebar_names().await?, before);
    app.quit().await
}

#[tokio::test]
async fn a_spreadsheets_csv_imports_through_the_same_dialog() -> Result {
    let profile = Profile::new()?;
    let folder = profile.folder("sheets")?;
    let csv = folder.join("launch-tasks.csv");
    std::fs::write(
        &csv,
        "\u{feff}Owner;Status;Task\r\nSøren;Done;Rotate secrets\r\nZoë;WIP;Load test checkout\r\n",
    )?;
    let app = profile
        .launch_with(&[("PREFLIGHT_TEST_OPEN_PATH", &csv.display().to_string())])
        .await?;
    app.find("project-title").await?;
    app.click("import-markdown").await?;
    app.click("md-choose-files").await?;
    app.wait_for_text_containing("md-paths", "launch-tasks.csv")
        .await?;
    app.set_value("md-name", "From a spreadsheet").await?;
    app.click("md-import").await?;
    app.wait_for_text("md-totals", "Gap tracker: 2 added")
        .await?;
    app.screenshot("csv-import-summary").await?;
    app.click("md-open-project").await?;
    app.wait_for_text("project-title", "From a spreadsheet")
        .await?;
    app.quit().await
}

#[tokio::test]
async fn an_unrecognised_table_is_mapped_in_the_dialog_and_the_mapping_can_be_saved() -> Result {
    let profile = Profile::new()?;
    let docs = profile.folder("docs")?;
    let doc = docs.join("security.md");
    std::fs::write(
        &doc,
        "# Security\n\n| Control | Responsible | Budget |\n|---|---|---|\n\
         | Rotate secrets | Søren | 2k |\n| Pen test | Amara | 10k |\n",
    )?;
    let saved = profile.folder("saved")?;
    let app = profile
        .launch_with(&[
            ("PREFLIGHT_TEST_OPEN_PATH", &doc.display().to_string()),
            ("PREFLIGHT_TEST_SAVE_PATH", &saved.display().to_string()),
        ])
        .await?;
    app.find("project-title").await?;
    app.click("import-markdown").await?;
    app.click("md-choose-files").await?;
    app.find("mapping-step").await?;
    app.set_value("map-target", "gaps").await?;
    let columns = app
        .client
        .find_all(Locator::Css(&testid("map-column")))
        .await?;
    assert_eq!(columns.len(), 3);
    columns[1].select_by_value("owner").await?;
    app.wait_for_text_containing("map-preview", "Title: Rotate secrets · Owner: Søren")
        .await?;
    app.screenshot("markdown-mapping-step").await?;
    app.click("md-save-mapping").await?;
    let mapping = saved.join("preflight-mapping.json");
    preflight_e2e::wait_for_file(&mapping).await?;
    let text = std::fs::read_to_string(&mapping)?;
    assert!(text.contains("\"target\": \"gaps\""), "{text}");
    app.set_value("md-name", "Mapped").await?;
    app.click("md-import").await?;
    app.wait_for_text("md-totals", "Gap tracker: 2 added")
        .await?;
    app.click("md-open-project").await?;
    app.wait_for_text("project-title", "Mapped").await?;
    app.quit().await?;
    // The saved mapping works on the command line too.
    let out = profile.cli(&[
        "import-md",
        "--new",
        "Mapped again",
        "--map",
        &mapping.display().to_string(),
        &doc.display().to_string(),
    ])?;
    let stdout = String::from_utf8(out.stdout)?;
    assert!(stdout.contains("Gap tracker: 2 added"), "{stdout}");
    Ok(())
}
