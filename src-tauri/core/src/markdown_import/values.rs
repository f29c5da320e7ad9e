//! Reads the values people write in readiness docs' cells: 🟢/🟡/🔴 and ✅ markers and status
//! words, gap statuses and scores (dates are read in `dates`).

use crate::domain::gap::{GapStatus, Priority};

/// What a marker or status word says about readiness, from the compliance primer's legend
/// (🟢 Ready · 🟡 Partial · 🔴 Missing) and the readiness checklist's (🟢 complete ·
/// 🟡 in progress · 🔴 pending).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// Green: ready, complete, done, yes.
    Green,
    /// Amber: partial, in progress.
    Amber,
    /// Red: missing, none, pending, no.
    Red,
}

const GREEN_WORDS: &[&str] = &[
    "ready",
    "complete",
    "completed",
    "done",
    "finished",
    "yes",
    "verified",
    ":white_check_mark:",
    ":heavy_check_mark:",
    // German, French and Spanish, as teams there write their trackers.
    "erledigt",
    "fertig",
    "abgeschlossen",
    "ja",
    "terminé",
    "terminée",
    "oui",
    "hecho",
    "completado",
    "completada",
    "terminado",
    "sí",
];
const AMBER_WORDS: &[&str] = &[
    "partial",
    "in progress",
    "started",
    "wip",
    "doing",
    "in review",
    ":construction:",
    ":warning:",
    ":hourglass:",
    "in arbeit",
    "in bearbeitung",
    "teilweise",
    "en cours",
    "partiel",
    "partielle",
    "en progreso",
    "en curso",
    "parcial",
];
const RED_WORDS: &[&str] = &[
    "missing",
    "none",
    "pending",
    "no",
    "not started",
    "not done",
    "open",
    "todo",
    "to do",
    ":x:",
    "offen",
    "ausstehend",
    "fehlt",
    "nein",
    "nicht begonnen",
    "ouvert",
    "à faire",
    "manquant",
    "en attente",
    "abierto",
    "pendiente",
    "falta",
    "sin empezar",
];

/// The priority a word names: High, Critical, Must have, P0 or P1 → critical; Medium, Should
/// have or P2 → recommended; Low, Nice to have, Could have or P3 → optional; and the same
/// three levels in German, French and Spanish (Hoch / Mittel / Niedrig, Haute / Moyenne /
/// Basse, Alta / Media / Baja).
pub fn priority_word(word: &str) -> Option<Priority> {
    match super::columns::normalise(word).as_str() {
        "high" | "critical" | "must have" | "must" | "p0" | "p1" | "hoch" | "kritisch"
        | "haute" | "élevée" | "critique" | "alta" | "crítica" | "crítico" => {
            Some(Priority::Critical)
        }
        "medium" | "should have" | "should" | "p2" | "mittel" | "moyenne" | "media" | "medio" => {
            Some(Priority::Recommended)
        }
        "low" | "nice to have" | "could have" | "p3" | "niedrig" | "gering" | "basse"
        | "faible" | "baja" | "bajo" => Some(Priority::Optional),
        _ => None,
    }
}

/// Whole cells that tick a box in a "Done" column: `x`, `[x]`, `true`, `yes`, or leave it
/// empty: `[ ]`, `false`. Only the whole cell counts ("x-ray" is no tick).
const TICKS: [(&str, Marker); 5] = [
    ("x", Marker::Green),
    ("[x]", Marker::Green),
    ("true", Marker::Green),
    ("[ ]", Marker::Red),
    ("false", Marker::Red),
];

