//! Readiness frameworks: named pillar sets a project's scorecard starts from. Two are built in
//! (seeded by migration 0002); "Save as framework" adds custom ones, and so does importing an
//! AWS custom lens, whose pillars bring review questions.

use serde::Serialize;
use ts_rs::TS;

/// Id of the built-in "Production readiness, 8 pillars" framework (the default).
pub const EIGHT_PILLARS: &str = "eight-pillars";
/// Id of the built-in "Production readiness, 4 pillars" framework.
pub const FOUR_PILLARS: &str = "four-pillars";

/// Longest framework name, in characters (a lens's name may have 128).
pub const FRAMEWORK_NAME_MAX: usize = 128;

/// A framework offered for new projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Framework {
    /// `eight-pillars`, `four-pillars`, or a UUID for a custom framework.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One line about when to use it.
    pub description: String,
    /// Whether it ships with Preflight (built-ins cannot be changed).
    pub builtin: bool,
    /// Its pillars, in order.
    pub pillars: Vec<FrameworkPillar>,
    /// `2021-11-01` for a framework imported from an AWS custom lens.
    pub lens_schema: Option<String>,
    /// How many review questions its pillars hold.
    pub questions: u32,
}

/// One pillar of a framework: a name and a one-line description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FrameworkPillar {
    /// Pillar name, e.g. "Security posture".
    pub name: String,
    /// What the pillar covers, in one line.
    pub description: String,
}
