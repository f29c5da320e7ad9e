//! Workshop mode end to end: the real window as the facilitator, three headless Chromium
//! phones as the room on the page the app serves. Join, vote, reveal, revote, consensus, end;
//! then the scorecard holds the consensus and the milestone exists. And the terminal mode.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

use preflight_e2e::phone::PhoneDriver;
use preflight_e2e::{app_binary, check, today, wait_until, App, Profile, Result};

/// Starts `preflight workshop run` on the project "atlas" on loopback with `extra` options;
/// returns the process, its output after the first line, and the join URL that line gave.
fn run_workshop(
    profile: &Profile,
    extra: &[&str],
) -> Result<(Child, BufReader<ChildStdout>, String)> {
    let mut child = Command::new(app_binary())
        .arg("--db")
        .arg(profile.db())
        .args([
            "workshop",
            "run",
            "--project",
            "atlas",
            "--listen",
            "127.0.0.1:0",
        ])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("stdout")?);
    let mut first = String::new();
    stdout.read_line(&mut first)?;
    let url = first
        .strip_prefix("join: ")
        .ok_or_else(|| format!("the first line is not the join URL: {first:?}"))?
        .trim()
        .to_owned();
    Ok((child, stdout, url))
}

async fn voted(app: &App, expected: &str) -> Result {
    app.wait_for_text_containing("workshop-voted", expected)
        .await
}

#[tokio::test]
async fn the_room_votes_from_phones_and_the_agreed_score_lands_in_the_scorecard() -> Result {
    let profile = Profile::new()?;
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    let first_pillar = app.value("pillar-name").await?;
    app.click("run-workshop").await?;
    app.find("workshop-setup").await?;
    app.click("workshop-start").await?;
    app.find("workshop-room").await?;
    app.wait_for_text("workshop-pillar-name", &first_pillar)
        .await?;
    let url = app.text("workshop-url").await?;
    assert!(url.starts_with("http://") && url.contains("/w/"), "{url}");
    let code = app.text("workshop-code").await?;
    assert_eq!(code.len(), 6, "{code}");

    let phones = PhoneDriver::start()?;
    let zoe = phones.phone("zoe").await?;
    let sam = phones.phone("sam").await?;
    let ana = phones.phone("ana").await?;
    zoe.join(&url, "Zoë").await?;
    sam.join(&url, "Sam").await?;
    ana.join(&url, "Ana").await?;
    zoe.wait_for_text(&first_pillar).await?;
    zoe.screenshot("workshop-phone-390x844").await?;

    // Round 1: a wide spread, and a note.
    zoe.vote(Some(2)).await?;
    sam.vote(Some(4)).await?;
    ana.vote(None).await?;
    voted(&app, "3 of 3 voted").await?;
    app.screenshot("workshop-voting").await?;
    app.click("workshop-reveal").await?;
    app.wait_for_text("votes-2", "1").await?;
    app.wait_for_text("votes-4", "1").await?;
    app.wait_for_text("votes-dont-know", "1").await?;
    app.wait_for_text("workshop-median", "3").await?;
    zoe.wait_for_text("The votes are on the screen").await?;

    // Round 2 after the talk: the room converges.
    app.click("workshop-revote").await?;
    voted(&app, "0 of 3 voted").await?;
    for phone in [&zoe, &sam, &ana] {
        phone.wait_for_text("Round 2").await?;
    }
    zoe.vote(Some(4)).await?;
    sam.vote(Some(4)).await?;
    ana.vote(Some(3)).await?;
    // A phone that reloads (it dropped off the Wi-Fi) is the same participant with its vote.
    ana.client.refresh().await?;
    ana.wait_for_text("Joined as Ana").await?;
    ana.wait_for_text("Your vote is in: 3").await?;
    voted(&app, "3 of 3 voted").await?;
    app.click("workshop-reveal").await?;
    app.wait_for_text("workshop-median", "4").await?;
    for size in [(1920_u32, 1080_u32), (1024, 768)] {
        app.client.set_window_size(size.0, size.1).await?;
        app.screenshot(&format!("workshop-reveal-{}x{}", size.0, size.1))
            .await?;
    }
    app.fill("workshop-rationale", "Restores are tested monthly now")
        .await?;
    app.click("workshop-agree").await?;
    app.wait_for_text_containing("workshop-agreed", "recorded: 4")
        .await?;
    app.click("workshop-next").await?;
    app.wait_for_text_containing("workshop-where", "Pillar 2 of")
        .await?;

    app.click("workshop-end").await?;
    app.click("confirm-ok").await?;
    wait_until("the room to close", || async {
        let open = app.exists("workshop-room").await?;
        Ok(check(!open, open))
    })
    .await?;
    zoe.wait_for_text("The workshop has ended").await?;
    for phone in [zoe, sam, ana] {
        phone.close().await?;
    }
    app.click("tab-scorecard").await?;
    wait_until("the agreed score in the scorecard", || async {
        let score = app.find("pillar-current").await?.attr("data-value").await?;
        Ok(check(score.as_deref() == Some("4"), score))
    })
    .await?;
    app.click("tab-milestones").await?;
    wait_until("the workshop's milestone", || async {
        let text = app
            .client
            .execute("return document.body.innerText;", vec![])
            .await?;
        let text = text.as_str().unwrap_or_default().to_owned();
        Ok(check(
            text.contains(&format!("Workshop {}", today())),
            "no milestone",
        ))
    })
    .await?;
    app.quit().await
}

