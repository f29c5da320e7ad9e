//! Fuzzes team sharing's loader: any bytes in a shared folder's device file must load and
//! check to a document or give an error, never a panic (Automerge's own are caught); a document that loads must merge into
//! a genuine one, and its plan must read, list its conflicts and history, and either pass the
//! project file's checks or fail them with a JSON path.

#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight_core::sharing::document::{self, Device};
use preflight_core::sharing::{checked, folder, wanted};
use preflight_core::CoreError;
use uuid::Uuid;

/// libfuzzer-sys installs a panic hook that aborts at once, before `catch_unwind` in
/// `folder::load_any` could turn Automerge's own panics into refusals as it does in the app.
/// A silent hook lets them unwind; a panic that escapes still aborts the run, since
/// libfuzzer-sys catches it at the top.
static QUIET_PANICS: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    // Refusals are errors; a panic that escapes our code is a finding.
    let Ok((_, project)) = folder::load_any(data) else {
        return;
    };
    let mut incoming = folder::load_bytes(data, project, None).expect("a loaded document checks");
    let device = Device {
        id: Uuid::from_u128(7),
        name: "Fuzz".to_owned(),
    };
    let plan = serde_json::json!({ "project": { "name": "Atlas" }, "gaps": [] });
    let now = chrono::Utc::now();
    let (mut doc, _) = document::genesis(project, &device, &plan, now).expect("genesis");
    if doc.merge(&mut incoming).is_err() {
        return;
    }
    let _ = document::conflicts(&doc);
    let _ = document::history(&doc, 100);
    let Ok(state) = document::state(&doc) else {
        return;
    };
    match checked(&wanted(&state, now), now) {
        Ok(_) => {}
        Err(CoreError::InvalidFile { path, .. }) => assert!(!path.is_empty()),
        Err(other) => panic!("a plan error must be InvalidFile, got {other:?}"),
    }
});
