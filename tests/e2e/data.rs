//! Data safety in the window: project file export and import, table exports, the Trash and
//! Backups screens, and the recovery screen for a damaged database.

use std::io::{Seek, SeekFrom, Write};

use fantoccini::Locator;
use preflight_e2e::{check, today, wait_for_file, wait_until, App, Profile, Result};

const TITLE: &str = "Northwind Pilot \u{2014} readiness";

/// How many elements with `data-testid="id"` are on the page, waiting until it is `expected`.
async fn wait_count(app: &App, id: &str, expected: usize) -> Result {
    wait_until(&format!("{expected} [{id}]"), || async {
        let found = app
            .client
            .find_all(Locator::Css(&preflight_e2e::testid(id)))
            .await?
            .len();
        Ok(check(found == expected, found))
    })
    .await
}

/// The lines of `preflight backup list`, once it lists `expected` backups.
async fn wait_for_backups(profile: &Profile, expected: usize) -> Result<Vec<String>> {
    wait_until(&format!("{expected} backups"), || async {
        let listed = String::from_utf8(profile.cli(&["backup", "list"])?.stdout)?;
        let lines: Vec<String> = listed
            .lines()
            .filter(|l| l.contains("backups/"))
            .map(str::to_owned)
            .collect();
        Ok(if lines.len() == expected {
            Ok(lines)
        } else {
            Err(listed)
        })
    })
    .await
}

#[tokio::test]
async fn the_project_file_exports_and_imports_back_as_a_copy_and_tables_export_as_markdown(
) -> Result {
    let profile = Profile::new()?;
    let exports = profile.folder("exports")?;
    let file = exports.join(format!(
        "northwind-pilot-readiness-{}.preflight.json",
        today()
    ));
    let app = profile
        .launch_with(&[
            ("PREFLIGHT_TEST_SAVE_PATH", &exports.display().to_string()),
            ("PREFLIGHT_TEST_OPEN_PATH", &file.display().to_string()),
        ])
        .await?;
    app.wait_for_text("project-title", TITLE).await?;

    app.click("export-menu").await?;
    app.click("export-project-file").await?;
    app.wait_for_text_containing("export-result", "Saved")
        .await?;
    wait_for_file(&file).await?;
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file)?)?;
    assert_eq!(json["format"], "preflight-project");
    assert_eq!(json["project"]["name"], TITLE);

    app.click("export-menu").await?;
    app.set_value("export-table", "data-inventory").await?;
    app.click("export-markdown").await?;
    let markdown = exports.join("northwind-pilot-readiness-data-inventory.md");
    wait_for_file(&markdown).await?;
    let text = std::fs::read_to_string(&markdown)?;
    assert!(text.contains("| Data Category | Source |"), "{text}");

    // The same project is already here: the app asks, and a copy keeps both.
    app.click("import-project").await?;
    app.find("import-conflict").await?;
    app.screenshot("import-conflict").await?;
    app.click("import-copy").await?;
    app.wait_for_sidebar("the imported copy", |n| {
        n.iter().any(|name| *name == format!("{TITLE} (copy)"))
    })
    .await?;
    app.wait_for_text("project-title", &format!("{TITLE} (copy)"))
        .await?;
    app.quit().await
}

#[tokio::test]
async fn a_deleted_row_and_project_are_listed_in_the_trash_and_come_back() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", TITLE).await?;
    app.click("tab-stakeholders").await?;
    app.click_nth("delete-row", 0).await?;

    app.click("view-trash").await?;
    app.find("trash-screen").await?;
    wait_count(&app, "trash-item", 1).await?;
    let item = app.text("trash-item").await?;
    assert!(
        item.contains(&format!("Stakeholder canvas · {TITLE}")),
        "{item}"
    );
    app.screenshot("trash-screen").await?;
    app.click("trash-restore").await?;
    app.wait_for_text_containing("trash-empty", "The trash is empty")
        .await?;

    // A project moved to the trash is listed there too; it opens read-only for a look, and
    // Restore brings it back.
    app.click("view-active").await?;
    app.click("project-item").await?;
    app.click("trash-project").await?;
    app.wait_for_sidebar("an empty project list", |n| n.is_empty())
        .await?;
    app.click("view-trash").await?;
    app.find("trash-screen").await?;
    app.wait_for_sidebar("the sample in the trash", |n| n == [TITLE])
        .await?;
    wait_count(&app, "trash-item", 1).await?;
    app.click("trash-open").await?;
    app.find("trash-banner").await?;
    app.wait_for_text("project-title", TITLE).await?;
    app.click("view-trash").await?;
    app.click("trash-restore").await?;
    app.wait_for_sidebar("an empty trash", |n| n.is_empty())
        .await?;
    app.click("view-active").await?;
    app.wait_for_sidebar("the restored sample", |n| n == [TITLE])
        .await?;
    app.quit().await
}

