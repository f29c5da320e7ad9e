//! Tests of the table layout: how the columns share the page's width.

use super::*;
use crate::report::fonts::Fonts;
use crate::report::layout::Orientation;
use crate::report::Paper;

/// A scorecard table with the report's columns, with `evidence` in every row.
fn scorecard(evidence: &str) -> Table {
    let rows = (1..=8)
        .map(|i| {
            vec![
                Cell::Strong(format!("Pillar number {i}")),
                Cell::Score(Some(3), "Emerging".into()),
                Cell::Score(Some(4), "Mature".into()),
                Cell::Text(evidence.to_owned()),
                Cell::Text("Amara Okafor".into()),
                Cell::Text("2026-12-15".into()),
            ]
        })
        .collect();
    Table {
        title: "Pillars".into(),
        columns: crate::report::sections::scorecard::pillar_columns(),
        rows,
        empty: String::new(),
    }
}

#[test]
fn the_column_with_the_most_text_gets_the_most_room_and_none_gets_less_than_its_longest_word() {
    let mut layout = Layout::new(Fonts::get().expect("fonts"), Paper::A4);
    layout.new_page(Orientation::Portrait);
    let width = layout.width();
    // 80–100 characters of evidence per row, as real scorecards have.
    let evidence = "Load test of 200 bookings per second passes; flaky calendar tests remain open.";
    assert!((75..=100).contains(&evidence.chars().count()));
    let table = scorecard(evidence);
    let widths = column_widths(&layout, &table, width);
    assert!(
        (widths.iter().sum::<f32>() - width).abs() < 0.5,
        "{widths:?}"
    );
    let evidence_width = widths[3];
    assert!(
        widths.iter().all(|w| *w <= evidence_width),
        "evidence is the widest: {widths:?}"
    );
    assert!(evidence_width > 0.3 * width, "{widths:?} of {width}");
    for (i, column) in table.columns.iter().enumerate() {
        let longest = table
            .rows
            .iter()
            .map(|r| match &r[i] {
                cell @ (Cell::Score(..) | Cell::Marker(..)) => {
                    layout.measure(cell.text(), cell.style()) + cell.indent()
                }
                cell => longest_word(&layout, cell.text(), cell.style()),
            })
            .fold(0.0, f32::max);
        assert!(
            widths[i] + 0.01 >= longest + 2.0 * PAD_X,
            "{} is narrower than its longest word: {widths:?}",
            column.label
        );
    }
    // Short evidence takes only its room; the rest goes where the text is.
    let short = column_widths(&layout, &scorecard("Done."), width);
    assert!(short[3] < evidence_width, "{short:?}");
}
