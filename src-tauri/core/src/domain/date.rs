//! Calendar dates typed by users (checkpoints, due dates), stored as `YYYY-MM-DD`.

use chrono::{Datelike, NaiveDate};

use crate::error::{CoreError, Result};

/// Parses an optional `YYYY-MM-DD` date; empty or blank text means no date.
///
/// # Errors
/// [`CoreError::Invalid`] for `field` when the text is not a real calendar date in that form.
pub fn optional_date(field: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => required_date(field, t).map(Some),
    }
}

/// Parses a required `YYYY-MM-DD` date.
///
/// # Errors
/// [`CoreError::Invalid`] for `field` when the text is empty or not a real date in that form.
pub fn required_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return Err(CoreError::invalid(field, "is required"));
    }
    let invalid = || {
        CoreError::invalid(
            field,
            format!("must be a date written YYYY-MM-DD (got \"{t}\")"),
        )
    };
    // chrono's %Y also reads signed and five-digit years ("-026", "+12026"); YYYY does not.
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(invalid());
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|d| d.year() <= 9999)
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly_and_blank_means_none() {
        assert_eq!(optional_date("d", Some(" ")).unwrap(), None);
        assert_eq!(
            optional_date("d", Some("2026-02-28")).unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert!(optional_date("d", Some("2026-02-30")).is_err());
        assert!(optional_date("d", Some("28/02/2026")).is_err());
        for signed in ["-026-02-28", "+2026-02-28", "12026-02-28"] {
            assert!(optional_date("d", Some(signed)).is_err(), "{signed}");
        }
        assert_eq!(required_date("d", "").unwrap_err().message(), "is required");
    }
}
