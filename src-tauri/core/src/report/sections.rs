//! The reports themselves: which sections each one has and how each section is laid out.

use crate::domain::gap::{DeferReason, Gap, GapStatus, Priority};
use crate::domain::project::{Decision, Project, Stage};
use crate::domain::tables::{ColumnType, TableKind, TableRow};

use super::chart;
use super::fonts::Weight;
use super::layout::{palette, Colour, Layout, Orientation, TextStyle};
use super::table::{self, score_colour, Cell, Column, Table};
use super::{ReportData, ReportKind, ReportOptions};

/// Lays out the report `options.kind` of `data`.
pub(crate) fn compose(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    match options.kind {
        ReportKind::Scorecard => scorecard(layout, data, options),
        ReportKind::Alignment => table_section(layout, data, options, TableKind::Alignment),
        ReportKind::Stakeholders => table_section(layout, data, options, TableKind::Stakeholders),
        ReportKind::Compliance => compliance(layout, data, options),
        ReportKind::Gaps => gaps(layout, data, options),
        ReportKind::Full => {
            scorecard(layout, data, options);
            table_section(layout, data, options, TableKind::Alignment);
            table_section(layout, data, options, TableKind::Stakeholders);
            compliance(layout, data, options);
            gaps(layout, data, options);
            cover(layout, data, options);
            layout.move_last_page_to_front();
        }
    }
}

/// Opens a section on a new page: title, project and date line, accent rule, bookmark.
fn section_start(
    layout: &mut Layout<'_>,
    title: &str,
    data: &ReportData,
    options: &ReportOptions,
    orientation: Orientation,
) {
    layout.new_page(orientation);
    layout.bookmark(title);
    let style = TextStyle::bold(19.0);
    let x = layout.left();
    layout.text(x, layout.y + style.ascent(), title, style);
    layout.y += style.leading() + 2.0;
    let sub = TextStyle::body(9.0).in_colour(palette::MUTED);
    let line = format!("{} · as of {}", data.project.name, options.as_of);
    layout.paragraph(&line, sub);
    layout.y += 4.0;
    let right = x + layout.width();
    layout.line((x, layout.y), (right, layout.y), palette::ACCENT, 1.2);
    layout.y += 14.0;
}

/// A heading inside a section, kept on the same page as at least `keep` points below it.
fn heading(layout: &mut Layout<'_>, text: &str, keep: f32) {
    let style = TextStyle::bold(11.5);
    if !layout.at_page_top() {
        layout.y += 6.0;
    }
    layout.ensure(style.leading() + 6.0 + keep);
    layout.text(layout.left(), layout.y + style.ascent(), text, style);
    layout.y += style.leading() + 5.0;
}

/// A muted sentence, e.g. for an empty section.
fn note(layout: &mut Layout<'_>, text: &str) {
    layout.paragraph(text, TextStyle::body(9.0).in_colour(palette::MUTED));
    layout.y += 6.0;
}

// ---------------------------------------------------------------------------------------------
// North Star

