//! AWS Well-Architected custom lenses (the open JSON format of the Well-Architected Tool,
//! schema version `2021-11-01`, "Lens format specification" in the AWS WA Tool user guide):
//! pillars hold questions, questions hold best-practice choices, and risk rules turn the
//! chosen practices into high, medium or no risk.
//!
//! Reading tolerates what published lenses contain: keys starting with `_` (a lens's own
//! version notes), `Url` written with a capital U, a question-level `url`. Anything else that
//! breaks the format is refused with its JSON path and the reason.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

mod check;
mod condition;

pub(crate) use check::check_question;
use check::invalid;
use condition::is_id_char;
pub use condition::Condition;

/// The only schema version the format has.
pub const SCHEMA_VERSION: &str = "2021-11-01";
/// Longest lens name, in characters (the specification's limit).
pub const NAME_MAX: usize = 128;
/// Longest lens description, in characters.
pub const DESCRIPTION_MAX: usize = 2048;
/// Longest pillar name, question title and choice title, in characters. Published lenses
/// use longer question titles than the 128 the tool's forms allow, so Preflight reads up
/// to this.
pub const TITLE_MAX: usize = 512;
/// Longest question description, helpful text or improvement plan, in characters.
pub const TEXT_MAX: usize = 4096;
/// Longest URL, in characters.
pub const URL_MAX: usize = 2048;
/// Longest id of a pillar, question or choice, in characters.
pub const ID_MAX: usize = 100;
/// Most pillars, questions per pillar and choices per question read.
pub const PILLARS_MAX: usize = 100;
/// See [`PILLARS_MAX`].
pub const QUESTIONS_MAX: usize = 200;
/// See [`PILLARS_MAX`].
pub const CHOICES_MAX: usize = 50;
/// Largest lens file read, in bytes (4 MiB; the largest published lenses are under 200 KB).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Keys the format does not define; tolerated only when they start with `_`.
type Extra = BTreeMap<String, serde_json::Value>;

/// A text with an optional link: a helpful resource or an improvement plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LensResource")]
pub struct Resource {
    /// The text shown.
    pub display_text: String,
    /// A link (`http` or `https`), if any.
    #[serde(default, alias = "Url", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(flatten, default, skip_serializing)]
    #[ts(skip)]
    extra: Extra,
}

impl Resource {
    /// A resource of `text` and `url`.
    pub fn new(text: &str, url: Option<&str>) -> Resource {
        Resource {
            display_text: text.to_owned(),
            url: url.map(str::to_owned),
            extra: Extra::new(),
        }
    }
}

/// One best practice a question offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LensChoice")]
pub struct Choice {
    /// Unique within its question; risk rules name it.
    pub id: String,
    /// The practice.
    pub title: String,
    /// More about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where to read about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<Resource>,
    /// What to do when it is not in place (becomes a gap).
    pub improvement_plan: Resource,
    /// Further links (up to two in the specification).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(skip)]
    pub additional_resources: Vec<serde_json::Value>,
    #[serde(flatten, default, skip_serializing)]
    #[ts(skip)]
    extra: Extra,
}

/// A risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum Risk {
    /// No risk.
    NoRisk,
    /// Medium risk.
    MediumRisk,
    /// High risk.
    HighRisk,
}

impl Risk {
    /// The format's spelling: `HIGH_RISK`, `MEDIUM_RISK` or `NO_RISK`.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::HighRisk => "HIGH_RISK",
            Risk::MediumRisk => "MEDIUM_RISK",
            Risk::NoRisk => "NO_RISK",
        }
    }

    /// Reads [`Risk::as_str`]'s spelling; `None` for anything else.
    pub fn parse(text: &str) -> Option<Risk> {
        [Risk::HighRisk, Risk::MediumRisk, Risk::NoRisk]
            .into_iter()
            .find(|r| r.as_str() == text)
    }

    /// For people: "High risk", "Medium risk", "No risk".
    pub fn label(self) -> &'static str {
        match self {
            Risk::HighRisk => "High risk",
            Risk::MediumRisk => "Medium risk",
            Risk::NoRisk => "No risk",
        }
    }
}

/// A risk rule: when `condition` holds for the chosen practices, the question has `risk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RiskRule {
    /// `default`, or choice ids joined with `&&`, `||`, `!` and parentheses.
    pub condition: String,
    /// The risk it gives.
    pub risk: Risk,
    #[serde(flatten, default, skip_serializing)]
    #[ts(skip)]
    extra: Extra,
}

/// A review question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LensQuestion")]
pub struct Question {
    /// Unique within the lens.
    pub id: String,
    /// The question.
    pub title: String,
    /// Why it is asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where to read about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpful_resource: Option<Resource>,
    /// A bare link some published lenses give instead of a helpful resource.
    #[serde(default, skip_serializing)]
    #[ts(skip)]
    url: Option<String>,
    /// The practices, in order.
    pub choices: Vec<Choice>,
    /// The rules, tried in order; the first that holds gives the risk.
    pub risk_rules: Vec<RiskRule>,
    #[serde(flatten, default, skip_serializing)]
    #[ts(skip)]
    extra: Extra,
}

/// A pillar of a lens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "LensPillar")]
pub struct Pillar {
    /// Unique within the lens.
    pub id: String,
    /// The pillar's name.
    pub name: String,
    /// Its questions, in order.
    pub questions: Vec<Question>,
    #[serde(flatten, default, skip_serializing)]
    #[ts(skip)]
    extra: Extra,
}