#[tokio::test]
async fn the_terminal_runs_a_workshop_and_end_records_it() -> Result {
    let profile = Profile::new()?;
    let created = profile.cli(&["projects", "create", "Atlas"])?;
    assert!(created.status.success());
    let (mut child, mut stdout, url) = run_workshop(&profile, &["--notes"])?;

    let phones = PhoneDriver::start()?;
    let phone = phones.phone("solo").await?;
    phone.join(&url, "Zoë").await?;
    phone.vote(Some(3)).await?;
    let mut stdin = child.stdin.take().ok_or("stdin")?;
    writeln!(stdin, "reveal")?;
    writeln!(stdin, "agree 3 one voice, one score")?;
    writeln!(stdin, "end")?;
    drop(stdin);
    phone.wait_for_text("The workshop has ended").await?;
    phone.close().await?;
    let status = child.wait()?;
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest)?;
    assert!(status.success(), "{rest}");
    assert!(rest.contains("1 of 1 voted (Zoë)"), "{rest}");
    assert!(rest.contains("median 3"), "{rest}");
    assert!(rest.contains("ended: 1 agreed scores written"), "{rest}");
    let table = profile.cli(&[
        "export",
        "md",
        "--project",
        "atlas",
        "--table",
        "scorecard",
        "-o",
        "-",
    ])?;
    let table = String::from_utf8(table.stdout)?;
    let first_row = table.lines().nth(4).unwrap_or_default();
    assert_eq!(
        first_row.split('|').nth(2).map(str::trim),
        Some("3"),
        "{table}"
    );
    Ok(())
}

