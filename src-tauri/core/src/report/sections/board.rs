//! The board's pages, also used by other audiences: a first page with the North Star, the
//! stage and decision, the figures at a glance and a small radar; the top five launch
//! blockers; and what changed since the last report to the same audience. Every list here is
//! capped, so a board report stays within two A4 pages whatever the size of the plan.

use crate::domain::audience::Audience;
use crate::domain::gap::Gap;
use crate::domain::report_log::ScoreMove;

use super::cover::{band, bullets, glance};
use super::{heading, north_star, note, section_start};
use crate::report::bidi::isolate;
use crate::report::chart;
use crate::report::layout::{palette, Colour, Layout, Orientation, TextStyle};
use crate::report::table::{self, Cell, Column, Table};
use crate::report::{ReportData, ReportOptions};

/// Most launch blockers listed.
const TOP_BLOCKERS: usize = 5;
/// Most entries of each "since the last report" list; the rest are counted.
const SINCE_LINES: usize = 5;

/// The first page: title band, North Star (without the success criteria), figures at a
/// glance, a small radar beside the pillars furthest below target.
pub(super) fn summary(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    layout.new_page(Orientation::Portrait);
    layout.bookmark("Summary");
    band(layout, data, options);
    north_star(layout, &data.project, options, false);
    heading(layout, "Readiness at a glance", 60.0);
    glance(layout, data);

    let chart_height = 205.0;
    layout.ensure(chart_height);
    let top = layout.y;
    let chart_width = layout.width() * 0.55;
    let card = &data.scorecard;
    chart::radar(
        layout,
        (layout.left(), top),
        (chart_width, chart_height),
        &card.pillars,
        card.last_milestone.as_ref(),
        options.date_format,
    );
    // Beside it, the pillars furthest below their target, the gaps a reader asks about.
    let x = layout.left() + chart_width + 14.0;
    let width = layout.width() - chart_width - 14.0;
    let mut below: Vec<(u8, &crate::domain::Pillar)> = card
        .pillars
        .iter()
        .filter_map(|p| {
            let current = p.current_score.unwrap_or(0);
            (current < p.target_score).then(|| (p.target_score - current, p))
        })
        .collect();
    below.sort_by_key(|b| std::cmp::Reverse(b.0));
    let title = TextStyle::bold(9.5);
    let mut y = top + 6.0;
    let caption = if below.is_empty() {
        "Every pillar is at its target"
    } else {
        "Furthest below target"
    };
    layout.text(x, y + title.ascent(), caption, title);
    y += title.leading() + 4.0;
    let line = TextStyle::body(8.5);
    for (_, p) in below.iter().take(8) {
        let score = p
            .current_score
            .map_or_else(|| "not scored".to_owned(), |c| c.to_string());
        let text = format!(
            "{} — {score} of target {}",
            isolate(&p.name),
            p.target_score
        );
        for l in layout.wrap(&text, line, width) {
            layout.text(x, y + line.ascent(), &l, line);
            y += line.leading();
        }
        y += 2.0;
    }
    if below.len() > 8 {
        let more = format!("and {} more", below.len() - 8);
        layout.text(x, y + line.ascent(), &more, line.in_colour(palette::MUTED));
        y += line.leading();
    }
    layout.y = top + chart_height.max(y - top) + 8.0;
}

/// Opens a page for a part that flows after others when it comes first.
fn ensure_page(layout: &mut Layout<'_>, title: &str, data: &ReportData, options: &ReportOptions) {
    if layout.is_empty() {
        section_start(layout, title, data, options, Orientation::Portrait);
    }
}

/// Launch blockers most pressing first: overdue and soonest due, then those without a date.
fn most_pressing(blockers: &[Gap]) -> Vec<&Gap> {
    let mut sorted: Vec<&Gap> = blockers.iter().collect();
    sorted.sort_by_key(|g| (g.due_date.is_none(), g.due_date, g.position));
    sorted
}

