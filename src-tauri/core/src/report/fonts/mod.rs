//! The embedded report typefaces (DejaVu Sans, regular and bold, with Noto Sans Arabic and
//! Noto Sans Hebrew in both weights, Droid Sans Fallback for Chinese and Japanese and a
//! Hangul subset of NanumGothic for Korean) and their text measurement.
//!
//! The TTF files and their licences live in `src-tauri/core/fonts/`. printpdf does no layout,
//! so the report measures every string here. Text in scripts that need no shaping is measured
//! with the font's own advance widths (`hmtx`), in the same one-glyph-per-character way
//! printpdf then draws it: no kerning, no ligatures. Arabic and Hebrew are shaped (see
//! [`super::shaping`]) and measured by the shaper's advances.
//!
//! DejaVu has no CJK glyphs, so text is split into runs ([`Fonts::runs`]): characters DejaVu
//! lacks are drawn with the first fallback face that has them, and Arabic and Hebrew letters
//! with the Noto face of their script even though DejaVu has isolated forms of them. The
//! fallbacks are 5.9 MB, so they are kept compressed in the binary ([`embedded`]), unpacked
//! and parsed only when a report first needs one, and embedded (subset to the glyphs used)
//! only in PDFs that use them.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont};

mod embedded;

use super::{bidi, shaping};
use crate::error::{CoreError, Result};
use embedded::{unpacked, BOLD_TTF, FALLBACKS, REGULAR_TTF};

/// Advance widths are cached for code points below this bound (Latin, Greek, Cyrillic, and the
/// general punctuation block with en dashes and bullets); others are looked up in the font.
const CACHED_CODE_POINTS: usize = 0x2200;

/// The two weights a report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// Body text.
    Regular,
    /// Headings, table headers, emphasis.
    Bold,
}

/// One parsed face with its widths in font units.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    /// The same font for the shaper (rustybuzz reads the tables in place).
    pub(crate) shaper: rustybuzz::Face<'static>,
    /// Resource name inside the PDF; fixed so that output bytes never depend on a random id.
    pub(crate) id: FontId,
    /// The one weight the face draws, or `None` for a face that draws both (the CJK and
    /// Hangul faces, which have no bold and are drawn bold by stroking; see
    /// [`Face::fakes_bold`]).
    weight: Option<Weight>,
    pub(crate) units_per_em: f32,
    /// Advance widths of the code points below [`CACHED_CODE_POINTS`]; `None` where the face
    /// has no glyph, so that coverage checks of common text need no `cmap` lookup either.
    widths: Vec<Option<u16>>,
    missing_width: u16,
}

impl Face {
    fn parse(bytes: &'static [u8], id: &str, weight: Option<Weight>) -> Result<Face> {
        let broken = || CoreError::Report {
            message: format!("the embedded font {id} cannot be parsed"),
        };
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(broken)?;
        let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or_else(broken)?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        let advance = |c: u32| {
            parsed
                .lookup_glyph_index(c)
                .map(|gid| parsed.get_horizontal_advance(gid))
        };
        let missing_width = parsed.get_horizontal_advance(0);
        let widths = (0..CACHED_CODE_POINTS)
            .map(|c| u32::try_from(c).ok().and_then(advance))
            .collect();
        Ok(Face {
            id: FontId(id.to_owned()),
            shaper,
            weight,
            units_per_em,
            widths,
            missing_width,
            parsed,
        })
    }

    /// Width of `c` at 1 pt, in points.
    fn advance(&self, c: char) -> f32 {
        let units = match self.widths.get(c as usize) {
            Some(cached) => cached.unwrap_or(self.missing_width),
            None => self
                .parsed
                .lookup_glyph_index(c as u32)
                .map_or(self.missing_width, |gid| {
                    self.parsed.get_horizontal_advance(gid)
                }),
        };
        f32::from(units) / self.units_per_em
    }

    /// Whether the font has a glyph for `c` (others print as an empty box).
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        match self.widths.get(c as usize) {
            Some(cached) => cached.is_some(),
            None => self.parsed.lookup_glyph_index(c as u32).is_some(),
        }
    }

    /// Width of `text` at 1 pt drawn with this face alone, one glyph per character, in points.
    pub(crate) fn width(&self, text: &str) -> f32 {
        text.chars().map(|c| self.advance(c)).sum()
    }

    /// Whether bold text in this face is drawn by filling and stroking (the face has no bold
    /// of its own).
    pub(crate) fn fakes_bold(&self, weight: Weight) -> bool {
        weight == Weight::Bold && self.weight.is_none()
    }

    /// Whether the face can draw text of `weight`.
    fn draws(&self, weight: Weight) -> bool {
        self.weight.is_none_or(|own| own == weight)
    }
}

