//! `make bench`: how fast the full PDF report renders, against headless Chromium printing the
//! same content as HTML.
//!
//! It generates a project with 300 alignment rows, 300 gaps, 8 pillars and 10 milestones
//! ([`Size::BENCHMARK`]) into a temporary database, then times, each over at least 7 runs
//! after one warm-up, and reports the median:
//! 1. in-process: loading the report data and rendering the PDF (`Store::report_data` +
//!    `report::render`);
//! 2. a whole CLI process: `preflight export pdf --report full` (the binary given with `--cli`),
//!    and the window's export, the same binary as its child (`export::child`);
//! 3. `chromium --headless --print-to-pdf` of an HTML page holding the same tables and text;
//! 4. the `preflight` command's own start: `--version` and `projects list`, with their goals;
//! 5. the same full report with 300, 1,000 and 3,000 gaps, to show how its time grows.
//!
//! Usage: `report_bench --cli PATH [--runs N] [--chromium PATH] [--out DIR]`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use preflight_core::domain::tables::TableKind;
use preflight_core::export::child::{export_report_in_child, ReportJob};
use preflight_core::generated::{self, Size};
use preflight_core::report::{self, Paper, ReportData, ReportKind, ReportOptions};
use preflight_core::Store;

type Failure = Box<dyn std::error::Error>;

struct Args {
    cli: PathBuf,
    chromium: String,
    runs: usize,
    out: PathBuf,
}

