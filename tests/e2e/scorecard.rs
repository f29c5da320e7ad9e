//! The readiness scorecard in the window: scoring by keyboard, targets, milestones, compare,
//! trend, and screenshots of the charts in both themes.

use fantoccini::key::Key;
use fantoccini::Locator;
use preflight_e2e::{check, wait_until, App, Profile, Result};

/// Creates a 4-pillar project through the form and opens its scorecard.
pub(crate) async fn four_pillar_project(app: &App, name: &str) -> Result {
    app.click("new-project").await?;
    app.fill("field-name", name).await?;
    let framework = app.find("field-framework").await?;
    framework.select_by_value("four-pillars").await?;
    app.click("submit-project").await?;
    app.wait_for_text("project-title", name).await?;
    wait_for_pillars(app, 4).await
}

/// Waits until the scorecard shows `count` pillars.
pub(crate) async fn wait_for_pillars(app: &App, count: usize) -> Result {
    wait_until(&format!("{count} pillars"), || async {
        let shown = app
            .client
            .find_all(Locator::Css("[data-testid=\"pillar-current\"]"))
            .await?
            .len();
        Ok(check(shown == count, shown))
    })
    .await
}

/// The `data-value` of the current-score control of pillar `index` (0-based).
async fn current_score(app: &App, index: usize) -> Result<String> {
    let controls = app
        .client
        .find_all(Locator::Css("[data-testid=\"pillar-current\"]"))
        .await?;
    let control = controls.get(index).ok_or("no such pillar")?;
    Ok(control.attr("data-value").await?.unwrap_or_default())
}

async fn wait_for_score(app: &App, index: usize, expected: &str) -> Result {
    wait_until(&format!("pillar {index} to score {expected:?}"), || async {
        let actual = current_score(app, index).await.unwrap_or_default();
        Ok(check(actual == expected, actual))
    })
    .await
}

/// Focuses pillar `index`'s score control (as Tab would, without clicking a level) and types
/// `key`.
async fn score_with_keyboard(app: &App, index: usize, key: &str) -> Result {
    let controls = app
        .client
        .find_all(Locator::Css("[data-testid=\"pillar-current\"]"))
        .await?;
    let control = controls.get(index).ok_or("no such pillar")?;
    app.client
        .execute(
            "arguments[0].focus();",
            vec![serde_json::to_value(control)?],
        )
        .await?;
    control.send_keys(key).await?;
    Ok(())
}

#[tokio::test]
async fn score_by_keyboard_take_milestone_change_and_compare_then_relaunch() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    four_pillar_project(&app, "Atlas").await?;
    app.wait_for_text("summary-unscored", "4").await?;

    score_with_keyboard(&app, 0, "2").await?;
    wait_for_score(&app, 0, "2").await?;
    app.wait_for_text("summary-unscored", "3").await?;
    let target = app
        .client
        .find_all(Locator::Css("[data-testid=\"pillar-target\"]"))
        .await?;
    target[0].select_by_value("5").await?;
    app.wait_for_text("summary-below", "1").await?;

    app.click("tab-milestones").await?;
    app.click("take-milestone").await?;
    app.fill("milestone-name", "Day 0").await?;
    app.click("milestone-save").await?;
    app.wait_for_text("milestone-label", "Day 0").await?;

    app.click("tab-scorecard").await?;
    wait_for_pillars(&app, 4).await?;
    score_with_keyboard(&app, 0, &Key::Right.to_string()).await?; // 2 → 3 with the arrow key.
    wait_for_score(&app, 0, "3").await?;

    app.click("tab-milestones").await?;
    app.wait_for_text("compare-change", "▲ +1").await?;
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=\"compare-row\"].changed"))
        .await?;
    assert_eq!(rows.len(), 1, "only the rescored pillar is highlighted");
    app.quit().await?;

    let app = profile.launch().await?;
    app.wait_for_text("project-title", "Atlas").await?;
    wait_for_pillars(&app, 4).await?;
    wait_for_score(&app, 0, "3").await?;
    assert_eq!(
        app.client
            .find_all(Locator::Css("[data-testid=\"pillar-target\"]"))
            .await?[0]
            .prop("value")
            .await?
            .as_deref(),
        Some("5")
    );
    app.click("tab-milestones").await?;
    app.wait_for_text("milestone-label", "Day 0").await?;
    app.wait_for_text("compare-change", "▲ +1").await?;
    app.quit().await
}

