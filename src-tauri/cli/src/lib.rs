//! The command-line interface: `preflight projects …`, the `preflight` binary of this crate,
//! which links no GUI library and starts the window program only when given no subcommand.
//!
//! Every subcommand works without a display and calls the same core operations as the window.
//! Failures print one line, `preflight: <what went wrong>`, on stderr and exit with status 1.

mod agenda;
mod brand;
mod data;
mod frameworks;
mod questions;
mod reports;
mod review;
mod share;
mod workshop;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use preflight_core::domain::date::required_date;
use preflight_core::domain::framework::EIGHT_PILLARS;
use preflight_core::domain::settings::DateFormat;
use preflight_core::domain::{Project, ProjectDraft, ProjectView, Stage};
use preflight_core::paths::{resolve_database_path, DB_ENV};
use preflight_core::table_export::TableFormat;
use preflight_core::{CoreError, Store};

/// Preflight — plan production readiness offline. With no subcommand, opens the window.
#[derive(Debug, Parser)]
#[command(name = "preflight", version, about, long_about = None)]
pub struct Cli {
    /// The database file [default: <data dir>/io.preflight.desktop/preflight.sqlite3;
    /// env: PREFLIGHT_DB].
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List and create projects.
    #[command(subcommand)]
    Projects(ProjectsCommand),
    /// Export a project to a file.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Import a project file written by `export json`.
    Import(data::ImportArgs),
    /// Import readiness docs kept as Markdown (tables recognised by their header row).
    #[command(name = "import-md")]
    ImportMd(data::ImportMdArgs),
    /// Import tables kept as CSV (exported by Preflight or a spreadsheet).
    #[command(name = "import-csv")]
    ImportCsv(data::ImportCsvArgs),
    /// Back up the database, or list its backups.
    #[command(subcommand)]
    Backup(data::BackupCommand),
    /// Replace the database with a backup (the current state is backed up first).
    Restore(data::RestoreArgs),
    /// Run SQLite's integrity_check on the database; exits with status 1 when damaged.
    Check,
    /// Show or change the app-wide settings (date format, window zoom, reminders).
    Settings(SettingsArgs),
    /// Run a workshop: the room scores from their phones (docs/workshop.md).
    #[command(subcommand)]
    Workshop(workshop::WorkshopCommand),
    /// What comes due across active projects: overdue, this week, and the next days.
    Agenda(agenda::AgendaArgs),
    /// The log of reports sent to an audience.
    #[command(subcommand)]
    Reports(reports::ReportsCommand),
    /// List, save or delete the audiences reports are written for.
    #[command(subcommand)]
    Audiences(reports::AudiencesCommand),
    /// The organisation's name, logo and accent colour on reports.
    #[command(subcommand)]
    Brand(brand::BrandCommand),
    /// The frameworks new projects start from; import AWS custom lenses.
    #[command(subcommand)]
    Frameworks(frameworks::FrameworksCommand),
    /// Answer a review question: the practices in place, or none of them.
    Answer(review::AnswerArgs),
    /// A project's review questions with their risks and each pillar's suggested score.
    Review(review::ReviewArgs),
    /// Add the improvement plans of practices not in place as gaps (never twice).
    Improve(review::ImproveArgs),
    /// Add, edit, move or delete a project's review questions.
    #[command(subcommand)]
    Questions(questions::QuestionsCommand),
    /// Share a project with the team through a folder you already sync.
    Share(share::ShareArgs),
    /// Join a project a teammate shared into a synced folder.
    Join(share::JoinArgs),
    /// Sync shared projects: record changes here, merge the team's, write the result.
    Sync(share::SyncArgs),
    /// A shared project's conflicts (fields two people changed at once); choose a value.
    Conflicts(share::ConflictsArgs),
    /// Who changed what in a shared project, and when.
    History(share::HistoryArgs),
}

/// Options of `settings`: with none, prints the settings; with some, changes those.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// How dates are written in the window and the reports.
    #[arg(long, value_enum)]
    pub date_format: Option<DateFormat>,
    /// The window's zoom in percent (50–300).
    #[arg(long, value_name = "PERCENT")]
    pub zoom: Option<u16>,
    /// Desktop reminders of what comes due, for every project.
    #[arg(long, value_enum, value_name = "on|off")]
    pub reminders: Option<agenda::Switch>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `preflight export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Render a PDF report.
    Pdf(reports::PdfArgs),
    /// Write the whole project as a project file (versioned JSON).
    Json(data::JsonArgs),
    /// Write one table as Markdown (GitHub table syntax).
    Md(data::TableArgs),
    /// Write one table as CSV (RFC 4180, with a header row).
    Csv(data::TableArgs),
    /// Write what comes due as an iCalendar file (one all-day event per item, stable UIDs).
    Ics(agenda::IcsArgs),
}

/// Parses `--as-of`.
pub(crate) fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    required_date("asOf", text).map_err(|e| e.message())
}

/// `preflight projects …`
#[derive(Debug, Subcommand)]
pub enum ProjectsCommand {
    /// List projects, most recently changed first.
    List(ListArgs),
    /// Create a project.
    Create(CreateArgs),
    /// Show or set a project's re-scoring rhythm (a milestone every N weeks).
    Cadence(agenda::CadenceArgs),
    /// Turn a project's desktop reminders on or off on this computer.
    Reminders(agenda::RemindersArgs),
}

/// Options of `projects list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON (an array of projects) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Which list to show.
    #[arg(long, value_enum, default_value_t = ProjectView::Active)]
    pub view: ProjectView,
}

