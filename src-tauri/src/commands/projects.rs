//! Project commands: list, open, create, edit, archive, trash, restore, delete for good.

use preflight_core::domain::agenda::{AgendaFilter, AgendaView, ReviewCadence};
use preflight_core::domain::framework::EIGHT_PILLARS;
use preflight_core::domain::{Project, ProjectDraft, ProjectView};
use tauri::State;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// Lists one sidebar view, most recently changed first.
#[tauri::command]
pub async fn list_projects(
    state: State<'_, AppState>,
    view: ProjectView,
) -> Result<Vec<Project>, CommandError> {
    on_store(state, move |store| store.list_projects(view)).await
}

/// Loads one project.
#[tauri::command]
pub async fn get_project(state: State<'_, AppState>, id: Uuid) -> Result<Project, CommandError> {
    on_store(state, move |store| store.project(id)).await
}

/// Creates a project with the pillars of `framework` (default: the 8-pillar framework).
#[tauri::command]
pub async fn create_project(
    state: State<'_, AppState>,
    draft: ProjectDraft,
    framework: Option<String>,
) -> Result<Project, CommandError> {
    on_store(state, move |store| {
        store.create_project(&draft, framework.as_deref().unwrap_or(EIGHT_PILLARS))
    })
    .await
}

/// Saves a project's editable fields.
#[tauri::command]
pub async fn update_project(
    state: State<'_, AppState>,
    id: Uuid,
    draft: ProjectDraft,
) -> Result<Project, CommandError> {
    on_store(state, move |store| store.update_project(id, &draft)).await
}

/// Archives a project.
#[tauri::command]
pub async fn archive_project(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Project, CommandError> {
    on_store(state, move |store| store.archive_project(id)).await
}

/// Brings an archived project back.
#[tauri::command]
pub async fn unarchive_project(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Project, CommandError> {
    on_store(state, move |store| store.unarchive_project(id)).await
}

/// Moves a project to the trash.
#[tauri::command]
pub async fn trash_project(state: State<'_, AppState>, id: Uuid) -> Result<Project, CommandError> {
    on_store(state, move |store| store.trash_project(id)).await
}

/// Restores a project from the trash.
#[tauri::command]
pub async fn restore_project(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Project, CommandError> {
    on_store(state, move |store| store.restore_project(id)).await
}

/// Deletes a project in the trash for good.
#[tauri::command]
pub async fn purge_project(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    on_store(state, move |store| store.purge_project(id)).await
}

/// What comes due across active projects as of the local date, as the window shows it:
/// overdue items and those due within `days` (at most ten years), narrowed to exactly `owner`
/// and to `project` when given, at most `limit` items per group (taken as 1 to
/// [`PAGE_MAX`](preflight_core::domain::agenda::PAGE_MAX)) with each group's count, and the
/// filters' choices.
#[tauri::command]
pub async fn get_agenda(
    state: State<'_, AppState>,
    days: u32,
    owner: Option<String>,
    project: Option<Uuid>,
    limit: u32,
) -> Result<AgendaView, CommandError> {
    let today = chrono::Local::now().date_naive();
    let filter = AgendaFilter { owner, project };
    on_store(state, move |store| {
        store.agenda_view(
            today,
            days.min(3650),
            &filter,
            usize::try_from(limit).unwrap_or(usize::MAX),
        )
    })
    .await
}

/// A project's re-scoring rhythm and when the next re-score is due.
#[tauri::command]
pub async fn get_review_cadence(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<ReviewCadence, CommandError> {
    on_store(state, move |store| store.review_cadence(id)).await
}

/// Sets a project's re-scoring rhythm (every 1–52 weeks, or none) and returns it.
#[tauri::command]
pub async fn set_review_cadence(
    state: State<'_, AppState>,
    id: Uuid,
    weeks: Option<u8>,
) -> Result<ReviewCadence, CommandError> {
    on_store(state, move |store| {
        store.set_review_cadence(id, weeks)?;
        store.review_cadence(id)
    })
    .await
}

/// Turns a project's desktop reminders on or off.
#[tauri::command]
pub async fn set_project_reminders(
    state: State<'_, AppState>,
    id: Uuid,
    on: bool,
) -> Result<Project, CommandError> {
    on_store(state, move |store| store.set_project_reminders(id, on)).await
}

/// A project's review questions with answers, risks and each pillar's suggested score.
#[tauri::command]
pub async fn get_review(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<preflight_core::storage::Review, CommandError> {
    on_store(state, move |store| store.review(id)).await
}

/// Answers one review question (the lens's id) and returns the project's review.
#[tauri::command]
pub async fn answer_question(
    state: State<'_, AppState>,
    id: Uuid,
    question: String,
    answer: preflight_core::domain::review::Answer,
) -> Result<preflight_core::storage::Review, CommandError> {
    on_store(state, move |store| {
        store.answer_question(id, &question, &answer)
    })
    .await
}

/// Adds the improvement plans of practices not in place as gaps: for one question (the lens's
/// id) or for every high-risk question of a pillar.
#[tauri::command]
pub async fn add_improvement_gaps(
    state: State<'_, AppState>,
    id: Uuid,
    question: Option<String>,
    pillar: Option<Uuid>,
) -> Result<preflight_core::storage::Improvements, CommandError> {
    on_store(state, move |store| {
        store.add_improvement_gaps(id, question.as_deref(), pillar)
    })
    .await
}