fn args() -> Result<Args, Failure> {
    let mut args = Args {
        cli: PathBuf::new(),
        chromium: "chromium".into(),
        runs: 9,
        out: PathBuf::from("target/bench"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--cli" => args.cli = PathBuf::from(value),
            "--chromium" => args.chromium = value,
            "--runs" => args.runs = value.parse()?,
            "--out" => args.out = PathBuf::from(value),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if args.cli.as_os_str().is_empty() {
        return Err("--cli PATH (the preflight binary) is required".into());
    }
    if args.runs < 7 {
        return Err("--runs must be at least 7".into());
    }
    Ok(args)
}

/// Runs `f` once to warm up, then `runs` times; returns the median and all timings.
fn time(runs: usize, mut f: impl FnMut() -> Result<(), Failure>) -> Result<Duration, Failure> {
    f()?;
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        all.push(start.elapsed());
    }
    all.sort();
    Ok(all[all.len() / 2])
}

/// Runs the `preflight` command `cli` on the database `db` with `command` (and `out` as the
/// last argument when given), its output discarded.
fn run_cli(cli: &Path, db: &Path, command: &[&str], out: Option<&Path>) -> Result<(), Failure> {
    let mut run = Command::new(cli);
    run.arg("--db").arg(db).args(command);
    if let Some(out) = out {
        run.arg(out);
    }
    let status = run.stdout(std::process::Stdio::null()).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed: {status}", cli.display()).into())
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Failure> {
    let args = args()?;
    std::fs::create_dir_all(&args.out)?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("bench.sqlite3");
    let store = Store::open(&db)?;
    let project = generated::create(&store, "Benchmark", Size::BENCHMARK)?;
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 21).ok_or("date")?;
    let options = ReportOptions::new(ReportKind::Full, as_of);

    // 1. In-process.
    let mut pdf = Vec::new();
    let in_process = time(args.runs, || {
        let data = store.report_data(project, as_of)?;
        pdf = report::render(&data, &options)?;
        Ok(())
    })?;
    let data = store.report_data(project, as_of)?;
    let render_only = time(args.runs, || {
        report::render(&data, &options)?;
        Ok(())
    })?;
    let pdf_path = args.out.join("full-report.pdf");
    std::fs::write(&pdf_path, &pdf)?;

    // 2. A whole CLI process.
    let cli_pdf = args.out.join("full-report-cli.pdf");
    let export = [
        "export",
        "pdf",
        "--project",
        "Benchmark",
        "--report",
        "full",
        "--as-of",
        "2026-11-21",
        "-o",
    ];
    let cli = time(args.runs, || {
        run_cli(&args.cli, &db, &export, Some(&cli_pdf))
    })?;
    // 2b. The window's way: a child of it, `preflight __export-report`, given the job as JSON.
    let job = ReportJob {
        database: db.clone(),
        project,
        kind: ReportKind::Full,
        paper: Paper::A4,
        as_of,
        audience: None,
        recipient: String::new(),
        output: args.out.join("full-report-window.pdf"),
    };
    let window = time(args.runs, || {
        export_report_in_child(&args.cli, &job)
            .map(drop)
            .map_err(|e| e.message.into())
    })?;

    // 3. Headless Chromium printing the same content.
    let html_path = args.out.join("full-report.html");
    std::fs::write(&html_path, html(&data))?;
    let chrome_pdf = args.out.join("full-report-chromium.pdf");
    let profile = tempfile::tempdir()?;
    let url = format!("file://{}", std::fs::canonicalize(&html_path)?.display());
    let chromium = time(args.runs, || {
        print_with_chromium(&args.chromium, profile.path(), &url, &chrome_pdf)
    })?;

    let pdf_bytes = std::fs::metadata(&pdf_path)?.len();
    let chrome_bytes = std::fs::metadata(&chrome_pdf)?.len();
    let ratio_in_process = ms(chromium) / ms(in_process);
    let ratio_cli = ms(chromium) / ms(cli);
    let mut report = String::new();
    writeln!(
        report,
        "Full report: 300 alignment rows, 300 gaps, 8 pillars, 10 milestones; median of {} runs",
        args.runs
    )?;
    writeln!(
        report,
        "  in-process (load + render)   {:>9.1} ms",
        ms(in_process)
    )?;
    writeln!(
        report,
        "  in-process (render only)     {:>9.1} ms",
        ms(render_only)
    )?;
    writeln!(report, "  CLI process (export pdf)     {:>9.1} ms", ms(cli))?;
    writeln!(
        report,
        "  the window's export (child)  {:>9.1} ms",
        ms(window)
    )?;
    writeln!(
        report,
        "  headless Chromium print      {:>9.1} ms",
        ms(chromium)
    )?;
    writeln!(
        report,
        "  Chromium / in-process        {ratio_in_process:>9.1}×"
    )?;
    writeln!(report, "  Chromium / CLI process       {ratio_cli:>9.1}×")?;
    writeln!(
        report,
        "  Preflight PDF  {:>9} bytes  ({})",
        pdf_bytes,
        pdf_path.display()
    )?;
    writeln!(
        report,
        "  Chromium PDF   {:>9} bytes  ({})",
        chrome_bytes,
        chrome_pdf.display()
    )?;

    // 4. The command's own start (issue #21): no GUI library is loaded for the CLI.
    writeln!(
        report,
        "CLI start (whole process, median of {} runs; goal beside)",
        args.runs
    )?;
    for (what, command, goal) in [
        ("preflight --version", &["--version"][..], 10.0),
        ("preflight projects list", &["projects", "list"][..], 20.0),
    ] {
        let took = time(args.runs, || run_cli(&args.cli, &db, command, None))?;
        writeln!(
            report,
            "  {what:<28} {:>9.1} ms  (goal < {goal} ms)",
            ms(took)
        )?;
    }

    // 5. How the time grows with the gap tracker: the same project with more gaps.
    writeln!(
        report,
        "Growth with size (in-process load + render, median of {} runs)",
        args.runs
    )?;
    for gaps in [300, 1_000, 3_000] {
        let size = Size {
            gaps,
            ..Size::BENCHMARK
        };
        let project = generated::create(&store, &format!("Growth {gaps}"), size)?;
        let mut bytes = 0;
        let took = time(args.runs, || {
            let data = store.report_data(project, as_of)?;
            bytes = report::render(&data, &options)?.len();
            Ok(())
        })?;
        writeln!(
            report,
            "  {gaps:>5} gaps                 {:>9.1} ms  {bytes:>9} bytes",
            ms(took)
        )?;
    }
    print!("{report}");
    std::fs::write(args.out.join("report-bench.txt"), &report)?;
    Ok(())
}

fn print_with_chromium(
    chromium: &str,
    profile: &Path,
    url: &str,
    out: &Path,
) -> Result<(), Failure> {
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {chromium} ({e}); install the Debian package chromium"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{chromium} failed: {status}").into())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The full report's content as one HTML page: the same sections, tables, text and a radar
/// drawn as inline SVG, styled for print with repeated table headers.
fn html(data: &ReportData) -> String {
    let mut h = String::from(
        "<!doctype html><html><head><meta charset=utf-8><style>\
         @page{size:A4;margin:16mm 17mm}body{font-family:'DejaVu Sans',sans-serif;font-size:8.5pt;color:#1f2433}\
         h1{font-size:19pt}h2{font-size:11.5pt}table{width:100%;border-collapse:collapse;margin-bottom:10pt}\
         thead{display:table-header-group}th{background:#23304d;color:#fff;text-align:left;padding:4pt 5pt}\
         td{padding:4pt 5pt;border-bottom:.5pt solid #d5dae3;vertical-align:top}tr{break-inside:avoid}\
         tr:nth-child(even) td{background:#f3f5f9}section{break-before:page}.star{background:#f3f5f9;border-left:3pt solid #2f6fde;padding:12pt}\
         </style></head><body>",
    );
    let p = &data.project;
    let _ = write!(
        h,
        "<h1>{}</h1><p>Production readiness report</p><div class=star><b>{}</b><p>Leading metric: {}</p></div>",
        escape(&p.name),
        escape(&p.north_star),
        escape(&p.leading_metric)
    );
    h.push_str("<section><h1>Readiness scorecard</h1>");
    h.push_str(&radar_svg(data));
    table(
        &mut h,
        &[
            "Pillar",
            "Current",
            "Target",
            "Evidence / notes",
            "Owner",
            "Next checkpoint",
        ],
        data.scorecard.pillars.iter().map(|x| {
            vec![
                x.name.clone(),
                x.current_score.map_or_else(String::new, |s| s.to_string()),
                x.target_score.to_string(),
                x.evidence.clone(),
                x.owner.clone(),
                x.next_checkpoint
                    .map_or_else(String::new, |d| d.to_string()),
            ]
        }),
    );
    h.push_str("</section>");
    for kind in TableKind::ALL {
        let _ = write!(h, "<section><h1>{}</h1>", kind.title());
        let columns: Vec<&str> = kind.columns().iter().map(|c| c.label).collect();
        table(
            &mut h,
            &columns,
            data.rows(kind).iter().map(|r| {
                kind.columns()
                    .iter()
                    .map(|c| r.cells.get(c.key).cloned().unwrap_or_default())
                    .collect()
            }),
        );
        h.push_str("</section>");
    }
    h.push_str("<section><h1>Gap tracker</h1>");
    table(
        &mut h,
        &[
            "Gap", "Category", "Priority", "Status", "Owner", "Due", "Notes",
        ],
        data.gaps.gaps.iter().map(|g| {
            vec![
                g.title.clone(),
                g.category.clone(),
                g.priority.as_str().to_owned(),
                g.status.as_str().to_owned(),
                g.owner.clone(),
                g.due_date.map_or_else(String::new, |d| d.to_string()),
                g.notes.clone(),
            ]
        }),
    );
    h.push_str("</section></body></html>");
    h
}

