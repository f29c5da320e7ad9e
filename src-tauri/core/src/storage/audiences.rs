//! Audiences users save, kept app-wide: the one writer of `audiences`. The built-in four are
//! not stored; they come from the domain and cannot be changed or deleted.

use rusqlite::{params, Connection, OptionalExtension};

use super::row::now;
use super::Store;
use crate::domain::audience::Audience;
use crate::error::{CoreError, Result};

/// Reads a stored definition; one this build cannot read (a newer part name) is skipped with
/// `None` rather than failing every export.
fn parse(definition: &str) -> Option<Audience> {
    serde_json::from_str::<Audience>(definition).ok()
}

fn saved(conn: &Connection) -> Result<Vec<Audience>> {
    let mut stmt = conn.prepare("SELECT definition FROM audiences ORDER BY name COLLATE NOCASE")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.iter().filter_map(|d| parse(d)).collect())
}

impl Store {
    /// Every audience: the four built in (board, team, auditor, customer), then those saved,
    /// by name.
    ///
    /// # Errors
    /// Storage errors.
    pub fn audiences(&self) -> Result<Vec<Audience>> {
        let mut all: Vec<Audience> = Audience::built_in().into();
        all.extend(self.read(saved)?);
        Ok(all)
    }

    /// The audience with this id or name (ignoring case), built in or saved.
    ///
    /// # Errors
    /// [`CoreError::NotFound`] naming what was asked for and the audiences there are.
    pub fn audience(&self, id_or_name: &str) -> Result<Audience> {
        let wanted = id_or_name.trim().to_lowercase();
        let all = self.audiences()?;
        all.iter()
            .find(|a| a.id == wanted || a.name.to_lowercase() == wanted)
            .cloned()
            .ok_or_else(|| CoreError::Invalid {
                field: "audience",
                message: format!(
                    "no audience \u{201c}{}\u{201d}; there are {}",
                    id_or_name.trim(),
                    all.iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }

    /// Saves an audience of the user's own (new, or replacing the one with the same name),
    /// app-wide, and returns it as stored.
    ///
    /// # Errors
    /// [`CoreError::Invalid`] as [`Audience::validate`] says (nothing written).
    pub fn save_audience(&self, audience: &Audience) -> Result<Audience> {
        let valid = audience.validate()?;
        let definition = serde_json::to_string(&valid).map_err(|e| CoreError::Report {
            message: format!("cannot write the audience: {e}"),
        })?;
        self.with_tx(|tx| {
            let at = now();
            tx.execute(
                "INSERT INTO audiences (id, name, definition, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                     definition = excluded.definition, updated_at = excluded.updated_at",
                params![valid.id, valid.name, definition, at],
            )?;
            Ok(valid.clone())
        })
    }

    /// Deletes a saved audience. Reports already sent to it stay in the log.
    ///
    /// # Errors
    /// [`CoreError::Conflict`] for a built-in audience; [`CoreError::NotFound`] for none.
    pub fn delete_audience(&self, id: &str) -> Result<()> {
        if Audience::built_in_by_id(id).is_some() {
            return Err(CoreError::Conflict {
                field: None,
                message: format!("\u{201c}{id}\u{201d} is built in and cannot be deleted"),
            });
        }
        self.with_tx(|tx| {
            let found: Option<String> = tx
                .query_row("SELECT id FROM audiences WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if found.is_none() {
                return Err(CoreError::NotFound {
                    what: "audience",
                    id: id.to_owned(),
                });
            }
            tx.execute("DELETE FROM audiences WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::audience::{Audience, ReportPart};
    use crate::report::Paper;
    use crate::Store;

    #[test]
    fn saved_audiences_join_the_built_in_ones_and_can_be_replaced_and_deleted() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.audiences().unwrap().len(), 4);
        let mine = Audience {
            id: String::new(),
            name: "Pilot partners".into(),
            parts: vec![ReportPart::BoardSummary, ReportPart::RegulatoryReadiness],
            internal_notes: false,
            owners: false,
            gap_notes: false,
            paper: Some(Paper::Letter),
            built_in: false,
        };
        let saved = store.save_audience(&mine).unwrap();
        assert_eq!(saved.id, "pilot-partners");
        assert_eq!(store.audience("PILOT PARTNERS").unwrap(), saved);
        assert_eq!(store.audience("board").unwrap().name, "Board");
        let again = store
            .save_audience(&Audience {
                parts: vec![ReportPart::Gaps],
                ..mine.clone()
            })
            .unwrap();
        assert_eq!(store.audiences().unwrap().len(), 5, "same name replaces");
        assert_eq!(store.audience("pilot-partners").unwrap(), again);
        let missing = store.audience("investors").unwrap_err();
        assert!(missing
            .message()
            .contains("board, team, auditor, customer, pilot-partners"));
        assert!(store.delete_audience("board").is_err());
        store.delete_audience("pilot-partners").unwrap();
        assert!(store.delete_audience("pilot-partners").is_err());
        assert_eq!(store.audiences().unwrap().len(), 4);
    }
}
