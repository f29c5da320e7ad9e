//! Every text field's longest length in one place, for the UI: the form counters and the
//! checks made as the user types use these numbers, generated into
//! `ui/src/lib/bindings/field-limits.ts`, instead of restating them. Lengths count characters
//! (Unicode scalar values) after trimming, as the domain's validation does.

use serde::Serialize;
use ts_rs::TS;

use super::{compliance, framework, gap, lens, project, review, scorecard, tables};

/// The longest length of each text field, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Limits {
    /// A project's name.
    pub project_name: u32,
    /// A project's description.
    pub project_description: u32,
    /// The North Star sentence.
    pub north_star: u32,
    /// The leading metric.
    pub leading_metric: u32,
    /// One success criterion of a proof of concept.
    pub success_criterion: u32,
    /// How many success criteria a project may have.
    pub success_criteria: u32,
    /// A pillar's name.
    pub pillar_name: u32,
    /// A pillar's description.
    pub pillar_description: u32,
    /// A pillar's evidence / notes.
    pub evidence: u32,
    /// An internal note (pillars, gaps, table rows).
    pub internal_note: u32,
    /// A pillar's owner.
    pub pillar_owner: u32,
    /// A milestone's name.
    pub milestone_name: u32,
    /// A custom framework's name.
    pub framework_name: u32,
    /// A gap's title.
    pub gap_title: u32,
    /// A gap's category.
    pub gap_category: u32,
    /// A gap's notes.
    pub gap_notes: u32,
    /// A gap's owner.
    pub gap_owner: u32,
    /// The note of a gap deferred for "another reason".
    pub defer_note: u32,
    /// One cell of an editable table.
    pub cell: u32,
    /// The compliance snapshot's next review (a date or a milestone text).
    pub next_review: u32,
    /// The compliance snapshot's owner.
    pub compliance_owner: u32,
    /// A baseline control's label.
    pub control: u32,
    /// A review question's title, and each practice's (the lens format's limit).
    pub question_title: u32,
    /// Why a question is asked, and a practice's improvement plan.
    pub question_text: u32,
    /// The note on an answer.
    pub answer_note: u32,
}

/// Narrows a limit for the UI; every limit is far below `u32::MAX`.
const fn n(limit: usize) -> u32 {
    limit as u32
}

/// The limits the domain enforces.
pub const LIMITS: Limits = Limits {
    project_name: n(project::NAME_MAX),
    project_description: n(project::DESCRIPTION_MAX),
    north_star: n(project::NORTH_STAR_MAX),
    leading_metric: n(project::LEADING_METRIC_MAX),
    success_criterion: n(project::CRITERION_MAX),
    success_criteria: n(project::CRITERIA_MAX),
    pillar_name: n(scorecard::PILLAR_NAME_MAX),
    pillar_description: n(scorecard::PILLAR_DESCRIPTION_MAX),
    evidence: n(scorecard::EVIDENCE_MAX),
    internal_note: n(scorecard::INTERNAL_NOTE_MAX),
    pillar_owner: n(scorecard::OWNER_MAX),
    milestone_name: n(scorecard::MILESTONE_NAME_MAX),
    framework_name: n(framework::FRAMEWORK_NAME_MAX),
    gap_title: n(gap::TITLE_MAX),
    gap_category: n(gap::CATEGORY_MAX),
    gap_notes: n(gap::NOTES_MAX),
    gap_owner: n(gap::OWNER_MAX),
    defer_note: n(gap::DEFER_NOTE_MAX),
    cell: n(tables::CELL_MAX),
    next_review: n(compliance::NEXT_REVIEW_MAX),
    compliance_owner: n(compliance::OWNER_MAX),
    control: n(compliance::CONTROL_MAX),
    question_title: n(lens::TITLE_MAX),
    question_text: n(lens::TEXT_MAX),
    answer_note: n(review::NOTE_MAX),
};

/// The TypeScript module `field-limits.ts` that holds [`LIMITS`] as a value.
///
/// # Errors
/// Never in practice: serialising the struct cannot fail.
pub fn limits_module() -> serde_json::Result<String> {
    let value = serde_json::to_string_pretty(&LIMITS)?;
    Ok(format!(
        "// Generated from preflight-core's domain::limits by `make bindings`; do not edit.\n\
         import type {{ Limits }} from './Limits';\n\n\
         export const LIMITS: Limits = {value};\n"
    ))
}

#[cfg(test)]
mod tests {
    /// Named like ts-rs's own tests so `make bindings` (which runs `export_bindings*`) writes
    /// the module beside the generated types; `make test` writes it to `target/bindings` and
    /// compares.
    #[test]
    fn export_bindings_limits_module() {
        let Some(dir) = std::env::var_os("TS_RS_EXPORT_DIR") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("bindings folder");
        let text = super::limits_module().expect("limits serialise");
        std::fs::write(dir.join("field-limits.ts"), text).expect("write field-limits.ts");
    }

    #[test]
    fn limits_are_the_domains() {
        assert_eq!(super::LIMITS.project_name, 120);
        assert_eq!(super::LIMITS.cell, 4_000);
        let json = super::limits_module().expect("module");
        assert!(json.contains("\"northStar\": 280"), "{json}");
    }
}
