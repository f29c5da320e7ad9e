//! Readiness frameworks a project's scorecard is built from (built-in ones for now).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};

/// Which framework a new project's pillars come from.
///
/// The pillars themselves arrive with the scorecard; for now the project remembers its choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum FrameworkId {
    /// "Production readiness, 8 pillars" — Architectural clarity … Post-launch rhythm.
    #[default]
    EightPillars,
    /// "Production readiness, 4 pillars" — Reliability, Security, Observability, Supportability.
    FourPillars,
}

impl FrameworkId {
    /// Every built-in framework, in the order they are offered.
    pub const ALL: [FrameworkId; 2] = [FrameworkId::EightPillars, FrameworkId::FourPillars];

    /// The stable id stored in the database and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FrameworkId::EightPillars => "eight-pillars",
            FrameworkId::FourPillars => "four-pillars",
        }
    }

    /// The name shown to people.
    pub fn title(self) -> &'static str {
        match self {
            FrameworkId::EightPillars => "Production readiness, 8 pillars",
            FrameworkId::FourPillars => "Production readiness, 4 pillars",
        }
    }

    /// Parses a stored or typed id.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on the `framework` field for an unknown id, listing the known ones.
    pub fn parse(id: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == id)
            .ok_or_else(|| {
                CoreError::invalid(
                    "framework",
                    format!("unknown framework \"{id}\" (known: eight-pillars, four-pillars)"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_unknown_ids_are_named_in_the_error() {
        for f in FrameworkId::ALL {
            assert_eq!(FrameworkId::parse(f.as_str()).unwrap(), f);
        }
        let err = FrameworkId::parse("nine-pillars").unwrap_err();
        assert_eq!(err.field(), Some("framework"));
        assert!(err.message().contains("nine-pillars"));
    }
}
