//! Rules for free text typed by users: trimming and length limits counted in characters.

use crate::error::{CoreError, Result};

/// Trims `value` and checks that it has at most `max` characters (Unicode scalar values, so
/// "Zoë" counts 3). Returns the trimmed text.
///
/// # Errors
/// [`CoreError::Invalid`] for `field` when the trimmed text is longer than `max`.
pub fn bounded(field: &'static str, value: &str, max: usize) -> Result<String> {
    let trimmed = value.trim();
    let count = trimmed.chars().count();
    if count > max {
        return Err(CoreError::invalid(
            field,
            format!("must be at most {max} characters (got {count})"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Like [`bounded`], but also requires at least one character and a single line.
///
/// # Errors
/// [`CoreError::Invalid`] for `field` when the trimmed text is empty, longer than `max`, or
/// contains a line break or another control character.
pub fn required_line(field: &'static str, value: &str, max: usize) -> Result<String> {
    let trimmed = bounded(field, value, max)?;
    if trimmed.is_empty() {
        return Err(CoreError::invalid(field, "is required"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            field,
            "must be a single line without control characters",
        ));
    }
    Ok(trimmed)
}

/// A count with its noun, for messages and reports: "1 pillar", "0 pillars", "3 pillars".
/// `noun` is the singular, and takes an "s" for any other count (the nouns Preflight counts
/// are all regular).
pub fn counted(n: impl TryInto<u64>, noun: &str) -> String {
    let n = n.try_into().unwrap_or(u64::MAX);
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let name = "Zoë Łukasiewicz".repeat(8); // 120 characters, more bytes.
        assert_eq!(name.chars().count(), 120);
        assert!(required_line("name", &name, 120).is_ok());
        let err = required_line("name", &format!("{name}ł"), 120).unwrap_err();
        assert_eq!(err.message(), "must be at most 120 characters (got 121)");
    }

    #[test]
    fn blank_and_multi_line_values_are_rejected() {
        assert_eq!(
            required_line("name", "   ", 10).unwrap_err().message(),
            "is required"
        );
        assert!(required_line("name", "a\nb", 10).is_err());
        assert_eq!(bounded("notes", "  kept  ", 10).unwrap(), "kept");
    }

    #[test]
    fn a_count_takes_its_nouns_plural_unless_it_is_one() {
        assert_eq!(super::counted(1_usize, "pillar"), "1 pillar");
        assert_eq!(super::counted(0_u32, "pillar"), "0 pillars");
        assert_eq!(super::counted(12_u64, "empty row"), "12 empty rows");
    }
}
