//! Crash safety: a child process writes through the core while this test SIGKILLs it at random
//! moments, 50 times. After every kill the database must pass `integrity_check` and hold every
//! change the child reported as committed.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use preflight_core::domain::tables::TableKind;
use preflight_core::domain::ProjectView;
use preflight_core::storage::backup::integrity_check;
use preflight_core::Store;

const KILLS: usize = 50;

/// A small xorshift generator, seeded from the clock; the seed is printed so a failing run
/// can be repeated with `PREFLIGHT_CRASH_SEED`.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Every label stored: alignment goals and gap titles of every project.
fn stored_labels(db: &Path) -> HashSet<String> {
    let store = Store::open(db).expect("the database opens after a kill");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let mut labels = HashSet::new();
    for project in store.list_projects(ProjectView::Active).expect("projects") {
        for row in store
            .table_rows(project.id, TableKind::Alignment)
            .expect("rows")
        {
            labels.extend(row.cells.get("goal").cloned());
        }
        for gap in store.gap_board(project.id, today).expect("gaps").gaps {
            labels.insert(gap.title);
        }
    }
    labels
}

#[test]
fn killing_a_writer_at_random_moments_never_loses_a_commit_or_damages_the_database() {
    let seed = std::env::var("PREFLIGHT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64 | 1)
        });
    eprintln!("crash test seed: {seed}");
    let mut random = Random(seed);
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("crash.db");
    let mut committed: Vec<String> = Vec::new();
    for run in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_preflight-crash-writer"))
            .arg(&db)
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("committed ").map(str::to_owned))
                .collect::<Vec<_>>()
        });
        // Between 5 and 120 ms: sometimes during start-up and migration, mostly mid-write.
        std::thread::sleep(Duration::from_millis(5 + random.next() % 116));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        committed.extend(reader.join().expect("reader"));
        if !db.exists() {
            // Killed before it made the file (a slow start on a loaded machine): nothing
            // can have been committed, and there is nothing to check yet.
            assert!(
                committed.is_empty(),
                "commits without a database: {committed:?}"
            );
            continue;
        }

        let problems = integrity_check(&db).expect("integrity_check runs");
        assert!(
            problems.is_empty(),
            "after kill {run} (seed {seed}): {problems:?}"
        );
        let stored = stored_labels(&db);
        let lost: Vec<_> = committed.iter().filter(|l| !stored.contains(*l)).collect();
        assert!(
            lost.is_empty(),
            "after kill {run} (seed {seed}), lost {lost:?}"
        );
    }
    assert!(
        committed.len() > KILLS,
        "the writer should commit many changes in {KILLS} runs, got {}",
        committed.len()
    );
    eprintln!("{} commits survived {KILLS} kills", committed.len());
}
