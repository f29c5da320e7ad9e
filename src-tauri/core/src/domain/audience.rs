//! Audiences: who a report is for, and so what it holds and what it holds back. A board wants
//! two pages, an auditor wants evidence, a pilot customer must not see internal notes or who on
//! the team owns what. Four audiences are built in; users save their own (kept app-wide).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::required_line;
use crate::error::{CoreError, Result};
use crate::report::Paper;

/// Longest audience name, in characters.
pub const NAME_MAX: usize = 60;
/// Longest recipient ("Acme Capital, Q4 board pack"), in characters.
pub const RECIPIENT_MAX: usize = 200;

/// One part of a report, in the order an audience lists them.
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportPart {
    /// The cover: title band, North Star, figures at a glance, launch blockers, contents.
    Cover,
    /// The board's first page: North Star and stage with the proof-of-concept decision,
    /// summary tiles and a small radar.
    BoardSummary,
    /// The five most pressing launch blockers with owner and due date.
    TopBlockers,
    /// What changed since the last report to the same audience: scores that moved, gaps
    /// closed and opened, new launch blockers, a changed decision.
    SinceLast,
    /// The scorecard: North Star, tiles, radar, and the pillar table with evidence.
    Scorecard,
    /// The latest workshop's results.
    Workshop,
    /// The North Star alignment table.
    Alignment,
    /// The stakeholder canvas.
    Stakeholders,
    /// The compliance notes in full: snapshot, data inventory, triggers, vendors, baseline
    /// controls, reviews.
    Compliance,
    /// Regulatory triggers with their readiness, and the baseline controls.
    RegulatoryReadiness,
    /// The gap tracker: launch blockers, progress by category, every gap.
    Gaps,
    /// Each pillar's evidence and each gap's notes in full.
    EvidenceAppendix,
}

impl ReportPart {
    /// Every part, in the order the window offers them for an audience of one's own.
    pub const ALL: [ReportPart; 12] = [
        ReportPart::Cover,
        ReportPart::BoardSummary,
        ReportPart::TopBlockers,
        ReportPart::SinceLast,
        ReportPart::Scorecard,
        ReportPart::Workshop,
        ReportPart::Alignment,
        ReportPart::Stakeholders,
        ReportPart::Compliance,
        ReportPart::RegulatoryReadiness,
        ReportPart::Gaps,
        ReportPart::EvidenceAppendix,
    ];

    /// The full report's parts in print order, which the team's audience prints too (with the
    /// internal notes).
    pub const FULL_REPORT: [ReportPart; 7] = [
        ReportPart::Cover,
        ReportPart::Scorecard,
        ReportPart::Workshop,
        ReportPart::Alignment,
        ReportPart::Stakeholders,
        ReportPart::Compliance,
        ReportPart::Gaps,
    ];

    /// What the part is, for "included" and "held back" lists.
    pub fn label(self) -> &'static str {
        match self {
            ReportPart::Cover => "cover with the figures at a glance",
            ReportPart::BoardSummary => "North Star, stage and readiness at a glance",
            ReportPart::TopBlockers => "the top 5 launch blockers",
            ReportPart::SinceLast => "what changed since the last report",
            ReportPart::Scorecard => "scorecard with evidence",
            ReportPart::Workshop => "workshop results",
            ReportPart::Alignment => "North Star alignment",
            ReportPart::Stakeholders => "stakeholder canvas",
            ReportPart::Compliance => "compliance notes in full (with the vendor table)",
            ReportPart::RegulatoryReadiness => "regulatory triggers and baseline controls",
            ReportPart::Gaps => "gap tracker",
            ReportPart::EvidenceAppendix => "evidence appendix",
        }
    }
}

/// Who a report is for: its parts in order, what it redacts, and its paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Audience {
    /// `board`, `team`, `auditor`, `customer`, or a saved audience's id (its name in
    /// lower-case kebab form).
    pub id: String,
    /// The name shown and printed, e.g. "Board".
    pub name: String,
    /// The parts, in print order.
    pub parts: Vec<ReportPart>,
    /// Whether the team's internal notes are printed.
    pub internal_notes: bool,
    /// Whether owner names are printed.
    pub owners: bool,
    /// Whether gap notes are printed.
    pub gap_notes: bool,
    /// The paper this audience gets, or `None` for the one chosen at export.
    pub paper: Option<Paper>,
    /// True for the four audiences every Preflight has.
    pub built_in: bool,
}

