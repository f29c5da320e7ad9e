//! The error every command returns: core's `{code, message, field}` payload, serialised as is.

use preflight_core::{CoreError, ErrorCode, ErrorPayload};
use serde::Serialize;

/// A failed command as the UI receives it: `{code, message, field?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CommandError(pub ErrorPayload);

impl From<CoreError> for CommandError {
    fn from(e: CoreError) -> Self {
        CommandError(e.payload())
    }
}

impl CommandError {
    /// An internal failure (a panicked background task, a bad id from the UI).
    pub fn internal(message: impl Into<String>) -> Self {
        CommandError(ErrorPayload {
            code: ErrorCode::Internal,
            message: message.into(),
            field: None,
        })
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}