/// A whole custom lens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lens {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// 1–128 characters.
    pub name: String,
    /// At most 2,048 characters.
    #[serde(default)]
    pub description: String,
    /// The pillars, in order.
    pub pillars: Vec<Pillar>,
    #[serde(flatten, default, skip_serializing)]
    extra: Extra,
}

impl Question {
    /// The risk of this question when `chosen` are the practices in place: the first rule
    /// that holds, in order; `None` when none does (a lens without a `default` rule).
    pub fn risk(&self, chosen: &HashSet<&str>) -> Option<Risk> {
        self.risk_rules
            .iter()
            .find(|r| Condition::parse(&r.condition).is_ok_and(|c| c.holds(chosen)))
            .map(|r| r.risk)
    }

    /// A helpful link for the question: its helpful resource's, or a bare `url`.
    pub fn helpful_url(&self) -> Option<&str> {
        self.helpful_resource
            .as_ref()
            .and_then(|r| r.url.as_deref())
            .or(self.url.as_deref())
    }
}

impl Choice {
    /// A practice `id` titled `title` whose improvement plan is `plan`.
    pub fn new(id: &str, title: &str, plan: &str) -> Choice {
        Choice {
            id: id.to_owned(),
            title: title.to_owned(),
            description: None,
            helpful_resource: None,
            improvement_plan: Resource::new(plan, None),
            additional_resources: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl RiskRule {
    /// The rule `condition` → `risk`.
    pub fn new(condition: &str, risk: Risk) -> RiskRule {
        RiskRule {
            condition: condition.to_owned(),
            risk,
            extra: Extra::new(),
        }
    }
}

impl Question {
    /// A question `id` titled `title`, with no helpful resource.
    pub fn new(
        id: &str,
        title: &str,
        description: Option<String>,
        choices: Vec<Choice>,
        risk_rules: Vec<RiskRule>,
    ) -> Question {
        Question {
            id: id.to_owned(),
            title: title.to_owned(),
            description,
            helpful_resource: None,
            url: None,
            choices,
            risk_rules,
            extra: Extra::new(),
        }
    }
}

impl Pillar {
    /// A pillar of `id` and `name` holding `questions`.
    pub fn new(id: &str, name: &str, questions: Vec<Question>) -> Pillar {
        Pillar {
            id: id.to_owned(),
            name: name.to_owned(),
            questions,
            extra: Extra::new(),
        }
    }
}

impl Lens {
    /// A lens named `name` of `pillars`, in this format's schema version.
    pub fn new(name: &str, description: &str, pillars: Vec<Pillar>) -> Lens {
        Lens {
            schema_version: SCHEMA_VERSION.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
            pillars,
            extra: Extra::new(),
        }
    }

    /// The lens as JSON that the format accepts (checked again before it is returned).
    ///
    /// # Errors
    /// [`CoreError::InvalidFile`] when it does not pass [`Lens::parse`] (a framework that
    /// cannot be a lens).
    pub fn to_json(&self) -> Result<String> {
        let json = serde_json::to_string_pretty(self)
            .map_err(|e| invalid("$", format!("cannot write the lens: {e}")))?;
        Lens::parse(&json)?;
        Ok(json + "\n")
    }

    /// Reads and checks a custom lens from its JSON text.
    ///
    /// # Errors
    /// [`CoreError::InvalidFile`] with the JSON path and the reason: not JSON, a wrong
    /// `schemaVersion`, a missing or too long field, an id used twice, a rule that does not
    /// parse or names an unknown choice, a key the format does not define.
    pub fn parse(json: &str) -> Result<Lens> {
        let text_in = json.trim_start_matches('\u{feff}');
        let mut de = serde_json::Deserializer::from_str(text_in);
        let lens: Lens = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            invalid(if path == "." { "$" } else { &path }, e.inner().to_string())
        })?;
        de.end()
            .map_err(|e| invalid("$", format!("not a lens file: {e}")))?;
        lens.check()?;
        let mut lens = lens;
        // A question's bare `url` becomes its helpful resource, so it is kept when stored.
        for q in lens.pillars.iter_mut().flat_map(|p| p.questions.iter_mut()) {
            if q.helpful_resource.is_none() {
                if let Some(url) = q.url.take() {
                    q.helpful_resource = Some(Resource::new("", Some(&url)));
                }
            }
        }
        Ok(lens)
    }

    /// How many questions the lens has.
    pub fn question_count(&self) -> usize {
        self.pillars.iter().map(|p| p.questions.len()).sum()
    }
}

/// Reads and checks the lens file at `path` (at most [`MAX_FILE_BYTES`]).
///
/// # Errors
/// [`CoreError::Io`] when the file cannot be read; [`CoreError::InvalidFile`] as
/// [`Lens::parse`] says, or for a file that is too large or not UTF-8.
pub fn read_file(path: &std::path::Path) -> Result<Lens> {
    let bytes = crate::files::read_capped(path, MAX_FILE_BYTES, "a lens file")?;
    let text =
        String::from_utf8(bytes).map_err(|e| invalid("$", format!("not UTF-8 text: {e}")))?;
    Lens::parse(&text)
}

#[cfg(test)]
pub(crate) mod tests;