/// The ids of the built-in audiences.
pub const BUILT_IN_IDS: [&str; 4] = ["board", "team", "auditor", "customer"];

impl Audience {
    /// The four built-in audiences: board, team, auditor, customer.
    pub fn built_in() -> [Audience; 4] {
        use ReportPart as P;
        let audience = |id: &str, name: &str, parts: Vec<ReportPart>| Audience {
            id: id.to_owned(),
            name: name.to_owned(),
            parts,
            internal_notes: false,
            owners: true,
            gap_notes: true,
            paper: None,
            built_in: true,
        };
        [
            audience(
                "board",
                "Board",
                vec![P::BoardSummary, P::TopBlockers, P::SinceLast],
            ),
            Audience {
                internal_notes: true,
                ..audience("team", "Team", P::FULL_REPORT.to_vec())
            },
            audience(
                "auditor",
                "Auditor",
                vec![
                    P::SinceLast,
                    P::Scorecard,
                    P::Compliance,
                    P::EvidenceAppendix,
                ],
            ),
            Audience {
                owners: false,
                gap_notes: false,
                ..audience(
                    "customer",
                    "Customer",
                    // The summary page first: a customer opens a report with its title.
                    vec![P::BoardSummary, P::SinceLast, P::RegulatoryReadiness],
                )
            },
        ]
    }

    /// The built-in audience with this id, if any.
    pub fn built_in_by_id(id: &str) -> Option<Audience> {
        Audience::built_in().into_iter().find(|a| a.id == id)
    }

    /// The title printed on the report and in its footers, e.g. "Report to the board".
    pub fn title(&self) -> String {
        match self.id.as_str() {
            "board" => "Report to the board".to_owned(),
            "team" => "Team readiness report".to_owned(),
            "auditor" => "Readiness evidence for the auditor".to_owned(),
            "customer" => "Readiness summary for customers".to_owned(),
            _ => format!("Readiness report for {}", self.name),
        }
    }

    /// Whether exports for this audience are logged (every audience but the team's own).
    pub fn logged(&self) -> bool {
        self.id != "team"
    }

    /// What a report for this audience holds, in print order, as phrases for the Export menu.
    pub fn included(&self) -> Vec<String> {
        let mut out: Vec<String> = self.parts.iter().map(|p| p.label().to_owned()).collect();
        if self.internal_notes {
            out.push("the team's internal notes".to_owned());
        }
        out
    }

    /// What a report for this audience holds back, as phrases for the Export menu: the parts
    /// it leaves out and what it redacts.
    pub fn held_back(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.internal_notes {
            out.push("internal notes".to_owned());
        }
        if !self.owners {
            out.push("owner names".to_owned());
        }
        if !self.gap_notes {
            out.push("gap notes".to_owned());
        }
        let has = |p: ReportPart| self.parts.contains(&p);
        if !has(ReportPart::Compliance) {
            out.push("the vendor table".to_owned());
        }
        let shown_elsewhere = |p: ReportPart| match p {
            // A cover or the board's page already shows what the other would.
            ReportPart::Cover => has(ReportPart::BoardSummary),
            ReportPart::BoardSummary => has(ReportPart::Cover) || has(ReportPart::Scorecard),
            ReportPart::TopBlockers => has(ReportPart::Gaps) || has(ReportPart::Cover),
            ReportPart::RegulatoryReadiness => has(ReportPart::Compliance),
            // Only reports that are logged can say what changed since the last one.
            ReportPart::SinceLast => !self.logged(),
            _ => false,
        };
        out.extend(
            ReportPart::ALL
                .into_iter()
                .filter(|p| !has(*p) && !shown_elsewhere(*p))
                .map(|p| p.label().to_owned()),
        );
        out
    }

