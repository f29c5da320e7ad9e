//! The report's layout layer on printpdf: pages, a cursor that flows down them, measured and
//! wrapped text, shapes, bookmarks, and the footer stamped on every page once the count is known.
//!
//! Coordinates here are points measured from the top-left corner of the page, as people read
//! a page; they are turned into PDF's bottom-left coordinates only when operations are emitted.

use printpdf::{Op, Pt};

use super::bidi;
use super::fonts::Fonts;
pub(crate) use super::style::{palette, Colour, Orientation, TextStyle};
use super::tags::{mcid_properties, Role, Tags};
use super::Paper;

mod shapes;
mod text;

/// Side margin, points (about 17 mm).
pub(crate) const MARGIN_X: f32 = 48.0;
/// Top margin, points.
const MARGIN_TOP: f32 = 46.0;
/// The stroke width of bold text in a face without a bold, as a share of the font size:
/// 3 % gives about the stem weight of DejaVu Sans Bold beside the regular face.
const FAKE_BOLD_STROKE: f32 = 0.03;
/// Bottom margin above the footer, points.
const MARGIN_BOTTOM: f32 = 54.0;

/// One laid-out page, with the graphics state its operations have set so far, so that a
/// colour or font is only set again when it changes and consecutive lines of text share one
/// text object (fewer operations, smaller and faster PDFs).
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
    /// The face (by resource id) and size last set.
    font: Option<(String, f32)>,
    fill: Option<Colour>,
    stroke: Option<(Colour, f32)>,
    in_text: bool,
    /// Shapes drawn since the last text are inside one `/Artifact` marked-content sequence.
    in_artifact: bool,
    /// The page opens with a title band, which shows the brand itself: no page header.
    banded: bool,
}

/// The XObject name of the brand's logo in every report that has one (fixed, so the same
/// report always gives the same bytes).
pub(crate) const LOGO_ID: &str = "BrandLogo";

/// What the brand puts on the pages: the organisation's name and the logo's size in pixels.
pub(crate) struct BrandMarks {
    /// The organisation's name; empty for none.
    pub organisation: String,
    /// The logo's width and height in pixels, when there is one.
    pub logo: Option<(u32, u32)>,
}

/// What the footer of every page says.
pub(crate) struct Footer<'a> {
    pub project: &'a str,
    pub title: &'a str,
    pub as_of: &'a str,
}

/// The pages of one report and the cursor on the last of them.
pub(crate) struct Layout<'f> {
    pub fonts: &'f Fonts,
    paper: Paper,
    pages: Vec<Page>,
    orientation: Orientation,
    /// Index of the page drawing goes to: the last one while flowing, each in turn for footers.
    current: usize,
    /// Cursor: top of the next thing to place, points from the top of the current page.
    pub y: f32,
    bookmarks: Vec<(String, usize)>,
    /// The resource ids of the fallback faces text was drawn with, which are then embedded.
    pub fallbacks_used: std::collections::BTreeSet<String>,
    /// The accent colour of rules and labels: the brand's, or Preflight's blue.
    pub accent: Colour,
    /// The brand's marks for the cover and the page headers, if there is a brand.
    pub brand: Option<BrandMarks>,
    /// The report's logical structure, built as it is drawn (see [`Tags`]).
    pub tags: Tags,
    /// The base direction of the paragraph being drawn (`true`: right to left); `None` lets
    /// each line decide by its first strong character.
    pub rtl: Option<bool>,
}

