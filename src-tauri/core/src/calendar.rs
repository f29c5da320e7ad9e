//! The agenda as an iCalendar file (RFC 5545, through the `icalendar` crate): one all-day
//! event per dated item, with a UID made from the item's kind and id, so importing a newer
//! file into a calendar updates its events instead of adding them again.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::domain::agenda::{Agenda, AgendaKind};

/// The domain every UID ends in.
const UID_DOMAIN: &str = "preflight.invalid";

/// The stable UID of an item: `<kind>-<id>@preflight.invalid` (a gap has at most one due date
/// and one revisit date; a project one review, one time box and one re-score due).
fn uid(kind: AgendaKind, id: uuid::Uuid) -> String {
    let kind = match kind {
        AgendaKind::Checkpoint => "checkpoint",
        AgendaKind::GapDue => "gap-due",
        AgendaKind::Revisit => "revisit",
        AgendaKind::ComplianceReview => "compliance-review",
        AgendaKind::TimeBox => "time-box",
        AgendaKind::Rescore => "rescore",
    };
    format!("{kind}-{id}@{UID_DOMAIN}")
}

/// Writes `agenda` as an iCalendar file, stamped `now` (DTSTAMP).
pub fn agenda_ics(agenda: &Agenda, now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Preflight: what comes due");
    for (_, item) in &agenda.items {
        let owner = if item.owner.is_empty() {
            String::new()
        } else {
            format!("\nOwner: {}", item.owner)
        };
        // An all-day event ends, exclusively, on the next day (RFC 5545, 3.6.1).
        let next = item.date.succ_opt().unwrap_or(item.date);
        let event = Event::new()
            .starts(item.date)
            .ends(next)
            .summary(&format!(
                "{}: {} ({})",
                item.kind.label(),
                item.title,
                item.project
            ))
            .description(&format!(
                "{} in {}.{owner}",
                item.kind.label(),
                item.project
            ))
            .uid(&uid(item.kind, item.item_id))
            .timestamp(now)
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::{NaiveDate, TimeZone};
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    use uuid::Uuid;

    use super::*;
    use crate::domain::agenda::AgendaItem;

    #[test]
    fn every_item_is_one_all_day_event_with_a_stable_uid_and_parses_back() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let gap = Uuid::now_v7();
        let items = vec![AgendaItem {
            kind: AgendaKind::GapDue,
            date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            project_id: Uuid::now_v7(),
            project: "Atlas; \"beta\"".into(),
            title: "Backups, tested".into(),
            owner: "Zoë".into(),
            item_id: gap,
        }];
        let agenda = Agenda::of(items, today, 30, None);
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
        let text = agenda_ics(&agenda, now);
        assert!(
            text.contains("BEGIN:VCALENDAR") && text.contains("END:VCALENDAR"),
            "{text}"
        );
        let parsed = Calendar::from_str(&text).expect("parses");
        let events: Vec<_> = parsed
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(events.len(), 1);
        let event = events[0];
        assert_eq!(
            event.get_uid(),
            Some(format!("gap-due-{gap}@preflight.invalid").as_str())
        );
        assert_eq!(
            event.get_summary(),
            Some("gap due: Backups, tested (Atlas; \"beta\")")
        );
        assert_eq!(
            event.get_start(),
            Some(DatePerhapsTime::Date(
                NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
            ))
        );
        // The same agenda written again has the same events (UIDs), so a calendar updates.
        assert_eq!(agenda_ics(&agenda, now), text);
    }
}
