//! The scorecard's radar chart, drawn with vector operations: current scores filled, targets
//! as a solid outline, and the last milestone dashed for comparison. A pillar without a score
//! is drawn as missing (a dashed axis, "not scored" in its label, the outline passing it by),
//! never as a zero at the centre, which would read as a measured worst score.

use std::f32::consts::{FRAC_PI_2, TAU};

use crate::domain::milestone::Milestone;
use crate::domain::scorecard::Pillar;
use crate::domain::settings::DateFormat;

use super::layout::{palette, Layout, TextStyle};

/// Highest score, the outer ring.
const LEVELS: u8 = 5;
/// Widest a pillar label may be, points.
const LABEL_WIDTH: f32 = 74.0;

/// The radar's data in words, its alternative text in the tagged PDF: each pillar's current
/// score, target and score at `milestone`, in axis order.
fn alt_text(pillars: &[Pillar], milestone: Option<&Milestone>, date_format: DateFormat) -> String {
    let scores: Vec<String> = pillars
        .iter()
        .map(|p| {
            let now = p
                .current_score
                .map_or_else(|| "not scored".to_owned(), |s| format!("{s} of {LEVELS}"));
            let then = milestone
                .and_then(|m| m.pillars.iter().find(|old| old.id == p.id))
                .and_then(|old| old.current_score)
                .map(|s| format!(", {s} at the milestone"))
                .unwrap_or_default();
            format!("{}: {now}, target {}{then}", p.name, p.target_score)
        })
        .collect();
    let milestone = milestone.map_or_else(String::new, |m| {
        format!(
            " The dashed outline is the milestone \u{201c}{}\u{201d} of {}.",
            m.name,
            date_format.format(m.taken_on)
        )
    });
    format!(
        "Radar chart of the readiness scorecard, current score against target for each \
         pillar: {}.{milestone}",
        scores.join("; ")
    )
}

/// Draws the radar for `pillars` in the box whose top-left corner is (`x`, `top`), `width` by
/// `height` points, as one figure of the tagged PDF with its data in words. Needs three
/// pillars or more; with fewer it says so instead.
pub(crate) fn radar(
    layout: &mut Layout<'_>,
    (x, top): (f32, f32),
    (width, height): (f32, f32),
    pillars: &[Pillar],
    milestone: Option<&Milestone>,
    date_format: DateFormat,
) {
    let label_style = TextStyle::body(7.5);
    if pillars.len() < 3 {
        let note = "The radar chart needs three pillars or more.";
        layout.text(x, top + 20.0, note, label_style.in_colour(palette::MUTED));
        return;
    }
    let alt = alt_text(pillars, milestone, date_format);
    layout.figure(&alt, |layout| {
        draw_radar(
            layout,
            (x, top),
            (width, height),
            pillars,
            milestone,
            date_format,
        );
    });
}

