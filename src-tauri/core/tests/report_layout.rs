//! The reports' page layout: long tables flowing over pages with their header repeated, a
//! cell longer than a page, paper sizes, the cover and bookmarks, the benchmark project, and
//! Chinese, Japanese and Korean text with fallback faces.

use preflight_core::generated::{self, Size};
use preflight_core::report::{self, Paper, ReportKind};
use preflight_core::Store;

use crate::support::{
    add_alignment_row, artifact, as_of, empty_project, info, options, render, sample, text_of, tool,
};

#[test]
fn a_300_row_alignment_table_flows_onto_the_pages_expected_with_its_header_repeated() {
    let (store, project) = empty_project("Long table");
    for i in 1..=300 {
        add_alignment_row(
            &store,
            project,
            &[
                ("goal", &format!("Goal {i:03}")),
                ("successMetric", "99.9% confirmed"),
            ],
        );
    }
    let pdf = render(&store, project, ReportKind::Alignment);
    let path = artifact("alignment-300.pdf", &pdf);
    // Landscape A4 leaves 495 pt between the margins. Each one-line row is 19.2 pt; a
    // continuation page holds its "(continued)" line and header (33.8 pt) and 24 rows; the
    // first page, under the section title and rule (about 50 pt), holds 23. So 300 rows take
    // 1 + ceil(277 / 24) = 13 pages.
    assert_eq!(info(&path, "Pages"), "13");
    assert!(info(&path, "Page size").starts_with("841.89 x 595.276"));
    let last = text_of(&path, Some((13, 13)));
    assert!(
        last.contains("Goal 300"),
        "the last row is on the last page: {last}"
    );
    let all = text_of(&path, None);
    assert_eq!(
        all.matches("Success metric").count(),
        13,
        "header on every page"
    );
    assert_eq!(all.matches("(continued)").count(), 12);
    for i in 1..=300 {
        assert_eq!(
            all.matches(&format!("Goal {i:03}")).count(),
            1,
            "Goal {i:03}"
        );
    }
}

