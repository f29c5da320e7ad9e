//! The agenda: what comes due across active projects — pillar checkpoints, gap due dates,
//! deferred gaps' revisit dates, compliance reviews and proof-of-concept time boxes — grouped
//! as overdue, due this week, and due within the next days. Dates are calendar dates (no time
//! zone: a date due "today" is due all day wherever the user is). Also the re-scoring rhythm's
//! arithmetic; which items a desktop reminder names is in [`super::reminders`], and what the
//! window shows of a long agenda in [`view`].

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

mod view;

pub use view::{
    AgendaFilter, AgendaProject, AgendaSection, AgendaView, GapAgenda, GapTally, PAGE_MAX,
};

/// What kind of date an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AgendaKind {
    /// A pillar's next checkpoint.
    Checkpoint,
    /// An open or in-progress gap's due date.
    GapDue,
    /// A deferred gap's revisit date.
    Revisit,
    /// The compliance notes' next review (when it is a date).
    ComplianceReview,
    /// A proof of concept's time box, while undecided.
    TimeBox,
    /// The project's re-scoring rhythm says a milestone is due.
    Rescore,
}

impl AgendaKind {
    /// Every kind.
    pub const ALL: [AgendaKind; 6] = [
        AgendaKind::Checkpoint,
        AgendaKind::GapDue,
        AgendaKind::Revisit,
        AgendaKind::ComplianceReview,
        AgendaKind::TimeBox,
        AgendaKind::Rescore,
    ];

    /// A short label, "checkpoint", "gap due", …
    pub fn label(self) -> &'static str {
        match self {
            AgendaKind::Checkpoint => "checkpoint",
            AgendaKind::GapDue => "gap due",
            AgendaKind::Revisit => "revisit",
            AgendaKind::ComplianceReview => "compliance review",
            AgendaKind::TimeBox => "time box ends",
            AgendaKind::Rescore => "re-score due",
        }
    }

    /// The stable id of the kind (`gap_due`, …), as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaKind::Checkpoint => "checkpoint",
            AgendaKind::GapDue => "gap_due",
            AgendaKind::Revisit => "revisit",
            AgendaKind::ComplianceReview => "compliance_review",
            AgendaKind::TimeBox => "time_box",
            AgendaKind::Rescore => "rescore",
        }
    }
}

/// A project's re-scoring rhythm and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewCadence {
    /// Re-score every this many weeks (1–52); `None` for no rhythm.
    pub every_weeks: Option<u8>,
    /// The day of the latest milestone (not in the trash), if any.
    pub latest_milestone: Option<NaiveDate>,
    /// When the next re-score is due, with a rhythm: see [`rescore_due`].
    pub next_due: Option<NaiveDate>,
}

/// When the next re-score is due: `weeks` weeks after `last`, the day of the latest milestone
/// (or, before the first one, the day the project was created). A rhythm of 4 weeks from
/// Monday 2026-11-02 is due on Monday 2026-11-30; the weekday never drifts.
pub fn rescore_due(last: NaiveDate, weeks: u8) -> NaiveDate {
    last.checked_add_days(Days::new(7 * u64::from(weeks)))
        .unwrap_or(NaiveDate::MAX)
}

/// Where an item is due, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AgendaGroup {
    /// Before today.
    Overdue,
    /// From today to the end of this ISO week (Sunday).
    ThisWeek,
    /// After this week, within the horizon.
    Later,
}

impl AgendaGroup {
    /// Every group, in the agenda's order (overdue first).
    pub const ALL: [AgendaGroup; 3] = [
        AgendaGroup::Overdue,
        AgendaGroup::ThisWeek,
        AgendaGroup::Later,
    ];
}

/// One dated item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItem {
    /// What kind of date.
    pub kind: AgendaKind,
    /// When.
    pub date: NaiveDate,
    /// The project.
    pub project_id: Uuid,
    /// The project's name.
    pub project: String,
    /// The pillar, gap or project it belongs to.
    pub title: String,
    /// Who owns it (empty when nobody).
    pub owner: String,
    /// The pillar's or gap's id, for a link; the project's for its own dates.
    pub item_id: Uuid,
}