fn draw_radar(
    layout: &mut Layout<'_>,
    (x, top): (f32, f32),
    (width, height): (f32, f32),
    pillars: &[Pillar],
    milestone: Option<&Milestone>,
    date_format: DateFormat,
) {
    let label_style = TextStyle::body(7.5);
    let legend_height = 16.0;
    let cx = x + width / 2.0;
    let cy = top + (height - legend_height) / 2.0;
    let radius = ((width - 2.0 * LABEL_WIDTH).min(height - legend_height - 44.0) / 2.0).max(30.0);
    let n = pillars.len();
    let angle = |i: usize| -FRAC_PI_2 + TAU * i as f32 / n as f32;
    let point = |i: usize, value: f32| {
        let r = radius * value / f32::from(LEVELS);
        (cx + r * angle(i).cos(), cy + r * angle(i).sin())
    };

    for level in 1..=LEVELS {
        let ring: Vec<(f32, f32)> = (0..n).map(|i| point(i, f32::from(level))).collect();
        layout.polyline(&ring, true, palette::RULE, 0.6, &[]);
    }
    for (i, p) in pillars.iter().enumerate() {
        if p.current_score.is_some() {
            layout.line((cx, cy), point(i, f32::from(LEVELS)), palette::RULE, 0.6);
        } else {
            let end = point(i, f32::from(LEVELS));
            layout.polyline(&[(cx, cy), end], false, palette::MUTED, 0.8, &[2.0, 2.0]);
        }
    }

    // The outline joins the scored pillars only, in axis order.
    let current: Vec<(f32, f32)> = pillars
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.current_score.map(|s| point(i, f32::from(s))))
        .collect();
    if current.len() >= 3 {
        layout.fill_polygon(&current, palette::ACCENT_WASH);
    }
    if current.len() >= 2 {
        layout.polyline(&current, current.len() >= 3, palette::ACCENT, 1.4, &[]);
    }
    let target: Vec<(f32, f32)> = pillars
        .iter()
        .enumerate()
        .map(|(i, p)| point(i, f32::from(p.target_score)))
        .collect();
    layout.polyline(&target, true, palette::TARGET, 1.2, &[]);
    if let Some(m) = milestone {
        let then: Vec<(f32, f32)> = pillars
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                m.pillars
                    .iter()
                    .find(|old| old.id == p.id)
                    .and_then(|old| old.current_score)
                    .map(|score| point(i, f32::from(score)))
            })
            .collect();
        if then.len() >= 2 {
            layout.polyline(&then, then.len() >= 3, palette::MUTED, 1.0, &[3.0, 2.0]);
        }
    }
    for &(px, py) in &current {
        layout.fill_circle(px, py, 1.8, palette::ACCENT);
    }
    // Ring numbers go on top of the polygons, just right of the first (upward) axis.
    let small = TextStyle::body(6.0).in_colour(palette::MUTED);
    for level in 1..=LEVELS {
        let (lx, ly) = point(0, f32::from(level));
        layout.text(lx + 2.5, ly + 7.0, &level.to_string(), small);
    }

    for (i, p) in pillars.iter().enumerate() {
        // Labels straight above or below the chart sit further out, clear of the rings.
        let out = 0.45 + 0.35 * angle(i).sin().abs();
        let (ax, ay) = point(i, f32::from(LEVELS) + out);
        let cos = angle(i).cos();
        let (text, style) = if p.current_score.is_some() {
            (p.name.clone(), label_style)
        } else {
            (
                format!("{} (not scored)", p.name),
                label_style.in_colour(palette::MUTED),
            )
        };
        let label_style = style;
        // Two lines at most (three with "not scored"); the pillar table on the same page
        // has the full name of a label cut with "…".
        let lines = layout.wrap_at_most(
            &text,
            label_style,
            LABEL_WIDTH,
            if p.current_score.is_some() { 2 } else { 3 },
        );
        let block = lines.len() as f32 * label_style.leading();
        let first = ay - block / 2.0 + label_style.ascent() * 0.85;
        for (k, line) in lines.iter().enumerate() {
            let baseline = first + k as f32 * label_style.leading();
            if cos > 0.25 {
                layout.text(ax, baseline, line, label_style);
            } else if cos < -0.25 {
                layout.text_right(ax, baseline, line, label_style);
            } else {
                layout.text_centred(ax, baseline, line, label_style);
            }
        }
    }

    legend(
        layout,
        (x, top + height - 8.0, width),
        milestone,
        date_format,
    );
}

fn legend(
    layout: &mut Layout<'_>,
    (x, baseline, width): (f32, f32, f32),
    milestone: Option<&Milestone>,
    date_format: DateFormat,
) {
    let style = TextStyle::body(7.5);
    let mut entries = vec![
        ("Current".to_owned(), palette::ACCENT, false),
        ("Target".to_owned(), palette::TARGET, false),
    ];
    if let Some(m) = milestone {
        let date = date_format.format(m.taken_on);
        // "Workshop 2026-11-20" already says when.
        let label = if m.name.contains(&date) {
            m.name.clone()
        } else {
            format!("{} ({date})", m.name)
        };
        entries.push((label, palette::MUTED, true));
    }
    let total: f32 = entries
        .iter()
        .map(|(label, ..)| 22.0 + layout.measure(label, style) + 14.0)
        .sum();
    let mut cursor = x + ((width - total) / 2.0).max(0.0);
    for (label, colour, dashed) in entries {
        let dash: &[f32] = if dashed { &[3.0, 2.0] } else { &[] };
        let y = baseline - 2.6;
        layout.polyline(&[(cursor, y), (cursor + 18.0, y)], false, colour, 1.6, dash);
        layout.text(cursor + 22.0, baseline, &label, style);
        cursor += 22.0 + layout.measure(&label, style) + 14.0;
    }
}
