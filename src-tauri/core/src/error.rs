//! The one error type of the core, and the `{code, message, field}` shape it takes across IPC.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything that can go wrong in a core operation.
///
/// The shell maps each variant to an [`ErrorCode`] the UI branches on and a message a person
/// can read; validation errors also name the field so the UI can show the message beside it.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Input broke a rule of the domain (length, range, format).
    #[error("{field}: {message}")]
    Invalid {
        /// The input field at fault, in the camelCase spelling the UI uses (e.g. `name`).
        field: &'static str,
        /// What is wrong and what is allowed, e.g. "must be at most 120 characters (got 121)".
        message: String,
    },
    /// A file being imported breaks the format or a rule of the domain; nothing was written.
    #[error("{path}: {message}")]
    InvalidFile {
        /// Where in the file, as a JSON path (`scorecard[3].target`) or a file and table
        /// (`security.md, table 2`); `$` is the whole file.
        path: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A row that the operation names does not exist (or no longer exists).
    #[error("{what} {id} was not found")]
    NotFound {
        /// The kind of row, e.g. "project".
        what: &'static str,
        /// The id or name that was looked up.
        id: String,
    },
    /// The operation clashes with what is stored, e.g. a duplicate project name.
    #[error("{message}")]
    Conflict {
        /// The input field at fault, when there is one.
        field: Option<&'static str>,
        /// What clashes with what.
        message: String,
    },
    /// The database was written by a newer Preflight; it is refused and left untouched.
    #[error(
        "the database {path} has schema version {found}, but this Preflight knows versions up \
         to {known} only; it was left untouched — open it with a newer Preflight"
    )]
    DatabaseTooNew {
        /// The database file.
        path: PathBuf,
        /// Its `PRAGMA user_version`.
        found: i64,
        /// The newest schema version this build can migrate to.
        known: usize,
    },
    /// The database file cannot be opened or read as a Preflight database.
    #[error("cannot open the database {path}: {reason}")]
    Unreadable {
        /// The database file.
        path: PathBuf,
        /// What SQLite or the file system said.
        reason: String,
    },
    /// A change could not be saved because a file of the database may not be written (the
    /// database itself, its `-wal` or `-shm` file, or its folder); nothing was changed. Reading
    /// still works.
    #[error(
        "cannot save to {}: {} may not be written (its permissions, or a file left by another \
         user); make it writable for you, then try again — nothing was changed",
        database.display(),
        culprit.display()
    )]
    ReadOnly {
        /// The database file.
        database: PathBuf,
        /// The file or folder that may not be written (the database itself when no other
        /// could be named).
        culprit: PathBuf,
    },
    /// No database location could be worked out (no home or data directory).
    #[error("cannot find a data directory for the database; pass --db PATH or set PREFLIGHT_DB")]
    NoDataDirectory,
    /// SQLite failed while running a statement.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// Bringing the schema up to date failed; the migration transaction was rolled back.
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A report could not be rendered (a broken build: the embedded fonts or the PDF writer
    /// failed, never the user's data).
    #[error("cannot render the report: {message}")]
    Report {
        /// What failed.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, e.g. "cannot create /home/zoe/.local/share/…".
        context: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// Shorthand for results of core operations.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    /// A validation error for `field`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// An [`CoreError::InvalidFile`] at `path`.
    pub fn invalid_file(path: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::InvalidFile {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The small code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Invalid { .. } | CoreError::InvalidFile { .. } => ErrorCode::Invalid,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Conflict { .. } => ErrorCode::Conflict,
            CoreError::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            CoreError::Unreadable { .. } | CoreError::NoDataDirectory => {
                ErrorCode::DatabaseUnavailable
            }
            CoreError::Database(_)
            | CoreError::Migration(_)
            | CoreError::Io { .. }
            | CoreError::ReadOnly { .. } => ErrorCode::Storage,
            CoreError::Report { .. } => ErrorCode::Internal,
        }
    }

    /// The field the error is about, if any (camelCase, as the UI names its inputs).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CoreError::Invalid { field, .. } => Some(field),
            CoreError::Conflict { field, .. } => *field,
            _ => None,
        }
    }

    /// The message for a person, without the field prefix (the UI shows it beside the field).
    pub fn message(&self) -> String {
        match self {
            CoreError::Invalid { message, .. } | CoreError::Conflict { message, .. } => {
                message.clone()
            }
            other => other.to_string(),
        }
    }

    /// The serialisable form that crosses IPC.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.message(),
            field: self.field().map(str::to_owned),
        }
    }
}

/// What kind of failure an operation had; the UI branches on this, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Input broke a rule; `field` says which input.
    Invalid,
    /// The row no longer exists; the UI refreshes its lists.
    NotFound,
    /// The input clashes with stored data (e.g. a duplicate name).
    Conflict,
    /// The database belongs to a newer Preflight.
    DatabaseTooNew,
    /// The database could not be opened at all.
    DatabaseUnavailable,
    /// SQLite or the file system failed.
    Storage,
    /// A bug or a crashed background task.
    Internal,
}

/// The error as it crosses IPC: `{code, message, field?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErrorPayload {
    /// What kind of failure this is.
    pub code: ErrorCode,
    /// A sentence for a person.
    pub message: String,
    /// For validation errors, the input field (camelCase) the message belongs beside.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_payload_names_the_field_and_keeps_the_message_plain() {
        let payload = CoreError::invalid("name", "must not be empty").payload();
        assert_eq!(payload.code, ErrorCode::Invalid);
        assert_eq!(payload.field.as_deref(), Some("name"));
        assert_eq!(payload.message, "must not be empty");
    }

    #[test]
    fn payload_serialises_as_code_message_field() {
        let json = serde_json::to_value(CoreError::invalid("name", "too long").payload())
            .expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid", "message": "too long", "field": "name"})
        );
        let json = serde_json::to_value(
            CoreError::NotFound {
                what: "project",
                id: "x".into(),
            }
            .payload(),
        )
        .expect("serialise");
        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "project x was not found"})
        );
    }
}
