//! `preflight questions …`: a project's review questions written, edited, moved and deleted
//! from the terminal, as in the window's question form.

use std::io::Write;

use clap::{Args, Subcommand};
use preflight_core::domain::lens::{Question, Risk};
use preflight_core::domain::question::{PracticeDraft, QuestionDraft, RuleDraft};
use preflight_core::{CoreError, Store};

use super::review::pillar_named;
use super::CliError;

/// `preflight questions …`
#[derive(Debug, Subcommand)]
pub enum QuestionsCommand {
    /// Add a question of your own at the end of a pillar's questions.
    Add(AddArgs),
    /// Change a question's text, practices or rules.
    Edit(EditArgs),
    /// Move a question within its pillar.
    Move {
        /// The project: its id, or its name.
        #[arg(long, value_name = "ID|NAME")]
        project: String,
        /// The question's id.
        #[arg(long, value_name = "ID")]
        question: String,
        /// Its new place among the pillar's questions, from 1.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        to: u32,
    },
    /// Delete a question with its answer (gaps added from it stay).
    Delete {
        /// The project: its id, or its name.
        #[arg(long, value_name = "ID|NAME")]
        project: String,
        /// The question's id.
        #[arg(long, value_name = "ID")]
        question: String,
    },
}

/// Options of `questions add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// The pillar (its name, ignoring case).
    #[arg(long, value_name = "NAME")]
    pub pillar: String,
    /// The question.
    #[arg(long)]
    pub title: String,
    /// Why it is asked.
    #[arg(long, default_value = "")]
    pub description: String,
    /// A practice, in order; each needs a --plan after it.
    #[arg(long = "practice", value_name = "TITLE", required = true)]
    pub practices: Vec<String>,
    /// What to do when the practice before it is missing (it becomes the gap).
    #[arg(long = "plan", value_name = "TEXT", required = true)]
    pub plans: Vec<String>,
    /// A risk rule, tried in order: `high|medium|none: CONDITION` over practice ids (e.g.
    /// "none: a && b"); without any, the usual rules.
    #[arg(long = "rule", value_name = "RISK: CONDITION")]
    pub rules: Vec<String>,
}

/// Options of `questions edit`: what is not given stays as it is.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The project: its id, or its name.
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// The question's id.
    #[arg(long, value_name = "ID")]
    pub question: String,
    /// The new question.
    #[arg(long)]
    pub title: Option<String>,
    /// The new reason it is asked.
    #[arg(long)]
    pub description: Option<String>,
    /// A new practice, added last; each needs a --plan after it.
    #[arg(long = "practice", value_name = "TITLE")]
    pub practices: Vec<String>,
    /// The improvement plan of the new practice before it.
    #[arg(long = "plan", value_name = "TEXT")]
    pub plans: Vec<String>,
    /// Rename a practice: `ID=TITLE`.
    #[arg(long = "set-practice", value_name = "ID=TITLE")]
    pub set_practice: Vec<String>,
    /// Change a practice's improvement plan: `ID=TEXT`.
    #[arg(long = "set-plan", value_name = "ID=TEXT")]
    pub set_plan: Vec<String>,
    /// Remove a practice (and it leaves the answer).
    #[arg(long = "remove-practice", value_name = "ID")]
    pub remove_practice: Vec<String>,
    /// Replace the rules: `high|medium|none: CONDITION`, tried in order.
    #[arg(
        long = "rule",
        value_name = "RISK: CONDITION",
        conflicts_with = "usual_rules"
    )]
    pub rules: Vec<String>,
    /// Go back to the usual rules (all practices: no risk; some: medium; none: high).
    #[arg(long)]
    pub usual_rules: bool,
}

/// `high: a && b` → the rule.
fn rule(text: &str) -> Result<RuleDraft, CoreError> {
    let (risk, condition) = text.split_once(':').ok_or_else(|| {
        CoreError::invalid(
            "rules",
            format!(
                "\u{201c}{text}\u{201d}: write RISK: CONDITION, e.g. \u{201c}none: a && b\u{201d}"
            ),
        )
    })?;
    let risk = match risk.trim().to_lowercase().as_str() {
        "high" => Risk::HighRisk,
        "medium" => Risk::MediumRisk,
        "none" | "no" => Risk::NoRisk,
        other => {
            return Err(CoreError::invalid(
                "rules",
                format!("\u{201c}{other}\u{201d} is not a risk: write high, medium or none"),
            ))
        }
    };
    Ok(RuleDraft {
        condition: condition.trim().to_owned(),
        risk,
    })
}

