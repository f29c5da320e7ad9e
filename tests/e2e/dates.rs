//! Dates typed by hand: read in ISO and the locale's form, and an impossible date stays on
//! screen with why, in the gap form, the milestone form and a pillar's next checkpoint.

use fantoccini::{key::Key, Locator};
use preflight_e2e::{check, wait_until, App, Profile, Result};

/// Types `text` into the field as a user would, then leaves it with Tab.
async fn type_date(app: &App, id: &str, text: &str) -> Result {
    app.fill(id, text).await?;
    app.find(id).await?.send_keys(&Key::Tab.to_string()).await?;
    Ok(())
}

#[tokio::test]
async fn an_impossible_date_stays_with_why_and_a_typed_one_is_saved() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;

    // A pillar's checkpoint: refused with the reason, kept across a tab switch.
    type_date(&app, "pillar-checkpoint", "02/30/2026").await?;
    app.wait_for_text("error-checkpoint", "February 2026 has 28 days.")
        .await?;
    app.click("tab-gaps").await?;
    app.find("gap-counts").await?;
    app.click("tab-scorecard").await?;
    app.wait_for_text("error-checkpoint", "February 2026 has 28 days.")
        .await?;
    assert_eq!(app.value("pillar-checkpoint").await?, "02/30/2026");
    // Eight digits without separators are a date, and are saved.
    type_date(&app, "pillar-checkpoint", "20261215").await?;
    app.click("tab-gaps").await?;
    app.find("gap-counts").await?;
    app.click("tab-scorecard").await?;
    app.find("radar-chart").await?;
    assert_eq!(app.value("pillar-checkpoint").await?, "2026-12-15");

    // The gap form: an impossible due date is not saved and does not close the form.
    app.click("tab-gaps").await?;
    app.click("new-gap").await?;
    type_date(&app, "gap-due", "02/30/2026").await?;
    // Only an unreadable date typed: Escape still asks before it is thrown away.
    app.find("gap-due")
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    app.wait_for_text_containing("confirm-dialog", "Discard your changes?")
        .await?;
    app.click("confirm-cancel").await?;
    app.fill("gap-title", "Rotate the signing keys").await?;
    app.wait_for_text("error-gap-due", "February 2026 has 28 days.")
        .await?;
    app.click("gap-save").await?;
    app.find("gap-form").await?;
    assert_eq!(app.value("gap-due").await?, "02/30/2026");
    app.screenshot("date-refused-gap-form").await?;
    // The locale's own form (en-US here) is read and saved as that day.
    type_date(&app, "gap-due", "12/15/2026").await?;
    app.click("gap-save").await?;
    let row = "[data-gap-title=\"Rotate the signing keys\"]";
    wait_until("the new gap with its due date", || async {
        let text = match app.client.find(Locator::Css(row)).await {
            Ok(e) => e.text().await?,
            Err(_) => String::new(),
        };
        Ok(check(text.contains("due 2026-12-15"), text))
    })
    .await?;

    // The milestone form: "Freeze scorecard" says why instead of doing nothing.
    app.click("tab-milestones").await?;
    app.click("take-milestone").await?;
    app.fill("milestone-name", "Board review").await?;
    type_date(&app, "milestone-date", "2026-04-31").await?;
    app.click("milestone-save").await?;
    app.wait_for_text("error-milestone-date", "April 2026 has 30 days.")
        .await?;
    app.find("milestone-form").await?;

    // A date cell in a compliance table: the typed text stays, with why, and is not saved.
    app.click("tab-compliance").await?;
    // WebDriver's clear() fires no input event, so the text is set with the events an edit fires.
    let css = "[data-testid=\"table-triggers\"] [data-col=\"reviewDate\"]";
    app.set_value_css(css, "04/31/2026").await?;
    let error = "[data-testid=\"table-triggers\"] [data-testid=\"cell-error\"]";
    wait_until("the cell's reason", || async {
        let text = match app.client.find(Locator::Css(error)).await {
            Ok(e) => e.text().await?,
            Err(_) => String::new(),
        };
        Ok(check(text == "April 2026 has 30 days.", text))
    })
    .await?;
    let cell = app.client.find(Locator::Css(css)).await?;
    assert_eq!(cell.prop("value").await?.as_deref(), Some("04/31/2026"));
    app.quit().await
}
