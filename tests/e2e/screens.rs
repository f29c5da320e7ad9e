//! The window at a projector's, a laptop's and a wide screen's size, in both themes: every
//! screen fits without a sideways scroll bar, and each is saved as a screenshot.

use crate::TABS;
use preflight_e2e::{App, Profile, Result};

const SAMPLE: &str = "Northwind Pilot \u{2014} readiness";

/// Clicks the element with test id `id` from script: WebKitWebDriver reports a dialog's sticky
/// footer as not interactable at some window sizes (below scrolled content), while a pointer
/// reaches it.
async fn click_in_page(app: &App, id: &str) -> Result {
    app.client
        .execute(
            &format!("document.querySelector('[data-testid=\"{id}\"]').click();"),
            vec![],
        )
        .await?;
    Ok(())
}

/// The window looked at as a user would on a 1024×768 projector, a 1280×800 laptop and a
/// 1920×1080 screen, in both themes: every tab, the About, Settings and Agenda screens and
/// the import dialog's mapping step never need a horizontal scroll bar, and each is saved as
/// a screenshot to look at.
#[tokio::test]
async fn screens_fit_a_projector_and_a_wide_screen_in_both_themes() -> Result {
    let profile = Profile::new()?;
    let doc = profile.folder("docs")?.join("security.md");
    std::fs::write(
        &doc,
        "| Control | Responsible | Budget |\n|---|---|---|\n| Rotate secrets | Søren | 2k |\n",
    )?;
    for dark in [false, true] {
        let open = doc.display().to_string();
        let mut env = vec![("PREFLIGHT_TEST_OPEN_PATH", open.as_str())];
        if dark {
            env.push(("GTK_THEME", "Adwaita:dark"));
        }
        let app = profile.launch_with(&env).await?;
        let theme = if dark { "dark" } else { "light" };
        app.wait_for_text("project-title", SAMPLE).await?;
        for (width, height) in [(1024_u32, 768_u32), (1280, 800), (1920, 1080)] {
            app.client.set_window_size(width, height).await?;
            let size = format!("{width}x{height}-{theme}");
            let overflow = || async {
                let wide = app
                    .client
                    .execute(
                        "return document.documentElement.scrollWidth - window.innerWidth;",
                        vec![],
                    )
                    .await?;
                Ok::<_, preflight_e2e::Error>(wide.as_i64().unwrap_or(0))
            };
            // Every tab, with nothing scrolling sideways: neither the page nor the main area.
            for (tab, loaded) in TABS {
                // A click that lands while the previous tab is still settling can be lost;
                // clicking the tab again is what a user would do.
                app.click(&format!("tab-{tab}")).await?;
                preflight_e2e::wait_until(&format!("the {tab} tab at {size}"), || async {
                    if app.exists(loaded).await? {
                        return Ok(Ok(()));
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
                    if !app.exists(loaded).await? {
                        app.click(&format!("tab-{tab}")).await?;
                    }
                    Ok(Err("not shown yet".to_owned()))
                })
                .await?;
                assert!(
                    overflow().await? <= 0,
                    "the {tab} tab scrolls sideways at {size}"
                );
                // The elements reaching past the main area's right edge, named for the message.
                let wider = app
                    .client
                    .execute(
                        "const m = document.querySelector('[data-testid=main]'); \
                         if (m.scrollWidth <= m.clientWidth) return []; \
                         const right = m.getBoundingClientRect().right; \
                         return [...m.querySelectorAll('*')] \
                           .filter((e) => e.getBoundingClientRect().right > right + 1) \
                           .slice(0, 5) \
                           .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right - right}px`);",
                        vec![],
                    )
                    .await?;
                assert_eq!(
                    wider,
                    serde_json::json!([]),
                    "the {tab} tab's content is wider than the main area at {size}"
                );
                app.screenshot(&format!("{tab}-{size}")).await?;
            }
            app.click("tab-scorecard").await?;
            // The pillars and the review are drawn once read: both waited for before looking.
            app.find("radar-chart").await?;
            app.find("pillar-questions").await?;
            app.screenshot(&format!("overview-{size}")).await?;
            // A pillar's review questions, and the form for one of one's own.
            let js = |script: &str| {
                format!(
                    "const q = document.querySelector('[data-testid=\"pillar-questions\"]'); {script}"
                )
            };
            app.client.execute(&js("q.open = true;"), vec![]).await?;
            // The questions are drawn once the list is unfolded; scrolled to once they are.
            app.find("review-question").await?;
            app.client
                .execute(&js("q.scrollIntoView();"), vec![])
                .await?;
            assert!(
                overflow().await? <= 0,
                "the review scrolls sideways at {size}"
            );
            app.screenshot(&format!("review-{size}")).await?;
            app.client
                .execute(
                    &js("q.querySelector('[data-testid=\"question-add\"]').click();"),
                    vec![],
                )
                .await?;
            app.find("question-form").await?;
            assert!(
                overflow().await? <= 0,
                "the question form scrolls sideways at {size}"
            );
            app.screenshot(&format!("question-form-{size}")).await?;
            click_in_page(&app, "question-cancel").await?;
            app.client.execute(&js("q.open = false;"), vec![]).await?;
            app.click("open-about").await?;
            app.find("about-screen").await?;
            assert!(overflow().await? <= 0, "About scrolls sideways at {size}");
            app.screenshot(&format!("about-{size}")).await?;
            app.click("import-markdown").await?;
            app.click("md-choose-files").await?;
            app.find("mapping-step").await?;
            assert!(
                overflow().await? <= 0,
                "the import dialog scrolls sideways at {size}"
            );
            app.screenshot(&format!("mapping-step-{size}")).await?;
            click_in_page(&app, "md-cancel").await?;
            app.click("open-settings").await?;
            app.find("brand-app").await?;
            assert!(overflow().await? <= 0, "Settings scroll sideways at {size}");
            app.screenshot(&format!("settings-{size}")).await?;
            // The Agenda with its reminders unfolded, which reads the projects' switches then.
            app.click("open-agenda").await?;
            app.find("agenda-item").await?;
            app.client
                .execute(
                    "const r = document.querySelector('[data-testid=\"agenda-reminders\"]'); \
                     r.open = true; r.scrollIntoView();",
                    vec![],
                )
                .await?;
            app.find("agenda-reminders-project").await?;
            assert!(
                overflow().await? <= 0,
                "the Agenda scrolls sideways at {size}"
            );
            app.screenshot(&format!("agenda-{size}")).await?;
            app.click("project-item").await?;
            app.find("export-menu").await?;
            // As with the tabs, a click that lands while the overview is still being redrawn
            // can be lost: the menu or its item is clicked again until the dialog shows.
            preflight_e2e::wait_until(&format!("the audience dialog at {size}"), || async {
                let summary = app
                    .client
                    .execute(
                        "const e = document.querySelector(arguments[0]); \
                         return e ? e.innerText : '';",
                        vec![serde_json::json!(preflight_e2e::testid("audience-summary"))],
                    )
                    .await?;
                let summary = summary.as_str().unwrap_or_default().to_owned();
                if summary.contains("Included") {
                    return Ok(Ok(()));
                }
                if app.exists("export-audience").await? {
                    app.click("export-audience").await?;
                } else if !app.exists("audience-select").await? {
                    app.click("export-menu").await?;
                }
                tokio::time::sleep(std::time::Duration::from_millis(400)).await;
                Ok(Err(summary))
            })
            .await?;
            assert!(
                overflow().await? <= 0,
                "the audience dialog scrolls sideways at {size}"
            );
            app.screenshot(&format!("audience-{size}")).await?;
            app.click("audience-close").await?;
        }
        app.quit().await?;
    }
    Ok(())
}
