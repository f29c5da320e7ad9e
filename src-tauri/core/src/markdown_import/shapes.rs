//! Table shapes beyond a header row's spellings: a RACI matrix, scores on another scale, and
//! the rows a mapping sends to the baseline controls.

use super::parse::Table;
use super::rows::{located, shorten};
use super::values;
use crate::domain::compliance::control_label;
use crate::domain::tables::Cells;
use crate::error::Result;

/// The rows of a table the mapping sends to the baseline controls: the label column's text,
/// ticked when the done column holds a green marker (✅, yes, done, …).
pub(super) fn mapped_controls(
    file: &str,
    table: &Table,
    label: usize,
    done: Option<usize>,
    notes: &mut Vec<String>,
) -> Result<Vec<(String, bool)>> {
    let mut unnamed = 0;
    let controls = table
        .rows
        .iter()
        .filter_map(|(line, cells)| {
            let text = cells.get(label).map_or("", |t| t.trim());
            if text.is_empty() {
                unnamed += usize::from(cells.iter().any(|c| !c.trim().is_empty()));
                return None;
            }
            Some((*line, text, cells))
        })
        .map(|(line, text, cells)| {
            let ticked = done
                .and_then(|d| cells.get(d))
                .and_then(|c| values::marker(c))
                .is_some_and(|(m, _)| m == values::Marker::Green);
            control_label(&shorten(text, crate::domain::compliance::CONTROL_MAX))
                .map(|label| (label, ticked))
                .map_err(located(file, line, "Control"))
        })
        .collect::<Result<_>>()?;
    if unnamed > 0 {
        notes.push(format!(
            "{} without a control name left out",
            crate::domain::text::counted(unnamed, "row")
        ));
    }
    Ok(controls)
}

/// A RACI matrix (activities down, people across, cells of R, A, C and I) as stakeholder rows:
/// one per person, "why they care" listing what they are Responsible, Accountable, Consulted
/// and Informed for. `None` unless every filled cell right of the first column is RACI letters
/// and there are at least two people.
pub(super) fn raci_rows(table: &Table) -> Option<Vec<Cells>> {
    let people = table.header.get(1..)?;
    if people.len() < 2 || people.iter().any(|p| p.trim().is_empty()) {
        return None;
    }
    let letters = |cell: &str| -> Option<Vec<char>> {
        let found: Vec<char> = cell
            .split([',', '/', ' ', '+'])
            .filter(|part| !part.is_empty())
            .map(|part| {
                let mut chars = part.chars();
                match (chars.next().map(|c| c.to_ascii_uppercase()), chars.next()) {
                    (Some(c @ ('R' | 'A' | 'C' | 'I')), None) => Some(c),
                    _ => None,
                }
            })
            .collect::<Option<_>>()?;
        Some(found)
    };
    let mut any = false;
    for (_, cells) in &table.rows {
        for cell in cells.iter().skip(1) {
            if !cell.trim().is_empty() {
                letters(cell.trim())?;
                any = true;
            }
        }
    }
    if !any {
        return None;
    }
    let roles = [
        ('R', "Responsible for"),
        ('A', "Accountable for"),
        ('C', "Consulted on"),
        ('I', "Informed of"),
    ];
    let rows = people
        .iter()
        .enumerate()
        .map(|(column, person)| {
            let duties: Vec<String> = roles
                .iter()
                .filter_map(|(letter, phrase)| {
                    let activities: Vec<&str> = table
                        .rows
                        .iter()
                        .filter(|(_, cells)| {
                            cells
                                .get(column + 1)
                                .and_then(|c| letters(c.trim()))
                                .is_some_and(|l| l.contains(letter))
                        })
                        .filter_map(|(_, cells)| cells.first().map(|a| a.trim()))
                        .collect();
                    (!activities.is_empty()).then(|| format!("{phrase}: {}", activities.join(", ")))
                })
                .collect();
            let mut cells = Cells::new();
            cells.insert("stakeholder".into(), person.trim().to_owned());
            if !duties.is_empty() {
                cells.insert("whyTheyCare".into(), duties.join("\n"));
            }
            cells
        })
        .collect();
    Some(rows)
}

/// The scale a header names, e.g. "Current (0-10)" → (0, 10); `None` for 1–5 or none.
pub(super) fn scale_of(header: &str) -> Option<(u32, u32)> {
    let open = header.rfind('(')?;
    let inner = header[open + 1..].trim_end().strip_suffix(')')?;
    let (low, high) = inner.split_once(['-', '\u{2011}', '\u{2013}', '\u{2014}'])?;
    let (low, high) = (low.trim().parse().ok()?, high.trim().parse().ok()?);
    (high > low && (low, high) != (1, 5)).then_some((low, high))
}

/// A cell's number and the scale it is on: its own "7/10" or "7 of 10", else the header's.
pub(super) fn scaled_value(cell: &str, header: Option<(u32, u32)>) -> Option<(u32, (u32, u32))> {
    let t = cell.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    let rest = t[digits.len()..].trim();
    let own = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("of "))
        .and_then(|max| max.trim().parse::<u32>().ok())
        .filter(|max| *max != 5)
        .map(|max| (0, max));
    own.or(header).map(|scale| (n, scale))
}

/// `n` on `low..=high` mapped onto 1–5 (rounded); `None` when it lies outside its scale.
pub(super) fn rescale(n: u32, (low, high): (u32, u32)) -> Option<u32> {
    if n < low || n > high {
        return None;
    }
    let span = f64::from(high - low);
    let score = 1.0 + f64::from(n - low) * 4.0 / span;
    // The result lies in 1.0..=5.0, so the conversion cannot truncate.
    Some(score.round() as u32)
}
