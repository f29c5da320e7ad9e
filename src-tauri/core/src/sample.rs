//! The sample project created on the window's first start, so the app is never empty.
//!
//! It describes a believable product — a clinic-booking pilot — and grows with each feature so
//! that it demonstrates all of them.

use chrono::NaiveDate;

use uuid::Uuid;

use crate::domain::compliance::SnapshotDraft;
use crate::domain::gap::DeferReason;
use crate::domain::tables::{Cells, TableKind};
use crate::domain::{Gap, GapDraft, GapStatus, PillarDraft, ProjectDraft, Stage};

/// The sample project's name.
pub const NAME: &str = "Northwind Pilot \u{2014} readiness";

/// The sample project's editable fields.
pub fn project() -> ProjectDraft {
    ProjectDraft {
        name: NAME.to_owned(),
        description: "Online appointment booking for Northwind's three pilot clinics in \
                      São Paulo, Lyon and Kraków. Owned by Zoë Łukasiewicz (product) and \
                      Søren Dahl (platform). Goal: move from pilot to paid production by Q2."
            .to_owned(),
        stage: Stage::Pilot,
        north_star: "Clinics book and change appointments every day without customer-visible \
                     downtime or lost bookings."
            .to_owned(),
        leading_metric: "p95 booking API latency < 400 ms; 99.9% of bookings confirmed".to_owned(),
        time_box_end: None,
        decision: None,
        success_criteria: Some(vec![
            "Can a clinic move all its bookings to Northwind within one week?".to_owned(),
            "Do confirmations arrive within a minute for 99.9% of bookings?".to_owned(),
        ]),
    }
}

/// One step of the sample scorecard's history: the eight pillars' drafts, and the milestone
/// taken right after (none for the last step, which is the scorecard as it is now).
pub struct HistoryStep {
    /// The milestone name and date, if this step was frozen as one.
    pub milestone: Option<(String, NaiveDate)>,
    /// The drafts of the 8-pillar framework's pillars, in order.
    pub pillars: Vec<PillarDraft>,
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Builds one pillar draft: name, current score, target, evidence, owner, checkpoint.
fn pillar(
    name: &str,
    current: Option<u8>,
    target: u8,
    evidence: &str,
    owner: &str,
    checkpoint: &str,
) -> PillarDraft {
    PillarDraft {
        name: name.to_owned(),
        description: String::new(),
        current_score: current.map(f64::from),
        target_score: Some(f64::from(target)),
        evidence: evidence.to_owned(),
        owner: owner.to_owned(),
        next_checkpoint: Some(checkpoint.to_owned()),
    }
}

/// The sample scorecard: "Day 0", "v0.2 core hardened", and now — so compare and trend show
/// real movement.
pub fn scorecard_history() -> Vec<HistoryStep> {
    const ZOE: &str = "Zoë Łukasiewicz";
    const SOREN: &str = "Søren Dahl";
    const AMARA: &str = "Amara Okafor";
    let names = [
        "Architectural clarity",
        "Configuration hygiene",
        "Testing safety net",
        "Automation & CI/CD",
        "Operational readiness",
        "Security posture",
        "Documentation & docs-as-code",
        "Post-launch rhythm",
    ];
    let step =
        |scores: [Option<u8>; 8], evidence: [&str; 8], checkpoint: &str| -> Vec<PillarDraft> {
            let owners = [ZOE, SOREN, AMARA, SOREN, SOREN, AMARA, ZOE, ZOE];
            (0..8)
                .map(|i| pillar(names[i], scores[i], 4, evidence[i], owners[i], checkpoint))
                .collect()
        };
    vec![
        HistoryStep {
            milestone: Some(("Day 0".to_owned(), day(2026, 9, 1).unwrap_or_default())),
            pillars: step(
                [
                    Some(2),
                    Some(1),
                    Some(2),
                    Some(1),
                    Some(1),
                    Some(1),
                    Some(2),
                    None,
                ],
                [
                    "Monolith with a booking module; boundaries only in our heads.",
                    "Secrets in a shared .env file; staging and production differ by hand.",
                    "One happy-path end-to-end test; no contract tests.",
                    "Manual deploys from a laptop.",
                    "console.log only; no dashboards or alerts.",
                    "API keys in .env; no dependency scanning.",
                    "README covers local setup only.",
                    "",
                ],
                "2026-10-15",
            ),
        },
        HistoryStep {
            milestone: Some((
                "v0.2 core hardened".to_owned(),
                day(2026, 10, 15).unwrap_or_default(),
            )),
            pillars: step(
                [
                    Some(3),
                    Some(3),
                    Some(3),
                    Some(3),
                    Some(2),
                    Some(2),
                    Some(2),
                    Some(1),
                ],
                [
                    "Booking, calendar and notification modules split; ADRs 001–004 written.",
                    "Secrets in the cloud secret store; per-environment config checked in.",
                    "Contract tests for the booking API; 68% line coverage on core.",
                    "CI builds, tests and deploys to staging on every merge.",
                    "Structured JSON logs; no alert routing yet.",
                    "Dependency scanning in CI; admin MFA still missing.",
                    "Runbook for restarts; architecture diagram outdated.",
                    "Weekly release notes started.",
                ],
                "2026-11-01",
            ),
        },
        HistoryStep {
            milestone: None,
            pillars: step(
                [
                    Some(4),
                    Some(4),
                    Some(3),
                    Some(4),
                    Some(3),
                    Some(2),
                    Some(3),
                    Some(2),
                ],
                [
                    "Module boundaries enforced by the build; ADRs reviewed each sprint.",
                    "Secrets rotated every 90 days; config validated at start-up.",
                    "Load test of 200 bookings/s passes; flaky calendar tests remain.",
                    "Canary deploys with automatic rollback on error budget burn.",
                    "Dashboards for p95 latency and confirmation rate; on-call rota being set up.",
                    "MFA on admin accounts; penetration test booked for December — launch blocker.",
                    "Docs site built from the repository; onboarding takes half a day.",
                    "Incident review template adopted; first monthly review held.",
                ],
                "2026-12-15",
            ),
        },
    ]
}

/// The pillar of the 8-pillar framework a gap category belongs to, for linking sample gaps.
fn pillar_for(category: &str) -> &'static str {
    match category {
        "Security" => "Security posture",
        "CI/CD" => "Automation & CI/CD",
        "Operations" => "Post-launch rhythm",
        "Configuration" => "Configuration hygiene",
        _ => "Operational readiness",
    }
}

