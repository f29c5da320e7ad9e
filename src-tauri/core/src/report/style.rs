//! How report content looks: colours, the palette, text styles and page orientation.

use printpdf::{Color, Rgb};

use super::fonts::Weight;

/// A colour from 8-bit sRGB components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    /// The colour as printpdf takes it.
    pub(crate) fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }
}

/// The palette: dark ink on white, one accent, and the score and RAG colours.
pub(crate) mod palette {
    use super::Colour;
    /// Body text.
    pub const INK: Colour = Colour(0x1f, 0x24, 0x33);
    /// Secondary text: hints, captions, footers.
    pub const MUTED: Colour = Colour(0x5d, 0x66, 0x78);
    /// Hairlines and grid.
    pub const RULE: Colour = Colour(0xd5, 0xda, 0xe3);
    /// Zebra stripes and boxes.
    pub const TINT: Colour = Colour(0xf3, 0xf5, 0xf9);
    /// Table headers and the cover band.
    pub const HEADER: Colour = Colour(0x23, 0x30, 0x4d);
    /// The accent (current scores, links to the North Star).
    pub const ACCENT: Colour = Colour(0x2f, 0x6f, 0xde);
    /// A light wash of the accent.
    pub const ACCENT_WASH: Colour = Colour(0xd9, 0xe6, 0xfb);
    /// Targets on charts.
    pub const TARGET: Colour = Colour(0xd9, 0x77, 0x06);
    /// Ready / done.
    pub const GREEN: Colour = Colour(0x1e, 0x8e, 0x4f);
    /// Partial / in progress.
    pub const AMBER: Colour = Colour(0xd9, 0x9a, 0x06);
    /// Missing / blocker.
    pub const RED: Colour = Colour(0xc0, 0x39, 0x2b);
    /// White.
    pub const WHITE: Colour = Colour(0xff, 0xff, 0xff);
}

/// Page orientation; wide tables get landscape pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    Portrait,
    Landscape,
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextStyle {
    pub weight: Weight,
    /// Points.
    pub size: f32,
    pub colour: Colour,
}

impl TextStyle {
    /// Regular ink text of `size` points.
    pub const fn body(size: f32) -> TextStyle {
        TextStyle {
            weight: Weight::Regular,
            size,
            colour: palette::INK,
        }
    }

    /// Bold ink text of `size` points.
    pub const fn bold(size: f32) -> TextStyle {
        TextStyle {
            weight: Weight::Bold,
            size,
            colour: palette::INK,
        }
    }

    /// The same style in another colour.
    pub const fn in_colour(self, colour: Colour) -> TextStyle {
        TextStyle { colour, ..self }
    }

    /// Distance between baselines, points.
    pub fn leading(self) -> f32 {
        self.size * 1.32
    }

    /// Distance from the top of a line box to its baseline, points.
    pub fn ascent(self) -> f32 {
        self.size * 1.02
    }
}
