//! Recognises a Markdown table by its header row and reads the marker-style values people
//! write in readiness docs: 🟢/🟡/🔴 and ✅ markers, status words and dates written with
//! non-breaking hyphens.
//!
//! Headers are compared after [`normalise`], so "Goal / Outcome", "Goal / outcome" and
//! "goal/outcome" are the same column, "Current Score (1‑5)" (with U+2011) matches
//! "current score", and "What “Success” Looks Like" matches "what success looks like".

use chrono::NaiveDate;

use crate::domain::gap::GapStatus;
use crate::domain::tables::TableKind;

/// Where a table's rows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Pillars of the readiness scorecard.
    Scorecard,
    /// Gaps of the gap tracker.
    Gaps,
    /// Rows of one of the project's tables.
    Table(TableKind),
}

impl Destination {
    /// The name shown in the import summary, e.g. "Readiness scorecard".
    pub fn title(self) -> &'static str {
        match self {
            Destination::Scorecard => "Readiness scorecard",
            Destination::Gaps => "Gap tracker",
            Destination::Table(kind) => kind.title(),
        }
    }
}

/// Field keys of the scorecard and gap destinations (table destinations use column keys).
pub mod key {
    /// Pillar name.
    pub const PILLAR: &str = "pillar";
    /// Current score.
    pub const CURRENT: &str = "currentScore";
    /// Target score.
    pub const TARGET: &str = "targetScore";
    /// Evidence / notes.
    pub const EVIDENCE: &str = "evidence";
    /// Owner.
    pub const OWNER: &str = "owner";
    /// Next checkpoint.
    pub const CHECKPOINT: &str = "nextCheckpoint";
    /// Gap title.
    pub const TITLE: &str = "title";
    /// Gap category.
    pub const CATEGORY: &str = "category";
    /// Gap priority.
    pub const PRIORITY: &str = "priority";
    /// Gap status.
    pub const STATUS: &str = "status";
    /// Gap due date.
    pub const DUE: &str = "dueDate";
    /// Gap notes.
    pub const NOTES: &str = "notes";
    /// Why a gap was deferred.
    pub const DEFERRED_BECAUSE: &str = "deferredBecause";
    /// When to look at a deferred gap again.
    pub const REVISIT: &str = "revisitOn";
}

/// The header spellings each field answers to, after [`normalise`]. The first entry of each
/// destination is its anchor: a table is only recognised when the anchor is present.
type Spellings = &'static [(&'static str, &'static [&'static str])];

const SCORECARD: Spellings = &[
    (
        key::PILLAR,
        &["pillar", "domain", "area", "capability", "dimension"],
    ),
    (key::CURRENT, &["current score", "current", "score"]),
    (key::TARGET, &["target score", "target"]),
    (key::EVIDENCE, &["evidence / notes", "evidence", "notes"]),
    (key::OWNER, &["owner"]),
    (key::CHECKPOINT, &["next checkpoint", "checkpoint"]),
];

const GAPS: Spellings = &[
    (key::STATUS, &["status", "state", "done"]),
    (
        key::TITLE,
        &[
            "gap",
            "title",
            "item",
            "task",
            "check name",
            "check",
            "risk",
            "requirement",
            "name",
        ],
    ),
    (key::PILLAR, &["pillar"]),
    (key::CATEGORY, &["category", "section", "area"]),
    (key::PRIORITY, &["priority", "severity", "level", "impact"]),
    (key::OWNER, &["owner", "assignee", "responsible"]),
    (key::DUE, &["due date", "due", "deadline"]),
    (
        key::NOTES,
        &[
            "notes",
            "description",
            "comment",
            "comments",
            "mitigation",
            "details",
        ],
    ),
    (key::DEFERRED_BECAUSE, &["deferred because", "defer reason"]),
    (key::REVISIT, &["revisit on", "revisit"]),
];

const ALIGNMENT: Spellings = &[
    ("goal", &["goal / outcome", "goal", "outcome"]),
    ("successMetric", &["success metric", "metric"]),
    (
        "guardrail",
        &["deadline / guardrail", "deadline", "guardrail"],
    ),
    ("stakeholders", &["stakeholders"]),
    (
        "risks",
        &["risks & mitigations", "risks / mitigations", "risks"],
    ),
];