/// The five most pressing launch blockers with owner (when the audience sees owners) and due
/// date, and how many more there are.
pub(super) fn top_blockers(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    ensure_page(layout, "Launch blockers", data, options);
    // The five rows stay together with their heading: a board reads them as one list.
    heading(layout, "Top launch blockers", 130.0);
    let blockers = most_pressing(&data.gaps.blockers);
    if blockers.is_empty() {
        note(
            layout,
            "No launch blockers: no critical gap is open or in progress.",
        );
        return;
    }
    let owners = options.owners();
    let rows = blockers
        .iter()
        .take(TOP_BLOCKERS)
        .map(|g| {
            let due = match g.due_date {
                Some(d) if data.gaps.overdue.contains(&g.id) => {
                    format!("{} (overdue)", options.date(d))
                }
                Some(d) => options.date(d),
                None => "no date".to_owned(),
            };
            let mut row = vec![
                Cell::Strong(g.title.clone()),
                Cell::Text(g.category.clone()),
            ];
            if owners {
                row.push(Cell::Text(if g.owner.is_empty() {
                    "no owner".to_owned()
                } else {
                    g.owner.clone()
                }));
            }
            row.push(Cell::Text(due));
            row
        })
        .collect();
    let mut columns = vec![
        Column::new("Launch blocker", 3.0),
        Column::new("Category", 1.3),
    ];
    if owners {
        columns.push(Column::new("Owner", 1.2));
    }
    columns.push(Column::new("Due", 1.2));
    table::draw(
        layout,
        &Table {
            title: "Top launch blockers".into(),
            columns,
            rows,
            empty: String::new(),
        },
    );
    if blockers.len() > TOP_BLOCKERS {
        note(
            layout,
            &format!(
                "{} launch blockers in all; the {} most pressing are listed.",
                blockers.len(),
                TOP_BLOCKERS
            ),
        );
    }
}

fn score(s: Option<u8>) -> String {
    s.map_or_else(|| "not scored".to_owned(), |s| s.to_string())
}

/// One capped list under a small heading: "Gaps closed (12)", five titles, "and 7 more".
fn capped(layout: &mut Layout<'_>, title: &str, lines: &[String], colour: Colour) {
    if lines.is_empty() {
        return;
    }
    let style = TextStyle::bold(9.5);
    layout.ensure(style.leading() * 2.0 + 4.0);
    layout.text(
        layout.left(),
        layout.y + style.ascent(),
        &format!("{title} ({})", lines.len()),
        style,
    );
    layout.y += style.leading() + 2.0;
    let mut shown: Vec<String> = lines.iter().take(SINCE_LINES).cloned().collect();
    if lines.len() > SINCE_LINES {
        shown.push(format!("and {} more", lines.len() - SINCE_LINES));
    }
    bullets(layout, &shown, colour);
    layout.y += 4.0;
}

/// "Since the last report (DATE)": scores that moved, gaps closed and opened, new launch
/// blockers, a changed decision. Nothing before the first logged report to this audience.
pub(super) fn since_last(
    layout: &mut Layout<'_>,
    data: &ReportData,
    options: &ReportOptions,
    audience: &Audience,
) {
    if !audience.logged() {
        return;
    }
    let Some(since) = data.since.as_ref() else {
        // Within a report, say why the section is empty; a report that would open with it
        // simply starts with its next part.
        if !layout.is_empty() {
            heading(layout, "Since the last report", 30.0);
            note(
                layout,
                &format!(
                    "This is the first report to the {} that Preflight has recorded; the next one \
                     will list what changed since.",
                    audience.name.to_lowercase()
                ),
            );
        }
        return;
    };
    let title = format!("Since the last report ({})", options.date(since.last));
    if layout.is_empty() {
        section_start(layout, &title, data, options, Orientation::Portrait);
    } else {
        heading(layout, &title, 50.0);
    }
    if !since.recipient.is_empty() {
        note(layout, &format!("That report went to {}.", since.recipient));
    }
    if since.is_empty() {
        note(
            layout,
            "Nothing changed in the scores, the gaps, the launch blockers or the decision.",
        );
    }
    let moved: Vec<String> = since
        .moved
        .iter()
        .map(
            |ScoreMove {
                 pillar,
                 before,
                 after,
             }| {
                format!(
                    "{}: {} → {}",
                    isolate(pillar),
                    score(*before),
                    score(*after)
                )
            },
        )
        .collect();
    capped(layout, "Scores that moved", &moved, palette::ACCENT);
    capped(layout, "Gaps closed", &since.closed, palette::GREEN);
    capped(layout, "Gaps opened", &since.opened, palette::AMBER);
    capped(
        layout,
        "New launch blockers",
        &since.new_blockers,
        palette::RED,
    );
    if let Some((before, after)) = since.decision {
        note(
            layout,
            &format!(
                "Decision on the proof of concept: {} → {}.",
                before.as_str(),
                after.as_str()
            ),
        );
    }
    if !since.scores_compared {
        note(
            layout,
            "Scores were not compared: the milestone taken with the last report was deleted.",
        );
    }
}
