//! Tauri commands: the only code that talks to IPC. Each one is a thin async wrapper that runs a
//! core operation on a blocking thread and maps its error.

pub mod app;
pub mod brand;
pub mod data;
pub mod dialogs;
mod gaps;
mod markdown;
mod projects;
pub mod reports;
mod scorecard;
mod sharing;
mod tables;
#[cfg(test)]
mod tests;
mod workshop;

use std::any::Any;
use std::future::Future;
use std::panic::Location;
use std::sync::Arc;

use preflight_core::{CoreError, ErrorCode, ErrorPayload, Store};
use tauri::State;

use crate::error::CommandError;
use crate::AppState;

/// Every command the UI may call.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync {
    tauri::generate_handler![
        app::get_app_status,
        app::window_ready,
        app::open_log_folder,
        app::get_settings,
        app::update_settings,
        projects::list_projects,
        projects::get_project,
        projects::create_project,
        projects::update_project,
        projects::archive_project,
        projects::unarchive_project,
        projects::trash_project,
        projects::restore_project,
        projects::purge_project,
        projects::get_agenda,
        projects::get_review_cadence,
        projects::set_review_cadence,
        projects::set_project_reminders,
        projects::get_review,
        projects::answer_question,
        scorecard::add_question,
        scorecard::edit_question,
        scorecard::move_question,
        scorecard::delete_question,
        projects::add_improvement_gaps,
        dialogs::choose_calendar_path,
        reports::export_calendar,
        sharing::get_sharing,
        sharing::set_device_name,
        sharing::share_project,
        sharing::join_shared,
        sharing::sync_project,
        sharing::resolve_conflict,
        sharing::get_shared_history,
        dialogs::choose_shared_folder,
        brand::get_brand,
        brand::set_brand,
        brand::set_logo,
        dialogs::choose_logo_path,
        dialogs::choose_lens_path,
        dialogs::choose_lens_export_path,
        reports::export_lens,
        data::import_lens,
        reports::open_link,
        reports::list_audiences,
        reports::describe_audience,
        reports::save_audience,
        reports::delete_audience,
        reports::list_report_log,
        scorecard::list_frameworks,
        scorecard::save_as_framework,
        scorecard::get_scorecard,
        scorecard::get_scorecard_tab,
        scorecard::add_pillar,
        scorecard::update_pillar,
        scorecard::move_pillar,
        scorecard::remove_pillar,
        scorecard::take_milestone,
        scorecard::list_milestones,
        scorecard::rename_milestone,
        scorecard::trash_milestone,
        scorecard::restore_milestone,
        scorecard::compare_scorecards,
        scorecard::get_trend,
        gaps::get_launch_blockers,
        gaps::get_gap_tracker,
        gaps::get_gap,
        gaps::add_gap,
        gaps::update_gap,
        gaps::trash_gap,
        gaps::restore_gap,
        gaps::bulk_update_gaps,
        gaps::apply_gap_template,
        tables::get_table,
        tables::add_table_row,
        tables::update_table_row,
        tables::set_row_internal_note,
        tables::move_table_row,
        tables::trash_table_row,
        tables::restore_table_row,
        tables::get_compliance,
        tables::update_compliance_snapshot,
        tables::add_control,
        tables::update_control,
        tables::remove_control,
        tables::suggest_triggers,
        dialogs::choose_report_path,
        reports::export_report,
        reports::open_exported_file,
        dialogs::choose_data_path,
        data::export_project_file,
        data::export_table,
        dialogs::choose_import_path,
        data::import_project_file,
        data::list_backups_of_database,
        data::backup_now,
        data::restore_backup,
        data::get_revision,
        data::get_recovery,
        data::recover_database,
        data::start_empty_database,
        data::get_trash,
        data::restore_from_trash,
        data::delete_from_trash,
        dialogs::choose_markdown_paths,
        markdown::import_markdown,
        markdown::plan_markdown_import,
        markdown::save_import_mapping,
        workshop::start_workshop,
        workshop::get_workshop,
        workshop::workshop_action,
        workshop::end_workshop,
        workshop::undo_workshop_end,
        workshop::vote_on_this_laptop,
        dialogs::choose_votes_paths,
        workshop::import_workshop_votes,
    ]
}

