//! `preflight share`, `join`, `sync`, `conflicts` and `history`: a project kept in step with
//! the team through a folder they already sync (docs/team-sharing.md).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use preflight_core::sharing::Conflict;
use preflight_core::storage::SyncReport;
use preflight_core::Store;
use serde::Serialize;

use super::CliError;

/// Options of `share`.
#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// The folder the team syncs (Syncthing, Dropbox, a network share, a git repository).
    #[arg(long, value_name = "DIR")]
    pub folder: PathBuf,
    /// The name the team sees beside your changes (asked once; kept for next time).
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
}

/// Options of `join`.
#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The synced folder a teammate shared the project into.
    #[arg(value_name = "DIR")]
    pub folder: PathBuf,
    /// The project's name, when the folder holds several.
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// The name the team sees beside your changes (asked once; kept for next time).
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
}

/// Options of `sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The project: its id, or its name; every shared project when left out.
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
}

/// Options of `conflicts`.
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Choose a value for the conflict at this path (as listed, e.g. gaps.<id>.title)…
    #[arg(long, value_name = "PATH", requires = "choose")]
    pub resolve: Option<String>,
    /// …its value number CHOOSE as listed (1 is the value shown now).
    #[arg(long, value_name = "N", requires = "resolve")]
    pub choose: Option<usize>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// How many changes, newest first.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// Sets the device name when one is given; otherwise a name must already be set.
fn naming(store: &Store, name: Option<&str>) -> Result<(), CliError> {
    if let Some(name) = name {
        store.set_device_name(name)?;
    } else if store.device()?.1.is_none() {
        return Err(preflight_core::CoreError::invalid(
            "name",
            "give the name your team will see beside your changes with --as NAME",
        )
        .into());
    }
    Ok(())
}

/// Prints a sync's outcome: one line of counts, then any file left out, a folder that was
/// not reached and a plan that was not written.
fn write_report(name: &str, report: &SyncReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{name}: {} in, {} out, {} conflict{}",
        report.changes_in,
        report.changes_out,
        report.conflicts,
        if report.conflicts == 1 { "" } else { "s" }
    )?;
    for r in &report.refused {
        writeln!(out, "  left out {}: {}", r.file, r.reason)?;
    }
    if let Some(e) = &report.folder_error {
        writeln!(out, "  not synced: {e}; the changes wait here")?;
    }
    if let Some(p) = &report.problem {
        writeln!(out, "  the merged plan was not written here: {p}")?;
    }
    Ok(())
}

/// `share`.
pub(super) fn share(store: &Store, args: ShareArgs, out: &mut impl Write) -> Result<(), CliError> {
    naming(store, args.name.as_deref())?;
    let project = store.find_project(&args.project)?;
    let folder = std::path::absolute(&args.folder)?;
    let report = store.share_project(project.id, &folder)?;
    writeln!(
        out,
        "shared \u{201c}{}\u{201d} through {}",
        project.name,
        folder.display()
    )?;
    write_report(&project.name, &report, out)?;
    Ok(())
}

/// `join`.
pub(super) fn join(store: &Store, args: JoinArgs, out: &mut impl Write) -> Result<(), CliError> {
    naming(store, args.name.as_deref())?;
    let folder = std::path::absolute(&args.folder)?;
    let (project, report) = store.join_shared(&folder, args.project.as_deref())?;
    writeln!(
        out,
        "joined \u{201c}{}\u{201d} ({})",
        project.name, project.id
    )?;
    write_report(&project.name, &report, out)?;
    Ok(())
}

/// `sync`: one project, or every shared one. Returns false when a folder was not reached or
/// a merged plan was not written, so scripts notice.
pub(super) fn sync(store: &Store, args: SyncArgs, out: &mut impl Write) -> Result<bool, CliError> {
    let projects = match &args.project {
        Some(p) => vec![store.find_project(p)?],
        None => {
            let shared = store.shared_projects()?;
            if shared.is_empty() {
                writeln!(out, "no shared projects")?;
                return Ok(true);
            }
            shared
                .iter()
                .map(|s| store.find_project(&s.project_id.to_string()))
                .collect::<Result<_, _>>()?
        }
    };
    let mut clean = true;
    for project in projects {
        let report = store.sync_project(project.id)?;
        clean &= report.folder_error.is_none() && report.problem.is_none();
        write_report(&project.name, &report, out)?;
    }
    Ok(clean)
}

/// A conflict as `conflicts --json` prints it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConflictOut<'a> {
    path: String,
    values: Vec<ValueOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValueOut<'a> {
    value: &'a serde_json::Value,
    by: &'a str,
    at: Option<String>,
}

fn conflict_out(c: &Conflict) -> ConflictOut<'_> {
    ConflictOut {
        path: c.path.join("."),
        values: c
            .values
            .iter()
            .map(|v| ValueOut {
                value: &v.value,
                by: &v.by,
                at: v.at.map(|t| t.to_rfc3339()),
            })
            .collect(),
    }
}

/// `conflicts`: lists them, or resolves one.
pub(super) fn conflicts(
    store: &Store,
    args: ConflictsArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    if let (Some(path), Some(choice)) = (&args.resolve, args.choose) {
        let path: Vec<String> = path.split('.').map(str::to_owned).collect();
        let index = choice.checked_sub(1).ok_or_else(|| {
            preflight_core::CoreError::invalid("choose", "values are numbered from 1")
        })?;
        let report = store.resolve_shared_conflict(project.id, &path, index)?;
        writeln!(out, "resolved {}", path.join("."))?;
        write_report(&project.name, &report, out)?;
        return Ok(());
    }
    let list = store.shared_conflicts(project.id)?;
    if args.json {
        let shaped: Vec<ConflictOut<'_>> = list.iter().map(conflict_out).collect();
        serde_json::to_writer_pretty(&mut *out, &shaped)?;
        writeln!(out)?;
        return Ok(());
    }
    if list.is_empty() {
        writeln!(out, "no conflicts")?;
    }
    for c in &list {
        writeln!(out, "{}", c.path.join("."))?;
        for (i, v) in c.values.iter().enumerate() {
            let when =
                v.at.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default();
            let shown = if i == 0 { "  (shown)" } else { "" };
            let value = match &v.value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writeln!(out, "  {}. {value}  — {} {when}{shown}", i + 1, v.by)?;
        }
    }
    Ok(())
}

/// `history`: who changed what and when, newest first.
pub(super) fn history(
    store: &Store,
    args: HistoryArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    for entry in store.shared_history(project.id, args.limit)? {
        let when = entry
            .at
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        writeln!(out, "{when}  {}  {}", entry.by, entry.what)?;
    }
    Ok(())
}
