//! Text on the page: measuring, drawing a line as marked content of its structure element
//! (or as an artifact), fake bold for faces without one, wrapping and cutting with "…", and
//! paragraphs that flow across pages.

use printpdf::{
    Codepoint, DictItem, Op, PdfFontHandle, Pt, TextItem, TextMatrix, TextRenderingMode,
};

use super::{round, Layout, TextStyle, FAKE_BOLD_STROKE};
use crate::report::bidi;
use crate::report::shaping::{Glyph, Ink};
use crate::report::tags::{mcid_properties, Mark, Role};

impl Layout<'_> {
    /// Width of `text` in `style`, points.
    pub fn measure(&self, text: &str, style: TextStyle) -> f32 {
        self.fonts.width(text, style.weight, style.size)
    }

    /// Draws one line of text with its baseline at `baseline` (points from the top), in pieces
    /// of one face each in visual order (see [`Fonts::line`]), each placed after the width of
    /// the ones before.
    pub fn text(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        let fonts = self.fonts;
        let y = self.flip(baseline);
        let mut x = x;
        // Each line is a marked-content sequence of its structure element, or an artifact.
        let mark = self
            .tags
            .text(self.current.min(self.pages.len().saturating_sub(1)));
        {
            let page = self.page_mut();
            if page.in_artifact {
                if page.in_text {
                    page.ops.push(Op::EndTextSection);
                    page.in_text = false;
                }
                page.ops.push(Op::EndMarkedContent);
                page.in_artifact = false;
            }
            if !page.in_text {
                page.ops.push(Op::StartTextSection);
                page.in_text = true;
            }
            match &mark {
                Mark::Tagged(role, mcid) => page.ops.push(Op::BeginMarkedContentWithProperties {
                    tag: (*role).to_owned(),
                    properties: mcid_properties(*mcid),
                }),
                Mark::Artifact => page.ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".to_owned(),
                }),
                Mark::InFigure => {}
            }
        }
        // Right-to-left text is drawn in visual order, glyph by glyph from the left, which is
        // how text extraction (poppler's `pdftotext`) expects it and turns it back into the
        // logical text. An /ActualText span would be the standard way, but poppler reverses
        // the actual text again, so it is left out.
        let rtl = self.rtl.unwrap_or_else(|| bidi::is_rtl(text));
        for piece in fonts.line(style.weight, text, rtl) {
            let id = &piece.face.id;
            if fonts.is_fallback(piece.face) && !self.fallbacks_used.contains(&id.0) {
                self.fallbacks_used.insert(id.0.clone());
            }
            let page = self.page_mut();
            if !page.in_text {
                page.ops.push(Op::StartTextSection);
                page.in_text = true;
            }
            if page.font.as_ref().map(|(f, size)| (f.as_str(), *size))
                != Some((id.0.as_str(), style.size))
            {
                page.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(style.size),
                });
                page.font = Some((id.0.clone(), style.size));
            }
            self.fill(style.colour);
            // The CJK and Hangul faces have no bold; bold text in them is filled and stroked
            // in its own colour, which thickens it beside bold Latin without a second face.
            let fake_bold = piece.face.fakes_bold(style.weight);
            if fake_bold {
                self.stroke(style.colour, style.size * FAKE_BOLD_STROKE);
                self.page_mut().ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                });
            }
            match piece.ink {
                Ink::Text(run) => self.page_mut().ops.extend([
                    Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(round(x)), y),
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(run)],
                    },
                ]),
                Ink::Glyphs { glyphs, text } => {
                    let ops = glyph_ops(&glyphs, &text, x, y.0, style.size);
                    self.page_mut().ops.extend(ops);
                }
            }
            if fake_bold {
                self.page_mut().ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::Fill,
                });
            }
            x += piece.width * style.size;
        }
        if !matches!(mark, Mark::InFigure) {
            self.page_mut().ops.push(Op::EndMarkedContent);
        }
    }

    /// Draws `text` right-aligned so that it ends at `right`.
    pub fn text_right(&mut self, right: f32, baseline: f32, text: &str, style: TextStyle) {
        let w = self.measure(text, style);
        self.text(right - w, baseline, text, style);
    }

    /// Draws `text` centred on `centre`.
    pub fn text_centred(&mut self, centre: f32, baseline: f32, text: &str, style: TextStyle) {
        let w = self.measure(text, style);
        self.text(centre - w / 2.0, baseline, text, style);
    }

    /// Breaks `text` into lines no wider than `width` points: at spaces where possible, inside
    /// a word only when the word alone is wider than the line. Line breaks in the text are
    /// kept; runs of spaces collapse to one. Empty text gives no lines.
    pub fn wrap(&self, text: &str, style: TextStyle, width: f32) -> Vec<String> {
        self.fonts.wrap(text, style.weight, style.size, width)
    }

    /// Like [`Layout::wrap`], keeping at most `max_lines` lines (at least one); when text is
    /// left out, the last line kept ends with "…" and is shortened to make room for it, so a
    /// cut never passes for the whole text.
    pub fn wrap_at_most(
        &self,
        text: &str,
        style: TextStyle,
        width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(text, style, width);
        let keep = max_lines.max(1);
        if lines.len() <= keep {
            return lines;
        }
        lines.truncate(keep);
        if let Some(last) = lines.last_mut() {
            let mut cut = last.trim_end().to_owned();
            while !cut.is_empty() && self.measure(&format!("{cut}…"), style) > width {
                cut.pop();
                cut = cut.trim_end().to_owned();
            }
            *last = format!("{cut}…");
        }
        lines
    }

    /// `text` on one line of at most `width` points, cut with "…" when longer (see
    /// [`Layout::wrap_at_most`]).
    pub fn one_line(&self, text: &str, style: TextStyle, width: f32) -> String {
        self.wrap_at_most(text, style, width, 1)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// Flows wrapped `text` at the cursor across the full text width, breaking pages between
    /// lines, and moves the cursor below it.
    pub fn paragraph(&mut self, text: &str, style: TextStyle) {
        let x = self.left();
        let width = self.width();
        self.paragraph_at(x, width, text, style);
    }

    /// Like [`Layout::paragraph`], in a column starting at `x` and `width` points wide; the
    /// lines make one paragraph (`P`) of the structure tree. A right-to-left paragraph is set
    /// flush right.
    pub fn paragraph_at(&mut self, x: f32, width: f32, text: &str, style: TextStyle) {
        self.open(Role::P);
        let rtl = bidi::is_rtl(text);
        self.rtl = Some(rtl);
        for line in self.wrap(text, style, width) {
            self.ensure(style.leading());
            let baseline = self.y + style.ascent();
            let at = if rtl {
                x + width - self.measure(&line, style)
            } else {
                x
            };
            self.text(at, baseline, &line, style);
            self.y += style.leading();
        }
        self.rtl = None;
        self.close();
    }
}