const STAKEHOLDERS: Spellings = &[
    (
        "stakeholder",
        &["stakeholder / role", "stakeholder", "name", "role"],
    ),
    (
        "whyTheyCare",
        &["why they care", "key concerns", "concerns", "interests"],
    ),
    ("success", &["what success looks like", "success"]),
    (
        "cadence",
        &[
            "communication cadence & channel",
            "cadence",
            "channel",
            "engagement strategy",
            "communication",
        ],
    ),
    (
        "risks",
        &["risks / open questions", "open questions", "risks"],
    ),
    ("owner", &["owner"]),
];

const DATA_INVENTORY: Spellings = &[
    ("category", &["data category"]),
    ("source", &["source"]),
    ("storage", &["storage location", "storage"]),
    ("retention", &["retention policy", "retention"]),
    ("access", &["access roles", "access"]),
    ("classification", &["classification"]),
];

const TRIGGERS: Spellings = &[
    (
        "standard",
        &[
            "standard / law",
            "potential regulation",
            "regulation",
            "standard",
            "law",
        ],
    ),
    (
        "why",
        &["why it applies", "data / feature area", "feature area"],
    ),
    ("controls", &["required controls", "controls"]),
    ("readiness", &["current readiness", "readiness"]),
    ("proof", &["proof / references", "proof", "references"]),
    (
        "gaps",
        &[
            "gaps & next actions",
            "next actions",
            "status / notes",
            "gaps",
        ],
    ),
    ("owner", &["owner"]),
    ("reviewDate", &["review date"]),
];

const VENDORS: Spellings = &[
    ("vendor", &["vendor", "vendors"]),
    ("dataShared", &["data shared"]),
    (
        "verified",
        &[
            "compliance status verified",
            "compliance verified",
            "verified",
        ],
    ),
    ("actions", &["action items", "actions"]),
];

const REVIEWS: Spellings = &[
    ("reviewer", &["reviewer"]),
    ("date", &["date"]),
    (
        "findings",
        &["key changes / findings", "findings", "key changes"],
    ),
];

const DESTINATIONS: [(Destination, Spellings); 8] = [
    (Destination::Scorecard, SCORECARD),
    (Destination::Gaps, GAPS),
    (Destination::Table(TableKind::Alignment), ALIGNMENT),
    (Destination::Table(TableKind::Stakeholders), STAKEHOLDERS),
    (Destination::Table(TableKind::DataInventory), DATA_INVENTORY),
    (Destination::Table(TableKind::Triggers), TRIGGERS),
    (Destination::Table(TableKind::Vendors), VENDORS),
    (Destination::Table(TableKind::Reviews), REVIEWS),
];

/// A recognised table: where it goes and which field each header column fills (`None` for a
/// column that has no place there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    /// Where the rows go.
    pub destination: Destination,
    /// Per header column, the field key it fills.
    pub fields: Vec<Option<&'static str>>,
}

