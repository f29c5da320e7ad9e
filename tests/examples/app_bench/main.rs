//! `make bench-app` (issue #21): how fast the window starts and answers, how much memory it
//! takes, and how fast the CLI starts, on the sample database and on 100 projects of 1,000
//! gaps each; each figure the median of several runs, with the goal beside it.
//!
//! On a fresh copy of the database each run, under Xvfb (`PREFLIGHT_BIN` names the
//! `preflight` command), it measures:
//! 1. launch to interactive, as a user starts it: from the start of the `preflight` process
//!    (`/proc/PID/stat`) to the "window interactive" line of its log, written when the UI
//!    says its project list and open project are drawn; then the same through WebDriver (as
//!    the end-to-end tests drive it: tauri-driver, WebKitWebDriver), cut into phases by the
//!    page's navigation start and its `preflight:script`, `preflight:mounted` and
//!    `preflight:interactive` User Timing marks;
//! 2. memory: the proportional set size (PSS, `/proc/PID/smaps`) of the app process and of
//!    each WebKit process it started, two seconds after it is interactive (no WebDriver), and
//!    the part of it the shared libraries take (WebKitGTK, JavaScriptCore, Mesa's LLVM, GTK),
//!    with the largest three of each process;
//! 3. opening the Gaps tab: from the click to the end of the first frame drawn with the gap
//!    rows (laid out and painted), timed inside the page, and then each action of
//!    [`actions::ACTIONS`] (filter, sort, open the form, save, change a status, open the
//!    Scorecard tab, open the Gaps tab again, open the Agenda) to the end of the frame that
//!    shows its result;
//! 4. `preflight --version` and `preflight projects list` as whole processes.
//!
//! Usage: `app_bench [--runs N] [--out DIR] [--databases DIR]` (N at least 5).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use preflight_core::generated::{self, Size};
use preflight_core::Store;
use preflight_e2e::{app_binary, display, terminate, wait_until, App, Result};
use serde_json::json;

mod actions;
mod procfs;

use actions::{ACTIONS, TIMED};
use procfs::{app_pid, memory_of, process_start_ms, ProcessMemory};

/// Projects and gaps of the large database (the 100 × 1,000).
const PROJECTS: usize = 100;
const GAPS: usize = 1_000;

