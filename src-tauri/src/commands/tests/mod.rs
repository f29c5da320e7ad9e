//! Command tests through Tauri's mock runtime: what the UI receives, as JSON, for real calls.

use std::sync::Arc;

use preflight_core::{CoreError, Store};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

use crate::{configure, AppState};

mod lists;

fn window(
    store: Result<Store, CoreError>,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    window_on(AppState::with(
        store.map(Arc::new).map_err(|e| e.payload()),
        None,
        None,
    ))
}

fn window_on(
    state: AppState,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let app = configure(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

/// A window on an in-memory database holding the sample project.
fn sample_window() -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
    preflight_core::domain::Project,
) {
    let store = Store::open_in_memory().expect("store");
    let project = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample");
    let (app, w) = window(Ok(store));
    (app, w, project)
}

fn call(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("JSON response"))
}

fn draft(name: &str) -> Value {
    json!({"name": name, "description": "", "stage": "pilot", "northStar": "", "leadingMetric": ""})
}

#[test]
fn create_then_list_returns_camel_case_projects() {
    let (_app, w) = window(Store::open_in_memory());
    let created = call(
        &w,
        "create_project",
        json!({"draft": draft("Atlas"), "framework": "four-pillars"}),
    )
    .expect("created");
    assert_eq!(created["name"], "Atlas");
    assert_eq!(created["stage"], "pilot");
    assert_eq!(created["frameworkId"], "four-pillars");
    assert!(created["updatedAt"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    let list = call(&w, "list_projects", json!({"view": "active"})).expect("listed");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
}

#[test]
fn validation_errors_cross_ipc_as_code_message_field() {
    let (_app, w) = window(Store::open_in_memory());
    let err = call(
        &w,
        "create_project",
        json!({"draft": draft(&"x".repeat(121))}),
    )
    .unwrap_err();
    assert_eq!(
        err,
        json!({"code": "invalid", "message": "must be at most 120 characters (got 121)", "field": "name"})
    );
}

#[test]
fn out_of_range_score_crosses_ipc_as_a_field_error() {
    let (_app, w) = window(Store::open_in_memory());
    let created = call(&w, "create_project", json!({"draft": draft("Atlas")})).expect("created");
    let card = call(&w, "get_scorecard", json!({"projectId": created["id"]})).expect("scorecard");
    let pillar = &card["pillars"][0];
    let err = call(
        &w,
        "update_pillar",
        json!({"id": pillar["id"], "draft": {"name": pillar["name"], "currentScore": 6}}),
    )
    .unwrap_err();
    assert_eq!(err["field"], "currentScore");
    let ok = call(
        &w,
        "update_pillar",
        json!({"id": pillar["id"], "draft": {"name": pillar["name"], "currentScore": 3}}),
    )
    .expect("scored");
    assert_eq!(ok["currentScore"], 3);
    assert_eq!(ok["targetScore"], 4);
}

#[test]
fn unknown_project_is_not_found() {
    let (_app, w) = window(Store::open_in_memory());
    let err = call(&w, "trash_project", json!({"id": uuid::Uuid::now_v7()})).unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn commands_report_the_startup_error_when_no_database_is_open() {
    let refused = CoreError::DatabaseTooNew {
        path: "/tmp/x.sqlite3".into(),
        found: 9,
        known: 1,
    };
    let (_app, w) = window(Err(refused));
    let err = call(&w, "list_projects", json!({"view": "active"})).unwrap_err();
    assert_eq!(err["code"], "database_too_new");
    let status = call(&w, "get_app_status", json!({})).expect("status");
    assert_eq!(status["startupError"]["code"], "database_too_new");
}

/// An executable shell script standing in for the `preflight` command beside the window.
fn stand_in_command(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("preflight");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("mode");
    path
}

#[test]
fn export_report_hands_the_job_to_the_preflight_command_and_names_a_bad_as_of_date() {
    let dir = tempfile::tempdir().expect("dir");
    let database = dir.path().join("plan.sqlite3");
    let store = Store::open(&database).expect("store");
    let project = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample");
    // The stand-in keeps the job it was sent and answers as the real command does.
    let job_file = dir.path().join("job.json");
    let command = stand_in_command(
        dir.path(),
        &format!(
            "[ \"$1\" = __export-report ] || exit 9\ncat > '{}'\nprintf '{{\"written\":{{\"bytes\":4321}}}}'",
            job_file.display()
        ),
    );
    let mut state = AppState::with(Ok(Arc::new(store)), Some(database.clone()), None);
    state.command = Some(command);
    let (app, w) = window_on(state);
    let path = dir.path().join("scorecard.pdf");
    let chosen = app.state::<AppState>().choices.grant_save(path.clone());
    let args = |as_of: &str| {
        json!({"projectId": project.id, "kind": "scorecard", "paper": "letter",
               "asOfDate": as_of, "audience": "board", "recipient": "Ada",
               "file": chosen.token})
    };
    let saved = call(&w, "export_report", args("2026-11-21")).expect("exported");
    assert_eq!(saved["path"], path.display().to_string());
    assert_eq!(saved["bytes"], 4321);
    let job: Value = serde_json::from_slice(&std::fs::read(&job_file).expect("job")).expect("JSON");
    assert_eq!(
        job,
        json!({"database": database, "project": project.id, "kind": "scorecard",
               "paper": "letter", "asOf": "2026-11-21", "audience": "board",
               "recipient": "Ada", "output": path})
    );

    std::fs::remove_file(&job_file).expect("job removed");
    let err = call(&w, "export_report", args("21/11/2026")).expect_err("bad date");
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["field"], "asOf");
    assert!(!job_file.exists(), "a bad date starts no report");
}

#[test]
fn a_report_the_command_refuses_keeps_its_field_and_a_missing_command_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let database = dir.path().join("plan.sqlite3");
    let store = Arc::new(Store::open(&database).expect("store"));
    let project = store
        .seed_sample_on_first_start()
        .expect("seed")
        .expect("sample");
    let refusing = stand_in_command(
        dir.path(),
        r#"cat > /dev/null
printf '{"failed":{"code":"invalid","message":"must be one line","field":"recipient"}}'"#,
    );
    for (command, code, field) in [
        (Some(refusing), "invalid", Some("recipient")),
        (None, "internal", None),
    ] {
        let mut state = AppState::with(Ok(store.clone()), Some(database.clone()), None);
        state.command = command;
        let (app, w) = window_on(state);
        let chosen = app
            .state::<AppState>()
            .choices
            .grant_save(dir.path().join("r.pdf"));
        let err = call(
            &w,
            "export_report",
            json!({"projectId": project.id, "kind": "full", "paper": "a4",
                   "recipient": "two\nlines", "file": chosen.token}),
        )
        .expect_err("refused");
        assert_eq!(err["code"], code);
        assert_eq!(err["field"].as_str(), field);
        if field.is_none() {
            assert!(
                err["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("reinstall")),
                "{err}"
            );
        }
    }
}

#[test]
fn a_panic_in_a_command_becomes_an_internal_error_message() {
    let result: Result<(), _> = tauri::async_runtime::block_on(super::run_blocking(|| {
        let empty: Vec<u8> = Vec::new();
        // An out-of-bounds index stands in for any bug.
        let _ = empty[usize::from(empty.is_empty())];
        Ok(())
    }));
    let error = result.expect_err("the panic is caught");
    assert_eq!(error.0.code, preflight_core::ErrorCode::Internal);
    assert!(
        error.0.message.contains("your data is safe"),
        "{}",
        error.0.message
    );
}

#[test]
fn importing_a_bad_project_file_names_the_json_path() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("bad.json");
    std::fs::write(&file, r#"{"format": "preflight-project", "version": 1, "exportedAt": "2026-11-21T00:00:00Z", "project": {"id": "0190a4b2-0000-7000-8000-000000000001", "name": "X", "stage": "rocket", "framework": "eight-pillars", "createdAt": "2026-11-21T00:00:00Z"}}"#).expect("write");
    let (app, w) = window(Store::open_in_memory());
    let chosen = app.state::<AppState>().choices.grant_open(vec![file]);
    let error = call(
        &w,
        "import_project_file",
        json!({"file": chosen.token, "mode": "new"}),
    )
    .expect_err("invalid");
    assert_eq!(error["code"], "invalid");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("project.stage: unknown variant `rocket`")),
        "{error}"
    );
    assert_eq!(
        call(&w, "list_projects", json!({"view": "active"})).expect("list"),
        json!([])
    );
}

