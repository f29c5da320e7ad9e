//! The log of reports sent to an audience other than the team: the one writer of
//! `report_sends` and `report_send_gaps`. The scorecard at that moment is a milestone, taken
//! and marked as sent through the scorecard's writers.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::row::{date, domain_value, new_id, now, time, uuid};
use super::{gaps, guards, scorecard, Store};
use crate::domain::audience::{self, Audience};
use crate::domain::gap::GapStatus;
use crate::domain::project::Project;
use crate::domain::report_log::{
    sha256_hex, since_last, GapState, LastReport, ReportSend, SinceLast,
};
use crate::domain::scorecard::MILESTONE_NAME_MAX;
use crate::domain::Decision;
use crate::error::Result;

const COLUMNS: &str = "id, project_id, audience_id, audience_name, recipient, file_name, \
                       sha256, bytes, as_of, sent_at, milestone_id, decision";

fn send_from_row(row: &Row<'_>) -> rusqlite::Result<ReportSend> {
    let milestone: Option<String> = row.get(10)?;
    Ok(ReportSend {
        id: uuid(row, 0)?,
        project_id: uuid(row, 1)?,
        audience_id: row.get(2)?,
        audience_name: row.get(3)?,
        recipient: row.get(4)?,
        file_name: row.get(5)?,
        sha256: row.get(6)?,
        bytes: u64::try_from(row.get::<_, i64>(7)?).unwrap_or(0),
        as_of: date(row, 8)?.unwrap_or_default(),
        sent_at: time(row, 9)?,
        milestone_id: milestone.and_then(|m| Uuid::parse_str(&m).ok()),
    })
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn at_most(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The last report of `project` to `audience_id`, with the decision then.
fn last_send(
    conn: &Connection,
    project: Uuid,
    audience_id: &str,
) -> Result<Option<(ReportSend, Decision)>> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM report_sends WHERE project_id = ?1 AND audience_id = ?2
                 ORDER BY sent_at DESC, id DESC LIMIT 1"
            ),
            params![project.to_string(), audience_id],
            |row| {
                let decision: String = row.get(11)?;
                Ok((
                    send_from_row(row)?,
                    domain_value(11, Decision::parse(&decision))?,
                ))
            },
        )
        .optional()?;
    Ok(found)
}