/// Options of `projects create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The project's name (1–120 characters, unique ignoring case).
    pub name: String,
    /// A description (at most 2,000 characters).
    #[arg(long, default_value = "")]
    pub description: String,
    /// The readiness framework its pillars come from: eight-pillars, four-pillars, or the id
    /// or name of a framework saved from a project or imported from a lens.
    #[arg(long, default_value = EIGHT_PILLARS, value_name = "ID")]
    pub framework: String,
    /// The product's stage.
    #[arg(long, value_enum, default_value_t = Stage::Idea)]
    pub stage: Stage,
    /// The North Star sentence (at most 280 characters).
    #[arg(long, default_value = "")]
    pub north_star: String,
    /// The leading metric (at most 200 characters).
    #[arg(long, default_value = "")]
    pub leading_metric: String,
    /// Print the created project as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A CLI failure: a core error, or failing to write the output.
#[derive(Debug)]
enum CliError {
    Core(CoreError),
    Output(std::io::Error),
}

impl From<CoreError> for CliError {
    fn from(e: CoreError) -> Self {
        CliError::Core(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Output(e.into())
    }
}

/// Runs one subcommand against the database chosen by `--db`, `PREFLIGHT_DB` or the default.
pub fn run(db: Option<PathBuf>, command: Command) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let result = resolve_database_path(db, std::env::var(DB_ENV).ok())
        .map_err(CliError::from)
        .and_then(|path| on_file(&path, command, &mut out));
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        // A closed pipe (`preflight projects list | head`) is not an error worth reporting.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("preflight: {}", describe(&e));
            ExitCode::FAILURE
        }
    }
}

/// Runs `command` on the database file at `path`. Checking, restoring and listing backups
/// work on a database that cannot be opened, and never migrate it; everything else opens the
/// store. Returns `false` when the command ran but found a problem (a damaged database).
fn on_file(
    path: &std::path::Path,
    command: Command,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    match command {
        Command::Check => data::check(path, out),
        Command::Restore(args) => data::restore(path, args, out).map(|()| true),
        Command::Backup(data::BackupCommand::List) => data::backup_list(path, out).map(|()| true),
        Command::Workshop(workshop::WorkshopCommand::Run(args)) => {
            workshop::run(std::sync::Arc::new(Store::open(path)?), args, out)
        }
        Command::Workshop(workshop::WorkshopCommand::ExportVotes(args)) => {
            workshop::export_votes(&Store::open(path)?, args, out)
        }
        Command::Workshop(workshop::WorkshopCommand::ImportVotes(args)) => {
            workshop::import_votes(&Store::open(path)?, args, out)
        }
        command => run_command(&Store::open(path)?, command, out),
    }
}

/// One line for stderr; validation errors name the option the value came from.
fn describe(e: &CliError) -> String {
    match e {
        CliError::Core(CoreError::Invalid { field, message }) => {
            let option = match *field {
                "name" => "NAME".to_owned(),
                other => format!("--{}", kebab(other)),
            };
            format!("{option} {message}")
        }
        CliError::Core(
            e @ CoreError::Conflict {
                field: Some("projectId"),
                ..
            },
        ) => {
            format!("{e} (pass --as-copy or --replace)")
        }
        CliError::Core(other) => other.to_string(),
        CliError::Output(io) => format!("cannot write the output: {io}"),
    }
}

/// `northStar` → `north-star`.
fn kebab(camel: &str) -> String {
    camel.chars().fold(String::new(), |mut out, c| {
        if c.is_uppercase() {
            out.push('-');
        }
        out.extend(c.to_lowercase());
        out
    })
}

