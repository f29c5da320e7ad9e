//! Right-to-left text in reports: the Unicode Bidirectional Algorithm (UAX #9, the
//! `unicode-bidi` crate) puts each line in visual order for drawing; text extraction turns
//! the glyphs, read from the left, back into the logical text.
//!
//! Not yet here: contextual shaping. Arabic letters print in their isolated forms until the
//! report draws shaped glyphs (see issue #20, point 1).

use std::borrow::Cow;

use unicode_bidi::{get_base_direction, Direction, Level, ParagraphBidiInfo};

/// Whether `text`'s first strong character is right-to-left (rules P2–P3 of UAX #9): such a
/// paragraph is set flush right.
pub(crate) fn is_rtl(text: &str) -> bool {
    !text.is_ascii() && get_base_direction(text) == Direction::Rtl
}

/// The mirrored glyph of a paired bracket in a right-to-left run (the common pairs of
/// Unicode's BidiMirroring.txt).
fn mirrored(c: char) -> char {
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

/// `line` in visual order, left to right, for a paragraph whose base direction is
/// right-to-left when `rtl`: right-to-left runs reversed with their brackets mirrored.
/// Borrowed unchanged when the line has nothing right-to-left.
pub(crate) fn visual(line: &str, rtl: bool) -> Cow<'_, str> {
    if line.is_ascii() && !rtl {
        return Cow::Borrowed(line);
    }
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(line, Some(level));
    if !info.has_rtl() {
        return Cow::Borrowed(line);
    }
    let (levels, runs) = info.visual_runs(0..line.len());
    let mut out = String::with_capacity(line.len());
    for run in runs {
        let piece = &line[run.clone()];
        if levels[run.start].is_rtl() {
            out.extend(piece.chars().rev().map(mirrored));
        } else {
            out.push_str(piece);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_is_reversed_for_drawing_with_latin_and_numbers_kept_in_order() {
        assert!(!is_rtl("Security posture"));
        assert!(is_rtl("אבטחה (security)"));
        assert!(is_rtl("مراجعة الأمان"));
        assert!(!is_rtl("API סקירת"), "the first strong character is Latin");
        assert_eq!(visual("Security posture", false), "Security posture");
        // "שלום עולם" (hello world) drawn right to left.
        assert_eq!(visual("שלום עולם", true), "םלוע םולש");
        // A Latin word and a number inside Hebrew keep their own order; brackets mirror.
        assert_eq!(visual("בדיקת API גרסה 2", true), "2 הסרג API תקידב");
        assert_eq!(visual("אבג (דה)", true), "(הד) גבא");
    }
}