/// Lower case, one kind of hyphen, no quotes, question marks or trailing parenthetical, single
/// spaces, and spaces around `/`.
pub fn normalise(header: &str) -> String {
    // No-break spaces need no mapping: `split_whitespace` below treats them as spaces.
    let mut text: String = plain_hyphens(header)
        .chars()
        .filter(|c| !matches!(c, '"' | '\u{201c}' | '\u{201d}' | '?' | '*' | '`'))
        .collect::<String>()
        .to_lowercase();
    if let (Some(open), true) = (text.rfind('('), text.trim_end().ends_with(')')) {
        if open > 0 {
            text.truncate(open);
        }
    }
    let text = text.replace('/', " / ").replace(" and ", " & ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds where a table with `header` goes: the destination whose anchor column is present and
/// that places the most columns; `None` when no destination's anchor is there. A scorecard needs
/// a score column and gaps need a title or pillar column, so the readiness checklist
/// ("Pillar | Status | Notes") becomes gaps and not pillars.
pub fn recognise(header: &[String]) -> Option<Recognised> {
    recognise_among(header, &DESTINATIONS)
}

/// As [`recognise`], but only as `destination` (the table the user named, as in
/// `import-csv --table gaps`); `None` when the header lacks that destination's anchor column.
pub fn recognise_as(destination: Destination, header: &[String]) -> Option<Recognised> {
    let chosen: Vec<(Destination, Spellings)> = DESTINATIONS
        .iter()
        .copied()
        .filter(|(d, _)| *d == destination)
        .collect();
    recognise_among(header, &chosen)
}

fn recognise_among(
    header: &[String],
    destinations: &[(Destination, Spellings)],
) -> Option<Recognised> {
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut best: Option<(usize, Recognised)> = None;
    for &(destination, spellings) in destinations {
        let mut fields: Vec<Option<&'static str>> = vec![None; header.len()];
        for (key, names) in spellings {
            // Earlier spellings win: "Status / Notes" is the notes column, not the status.
            let column = names.iter().find_map(|name| {
                normalised
                    .iter()
                    .enumerate()
                    .find(|(i, h)| fields[*i].is_none() && *h == name)
                    .map(|(i, _)| i)
            });
            if let Some(i) = column {
                fields[i] = Some(key);
            }
        }
        let has = |k: &str| fields.contains(&Some(k));
        let usable = match destination {
            Destination::Scorecard => has(key::PILLAR) && has(key::CURRENT),
            // A task table needs a status or a priority beside its title ("Task | Owner |
            // Status", "Check name | Description | Level", "Risk | Severity | Mitigation").
            Destination::Gaps => {
                (has(key::TITLE) && (has(key::STATUS) || has(key::PRIORITY)))
                    || (has(key::PILLAR) && has(key::STATUS))
            }
            Destination::Table(_) => has(spellings[0].0),
        };
        let placed = fields.iter().flatten().count();
        if usable && best.as_ref().is_none_or(|(n, _)| placed > *n) {
            best = Some((
                placed,
                Recognised {
                    destination,
                    fields,
                },
            ));
        }
    }
    best.map(|(_, r)| r)
}

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
];
const AMBER_WORDS: &[&str] = &[
    "partial",
    "in progress",
    "started",
    "wip",
    "doing",
    "in review",
    ":construction:",
    ":hourglass:",
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
];

/// Reads a marker from the start of `text` — an emoji (🟢 ✅ ✔ / 🟡 🟠 / 🔴 ❌) or a status
/// word — and returns it with the rest of the text. The rest is empty when it only repeated
/// the marker in words ("🔴 None"). `None` when the text starts with neither.
pub fn marker(text: &str) -> Option<(Marker, String)> {
    let text = text.trim();
    let emoji = [
        ("\u{1f7e2}", Marker::Green),
        ("\u{2705}", Marker::Green),
        ("\u{2714}\u{fe0f}", Marker::Green),
        ("\u{2714}", Marker::Green),
        ("\u{2611}", Marker::Green),
        ("\u{2713}", Marker::Green),
        ("\u{1f7e1}", Marker::Amber),
        ("\u{1f7e0}", Marker::Amber),
        ("\u{1f504}", Marker::Amber),
        ("\u{23f3}", Marker::Amber),
        ("\u{1f534}", Marker::Red),
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

/// The gap status a marker or status word stands for; `deferred` too.
pub fn gap_status(text: &str) -> Option<(GapStatus, String)> {
    let lower = text.trim().to_lowercase();
    if lower.starts_with("deferred") || lower.starts_with("\u{23f8}") {
        return Some((GapStatus::Deferred, String::new()));
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
fn plain_hyphens(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .collect()
}

/// Reads a date cell: `2026‑01‑01` with any hyphen look-alike, or text holding exactly one
/// `YYYY-MM-DD` date ("Example: 2026‑01‑01"). Returns the date and whether other text was
/// around it; `None` when there is no date in the text.
pub fn date(text: &str) -> Option<(NaiveDate, bool)> {
    let plain = plain_hyphens(text.trim());
    if let Ok(d) = NaiveDate::parse_from_str(&plain, "%Y-%m-%d") {
        return Some((d, false));
    }
    let bytes = plain.as_bytes();
    let found: Vec<NaiveDate> = (0..bytes.len().saturating_sub(9))
        .filter(|&i| {
            plain.is_char_boundary(i)
                && plain.is_char_boundary(i + 10)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit())
        })
        .filter_map(|i| NaiveDate::parse_from_str(&plain[i..i + 10], "%Y-%m-%d").ok())
        .collect();
    match found.as_slice() {
        [only] => Some((*only, true)),
        _ => None,
    }
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