#[tokio::test]
async fn without_a_network_the_room_passes_the_laptop_and_remote_votes_come_as_files() -> Result {
    let profile = Profile::new()?;
    // The sample is created on the window's first start; a remote participant's own Preflight
    // then writes their scores as a votes file.
    let app = profile.launch().await?;
    app.find("radar-chart").await?;
    app.quit().await?;
    let votes = profile.folder("votes")?.join("rita.json");
    let out = profile.cli(&[
        "workshop",
        "export-votes",
        "--project",
        "Northwind Pilot — readiness",
        "--name",
        "Remote Rita",
        "-o",
        votes.to_str().ok_or("path")?,
    ])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&votes)?;
    assert!(
        written.contains("\"format\": \"preflight-votes\""),
        "{written}"
    );

    let open = votes.display().to_string();
    let app = profile
        .launch_with(&[("PREFLIGHT_TEST_OPEN_PATH", open.as_str())])
        .await?;
    app.find("radar-chart").await?;
    app.click("run-workshop").await?;
    app.click("workshop-start").await?;
    app.find("workshop-room").await?;

    // Two people vote privately on the facilitator's laptop.
    app.click("workshop-pass").await?;
    for (name, score) in [("Lea", "pass-score-2"), ("Tom", "pass-dont-know")] {
        app.fill("pass-name", name).await?;
        app.click(score).await?;
        app.click("pass-cast").await?;
        app.wait_for_text_containing("pass-thanks", &format!("Thank you, {name}."))
            .await?;
        let shown = app.text("pass-thanks").await?;
        assert!(
            !shown.contains('2'),
            "the thank-you screen hides the vote: {shown}"
        );
        app.screenshot("workshop-pass-the-laptop").await?;
        if name == "Lea" {
            app.click("pass-next").await?;
            assert_eq!(
                app.value("pass-name").await?,
                "",
                "the next person starts blank"
            );
        } else {
            app.click("pass-done").await?;
        }
    }
    voted(&app, "2 of 2 voted").await?;
    // A name already in the room changes that vote, and says so.
    app.click("workshop-pass").await?;
    app.fill("pass-name", "lea").await?;
    app.click("pass-score-3").await?;
    app.click("pass-cast").await?;
    app.wait_for_text_containing("pass-replaced", "replaced an earlier vote as “lea”")
        .await?;
    app.click("pass-done").await?;
    voted(&app, "2 of 2 voted").await?;
    // The remote vote arrives as a file.
    app.click("workshop-import-votes").await?;
    app.wait_for_text_containing("toast", "Imported 8 votes from 1 file (1 new participant)")
        .await?;
    voted(&app, "3 of 3 voted").await?;
    app.click("workshop-reveal").await?;
    app.wait_for_text("votes-2", "0").await?;
    app.wait_for_text("votes-3", "1").await?;
    app.wait_for_text("votes-dont-know", "1").await?;
    app.quit().await
}

#[test]
fn the_terminal_imports_votes_files_into_the_running_workshop() -> Result {
    let profile = Profile::new()?;
    let created = profile.cli(&["projects", "create", "Atlas", "--framework", "four-pillars"])?;
    assert!(created.status.success());
    let file = profile.folder("votes")?.join("ahmed.json");
    std::fs::write(
        &file,
        r#"{"format": "preflight-votes", "version": 1, "participant": "Async Ahmed",
            "votes": [{"pillar": "Reliability", "score": 4}, {"pillar": "Cost", "score": 2}]}"#,
    )?;
    let path = file.to_str().ok_or("path")?;
    let refused = profile.cli(&["workshop", "import-votes", "--project", "atlas", path])?;
    assert!(!refused.status.success(), "no workshop runs yet");
    assert!(String::from_utf8(refused.stderr)?.contains("no workshop is running"));

    let (mut child, _stdout, _url) = run_workshop(&profile, &[])?;
    let imported = profile.cli(&["workshop", "import-votes", "--project", "atlas", path])?;
    let said = String::from_utf8(imported.stdout)?;
    assert!(imported.status.success(), "{said}");
    assert!(
        said.contains("imported 1 vote from 1 file (1 new participant)"),
        "{said}"
    );
    assert!(
        said.contains("left out: Async Ahmed: no pillar named \u{201c}Cost\u{201d}"),
        "{said}"
    );
    let mut stdin = child.stdin.take().ok_or("stdin")?;
    writeln!(stdin, "end")?;
    drop(stdin);
    assert!(child.wait()?.success());
    let record = profile.cli(&["export", "json", "--project", "atlas", "-o", "-"])?;
    let record: serde_json::Value = serde_json::from_slice(&record.stdout)?;
    assert_eq!(
        record["workshops"][0]["participants"][0]["name"],
        "Async Ahmed"
    );
    assert_eq!(record["workshops"][0]["votes"][0]["score"], 4);
    Ok(())
}
