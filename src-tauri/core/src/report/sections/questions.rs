//! "Questions and risks": each pillar's review questions with the practices in place, the
//! risk the answer gives, and for questions at risk the improvement plans of the practices
//! not in place — the work that would lower the risk.

use super::{heading, heading_as, note};
use crate::domain::lens::Risk;
use crate::domain::review::{FrozenAnswer, PillarRisks, ReviewQuestion};
use crate::report::bidi::isolate;
use crate::report::layout::{palette, Colour, Layout};
use crate::report::table::{self, Cell, Column, Table};
use crate::report::tags::Role;
use crate::report::ReportData;

/// The colour of a risk marker: red for high, amber for medium, green for none.
fn risk_colour(risk: Option<Risk>) -> Colour {
    match risk {
        Some(Risk::HighRisk) => palette::RED,
        Some(Risk::MediumRisk) => palette::AMBER,
        Some(Risk::NoRisk) => palette::GREEN,
        None => palette::MUTED,
    }
}

/// "2 high, 1 medium, 3 no risk, 1 unanswered · suggested score 3".
fn counts(r: &PillarRisks) -> String {
    let mut parts: Vec<String> = [
        (r.high, "high"),
        (r.medium, "medium"),
        (r.none, "no risk"),
        (r.unanswered, "unanswered"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if let Some(score) = r.suggested {
        parts.push(format!("suggested score {score}"));
    }
    parts.join(", ")
}

/// The practices-in-place cell: their titles (or "None of these"), then the note.
fn practices(q: &ReviewQuestion) -> String {
    let mut text = if q.answer.none {
        "None of these".to_owned()
    } else {
        FrozenAnswer::from(q)
            .chosen
            .iter()
            .map(|c| format!("• {c}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if !q.answer.note.trim().is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!("Note: {}", q.answer.note.trim()));
    }
    text
}

/// The improvement plans of the practices not in place, for a question at risk.
fn plans(q: &ReviewQuestion) -> String {
    if !matches!(q.risk, Some(Risk::HighRisk | Risk::MediumRisk)) {
        return String::new();
    }
    q.question
        .choices
        .iter()
        .filter(|c| !q.answer.choices.contains(&c.id))
        .filter(|c| !c.improvement_plan.display_text.trim().is_empty())
        .map(|c| format!("• {}", c.improvement_plan.display_text.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lays out the review under the scorecard: one table per pillar with an answered question,
/// in scorecard order, then one line naming the pillars not reviewed yet. Nothing until a
/// question is answered, so a project that does not use the review gets no pages of
/// unanswered questions.
pub(super) fn section(layout: &mut Layout<'_>, data: &ReportData) {
    let review = &data.review;
    let reviewed = |r: &&PillarRisks| r.high + r.medium + r.none > 0;
    if !review.pillars.iter().any(|r| reviewed(&r)) {
        return;
    }
    heading(layout, "Questions and risks", 40.0);
    note(
        layout,
        "Each answer's risk comes from its question's rules. For questions at risk, the \
         improvement plans of the practices not yet in place are the work that lowers it.",
    );
    let mut not_reviewed = Vec::new();
    for pillar in &data.scorecard.pillars {
        let Some(risks) = review.pillars.iter().find(|r| r.pillar_id == pillar.id) else {
            continue;
        };
        if !reviewed(&risks) {
            not_reviewed.push(format!("{} ({})", isolate(&pillar.name), risks.unanswered));
            continue;
        }
        let rows = review
            .of_pillar(pillar.id)
            .map(|q| {
                vec![
                    Cell::Strong(q.question.title.trim().to_owned()),
                    Cell::Text(practices(q)),
                    Cell::Marker(
                        risk_colour(q.risk),
                        q.risk.map_or("Unanswered", Risk::label).to_owned(),
                    ),
                    Cell::Text(plans(q)),
                ]
            })
            .collect();
        heading_as(layout, Role::H3, &pillar.name, 60.0);
        note(layout, &counts(risks));
        table::draw(
            layout,
            &Table {
                title: format!("Questions and risks: {}", pillar.name),
                columns: vec![
                    Column::new("Question", 2.2),
                    Column::new("Practices in place", 2.1),
                    Column::new("Risk", 0.95),
                    Column::new("Improvement plans", 2.75),
                ],
                rows,
                empty: "No questions.".into(),
            },
        );
    }
    if !not_reviewed.is_empty() {
        layout.y += 6.0;
        note(
            layout,
            &format!(
                "Not reviewed yet (unanswered questions): {}.",
                not_reviewed.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_name_only_what_there_is_and_the_suggested_score() {
        let r = PillarRisks {
            pillar_id: uuid::Uuid::nil(),
            high: 2,
            medium: 0,
            none: 1,
            unanswered: 3,
            suggested: Some(2),
        };
        assert_eq!(
            counts(&r),
            "2 high, 1 no risk, 3 unanswered, suggested score 2"
        );
    }
}
