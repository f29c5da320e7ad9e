//! The window's agenda across every active project ([`Store::agenda_view`]): the items that
//! are not gaps read whole, the gaps counted and paged from the agenda's index.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{active_projects, dates_of};
use crate::domain::agenda::{
    Agenda, AgendaFilter, AgendaGroup, AgendaSpan, AgendaView, GapAgenda, GapTally, PAGE_MAX,
};
use crate::error::Result;
use crate::storage::{gaps, guards, Store};

impl Store {
    /// What comes due across active projects as of `today`, overdue or within `days`, as the
    /// window shows it: narrowed by `filter`, each group's count and its first `limit` items
    /// (taken as 1 to [`PAGE_MAX`]), and the filter's choices from every item. The same view
    /// as [`Agenda::view`] of the whole [`Store::agenda`], without reading every gap: on 100
    /// projects of 1,000 gaps, whose agenda holds some 51,000, the gaps are counted from the
    /// agenda's index and only each group's first `limit` are read.
    ///
    /// # Errors
    /// Storage errors.
    pub fn agenda_view(
        &self,
        today: NaiveDate,
        days: u32,
        filter: &AgendaFilter,
        limit: usize,
    ) -> Result<AgendaView> {
        let span = AgendaSpan::new(today, days);
        let limit = limit.clamp(1, PAGE_MAX);
        self.read(|conn| {
            let mut others = Vec::new();
            let mut names: HashMap<Uuid, String> = HashMap::new();
            for id in active_projects(conn, false)? {
                let project = guards::load(conn, id)?;
                others.extend(dates_of(conn, &project)?);
                names.insert(project.id, project.name);
            }
            // The tally counts gaps of every project; only active ones are on the agenda.
            let tally = gaps::agenda_tally(conn, &span)?
                .into_iter()
                .filter_map(|t| {
                    Some(GapTally {
                        project: names.get(&t.project_id)?.clone(),
                        group: t.group,
                        owner: t.owner,
                        project_id: t.project_id,
                        count: t.count,
                    })
                })
                .collect();
            let mut pages = Vec::new();
            for group in AgendaGroup::ALL {
                pages.push((group, gaps::agenda_page(conn, &span, group, filter, limit)?));
            }
            Ok(Agenda::of(others, today, days, None).view(
                GapAgenda { tally, pages },
                filter,
                limit,
            ))
        })
    }
}
