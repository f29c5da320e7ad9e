//! The evidence appendix for an auditor: each pillar's evidence in full, then every gap with
//! notes, so nothing a table cell had to wrap tightly is hard to read.

use super::{heading, note, section_start};
use crate::report::bidi::isolate;
use crate::report::layout::{palette, Layout, Orientation, TextStyle};
use crate::report::{ReportData, ReportOptions};

pub(super) fn section(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    section_start(
        layout,
        "Evidence appendix",
        data,
        options,
        Orientation::Portrait,
    );
    let body = TextStyle::body(9.5);
    let label = TextStyle::bold(10.0);
    let muted = TextStyle::body(8.5).in_colour(palette::MUTED);
    heading(layout, "Pillar evidence", 40.0);
    for p in &data.scorecard.pillars {
        layout.ensure(label.leading() + body.leading() * 2.0);
        layout.paragraph(&p.name, label);
        let score = p
            .current_score
            .map_or_else(|| "not scored".to_owned(), |c| format!("score {c}"));
        layout.paragraph(&format!("{score}, target {}", p.target_score), muted);
        if p.evidence.trim().is_empty() {
            layout.paragraph("No evidence recorded.", muted);
        } else {
            layout.paragraph(&p.evidence, body);
        }
        if !p.internal_note.trim().is_empty() {
            layout.paragraph(&format!("Internal note: {}", p.internal_note), body);
        }
        layout.y += 8.0;
    }
    let with_notes: Vec<_> = data
        .gaps
        .gaps
        .iter()
        .filter(|g| !g.notes.trim().is_empty() || !g.internal_note.trim().is_empty())
        .collect();
    heading(layout, "Gap notes", 40.0);
    if with_notes.is_empty() {
        note(layout, "No gap has notes.");
    }
    for g in with_notes {
        layout.ensure(label.leading() + body.leading() * 2.0);
        layout.paragraph(&g.title, label);
        layout.paragraph(
            &format!(
                "{} · {} · {}",
                isolate(&g.category),
                g.priority.as_str(),
                g.status.as_str()
            ),
            muted,
        );
        if !g.notes.trim().is_empty() {
            layout.paragraph(&g.notes, body);
        }
        if !g.internal_note.trim().is_empty() {
            layout.paragraph(&format!("Internal note: {}", g.internal_note), body);
        }
        layout.y += 8.0;
    }
}
