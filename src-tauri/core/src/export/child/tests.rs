//! The report job in this process, and the window's side against stand-in children (shell
//! scripts) that answer, refuse, crash or flood their pipes.

use std::path::Path;

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::domain::framework::EIGHT_PILLARS;
use crate::domain::ProjectDraft;
use crate::stand_in::script as stand_in;

/// A database file with one project, and a job for its scorecard report into `dir`.
fn job_on_file(dir: &Path) -> ReportJob {
    let database = dir.join("plan.sqlite3");
    let store = Store::open(&database).expect("store");
    let draft = ProjectDraft {
        name: "Zoë's pilot".into(),
        ..ProjectDraft::default()
    };
    let project = store
        .create_project(&draft, EIGHT_PILLARS)
        .expect("project");
    ReportJob {
        database,
        project: project.id,
        kind: ReportKind::Scorecard,
        paper: Paper::Letter,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        audience: None,
        recipient: String::new(),
        output: dir.join("scorecard.pdf"),
    }
}

#[test]
fn a_job_writes_the_report_and_logs_one_for_an_audience() {
    let dir = tempfile::tempdir().expect("dir");
    let job = job_on_file(dir.path());
    let ReportReply::Written { bytes } = run(&job) else {
        panic!("not written: {:?}", run(&job));
    };
    let pdf = std::fs::read(&job.output).expect("the report");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(bytes, pdf.len());

    let board = ReportJob {
        audience: Some("board".into()),
        recipient: "Board of directors".into(),
        output: dir.path().join("board.pdf"),
        ..job.clone()
    };
    assert!(matches!(run(&board), ReportReply::Written { .. }));
    let log = Store::open(&job.database)
        .expect("store")
        .report_log(job.project)
        .expect("log");
    assert_eq!(
        log.len(),
        1,
        "the board's report is logged, the plain one is not"
    );
    assert_eq!(log[0].recipient, "Board of directors");
}

#[test]
fn a_refused_job_keeps_its_code_and_field_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let job = job_on_file(dir.path());
    let long = ReportJob {
        recipient: "x".repeat(1_000),
        ..job.clone()
    };
    let ReportReply::Failed(error) = run(&long) else {
        panic!("a 1,000-character recipient was taken");
    };
    assert_eq!(error.code, ErrorCode::Invalid);
    assert_eq!(error.field.as_deref(), Some("recipient"));

    let unknown = ReportJob {
        project: Uuid::now_v7(),
        ..job.clone()
    };
    assert!(matches!(
        run(&unknown),
        ReportReply::Failed(ErrorPayload {
            code: ErrorCode::NotFound,
            ..
        })
    ));
    assert!(!job.output.exists(), "nothing was written");

    // A job never creates a database where there was none.
    let missing = ReportJob {
        database: dir.path().join("gone.sqlite3"),
        ..job.clone()
    };
    assert!(matches!(
        run(&missing),
        ReportReply::Failed(ErrorPayload {
            code: ErrorCode::DatabaseUnavailable,
            ..
        })
    ));
    assert!(!missing.database.exists());
}

#[test]
fn jobs_and_replies_cross_as_the_documented_json() {
    let dir = tempfile::tempdir().expect("dir");
    let job = job_on_file(dir.path());
    let text = serde_json::to_value(&job).expect("JSON");
    assert_eq!(text["asOf"], "2026-11-30");
    assert_eq!(text["kind"], "scorecard");
    assert_eq!(
        serde_json::from_value::<ReportJob>(text).expect("read back"),
        job
    );
    assert_eq!(
        serde_json::to_string(&ReportReply::Written { bytes: 5 }).expect("JSON"),
        r#"{"written":{"bytes":5}}"#
    );
    // A job with a field this build does not know is refused, not half-read.
    let mut extra = serde_json::to_value(&job).expect("JSON");
    extra["author"] = "someone".into();
    assert!(serde_json::from_value::<ReportJob>(extra).is_err());
}

