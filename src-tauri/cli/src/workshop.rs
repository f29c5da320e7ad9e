//! `preflight workshop run`: the workshop server without the window. The first line printed
//! is `join: <url>`; votes arriving are reported as they come; the facilitator types
//! commands on standard input (`help` lists them); `end` records the workshop and exits 0.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use clap::{Args, Subcommand};
use std::path::PathBuf;

use preflight_core::domain::workshop::{Distribution, Phase, VotesFile, WorkshopSetup};
use preflight_core::{CoreError, Store};
use preflight_workshop::{start, FacilitatorView, Listen, Live};
use tokio::io::{AsyncBufReadExt, BufReader};

use super::CliError;
use preflight_core::domain::text::counted;

/// `preflight workshop …`
#[derive(Debug, Subcommand)]
pub enum WorkshopCommand {
    /// Run a workshop from the terminal: serve the participant page, take commands on stdin.
    Run(RunArgs),
    /// Write your own scores of a project as a votes file, for a remote or asynchronous
    /// workshop (the facilitator imports it).
    #[command(name = "export-votes")]
    ExportVotes(ExportVotesArgs),
    /// Import votes files into the workshop running on a project, as a round.
    #[command(name = "import-votes")]
    ImportVotes(ImportVotesArgs),
}

/// Options of `workshop export-votes`.
#[derive(Debug, Args)]
pub struct ExportVotesArgs {
    /// The project whose current scores are your votes: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Your name, as the facilitator will see it.
    #[arg(long)]
    pub name: String,
    /// The votes file to write (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Options of `workshop import-votes`.
#[derive(Debug, Args)]
pub struct ImportVotesArgs {
    /// The project whose running workshop takes the votes: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Votes files written by `workshop export-votes` (or the window's Export menu).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `workshop export-votes`.
pub fn export_votes(
    store: &Store,
    args: ExportVotesArgs,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let project = store.find_project(&args.project)?;
    let votes = store.scores_as_votes(project.id, &args.name)?;
    let mut text = serde_json::to_string_pretty(&votes)?;
    text.push('\n');
    if args.output.as_os_str() == "-" {
        out.write_all(text.as_bytes())?;
    } else {
        preflight_core::files::write_atomically(&args.output, text.as_bytes())?;
        writeln!(
            out,
            "wrote {} ({} of {})",
            args.output.display(),
            counted(votes.votes.len(), "vote"),
            votes.participant
        )?;
    }
    Ok(true)
}

/// `workshop import-votes`.
pub fn import_votes(
    store: &Store,
    args: ImportVotesArgs,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let project = store.find_project(&args.project)?;
    let workshop = store
        .running_workshop(project.id)?
        .ok_or_else(|| CoreError::Conflict {
            field: None,
            message: format!(
                "no workshop is running on \u{201c}{}\u{201d}; start one first",
                project.name
            ),
        })?;
    let files = args
        .files
        .iter()
        .map(|path| VotesFile::read_file(path))
        .collect::<Result<Vec<_>, _>>()?;
    let report = store.import_votes(workshop.id, &files)?;
    writeln!(
        out,
        "imported {} from {} ({})",
        counted(report.votes, "vote"),
        counted(files.len(), "file"),
        counted(report.participants, "new participant")
    )?;
    if report.replaced > 0 {
        writeln!(
            out,
            "replaced {} of the same participants in the same rounds",
            counted(report.replaced, "earlier vote")
        )?;
    }
    for line in &report.left_out {
        writeln!(out, "left out: {line}")?;
    }
    Ok(true)
}

/// Options of `workshop run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The project: its id, or its name (ignoring case).
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// The pillars to vote on, by name, comma-separated [default: all].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub pillars: Vec<String>,
    /// Listen on this address only [default: every usable interface, a free port].
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,
    /// The facilitator sees how many voted, never who.
    #[arg(long)]
    pub anonymous: bool,
    /// Participants may add a note to their vote.
    #[arg(long)]
    pub notes: bool,
}

const HELP: &str = "commands: reveal | revote | agree SCORE [RATIONALE] | next | prev | \
                    lock | unlock | status | end | help";

/// Runs the workshop until `end` (exit 0) or the end of standard input (the workshop stays
/// open in the database and `workshop run` resumes it).
pub fn run(store: Arc<Store>, args: RunArgs, out: &mut impl Write) -> Result<bool, CliError> {
    let project = store.find_project(&args.project)?;
    let workshop = match store.running_workshop(project.id)? {
        Some(open) => {
            writeln!(out, "resuming the workshop started {}", open.started_at)?;
            open
        }
        None => {
            let card = store.scorecard(project.id, chrono::Local::now().date_naive())?;
            let pillars = args
                .pillars
                .iter()
                .map(|name| {
                    card.pillars
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
                        .map(|p| p.id)
                        .ok_or_else(|| {
                            CoreError::invalid(
                                "pillars",
                                format!("has no pillar named \"{}\"", name.trim()),
                            )
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            store.start_workshop(
                project.id,
                &WorkshopSetup {
                    pillars,
                    anonymous: args.anonymous,
                    notes_allowed: args.notes,
                },
            )?
        }
    };
    let live = Live::new(Arc::clone(&store), workshop.id)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(serve(live, args.listen, out))
}

async fn serve(
    live: Arc<Live>,
    listen: Option<SocketAddr>,
    out: &mut impl Write,
) -> Result<bool, CliError> {
    let listen = listen.map_or(Listen::Interfaces { port: 0 }, Listen::At);
    let server = start(Arc::clone(&live), listen).await?;
    let join = server.join();
    if let Some(first) = join.addresses.first() {
        writeln!(out, "join: {}", first.url)?;
    }
    for other in join.addresses.iter().skip(1) {
        writeln!(out, "also: {} ({})", other.url, other.interface)?;
    }
    if let Some(first) = join.addresses.first() {
        writeln!(out, "code: {} (type it at {})", join.code, first.code_url)?;
    }
    writeln!(out, "{HELP}")?;
    out.flush()?;
    let mut changes = live.subscribe();
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut shown = status_line(&live.facilitator_view()?);
    writeln!(out, "{shown}")?;
    out.flush()?;
    loop {
        tokio::select! {
            line = lines.next_line() => {
                let Some(line) = line? else {
                    writeln!(out, "standard input closed: the workshop stays open; `workshop run` resumes it")?;
                    server.stop();
                    return Ok(true);
                };
                match command(&live, line.trim(), out) {
                    Ok(true) => {
                        out.flush()?;
                        tokio::time::sleep(preflight_workshop::Server::LINGER).await;
                        server.stop();
                        return Ok(true);
                    }
                    Ok(false) => {}
                    Err(e) => writeln!(out, "refused: {}", e.message())?,
                }
                out.flush()?;
            }
            changed = changes.changed() => {
                if changed.is_err() {
                    return Ok(true);
                }
                let now = status_line(&live.facilitator_view()?);
                if now != shown {
                    writeln!(out, "{now}")?;
                    out.flush()?;
                    shown = now;
                }
            }
            () = server.stopped() => {
                writeln!(out, "the server stopped after being idle; `workshop run` resumes the workshop")?;
                return Ok(true);
            }
        }
    }
}

/// Runs one facilitator command; returns whether the workshop ended.
fn command(live: &Live, line: &str, out: &mut impl Write) -> Result<bool, CoreError> {
    let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
    match verb {
        "" => {}
        "reveal" => {
            live.reveal()?;
            print_reveal(&live.facilitator_view()?, out).map_err(io)?;
        }
        "revote" => live.revote()?,
        "agree" => {
            let (score, rationale) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
            let score: u8 = score
                .parse()
                .map_err(|_| CoreError::invalid("score", "must be a whole number from 1 to 5"))?;
            live.agree(score, rationale.trim())?;
            writeln!(out, "agreed: {score}").map_err(io)?;
        }
        "next" => live.step(1)?,
        "prev" => live.step(-1)?,
        "lock" => live.lock(true)?,
        "unlock" => live.lock(false)?,
        "status" => writeln!(out, "{}", status_line(&live.facilitator_view()?)).map_err(io)?,
        "end" => {
            let record = live.end(chrono::Local::now().date_naive())?;
            writeln!(
                out,
                "ended: {} agreed scores written to the scorecard, milestone \"Workshop {}\"",
                record.scores_written,
                chrono::Local::now().date_naive()
            )
            .map_err(io)?;
            return Ok(true);
        }
        "help" => writeln!(out, "{HELP}").map_err(io)?,
        other => writeln!(out, "unknown command \"{other}\"; {HELP}").map_err(io)?,
    }
    Ok(false)
}

fn io(e: std::io::Error) -> CoreError {
    CoreError::Io {
        context: "cannot write to the terminal".into(),
        source: e,
    }
}

/// "pillar 2/8 Configuration hygiene · round 1 · voting · 3 of 5 voted".
fn status_line(view: &FacilitatorView) -> String {
    let w = &view.workshop;
    let pillar = view.pillar.as_ref().map_or_else(String::new, |p| {
        format!("pillar {}/{} {}", p.position, p.count, p.name)
    });
    let phase = match w.phase {
        Phase::Voting => "voting",
        Phase::Revealed => "revealed",
    };
    let who = if view.voters.is_empty() {
        String::new()
    } else {
        format!(" ({})", view.voters.join(", "))
    };
    format!(
        "{pillar} · round {} · {phase} · {} of {} voted{who}",
        w.round, view.voted, view.participants
    )
}

fn print_reveal(view: &FacilitatorView, out: &mut impl Write) -> std::io::Result<()> {
    let Some(d) = &view.distribution else {
        return Ok(());
    };
    for (score, count) in (1_u8..).zip(d.counts.iter()) {
        let bar = "█".repeat(usize::try_from(*count).unwrap_or(0));
        writeln!(out, "  {score} {bar} {count}")?;
    }
    writeln!(out, "  ? {} don't know", d.dont_know)?;
    writeln!(out, "  {}", summary(d))?;
    for v in &view.revealed {
        if !v.note.is_empty() {
            let who = v.name.as_deref().unwrap_or("someone");
            writeln!(out, "  note from {who}: {}", v.note)?;
        }
    }
    if let Some(s) = view.suggested {
        writeln!(out, "  suggested consensus: {s} (agree {s} RATIONALE)")?;
    }
    Ok(())
}

/// "median 3.5 · range 2–5 · IQR 1.25 · outliers: 1".
fn summary(d: &Distribution) -> String {
    let mut parts = Vec::new();
    if let Some(m) = d.median {
        parts.push(format!("median {m}"));
    }
    if let (Some(lo), Some(hi)) = (d.min, d.max) {
        parts.push(format!("range {lo}–{hi}"));
    }
    if let Some(iqr) = d.iqr() {
        parts.push(format!("IQR {iqr}"));
    }
    if !d.outliers.is_empty() {
        let list: Vec<String> = d.outliers.iter().map(u8::to_string).collect();
        parts.push(format!("outliers: {}", list.join(", ")));
    }
    if parts.is_empty() {
        "no scores".to_owned()
    } else {
        parts.join(" · ")
    }
}
