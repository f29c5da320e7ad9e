//! Right-to-left text in reports: the Unicode Bidirectional Algorithm (UAX #9, the
//! `unicode-bidi` crate) splits each line into runs of one direction in visual order for
//! drawing; text extraction turns the glyphs, read from the left, back into the logical text.

use std::ops::Range;

use unicode_bidi::{get_base_direction, Direction, Level, ParagraphBidiInfo};

/// Whether `text`'s first strong character is right-to-left (rules P2–P3 of UAX #9): such a
/// paragraph is set flush right.
pub(crate) fn is_rtl(text: &str) -> bool {
    !text.is_ascii() && get_base_direction(text) == Direction::Rtl
}

/// The mirrored glyph of a paired bracket in a right-to-left run (the common pairs of
/// Unicode's BidiMirroring.txt).
pub(crate) fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    }
}

/// `line`'s runs of one direction in visual order, left to right, for a paragraph whose base
/// direction is right-to-left when `rtl`: each a byte range of `line` and whether the run is
/// right-to-left (its characters are then drawn from the last). `None` when nothing in the
/// line is right-to-left, so the line draws as written.
pub(crate) fn visual_runs(line: &str, rtl: bool) -> Option<Vec<(Range<usize>, bool)>> {
    if line.is_ascii() && !rtl {
        return None;
    }
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(line, Some(level));
    if !info.has_rtl() {
        return None;
    }
    let (levels, runs) = info.visual_runs(0..line.len());
    Some(
        runs.into_iter()
            .map(|run| {
                let rtl = levels[run.start].is_rtl();
                (run, rtl)
            })
            .collect(),
    )
}

/// `piece` drawn right to left without shaping: its characters from the last, brackets
/// mirrored.
pub(crate) fn reversed(piece: &str) -> String {
    piece.chars().rev().map(mirrored).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `line` as drawn from the left, every right-to-left run reversed.
    fn visual(line: &str, rtl: bool) -> String {
        match visual_runs(line, rtl) {
            None => line.to_owned(),
            Some(runs) => runs
                .into_iter()
                .map(|(range, rtl)| {
                    if rtl {
                        reversed(&line[range])
                    } else {
                        line[range].to_owned()
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn hebrew_is_reversed_for_drawing_with_latin_and_numbers_kept_in_order() {
        assert!(!is_rtl("Security posture"));
        assert!(is_rtl("אבטחה (security)"));
        assert!(is_rtl("مراجعة الأمان"));
        assert!(!is_rtl("API סקירת"), "the first strong character is Latin");
        assert_eq!(visual_runs("Security posture", false), None);
        // "שלום עולם" (hello world) drawn right to left.
        assert_eq!(visual("שלום עולם", true), "םלוע םולש");
        // A Latin word and a number inside Hebrew keep their own order; brackets mirror.
        assert_eq!(visual("בדיקת API גרסה 2", true), "2 הסרג API תקידב");
        assert_eq!(visual("אבג (דה)", true), "(הד) גבא");
    }
}
