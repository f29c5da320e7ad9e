//! The CLI of the built binary: headless, with one clear line on stderr for bad input.

use preflight_e2e::{app_binary, Profile, Result};

#[test]
fn cli_lists_projects_as_json_without_a_display() -> Result {
    let profile = Profile::new()?;
    let out = std::process::Command::new(app_binary())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("PREFLIGHT_DB", profile.db())
        .args(["projects", "create", "Zoë Łukasiewicz's pilot"])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = profile.cli(&["projects", "list", "--json"])?;
    let json: serde_json::Value = serde_json::from_slice(&list.stdout)?;
    assert_eq!(json[0]["name"], "Zoë Łukasiewicz's pilot");
    assert_eq!(
        json.as_array().map(Vec::len),
        Some(1),
        "the CLI never creates the sample"
    );
    Ok(())
}

#[test]
fn bad_cli_input_exits_non_zero_with_one_line_on_stderr() -> Result {
    let profile = Profile::new()?;
    profile.cli(&["projects", "create", "Alpha"])?;
    let out = profile.cli(&["projects", "create", "ALPHA"])?;
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr)?;
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("preflight: a project named"), "{stderr}");
    Ok(())
}

#[test]
fn window_without_a_display_explains_itself() -> Result {
    let profile = Profile::new()?;
    let out = std::process::Command::new(app_binary())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .arg("--db")
        .arg(profile.db())
        .output()?;
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)?.contains("no display found"));
    Ok(())
}

#[test]
fn database_from_a_newer_version_is_refused_by_the_cli_and_left_untouched() -> Result {
    let profile = Profile::new()?;
    profile.cli(&["projects", "create", "Alpha"])?;
    // Pretend a newer Preflight wrote the file: bump user_version in the header (offset 60).
    let mut bytes = std::fs::read(profile.db())?;
    if bytes.len() < 100 {
        // The write went to the WAL only; a checkpoint-free copy is too short to edit.
        return Err("database header missing".into());
    }
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(profile.db(), &bytes)?;
    let _ = std::fs::remove_file(profile.db().with_extension("sqlite3-wal"));
    let _ = std::fs::remove_file(profile.db().with_extension("sqlite3-shm"));
    let before = std::fs::read(profile.db())?;
    let out = profile.cli(&["projects", "list"])?;
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr)?;
    assert!(stderr.contains("schema version 999"), "{stderr}");
    assert_eq!(
        std::fs::read(profile.db())?,
        before,
        "the file is untouched"
    );
    Ok(())
}

/// Runs the CLI as another user: `setpriv` to `nobody` when the tests run as root (CI), or as
/// this user, for whom a `chmod` already makes the files read-only.
fn cli_as_other_user(args: &[&str]) -> Result<std::process::Output> {
    let root = std::process::Command::new("id").arg("-u").output()?.stdout == b"0\n";
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(app_binary());
        c
    } else {
        std::process::Command::new(app_binary())
    };
    Ok(command.args(args).output()?)
}

#[test]
fn a_read_only_database_still_reads_and_a_write_names_the_file_to_fix() -> Result {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("shared.sqlite3");
    let db_arg = db.display().to_string();
    let created = std::process::Command::new(app_binary())
        .args(["--db", &db_arg, "projects", "create", "Atlas"])
        .output()?;
    assert!(created.status.success());
    // Another user's database in a folder this user may read but not write.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444))?;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555))?;
    let listed = cli_as_other_user(&["--db", &db_arg, "projects", "list"])?;
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.status.success() && stdout.contains("Atlas"),
        "{stdout}{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let refused = cli_as_other_user(&["--db", &db_arg, "projects", "create", "Borealis"])?;
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.starts_with(&format!("preflight: cannot save to {db_arg}")),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))?;
    Ok(())
}

/// `preflight agenda` lists what comes due across active projects, overdue first, and its JSON
/// carries each item's kind, date, project and owner; `--owner` narrows it.
#[test]
fn the_agenda_lists_what_comes_due_overdue_first() -> Result {
    let profile = Profile::new()?;
    let sample = preflight_e2e::workspace_root().join("src-tauri/core/sample/northwind-pilot.json");
    let imported = profile.cli(&["import", sample.to_str().ok_or("path")?])?;
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let text = String::from_utf8(profile.cli(&["agenda", "--days", "60"])?.stdout)?;
    assert!(text.starts_with("Overdue\n"), "{text}");
    // Due 2026-11-15 and still in progress: overdue from then on.
    let backup = text
        .lines()
        .find(|l| l.contains("Backup and restore"))
        .ok_or_else(|| format!("no backup gap in {text}"))?;
    assert!(
        backup.contains("gap due") && backup.contains("Søren Dahl"),
        "{backup}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &profile
            .cli(&["agenda", "--json", "--owner", "amara"])?
            .stdout,
    )?;
    let items = json["items"].as_array().ok_or("items")?;
    assert!(!items.is_empty());
    for pair in items {
        assert!(
            pair[1]["owner"]
                .as_str()
                .is_some_and(|o| o.contains("Amara")),
            "{pair}"
        );
        assert!(
            pair[1]["date"].is_string() && pair[1]["kind"].is_string(),
            "{pair}"
        );
    }
    let archived = profile.cli(&["agenda", "--project", "no such project"])?;
    assert!(!archived.status.success());

    // The same dates as a calendar file: one event per item, the same UIDs every time, so a
    // calendar that imports a newer file updates its events.
    let all: serde_json::Value =
        serde_json::from_slice(&profile.cli(&["agenda", "--json", "--days", "365"])?.stdout)?;
    let expected = all["items"].as_array().ok_or("items")?.len();
    let ics = |_: u8| -> Result<String> {
        Ok(String::from_utf8(
            profile.cli(&["export", "ics", "-o", "-"])?.stdout,
        )?)
    };
    let first = ics(1)?;
    assert!(first.starts_with("BEGIN:VCALENDAR"), "{first}");
    assert_eq!(first.matches("BEGIN:VEVENT").count(), expected, "{first}");
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(uids(&first), uids(&ics(2)?));
    let file = profile.folder("cal")?.join("due.ics");
    let wrote = profile.cli(&[
        "export",
        "ics",
        "--owner",
        "amara",
        "-o",
        file.to_str().ok_or("path")?,
    ])?;
    assert!(
        wrote.status.success(),
        "{}",
        String::from_utf8_lossy(&wrote.stderr)
    );
    assert!(std::fs::read_to_string(&file)?.contains("Amara Okafor"));
    Ok(())
}