/// The order of items on the agenda within a group, and of a reminder's lines: by date, kind,
/// project and title, and by id between items alike in all four, so that every read pages
/// the same way (the store's read of gaps orders them so too, in SQL: `storage::gaps::dates`).
pub(crate) fn agenda_order(a: &AgendaItem, b: &AgendaItem) -> std::cmp::Ordering {
    (a.date, a.kind, &a.project, &a.title, a.item_id)
        .cmp(&(b.date, b.kind, &b.project, &b.title, b.item_id))
}

/// The agenda as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Agenda {
    /// The day it was made for.
    pub today: NaiveDate,
    /// The last day it looks ahead to.
    pub until: NaiveDate,
    /// The items, overdue first, then by date, kind and title; each with its group.
    pub items: Vec<(AgendaGroup, AgendaItem)>,
}

/// The last day of `day`'s ISO week (its Sunday).
pub fn end_of_week(day: NaiveDate) -> NaiveDate {
    let left = 6 - u64::from(day.weekday().num_days_from_monday());
    day.checked_add_days(Days::new(left)).unwrap_or(day)
}

/// The days an agenda covers and where its groups start and end: every day up to `until`,
/// overdue before `today`, this week from `today` to its Sunday (or `until`, if sooner), later
/// after that Sunday up to `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaSpan {
    /// The day the agenda is made for.
    pub today: NaiveDate,
    /// The last day it looks ahead to, `today` or later.
    pub until: NaiveDate,
    week: NaiveDate,
}

impl AgendaSpan {
    /// The span as of `today` looking `days` ahead (0 is today only).
    pub fn new(today: NaiveDate, days: u32) -> AgendaSpan {
        AgendaSpan {
            today,
            until: today
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX),
            week: end_of_week(today),
        }
    }

    /// The group a `date` falls in; `None` after `until`.
    pub fn group(&self, date: NaiveDate) -> Option<AgendaGroup> {
        if date > self.until {
            None
        } else if date < self.today {
            Some(AgendaGroup::Overdue)
        } else if date <= self.week {
            Some(AgendaGroup::ThisWeek)
        } else {
            Some(AgendaGroup::Later)
        }
    }

    /// The first and last day of `group`, both included; no first day for overdue (every
    /// earlier date is). `None` when the group holds no day (later, when `until` comes before
    /// the week's end).
    pub fn days(&self, group: AgendaGroup) -> Option<(Option<NaiveDate>, NaiveDate)> {
        match group {
            AgendaGroup::Overdue => Some((None, self.today.pred_opt()?)),
            AgendaGroup::ThisWeek => Some((Some(self.today), self.week.min(self.until))),
            AgendaGroup::Later => {
                let first = self.week.succ_opt()?;
                (first <= self.until).then_some((Some(first), self.until))
            }
        }
    }
}

