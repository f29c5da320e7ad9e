//! Review questions written or edited by hand: a draft (title, why it is asked, the practices
//! with their improvement plans, and the risk rules) checked and turned into a question in the
//! AWS custom-lens shape, so it exports and imports like any lens question.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lens::{self, Choice, Question, Risk, RiskRule};
use super::text::{bounded, required_line};
use crate::error::{CoreError, Result};

/// One practice of a question as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PracticeDraft {
    /// The practice's id when it already exists (kept, so answers and rules still name it);
    /// `None` for a new one, which gets an id made from its title.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub id: Option<String>,
    /// The practice, one line, 1–512 characters.
    pub title: String,
    /// What to do when it is not in place, 1–4,096 characters (it becomes a gap's notes).
    pub improvement_plan: String,
}

/// A risk rule as typed: a condition over practice ids and the risk it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleDraft {
    /// `default`, or practice ids joined with `&&`, `||`, `!` and parentheses.
    pub condition: String,
    /// The risk when it holds.
    pub risk: Risk,
}

/// A question as typed in the window or given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuestionDraft {
    /// The question, one line, 1–512 characters.
    pub title: String,
    /// Why it is asked, at most 4,096 characters.
    #[serde(default)]
    pub description: String,
    /// The practices, 1–50, in order.
    pub practices: Vec<PracticeDraft>,
    /// The rules, tried in order; empty gives the usual three: every practice in place is no
    /// risk, some is medium, none is high (see [`default_rules`]).
    #[serde(default)]
    pub rules: Vec<RuleDraft>,
}

/// An id for `title` that risk rules can name: lower-case ASCII letters and digits joined by
/// `_`, at most 40 characters, `fallback` when nothing is left, made unique against `taken`
/// with `_2`, `_3`, ….
fn id_from(title: &str, fallback: &str, taken: &HashSet<String>) -> String {
    let mut id = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
        if id.len() >= 40 {
            break;
        }
    }
    let id = id.trim_end_matches('_');
    let base = if id.is_empty() { fallback } else { id };
    let mut candidate = base.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

/// The usual rules for `ids`: all in place is no risk, any is medium, none is high (one
/// practice: in place is no risk, otherwise high).
pub fn default_rules(ids: &[String]) -> Vec<RiskRule> {
    let mut rules = vec![RiskRule::new(&ids.join(" && "), Risk::NoRisk)];
    if ids.len() > 1 {
        rules.push(RiskRule::new(&ids.join(" || "), Risk::MediumRisk));
    }
    rules.push(RiskRule::new("default", Risk::HighRisk));
    rules
}

