//! The join QR code as SVG (the `qrcode` crate), dark modules on white with the quiet zone,
//! sized by the page that shows it.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The SVG of a QR code for `url` at error-correction level M (15 % of the modules may be
/// lost: a projector's glare, a phone held at an angle).
///
/// # Errors
/// The text is too long for a QR code (a join URL never is).
pub fn svg(url: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_join_url_becomes_an_svg_image() {
        let image =
            super::svg("http://192.168.1.20:41234/w/0123456789abcdef0123456789abcdef/").unwrap();
        assert!(
            image.starts_with("<?xml") || image.starts_with("<svg"),
            "{image:.40}"
        );
        assert!(image.contains("<svg"));
        assert!(image.contains("#000000"));
    }
}
