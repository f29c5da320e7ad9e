//! The reports themselves: which sections each one has, and the pieces the sections share
//! (section title, headings, notes, the North Star block, summary tiles).

mod appendix;
mod board;
mod cover;
mod gaps;
mod questions;
pub(super) mod scorecard;
mod tables;
mod workshop;

use crate::domain::audience::{Audience, ReportPart};
use crate::domain::project::{Decision, Project, Stage};
use crate::domain::tables::TableKind;

use super::bidi::isolate;
use super::layout::{palette, Colour, Layout, Orientation, TextStyle};
use super::tags::Role;
use super::{ReportData, ReportOptions};

/// Lays out `audience`'s parts of `data` in order; a cover is made last (it lists the pages of
/// the others) and moved to the front.
pub(crate) fn compose(
    layout: &mut Layout<'_>,
    data: &ReportData,
    options: &ReportOptions,
    audience: &Audience,
) {
    for part in &audience.parts {
        match part {
            ReportPart::Cover => {}
            ReportPart::BoardSummary => board::summary(layout, data, options),
            ReportPart::TopBlockers => board::top_blockers(layout, data, options),
            ReportPart::SinceLast => board::since_last(layout, data, options, audience),
            ReportPart::Scorecard => scorecard::section(layout, data, options),
            ReportPart::Workshop => workshop::section(layout, data, options),
            ReportPart::Alignment => tables::section(layout, data, options, TableKind::Alignment),
            ReportPart::Stakeholders => {
                tables::section(layout, data, options, TableKind::Stakeholders);
            }
            ReportPart::Compliance => tables::compliance(layout, data, options),
            ReportPart::RegulatoryReadiness => tables::regulatory(layout, data, options),
            ReportPart::Gaps => gaps::section(layout, data, options),
            ReportPart::EvidenceAppendix => appendix::section(layout, data, options),
        }
    }
    if audience.parts.contains(&ReportPart::Cover) {
        let before = layout.tags.document_length();
        cover::page(layout, data, options);
        layout.move_last_page_to_front();
        layout.tags.read_first_from(before);
    }
}

/// Opens a section on a new page: title, project and date line, accent rule, bookmark.
pub(super) fn section_start(
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
    layout.open(Role::H1);
    layout.text(x, layout.y + style.ascent(), title, style);
    layout.close();
    layout.y += style.leading() + 2.0;
    let sub = TextStyle::body(9.0).in_colour(palette::MUTED);
    let line = format!(
        "{} · as of {}",
        isolate(&data.project.name),
        options.date(options.as_of)
    );
    layout.paragraph(&line, sub);
    layout.y += 4.0;
    let right = x + layout.width();
    let accent = layout.accent;
    layout.line((x, layout.y), (right, layout.y), accent, 1.2);
    layout.y += 14.0;
}

/// A heading inside a section (`H2`), kept on the same page as at least `keep` points below
/// it.
pub(super) fn heading(layout: &mut Layout<'_>, text: &str, keep: f32) {
    heading_as(layout, Role::H2, text, keep);
}

/// A heading of `role` (`H2` or `H3`), kept with `keep` points below it.
pub(super) fn heading_as(layout: &mut Layout<'_>, role: Role, text: &str, keep: f32) {
    let style = TextStyle::bold(11.5);
    if !layout.at_page_top() {
        layout.y += 6.0;
    }
    layout.ensure(style.leading() + 6.0 + keep);
    layout.open(role);
    layout.text(layout.left(), layout.y + style.ascent(), text, style);
    layout.close();
    layout.y += style.leading() + 5.0;
}

/// `text` followed by the team's internal note, when the report may show one (it is only
/// non-empty for an audience that sees internal notes: see `report::redact`).
pub(super) fn with_internal(text: &str, internal_note: &str) -> String {
    match (text.trim().is_empty(), internal_note.trim().is_empty()) {
        (_, true) => text.to_owned(),
        (true, false) => format!("Internal note: {internal_note}"),
        (false, false) => format!("{text}\nInternal note: {internal_note}"),
    }
}

/// A muted sentence, e.g. for an empty section.
pub(super) fn note(layout: &mut Layout<'_>, text: &str) {
    layout.paragraph(text, TextStyle::body(9.0).in_colour(palette::MUTED));
    layout.y += 6.0;
}

// ---------------------------------------------------------------------------------------------
// North Star

/// The North Star block: sentence, leading metric, stage, and a proof of concept's time box,
/// decision and (when `with_criteria`) success criteria.
pub(super) fn north_star(
    layout: &mut Layout<'_>,
    project: &Project,
    options: &ReportOptions,
    with_criteria: bool,
) {
    let inner = layout.width() - 28.0;
    let label = TextStyle::bold(7.0).in_colour(layout.accent);
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
            facts.push(("Time box ends".into(), options.date(end)));
        }
        facts.push(("Decision".into(), decision_label(project.decision).into()));
    }
    let criteria: Vec<String> = if with_criteria && project.stage == Stage::ProofOfConcept {
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
        .map(|(k, v)| layout.wrap(&format!("{k}: {}", isolate(v)), body, inner))
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
    let accent = layout.accent;
    layout.fill_rect(x, top, 3.0, height, accent);
    let tx = x + 14.0;
    let mut y = top + 12.0;
    layout.open(Role::H2);
    layout.text(tx, y + label.ascent(), "NORTH STAR", label);
    layout.close();
    y += label.leading();
    layout.open(Role::P);
    for line in &star_lines {
        layout.text(tx, y + sentence.ascent(), line, sentence);
        y += sentence.leading();
    }
    layout.close();
    y += 6.0;
    for ((key, _), lines) in facts.iter().zip(&fact_lines) {
        layout.open(Role::P);
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
        layout.close();
    }
    if !criteria_lines.is_empty() {
        layout.text(
            tx,
            y + body.ascent(),
            "Success criteria",
            TextStyle::bold(9.0),
        );
        y += body.leading();
        layout.open(Role::L);
        for lines in &criteria_lines {
            layout.open(Role::LI);
            for line in lines {
                layout.text(tx + 8.0, y + body.ascent(), line, body);
                y += body.leading();
            }
            layout.close();
        }
        layout.close();
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
pub(super) fn tiles(layout: &mut Layout<'_>, figures: &[(String, &str, Colour)]) {
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
        // One paragraph per tile: "8 pillars".
        layout.open(Role::P);
        layout.text(x + 8.0, top + 10.0 + big.ascent(), figure, big);
        for (k, line) in caption_lines.iter().enumerate() {
            let baseline = top + 12.0 + 22.0 + caption.ascent() + k as f32 * caption.leading();
            layout.text(x + 8.0, baseline, line, caption);
        }
        layout.close();
    }
    layout.y = top + height + 14.0;
}
