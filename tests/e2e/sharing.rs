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

/// Clicks `button` until `shows` appears. The team's changes may redraw the project just as
/// it is clicked, so a click that did not take is made again.
async fn click_until(app: &App, button: &str, shows: &str) -> Result {
    for _ in 0..5 {
        app.click(button).await?;
        let started = Instant::now();
        while started.elapsed().as_secs() < 3 {
            if app.exists(shows).await? {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    Err(format!("clicking [{button}] did not show [{shows}]").into())
}

/// Opens the About tab and waits for its sharing panel.
async fn open_about(app: &App) -> Result {
    click_until(app, "tab-about", "sharing").await
}

/// Joins the shared project from `app` as Bo (the folder comes from the test's stand-in for
/// the native dialog) and waits until it is open.
async fn join_as_bo(app: &App) -> Result {
    app.click("join-shared-open").await?;
    app.fill("join-name", "Bo").await?;
    app.click("join-choose").await?;
    if let Err(e) = app.wait_for_text("project-title", TITLE).await {
        // What the dialog says is what tells a failed join from a slow one.
        let dialog = app.text("join-shared").await.unwrap_or_default();
        return Err(format!("{e}; the join dialog shows {dialog:?}").into());
    }
    Ok(())
}

/// Edits the open project's North Star through the project form.
async fn edit_north_star(app: &App, text: &str) -> Result {
    click_until(app, "edit-project", "field-north-star").await?;
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
    open_about(&a).await?;
    a.fill("device-name", "Ada").await?;
    a.click("share-project").await?;
    a.wait_for_text_containing("sharing-status", "Shared through")
        .await?;

    // Bo's database has a project of its own, so the window makes no sample of the same name.
    let created = bo.cli(&["projects", "create", "Bo's side project"])?;
    assert!(created.status.success(), "{created:?}");
    let b = bo.launch_with(&env).await?;
    join_as_bo(&b).await?;
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
    open_about(&b).await?;
    b.click("show-history").await?;
    b.wait_for_text_containing("history", "Ada").await?;
    b.wait_for_text_containing("history", "Bo").await?;
    b.screenshot("sharing-history").await?;
    let violations = a.axe_serious().await?;
    assert!(violations.is_empty(), "{violations:?}");
    a.quit().await?;
    b.quit().await
}

/// Copies each device file of the shared folder `from` that is newer than its copy in `to`
/// (or missing there), as a sync tool would: under a temporary name first, then renamed over,
/// keeping the file's modification time so the copy is not carried back.
fn carry(from: &std::path::Path, to: &std::path::Path) -> Result {
    for project in std::fs::read_dir(from)? {
        let project = project?.path();
        let target = to.join(project.file_name().ok_or("a project folder")?);
        std::fs::create_dir_all(&target)?;
        for file in std::fs::read_dir(&project)? {
            let file = file?.path();
            if file.extension().is_none_or(|e| e != "automerge") {
                continue;
            }
            let copy = target.join(file.file_name().ok_or("a file")?);
            let modified = std::fs::metadata(&file)?.modified()?;
            let older = std::fs::metadata(&copy)
                .and_then(|m| m.modified())
                .map_or(true, |m| m < modified);
            if older {
                let part = target.join(".sync-tool.part");
                std::fs::copy(&file, &part)?;
                std::fs::File::options()
                    .write(true)
                    .open(&part)?
                    .set_modified(modified)?;
                std::fs::rename(&part, &copy)?;
            }
        }
    }
    Ok(())
}

/// A sync tool running between two laptops' copies of the folder: every 200 ms it carries
/// new device files both ways, until dropped. Waiting on what the windows show, rather than
/// sleeping for a guessed time and copying once, keeps the tests right on a slow machine.
struct SyncTool {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SyncTool {
    fn start(one: &std::path::Path, other: &std::path::Path) -> Self {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (one, other, stopped) = (one.to_owned(), other.to_owned(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                // A file renamed away mid-copy by a window's own write is carried next round.
                let _ = carry(&one, &other).and_then(|()| carry(&other, &one));
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        });
        Self {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for SyncTool {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[tokio::test]
async fn a_field_changed_on_two_laptops_at_once_shows_as_a_conflict_and_one_choice_settles_it(
) -> Result {
    let ada = Profile::new()?;
    let bo = Profile::new()?;
    // Each laptop has its own copy of the folder; the test is the sync tool between them.
    let at_ada = ada.folder("Dropbox")?;
    let at_bo = bo.folder("Dropbox")?;
    let ada_env = at_ada.display().to_string();
    let bo_env = at_bo.display().to_string();
    let a = ada
        .launch_with(&[("PREFLIGHT_TEST_OPEN_PATH", ada_env.as_str())])
        .await?;
    a.wait_for_text("project-title", TITLE).await?;
    open_about(&a).await?;
    a.fill("device-name", "Ada").await?;
    a.click("share-project").await?;
    a.wait_for_text_containing("sharing-status", "Shared through")
        .await?;
    carry(&at_ada, &at_bo)?;
    let created = bo.cli(&["projects", "create", "Bo's side project"])?;
    assert!(created.status.success(), "{created:?}");
    // Bo works in the dark theme, so the screenshots show both.
    let b = bo
        .launch_with(&[
            ("PREFLIGHT_TEST_OPEN_PATH", bo_env.as_str()),
            ("GTK_THEME", "Adwaita:dark"),
        ])
        .await?;
    join_as_bo(&b).await?;

    // Both change the North Star while their folders are apart, then the files meet and
    // keep meeting, as they do on laptops that sync.
    edit_north_star(&a, "Every clinic books online").await?;
    edit_north_star(&b, "Every patient books in a minute").await?;
    let _sync = SyncTool::start(&at_ada, &at_bo);

    // Both windows show the same winner, marked on the North Star with the other value, and
    // the conflict with both values and who wrote them in About.
    for app in [&a, &b] {
        app.wait_for_text_containing("north-star-conflict", "Also written at the same time")
            .await?;
        // The chip is set in capitals by its style; its words are what counts.
        wait_until("the conflict chip", || async {
            let chip = app.text("project-conflicts").await.unwrap_or_default();
            Ok(check(
                chip.to_lowercase() == "1 field changed by two people",
                chip,
            ))
        })
        .await?;
    }
    let shown_a = a.text("north-star").await?;
    let shown_b = b.text("north-star").await?;
    assert_eq!(shown_a, shown_b, "every laptop shows the same winner");
    for (name, app) in [("light", &a), ("dark", &b)] {
        for (width, height) in [(1024_u32, 768_u32), (1920, 1080)] {
            app.client.set_window_size(width, height).await?;
            app.screenshot(&format!("sharing-conflict-{name}-{width}x{height}"))
                .await?;
        }
    }
    for app in [&a, &b] {
        app.click("project-conflicts").await?;
        app.wait_for_text_containing("conflicts", "Project \u{b7} north star")
            .await?;
        app.wait_for_text_containing("conflicts", "Every clinic books online \u{2014} Ada")
            .await?;
        app.wait_for_text_containing("conflicts", "Every patient books in a minute \u{2014} Bo")
            .await?;
    }
    b.screenshot("sharing-conflict-about-dark").await?;
    let violations = a.axe_serious().await?;
    assert!(violations.is_empty(), "{violations:?}");

    // Ada keeps the value not shown; once the files meet again, Bo has it and no conflict.
    let other = if shown_a == "Every clinic books online" {
        "Every patient books in a minute"
    } else {
        "Every clinic books online"
    };
    // A redraw may swallow the click (see click_until): clicked again while the choice is
    // still offered and the North Star has not changed.
    for _ in 0..3 {
        if a.text("north-star").await.unwrap_or_default() == other
            || !a.exists("keep-value").await?
        {
            break;
        }
        a.click_nth("keep-value", 1).await?;
        let started = Instant::now();
        while started.elapsed().as_secs() < 3
            && a.text("north-star").await.unwrap_or_default() != other
        {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    north_star_shows(&a, other).await?;
    north_star_shows(&b, other).await?;
    wait_until("no conflict left on Bo's laptop", || async {
        Ok(check(
            !b.exists("conflicts").await?,
            "conflicts still listed",
        ))
    })
    .await?;
    a.quit().await?;
    b.quit().await
}
