//! Loads everything a PDF report shows of one project in one read transaction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{brand, gaps, guards, report_log, review, scorecard, tables, workshops, Store};
use crate::domain::audience::Audience;
use crate::domain::gap::GapBoard;
use crate::domain::scorecard::{Scorecard, Summary};
use crate::domain::tables::TableKind;
use crate::error::Result;
use crate::report::ReportData;

impl Store {
    /// Everything a report of `project` shows, with overdue flags worked out as of `as_of`.
    ///
    /// The reads run in one transaction, so a CLI writing at the same time can never give a
    /// report that mixes two states of the project.
    ///
    /// # Errors
    /// [`crate::CoreError::NotFound`] for an unknown project; [`crate::CoreError::Database`].
    pub fn report_data(&self, project: Uuid, as_of: NaiveDate) -> Result<ReportData> {
        self.report_data_for(project, as_of, None)
    }

    /// As [`Store::report_data`], for `audience`: with what changed since the last report to
    /// it when it is logged and was sent one before.
    ///
    /// # Errors
    /// As [`Store::report_data`].
    pub fn report_data_for(
        &self,
        project: Uuid,
        as_of: NaiveDate,
        audience: Option<&Audience>,
    ) -> Result<ReportData> {
        let levels = self.score_levels()?;
        self.read(|tx| {
            let loaded = guards::load(tx, project)?;
            let pillars = scorecard::pillars(tx, project)?;
            let last_milestone = scorecard::milestones(tx, project)?.pop();
            let mut rows = BTreeMap::new();
            for kind in TableKind::ALL {
                rows.insert(kind, tables::rows(tx, project, kind)?);
            }
            let since = match audience.filter(|a| a.logged()) {
                Some(a) => report_log::since(tx, &loaded, &a.id)?,
                None => None,
            };
            let data = ReportData {
                since,
                brand: brand::effective(tx, project)?,
                review: review::review(tx, project)?,
                scorecard: Scorecard {
                    summary: Summary::of(&pillars, as_of),
                    pillars,
                    levels,
                    last_milestone,
                },
                tables: rows,
                compliance: tables::compliance(tx, project, as_of)?,
                gaps: GapBoard::of(gaps::gaps(tx, project)?, as_of),
                workshop: workshops::latest_ended(tx, project, as_of)?,
                project: loaded,
            };
            Ok(data)
        })
    }
}
