//! Desktop reminders: which agenda items one names (due today or overdue, once per item per
//! day), counted with the first few kept whole, and the notification's words.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::agenda::{agenda_order, AgendaItem, AgendaKind};

impl AgendaItem {
    /// The item's key for reminders: stable while the item exists, and different for a gap's
    /// due date and its revisit date.
    pub fn key(&self) -> ReminderKey {
        ReminderKey {
            kind: self.kind,
            item_id: self.item_id,
        }
    }
}

/// Which reminder an item raises: its kind and its pillar's, gap's or project's id. Written
/// `<kind>:<item id>` (`gap_due:0190…`), as the record of reminders shown keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReminderKey {
    /// What kind of date.
    pub kind: AgendaKind,
    /// The pillar's, gap's or project's id.
    pub item_id: Uuid,
}

impl std::fmt::Display for ReminderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.item_id)
    }
}

impl std::str::FromStr for ReminderKey {
    type Err = ();

    /// Reads what [`ReminderKey`]'s `Display` writes; `Err(())` for anything else.
    fn from_str(s: &str) -> Result<Self, ()> {
        let (kind, id) = s.split_once(':').ok_or(())?;
        Ok(ReminderKey {
            kind: AgendaKind::ALL
                .into_iter()
                .find(|k| k.as_str() == kind)
                .ok_or(())?,
            item_id: id.parse().map_err(|_| ())?,
        })
    }
}

/// What one desktop reminder names: the items due today or overdue that no reminder has
/// named yet today, counted, with the first [`NOTICE_LINES`] of them (overdue first, then in
/// the agenda's order) kept whole for the notification's lines.
///
/// Built one item at a time ([`DueReminders::add`]), so that finding what is due on 100
/// projects of 1,000 overdue gaps holds a handful of items, not every one of them (holding
/// them all left about 27 MiB of freed memory in the window's allocator, `make bench-app`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueReminders {
    /// How many items the reminder names.
    pub count: usize,
    /// Of them, those due before today.
    pub overdue: usize,
    /// The first of them, at most [`NOTICE_LINES`], in order.
    pub first: Vec<AgendaItem>,
}

impl DueReminders {
    /// Counts `item` if it is due on or before `today` (and keeps it among the first when it
    /// comes early enough); later items are left out. The caller leaves out items already
    /// named today.
    pub fn add(&mut self, item: AgendaItem, today: NaiveDate) {
        if item.date > today {
            return;
        }
        self.count += 1;
        if item.date < today {
            self.overdue += 1;
        }
        // Overdue items come first because they have the earlier dates.
        let at = self
            .first
            .partition_point(|kept| agenda_order(kept, &item).is_le());
        if at < NOTICE_LINES {
            self.first.insert(at, item);
            self.first.truncate(NOTICE_LINES);
        }
    }

    /// Takes back the item with `key`, due on `date`, that another reminder named in the
    /// meantime. Its line goes too, so the notification may then show fewer lines than it
    /// counts items ("and N more" says how many).
    pub fn take_back(&mut self, key: ReminderKey, date: NaiveDate, today: NaiveDate) {
        self.count = self.count.saturating_sub(1);
        if date < today {
            self.overdue = self.overdue.saturating_sub(1);
        }
        self.first.retain(|i| i.key() != key);
    }

    /// True when there is nothing to remind of.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// One desktop notification: a title and a body of at most [`NOTICE_LINES`] item lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderNotice {
    /// E.g. "Overdue: Backups" or "3 items are due or overdue".
    pub title: String,
    /// One line per item, then "and N more" when there are more.
    pub body: String,
}

/// Most item lines in one notification; the rest are counted.
pub const NOTICE_LINES: usize = 4;

