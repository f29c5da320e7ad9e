//! Checking a lens as the format's specification says: known keys only, texts within their
//! limits, unique ids, `https` links, risk rules whose conditions name the question's own
//! choices. Every refusal names the JSON path of the bad value.

use std::collections::HashSet;

use super::{
    is_id_char, Condition, Extra, Lens, Question, Resource, CHOICES_MAX, DESCRIPTION_MAX, ID_MAX,
    NAME_MAX, PILLARS_MAX, QUESTIONS_MAX, SCHEMA_VERSION, TEXT_MAX, TITLE_MAX, URL_MAX,
};
use crate::error::{CoreError, Result};

pub(super) fn invalid(path: &str, message: impl Into<String>) -> CoreError {
    CoreError::invalid_file(path, message.into())
}

/// Refuses keys the format does not define, unless they start with `_`.
fn only_known(extra: &Extra, path: &str) -> Result<()> {
    match extra.keys().find(|k| !k.starts_with('_')) {
        Some(key) => Err(invalid(
            &if path == "$" {
                key.clone()
            } else {
                format!("{path}.{key}")
            },
            "is not part of the lens format (keys of your own must start with _)",
        )),
        None => Ok(()),
    }
}

fn text(value: &str, path: &str, max: usize, required: bool) -> Result<()> {
    let count = value.chars().count();
    if required && value.trim().is_empty() {
        return Err(invalid(path, "is required"));
    }
    if count > max {
        return Err(invalid(
            path,
            format!("must be at most {max} characters (got {count})"),
        ));
    }
    Ok(())
}

fn id(value: &str, path: &str, seen: &mut HashSet<String>) -> Result<()> {
    text(value, path, ID_MAX, true)?;
    if !value.chars().all(is_id_char) {
        return Err(invalid(
            path,
            format!(
                "\u{201c}{value}\u{201d} may hold only letters, digits, _ and - (risk rules name it)"
            ),
        ));
    }
    if !seen.insert(value.to_owned()) {
        return Err(invalid(
            path,
            format!("\u{201c}{value}\u{201d} is used twice"),
        ));
    }
    Ok(())
}

fn url(value: Option<&str>, path: &str) -> Result<()> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(());
    };
    text(value, path, URL_MAX, false)?;
    let lower = value.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(invalid(path, "must be an http or https link"));
    }
    Ok(())
}

fn resource(r: &Resource, path: &str, required: bool) -> Result<()> {
    only_known(&r.extra, path)?;
    text(
        &r.display_text,
        &format!("{path}.displayText"),
        TEXT_MAX,
        required,
    )?;
    url(r.url.as_deref(), &format!("{path}.url"))
}

/// Checks one question as the lens format requires (ids, texts, links, choices, rules); its
/// id is claimed in `seen`, so two questions with one id are refused.
///
/// # Errors
/// [`CoreError::InvalidFile`] at `path` and below.
pub(crate) fn check_question(q: &Question, path: &str, seen: &mut HashSet<String>) -> Result<()> {
    only_known(&q.extra, path)?;
    id(&q.id, &format!("{path}.id"), seen)?;
    text(&q.title, &format!("{path}.title"), TITLE_MAX, true)?;
    if let Some(d) = &q.description {
        text(d, &format!("{path}.description"), TEXT_MAX, false)?;
    }
    if let Some(r) = &q.helpful_resource {
        resource(r, &format!("{path}.helpfulResource"), false)?;
    }
    url(q.url.as_deref(), &format!("{path}.url"))?;
    if q.choices.is_empty() || q.choices.len() > CHOICES_MAX {
        return Err(invalid(
            &format!("{path}.choices"),
            format!(
                "must hold 1 to {CHOICES_MAX} choices (got {})",
                q.choices.len()
            ),
        ));
    }
    let mut choice_ids = HashSet::new();
    for (k, c) in q.choices.iter().enumerate() {
        let here = format!("{path}.choices[{k}]");
        only_known(&c.extra, &here)?;
        id(&c.id, &format!("{here}.id"), &mut choice_ids)?;
        text(&c.title, &format!("{here}.title"), TITLE_MAX, true)?;
        if let Some(d) = &c.description {
            text(d, &format!("{here}.description"), TEXT_MAX, false)?;
        }
        if let Some(r) = &c.helpful_resource {
            resource(r, &format!("{here}.helpfulResource"), false)?;
        }
        resource(
            &c.improvement_plan,
            &format!("{here}.improvementPlan"),
            true,
        )?;
    }
    if q.risk_rules.is_empty() {
        return Err(invalid(
            &format!("{path}.riskRules"),
            "must hold at least one rule (a \u{201c}default\u{201d} one at least)",
        ));
    }
    let mut risks = HashSet::new();
    for (k, r) in q.risk_rules.iter().enumerate() {
        let here = format!("{path}.riskRules[{k}]");
        only_known(&r.extra, &here)?;
        let condition =
            Condition::parse(&r.condition).map_err(|e| invalid(&format!("{here}.condition"), e))?;
        if let Some(unknown) = condition
            .choices()
            .into_iter()
            .find(|c| !choice_ids.contains(*c))
        {
            return Err(invalid(
                &format!("{here}.condition"),
                format!("names \u{201c}{unknown}\u{201d}, which is not a choice of this question"),
            ));
        }
        if !risks.insert(r.risk) {
            return Err(invalid(
                &format!("{here}.risk"),
                "a question has at most one rule per risk level",
            ));
        }
    }
    Ok(())
}

impl Lens {
    pub(super) fn check(&self) -> Result<()> {
        only_known(&self.extra, "$")?;
        if self.schema_version != SCHEMA_VERSION {
            return Err(invalid(
                "schemaVersion",
                format!(
                    "must be \u{201c}{SCHEMA_VERSION}\u{201d}, the lens format's version (got \u{201c}{}\u{201d})",
                    self.schema_version
                ),
            ));
        }
        text(&self.name, "name", NAME_MAX, true)?;
        text(&self.description, "description", DESCRIPTION_MAX, false)?;
        if self.pillars.is_empty() || self.pillars.len() > PILLARS_MAX {
            return Err(invalid(
                "pillars",
                format!(
                    "must hold 1 to {PILLARS_MAX} pillars (got {})",
                    self.pillars.len()
                ),
            ));
        }
        let mut pillar_ids = HashSet::new();
        let mut question_ids = HashSet::new();
        for (i, p) in self.pillars.iter().enumerate() {
            let here = format!("pillars[{i}]");
            only_known(&p.extra, &here)?;
            id(&p.id, &format!("{here}.id"), &mut pillar_ids)?;
            text(&p.name, &format!("{here}.name"), TITLE_MAX, true)?;
            if p.questions.is_empty() || p.questions.len() > QUESTIONS_MAX {
                return Err(invalid(
                    &format!("{here}.questions"),
                    format!(
                        "must hold 1 to {QUESTIONS_MAX} questions (got {})",
                        p.questions.len()
                    ),
                ));
            }
            for (j, q) in p.questions.iter().enumerate() {
                check_question(q, &format!("{here}.questions[{j}]"), &mut question_ids)?;
            }
        }
        Ok(())
    }
}
