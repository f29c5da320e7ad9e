//! Right-to-left text in reports: the Unicode Bidirectional Algorithm (UAX #9, the
//! `unicode-bidi` crate) splits each line into runs of one direction in visual order for
//! drawing; text extraction turns the glyphs, read from the left, back into the logical text.

use std::borrow::Cow;
use std::ops::Range;

use unicode_bidi::{
    bidi_class, get_base_direction, BidiClass, Direction, Level, ParagraphBidiInfo,
};

/// First Strong Isolate and Pop Directional Isolate (UAX #9, 2.4 and 2.5).
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// Whether `text`'s first strong character is right-to-left (rules P2–P3 of UAX #9): such a
/// paragraph is set flush right.
pub(crate) fn is_rtl(text: &str) -> bool {
    !text.is_ascii() && get_base_direction(text) == Direction::Rtl
}

/// `text` set apart from the English sentence it is put into (a category in "… — 3 of 5
/// done", a project in a page footer): between a first-strong isolate and its pop when it
/// holds right-to-left characters, so that the sentence keeps its own direction and word
/// order and the text its own, as HTML's `<bdi>` does. Unchanged otherwise. The controls are
/// not drawn.
pub(crate) fn isolate(text: &str) -> Cow<'_, str> {
    if text.is_ascii()
        || !text
            .chars()
            .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("{FSI}{text}{PDI}"))
}

/// Whether `c` is an invisible bidi control (marks, embeddings, overrides, isolates), which
/// steers the order of the text around it but is not drawn.
pub(crate) fn is_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The character drawn for `c` in a right-to-left run: its mirror image when it has one
/// (brackets, guillemets, less-than and the like, from Unicode's BidiMirroring.txt through
/// the `unicode-bidi-mirroring` crate), else `c`.
pub(crate) fn mirrored(c: char) -> char {
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
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

    #[test]
    fn an_isolated_name_keeps_an_english_sentence_in_its_order() {
        assert_eq!(isolate("Security"), "Security");
        let heading = format!("{} — 0 of 7 done", isolate("الوصول"));
        assert!(!is_rtl(&heading), "the sentence is English");
        // The name stays whole at the left, the sentence reads on after it.
        assert_eq!(
            visual(&heading, false)
                .chars()
                .filter(|c| !is_control(*c))
                .collect::<String>(),
            "لوصولا — 0 of 7 done"
        );
        // Without the isolate, the Arabic name would turn the sentence around.
        assert!(is_rtl("الوصول — 0 of 7 done"));
    }
}