/// Runs `op` on the store on Tauri's blocking pool, so SQLite never blocks the main thread.
///
/// # Errors
/// The startup error when no database is open, `op`'s error, or an internal error if the
/// blocking task panicked.
#[track_caller]
fn on_store<'a, T, F>(
    state: State<'a, AppState>,
    op: F,
) -> impl Future<Output = Result<T, CommandError>> + 'a
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, CoreError> + Send + 'static,
{
    let at = Location::caller();
    let store = state.store();
    async move {
        let store: Arc<Store> = store.map_err(|e| logged(at, CommandError(e)))?;
        blocking(at, move || op(&store)).await
    }
}

/// Runs `op` on Tauri's blocking pool. A panic inside it (a bug) becomes an `internal` error
/// message for the UI; the app keeps running, and the transaction it was in was rolled back
/// when its connection guard dropped. A failure is logged with the command's place in the
/// source.
///
/// # Errors
/// `op`'s error, or an internal error if it panicked.
#[track_caller]
fn run_blocking<T, F>(op: F) -> impl Future<Output = Result<T, CommandError>>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, CoreError> + Send + 'static,
{
    blocking(Location::caller(), op)
}

/// A command that takes this long or longer is logged with its place and time: the budget
/// of an action in the window (issue #21) is 50 ms.
const SLOW_COMMAND: std::time::Duration = std::time::Duration::from_millis(50);

/// What a blocking operation returns once its type is erased (see [`blocking`]).
type Erased = Result<Box<dyn Any + Send>, CommandError>;

async fn blocking<T, F>(at: &'static Location<'static>, op: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, CoreError> + Send + 'static,
{
    // Every command's operation goes to the pool as the same boxed type, so Tokio's task
    // machinery (its raw task, harness and scheduler hooks) is compiled once rather than once
    // per command: Tokio's code in the release window went from 2.1 to 1.4 MiB (`cargo bloat`).
    let erased: Box<dyn FnOnce() -> Erased + Send> = Box::new(move || match op() {
        Ok(value) => Ok(Box::new(value)),
        Err(e) => Err(CommandError::from(e)),
    });
    let value = on_blocking_pool(at, erased).await?;
    value.downcast::<T>().map(|value| *value).map_err(|_| {
        logged(
            at,
            CommandError::internal("a command returned the wrong type"),
        )
    })
}

/// Runs `op` on Tauri's blocking pool and maps a panic or a lost task to an internal error.
async fn on_blocking_pool(
    at: &'static Location<'static>,
    op: Box<dyn FnOnce() -> Erased + Send>,
) -> Erased {
    let started = std::time::Instant::now();
    let result = tauri::async_runtime::spawn_blocking(op).await;
    let took = started.elapsed();
    if took >= SLOW_COMMAND {
        tracing::info!(
            command = %format!("{}:{}", at.file(), at.line()),
            took_ms = took.as_millis(),
            "slow command"
        );
    }
    result
        .map_err(|e| {
            let message = if matches!(&e, tauri::Error::JoinError(j) if j.is_panic()) {
                "something went wrong inside Preflight (a bug); your data is safe — try again, \
                 and if it happens again, report it"
                    .to_owned()
            } else {
                format!("the operation stopped unexpectedly: {e}")
            };
            logged(at, CommandError::internal(message))
        })?
        .map_err(|e| logged(at, e))
}

/// Logs a failed command and hands its error on. Validation, conflict and not-found errors are
/// logged by code and field only, since their messages may quote what the user typed; storage
/// and internal errors with their message, which names files and SQLite's words, not content.
pub(super) fn logged(at: &'static Location<'static>, error: CommandError) -> CommandError {
    let ErrorPayload {
        code,
        message,
        field,
    } = &error.0;
    let command = format!("{}:{}", at.file(), at.line());
    match code {
        ErrorCode::Invalid | ErrorCode::Conflict | ErrorCode::NotFound => {
            tracing::info!(%command, ?code, field = field.as_deref().unwrap_or(""), "command refused");
        }
        _ => tracing::error!(%command, ?code, "command failed: {message}"),
    }
    error
}
