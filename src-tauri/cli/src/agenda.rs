//! `preflight agenda`, `export ics`, `projects cadence` and `projects reminders`: what comes
//! due, in the terminal or a calendar, the re-scoring rhythm and the reminder switch.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use preflight_core::domain::agenda::{end_of_week, AgendaGroup};
use preflight_core::export;
use preflight_core::Store;

use super::{data, CliError};
use preflight_core::domain::text::counted;

/// Options of `agenda`.
#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// How many days ahead to look (overdue items are always shown).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub days: u32,
    /// Only items whose owner contains this text (ignoring case).
    #[arg(long)]
    pub owner: Option<String>,
    /// Only this project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `export ics`.
#[derive(Debug, Args)]
pub struct IcsArgs {
    /// Only this project: its id, or its name [default: every active project].
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
    /// Only items whose owner contains this text (ignoring case).
    #[arg(long)]
    pub owner: Option<String>,
    /// How many days ahead (overdue items are always in).
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub days: u32,
    /// The .ics file to write, or `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Options of `projects cadence`: with neither option, prints the rhythm.
#[derive(Debug, Args)]
pub struct CadenceArgs {
    /// The project: its id, or its name.
    #[arg(value_name = "ID|NAME")]
    pub project: String,
    /// Re-score (take a milestone) every this many weeks, 1–52.
    #[arg(long, value_name = "N", conflicts_with = "off",
          value_parser = clap::value_parser!(u8).range(1..=52))]
    pub every_weeks: Option<u8>,
    /// No rhythm.
    #[arg(long)]
    pub off: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// On or off.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Switch {
    /// Turned on.
    On,
    /// Turned off.
    Off,
}

impl Switch {
    /// True for [`Switch::On`].
    pub fn on(self) -> bool {
        matches!(self, Switch::On)
    }
}

/// Options of `projects reminders`.
#[derive(Debug, Args)]
pub struct RemindersArgs {
    /// The project: its id, or its name.
    #[arg(value_name = "ID|NAME")]
    pub project: String,
    /// Whether the window raises desktop reminders for this project's items.
    #[arg(value_enum)]
    pub switch: Switch,
}

/// The project named by `--project`, if given.
fn project_of(store: &Store, project: Option<&str>) -> Result<Option<uuid::Uuid>, CliError> {
    Ok(project
        .map(|p| store.find_project(p))
        .transpose()?
        .map(|p| p.id))
}

/// `agenda`: the groups with their items, dates in the chosen format.
pub(super) fn agenda(
    store: &Store,
    args: AgendaArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = project_of(store, args.project.as_deref())?;
    let today = chrono::Local::now().date_naive();
    let agenda = store.agenda(today, args.days, args.owner.as_deref(), project)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &agenda)?;
        writeln!(out)?;
        return Ok(());
    }
    let format = store.settings()?.date_format;
    if agenda.items.is_empty() {
        writeln!(
            out,
            "Nothing comes due in the next {}.",
            counted(args.days, "day")
        )?;
        return Ok(());
    }
    let mut shown = None;
    for (group, item) in &agenda.items {
        if shown != Some(*group) {
            let heading = match group {
                AgendaGroup::Overdue => "Overdue".to_owned(),
                AgendaGroup::ThisWeek => {
                    format!("This week (to {})", format.format(end_of_week(today)))
                }
                AgendaGroup::Later => format!(
                    "Next {} (to {})",
                    counted(args.days, "day"),
                    format.format(agenda.until)
                ),
            };
            writeln!(out, "{heading}")?;
            shown = Some(*group);
        }
        let owner = if item.owner.is_empty() {
            String::new()
        } else {
            format!(" · {}", item.owner)
        };
        writeln!(
            out,
            "  {}  {:<17} {} · {}{owner}",
            format.format(item.date),
            item.kind.label(),
            item.project,
            item.title
        )?;
    }
    Ok(())
}

/// `export ics`: the agenda as an iCalendar file, or on standard output for `-o -`.
pub(super) fn export_ics(
    store: &Store,
    args: IcsArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let scope = export::CalendarScope {
        days: args.days,
        owner: args.owner,
        project: project_of(store, args.project.as_deref())?,
    };
    let bytes = export::export_calendar(
        store,
        chrono::Local::now().date_naive(),
        &scope,
        chrono::Utc::now(),
        data::output(&args.output, out),
    )?;
    if args.output.as_os_str() != "-" {
        writeln!(out, "wrote {} ({bytes} bytes)", args.output.display())?;
    }
    Ok(())
}

/// `projects cadence`: sets the rhythm when asked, then prints it.
pub(super) fn cadence(
    store: &Store,
    args: CadenceArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    if args.off || args.every_weeks.is_some() {
        store.set_review_cadence(project.id, args.every_weeks)?;
    }
    let cadence = store.review_cadence(project.id)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &cadence)?;
        writeln!(out)?;
        return Ok(());
    }
    let format = store.settings()?.date_format;
    match (cadence.every_weeks, cadence.next_due) {
        (Some(weeks), Some(due)) => {
            let since = cadence.latest_milestone.map_or_else(
                || "no milestone yet".to_owned(),
                |d| format!("latest milestone {}", format.format(d)),
            );
            writeln!(
                out,
                "{}: re-score every {weeks} week{}; {since}; next re-score due {}",
                project.name,
                if weeks == 1 { "" } else { "s" },
                format.format(due)
            )?;
        }
        _ => writeln!(out, "{}: no re-scoring rhythm", project.name)?,
    }
    Ok(())
}

/// `projects reminders`: the project's reminder switch.
pub(super) fn reminders(
    store: &Store,
    args: RemindersArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let project = store.set_project_reminders(project.id, args.switch.on())?;
    let global = store.settings()?.reminders;
    writeln!(
        out,
        "{}: reminders {}{}",
        project.name,
        if project.reminders { "on" } else { "off" },
        if project.reminders && !global {
            " (but off for every project: preflight settings --reminders on)"
        } else {
            ""
        }
    )?;
    Ok(())
}
