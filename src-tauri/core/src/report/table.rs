//! Tables that flow across pages: the header row repeats on every page, a row stays on one
//! page whenever it fits on one, and a row taller than a page is split between its lines.

use super::fonts::Weight;
use super::layout::{palette, Colour, Layout, TextStyle};
use super::tags::Role;

/// Body text size in tables, points.
const BODY_SIZE: f32 = 8.5;
/// Header text size, points.
const HEADER_SIZE: f32 = 8.0;
/// Space inside a cell, points.
const PAD_X: f32 = 5.0;
const PAD_Y: f32 = 4.0;
/// Side of a score badge, points.
const BADGE: f32 = 12.0;
/// A row is split rather than moved to the next page only if at least this many of its lines
/// fit on the current one; fewer would leave a stub that reads like a rendering error.
const MIN_SPLIT_LINES: usize = 3;

/// One column: its header and its share of the table's width (shares are relative).
pub(crate) struct Column {
    pub label: String,
    pub share: f32,
}

impl Column {
    /// A column headed `label` taking `share` of the width.
    pub fn new(label: &str, share: f32) -> Column {
        Column {
            label: label.to_owned(),
            share,
        }
    }
}

/// What one cell shows.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Wrapped text.
    Text(String),
    /// Wrapped bold text (names of pillars, titles of gaps).
    Strong(String),
    /// A 1–5 score as a coloured badge, followed by the level's name; `None` shows "not scored".
    Score(Option<u8>, String),
    /// A coloured dot followed by its label (RAG readiness, status, priority).
    Marker(Colour, String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Strong(s) | Cell::Score(_, s) | Cell::Marker(_, s) => s,
        }
    }

    fn style(&self) -> TextStyle {
        match self {
            Cell::Strong(_) => TextStyle::bold(BODY_SIZE),
            Cell::Score(None, _) => TextStyle::body(BODY_SIZE).in_colour(palette::MUTED),
            _ => TextStyle::body(BODY_SIZE),
        }
    }

    /// Room taken before the text starts (badge or dot), points.
    fn indent(&self) -> f32 {
        match self {
            Cell::Score(Some(_), _) => BADGE + 4.0,
            Cell::Marker(..) => 10.0,
            _ => 0.0,
        }
    }
}

/// The colour of a score badge: red at 1 through green at 4 and 5.
pub(crate) fn score_colour(score: u8) -> Colour {
    match score {
        1 => palette::RED,
        2 => Colour(0xe0, 0x6c, 0x1f),
        3 => palette::AMBER,
        4 => palette::GREEN,
        _ => Colour(0x0f, 0x6b, 0x3a),
    }
}

/// A table: columns, rows of cells, and the title repeated above its continuation pages.
pub(crate) struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Shown in one row when there are no rows.
    pub empty: String,
}

impl Table {
    /// The table without the column headed `label` and its cells (e.g. "Owner" for a reader
    /// who must not see who owns what).
    pub fn without_column(mut self, label: &str) -> Table {
        if let Some(at) = self.columns.iter().position(|c| c.label == label) {
            self.columns.remove(at);
            for row in &mut self.rows {
                if at < row.len() {
                    row.remove(at);
                }
            }
        }
        self
    }

    /// The table without its "Owner" column unless the reader sees owners.
    pub fn owners_if(self, owners: bool) -> Table {
        if owners {
            self
        } else {
            self.without_column("Owner")
        }
    }
}

struct Measured {
    cells: Vec<Vec<String>>,
    lines: usize,
}

