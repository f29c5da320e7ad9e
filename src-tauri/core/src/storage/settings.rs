//! The app-wide settings (date format, zoom, reminders), kept as `setting.*` keys of `app_meta` through
//! its one writer, `meta`.

use rusqlite::Connection;

use super::{meta, Store};
use crate::domain::settings::{DateFormat, Settings};
use crate::error::Result;

const DATE_FORMAT: &str = "setting.date_format";
const ZOOM_PERCENT: &str = "setting.zoom_percent";
const REMINDERS: &str = "setting.reminders";

/// Reads the settings; a key never set, or a value this build does not know, gives the
/// default for that setting rather than an error, so a hand-edited database still opens.
pub(crate) fn read(conn: &Connection) -> Result<Settings> {
    let default = Settings::default();
    let date_format = meta::get(conn, DATE_FORMAT)?
        .and_then(|id| DateFormat::from_id(&id))
        .unwrap_or(default.date_format);
    let zoom_percent = meta::get(conn, ZOOM_PERCENT)?
        .and_then(|z| z.parse().ok())
        .filter(|z| {
            Settings {
                zoom_percent: *z,
                ..default
            }
            .validate()
            .is_ok()
        })
        .unwrap_or(default.zoom_percent);
    let reminders = meta::get(conn, REMINDERS)?
        .and_then(|on| on.parse().ok())
        .unwrap_or(default.reminders);
    Ok(Settings {
        date_format,
        zoom_percent,
        reminders,
    })
}

impl Store {
    /// The app-wide settings (defaults for anything never set).
    ///
    /// # Errors
    /// [`crate::CoreError::Database`] when the database cannot be read.
    pub fn settings(&self) -> Result<Settings> {
        self.read(read)
    }

    /// Checks and stores the settings in one transaction, returning what was stored.
    ///
    /// # Errors
    /// [`crate::CoreError::Invalid`] for a zoom outside its range (nothing is written);
    /// storage errors when the database cannot be written.
    pub fn update_settings(&self, settings: Settings) -> Result<Settings> {
        let settings = settings.validate()?;
        self.with_tx(|tx| {
            meta::set(tx, DATE_FORMAT, settings.date_format.as_str())?;
            meta::set(tx, ZOOM_PERCENT, &settings.zoom_percent.to_string())?;
            meta::set(tx, REMINDERS, &settings.reminders.to_string())?;
            Ok(settings)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::settings::{DateFormat, Settings};
    use crate::Store;

    #[test]
    fn settings_start_at_the_defaults_and_keep_what_was_stored() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        let chosen = Settings {
            date_format: DateFormat::DayMonthYearDots,
            zoom_percent: 150,
            reminders: false,
        };
        assert_eq!(store.update_settings(chosen).unwrap(), chosen);
        assert_eq!(store.settings().unwrap(), chosen);
    }

    #[test]
    fn a_refused_zoom_writes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let bad = Settings {
            date_format: DateFormat::MonthDayYearSlashes,
            zoom_percent: 20,
            reminders: false,
        };
        assert!(store.update_settings(bad).is_err());
        assert_eq!(store.settings().unwrap(), Settings::default());
    }
}
