//! PDF export from the window's Export menu and from the CLI.

use std::process::Command;

use preflight_e2e::{check, today, wait_for_file, wait_until, App, Profile, Result};

fn pdfinfo(path: &std::path::Path) -> Result<String> {
    let out = Command::new("pdfinfo").arg(path).output()?;
    assert!(out.status.success(), "pdfinfo failed on {}", path.display());
    Ok(String::from_utf8(out.stdout)?)
}

/// Starts the app with its save dialog answering a fresh `exports` folder, showing the sample.
async fn launch_exporting(profile: &Profile) -> Result<(App, std::path::PathBuf)> {
    let exports = profile.folder("exports")?;
    let exports_text = exports.display().to_string();
    let app = profile
        .launch_with(&[("PREFLIGHT_TEST_SAVE_PATH", &exports_text)])
        .await?;
    app.wait_for_text("project-title", "Northwind Pilot — readiness")
        .await?;
    Ok((app, exports))
}

#[tokio::test]
async fn the_export_menu_saves_the_full_report_on_letter_paper_and_offers_to_open_it() -> Result {
    let profile = Profile::new()?;
    let (app, exports) = launch_exporting(&profile).await?;
    app.click("export-menu").await?;
    let labels = app.text("export-full").await?;
    assert!(labels.contains("Full report"), "{labels}");
    app.set_value("export-paper", "letter").await?;
    assert_eq!(app.value("export-as-of").await?, today());
    app.screenshot("export-menu").await?;
    app.click("export-full").await?;
    app.wait_for_text_containing("export-result", "Saved")
        .await?;
    let file = exports.join(format!("northwind-pilot-readiness-full-{}.pdf", today()));
    wait_for_file(&file).await?;
    let info = pdfinfo(&file)?;
    assert!(info.contains("612 x 792"), "US Letter: {info}");
    assert!(info.contains("Production readiness report"), "{info}");
    assert!(
        app.exists("export-open").await?,
        "an Open action after saving"
    );
    let result = app.text("export-result").await?;
    assert!(
        result.contains(&format!("northwind-pilot-readiness-full-{}.pdf", today())),
        "{result}"
    );
    // The keyboard continues from the Export button, not the page body.
    wait_until("focus back on the Export button", || async {
        let id = app
            .client
            .execute(
                "return document.activeElement?.dataset?.testid ?? '';",
                vec![],
            )
            .await?;
        Ok(check(id == "export-menu", id))
    })
    .await?;
    app.screenshot("export-saved").await?;
    app.quit().await
}

#[tokio::test]
async fn a_bad_as_of_date_is_shown_beside_the_field_and_writes_nothing() -> Result {
    let profile = Profile::new()?;
    let (app, exports) = launch_exporting(&profile).await?;
    app.click("export-menu").await?;
    app.fill("export-as-of", "2026-02-30").await?;
    app.click("export-scorecard").await?;
    // The real reason, not a format the date already has.
    app.wait_for_text("error-asOf", "As of: February 2026 has 28 days.")
        .await?;
    assert_eq!(
        app.value("export-as-of").await?,
        "2026-02-30",
        "what was typed stays"
    );
    app.fill("export-as-of", "next Friday").await?;
    app.click("export-scorecard").await?;
    app.wait_for_text_containing("error-asOf", "That is not a date.")
        .await?;
    assert_eq!(std::fs::read_dir(&exports)?.count(), 0, "nothing written");
    app.quit().await
}

#[test]
fn the_cli_exports_each_report_by_project_name_and_rejects_unknown_projects() -> Result {
    let profile = Profile::new()?;
    let created = profile.cli(&[
        "projects",
        "create",
        "São Paulo – Zürich",
        "--north-star",
        "Søren's clinics book without calls",
    ])?;
    assert!(created.status.success());
    let dir = profile.folder("out")?;
    for report in [
        "scorecard",
        "alignment",
        "stakeholders",
        "compliance",
        "gaps",
        "full",
    ] {
        let file = dir.join(format!("{report}.pdf"));
        let out = profile.cli(&[
            "export",
            "pdf",
            "--project",
            "são paulo – zürich",
            "--report",
            report,
            "--as-of",
            "2026-11-21",
            "-o",
            file.to_str().ok_or("path")?,
        ])?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let info = pdfinfo(&file)?;
        assert!(info.contains("A4"), "{report}: {info}");
        assert!(info.contains("São Paulo – Zürich"), "{report}: {info}");
    }
    let out = profile.cli(&["export", "pdf", "--project", "Nope", "-o", "x.pdf"])?;
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr)?,
        "preflight: project “Nope” was not found\n"
    );
    let out = profile.cli(&[
        "export",
        "pdf",
        "--project",
        "São Paulo – Zürich",
        "--as-of",
        "2026-02-30",
        "-o",
        "x.pdf",
    ])?;
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)?.contains("must be a date written YYYY-MM-DD"));
    Ok(())
}