/// The North Star block: sentence, leading metric, stage, and a proof of concept's time box.
fn north_star(layout: &mut Layout<'_>, project: &Project) {
    let inner = layout.width() - 28.0;
    let label = TextStyle::bold(7.0).in_colour(palette::ACCENT);
    let sentence = TextStyle::bold(13.0);
    let body = TextStyle::body(9.0);
    let star = if project.north_star.trim().is_empty() {
        "No North Star set yet.".to_owned()
    } else {
        project.north_star.clone()
    };
    let star_lines = layout.wrap(&star, sentence, inner);
    let mut facts: Vec<(String, String)> = Vec::new();
    if !project.leading_metric.trim().is_empty() {
        facts.push(("Leading metric".into(), project.leading_metric.clone()));
    }
    facts.push(("Stage".into(), stage_label(project.stage).into()));
    if project.stage == Stage::ProofOfConcept {
        if let Some(end) = project.time_box_end {
            facts.push(("Time box ends".into(), end.to_string()));
        }
        facts.push(("Decision".into(), decision_label(project.decision).into()));
    }
    let criteria: Vec<String> = if project.stage == Stage::ProofOfConcept {
        project
            .success_criteria
            .iter()
            .map(|c| format!("• {c}"))
            .collect()
    } else {
        Vec::new()
    };
    let fact_lines: Vec<Vec<String>> = facts
        .iter()
        .map(|(k, v)| layout.wrap(&format!("{k}: {v}"), body, inner))
        .collect();
    let criteria_lines: Vec<Vec<String>> = criteria
        .iter()
        .map(|c| layout.wrap(c, body, inner - 8.0))
        .collect();
    let count = |v: &[Vec<String>]| v.iter().map(Vec::len).sum::<usize>() as f32;
    let mut height = 14.0 + label.leading() + star_lines.len() as f32 * sentence.leading() + 6.0;
    height += count(&fact_lines) * body.leading();
    if !criteria_lines.is_empty() {
        height += body.leading() + count(&criteria_lines) * body.leading();
    }
    height += 10.0;
    layout.ensure(height.min(layout.full_height()));

    let top = layout.y;
    let x = layout.left();
    layout.fill_rect(x, top, layout.width(), height, palette::TINT);
    layout.fill_rect(x, top, 3.0, height, palette::ACCENT);
    let tx = x + 14.0;
    let mut y = top + 12.0;
    layout.text(tx, y + label.ascent(), "NORTH STAR", label);
    y += label.leading();
    for line in &star_lines {
        layout.text(tx, y + sentence.ascent(), line, sentence);
        y += sentence.leading();
    }
    y += 6.0;
    for ((key, _), lines) in facts.iter().zip(&fact_lines) {
        for (i, line) in lines.iter().enumerate() {
            // The key is drawn bold over the start of the first line.
            let baseline = y + body.ascent();
            if i == 0 {
                let key_text = format!("{key}:");
                layout.text(tx, baseline, &key_text, TextStyle::bold(9.0));
                let rest = &line[key_text.len().min(line.len())..];
                let offset = layout.measure(&key_text, TextStyle::bold(9.0));
                layout.text(tx + offset, baseline, rest, body);
            } else {
                layout.text(tx, baseline, line, body);
            }
            y += body.leading();
        }
    }
    if !criteria_lines.is_empty() {
        layout.text(
            tx,
            y + body.ascent(),
            "Success criteria",
            TextStyle::bold(9.0),
        );
        y += body.leading();
        for lines in &criteria_lines {
            for line in lines {
                layout.text(tx + 8.0, y + body.ascent(), line, body);
                y += body.leading();
            }
        }
    }
    layout.y = top + height + 14.0;
}

fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Idea => "Idea",
        Stage::ProofOfConcept => "Proof of concept",
        Stage::Pilot => "Pilot",
        Stage::Beta => "Beta",
        Stage::Production => "Production",
    }
}

fn decision_label(decision: Decision) -> &'static str {
    match decision {
        Decision::Undecided => "undecided",
        Decision::Proceed => "proceed",
        Decision::Pivot => "pivot",
        Decision::Abandon => "abandon",
    }
}

// ---------------------------------------------------------------------------------------------
// Summary tiles

/// A row of figures with captions, e.g. "2.6 / average current score".
fn tiles(layout: &mut Layout<'_>, figures: &[(String, &str, Colour)]) {
    let count = figures.len().max(1) as f32;
    let gap = 8.0;
    let w = (layout.width() - gap * (count - 1.0)) / count;
    let caption = TextStyle::body(7.5).in_colour(palette::MUTED);
    let caption_lines: Vec<Vec<String>> = figures
        .iter()
        .map(|(_, c, _)| layout.wrap(c, caption, w - 16.0))
        .collect();
    let lines = caption_lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let height = 12.0 + 22.0 + lines * caption.leading() + 8.0;
    layout.ensure(height);
    let top = layout.y;
    for (i, ((figure, _, colour), caption_lines)) in figures.iter().zip(&caption_lines).enumerate()
    {
        let x = layout.left() + i as f32 * (w + gap);
        layout.fill_rect(x, top, w, height, palette::TINT);
        let big = TextStyle::bold(17.0).in_colour(*colour);
        layout.text(x + 8.0, top + 10.0 + big.ascent(), figure, big);
        for (k, line) in caption_lines.iter().enumerate() {
            let baseline = top + 12.0 + 22.0 + caption.ascent() + k as f32 * caption.leading();
            layout.text(x + 8.0, baseline, line, caption);
        }
    }
    layout.y = top + height + 14.0;
}

