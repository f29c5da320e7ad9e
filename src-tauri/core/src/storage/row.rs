//! Conversions between SQLite column text and domain values (UUIDs, RFC 3339 times).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::Type;
use uuid::Uuid;

/// The current time as stored: RFC 3339, UTC, millisecond precision ("…T17:22:00.123Z").
/// Which of a project's gaps, rows or milestones a reader returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shelf {
    /// Those outside the trash: what the app shows and exports.
    Live,
    /// Those in the trash too: what team sharing records, so a deletion travels as a mark.
    WithTrash,
}

impl Shelf {
    /// The SQL condition that picks them (a constant, safe to put in SQL text).
    pub(crate) fn condition(self) -> &'static str {
        match self {
            Shelf::Live => "AND trashed_at IS NULL",
            Shelf::WithTrash => "",
        }
    }
}

pub(crate) fn now() -> String {
    stamp(Utc::now())
}

/// A time as stored (see [`now`]); stored times compare correctly as text.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Runs one statement through the connection's statement cache, so a writer called once per
/// row (imports of thousands of rows) parses its SQL once, not once per row.
///
/// # Errors
/// SQLite's error.
pub(crate) fn cached<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// A new row id: UUID v7, so ids sort by creation time and never collide across laptops.
pub(crate) fn new_id() -> Uuid {
    Uuid::now_v7()
}

fn conversion_error(
    index: usize,
    e: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e))
}

/// A value of column `index` parsed by the domain (a status, a priority), its refusal turned
/// into a conversion error that names the column.
pub(crate) fn domain_value<T>(
    index: usize,
    parsed: crate::error::Result<T>,
) -> rusqlite::Result<T> {
    parsed.map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(std::io::Error::other(e.message())),
        )
    })
}

/// Reads column `index` as a UUID stored as text.
pub(crate) fn uuid(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    uuid_of(text_bytes(row, index)?, index)
}

/// Parses `text`, read from column `index`, as a UUID.
pub(crate) fn uuid_of(text: &[u8], index: usize) -> rusqlite::Result<Uuid> {
    Uuid::try_parse_ascii(text).map_err(|e| conversion_error(index, e))
}

/// Reads column `index` as an RFC 3339 time.
pub(crate) fn time(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    parse_time(&text).map_err(|e| conversion_error(index, e))
}

/// Reads column `index` as an optional RFC 3339 time.
pub(crate) fn optional_time(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| parse_time(&t).map_err(|e| conversion_error(index, e)))
        .transpose()
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
}

/// Borrows column `index`, text, as its UTF-8 bytes, neither copied nor checked: for scans that
/// look at many rows and keep few of them, which check what they keep ([`text_of`]).
pub(crate) fn text_bytes<'r>(
    row: &'r rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<&'r [u8]> {
    row.get_ref(index)?
        .as_bytes()
        .map_err(|e| conversion_error(index, e))
}

/// The text of `bytes`, read from column `index` with [`text_bytes`].
pub(crate) fn text_of(bytes: &[u8], index: usize) -> rusqlite::Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| conversion_error(index, e))
}

/// Reads column `index` as an optional `YYYY-MM-DD` date.
pub(crate) fn date(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|e| conversion_error(index, e)))
        .transpose()
}

/// `order` with `id` taken out and put back at 0-based `index` (clamped to the end): the new
/// order of a list after a drag or an Alt+arrow move.
pub(crate) fn reordered(order: impl IntoIterator<Item = Uuid>, id: Uuid, index: u32) -> Vec<Uuid> {
    let mut order: Vec<Uuid> = order.into_iter().filter(|other| *other != id).collect();
    let at = usize::try_from(index)
        .unwrap_or(usize::MAX)
        .min(order.len());
    order.insert(at, id);
    order
}
