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
