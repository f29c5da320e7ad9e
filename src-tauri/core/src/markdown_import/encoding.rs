//! The text of an imported file whatever its encoding: UTF-8 as it is, UTF-16 by its
//! byte-order mark, and anything else in the legacy encoding it most likely is — a
//! spreadsheet's CSV saved on Windows is Windows-1252 in Western Europe and the Americas and
//! Shift_JIS in Japan — found by chardetng, Firefox's detector for unlabelled text, and named
//! so the summary can say the file was read that way.

use encoding_rs::{Encoding, UTF_8};

/// Decodes a file's `bytes`. Returns the text, without a byte-order mark, and the name of the
/// encoding the detector chose ("windows-1252", "Shift_JIS") when the file was neither UTF-8
/// nor UTF-16 with its byte-order mark, which are read as they are.
/// Never fails: bytes no encoding maps become U+FFFD, which only a file in no known text
/// encoding holds (the detector picks the encoding with the fewest such bytes).
pub fn decode(bytes: &[u8]) -> (String, Option<&'static str>) {
    let (encoding, body, guessed) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..], false),
        None if std::str::from_utf8(bytes).is_ok() => (UTF_8, bytes, false),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            (detector.guess(None, false), bytes, true)
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    (text.into_owned(), guessed.then(|| encoding.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_it_is_and_its_byte_order_mark_dropped() {
        assert_eq!(decode("Zoë".as_bytes()), ("Zoë".to_owned(), None));
        assert_eq!(decode("\u{feff}Zoë".as_bytes()), ("Zoë".to_owned(), None));
    }

    #[test]
    fn utf16_is_read_by_its_byte_order_mark_as_it_is() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("Titel;Zoë".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes), ("Titel;Zoë".to_owned(), None));
    }

    #[test]
    fn a_windows_spreadsheets_csv_is_read_in_its_encoding_and_named() {
        // "Titel;Verantwortlich\nDatenschutzerklärung prüfen;Jürgen Groß" as Excel in Germany
        // saves it.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Titel;Verantwortlich\nDatenschutzerklärung prüfen;Jürgen Groß\n");
        assert_eq!(
            decode(&bytes),
            (
                "Titel;Verantwortlich\nDatenschutzerklärung prüfen;Jürgen Groß\n".to_owned(),
                Some("windows-1252")
            )
        );
        let (bytes, _, _) = encoding_rs::SHIFT_JIS
            .encode("タイトル,担当者\n個人情報の取り扱いを確認する,山田太郎\n");
        assert_eq!(
            decode(&bytes),
            (
                "タイトル,担当者\n個人情報の取り扱いを確認する,山田太郎\n".to_owned(),
                Some("Shift_JIS")
            )
        );
    }
}
