//! Sections made of stored tables: North Star alignment, the stakeholder canvas, and the
//! compliance notes with their snapshot and baseline controls.

use chrono::NaiveDate;

use crate::domain::tables::{ColumnType, TableKind, TableRow};

use super::{heading, note, section_start, with_internal};
use crate::report::fonts::Weight;
use crate::report::layout::{palette, Colour, Layout, Orientation, TextStyle};
use crate::report::table::{self, Cell, Column, Table};
use crate::report::tags::Role;
use crate::report::{ReportData, ReportKind, ReportOptions};

/// The cells of one stored row, with markers for readiness and verification.
fn row_cells(kind: TableKind, row: &TableRow, options: &ReportOptions) -> Vec<Cell> {
    kind.columns()
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let value = row.cells.get(column.key).cloned().unwrap_or_default();
            match (column.key, value.as_str()) {
                ("readiness", "ready") => Cell::Marker(palette::GREEN, "Ready".into()),
                ("readiness", "partial") => Cell::Marker(palette::AMBER, "Partial".into()),
                ("readiness", "missing") => Cell::Marker(palette::RED, "Missing".into()),
                ("verified", "yes") => Cell::Marker(palette::GREEN, "Yes".into()),
                ("verified", "no") => Cell::Marker(palette::RED, "No".into()),
                _ if i == 0 => Cell::Strong(value),
                // Date cells hold YYYY-MM-DD; anything else (hand-edited) prints as it is.
                _ if column.column_type == ColumnType::Date => Cell::Text(
                    NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                        .map_or(value, |d| options.date(d)),
                ),
                _ => Cell::Text(value),
            }
        })
        .collect()
}

/// The table of `kind` with column widths suited to what the columns hold, without owners
/// for a reader who must not see them, and with the team's internal notes as a last column
/// when a row has one (only ever for the team: see `report::redact`).
fn stored_table(kind: TableKind, rows: &[TableRow], options: &ReportOptions) -> Table {
    let mut columns: Vec<Column> = kind
        .columns()
        .iter()
        .map(|c| {
            let share = match c.column_type {
                ColumnType::Date => 0.8,
                ColumnType::Choice(_) => 0.85,
                ColumnType::Text => 1.5,
            };
            Column::new(c.label, share)
        })
        .collect();
    let notes = rows.iter().any(|r| !r.internal_note.trim().is_empty());
    let mut cells: Vec<Vec<Cell>> = rows.iter().map(|r| row_cells(kind, r, options)).collect();
    if notes {
        columns.push(Column::new("Internal note", 1.5));
        for (row, r) in cells.iter_mut().zip(rows) {
            row.push(Cell::Text(with_internal("", &r.internal_note)));
        }
    }
    Table {
        title: kind.title().into(),
        columns,
        rows: cells,
        empty: format!("No rows in {} yet.", kind.title().to_lowercase()),
    }
    .owners_if(options.owners())
}

pub(super) fn section(
    layout: &mut Layout<'_>,
    data: &ReportData,
    options: &ReportOptions,
    kind: TableKind,
) {
    section_start(layout, kind.title(), data, options, Orientation::Landscape);
    if kind == TableKind::Alignment && !data.project.north_star.trim().is_empty() {
        let label = TextStyle::bold(9.0).in_colour(palette::ACCENT);
        layout.paragraph("North Star", label);
        layout.paragraph(&data.project.north_star, TextStyle::bold(11.0));
        layout.y += 8.0;
    }
    table::draw(layout, &stored_table(kind, data.rows(kind), options));
}

// ---------------------------------------------------------------------------------------------
// Compliance notes

pub(super) fn compliance(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    section_start(
        layout,
        ReportKind::Compliance.title(),
        data,
        options,
        Orientation::Landscape,
    );
    let snap = &data.compliance.snapshot;
    let next = if snap.next_review.trim().is_empty() {
        "not planned".to_owned()
    } else if snap.review_overdue {
        format!("{} (overdue)", snap.next_review)
    } else {
        snap.next_review.clone()
    };
    let last = snap
        .last_reviewed
        .map_or_else(|| "never".to_owned(), |d| options.date(d));
    let owner = if snap.owner.trim().is_empty() {
        "no owner".to_owned()
    } else {
        snap.owner.clone()
    };
    let next_colour = if snap.review_overdue {
        palette::RED
    } else {
        palette::INK
    };
    snapshot_line(
        layout,
        &[
            ("Last reviewed", last, palette::INK),
            ("Next review", next, next_colour),
            ("Owner", owner, palette::INK),
        ],
    );
    let triggers = data.rows(TableKind::Triggers);
    let count = |v: &str| {
        triggers
            .iter()
            .filter(|r| r.cells.get("readiness").map(String::as_str) == Some(v))
            .count()
    };
    if !triggers.is_empty() {
        note(
            layout,
            &format!(
                "{} regulatory triggers: {} ready, {} partial, {} missing.",
                triggers.len(),
                count("ready"),
                count("partial"),
                count("missing")
            ),
        );
    }
    for kind in [
        TableKind::DataInventory,
        TableKind::Triggers,
        TableKind::Vendors,
    ] {
        heading(layout, kind.title(), 40.0);
        table::draw(layout, &stored_table(kind, data.rows(kind), options));
    }
    heading(layout, "Baseline controls", 30.0);
    controls(layout, data);
    heading(layout, TableKind::Reviews.title(), 40.0);
    table::draw(
        layout,
        &stored_table(TableKind::Reviews, data.rows(TableKind::Reviews), options),
    );
    note(
        layout,
        "These notes are guidance for planning, not legal advice.",
    );
}

