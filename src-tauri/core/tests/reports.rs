//! The PDF reports, checked as a reader would check them: with poppler's text extraction,
//! qpdf's structural check and pdfinfo's page sizes and metadata.

use preflight_core::domain::settings::DateFormat;
use preflight_core::domain::tables::TableKind;
use preflight_core::report::{self, Paper, ReportKind};
use preflight_core::Store;

use crate::support::{
    add_alignment_row, artifact, as_of, empty_project, info, options, render, sample, squash,
    text_of, tool,
};

/// The texts a report must contain: every cell of every table it shows.
fn expected_texts(store: &Store, project: uuid::Uuid, kind: ReportKind) -> Vec<String> {
    let data = store.report_data(project, as_of()).expect("report data");
    let mut texts = Vec::new();
    let tables: &[TableKind] = match kind {
        ReportKind::Alignment => &[TableKind::Alignment],
        ReportKind::Stakeholders => &[TableKind::Stakeholders],
        ReportKind::Compliance => &[
            TableKind::DataInventory,
            TableKind::Triggers,
            TableKind::Vendors,
            TableKind::Reviews,
        ],
        ReportKind::Full => &TableKind::ALL,
        ReportKind::Scorecard | ReportKind::Gaps => &[],
    };
    for &table in tables {
        for row in data.rows(table) {
            for (key, value) in &row.cells {
                // Choice cells print their label ("Ready", "Yes"), checked separately.
                if !matches!(key.as_str(), "readiness" | "verified") {
                    texts.push(value.clone());
                }
            }
        }
    }
    if matches!(kind, ReportKind::Scorecard | ReportKind::Full) {
        texts.push(data.project.north_star.clone());
        for p in &data.scorecard.pillars {
            texts.extend([p.name.clone(), p.evidence.clone(), p.owner.clone()]);
        }
    }
    if matches!(kind, ReportKind::Gaps | ReportKind::Full) {
        for g in &data.gaps.gaps {
            texts.extend([g.title.clone(), g.owner.clone(), g.notes.clone()]);
        }
    }
    if matches!(kind, ReportKind::Compliance | ReportKind::Full) {
        texts.extend(data.compliance.controls.iter().map(|c| c.label.clone()));
        texts.push(data.compliance.snapshot.owner.clone());
    }
    texts.retain(|t| !t.trim().is_empty());
    texts
}

#[test]
fn every_report_passes_qpdf_and_its_text_holds_every_cell_with_unicode_names() {
    let (store, project) = sample();
    add_alignment_row(
        &store,
        project,
        &[
            ("goal", "São Paulo – Zürich rollout"),
            ("stakeholders", "Zoë Łukasiewicz • Søren Dahl"),
        ],
    );
    for kind in ReportKind::ALL {
        let pdf = render(&store, project, kind);
        let path = artifact(&format!("sample-{}.pdf", kind.as_str()), &pdf);
        let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("path")]);
        assert!(ok, "qpdf --check failed for {kind:?}: {out}");
        let text = text_of(&path, None);
        for expected in expected_texts(&store, project, kind) {
            assert!(
                text.contains(&squash(&expected)),
                "{kind:?} lacks {expected:?}"
            );
        }
        let footer = format!("As of 2026-11-21 · Page 1 of {}", info(&path, "Pages"));
        assert!(
            text.contains(&footer),
            "{kind:?} lacks the footer {footer:?}"
        );
        assert!(
            text.contains("Northwind Pilot — readiness"),
            "{kind:?} lacks the name"
        );
    }
    let text = text_of(
        &artifact(
            "sample-full.pdf",
            &render(&store, project, ReportKind::Full),
        ),
        None,
    );
    for name in [
        "Zoë Łukasiewicz",
        "Søren",
        "São Paulo – Zürich rollout",
        "Kraków",
        "Zoë Łukasiewicz • Søren Dahl",
    ] {
        assert!(text.contains(name), "the full report lacks {name}");
    }
}

#[test]
fn compliance_triggers_print_their_readiness_and_launch_blockers_come_first() {
    let (store, project) = sample();
    let text = text_of(
        &artifact(
            "compliance.pdf",
            &render(&store, project, ReportKind::Compliance),
        ),
        None,
    );
    for label in ["Ready", "Partial", "Missing"] {
        assert!(text.contains(label), "compliance lacks the marker {label}");
    }
    let text = text_of(
        &artifact("gaps.pdf", &render(&store, project, ReportKind::Gaps)),
        None,
    );
    let data = store.report_data(project, as_of()).expect("data");
    let blocker = &data
        .gaps
        .blockers
        .first()
        .expect("the sample has a blocker")
        .title;
    let first_category = &data.gaps.categories[0].category;
    let blockers_at = text.find("Launch blockers").expect("blockers heading");
    let blocker_at = text.find(blocker.as_str()).expect("blocker title");
    let category_at = text
        .find(&format!("{first_category} —"))
        .expect("category heading");
    assert!(blockers_at < blocker_at && blocker_at < category_at);
}

