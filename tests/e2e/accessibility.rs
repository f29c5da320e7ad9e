//! Accessibility: every tab, screen and main dialog checked with axe-core in both themes.

use preflight_e2e::{Profile, Result};

/// Every tab of the sample and every screen (Backups, Settings, About, Trash, the workshop
/// room) and the main dialogs pass axe-core with no serious or critical violation in both themes: among them
/// WCAG AA contrast (4.5:1, 3:1 for large text), names for every control, ARIA used rightly.
#[tokio::test]
async fn every_screen_passes_axe_core_in_both_themes() -> Result {
    let screens = [
        ("open-agenda", "agenda-screen"),
        ("open-backups", "backups-screen"),
        ("open-settings", "settings-screen"),
        ("open-about", "about-screen"),
        ("view-trash", "trash-screen"),
    ];
    let mut problems = Vec::new();
    for dark in [false, true] {
        let profile = Profile::new()?;
        let app = profile.launch_in_theme(dark).await?;
        let theme = if dark { "dark" } else { "light" };
        if !dark {
            // The check itself works here: grey on grey is flagged.
            app.client
                .execute(
                    "const p = document.createElement('p'); p.id = 'axe-probe'; \
                     p.textContent = 'grey on grey'; \
                     p.style.cssText = 'color: #777; background: #888'; document.body.append(p);",
                    vec![],
                )
                .await?;
            let flagged = app.axe_serious().await?;
            assert!(
                flagged.iter().any(|f| f.contains("#axe-probe")),
                "{flagged:?}"
            );
            app.client
                .execute("document.getElementById('axe-probe').remove()", vec![])
                .await?;
        }
        let tab_clicks = crate::TABS
            .iter()
            .map(|(tab, loaded)| (format!("tab-{tab}"), *loaded));
        for (click, loaded) in tab_clicks {
            app.click(&click).await?;
            app.find(loaded).await?;
            for found in app.axe_serious().await? {
                problems.push(format!("{theme} {click}: {found}"));
            }
        }
        // The dialogs: a new gap, a new project, the export menu.
        app.click("tab-gaps").await?;
        app.click("new-gap").await?;
        app.find("gap-form").await?;
        for found in app.axe_serious().await? {
            problems.push(format!("{theme} gap form: {found}"));
        }
        app.click("gap-cancel").await?;
        app.click("new-project").await?;
        app.find("project-form").await?;
        for found in app.axe_serious().await? {
            problems.push(format!("{theme} project form: {found}"));
        }
        app.click("cancel-project").await?;
        app.click("export-menu").await?;
        for found in app.axe_serious().await? {
            problems.push(format!("{theme} export menu: {found}"));
        }
        app.click("export-menu").await?;
        for (click, loaded) in screens {
            app.click(click).await?;
            app.find(loaded).await?;
            for found in app.axe_serious().await? {
                problems.push(format!("{theme} {click}: {found}"));
            }
        }
        // The workshop: its setup dialog, the facilitator's room, and voting on this laptop.
        app.click("view-active").await?;
        app.click("project-item").await?;
        app.click("run-workshop").await?;
        app.find("workshop-setup").await?;
        for found in app.axe_serious().await? {
            problems.push(format!("{theme} workshop setup: {found}"));
        }
        app.click("workshop-start").await?;
        app.find("workshop-room").await?;
        for found in app.axe_serious().await? {
            problems.push(format!("{theme} workshop room: {found}"));
        }
        app.click("workshop-pass").await?;
        app.find("pass-the-laptop").await?;
        for found in app.axe_serious().await? {
            problems.push(format!("{theme} pass the laptop: {found}"));
        }
        app.quit().await?;
    }
    assert!(
        problems.is_empty(),
        "{} serious or critical axe-core violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}
