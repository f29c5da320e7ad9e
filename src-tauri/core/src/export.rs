//! The one export path of the window and the CLI: read the project, render it (PDF report,
//! table as Markdown or CSV, project file), and write the bytes to a file atomically or to a
//! stream.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::error::{CoreError, Result};
use crate::files::{write_atomically, write_target};
use crate::report::{self, ReportOptions};
use crate::storage::backup::backup_dir;
use crate::table_export::{self, ExportTable, TableFormat};
use crate::Store;

pub mod child;

/// Where an export's bytes go.
pub enum Output<'a> {
    /// A file, written atomically (a temporary file beside it, synced, then renamed over it),
    /// so a failed export never leaves a truncated file where a good one was.
    File(&'a Path),
    /// A stream, such as the CLI's standard output for `-o -`.
    Stream(&'a mut dyn Write),
}

impl Output<'_> {
    /// The file's name without its folder, or `-` for a stream (for the log of reports sent).
    pub fn name(&self) -> String {
        match self {
            Output::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Output::Stream(_) => "-".to_owned(),
        }
    }

    /// Writes `bytes` and returns how many there were. A file is first checked against
    /// `store`'s own files (see [`refuse_own_files`]).
    ///
    /// # Errors
    /// As [`refuse_own_files`], and [`CoreError::Io`] when writing fails.
    pub fn write(self, store: &Store, bytes: &[u8]) -> Result<usize> {
        match self {
            Output::File(path) => {
                refuse_own_files(store, path)?;
                write_atomically(path, bytes)?;
            }
            Output::Stream(stream) => stream
                .write_all(bytes)
                .and_then(|()| stream.flush())
                .map_err(|source| CoreError::Io {
                    context: "cannot write the export".into(),
                    source,
                })?,
        }
        Ok(bytes.len())
    }
}

