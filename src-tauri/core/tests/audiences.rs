//! Reports per audience, read back as a reader would: internal notes only for the team, no
//! owner names for a customer, a board report of two pages however large the plan, the log of
//! reports sent with the SHA-256 of the file, and "since the last report" in the next one.

use preflight_core::domain::audience::Audience;
use preflight_core::domain::report_log::sha256_hex;
use preflight_core::domain::tables::TableKind;
use preflight_core::export::{self, Output};
use preflight_core::generated::{self, Size};
use preflight_core::report::{Paper, ReportKind, ReportOptions};
use preflight_core::Store;
use uuid::Uuid;

use crate::support::{artifact, as_of, info, options, sample, squash, text_of};

/// Options for `audience` (by id), as of the tests' date.
fn for_audience(store: &Store, audience: &str, recipient: &str) -> ReportOptions {
    ReportOptions {
        audience: Some(store.audience(audience).expect("audience")),
        recipient: recipient.to_owned(),
        ..options(ReportKind::Full, Paper::A4)
    }
}

/// Exports `project` for `audience` into a temporary folder and returns the file's text and
/// its path (kept under `target/report-artifacts/` as `name`).
fn export_text(
    store: &Store,
    project: Uuid,
    opts: &ReportOptions,
    name: &str,
) -> (String, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(name);
    export::export_report(store, project, opts, Output::File(&path)).expect("export");
    let bytes = std::fs::read(&path).expect("read");
    let kept = artifact(name, &bytes);
    (text_of(&kept, None), kept)
}

/// Gives a pillar, a gap and a stakeholder row of the sample an internal note.
fn with_secrets(store: &Store, project: Uuid) {
    let card = store.scorecard(project, as_of()).expect("scorecard");
    let mut pillar = card.pillars[0].draft();
    pillar.internal_note = "PILLAR-SECRET".into();
    store
        .update_pillar(card.pillars[0].id, &pillar)
        .expect("pillar");
    let board = store.gap_board(project, as_of()).expect("gaps");
    let mut gap = board.gaps[0].draft();
    gap.internal_note = "GAP-SECRET".into();
    store.update_gap(board.gaps[0].id, &gap).expect("gap");
    let row = store
        .table_rows(project, TableKind::Stakeholders)
        .expect("rows")[0]
        .id;
    store.set_row_internal_note(row, "ROW-SECRET").expect("row");
}

#[test]
fn internal_notes_reach_the_team_only_and_owners_stay_away_from_customers() {
    let (store, project) = sample();
    with_secrets(&store, project);
    let owners: Vec<String> = store
        .scorecard(project, as_of())
        .expect("scorecard")
        .pillars
        .iter()
        .map(|p| p.owner.clone())
        .filter(|o| !o.is_empty())
        .collect();
    assert!(!owners.is_empty(), "the sample names owners");
    for audience in ["team", "board", "auditor", "customer"] {
        let opts = for_audience(&store, audience, "");
        let (text, _) = export_text(&store, project, &opts, &format!("audience-{audience}.pdf"));
        for secret in ["PILLAR-SECRET", "GAP-SECRET", "ROW-SECRET"] {
            assert_eq!(
                text.contains(secret),
                audience == "team",
                "{secret} in the {audience} report"
            );
        }
        let title = opts.audience.as_ref().expect("audience").title();
        assert!(
            squash(&text).contains(&squash(&title)),
            "{audience}: {title}"
        );
        if audience == "customer" {
            for owner in &owners {
                assert!(
                    !text.contains(owner.as_str()),
                    "{owner} named for a customer"
                );
            }
            assert!(!text.contains("Vendors"), "no vendor table for a customer");
            assert!(text.contains("Regulatory readiness"), "{text}");
        }
        if audience == "auditor" {
            assert!(text.contains("Evidence appendix"), "{text}");
        }
    }
}

#[test]
fn a_board_report_is_two_pages_with_three_hundred_gaps_and_a_busy_quarter() {
    let store = Store::open_in_memory().expect("store");
    let project = generated::create(&store, "Benchmark", Size::BENCHMARK).expect("project");
    let opts = for_audience(&store, "board", "Acme Capital, Q4 board pack");
    let (_, first) = export_text(&store, project, &opts, "board-300-first.pdf");
    assert_eq!(info(&first, "Pages"), "2");
    // A busy quarter: every score moves, every gap changes, new critical gaps open.
    let card = store.scorecard(project, as_of()).expect("scorecard");
    for p in &card.pillars {
        let mut draft = p.draft();
        draft.current_score = Some(if p.current_score == Some(5) { 1.0 } else { 5.0 });
        store.update_pillar(p.id, &draft).expect("pillar");
    }
    let board = store.gap_board(project, as_of()).expect("gaps");
    for g in board.gaps.iter().take(150) {
        let mut draft = g.draft();
        draft.status = if g.is_active() {
            preflight_core::domain::GapStatus::Done
        } else {
            preflight_core::domain::GapStatus::Open
        };
        draft.priority = preflight_core::domain::Priority::Critical;
        draft.defer_reason = None;
        draft.revisit_on = None;
        store.update_gap(g.id, &draft).expect("gap");
    }
    let (text, second) = export_text(&store, project, &opts, "board-300-second.pdf");
    assert_eq!(info(&second, "Pages"), "2", "{text}");
    assert!(
        text.contains("Since the last report (2026-11-21)")
            && text.contains("That report went to Acme Capital, Q4 board pack."),
        "{text}"
    );
    assert!(text.contains("Top launch blockers"), "{text}");
    assert!(
        text.contains("and "),
        "long lists are counted, not printed: {text}"
    );
}

