//! The participant page, served by the workshop server itself: plain HTML, CSS and a small
//! script, no framework and no third-party request, light enough for an old phone.

/// The page a participant opens from the QR code or the join URL.
pub const PAGE_HTML: &str = include_str!("page/index.html");
/// Its script.
pub const PAGE_JS: &str = include_str!("page/page.js");
/// Its styles.
pub const PAGE_CSS: &str = include_str!("page/page.css");
/// The form for typing the short join code, at the server's root.
pub const CODE_HTML: &str = include_str!("page/code.html");
