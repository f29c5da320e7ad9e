//! Complex scripts in reports: Arabic and Hebrew shaped by `rustybuzz` (a port of HarfBuzz)
//! into positioned glyphs, and every line cut into [`Piece`]s in visual order (see
//! [`super::bidi`]) that the layout draws from the left.
//!
//! Shaping gives Arabic its joining forms (initial, medial, final), the lam-alef ligature and
//! mark positions, and Hebrew its points. Each glyph keeps the text it stands for, which
//! printpdf writes as the font's ToUnicode entry, and a piece with marks is one `/ActualText`
//! span, so text copied or extracted from the PDF is the text as written. Other scripts keep one glyph per character, drawn as text:
//! Latin, Greek, Cyrillic and CJK need no shaping here, and their output is unchanged.

use rustybuzz::{Direction, UnicodeBuffer};

use super::bidi;
use super::fonts::{Face, Fonts, Run, Weight};

/// Whether `c` belongs to a script the report shapes: the Hebrew, Arabic, Syriac, Thaana, NKo,
/// Samaritan and Mandaic blocks, and the Hebrew and Arabic presentation forms. Only Arabic
/// and Hebrew have an embedded face; the others print as U+FFFD as before.
pub(crate) fn is_complex(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// One glyph placed by the shaper. Lengths are at a size of 1 pt, in points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// The glyph id in its face.
    pub(crate) id: u16,
    /// How far the pen moves after the glyph.
    pub(crate) advance: f32,
    /// How far the glyph sits from the pen, right and up (a mark above its letter).
    pub(crate) offset: (f32, f32),
    /// The text the glyph stands for: a letter, both letters of a ligature, or empty for a
    /// second glyph of one character. Like the glyphs, the letters of a right-to-left ligature
    /// are in visual order: extraction reads a line's glyphs from the left and reverses
    /// right-to-left runs, letters and all (poppler turns "لا" stored in logical order into
    /// "ال").
    pub(crate) text: String,
    /// Whether the glyph is a mark placed on a letter (a vowel sign, a shadda, a Hebrew point):
    /// it has no advance of its own once positioned, as HarfBuzz zeroes marks' advances.
    pub(crate) mark: bool,
}

/// What a [`Piece`] draws.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ink {
    /// Characters drawn one glyph each, already in visual order.
    Text(String),
    /// Shaped glyphs in visual order, and the text they draw in the same order (a
    /// right-to-left run's characters from the last).
    Glyphs { glyphs: Vec<Glyph>, text: String },
}

/// A piece of a line drawn with one face.
pub(crate) struct Piece<'f> {
    pub(crate) face: &'f Face,
    pub(crate) ink: Ink,
    /// Its width at 1 pt, points.
    pub(crate) width: f32,
}

/// Shapes `text`, drawn with `face` alone, right to left when `rtl`. The glyphs come in visual
/// order, from the left.
pub(crate) fn shape(face: &Face, text: &str, rtl: bool) -> Vec<Glyph> {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    // A cluster per character (HarfBuzz's cluster level 2): a mark keeps its own cluster
    // rather than joining its letter's, so each glyph maps to its own characters.
    buffer.set_cluster_level(rustybuzz::BufferClusterLevel::Characters);
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    let scale = 1.0 / face.units_per_em;
    let gdef = face.shaper.tables().gdef;
    let mut glyphs: Vec<Glyph> = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, position)| {
            let id = u16::try_from(info.glyph_id).unwrap_or(0);
            let glyph_id = rustybuzz::ttf_parser::GlyphId(id);
            let mark_class = gdef.and_then(|g| g.glyph_class(glyph_id))
                == Some(rustybuzz::ttf_parser::gdef::GlyphClass::Mark);
            Glyph {
                id,
                advance: position.x_advance as f32 * scale,
                offset: (
                    position.x_offset as f32 * scale,
                    position.y_offset as f32 * scale,
                ),
                text: String::new(),
                mark: position.x_advance == 0 && mark_class,
            }
        })
        .collect();
    let clusters: Vec<usize> = shaped
        .glyph_infos()
        .iter()
        .map(|i| i.cluster as usize)
        .collect();
    assign_text(face, text, &clusters, &mut glyphs);
    if rtl {
        for glyph in &mut glyphs {
            glyph.text = glyph.text.chars().rev().collect();
        }
    }
    glyphs
}

