//! `make bench-sharing`: team sharing at size (issue #22).
//!
//! On a generated project with 1,000 gaps and 300 alignment rows:
//! 1. the shared document's size (Automerge's saved form) against the project file's;
//! 2. loading that document, and reading its plan;
//! 3. merging 1,000 changes from another device (one field each), the goal being < 100 ms;
//! 4. a whole `Store::sync_project` that takes those 1,000 changes in and rewrites the
//!    project's tables, and one that finds nothing new.
//!
//! Medians of `--runs` (default 5). Usage: `sharing_bench [--runs N] [--out DIR]`; the results
//! also go to `DIR/sharing-bench.txt` (default `target/bench`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{Automerge, ObjType, ReadDoc, Value, ROOT};
use preflight_core::generated::{self, Size};
use preflight_core::sharing::document::{self, Device};
use preflight_core::sharing::folder;
use preflight_core::Store;

type Failure = Box<dyn std::error::Error>;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Device `device`'s document with `n` changes of one gap's notes each, made on top of `doc`.
fn changes_elsewhere(doc: &Automerge, n: usize, device: u128) -> Result<Automerge, Failure> {
    let teammate = Device {
        id: uuid::Uuid::from_u128(device),
        name: "Bo".to_owned(),
    };
    let device = teammate.id;
    let mut other = doc.fork().with_actor(teammate.actor());
    let Some((Value::Object(_), plan)) = other.get(ROOT, "plan")? else {
        return Err("no plan".into());
    };
    let Some((Value::Object(_), gaps)) = other.get(&plan, "gaps")? else {
        return Err("no gaps".into());
    };
    let ids: Vec<String> = other.keys(&gaps).collect();
    for i in 0..n {
        let id = &ids[i % ids.len()];
        let Some((Value::Object(ObjType::Map), gap)) = other.get(&gaps, id.as_str())? else {
            return Err("no gap".into());
        };
        let mut tx = other.transaction();
        // A value the field does not have yet: Automerge records no change for a put that
        // writes the value already there.
        tx.put(
            &gap,
            "notes",
            format!("Checked by device {device}, round {i}"),
        )?;
        tx.commit_with(CommitOptions::default().with_message(format!("change {i}")));
    }
    Ok(other)
}

fn main() -> Result<(), Failure> {
    let mut runs = 5_usize;
    let mut out = PathBuf::from("target/bench");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().ok_or("--runs N")?.parse()?,
            "--out" => out = PathBuf::from(args.next().ok_or("--out DIR")?),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let dir = tempfile::tempdir()?;
    let shared = dir.path().join("share");
    std::fs::create_dir(&shared)?;
    let ada = Store::open(&dir.path().join("ada.sqlite3"))?;
    ada.set_device_name("Ada")?;
    let size = Size {
        alignment_rows: 300,
        gaps: 1_000,
        milestones: 3,
    };
    let project = generated::create(&ada, "Bench", size)?;
    let file_bytes = ada
        .project_file(project, chrono::Utc::now())?
        .to_json()?
        .len();

    let started = Instant::now();
    ada.share_project(project, &shared)?;
    let share_time = started.elapsed();
    let (ada_id, _) = ada.device()?;
    let doc_path = folder::device_file(&shared, project, ada_id);
    let doc_bytes = std::fs::read(&doc_path)?;

    let mut load = Vec::new();
    let mut read = Vec::new();
    let mut merge = Vec::new();
    let mut sync_in = Vec::new();
    let mut sync_quiet = Vec::new();
    for run in 0..runs {
        let started = Instant::now();
        let doc = Automerge::load(&doc_bytes)?;
        load.push(started.elapsed());
        let started = Instant::now();
        let plan = document::state(&doc)?;
        read.push(started.elapsed());
        assert!(plan["gaps"].as_array().map_or(0, Vec::len) == 1_000);

        let mut other = changes_elsewhere(&doc, 1_000, 42)?;
        let mut mine = doc.fork();
        let started = Instant::now();
        mine.merge(&mut other)?;
        merge.push(started.elapsed());
        assert_eq!(mine.get_heads(), other.get_heads());

        // Through the store: a new teammate's file with 1,000 changes lands in the folder.
        let teammate = 100 + run as u128;
        let from_ada = Automerge::load(&std::fs::read(&doc_path)?)?;
        let theirs = changes_elsewhere(&from_ada, 1_000, teammate)?;
        let file = folder::device_file(&shared, project, uuid::Uuid::from_u128(teammate));
        std::fs::write(&file, theirs.save())?;
        let started = Instant::now();
        let report = ada.sync_project(project)?;
        sync_in.push(started.elapsed());
        assert!(report.applied && report.changes_in > 0, "{report:?}");
        let started = Instant::now();
        let report = ada.sync_project(project)?;
        sync_quiet.push(started.elapsed());
        assert!(!report.applied, "{report:?}");
    }

    let mut text = String::new();
    writeln!(
        text,
        "Team sharing: 1,000 gaps, 300 alignment rows, 3 milestones; medians of {runs}"
    )?;
    writeln!(
        text,
        "project file                     {:>10} bytes",
        file_bytes
    )?;
    writeln!(
        text,
        "shared document (saved)          {:>10} bytes ({:.2}× the project file)",
        doc_bytes.len(),
        doc_bytes.len() as f64 / file_bytes as f64
    )?;
    writeln!(
        text,
        "share (first document, written)  {:>10}",
        ms(share_time)
    )?;
    writeln!(
        text,
        "load the document                {:>10}",
        ms(median(load))
    )?;
    writeln!(
        text,
        "read its plan                    {:>10}",
        ms(median(read))
    )?;
    writeln!(
        text,
        "merge 1,000 changes              {:>10}   goal < 100 ms",
        ms(median(merge))
    )?;
    writeln!(text, "sync taking 1,000 changes in     {:>10}   (read folder, record, merge, rewrite tables, write file)", ms(median(sync_in)))?;
    writeln!(
        text,
        "sync with nothing new            {:>10}",
        ms(median(sync_quiet))
    )?;
    print!("{text}");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("sharing-bench.txt"), text)?;
    Ok(())
}