#[tokio::main]
async fn main() -> Result {
    let (runs, out, keep) = args()?;
    std::fs::create_dir_all(&out)?;
    let dir = tempfile::tempdir()?;
    // The generated databases, kept in `--databases DIR` between runs when given.
    let made_in = keep.unwrap_or_else(|| dir.path().to_owned());
    std::fs::create_dir_all(&made_in)?;
    let sample = made_in.join("sample.sqlite3");
    if !sample.exists() {
        Store::open(&sample)?
            .seed_sample_on_first_start()?
            .ok_or("the sample was not created")?;
    }
    let large = made_in.join("large.sqlite3");
    // Written once the large database is complete, so an interrupted run makes it again.
    let complete = made_in.join("large.complete");
    if !complete.exists() {
        let made = Instant::now();
        let _ = std::fs::remove_file(&large);
        {
            let store = Store::open(&large)?;
            let size = Size {
                gaps: GAPS,
                ..Size::BENCHMARK
            };
            for i in 0..PROJECTS {
                generated::create(&store, &format!("Project {i:03}"), size)?;
            }
        }
        std::fs::write(&complete, "")?;
        eprintln!(
            "app_bench: {PROJECTS} projects × {GAPS} gaps made in {:.0} s",
            made.elapsed().as_secs_f64()
        );
    }
    let megabytes = std::fs::metadata(&large)?.len() as f64 / 1e6;
    eprintln!("app_bench: {PROJECTS} projects × {GAPS} gaps, {megabytes:.0} MB");

    let mut report = format!("Preflight app benchmark, median of {runs} runs\n");
    for (index, (name, db, gaps_goal, launch_goal)) in [
        ("sample database", &sample, 50.0, 400.0),
        ("100 projects × 1,000 gaps", &large, 100.0, 500.0),
    ]
    .into_iter()
    .enumerate()
    {
        let mut direct = Vec::new();
        for run in 0..runs {
            let copy = dir.path().join(format!("direct-{index}-run-{run}"));
            std::fs::create_dir_all(&copy)?;
            let db_copy = copy.join("preflight.sqlite3");
            copy_database(db, &db_copy)?;
            direct.push(direct_launch(&db_copy)?);
        }
        let mut launches = Vec::new();
        for run in 0..runs {
            // A folder of its own per run: the app leaves its WAL, backups and webview data.
            let copy = dir.path().join(format!("database-{index}-run-{run}"));
            std::fs::create_dir_all(&copy)?;
            let db_copy = copy.join("preflight.sqlite3");
            copy_database(db, &db_copy)?;
            launches.push(one_launch(&db_copy).await?);
        }
        let each =
            |of: &dyn Fn(&Launch) -> f64| median(&mut launches.iter().map(of).collect::<Vec<_>>());
        report += &format!("{name}\n");
        let mut started: Vec<f64> = direct.iter().map(|d| d.0).collect();
        report += &line(
            "launch to interactive",
            median(&mut started),
            "ms",
            launch_goal,
        );
        report += &format!(
            "    {:<32} {:>8.0} ms\n",
            "the same under WebDriver",
            each(&|l| l.total)
        );
        for (i, phase) in PHASES.iter().enumerate() {
            report += &format!("      {phase:<30} {:>8.0} ms\n", each(&|l| l.phases[i]));
        }
        report += &line("open the Gaps tab", each(&|l| l.gaps_tab), "ms", gaps_goal);
        for (i, action) in ACTIONS.iter().enumerate() {
            report += &line(action.0, each(&|l| l.actions[i]), "ms", 50.0);
        }
        let memory: Vec<&Vec<ProcessMemory>> = direct.iter().map(|d| &d.1).collect();
        let sum = |of: &dyn Fn(&ProcessMemory) -> f64| {
            median(
                &mut memory
                    .iter()
                    .map(|m| m.iter().map(of).sum())
                    .collect::<Vec<_>>(),
            )
        };
        report += &line(
            "memory, all processes (PSS)",
            sum(&|p| p.total),
            "MiB",
            200.0,
        );
        report += &format!(
            "    of which shared libraries        {:>8.0} MiB\n",
            sum(&|p| p.libraries)
        );
        for process in memory.first().copied().unwrap_or(&Vec::new()) {
            let of_this = |of: &dyn Fn(&ProcessMemory) -> f64| {
                median(
                    &mut memory
                        .iter()
                        .filter_map(|m| m.iter().find(|p| p.name == process.name).map(of))
                        .collect::<Vec<_>>(),
                )
            };
            let largest: Vec<String> = process
                .largest
                .iter()
                .map(|(lib, mib)| format!("{lib} {mib:.0}"))
                .collect();
            report += &format!(
                "    {:<32} {:>8.0} MiB  (libraries {:.0}: {})\n",
                process.name,
                of_this(&|p| p.total),
                of_this(&|p| p.libraries),
                largest.join(", ")
            );
        }
    }
    report += "CLI (whole process)\n";
    for (what, command, goal) in [
        ("preflight --version", &["--version"][..], 10.0),
        ("preflight projects list", &["projects", "list"][..], 20.0),
    ] {
        let mut took = Vec::new();
        for _ in 0..=runs {
            let start = Instant::now();
            let status = Command::new(app_binary())
                .arg("--db")
                .arg(&large)
                .args(command)
                .stdout(std::process::Stdio::null())
                .status()?;
            if !status.success() {
                return Err(format!("{what} failed: {status}").into());
            }
            took.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        took.remove(0);
        report += &line(what, median(&mut took), "ms", goal);
    }
    print!("{report}");
    std::fs::write(out.join("app-bench.txt"), &report)?;
    Ok(())
}

/// Copies the database `from` to `to` with its write-ahead log, if one is left.
fn copy_database(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)?;
    let wal = |p: &Path| PathBuf::from(format!("{}-wal", p.display()));
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to))?;
    }
    Ok(())
}

/// `--runs N` (default 5, at least 5), `--out DIR` (default `target/bench`) and
/// `--databases DIR` (keep the generated databases there and reuse them).
fn args() -> Result<(usize, PathBuf, Option<PathBuf>)> {
    let mut runs = 5;
    let mut out = PathBuf::from("target/bench");
    let mut keep = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--runs" => runs = value.parse()?,
            "--out" => out = PathBuf::from(value),
            "--databases" => keep = Some(PathBuf::from(value)),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if runs < 5 {
        return Err("--runs must be at least 5".into());
    }
    Ok((runs, out, keep))
}

