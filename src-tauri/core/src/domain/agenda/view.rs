//! The agenda as the window shows it: each group's count and its first items after the
//! window's filters, with the filters' choices taken from every item. The whole agenda of
//! 100 active projects × 1,000 gaps holds some 51,000 items (about 12 MB of JSON), which no
//! window should carry or draw at once; the window asks for more items of a group as it
//! needs them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{agenda_order, Agenda, AgendaGroup, AgendaItem};

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
    /// Whether an item owned by `owner` in `project` is kept.
    pub fn keeps(&self, owner: &str, project: Uuid) -> bool {
        self.owner.as_ref().is_none_or(|o| owner == o) && self.project.is_none_or(|p| project == p)
    }
}

/// How many of a group's gaps one owner has in one project, before the filters: what the
/// filters' choices and the groups' counts are made from without carrying every gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapTally {
    /// The group.
    pub group: AgendaGroup,
    /// The owner, as written (empty when nobody).
    pub owner: String,
    /// The project's id.
    pub project_id: Uuid,
    /// The project's name.
    pub project: String,
    /// How many gaps, at least 1.
    pub count: u32,
}

/// The gaps' part of an agenda view, read apart from the other items: 100 projects of 1,000
/// gaps put some 51,000 gaps on the agenda and only a few hundred other items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GapAgenda {
    /// Every (group, owner, project) that has a gap on the agenda, with its count.
    pub tally: Vec<GapTally>,
    /// Each group's first gaps after the filters, in agenda order: at least the view's limit
    /// of them, or all.
    pub pages: Vec<(AgendaGroup, Vec<AgendaItem>)>,
}

impl Agenda {
    /// The agenda with the gaps of `gaps` added, narrowed by `filter`, with at most `limit`
    /// items per group (the first, in agenda order; `limit` is taken as 1 to [`PAGE_MAX`])
    /// and each group's full count; the filter's choices come from every item. An agenda read
    /// whole passes its gaps among its items and an empty [`GapAgenda`].
    pub fn view(self, gaps: GapAgenda, filter: &AgendaFilter, limit: usize) -> AgendaView {
        let limit = limit.clamp(1, PAGE_MAX);
        let mut owners: BTreeSet<String> = BTreeSet::new();
        let mut projects: BTreeMap<Uuid, String> = BTreeMap::new();
        // One section per group, in the groups' order, so a group's discriminant finds it.
        let mut sections: Vec<AgendaSection> = AgendaGroup::ALL
            .into_iter()
            .map(|group| AgendaSection {
                group,
                total: 0,
                items: Vec::new(),
            })
            .collect();
        let mut choices = |owner: &str, id: Uuid, name: &str| {
            if !owner.is_empty() && !owners.contains(owner) {
                owners.insert(owner.to_owned());
            }
            projects.entry(id).or_insert_with(|| name.to_owned());
        };
        for t in gaps.tally {
            choices(&t.owner, t.project_id, &t.project);
            if filter.keeps(&t.owner, t.project_id) {
                let s = &mut sections[t.group as usize];
                s.total = s.total.saturating_add(t.count);
            }
        }
        for (group, item) in self.items {
            choices(&item.owner, item.project_id, &item.project);
            if filter.keeps(&item.owner, item.project_id) {
                let s = &mut sections[group as usize];
                s.total = s.total.saturating_add(1);
                s.items.push(item);
            }
        }
        for (group, page) in gaps.pages {
            sections[group as usize].items.extend(page);
        }
        for s in &mut sections {
            // The items hold every other item of the group and the page at least its first
            // `limit` gaps, so the first `limit` of the two together are the group's.
            s.items.sort_by(agenda_order);
            s.items.truncate(limit);
        }
        sections.retain(|s| s.total > 0);
        let mut projects: Vec<AgendaProject> = projects
            .into_iter()
            .map(|(id, name)| AgendaProject { id, name })
            .collect();
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
        let view = agenda().view(GapAgenda::default(), &AgendaFilter::default(), 2);
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
        let none = agenda().view(GapAgenda::default(), &AgendaFilter::default(), 0);
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
            GapAgenda::default(),
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
            GapAgenda::default(),
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
            GapAgenda::default(),
            &AgendaFilter {
                owner: Some("Ada".into()),
                project: None,
            },
            100,
        );
        assert!(nobody.sections.is_empty());
    }
}
