//! The readiness domain: the words of PRODUCT.md as types, with their validation rules.

pub mod agenda;
pub mod audience;
pub mod brand;
pub mod compliance;
pub mod date;
pub mod framework;
pub mod gap;
pub mod lens;
pub mod limits;
pub mod milestone;
pub mod project;
pub mod question;
pub mod reminders;
pub mod report_log;
pub mod review;
pub mod scorecard;
pub mod settings;
pub mod tables;
pub mod text;
pub mod workshop;

pub use framework::{Framework, FrameworkPillar};
pub use gap::{Gap, GapBoard, GapDraft, GapStatus, Priority};
pub use project::{Decision, Project, ProjectDraft, ProjectView, Stage};
pub use scorecard::{Milestone, Pillar, PillarDraft, ScoreLevel, Scorecard, ScorecardTab, Summary};
