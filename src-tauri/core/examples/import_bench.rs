//! `make bench-import`: imports stay linear and hold the write lock only while they write.
//!
//! 1. Markdown: a checklist of N task items plus an alignment table of N rows, for N = 1,000,
//!    2,000, 4,000, 8,000 and 100,000, planned (outside any transaction) and imported into a
//!    fresh database; reports the plan time, the import (write transaction) time, and the
//!    microseconds per item, which stay flat when the import is linear.
//! 2. A project file of about 60 MB (100,000 alignment rows with long cells), read, validated
//!    and imported; reports the same split and the peak resident memory of this process.
//! 3. While the 100,000-item Markdown import runs, another connection creates a project; it
//!    must succeed within the 5-second busy timeout.
//!
//! Usage: `import_bench [--out DIR]`; the results also go to `DIR/import-bench.txt`
//! (default `target/bench`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use preflight_core::domain::framework::EIGHT_PILLARS;
use preflight_core::domain::ProjectDraft;
use preflight_core::markdown_import::{plan_sources, MarkdownTarget, Source};
use preflight_core::project_file::ProjectFile;
use preflight_core::storage::ImportMode;
use preflight_core::Store;

type Failure = Box<dyn std::error::Error>;

/// A readiness checklist with `n` task items and an alignment table with `n` rows.
fn markdown(n: usize) -> String {
    let mut text = String::from("# Production readiness\n\n## Reliability\n\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "- [ ] **Check {i}** – a failing dependency never takes checkout down ({i})"
        );
    }
    text.push_str("\n## North Star alignment\n\n");
    text.push_str("| Goal / Outcome | Success Metric | Deadline / Guardrail | Stakeholders | Risks & Mitigations |\n");
    text.push_str("|---|---|---|---|---|\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "| Goal {i}: clinics book without calls | {i}% confirmed | by Q{} | Zoë | none |",
            i % 4 + 1
        );
    }
    text
}

/// A project file of one project with `rows` alignment rows whose cells hold ~120 characters.
fn project_file(rows: usize) -> String {
    let cell = "São Paulo – Zürich – Kraków: bookings confirmed within a minute, p95 < 400 ms, \
                no lost bookings, on-call paged";
    let mut items = Vec::with_capacity(rows);
    for i in 0..rows {
        items.push(format!(
            r#"{{"id": "{}", "cells": {{"goal": "{i} {cell}", "successMetric": "{cell}", "guardrail": "{cell}", "stakeholders": "{cell}", "risks": "{cell}"}}}}"#,
            uuid::Uuid::now_v7()
        ));
    }
    format!(
        r#"{{"format": "preflight-project", "version": 1, "exportedAt": "2026-11-29T12:00:00Z",
            "project": {{"id": "{}", "name": "Bench", "stage": "pilot", "framework": "eight-pillars",
                         "createdAt": "2026-11-29T12:00:00Z"}},
            "tables": {{"alignment": [{}]}}}}"#,
        uuid::Uuid::now_v7(),
        items.join(",\n")
    )
}

/// Peak resident set of this process in KiB (`VmHWM` of `/proc/self/status`).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Failure> {
    let mut out = PathBuf::from("target/bench");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = PathBuf::from(args.next().ok_or("--out needs a folder")?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let dir = tempfile::tempdir()?;
    let mut report = String::from("import benchmark (items = task items + table rows)\n");
    for n in [1_000, 2_000, 4_000, 8_000, 100_000] {
        let db = dir.path().join(format!("md-{n}.sqlite3"));
        let store = Store::open(&db)?;
        let source = Source {
            name: "readiness.md".into(),
            text: markdown(n),
            encoding: None,
        };
        let start = Instant::now();
        let blocks = plan_sources(std::slice::from_ref(&source))?;
        let planned = start.elapsed();
        let target = MarkdownTarget::New(format!("Import {n}"));
        let (imported, waited) = if n == 100_000 {
            // A second connection writes while the import holds the write lock.
            let other = Store::open(&db)?;
            let writer = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                let start = Instant::now();
                let draft = ProjectDraft {
                    name: "Created meanwhile".into(),
                    ..ProjectDraft::default()
                };
                other
                    .create_project(&draft, EIGHT_PILLARS)
                    .map(|_| start.elapsed())
                    .map_err(|e| e.to_string())
            });
            let start = Instant::now();
            store.import_markdown(&target, &blocks)?;
            let imported = start.elapsed();
            (
                imported,
                Some(writer.join().map_err(|_| "writer panicked")?),
            )
        } else {
            let start = Instant::now();
            store.import_markdown(&target, &blocks)?;
            (start.elapsed(), None::<Result<Duration, String>>)
        };
        let items = 2 * n;
        let _ = writeln!(
            report,
            "markdown {n:>7} items×2: plan {:>8.1} ms, import {:>8.1} ms, {:>6.1} µs/item{}",
            planned.as_secs_f64() * 1e3,
            imported.as_secs_f64() * 1e3,
            imported.as_secs_f64() * 1e6 / items as f64,
            match waited {
                None => String::new(),
                Some(Ok(w)) => format!(
                    "; a concurrent create waited {:.0} ms and succeeded",
                    w.as_secs_f64() * 1e3
                ),
                Some(Err(e)) => format!("; a concurrent create FAILED: {e}"),
            }
        );
    }
    let text = project_file(100_000);
    let before = peak_kib();
    let start = Instant::now();
    let file = ProjectFile::parse(&text)?;
    let parsed = start.elapsed();
    let store = Store::open(&dir.path().join("file.sqlite3"))?;
    let start = Instant::now();
    store.import_project_file(&file, ImportMode::New)?;
    let imported = start.elapsed();
    let _ = writeln!(
        report,
        "project file {:.1} MB: parse+validate {:.0} ms, import {:.0} ms, peak RSS {} MiB \
         (before parsing {} MiB)",
        text.len() as f64 / 1e6,
        parsed.as_secs_f64() * 1e3,
        imported.as_secs_f64() * 1e3,
        peak_kib() / 1024,
        before / 1024
    );
    print!("{report}");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("import-bench.txt"), report)?;
    Ok(())
}
