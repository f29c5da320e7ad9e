//! Files that are not UTF-8, as spreadsheets on Windows save them: read in their encoding,
//! every word intact, and the summary names the encoding.

use super::{gaps_of, today};
use crate::markdown_import::*;
use crate::storage::Store;

#[test]
fn a_windows_1252_csv_from_a_folder_comes_in_whole_and_the_summary_names_its_encoding() {
    let dir = tempfile::tempdir().expect("dir");
    // Excel in Germany: semicolons, Windows-1252, CRLF, and its separator line.
    let text = "sep=;\r\nTitle;Owner;Status\r\nDatenschutzerklärung prüfen;Jürgen Groß;WIP\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    std::fs::write(dir.path().join("Lücken.csv"), &bytes).expect("write");
    let store = Store::open_in_memory().expect("store");
    let sources = read_sources(&[dir.path().to_path_buf()]).expect("read");
    assert_eq!(sources[0].encoding, Some("windows-1252"));
    let result = store
        .import_markdown(
            &MarkdownTarget::New("Plan".into()),
            &plan_sources(&sources).expect("plan"),
        )
        .expect("import");
    let summary = result.summary();
    assert!(
        summary.contains(
            "note: the file is not UTF-8: read as windows-1252, the encoding it most likely is; \
             check its accented letters"
        ),
        "{summary}"
    );
    let gaps = gaps_of(&store, &result);
    assert_eq!(gaps[0].0, "Datenschutzerklärung prüfen");
    let board = store.gap_board(result.project.id, today()).expect("board");
    assert_eq!(board.gaps[0].owner, "Jürgen Groß");
}
