//! The gap tracker in the window: templates, decision filter, deferral, launch blockers.

use fantoccini::Locator;
use preflight_e2e::{check, wait_for_file, wait_until, App, Profile, Result, WAIT};

async fn count(app: &App, css: &str) -> Result<usize> {
    Ok(app.client.find_all(Locator::Css(css)).await?.len())
}

async fn wait_for_count(app: &App, css: &str, expected: usize) -> Result {
    wait_until(&format!("{expected} of {css}"), || async {
        let n = count(app, css).await?;
        Ok(check(n == expected, n))
    })
    .await
}

async fn open_gap(app: &App, title: &str) -> Result {
    let css = format!("[data-gap-title=\"{title}\"] [data-testid=\"gap-open\"]");
    app.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&css))
        .await?
        .click()
        .await?;
    app.find("gap-form").await?;
    Ok(())
}

#[tokio::test]
async fn apply_template_triage_defer_and_close_a_blocker() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.click("new-project").await?;
    app.fill("field-name", "Atlas").await?;
    app.click("submit-project").await?;
    app.wait_for_text("project-title", "Atlas").await?;
    app.wait_for_text("blockers-heading", "No launch blockers")
        .await?;

    app.click("tab-gaps").await?;
    app.find("gaps-empty").await?;
    app.find("template")
        .await?
        .select_by_value("readiness-checklist")
        .await?;
    app.click("apply-template").await?;
    wait_for_count(&app, "[data-testid=\"gap-row\"]", 12).await?;
    app.wait_for_text("blocker-count", "6").await?;

    // Triage through the decision filter, then defer: refused without a reason.
    open_gap(&app, "Rate limiting per route").await?;
    app.click("validatesArchitecture-no").await?;
    app.click("omissionInvalidates-no").await?;
    app.click("incrementalLater-yes").await?;
    app.wait_for_text("verdict", "Defer and track").await?;
    app.find("gap-status")
        .await?
        .select_by_value("deferred")
        .await?;
    app.click("gap-save").await?;
    app.wait_for_text(
        "error-gap-defer-reason",
        "Reason is required to defer a gap.",
    )
    .await?;
    app.find("gap-defer-reason")
        .await?
        .select_by_index(4)
        .await?; // "Accepted risk".
    app.set_value("gap-revisit", "2027-03-01").await?;
    app.screenshot("gap-form-deferral").await?;
    app.click("gap-save").await?;
    let row = "[data-gap-title=\"Rate limiting per route\"] [data-testid=\"gap-status-chip\"]";
    app.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(row))
        .await?;
    wait_until("the gap to be deferred", || async {
        let status = app.client.find(Locator::Css(row)).await?.text().await?;
        Ok(check(status == "Deferred", status))
    })
    .await?;

    // Closing a critical gap shrinks the launch blockers list.
    open_gap(&app, "Backup and restore verified").await?;
    app.find("gap-status")
        .await?
        .select_by_value("done")
        .await?;
    app.click("gap-save").await?;
    app.wait_for_text("blocker-count", "5").await?;

    // Applying the same template again adds nothing.
    app.click("apply-template").await?;
    app.find("toast").await?;
    assert_eq!(count(&app, "[data-testid=\"gap-row\"]").await?, 12);
    app.quit().await
}

#[tokio::test]
async fn bulk_change_sets_owner_and_status_of_selected_gaps() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("blocker-count", "5").await?;
    app.click("tab-gaps").await?;
    app.find("filter-priority")
        .await?
        .select_by_value("critical")
        .await?;
    app.find("filter-status")
        .await?
        .select_by_value("active")
        .await?;
    wait_for_count(&app, "[data-testid=\"gap-row\"]", 5).await?;
    for checkbox in app
        .client
        .find_all(Locator::Css("[data-testid=\"gap-select\"]"))
        .await?
        .iter()
        .take(2)
    {
        checkbox.click().await?;
    }
    app.find("bulk-bar").await?;
    app.find("bulk-status")
        .await?
        .select_by_value("done")
        .await?;
    app.fill("bulk-owner", "Søren Dahl").await?;
    app.click("bulk-apply").await?;
    wait_for_count(&app, "[data-testid=\"gap-row\"]", 3).await?;
    app.wait_for_text("blocker-count", "3").await?;
    app.quit().await
}