impl<'f> Layout<'f> {
    /// An empty layout; the first [`Layout::new_page`] opens page 1.
    pub fn new(fonts: &'f Fonts, paper: Paper) -> Layout<'f> {
        Layout {
            fonts,
            paper,
            pages: Vec::new(),
            orientation: Orientation::Portrait,
            current: 0,
            y: MARGIN_TOP,
            bookmarks: Vec::new(),
            fallbacks_used: std::collections::BTreeSet::new(),
            accent: palette::ACCENT,
            brand: None,
            tags: Tags::new(),
            rtl: None,
        }
    }

    /// Opens a structure element of `role` (see [`Tags::open`]); close it with
    /// [`Layout::close`].
    pub fn open(&mut self, role: Role) -> usize {
        self.tags.open(role)
    }

    /// Closes the innermost open structure element.
    pub fn close(&mut self) {
        self.tags.close();
    }

    /// Makes structure element `id` (from [`Layout::open`]) the innermost open one again, to
    /// draw more of its content (a table cell continued on the next page).
    pub fn enter(&mut self, id: usize) {
        self.tags.enter(id);
    }

    /// Opens `role` and closes it again at once, returning it, so that its content can be
    /// drawn later with [`Layout::enter`] (a table's cells, made with their row).
    pub fn element(&mut self, role: Role) -> usize {
        let id = self.tags.open(role);
        self.tags.close();
        id
    }

    /// Draws what `draw` draws as page furniture (`/Artifact`): repeated headers and the like.
    pub fn furniture(&mut self, draw: impl FnOnce(&mut Self)) {
        self.tags.furniture(true);
        draw(self);
        self.tags.furniture(false);
    }

    /// Draws what `draw` draws as one figure whose alternative text is `alt` (its data in
    /// words, for readers who cannot see it).
    pub fn figure(&mut self, alt: &str, draw: impl FnOnce(&mut Self)) {
        self.end_marks();
        let page = self.current;
        let mcid = self.tags.begin_figure(alt, page);
        self.page_mut()
            .ops
            .push(Op::BeginMarkedContentWithProperties {
                tag: "Figure".to_owned(),
                properties: mcid_properties(mcid),
            });
        draw(self);
        self.end_text();
        self.page_mut().ops.push(Op::EndMarkedContent);
        self.tags.end_figure();
    }

    /// Marks the current page as opening with a title band (it gets no page header).
    pub fn mark_banded(&mut self) {
        self.page_mut().banded = true;
    }

    /// Draws the brand's logo fitted into the box whose top-right corner is (`right`, `top`),
    /// at most `max_w` × `max_h` points, keeping its proportions; returns its size in points,
    /// or `None` without a logo.
    pub fn logo(&mut self, right: f32, top: f32, max_w: f32, max_h: f32) -> Option<(f32, f32)> {
        let (px_w, px_h) = self.brand.as_ref()?.logo?;
        let (pw, ph) = (px_w as f32, px_h as f32);
        let scale = (max_w / pw).min(max_h / ph);
        let (w, h) = (pw * scale, ph * scale);
        let bottom = self.flip(top + h);
        self.ops().push(Op::UseXobject {
            id: printpdf::XObjectId(LOGO_ID.to_owned()),
            transform: printpdf::XObjectTransform {
                translate_x: Some(Pt(round(right - w))),
                translate_y: Some(bottom),
                // At 72 dpi one pixel is one point; the scale then gives the fitted size.
                dpi: Some(72.0),
                scale_x: Some(scale),
                scale_y: Some(scale),
                ..Default::default()
            },
        });
        Some((w, h))
    }

    /// Opens a new page of `orientation` and puts the cursor at its top margin.
    pub fn new_page(&mut self, orientation: Orientation) {
        let (short, long) = self.paper.size_pt();
        let (width, height) = match orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        };
        self.pages.push(Page {
            width,
            height,
            ops: Vec::new(),
            font: None,
            fill: None,
            stroke: None,
            in_text: false,
            in_artifact: false,
            banded: false,
        });
        self.orientation = orientation;
        self.current = self.pages.len() - 1;
        self.y = MARGIN_TOP;
    }

    /// True before the first page is opened.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// Opens a page of the same orientation as the current one.
    pub fn continue_on_new_page(&mut self) {
        self.new_page(self.orientation);
    }

    fn page(&self) -> Option<&Page> {
        self.pages.get(self.current)
    }

    /// Left edge of the text area.
    pub fn left(&self) -> f32 {
        MARGIN_X
    }

    /// Width of the text area.
    pub fn width(&self) -> f32 {
        self.page().map_or(0.0, |p| p.width) - 2.0 * MARGIN_X
    }

    /// The lowest y content may reach on this page.
    pub fn bottom(&self) -> f32 {
        self.page().map_or(0.0, |p| p.height) - MARGIN_BOTTOM
    }

    /// Height of the text area of a fresh page.
    pub fn full_height(&self) -> f32 {
        self.bottom() - MARGIN_TOP
    }