// ---------------------------------------------------------------------------------------------
// Scorecard

fn scorecard(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    section_start(
        layout,
        ReportKind::Scorecard.title(),
        data,
        options,
        Orientation::Portrait,
    );
    north_star(layout, &data.project);

    let card = &data.scorecard;
    let s = &card.summary;
    let average = s
        .average_current
        .map_or_else(|| "–".to_owned(), |a| format!("{a:.1}"));
    let overdue = u32::try_from(s.overdue_checkpoints.len()).unwrap_or(u32::MAX);
    tiles(
        layout,
        &[
            (s.pillars.to_string(), "pillars", palette::INK),
            (average, "average current score (of 5)", palette::ACCENT),
            (
                s.below_target.to_string(),
                "below target",
                if s.below_target > 0 {
                    palette::RED
                } else {
                    palette::GREEN
                },
            ),
            (
                s.at_or_above_mature.to_string(),
                "Mature (4) or above",
                palette::GREEN,
            ),
            (s.not_scored.to_string(), "not scored yet", palette::MUTED),
            (
                overdue.to_string(),
                "overdue checkpoints",
                if overdue > 0 {
                    palette::RED
                } else {
                    palette::INK
                },
            ),
        ],
    );

    // Radar on the left, the level legend on the right.
    let chart_height = 250.0;
    layout.ensure(chart_height + 10.0);
    let top = layout.y;
    let chart_width = layout.width() * 0.64;
    chart::radar(
        layout,
        (layout.left(), top),
        (chart_width, chart_height),
        &card.pillars,
        card.last_milestone.as_ref(),
    );
    let legend_x = layout.left() + chart_width + 16.0;
    let legend_width = layout.width() - chart_width - 16.0;
    let mut y = top + 6.0;
    let title = TextStyle::bold(9.5);
    layout.text(legend_x, y + title.ascent(), "Score levels", title);
    y += title.leading() + 4.0;
    let meaning = TextStyle::body(7.5).in_colour(palette::MUTED);
    for level in &card.levels {
        layout.fill_rect(legend_x, y, 12.0, 12.0, score_colour(level.level));
        let badge = TextStyle::bold(8.0).in_colour(palette::WHITE);
        layout.text_centred(legend_x + 6.0, y + 8.9, &level.level.to_string(), badge);
        let tx = legend_x + 17.0;
        layout.text(tx, y + 9.0, &level.name, TextStyle::bold(8.5));
        y += 13.0;
        for line in layout.wrap(&level.meaning, meaning, legend_width - 17.0) {
            layout.text(tx, y + meaning.ascent(), &line, meaning);
            y += meaning.leading();
        }
        y += 5.0;
    }
    layout.y = top + chart_height.max(y - top) + 8.0;

    heading(layout, "Pillars", 40.0);
    let level_name = |score: u8| {
        card.levels
            .iter()
            .find(|l| l.level == score)
            .map_or_else(String::new, |l| l.name.clone())
    };
    let rows = card
        .pillars
        .iter()
        .map(|p| {
            let checkpoint = match p.next_checkpoint {
                Some(d) if s.overdue_checkpoints.contains(&p.id) => format!("{d} (overdue)"),
                Some(d) => d.to_string(),
                None => String::new(),
            };
            vec![
                Cell::Strong(p.name.clone()),
                match p.current_score {
                    Some(c) => Cell::Score(Some(c), level_name(c)),
                    None => Cell::Score(None, "not scored".into()),
                },
                Cell::Score(Some(p.target_score), level_name(p.target_score)),
                Cell::Text(p.evidence.clone()),
                Cell::Text(p.owner.clone()),
                Cell::Text(checkpoint),
            ]
        })
        .collect();
    table::draw(
        layout,
        &Table {
            title: "Pillars".into(),
            columns: vec![
                Column::new("Pillar", 1.45),
                Column::new("Current", 1.2),
                Column::new("Target", 1.2),
                Column::new("Evidence / notes", 3.0),
                Column::new("Owner", 1.05),
                Column::new("Next checkpoint", 1.1),
            ],
            rows,
            empty: "No pillars yet.".into(),
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Tables of rows (alignment, stakeholders and the compliance tables)

/// The cells of one stored row, with markers for readiness and verification.
fn row_cells(kind: TableKind, row: &TableRow) -> Vec<Cell> {
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
                _ => Cell::Text(value),
            }
        })
        .collect()
}

