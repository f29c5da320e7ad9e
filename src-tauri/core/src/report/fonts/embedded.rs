//! The font files the report embeds: DejaVu Sans as it is (every report uses it), and the
//! fallback faces Brotli-compressed, with the one function that unpacks them.

use std::io::Read as _;

use super::Weight;

pub(super) const REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
pub(super) const BOLD_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");
// The fallback faces are embedded Brotli-compressed (`scripts/compress-fonts.sh`, as WOFF2
// does; 5.9 MB of TrueType become 2.2 MB of binary) and unpacked when first used: only a report
// with text in their script pays for that. The two report faces above are used by every
// report, so they stay as they are.
/// A CJK subset of Droid Sans Fallback (Han ideographs, kana, Bopomofo, full-width forms; no
/// Hangul syllables); see `fonts/LICENSE-DroidSansFallback.txt`.
const CJK_TTF_BR: &[u8] = include_bytes!("../../../fonts/DroidSansFallback-CJK.ttf.br");
/// The Hangul subset of NanumGothic; see `fonts/LICENSE-PreflightHangul.txt`.
const HANGUL_TTF_BR: &[u8] = include_bytes!("../../../fonts/PreflightHangul.ttf.br");
/// Noto Sans Arabic and Noto Sans Hebrew, unmodified; see `fonts/LICENSE-Noto.txt`.
const ARABIC_TTF_BR: &[u8] = include_bytes!("../../../fonts/NotoSansArabic-Regular.ttf.br");
const ARABIC_BOLD_TTF_BR: &[u8] = include_bytes!("../../../fonts/NotoSansArabic-Bold.ttf.br");
const HEBREW_TTF_BR: &[u8] = include_bytes!("../../../fonts/NotoSansHebrew-Regular.ttf.br");
const HEBREW_BOLD_TTF_BR: &[u8] = include_bytes!("../../../fonts/NotoSansHebrew-Bold.ttf.br");

/// The fallback faces (Brotli-compressed TrueType), with their PDF resource ids and the one
/// weight each draws (`None`: both): Noto Sans Arabic (`F5`, `F6`), Noto Sans Hebrew (`F7`,
/// `F8`), then the CJK (`F3`) and Hangul (`F4`) faces.
pub(super) const FALLBACKS: [(&[u8], &str, Option<Weight>); 6] = [
    (ARABIC_TTF_BR, "F5", Some(Weight::Regular)),
    (ARABIC_BOLD_TTF_BR, "F6", Some(Weight::Bold)),
    (HEBREW_TTF_BR, "F7", Some(Weight::Regular)),
    (HEBREW_BOLD_TTF_BR, "F8", Some(Weight::Bold)),
    (CJK_TTF_BR, "F3", None),
    (HANGUL_TTF_BR, "F4", None),
];

/// Unpacks a Brotli-compressed embedded font for the rest of the process: faces are parsed
/// once and kept in a static, and the parsers borrow the bytes for as long.
pub(super) fn unpacked(compressed: &[u8]) -> Option<&'static [u8]> {
    let mut bytes = Vec::with_capacity(compressed.len() * 3);
    brotli_decompressor::Decompressor::new(compressed, 64 * 1024)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(Box::leak(bytes.into_boxed_slice()))
}

#[cfg(test)]
mod tests {
    use super::super::Fonts;
    use super::*;

    /// Each compressed fallback is its TrueType source byte for byte (run
    /// `scripts/compress-fonts.sh` after changing a font), and each parses.
    #[test]
    fn the_compressed_fallbacks_unpack_to_their_fonts() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let sources = [
            "NotoSansArabic-Regular",
            "NotoSansArabic-Bold",
            "NotoSansHebrew-Regular",
            "NotoSansHebrew-Bold",
            "DroidSansFallback-CJK",
            "PreflightHangul",
        ];
        let fonts = Fonts::get().expect("fonts");
        for (index, ((compressed, _, _), source)) in FALLBACKS.iter().zip(sources).enumerate() {
            let ttf = std::fs::read(folder.join(format!("{source}.ttf"))).expect("the source");
            assert!(
                unpacked(compressed) == Some(&ttf[..]),
                "{source}.ttf.br is stale"
            );
            assert!(compressed.len() < ttf.len() * 2 / 3, "{source} compresses");
            assert!(fonts.fallback_at(index).is_some(), "{source} parses");
        }
    }
}
