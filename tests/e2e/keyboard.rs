//! The keyboard path through the window: focus lands on what was made or what opened the
//! dialog, Ctrl+Enter saves, Alt+digit switches tabs, fast arrow keys on a score end where
//! slow ones do; and the messages and empty states met on the way.

use fantoccini::key::Key;
use preflight_e2e::{check, wait_until, App, Profile, Result};

/// The `data-testid` of the focused element and its text.
async fn focused(app: &App) -> Result<(String, String)> {
    let found = app
        .client
        .execute(
            "const e = document.activeElement; \
             return [e?.dataset?.testid ?? e?.tagName ?? '', (e?.innerText ?? '').trim()];",
            vec![],
        )
        .await?;
    let pair: (String, String) = serde_json::from_value(found)?;
    Ok(pair)
}

async fn wait_for_focus(app: &App, testid: &str, text: &str) -> Result {
    wait_until(&format!("focus on {testid} “{text}”"), || async {
        let (id, shown) = focused(app).await?;
        Ok(check(id == testid && shown.contains(text), (id, shown)))
    })
    .await
}

#[tokio::test]
async fn focus_follows_the_work_and_ctrl_enter_saves_a_form() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    // Alt+3 opens the third tab, Gaps. A key or click that lands while the page is still
    // settling can be lost on a loaded machine; it is given again, as a user would.
    let alt = Key::Alt.to_string();
    wait_until("Alt+3 to open the Gaps tab", || async {
        if app.exists("gap-counts").await? {
            return Ok(Ok(()));
        }
        app.find("tab-scorecard")
            .await?
            .send_keys(&format!("{alt}3"))
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        Ok(Err("the Gaps tab is not shown".to_owned()))
    })
    .await?;
    // The form is modal: the scrim is what lies over the sidebar and the list, and Shift+Tab
    // from its first field goes round to its last control and Tab back, never to the page.
    open_new_gap_form(&app).await?;
    let on_top: Vec<String> = serde_json::from_value(
        app.client
            .execute(
                "return [[8, 8], [innerWidth - 8, innerHeight - 8], [innerWidth / 2, 8]].map( \
                 ([x, y]) => document.elementFromPoint(x, y)?.className ?? '');",
                vec![],
            )
            .await?,
    )?;
    assert!(on_top.iter().all(|c| c.contains("scrim")), "{on_top:?}");
    let shift = Key::Shift.to_string();
    let first = focused(&app).await?;
    assert_eq!(first.0, "gap-title", "the first field has focus");
    app.find("gap-title")
        .await?
        .send_keys(&format!("{shift}{}", Key::Tab))
        .await?;
    let inside_at_end = app
        .client
        .execute(
            "const d = document.querySelector('[data-testid=gap-form]'); \
             const all = [...d.querySelectorAll('button, input, select, textarea')] \
               .filter((e) => !e.disabled && e.checkVisibility()); \
             return document.activeElement === all.at(-1);",
            vec![],
        )
        .await?;
    assert_eq!(
        inside_at_end,
        serde_json::Value::Bool(true),
        "Shift+Tab wrapped to the end"
    );
    app.client
        .active_element()
        .await?
        .send_keys(&Key::Tab.to_string())
        .await?;
    wait_for_focus(&app, "gap-title", "").await?;
    // Escape on an untouched form closes it and gives focus back to "New gap".
    app.find("gap-title")
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    wait_for_focus(&app, "new-gap", "New gap").await?;
    // Ctrl+Enter saves; focus goes to the new gap in the list.
    open_new_gap_form(&app).await?;
    app.fill("gap-title", "Rotate the signing keys").await?;
    let ctrl = Key::Control.to_string();
    app.find("gap-title")
        .await?
        .send_keys(&format!("{ctrl}{}", Key::Enter))
        .await?;
    wait_for_focus(&app, "gap-open", "Rotate the signing keys").await?;
    assert!(!app.exists("gap-form").await?, "the form closed");
    app.quit().await
}

