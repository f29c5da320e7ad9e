//! `preflight export pdf` (a report, or a report for an audience), `preflight reports log`
//! and `preflight audiences list|save|delete`.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use preflight_core::domain::audience::{Audience, ReportPart};
use preflight_core::domain::settings::DateFormat;
use preflight_core::export::{self, Output};
use preflight_core::report::{Paper, ReportKind, ReportOptions};
use preflight_core::Store;

use super::{parse_as_of, CliError};

/// Options of `export pdf`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The project: its id, or its name (ignoring case).
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Which report (without --audience).
    #[arg(long, value_enum, default_value_t = ReportKind::Full, conflicts_with = "audience")]
    pub report: ReportKind,
    /// Who the report is for: board, team, auditor, customer, or an audience saved with
    /// `preflight audiences save`. Reports for any audience but the team are logged.
    #[arg(long, value_name = "NAME")]
    pub audience: Option<String>,
    /// Who it goes to, printed under the title and kept in the log (with --audience).
    #[arg(long, value_name = "TEXT", requires = "audience")]
    pub recipient: Option<String>,
    /// Paper size [default: the audience's, else A4].
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// The date the report speaks for (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// The PDF's author field [default: Preflight].
    #[arg(long, default_value = "")]
    pub author: String,
    /// How dates are printed [default: the app's setting, see `preflight settings`].
    #[arg(long, value_enum)]
    pub date_format: Option<DateFormat>,
    /// The PDF file to write; an existing file is replaced only once the report is complete.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// `preflight reports …`
#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// The reports sent of a project, newest first: date, audience, recipient, file, SHA-256.
    Log(LogArgs),
}

/// Options of `reports log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `preflight audiences …`
#[derive(Debug, Subcommand)]
pub enum AudiencesCommand {
    /// Every audience: the four built in, then those saved.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Save an audience of your own (a name already saved is replaced).
    Save(SaveArgs),
    /// Delete an audience you saved.
    Delete {
        /// Its name or id.
        name: String,
    },
}

/// Options of `audiences save`.
#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Its name (1–60 characters, not one of the built-in names).
    pub name: String,
    /// The parts, in print order, separated by commas.
    #[arg(long, value_enum, value_delimiter = ',', required = true)]
    pub parts: Vec<ReportPart>,
    /// Print the team's internal notes.
    #[arg(long)]
    pub internal_notes: bool,
    /// Leave out owner names.
    #[arg(long)]
    pub no_owners: bool,
    /// Leave out gap notes.
    #[arg(long)]
    pub no_gap_notes: bool,
    /// Its paper [default: the one chosen at export].
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
}

/// `export pdf`: one report, or the report for an audience (then logged).
pub(super) fn export_pdf(
    store: &Store,
    args: PdfArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let audience = args
        .audience
        .as_deref()
        .map(|a| store.audience(a))
        .transpose()?;
    let options = ReportOptions {
        kind: args.report,
        paper: args.paper.unwrap_or_default(),
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        author: args.author,
        date_format: match args.date_format {
            Some(chosen) => chosen,
            None => store.settings()?.date_format,
        },
        // A paper chosen on the command line wins over the audience's own.
        audience: audience.map(|a| Audience {
            paper: args.paper.or(a.paper),
            ..a
        }),
        recipient: args.recipient.unwrap_or_default(),
    };
    let bytes = export::export_report(store, project.id, &options, Output::File(&args.output))?;
    writeln!(
        out,
        "wrote {} ({} of {}, {bytes} bytes)",
        args.output.display(),
        options.title(),
        project.name,
    )?;
    if options.audience.as_ref().is_some_and(Audience::logged) {
        if let Some(sent) = store.report_log(project.id)?.first() {
            writeln!(out, "logged as sent; SHA-256 {}", sent.sha256)?;
        }
    }
    Ok(())
}

/// `reports log`: one line per report sent.
pub(super) fn log(store: &Store, args: LogArgs, out: &mut impl Write) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let log = store.report_log(project.id)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)?;
        return Ok(());
    }
    if log.is_empty() {
        writeln!(
            out,
            "No reports sent of {} yet (a report for the team is not logged).",
            project.name
        )?;
        return Ok(());
    }
    let format = store.settings()?.date_format;
    for sent in &log {
        let recipient = if sent.recipient.is_empty() {
            String::new()
        } else {
            format!(" · {}", sent.recipient)
        };
        writeln!(
            out,
            "{}  {}{recipient} · {} · as of {} · sha256 {}",
            sent.sent_at.format("%Y-%m-%d %H:%M"),
            sent.audience_name,
            sent.file_name,
            format.format(sent.as_of),
            sent.sha256
        )?;
    }
    Ok(())
}

/// `audiences list|save|delete`.
pub(super) fn audiences(
    store: &Store,
    command: AudiencesCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        AudiencesCommand::List { json } => {
            let all = store.audiences()?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &all)?;
                writeln!(out)?;
                return Ok(());
            }
            for a in all {
                writeln!(
                    out,
                    "{:<16} {}{}\n  includes: {}\n  holds back: {}",
                    a.id,
                    a.name,
                    if a.built_in { " (built in)" } else { "" },
                    a.included().join(", "),
                    a.held_back().join(", ")
                )?;
            }
        }
        AudiencesCommand::Save(args) => {
            let saved = store.save_audience(&Audience {
                id: String::new(),
                name: args.name,
                parts: args.parts,
                internal_notes: args.internal_notes,
                owners: !args.no_owners,
                gap_notes: !args.no_gap_notes,
                paper: args.paper,
                built_in: false,
            })?;
            writeln!(out, "saved audience {} ({})", saved.name, saved.id)?;
        }
        AudiencesCommand::Delete { name } => {
            let audience = store.audience(&name)?;
            store.delete_audience(&audience.id)?;
            writeln!(out, "deleted audience {}", audience.name)?;
        }
    }
    Ok(())
}