/// How the sample project has triaged one gap of the POC-to-production template: owner,
/// status, due date, deferral and decision-filter answers. `None` leaves the gap untouched.
pub fn gap_triage(gap: &Gap, pillars: &[(Uuid, String)]) -> Option<GapDraft> {
    let mut d = gap.draft();
    d.pillar_id = pillars
        .iter()
        .find(|(_, name)| name == pillar_for(&gap.category))
        .map(|(id, _)| *id);
    let owner = |d: &mut GapDraft, who: &str| d.owner = who.to_owned();
    let defer = |d: &mut GapDraft, reason: DeferReason, revisit: &str| {
        d.status = GapStatus::Deferred;
        d.defer_reason = Some(reason);
        d.revisit_on = Some(revisit.to_owned());
        d.validates_architecture = Some(false);
        d.omission_invalidates = Some(false);
        d.incremental_later = Some(true);
    };
    match gap.title.as_str() {
        "Production-grade storage"
        | "DNS and TLS certificate management"
        | "Secrets manager"
        | "Health checks"
        | "Metrics stack"
        | "Centralised logs"
        | "Upgrade and rollback procedure" => {
            d.status = GapStatus::Done;
            owner(&mut d, "Søren Dahl");
        }
        "Load balancer with health checks" => {
            d.status = GapStatus::InProgress;
            owner(&mut d, "Søren Dahl");
            d.due_date = Some("2026-12-01".into());
        }
        "Least-privilege access" => {
            owner(&mut d, "Amara Okafor");
            d.due_date = Some("2026-12-10".into());
            d.notes = "Admin console still uses one shared service account; split per role.".into();
            d.validates_architecture = Some(true);
        }
        "Backup and restore" => {
            d.status = GapStatus::InProgress;
            owner(&mut d, "Søren Dahl");
            d.due_date = Some("2026-11-15".into());
            d.notes = "Nightly snapshots run; the restore drill has not been done yet.".into();
            d.omission_invalidates = Some(true);
        }
        "Alert routing" => {
            owner(&mut d, "Søren Dahl");
            d.due_date = Some("2026-12-05".into());
        }
        "Integration and end-to-end test suites" => {
            d.status = GapStatus::InProgress;
            owner(&mut d, "Amara Okafor");
            d.due_date = Some("2026-12-20".into());
        }
        "Autoscaling" => defer(&mut d, DeferReason::BusinessPriority, "2027-02-01"),
        "Distributed tracing" => defer(&mut d, DeferReason::OutOfScope, "2026-11-01"),
        "Canary or blue-green deployments" => {
            defer(&mut d, DeferReason::ArchitectureConstraint, "2027-01-15");
        }
        "Cost monitoring" => defer(&mut d, DeferReason::AcceptedRisk, "2027-03-01"),
        "Multi-AZ deployment" => {
            owner(&mut d, "Søren Dahl");
            d.due_date = Some("2027-01-31".into());
            d.validates_architecture = Some(true);
            d.omission_invalidates = Some(false);
        }
        _ => owner(
            &mut d,
            if gap.position % 2 == 0 {
                "Zoë Łukasiewicz"
            } else {
                "Amara Okafor"
            },
        ),
    }
    Some(d)
}

