//! The `preflight` command as the window's report writer: the window's own code
//! (core's `export::child::export_report_in_child`) against this very binary.

use std::path::Path;
use std::process::Command;

use preflight_core::export::child::{export_report_in_child, ReportJob};
use preflight_core::report::{Paper, ReportKind};
use preflight_core::ErrorCode;

mod common;

use common::preflight;

#[test]
fn the_command_writes_and_logs_the_report_the_window_asks_for() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = dir.path().join("plan.sqlite3");
    let created = preflight(&database, &["projects", "create", "Atlas", "--json"]);
    assert!(created.status.success(), "{created:?}");
    let project: serde_json::Value = serde_json::from_slice(&created.stdout).expect("JSON");
    let job = ReportJob {
        database: database.clone(),
        project: project["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("an id"),
        kind: ReportKind::Full,
        paper: Paper::A4,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        audience: Some("board".into()),
        recipient: "Board, December".into(),
        output: dir.path().join("Atlas board.pdf"),
    };
    let program = Path::new(env!("CARGO_BIN_EXE_preflight"));
    let bytes = export_report_in_child(program, &job).expect("written");
    let pdf = std::fs::read(&job.output).expect("the report");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(bytes, pdf.len());
    let log = preflight(&database, &["reports", "log", "--project", "Atlas"]);
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("Board, December"), "{log}");

    // The child's refusal arrives with its code and field.
    let refused = ReportJob {
        recipient: "two\nlines".into(),
        output: dir.path().join("refused.pdf"),
        ..job
    };
    let error = export_report_in_child(program, &refused).expect_err("refused");
    assert_eq!(error.code, ErrorCode::Invalid);
    assert_eq!(error.field.as_deref(), Some("recipient"));
    assert!(!refused.output.exists());
}

#[test]
fn the_report_writer_refuses_what_is_not_a_job() {
    use std::io::Write;
    for input in [&b"{\"database\": 1}"[..], &[b'x'; 70_000][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_preflight"))
            .arg("__export-report")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        // The child stops reading at 64 KiB; the rest may meet a closed pipe.
        let _ = child.stdin.take().expect("stdin").write_all(input);
        let out = child.wait_with_output().expect("ends");
        let reply: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a reply");
        assert_eq!(reply["failed"]["code"], "internal", "{reply}");
    }
}
