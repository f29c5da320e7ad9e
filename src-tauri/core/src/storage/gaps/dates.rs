//! The gaps the agenda shows, read lean: one project's dated gaps, and for the window's agenda
//! across every project each group's count per owner and project (from the index `gaps_agenda`
//! of migration 0016 alone) and its first gaps in agenda order (by the index, reading only the
//! rows of the gaps returned).
//!
//! The agenda's queries name their index (`INDEXED BY gaps_agenda`): without statistics SQLite
//! guesses that the project filter narrows more than the dates do and reads every gap of every
//! project through `gaps_project` instead, sorting them all. Named, the index is used or the
//! query fails to prepare, which the tests below would show.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rustc_hash::FxHashMap;
use uuid::Uuid;

use crate::domain::agenda::{AgendaFilter, AgendaGroup, AgendaItem, AgendaKind, AgendaSpan};
use crate::error::Result;
use crate::storage::row::{date, text_bytes, text_of, uuid, uuid_of};

/// The date a gap has on the agenda, in SQL: a deferred gap's revisit date, any other's due
/// date. Written exactly as in the index `gaps_agenda`, since SQLite uses an index on an
/// expression only for a query that writes the same expression.
const AGENDA_DATE: &str = "(CASE WHEN status = 'deferred' THEN revisit_on ELSE due_date END)";

/// Which gaps are on the agenda, in SQL: outside the trash, and open or in progress with a due
/// date or deferred with a revisit date. Written exactly as the index's `WHERE`, since SQLite
/// uses a partial index only for a query whose `WHERE` holds each of its terms.
const ON_AGENDA: &str = "trashed_at IS NULL AND ((status IN ('open', 'in_progress') AND due_date \
                         IS NOT NULL) OR (status = 'deferred' AND revisit_on IS NOT NULL))";

/// Projects whose gaps the window's agenda shows: neither archived nor in the trash.
const ACTIVE_PROJECT: &str = "project_id IN (SELECT id FROM projects WHERE trashed_at IS NULL \
                              AND archived_at IS NULL)";

/// A gap with a date that puts it on the agenda: due (open or in progress, with a due date)
/// or to revisit (deferred, with a revisit date).
pub(in crate::storage) struct DatedGap {
    /// The gap's id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// Its owner.
    pub owner: String,
    /// Deferred (the date is its revisit date) or not (its due date).
    pub deferred: bool,
    /// The date.
    pub date: NaiveDate,
}

impl DatedGap {
    /// The gap as an item of project `project_id`, named `project`.
    pub fn item(self, project_id: Uuid, project: String) -> AgendaItem {
        AgendaItem {
            kind: if self.deferred {
                AgendaKind::Revisit
            } else {
                AgendaKind::GapDue
            },
            date: self.date,
            project_id,
            project,
            title: self.title,
            owner: self.owner,
            item_id: self.id,
        }
    }
}

/// Reads a [`DatedGap`] from the first five columns of `row`: id, title, owner, whether it is
/// deferred, and [`AGENDA_DATE`]. The queries keep only gaps that have the date, so `None` is
/// never expected; a date that does not parse is an error, not a gap left out.
fn dated_gap(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<DatedGap>> {
    let Some(date) = date(row, 4)? else {
        return Ok(None);
    };
    Ok(Some(DatedGap {
        id: uuid(row, 0)?,
        title: row.get(1)?,
        owner: row.get(2)?,
        deferred: row.get(3)?,
        date,
    }))
}

/// The project's gaps outside the trash that have a date on the agenda, in list order: only
/// the five columns the agenda shows, and only those gaps, with no notes or timestamps parsed
/// (the agenda of 100 projects of 1,000 gaps: 130–150 ms instead of 170–340 for every gap).
pub(in crate::storage) fn dated(conn: &Connection, project: Uuid) -> Result<Vec<DatedGap>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, title, owner, status = 'deferred', {AGENDA_DATE}
         FROM gaps WHERE project_id = ?1 AND {ON_AGENDA}
         ORDER BY position"
    ))?;
    let rows = stmt.query_map([project.to_string()], dated_gap)?;
    let mut dated = Vec::new();
    for gap in rows {
        dated.extend(gap?);
    }
    Ok(dated)
}

/// The tally's query: the date, owner and project of every gap on the agenda up to ?1, the
/// agenda's last day, read from the index alone.
fn tally_sql() -> String {
    format!(
        "SELECT {AGENDA_DATE}, owner, project_id
         FROM gaps INDEXED BY gaps_agenda WHERE {ON_AGENDA} AND {AGENDA_DATE} <= ?1"
    )
}

/// A page's query: ?1 is the group's last day, ?2 its first (when `from`: overdue has none,
/// and a bound of `NULL` would match nothing, so it is left out, though SQLite still takes a
/// value for ?2 as it counts parameters up to ?5), ?3 the owner and ?4 the project to keep
/// (`NULL` for all), ?5 the limit.
fn page_sql(from: bool) -> String {
    let from = if from {
        format!("AND {AGENDA_DATE} >= ?2")
    } else {
        String::new()
    };
    format!(
        "SELECT id, title, owner, status = 'deferred', {AGENDA_DATE}, project_id,
                (SELECT name FROM projects WHERE projects.id = project_id) AS project
         FROM gaps INDEXED BY gaps_agenda
         WHERE {ON_AGENDA} AND {AGENDA_DATE} <= ?1 {from} AND {ACTIVE_PROJECT}
           AND (?3 IS NULL OR owner = ?3) AND (?4 IS NULL OR project_id = ?4)
         ORDER BY {AGENDA_DATE}, status = 'deferred', project, title, id
         LIMIT ?5"
    )
}