/// Clicks "New gap" until its form shows (see the Alt+3 step above).
async fn open_new_gap_form(app: &App) -> Result {
    wait_until("the new gap form", || async {
        if app.exists("gap-title").await? {
            return Ok(Ok(()));
        }
        app.click("new-gap").await?;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        Ok(Err("the form is not shown".to_owned()))
    })
    .await
}

#[tokio::test]
async fn arrow_keys_on_a_score_end_in_the_same_place_typed_fast_or_slow() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    let value = || async {
        let v = app.find("pillar-current").await?.attr("data-value").await?;
        Ok::<_, preflight_e2e::Error>(v.unwrap_or_default())
    };
    // Start from 1, then four presses at once: 5, as four slow presses would give.
    let control = app.find("pillar-current").await?;
    control.send_keys("1").await?;
    wait_until("the score to be 1", || async {
        let v = value().await?;
        Ok(check(v == "1", v))
    })
    .await?;
    let right = Key::Right.to_string();
    control.send_keys(&right.repeat(4)).await?;
    wait_until("four fast presses to reach 5", || async {
        let v = value().await?;
        Ok(check(v == "5", v))
    })
    .await?;
    // Stored, not only shown: the database reaches 5 and stays there.
    wait_until("the stored score to be 5", || async {
        let out = profile.cli(&[
            "export",
            "md",
            "--project",
            "Northwind Pilot — readiness",
            "--table",
            "scorecard",
            "-o",
            "-",
        ])?;
        let table = String::from_utf8(out.stdout)?;
        // The first pillar's row: | Architectural clarity | 5 | …
        let first = table.lines().nth(4).unwrap_or_default().to_owned();
        let score = first
            .split('|')
            .nth(2)
            .unwrap_or_default()
            .trim()
            .to_owned();
        Ok(check(score == "5", first))
    })
    .await?;
    app.quit().await
}

#[tokio::test]
async fn messages_name_the_field_clear_when_fixed_and_a_taken_pillar_name_is_refused() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    // A second pillar of a name the scorecard has.
    let first = app.value("pillar-name").await?;
    app.fill("new-pillar-name", &format!("{first}{}", Key::Enter))
        .await?;
    app.wait_for_text(
        "error-new-pillar",
        &format!("This scorecard already has a pillar named “{first}”."),
    )
    .await?;
    // The milestone name: "Name is required." until a name is typed, then gone.
    app.click("tab-milestones").await?;
    app.click("take-milestone").await?;
    app.set_value("milestone-name", "").await?;
    app.click("milestone-save").await?;
    app.wait_for_text("error-milestone-name", "Name is required.")
        .await?;
    app.find("milestone-name").await?.send_keys("v0.3").await?;
    wait_until("the message to clear once a name is typed", || async {
        let shown = app.exists("error-milestone-name").await?;
        Ok(check(!shown, shown))
    })
    .await?;
    app.quit().await
}

#[tokio::test]
async fn a_new_project_says_how_to_compare_and_that_there_is_no_trend_yet() -> Result {
    let profile = Profile::new()?;
    let created = profile.cli(&["projects", "create", "Atlas"])?;
    assert!(created.status.success());
    let app = profile.launch().await?;
    let atlas = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=project-item]')] \
               .findIndex((e) => e.innerText.includes('Atlas'));",
            vec![],
        )
        .await?
        .as_u64()
        .unwrap_or(0);
    app.click_nth("project-item", usize::try_from(atlas)?)
        .await?;
    app.wait_for_text("project-title", "Atlas").await?;
    app.click("tab-milestones").await?;
    app.wait_for_text_containing("compare-empty", "Nothing to compare yet.")
        .await?;
    app.wait_for_text_containing("trend-empty", "needs at least one milestone")
        .await?;
    assert!(!app.exists("compare-table").await?, "no table of “same”");
    app.screenshot("milestones-empty").await?;
    app.quit().await
}