/// One start of the window on `db` as a user starts it, with no WebDriver: from the start of
/// the `preflight` process to the "window interactive" line of its log (which the window
/// writes when the UI says its project list and open project are drawn), and the memory of
/// each process two seconds later.
fn direct_launch(db: &Path) -> Result<(f64, Vec<ProcessMemory>)> {
    let folder = db.parent().ok_or("no folder")?;
    let mut app = Command::new(app_binary())
        .arg("--db")
        .arg(db)
        .env("DISPLAY", display())
        .env("XDG_DATA_HOME", folder.join("data"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let started = process_start_ms(app.id())?;
    let log = folder.join("logs").join("preflight.log");
    let deadline = Instant::now() + Duration::from_secs(30);
    let interactive = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.contains("window interactive")) {
            let stamp = line.split_whitespace().next().ok_or("an empty log line")?;
            let at = chrono::DateTime::parse_from_rfc3339(stamp)?;
            break at.timestamp_micros() as f64 / 1000.0;
        }
        if Instant::now() > deadline {
            terminate(&mut app);
            return Err(format!("no \"window interactive\" in {}:\n{text}", log.display()).into());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::thread::sleep(Duration::from_secs(2));
    let memory = memory_of(app.id());
    terminate(&mut app);
    Ok((interactive - started, memory?))
}

/// The phases of a launch, in the order they happen: each from the end of the one before.
const PHASES: [&str; 4] = [
    "process start to page request",
    "page request to script run",
    "script run to first mount",
    "first mount to interactive",
];

/// What one start of the window measured.
struct Launch {
    /// Process start to the interactive mark, in ms.
    total: f64,
    /// The milliseconds of each of [`PHASES`].
    phases: Vec<f64>,
    /// Opening the Gaps tab, in ms.
    gaps_tab: f64,
    /// The milliseconds of each of [`actions::ACTIONS`] (infinite for one never drawn).
    actions: Vec<f64>,
}

/// One start of the window on `db`: launch to interactive and its phases (from the page's
/// navigation timing and the marks `preflight:script`, `preflight:mounted` and
/// `preflight:interactive`), the memory of each process and the time to open the Gaps tab.
async fn one_launch(db: &Path) -> Result<Launch> {
    let app = App::launch(db, &[]).await?;
    let marks: Vec<f64> = wait_until("the interactive mark", || async {
        let at = app
            .client
            .execute(
                "const marks = ['script', 'mounted', 'interactive']
                   .map((name) => performance.getEntriesByName('preflight:' + name)[0]);
                 return marks.every((m) => m)
                   ? [performance.timeOrigin, ...marks.map((m) => performance.timeOrigin + m.startTime)]
                   : JSON.stringify(marks) + document.body.innerText.slice(0, 200);",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value::<Vec<f64>>(at.clone())
            .map_err(|_| format!("no mark yet ({at})")))
    })
    .await?;
    let pid = app_pid(db)?;
    let started = process_start_ms(pid)?;
    let mut phases = Vec::new();
    let mut from = started;
    for to in &marks {
        phases.push(to - from);
        from = *to;
    }
    let gaps_tab = open_tab(&app, "gaps").await?;
    let mut actions = Vec::new();
    for (what, script) in ACTIONS {
        // An action whose result is not drawn within 5 s (or that holds the page past
        // WebDriver's script timeout) counts as never done, so one build's slow action does
        // not keep the rest of its figures from being compared.
        let took = match app
            .client
            .execute_async(&format!("{TIMED}{script}"), vec![])
            .await
        {
            Ok(took) => took.as_f64().filter(|t| *t >= 0.0),
            Err(e) => {
                eprintln!("app_bench: {what}: {e}");
                None
            }
        };
        actions.push(took.unwrap_or(f64::INFINITY));
        // Settle before the next action: two frames.
        app.client
            .execute_async(
                "const done = arguments[0];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
    }
    app.quit().await?;
    Ok(Launch {
        total: from - started,
        phases,
        gaps_tab,
        actions,
    })
}

/// Clicks the tab `id` and returns the milliseconds, timed in the page, until the end of the
/// first frame drawn with its content (for the Gaps tab, a gap row), as [`actions::TIMED`]
/// times an action.
async fn open_tab(app: &App, id: &str) -> Result<f64> {
    // From another tab, so the Gaps tab is built from scratch.
    let took = app
        .client
        .execute_async(
            "const [id, done] = arguments;
             document.getElementById('tab-button-scorecard').click();
             requestAnimationFrame(() => requestAnimationFrame(() => {
               const start = performance.now();
               document.getElementById('tab-button-' + id).click();
               const drawn = () => [...document.querySelectorAll('[data-testid=\"gap-row\"]')]
                   .some((row) => row.getClientRects().length > 0)
                 ? setTimeout(() => done(performance.now() - start))
                 : requestAnimationFrame(drawn);
               requestAnimationFrame(drawn);
             }));",
            vec![json!(id)],
        )
        .await?;
    took.as_f64()
        .ok_or_else(|| format!("no time for the {id} tab: {took}").into())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn line(what: &str, value: f64, unit: &str, goal: f64) -> String {
    if value.is_infinite() {
        return format!("  {what:<34} {:>12}  (goal < {goal} {unit})\n", "over 5 s");
    }
    format!("  {what:<34} {value:>8.1} {unit:<3}  (goal < {goal} {unit})\n")
}
