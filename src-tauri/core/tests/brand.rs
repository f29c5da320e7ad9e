//! Branding on reports: the organisation on the cover and every page header, the logo drawn
//! (one image, embedded once), the output still deterministic.

use preflight_core::domain::brand::Logo;
use preflight_core::report::{self, Paper, ReportKind};

use crate::support::{artifact, as_of, info, options, sample, text_of, tool};

/// A 120 × 40 PNG made with the `image` crate.
fn logo() -> Logo {
    let img = image::RgbImage::from_fn(120, 40, |x, _| {
        image::Rgb([if x < 60 { 47 } else { 230 }, 111, 222])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    Logo::from_bytes(out.into_inner()).expect("logo")
}

#[test]
fn the_brand_is_on_the_cover_and_every_page_and_the_report_stays_deterministic() {
    let (store, project) = sample();
    store
        .set_brand(None, "Northwind Labs GmbH", "#0F766E")
        .expect("brand");
    store.set_logo(None, Some(&logo())).expect("logo");
    // The project keeps the app's name and logo but has its own accent.
    store
        .set_brand(Some(project), "", "#9333EA")
        .expect("project brand");
    let data = store.report_data(project, as_of()).expect("data");
    assert_eq!(data.brand.accent, Some((0x93, 0x33, 0xEA)));
    let opts = options(ReportKind::Full, Paper::A4);
    let first = report::render(&data, &opts).expect("render");
    let again = report::render(&data, &opts).expect("render");
    assert_eq!(first, again, "the same bytes every time");
    let path = artifact("full-branded.pdf", &first);
    let pages: usize = info(&path, "Pages").parse().expect("pages");
    for page in 1..=pages {
        let text = text_of(&path, Some((page, page)));
        assert!(
            text.contains("Northwind Labs GmbH"),
            "page {page} names the organisation: {text}"
        );
    }
    let (ok, images) = tool("pdfimages", &["-list", &path.display().to_string()]);
    assert!(ok, "{images}");
    let drawn = images.lines().filter(|l| l.contains(" image ")).count();
    assert_eq!(
        drawn, pages,
        "the logo on the cover and every page header: {images}"
    );
    let objects = images
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(10))
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(objects.len(), 1, "embedded once: {images}");
    let (checked, out) = tool("qpdf", &["--check", &path.display().to_string()]);
    assert!(checked, "{out}");
}