/// The table of `kind` with column widths suited to what the columns hold.
fn stored_table(kind: TableKind, rows: &[TableRow]) -> Table {
    Table {
        title: kind.title().into(),
        columns: kind
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
            .collect(),
        rows: rows.iter().map(|r| row_cells(kind, r)).collect(),
        empty: format!("No rows in {} yet.", kind.title().to_lowercase()),
    }
}

fn table_section(
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
    table::draw(layout, &stored_table(kind, data.rows(kind)));
}

// ---------------------------------------------------------------------------------------------
// Compliance notes

fn compliance(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
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
        .map_or_else(|| "never".to_owned(), |d| d.to_string());
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
        table::draw(layout, &stored_table(kind, data.rows(kind)));
    }
    heading(layout, "Baseline controls", 30.0);
    controls(layout, data);
    heading(layout, TableKind::Reviews.title(), 40.0);
    table::draw(
        layout,
        &stored_table(TableKind::Reviews, data.rows(TableKind::Reviews)),
    );
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
        let line = layout
            .wrap(text, value, w - 20.0)
            .into_iter()
            .next()
            .unwrap_or_default();
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

// ---------------------------------------------------------------------------------------------
// Gap tracker

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

fn due_text(gap: &Gap, data: &ReportData) -> String {
    match gap.due_date {
        Some(d) if data.gaps.overdue.contains(&gap.id) => format!("{d} (overdue)"),
        Some(d) => d.to_string(),
        None => String::new(),
    }
}

/// Notes, with a deferred gap's reason and revisit date first.
fn gap_notes(gap: &Gap, data: &ReportData) -> String {
    let mut parts = Vec::new();
    if gap.status == GapStatus::Deferred {
        let reason = match gap.defer_reason {
            Some(DeferReason::Other) if !gap.defer_note.is_empty() => gap.defer_note.clone(),
            Some(r) => defer_label(r).to_owned(),
            None => "no reason given".to_owned(),
        };
        let revisit = match gap.revisit_on {
            Some(d) if data.gaps.revisit_due.contains(&gap.id) => {
                format!("; revisit {d} (due)")
            }
            Some(d) => format!("; revisit {d}"),
            None => String::new(),
        };
        parts.push(format!("Deferred: {reason}{revisit}."));
    }
    if !gap.notes.trim().is_empty() {
        parts.push(gap.notes.clone());
    }
    parts.join("\n")
}

