//! End-to-end tests: the real Preflight window under WebDriver, and its CLI, on fresh databases.

mod accessibility;
mod agenda;
mod cli;
mod data;
mod dates;
mod gaps;
mod keyboard;
mod markdown;
mod projects;
mod reports;
mod review;
mod scorecard;
mod screens;
mod settings;
mod sharing;
mod tables;
mod workshop;

/// A project's tabs, each with the test id of an element that shows once its content has
/// loaded: what the screen-size and accessibility tests open in turn.
const TABS: [(&str, &str); 7] = [
    ("scorecard", "radar-chart"),
    ("milestones", "trend"),
    ("gaps", "gap-counts"),
    ("alignment", "table-alignment"),
    ("stakeholders", "table-stakeholders"),
    ("compliance", "compliance-snapshot"),
    ("about", "description"),
];