/// Regulatory readiness for a customer: each trigger with its readiness, and the baseline
/// controls in place. No vendor table, no data inventory, no reviews.
pub(super) fn regulatory(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    section_start(
        layout,
        "Regulatory readiness",
        data,
        options,
        Orientation::Landscape,
    );
    heading(layout, TableKind::Triggers.title(), 40.0);
    table::draw(
        layout,
        &stored_table(TableKind::Triggers, data.rows(TableKind::Triggers), options),
    );
    heading(layout, "Baseline controls", 30.0);
    controls(layout, data);
    note(
        layout,
        "These notes are guidance for planning, not legal advice.",
    );
}

fn snapshot_line(layout: &mut Layout<'_>, facts: &[(&str, String, Colour)]) {
    let label = TextStyle::bold(7.0).in_colour(palette::MUTED);
    let value = TextStyle::bold(11.0);
    let height = 40.0;
    layout.ensure(height);
    let top = layout.y;
    layout.fill_rect(layout.left(), top, layout.width(), height, palette::TINT);
    let w = layout.width() / facts.len().max(1) as f32;
    for (i, (key, text, colour)) in facts.iter().enumerate() {
        let x = layout.left() + 12.0 + i as f32 * w;
        layout.text(x, top + 9.0 + label.ascent(), &key.to_uppercase(), label);
        let line = layout.one_line(text, value, w - 20.0);
        layout.text(
            x,
            top + 21.0 + value.ascent(),
            &line,
            value.in_colour(*colour),
        );
    }
    layout.y = top + height + 12.0;
}

/// The checklist in two columns, ticked items with a green check.
fn controls(layout: &mut Layout<'_>, data: &ReportData) {
    let items = &data.compliance.controls;
    if items.is_empty() {
        note(layout, "No baseline controls listed.");
        return;
    }
    let style = TextStyle::body(9.0);
    let column = (layout.width() - 20.0) / 2.0;
    let half = items.len().div_ceil(2);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for pair in 0..half {
        for c in [pair, pair + half] {
            if let Some(item) = items.get(c) {
                rows.push(layout.wrap(&item.label, style, column - 16.0));
            }
        }
    }
    // Drawn in two columns, row by row; read as one list, in order.
    layout.open(Role::L);
    let list_items: Vec<usize> = items.iter().map(|_| layout.element(Role::LI)).collect();
    layout.close();
    for pair in 0..half {
        let left = items.get(pair).map(|i| (i, &rows[pair * 2]));
        let right_index = pair + half;
        let right = items
            .get(right_index)
            .and_then(|i| rows.get(pair * 2 + 1).map(|l| (i, l)));
        let lines = [left, right]
            .iter()
            .flatten()
            .map(|(_, l)| l.len())
            .max()
            .unwrap_or(1);
        let height = lines as f32 * style.leading() + 3.0;
        layout.ensure(height);
        let top = layout.y;
        for (k, entry) in [left, right].into_iter().enumerate() {
            let Some((item, lines)) = entry else { continue };
            layout.enter(list_items[pair + k * half]);
            let x = layout.left() + k as f32 * (column + 20.0);
            let (mark, colour) = if item.done {
                ("☑", palette::GREEN)
            } else {
                ("☐", palette::MUTED)
            };
            let mark_style = TextStyle {
                weight: Weight::Regular,
                size: 10.0,
                colour,
            };
            layout.text(x, top + style.ascent(), mark, mark_style);
            for (n, line) in lines.iter().enumerate() {
                let baseline = top + style.ascent() + n as f32 * style.leading();
                layout.text(x + 16.0, baseline, line, style);
            }
            layout.close();
        }
        layout.y = top + height;
    }
    let done = items.iter().filter(|i| i.done).count();
    layout.y += 4.0;
    note(
        layout,
        &format!("{done} of {} controls in place.", items.len()),
    );
}
