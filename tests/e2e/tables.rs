//! The editable tables in the window: empty-state hints, typing and keyboard navigation,
//! cell errors, delete with undo, and the compliance starter questions.

use fantoccini::key::Key;
use fantoccini::Locator;
use preflight_e2e::{check, wait_until, App, Profile, Result};

async fn rows(app: &App) -> Result<usize> {
    Ok(app
        .client
        .find_all(Locator::Css("[data-testid=\"table-row\"]"))
        .await?
        .len())
}

async fn wait_rows(app: &App, expected: usize) -> Result {
    wait_until(&format!("{expected} rows"), || async {
        let n = rows(app).await?;
        Ok(check(n == expected, n))
    })
    .await
}

/// The values of column `key` in the visible table, top to bottom.
async fn column(app: &App, key: &str) -> Result<Vec<String>> {
    let out = app
        .client
        .execute(
            "return [...document.querySelectorAll(`[data-testid='table-row'] [data-col='${arguments[0]}']`)]\
             .map(e => e.value);",
            vec![serde_json::Value::String(key.into())],
        )
        .await?;
    Ok(serde_json::from_value(out)?)
}

async fn new_project(app: &App, name: &str) -> Result {
    app.click("new-project").await?;
    app.fill("field-name", name).await?;
    app.click("submit-project").await?;
    app.wait_for_text("project-title", name).await
}

#[tokio::test]
async fn alignment_rows_are_typed_with_tab_and_enter_and_survive_a_relaunch() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    new_project(&app, "Atlas").await?;
    app.click("tab-alignment").await?;
    let empty = app.text("table-empty").await?;
    assert!(
        empty.contains("What proves it worked? e.g. 99% of requests succeed"),
        "{empty}"
    );
    app.click("add-row").await?;
    wait_rows(&app, 1).await?;

    // The first cell has focus: type, Tab to the next cell, type, Enter to the row below.
    let active = app.client.active_element().await?;
    active
        .send_keys(&format!("Keep onboarding reliable{}", Key::Tab))
        .await?;
    let active = app.client.active_element().await?;
    active
        .send_keys(&format!("99% succeed; p95 < 400 ms{}", Key::Enter))
        .await?;
    wait_rows(&app, 2).await?;
    // The new row takes focus a frame after it appears.
    let active = wait_until("Enter to move down to the new row", || async {
        let active = app.client.active_element().await?;
        let col = active.attr("data-col").await?;
        Ok(if col.as_deref() == Some("successMetric") {
            Ok(active)
        } else {
            Err(format!("focus in column {col:?}"))
        })
    })
    .await?;
    active
        .send_keys(&format!("0 lost bookings{}", Key::Tab))
        .await?;
    wait_until("both success metrics", || async {
        let cells = column(&app, "successMetric").await?;
        Ok(check(
            cells == ["99% succeed; p95 < 400 ms", "0 lost bookings"],
            cells,
        ))
    })
    .await?;
    app.screenshot("alignment-table").await?;
    app.quit().await?;

    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Atlas").await?;
    app.click("tab-alignment").await?;
    wait_rows(&app, 2).await?;
    assert_eq!(
        column(&app, "goal").await?,
        ["Keep onboarding reliable", ""]
    );
    assert_eq!(
        column(&app, "successMetric").await?,
        ["99% succeed; p95 < 400 ms", "0 lost bookings"]
    );
    app.quit().await
}

#[tokio::test]
async fn too_long_cell_shows_its_error_and_deleted_row_comes_back_with_undo() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Northwind Pilot \u{2014} readiness")
        .await?;
    app.click("tab-stakeholders").await?;
    wait_rows(&app, 3).await?;
    let long = "x".repeat(4001);
    app.set_value_css("[data-testid='table-row'] [data-col='risks']", &long)
        .await?;
    app.wait_for_text_containing("cell-error", "must be at most 4000 characters (got 4001).")
        .await?;
    assert_eq!(
        column(&app, "risks").await?[0],
        long,
        "the typed text stays"
    );

    let before = column(&app, "stakeholder").await?;
    app.click_nth("delete-row", 1).await?;
    wait_rows(&app, 2).await?;
    app.click("toast-action").await?;
    wait_rows(&app, 3).await?;
    assert_eq!(
        column(&app, "stakeholder").await?,
        before,
        "undo puts the row back in its place"
    );
    app.quit().await
}

