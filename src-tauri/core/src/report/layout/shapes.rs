//! Shapes on a page: rectangles, lines and dashed paths, polygons and circles, in the layout's
//! top-left coordinates, each emitted outside any text object with its colour set once.

use printpdf::{
    Line, LineDashPattern, LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Pt, Rect,
    WindingOrder,
};

use super::{round, Colour, Layout};

impl Layout<'_> {
    /// Fills a rectangle whose top-left corner is (`x`, `y`).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        let bottom = self.flip(y + h);
        self.ops();
        self.fill(colour);
        self.ops().extend([Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(round(x)),
                y: bottom,
                width: Pt(round(w)),
                height: Pt(round(h)),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        }]);
    }

    /// Strokes a straight line, solid or with a `dash` pattern (dash, gap, … in points).
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), colour: Colour, width: f32) {
        self.polyline(&[from, to], false, colour, width, &[]);
    }

    /// Strokes a path through `points`, closed or open, solid or dashed.
    pub fn polyline(
        &mut self,
        points: &[(f32, f32)],
        closed: bool,
        colour: Colour,
        width: f32,
        dash: &[f32],
    ) {
        let points = self.points(points);
        self.ops();
        self.stroke(colour, width);
        let ops = self.ops();
        // Lines are solid unless dashed here; a dash is always reset right after its line.
        if !dash.is_empty() {
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, dash),
            });
        }
        ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: closed,
            },
        });
        if !dash.is_empty() {
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[]),
            });
        }
    }

    /// Fills the polygon through `points`.
    pub fn fill_polygon(&mut self, points: &[(f32, f32)], colour: Colour) {
        let points = self.points(points);
        self.fill_path(points, colour);
    }

    /// Fills a circle of radius `r` centred on (`cx`, `cy`), drawn as four Bézier arcs.
    pub fn fill_circle(&mut self, cx: f32, cy: f32, r: f32, colour: Colour) {
        // Control-point distance for a quarter circle made of one cubic Bézier curve.
        const K: f32 = 0.552_284_8;
        let k = K * r;
        let y = |v: f32| self.flip(v);
        let p = |x: f32, yy: f32, bezier: bool| LinePoint {
            p: Point {
                x: Pt(round(x)),
                y: y(yy),
            },
            bezier,
        };
        let points = vec![
            p(cx + r, cy, false),
            p(cx + r, cy + k, true),
            p(cx + k, cy + r, true),
            p(cx, cy + r, false),
            p(cx - k, cy + r, true),
            p(cx - r, cy + k, true),
            p(cx - r, cy, false),
            p(cx - r, cy - k, true),
            p(cx - k, cy - r, true),
            p(cx, cy - r, false),
            p(cx + k, cy - r, true),
            p(cx + r, cy - k, true),
            p(cx + r, cy, false),
        ];
        self.fill_path(points, colour);
    }

    /// Fills the closed path through `points` (outside any text object).
    fn fill_path(&mut self, points: Vec<LinePoint>, colour: Colour) {
        self.ops();
        self.fill(colour);
        self.ops().push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    fn points(&self, points: &[(f32, f32)]) -> Vec<LinePoint> {
        points
            .iter()
            .map(|&(x, y)| LinePoint {
                p: Point {
                    x: Pt(round(x)),
                    y: self.flip(y),
                },
                bezier: false,
            })
            .collect()
    }
}