    /// Space left below the cursor.
    pub fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Starts a new page when less than `height` points are left; true when it did.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.pages.is_empty() || self.y + height > self.bottom() {
            self.continue_on_new_page();
            true
        } else {
            false
        }
    }

    /// Whether the cursor sits at the top of its page.
    pub fn at_page_top(&self) -> bool {
        self.y <= MARGIN_TOP
    }

    /// Adds an outline entry pointing at the current page.
    pub fn bookmark(&mut self, title: &str) {
        self.bookmarks.push((title.to_owned(), self.pages.len()));
    }

    /// The outline entries so far: title and 1-based page.
    pub fn bookmarks(&self) -> &[(String, usize)] {
        &self.bookmarks
    }

    /// Moves the last page to the front (a cover laid out after the pages it lists), shifting
    /// the bookmarks with it.
    pub fn move_last_page_to_front(&mut self) {
        let count = self.pages.len();
        if count < 2 {
            return;
        }
        self.pages.rotate_right(1);
        self.tags.move_last_page_to_front(count);
        for (_, page) in &mut self.bookmarks {
            *page = if *page == count { 1 } else { *page + 1 };
        }
        self.bookmarks.sort_by_key(|(_, page)| *page);
        self.current = count - 1;
    }

    fn page_mut(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(Orientation::Portrait);
        }
        let current = self.current.min(self.pages.len() - 1);
        &mut self.pages[current]
    }

    /// Ends the current page's text object, if one is open.
    fn end_text(&mut self) {
        let page = self.page_mut();
        if page.in_text {
            page.ops.push(Op::EndTextSection);
            page.in_text = false;
        }
    }

    /// Ends the current page's text object and its run of artifacts, so that what comes next
    /// starts a marked-content sequence of its own.
    fn end_marks(&mut self) {
        self.end_text();
        let page = self.page_mut();
        if page.in_artifact {
            page.ops.push(Op::EndMarkedContent);
            page.in_artifact = false;
        }
    }

    /// The operations of the current page for shapes: outside any text object, and inside an
    /// `/Artifact` sequence unless a figure is being drawn (rules, fills and badges are page
    /// furniture; what they mean is in the text beside them).
    fn ops(&mut self) -> &mut Vec<Op> {
        self.end_text();
        let furniture = self.tags.shapes_are_furniture();
        let page = self.page_mut();
        if furniture && !page.in_artifact {
            page.ops.push(Op::BeginMarkedContent {
                tag: "Artifact".to_owned(),
            });
            page.in_artifact = true;
        }
        &mut page.ops
    }

    /// Sets the fill colour unless it is already set.
    fn fill(&mut self, colour: Colour) {
        let page = self.page_mut();
        if page.fill != Some(colour) {
            page.ops.push(Op::SetFillColor { col: colour.pdf() });
            page.fill = Some(colour);
        }
    }

    /// Sets the stroke colour and width unless they are already set.
    fn stroke(&mut self, colour: Colour, width: f32) {
        let page = self.page_mut();
        if page.stroke != Some((colour, width)) {
            page.ops.push(Op::SetOutlineColor { col: colour.pdf() });
            page.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            page.stroke = Some((colour, width));
        }
    }

    fn flip(&self, y: f32) -> Pt {
        Pt(round(self.page().map_or(0.0, |p| p.height) - y))
    }

    /// Stamps the header and footer on every page as page furniture and returns the pages,
    /// the bookmarks (1-based pages; only the first bookmark of a page is kept, because PDF
    /// viewers sort entries that share a page by name) and the structure tree.
    pub fn finish(mut self, footer: &Footer<'_>) -> (Vec<Page>, Vec<(String, usize)>, Tags) {
        let total = self.pages.len();
        self.tags.furniture(true);
        let muted = TextStyle::body(7.5).in_colour(palette::MUTED);
        let left_text = format!("{} · {}", bidi::isolate(footer.project), footer.title);
        for index in 0..total {
            self.current = index;
            self.header();
            let page_y = self.bottom() + 22.0;
            let right_text = format!("As of {} · Page {} of {total}", footer.as_of, index + 1);
            let right = self.left() + self.width();
            let right_width = self.measure(&right_text, muted);
            let left_room = self.width() - right_width - 24.0;
            let left_line = self.one_line(&left_text, muted, left_room);
            self.line(
                (self.left(), page_y - 11.0),
                (right, page_y - 11.0),
                palette::RULE,
                0.6,
            );
            self.text(self.left(), page_y, &left_line, muted);
            self.text_right(right, page_y, &right_text, muted);
            self.end_marks();
        }
        self.tags.furniture(false);
        let mut bookmarks: Vec<(String, usize)> = Vec::new();
        for (title, page) in self.bookmarks {
            if page > 0 && bookmarks.last().is_none_or(|(_, p)| *p != page) {
                bookmarks.push((title, page));
            }
        }
        (self.pages, bookmarks, self.tags)
    }
}

impl Layout<'_> {
    /// The page header of a page without a title band: the organisation's name on the left,
    /// the logo on the right, above the top margin.
    fn header(&mut self) {
        let banded = self.page().is_some_and(|p| p.banded);
        let Some(organisation) = self.brand.as_ref().map(|b| b.organisation.clone()) else {
            return;
        };
        if banded {
            return;
        }
        let right = self.left() + self.width();
        let logo_width = self
            .logo(right, 14.0, 90.0, 20.0)
            .map_or(0.0, |(w, _)| w + 12.0);
        if !organisation.is_empty() {
            let style = TextStyle::bold(7.5).in_colour(palette::MUTED);
            let room = self.width() - logo_width;
            let line = self.one_line(&organisation, style, room);
            self.text(self.left(), 28.0, &line, style);
        }
    }
}

/// Rounds a coordinate to 1/100 pt (far below what any printer resolves), which keeps the
/// numbers in the content streams short.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}
