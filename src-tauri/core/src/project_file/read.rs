//! Reading a project file: the format and version checked first, then a strict decode that
//! names the JSON path of the first bad value, then the domain's checks (`validate`).

use serde::Deserialize;

use super::{validate, ProjectFile, ValidFile, FORMAT, MAX_FILE_BYTES, OLDEST_VERSION, VERSION};
use crate::error::{CoreError, Result};

/// The two fields read before the rest; every other field is skipped without being kept.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

impl ProjectFile {
    /// Reads a project file from its text: checks `format` and `version` first (so a file
    /// from a newer Preflight gets a clear message), then decodes it strictly and validates
    /// every value.
    ///
    /// # Errors
    /// [`CoreError::InvalidFile`] naming the JSON path of the first problem, e.g.
    /// `scorecard[3].target: must be a whole number from 1 to 5 (got 9)`.
    pub fn parse(text: &str) -> Result<ValidFile> {
        // Editors on some systems save UTF-8 with a byte-order mark; it is not part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let not_json = |e: serde_json::Error| {
            CoreError::invalid_file(
                "$",
                format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        };
        if !text.trim_start().starts_with('{') {
            // Checked on the first character, so a huge array is refused before it is read.
            serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(not_json)?;
            return Err(CoreError::invalid_file(
                "$",
                "must be a JSON object (a Preflight project file)",
            ));
        }
        // The format and version first, skipping everything else without keeping it, so a
        // file of another kind or version gets that message rather than a field error.
        let head: Header = serde_json::from_str(text).map_err(not_json)?;
        let value = serde_json::json!({ "format": head.format, "version": head.version });
        let header = |key: &str| value.get(key);
        match header("format").and_then(serde_json::Value::as_str) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(CoreError::invalid_file(
                    "format",
                    format!("must be \"{FORMAT}\" (got \"{other}\")"),
                ))
            }
            None if head.format.is_none() => {
                return Err(CoreError::invalid_file(
                    "format",
                    format!(
                    "is missing; this is not a Preflight project file (\"format\": \"{FORMAT}\")"
                ),
                ))
            }
            None => {
                return Err(CoreError::invalid_file(
                    "$",
                    "must be a JSON object (a Preflight project file)",
                ))
            }
        }
        let version = match header("version").and_then(serde_json::Value::as_u64) {
            Some(v @ OLDEST_VERSION..=VERSION) => v,
            Some(newer) if newer > VERSION => {
                return Err(CoreError::invalid_file(
                    "version",
                    format!(
                        "the file has format version {newer}, but this Preflight reads versions \
                         {OLDEST_VERSION} to {VERSION}; open it with a newer Preflight"
                    ),
                ))
            }
            _ => {
                return Err(CoreError::invalid_file(
                    "version",
                    format!("must be a version from {OLDEST_VERSION} to {VERSION}"),
                ))
            }
        };
        // Straight from the text (no intermediate JSON tree, so memory stays near the file's
        // size), which also refuses a key given twice in one object.
        let mut json = serde_json::Deserializer::from_str(text);
        let file: ProjectFile = serde_path_to_error::deserialize(&mut json).map_err(|e| {
            let path = e.path().to_string();
            CoreError::invalid_file(if path == "." { "$" } else { &path }, e.inner().to_string())
        })?;
        json.end().map_err(not_json)?;
        // Version 1 is version 2 without workshops; one that has them is not version 1.
        if version < 2 && !file.workshops.is_empty() {
            return Err(CoreError::invalid_file(
                "workshops",
                "are not part of format version 1; a file with workshops says \"version\": 2",
            ));
        }
        if version < 5 && !file.questions.is_empty() {
            return Err(CoreError::invalid_file(
                "questions",
                "are not part of format versions 1 to 4; a file with review questions says \
                 \"version\": 5",
            ));
        }
        if version < 6 {
            if let Some(i) = file.milestones.iter().position(|m| !m.answers.is_empty()) {
                return Err(CoreError::invalid_file(
                    format!("milestones[{i}].answers"),
                    "are not part of format versions 1 to 5; a file with milestones' answers \
                     says \"version\": 6",
                ));
            }
        }
        if version < 4 && file.project.review_every_weeks.is_some() {
            return Err(CoreError::invalid_file(
                "project.reviewEveryWeeks",
                "is not part of format versions 1 to 3; a file with a re-scoring rhythm says \
                 \"version\": 4",
            ));
        }
        validate::validate(file)
    }
}

/// Reads and validates the project file at `path`.
///
/// # Errors
/// [`CoreError::Io`] when the file cannot be read; [`CoreError::InvalidFile`] when it is not a
/// regular file, larger than [`MAX_FILE_BYTES`], not UTF-8, or not a valid project file.
pub fn read_file(path: &std::path::Path) -> Result<ValidFile> {
    let bytes = crate::files::read_capped(path, MAX_FILE_BYTES, "a project file")?;
    let text = String::from_utf8(bytes)
        .map_err(|e| CoreError::invalid_file("$", format!("not UTF-8 text: {e}")))?;
    ProjectFile::parse(&text)
}
