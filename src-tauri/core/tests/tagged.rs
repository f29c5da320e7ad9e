//! Tagged PDF: every report has a structure tree a screen reader can follow — headings,
//! paragraphs, tables with column headers, lists, figures with their data in words — in
//! reading order, with page furniture marked as artifacts, and the document's language.

use preflight_core::report::ReportKind;

use crate::support::{artifact, render, sample, squash, text_of, tool};

/// The structure tree as `pdfinfo -struct-text` prints it.
fn structure(path: &std::path::Path) -> String {
    let (ok, text) = tool("pdfinfo", &["-struct-text", path.to_str().expect("path")]);
    assert!(ok, "pdfinfo -struct-text failed: {text}");
    text
}

/// The PDF's objects uncompressed (`qpdf --qdf`), to read the catalogue and figure text.
fn uncompressed(path: &std::path::Path) -> String {
    let out = path.with_extension("qdf.pdf");
    let (ok, text) = tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            path.to_str().expect("path"),
            out.to_str().expect("path"),
        ],
    );
    assert!(ok, "qpdf --qdf failed: {text}");
    String::from_utf8_lossy(&std::fs::read(&out).expect("qdf")).into_owned()
}

/// The figures' alternative texts (UTF-16BE hex strings after `/Alt`).
fn alt_texts(qdf: &str) -> Vec<String> {
    qdf.match_indices("/Alt <")
        .map(|(at, _)| {
            let hex: String = qdf[at + 6..]
                .chars()
                .take_while(|c| *c != '>')
                .filter(char::is_ascii_hexdigit)
                .collect();
            let bytes: Vec<u8> = (0..hex.len() / 2)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0))
                .collect();
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        })
        .collect()
}

#[test]
fn every_report_is_tagged_with_headings_tables_lists_and_figures_in_reading_order() {
    let (store, project) = sample();
    for kind in ReportKind::ALL {
        let path = artifact(
            &format!("tagged-{}.pdf", kind.as_str()),
            &render(&store, project, kind),
        );
        let (ok, info) = tool("pdfinfo", &[path.to_str().expect("path")]);
        assert!(
            ok && info.contains("Tagged:          yes"),
            "{kind:?}: {info}"
        );
        let (ok, check) = tool("qpdf", &["--check", path.to_str().expect("path")]);
        assert!(ok, "{kind:?}: {check}");
        let tree = structure(&path);
        for role in ["Document", "H1 (block)", "Table (block)", "TR", "TH", "TD"] {
            assert!(tree.contains(role), "{kind:?} has no {role}: {tree}");
        }
        // Footers and repeated table headers are artifacts: in the text, not in the tree.
        let text = text_of(&path, None);
        assert!(text.contains("Page 1 of"), "{kind:?}");
        assert!(
            !tree.contains("Page 1 of"),
            "{kind:?}: the footer is furniture"
        );
        assert!(
            !tree.contains("(continued)"),
            "{kind:?}: repeated headers are furniture"
        );
        let qdf = uncompressed(&path);
        assert!(
            qdf.contains("/Lang (en)"),
            "{kind:?}: the document's language"
        );
        assert!(qdf.contains("/Marked true"), "{kind:?}");
    }

    // The scorecard: H1 first, the radar as a figure with every pillar's scores in words,
    // the level legend as a list, the pillar table with a column header per column.
    let path = artifact(
        "tagged-scorecard.pdf",
        &render(&store, project, ReportKind::Scorecard),
    );
    let tree = structure(&path);
    let first = tree.lines().nth(1).unwrap_or_default();
    assert!(first.contains("H1"), "the title comes first: {tree}");
    assert!(
        tree.contains("Figure") && tree.contains("LI (block)"),
        "{tree}"
    );
    let th = tree.matches("TH").count();
    assert!(th >= 6, "{th} column headers: {tree}");
    let alts = alt_texts(&uncompressed(&path));
    assert_eq!(alts.len(), 1, "{alts:?}");
    let data = store
        .report_data(project, crate::support::as_of())
        .expect("data");
    for p in &data.scorecard.pillars {
        assert!(alts[0].contains(&p.name), "{} is in {:?}", p.name, alts[0]);
    }
    assert!(alts[0].contains("target 4"), "{:?}", alts[0]);

    // The full report reads its cover first, then the sections in order.
    let path = artifact(
        "tagged-full.pdf",
        &render(&store, project, ReportKind::Full),
    );
    let tree = squash(&structure(&path));
    let name = tree
        .find("Northwind Pilot — readiness")
        .unwrap_or(usize::MAX);
    let scorecard = tree.find("Readiness scorecard").unwrap_or(0);
    let gaps = tree.rfind("Gap tracker").unwrap_or(0);
    assert!(
        name < scorecard && scorecard < gaps,
        "reading order: {tree}"
    );
    // The compliance controls, drawn in two columns, are one list in their order.
    let list = tree.find("HTTPS everywhere").expect("the first control");
    let mut at = list;
    for c in &data.compliance.controls {
        let found = tree[at..].find(&c.label);
        assert!(
            found.is_some(),
            "{} after the one before: {}",
            c.label,
            &tree[list..]
        );
        at += found.unwrap_or(0);
    }
}
