//! Workshop mode end to end: the real window as the facilitator, three headless Chromium
//! phones as the room on the page the app serves. Join, vote, reveal, revote, consensus, end;
//! then the scorecard holds the consensus and the milestone exists. And the terminal mode.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use preflight_e2e::phone::PhoneDriver;
use preflight_e2e::{app_binary, check, today, wait_until, App, Profile, Result};

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
            "--notes",
        ])
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