/// Gives each glyph the characters it stands for, from the shaper's clusters (byte offsets
/// of `text`, one per glyph; a cluster spans to the next larger one). Every glyph id must
/// stand for the same text wherever it is drawn, as the font's ToUnicode map has one entry
/// per glyph. In each cluster, mark glyphs take the mark characters in turn (the last takes
/// any left over: two marks drawn as one glyph, which the shaper may put in the cluster of
/// the second) and the letter glyphs the others: one glyph takes
/// them all (a ligature), or one glyph per character pairs them, preferring the character
/// whose own glyph it is (or whose mirror image, for a bracket). Characters of a cluster that
/// has only marks (the alef of a lam-alef ligature with a vowel sign between its letters) go
/// to the letter glyph before it, so every character is on some glyph.
fn assign_text(face: &Face, text: &str, clusters: &[usize], glyphs: &mut [Glyph]) {
    let mut starts = clusters.to_vec();
    starts.sort_unstable();
    starts.dedup();
    let own = |id: u16, c: char| face.parsed.lookup_glyph_index(c as u32) == Some(id);
    let is_mark_glyph: Vec<bool> = glyphs.iter().map(|g| g.mark).collect();
    let members = |start: usize| -> Vec<usize> {
        (0..clusters.len())
            .filter(|&g| clusters[g] == start)
            .collect()
    };
    let mut last_letter: Option<usize> = None;
    // Marks of a letter that the shaper drew as one glyph with a later mark (shadda with
    // kasra) and put in that mark's cluster.
    let mut pending_marks: Vec<char> = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let chars = text.get(start..end).unwrap_or_default();
        let (marks, letters): (Vec<usize>, Vec<usize>) =
            members(start).into_iter().partition(|&g| is_mark_glyph[g]);
        let mut mark_chars = std::mem::take(&mut pending_marks);
        mark_chars.extend(chars.chars().filter(|&c| is_mark(c)));
        let next_is_marks = starts.get(k + 1).is_some_and(|&next| {
            let next = members(next);
            !next.is_empty() && next.iter().all(|&g| is_mark_glyph[g])
        });
        if marks.is_empty() && next_is_marks {
            pending_marks = std::mem::take(&mut mark_chars);
        }
        for (n, &g) in marks.iter().enumerate() {
            glyphs[g].text = mark_chars.get(n).map(char::to_string).unwrap_or_default();
        }
        // Marks drawn as one glyph all go to the last mark glyph; marks without a mark glyph
        // were drawn into a letter's and stay with the letters.
        let rest: Vec<char> = match marks.last() {
            Some(&last) => {
                glyphs[last]
                    .text
                    .extend(mark_chars.iter().skip(marks.len()));
                chars.chars().filter(|&c| !is_mark(c)).collect()
            }
            None => chars
                .chars()
                .filter(|&c| !is_mark(c))
                .chain(mark_chars)
                .collect(),
        };
        if letters.len() > 1 && letters.len() == rest.len() {
            let mut free = rest.clone();
            for (n, &g) in letters.iter().enumerate() {
                let id = glyphs[g].id;
                let pick = free
                    .iter()
                    .position(|&c| own(id, c))
                    .or_else(|| free.iter().position(|&c| own(id, bidi::mirrored(c))))
                    .unwrap_or(n.min(free.len().saturating_sub(1)));
                if pick < free.len() {
                    glyphs[g].text = free.remove(pick).to_string();
                }
            }
            for c in free {
                glyphs[letters[0]].text.push(c);
            }
        } else if let Some(&first) = letters.first().or(last_letter.as_ref()) {
            glyphs[first].text.extend(rest);
        }
        if let Some(&first) = letters.first() {
            last_letter = Some(first);
        }
    }
}

/// Whether `c` is a combining mark of the shaped scripts: Hebrew points and cantillation,
/// Arabic harakat, Quranic marks and the superscript alef.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}' | '\u{FB1E}' | '\u{FE20}'..='\u{FE2F}')
}

