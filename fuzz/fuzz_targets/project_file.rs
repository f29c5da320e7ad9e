//! Fuzzes the project-file importer: any bytes must give a valid file or an error naming a
//! JSON path, never a panic; a file that validates must import into a fresh database and
//! export again to a file that validates.

#![no_main]

use libfuzzer_sys::fuzz_target;
use preflight_core::project_file::ProjectFile;
use preflight_core::storage::ImportMode;
use preflight_core::{CoreError, Store};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match ProjectFile::parse(text) {
        Err(CoreError::InvalidFile { path, .. }) => assert!(!path.is_empty()),
        Err(other) => panic!("a file error must be InvalidFile, got {other:?}"),
        Ok(file) => {
            let store = Store::open_in_memory().expect("in-memory store");
            let imported = store
                .import_project_file(&file, ImportMode::New)
                .expect("a valid file imports into an empty database");
            let again = store
                .project_file(imported.project.id, chrono::Utc::now())
                .expect("export")
                .to_json()
                .expect("json");
            ProjectFile::parse(&again).expect("an exported file validates");
        }
    }
});