/// The Export menu's report for an audience: what the board report includes and holds back is
/// shown before saving; the saved file is the board's, names the recipient, and is logged with
/// its SHA-256; a customer holds back owner names.
#[tokio::test]
async fn a_report_for_the_board_names_its_recipient_and_is_logged_with_its_fingerprint() -> Result {
    let profile = Profile::new()?;
    let (app, exports) = launch_exporting(&profile).await?;
    app.click("export-menu").await?;
    app.click("export-audience").await?;
    app.find("audience-dialog").await?;
    app.wait_for_text_containing("audience-summary", "the top 5 launch blockers")
        .await?;
    let summary = app.text("audience-summary").await?;
    assert!(
        summary.contains("Held back") && summary.contains("internal notes"),
        "{summary}"
    );
    app.find("report-log-empty").await?;
    app.fill("audience-recipient", "Acme Capital, Q4 board pack")
        .await?;
    for (width, height) in [(1024_u32, 768_u32), (1920, 1080)] {
        app.client.set_window_size(width, height).await?;
        app.screenshot(&format!("audience-board-{width}x{height}"))
            .await?;
    }
    app.click("audience-export").await?;
    app.wait_for_text_containing("audience-saved", "logged as sent")
        .await?;
    let file = exports.join(format!("northwind-pilot-readiness-board-{}.pdf", today()));
    wait_for_file(&file).await?;
    // The fingerprint as anyone would check it, with coreutils.
    let sum = String::from_utf8(Command::new("sha256sum").arg(&file).output()?.stdout)?;
    let sha = sum.split_whitespace().next().unwrap_or_default().to_owned();
    assert_eq!(sha.len(), 64, "{sum}");
    let saved = app.text("audience-saved").await?;
    assert!(saved.contains(&sha), "{saved} should show {sha}");
    let info = pdfinfo(&file)?;
    assert!(info.contains("Report to the board"), "{info}");
    assert!(info.contains("Pages:           2"), "{info}");
    let text = String::from_utf8(
        Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()?
            .stdout,
    )?;
    assert!(text.contains("for Acme Capital, Q4 board pack"), "{text}");
    wait_until("the log lists the report", || async {
        let rows = app
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=\"report-log-row\"]"))
            .await?;
        Ok(check(rows.len() == 1, rows.len()))
    })
    .await?;
    app.screenshot("audience-logged").await?;

    // A customer does not see owners.
    app.set_value("audience-select", "customer").await?;
    app.wait_for_text_containing("audience-summary", "owner names")
        .await?;
    let log = profile.cli(&[
        "reports",
        "log",
        "--project",
        "Northwind Pilot — readiness",
        "--json",
    ])?;
    let log: serde_json::Value = serde_json::from_slice(&log.stdout)?;
    assert_eq!(log[0]["sha256"], sha);
    assert_eq!(log[0]["recipient"], "Acme Capital, Q4 board pack");
    app.quit().await
}

/// The brand set in Settings (name, accent, a logo through the open dialog) reaches every page
/// of the next report; a refused accent stays typed with the reason beside it.
#[tokio::test]
async fn the_brand_from_settings_is_on_every_page_of_the_report() -> Result {
    let profile = Profile::new()?;
    let exports = profile.folder("exports")?;
    let logo = preflight_e2e::workspace_root().join("icons/64x64.png");
    let app = profile
        .launch_with(&[
            ("PREFLIGHT_TEST_SAVE_PATH", &exports.display().to_string()),
            ("PREFLIGHT_TEST_OPEN_PATH", &logo.display().to_string()),
        ])
        .await?;
    app.wait_for_text("project-title", "Northwind Pilot — readiness")
        .await?;
    app.click("open-settings").await?;
    app.find("brand-app").await?;
    app.fill("brand-organisation", "Northwind Labs GmbH")
        .await?;
    app.fill("brand-accent", "teal").await?;
    // Leaving a field saves it, as everywhere in Settings.
    app.click("brand-organisation").await?;
    app.wait_for_text_containing("brand-app", "#RRGGBB").await?;
    assert_eq!(
        app.value("brand-accent").await?,
        "teal",
        "what was typed stays"
    );
    app.fill("brand-accent", "#0F766E").await?;
    app.click("brand-organisation").await?;
    wait_until("the accent saved", || async {
        let shown = profile.cli(&["brand", "show", "--json"])?;
        let shown: serde_json::Value = serde_json::from_slice(&shown.stdout)?;
        Ok(check(
            shown["own"]["accent"] == "#0F766E",
            shown["own"]["accent"].clone(),
        ))
    })
    .await?;
    app.click("brand-choose-logo").await?;
    app.find("brand-logo").await?;
    app.screenshot("settings-brand").await?;
    let shown = profile.cli(&["brand", "show", "--json"])?;
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout)?;
    assert_eq!(shown["own"]["organisation"], "Northwind Labs GmbH");
    assert_eq!(shown["own"]["accent"], "#0F766E");

    // The next report, from the command line on the same database, prints it.
    let file = exports.join("branded.pdf");
    let out = profile.cli(&[
        "export",
        "pdf",
        "--project",
        "Northwind Pilot — readiness",
        "-o",
        &file.display().to_string(),
    ])?;
    assert!(out.status.success(), "{out:?}");
    let pages: usize = pdfinfo(&file)?
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let text = String::from_utf8(
        Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()?
            .stdout,
    )?;
    assert_eq!(text.matches("Northwind Labs GmbH").count(), pages, "{text}");
    let images = String::from_utf8(
        Command::new("pdfimages")
            .arg("-list")
            .arg(&file)
            .output()?
            .stdout,
    )?;
    // One image per page (the icon's transparency comes as a soft mask beside it).
    let drawn = images
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("image"));
    assert_eq!(drawn.count(), pages, "{images}");
    app.quit().await
}