/// What changed in `project` since its last report to `audience_id`, or `None` before the
/// first one.
pub(super) fn since(
    conn: &Connection,
    project: &Project,
    audience_id: &str,
) -> Result<Option<SinceLast>> {
    let Some((send, decision)) = last_send(conn, project.id, audience_id)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT gap_id, title, status, blocker FROM report_send_gaps WHERE send_id = ?1",
    )?;
    let then: Vec<GapState> = stmt
        .query_map([send.id.to_string()], |row| {
            let status: String = row.get(2)?;
            Ok(GapState {
                gap_id: uuid(row, 0)?,
                title: row.get(1)?,
                status: domain_value(2, GapStatus::parse("status", &status))?,
                blocker: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // A milestone in the trash still holds its scores; only one deleted for good is gone.
    let frozen = match send.milestone_id {
        Some(id) => scorecard::milestone_pillars(conn, id)?,
        None => None,
    };
    Ok(Some(since_last(
        &LastReport {
            as_of: send.as_of,
            recipient: &send.recipient,
            pillars: frozen.as_deref(),
            gaps: &then,
            decision,
        },
        &scorecard::pillars(conn, project.id)?,
        &gaps::gaps(conn, project.id)?,
        project.decision,
    )))
}

/// The log of a project held while a project file replaces it, with each report's gap
/// states and the mark of its milestone.
pub(super) struct Kept {
    sends: Vec<(ReportSend, String, String)>,
    gaps: Vec<(Uuid, GapState)>,
}

/// Reads the log of `project` before a replacing import deletes it.
pub(super) fn keep(conn: &Connection, project: Uuid) -> Result<Kept> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, (SELECT sent_to FROM milestones m WHERE m.id = s.milestone_id)
         FROM report_sends s WHERE project_id = ?1"
    ))?;
    let sends = stmt
        .query_map([project.to_string()], |row| {
            Ok((
                send_from_row(row)?,
                row.get::<_, String>(11)?,
                row.get::<_, Option<String>>(12)?.unwrap_or_default(),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT g.send_id, g.gap_id, g.title, g.status, g.blocker FROM report_send_gaps g
         JOIN report_sends s ON s.id = g.send_id WHERE s.project_id = ?1",
    )?;
    let gaps = stmt
        .query_map([project.to_string()], |r| {
            let status: String = r.get(3)?;
            Ok((
                uuid(r, 0)?,
                GapState {
                    gap_id: uuid(r, 1)?,
                    title: r.get(2)?,
                    status: domain_value(3, GapStatus::parse("status", &status))?,
                    blocker: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Kept { sends, gaps })
}

/// Writes a kept log back after the replacing import: a report whose milestone is in the new
/// state keeps it (and its "sent" mark); one whose milestone is gone keeps its record.
pub(super) fn put_back(conn: &Connection, kept: &Kept) -> Result<()> {
    for (send, decision, sent_to) in &kept.sends {
        let milestone = match send.milestone_id {
            Some(id) => conn
                .query_row(
                    "SELECT id FROM milestones WHERE id = ?1 AND project_id = ?2",
                    params![id.to_string(), send.project_id.to_string()],
                    |r| r.get::<_, String>(0),
                )
                .optional()?,
            None => None,
        };
        if let (Some(id), false) = (&milestone, sent_to.is_empty()) {
            if let Ok(id) = Uuid::parse_str(id) {
                scorecard::mark_milestone_sent(conn, id, sent_to)?;
            }
        }
        conn.execute(
            &format!("INSERT INTO report_sends ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
            params![
                send.id.to_string(),
                send.project_id.to_string(),
                send.audience_id,
                send.audience_name,
                send.recipient,
                send.file_name,
                send.sha256,
                i64::try_from(send.bytes).unwrap_or(i64::MAX),
                send.as_of.to_string(),
                super::row::stamp(send.sent_at),
                milestone,
                decision,
            ],
        )?;
    }
    for (send, g) in &kept.gaps {
        conn.execute(
            "INSERT INTO report_send_gaps (send_id, gap_id, title, status, blocker)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                send.to_string(),
                g.gap_id.to_string(),
                g.title,
                g.status.as_str(),
                g.blocker
            ],
        )?;
    }
    Ok(())
}

/// What was written for an audience: the file's name and its bytes.
pub struct SentFile<'a> {
    /// The file's name without its folder, or `-` for standard output.
    pub file_name: &'a str,
    /// The bytes written.
    pub bytes: &'a [u8],
    /// The date the report speaks for.
    pub as_of: NaiveDate,
}

impl Store {
    /// Records a report written for `audience` (not the team's, which is not logged):
    /// date, audience, `recipient` (may be empty), file name, size and SHA-256 of the bytes,
    /// and the gap states now; the scorecard now is frozen as a milestone named "Sent to
    /// AUDIENCE (RECIPIENT)" dated `file.as_of` and marked as sent. One transaction.
    ///
    /// # Errors
    /// [`crate::CoreError::Invalid`] on `recipient` (one line, at most 200 characters);
    /// [`crate::CoreError::NotFound`] for an unknown project; storage errors.
    pub fn record_send(
        &self,
        project: Uuid,
        audience: &Audience,
        recipient: &str,
        file: &SentFile<'_>,
    ) -> Result<ReportSend> {
        let recipient = audience::recipient(recipient)?;
        let sha256 = sha256_hex(file.bytes);
        self.with_tx(|tx| {
            let p = guards::load(tx, project)?;
            let sent_to = if recipient.is_empty() {
                audience.name.clone()
            } else {
                format!("{} ({recipient})", audience.name)
            };
            let name = at_most(&format!("Sent to {sent_to}"), MILESTONE_NAME_MAX);
            let milestone = scorecard::freeze(tx, project, &name, file.as_of)?;
            scorecard::mark_milestone_sent(tx, milestone, &sent_to)?;
            let id = new_id();
            tx.execute(
                &format!("INSERT INTO report_sends ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
                params![
                    id.to_string(),
                    project.to_string(),
                    audience.id,
                    audience.name,
                    recipient,
                    file.file_name,
                    sha256,
                    i64::try_from(file.bytes.len()).unwrap_or(i64::MAX),
                    file.as_of.to_string(),
                    now(),
                    milestone.to_string(),
                    p.decision.as_str(),
                ],
            )?;
            for g in gaps::gaps(tx, project)? {
                let state = GapState::of(&g);
                tx.execute(
                    "INSERT INTO report_send_gaps (send_id, gap_id, title, status, blocker)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id.to_string(),
                        state.gap_id.to_string(),
                        state.title,
                        state.status.as_str(),
                        state.blocker
                    ],
                )?;
            }
            guards::touch(tx, project)?;
            Ok(tx.query_row(
                &format!("SELECT {COLUMNS} FROM report_sends WHERE id = ?1"),
                [id.to_string()],
                send_from_row,
            )?)
        })
    }

    /// The reports sent of `project`, newest first.
    ///
    /// # Errors
    /// [`crate::CoreError::NotFound`] for an unknown project; storage errors.
    pub fn report_log(&self, project: Uuid) -> Result<Vec<ReportSend>> {
        self.read(|conn| {
            guards::load(conn, project)?;
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM report_sends WHERE project_id = ?1
                 ORDER BY sent_at DESC, id DESC"
            ))?;
            let sends = stmt
                .query_map([project.to_string()], send_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(sends)
        })
    }
}