/// New practices from `--practice`/`--plan` pairs.
fn new_practices(titles: &[String], plans: &[String]) -> Result<Vec<PracticeDraft>, CoreError> {
    if titles.len() != plans.len() {
        return Err(CoreError::invalid(
            "practices",
            format!(
                "each --practice needs its --plan (got {} practices and {} plans)",
                titles.len(),
                plans.len()
            ),
        ));
    }
    Ok(titles
        .iter()
        .zip(plans)
        .map(|(title, plan)| PracticeDraft {
            id: None,
            title: title.clone(),
            improvement_plan: plan.clone(),
        })
        .collect())
}

/// `ID=TEXT` → (id, text).
fn pair(text: &str) -> Result<(&str, &str), CoreError> {
    text.split_once('=')
        .map(|(id, value)| (id.trim(), value))
        .ok_or_else(|| {
            CoreError::invalid(
                "practices",
                format!("\u{201c}{text}\u{201d}: write ID=TEXT"),
            )
        })
}

/// The draft `args` make of `q`.
fn edited(q: &Question, args: &EditArgs) -> Result<QuestionDraft, CoreError> {
    let mut practices: Vec<PracticeDraft> = q
        .choices
        .iter()
        .filter(|c| !args.remove_practice.iter().any(|r| r.trim() == c.id))
        .map(|c| PracticeDraft {
            id: Some(c.id.clone()),
            title: c.title.clone(),
            improvement_plan: c.improvement_plan.display_text.clone(),
        })
        .collect();
    for (list, is_title) in [(&args.set_practice, true), (&args.set_plan, false)] {
        for text in list {
            let (id, value) = pair(text)?;
            let p = practices
                .iter_mut()
                .find(|p| p.id.as_deref() == Some(id))
                .ok_or_else(|| {
                    CoreError::invalid(
                        "practices",
                        format!("{} has no practice \u{201c}{id}\u{201d}", q.id),
                    )
                })?;
            if is_title {
                p.title = value.to_owned();
            } else {
                p.improvement_plan = value.to_owned();
            }
        }
    }
    practices.extend(new_practices(&args.practices, &args.plans)?);
    let rules = if args.usual_rules {
        Vec::new()
    } else if !args.rules.is_empty() {
        args.rules
            .iter()
            .map(|r| rule(r))
            .collect::<Result<_, _>>()?
    } else {
        q.risk_rules
            .iter()
            .map(|r| RuleDraft {
                condition: r.condition.clone(),
                risk: r.risk,
            })
            .collect()
    };
    Ok(QuestionDraft {
        title: args.title.clone().unwrap_or_else(|| q.title.clone()),
        description: args
            .description
            .clone()
            .unwrap_or_else(|| q.description.clone().unwrap_or_default()),
        practices,
        rules,
    })
}

/// Runs `questions …` and says what it did.
pub(super) fn run(
    store: &Store,
    command: QuestionsCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        QuestionsCommand::Add(args) => {
            let project = store.find_project(&args.project)?;
            let pillar = pillar_named(store, &project, &args.pillar)?;
            let draft = QuestionDraft {
                title: args.title,
                description: args.description,
                practices: new_practices(&args.practices, &args.plans)?,
                rules: args
                    .rules
                    .iter()
                    .map(|r| rule(r))
                    .collect::<Result<_, _>>()?,
            };
            let added = store.add_question(project.id, pillar, &draft)?;
            let ids: Vec<&str> = added
                .question
                .choices
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            writeln!(
                out,
                "added question {} to {} (practices: {})",
                added.question.id,
                args.pillar.trim(),
                ids.join(", ")
            )?;
        }
        QuestionsCommand::Edit(args) => {
            let project = store.find_project(&args.project)?;
            let current = store
                .questions(project.id)?
                .into_iter()
                .find(|q| q.question.id == args.question.trim())
                .ok_or_else(|| CoreError::NotFound {
                    what: "question",
                    id: args.question.clone(),
                })?;
            let draft = edited(&current.question, &args)?;
            let done = store.edit_question(project.id, &args.question, &draft)?;
            writeln!(out, "saved question {}", done.question.question.id)?;
            for title in &done.removed_from_answer {
                writeln!(out, "no longer in its answer: {title}")?;
            }
        }
        QuestionsCommand::Move {
            project,
            question,
            to,
        } => {
            let project = store.find_project(&project)?;
            store.move_question(project.id, &question, to - 1)?;
            writeln!(out, "moved question {} to place {to}", question.trim())?;
        }
        QuestionsCommand::Delete { project, question } => {
            let project = store.find_project(&project)?;
            store.delete_question(project.id, &question)?;
            writeln!(out, "deleted question {}", question.trim())?;
        }
    }
    Ok(())
}