/// Draws `table` at the cursor across the text width and moves the cursor below it.
pub(crate) fn draw(layout: &mut Layout<'_>, table: &Table) {
    let width = layout.width();
    let widths = column_widths(layout, table, width);
    let body = TextStyle::body(BODY_SIZE);
    let leading = body.leading();
    let header = header_lines(layout, table, &widths);
    let header_height = header.len() as f32 * TextStyle::bold(HEADER_SIZE).leading() + 2.0 * PAD_Y;

    let empty_row;
    let rows = if table.rows.is_empty() {
        empty_row = vec![Cell::Text(table.empty.clone())];
        std::slice::from_ref(&empty_row)
    } else {
        &table.rows[..]
    };
    let measured: Vec<Measured> = rows
        .iter()
        .map(|row| {
            let cells: Vec<Vec<String>> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let w = if table.rows.is_empty() {
                        width
                    } else {
                        widths.get(i).copied().unwrap_or(0.0)
                    };
                    let mut lines =
                        layout.wrap(cell.text(), cell.style(), w - 2.0 * PAD_X - cell.indent());
                    if lines.is_empty() && matches!(cell, Cell::Score(..)) {
                        lines.push(String::new());
                    }
                    lines
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            Measured { cells, lines }
        })
        .collect();

    // The header and the first row (or a few of its lines) start together.
    let first_lines = measured.first().map_or(1, |m| m.lines.min(MIN_SPLIT_LINES));
    layout.ensure(header_height + first_lines as f32 * leading + 2.0 * PAD_Y);
    // In the structure tree: a table, a header row of column headers, then a row per row.
    layout.open(Role::Table);
    layout.open(Role::TR);
    let headers: Vec<usize> = table
        .columns
        .iter()
        .map(|_| layout.element(Role::TH))
        .collect();
    layout.close();
    draw_header(layout, &header, &widths, header_height, Some(&headers));

    for (index, (row, m)) in rows.iter().zip(&measured).enumerate() {
        layout.open(Role::TR);
        let cells: Vec<usize> = row.iter().map(|_| layout.element(Role::TD)).collect();
        layout.close();
        let height = m.lines as f32 * leading + 2.0 * PAD_Y;
        let fits_on_a_page = height <= layout.full_height() - header_height;
        let split_here = (layout.remaining() - 2.0 * PAD_Y) / leading >= MIN_SPLIT_LINES as f32;
        if height > layout.remaining() && (fits_on_a_page || !split_here) {
            continue_table(layout, table, &header, &widths, header_height);
        }
        let mut start = 0;
        loop {
            let room = ((layout.remaining() - 2.0 * PAD_Y) / leading)
                .floor()
                .max(1.0) as usize;
            let take = (m.lines - start).min(room);
            draw_row_part(
                layout,
                row,
                m,
                &widths,
                (start, take),
                (index, &cells),
                table.rows.is_empty(),
            );
            start += take;
            if start >= m.lines {
                break;
            }
            continue_table(layout, table, &header, &widths, header_height);
        }
    }
    layout.close();
    layout.y += 10.0;
}

/// Column widths that add up to `width`, worked out as HTML tables do: every column gets at
/// least its longest word (so dates and names are not cut), columns whose text fits on one line
/// get no more than they need, and the rest is shared by the columns that wrap, in proportion
/// to their share and how much text they hold.
fn column_widths(layout: &Layout<'_>, table: &Table, width: f32) -> Vec<f32> {
    let header = TextStyle::bold(HEADER_SIZE);
    let mut least: Vec<f32> = Vec::with_capacity(table.columns.len());
    let mut most: Vec<f32> = Vec::with_capacity(table.columns.len());
    for (i, column) in table.columns.iter().enumerate() {
        let mut lo = longest_word(layout, &column.label, header);
        let mut hi = lo;
        for cell in table.rows.iter().filter_map(|r| r.get(i)) {
            let style = cell.style();
            let extra = cell.indent();
            // A marker's or badge's label ("In progress", "Operationalized") is never broken.
            let unbroken = match cell {
                Cell::Marker(..) | Cell::Score(..) => layout.measure(cell.text(), style),
                _ => longest_word(layout, cell.text(), style),
            };
            lo = lo.max(unbroken + extra);
            let line = cell
                .text()
                .lines()
                .map(|l| layout.measure(l, style))
                .fold(0.0, f32::max);
            hi = hi.max(line + extra);
        }
        // A single word never claims more than a third of the table; longer ones are cut.
        least.push((lo + 2.0 * PAD_X).min(width / 3.0));
        most.push((hi + 2.0 * PAD_X).max(lo + 2.0 * PAD_X).min(width));
    }
    let sum = |v: &[f32]| v.iter().sum::<f32>();
    if sum(&least) >= width {
        let scale = width / sum(&least).max(f32::EPSILON);
        return least.iter().map(|w| w * scale).collect();
    }
    if sum(&most) <= width {
        // Everything fits on one line: spread the spare room by share.
        let shares: f32 = table
            .columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let spare = width - sum(&most);
        return most
            .iter()
            .zip(&table.columns)
            .map(|(w, c)| w + spare * c.share / shares)
            .collect();
    }
    let weight: Vec<f32> = table
        .columns
        .iter()
        .zip(least.iter().zip(&most))
        .map(|(c, (lo, hi))| c.share * (hi - lo).sqrt())
        .collect();
    let total_weight = sum(&weight).max(f32::EPSILON);
    let spare = width - sum(&least);
    // Hand out the spare room by weight, but never beyond a column's one-line width; what a
    // capped column cannot take goes round again to the others.
    let mut widths = least.clone();
    let mut left = spare;
    for _ in 0..4 {
        let open: Vec<usize> = (0..widths.len())
            .filter(|&i| widths[i] < most[i] - 0.01)
            .collect();
        let open_weight: f32 = open.iter().map(|&i| weight[i]).sum();
        if left <= 0.01 || open_weight <= 0.0 {
            break;
        }
        let round = left;
        for &i in &open {
            let give = (round * weight[i] / open_weight).min(most[i] - widths[i]);
            widths[i] += give;
            left -= give;
        }
    }
    if left > 0.01 {
        // Every column reached its one-line width; the rest goes by weight.
        for (w, k) in widths.iter_mut().zip(&weight) {
            *w += left * k / total_weight;
        }
    }
    widths
}

fn longest_word(layout: &Layout<'_>, text: &str, style: TextStyle) -> f32 {
    text.split_whitespace()
        .map(|w| layout.measure(w, style))
        .fold(0.0, f32::max)
}

