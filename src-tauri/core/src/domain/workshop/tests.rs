//! Tests of `workshop`.

use super::*;

fn votes(scores: &[u8]) -> Vec<Option<u8>> {
    scores.iter().map(|s| Some(*s)).collect()
}

#[test]
fn median_quartiles_and_range_follow_type_7() {
    let d = Distribution::of(&votes(&[3, 1, 4, 4, 5, 2]));
    assert_eq!(d.counts, [1, 1, 1, 2, 1]);
    assert_eq!(d.median, Some(3.5));
    assert_eq!((d.min, d.max), (Some(1), Some(5)));
    // Sorted 1 2 3 4 4 5: h = 5 × 0.25 = 1.25 → 2 + 0.25 × (3 − 2).
    assert_eq!(d.q1, Some(2.25));
    assert_eq!(d.q3, Some(4.0));
    assert_eq!(d.iqr(), Some(1.75));
    assert!(d.outliers.is_empty());
    assert_eq!(d.suggested(), Some(4), "3.5 offers 4");
}

#[test]
fn a_lone_dissenter_is_an_outlier_and_dont_know_is_counted_apart() {
    let mut v = votes(&[3, 3, 3, 3, 5]);
    v.push(None);
    let d = Distribution::of(&v);
    assert_eq!(d.dont_know, 1);
    assert_eq!(d.median, Some(3.0));
    assert_eq!(d.iqr(), Some(0.0));
    assert_eq!(d.outliers, [5]);
    assert_eq!(d.suggested(), Some(3));
}

#[test]
fn no_score_gives_no_statistics() {
    let d = Distribution::of(&[None, None]);
    assert_eq!(d.dont_know, 2);
    assert_eq!((d.median, d.q1, d.min), (None, None, None));
    assert_eq!(d.suggested(), None);
    let one = Distribution::of(&votes(&[2]));
    assert_eq!(
        (one.median, one.q1, one.q3),
        (Some(2.0), Some(2.0), Some(2.0))
    );
}

#[test]
fn a_votes_file_is_read_strictly_with_json_paths() {
    let good = r#"{"format":"preflight-votes","version":1,"participant":" Zoë ",
            "project":"Atlas","votes":[{"pillar":"Security posture","score":3,"note":"MFA"},
            {"pillar":"Testing safety net","score":null}]}"#;
    let file = VotesFile::parse(good).unwrap();
    assert_eq!(file.participant, "Zoë");
    assert_eq!(file.votes[1].score, None);
    for (bad, path) in [
        (good.replace("\"score\":3", "\"score\":7"), "votes[0].score"),
        (good.replace("preflight-votes", "other"), "format"),
        (good.replace("\"version\":1", "\"version\":2"), "version"),
        (good.replace(" Zoë ", " "), "participant"),
        (
            good.replace("\"note\":\"MFA\"", "\"colour\":\"red\""),
            "votes[0]",
        ),
    ] {
        let e = VotesFile::parse(&bad).unwrap_err();
        assert!(e.to_string().starts_with(path), "{bad}: {e}");
    }
}

#[test]
fn votes_names_and_consensus_are_bounded() {
    let ok = VoteDraft {
        score: Some(5),
        note: " why ".into(),
    };
    assert_eq!(ok.validate(true).unwrap().note, "why");
    assert_eq!(ok.validate(false).unwrap_err().field(), Some("note"));
    for bad in [0, 6] {
        let v = VoteDraft {
            score: Some(bad),
            note: String::new(),
        };
        assert_eq!(v.validate(true).unwrap_err().field(), Some("score"));
    }
    let dont_know = VoteDraft {
        score: None,
        note: String::new(),
    };
    assert!(dont_know.validate(false).is_ok());
    assert!(participant_name(&"z".repeat(61)).is_err());
    assert!(participant_name("  ").is_err());
    assert!(participant_name("Zoë").is_ok());
    assert_eq!(consensus(6, "").unwrap_err().field(), Some("score"));
    assert!(consensus(4, "agreed after round 2").is_ok());
}
