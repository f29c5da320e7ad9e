//! The review in the window: a question of one's own written under a pillar, answered, its
//! risk frozen by a milestone and compared after the answer changes, printed in the PDF,
//! edited and deleted.

use std::process::Command;

use fantoccini::Locator;
use preflight_e2e::{check, wait_until, App, Profile, Result};

use crate::scorecard::four_pillar_project;

/// The CSS selector of the first pillar's review questions.
const FIRST: &str = "[data-testid=\"pillar-questions\"]";

/// How many questions the first pillar shows.
async fn first_pillar_questions(app: &App) -> Result<usize> {
    let n = app
        .client
        .execute(
            &format!(
                "return document.querySelector('{FIRST}')\
                     .querySelectorAll('[data-testid=\"review-question\"]').length;"
            ),
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(n)?)
}

/// Clicks the element at `css` once it is there (a tab loads its data after it opens).
async fn click_css(app: &App, css: &str) -> Result {
    app.find_css(css).await?.click().await?;
    Ok(())
}

/// The risk shown on the question `id`.
async fn risk_of(app: &App, id: &str) -> Result<String> {
    Ok(app
        .client
        .find(Locator::Css(&format!(
            "[data-question=\"{id}\"] [data-testid=\"question-risk\"]"
        )))
        .await?
        .text()
        .await?)
}

async fn wait_for_risk(app: &App, id: &str, expected: &str) -> Result {
    wait_until(&format!("{id} at {expected:?}"), || async {
        let shown = risk_of(app, id).await?;
        Ok(check(shown == expected, shown))
    })
    .await
}

#[tokio::test]
async fn a_question_of_ones_own_is_answered_frozen_compared_printed_edited_and_deleted() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    four_pillar_project(&app, "Atlas").await?;
    // The built-in framework brings its own questions: four under Reliability.
    click_css(&app, &format!("{FIRST} summary")).await?;
    // Drawn once the list has unfolded, a moment after the click.
    wait_until("the pillar's four questions", || async {
        let n = first_pillar_questions(&app).await?;
        Ok(check(n == 4, n))
    })
    .await?;

    // A question of one's own, with two practices and the usual rules.
    click_css(&app, &format!("{FIRST} [data-testid=\"question-add\"]")).await?;
    app.fill("question-title", "Is the status page automated?")
        .await?;
    app.fill("practice-title", "Status page updates from alerts")
        .await?;
    app.fill("practice-plan", "Wire the alert router to the status page.")
        .await?;
    app.click("practice-add").await?;
    let titles = app
        .client
        .find_all(Locator::Css("[data-testid=\"practice-title\"]"))
        .await?;
    titles[1].send_keys("Customers can subscribe").await?;
    let plans = app
        .client
        .find_all(Locator::Css("[data-testid=\"practice-plan\"]"))
        .await?;
    plans[1].send_keys("Offer e-mail subscriptions.").await?;
    app.screenshot("question-form").await?;
    app.click("question-save").await?;
    app.wait_for_text_containing("toast", "Question added")
        .await?;
    wait_until("the new question under the pillar", || async {
        let n = first_pillar_questions(&app).await?;
        Ok(check(n == 5, n))
    })
    .await?;
    let id = "is_the_status_page_automated";
    wait_for_risk(&app, id, "Not answered").await?;
    click_css(
        &app,
        &format!("[data-question=\"{id}\"] [data-choice=\"status_page_updates_from_alerts\"]"),
    )
    .await?;
    wait_for_risk(&app, id, "Medium risk").await?;

    // A milestone freezes the review; the answer moves on; compare shows the move.
    app.click("tab-milestones").await?;
    app.click("take-milestone").await?;
    app.fill("milestone-name", "Day 0").await?;
    app.click("milestone-save").await?;
    app.wait_for_text("milestone-label", "Day 0").await?;
    // The Scorecard is kept while another tab shows: its questions are still unfolded.
    app.click("tab-scorecard").await?;
    app.find_css(&format!("{FIRST}[open]")).await?;
    click_css(
        &app,
        &format!("[data-question=\"{id}\"] [data-choice=\"customers_can_subscribe\"]"),
    )
    .await?;
    wait_for_risk(&app, id, "No risk").await?;
    app.click("tab-milestones").await?;
    app.wait_for_text_containing("compare-risk", "Is the status page automated?")
        .await?;
    let moved = app.text("compare-risk").await?;
    assert!(
        moved.contains("Medium risk") && moved.contains("No risk"),
        "{moved}"
    );
    app.screenshot("compare-risks").await?;

    // The scorecard report prints the reviewed pillar's questions and risks.
    let pdf = profile.folder("out")?.join("atlas.pdf");
    let pdf_path = pdf.display().to_string();
    let out = profile.cli(&[
        "export",
        "pdf",
        "--project",
        "Atlas",
        "--report",
        "scorecard",
        "-o",
        &pdf_path,
    ])?;
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(
        Command::new("pdftotext")
            .args(["-raw", &pdf_path, "-"])
            .output()?
            .stdout,
    )?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Questions and risks"), "{text}");
    assert!(text.contains("Is the status page automated?"), "{text}");

    // Edited: one practice goes, and the toast says it left the answer.
    app.click("tab-scorecard").await?;
    app.find_css(&format!("{FIRST}[open]")).await?;
    click_css(
        &app,
        &format!("[data-question=\"{id}\"] [data-testid=\"question-edit\"]"),
    )
    .await?;
    let removes = app
        .client
        .find_all(Locator::Css("[data-testid=\"practice-remove\"]"))
        .await?;
    removes[1].click().await?;
    app.click("question-save").await?;
    app.wait_for_text_containing("toast", "No longer in its answer: Customers can subscribe")
        .await?;
    wait_for_risk(&app, id, "No risk").await?;

    // Deleted after a confirmation: the pillar is back to its four.
    click_css(
        &app,
        &format!("[data-question=\"{id}\"] [data-testid=\"question-delete\"]"),
    )
    .await?;
    app.click("confirm-ok").await?;
    app.wait_for_text_containing("toast", "Deleted").await?;
    wait_until("the question gone", || async {
        let n = first_pillar_questions(&app).await?;
        Ok(check(n == 4, n))
    })
    .await?;
    app.quit().await
}

/// The Scorecard stays in the page, hidden, while the Gaps tab shows. A question answered
/// meanwhile by the `preflight` command shows its risk once the Scorecard is shown again, and
/// the pillar's questions are still unfolded.
#[tokio::test]
async fn the_scorecard_kept_behind_another_tab_shows_what_was_written_meanwhile() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    four_pillar_project(&app, "Atlas").await?;
    click_css(&app, &format!("{FIRST} summary")).await?;
    let question = app.find_css(&format!("{FIRST} [data-question]")).await?;
    let id = question
        .attr("data-question")
        .await?
        .ok_or("a question without its id")?;
    wait_for_risk(&app, &id, "Not answered").await?;

    app.click("tab-gaps").await?;
    app.find("gap-counts").await?;
    let out = profile.cli(&["answer", "--project", "Atlas", "--question", &id, "--none"])?;
    assert!(out.status.success(), "{out:?}");

    app.click("tab-scorecard").await?;
    app.find_css(&format!("{FIRST}[open]")).await?;
    wait_until("the command's answer on the question", || async {
        let shown = risk_of(&app, &id).await?;
        Ok(check(shown != "Not answered" && !shown.is_empty(), shown))
    })
    .await?;
    app.quit().await
}