#[test]
fn the_log_keeps_the_file_fingerprint_and_the_next_report_says_what_moved() {
    let (store, project) = sample();
    let opts = for_audience(&store, "auditor", "Jane Roe, ISO 27001 pre-audit");
    let (first_text, first) = export_text(&store, project, &opts, "auditor-first.pdf");
    assert!(
        !first_text.contains("Since the last report"),
        "nothing to compare the first time"
    );
    let log = store.report_log(project).expect("log");
    assert_eq!(log.len(), 1);
    let sent = &log[0];
    assert_eq!(
        sent.sha256,
        sha256_hex(&std::fs::read(&first).expect("read"))
    );
    assert_eq!(
        (
            sent.audience_id.as_str(),
            sent.recipient.as_str(),
            sent.file_name.as_str()
        ),
        (
            "auditor",
            "Jane Roe, ISO 27001 pre-audit",
            "auditor-first.pdf"
        )
    );
    let milestones = store.milestones(project).expect("milestones");
    let marked = milestones
        .iter()
        .find(|m| Some(m.id) == sent.milestone_id)
        .expect("the send's milestone");
    assert_eq!(marked.sent_to, "Auditor (Jane Roe, ISO 27001 pre-audit)");

    // A score moves; the team's own report is not logged and does not count as "last".
    let card = store.scorecard(project, as_of()).expect("scorecard");
    let pillar = &card.pillars[0];
    let mut draft = pillar.draft();
    draft.current_score = Some(if pillar.current_score == Some(5) {
        4.0
    } else {
        5.0
    });
    store.update_pillar(pillar.id, &draft).expect("pillar");
    let team = for_audience(&store, "team", "");
    export_text(&store, project, &team, "team-between.pdf");
    assert_eq!(store.report_log(project).expect("log").len(), 1);

    let (text, _) = export_text(&store, project, &opts, "auditor-second.pdf");
    assert!(
        text.contains("Since the last report (2026-11-21)")
            && text.contains("That report went to Jane Roe, ISO 27001 pre-audit."),
        "{text}"
    );
    let before = pillar
        .current_score
        .map_or_else(|| "not scored".to_owned(), |s| s.to_string());
    let after = draft.current_score.expect("score").to_string();
    assert!(
        squash(&text).contains(&squash(&format!("{}: {before} → {after}", pillar.name))),
        "{text}"
    );
    assert_eq!(store.report_log(project).expect("log").len(), 2);

    // Replacing the project from a project file keeps this computer's log, the milestones'
    // "sent" mark and the reminder switch.
    store
        .set_project_reminders(project, false)
        .expect("reminders");
    let file = store
        .project_file(project, chrono::Utc::now())
        .expect("file")
        .to_json()
        .expect("json");
    let parsed = preflight_core::project_file::ProjectFile::parse(&file).expect("valid");
    store
        .import_project_file(&parsed, preflight_core::storage::ImportMode::Replace)
        .expect("replace");
    let log = store.report_log(project).expect("log");
    assert_eq!(log.len(), 2, "the log survives a replacement");
    assert!(log.iter().all(|s| s.milestone_id.is_some()));
    let marked = store.milestones(project).expect("milestones");
    assert_eq!(marked.iter().filter(|m| !m.sent_to.is_empty()).count(), 2);
    assert!(!store.project(project).expect("project").reminders);
}

#[test]
fn a_plain_report_still_prints_no_internal_notes_and_logs_nothing() {
    let (store, project) = sample();
    with_secrets(&store, project);
    let opts = options(ReportKind::Full, Paper::A4);
    let (text, _) = export_text(&store, project, &opts, "plain-full.pdf");
    assert!(!text.contains("SECRET"));
    assert!(store.report_log(project).expect("log").is_empty());
    let refused = ReportOptions {
        audience: Some(Audience::built_in_by_id("board").expect("board")),
        recipient: "two\nlines".into(),
        ..options(ReportKind::Full, Paper::A4)
    };
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("refused.pdf");
    assert!(export::export_report(&store, project, &refused, Output::File(&path)).is_err());
    assert!(!path.exists(), "a refused recipient writes nothing");
}
