//! Recognises a Markdown table by its header row; the values in its cells are read by
//! [`super::values`].
//!
//! Headers are compared after [`normalise`], so "Goal / Outcome", "Goal / outcome" and
//! "goal/outcome" are the same column, "Current Score (1‑5)" (with U+2011) matches
//! "current score", and "What “Success” Looks Like" matches "what success looks like".

use super::values::plain_hyphens;
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

    /// The key of the destination's free-text field, where words without a place of their own
    /// go ("Scope: EU only"); `None` for the data inventory, which has none.
    pub fn notes_field(self) -> Option<&'static str> {
        match self {
            Destination::Scorecard => Some(key::EVIDENCE),
            Destination::Gaps => Some(key::NOTES),
            Destination::Table(TableKind::Alignment | TableKind::Stakeholders) => Some("risks"),
            Destination::Table(TableKind::Triggers) => Some("gaps"),
            Destination::Table(TableKind::Vendors) => Some("actions"),
            Destination::Table(TableKind::Reviews) => Some("findings"),
            Destination::Table(TableKind::DataInventory) => None,
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

// With the words German, French and Spanish trackers use for the same columns.
const GAPS: Spellings = &[
    (
        key::STATUS,
        &["status", "state", "done", "statut", "état", "estado"],
    ),
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
            "titel",
            "aufgabe",
            "maßnahme",
            "titre",
            "tâche",
            "título",
            "tarea",
        ],
    ),
    (key::PILLAR, &["pillar"]),
    (
        key::CATEGORY,
        &[
            "category",
            "section",
            "area",
            "kategorie",
            "bereich",
            "catégorie",
            "categoría",
        ],
    ),
    (
        key::PRIORITY,
        &[
            "priority",
            "severity",
            "level",
            "impact",
            "priorität",
            "priorité",
            "prioridad",
        ],
    ),
    (
        key::OWNER,
        &[
            "owner",
            "assignee",
            "responsible",
            "verantwortlich",
            "zuständig",
            "responsable",
        ],
    ),
    (
        key::DUE,
        &[
            "due date",
            "due",
            "deadline",
            "fällig",
            "fällig am",
            "fälligkeit",
            "frist",
            "échéance",
            "date d'échéance",
            "date limite",
            "fecha límite",
            "vencimiento",
            "fecha de vencimiento",
        ],
    ),
    (
        key::NOTES,
        &[
            "notes",
            "description",
            "comment",
            "comments",
            "mitigation",
            "details",
            "notizen",
            "bemerkungen",
            "beschreibung",
            "kommentar",
            "remarques",
            "commentaires",
            "notas",
            "comentarios",
            "descripción",
            "observaciones",
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
