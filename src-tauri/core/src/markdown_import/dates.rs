//! Reads the dates people write in readiness docs' cells: ISO dates with any hyphen
//! look-alike, written months ("Dec 10, 2026", "10. Dezember 2026", "2026年12月10日"), and day
//! and month in figures when their order is plain ("20/12/2026", "20.12.2026").

use chrono::NaiveDate;

use super::values::plain_hyphens;

/// What a date cell holds, as [`read`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRead {
    /// A date and nothing else, in ISO form (`2026-12-10`) or with its month written as a word
    /// ("Dec 10, 2026", "10 December 2026", "10-Dec-2026", "2026年12月10日").
    Exact(NaiveDate),
    /// A date read in a looser form, which the import's summary names with the date it read:
    /// day and month in figures whose order the figures themselves give ("12/20/2026": no
    /// 20th month; "20.12.2026": a dot puts the day first), or one ISO date inside other text
    /// ("Example: 2026‑01‑01").
    Loose(NaiveDate),
    /// Day and month in figures that could be either way round: "03/04/2026" is 3 April in
    /// most of the world and March 4 in the United States. Never guessed.
    Ambiguous(NaiveDate, NaiveDate),
    /// No date, or more than one.
    Missing,
}

/// Month names by month, in the languages readiness docs arrive in most (English, German,
/// French, Spanish), lower case. A word names a month when it is one of these or the first
/// three or more letters of one, and all its matches are the same month ("Sept", "Dez.",
/// "juil" read; "ma" and "ju" do not).
const MONTHS: [&[&str]; 12] = [
    &["january", "januar", "janvier", "enero"],
    &["february", "februar", "février", "fevrier", "febrero"],
    &["march", "märz", "maerz", "mars", "marzo"],
    &["april", "avril", "abril"],
    &["may", "mai", "mayo"],
    &["june", "juni", "juin", "junio"],
    &["july", "juli", "juillet", "julio"],
    &["august", "août", "aout", "agosto"],
    &["september", "septembre", "septiembre", "setiembre"],
    &["october", "oktober", "octobre", "octubre"],
    &["november", "novembre", "noviembre"],
    &["december", "dezember", "décembre", "decembre", "diciembre"],
];

/// Words around a written date that say nothing about it: weekdays ("Thu, Dec 10, 2026"),
/// ordinal suffixes ("10th"), and "of" / "de" ("10th of December", "10 de diciembre de 2026").
fn is_filler(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    matches!(
        word,
        "st" | "nd" | "rd" | "th" | "of" | "de" | "the" | "le" | "am" | "er"
    ) || (word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(word)))
}

/// The month (1–12) a word names, per [`MONTHS`].
fn month_of(word: &str) -> Option<u32> {
    if word.chars().count() < 3 {
        return None;
    }
    let mut found = MONTHS
        .iter()
        .zip(1..)
        .filter(|(names, _)| names.iter().any(|n| n.starts_with(word)))
        .map(|(_, m)| m);
    let month = found.next()?;
    found.next().is_none().then_some(month)
}

/// A piece of a date cell: a run of figures, or of letters (lower case).
#[derive(Debug, PartialEq)]
enum Token {
    Number(String),
    Word(String),
}

/// Splits `text` into runs of figures and of letters, with the separators between figures
/// (`-`, `/`, `.`) so that day-first dots can be told from slashes. CJK date markers
/// (年 月 日, 년 월 일) become the words "y", "m", "d".
fn tokens(text: &str) -> (Vec<Token>, Vec<char>) {
    let mut out = Vec::new();
    let mut separators = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut run = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                run.push(d);
                chars.next();
            }
            out.push(Token::Number(run));
        } else if let Some(marker) = match c {
            '年' | '년' => Some("y"),
            '月' | '월' => Some("m"),
            '日' | '일' => Some("d"),
            _ => None,
        } {
            out.push(Token::Word(marker.into()));
            chars.next();
        } else if c.is_alphabetic() {
            let mut run = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_alphabetic()) {
                run.extend(d.to_lowercase());
                chars.next();
            }
            out.push(Token::Word(run));
        } else {
            if matches!(c, '-' | '/' | '.') {
                separators.push(c);
            }
            chars.next();
        }
    }
    (out, separators)
}

/// Reads a date cell. The forms read, and what is returned for each, are [`DateRead`]'s;
/// years have four figures, so "12/10/26" is not read. Text around an ISO date is allowed
/// when it holds exactly one; other forms must be the whole cell, bar weekdays, commas and
/// ordinal suffixes.
pub fn read(text: &str) -> DateRead {
    let plain = plain_hyphens(text.trim());
    if let Ok(d) = NaiveDate::parse_from_str(&plain, "%Y-%m-%d") {
        return DateRead::Exact(d);
    }
    let (tokens, separators) = tokens(&plain);
    let numbers: Vec<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Number(n) => Some(n.as_str()),
            Token::Word(_) => None,
        })
        .collect();
    let words: Vec<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w) if !is_filler(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let day = |n: &str| (n.len() <= 2).then(|| n.parse::<u32>().ok()).flatten();
    let year = |n: &str| (n.len() == 4).then(|| n.parse::<i32>().ok()).flatten();
    let found = match (numbers.as_slice(), words.as_slice()) {
        // "2026/12/10", "2026.12.10"; a year first is always followed by the month.
        ([y, m, d], []) if year(y).is_some() => {
            exact(year(y), day(m), day(d)).map_or(DateRead::Missing, DateRead::Loose)
        }
        // "20/12/2026", "12/20/2026", "20.12.2026".
        ([a, b, y], []) if year(y).is_some() => {
            let (a, b, y) = (day(a), day(b), year(y));
            let day_first = exact(y, b, a);
            let month_first = exact(y, a, b);
            match (day_first, month_first) {
                (Some(d), Some(m)) if d == m => DateRead::Loose(d),
                (Some(d), _) if separators.first() == Some(&'.') => DateRead::Loose(d),
                (Some(d), Some(m)) => DateRead::Ambiguous(d, m),
                (Some(d), None) | (None, Some(d)) => DateRead::Loose(d),
                (None, None) => DateRead::Missing,
            }
        }
        // "2026年12月10日", "2026년 12월 10일".
        ([y, m, d], ["y", "m", "d"] | ["y", "m"]) => {
            exact(year(y), day(m), day(d)).map_or(DateRead::Missing, DateRead::Exact)
        }
        // "Dec 10, 2026", "10 December 2026", "10-Dec-2026", "December 10th, 2026".
        ([a, b], [month]) => {
            let (d, y) = if year(a).is_some() { (b, a) } else { (a, b) };
            exact(year(y), month_of(month), day(d)).map_or(DateRead::Missing, DateRead::Exact)
        }
        _ => DateRead::Missing,
    };
    match found {
        DateRead::Missing => within(&plain).map_or(DateRead::Missing, DateRead::Loose),
        found => found,
    }
}