fn gaps(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
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
                    Cell::Text(due_text(g, data)),
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
            },
        );
    }

    if !board.categories.is_empty() {
        heading(layout, "Progress by category", 40.0);
        progress_bars(layout, data);
    }

    for category in &board.categories {
        let title = format!(
            "{} — {} of {} done",
            category.category, category.done, category.total
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
                    Cell::Text(due_text(g, data)),
                    Cell::Text(gap_notes(g, data)),
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
            },
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
        let name = layout
            .wrap(&category.category, style, label_width - 8.0)
            .into_iter()
            .next()
            .unwrap_or_default();
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

// ---------------------------------------------------------------------------------------------
// Cover of the full report

fn cover(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    // The cover goes in front afterwards, so every page listed moves down by one.
    let contents: Vec<(String, usize)> = layout
        .bookmarks()
        .iter()
        .map(|(title, page)| (title.clone(), page + 1))
        .collect();
    layout.new_page(Orientation::Portrait);
    layout.bookmark("Cover");
    let band = 150.0;
    let x = layout.left();
    layout.fill_rect(0.0, 0.0, layout.width() + 2.0 * x, band, palette::HEADER);
    let white = TextStyle::bold(11.0).in_colour(palette::ACCENT_WASH);
    layout.text(x, 64.0, &ReportKind::Full.title().to_uppercase(), white);
    let name = TextStyle::bold(26.0).in_colour(palette::WHITE);
    let name_line = layout
        .wrap(&data.project.name, name, layout.width())
        .into_iter()
        .next()
        .unwrap_or_default();
    layout.text(x, 104.0, &name_line, name);
    let date = TextStyle::body(10.0).in_colour(palette::ACCENT_WASH);
    layout.text(x, 126.0, &format!("As of {}", options.as_of), date);
    layout.y = band + 30.0;
    north_star(layout, &data.project);

    heading(layout, "At a glance", 60.0);
    let s = &data.scorecard.summary;
    let average = s
        .average_current
        .map_or_else(|| "–".to_owned(), |a| format!("{a:.1}"));
    let done = data
        .gaps
        .gaps
        .iter()
        .filter(|g| g.status == GapStatus::Done)
        .count();
    let missing = data
        .rows(TableKind::Triggers)
        .iter()
        .filter(|r| r.cells.get("readiness").map(String::as_str) == Some("missing"))
        .count();
    let blockers = data.gaps.blockers.len();
    let red_if = |bad: bool| if bad { palette::RED } else { palette::GREEN };
    tiles(
        layout,
        &[
            (average, "average readiness score (of 5)", palette::ACCENT),
            (
                format!("{}/{}", s.below_target, s.pillars),
                "pillars below target",
                red_if(s.below_target > 0),
            ),
            (
                blockers.to_string(),
                "launch blockers",
                red_if(blockers > 0),
            ),
            (
                format!("{done}/{}", data.gaps.gaps.len()),
                "gaps done",
                palette::INK,
            ),
            (
                missing.to_string(),
                "regulatory triggers missing",
                red_if(missing > 0),
            ),
        ],
    );

    if !data.gaps.blockers.is_empty() {
        heading(layout, "What blocks launch", 40.0);
        let style = TextStyle::body(9.5);
        let shown = 8;
        for g in data.gaps.blockers.iter().take(shown) {
            let mut line = g.title.clone();
            if !g.owner.is_empty() {
                line.push_str(&format!(" — {}", g.owner));
            }
            if let Some(d) = g.due_date {
                line.push_str(&format!(", due {d}"));
            }
            layout.ensure(style.leading());
            layout.fill_circle(layout.left() + 3.0, layout.y + 6.0, 2.5, palette::RED);
            let x = layout.left() + 12.0;
            let width = layout.width() - 12.0;
            layout.paragraph_at(x, width, &line, style);
        }
        if data.gaps.blockers.len() > shown {
            note(
                layout,
                &format!(
                    "… and {} more in the gap tracker section.",
                    data.gaps.blockers.len() - shown
                ),
            );
        }
    }

    heading(layout, "Contents", 80.0);
    let style = TextStyle::body(10.0);
    let right = layout.left() + layout.width();
    for (title, page) in contents {
        layout.ensure(style.leading() + 3.0);
        let baseline = layout.y + style.ascent();
        layout.text(layout.left(), baseline, &title, style);
        let number = page.to_string();
        layout.text_right(right, baseline, &number, style);
        let start = layout.left() + layout.measure(&title, style) + 6.0;
        let end = right - layout.measure(&number, style) - 6.0;
        if end > start {
            layout.polyline(
                &[(start, baseline), (end, baseline)],
                false,
                palette::RULE,
                0.8,
                &[1.0, 2.5],
            );
        }
        layout.y += style.leading() + 3.0;
    }
}
