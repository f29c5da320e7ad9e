//! A PDF report rendered in a child process: the window program has the `preflight` command
//! beside it write the report, so the window carries no report layout, PDF writer or fonts.
//!
//! Why a child (issue #21): the report's code and its seven embedded fonts made 6–7 MB of the
//! window's binary, and a full report allocates some 80 MB for the tenth of a second it is
//! built, which glibc's allocator in the long-running window kept resident afterwards. The
//! `preflight` command renders with mimalloc (84 ms instead of 137 for the benchmark report, see
//! its `main.rs`) and gives everything back when it exits.
//!
//! The protocol: the window starts `preflight __export-report`, writes one [`ReportJob`] as
//! JSON to its standard input and closes it; the child opens the same database, exports as
//! [`super::export_report`] does (atomic write, then the log of reports sent) and writes one
//! [`ReportReply`] as JSON to its standard output. Errors keep their `{code, message, field}`
//! across the boundary, so the window shows them as if it had rendered the report itself.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{export_report, Output};
use crate::error::{CoreError, ErrorCode, ErrorPayload, Result};
use crate::report::{Paper, ReportKind, ReportOptions};
use crate::Store;

/// The hidden argument that makes `preflight` run one [`ReportJob`] from its standard input.
pub const REPORT_ARG: &str = "__export-report";

/// The most a job or a reply may be, in bytes. A job is a few hundred bytes (two paths, a
/// recipient of at most 200 characters); anything longer is not one.
const MESSAGE_CAP: u64 = 64 * 1024;

/// The most of the child's standard error kept for a message, in bytes (a panic's message and
/// place, or the loader's complaint).
const STDERR_CAP: u64 = 4 * 1024;

/// One report to write: what the window's export command received, with the database and the
/// file the save dialog chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportJob {
    /// The database file the window has open.
    pub database: PathBuf,
    /// The project to report on.
    pub project: Uuid,
    /// Which report, when no audience is given.
    pub kind: ReportKind,
    /// The paper size.
    pub paper: Paper,
    /// The date the report speaks for.
    pub as_of: NaiveDate,
    /// The audience's id or name; the report is then that audience's, and logged unless it is
    /// the team's.
    pub audience: Option<String>,
    /// Who the report goes to (empty for none).
    pub recipient: String,
    /// The file to write, replaced only once the report is complete.
    pub output: PathBuf,
}

/// The child's answer to a [`ReportJob`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ReportReply {
    /// The report was written; its size in bytes.
    Written {
        /// The PDF's size.
        bytes: usize,
    },
    /// Nothing was written (or an existing file was left as it was), for this reason.
    Failed(ErrorPayload),
}

/// How long the window waits for a report before it stops the child: far longer than any
/// report takes (the benchmark's 300 rows and gaps in 0.08 s, 3,000 gaps in well under 2), so
/// only a child that hangs meets it, and the window's export ends with a message instead of
/// waiting for ever.
pub const REPORT_DEADLINE: Duration = Duration::from_secs(5 * 60);

/// Has `program` (the `preflight` command) write the report `job` describes, and waits for it,
/// at most [`REPORT_DEADLINE`]. Returns the PDF's size in bytes.
///
/// # Errors
/// The child's own error as it reported it (an unknown project, a recipient that is too long,
/// a file that cannot be written: see [`super::export_report`]); an internal error naming
/// `program` when it cannot be started, when it ended without a readable reply (killed,
/// crashed), with the end of what it wrote to standard error, or when it gave no reply within
/// the deadline (it is then stopped).
pub fn export_report_in_child(
    program: &Path,
    job: &ReportJob,
) -> std::result::Result<usize, ErrorPayload> {
    export_report_within(program, job, REPORT_DEADLINE)
}

