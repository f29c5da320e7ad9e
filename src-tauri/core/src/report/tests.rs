//! Unit tests of the layout layer and the report names; whole reports are checked through
//! poppler and qpdf in `tests/reports.rs`.

use chrono::NaiveDate;

use super::fonts::Fonts;
use super::layout::{Layout, Orientation, TextStyle};
use super::{file_name, Paper, ReportKind};

fn layout() -> Layout<'static> {
    let mut layout = Layout::new(Fonts::get().expect("fonts"), Paper::A4);
    layout.new_page(Orientation::Portrait);
    layout
}

#[test]
fn wrapped_lines_never_exceed_the_width_and_keep_every_word() {
    let layout = layout();
    let style = TextStyle::body(9.0);
    let text = "Zoë Łukasiewicz owns the São Paulo – Zürich rollout; see \
                https://example.org/a/very/long/path/that/cannot/break/at/spaces/at/all for more.";
    let lines = layout.wrap(text, style, 120.0);
    assert!(lines.len() > 3, "{lines:?}");
    for line in &lines {
        assert!(
            layout.measure(line, style) <= 120.0 + 0.01,
            "{line:?} is too wide"
        );
    }
    let joined: String = lines.concat().split_whitespace().collect();
    let original: String = text.split_whitespace().collect();
    assert_eq!(joined, original, "no character lost or added");
}

#[test]
fn lines_break_where_uax_14_allows_in_links_paths_and_cjk_text() {
    let layout = layout();
    let style = TextStyle::body(9.0);
    // A link breaks after a slash, not in the middle of a word.
    let link = "https://example.org/readiness/scorecard/evidence/2026/load-test-report";
    let lines = layout.wrap(link, style, 150.0);
    assert!(lines.len() > 1, "{lines:?}");
    for line in &lines[..lines.len() - 1] {
        assert!(
            line.ends_with('/') || line.ends_with('-'),
            "{line:?} ends at a break opportunity"
        );
    }
    assert_eq!(lines.concat(), link);
    // Japanese without spaces breaks between characters, never before "。" or "」".
    let japanese = "本番環境の準備状況を確認しました。「負荷試験」は来週実施します。";
    let lines = layout.wrap(japanese, style, 60.0);
    assert!(lines.len() > 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| !l.starts_with('。') && !l.starts_with('」')),
        "{lines:?}"
    );
    assert_eq!(lines.concat(), japanese);
    for line in &lines {
        assert!(layout.measure(line, style) <= 60.0 + 0.01, "{line:?}");
    }
    // Plain words still break at spaces only, with the spaces dropped at the break.
    let lines = layout.wrap("alpha beta gamma delta", style, 60.0);
    assert!(lines
        .iter()
        .all(|l| !l.ends_with(' ') && !l.starts_with(' ')));
    assert_eq!(lines.join(" "), "alpha beta gamma delta");
}

#[test]
fn text_cut_to_fit_ends_with_an_ellipsis_and_stays_within_the_width() {
    let layout = layout();
    let style = TextStyle::bold(9.0);
    let text = "✗ NO-GO Criteria (Any One Is Enough to Stop the Launch)";
    let one = layout.one_line(text, style, 90.0);
    assert!(one.ends_with('…'), "{one:?}");
    assert!(layout.measure(&one, style) <= 90.0 + 0.01, "{one:?}");
    assert!(text.starts_with(one.trim_end_matches('…')));
    assert_eq!(layout.one_line("Security", style, 90.0), "Security");
    let two = layout.wrap_at_most(text, style, 90.0, 2);
    assert_eq!(two.len(), 2);
    assert!(two[1].ends_with('…') && !two[0].ends_with('…'), "{two:?}");
    let all = layout.wrap_at_most("Short label", style, 90.0, 2);
    assert_eq!(all, ["Short label"]);
}

#[test]
fn bold_cjk_is_filled_and_stroked_and_bold_latin_is_not() {
    use printpdf::{Op, TextRenderingMode};
    let modes = |text: &str, style: TextStyle| {
        let mut layout = layout();
        layout.text(50.0, 100.0, text, style);
        let footer = super::layout::Footer {
            project: "Atlas",
            title: "Readiness scorecard",
            as_of: "2026-11-21",
        };
        let (pages, _, _) = layout.finish(&footer);
        pages[0]
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::SetTextRenderingMode { mode } => {
                    Some(matches!(mode, TextRenderingMode::FillStroke))
                }
                _ => None,
            })
            .collect::<Vec<bool>>()
    };
    assert_eq!(
        modes("セキュリティ Security", TextStyle::bold(11.5)),
        [true, false]
    );
    assert!(modes("セキュリティ", TextStyle::body(11.5)).is_empty());
    assert!(modes("Security posture", TextStyle::bold(11.5)).is_empty());
}

