//! The agenda as the window shows it: each group's count and its first items after the
//! window's filters, with the filters' choices taken from every item. The whole agenda of
//! 100 active projects × 1,000 gaps holds some 51,000 items (about 12 MB of JSON), which no
//! window should carry or draw at once; the window asks for more items of a group as it
//! needs them.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{Agenda, AgendaGroup, AgendaItem};

/// The most items of one group a view holds: a window asking for more is given this many.
pub const PAGE_MAX: usize = 10_000;

/// One group of the agenda: how many items it holds and the first of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaSection {
    /// Which group.
    pub group: AgendaGroup,
    /// How many items the group holds after the filters.
    pub total: u32,
    /// Its first items in agenda order, at most the limit asked for.
    pub items: Vec<AgendaItem>,
}

/// A project with items on the agenda, one of the project filter's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaProject {
    /// The project's id, which the filter sends back.
    pub id: Uuid,
    /// Its name, as the choice reads (two projects may share one).
    pub name: String,
}

/// The agenda as the window shows it ([`Agenda::view`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaView {
    /// As [`Agenda::today`].
    pub today: NaiveDate,
    /// As [`Agenda::until`].
    pub until: NaiveDate,
    /// Every owner named by an item, before the filters, without the empty one, sorted.
    pub owners: Vec<String>,
    /// Every project with an item, before the filters, sorted by name.
    pub projects: Vec<AgendaProject>,
    /// The groups that hold an item after the filters, overdue first.
    pub sections: Vec<AgendaSection>,
    /// [`PAGE_MAX`]: past it, the window asks for a narrower filter instead of more items.
    pub page_max: u32,
}

/// What the window's agenda is narrowed to: one owner (exactly as written) and one project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaFilter {
    /// Only items owned by exactly this owner.
    pub owner: Option<String>,
    /// Only items of this project.
    pub project: Option<Uuid>,
}

impl AgendaFilter {
    fn keeps(&self, item: &AgendaItem) -> bool {
        self.owner.as_ref().is_none_or(|o| item.owner == *o)
            && self.project.is_none_or(|p| item.project_id == p)
    }
}

impl Agenda {
    /// The agenda narrowed by `filter`, with at most `limit` items per group (the first, in
    /// agenda order; `limit` is taken as 1 to [`PAGE_MAX`]) and each group's full count; the
    /// filter's choices come from every item.
    pub fn view(self, filter: &AgendaFilter, limit: usize) -> AgendaView {
        let limit = limit.clamp(1, PAGE_MAX);
        let mut owners: BTreeSet<String> = BTreeSet::new();
        let mut seen: BTreeSet<Uuid> = BTreeSet::new();
        let mut projects: Vec<AgendaProject> = Vec::new();
        let mut sections: Vec<AgendaSection> = Vec::new();
        for (group, item) in self.items {
            if !item.owner.is_empty() && !owners.contains(&item.owner) {
                owners.insert(item.owner.clone());
            }
            if seen.insert(item.project_id) {
                projects.push(AgendaProject {
                    id: item.project_id,
                    name: item.project.clone(),
                });
            }
            if !filter.keeps(&item) {
                continue;
            }
            // The items come grouped, overdue first, so a new group starts a new section.
            if sections.last().is_none_or(|s| s.group != group) {
                sections.push(AgendaSection {
                    group,
                    total: 0,
                    items: Vec::new(),
                });
            }
            if let Some(section) = sections.last_mut() {
                section.total = section.total.saturating_add(1);
                if section.items.len() < limit {
                    section.items.push(item);
                }
            }
        }
        projects.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        AgendaView {
            today: self.today,
            until: self.until,
            owners: owners.into_iter().collect(),
            projects,
            sections,
            page_max: PAGE_MAX as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{day, item};
    use super::*;

    /// Items of two projects, Atlas (nil id) and Borealis, some overdue, some this week.
    fn agenda() -> Agenda {
        let today = day(2026, 12, 2);
        let mut items = vec![
            item(day(2026, 11, 1), "Zoë"),
            item(day(2026, 11, 2), "Sam"),
            item(day(2026, 11, 3), ""),
            item(today, "Zoë Ł."),
        ];
        let mut borealis = item(day(2026, 11, 4), "Sam");
        borealis.project = "Borealis".into();
        borealis.project_id = Uuid::from_u128(7);
        items.push(borealis);
        Agenda::of(items, today, 30, None)
    }

    #[test]
    fn a_group_keeps_its_count_and_its_first_items_up_to_the_limit() {
        let view = agenda().view(&AgendaFilter::default(), 2);
        let shape: Vec<(AgendaGroup, u32, usize)> = view
            .sections
            .iter()
            .map(|s| (s.group, s.total, s.items.len()))
            .collect();
        assert_eq!(
            shape,
            [(AgendaGroup::Overdue, 4, 2), (AgendaGroup::ThisWeek, 1, 1)]
        );
        // The first in agenda order: by date.
        assert_eq!(view.sections[0].items[0].date, day(2026, 11, 1));
        assert_eq!(view.sections[0].items[1].date, day(2026, 11, 2));
        assert_eq!(view.owners, ["Sam", "Zoë", "Zoë Ł."]);
        let none = agenda().view(&AgendaFilter::default(), 0);
        assert_eq!(
            none.sections[0].items.len(),
            1,
            "a limit of 0 is taken as 1"
        );
        assert_eq!(none.page_max as usize, PAGE_MAX);
        let names: Vec<&str> = view.projects.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Atlas", "Borealis"]);
    }

    #[test]
    fn filters_match_an_owner_exactly_and_a_project_by_id_and_leave_the_choices_whole() {
        let zoe = agenda().view(
            &AgendaFilter {
                owner: Some("Zoë".into()),
                project: None,
            },
            100,
        );
        let total: u32 = zoe.sections.iter().map(|s| s.total).sum();
        assert_eq!(total, 1, "“Zoë Ł.” is someone else");
        assert_eq!(zoe.owners.len(), 3, "every owner stays a choice");
        let borealis = agenda().view(
            &AgendaFilter {
                owner: Some("Sam".into()),
                project: Some(Uuid::from_u128(7)),
            },
            100,
        );
        assert_eq!(borealis.sections.len(), 1);
        assert_eq!(borealis.sections[0].items[0].project, "Borealis");
        assert_eq!(borealis.projects.len(), 2);
        let nobody = agenda().view(
            &AgendaFilter {
                owner: Some("Ada".into()),
                project: None,
            },
            100,
        );
        assert!(nobody.sections.is_empty());
    }
}