/// Refuses to write over the open database, its `-wal` and `-shm` files, or anything in its
/// backups folder, however the path is spelled (relative, through links, `..`).
///
/// # Errors
/// [`CoreError::Invalid`] on `output` naming the file and why.
pub fn refuse_own_files(store: &Store, path: &Path) -> Result<()> {
    let Some(db) = store.path() else {
        return Ok(());
    };
    let wanted = resolved(&write_target(path)?);
    let db = resolved(db);
    let backups = resolved(&backup_dir(&db));
    let own = ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut file = db.as_os_str().to_owned();
        file.push(suffix);
        wanted.as_os_str() == file
    });
    if own {
        return Err(CoreError::invalid(
            "output",
            format!(
                "{} is Preflight's database; writing there would destroy it — choose another file",
                path.display()
            ),
        ));
    }
    if wanted.starts_with(&backups) {
        return Err(CoreError::invalid(
            "output",
            format!(
                "{} is in the backups folder, which only backups may use — choose another folder",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// `path` with its folder made absolute and free of links and `..` (the file itself may not
/// exist yet); the path as given when its folder does not exist either.
fn resolved(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent).map_or_else(|_| path.to_owned(), |p| p.join(name))
        }
        _ => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
    }
}

/// Renders a PDF report of `project` with `options` (as of `options.as_of`) and writes it.
/// A report for an audience other than the team is then recorded in the log of reports sent
/// (file name, SHA-256 of the bytes, a milestone of the scorecard), and opens with what
/// changed since the last one to that audience. Returns the size in bytes.
///
/// # Errors
/// [`CoreError::Invalid`] on `recipient` before anything is written; [`CoreError::NotFound`]
/// for an unknown project; [`CoreError::Report`] when rendering fails; [`CoreError::Io`]
/// naming the file when it cannot be written (nothing is replaced or logged then).
pub fn export_report(
    store: &Store,
    project: Uuid,
    options: &ReportOptions,
    output: Output<'_>,
) -> Result<usize> {
    let recipient = crate::domain::audience::recipient(&options.recipient)?;
    let audience = options.audience.as_ref();
    let data = std::thread::scope(|scope| {
        scope.spawn(report::prepare_fonts);
        store.report_data_for(project, options.as_of, audience)
    })?;
    let bytes = report::render(&data, options)?;
    let file_name = output.name();
    let written = output.write(store, &bytes)?;
    if let Some(audience) = audience.filter(|a| a.logged()) {
        store.record_send(
            project,
            audience,
            &recipient,
            &crate::storage::SentFile {
                file_name: &file_name,
                bytes: &bytes,
                as_of: options.as_of,
            },
        )?;
    }
    Ok(written)
}

/// Writes one table of `project` as GitHub Markdown or RFC 4180 CSV, with overdue flags as of
/// `today`, and the team's internal notes as a last column only when `internal`. Returns the
/// size in bytes.
///
/// # Errors
/// As [`export_report`].
pub fn export_table(
    store: &Store,
    project: Uuid,
    table: ExportTable,
    format: TableFormat,
    today: NaiveDate,
    internal: bool,
    output: Output<'_>,
) -> Result<usize> {
    let data = store.report_data(project, today)?;
    output.write(
        store,
        &table_export::render(&data, table, format, internal)?,
    )
}

/// What an iCalendar export covers: the agenda's horizon and filters.
#[derive(Debug, Clone, Default)]
pub struct CalendarScope {
    /// Days ahead of today (overdue items are always in).
    pub days: u32,
    /// Only owners containing this text.
    pub owner: Option<String>,
    /// Only this project.
    pub project: Option<Uuid>,
}

/// Writes what comes due (the agenda as of `today`, within `scope`) as an iCalendar file,
/// one all-day event per item with a stable UID. Returns the size in bytes.
///
/// # Errors
/// As [`export_report`].
pub fn export_calendar(
    store: &Store,
    today: NaiveDate,
    scope: &CalendarScope,
    now: DateTime<Utc>,
    output: Output<'_>,
) -> Result<usize> {
    let agenda = store.agenda(today, scope.days, scope.owner.as_deref(), scope.project)?;
    output.write(store, crate::calendar::agenda_ics(&agenda, now).as_bytes())
}

/// Writes the project file of `project` (docs/project-file.md), stamped `exported_at`.
/// Returns the size in bytes.
///
/// # Errors
/// As [`export_report`].
pub fn export_project_file(
    store: &Store,
    project: Uuid,
    exported_at: DateTime<Utc>,
    output: Output<'_>,
) -> Result<usize> {
    let text = store.project_file(project, exported_at)?.to_json()?;
    output.write(store, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::framework::EIGHT_PILLARS;
    use crate::domain::settings::DateFormat;
    use crate::domain::ProjectDraft;
    use crate::report::{Paper, ReportKind};

    fn store_with_project() -> (Store, Uuid) {
        let store = Store::open_in_memory().expect("in-memory store");
        let draft = ProjectDraft {
            name: "Zoë's pilot".into(),
            ..ProjectDraft::default()
        };
        let id = store
            .create_project(&draft, EIGHT_PILLARS)
            .expect("project")
            .id;
        (store, id)
    }

    #[test]
    fn every_export_writes_the_same_bytes_to_a_file_and_to_a_stream() {
        let (store, id) = store_with_project();
        let dir = tempfile::tempdir().expect("temp dir");
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let options = ReportOptions {
            kind: ReportKind::Scorecard,
            paper: Paper::A4,
            as_of: day,
            author: String::new(),
            date_format: DateFormat::Iso,
            audience: None,
            recipient: String::new(),
        };
        let at = day.and_hms_opt(9, 0, 0).expect("time").and_utc();
        type Export<'a> = Box<dyn Fn(Output<'_>) -> Result<usize> + 'a>;
        let exports: [(&str, Export<'_>); 3] = [
            (
                "report.pdf",
                Box::new(|o| export_report(&store, id, &options, o)),
            ),
            (
                "gaps.csv",
                Box::new(|o| {
                    export_table(
                        &store,
                        id,
                        ExportTable::Gaps,
                        TableFormat::Csv,
                        day,
                        false,
                        o,
                    )
                }),
            ),
            (
                "plan.json",
                Box::new(|o| export_project_file(&store, id, at, o)),
            ),
        ];
        for (name, export) in exports {
            let path = dir.path().join(name);
            let written = export(Output::File(&path)).expect("file export");
            let mut stream = Vec::new();
            let streamed = export(Output::Stream(&mut stream)).expect("stream export");
            let file = std::fs::read(&path).expect("written file");
            assert_eq!(written, file.len(), "{name}");
            assert_eq!(streamed, stream.len(), "{name}");
            assert_eq!(file, stream, "{name}: file and stream differ");
            assert!(!file.is_empty(), "{name} is empty");
        }
    }

    #[test]
    fn export_refuses_the_database_its_wal_and_shm_and_the_backups_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("plan.sqlite3");
        let store = Store::open(&db).expect("store");
        let draft = ProjectDraft {
            name: "Pilot".into(),
            ..ProjectDraft::default()
        };
        let id = store
            .create_project(&draft, EIGHT_PILLARS)
            .expect("project")
            .id;
        store.backup_now().expect("backup");
        let before = std::fs::read(&db).expect("database bytes");
        std::fs::create_dir_all(dir.path().join("sub")).expect("sub");
        let link = dir.path().join("innocent.json");
        std::os::unix::fs::symlink(&db, &link).expect("link");
        let spellings = [
            db.clone(),
            dir.path().join("sub/../plan.sqlite3"),
            dir.path().join("plan.sqlite3-wal"),
            dir.path().join("plan.sqlite3-shm"),
            dir.path().join("backups/new.json"),
            link,
        ];
        for path in spellings {
            let err = export_project_file(&store, id, Utc::now(), Output::File(&path))
                .expect_err("refused");
            assert!(
                matches!(
                    err,
                    CoreError::Invalid {
                        field: "output",
                        ..
                    }
                ),
                "{path:?}: {err:?}"
            );
        }
        assert_eq!(std::fs::read(&db).expect("database bytes"), before);
        assert_eq!(store.project(id).expect("still readable").name, "Pilot");
    }

    #[test]
    fn export_of_an_unknown_project_writes_nothing() {
        let (store, _) = store_with_project();
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("none.json");
        let err = export_project_file(&store, Uuid::nil(), Utc::now(), Output::File(&path))
            .expect_err("unknown project");
        assert!(matches!(err, CoreError::NotFound { .. }), "{err:?}");
        assert!(!path.exists());
    }
}