#[tokio::test]
async fn sample_gap_tracker_screenshots() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("blocker-count", "5").await?;
    app.screenshot("overview-blockers").await?;
    app.click("tab-gaps").await?;
    wait_for_count(&app, "[data-testid=\"gap-row\"]", 28).await?;
    app.find("revisit-flag").await?;
    app.find("overdue-flag").await?;
    app.client
        .execute(
            "document.querySelector('[data-testid=\"gap-counts\"]').scrollIntoView()",
            vec![],
        )
        .await?;
    app.screenshot("gap-tracker").await?;
    app.quit().await
}

/// "Open the gap tracker →" under the blockers opens the tab and brings it into view, with
/// focus on the tab, instead of switching content below the fold.
#[tokio::test]
async fn open_the_gap_tracker_brings_the_tab_into_view() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    app.click("open-gap-tracker").await?;
    app.find("gap-counts").await?;
    wait_until("the Gaps tab at the top of the window, focused", || async {
        let seen = app
            .client
            .execute(
                "const t = document.getElementById('tab-button-gaps'); \
                 const top = t.getBoundingClientRect().top; \
                 return [top > -2 && top < window.innerHeight / 3, document.activeElement === t, top];",
                vec![],
            )
            .await?;
        Ok(check(seen[0] == true && seen[1] == true, seen))
    })
    .await?;
    app.quit().await
}

/// A gap due tomorrow is on the agenda, and its link opens the gap's form in its project.
#[tokio::test]
async fn a_gap_due_tomorrow_is_on_the_agenda_and_its_link_opens_it() -> Result {
    let profile = Profile::new()?;
    let saved = profile.folder("calendar")?;
    let app = profile
        .launch_with(&[("PREFLIGHT_TEST_SAVE_PATH", &saved.display().to_string())])
        .await?;
    app.click("tab-gaps").await?;
    app.click("new-gap").await?;
    app.fill("gap-title", "Rotate the signing keys").await?;
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(1)).to_string();
    app.fill("gap-due", &tomorrow).await?;
    app.click("gap-save").await?;
    app.find("gap-counts").await?;
    app.click("open-agenda").await?;
    app.find("agenda-screen").await?;
    let link = wait_until("the new gap on the agenda", || async {
        let items = app
            .client
            .find_all(Locator::Css("[data-testid=\"agenda-item\"]"))
            .await?;
        for item in items {
            let text = item.text().await?;
            if text.contains("Rotate the signing keys") && text.contains("Gap due") {
                return Ok(Ok(item));
            }
        }
        Ok(Err("not listed".to_owned()))
    })
    .await?;
    app.screenshot("agenda").await?;
    // The same dates for a calendar: the new gap is an all-day event on its day.
    app.click("agenda-ics").await?;
    let ics = saved.join("preflight-agenda.ics");
    wait_for_file(&ics).await?;
    let text = std::fs::read_to_string(&ics)?;
    let compact = tomorrow.replace('-', "");
    assert!(
        text.contains(&format!("DTSTART;VALUE=DATE:{compact}"))
            && text.contains("SUMMARY:gap due: Rotate the signing keys"),
        "{text}"
    );
    link.find(Locator::Css("[data-testid=\"agenda-open\"]"))
        .await?
        .click()
        .await?;
    app.find("gap-form").await?;
    assert_eq!(app.value("gap-title").await?, "Rotate the signing keys");
    app.quit().await
}