/// Reads a marker from the start of `text` — an emoji (🟢 🟩 ✅ ✔ / 🟡 🟨 🟠 🚧 ⚠️ / 🔴 🟥 ❌) or a status
/// word — and returns it with the rest of the text. The rest is empty when it only repeated
/// the marker in words ("🔴 None"). `None` when the text starts with neither.
pub fn marker(text: &str) -> Option<(Marker, String)> {
    let text = text.trim();
    if let Some((_, tick)) = TICKS.iter().find(|(t, _)| text.eq_ignore_ascii_case(t)) {
        return Some((*tick, String::new()));
    }
    let emoji = [
        ("\u{1f7e2}", Marker::Green),
        ("\u{2705}", Marker::Green),
        ("\u{2714}\u{fe0f}", Marker::Green),
        ("\u{2714}", Marker::Green),
        ("\u{2611}", Marker::Green),
        ("\u{2713}", Marker::Green),
        ("\u{1f7e9}", Marker::Green),
        ("\u{1f7e1}", Marker::Amber),
        ("\u{1f7e8}", Marker::Amber),
        ("\u{1f7e7}", Marker::Amber),
        ("\u{1f6a7}", Marker::Amber),
        ("\u{26a0}\u{fe0f}", Marker::Amber),
        ("\u{26a0}", Marker::Amber),
        ("\u{1f7e0}", Marker::Amber),
        ("\u{1f504}", Marker::Amber),
        ("\u{23f3}", Marker::Amber),
        ("\u{1f534}", Marker::Red),
        ("\u{1f7e5}", Marker::Red),
        ("\u{274c}", Marker::Red),
        ("\u{2b1c}", Marker::Red),
        ("\u{2610}", Marker::Red),
        ("\u{2718}", Marker::Red),
        ("\u{2717}", Marker::Red),
    ];
    let (found, rest) = match emoji.iter().find(|(e, _)| text.starts_with(e)) {
        Some((e, m)) => (Some(*m), text[e.len()..].trim()),
        None => (None, text),
    };
    let word = [
        (GREEN_WORDS, Marker::Green),
        (AMBER_WORDS, Marker::Amber),
        (RED_WORDS, Marker::Red),
    ]
    .iter()
    .find_map(|(words, m)| {
        words
            .iter()
            .find(|w| starts_with_word(rest, w))
            .map(|w| (w.len(), *m))
    });
    match (found, word) {
        // "🟡 Partial — DPA pending": the word repeats the marker; keep what follows it.
        (Some(m), Some((len, _))) | (None, Some((len, m))) => {
            let rest = rest[len..].trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '\u{2013}' | '\u{2014}' | ':' | ';' | ',')
            });
            Some((m, rest.trim().to_owned()))
        }
        (Some(m), None) => Some((m, rest.to_owned())),
        (None, None) => None,
    }
}

/// True when `text` starts with the ASCII word `word`, ignoring case, followed by a
/// non-alphanumeric character or the end. Compares bytes of `text` itself, so the length of
/// `word` is a valid place to cut `text` afterwards.
pub fn starts_with_word(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
        && text[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// The gap status a marker or status word stands for, with the rest of the text; "deferred"
/// and ⏸ too ("Deferred – until Series B" → deferred, "until Series B").
pub fn gap_status(text: &str) -> Option<(GapStatus, String)> {
    let text = text.trim();
    let deferred = [
        "deferred",
        "zurückgestellt",
        "verschoben",
        "reporté",
        "aplazado",
        "pospuesto",
        "\u{23f8}\u{fe0f}",
        "\u{23f8}",
    ]
    .into_iter()
    .find(|w| {
        text.get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w))
    });
    if let Some(word) = deferred {
        let rest = text[word.len()..]
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '-' | '\u{2013}' | '\u{2014}' | ',')
            })
            .trim_end();
        return Some((GapStatus::Deferred, rest.to_owned()));
    }
    marker(text).map(|(m, rest)| {
        let status = match m {
            Marker::Green => GapStatus::Done,
            Marker::Amber => GapStatus::InProgress,
            Marker::Red => GapStatus::Open,
        };
        (status, rest)
    })
}

/// Replaces the hyphen look-alikes people paste into dates (U+2010–U+2015, U+2212) with `-`.
pub(super) fn plain_hyphens(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .collect()
}

/// Reads a 1–5 score: "3", "3/5", "3 of 5", "**3**". `Err` with the text for anything else;
/// `Ok(None)` for an empty cell.
pub fn score(text: &str) -> Result<Option<u8>, String> {
    let t = text.trim();
    if t.is_empty() || t == "-" || t == "\u{2014}" {
        return Ok(None);
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim();
    let tail_ok = rest.is_empty() || rest == "/5" || rest == "/ 5" || rest == "of 5";
    match digits.parse::<u8>() {
        Ok(n) if (1..=5).contains(&n) && tail_ok => Ok(Some(n)),
        _ => Err(format!(
            "must be a whole number from 1 to 5 (got \u{201c}{t}\u{201d})"
        )),
    }
}
