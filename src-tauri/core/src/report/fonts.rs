//! The embedded report typeface (DejaVu Sans, regular and bold) and its text measurement.
//!
//! The TTF files and their licence live in `src-tauri/core/fonts/`. printpdf does no layout, so
//! the report measures every string here with the font's own advance widths (`hmtx`), in the
//! same one-glyph-per-character way printpdf then draws it: no kerning, no ligatures.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont};

use crate::error::{CoreError, Result};

const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

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
    /// Resource name inside the PDF; fixed so that output bytes never depend on a random id.
    pub(crate) id: FontId,
    units_per_em: f32,
    widths: Vec<u16>,
    missing_width: u16,
}

impl Face {
    fn parse(bytes: &[u8], id: &str) -> Result<Face> {
        let mut warnings = Vec::new();
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| CoreError::Report {
                message: format!("the embedded font {id} cannot be parsed"),
            })?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        let advance = |c: u32| {
            parsed
                .lookup_glyph_index(c)
                .map(|gid| parsed.get_horizontal_advance(gid))
        };
        let missing_width = parsed.get_horizontal_advance(0);
        let widths = (0..CACHED_CODE_POINTS)
            .map(|c| {
                u32::try_from(c)
                    .ok()
                    .and_then(advance)
                    .unwrap_or(missing_width)
            })
            .collect();
        Ok(Face {
            id: FontId(id.to_owned()),
            units_per_em,
            widths,
            missing_width,
            parsed,
        })
    }

    /// Width of `c` at 1 pt, in points.
    fn advance(&self, c: char) -> f32 {
        let units = self.widths.get(c as usize).copied().unwrap_or_else(|| {
            self.parsed
                .lookup_glyph_index(c as u32)
                .map_or(self.missing_width, |gid| {
                    self.parsed.get_horizontal_advance(gid)
                })
        });
        f32::from(units) / self.units_per_em
    }

    /// Whether the font has a glyph for `c` (others print as an empty box).
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(c as u32).is_some()
    }
}

/// Both weights of the report typeface.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
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
                Ok(Fonts {
                    regular: Face::parse(REGULAR_TTF, "F1").map_err(|e| e.to_string())?,
                    bold: Face::parse(BOLD_TTF, "F2").map_err(|e| e.to_string())?,
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

    /// Replaces characters the typeface has no glyph for, which would otherwise print as empty
    /// boxes and vanish from the text layer: common emoji markers become their plain-symbol
    /// equivalents, anything else becomes U+FFFD so the loss is visible.
    pub(crate) fn printable(&self, weight: Weight, text: &str) -> String {
        let face = self.face(weight);
        if text.chars().all(|c| c.is_ascii() || face.has_glyph(c)) {
            return text.to_owned();
        }
        text.chars()
            .filter(|c| !matches!(c, '\u{fe0f}' | '\u{200d}'))
            .map(|c| {
                if c.is_ascii() || face.has_glyph(c) {
                    c
                } else {
                    match c {
                        '✅' | '✔' => '✓',
                        '❌' | '✖' => '✗',
                        '🟢' | '🟡' | '🔴' | '🟠' | '⚫' => '●',
                        '⚠' => '!',
                        _ => '\u{fffd}',
                    }
                }
            })
            .collect()
    }

    /// Width of `text` in points at `size` points.
    pub(crate) fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let face = self.face(weight);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size
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
        assert_eq!(
            fonts.printable(Weight::Regular, "plain – Zoë"),
            "plain – Zoë"
        );
        assert_eq!(
            fonts.printable(Weight::Regular, "✅ done 🟢 ok ⚠\u{fe0f} 中"),
            "✓ done ● ok ⚠ \u{fffd}"
        );
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