/// The command names between `generate_handler![` and `]` in `commands/mod.rs`.
fn registered_commands() -> std::collections::BTreeSet<String> {
    let source = include_str!("../mod.rs");
    let start = source.find("generate_handler![").expect("the handler list") + 18;
    let end = start + source[start..].find(']').expect("its end");
    source[start..end]
        .split(',')
        .filter_map(|entry| entry.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The command names `ui/src/lib/backend.ts` passes to its `call` wrapper: `call<T>('name'`.
fn commands_called_by_the_ui() -> std::collections::BTreeSet<String> {
    let source = include_str!("../../../../ui/src/lib/backend.ts");
    source
        .match_indices("call<")
        .chain(source.match_indices("call("))
        .filter_map(|(at, _)| {
            let rest = &source[at..];
            let open = rest.find("('")? + 2;
            let close = open + rest[open..].find('\'')?;
            let name = &rest[open..close];
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
                .then(|| name.to_owned())
        })
        .collect()
}

#[test]
fn every_registered_command_is_called_by_the_ui_and_the_ui_calls_no_other() {
    let registered = registered_commands();
    let called = commands_called_by_the_ui();
    assert!(
        registered.len() > 50,
        "parsed too few commands: {registered:?}"
    );
    let unused: Vec<_> = registered.difference(&called).collect();
    let unknown: Vec<_> = called.difference(&registered).collect();
    assert!(
        unused.is_empty(),
        "registered but never called by backend.ts: {unused:?}"
    );
    assert!(
        unknown.is_empty(),
        "called by backend.ts but not registered: {unknown:?}"
    );
}

#[test]
fn paths_from_the_webview_are_refused_and_only_written_files_open() {
    let (app, w, project) = sample_window();
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("anywhere.json");
    // A path (or a made-up token) in place of a dialog's token writes and reads nothing.
    for file in [
        target.display().to_string(),
        "0190a4b2000070008000000000000001".into(),
    ] {
        let err = call(
            &w,
            "export_project_file",
            json!({"projectId": project.id, "file": file}),
        )
        .expect_err("refused");
        assert_eq!(err["code"], "internal", "{err}");
        let err = call(
            &w,
            "import_project_file",
            json!({"file": file, "mode": "new"}),
        )
        .expect_err("refused");
        assert_eq!(err["code"], "internal", "{err}");
    }
    assert!(!target.exists());
    // A token for reading cannot be used for writing, nor one for saving to open a file.
    let open = app
        .state::<AppState>()
        .choices
        .grant_open(vec![target.clone()]);
    let err = call(
        &w,
        "export_project_file",
        json!({"projectId": project.id, "file": open.token}),
    )
    .expect_err("not a save choice");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("saving")),
        "{err}"
    );
    let save = app.state::<AppState>().choices.grant_save(target.clone());
    let err =
        call(&w, "open_exported_file", json!({"token": save.token})).expect_err("not written yet");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("Preflight wrote")),
        "{err}"
    );
    let written = call(
        &w,
        "export_project_file",
        json!({"projectId": project.id, "file": save.token}),
    )
    .expect("exported");
    assert!(target.exists());
    assert_ne!(written["token"], save.token);
}

#[test]
fn restore_and_recovery_take_only_this_databases_backups_and_only_when_damaged() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("p.sqlite3");
    let store = Store::open(&db).expect("store");
    store.backup_now().expect("backup");
    let other = dir.path().join("other.sqlite3");
    Store::open(&other).expect("other database");
    let (_app, w) = window(Ok(store));
    let err = call(&w, "restore_backup", json!({"name": "../other.sqlite3"}))
        .expect_err("not a listed backup");
    assert_eq!(err["code"], "not_found", "{err}");
    let err = call(&w, "start_empty_database", json!({})).expect_err("not damaged");
    assert_eq!(err["code"], "conflict", "{err}");
    let err =
        call(&w, "recover_database", json!({"name": "other.sqlite3"})).expect_err("not damaged");
    assert_eq!(err["code"], "conflict", "{err}");
    assert!(db.exists());
}
