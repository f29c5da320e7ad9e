//! Tests of the lens format: the published samples read with their counts, the condition
//! grammar's precedence, and malformed lenses refused at their JSON path.

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::{json, Value};

use super::*;

/// The published lenses beside the repository (`PREFLIGHT_LENS_SAMPLES` overrides the folder).
pub(crate) fn samples() -> PathBuf {
    std::env::var_os("PREFLIGHT_LENS_SAMPLES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples/aws-lenses"),
        PathBuf::from,
    )
}

fn set<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
    ids.iter().copied().collect()
}

#[test]
fn the_three_published_lenses_read_with_their_pillars_and_questions() {
    for (file, pillars, questions) in [
        ("ORR-Whitepaper-Sample-PUBLISHED.json", 3, 16),
        ("saas_biz_custom_lens.json", 5, 29),
        ("Passport-Custom-Lens.json", 1, 11),
    ] {
        let lens = read_file(&samples().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(lens.pillars.len(), pillars, "{file}");
        assert_eq!(lens.question_count(), questions, "{file}");
    }
    let orr = read_file(&samples().join("ORR-Whitepaper-Sample-PUBLISHED.json")).unwrap();
    let q = &orr.pillars[0].questions[0];
    let ids: Vec<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
    assert!(ids.contains(&"data_flow_diagram") && ids.contains(&"architecture_diagram"));
    assert_eq!(
        q.risk(&set(&["data_flow_diagram", "architecture_diagram"])),
        Some(Risk::NoRisk)
    );
    assert_eq!(
        q.risk(&set(&["architecture_diagram"])),
        Some(Risk::MediumRisk)
    );
    assert_eq!(q.risk(&set(&[])), Some(Risk::HighRisk));
}

#[test]
fn conditions_bind_not_then_and_then_or_and_parentheses_group() {
    let c = Condition::parse("a || b && !c").unwrap();
    assert_eq!(
        c,
        Condition::Or(
            Box::new(Condition::Choice("a".into())),
            Box::new(Condition::And(
                Box::new(Condition::Choice("b".into())),
                Box::new(Condition::Not(Box::new(Condition::Choice("c".into()))))
            ))
        )
    );
    assert!(c.holds(&set(&["a", "c"])));
    assert!(c.holds(&set(&["b"])));
    assert!(!c.holds(&set(&["b", "c"])));
    let grouped = Condition::parse("(a || b) && !c").unwrap();
    assert!(!grouped.holds(&set(&["a", "c"])));
    assert!(Condition::parse("!!a").unwrap().holds(&set(&["a"])));
    assert!(Condition::parse(" default ").unwrap().holds(&set(&[])));
    assert_eq!(
        Condition::parse("a && b || c").unwrap().choices(),
        ["a", "b", "c"]
    );
    for (bad, why) in [
        ("a & b", "doubled"),
        ("(a || b", "not closed"),
        ("a b", "more after"),
        ("a)", "more after"),
        ("a &&", "ends too early"),
        ("&& a", "both sides"),
        ("default && a", "whole condition"),
        ("a + b", "unexpected"),
        ("", "empty"),
    ] {
        let e = Condition::parse(bad).unwrap_err();
        assert!(e.contains(why), "{bad:?}: {e}");
    }
}

/// A small valid lens, as JSON, for the refusal cases.
fn small() -> Value {
    json!({
        "schemaVersion": "2021-11-01",
        "name": "Release gates",
        "description": "Ours",
        "_owner": "platform team",
        "pillars": [{
            "id": "ops",
            "name": "Operations",
            "questions": [{
                "id": "ops_1",
                "title": "Can you roll back?",
                "helpfulResource": { "displayText": "Why", "Url": "https://example.com/why" },
                "choices": [
                    { "id": "one_click", "title": "One-click rollback",
                      "improvementPlan": { "displayText": "Script the rollback" } },
                    { "id": "tested", "title": "Rollback tested this quarter",
                      "improvementPlan": { "displayText": "Run a rollback drill", "url": "https://example.com/drill" } },
                    { "id": "ops_1_none", "title": "None of these",
                      "improvementPlan": { "displayText": "Start with a written runbook" } }
                ],
                "riskRules": [
                    { "condition": "one_click && tested", "risk": "NO_RISK" },
                    { "condition": "one_click || tested", "risk": "MEDIUM_RISK" },
                    { "condition": "default", "risk": "HIGH_RISK" }
                ]
            }]
        }]
    })
}

fn error_of(value: &Value) -> String {
    Lens::parse(&value.to_string()).unwrap_err().to_string()
}

#[test]
fn a_lens_with_every_rule_form_and_tolerated_extras_reads() {
    let lens = Lens::parse(&small().to_string()).unwrap();
    let q = &lens.pillars[0].questions[0];
    assert_eq!(
        q.helpful_url(),
        Some("https://example.com/why"),
        "Url with a capital U"
    );
    assert_eq!(q.risk(&set(&["tested"])), Some(Risk::MediumRisk));
    assert_eq!(q.risk(&set(&["ops_1_none"])), Some(Risk::HighRisk));
}

#[test]
fn malformed_lenses_are_refused_at_their_json_path() {
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|v| v["schemaVersion"] = json!("2020-01-01")), "schemaVersion: must be"),
        (Box::new(|v| v["name"] = json!("")), "name: is required"),
        (Box::new(|v| v["name"] = json!("x".repeat(129))), "name: must be at most 128"),
        (Box::new(|v| v["colour"] = json!("red")), "colour: is not part of the lens format"),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["choices"][1]["id"] = json!("one_click")),
            "pillars[0].questions[0].choices[1].id: “one_click” is used twice",
        ),
        (
            Box::new(|v| {
                v["pillars"][0]["questions"][0]["riskRules"][1]["condition"] = json!("one_click || fast")
            }),
            "pillars[0].questions[0].riskRules[1].condition: names “fast”",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["riskRules"][1]["condition"] = json!("one_click |")),
            "pillars[0].questions[0].riskRules[1].condition: “|” must be doubled",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["riskRules"][1]["risk"] = json!("NO_RISK")),
            "pillars[0].questions[0].riskRules[1].risk: a question has at most one rule per risk level",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["riskRules"][2]["risk"] = json!("LOW_RISK")),
            "pillars[0].questions[0].riskRules[2].risk: unknown variant `LOW_RISK`",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["choices"][0]["improvementPlan"]["displayText"] = json!(" ")),
            "pillars[0].questions[0].choices[0].improvementPlan.displayText: is required",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["helpfulResource"]["Url"] = json!("javascript:alert(1)")),
            "pillars[0].questions[0].helpfulResource.url: must be an http or https link",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["choices"] = json!([])),
            "pillars[0].questions[0].choices: must hold 1 to 50 choices",
        ),
        (
            Box::new(|v| v["pillars"][0]["id"] = json!("ops pillar")),
            "pillars[0].id: “ops pillar” may hold only",
        ),
        (
            Box::new(|v| {
                let q = v["pillars"][0]["questions"][0].clone();
                v["pillars"][0]["questions"].as_array_mut().unwrap().push(q);
            }),
            "pillars[0].questions[1].id: “ops_1” is used twice",
        ),
        (
            Box::new(|v| v["pillars"][0]["questions"][0]["choices"][0].as_object_mut().unwrap().remove("improvementPlan").map(|_| ()).unwrap_or(())),
            "pillars[0].questions[0].choices[0]: missing field `improvementPlan`",
        ),
    ];
    for (change, expected) in cases {
        let mut value = small();
        change(&mut value);
        let message = error_of(&value);
        assert!(
            message.starts_with(expected),
            "{message:?} should start with {expected:?}"
        );
    }
    let truncated = &small().to_string()[..200];
    assert!(Lens::parse(truncated)
        .unwrap_err()
        .to_string()
        .contains("EOF"));
    assert!(Lens::parse("[]").is_err());
}