#[tokio::test]
async fn starter_questions_suggest_a_trigger_accepted_with_one_click() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    new_project(&app, "Atlas").await?;
    app.click("tab-compliance").await?;
    app.find("compliance-snapshot").await?;
    app.find("starter-questions").await?.click().await?;
    app.click("q-children").await?;
    app.click("accept-COPPA").await?;
    wait_until("the COPPA trigger", || async {
        let cells = column(&app, "standard").await?;
        Ok(check(cells == ["COPPA"], cells))
    })
    .await?;
    assert_eq!(column(&app, "readiness").await?, ["missing"]);
    app.quit().await
}

#[tokio::test]
async fn sample_compliance_shows_the_overdue_review_and_coloured_tags() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.click("project-review-overdue").await?; // The flag on the project opens the tab.
    app.find("review-overdue").await?;
    app.find("starter-questions").await?.click().await?;
    app.click("q-euResidents").await?;
    app.click("q-payments").await?;
    app.screenshot("compliance").await?;
    app.client
        .execute(
            "document.querySelector('[data-testid=\"table-triggers\"]').scrollIntoView()",
            vec![],
        )
        .await?;
    app.screenshot("compliance-triggers").await?;

    // Each readiness tag wears its traffic-light colour: the theme's ok, warn and danger pairs.
    let colours = app
        .client
        .execute(
            "const root = getComputedStyle(document.documentElement); \
             const probe = document.createElement('span'); document.body.append(probe); \
             const resolve = (v) => { probe.style.color = root.getPropertyValue(v); \
                                      return getComputedStyle(probe).color; }; \
             const tags = [...document.querySelectorAll( \
                 '[data-testid=\"table-triggers\"] select[data-col=\"readiness\"]')] \
                 .map((s) => [s.value, getComputedStyle(s).color]); \
             const palette = { ready: resolve('--ok'), partial: resolve('--warn'), \
                               missing: resolve('--danger') }; \
             probe.remove(); return { tags, palette };",
            vec![],
        )
        .await?;
    let tags: Vec<(String, String)> = serde_json::from_value(colours["tags"].clone())?;
    let palette: std::collections::HashMap<String, String> =
        serde_json::from_value(colours["palette"].clone())?;
    assert_eq!(tags.len(), 3, "{tags:?}");
    for (readiness, colour) in &tags {
        assert_eq!(
            Some(colour),
            palette.get(readiness),
            "{readiness} tag: {tags:?}"
        );
    }
    let distinct: std::collections::HashSet<&String> = palette.values().collect();
    assert_eq!(
        distinct.len(),
        3,
        "green, amber and red differ: {palette:?}"
    );
    app.quit().await
}

