//! The agenda's re-scoring rhythm and desktop reminders in the window.

use fantoccini::Locator;
use preflight_e2e::{check, testid, wait_for_file, wait_until, Profile, Result, WAIT};

/// Lines the app wrote to the notifications test seam (one JSON object per notification).
fn notifications(path: &std::path::Path) -> Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    Ok(text
        .lines()
        .map(serde_json::from_str)
        .collect::<serde_json::Result<_>>()?)
}

/// An overdue gap raises one desktop notification at start and none on a second start the
/// same day; a weekly rhythm puts "re-score due" on the agenda, whose link opens the form to
/// take a milestone; a project's reminders are switched off from the agenda.
#[tokio::test]
async fn reminders_come_once_a_day_and_a_re_score_opens_the_milestone_form() -> Result {
    let profile = Profile::new()?;
    let today = chrono::Local::now().date_naive();
    let yesterday = today - chrono::Days::new(1);
    let docs = profile.folder("docs")?;
    let md = docs.join("gaps.md");
    std::fs::write(
        &md,
        format!(
            "# Gaps\n\n| Status | Gap | Priority | Due Date |\n|---|---|---|---|\n\
             | Open | Rotate the signing keys | Critical | {yesterday} |\n"
        ),
    )?;
    let imported = profile.cli(&["import-md", "--new", "Atlas", &md.display().to_string()])?;
    assert!(imported.status.success(), "{imported:?}");
    let set = profile.cli(&["projects", "cadence", "Atlas", "--every-weeks", "1"])?;
    assert!(set.status.success(), "{set:?}");

    let seam = profile.folder("notifications")?.join("shown.jsonl");
    let seam_env = seam.display().to_string();
    let env = [("PREFLIGHT_TEST_NOTIFICATIONS", seam_env.as_str())];
    let app = profile.launch_with(&env).await?;
    app.wait_for_text("project-title", "Atlas").await?;
    wait_for_file(&seam).await?;
    let shown = notifications(&seam)?;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["title"], "Overdue: Rotate the signing keys");
    assert!(
        shown[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("Atlas") && b.contains("overdue since")),
        "{shown:?}"
    );
    app.quit().await?;

    // The same day again: the window starts, looks, and names nothing new.
    let app = profile.launch_with(&env).await?;
    app.wait_for_text("project-title", "Atlas").await?;
    // The window looks a few seconds after its start (the start-up grace); wait past that.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    assert_eq!(notifications(&seam)?.len(), 1, "once per item per day");

    app.click("open-agenda").await?;
    app.find("agenda-screen").await?;
    let rescore = wait_until("the re-score on the agenda", || async {
        for item in app
            .client
            .find_all(Locator::Css(&testid("agenda-item")))
            .await?
        {
            if item.text().await?.contains("Re-score due") {
                return Ok(Ok(item));
            }
        }
        Ok(Err("not listed".to_owned()))
    })
    .await?;
    rescore
        .find(Locator::Css(&testid("agenda-open")))
        .await?
        .click()
        .await?;
    app.find("milestone-form").await?;
    // The rhythm loads with the tab; wait for it rather than read it at once.
    wait_until("the rhythm of 1 week", || async {
        let weeks = app.value("review-cadence").await?;
        Ok(check(weeks == "1", weeks))
    })
    .await?;
    app.fill("milestone-name", "Weekly re-score").await?;
    app.click("milestone-save").await?;
    let next = (today + chrono::Days::new(7)).to_string();
    app.wait_for_text_containing("review-next-due", &next)
        .await?;
    app.screenshot("milestones-rhythm").await?;

    // Reminders for this project off, from the agenda. Its rows are waited for first: they are
    // drawn above the reminders when the agenda's read is answered, which moves the reminders'
    // summary down the page, and a click aimed at it before then lands on a row instead.
    app.click("open-agenda").await?;
    app.find("agenda-item").await?;
    app.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            "{} summary",
            testid("agenda-reminders")
        )))
        .await?
        .click()
        .await?;
    app.click("agenda-reminders-project").await?;
    app.screenshot("agenda-reminders").await?;
    wait_until("the project's reminders off", || async {
        let out = profile.cli(&["projects", "list", "--json"])?;
        let list: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        Ok(check(
            list[0]["reminders"] == false,
            list[0]["reminders"].clone(),
        ))
    })
    .await?;
    app.quit().await
}

/// The texts of the agenda's rows drawn now, read in one script.
async fn agenda_rows(app: &preflight_e2e::App) -> Result<Vec<String>> {
    let rows = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=\"agenda-item\"]')]
               .map((li) => li.textContent);",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(rows)?)
}