/// Runs drawn as they are, one glyph per character.
fn plain(runs: Vec<Run<'_>>) -> Vec<Piece<'_>> {
    runs.into_iter()
        .map(|run| Piece {
            face: run.face,
            width: run.face.width(&run.text),
            ink: Ink::Text(run.text),
        })
        .collect()
}

/// Width at 1 pt of one run of [`Fonts::runs`], in points: shaped when it holds a complex
/// script, else a glyph per character.
pub(crate) fn run_width(face: &Face, text: &str) -> f32 {
    if text.chars().any(is_complex) {
        shape(face, text, bidi::is_rtl(text))
            .iter()
            .map(|g| g.advance)
            .sum()
    } else {
        face.width(text)
    }
}

impl Fonts {
    /// One line of `text` as pieces in visual order, left to right, for a paragraph whose base
    /// direction is right-to-left when `rtl`: the line's runs of one direction (UAX #9), each
    /// split into [`Fonts::runs`] of one face. Runs in a complex script are shaped; other
    /// right-to-left runs are drawn from their last character, brackets mirrored.
    pub(crate) fn line(&self, weight: Weight, text: &str, rtl: bool) -> Vec<Piece<'_>> {
        match bidi::visual_runs(text, rtl) {
            None if text.is_ascii() || !text.chars().any(is_complex) => {
                plain(self.runs(weight, text))
            }
            None => self.pieces(weight, text, false),
            Some(directions) => directions
                .into_iter()
                .flat_map(|(range, rtl)| self.pieces(weight, &text[range], rtl))
                .collect(),
        }
    }

    /// The pieces of one run of a single direction, in visual order.
    fn pieces(&self, weight: Weight, text: &str, rtl: bool) -> Vec<Piece<'_>> {
        let mut runs = self.runs(weight, text);
        if rtl {
            runs.reverse();
        }
        runs.into_iter()
            .map(|run| {
                if run.text.chars().any(is_complex) {
                    let glyphs = shape(run.face, &run.text, rtl);
                    let text = if rtl {
                        run.text.chars().rev().collect()
                    } else {
                        run.text
                    };
                    Piece {
                        face: run.face,
                        width: glyphs.iter().map(|g| g.advance).sum(),
                        ink: Ink::Glyphs { glyphs, text },
                    }
                } else {
                    let text = if rtl {
                        bidi::reversed(&run.text)
                    } else {
                        run.text
                    };
                    Piece {
                        face: run.face,
                        width: run.face.width(&text),
                        ink: Ink::Text(text),
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::get().expect("fonts")
    }

    /// The faces' resource ids and the logical text of every piece, from the left.
    fn drawn(text: &str, rtl: bool) -> Vec<(String, String)> {
        fonts()
            .line(Weight::Regular, text, rtl)
            .into_iter()
            .map(|p| {
                let ink = match p.ink {
                    Ink::Text(t) => t,
                    Ink::Glyphs { glyphs, .. } => glyphs
                        .iter()
                        .map(|g| g.text.as_str())
                        .collect::<Vec<_>>()
                        .join("|"),
                };
                (p.face.id.0.clone(), ink)
            })
            .collect()
    }

    #[test]
    fn latin_lines_are_one_piece_of_text_as_before() {
        let pieces = fonts().line(Weight::Regular, "Zoë – ready (v2)", false);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].ink, Ink::Text("Zoë – ready (v2)".to_owned()));
        let width = fonts().width("Zoë – ready (v2)", Weight::Regular, 1.0);
        assert!((pieces[0].width - width).abs() < 1e-6);
    }

    #[test]
    fn arabic_letters_join_and_lam_alef_is_one_ligature_glyph() {
        let arabic = fonts().fallback_by_id("F5").expect("Noto Sans Arabic");
        // "بيت" (house): initial, medial and final forms, none of them the isolated letter.
        let glyphs = shape(arabic, "بيت", true);
        assert_eq!(glyphs.len(), 3);
        // Visual order: the last letter, teh, is drawn first, at the left.
        let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["ت", "ي", "ب"]);
        for (glyph, letter) in glyphs.iter().zip(['ت', 'ي', 'ب']) {
            let isolated = arabic.parsed.lookup_glyph_index(letter as u32);
            assert_ne!(Some(glyph.id), isolated, "{letter} is joined");
        }
        // "لا" (no) is a single glyph that stands for both letters, in visual order.
        let ligature = shape(arabic, "لا", true);
        assert_eq!(ligature.len(), 1);
        assert_eq!(ligature[0].text, "ال");
        // Marks sit on their letter: the fatha over beh has no advance of its own.
        let marked = shape(arabic, "بَ", true);
        assert_eq!(marked.len(), 2);
        assert!(marked
            .iter()
            .any(|g| g.mark && g.advance == 0.0 && g.text == "\u{64e}"));
        // A vowel sign between lam and alef: the ligature takes both letters, the mark its own.
        let texts: Vec<(String, bool)> = shape(arabic, "طويلًا", true)
            .into_iter()
            .map(|g| (g.text, g.mark))
            .collect();
        assert_eq!(texts[0], ("\u{64b}".to_owned(), true));
        assert_eq!(texts[1], ("ال".to_owned(), false));
    }

    #[test]
    fn every_glyph_stands_for_one_text_wherever_it_is_drawn() {
        // The font's ToUnicode map has one entry per glyph, so a glyph given another text in
        // one word would change the text of every other word it is drawn in. Shadda with
        // kasra, drawn as one glyph, was such a case: the kasra went to the letter before.
        let checklists = [
            include_str!("../../tests/fixtures/markdown/api-security-ar.md"),
            include_str!("../../tests/fixtures/markdown/go-live-he.md"),
            "غطِّ فقط مؤقتًا طويلًا لا بَ",
        ];
        for weight in [Weight::Regular, Weight::Bold] {
            let mut seen: std::collections::HashMap<(String, u16), String> =
                std::collections::HashMap::new();
            for line in checklists.iter().flat_map(|c| c.lines()) {
                for piece in fonts().line(weight, line, true) {
                    let Ink::Glyphs { glyphs, text } = piece.ink else {
                        continue;
                    };
                    let drawn: String = glyphs.iter().map(|g| g.text.as_str()).collect();
                    assert_eq!(
                        drawn.chars().filter(|c| !is_mark(*c)).collect::<String>(),
                        text.chars().filter(|c| !is_mark(*c)).collect::<String>(),
                        "every letter of {line:?} is on a glyph"
                    );
                    for glyph in glyphs {
                        let key = (piece.face.id.0.clone(), glyph.id);
                        let earlier = seen.entry(key).or_insert_with(|| glyph.text.clone());
                        assert_eq!(*earlier, glyph.text, "glyph {} in {line:?}", glyph.id);
                    }
                }
            }
        }
    }

    #[test]
    fn a_line_is_cut_into_pieces_in_visual_order_with_the_script_faces() {
        let piece = |id: &str, ink: &str| (id.to_owned(), ink.to_owned());
        // Arabic with a product name inside ("deploy API now"): the Latin run stays left to
        // right, in the middle; lam with alef-madda is one ligature glyph.
        assert_eq!(
            drawn("نشر API الآن", true),
            [
                piece("F5", "ن|آل|ا"),
                piece("F1", " "),
                piece("F1", "API"),
                piece("F1", " "),
                piece("F5", "ر|ش|ن"),
            ]
        );
        // Hebrew in a left-to-right paragraph, with its brackets mirrored.
        assert_eq!(
            drawn("Owner: דנה (צוות)", false),
            [
                piece("F1", "Owner: "),
                piece("F1", "("),
                piece("F7", "ת|ו|ו|צ"),
                piece("F1", ") "),
                piece("F7", "ה|נ|ד"),
            ]
        );
    }

    #[test]
    fn measured_width_is_the_drawn_width() {
        for text in ["مراجعة الأمان", "בדיקת API גרסה 2", "لا إله"] {
            let drawn: f32 = fonts()
                .line(Weight::Bold, text, true)
                .iter()
                .map(|p| p.width)
                .sum();
            let measured = fonts().width(text, Weight::Bold, 1.0);
            assert!(
                (drawn - measured).abs() < 1e-3,
                "{text}: {drawn} vs {measured}"
            );
        }
    }
}