/// The team's internal notes on a pillar, a gap and a table row are kept (across a restart),
/// travel in the project file, and leave a table export only when asked.
#[tokio::test]
async fn internal_notes_are_kept_and_leave_only_when_asked() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    app.fill("pillar-internal-note", "CTO doubts the ADRs")
        .await?;
    app.find("pillar-internal-note")
        .await?
        .send_keys(&fantoccini::key::Key::Tab.to_string())
        .await?;
    app.click("tab-gaps").await?;
    app.click("new-gap").await?;
    app.fill("gap-title", "Pen test").await?;
    app.fill("gap-internal-note", "Quote is 40k").await?;
    app.click("gap-save").await?;
    app.find("gap-counts").await?;
    app.click("tab-stakeholders").await?;
    let css = "[data-testid=\"table-stakeholders\"] [data-col=\"internalNote\"]";
    app.set_value_css(css, "Investor is wavering").await?;
    app.screenshot("internal-note-row").await?;
    // Saved, not only shown: the project file (read while the window runs) has all three.
    let project_file = || -> Result<serde_json::Value> {
        let out = profile.cli(&[
            "export",
            "json",
            "--project",
            "Northwind Pilot — readiness",
            "-o",
            "-",
        ])?;
        Ok(serde_json::from_slice(&out.stdout)?)
    };
    wait_until("the three internal notes in the project file", || async {
        let file = project_file()?;
        let gaps = file["gaps"].as_array().cloned().unwrap_or_default();
        let all = file["scorecard"][0]["internalNote"] == "CTO doubts the ADRs"
            && gaps.iter().any(|g| g["internalNote"] == "Quote is 40k")
            && file["tables"]["stakeholders"][0]["internalNote"] == "Investor is wavering";
        Ok(check(all, "not all three yet"))
    })
    .await?;
    app.quit().await?;

    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    assert_eq!(
        app.value("pillar-internal-note").await?,
        "CTO doubts the ADRs"
    );
    app.quit().await?;
    let table = |internal: bool| -> Result<String> {
        let mut args = vec![
            "export",
            "md",
            "--project",
            "Northwind Pilot — readiness",
            "--table",
            "stakeholders",
            "-o",
            "-",
        ];
        if internal {
            args.push("--internal");
        }
        Ok(String::from_utf8(profile.cli(&args)?.stdout)?)
    };
    assert!(!table(false)?.contains("Investor is wavering"));
    assert!(table(true)?.contains("Investor is wavering"));
    Ok(())
}

/// A table of 300 rows lays out only the rows near the screen, scrolling draws the last one,
/// and a cell typed into and scrolled far out of view before it was left is saved all the same.
#[tokio::test]
async fn a_long_table_draws_only_what_is_near_the_screen_and_keeps_what_was_typed() -> Result {
    let profile = Profile::new()?;
    let docs = profile.folder("docs")?;
    let csv = docs.join("alignment.csv");
    let mut text = String::from(
        "Goal / Outcome,Success Metric,Deadline / Guardrail,Stakeholders,Risks & Mitigations\n",
    );
    for i in 1..=300 {
        text += &format!("Goal number {i:03},Metric {i},,Board,\n");
    }
    std::fs::write(&csv, text)?;
    let imported = profile.cli(&["import-csv", "--new", "Atlas", &csv.display().to_string()])?;
    assert!(imported.status.success(), "{imported:?}");

    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Atlas").await?;
    app.click("tab-alignment").await?;
    wait_until("the first rows", || async {
        let n = rows(&app).await?;
        Ok(check(n > 0, n))
    })
    .await?;
    let drawn = rows(&app).await?;
    assert!(drawn < 150, "{drawn} of 300 rows drawn");

    // A cell of the first row typed into, not left; then the page scrolled to the end.
    let first = "[data-testid='table-row'] [data-col='goal']";
    let typed = app.client.find(Locator::Css(first)).await?;
    typed.clear().await?;
    typed.send_keys("Goal number 001, typed").await?;
    wait_until("the last row after scrolling", || async {
        app.scroll_long_list("end").await?;
        let last = column(&app, "goal").await?;
        Ok(check(
            last.last().map(String::as_str) == Some("Goal number 300"),
            last.last().cloned(),
        ))
    })
    .await?;
    assert!(rows(&app).await? < 150);
    assert!(!column(&app, "goal")
        .await?
        .iter()
        .any(|g| g.starts_with("Goal number 001")));
    // The first row left the page, and what was typed in it is saved.
    wait_until("the typed cell saved", || async {
        let out = profile.cli(&[
            "export",
            "csv",
            "--project",
            "Atlas",
            "--table",
            "alignment",
            "-o",
            "-",
        ])?;
        let csv = String::from_utf8(out.stdout)?;
        Ok(check(
            csv.contains("Goal number 001, typed"),
            csv.lines().nth(1).map(str::to_owned),
        ))
    })
    .await?;
    app.screenshot("table-300-rows").await?;
    app.quit().await
}
