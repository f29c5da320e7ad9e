//! The cover of the full report: title band, North Star, figures at a glance, what blocks
//! launch, the risks accepted instead, and the contents with page numbers.

use crate::domain::gap::GapStatus;
use crate::domain::tables::TableKind;

use super::{heading, north_star, note, tiles};
use crate::report::bidi::isolate;
use crate::report::layout::{palette, Colour, Layout, Orientation, TextStyle};
use crate::report::tags::Role;
use crate::report::{ReportData, ReportOptions};

pub(super) fn page(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    // The cover goes in front afterwards, so every page listed moves down by one.
    let contents: Vec<(String, usize)> = layout
        .bookmarks()
        .iter()
        .map(|(title, page)| (title.clone(), page + 1))
        .collect();
    layout.new_page(Orientation::Portrait);
    layout.bookmark("Cover");
    band(layout, data, options);
    north_star(layout, &data.project, options, true);
    heading(layout, "At a glance", 60.0);
    glance(layout, data);

    if !data.gaps.blockers.is_empty() {
        heading(layout, "What blocks launch", 40.0);
        let lines: Vec<String> = data
            .gaps
            .blockers
            .iter()
            .map(|g| {
                let mut line = isolate(&g.title).into_owned();
                if !g.owner.is_empty() {
                    line.push_str(&format!(" — {}", isolate(&g.owner)));
                }
                if let Some(d) = g.due_date {
                    line.push_str(&format!(", due {}", options.date(d)));
                }
                line
            })
            .collect();
        bullets(layout, &lines, palette::RED);
    }
    // A gap deferred as an accepted risk is no longer a blocker, but a reader deciding on
    // launch must see it was set aside, not solved.
    if !data.gaps.accepted_risks.is_empty() {
        heading(layout, "Accepted risks", 40.0);
        let lines: Vec<String> = data
            .gaps
            .accepted_risks
            .iter()
            .map(|g| {
                let mut line = format!("{} ({})", isolate(&g.title), g.priority.as_str());
                if !g.owner.is_empty() {
                    line.push_str(&format!(" — {}", isolate(&g.owner)));
                }
                if let Some(d) = g.revisit_on {
                    line.push_str(&format!(", revisit {}", options.date(d)));
                }
                line
            })
            .collect();
        bullets(layout, &lines, palette::AMBER);
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

/// At most eight lines as a list with coloured bullets, and how many more the gap tracker
/// section holds.
pub(super) fn bullets(layout: &mut Layout<'_>, lines: &[String], colour: Colour) {
    const SHOWN: usize = 8;
    let style = TextStyle::body(9.5);
    for line in lines.iter().take(SHOWN) {
        layout.ensure(style.leading());
        layout.fill_circle(layout.left() + 3.0, layout.y + 6.0, 2.5, colour);
        let x = layout.left() + 12.0;
        let width = layout.width() - 12.0;
        layout.paragraph_at(x, width, line, style);
    }
    if lines.len() > SHOWN {
        note(
            layout,
            &format!(
                "… and {} more in the gap tracker section.",
                lines.len() - SHOWN
            ),
        );
    }
}

/// The dark title band across the top of a first page: the report's title, the project's name
/// and the date, with the recipient when there is one.
pub(super) fn band(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    let band = 150.0;
    let x = layout.left();
    let full = layout.width() + 2.0 * x;
    layout.mark_banded();
    layout.fill_rect(0.0, 0.0, full, band, palette::HEADER);
    // The brand: the accent as a stripe under the band, the organisation above the title,
    // the logo on a white plate at the right so any logo reads on the dark band.
    layout.fill_rect(0.0, band, full, 5.0, layout.accent);
    let mut title_room = layout.width();
    if layout.brand.as_ref().is_some_and(|b| b.logo.is_some()) {
        let right = x + layout.width();
        let (plate_w, plate_h) = (130.0, 76.0);
        layout.fill_rect(right - plate_w, 37.0, plate_w, plate_h, palette::WHITE);
        layout.logo(right - 10.0, 45.0, plate_w - 20.0, plate_h - 16.0);
        title_room -= plate_w + 16.0;
    }
    let organisation = layout
        .brand
        .as_ref()
        .map(|b| b.organisation.clone())
        .unwrap_or_default();
    if !organisation.is_empty() {
        let style = TextStyle::bold(9.0).in_colour(palette::WHITE);
        let line = layout.one_line(&organisation, style, title_room);
        layout.text(x, 44.0, &line, style);
    }
    let white = TextStyle::bold(11.0).in_colour(palette::ACCENT_WASH);
    layout.text(x, 64.0, &options.title().to_uppercase(), white);
    // The name at the largest size that fits on one line; a name too long even at the
    // smallest is cut with an ellipsis (it is in full in every footer).
    let name = [26.0, 22.0, 18.0, 15.0]
        .into_iter()
        .map(|size| TextStyle::bold(size).in_colour(palette::WHITE))
        .find(|style| layout.measure(&data.project.name, *style) <= title_room)
        .unwrap_or_else(|| TextStyle::bold(15.0).in_colour(palette::WHITE));
    let name_line = layout.one_line(&data.project.name, name, title_room);
    layout.open(Role::H1);
    layout.text(x, 104.0, &name_line, name);
    layout.close();
    let date = TextStyle::body(10.0).in_colour(palette::ACCENT_WASH);
    let mut line = format!("As of {}", options.date(options.as_of));
    if !options.recipient.trim().is_empty() {
        line.push_str(&format!(" · for {}", options.recipient.trim()));
    }
    let line = layout.one_line(&line, date, title_room);
    layout.text(x, 126.0, &line, date);
    layout.y = band + 30.0;
}

/// The figures at a glance: average score, pillars below target, launch blockers, gaps done,
/// regulatory triggers missing.
pub(super) fn glance(layout: &mut Layout<'_>, data: &ReportData) {
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
}
