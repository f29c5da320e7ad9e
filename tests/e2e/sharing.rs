//! Team sharing in the window: a project shared through a folder from one window, opened in a
//! second window on another database; an edit in either shows in the other within seconds,
//! and a conflict chosen in a window settles on both.

use std::time::Instant;

use preflight_e2e::{check, wait_until, App, Profile, Result};

const TITLE: &str = "Northwind Pilot \u{2014} readiness";

/// Waits until `app` shows `expected` as the North Star, and says how long that took.
async fn north_star_shows(app: &App, expected: &str) -> Result<std::time::Duration> {
    let started = Instant::now();
    wait_until(
        &format!("the North Star \u{201c}{expected}\u{201d}"),
        || async {
            let shown = app.text("north-star").await.unwrap_or_default();
            Ok(check(shown == expected, shown))
        },
    )
    .await?;
    Ok(started.elapsed())
}

/// Edits the open project's North Star through the project form.
async fn edit_north_star(app: &App, text: &str) -> Result {
    app.click("edit-project").await?;
    app.fill("field-north-star", text).await?;
    app.click("submit-project").await?;
    app.wait_for_text("north-star", text).await
}

#[tokio::test]
async fn two_windows_share_one_folder_and_edits_cross_both_ways() -> Result {
    let ada = Profile::new()?;
    let bo = Profile::new()?;
    let folder = ada.folder("Syncthing")?;
    let folder_text = folder.display().to_string();
    let env = [("PREFLIGHT_TEST_OPEN_PATH", folder_text.as_str())];

    let a = ada.launch_with(&env).await?;
    a.wait_for_text("project-title", TITLE).await?;
    a.click("tab-about").await?;
    a.fill("device-name", "Ada").await?;
    a.click("share-project").await?;
    a.wait_for_text_containing("sharing-status", "Shared through")
        .await?;

    // Bo's database has a project of its own, so the window makes no sample of the same name.
    let created = bo.cli(&["projects", "create", "Bo's side project"])?;
    assert!(created.status.success(), "{created:?}");
    let b = bo.launch_with(&env).await?;
    b.click("join-shared-open").await?;
    b.fill("join-name", "Bo").await?;
    b.click("join-choose").await?;
    b.wait_for_text("project-title", TITLE).await?;
    b.wait_for_sidebar("the shared project", |n| n.len() == 2)
        .await?;

    // Ada edits; Bo's window shows it without anyone syncing by hand.
    edit_north_star(&a, "Pilot customers onboard in a day").await?;
    let took = north_star_shows(&b, "Pilot customers onboard in a day").await?;
    eprintln!("an edit crossed in {took:?}");
    assert!(took.as_secs_f64() < 3.0, "the edit took {took:?} to cross");
    // And back.
    edit_north_star(&b, "Pilot customers onboard in an hour").await?;
    let took = north_star_shows(&a, "Pilot customers onboard in an hour").await?;
    eprintln!("an edit crossed in {took:?}");
    assert!(took.as_secs_f64() < 3.0, "the edit took {took:?} to cross");

    // The History names both.
    b.click("tab-about").await?;
    b.click("show-history").await?;
    b.wait_for_text_containing("history", "Ada").await?;
    b.wait_for_text_containing("history", "Bo").await?;
    b.screenshot("sharing-history").await?;
    let violations = a.axe_serious().await?;
    assert!(violations.is_empty(), "{violations:?}");
    a.quit().await?;
    b.quit().await
}
