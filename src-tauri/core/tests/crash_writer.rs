//! The child process of the crash-safety test: makes small changes through the core, one
//! transaction each, and prints `committed <label>` after each commit returns, until killed.
//!
//! Usage: `preflight-crash-writer DB RUN`. Labels are `RUN-<n>` so the parent can tell the
//! runs apart. Every tenth change is a gap, the others are alignment rows of one project.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use preflight_core::domain::tables::{Cells, TableKind};
use preflight_core::domain::{GapDraft, Priority, ProjectDraft, ProjectView};
use preflight_core::Store;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(run)) = (args.next(), args.next()) else {
        eprintln!("usage: preflight-crash-writer DB RUN");
        return ExitCode::FAILURE;
    };
    match write_until_killed(&PathBuf::from(db), &run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("preflight-crash-writer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_until_killed(db: &Path, run: &str) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(db)?;
    let project = match store.list_projects(ProjectView::Active)?.into_iter().next() {
        Some(p) => p,
        None => store.create_project(
            &ProjectDraft {
                name: "Crash test".into(),
                ..ProjectDraft::default()
            },
            "four-pillars",
        )?,
    };
    let mut out = std::io::stdout().lock();
    for n in 0_u64.. {
        let label = format!("{run}-{n}");
        if n % 10 == 9 {
            store.add_gap(
                project.id,
                &GapDraft::new(&label, "Reliability", Priority::Recommended),
            )?;
        } else {
            let cells = Cells::from([("goal".to_owned(), label.clone())]);
            store.add_table_row(project.id, TableKind::Alignment, &cells, None)?;
        }
        // Printed only once the commit has returned: the parent expects to find every label
        // it has read.
        writeln!(out, "committed {label}")?;
        out.flush()?;
    }
    Ok(())
}