#[tokio::test]
async fn pillars_reorder_by_keyboard_and_new_pillar_name_is_validated() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    four_pillar_project(&app, "Atlas").await?;
    let names = || async {
        let out = app
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=\"pillar-name\"]')].map(e => e.value);",
                vec![],
            )
            .await?;
        Ok::<Vec<String>, preflight_e2e::Error>(serde_json::from_value(out)?)
    };
    assert_eq!(
        names().await?,
        ["Reliability", "Security", "Observability", "Supportability"]
    );
    let first = app
        .client
        .find_all(Locator::Css("[data-testid=\"pillar-name\"]"))
        .await?;
    first[0].click().await?;
    first[0]
        .send_keys(&format!("{}{}", Key::Alt, Key::Down))
        .await?;
    wait_until("Alt+Down to move the pillar", || async {
        let shown = names().await?;
        Ok(check(shown[0] == "Security", shown))
    })
    .await?;
    assert_eq!(
        names().await?,
        ["Security", "Reliability", "Observability", "Supportability"]
    );

    app.fill(
        "new-pillar-name",
        &format!("{}{}", "x".repeat(121), Key::Enter),
    )
    .await?;
    app.wait_for_text(
        "error-new-pillar",
        "Name must be at most 120 characters (got 121).",
    )
    .await?;
    assert_eq!(app.value("new-pillar-name").await?, "x".repeat(121));
    app.fill("new-pillar-name", "Cost control").await?;
    app.click("add-pillar").await?;
    wait_until("the new pillar", || async {
        let shown = names().await?;
        Ok(check(shown.len() == 5, shown))
    })
    .await?;
    assert_eq!(names().await?[4], "Cost control");
    app.quit().await
}

/// Screenshots of the sample scorecard, its milestones and trend, in the light and dark themes.
#[tokio::test]
async fn sample_scorecard_screenshots_in_both_themes() -> Result {
    let mut backgrounds = Vec::new();
    for dark in [false, true] {
        let profile = Profile::new()?;
        let app = profile.launch_in_theme(dark).await?;
        let theme = if dark { "dark" } else { "light" };
        let look = app
            .client
            .execute(
                "return [matchMedia('(prefers-color-scheme: dark)').matches, \
                         getComputedStyle(document.documentElement).backgroundColor, \
                         getComputedStyle(document.documentElement).color];",
                vec![],
            )
            .await?;
        let (is_dark, background, text): (bool, String, String) = serde_json::from_value(look)?;
        assert_eq!(is_dark, dark, "the webview follows the desktop theme");
        assert_ne!(background, text, "{theme}: text and background differ");
        backgrounds.push(background);
        app.find("radar-chart").await?;
        app.find("radar-previous").await?;
        app.wait_for_text("summary-mature", "3/8").await?;
        app.screenshot(&format!("scorecard-{theme}")).await?;
        app.client
            .execute(
                "document.querySelector('[data-testid=\"radar-chart\"]').scrollIntoView()",
                vec![],
            )
            .await?;
        app.screenshot(&format!("scorecard-radar-{theme}")).await?;
        app.click("chart-bars").await?;
        app.find("bar-chart").await?;
        app.screenshot(&format!("scorecard-bars-{theme}")).await?;
        app.click("tab-milestones").await?;
        app.find("trend").await?;
        let rows = app
            .client
            .find_all(Locator::Css("[data-testid=\"compare-row\"]"))
            .await?;
        assert_eq!(rows.len(), 8);
        app.screenshot(&format!("milestones-{theme}")).await?;
        app.quit().await?;
    }
    assert_ne!(
        backgrounds[0], backgrounds[1],
        "the dark theme looks different"
    );
    Ok(())
}

/// Refused text stays with its message even when the scorecard is left and opened again.
#[tokio::test]
async fn refused_evidence_survives_switching_tabs() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    let long = "evidence ".repeat(600);
    app.set_value_css("[data-testid=\"pillar-evidence\"]", &long)
        .await?;
    app.wait_for_text_containing("error-evidence", "must be at most 4000 characters")
        .await?;
    // Near and over its limit, the evidence shows its counter.
    app.wait_for_text("count-evidence", "5399 / 4000").await?;
    app.click("tab-gaps").await?;
    app.find("gap-counts").await?;
    app.click("tab-scorecard").await?;
    app.wait_for_text_containing("error-evidence", "must be at most 4000 characters")
        .await?;
    let kept = app
        .client
        .execute(
            "return document.querySelector('[data-testid=\"pillar-evidence\"]').value;",
            vec![],
        )
        .await?;
    assert_eq!(
        kept.as_str(),
        Some(long.as_str()),
        "the typed text is still there"
    );
    app.quit().await
}