/// Both weights of the report typeface, and the fallback faces for other scripts.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
    /// The faces of [`FALLBACKS`], each parsed on first use; one that cannot be parsed is
    /// left out (its text then prints as U+FFFD, as without fallbacks).
    fallbacks: [OnceLock<Option<Face>>; FALLBACKS.len()],
}

/// A piece of one line drawn with one face.
pub(crate) struct Run<'f> {
    pub(crate) face: &'f Face,
    pub(crate) text: String,
}

impl Fonts {
    /// The fonts, parsed once per process (parsing costs a few tens of milliseconds).
    ///
    /// # Errors
    /// [`CoreError::Report`] if an embedded font cannot be parsed (a broken build).
    pub(crate) fn get() -> Result<&'static Fonts> {
        static FONTS: OnceLock<std::result::Result<Fonts, String>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                // The two faces are parsed side by side: each takes a few milliseconds, and
                // the command line pays for them on every export.
                let (regular, bold) = std::thread::scope(|scope| {
                    let bold = scope.spawn(|| Face::parse(BOLD_TTF, "F2", Some(Weight::Bold)));
                    let regular = Face::parse(REGULAR_TTF, "F1", Some(Weight::Regular));
                    (regular, bold.join())
                });
                let bold = bold.map_err(|_| "the bold face's parser panicked".to_owned())?;
                Ok(Fonts {
                    regular: regular.map_err(|e| e.to_string())?,
                    bold: bold.map_err(|e| e.to_string())?,
                    fallbacks: Default::default(),
                })
            })
            .as_ref()
            .map_err(|message| CoreError::Report {
                message: message.clone(),
            })
    }

    /// The face of `weight`.
    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The fallback face at `index` of [`FALLBACKS`], parsed on first use (Noto Sans Arabic
    /// takes about 4 ms), or `None` if it cannot be parsed.
    fn fallback_at(&self, index: usize) -> Option<&Face> {
        let (compressed, id, weight) = *FALLBACKS.get(index)?;
        self.fallbacks
            .get(index)?
            .get_or_init(|| Face::parse(unpacked(compressed)?, id, weight).ok())
            .as_ref()
    }

    /// The fallback face with the PDF resource id `id` (`F3` to `F8`).
    pub(crate) fn fallback_by_id(&self, id: &str) -> Option<&Face> {
        let index = FALLBACKS.iter().position(|(_, own, _)| *own == id)?;
        self.fallback_at(index)
    }

    /// The first fallback face of `weight` that has a glyph for `c`, looking only among the
    /// faces of `c`'s script (so that Latin text with one emoji parses no Arabic face):
    /// Hebrew, Arabic (and the other complex scripts), or CJK then Hangul.
    fn fallback(&self, weight: Weight, c: char) -> Option<&Face> {
        let hebrew = matches!(c, '\u{0590}'..='\u{05FF}' | '\u{FB1D}'..='\u{FB4F}');
        let candidates = if hebrew {
            2..4
        } else if shaping::is_complex(c) {
            0..2
        } else {
            4..6
        };
        candidates
            .filter_map(|i| self.fallback_at(i))
            .find(|f| f.draws(weight) && f.has_glyph(c))
    }

    /// Whether `face` is one of the fallback faces (so a PDF using it must embed it).
    pub(crate) fn is_fallback(&self, face: &Face) -> bool {
        !std::ptr::eq(face, &self.regular) && !std::ptr::eq(face, &self.bold)
    }

    /// The face that draws `c` in `weight`, and the character it draws: the script's own face
    /// for Arabic and Hebrew, else the weight's own face when it has the glyph, else the first
    /// fallback face that has it, else the weight's face with a stand-in. Stand-ins keep a missing glyph from printing as an empty box and
    /// vanishing from the text layer: common emoji markers become their plain-symbol
    /// equivalents, anything else becomes U+FFFD so the loss is visible. `None` for the
    /// invisible emoji variation selector and joiner and for bidi controls, which are dropped.
    fn glyph(&self, weight: Weight, c: char) -> Option<(&Face, char)> {
        if matches!(c, '\u{fe0f}' | '\u{200d}') || bidi::is_control(c) {
            return None;
        }
        let face = self.face(weight);
        if c.is_ascii() {
            return Some((face, c));
        }
        if shaping::is_complex(c) {
            if let Some(script_face) = self.fallback(weight, c) {
                return Some((script_face, c));
            }
        }
        if face.has_glyph(c) {
            return Some((face, c));
        }
        if let Some(fallback) = self.fallback(weight, c) {
            return Some((fallback, c));
        }
        let stand_in = match c {
            '✅' | '✔' => '✓',
            '❌' | '✖' => '✗',
            '🟢' | '🟡' | '🔴' | '🟠' | '⚫' => '●',
            '⚠' => '!',
            _ => '\u{fffd}',
        };
        Some((face, stand_in))
    }

    /// Splits `text` into runs that each draw with one face (see [`Fonts::glyph`]). Text the
    /// weight's face covers, which is nearly all text, is one run without a copy per character.
    pub(crate) fn runs(&self, weight: Weight, text: &str) -> Vec<Run<'_>> {
        let face = self.face(weight);
        if text.chars().all(|c| {
            c.is_ascii() || (face.has_glyph(c) && !shaping::is_complex(c) && !bidi::is_control(c))
        }) {
            return vec![Run {
                face,
                text: text.to_owned(),
            }];
        }
        let mut runs: Vec<Run<'_>> = Vec::new();
        for (face, c) in text.chars().filter_map(|c| self.glyph(weight, c)) {
            match runs.last_mut() {
                Some(run) if std::ptr::eq(run.face, face) => run.text.push(c),
                _ => runs.push(Run {
                    face,
                    text: c.to_string(),
                }),
            }
        }
        runs
    }

    /// Width of `text` in points at `size` points, as [`Fonts::runs`] draws it: runs in a
    /// complex script by their shaped advances, others a glyph per character.
    pub(crate) fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let face = self.face(weight);
        if !text.is_ascii() && text.chars().any(shaping::is_complex) {
            return self
                .runs(weight, text)
                .iter()
                .map(|run| shaping::run_width(run.face, &run.text))
                .sum::<f32>()
                * size;
        }
        text.chars()
            .map(|c| {
                if c.is_ascii() || (face.has_glyph(c) && !bidi::is_control(c)) {
                    face.advance(c)
                } else {
                    self.glyph(weight, c)
                        .map_or(0.0, |(drawn_by, drawn)| drawn_by.advance(drawn))
                }
            })
            .sum::<f32>()
            * size
    }

    /// Breaks `text` into lines no wider than `width` points at `size` points (see
    /// [`super::layout::Layout::wrap`]): at the break opportunities of the Unicode Line
    /// Breaking Algorithm (UAX #14, the `unicode-linebreak` crate) — after spaces, between CJK
    /// ideographs but never before closing punctuation, and after `/` and `-` in links and
    /// paths. One tailoring: a word joined by hyphens or slashes ("e-mail", "RTO/RPO") is kept
    /// whole unless it alone is wider than the line, as before, so copied text does not come
    /// out as "e- mail"; a longer one (a link, a path) breaks after its slashes and hyphens. A
    /// piece wider than the line is cut where the line is full. Line breaks in the text are kept; runs of
    /// white space collapse to one space.
    pub(crate) fn wrap(&self, text: &str, weight: Weight, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.trim_end().split('\n') {
            let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut filler = LineFiller::new(self, weight, size, width);
            // Pieces ending in a hyphen join the next into one compound.
            let mut compound: Vec<&str> = Vec::new();
            let mut from = 0;
            for (at, _) in unicode_linebreak::linebreaks(&paragraph) {
                let piece = &paragraph[from..at];
                from = at;
                compound.push(piece);
                if (piece.ends_with('-') || piece.ends_with('/')) && at < paragraph.len() {
                    continue;
                }
                let whole: String = compound.concat();
                if compound.len() == 1 || filler.measure(whole.trim_end()) <= width {
                    filler.place(&whole, &mut lines);
                } else {
                    for part in &compound {
                        filler.place(part, &mut lines);
                    }
                }
                compound.clear();
            }
            lines.push(filler.line.trim_end().to_owned());
        }
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }
}