#[test]
fn the_window_sends_the_job_and_takes_the_childs_answer_or_error() {
    let dir = tempfile::tempdir().expect("dir");
    let job = job_on_file(dir.path());
    let received = dir.path().join("received.json");
    let answering = stand_in(
        dir.path(),
        "answering",
        &format!(
            "[ \"$1\" = {REPORT_ARG} ] || exit 9\ncat > '{}'\nprintf '{{\"written\":{{\"bytes\":1234}}}}'",
            received.display()
        ),
    );
    assert_eq!(export_report_in_child(&answering, &job), Ok(1234));
    let sent: ReportJob =
        serde_json::from_slice(&std::fs::read(&received).expect("job")).expect("a job");
    assert_eq!(sent, job);

    let refusing = stand_in(
        dir.path(),
        "refusing",
        r#"cat > /dev/null
printf '{"failed":{"code":"invalid","message":"must be one line","field":"recipient"}}'"#,
    );
    let error = export_report_in_child(&refusing, &job).expect_err("refused");
    assert_eq!(error.code, ErrorCode::Invalid);
    assert_eq!(error.field.as_deref(), Some("recipient"));
    assert_eq!(error.message, "must be one line");
}

#[test]
fn a_child_that_crashes_floods_or_is_missing_is_an_internal_error_with_its_last_words() {
    let dir = tempfile::tempdir().expect("dir");
    let job = job_on_file(dir.path());
    let crashing = stand_in(
        dir.path(),
        "crashing",
        "cat > /dev/null\necho 'thread main panicked at report/layout.rs:12' >&2\nkill -9 $$",
    );
    let error = export_report_in_child(&crashing, &job).expect_err("crashed");
    assert_eq!(error.code, ErrorCode::Internal);
    assert!(
        error.message.contains("panicked at report/layout.rs:12"),
        "{}",
        error.message
    );

    // Megabytes on both pipes: read up to the caps, the rest drained, no deadlock.
    let flooding = stand_in(
        dir.path(),
        "flooding",
        "head -c 3000000 /dev/zero >&2 &\nhead -c 3000000 /dev/zero\nwait",
    );
    let error = export_report_in_child(&flooding, &job).expect_err("no reply");
    assert_eq!(error.code, ErrorCode::Internal);

    // A reply of success from a child that then failed is not believed.
    let lying = stand_in(
        dir.path(),
        "lying",
        "cat > /dev/null\nprintf '{\"written\":{\"bytes\":1}}'\nexit 3",
    );
    assert!(export_report_in_child(&lying, &job).is_err());

    let missing = dir.path().join("no-such-program");
    let error = export_report_in_child(&missing, &job).expect_err("missing");
    assert!(error.message.contains("cannot start"), "{}", error.message);
    assert!(!job.output.exists());
}

/// A child that never answers is stopped at the deadline, and the export ends with a message
/// instead of waiting for ever.
#[test]
fn a_child_that_hangs_is_stopped_at_the_deadline() {
    let dir = tempfile::tempdir().expect("dir");
    let job = job_on_file(dir.path());
    let pid = dir.path().join("pid");
    let hanging = stand_in(
        dir.path(),
        "hanging",
        &format!("echo $$ > '{}'\nexec sleep 600", pid.display()),
    );
    let started = std::time::Instant::now();
    let error = export_report_within(&hanging, &job, std::time::Duration::from_secs(1))
        .expect_err("stopped");
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert_eq!(error.code, ErrorCode::Internal);
    assert!(
        error
            .message
            .contains("gave no answer in 1 s and was stopped"),
        "{}",
        error.message
    );
    let pid = std::fs::read_to_string(&pid).expect("pid");
    assert!(
        !Path::new(&format!("/proc/{}", pid.trim())).exists(),
        "the child is gone"
    );
    assert!(!job.output.exists());
}