#[test]
fn a_4000_character_cell_is_split_across_pages_without_losing_or_repeating_a_word() {
    let (store, project) = empty_project("Long cell");
    let words: Vec<String> = (0..).map(|i| format!("w{i:04}")).take(800).collect();
    let long: String = words.join(" ").chars().take(4000).collect();
    let long = long.trim_end().to_owned();
    let words: Vec<&str> = long.split(' ').collect();
    for (goal, risks) in [
        ("Before", "short"),
        ("Long", long.as_str()),
        ("After", "short"),
    ] {
        add_alignment_row(&store, project, &[("goal", goal), ("risks", risks)]);
    }
    let path = artifact(
        "long-cell.pdf",
        &render(&store, project, ReportKind::Alignment),
    );
    let pages: usize = info(&path, "Pages").parse().expect("page count");
    assert!(
        pages >= 2,
        "a 4,000-character cell in a narrow column spans pages"
    );
    let text = text_of(&path, None);
    let printed: Vec<&str> = text
        .split(' ')
        .filter(|t| t.starts_with('w') && t[1..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(printed, words, "every word once, in order");
    let from = text.find(words[words.len() - 1]).expect("last word");
    assert!(
        text.find("After").expect("next row") > from,
        "the next row follows the cell"
    );
}

#[test]
fn letter_paper_and_landscape_tables_get_their_page_sizes() {
    let (store, project) = sample();
    let data = store.report_data(project, as_of()).expect("data");
    let pdf = report::render(&data, &options(ReportKind::Scorecard, Paper::Letter)).expect("pdf");
    let path = artifact("scorecard-letter.pdf", &pdf);
    assert!(
        info(&path, "Page size").starts_with("612 x 792"),
        "{}",
        info(&path, "Page size")
    );
    let pdf =
        report::render(&data, &options(ReportKind::Stakeholders, Paper::Letter)).expect("pdf");
    let path = artifact("stakeholders-letter.pdf", &pdf);
    assert!(info(&path, "Page size").starts_with("792 x 612"));
}

#[test]
fn the_full_report_has_a_cover_and_a_bookmark_per_section() {
    let (store, project) = sample();
    let path = artifact("full.pdf", &render(&store, project, ReportKind::Full));
    let (ok, json) = tool(
        "qpdf",
        &[
            "--json",
            "--json-key=outlines",
            path.to_str().expect("path"),
        ],
    );
    assert!(ok, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("qpdf json");
    let titles: Vec<&str> = json["outlines"]
        .as_array()
        .expect("outlines")
        .iter()
        .filter_map(|o| o["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Cover",
            "Readiness scorecard",
            "North Star alignment",
            "Stakeholder canvas",
            "Compliance notes",
            "Gap tracker"
        ]
    );
    let cover = text_of(&path, Some((1, 1)));
    assert!(cover.contains("PRODUCTION READINESS REPORT"), "{cover}");
    assert!(
        cover.contains("Clinics book and change appointments"),
        "North Star on the cover"
    );
    assert!(cover.contains("Contents"));
}

#[test]
fn the_benchmark_project_renders_every_row_and_gap() {
    let store = Store::open_in_memory().expect("store");
    let project = generated::create(&store, "Benchmark", Size::BENCHMARK).expect("generate");
    let path = artifact(
        "benchmark-full.pdf",
        &render(&store, project, ReportKind::Full),
    );
    let text = text_of(&path, None);
    assert!(text.contains("Goal 299:"), "last alignment row");
    assert!(text.contains("gap 299:"), "last gap");
    let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("path")]);
    assert!(ok, "{out}");
}

#[test]
fn chinese_japanese_and_korean_print_with_fallback_faces_embedded_only_when_used() {
    let (store, project) = empty_project("Tokyo 東京 launch");
    add_alignment_row(
        &store,
        project,
        &[
            ("goal", "在线支付稳定 (payments stay up)"),
            ("stakeholders", "田中 さくら • 김민준"),
            ("successMetric", "결제 성공률 99.9%"),
        ],
    );
    let path = artifact(
        "cjk-alignment.pdf",
        &render(&store, project, ReportKind::Alignment),
    );
    let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("path")]);
    assert!(ok, "{out}");
    let text = text_of(&path, None);
    for expected in [
        "Tokyo 東京 launch",
        "在线支付稳定 (payments stay up)",
        "田中 さくら • 김민준",
        "결제 성공률 99.9%",
    ] {
        assert!(text.contains(expected), "lacks {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains('\u{fffd}'),
        "a stand-in was printed:\n{text}"
    );
    let (ok, fonts) = tool("pdffonts", &[path.to_str().expect("path")]);
    assert!(ok, "{fonts}");
    assert!(
        fonts.contains("DroidSansFallback") && fonts.contains("PreflightHangul"),
        "{fonts}"
    );

    // Bold CJK (a pillar's name in the scorecard table) is filled and stroked, as the CJK
    // face has no bold: text rendering mode 2 in the page's content.
    let draft: preflight_core::domain::PillarDraft =
        serde_json::from_value(serde_json::json!({ "name": "セキュリティ体制 (security)" }))
            .expect("draft");
    store.add_pillar(project, &draft).expect("pillar");
    let scorecard = artifact(
        "cjk-scorecard.pdf",
        &render(&store, project, ReportKind::Scorecard),
    );
    let qdf = scorecard.with_extension("qdf.pdf");
    let (ok, out) = tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            scorecard.to_str().expect("path"),
            qdf.to_str().expect("path"),
        ],
    );
    assert!(ok, "{out}");
    let content = String::from_utf8_lossy(&std::fs::read(&qdf).expect("qdf")).into_owned();
    assert!(content.contains("2 Tr"), "fill and stroke for bold CJK");
    assert!(text_of(&scorecard, None).contains("セキュリティ体制 (security)"));

    // A report without such text embeds DejaVu only.
    let (store, project) = sample();
    let latin = artifact(
        "sample-scorecard-fonts.pdf",
        &render(&store, project, ReportKind::Scorecard),
    );
    let (ok, fonts) = tool("pdffonts", &[latin.to_str().expect("path")]);
    assert!(ok, "{fonts}");
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    assert!(
        !fonts.contains("DroidSansFallback") && !fonts.contains("PreflightHangul"),
        "{fonts}"
    );
}
