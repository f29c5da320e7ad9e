//! The readiness domain: the words of PRODUCT.md as types, with their validation rules.

pub mod framework;
pub mod project;
pub mod text;

pub use framework::FrameworkId;
pub use project::{Project, ProjectDraft, ProjectView, Stage};