fn row(pairs: &[(&str, &str)]) -> Cells {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The sample project's alignment, stakeholder and compliance tables.
pub fn table_rows() -> Vec<(TableKind, Vec<Cells>)> {
    vec![
        (
            TableKind::Alignment,
            vec![
                row(&[
                    ("goal", "Clinics book without calling the front desk"),
                    ("successMetric", "80% of bookings made online; p95 booking API < 400 ms"),
                    ("guardrail", "By the end of the pilot (31 Jan); hosting ≤ €400/month"),
                    ("stakeholders", "Clinic managers in São Paulo, Lyon and Kraków"),
                    ("risks", "Risk: Monday-morning spikes → Mitigation: load test at 3× peak, autoscaling review"),
                ]),
                row(&[
                    ("goal", "No lost or double bookings"),
                    ("successMetric", "0 lost bookings; 99.9% confirmations within 60 s"),
                    ("guardrail", "Before the first paying clinic signs"),
                    ("stakeholders", "Zoë Łukasiewicz, clinic front desks"),
                    ("risks", "Risk: calendar sync races → Mitigation: idempotency keys and a nightly reconciliation job"),
                ]),
                row(&[
                    ("goal", "Ship daily without downtime"),
                    ("successMetric", "≥ 1 deploy per working day; 0 customer-visible incidents from deploys"),
                    ("guardrail", "Platform team of two; no weekend deploys"),
                    ("stakeholders", "Søren Dahl (platform), support"),
                    ("risks", "Risk: schema migrations lock tables → Mitigation: expand–contract migrations"),
                ]),
            ],
        ),
        (
            TableKind::Stakeholders,
            vec![
                row(&[
                    ("stakeholder", "Clinic managers (pilot sites)"),
                    ("whyTheyCare", "Empty slots cost money; front desks are overloaded"),
                    ("success", "Fewer phone bookings; no angry patients at the desk"),
                    ("cadence", "Fortnightly call; incident e-mail within 1 hour"),
                    ("risks", "Will Kraków need Polish SMS reminders before launch?"),
                    ("owner", "Zoë Łukasiewicz"),
                ]),
                row(&[
                    ("stakeholder", "Investors (seed round)"),
                    ("whyTheyCare", "Pilot results decide the next round"),
                    ("success", "3 clinics converted to paid; churn < 5%"),
                    ("cadence", "Monthly update; board deck each quarter"),
                    ("risks", "Expect the readiness report before the January board meeting"),
                    ("owner", "Zoë Łukasiewicz"),
                ]),
                row(&[
                    ("stakeholder", "Data protection officer (external)"),
                    ("whyTheyCare", "Patient data crosses EU borders"),
                    ("success", "DPIA signed off; processors listed"),
                    ("cadence", "Quarterly review; ad-hoc e-mail for blockers"),
                    ("risks", "Is appointment reason health data under GDPR Art. 9?"),
                    ("owner", "Amara Okafor"),
                ]),
            ],
        ),
        (
            TableKind::DataInventory,
            vec![
                row(&[
                    ("category", "Patient name, e-mail and phone"),
                    ("source", "Booking form"),
                    ("storage", "Postgres patients table (eu-central-1)"),
                    ("retention", "Delete 24 months after the last appointment"),
                    ("access", "Clinic staff, support (read-only)"),
                    ("classification", "PII"),
                ]),
                row(&[
                    ("category", "Appointment reason"),
                    ("source", "Booking form, free text"),
                    ("storage", "Postgres appointments table"),
                    ("retention", "Same as the appointment record"),
                    ("access", "Treating clinic only"),
                    ("classification", "PHI"),
                ]),
                row(&[
                    ("category", "Service metrics"),
                    ("source", "API gateway"),
                    ("storage", "Metrics store, 30 days"),
                    ("retention", "30 days rolling"),
                    ("access", "Platform team"),
                    ("classification", "Operational"),
                ]),
            ],
        ),
        (
            TableKind::Triggers,
            vec![
                row(&[
                    ("standard", "GDPR"),
                    ("why", "Patients in France and Poland; EU residents' personal data"),
                    ("controls", "DPIA, processor agreements, data subject request process"),
                    ("readiness", "partial"),
                    ("proof", "DPIA draft v2 in the compliance folder"),
                    ("gaps", "Sign DPAs with the SMS and e-mail providers"),
                    ("owner", "Amara Okafor"),
                    ("reviewDate", "2027-01-15"),
                ]),
                row(&[
                    ("standard", "HIPAA"),
                    ("why", "Only if US clinics join; appointment reasons are health data"),
                    ("controls", "BAA with hosting, access logging, encryption"),
                    ("readiness", "missing"),
                    ("gaps", "Decide whether US expansion is in scope for 2027"),
                    ("owner", "Zoë Łukasiewicz"),
                    ("reviewDate", "2027-03-01"),
                ]),
                row(&[
                    ("standard", "PCI DSS"),
                    ("why", "Deposits are paid through the payment provider's hosted page"),
                    ("controls", "SAQ A; no card data touches our servers"),
                    ("readiness", "ready"),
                    ("proof", "Provider's attestation of compliance (2026)"),
                    ("owner", "Søren Dahl"),
                    ("reviewDate", "2027-06-30"),
                ]),
            ],
        ),
        (
            TableKind::Vendors,
            vec![
                row(&[
                    ("vendor", "Cloud hosting (EU region)"),
                    ("dataShared", "All application data"),
                    ("verified", "yes"),
                    ("actions", "Re-read the SOC 2 report each year"),
                ]),
                row(&[
                    ("vendor", "SMS reminders provider"),
                    ("dataShared", "Patient phone number, appointment time"),
                    ("verified", "no"),
                    ("actions", "Ask for the DPA and sub-processor list — launch blocker for Kraków"),
                ]),
            ],
        ),
        (
            TableKind::Reviews,
            vec![
                row(&[
                    ("date", "2026-09-03"),
                    ("reviewer", "Amara Okafor"),
                    ("findings", "First scan: GDPR applies; HIPAA only for a US launch; PCI handled by the provider"),
                ]),
                row(&[
                    ("date", "2026-10-20"),
                    ("reviewer", "External DPO"),
                    ("findings", "Appointment reason classified as PHI; retention shortened to 24 months"),
                ]),
            ],
        ),
    ]
}

/// The sample project's compliance snapshot; the next review date has passed, so the app
/// shows the overdue flag.
pub fn compliance_snapshot() -> SnapshotDraft {
    SnapshotDraft {
        last_reviewed: Some("2026-10-20".to_owned()),
        next_review: "2026-11-15".to_owned(),
        owner: "Amara Okafor".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_passes_validation() {
        assert!(super::project().validate().is_ok());
        for step in super::scorecard_history() {
            assert_eq!(step.pillars.len(), 8);
            for p in step.pillars {
                assert!(p.validate().is_ok(), "{}", p.name);
            }
        }
    }
}
