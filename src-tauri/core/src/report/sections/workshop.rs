//! Workshop results: for the latest workshop ended by the report date, per pillar the last
//! round's votes as a dot strip, their median and spread, the consensus and its rationale.

use std::fmt::Write as _;

use super::{heading, note, section_start};
use crate::domain::text::counted;
use crate::domain::workshop::Distribution;
use crate::report::layout::{Layout, Orientation};
use crate::report::table::{self, Cell, Column, Table};
use crate::report::{ReportData, ReportOptions};

/// "1 ·  2 ●●  3 ●  4 ●●●  5 ·  ? ●": one dot per vote, a middle dot where there is none, so
/// the spread reads at a glance and as text (a screen reader, `pdftotext`).
fn strip(d: &Distribution) -> String {
    let mut out = String::new();
    for (score, count) in (1_u8..).zip(d.counts.iter()) {
        let dots = usize::try_from(*count).unwrap_or(0);
        let marks = if dots == 0 {
            "·".to_owned()
        } else {
            "●".repeat(dots)
        };
        let _ = write!(out, "{score} {marks}  ");
    }
    if d.dont_know > 0 {
        let dots = usize::try_from(d.dont_know).unwrap_or(0);
        let _ = write!(out, "? {}", "●".repeat(dots));
    }
    out.trim_end().to_owned()
}

fn number(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    format!("{rounded}")
}

/// "median 3.5 · range 2–5 · IQR 1.25", or "no scores".
fn spread(d: &Distribution) -> String {
    let mut parts = Vec::new();
    if let Some(m) = d.median {
        parts.push(format!("median {}", number(m)));
    }
    if let (Some(lo), Some(hi)) = (d.min, d.max) {
        parts.push(if lo == hi {
            format!("all {lo}")
        } else {
            format!("range {lo}–{hi}")
        });
    }
    if let Some(iqr) = d.iqr() {
        parts.push(format!("IQR {}", number(iqr)));
    }
    if !d.outliers.is_empty() {
        let list: Vec<String> = d.outliers.iter().map(u8::to_string).collect();
        parts.push(format!("outliers {}", list.join(", ")));
    }
    if parts.is_empty() {
        "no scores".to_owned()
    } else {
        parts.join(" · ")
    }
}

pub(super) fn section(layout: &mut Layout<'_>, data: &ReportData, options: &ReportOptions) {
    let Some(results) = &data.workshop else {
        return;
    };
    let w = &results.workshop;
    section_start(
        layout,
        "Workshop results",
        data,
        options,
        Orientation::Landscape,
    );
    let day = w
        .ended_at
        .map_or_else(String::new, |t| options.date(t.date_naive()));
    let rounds = w.votes.iter().map(|v| v.round).max().unwrap_or(0);
    let mut intro = format!(
        "Workshop of {day}: {} scored {} from their phones; {} agreed.",
        counted(w.participants.len(), "participant"),
        counted(w.pillars.len(), "pillar"),
        w.consensus.len()
    );
    if rounds > 1 {
        intro.push_str(" Where the room voted again, the last round is shown.");
    }
    if w.anonymous {
        intro.push_str(" The votes were anonymous.");
    }
    note(layout, &intro);
    heading(layout, "By pillar", 60.0);
    let rows = w
        .pillars
        .iter()
        .map(|&pillar| {
            let name = results
                .pillar_names
                .iter()
                .find(|(id, _)| *id == pillar)
                .map_or_else(String::new, |(_, n)| n.clone());
            let last = w.last_round(pillar);
            let d = w.distribution(pillar, last);
            let agreed = w.consensus.iter().find(|c| c.pillar == pillar);
            let round = if last > 1 {
                format!("round {last}: ")
            } else {
                String::new()
            };
            vec![
                Cell::Strong(name),
                Cell::Text(if last == 0 {
                    "no votes".into()
                } else {
                    format!("{round}{}", strip(&d))
                }),
                Cell::Text(if last == 0 { String::new() } else { spread(&d) }),
                match agreed {
                    Some(c) => Cell::Score(Some(c.score), String::new()),
                    None => Cell::Text("not agreed".into()),
                },
                Cell::Text(agreed.map(|c| c.rationale.clone()).unwrap_or_default()),
            ]
        })
        .collect();
    table::draw(
        layout,
        &Table {
            title: "Workshop results".into(),
            columns: vec![
                Column::new("Pillar", 1.3),
                Column::new("Votes", 1.9),
                Column::new("Spread", 1.4),
                Column::new("Agreed", 0.7),
                Column::new("Rationale", 2.4),
            ],
            rows,
            empty: "No pillars were voted on.".into(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strip_has_a_dot_per_vote_and_the_spread_reads_as_words() {
        let d = Distribution::of(&[Some(2), Some(4), Some(4), None]);
        assert_eq!(strip(&d), "1 ·  2 ●  3 ·  4 ●●  5 ·  ? ●");
        assert_eq!(spread(&d), "median 4 · range 2–4 · IQR 1");
        assert_eq!(spread(&Distribution::of(&[None])), "no scores");
        assert_eq!(
            spread(&Distribution::of(&[Some(3), Some(3)])),
            "median 3 · all 3 · IQR 0"
        );
    }
}