/// The notification for `due`, or `None` when it names nothing; dates written by `date` (the
/// user's date format).
pub fn notice(
    due: &DueReminders,
    today: NaiveDate,
    date: impl Fn(NaiveDate) -> String,
) -> Option<ReminderNotice> {
    let line = |i: &AgendaItem| {
        let when = if i.date < today {
            format!("overdue since {}", date(i.date))
        } else {
            "due today".to_owned()
        };
        let owner = if i.owner.is_empty() {
            String::new()
        } else {
            format!(", {}", i.owner)
        };
        format!(
            "{} ({}, {when}) — {}{owner}",
            i.title,
            i.kind.label(),
            i.project
        )
    };
    let title = match (due.count, due.first.as_slice()) {
        (0, _) => return None,
        (1, [one]) if one.date < today => format!("Overdue: {}", one.title),
        (1, [one]) => format!("Due today: {}", one.title),
        (count, _) => format!(
            "{} need attention ({} overdue, {} due today)",
            super::text::counted(count, "item"),
            due.overdue,
            count - due.overdue
        ),
    };
    let mut lines: Vec<String> = due.first.iter().map(line).collect();
    if due.count > due.first.len() {
        lines.push(format!(
            "and {} more — open the Agenda in Preflight",
            due.count - due.first.len()
        ));
    }
    Some(ReminderNotice {
        title,
        body: lines.join("\n"),
    })
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;
    use crate::domain::agenda::tests::{day, item};

    #[test]
    fn a_reminder_counts_due_and_overdue_items_and_keeps_the_first_lines() {
        let today = day(2026, 12, 2);
        let mut due = DueReminders::default();
        due.add(item(day(2026, 12, 3), "Zoë"), today);
        assert!(due.is_empty(), "tomorrow is not due yet");
        due.add(item(today, ""), today);
        due.add(item(day(2026, 12, 1), "Sam"), today);
        assert_eq!((due.count, due.overdue), (2, 1));
        assert_eq!(
            due.first.iter().map(|i| i.date).collect::<Vec<_>>(),
            [day(2026, 12, 1), today],
            "overdue first"
        );

        let iso = |d: NaiveDate| d.to_string();
        assert_eq!(notice(&DueReminders::default(), today, iso), None);
        let mut one = DueReminders::default();
        one.add(item(day(2026, 12, 1), "Sam"), today);
        let shown = notice(&one, today, iso).unwrap();
        assert_eq!(shown.title, "Overdue: due 2026-12-01");
        assert_eq!(
            shown.body,
            "due 2026-12-01 (gap due, overdue since 2026-12-01) — Atlas, Sam"
        );
        let mut today_only = DueReminders::default();
        today_only.add(item(today, ""), today);
        assert_eq!(
            notice(&today_only, today, iso).unwrap().title,
            "Due today: due 2026-12-02"
        );

        // Six items, added latest first: the four earliest are kept, in order.
        let mut six = DueReminders::default();
        for d in (20..26).rev() {
            six.add(item(day(2026, 11, d), ""), today);
        }
        assert_eq!(
            six.first.iter().map(|i| i.date.day()).collect::<Vec<_>>(),
            [20, 21, 22, 23]
        );
        let shown = notice(&six, today, iso).unwrap();
        assert_eq!(
            shown.title,
            "6 items need attention (6 overdue, 0 due today)"
        );
        assert_eq!(shown.body.lines().count(), NOTICE_LINES + 1);
        assert!(shown
            .body
            .ends_with("and 2 more — open the Agenda in Preflight"));

        // Another reminder named the first one meanwhile: it is neither counted nor shown.
        let named = six.first[0].clone();
        six.take_back(named.key(), named.date, today);
        assert_eq!((six.count, six.overdue, six.first.len()), (5, 5, 3));
        assert!(notice(&six, today, iso)
            .unwrap()
            .body
            .ends_with("and 2 more — open the Agenda in Preflight"));
    }

    #[test]
    fn a_reminder_key_is_written_and_read_back_and_tells_kinds_apart() {
        let gap = item(day(2026, 12, 1), "");
        let mut revisit = gap.clone();
        revisit.kind = AgendaKind::Revisit;
        assert_ne!(
            gap.key(),
            revisit.key(),
            "a gap's due date and its revisit date"
        );
        for kind in AgendaKind::ALL {
            let key = ReminderKey {
                kind,
                item_id: Uuid::now_v7(),
            };
            assert_eq!(key.to_string().parse(), Ok(key));
        }
        assert_eq!(
            format!("gap_due:{}", gap.item_id).parse(),
            Ok(gap.key()),
            "the form the records of earlier versions hold"
        );
        for bad in [
            "",
            "gap_due",
            "gap_due:not-an-id",
            "soon:00000000-0000-0000-0000-000000000000",
        ] {
            assert_eq!(bad.parse::<ReminderKey>(), Err(()), "{bad:?}");
        }
    }
}