#[test]
fn the_same_data_and_options_give_identical_bytes() {
    let (store, project) = sample();
    let first = render(&store, project, ReportKind::Full);
    let second = render(&store, project, ReportKind::Full);
    assert!(first == second, "two renders differ");
    let data = store.report_data(project, as_of()).expect("data");
    let mut later = options(ReportKind::Full, Paper::A4);
    later.as_of = as_of().succ_opt().expect("date");
    let other = report::render(&data, &later).expect("render");
    assert!(first != other, "the as-of date must change the report");
    let path = artifact("determinism.pdf", &first);
    assert_eq!(info(&path, "Author"), "Zoë Łukasiewicz");
    assert_eq!(
        info(&path, "Title"),
        "Northwind Pilot — readiness — Production readiness report"
    );
    assert!(info(&path, "Subject").contains("as of 2026-11-21"));
    assert!(
        info(&path, "CreationDate").contains("2026"),
        "creation date from as-of"
    );
}

#[test]
fn the_cover_shows_accepted_risks_beside_the_blockers_in_the_chosen_date_format() {
    let (store, project) = sample();
    let data = store.report_data(project, as_of()).expect("data");
    let risk = data
        .gaps
        .accepted_risks
        .first()
        .expect("the sample has an accepted risk")
        .clone();
    let revisit = risk.revisit_on.expect("a deferred gap has a revisit date");
    let mut chosen = options(ReportKind::Full, Paper::A4);
    chosen.date_format = DateFormat::DayMonthYearDots;
    let pdf = report::render(&data, &chosen).expect("render");
    let cover = text_of(&artifact("cover-accepted-risks.pdf", &pdf), Some((1, 1)));
    let blockers_at = cover
        .find("What blocks launch")
        .expect("blockers on the cover");
    let risks_at = cover
        .find("Accepted risks")
        .expect("accepted risks on the cover");
    assert!(blockers_at < risks_at, "{cover}");
    assert!(
        cover.contains(&format!("{} ({})", risk.title, risk.priority.as_str())),
        "{cover}"
    );
    assert!(
        cover.contains(&format!("revisit {}", revisit.format("%d.%m.%Y"))),
        "{cover}"
    );
    assert!(cover.contains("As of 21.11.2026"), "{cover}");
    assert!(!cover.contains("2026-11-21"), "one date format: {cover}");
}

#[test]
fn an_unscored_pillar_is_labelled_as_missing_in_the_radar() {
    let (store, project) = sample();
    let card = store.scorecard(project, as_of()).expect("scorecard");
    let pillar = &card.pillars[2];
    let mut draft = pillar.draft();
    draft.current_score = None;
    store
        .update_pillar(pillar.id, &draft)
        .expect("clear the score");
    let pdf = render(&store, project, ReportKind::Scorecard);
    let text = text_of(&artifact("radar-unscored.pdf", &pdf), Some((1, 1)));
    assert!(text.contains("(not scored)"), "{text}");
    assert_eq!(text.matches("(not scored)").count(), 1, "{text}");
}

#[test]
fn the_scorecard_and_full_reports_show_the_latest_workshops_results() {
    use preflight_core::domain::workshop::{VoteDraft, WorkshopSetup};
    let (store, project) = sample();
    let w = store
        .start_workshop(
            project,
            &WorkshopSetup {
                pillars: Vec::new(),
                anonymous: false,
                notes_allowed: true,
            },
        )
        .expect("workshop");
    let people: Vec<_> = ["Zoë", "Sam", "Ana"]
        .iter()
        .map(|n| store.join_workshop(w.id, n).expect("join"))
        .collect();
    for (p, score) in people.iter().zip([Some(2), Some(4), None]) {
        let vote = VoteDraft {
            score,
            note: String::new(),
        };
        store.cast_vote(w.id, p.id, &vote).expect("vote");
    }
    store.reveal_votes(w.id).expect("reveal");
    store
        .agree(w.id, 3, "Restore drill booked for next week")
        .expect("agree");
    store.end_workshop(w.id, as_of()).expect("end");
    // A report dated before the workshop ended does not show it; one dated today does.
    let before = render(&store, project, ReportKind::Scorecard);
    assert!(
        !text_of(&artifact("scorecard-before-workshop.pdf", &before), None)
            .contains("Workshop results")
    );
    let today = chrono::Utc::now().date_naive();
    let data = store.report_data(project, today).expect("data");
    let mut chosen = options(ReportKind::Scorecard, Paper::A4);
    chosen.as_of = today;
    let scorecard = report::render(&data, &chosen).expect("render");
    let text = text_of(&artifact("scorecard-workshop.pdf", &scorecard), None);
    assert!(text.contains("Workshop results"), "{text}");
    assert!(text.contains("3 participants scored 8 pillars"), "{text}");
    assert!(
        text.contains("1 · 2 ● 3 · 4 ● 5 · ? ●"),
        "the dot strip: {text}"
    );
    assert!(
        text.contains("Restore drill booked for next week"),
        "{text}"
    );
    chosen.kind = ReportKind::Full;
    let full = report::render(&data, &chosen).expect("render");
    let cover = text_of(&artifact("full-workshop.pdf", &full), Some((1, 1)));
    assert!(
        cover.contains("Workshop results"),
        "listed in the contents: {cover}"
    );
}

