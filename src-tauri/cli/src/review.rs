//! `preflight answer` and `preflight review`: a project's review questions (from an AWS custom
//! lens), answered from the terminal, with their risks and each pillar's suggested score.

use std::io::Write;

use clap::Args;
use preflight_core::domain::lens::Risk;
use preflight_core::domain::review::Answer;
use preflight_core::storage::Review;
use preflight_core::Store;

use super::CliError;
use preflight_core::domain::text::counted;

/// Options of `answer`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["choices", "none"])))]
pub struct AnswerArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// The question's id, as the lens names it.
    #[arg(long, value_name = "ID")]
    pub question: String,
    /// The practices in place, by their choice ids, separated by commas.
    #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
    pub choices: Vec<String>,
    /// None of the practices is in place.
    #[arg(long)]
    pub none: bool,
    /// A note (at most 2,000 characters).
    #[arg(long, default_value = "")]
    pub note: String,
}

/// Options of `improve`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["question", "pillar"])))]
pub struct ImproveArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// One question (the lens's id): a gap per practice not in place.
    #[arg(long, value_name = "ID")]
    pub question: Option<String>,
    /// Every high-risk question of this pillar (its name, ignoring case).
    #[arg(long, value_name = "NAME")]
    pub pillar: Option<String>,
}

/// The id of `project`'s pillar named `name` (ignoring case).
///
/// # Errors
/// [`preflight_core::CoreError::Invalid`] on `pillar` when there is none of that name.
pub(super) fn pillar_named(
    store: &Store,
    project: &preflight_core::domain::Project,
    name: &str,
) -> Result<uuid::Uuid, CliError> {
    let card = store.scorecard(project.id, chrono::Local::now().date_naive())?;
    let wanted = name.trim().to_lowercase();
    Ok(card
        .pillars
        .iter()
        .find(|p| p.name.to_lowercase() == wanted)
        .map(|p| p.id)
        .ok_or_else(|| {
            preflight_core::CoreError::invalid(
                "pillar",
                format!("{} has no pillar \u{201c}{name}\u{201d}", project.name),
            )
        })?)
}

/// `improve`: adds improvement plans as gaps and says what was added.
pub(super) fn improve(
    store: &Store,
    args: ImproveArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let pillar = match &args.pillar {
        Some(name) => Some(pillar_named(store, &project, name)?),
        None => None,
    };
    let done = store.add_improvement_gaps(project.id, args.question.as_deref(), pillar)?;
    for gap in &done.added {
        writeln!(
            out,
            "added gap {}  {} ({})",
            gap.id,
            gap.title,
            gap.priority.as_str()
        )?;
    }
    writeln!(
        out,
        "{} added, {} already there",
        counted(done.added.len(), "gap"),
        done.already
    )?;
    Ok(())
}

/// Options of `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn risk(r: Option<Risk>) -> &'static str {
    match r {
        Some(Risk::HighRisk) => "high risk",
        Some(Risk::MediumRisk) => "medium risk",
        Some(Risk::NoRisk) => "no risk",
        None => "not answered",
    }
}

/// `answer`: records the answer and prints the question's risk and its pillar's counts.
pub(super) fn answer(
    store: &Store,
    args: AnswerArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let review = store.answer_question(
        project.id,
        &args.question,
        &Answer {
            choices: args.choices,
            none: args.none,
            note: args.note,
        },
    )?;
    let Some(q) = review
        .questions
        .iter()
        .find(|q| q.question.id == args.question.trim())
    else {
        return Ok(());
    };
    writeln!(
        out,
        "{}: {} ({} of {} practices in place)",
        q.question.id,
        risk(q.risk),
        q.answer.choices.len(),
        q.question.choices.len()
    )?;
    Ok(())
}

/// `review`: every question with its risk, by pillar, and each pillar's suggested score.
pub(super) fn review(
    store: &Store,
    args: ReviewArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let review: Review = store.review(project.id)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &review)?;
        writeln!(out)?;
        return Ok(());
    }
    if review.questions.is_empty() {
        writeln!(
            out,
            "{} has no review questions (add some with `preflight questions add`).",
            project.name
        )?;
        return Ok(());
    }
    let card = store.scorecard(project.id, chrono::Local::now().date_naive())?;
    for p in &review.pillars {
        let name = card
            .pillars
            .iter()
            .find(|c| c.id == p.pillar_id)
            .map_or("?", |c| c.name.as_str());
        let suggested = p.suggested.map_or_else(
            || "no suggestion yet".to_owned(),
            |s| format!("suggested score {s}"),
        );
        writeln!(
            out,
            "{name}: {} high, {} medium, {} no risk, {} not answered · {suggested}",
            p.high, p.medium, p.none, p.unanswered
        )?;
        for q in review
            .questions
            .iter()
            .filter(|q| q.pillar_id == p.pillar_id)
        {
            writeln!(
                out,
                "  {:<14} {:<13} {}",
                q.question.id,
                risk(q.risk),
                q.question.title
            )?;
        }
    }
    Ok(())
}
