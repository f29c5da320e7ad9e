//! CSV in: a spreadsheet's export (or Preflight's own) read as one table, so it goes through
//! the same header recognition, validation and summary as a Markdown table.
//!
//! Accepted: RFC 4180 quoting (the `csv` crate), `,`, `;` or a tab as the separator
//! (whichever the header line holds most of outside quotes, as spreadsheets in many locales
//! write `;`, or the one Excel names on a first line `sep=;`), any encoding
//! (`encoding::decode`: UTF-8 with or without a byte-order mark, UTF-16, a Windows code page),
//! LF or CRLF line ends, rows shorter or longer than the header. Cells that Preflight's CSV export defused against formula injection
//! (`'=…`) get their text back ([`crate::table_export::restore_formula`]).

use super::parse::{Document, Table};
use crate::error::{CoreError, Result};
use crate::table_export::restore_formula;

/// True when a source named `name` is CSV (`.csv`, or tab-separated `.tsv`) rather than
/// Markdown.
pub fn is_csv(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}

/// The separator Excel names on a first line of its own (`sep=;`), which is not a record.
fn named_separator(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim_end();
    match first.strip_prefix("sep=")?.as_bytes() {
        [b] if matches!(b, b',' | b';' | b'\t' | b'|') => Some(*b),
        _ => None,
    }
}

/// The separator a CSV text uses: the one Excel named (`sep=;`), else whichever of `,`, `;`
/// and a tab its first line holds most of outside quotes (`,` when none).
fn separator(text: &str) -> u8 {
    if let Some(named) = named_separator(text) {
        return named;
    }
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            counts
                .iter_mut()
                .filter(|(s, _)| *s == c)
                .for_each(|(_, n)| *n += 1);
        }
    }
    // The first of the most frequent, so a tie (or no separator at all) reads as commas.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}

/// Reads `text`, the CSV file `file`, as a document holding one table (its first record is
/// the header). The table's section is the file's name without `.csv`.
///
/// # Errors
/// [`CoreError::InvalidFile`] at `file:LINE` for a record the CSV reader cannot read (a quote
/// left open), or at `file` when there is no header row.
pub fn document(file: &str, text: &str) -> Result<Document> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            CoreError::invalid_file(format!("{file}:{line}"), format!("not readable CSV: {e}"))
        })?;
        // The line a record starts on, counted from its byte offset (a quoted cell may span
        // lines, so records and lines differ).
        let mut start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        // The reader may place a record at the line end before it (CRLF); count from its text.
        while text
            .as_bytes()
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        let line = text
            .get(..start)
            .map_or(0, |before| before.bytes().filter(|b| *b == b'\n').count())
            + 1;
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        let cells: Vec<String> = record
            .iter()
            .map(|cell| restore_formula(cell).trim().to_owned())
            .collect();
        records.push((line, cells));
    }
    let mut records = records.into_iter();
    if named_separator(text).is_some() {
        records.next();
    }
    let (line, header) = records
        .next()
        .ok_or_else(|| CoreError::invalid_file(file, "is empty: no header row"))?;
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name);
    Ok(Document {
        title: Some(stem.to_owned()),
        tables: vec![Table {
            line,
            section: Some(stem.to_owned()),
            header,
            rows: records.collect(),
        }],
        ..Document::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheets_csv_with_semicolons_bom_and_crlf_reads_as_one_table() {
        let text =
            "\u{feff}Title;Status;Owner\r\n\"Rotate; secrets\";Done;Zoë\r\n'=SUM(A1);open;\r\n";
        let doc = document("gaps.csv", text).expect("csv");
        let table = &doc.tables[0];
        assert_eq!(table.header, ["Title", "Status", "Owner"]);
        assert_eq!(table.line, 1);
        assert_eq!(
            table.rows,
            [
                (
                    2,
                    vec!["Rotate; secrets".into(), "Done".into(), "Zoë".into()]
                ),
                (3, vec!["=SUM(A1)".into(), "open".into(), String::new()]),
            ]
        );
        assert_eq!(table.section.as_deref(), Some("gaps"));
    }

    #[test]
    fn excels_separator_line_and_tab_separated_text_are_read() {
        let doc = document("gaps.csv", "sep=;\r\nTitle;Owner\r\n\"a, b\";Zoë\r\n").expect("csv");
        let table = &doc.tables[0];
        assert_eq!(table.header, ["Title", "Owner"]);
        assert_eq!(
            (table.line, &table.rows[0]),
            (2, &(3, vec!["a, b".into(), "Zoë".into()]))
        );
        let doc = document("gaps.csv", "Title\tOwner\nRotate, then test\tZoë\n").expect("tsv");
        assert_eq!(
            doc.tables[0].rows,
            [(2, vec!["Rotate, then test".into(), "Zoë".into()])]
        );
        // No separator at all: one column.
        let doc = document("gaps.csv", "Title\nRotate secrets\n").expect("one column");
        assert_eq!(doc.tables[0].header, ["Title"]);
    }

    #[test]
    fn a_quoted_cell_over_two_lines_keeps_the_line_numbers_of_later_rows() {
        let doc = document("x.csv", "a,b\n\"one\ntwo\",2\n3,4\n").expect("csv");
        let lines: Vec<u32> = doc.tables[0].rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 4]);
        let err = document("empty.csv", "").expect_err("no header");
        assert!(err.to_string().contains("no header row"), "{err}");
    }
}
