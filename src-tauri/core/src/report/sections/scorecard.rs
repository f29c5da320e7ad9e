//! The readiness scorecard section: North Star, summary tiles, radar chart with the level
//! legend, the pillar table, and the review's questions and risks when there are any.

use super::{heading, north_star, section_start, tiles, with_internal};
use crate::report::chart;
use crate::report::layout::{palette, Layout, Orientation, TextStyle};
use crate::report::table::{self, score_colour, Cell, Column, Table};
use crate::report::tags::Role;
use crate::report::{ReportData, ReportKind, ReportOptions};

pub(super) fn section(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    section_start(
        layout,
        ReportKind::Scorecard.title(),
        data,
        options,
        Orientation::Portrait,
    );
    north_star(layout, &data.project, options, true);

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
        options.date_format,
    );
    let legend_x = layout.left() + chart_width + 16.0;
    let legend_width = layout.width() - chart_width - 16.0;
    let mut y = top + 6.0;
    let title = TextStyle::bold(9.5);
    layout.open(Role::H3);
    layout.text(legend_x, y + title.ascent(), "Score levels", title);
    layout.close();
    y += title.leading() + 4.0;
    let meaning = TextStyle::body(7.5).in_colour(palette::MUTED);
    layout.open(Role::L);
    for level in &card.levels {
        layout.open(Role::LI);
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
        layout.close();
    }
    layout.close();
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
                Some(d) if s.overdue_checkpoints.contains(&p.id) => {
                    format!("{} (overdue)", options.date(d))
                }
                Some(d) => options.date(d),
                None => String::new(),
            };
            vec![
                Cell::Strong(p.name.clone()),
                match p.current_score {
                    Some(c) => Cell::Score(Some(c), level_name(c)),
                    None => Cell::Score(None, "not scored".into()),
                },
                Cell::Score(Some(p.target_score), level_name(p.target_score)),
                Cell::Text(with_internal(&p.evidence, &p.internal_note)),
                Cell::Text(p.owner.clone()),
                Cell::Text(checkpoint),
            ]
        })
        .collect();
    table::draw(
        layout,
        &Table {
            title: "Pillars".into(),
            columns: pillar_columns(),
            rows,
            empty: "No pillars yet.".into(),
        }
        .owners_if(options.owners()),
    );
    super::questions::section(layout, data);
}

/// The pillar table's columns and their shares.
pub(in crate::report) fn pillar_columns() -> Vec<Column> {
    vec![
        Column::new("Pillar", 1.45),
        Column::new("Current", 1.2),
        Column::new("Target", 1.2),
        Column::new("Evidence / notes", 3.0),
        Column::new("Owner", 1.05),
        Column::new("Next checkpoint", 1.1),
    ]
}