fn run_command(store: &Store, command: Command, out: &mut impl Write) -> Result<bool, CliError> {
    match command {
        Command::Projects(ProjectsCommand::List(args)) => {
            let projects = store.list_projects(args.view)?;
            if args.json {
                serde_json::to_writer_pretty(&mut *out, &projects)?;
                writeln!(out)?;
            } else {
                write_table(&projects, out)?;
            }
        }
        Command::Projects(ProjectsCommand::Create(args)) => {
            let draft = ProjectDraft {
                name: args.name,
                description: args.description,
                stage: args.stage,
                north_star: args.north_star,
                leading_metric: args.leading_metric,
                ..ProjectDraft::default()
            };
            let project = store.create_project(&draft, &args.framework)?;
            if args.json {
                serde_json::to_writer_pretty(&mut *out, &project)?;
                writeln!(out)?;
            } else {
                writeln!(out, "created {}  {}", project.id, project.name)?;
            }
        }
        Command::Export(ExportCommand::Json(args)) => data::export_json(store, args, out)?,
        Command::Export(ExportCommand::Md(args)) => {
            data::export_table(store, args, TableFormat::Markdown, out)?;
        }
        Command::Export(ExportCommand::Csv(args)) => {
            data::export_table(store, args, TableFormat::Csv, out)?;
        }
        Command::Settings(args) => {
            let mut settings = store.settings()?;
            if args.date_format.is_some() || args.zoom.is_some() || args.reminders.is_some() {
                settings.date_format = args.date_format.unwrap_or(settings.date_format);
                settings.zoom_percent = args.zoom.unwrap_or(settings.zoom_percent);
                settings.reminders = args
                    .reminders
                    .map_or(settings.reminders, agenda::Switch::on);
                settings = store.update_settings(settings)?;
            }
            if args.json {
                serde_json::to_writer_pretty(&mut *out, &settings)?;
                writeln!(out)?;
            } else {
                writeln!(out, "date format  {}", settings.date_format.as_str())?;
                writeln!(out, "zoom         {} %", settings.zoom_percent)?;
                writeln!(
                    out,
                    "reminders    {}",
                    if settings.reminders { "on" } else { "off" }
                )?;
            }
        }
        Command::Agenda(args) => agenda::agenda(store, args, out)?,
        Command::Projects(ProjectsCommand::Cadence(args)) => agenda::cadence(store, args, out)?,
        Command::Projects(ProjectsCommand::Reminders(args)) => {
            agenda::reminders(store, args, out)?;
        }
        Command::Export(ExportCommand::Ics(args)) => agenda::export_ics(store, args, out)?,
        Command::Import(args) => data::import(store, args, out)?,
        Command::ImportMd(args) => data::import_markdown(store, args, out)?,
        Command::ImportCsv(args) => data::import_csv(store, args, out)?,
        Command::Backup(data::BackupCommand::Create) => data::backup_create(store, out)?,
        command @ (Command::Check
        | Command::Restore(_)
        | Command::Workshop(_)
        | Command::Backup(data::BackupCommand::List)) => {
            let path = store.path().ok_or_else(|| CoreError::Conflict {
                field: None,
                message: "this needs a database file, not an in-memory database".into(),
            })?;
            return on_file(path, command, out);
        }
        Command::Export(ExportCommand::Pdf(args)) => reports::export_pdf(store, args, out)?,
        Command::Reports(reports::ReportsCommand::Log(args)) => reports::log(store, args, out)?,
        Command::Audiences(command) => reports::audiences(store, command, out)?,
        Command::Brand(command) => brand::run(store, command, out)?,
        Command::Frameworks(command) => frameworks::run(store, command, out)?,
        Command::Answer(args) => review::answer(store, args, out)?,
        Command::Review(args) => review::review(store, args, out)?,
        Command::Improve(args) => review::improve(store, args, out)?,
        Command::Questions(command) => questions::run(store, command, out)?,
        Command::Share(args) => share::share(store, args, out)?,
        Command::Join(args) => share::join(store, args, out)?,
        Command::Sync(args) => return share::sync(store, args, out),
        Command::Conflicts(args) => share::conflicts(store, args, out)?,
        Command::History(args) => share::history(store, args, out)?,
    }
    Ok(true)
}

/// Prints `id  stage  updated  name`, one project per line, for people and for `cut`.
fn write_table(projects: &[Project], out: &mut impl Write) -> std::io::Result<()> {
    if projects.is_empty() {
        return writeln!(out, "no projects");
    }
    writeln!(
        out,
        "{:<36}  {:<16}  {:<16}  NAME",
        "ID", "STAGE", "CHANGED (UTC)"
    )?;
    for p in projects {
        writeln!(
            out,
            "{:<36}  {:<16}  {:<16}  {}",
            p.id,
            p.stage.label(),
            p.updated_at.format("%Y-%m-%d %H:%M"),
            p.name
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod question_tests;
#[cfg(test)]
mod share_tests;
#[cfg(test)]
mod tests;