impl Agenda {
    /// Groups `items` as of `today`, keeping those due up to `days` ahead (and every overdue
    /// one), and those whose owner contains `owner` (ignoring case) when given.
    pub fn of(items: Vec<AgendaItem>, today: NaiveDate, days: u32, owner: Option<&str>) -> Agenda {
        let span = AgendaSpan::new(today, days);
        let wanted = owner.map(|o| o.trim().to_lowercase());
        let mut grouped: Vec<(AgendaGroup, AgendaItem)> = items
            .into_iter()
            .filter(|i| {
                wanted
                    .as_ref()
                    .is_none_or(|w| i.owner.to_lowercase().contains(w.as_str()))
            })
            .filter_map(|i| Some((span.group(i.date)?, i)))
            .collect();
        grouped.sort_by(|(ga, a), (gb, b)| ga.cmp(gb).then_with(|| agenda_order(a, b)));
        Agenda {
            today,
            until: span.until,
            items: grouped,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A calendar date.
    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A gap's due date in project Atlas, owned by `owner`, with an id of its own.
    pub(crate) fn item(date: NaiveDate, owner: &str) -> AgendaItem {
        AgendaItem {
            kind: AgendaKind::GapDue,
            date,
            project_id: Uuid::nil(),
            project: "Atlas".into(),
            title: format!("due {date}"),
            owner: owner.into(),
            item_id: Uuid::now_v7(),
        }
    }

    #[test]
    fn a_rhythm_adds_whole_weeks_and_keeps_the_weekday() {
        assert_eq!(rescore_due(day(2026, 11, 2), 4), day(2026, 11, 30));
        assert_eq!(rescore_due(day(2026, 12, 28), 1), day(2027, 1, 4));
        // Across a leap day and a year.
        assert_eq!(rescore_due(day(2028, 2, 1), 52), day(2029, 1, 30));
        assert_eq!(
            rescore_due(day(2028, 2, 1), 52).weekday(),
            day(2028, 2, 1).weekday()
        );
        assert_eq!(rescore_due(NaiveDate::MAX, 4), NaiveDate::MAX);
    }

    #[test]
    fn a_span_names_each_group_s_first_and_last_day() {
        // Wednesday 2026-12-02; its week ends on Sunday the 6th.
        let today = day(2026, 12, 2);
        let month = AgendaSpan::new(today, 30);
        assert_eq!(
            month.days(AgendaGroup::Overdue),
            Some((None, day(2026, 12, 1)))
        );
        assert_eq!(
            month.days(AgendaGroup::ThisWeek),
            Some((Some(today), day(2026, 12, 6)))
        );
        assert_eq!(
            month.days(AgendaGroup::Later),
            Some((Some(day(2026, 12, 7)), day(2027, 1, 1)))
        );
        let two = AgendaSpan::new(today, 2);
        assert_eq!(
            two.days(AgendaGroup::ThisWeek),
            Some((Some(today), day(2026, 12, 4))),
            "the horizon ends the week sooner"
        );
        assert_eq!(two.days(AgendaGroup::Later), None, "no day is later");
        assert_eq!(two.group(day(2026, 12, 4)), Some(AgendaGroup::ThisWeek));
        assert_eq!(two.group(day(2026, 12, 5)), None, "past the horizon");
    }

    #[test]
    fn groups_follow_today_the_end_of_the_week_and_the_horizon() {
        // Wednesday 2026-12-02: the week ends on Sunday the 6th.
        let today = day(2026, 12, 2);
        assert_eq!(end_of_week(today), day(2026, 12, 6));
        assert_eq!(
            end_of_week(day(2026, 12, 6)),
            day(2026, 12, 6),
            "Sunday ends its own week"
        );
        let agenda = Agenda::of(
            vec![
                item(day(2026, 12, 7), "Zoë"),
                item(day(2026, 12, 1), "Sam"),
                item(today, "Zoë"),
                item(day(2026, 12, 6), ""),
                item(day(2027, 1, 1), "Zoë"),
                item(day(2027, 1, 2), "Zoë"),
            ],
            today,
            30,
            None,
        );
        let groups: Vec<(AgendaGroup, NaiveDate)> =
            agenda.items.iter().map(|(g, i)| (*g, i.date)).collect();
        assert_eq!(
            groups,
            [
                (AgendaGroup::Overdue, day(2026, 12, 1)),
                (AgendaGroup::ThisWeek, today),
                (AgendaGroup::ThisWeek, day(2026, 12, 6)),
                (AgendaGroup::Later, day(2026, 12, 7)),
                (AgendaGroup::Later, day(2027, 1, 1)),
            ],
            "the 30th day is in, the 31st is not"
        );
        let zoe = Agenda::of(
            vec![item(today, "Zoë Ł."), item(today, "Sam")],
            today,
            7,
            Some("zoë"),
        );
        assert_eq!(zoe.items.len(), 1);
    }
}
