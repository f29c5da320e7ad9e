//! Branding for the app and per project: the one writer of `brands`. A report prints the
//! project's values over the app's, field by field.

use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::row::now;
use super::{guards, Store};
use crate::domain::brand::{self, Brand, Logo};
use crate::error::Result;

/// The scope key of `project`, or of the app.
fn scope(project: Option<Uuid>) -> String {
    project.map_or_else(|| "app".to_owned(), |p| p.to_string())
}

/// The brand stored for one scope (empty when none). A stored value this build cannot read
/// (a hand-edited colour, a damaged logo) is left out rather than failing every report.
pub(super) fn stored(conn: &Connection, project: Option<Uuid>) -> Result<Brand> {
    let row: Option<(String, Option<String>, Option<Vec<u8>>)> = conn
        .query_row(
            "SELECT organisation, accent, logo FROM brands WHERE scope = ?1",
            [scope(project)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((organisation, accent, logo)) = row else {
        return Ok(Brand::default());
    };
    Ok(Brand {
        organisation,
        accent: accent.and_then(|a| brand::accent(&a).ok()),
        logo: logo.and_then(|bytes| Logo::from_bytes(bytes).ok()),
    })
}

/// The brand a report of `project` prints: its own values over the app's.
pub(super) fn effective(conn: &Connection, project: Uuid) -> Result<Brand> {
    Ok(Brand::over(
        stored(conn, Some(project))?,
        stored(conn, None)?,
    ))
}

/// Removes the brands of projects deleted for good.
pub(super) fn forget_deleted_projects(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM brands WHERE scope <> 'app' AND scope NOT IN (SELECT id FROM projects)",
        [],
    )?;
    Ok(())
}

/// Makes sure the scope's row exists, so the updates below have one to change.
fn ensure_row(conn: &Connection, project: Option<Uuid>) -> Result<()> {
    if let Some(p) = project {
        guards::editable(conn, p)?;
    }
    conn.execute(
        "INSERT INTO brands (scope, updated_at) VALUES (?1, ?2) ON CONFLICT (scope) DO NOTHING",
        params![scope(project), now()],
    )?;
    Ok(())
}

impl Store {
    /// The brand stored for the app (`None`) or for one project, without the other's values.
    ///
    /// # Errors
    /// [`crate::CoreError::NotFound`] for an unknown project; storage errors.
    pub fn brand(&self, project: Option<Uuid>) -> Result<Brand> {
        self.read(|conn| {
            if let Some(p) = project {
                guards::load(conn, p)?;
            }
            stored(conn, project)
        })
    }

    /// The brand a report of `project` prints: its own values over the app's.
    ///
    /// # Errors
    /// As [`Store::brand`].
    pub fn effective_brand(&self, project: Uuid) -> Result<Brand> {
        self.read(|conn| {
            guards::load(conn, project)?;
            effective(conn, project)
        })
    }

    /// Sets the organisation's name and the accent colour (`#RRGGBB`) of the app or a project;
    /// empty text clears a value (a project then uses the app's).
    ///
    /// # Errors
    /// [`crate::CoreError::Invalid`] on `organisation` or `accent` (nothing written);
    /// [`crate::CoreError::NotFound`]; [`crate::CoreError::Conflict`] for a project in the
    /// trash.
    pub fn set_brand(
        &self,
        project: Option<Uuid>,
        organisation: &str,
        accent: &str,
    ) -> Result<Brand> {
        let (organisation, accent) = brand::checked(organisation, accent)?;
        self.with_tx(|tx| {
            ensure_row(tx, project)?;
            tx.execute(
                "UPDATE brands SET organisation = ?2, accent = ?3, updated_at = ?4 WHERE scope = ?1",
                params![scope(project), organisation, accent.map(brand::hex), now()],
            )?;
            stored(tx, project)
        })
    }

    /// Sets (or with `None` removes) the logo of the app or a project.
    ///
    /// # Errors
    /// As [`Store::set_brand`].
    pub fn set_logo(&self, project: Option<Uuid>, logo: Option<&Logo>) -> Result<Brand> {
        self.with_tx(|tx| {
            ensure_row(tx, project)?;
            tx.execute(
                "UPDATE brands SET logo = ?2, logo_format = ?3, updated_at = ?4 WHERE scope = ?1",
                params![
                    scope(project),
                    logo.map(|l| l.bytes.as_slice()),
                    logo.map(|l| l.format.as_str()),
                    now()
                ],
            )?;
            stored(tx, project)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::brand::Logo;
    use crate::storage::test_support::atlas;
    use crate::Store;

    fn png() -> Logo {
        let img = image::RgbImage::from_pixel(8, 4, image::Rgb([0, 0, 0]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        Logo::from_bytes(out.into_inner()).unwrap()
    }

    #[test]
    fn a_project_overrides_the_app_brand_field_by_field_and_refusals_write_nothing() {
        let store = Store::open_in_memory().unwrap();
        let project = atlas(&store);
        assert!(store.effective_brand(project).unwrap().is_empty());
        store.set_brand(None, "Northwind Labs", "#2F6FDE").unwrap();
        store.set_logo(None, Some(&png())).unwrap();
        store.set_brand(Some(project), "", "#C0392B").unwrap();
        let brand = store.effective_brand(project).unwrap();
        assert_eq!(brand.organisation, "Northwind Labs");
        assert_eq!(brand.accent, Some((0xC0, 0x39, 0x2B)));
        assert_eq!(brand.logo.map(|l| (l.width, l.height)), Some((8, 4)));
        assert!(store.set_brand(None, "Acme", "red").is_err());
        assert_eq!(store.brand(None).unwrap().organisation, "Northwind Labs");
        store.set_logo(None, None).unwrap();
        assert!(store.effective_brand(project).unwrap().logo.is_none());
        store.trash_project(project).unwrap();
        assert!(store.set_brand(Some(project), "X", "").is_err(), "trashed");
        store.purge_project(project).unwrap();
        let rows: i64 = store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM brands", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(rows, 1, "the purged project's brand went with it");
    }
}
