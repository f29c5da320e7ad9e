//! Scorecard commands: frameworks, pillars, review questions, milestones, compare and trend.

use preflight_core::domain::question::QuestionDraft;
use preflight_core::domain::scorecard::{ComparisonRow, Trend};
use preflight_core::domain::{Framework, Milestone, Pillar, PillarDraft, Scorecard, ScorecardTab};
use preflight_core::storage::{PillarQuestion, QuestionEdit};
use tauri::State;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// Frameworks offered for new projects.
#[tauri::command]
pub async fn list_frameworks(state: State<'_, AppState>) -> Result<Vec<Framework>, CommandError> {
    on_store(state, |store| store.list_frameworks()).await
}

/// Saves the project's pillar set as a custom framework.
#[tauri::command]
pub async fn save_as_framework(
    state: State<'_, AppState>,
    project_id: Uuid,
    name: String,
) -> Result<Framework, CommandError> {
    on_store(state, move |store| {
        store.save_as_framework(project_id, &name)
    })
    .await
}

/// The scorecard, with its summary as of the local date.
#[tauri::command]
pub async fn get_scorecard(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<Scorecard, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| store.scorecard(project_id, today)).await
}

/// The Scorecard tab's reads in one answer: the scorecard (summary as of the local date), the
/// review of its lens questions and the database's revision, from one snapshot.
#[tauri::command]
pub async fn get_scorecard_tab(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<ScorecardTab, CommandError> {
    let today = chrono::Local::now().date_naive();
    on_store(state, move |store| store.scorecard_tab(project_id, today)).await
}

/// Adds a pillar at the end.
#[tauri::command]
pub async fn add_pillar(
    state: State<'_, AppState>,
    project_id: Uuid,
    draft: PillarDraft,
) -> Result<Pillar, CommandError> {
    on_store(state, move |store| store.add_pillar(project_id, &draft)).await
}

/// Saves a pillar's fields.
#[tauri::command]
pub async fn update_pillar(
    state: State<'_, AppState>,
    id: Uuid,
    draft: PillarDraft,
) -> Result<Pillar, CommandError> {
    on_store(state, move |store| store.update_pillar(id, &draft)).await
}

/// Moves a pillar to a 0-based index.
#[tauri::command]
pub async fn move_pillar(
    state: State<'_, AppState>,
    id: Uuid,
    index: u32,
) -> Result<Vec<Pillar>, CommandError> {
    on_store(state, move |store| store.move_pillar(id, index)).await
}

/// Removes a pillar (earlier milestones keep it).
#[tauri::command]
pub async fn remove_pillar(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Vec<Pillar>, CommandError> {
    on_store(state, move |store| store.remove_pillar(id)).await
}

/// Freezes the scorecard as a milestone.
#[tauri::command]
pub async fn take_milestone(
    state: State<'_, AppState>,
    project_id: Uuid,
    name: String,
    taken_on: String,
) -> Result<Milestone, CommandError> {
    on_store(state, move |store| {
        store.take_milestone(project_id, &name, &taken_on)
    })
    .await
}

/// The project's milestones, oldest first.
#[tauri::command]
pub async fn list_milestones(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<Vec<Milestone>, CommandError> {
    on_store(state, move |store| store.milestones(project_id)).await
}

/// Renames a milestone.
#[tauri::command]
pub async fn rename_milestone(
    state: State<'_, AppState>,
    id: Uuid,
    name: String,
) -> Result<Milestone, CommandError> {
    on_store(state, move |store| store.rename_milestone(id, &name)).await
}

/// Deletes a milestone to the trash.
#[tauri::command]
pub async fn trash_milestone(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Milestone, CommandError> {
    on_store(state, move |store| store.trash_milestone(id)).await
}

/// Restores a deleted milestone.
#[tauri::command]
pub async fn restore_milestone(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Milestone, CommandError> {
    on_store(state, move |store| store.restore_milestone(id)).await
}

/// Compares two scorecards; a missing side means the current scorecard.
#[tauri::command]
pub async fn compare_scorecards(
    state: State<'_, AppState>,
    project_id: Uuid,
    from: Option<Uuid>,
    to: Option<Uuid>,
) -> Result<Vec<ComparisonRow>, CommandError> {
    on_store(state, move |store| {
        store.compare_scorecards(project_id, from, to)
    })
    .await
}

/// Each pillar's score across milestones and now.
#[tauri::command]
pub async fn get_trend(
    state: State<'_, AppState>,
    project_id: Uuid,
) -> Result<Trend, CommandError> {
    on_store(state, move |store| store.trend(project_id)).await
}

/// Adds a question written by hand at the end of a pillar's questions.
#[tauri::command]
pub async fn add_question(
    state: State<'_, AppState>,
    id: Uuid,
    pillar: Uuid,
    draft: QuestionDraft,
) -> Result<PillarQuestion, CommandError> {
    on_store(state, move |store| store.add_question(id, pillar, &draft)).await
}

/// Replaces a question's text, practices and rules (the lens's id names it).
#[tauri::command]
pub async fn edit_question(
    state: State<'_, AppState>,
    id: Uuid,
    question: String,
    draft: QuestionDraft,
) -> Result<QuestionEdit, CommandError> {
    on_store(state, move |store| {
        store.edit_question(id, &question, &draft)
    })
    .await
}

/// Moves a question to `index` among its pillar's questions.
#[tauri::command]
pub async fn move_question(
    state: State<'_, AppState>,
    id: Uuid,
    question: String,
    index: u32,
) -> Result<Vec<PillarQuestion>, CommandError> {
    on_store(state, move |store| {
        store.move_question(id, &question, index)
    })
    .await
}

/// Deletes a question with its answer.
#[tauri::command]
pub async fn delete_question(
    state: State<'_, AppState>,
    id: Uuid,
    question: String,
) -> Result<Vec<PillarQuestion>, CommandError> {
    on_store(state, move |store| store.delete_question(id, &question)).await
}
