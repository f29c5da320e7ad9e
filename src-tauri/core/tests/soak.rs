//! A bounded soak: four writers (two creating projects, two importing Markdown into new ones),
//! a backup taker, an exporter and a checker share one database file for a fixed time, each
//! through its own connection as separate processes would. Every acknowledged write must be
//! there afterwards, no write may fail with "database is locked" (every transaction is far
//! shorter than the busy timeout), and the file must pass `integrity_check`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use preflight_core::domain::framework::EIGHT_PILLARS;
use preflight_core::domain::{ProjectDraft, ProjectView};
use preflight_core::export::{self, Output};
use preflight_core::markdown_import::{plan_sources, MarkdownTarget, Source};
use preflight_core::storage::backup::integrity_check;
use preflight_core::Store;

/// How long the workers run.
const SOAK: Duration = Duration::from_secs(4);

/// Runs `work(round)` in a loop on its own connection until `stop`, and returns the names it
/// reports as acknowledged, or the first error.
fn worker(
    db: PathBuf,
    stop: Arc<AtomicBool>,
    work: impl Fn(&Store, usize) -> Result<Option<String>, String> + Send + 'static,
) -> JoinHandle<Result<Vec<String>, String>> {
    std::thread::spawn(move || {
        let store = Store::open(&db).map_err(|e| e.to_string())?;
        let mut acknowledged = Vec::new();
        let mut round = 0;
        while !stop.load(Ordering::Relaxed) {
            if let Some(name) = work(&store, round)? {
                acknowledged.push(name);
            }
            round += 1;
        }
        Ok(acknowledged)
    })
}

fn create(prefix: &'static str) -> impl Fn(&Store, usize) -> Result<Option<String>, String> {
    move |store, round| {
        let name = format!("{prefix} {round}");
        let draft = ProjectDraft {
            name: name.clone(),
            ..ProjectDraft::default()
        };
        match store.create_project(&draft, EIGHT_PILLARS) {
            Ok(_) => Ok(Some(name)),
            Err(e) => Err(format!("create {name}: {e}")),
        }
    }
}

fn import(prefix: &'static str) -> impl Fn(&Store, usize) -> Result<Option<String>, String> {
    move |store, round| {
        let name = format!("{prefix} {round}");
        let text = (0..40).fold(String::from("## Security\n\n"), |mut text, i| {
            text.push_str(&format!("- [ ] Control {i} of {name}\n"));
            text
        });
        let source = Source {
            name: "soak.md".into(),
            text,
            encoding: None,
        };
        let blocks = plan_sources(&[source]).map_err(|e| e.to_string())?;
        match store.import_markdown(&MarkdownTarget::New(name.clone()), &blocks) {
            Ok(_) => Ok(Some(name)),
            Err(e) => Err(format!("import {name}: {e}")),
        }
    }
}

fn side_work(
    dir: &Path,
) -> impl Fn(&Store, usize) -> Result<Option<String>, String> + Send + 'static {
    let out = dir.join("export.json");
    move |store, round| {
        std::thread::sleep(Duration::from_millis(40));
        match round % 3 {
            0 => store
                .backup_now()
                .map(drop)
                .map_err(|e| format!("backup: {e}")),
            1 => match store
                .list_projects(ProjectView::Active)
                .map_err(|e| e.to_string())?
                .first()
            {
                Some(p) => {
                    export::export_project_file(store, p.id, chrono::Utc::now(), Output::File(&out))
                        .map(drop)
                        .map_err(|e| format!("export: {e}"))
                }
                None => Ok(()),
            },
            _ => {
                let db = store.path().ok_or("no file")?;
                match integrity_check(db) {
                    Ok(problems) if problems.is_empty() => Ok(()),
                    Ok(problems) => Err(format!("check during the soak: {problems:?}")),
                    Err(e) => Err(format!("check: {e}")),
                }
            }
        }?;
        Ok(None)
    }
}

#[test]
fn four_writers_backups_exports_and_checks_share_one_database_without_loss_or_lock_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("soak.sqlite3");
    Store::open(&db).expect("create the database");
    let stop = Arc::new(AtomicBool::new(false));
    let workers = vec![
        worker(db.clone(), stop.clone(), create("Alpha")),
        worker(db.clone(), stop.clone(), create("Bravo")),
        worker(db.clone(), stop.clone(), import("Charlie")),
        worker(db.clone(), stop.clone(), import("Delta")),
        worker(db.clone(), stop.clone(), side_work(dir.path())),
    ];
    let started = Instant::now();
    std::thread::sleep(SOAK);
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    for worker in workers {
        let names = worker
            .join()
            .expect("no panic")
            .expect("no failed operation");
        acknowledged.extend(names);
    }
    assert!(
        acknowledged.len() > 20,
        "the soak did real work in {:?}: {} writes",
        started.elapsed(),
        acknowledged.len()
    );
    let store = Store::open(&db).expect("reopen");
    let stored: std::collections::HashSet<String> = store
        .list_projects(ProjectView::Active)
        .expect("list")
        .into_iter()
        .map(|p| p.name)
        .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|n| !stored.contains(*n))
        .collect();
    assert!(lost.is_empty(), "acknowledged but missing: {lost:?}");
    assert_eq!(integrity_check(&db).expect("check"), Vec::<String>::new());
    assert!(!store.backups().expect("backups").is_empty());
}
