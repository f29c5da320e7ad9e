//! Settings and the window's frame: one date format in the window and the PDF, zoom with
//! Ctrl+= / Ctrl+- / Ctrl+0 remembered across starts, the folding sidebar, and the sample
//! project's first steps.

use fantoccini::key::Key;
use preflight_e2e::{check, wait_until, App, Profile, Result};

/// The page's width in CSS pixels: it shrinks as the zoom grows.
async fn inner_width(app: &App) -> Result<i64> {
    let width = app
        .client
        .execute("return window.innerWidth;", vec![])
        .await?;
    Ok(width.as_i64().unwrap_or(0))
}

/// Presses `keys` with focus on the element `id` (keys bubble to the window's shortcuts).
async fn press(app: &App, id: &str, keys: &str) -> Result {
    app.find(id).await?.send_keys(keys).await?;
    Ok(())
}

#[tokio::test]
async fn a_chosen_date_format_shows_everywhere_and_typed_dates_follow_it() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text_containing("launch-blockers", "due 2026-11-15")
        .await?;
    app.click("open-settings").await?;
    app.find("settings-screen").await?;
    app.click("date-format-day-month-year-dots").await?;
    app.click("project-item").await?;
    app.wait_for_text_containing("launch-blockers", "due 15.11.2026")
        .await?;
    // A typed date reads in the chosen order, and is shown back in it.
    app.click("tab-gaps").await?;
    app.click("new-gap").await?;
    app.fill("gap-title", "Rotate the signing keys").await?;
    app.fill("gap-due", "05.12.2026").await?;
    app.click("gap-save").await?;
    wait_until("the new gap's due date in the chosen format", || async {
        let rows = app
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=gap-row]')] \
                   .map((r) => r.innerText).join('\\n');",
                vec![],
            )
            .await?;
        let rows = rows.as_str().unwrap_or_default().to_owned();
        Ok(check(rows.contains("due 05.12.2026"), rows))
    })
    .await?;
    app.quit().await?;

    // The setting is kept in the database: the CLI reads it, and its PDF prints it.
    let shown = profile.cli(&["settings", "--json"])?;
    let shown = String::from_utf8(shown.stdout)?;
    assert!(
        shown.contains("\"dateFormat\": \"day-month-year-dots\""),
        "{shown}"
    );
    let dir = profile.folder("out")?;
    let pdf = dir.join("scorecard.pdf");
    let out = profile.cli(&[
        "export",
        "pdf",
        "--project",
        "Northwind Pilot — readiness",
        "--report",
        "scorecard",
        "--as-of",
        "2026-11-21",
        "-o",
        pdf.to_str().ok_or("path")?,
    ])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    let text = String::from_utf8(text.stdout)?;
    assert!(text.contains("as of 21.11.2026"), "{text}");
    assert!(!text.contains("2026-11-21"), "no ISO date is left: {text}");
    Ok(())
}

#[tokio::test]
async fn zoom_keys_scale_the_window_and_the_zoom_is_kept_for_the_next_start() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    let normal = inner_width(&app).await?;
    let ctrl = Key::Control.to_string();
    press(&app, "tab-scorecard", &format!("{ctrl}=")).await?;
    press(&app, "tab-scorecard", &format!("{ctrl}=")).await?;
    // 125 %: the same window holds fewer CSS pixels.
    wait_until("the page to zoom to 125 %", || async {
        let w = inner_width(&app).await?;
        Ok(check((w - normal * 100 / 125).abs() <= 2, w))
    })
    .await?;
    app.quit().await?;
    let shown = String::from_utf8(profile.cli(&["settings"])?.stdout)?;
    assert!(shown.contains("125 %"), "{shown}");

    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    wait_until("the zoom to come back at start", || async {
        let w = inner_width(&app).await?;
        Ok(check((w - normal * 100 / 125).abs() <= 2, w))
    })
    .await?;
    press(&app, "tab-scorecard", &format!("{ctrl}-")).await?;
    wait_until("Ctrl+- to zoom out one step (110 %)", || async {
        let w = inner_width(&app).await?;
        Ok(check((w - normal * 100 / 110).abs() <= 2, w))
    })
    .await?;
    press(&app, "tab-scorecard", &format!("{ctrl}0")).await?;
    wait_until("Ctrl+0 to go back to 100 %", || async {
        let w = inner_width(&app).await?;
        Ok(check((w - normal).abs() <= 1, w))
    })
    .await?;
    app.quit().await
}

#[tokio::test]
async fn the_sidebar_folds_to_a_rail_and_stays_folded_after_a_restart() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("project-list").await?;
    let wide = app
        .client
        .execute(
            "return document.querySelector('[data-testid=main]').clientWidth;",
            vec![],
        )
        .await?
        .as_i64()
        .unwrap_or(0);
    app.click("collapse-sidebar").await?;
    app.find("sidebar-rail").await?;
    assert!(
        !app.exists("project-list").await?,
        "the list is folded away"
    );
    let wider = app
        .client
        .execute(
            "return document.querySelector('[data-testid=main]').clientWidth;",
            vec![],
        )
        .await?
        .as_i64()
        .unwrap_or(0);
    assert!(
        wider > wide + 150,
        "the project gains the width: {wide} → {wider}"
    );
    app.screenshot("sidebar-folded").await?;
    app.quit().await?;

    let app = profile.launch().await?;
    app.find("sidebar-rail").await?;
    // Ctrl+B unfolds it again.
    let ctrl = Key::Control.to_string();
    press(&app, "expand-sidebar", &format!("{ctrl}b")).await?;
    app.find("project-list").await?;
    app.quit().await
}

#[tokio::test]
async fn the_sample_says_it_is_one_and_offers_first_steps_and_removal() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text_containing("sample-banner", "This is a sample project.")
        .await?;
    app.click("sample-create").await?;
    app.find("project-form").await?;
    app.click("cancel-project").await?;
    app.click("sample-import").await?;
    app.find("md-choose-files").await?;
    app.click("md-cancel").await?;
    app.click("sample-remove").await?;
    app.find("sidebar-empty").await?;
    app.find("empty-main").await?;
    app.quit().await?;
    // Removed is removed: the next start does not bring it back.
    let app = profile.launch().await?;
    app.find("sidebar-empty").await?;
    app.quit().await
}
