//! Branding: the organisation's name, logo and accent colour on the cover and the page headers
//! of every report. Set once for the app; a project may override any of the three.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::bounded;
use crate::error::{CoreError, Result};

/// Longest organisation name, in characters.
pub const ORGANISATION_MAX: usize = 120;
/// Largest logo file, in bytes (1 MiB): a logo for print is a few dozen kilobytes.
pub const LOGO_MAX_BYTES: usize = 1024 * 1024;
/// Largest logo side, in pixels.
pub const LOGO_MAX_SIDE: u32 = 4000;

/// The two logo formats a PDF shows without conversion trouble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum LogoFormat {
    /// PNG (ISO/IEC 15948).
    Png,
    /// JPEG (JFIF or Exif).
    Jpeg,
}

impl LogoFormat {
    /// The id stored in the database, `png` or `jpeg`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogoFormat::Png => "png",
            LogoFormat::Jpeg => "jpeg",
        }
    }

    /// The format with this id, if any.
    pub fn from_id(id: &str) -> Option<LogoFormat> {
        match id {
            "png" => Some(LogoFormat::Png),
            "jpeg" => Some(LogoFormat::Jpeg),
            _ => None,
        }
    }

    /// The MIME type, for a `data:` URL in the window.
    pub fn mime(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
        }
    }
}

/// A checked logo: its bytes, format and size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// The file's bytes, as given.
    pub bytes: Vec<u8>,
    /// PNG or JPEG.
    pub format: LogoFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Logo {
    /// Checks a logo file's bytes: PNG or JPEG (by content, not name), at most
    /// [`LOGO_MAX_BYTES`], each side 1–[`LOGO_MAX_SIDE`] pixels (read with `imagesize`).
    ///
    /// # Errors
    /// [`CoreError::Invalid`] on `logo` saying which rule the file breaks.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Logo> {
        if bytes.len() > LOGO_MAX_BYTES {
            return Err(CoreError::invalid(
                "logo",
                format!(
                    "is {} KB; a logo may be at most {} KB",
                    bytes.len() / 1024,
                    LOGO_MAX_BYTES / 1024
                ),
            ));
        }
        let format = match imagesize::image_type(&bytes) {
            Ok(imagesize::ImageType::Png) => LogoFormat::Png,
            Ok(imagesize::ImageType::Jpeg) => LogoFormat::Jpeg,
            _ => {
                return Err(CoreError::invalid(
                    "logo",
                    "must be a PNG or JPEG image (this file is neither)",
                ))
            }
        };
        let size = imagesize::blob_size(&bytes)
            .map_err(|e| CoreError::invalid("logo", format!("cannot be read as an image: {e}")))?;
        let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (width, height) = (side(size.width), side(size.height));
        if width == 0 || height == 0 || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE {
            return Err(CoreError::invalid(
                "logo",
                format!(
                    "is {width} × {height} pixels; each side must be 1 to {LOGO_MAX_SIDE} pixels"
                ),
            ));
        }
        Ok(Logo {
            bytes,
            format,
            width,
            height,
        })
    }
}

/// An accent colour as its red, green and blue parts.
pub type Rgb = (u8, u8, u8);

/// Reads `#RRGGBB` (the `#` optional, any case).
///
/// # Errors
/// [`CoreError::Invalid`] on `accent` for anything else.
pub fn accent(text: &str) -> Result<Rgb> {
    let hex = text.trim().trim_start_matches('#');
    let part = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("x"), 16);
    match (hex.len(), part(0), part(2), part(4)) {
        (6, Ok(r), Ok(g), Ok(b)) if hex.is_ascii() => Ok((r, g, b)),
        _ => Err(CoreError::invalid(
            "accent",
            format!(
                "must be a colour written #RRGGBB, e.g. #2F6FDE (got \u{201c}{}\u{201d})",
                text.trim()
            ),
        )),
    }
}

/// The brand a report prints: the project's own values where it has them, the app's
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Brand {
    /// The organisation's name; empty for none.
    pub organisation: String,
    /// The accent colour, or `None` for Preflight's blue.
    pub accent: Option<Rgb>,
    /// The logo, if any.
    pub logo: Option<Logo>,
}

impl Brand {
    /// True when there is nothing to print.
    pub fn is_empty(&self) -> bool {
        self.organisation.is_empty() && self.accent.is_none() && self.logo.is_none()
    }

    /// `project`'s values over `app`'s, field by field.
    pub fn over(project: Brand, app: Brand) -> Brand {
        Brand {
            organisation: if project.organisation.is_empty() {
                app.organisation
            } else {
                project.organisation
            },
            accent: project.accent.or(app.accent),
            logo: project.logo.or(app.logo),
        }
    }
}

/// What a person sets: the organisation and accent as typed (empty clears).
///
/// # Errors
/// [`CoreError::Invalid`] on `organisation` (over 120 characters or several lines) or
/// `accent`.
pub fn checked(organisation: &str, accent_text: &str) -> Result<(String, Option<Rgb>)> {
    let organisation = bounded("organisation", organisation, ORGANISATION_MAX)?;
    if organisation.contains(['\n', '\r']) {
        return Err(CoreError::invalid("organisation", "must be one line"));
    }
    let accent = if accent_text.trim().is_empty() {
        None
    } else {
        Some(accent(accent_text)?)
    };
    Ok((organisation, accent))
}

/// `#RRGGBB` for a colour.
pub fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_hex_colours_and_a_project_overrides_the_app_field_by_field() {
        assert_eq!(accent("#2f6fde").unwrap(), (0x2f, 0x6f, 0xde));
        assert_eq!(accent(" 0A0B0C ").unwrap(), (10, 11, 12));
        for bad in ["#12345", "blue", "#GGGGGG", "#1234567", "#ééé"] {
            assert_eq!(accent(bad).unwrap_err().field(), Some("accent"), "{bad}");
        }
        assert_eq!(hex((0x2f, 0x6f, 0xde)), "#2F6FDE");
        let app = Brand {
            organisation: "Northwind".into(),
            accent: Some((1, 2, 3)),
            logo: None,
        };
        let project = Brand {
            organisation: String::new(),
            accent: Some((9, 9, 9)),
            logo: None,
        };
        let merged = Brand::over(project, app);
        assert_eq!(merged.organisation, "Northwind");
        assert_eq!(merged.accent, Some((9, 9, 9)));
        assert!(Brand::default().is_empty());
        assert!(checked("A\nB", "").is_err());
        assert_eq!(checked(" Acme ", "").unwrap(), ("Acme".to_owned(), None));
    }

    /// A `w` × `h` image in `format`, made with the `image` crate.
    pub(crate) fn image_file(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([47, 111, 222]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_logo_is_a_png_or_jpeg_of_sane_size() {
        let logo = Logo::from_bytes(image_file(3, 2, image::ImageFormat::Png)).unwrap();
        assert_eq!(
            (logo.format, logo.width, logo.height),
            (LogoFormat::Png, 3, 2)
        );
        let jpeg = Logo::from_bytes(image_file(40, 20, image::ImageFormat::Jpeg)).unwrap();
        assert_eq!(
            (jpeg.format, jpeg.width, jpeg.height),
            (LogoFormat::Jpeg, 40, 20)
        );
        assert_eq!(
            Logo::from_bytes(b"GIF89a....".to_vec())
                .unwrap_err()
                .field(),
            Some("logo")
        );
        let huge = vec![0_u8; LOGO_MAX_BYTES + 1];
        assert!(Logo::from_bytes(huge)
            .unwrap_err()
            .message()
            .contains("at most 1024 KB"));
    }
}
