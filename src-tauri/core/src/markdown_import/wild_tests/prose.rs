//! Words outside any table or list: named by their lines in the summary, never dropped unsaid;
//! and plain items nested in a task, which become its details.

use super::{gaps_of, import_text};
use crate::markdown_import::block::Content;
use crate::markdown_import::*;
use crate::storage::Store;

/// The lines a planned import names as left out, per file.
fn left_out(text: &str) -> Vec<u32> {
    let source = Source {
        name: "doc.md".into(),
        text: text.to_owned(),
        encoding: None,
    };
    plan_sources(&[source])
        .expect("plan")
        .into_iter()
        .filter_map(|b| match b.content {
            Content::LeftOut(lines) => Some(lines),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn prose_quotes_code_and_html_are_named_by_line_and_comments_are_not_words() {
    let text = "\
# Launch readiness

<aside>
This page is synced from Notion.
</aside>

## Security

- [ ] Rotate API keys
  - Stripe
  - **Owner:** Priya
    - deeper still

  Text after the nested list.
- [x] SSO enforced

> [!WARNING]
> Failover was never tested.

<!-- Fill this in
before the review -->

```sh
pg_restore --verify
```

<details>
<summary>Old decisions</summary>

We defer multi-region.
</details>

## How to use

1. Score each pillar.
- **Legend:** one to five

## Compliance snapshot

- **Owner:** Lucas
";
    assert_eq!(
        left_out(text),
        [4, 12, 14, 17, 18, 24, 28, 30, 35, 36],
        "{text}"
    );

    let store = Store::open_in_memory().expect("store");
    let result = import_text(&store, text).expect("import");
    let gaps = gaps_of(&store, &result);
    assert_eq!(gaps[0].0, "Rotate API keys");
    assert_eq!(gaps[0].1, "- Stripe\n- Owner: Priya");
    assert_eq!(gaps[1].0, "SSO enforced");
    let summary = result.summary();
    assert!(
        summary.contains(
            "    text outside tables and lists not imported: lines 4, 12, 14, 17, 18, 24, 28, \
             30, 35, 36\n"
        ),
        "{summary}"
    );
    assert_eq!(
        result.blocks.last().and_then(|b| b.left_out.as_deref()),
        Some("4, 12, 14, 17, 18, 24, 28, 30, 35, 36")
    );
}

#[test]
fn a_plain_item_with_tasks_under_it_is_their_context_and_one_without_is_named() {
    let text = "\
## Questions

1. What happens when the database fails over?
   - [ ] Test it in staging
2. Who gets paged?
";
    assert_eq!(left_out(text), [5]);
    let store = Store::open_in_memory().expect("store");
    let result = import_text(&store, text).expect("import");
    let gaps = gaps_of(&store, &result);
    assert_eq!(
        (gaps[0].0.as_str(), gaps[0].1.as_str()),
        (
            "Test it in staging",
            "Part of: What happens when the database fails over?"
        )
    );
}

#[test]
fn front_matter_names_the_document_and_its_other_keys_are_named_not_read_as_a_heading() {
    for text in [
        "---\ntitle: \"Launch plan\"\nowner: Sam\ntags: [ops]\n---\n\n- [ ] Write runbook\n",
        "+++\ntitle = 'Launch plan'\nowner = \"Sam\"\ntags = [\"ops\"]\n+++\n\n- [ ] Write runbook\n",
    ] {
        assert_eq!(left_out(text), [3, 4], "{text}");
        let store = Store::open_in_memory().expect("store");
        let result = import_text(&store, text).expect("import");
        let gaps = gaps_of(&store, &result);
        assert_eq!(
            (gaps[0].0.as_str(), gaps[0].2.as_str()),
            ("Write runbook", "Launch plan"),
            "{text}"
        );
    }
}

#[test]
fn plain_items_under_a_control_are_named_as_not_imported() {
    let store = Store::open_in_memory().expect("store");
    let text = "## Baseline controls\n\n- [x] HTTPS everywhere\n  - HSTS preload\n\n\
                - Immediate safeguards:\n  - [ ] MFA for admins\n  - [ ] Backups\n";
    let result = import_text(&store, text).expect("import");
    assert!(
        result.summary().contains(
            "line 7: \u{201c}Immediate safeguards:\u{201d}, which these controls are nested in, \
             has no place in the baseline controls; not imported"
        ),
        "{}",
        result.summary()
    );
    assert!(
        result.summary().contains(
            "line 3: the 1 item under this control has no place in a baseline control; not \
             imported"
        ),
        "{}",
        result.summary()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Every word of a generated document reaches a gap, or its line is named as left out:
    /// paragraphs, quotes, code, HTML blocks, plain and numbered lists, labelled items,
    /// checklists with plain items under their tasks, and tasks under a numbered item, in any
    /// order.
    #[test]
    fn every_word_reaches_a_gap_or_its_line_is_named(
        pieces in proptest::collection::vec((0_u8..9, 1_usize..4), 1..12)
    ) {
        let mut text = String::from("# Plan\n\n## Work\n\n");
        // Each word is unique ("w12"), with the line it is written on.
        let mut words: Vec<(String, u32)> = Vec::new();
        let mut next = 0;
        let mut line = 5_u32;
        let mut word = |line: u32, words: &mut Vec<(String, u32)>| {
            next += 1;
            let w = format!("w{next}");
            words.push((w.clone(), line));
            w
        };
        for (kind, n) in &pieces {
            let mut lines: Vec<String> = Vec::new();
            let at = |i: usize| line + u32::try_from(i).expect("small");
            match kind {
                0 => lines.push(format!("{} {}", word(at(0), &mut words), word(at(0), &mut words))),
                1 => lines.push(format!("> {}", word(at(0), &mut words))),
                2 => {
                    lines.push("```".into());
                    lines.push(word(at(1), &mut words));
                    lines.push("```".into());
                }
                3 => {
                    lines.push("<details>".into());
                    lines.push(format!("<summary>{}</summary>", word(at(1), &mut words)));
                    lines.push("</details>".into());
                }
                4 => (0..*n).for_each(|i| lines.push(format!("{}. {}", i + 1, word(at(i), &mut words)))),
                5 => lines.push(format!("- **{}:** {}", word(at(0), &mut words), word(at(0), &mut words))),
                8 => {
                    lines.push(format!("1. {}", word(at(0), &mut words)));
                    lines.push(format!("   - [ ] {}", word(at(1), &mut words)));
                }
                _ => {
                    lines.push(format!("- [ ] {}", word(at(0), &mut words)));
                    (0..*n).for_each(|i| lines.push(format!("  - {}", word(at(i + 1), &mut words))));
                    if *kind == 7 {
                        lines.push(format!("  - [x] {}", word(at(n + 1), &mut words)));
                    }
                }
            }
            line += u32::try_from(lines.len() + 1).expect("small");
            text.push_str(&lines.join("\n"));
            text.push_str("\n\n");
        }
        let named = left_out(&text);
        let store = Store::open_in_memory().expect("store");
        let stored: Vec<String> = match import_text(&store, &text) {
            Ok(result) => gaps_of(&store, &result)
                .into_iter()
                .flat_map(|g| [g.0, g.1])
                .collect(),
            // Nothing to import: every word must then be named.
            Err(_) => Vec::new(),
        };
        let stored = stored.join(" ");
        for (w, at) in &words {
            let kept = stored.split(|c: char| !c.is_alphanumeric()).any(|s| s == w);
            proptest::prop_assert!(
                kept || named.contains(at),
                "{w} (line {at}) is neither in a gap nor named ({named:?}) in {text:?}"
            );
        }
    }
}
