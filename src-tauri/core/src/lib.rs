//! Preflight's core: the readiness domain, SQLite storage and the PDF reports.
//!
//! This crate never depends on Tauri, GTK or anything that needs a display, so everything in
//! it is tested headless. The desktop shell (`preflight`) and its CLI are thin layers over the
//! operations exposed here; both reach the database only through [`storage::Store`].

pub mod calendar;
pub mod domain;
pub mod error;
pub mod export;
pub mod files;
pub mod generated;
pub mod markdown_import;
pub mod paths;
pub mod project_file;
pub mod report;
pub mod sample;
pub mod sharing;
#[cfg(test)]
mod stand_in;
pub mod storage;
pub mod table_export;

pub use error::{CoreError, ErrorCode, ErrorPayload};
pub use storage::Store;