impl QuestionDraft {
    /// The question this draft makes: `existing`'s id (or a new one from the title, unique
    /// against `taken`, the project's other question ids), practice ids kept or made from
    /// their titles, and the rules checked against those ids.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `title`, `description`, `practices` (the message names the
    /// practice by its number) or `rules` (likewise).
    pub fn build(&self, existing: Option<&Question>, taken: &HashSet<String>) -> Result<Question> {
        let title = required_line("title", &self.title, lens::TITLE_MAX)?;
        let description = bounded("description", &self.description, lens::TEXT_MAX)?;
        if self.practices.is_empty() || self.practices.len() > lens::CHOICES_MAX {
            return Err(CoreError::invalid(
                "practices",
                format!(
                    "a question needs 1 to {} practices (got {})",
                    lens::CHOICES_MAX,
                    self.practices.len()
                ),
            ));
        }
        let known: HashSet<&str> = existing
            .map(|q| q.choices.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default();
        let mut ids: HashSet<String> = HashSet::new();
        let mut choices = Vec::with_capacity(self.practices.len());
        for (n, p) in (1..).zip(&self.practices) {
            let at = |e: CoreError| {
                CoreError::invalid("practices", format!("practice {n}: {}", e.message()))
            };
            let title = required_line("title", &p.title, lens::TITLE_MAX).map_err(at)?;
            let plan =
                bounded("improvement plan", &p.improvement_plan, lens::TEXT_MAX).map_err(at)?;
            if plan.is_empty() {
                return Err(CoreError::invalid(
                    "practices",
                    format!("practice {n}: the improvement plan is required (it becomes the gap when the practice is missing)"),
                ));
            }
            let id = match p.id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
                Some(id) if known.contains(id) && !ids.contains(id) => id.to_owned(),
                Some(id) => {
                    return Err(CoreError::invalid(
                        "practices",
                        format!(
                            "practice {n}: \u{201c}{id}\u{201d} is not a practice of this question"
                        ),
                    ))
                }
                None => {
                    let taken_here: HashSet<String> = ids
                        .iter()
                        .cloned()
                        .chain(known.iter().map(|k| (*k).to_owned()))
                        .collect();
                    id_from(&title, "practice", &taken_here)
                }
            };
            ids.insert(id.clone());
            choices.push(Choice::new(&id, &title, &plan));
        }
        let order: Vec<String> = choices.iter().map(|c| c.id.clone()).collect();
        let rules = if self.rules.is_empty() {
            default_rules(&order)
        } else {
            self.rules
                .iter()
                .map(|r| RiskRule::new(r.condition.trim(), r.risk))
                .collect()
        };
        let id = match existing {
            Some(q) => q.id.clone(),
            None => id_from(&title, "question", taken),
        };
        let question = Question::new(
            &id,
            &title,
            (!description.is_empty()).then_some(description),
            choices,
            rules,
        );
        // The lens format's own checks, so the question always exports as a lens.
        lens::check_question(&question, "question", &mut HashSet::new()).map_err(|e| {
            let text = e.to_string();
            let (field, rest) = match text.strip_prefix("question.riskRules[") {
                Some(rest) => ("rules", rest),
                None => ("practices", text.as_str()),
            };
            let message = match rest.split_once("].") {
                Some((index, tail)) if field == "rules" => {
                    let n = index.parse::<usize>().map_or(0, |i| i + 1);
                    let tail = tail.split_once(": ").map_or(tail, |(_, m)| m);
                    format!("rule {n}: {tail}")
                }
                _ => rest.to_owned(),
            };
            CoreError::invalid(field, message)
        })?;
        Ok(question)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice(title: &str) -> PracticeDraft {
        PracticeDraft {
            id: None,
            title: title.into(),
            improvement_plan: format!("Put {title} in place."),
        }
    }

    #[test]
    fn a_new_question_gets_ids_from_its_titles_and_the_usual_rules() {
        let draft = QuestionDraft {
            title: "Is the on-call rota staffed?".into(),
            description: String::new(),
            practices: vec![
                practice("Rota set"),
                practice("Rota set"),
                practice("Ünïcode only ☃"),
            ],
            rules: Vec::new(),
        };
        let taken: HashSet<String> = ["is_the_on_call_rota_staffed".to_owned()].into();
        let q = draft.build(None, &taken).unwrap();
        assert_eq!(q.id, "is_the_on_call_rota_staffed_2");
        let ids: Vec<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["rota_set", "rota_set_2", "n_code_only"]);
        let all: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(q.risk(&all), Some(Risk::NoRisk));
        assert_eq!(q.risk(&["rota_set"].into()), Some(Risk::MediumRisk));
        assert_eq!(q.risk(&HashSet::new()), Some(Risk::HighRisk));
    }

    #[test]
    fn an_edit_keeps_practice_ids_and_refuses_rules_naming_what_is_gone() {
        let first = QuestionDraft {
            title: "Backups?".into(),
            practices: vec![practice("Nightly"), practice("Restored")],
            ..QuestionDraft::default()
        }
        .build(None, &HashSet::new())
        .unwrap();
        let mut edit = QuestionDraft {
            title: "Backups restored?".into(),
            description: "Untested backups are a hope.".into(),
            practices: vec![
                PracticeDraft {
                    id: Some("restored".into()),
                    ..practice("Restored this quarter")
                },
                practice("Off-site"),
            ],
            rules: vec![
                RuleDraft {
                    condition: "restored && nightly".into(),
                    risk: Risk::NoRisk,
                },
                RuleDraft {
                    condition: "default".into(),
                    risk: Risk::HighRisk,
                },
            ],
        };
        let e = edit.build(Some(&first), &HashSet::new()).unwrap_err();
        assert_eq!(e.field(), Some("rules"));
        assert!(
            e.message()
                .starts_with("rule 1: names \u{201c}nightly\u{201d}"),
            "{e}"
        );
        edit.rules[0].condition = "restored && off_site".into();
        let q = edit.build(Some(&first), &HashSet::new()).unwrap();
        assert_eq!(q.id, first.id);
        assert_eq!(q.choices[0].id, "restored");
        assert_eq!(q.choices[1].id, "off_site");
        assert_eq!(
            q.description.as_deref(),
            Some("Untested backups are a hope.")
        );

        edit.practices[1].id = Some("teleport".into());
        let e = edit.build(Some(&first), &HashSet::new()).unwrap_err();
        assert_eq!(
            e.message(),
            "practice 2: \u{201c}teleport\u{201d} is not a practice of this question"
        );
        edit.practices[1] = PracticeDraft {
            improvement_plan: "  ".into(),
            ..practice("Off-site")
        };
        let e = edit.build(Some(&first), &HashSet::new()).unwrap_err();
        assert!(
            e.message()
                .starts_with("practice 2: the improvement plan is required"),
            "{e}"
        );
        let none = QuestionDraft {
            title: "Empty".into(),
            ..QuestionDraft::default()
        };
        assert_eq!(
            none.build(None, &HashSet::new()).unwrap_err().field(),
            Some("practices")
        );
    }
}