/// The operators that draw shaped `glyphs` (standing for `text`, in the same order) from the
/// pen at `x`, on the baseline `y` (points from the bottom of the page) at `size` points. Each
/// glyph is placed where the shaper put it (printpdf joins glyphs on one baseline into one
/// text array, with the adjustments between them); a mark sits off the pen, above or beside
/// its letter.
fn glyph_ops(glyphs: &[Glyph], text: &str, x: f32, y: f32, size: f32) -> Vec<Op> {
    fn show(glyph: &Glyph, at: (f32, f32), ops: &mut Vec<Op>) {
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(round(at.0)), Pt(round(at.1))),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(
                glyph.id,
                0.0,
                glyph.text.clone(),
            )])],
        });
    }
    let mut ops = Vec::new();
    // Extraction orders glyphs by where they are drawn, and a mark drawn over its letter
    // would be read before the letter, with a space around it; a piece with marks is one
    // `/ActualText` span instead, its text in drawing order like the glyphs'.
    let marked = glyphs.iter().any(|g| g.mark);
    if marked {
        ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".to_owned(),
            properties: actual_text(text),
        });
    }
    let mut pen = x;
    for glyph in glyphs {
        let at = (pen + glyph.offset.0 * size, y + glyph.offset.1 * size);
        show(glyph, at, &mut ops);
        pen += glyph.advance * size;
    }
    if marked {
        ops.push(Op::EndMarkedContent);
    }
    ops
}

/// A marked-content property list with `/ActualText`: a text string in UTF-16BE with its
/// byte-order mark (ISO 32000-1, 7.9.2.2 and 14.9.4).
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xfe, 0xff];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    DictItem::Dict {
        map: [(
            "ActualText".to_owned(),
            DictItem::String {
                data,
                literal: false,
            },
        )]
        .into(),
    }
}
