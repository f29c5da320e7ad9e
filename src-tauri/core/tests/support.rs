//! Shared fixtures and the poppler / qpdf probes the report tests use.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use preflight_core::domain::settings::DateFormat;
use preflight_core::domain::tables::{Cells, TableKind};
use preflight_core::report::{self, Paper, ReportKind, ReportOptions};
use preflight_core::Store;
use uuid::Uuid;

/// A store holding the sample project (it has Unicode names, every table and gaps).
pub fn sample() -> (Store, Uuid) {
    let store = Store::open_in_memory().expect("in-memory store");
    let project = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample created");
    (store, project.id)
}

/// The report date every test uses.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// Options for `kind` on `paper` as of [`as_of`].
pub fn options(kind: ReportKind, paper: Paper) -> ReportOptions {
    ReportOptions {
        kind,
        paper,
        as_of: as_of(),
        author: "Zoë Łukasiewicz".to_owned(),
        date_format: DateFormat::Iso,
        audience: None,
        recipient: String::new(),
    }
}

/// Renders `kind` of `project` on A4.
pub fn render(store: &Store, project: Uuid, kind: ReportKind) -> Vec<u8> {
    let data = store.report_data(project, as_of()).expect("report data");
    report::render(&data, &options(kind, Paper::A4)).expect("render")
}

/// Writes `bytes` under `target/report-artifacts/` (kept for people to look at) and returns
/// the path.
pub fn artifact(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/report-artifacts");
    std::fs::create_dir_all(&dir).expect("artifact dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write artifact");
    path
}

/// Runs a poppler or qpdf tool; a missing tool fails the test with the package to install.
pub fn tool(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}); install poppler-utils and qpdf (make test does)")
        });
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// The text of the PDF at `path` in content-stream order (`pdftotext -raw`), with every run of
/// white space (line and page breaks included) collapsed to one space.
pub fn text_of(path: &std::path::Path, pages: Option<(usize, usize)>) -> String {
    let path = path.to_str().expect("UTF-8 path");
    let mut args = vec!["-raw", "-enc", "UTF-8"];
    let range;
    if let Some((first, last)) = pages {
        range = (first.to_string(), last.to_string());
        args.extend(["-f", &range.0, "-l", &range.1]);
    }
    args.extend([path, "-"]);
    let (ok, text) = tool("pdftotext", &args);
    assert!(ok, "pdftotext failed: {text}");
    squash(&text)
}

/// Collapses every run of white space to one space.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `pdfinfo`'s value for `key`, e.g. `Pages`.
pub fn info(path: &std::path::Path, key: &str) -> String {
    let (ok, text) = tool("pdfinfo", &[path.to_str().expect("UTF-8 path")]);
    assert!(ok, "pdfinfo failed: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("pdfinfo has no {key}: {text}"))
}

/// Adds one North Star alignment row with these cells (column key, text).
pub fn add_alignment_row(store: &Store, project: uuid::Uuid, cells: &[(&str, &str)]) {
    let cells: Cells = cells
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    store
        .add_table_row(project, TableKind::Alignment, &cells, None)
        .expect("row");
}

/// A store with one project of the 8-pillar framework and nothing else.
pub fn empty_project(name: &str) -> (Store, uuid::Uuid) {
    let store = Store::open_in_memory().expect("store");
    let draft = preflight_core::domain::ProjectDraft {
        name: name.into(),
        ..Default::default()
    };
    let id = store
        .create_project(&draft, "eight-pillars")
        .expect("project")
        .id;
    (store, id)
}
