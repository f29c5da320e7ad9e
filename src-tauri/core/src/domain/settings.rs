//! App-wide settings, chosen once for this computer: how dates are written (in the window, the
//! Trash, About, Compliance and every PDF), how large the window draws its content, and
//! whether it raises desktop reminders.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};

/// How a calendar date is written wherever Preflight shows or prints one. ISO 8601 is the
/// default because it reads the same in every country; the others are the orders and
/// separators of the common locales (the window marks the one its locale uses).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[ts(export)]
pub enum DateFormat {
    /// `2026-12-15` (ISO 8601).
    #[default]
    Iso,
    /// `15.12.2026` (German, Russian, Polish, Turkish …).
    DayMonthYearDots,
    /// `15/12/2026` (British, French, Spanish, Italian …).
    DayMonthYearSlashes,
    /// `12/15/2026` (United States).
    MonthDayYearSlashes,
    /// `2026/12/15` (Japanese, Chinese).
    YearMonthDaySlashes,
}

impl DateFormat {
    /// Every format, in the order offered.
    pub const ALL: [DateFormat; 5] = [
        DateFormat::Iso,
        DateFormat::DayMonthYearDots,
        DateFormat::DayMonthYearSlashes,
        DateFormat::MonthDayYearSlashes,
        DateFormat::YearMonthDaySlashes,
    ];

    /// The id stored in the database and used on the command line, e.g. `day-month-year-dots`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateFormat::Iso => "iso",
            DateFormat::DayMonthYearDots => "day-month-year-dots",
            DateFormat::DayMonthYearSlashes => "day-month-year-slashes",
            DateFormat::MonthDayYearSlashes => "month-day-year-slashes",
            DateFormat::YearMonthDaySlashes => "year-month-day-slashes",
        }
    }

    /// The format with this id, if any.
    pub fn from_id(id: &str) -> Option<DateFormat> {
        DateFormat::ALL.into_iter().find(|f| f.as_str() == id)
    }

    /// Writes `date` in this format, with two-digit days and months and a four-digit year.
    pub fn format(self, date: NaiveDate) -> String {
        let pattern = match self {
            DateFormat::Iso => "%Y-%m-%d",
            DateFormat::DayMonthYearDots => "%d.%m.%Y",
            DateFormat::DayMonthYearSlashes => "%d/%m/%Y",
            DateFormat::MonthDayYearSlashes => "%m/%d/%Y",
            DateFormat::YearMonthDaySlashes => "%Y/%m/%d",
        };
        date.format(pattern).to_string()
    }
}

/// Smallest window zoom, in percent.
pub const ZOOM_MIN: u16 = 50;
/// Largest window zoom, in percent.
pub const ZOOM_MAX: u16 = 300;

/// The app-wide settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Settings {
    /// How dates are written in the window and the reports.
    pub date_format: DateFormat,
    /// The window's zoom in percent, [`ZOOM_MIN`]–[`ZOOM_MAX`]; 100 is the normal size.
    pub zoom_percent: u16,
    /// Whether the window raises desktop reminders for items due or overdue (each project can
    /// also turn its own off).
    pub reminders: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            date_format: DateFormat::Iso,
            zoom_percent: 100,
            reminders: true,
        }
    }
}

impl Settings {
    /// Checks the settings before they are stored.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] for `zoomPercent` outside [`ZOOM_MIN`]–[`ZOOM_MAX`].
    pub fn validate(self) -> Result<Settings> {
        if !(ZOOM_MIN..=ZOOM_MAX).contains(&self.zoom_percent) {
            return Err(CoreError::invalid(
                "zoomPercent",
                format!(
                    "must be between {ZOOM_MIN} % and {ZOOM_MAX} % (got {} %)",
                    self.zoom_percent
                ),
            ));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_writes_the_same_day_in_its_order_and_round_trips_its_id() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        let written: Vec<String> = DateFormat::ALL.iter().map(|f| f.format(day)).collect();
        assert_eq!(
            written,
            [
                "2026-03-07",
                "07.03.2026",
                "07/03/2026",
                "03/07/2026",
                "2026/03/07"
            ]
        );
        for f in DateFormat::ALL {
            assert_eq!(DateFormat::from_id(f.as_str()), Some(f));
        }
        assert_eq!(DateFormat::from_id("locale"), None);
    }

    #[test]
    fn zoom_outside_its_range_is_refused_with_the_field() {
        let ok = Settings {
            zoom_percent: 300,
            ..Settings::default()
        };
        assert_eq!(ok.validate().unwrap(), ok);
        for bad in [0, 49, 301] {
            let e = Settings {
                zoom_percent: bad,
                ..Settings::default()
            }
            .validate()
            .unwrap_err();
            assert_eq!(e.field(), Some("zoomPercent"));
        }
    }
}