/// Scrolls the agenda to its end and waits for the row that reads `title` to be drawn.
async fn scroll_to_row(app: &preflight_e2e::App, title: &str) -> Result {
    app.scroll_long_list("end").await?;
    wait_until(&format!("{title} drawn"), || async {
        let rows = agenda_rows(app).await?;
        Ok(check(
            rows.iter().any(|r| r.contains(title)),
            rows.last().cloned(),
        ))
    })
    .await
}

/// A long agenda comes a page at a time: 250 overdue gaps of one project are counted whole,
/// the first 200 come first (a window of them drawn) with "Show more" for the rest, and an
/// owner narrows the agenda from its first page again.
#[tokio::test]
async fn a_long_agenda_comes_a_page_at_a_time_and_an_owner_narrows_it() -> Result {
    let profile = Profile::new()?;
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let md = profile.folder("docs")?.join("backlog.md");
    let mut table =
        "# Backlog\n\n| Status | Gap | Owner | Due Date |\n|---|---|---|---|\n".to_owned();
    for n in 0..250 {
        let owner = if n % 2 == 0 { "Ada" } else { "Bo" };
        table += &format!("| Open | Backlog item {n:03} | {owner} | {yesterday} |\n");
    }
    std::fs::write(&md, table)?;
    let imported = profile.cli(&["import-md", "--new", "Backlog", &md.display().to_string()])?;
    assert!(imported.status.success(), "{imported:?}");
    let listed = profile.cli(&["projects", "list", "--json"])?;
    let projects: serde_json::Value = serde_json::from_slice(&listed.stdout)?;
    let backlog = projects
        .as_array()
        .and_then(|all| all.iter().find(|p| p["name"] == "Backlog"))
        .and_then(|p| p["id"].as_str())
        .ok_or("no Backlog project")?
        .to_owned();

    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Backlog").await?;
    app.click("open-agenda").await?;
    app.set_value("agenda-project", &backlog).await?;
    app.wait_for_text("agenda-count-overdue", "250").await?;
    app.wait_for_text_containing("agenda-more-overdue", "Show the last 50")
        .await?;
    let drawn = agenda_rows(&app).await?;
    assert!(
        !drawn.is_empty() && drawn.len() < 200,
        "a window of the first page: {}",
        drawn.len()
    );
    app.screenshot("agenda-long").await?;
    scroll_to_row(&app, "Backlog item 199").await?;
    app.screenshot("agenda-show-more").await?;
    app.click("agenda-more-overdue").await?;
    wait_until("every item read", || async {
        Ok(check(!app.exists("agenda-more-overdue").await?, "more"))
    })
    .await?;
    scroll_to_row(&app, "Backlog item 249").await?;

    app.set_value("agenda-owner", "Bo").await?;
    app.wait_for_text("agenda-count-overdue", "125").await?;
    assert!(!app.exists("agenda-more-overdue").await?, "125 fit a page");
    let rows = agenda_rows(&app).await?;
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.contains("Bo")),
        "{rows:?}"
    );
    app.quit().await
}

/// The Agenda's first page is read as the pointer reaches its link, and shown at the opening
/// only while nothing was written since: here the `preflight` command imports another project
/// between the pointer's arrival and the click, and the Agenda shows that project's gap too.
#[tokio::test]
async fn the_agenda_read_ahead_never_shows_what_a_later_write_changed() -> Result {
    let profile = Profile::new()?;
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let import = |project: &str, gap: &str| -> Result {
        let md = profile.folder("docs")?.join(format!("{project}.md"));
        std::fs::write(
            &md,
            format!("# Gaps\n\n| Status | Gap | Due Date |\n|---|---|---|\n| Open | {gap} | {yesterday} |\n"),
        )?;
        let imported = profile.cli(&["import-md", "--new", project, &md.display().to_string()])?;
        assert!(imported.status.success(), "{imported:?}");
        Ok(())
    };
    import("Atlas", "Rotate the signing keys")?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Atlas").await?;
    app.hover("open-agenda").await?;
    // The read ahead takes milliseconds; the write comes well after it.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    import("Borealis", "Renew the TLS certificate")?;
    app.click("open-agenda").await?;
    wait_until("both projects' gaps on the agenda", || async {
        let rows = agenda_rows(&app).await?;
        Ok(check(
            rows.iter().any(|r| r.contains("Rotate the signing keys"))
                && rows.iter().any(|r| r.contains("Renew the TLS certificate")),
            rows,
        ))
    })
    .await?;
    app.quit().await
}