#[test]
fn internal_notes_travel_in_the_project_file_and_stay_out_of_reports_and_plain_exports() {
    use preflight_core::table_export::{self, ExportTable, TableFormat};
    let (store, project) = sample();
    let card = store.scorecard(project, as_of()).expect("scorecard");
    let mut pillar = card.pillars[0].draft();
    pillar.internal_note = "PILLAR-SECRET: the CTO doubts the ADRs".into();
    store
        .update_pillar(card.pillars[0].id, &pillar)
        .expect("pillar");
    let board = store.gap_board(project, as_of()).expect("gaps");
    let mut gap = board.gaps[0].draft();
    gap.internal_note = "GAP-SECRET: vendor quote is 40k".into();
    store.update_gap(board.gaps[0].id, &gap).expect("gap");
    let row = store
        .table_rows(project, TableKind::Stakeholders)
        .expect("table")[0]
        .id;
    store
        .set_row_internal_note(row, "ROW-SECRET: investor is wavering")
        .expect("row note");

    let data = store.report_data(project, as_of()).expect("data");
    let full = report::render(&data, &options(ReportKind::Full, Paper::A4)).expect("render");
    let text = text_of(&artifact("full-internal-notes.pdf", &full), None);
    for secret in ["PILLAR-SECRET", "GAP-SECRET", "ROW-SECRET"] {
        assert!(!text.contains(secret), "{secret} reached the report");
    }
    let plain = table_export::render(
        &data,
        ExportTable::Stakeholders,
        TableFormat::Markdown,
        false,
    )
    .expect("md");
    assert!(!String::from_utf8(plain)
        .expect("utf8")
        .contains("ROW-SECRET"));
    let internal = table_export::render(&data, ExportTable::Stakeholders, TableFormat::Csv, true)
        .expect("csv");
    let internal = String::from_utf8(internal).expect("utf8");
    assert!(
        internal
            .lines()
            .next()
            .is_some_and(|h| h.ends_with("Internal Note")),
        "{internal}"
    );
    assert!(internal.contains("ROW-SECRET"), "{internal}");

    let file = store
        .project_file(project, chrono::Utc::now())
        .expect("file")
        .to_json()
        .expect("json");
    let value: serde_json::Value = serde_json::from_str(&file).expect("json");
    assert_eq!(value["version"], preflight_core::project_file::VERSION);
    assert_eq!(
        value["scorecard"][0]["internalNote"],
        "PILLAR-SECRET: the CTO doubts the ADRs"
    );
    assert_eq!(
        value["gaps"][0]["internalNote"],
        "GAP-SECRET: vendor quote is 40k"
    );
    assert_eq!(
        value["tables"]["stakeholders"][0]["internalNote"],
        "ROW-SECRET: investor is wavering"
    );
    let copy = Store::open_in_memory().expect("store");
    let parsed = preflight_core::project_file::ProjectFile::parse(&file).expect("valid");
    copy.import_project_file(&parsed, preflight_core::storage::ImportMode::New)
        .expect("import");
    let again = copy.scorecard(project, as_of()).expect("scorecard");
    assert_eq!(
        again.pillars[0].internal_note,
        "PILLAR-SECRET: the CTO doubts the ADRs"
    );
}

#[test]
fn a_radar_label_cut_to_fit_ends_with_an_ellipsis_and_the_table_has_the_whole_name() {
    let (store, project) = empty_project("Atlas");
    let name = "Operational readiness across every clinic site, region and on-call rota";
    let draft: preflight_core::domain::PillarDraft =
        serde_json::from_value(serde_json::json!({ "name": name, "currentScore": 3 }))
            .expect("draft");
    store.add_pillar(project, &draft).expect("pillar");
    let pdf = render(&store, project, ReportKind::Scorecard);
    let text = text_of(&artifact("long-pillar-name.pdf", &pdf), None);
    assert!(
        text.contains(name),
        "the pillar table has the whole name: {text}"
    );
    // The radar's two lines: "Operational" / "readiness across…".
    assert!(
        text.contains("Operational readiness across…"),
        "the radar's label says it was cut: {text}"
    );
}