/// How many gaps of one group one owner has in one project (of any project: the caller keeps
/// the active ones).
pub(in crate::storage) struct Tally {
    /// The group.
    pub group: AgendaGroup,
    /// The owner, as written.
    pub owner: String,
    /// The project.
    pub project_id: Uuid,
    /// How many, at least 1.
    pub count: u32,
}

/// One owner's gaps on the agenda: per project (its id's bytes), the count in each group.
type ByProject = FxHashMap<Box<[u8]>, [u32; 3]>;

/// Every (group, owner, project) with a gap on the agenda of `span`, counted: one scan of the
/// index, about 51,000 entries on 100 projects of 1,000 gaps, into at most a few thousand
/// tallies. The rows are counted here rather than by SQL's `GROUP BY`, which sorted all of
/// them (35–50 ms against about 10); text is compared as SQLite compares it, byte by byte,
/// and copied and checked only for an owner or project not met before.
pub(in crate::storage) fn agenda_tally(conn: &Connection, span: &AgendaSpan) -> Result<Vec<Tally>> {
    // This week always holds today, so its last day is there.
    let week_end = span
        .days(AgendaGroup::ThisWeek)
        .map_or(span.today, |(_, last)| last)
        .to_string();
    let today = span.today.to_string();
    let mut stmt = conn.prepare_cached(&tally_sql())?;
    let mut rows = stmt.query([span.until.to_string()])?;
    // Owner → project → the count in each group, keyed by the bytes as stored.
    let mut counts: FxHashMap<Box<[u8]>, ByProject> = FxHashMap::default();
    while let Some(row) = rows.next()? {
        let (date, owner, project) = (
            text_bytes(row, 0)?,
            text_bytes(row, 1)?,
            text_bytes(row, 2)?,
        );
        let group = if date < today.as_bytes() {
            0
        } else if date <= week_end.as_bytes() {
            1
        } else {
            2
        };
        if !counts.contains_key(owner) {
            counts.insert(owner.into(), FxHashMap::default());
        }
        if let Some(projects) = counts.get_mut(owner) {
            if !projects.contains_key(project) {
                projects.insert(project.into(), [0; 3]);
            }
            if let Some(count) = projects.get_mut(project) {
                count[group] += 1;
            }
        }
    }
    let mut tally = Vec::new();
    for (owner, projects) in counts {
        let owner = text_of(&owner, 1)?;
        for (project, count) in projects {
            let project_id = uuid_of(&project, 2)?;
            for (group, count) in AgendaGroup::ALL.into_iter().zip(count) {
                if count > 0 {
                    tally.push(Tally {
                        group,
                        owner: owner.clone(),
                        project_id,
                        count,
                    });
                }
            }
        }
    }
    Ok(tally)
}

/// The first `limit` gaps of `group` in active projects that `filter` keeps, in agenda order
/// (date, kind, project name, title, id: as [`crate::domain::agenda`] orders items); none
/// when the group holds no day of `span`. The index gives them by date, so only the rows of
/// the gaps read are visited.
pub(in crate::storage) fn agenda_page(
    conn: &Connection,
    span: &AgendaSpan,
    group: AgendaGroup,
    filter: &AgendaFilter,
    limit: usize,
) -> Result<Vec<AgendaItem>> {
    let Some((first, last)) = span.days(group) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(&page_sql(first.is_some()))?;
    let rows = stmt.query_map(
        params![
            last.to_string(),
            first.map(|d| d.to_string()),
            filter.owner,
            filter.project.map(|p| p.to_string()),
            i64::try_from(limit).unwrap_or(i64::MAX),
        ],
        |row| Ok((dated_gap(row)?, uuid(row, 5)?, row.get::<_, String>(6)?)),
    )?;
    let mut page = Vec::new();
    for row in rows {
        if let (Some(gap), project_id, project) = row? {
            page.push(gap.item(project_id, project));
        }
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::{page_sql, tally_sql};
    use crate::Store;

    /// SQLite's plan for `sql`, one step per line; its parameters are left `NULL`, which the
    /// plan does not depend on.
    fn plan(store: &Store, sql: &str) -> String {
        store
            .read(|conn| {
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let mut rows = stmt.raw_query();
                let mut steps = Vec::new();
                while let Some(row) = rows.next()? {
                    steps.push(row.get::<_, String>(3)?);
                }
                Ok(steps.join("\n"))
            })
            .unwrap()
    }

    /// The queries read the agenda's index, which only holds if they write its expression and
    /// its `WHERE` exactly as the migration does: the tally never reads a gap's row, and a
    /// page takes the gaps by date instead of sorting every one of them.
    #[test]
    fn the_agenda_reads_its_index() {
        let store = Store::open_in_memory().unwrap();
        let tally = plan(&store, &tally_sql());
        assert!(
            tally.contains("USING COVERING INDEX gaps_agenda"),
            "tally: {tally}"
        );
        for from in [false, true] {
            let page = plan(&store, &page_sql(from));
            assert!(page.contains("USING INDEX gaps_agenda"), "page: {page}");
            // SQLite sorts each date's gaps by the rest of the order ("USE TEMP B-TREE FOR
            // LAST 4 TERMS OF ORDER BY"), never every gap at once.
            assert!(
                !page.contains("TEMP B-TREE FOR ORDER BY"),
                "only ties of one date are sorted: {page}"
            );
        }
    }
}
