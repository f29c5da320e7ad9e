//! Reports in right-to-left and complex scripts: imported Arabic and Hebrew checklists print
//! shaped, in the right order, with the script's own embedded face, and every title comes
//! back from the PDF's text as written.

use preflight_core::markdown_import::{plan_sources, MarkdownTarget, Source};
use preflight_core::report::ReportKind;
use preflight_core::Store;
use uuid::Uuid;

use crate::support::{add_alignment_row, artifact, empty_project, render, squash, tool};

/// A new project made by importing the Markdown fixture `name`, and the checklist's titles.
fn imported(name: &str) -> (Store, Uuid, Vec<String>) {
    let path = format!(
        "{}/tests/fixtures/markdown/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    let titles = text
        .lines()
        .filter_map(|l| l.strip_prefix("- [ ] "))
        .map(str::to_owned)
        .collect();
    let store = Store::open_in_memory().expect("store");
    let blocks = plan_sources(&[Source {
        name: name.to_owned(),
        text,
        encoding: None,
    }])
    .expect("plan");
    let import = store
        .import_markdown(&MarkdownTarget::New("Checklist".to_owned()), &blocks)
        .expect("import");
    (store, import.project.id, titles)
}

/// Imports the Markdown checklist `fixture` as a new project, prints its gap tracker to the
/// artifact `pdf` and checks it with qpdf and that the PDF embeds `face`; returns the
/// checklist's titles and the PDF's path.
fn gap_tracker_of(fixture: &str, pdf: &str, face: &str) -> (Vec<String>, std::path::PathBuf) {
    let (store, project, titles) = imported(fixture);
    let path = artifact(pdf, &render(&store, project, ReportKind::Gaps));
    let path_text = path.to_str().expect("path");
    let (ok, out) = tool("qpdf", &["--check", path_text]);
    assert!(ok, "{out}");
    let (ok, fonts) = tool("pdffonts", &[path_text]);
    assert!(ok && fonts.contains(face), "{face} embedded: {fonts}");
    (titles, path)
}

/// The PDF's text in reading order (`pdftotext`, which turns right-to-left glyphs drawn from
/// the left back into the text as written), without the bidi controls it puts around
/// right-to-left lines, white space collapsed.
fn reading_text(path: &std::path::Path) -> String {
    let (ok, text) = tool("pdftotext", &[path.to_str().expect("path"), "-"]);
    assert!(ok, "{text}");
    squash(
        &text
            .chars()
            .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
            .collect::<String>(),
    )
}

/// The words of `text` written in Hebrew or Arabic letters, without the punctuation, digits
/// or Latin letters beside them.
fn rtl_words(text: &str) -> Vec<String> {
    text.chars()
        .map(|c| {
            if c.is_ascii() || "،؛؟".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .filter(|w| w.chars().any(|c| ('\u{0590}'..='\u{06ff}').contains(&c)))
        .map(str::to_owned)
        .collect()
}

/// Checks every title against the PDF's `text`: a title in right-to-left words only comes back
/// exactly; in one with Latin words inside, every word comes back whole, its letters,
/// ligatures and marks as written.
///
/// poppler rebuilds a line's order from where glyphs are drawn. A right-to-left line that
/// holds left-to-right words comes out in runs in visual order with its own embedding
/// controls, brackets and spaces set by its heuristics (Chromium's PDFs come out the same
/// way), so such a title is checked word by word.
fn assert_titles_read_back(titles: &[String], text: &str) {
    let words: std::collections::HashSet<String> = rtl_words(text).into_iter().collect();
    for title in titles {
        if !title.chars().any(|c| c.is_ascii_alphanumeric()) {
            assert!(text.contains(title.as_str()), "{title:?} exactly: {text}");
            continue;
        }
        for word in rtl_words(title) {
            assert!(words.contains(&word), "{word:?} of {title:?}: {text}");
        }
        for word in title.split(|c: char| !c.is_ascii_alphanumeric()) {
            if word.chars().any(|c| c.is_ascii_alphabetic()) {
                assert!(text.contains(word), "{word:?} of {title:?}: {text}");
            }
        }
    }
}

#[test]
fn an_arabic_api_security_checklist_prints_every_title_as_written() {
    let (titles, path) = gap_tracker_of(
        "api-security-ar.md",
        "arabic-gaps.pdf",
        "NotoSansArabic-Bold",
    );
    assert_eq!(titles.len(), 64);
    let text = reading_text(&path);
    assert_titles_read_back(&titles, &text);
    // Among them, a vowel sign inside a lam-alef ligature, and shaddas.
    assert!(
        text.contains("استخدم تسجيلًا مركزيًا لجميع الخدمات والمكونات"),
        "{text}"
    );
    assert!(
        text.contains("خزّن الأسرار في خزنة مخصصة وليس في مستودع الشيفرة"),
        "{text}"
    );
}

#[test]
fn a_hebrew_go_live_checklist_prints_every_title_as_written() {
    let (titles, path) = gap_tracker_of("go-live-he.md", "hebrew-gaps.pdf", "NotoSansHebrew-Bold");
    assert_eq!(titles.len(), 16);
    assert_titles_read_back(&titles, &reading_text(&path));
}

#[test]
fn hebrew_and_arabic_cells_are_drawn_right_to_left_and_extract_as_written() {
    let (store, project) = empty_project("Atlas");
    // Pure right-to-left text, and Hebrew with a Latin word and a number inside.
    let hebrew = "בדיקת הרשאות לכל נקודת קצה של API גרסה 2";
    let arabic = "التحقق من صلاحيات كل نقطة نهاية";
    add_alignment_row(
        &store,
        project,
        &[
            ("goal", hebrew),
            ("successMetric", arabic),
            ("guardrail", "Latin (LTR)"),
        ],
    );
    let path = artifact(
        "rtl-alignment.pdf",
        &render(&store, project, ReportKind::Alignment),
    );
    let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("path")]);
    assert!(ok, "{out}");
    let text = reading_text(&path);
    assert!(text.contains(arabic), "Arabic as written: {text}");
    for word in hebrew.split(' ') {
        assert!(text.contains(word), "{word:?} as written: {text}");
    }
    assert!(text.contains("Latin (LTR)"));
    assert!(
        !text.contains("לש הצק"),
        "no word comes out reversed: {text}"
    );
}

#[test]
fn a_japanese_checklist_wraps_between_characters_and_prints_every_title_as_written() {
    let (titles, path) = gap_tracker_of("go-live-ja.md", "japanese-gaps.pdf", "DroidSansFallback");
    assert_eq!(titles.len(), 10);
    // Japanese has no spaces; a title wrapped inside its cell comes back with a line break
    // between two characters, which the collapsed text shows as a space.
    let text = reading_text(&path).replace(' ', "");
    for title in &titles {
        assert!(text.contains(&title.replace(' ', "")), "{title:?}: {text}");
    }
}