/// A tracker of 1,000 gaps draws only the rows near the screen, yet every row is reachable:
/// scrolling draws the last one, the filter and sort work on all of them, and a gap saved far
/// down the list is brought into view with the focus on it.
#[tokio::test]
async fn a_thousand_gaps_draw_only_what_is_near_the_screen() -> Result {
    let profile = Profile::new()?;
    let docs = profile.folder("docs")?;
    let md = docs.join("gaps.md");
    let mut table = String::from("# Gaps\n\n| Status | Gap | Priority |\n|---|---|---|\n");
    for i in 1..=1000 {
        let (status, priority) = match i % 4 {
            0 => ("Done", "Critical"),
            1 => ("Open", "Recommended"),
            2 => ("Open", "Optional"),
            _ => ("In progress", "Critical"),
        };
        table += &format!("| {status} | Gap number {i:04} | {priority} |\n");
    }
    std::fs::write(&md, table)?;
    let imported = profile.cli(&["import-md", "--new", "Atlas", &md.display().to_string()])?;
    assert!(imported.status.success(), "{imported:?}");

    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Atlas").await?;
    app.click("tab-gaps").await?;
    app.find("gap-counts").await?;
    let rows = "[data-testid=\"gap-row\"]";
    wait_until("the first rows", || async {
        let n = count(&app, rows).await?;
        Ok(check(n > 0, n))
    })
    .await?;
    let drawn = count(&app, rows).await?;
    assert!(drawn < 200, "{drawn} of 1,000 rows drawn");

    // Scrolled to the end, the last gap is drawn, and the list is still short.
    let last = "[data-gap-title=\"Gap number 1000\"]";
    wait_until("the last gap after scrolling", || async {
        app.scroll_long_list("end").await?;
        let n = count(&app, last).await?;
        Ok(check(n == 1, n))
    })
    .await?;
    let drawn = count(&app, rows).await?;
    assert!(drawn < 200, "{drawn} rows drawn at the end");

    // The filter narrows all 1,000, not only the drawn rows: 250 are done.
    app.find("filter-status")
        .await?
        .select_by_value("done")
        .await?;
    wait_until("only done gaps", || async {
        let statuses = app
            .client
            .find_all(Locator::Css("[data-testid=\"gap-status-chip\"]"))
            .await?;
        let mut texts = Vec::new();
        for chip in statuses {
            texts.push(chip.text().await?);
        }
        Ok(check(
            !texts.is_empty() && texts.iter().all(|t| t == "Done"),
            texts.len(),
        ))
    })
    .await?;
    app.find("filter-status")
        .await?
        .select_by_value("all")
        .await?;

    // A gap far down, opened, then the list scrolled back to the top while the form is open
    // (its row is no longer drawn), and saved: the row is drawn again, in view and focused.
    app.scroll_long_list("end").await?;
    open_gap(&app, "Gap number 0999").await?;
    app.scroll_long_list("top").await?;
    wait_until("the far row left out", || async {
        let n = count(&app, "[data-gap-title=\"Gap number 0999\"]").await?;
        Ok(check(n == 0, n))
    })
    .await?;
    app.fill("gap-title", "Gap number 0999, renamed").await?;
    app.click("gap-save").await?;
    wait_until("the saved gap focused", || async {
        let title = app
            .client
            .execute(
                "const row = document.activeElement?.closest('[data-gap-id]');
                 return row ? row.dataset.gapTitle : null;",
                vec![],
            )
            .await?;
        Ok(check(
            title.as_str() == Some("Gap number 0999, renamed"),
            title,
        ))
    })
    .await?;
    app.screenshot("gaps-1000").await?;
    app.quit().await?;
    Ok(())
}

/// The Gaps tab keeps its board between openings, and shows what was written meanwhile: a
/// change made in the tab is there when it opens again, and so is a gap the `preflight`
/// command added while the tab was closed.
#[tokio::test]
async fn the_gaps_tab_opens_again_with_what_was_written_since() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("blocker-count", "5").await?;
    let title = app.find("project-title").await?.text().await?;
    let rows = "[data-testid=\"gap-row\"]";
    app.click("tab-gaps").await?;
    wait_for_count(&app, rows, 28).await?;
    app.click("gap-select").await?;
    app.fill("bulk-owner", "Ines Moreau").await?;
    app.click("bulk-apply").await?;
    let owned = || async {
        let n = app
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=\"gap-row\"]')]
                   .filter((r) => r.textContent.includes('Ines Moreau')).length;",
                vec![],
            )
            .await?;
        Ok(check(n.as_u64() == Some(1), n))
    };
    wait_until("the new owner on one row", owned).await?;

    app.click("tab-scorecard").await?;
    app.find("pillar-row").await?;
    app.click("tab-gaps").await?;
    wait_for_count(&app, rows, 28).await?;
    wait_until("the new owner on one row, opened again", owned).await?;

    app.click("tab-scorecard").await?;
    app.find("pillar-row").await?;
    let csv = profile.folder("docs")?.join("gaps.csv");
    std::fs::write(
        &csv,
        "Gap,Category,Priority,Status\nAdded by the command,Operations,Critical,Open\n",
    )?;
    let imported = profile.cli(&[
        "import-csv",
        "--project",
        &title,
        "--table",
        "gaps",
        &csv.display().to_string(),
    ])?;
    assert!(imported.status.success(), "{imported:?}");
    app.click("tab-gaps").await?;
    wait_for_count(&app, "[data-gap-title=\"Added by the command\"]", 1).await?;
    wait_for_count(&app, rows, 29).await?;
    app.quit().await
}