/// One paragraph being filled line by line (see [`Fonts::wrap`]).
struct LineFiller<'a> {
    fonts: &'a Fonts,
    weight: Weight,
    size: f32,
    width: f32,
    space: f32,
    line: String,
    /// The line's width without its trailing spaces, which never count at a line end.
    ink: f32,
    /// The width of the line's trailing spaces.
    trailing: f32,
}

impl<'a> LineFiller<'a> {
    fn new(fonts: &'a Fonts, weight: Weight, size: f32, width: f32) -> LineFiller<'a> {
        LineFiller {
            fonts,
            weight,
            size,
            width,
            space: fonts.width(" ", weight, size),
            line: String::new(),
            ink: 0.0,
            trailing: 0.0,
        }
    }

    fn measure(&self, text: &str) -> f32 {
        self.fonts.width(text, self.weight, self.size)
    }

    /// Adds `piece` (text up to a break opportunity, with its trailing spaces) to the line,
    /// or ends the line (into `lines`) and starts the next with it; a piece wider than a whole
    /// line is cut where the line is full.
    fn place(&mut self, piece: &str, lines: &mut Vec<String>) {
        let ink = piece.trim_end_matches(' ');
        let ink_width = self.measure(ink);
        let piece_trailing = (piece.len() - ink.len()) as f32 * self.space;
        if self.ink + self.trailing + ink_width <= self.width {
            self.ink += self.trailing + ink_width;
        } else if ink_width <= self.width {
            lines.push(std::mem::take(&mut self.line).trim_end().to_owned());
            self.ink = ink_width;
        } else {
            self.ink += self.trailing;
            for c in ink.chars() {
                let mut buf = [0u8; 4];
                let w = self.measure(c.encode_utf8(&mut buf));
                if self.ink + w > self.width && !self.line.trim().is_empty() {
                    lines.push(std::mem::take(&mut self.line).trim_end().to_owned());
                    self.ink = 0.0;
                }
                self.line.push(c);
                self.ink += w;
            }
            self.line.push_str(&piece[ink.len()..]);
            self.trailing = piece_trailing;
            return;
        }
        self.line.push_str(piece);
        self.trailing = piece_trailing;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_metrics() {
        let fonts = Fonts::get().expect("fonts");
        let w = fonts.width("W", Weight::Regular, 10.0);
        let i = fonts.width("i", Weight::Regular, 10.0);
        assert!(w > 2.0 * i, "W {w} should be much wider than i {i}");
        assert!(fonts.width("Mm", Weight::Bold, 10.0) > fonts.width("Mm", Weight::Regular, 10.0));
        let doubled = fonts.width("Zoë Łukasiewicz", Weight::Regular, 20.0);
        let single = fonts.width("Zoë Łukasiewicz", Weight::Regular, 10.0);
        assert!((doubled - 2.0 * single).abs() < 0.001);
    }

    #[test]
    fn missing_glyphs_become_visible_stand_ins_instead_of_vanishing() {
        let fonts = Fonts::get().expect("fonts");
        let printed = |weight, text| -> Vec<(String, String)> {
            fonts
                .runs(weight, text)
                .into_iter()
                .map(|r| (r.face.id.0.clone(), r.text))
                .collect()
        };
        let run = |id: &str, text: &str| (id.to_owned(), text.to_owned());
        assert_eq!(
            printed(Weight::Regular, "plain – Zoë"),
            [run("F1", "plain – Zoë")]
        );
        assert_eq!(
            printed(Weight::Bold, "✅ done 🟢 ok ⚠\u{fe0f} \u{1F680}"),
            [run("F2", "✓ done ● ok ⚠ \u{fffd}")]
        );
    }

    #[test]
    fn cjk_text_is_drawn_with_the_fallback_face_in_runs() {
        let fonts = Fonts::get().expect("fonts");
        let runs: Vec<_> = fonts
            .runs(Weight::Bold, "Owner: 田中 (東京), 김민준 – ok")
            .into_iter()
            .map(|r| (r.face.id.0.clone(), r.text))
            .collect();
        let run = |id: &str, text: &str| (id.to_owned(), text.to_owned());
        assert_eq!(
            runs,
            [
                run("F2", "Owner: "),
                run("F3", "田中"),
                run("F2", " ("),
                run("F3", "東京"),
                run("F2", "), "),
                run("F4", "김민준"),
                run("F2", " – ok"),
            ]
        );
        // Ideographs are a full em wide; the width adds up the faces that draw each run.
        let one = fonts.width("中", Weight::Regular, 10.0);
        assert!((one - 10.0).abs() < 0.5, "{one}");
        let mixed = fonts.width("ab中", Weight::Regular, 10.0);
        assert!((mixed - fonts.width("ab", Weight::Regular, 10.0) - one).abs() < 0.001);
    }

    #[test]
    fn the_typeface_covers_the_names_users_write() {
        let fonts = Fonts::get().expect("fonts");
        for c in "Zoë Łukasiewicz São Paulo – Zürich Søren • ✓ “quotes” Ωмир".chars()
        {
            assert!(fonts.regular.has_glyph(c), "regular lacks {c:?}");
            assert!(fonts.bold.has_glyph(c), "bold lacks {c:?}");
        }
    }
}