/// Sidebar → Import AWS lens… brings the published Operational Readiness Review lens in as a
/// framework; a project made from it has the lens's three pillars; a question is answered,
/// its risk shown, its improvement plans added as gaps, and the scorecard report exported.
#[tokio::test]
async fn a_published_lens_becomes_a_framework_for_a_new_project() -> Result {
    let samples = std::env::var_os("PREFLIGHT_LENS_SAMPLES").map_or_else(
        || preflight_e2e::workspace_root().join("../shared/samples/aws-lenses"),
        std::path::PathBuf::from,
    );
    let lens = samples.join("ORR-Whitepaper-Sample-PUBLISHED.json");
    let profile = Profile::new()?;
    let saved = profile.folder("saved")?;
    let app = profile
        .launch_with(&[
            ("PREFLIGHT_TEST_OPEN_PATH", &lens.display().to_string()),
            ("PREFLIGHT_TEST_SAVE_PATH", &saved.display().to_string()),
        ])
        .await?;
    app.find("project-title").await?;
    app.click("import-lens").await?;
    app.wait_for_text_containing("toast", "3 pillars, 16 review questions")
        .await?;
    let listed = profile.cli(&["frameworks", "list", "--json"])?;
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout)?;
    let framework = listed
        .as_array()
        .and_then(|all| all.iter().find(|f| f["questions"] == 16))
        .ok_or("the lens framework is listed")?
        .clone();
    let id = framework["id"].as_str().unwrap_or_default().to_owned();
    app.click("new-project").await?;
    app.fill("field-name", "Checkout service").await?;
    app.find("field-framework")
        .await?
        .select_by_value(&id)
        .await?;
    app.click("submit-project").await?;
    app.wait_for_text("project-title", "Checkout service")
        .await?;
    wait_for_pillars(&app, 3).await?;

    // The first pillar's questions, answered: both diagrams in place is no risk; none of the
    // practices is high risk, and the pillar suggests a score of 1.
    // A pillar's questions are drawn once its list has unfolded, a moment after the click:
    // the list and then each question are waited for.
    app.find_css("[data-testid=\"pillar-questions\"] summary")
        .await?
        .click()
        .await?;
    let first = "[data-testid=\"review-question\"]";
    for choice in ["data_flow_diagram", "architecture_diagram"] {
        app.find_css(&format!("{first} [data-choice=\"{choice}\"]"))
            .await?
            .click()
            .await?;
    }
    let risk_of_first = || async {
        Ok::<_, preflight_e2e::Error>(
            app.client
                .find(Locator::Css(&format!(
                    "{first} [data-testid=\"question-risk\"]"
                )))
                .await?
                .text()
                .await?,
        )
    };
    wait_until("no risk with both diagrams", || async {
        let risk = risk_of_first().await?;
        Ok(check(risk == "No risk", risk))
    })
    .await?;
    app.screenshot("lens-questions").await?;
    app.client
        .find(Locator::Css(&format!(
            "{first} [data-testid=\"question-none\"]"
        )))
        .await?
        .click()
        .await?;
    wait_until("high risk with none of them", || async {
        let risk = risk_of_first().await?;
        Ok(check(risk == "High risk", risk))
    })
    .await?;
    app.wait_for_text_containing("suggested-score", "suggested score 1")
        .await?;
    // The improvement plans of the practices not in place become gaps, once.
    let improve = format!("{first} [data-testid=\"question-improve\"]");
    app.client
        .find(Locator::Css(&improve))
        .await?
        .click()
        .await?;
    app.wait_for_text_containing("toast", "from the improvement plans")
        .await?;
    app.client
        .find(Locator::Css(&improve))
        .await?
        .click()
        .await?;
    app.wait_for_text_containing("toast", "Nothing new to add")
        .await?;
    let file = profile.cli(&["export", "json", "--project", "Checkout service", "-o", "-"])?;
    let file: serde_json::Value = serde_json::from_slice(&file.stdout)?;
    let gaps = file["gaps"].as_array().map_or(0, Vec::len);
    let choices = file["questions"][0]["question"]["choices"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(gaps, choices, "one gap per practice, added once");
    assert_eq!(file["gaps"][0]["priority"], "critical");

    // The framework goes back out as a lens, from the project's About tab.
    app.click("tab-about").await?;
    app.click("export-lens").await?;
    app.wait_for_text_containing("toast", "as an AWS custom lens")
        .await?;
    let written = std::fs::read_dir(&saved)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with(".lens.json"))
        .ok_or("the lens file was written")?;
    let lens: serde_json::Value = serde_json::from_slice(&std::fs::read(&written)?)?;
    assert_eq!(lens["schemaVersion"], "2021-11-01");
    let count: usize = lens["pillars"].as_array().map_or(0, |p| {
        p.iter()
            .map(|p| p["questions"].as_array().map_or(0, Vec::len))
            .sum()
    });
    assert_eq!(count, 16);
    let review = profile.cli(&["review", "--project", "Checkout service", "--json"])?;
    let review: serde_json::Value = serde_json::from_slice(&review.stdout)?;
    assert_eq!(review["questions"][0]["answer"]["none"], true);
    assert_eq!(review["questions"][0]["risk"], "HIGH_RISK");

    // The scorecard report from the Export menu shows the question, its risk and its plans.
    app.click("export-menu").await?;
    app.click("export-scorecard").await?;
    app.wait_for_text_containing("export-result", "Saved")
        .await?;
    let pdf = saved.join(format!(
        "checkout-service-scorecard-{}.pdf",
        preflight_e2e::today()
    ));
    preflight_e2e::wait_for_file(&pdf).await?;
    let text = std::process::Command::new("pdftotext")
        .args(["-raw", &pdf.display().to_string(), "-"])
        .output()?
        .stdout;
    let text = String::from_utf8(text)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let title = file["questions"][0]["question"]["title"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Questions and risks"), "{text}");
    assert!(
        text.contains(&title) && text.contains("High risk"),
        "{text}"
    );
    assert!(text.contains("None of these"), "{text}");
    app.quit().await
}