#[test]
fn line_breaks_in_the_text_are_kept_and_trailing_blank_lines_dropped() {
    let layout = layout();
    let lines = layout.wrap("first\n\nthird\n\n", TextStyle::body(9.0), 300.0);
    assert_eq!(lines, ["first", "", "third"]);
    assert!(layout.wrap("   ", TextStyle::body(9.0), 300.0).is_empty());
}

#[test]
fn ensure_opens_a_page_only_when_the_space_is_short() {
    let mut layout = layout();
    assert!(!layout.ensure(100.0));
    layout.y = layout.bottom() - 10.0;
    assert!(layout.ensure(20.0), "a new page for 20 pt with 10 pt left");
    assert!(layout.at_page_top());
}

#[test]
fn file_names_are_safe_and_say_what_and_when() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    assert_eq!(
        file_name("Northwind Pilot — readiness", ReportKind::Scorecard, day),
        "northwind-pilot-readiness-scorecard-2026-11-21.pdf"
    );
    assert_eq!(
        file_name("São Paulo / Zürich", ReportKind::Full, day),
        "são-paulo-zürich-full-2026-11-21.pdf"
    );
    assert_eq!(
        file_name("***", ReportKind::Gaps, day),
        "project-gaps-2026-11-21.pdf"
    );
}

#[test]
fn report_and_paper_names_parse_with_clear_errors() {
    for kind in ReportKind::ALL {
        assert_eq!(ReportKind::parse(kind.as_str()).expect("parse"), kind);
    }
    let err = ReportKind::parse("summary").expect_err("unknown");
    assert!(
        err.to_string().contains("use scorecard, alignment"),
        "{err}"
    );
    assert_eq!(Paper::parse("Letter").expect("letter"), Paper::Letter);
    assert!(Paper::parse("a5").is_err());
}

#[test]
fn one_deflater_compresses_stream_after_stream_and_leaves_noise_raw() {
    use std::io::Read as _;
    let page = b"BT /F1 9 Tf 1 0 0 1 56.7 700.2 Tm (Launch blockers) Tj ET\n".repeat(300);
    // Bytes from xorshift, which deflate cannot shrink by the filter entry's size.
    let mut state = 0x2545_f491_u32;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect();
    let stream = |bytes: &[u8]| lopdf::Stream::new(lopdf::Dictionary::new(), bytes.to_vec());
    let (mut first, mut raw, mut again) = (stream(&page), stream(&noise), stream(&page));
    let mut deflater = super::file::Deflater::new();
    for s in [&mut first, &mut raw, &mut again] {
        deflater.deflate(s);
    }

    assert!(
        first.content.len() < page.len() / 10,
        "{}",
        first.content.len()
    );
    assert!(matches!(first.dict.get(b"Filter"), Ok(lopdf::Object::Name(n)) if n == b"FlateDecode"));
    let mut inflated = Vec::new();
    flate2::read::ZlibDecoder::new(&first.content[..])
        .read_to_end(&mut inflated)
        .expect("inflates");
    assert_eq!(inflated, page);
    assert!(raw.dict.get(b"Filter").is_err());
    assert_eq!(raw.content, noise);
    // The reset leaves nothing of the earlier streams: the same input, the same bytes.
    assert_eq!(again.content, first.content);
}

