//! The sample project created on the window's first start, so the app is never empty.
//!
//! It describes a believable product — a clinic-booking pilot — and grows with each feature so
//! that it demonstrates all of them.

use crate::domain::{ProjectDraft, Stage};

/// The sample project's name.
pub const NAME: &str = "Northwind Pilot \u{2014} readiness";

/// The sample project's editable fields.
pub fn project() -> ProjectDraft {
    ProjectDraft {
        name: NAME.to_owned(),
        description: "Online appointment booking for Northwind's three pilot clinics in \
                      São Paulo, Lyon and Kraków. Owned by Zoë Łukasiewicz (product) and \
                      Søren Dahl (platform). Goal: move from pilot to paid production by Q2."
            .to_owned(),
        stage: Stage::Pilot,
        north_star: "Clinics book and change appointments every day without customer-visible \
                     downtime or lost bookings."
            .to_owned(),
        leading_metric: "p95 booking API latency < 400 ms; 99.9% of bookings confirmed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_passes_validation() {
        assert!(super::project().validate().is_ok());
    }
}
