//! The gap tracker section: launch blockers first, progress by category, then each category.

use crate::domain::gap::{DeferReason, Gap, GapStatus, Priority};

use super::{heading, note, section_start, tiles, with_internal};
use crate::report::bidi::isolate;
use crate::report::layout::{palette, Layout, Orientation, TextStyle};
use crate::report::table::{self, Cell, Column, Table};
use crate::report::{ReportData, ReportKind, ReportOptions};

fn priority_cell(p: Priority) -> Cell {
    match p {
        Priority::Critical => Cell::Marker(palette::RED, "Critical".into()),
        Priority::Recommended => Cell::Marker(palette::AMBER, "Recommended".into()),
        Priority::Optional => Cell::Marker(palette::RULE, "Optional".into()),
    }
}

fn status_cell(s: GapStatus) -> Cell {
    match s {
        GapStatus::Open => Cell::Marker(palette::RED, "Open".into()),
        GapStatus::InProgress => Cell::Marker(palette::AMBER, "In progress".into()),
        GapStatus::Done => Cell::Marker(palette::GREEN, "Done".into()),
        GapStatus::Deferred => Cell::Marker(palette::MUTED, "Deferred".into()),
    }
}

fn defer_label(reason: DeferReason) -> &'static str {
    match reason {
        DeferReason::OutOfScope => "out of scope",
        DeferReason::BusinessPriority => "business priority",
        DeferReason::ArchitectureConstraint => "architecture constraint",
        DeferReason::AcceptedRisk => "accepted risk",
        DeferReason::Other => "other",
    }
}

fn due_text(gap: &Gap, data: &ReportData, options: &ReportOptions) -> String {
    match gap.due_date {
        Some(d) if data.gaps.overdue.contains(&gap.id) => {
            format!("{} (overdue)", options.date(d))
        }
        Some(d) => options.date(d),
        None => String::new(),
    }
}

/// Notes, with a deferred gap's reason and revisit date first.
fn gap_notes(gap: &Gap, data: &ReportData, options: &ReportOptions) -> String {
    let mut parts = Vec::new();
    if gap.status == GapStatus::Deferred {
        let reason = match gap.defer_reason {
            Some(DeferReason::Other) if !gap.defer_note.is_empty() => gap.defer_note.clone(),
            Some(r) => defer_label(r).to_owned(),
            None => "no reason given".to_owned(),
        };
        let revisit = match gap.revisit_on {
            Some(d) if data.gaps.revisit_due.contains(&gap.id) => {
                format!("; revisit {} (due)", options.date(d))
            }
            Some(d) => format!("; revisit {}", options.date(d)),
            None => String::new(),
        };
        parts.push(format!("Deferred: {reason}{revisit}."));
    }
    if !gap.notes.trim().is_empty() {
        parts.push(gap.notes.clone());
    }
    parts.join("\n")
}

pub(super) fn section(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    section_start(
        layout,
        ReportKind::Gaps.title(),
        data,
        options,
        Orientation::Portrait,
    );
    let board = &data.gaps;
    let with = |s: GapStatus| {
        board
            .gaps
            .iter()
            .filter(|g| g.status == s)
            .count()
            .to_string()
    };
    let blockers = board.blockers.len();
    tiles(
        layout,
        &[
            (board.gaps.len().to_string(), "gaps", palette::INK),
            (with(GapStatus::Open), "open", palette::INK),
            (with(GapStatus::InProgress), "in progress", palette::AMBER),
            (with(GapStatus::Done), "done", palette::GREEN),
            (with(GapStatus::Deferred), "deferred", palette::MUTED),
            (
                blockers.to_string(),
                "launch blockers",
                if blockers > 0 {
                    palette::RED
                } else {
                    palette::GREEN
                },
            ),
        ],
    );

    heading(layout, "Launch blockers", 40.0);
    if board.blockers.is_empty() {
        note(
            layout,
            "No launch blockers: no critical gap is open or in progress.",
        );
    } else {
        let rows = board
            .blockers
            .iter()
            .map(|g| {
                vec![
                    Cell::Strong(g.title.clone()),
                    Cell::Text(g.category.clone()),
                    status_cell(g.status),
                    Cell::Text(g.owner.clone()),
                    Cell::Text(due_text(g, data, options)),
                ]
            })
            .collect();
        table::draw(
            layout,
            &Table {
                title: "Launch blockers".into(),
                columns: vec![
                    Column::new("Launch blocker", 3.0),
                    Column::new("Category", 1.4),
                    Column::new("Status", 1.1),
                    Column::new("Owner", 1.2),
                    Column::new("Due", 1.2),
                ],
                rows,
                empty: String::new(),
            }
            .owners_if(options.owners()),
        );
    }

    if !board.categories.is_empty() {
        heading(layout, "Progress by category", 40.0);
        progress_bars(layout, data);
    }

    for category in &board.categories {
        let title = format!(
            "{} — {} of {} done",
            isolate(&category.category),
            category.done,
            category.total
        );
        heading(layout, &title, 50.0);
        let rows = board
            .gaps
            .iter()
            .filter(|g| g.category == category.category)
            .map(|g| {
                vec![
                    Cell::Strong(g.title.clone()),
                    priority_cell(g.priority),
                    status_cell(g.status),
                    Cell::Text(g.owner.clone()),
                    Cell::Text(due_text(g, data, options)),
                    Cell::Text(with_internal(
                        &gap_notes(g, data, options),
                        &g.internal_note,
                    )),
                ]
            })
            .collect();
        table::draw(
            layout,
            &Table {
                title: category.category.clone(),
                columns: vec![
                    Column::new("Gap", 2.4),
                    Column::new("Priority", 1.15),
                    Column::new("Status", 1.05),
                    Column::new("Owner", 1.0),
                    Column::new("Due", 1.05),
                    Column::new("Notes", 2.6),
                ],
                rows,
                empty: String::new(),
            }
            .owners_if(options.owners()),
        );
    }
    if board.gaps.is_empty() {
        note(layout, "No gaps recorded yet.");
    }
}

fn progress_bars(layout: &mut Layout<'_>, data: &ReportData) {
    let style = TextStyle::body(8.5);
    let label_width = layout.width() * 0.3;
    let bar_width = layout.width() * 0.5;
    for category in &data.gaps.categories {
        let row = 15.0;
        layout.ensure(row);
        let top = layout.y;
        // One line; a longer category is cut with "…" (its section below has it in full).
        let name = layout.one_line(&category.category, style, label_width - 8.0);
        layout.text(layout.left(), top + style.ascent(), &name, style);
        let x = layout.left() + label_width;
        layout.fill_rect(x, top + 1.5, bar_width, 8.0, palette::TINT);
        let share = if category.total == 0 {
            0.0
        } else {
            category.done as f32 / category.total as f32
        };
        if share > 0.0 {
            layout.fill_rect(x, top + 1.5, bar_width * share, 8.0, palette::GREEN);
        }
        let figure = format!(
            "{} / {} done ({:.0} %)",
            category.done,
            category.total,
            share * 100.0
        );
        let muted = style.in_colour(palette::MUTED);
        layout.text(x + bar_width + 8.0, top + style.ascent(), &figure, muted);
        layout.y = top + row;
    }
    layout.y += 6.0;
}