#[test]
fn written_file_reads_back_object_for_object_with_escapes_and_packed_objects() {
    use lopdf::{Dictionary, Object, StringFormat};
    let mut doc = lopdf::Document::with_version("1.7");
    let awkward = Object::Name(b"A name (with) #/% and \xC3\xA9".to_vec());
    let literal = Object::String(
        b"(unbalanced \\ paren\r and \xFF".to_vec(),
        StringFormat::Literal,
    );
    let hex = Object::String(vec![0, 0x21, 0xFE], StringFormat::Hexadecimal);
    let mut dict = Dictionary::new();
    dict.set("Name", awkward.clone());
    dict.set("Literal", literal.clone());
    dict.set("Hex", hex);
    dict.set("Real", Object::Real(0.850_980_4));
    dict.set("Tiny", Object::Real(1e-7));
    dict.set("Int", -42);
    dict.set(
        "Nested",
        Object::Array(vec![Object::Null, true.into(), Object::Array(vec![])]),
    );
    let first = doc.add_object(dict);
    let content = b"BT /F1 9 Tf (Launch blockers) Tj ET\n".repeat(50);
    let stream = doc.add_object(lopdf::Stream::new(Dictionary::new(), content.clone()));
    // More objects than one object stream holds, each pointing at the one before.
    let mut last = first;
    for i in 0..1_200 {
        let mut d = Dictionary::new();
        d.set("P", Object::Reference(last));
        d.set("K", i);
        last = doc.add_object(d);
    }
    let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Last" => last });
    let expected = doc.objects.clone();

    // The trailer is finished while the stream is away being deflated.
    let bytes = super::file::write(doc, |doc| {
        assert!(doc.objects.values().all(|o| o.as_stream().is_err()));
        doc.trailer.set("Root", catalog);
    });

    assert!(bytes.starts_with(b"%PDF-1.7\n"));
    assert!(bytes.ends_with(b"%%EOF\n"));
    let read = lopdf::Document::load_mem(&bytes).expect("reads back");
    for (id, object) in &expected {
        let back = read.get_object(*id).expect("every object is there");
        match (object, back) {
            (Object::Stream(_), Object::Stream(s)) => {
                assert_eq!(s.decompressed_content().expect("inflates"), content);
                assert!(s.content.len() < content.len() / 5, "deflated");
            }
            _ => assert_eq!(back, object, "object {id:?}"),
        }
    }
    assert_eq!(
        read.trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .expect("root"),
        catalog
    );
    // The small objects went into object streams, and only the stream, the object streams
    // and the cross-reference stream are written at the top level.
    let top_level = bytes.windows(5).filter(|w| w == b" obj\n").count();
    assert_eq!(top_level, 1 + 1_203_usize.div_ceil(500) + 1);
    let own = format!("\n{} 0 obj\n", stream.0);
    assert!(bytes.windows(own.len()).any(|w| w == own.as_bytes()));
}

/// Any object: names and literal strings of arbitrary bytes (the escapes), hex strings,
/// integers, reals with a fraction (a whole real is written, and read back, as an integer),
/// references, and arrays and dictionaries of them up to three deep.
fn any_object() -> impl proptest::strategy::Strategy<Value = lopdf::Object> {
    use lopdf::{Object, StringFormat};
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Object::Null),
        any::<bool>().prop_map(Object::Boolean),
        any::<i32>().prop_map(|n| Object::Integer(n.into())),
        (-30_000_i16..30_000).prop_map(|n| Object::Real(f32::from(n) + 0.25)),
        proptest::collection::vec(1_u8..=255, 1..12).prop_map(Object::Name),
        proptest::collection::vec(any::<u8>(), 0..24)
            .prop_map(|b| Object::String(b, StringFormat::Literal)),
        proptest::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| Object::String(b, StringFormat::Hexadecimal)),
        (1_u32..50).prop_map(|n| Object::Reference((n, 0))),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Object::Array),
            proptest::collection::vec((proptest::collection::vec(1_u8..=255, 1..8), inner), 0..6)
                .prop_map(|entries| {
                    let mut dict = lopdf::Dictionary::new();
                    for (key, value) in entries {
                        dict.set(key, value);
                    }
                    Object::Dictionary(dict)
                }),
        ]
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whatever the objects hold, the written file reads back to the same objects.
    #[test]
    fn any_objects_read_back_unchanged(objects in proptest::collection::vec(any_object(), 1..8)) {
        let mut doc = lopdf::Document::with_version("1.7");
        let ids: Vec<_> = objects.iter().map(|o| doc.add_object(o.clone())).collect();
        let root = doc.add_object(lopdf::dictionary! { "Type" => "Catalog" });
        doc.trailer.set("Root", root);

        let bytes = super::file::write(doc, |_| {});

        let read = lopdf::Document::load_mem(&bytes).expect("reads back");
        for (id, object) in ids.iter().zip(&objects) {
            proptest::prop_assert_eq!(read.objects.get(id), Some(object));
        }
    }
}
