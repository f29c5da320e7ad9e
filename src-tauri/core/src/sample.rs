//! The sample project created on the window's first start, so the app is never empty.
//!
//! It describes a believable product — a clinic-booking pilot in São Paulo, Lyon and Kraków —
//! and demonstrates every feature: a scored scorecard with two milestones, triaged gaps in
//! every status (launch blockers, a deferral with its reason), every editable table, the
//! compliance snapshot and a custom baseline control. It is an ordinary project file,
//! `sample/northwind-pilot.json`, embedded in the binary and imported like any other; to
//! change it, edit the sample in the app, export it as a project file and commit that.

use crate::error::Result;
use crate::project_file::{ProjectFile, ValidFile};

/// The sample project's name.
pub const NAME: &str = "Northwind Pilot \u{2014} readiness";

/// The sample project file's text (format: `docs/project-file.md`).
pub const FILE: &str = include_str!("../sample/northwind-pilot.json");

/// The sample project file, parsed and validated.
///
/// # Errors
/// [`crate::CoreError::InvalidFile`] only if the committed file breaks a rule, which the
/// tests below rule out.
pub fn file() -> Result<ValidFile> {
    ProjectFile::parse(FILE)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::domain::tables::TableKind;
    use crate::domain::GapStatus;

    #[test]
    fn sample_file_passes_validation_and_demonstrates_every_feature() {
        let file = super::file().expect("the committed sample must be a valid project file");
        assert_eq!(file.project.name, super::NAME);
        assert_eq!(file.pillars.len(), 8);
        assert!(
            file.milestones.len() >= 2,
            "compare and trend need two milestones"
        );
        let statuses: HashSet<GapStatus> = file.gaps.iter().map(|(_, g)| g.status).collect();
        for status in [
            GapStatus::Open,
            GapStatus::InProgress,
            GapStatus::Done,
            GapStatus::Deferred,
        ] {
            assert!(
                statuses.contains(&status),
                "no {status:?} gap in the sample"
            );
        }
        assert!(file.gaps.iter().any(|(_, g)| g.pillar_id.is_some()));
        for kind in TableKind::ALL {
            let rows = file
                .tables
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, r)| r.len());
            assert!(rows > 0, "the sample's {kind:?} table is empty");
        }
        assert!(
            file.controls.len() > 4,
            "the sample adds a control of its own"
        );
        assert!(file.snapshot.last_reviewed.is_some());
        // The review: the 8-pillar framework's questions, answered at every risk level and
        // some not yet, and frozen by both milestones so compare shows risks moving.
        let risks: HashSet<Option<crate::domain::lens::Risk>> = file
            .questions
            .iter()
            .map(|q| q.answer.risk(&q.question))
            .collect();
        assert_eq!(file.questions.len(), 25);
        assert_eq!(
            risks.len(),
            4,
            "high, medium, no risk and unanswered: {risks:?}"
        );
        assert!(file.milestones.iter().all(|m| m.answers.len() == 25));
    }
}
