//! Complex scripts in reports: Arabic and Hebrew shaped by `rustybuzz` (a port of HarfBuzz)
//! into positioned glyphs, and every line cut into [`Piece`]s in visual order (see
//! [`super::bidi`]) that the layout draws from the left.
//!
//! Shaping gives Arabic its joining forms (initial, medial, final), the lam-alef ligature and
//! mark positions, and Hebrew its points. Each glyph keeps the logical text it stands for,
//! which printpdf writes as the font's ToUnicode entry, so text copied or extracted from the
//! PDF is the text as written. Other scripts keep one glyph per character, drawn as text:
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
    /// The advance a PDF viewer applies by itself: the font's own, as printpdf writes it in
    /// the font's `/W` array (rounded down to thousandths of an em).
    pub(crate) font_advance: f32,
    /// The text the glyph stands for: a letter, both letters of a ligature, or empty for a
    /// second glyph of one character. Like the glyphs, the letters of a right-to-left ligature
    /// are in visual order: extraction reads a line's glyphs from the left and reverses
    /// right-to-left runs, letters and all (poppler turns "لا" stored in logical order into
    /// "ال").
    pub(crate) text: String,
}

/// What a [`Piece`] draws.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ink {
    /// Characters drawn one glyph each, already in visual order.
    Text(String),
    /// Shaped glyphs in visual order.
    Glyphs(Vec<Glyph>),
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
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    let scale = 1.0 / face.units_per_em;
    let infos = shaped.glyph_infos();
    // Clusters are byte offsets of the text; each spans to the next larger one.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_of = |start: usize| {
        let end = starts
            .iter()
            .find(|&&s| s > start)
            .copied()
            .unwrap_or(text.len());
        text.get(start..end).unwrap_or_default()
    };
    let mut seen_in_cluster: Vec<(usize, usize)> = Vec::new();
    infos
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, position)| {
            let id = u16::try_from(info.glyph_id).unwrap_or(0);
            let start = info.cluster as usize;
            let cluster = cluster_of(start);
            let glyphs_in_cluster = infos.iter().filter(|i| i.cluster == info.cluster).count();
            let nth = match seen_in_cluster.iter_mut().find(|(s, _)| *s == start) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen_in_cluster.push((start, 0));
                    0
                }
            };
            let own_advance = face
                .shaper
                .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id))
                .unwrap_or(0);
            Glyph {
                id,
                advance: position.x_advance as f32 * scale,
                offset: (
                    position.x_offset as f32 * scale,
                    position.y_offset as f32 * scale,
                ),
                font_advance: (f32::from(own_advance) * 1000.0 * scale).trunc() / 1000.0,
                text: if rtl {
                    glyph_text(face, id, cluster, glyphs_in_cluster, nth)
                        .chars()
                        .rev()
                        .collect()
                } else {
                    glyph_text(face, id, cluster, glyphs_in_cluster, nth)
                },
            }
        })
        .collect()
}

/// The logical text of the `nth` of `count` glyphs drawn for `cluster`. A cluster of one
/// glyph stands for all its characters (a ligature); one glyph per character maps them in
/// turn, preferring the character whose own glyph it is (or whose mirror image, for a
/// bracket); any other split gives the whole text to the first glyph.
fn glyph_text(face: &Face, id: u16, cluster: &str, count: usize, nth: usize) -> String {
    let chars: Vec<char> = cluster.chars().collect();
    if count == 1 {
        return cluster.to_owned();
    }
    if count == chars.len() {
        let own = |c: char| face.parsed.lookup_glyph_index(c as u32) == Some(id);
        if let Some(&c) = chars.iter().find(|&&c| own(c)) {
            return c.to_string();
        }
        if let Some(&c) = chars.iter().find(|&&c| own(bidi::mirrored(c))) {
            return bidi::mirrored(c).to_string();
        }
        return chars.get(nth).map(char::to_string).unwrap_or_default();
    }
    if nth == 0 {
        cluster.to_owned()
    } else {
        String::new()
    }
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
                    Piece {
                        face: run.face,
                        width: glyphs.iter().map(|g| g.advance).sum(),
                        ink: Ink::Glyphs(glyphs),
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
                    Ink::Glyphs(g) => g
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
        let arabic = fonts()
            .fallbacks()
            .iter()
            .find(|f| f.id.0 == "F5")
            .expect("Noto Sans Arabic");
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
            .any(|g| g.advance == 0.0 && g.text == "\u{64e}"));
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