fn table(h: &mut String, columns: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    h.push_str("<table><thead><tr>");
    for c in columns {
        let _ = write!(h, "<th>{}</th>", escape(c));
    }
    h.push_str("</tr></thead><tbody>");
    for row in rows {
        h.push_str("<tr>");
        for cell in row {
            let _ = write!(h, "<td>{}</td>", escape(&cell));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
}

fn radar_svg(data: &ReportData) -> String {
    let pillars = &data.scorecard.pillars;
    let n = pillars.len().max(1) as f32;
    let point = |i: usize, v: f32| {
        let a = -std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * i as f32 / n;
        format!(
            "{:.1},{:.1}",
            150.0 + 20.0 * v * a.cos(),
            130.0 + 20.0 * v * a.sin()
        )
    };
    let poly = |f: &dyn Fn(usize) -> f32, style: &str| {
        let pts: Vec<String> = (0..pillars.len()).map(|i| point(i, f(i))).collect();
        format!("<polygon points='{}' style='{style}'/>", pts.join(" "))
    };
    let mut svg = String::from("<svg width=300 height=260 xmlns='http://www.w3.org/2000/svg'>");
    for level in 1..=5 {
        svg.push_str(&poly(&|_| level as f32, "fill:none;stroke:#d5dae3"));
    }
    svg.push_str(&poly(
        &|i| f32::from(pillars[i].current_score.unwrap_or(0)),
        "fill:#d9e6fb;stroke:#2f6fde",
    ));
    svg.push_str(&poly(
        &|i| f32::from(pillars[i].target_score),
        "fill:none;stroke:#d97706",
    ));
    svg.push_str("</svg>");
    svg
}