#[tokio::test]
async fn the_start_up_backup_is_listed_and_restoring_it_undoes_later_changes() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", TITLE).await?;
    app.click("open-backups").await?;
    app.find("backups-screen").await?;
    // The start-up backup is taken on a background thread; "Back up now" waits for nothing.
    wait_for_backups(&profile, 1).await?;
    let made = profile.cli(&["projects", "create", "Made after the backup"])?;
    assert!(made.status.success());
    // Away and back again, so the Backups screen reads the folder anew.
    app.click("view-active").await?;
    app.click("open-backups").await?;
    wait_count(&app, "backup-row", 1).await?;
    app.wait_for_text("backup-projects", "1").await?;
    app.screenshot("backups-screen").await?;
    app.click("backup-restore").await?;
    app.click("confirm-ok").await?;
    // The state before the restore was backed up first.
    wait_count(&app, "backup-row", 2).await?;
    app.wait_for_sidebar("only the sample", |n| n == [TITLE])
        .await?;
    app.quit().await
}

#[tokio::test]
async fn a_damaged_database_opens_the_recovery_screen_which_restores_the_newest_backup() -> Result {
    let profile = Profile::new()?;
    for name in ["Atlas", "Borealis", "Cygnus"] {
        assert!(profile.cli(&["projects", "create", name])?.status.success());
    }
    assert!(profile.cli(&["backup", "create"])?.status.success());
    // A failing disk: everything after the first page is overwritten with garbage.
    let len = std::fs::metadata(profile.db())?.len();
    let mut db = std::fs::OpenOptions::new().write(true).open(profile.db())?;
    db.seek(SeekFrom::Start(4096))?;
    db.write_all(&vec![0xA5; usize::try_from(len - 4096)?])?;
    drop(db);

    let check = profile.cli(&["check"])?;
    assert!(
        !check.status.success(),
        "check exits non-zero on a damaged database"
    );

    let app = profile.launch().await?;
    app.find("recovery-screen").await?;
    app.wait_for_text_containing("recovery-backup", "3 projects")
        .await?;
    app.screenshot("recovery-screen").await?;
    app.click("recover-newest").await?;
    app.wait_for_sidebar("the recovered projects", |n| n.len() == 3)
        .await?;
    let kept = std::fs::read_dir(profile.db().parent().ok_or("no folder")?)?
        .filter_map(std::result::Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".damaged-"));
    assert!(kept, "the damaged file is kept beside the database");
    assert!(profile.cli(&["check"])?.status.success());
    app.quit().await
}

#[tokio::test]
async fn a_database_that_is_not_one_and_has_no_backup_can_start_empty_keeping_the_file() -> Result {
    let profile = Profile::new()?;
    std::fs::write(profile.db(), "these are notes, not a database")?;
    let app = profile.launch().await?;
    app.find("recovery-screen").await?;
    app.wait_for_text_containing("recovery-problem", "not a database")
        .await?;
    app.find("recovery-no-backup").await?;
    app.screenshot("recovery-no-backup").await?;
    app.click("recovery-start-empty").await?;
    // An empty database starts as on a first start, with the sample project.
    app.wait_for_text("project-title", TITLE).await?;
    let kept: Vec<_> = std::fs::read_dir(profile.db().parent().ok_or("no folder")?)?
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(
        kept.len(),
        1,
        "the unreadable file is kept beside the database"
    );
    assert_eq!(
        std::fs::read_to_string(kept[0].path())?,
        "these are notes, not a database"
    );
    assert!(profile.cli(&["check"])?.status.success());
    app.quit().await
}

#[tokio::test]
async fn closing_the_window_after_a_change_takes_a_last_backup() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.wait_for_text("project-title", TITLE).await?;
    wait_for_backups(&profile, 1).await?;
    app.click("new-project").await?;
    app.fill("field-name", "Changed before closing").await?;
    app.find("field-name").await?.send_keys("\u{E007}").await?; // WebDriver's Enter key.
    app.wait_for_text("project-title", "Changed before closing")
        .await?;
    app.close_like_the_user().await?;
    let lines = wait_for_backups(&profile, 2).await?;
    assert!(lines[0].contains("2 projects"), "newest first: {lines:?}");
    assert!(lines[1].contains(" 1 project"), "{lines:?}");
    Ok(())
}