/// [`export_report_in_child`] with a deadline of `deadline`.
fn export_report_within(
    program: &Path,
    job: &ReportJob,
    deadline: Duration,
) -> std::result::Result<usize, ErrorPayload> {
    let internal = |message: String| ErrorPayload {
        code: ErrorCode::Internal,
        message,
        field: None,
    };
    let request = serde_json::to_vec(job)
        .map_err(|e| internal(format!("cannot describe the report to render: {e}")))?;
    let mut child = Command::new(program)
        .arg(REPORT_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            internal(format!(
                "cannot start {} to render the report ({e}); reinstall Preflight",
                program.display()
            ))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A child that died early closes the pipe; its exit status and stderr tell why.
        let _ = stdin.write_all(&request);
    }
    // The pipes are read on threads of their own, which end when the child closes them; the
    // wait for their bytes is the one bounded by the deadline. They are not joined after a
    // deadline, since a process the child started may hold a pipe open for longer.
    let (read, replied) = mpsc::channel();
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    std::thread::spawn(move || {
        let stderr = stderr.map(|e| std::thread::spawn(move || bounded(e, STDERR_CAP)));
        let reply = stdout.map(|o| bounded(o, MESSAGE_CAP));
        let stderr = stderr.and_then(|thread| thread.join().ok());
        let _ = read.send((reply.unwrap_or_default(), stderr.unwrap_or_default()));
    });
    let Ok((reply, stderr)) = replied.recv_timeout(deadline) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(internal(format!(
            "the report could not be written: {} gave no answer in {} s and was stopped; try \
             again, and if it happens again, report it",
            program.display(),
            deadline.as_secs_f64()
        )));
    };
    let status = child.wait().map_err(|e| {
        internal(format!(
            "lost the report process {} ({e})",
            program.display()
        ))
    })?;
    match serde_json::from_slice::<ReportReply>(&reply) {
        Ok(ReportReply::Written { bytes }) if status.success() => Ok(bytes),
        Ok(ReportReply::Failed(error)) => Err(error),
        _ => Err(internal(ended_without_reply(program, status, &stderr))),
    }
}

/// Reads at most `cap` bytes of `from`, then drains the rest so the writer never blocks on a
/// full pipe.
fn bounded(mut from: impl Read, cap: u64) -> Vec<u8> {
    let mut kept = Vec::new();
    let _ = (&mut from).take(cap).read_to_end(&mut kept);
    let _ = std::io::copy(&mut from, &mut std::io::sink());
    kept
}

/// The message for a report process that gave no reply: how it ended and the last line it
/// wrote to standard error.
fn ended_without_reply(program: &Path, status: ExitStatus, stderr: &[u8]) -> String {
    let said = String::from_utf8_lossy(stderr);
    let last = said.lines().rev().map(str::trim).find(|l| !l.is_empty());
    let mut message = format!(
        "the report could not be written: {} ended ({status}) without an answer",
        program.display()
    );
    if let Some(line) = last {
        message.push_str(": ");
        message.push_str(line);
    }
    message.push_str("; nothing was written — try again, and if it happens again, report it");
    message
}

/// The child's side of [`export_report_in_child`]: reads one [`ReportJob`] from standard input
/// (at most 64 KiB), runs it and writes its [`ReportReply`] to standard output. Exits 0 when a
/// reply was written (whatever it says), 2 when none could be.
pub fn run_report_job() -> ExitCode {
    let mut request = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(MESSAGE_CAP + 1)
        .read_to_end(&mut request);
    let reply = match read {
        Ok(n) if n as u64 > MESSAGE_CAP => refused("the report job is longer than 64 KiB"),
        Ok(_) => match serde_json::from_slice::<ReportJob>(&request) {
            Ok(job) => run(&job),
            Err(e) => refused(&format!("the report job is not readable: {e}")),
        },
        Err(e) => refused(&format!("cannot read the report job: {e}")),
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &reply)
        .map_err(std::io::Error::from)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("preflight: cannot answer the report job: {e}");
            ExitCode::from(2)
        }
    }
}

/// A job this child cannot take: an internal error, since only the window sends jobs.
fn refused(message: &str) -> ReportReply {
    ReportReply::Failed(ErrorPayload {
        code: ErrorCode::Internal,
        message: message.to_owned(),
        field: None,
    })
}

/// Runs `job` in this process: [`super::export_report`] on the job's database, with the date
/// format of its settings.
pub fn run(job: &ReportJob) -> ReportReply {
    match write_report(job) {
        Ok(bytes) => ReportReply::Written { bytes },
        Err(e) => ReportReply::Failed(e.payload()),
    }
}

fn write_report(job: &ReportJob) -> Result<usize> {
    if !job.database.is_file() {
        return Err(CoreError::Unreadable {
            path: job.database.clone(),
            reason: "there is no such file".into(),
        });
    }
    let store = Store::open(&job.database)?;
    let options = ReportOptions {
        kind: job.kind,
        paper: job.paper,
        as_of: job.as_of,
        author: String::new(),
        date_format: store.settings()?.date_format,
        audience: job
            .audience
            .as_deref()
            .map(|a| store.audience(a))
            .transpose()?,
        recipient: job.recipient.clone(),
    };
    export_report(&store, job.project, &options, Output::File(&job.output))
}

#[cfg(test)]
mod tests;