fn header_lines(layout: &Layout<'_>, table: &Table, widths: &[f32]) -> Vec<Vec<String>> {
    let style = TextStyle::bold(HEADER_SIZE);
    let cells: Vec<Vec<String>> = table
        .columns
        .iter()
        .zip(widths)
        .map(|(c, w)| layout.wrap(&c.label, style, w - 2.0 * PAD_X))
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
    (0..lines)
        .map(|i| {
            cells
                .iter()
                .map(|c| c.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect()
}

fn continue_table(
    layout: &mut Layout<'_>,
    table: &Table,
    header: &[Vec<String>],
    widths: &[f32],
    header_height: f32,
) {
    layout.continue_on_new_page();
    // The repeated header is page furniture: the structure has the header row once.
    layout.furniture(|layout| {
        let style = TextStyle::bold(8.5).in_colour(palette::MUTED);
        let baseline = layout.y + style.ascent();
        layout.text(
            layout.left(),
            baseline,
            &format!("{} (continued)", table.title),
            style,
        );
        layout.y += style.leading() + 4.0;
        draw_header(layout, header, widths, header_height, None);
    });
}

/// Draws the header row; `cells`, the header cells of the structure tree, for the first one
/// (a repeated header has none: it is furniture).
fn draw_header(
    layout: &mut Layout<'_>,
    header: &[Vec<String>],
    widths: &[f32],
    height: f32,
    cells: Option<&[usize]>,
) {
    let style = TextStyle::bold(HEADER_SIZE).in_colour(palette::WHITE);
    let top = layout.y;
    layout.fill_rect(layout.left(), top, layout.width(), height, palette::HEADER);
    for (line_index, line) in header.iter().enumerate() {
        let baseline = top + PAD_Y + line_index as f32 * style.leading() + style.ascent();
        let mut x = layout.left();
        for (column, (text, w)) in line.iter().zip(widths).enumerate() {
            let cell = cells.and_then(|c| c.get(column).copied());
            if let Some(cell) = cell {
                layout.enter(cell);
            }
            layout.text(x + PAD_X, baseline, text, style);
            if cell.is_some() {
                layout.close();
            }
            x += w;
        }
    }
    layout.y = top + height;
}

/// Draws lines `start .. start + take` of row `index`, whose cells are `cells` in the
/// structure tree.
fn draw_row_part(
    layout: &mut Layout<'_>,
    row: &[Cell],
    m: &Measured,
    widths: &[f32],
    (start, take): (usize, usize),
    (index, cells): (usize, &[usize]),
    empty: bool,
) {
    let body = TextStyle::body(BODY_SIZE);
    let leading = body.leading();
    let top = layout.y;
    let height = take as f32 * leading + 2.0 * PAD_Y;
    if index % 2 == 1 {
        layout.fill_rect(layout.left(), top, layout.width(), height, palette::TINT);
    }
    let mut x = layout.left();
    for (i, (cell, lines)) in row.iter().zip(&m.cells).enumerate() {
        let w = if empty {
            layout.width()
        } else {
            widths.get(i).copied().unwrap_or(0.0)
        };
        let first_baseline = top + PAD_Y + body.ascent();
        if let Some(&id) = cells.get(i) {
            layout.enter(id);
        }
        if start == 0 {
            draw_marker(layout, cell, x + PAD_X, top + PAD_Y);
        }
        let style = cell.style();
        let style = if empty {
            style.in_colour(palette::MUTED)
        } else {
            style
        };
        // A right-to-left cell is set flush right, each line in the cell's direction.
        let rtl = crate::report::bidi::is_rtl(cell.text());
        layout.rtl = Some(rtl);
        for (n, line) in lines.iter().skip(start).take(take).enumerate() {
            let baseline = first_baseline + n as f32 * leading;
            let at = if rtl {
                x + w - PAD_X - layout.measure(line, style)
            } else {
                x + PAD_X + cell.indent()
            };
            layout.text(at, baseline, line, style);
        }
        layout.rtl = None;
        if cells.get(i).is_some() {
            layout.close();
        }
        x += w;
    }
    layout.y = top + height;
    let right = layout.left() + layout.width();
    layout.line(
        (layout.left(), layout.y),
        (right, layout.y),
        palette::RULE,
        0.5,
    );
}

fn draw_marker(layout: &mut Layout<'_>, cell: &Cell, x: f32, top: f32) {
    match cell {
        Cell::Score(Some(score), _) => {
            let y = top - 1.0;
            layout.fill_rect(x, y, BADGE, BADGE, score_colour(*score));
            let style = TextStyle {
                weight: Weight::Bold,
                size: 8.0,
                colour: palette::WHITE,
            };
            layout.text_centred(x + BADGE / 2.0, y + 8.9, &score.to_string(), style);
        }
        Cell::Marker(colour, _) => {
            layout.fill_circle(x + 3.5, top + BODY_SIZE * 0.62, 3.5, *colour);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
