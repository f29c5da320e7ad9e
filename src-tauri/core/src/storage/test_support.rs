//! Helpers shared by the storage tests: a fixed "today" and a project to work in.

use chrono::NaiveDate;
use uuid::Uuid;

use super::Store;
use crate::domain::framework::FOUR_PILLARS;
use crate::domain::ProjectDraft;

/// The date the tests treat as today.
pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default()
}

/// Creates a 4-pillar project named "Atlas" and returns its id.
pub(crate) fn atlas(store: &Store) -> Uuid {
    let draft = ProjectDraft {
        name: "Atlas".into(),
        ..ProjectDraft::default()
    };
    store
        .create_project(&draft, FOUR_PILLARS)
        .map(|p| p.id)
        .unwrap_or_default()
}