    /// Checks an audience a user saves: a name, at least one part, no part twice, not one of
    /// the built-in names. Returns it with its id made from the name and `built_in` false.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `name` (empty, too long, or a built-in audience's name) or
    /// `parts` (none, or one listed twice).
    pub fn validate(&self) -> Result<Audience> {
        let name = required_line("name", &self.name, NAME_MAX)?;
        let id = crate::files::slug(&name);
        if BUILT_IN_IDS.contains(&id.as_str()) {
            return Err(CoreError::invalid(
                "name",
                format!("\u{201c}{name}\u{201d} is a built-in audience; choose another name"),
            ));
        }
        if self.parts.is_empty() {
            return Err(CoreError::invalid(
                "parts",
                "choose at least one part for the report",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = self.parts.iter().find(|p| !seen.insert(**p)) {
            return Err(CoreError::invalid(
                "parts",
                format!("\u{201c}{}\u{201d} is listed twice", twice.label()),
            ));
        }
        Ok(Audience {
            id,
            name,
            built_in: false,
            ..self.clone()
        })
    }
}

/// An audience with what its report includes and holds back, for the window to show before
/// saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AudienceSummary {
    /// The audience.
    pub audience: Audience,
    /// See [`Audience::included`].
    pub included: Vec<String>,
    /// See [`Audience::held_back`].
    pub held_back: Vec<String>,
    /// See [`Audience::logged`].
    pub logged: bool,
}

impl From<Audience> for AudienceSummary {
    fn from(audience: Audience) -> Self {
        AudienceSummary {
            included: audience.included(),
            held_back: audience.held_back(),
            logged: audience.logged(),
            audience,
        }
    }
}

/// Checks a recipient: trimmed, one line, at most [`RECIPIENT_MAX`] characters; empty is none.
///
/// # Errors
/// [`CoreError::Invalid`] on `recipient`.
pub fn recipient(text: &str) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.contains(['\n', '\r']) {
        return Err(CoreError::invalid("recipient", "must be one line"));
    }
    let count = trimmed.chars().count();
    if count > RECIPIENT_MAX {
        return Err(CoreError::invalid(
            "recipient",
            format!("must be at most {RECIPIENT_MAX} characters (got {count})"),
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_audiences_hold_back_what_their_readers_must_not_see() {
        let [board, team, auditor, customer] = Audience::built_in();
        assert!(team.internal_notes && !team.logged());
        for a in [&board, &auditor, &customer] {
            assert!(!a.internal_notes && a.logged(), "{}", a.id);
            assert!(a.held_back().contains(&"internal notes".to_owned()));
        }
        assert!(!customer.owners && !customer.gap_notes);
        let held = customer.held_back();
        for hidden in [
            "owner names",
            "gap notes",
            "the vendor table",
            "gap tracker",
        ] {
            assert!(held.contains(&hidden.to_owned()), "{hidden}: {held:?}");
        }
        assert!(team
            .included()
            .contains(&"the team's internal notes".to_owned()));
        assert!(auditor.included().contains(&"evidence appendix".to_owned()));
        assert!(
            !team.held_back().iter().any(|h| h.contains("changed since")),
            "the team's report is not logged, so there is no last one"
        );
        assert_eq!(Audience::built_in_by_id("board"), Some(board));
        assert_eq!(Audience::built_in_by_id("investors"), None);
    }

    #[test]
    fn a_saved_audience_needs_a_free_name_and_distinct_parts() {
        let mut mine = Audience {
            id: String::new(),
            name: "  Pilot partners ".into(),
            parts: vec![ReportPart::BoardSummary, ReportPart::Gaps],
            internal_notes: false,
            owners: false,
            gap_notes: true,
            paper: Some(Paper::Letter),
            built_in: true,
        };
        let valid = mine.validate().unwrap();
        assert_eq!(
            (valid.id.as_str(), valid.name.as_str()),
            ("pilot-partners", "Pilot partners")
        );
        assert!(!valid.built_in);
        mine.name = "BOARD".into();
        assert_eq!(mine.validate().unwrap_err().field(), Some("name"));
        mine.name = "Pilot partners".into();
        mine.parts.push(ReportPart::Gaps);
        assert_eq!(mine.validate().unwrap_err().field(), Some("parts"));
        mine.parts.clear();
        assert_eq!(mine.validate().unwrap_err().field(), Some("parts"));
        assert_eq!(recipient("  Acme Capital ").unwrap(), "Acme Capital");
        assert!(recipient("a\nb").is_err());
        assert!(recipient(&"x".repeat(201)).is_err());
    }
}