fn exact(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year?, month?, day?)
}

/// The one `YYYY-MM-DD` date inside other text, if there is exactly one.
fn within(plain: &str) -> Option<NaiveDate> {
    let bytes = plain.as_bytes();
    let found: Vec<NaiveDate> = (0..bytes.len().saturating_sub(9))
        .filter(|&i| {
            plain.is_char_boundary(i)
                && plain.is_char_boundary(i + 10)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit())
        })
        .filter_map(|i| NaiveDate::parse_from_str(&plain[i..i + 10], "%Y-%m-%d").ok())
        .collect();
    match found.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn iso_dates_with_any_hyphen_are_exact() {
        assert_eq!(read("2026-12-10"), DateRead::Exact(ymd(2026, 12, 10)));
        assert_eq!(
            read(" 2026\u{2011}12\u{2011}10 "),
            DateRead::Exact(ymd(2026, 12, 10))
        );
    }

    #[test]
    fn written_months_in_four_languages_are_exact() {
        let dec10 = DateRead::Exact(ymd(2026, 12, 10));
        for text in [
            "Dec 10, 2026",
            "December 10 2026",
            "10 Dec 2026",
            "10-Dec-2026",
            "Thu, Dec 10th, 2026",
            "10th of December, 2026",
            "Dec. 10, 2026",
            "10. Dezember 2026",
            "10 déc. 2026",
            "10 de diciembre de 2026",
            "2026 Dec 10",
            "2026年12月10日",
            "2026년 12월 10일",
        ] {
            assert_eq!(read(text), dec10, "{text}");
        }
        assert_eq!(read("Sept 1, 2026"), DateRead::Exact(ymd(2026, 9, 1)));
        assert_eq!(read("1 juil. 2026"), DateRead::Exact(ymd(2026, 7, 1)));
        assert_eq!(read("3. März 2026"), DateRead::Exact(ymd(2026, 3, 3)));
    }

    #[test]
    fn figures_are_read_only_when_their_order_is_plain() {
        let dec20 = DateRead::Loose(ymd(2026, 12, 20));
        assert_eq!(read("12/20/2026"), dec20);
        assert_eq!(read("20/12/2026"), dec20);
        assert_eq!(read("20.12.2026"), dec20);
        assert_eq!(read("2026/12/20"), dec20);
        assert_eq!(read("05/05/2026"), DateRead::Loose(ymd(2026, 5, 5)));
        // A dot puts the day first, as in every locale that writes dates with dots.
        assert_eq!(read("03.04.2026"), DateRead::Loose(ymd(2026, 4, 3)));
        assert_eq!(
            read("03/04/2026"),
            DateRead::Ambiguous(ymd(2026, 4, 3), ymd(2026, 3, 4))
        );
    }

    #[test]
    fn one_iso_date_inside_text_is_loose_and_anything_else_is_missing() {
        assert_eq!(
            read("Example: 2026\u{2011}01\u{2011}01"),
            DateRead::Loose(ymd(2026, 1, 1))
        );
        for text in [
            "2026-01-01 or 2026-02-01",
            "next quarter",
            "Q3 2026",
            "12/10/26",
            "31/02/2026",
            "Feb 30, 2026",
            "Ma 10, 2026",
            "Ju 10, 2026",
            "Dec 10",
            "10 Dec 2026 and 11 Dec 2026",
            "",
        ] {
            assert_eq!(read(text), DateRead::Missing, "{text}");
        }
    }

    proptest::proptest! {
        /// Every day from 1900 to 2199 reads back from the forms people write it in, and any
        /// text reads without panicking.
        #[test]
        fn every_date_reads_back_from_its_written_forms(days in 0_i64..109_572, text in "\\PC{0,40}") {
            let d = ymd(1900, 1, 1) + chrono::Duration::days(days);
            for written in [
                d.format("%Y-%m-%d").to_string(),
                d.format("%b %-d, %Y").to_string(),
                d.format("%-d %B %Y").to_string(),
                d.format("%A, %B %-d, %Y").to_string(),
                d.format("%Y年%-m月%-d日").to_string(),
            ] {
                proptest::prop_assert_eq!(read(&written), DateRead::Exact(d), "{}", written);
            }
            let figures = d.format("%d.%m.%Y").to_string();
            proptest::prop_assert_eq!(read(&figures), DateRead::Loose(d), "{}", figures);
            let _ = read(&text);
        }
    }
}
