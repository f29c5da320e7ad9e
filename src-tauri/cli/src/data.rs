//! The data-safety subcommands: project files, table exports, backups, restore and checks.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use preflight_core::domain::text::counted;
use preflight_core::export::{self, Output};
use preflight_core::markdown_import::csv_in::is_csv;
use preflight_core::markdown_import::mapping::Mapping;
use preflight_core::markdown_import::{
    plan_sources_with, read_sources, MarkdownTarget, PlanOptions,
};
use preflight_core::project_file::read_file;
use preflight_core::storage::backup::{integrity_check, list_backups, recover_from_backup, Backup};
use preflight_core::storage::ImportMode;
use preflight_core::table_export::{ExportTable, TableFormat};
use preflight_core::{CoreError, Store};

use super::CliError;

/// Options of `export json`.
#[derive(Debug, Args)]
pub struct JsonArgs {
    /// The project: its id, or its name (ignoring case).
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// The file to write, or `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Options of `export md` and `export csv`.
#[derive(Debug, Args)]
pub struct TableArgs {
    /// The project: its id, or its name (ignoring case).
    #[arg(long, value_name = "ID|NAME")]
    pub project: String,
    /// Which table.
    #[arg(long, value_enum)]
    pub table: ExportTable,
    /// Add the team's internal notes as a last column (left out unless asked).
    #[arg(long)]
    pub internal: bool,
    /// The file to write, or `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file (JSON, as `export json` writes it).
    pub file: PathBuf,
    /// When the project is already in the database: import it again under new ids.
    #[arg(long, conflicts_with = "replace")]
    pub as_copy: bool,
    /// When the project is already in the database: replace it with the file's content.
    #[arg(long)]
    pub replace: bool,
}

/// Options of `import-md`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["project", "new"])))]
pub struct ImportMdArgs {
    /// Import into this existing project: its id, or its name (ignoring case).
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
    /// Import into a new project with this name.
    #[arg(long, value_name = "NAME")]
    pub new: Option<String>,
    /// Markdown (or CSV) files, or folders whose `.md` and `.csv` files are all read.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    /// Print what the import would do, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A mapping file deciding where tables go that are not recognised (docs/markdown-import.md).
    #[arg(long, value_name = "MAPPING.json")]
    pub map: Option<PathBuf>,
}

/// Options of `import-csv`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["project", "new"])))]
pub struct ImportCsvArgs {
    /// Import into this existing project: its id, or its name (ignoring case).
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
    /// Import into a new project with this name.
    #[arg(long, value_name = "NAME")]
    pub new: Option<String>,
    /// Which table the file holds [default: recognised by its header row].
    #[arg(long, value_enum)]
    pub table: Option<ExportTable>,
    /// CSV files (`,` or `;`, UTF-8 with or without BOM), as `export csv` writes them or a
    /// spreadsheet exports them.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print what the import would do, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A mapping file deciding where tables go that are not recognised (docs/markdown-import.md).
    #[arg(long, value_name = "MAPPING.json")]
    pub map: Option<PathBuf>,
}

/// `preflight backup …`
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up the database now (into `backups/` beside it).
    Create,
    /// List the backups, newest first.
    List,
}

/// Options of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore (see `preflight backup list`).
    pub file: PathBuf,
}

/// `-o FILE` as an export output: the file, or `out` when it is `-`.
pub(super) fn output<'a>(path: &'a Path, out: &'a mut impl Write) -> Output<'a> {
    if path == Path::new("-") {
        Output::Stream(out)
    } else {
        Output::File(path)
    }
}

/// After writing to a file (not to standard output), says what was written.
fn report_written(
    path: &Path,
    what: &str,
    project: &str,
    bytes: usize,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if path != Path::new("-") {
        writeln!(
            out,
            "wrote {} ({what} of {project}, {bytes} bytes)",
            path.display()
        )?;
    }
    Ok(())
}

/// `export json`.
pub fn export_json(store: &Store, args: JsonArgs, out: &mut impl Write) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let bytes = export::export_project_file(
        store,
        project.id,
        preflight_core::project_file::export_time(),
        output(&args.output, out),
    )?;
    report_written(&args.output, "project file", &project.name, bytes, out)
}

/// `export md` and `export csv`.
pub fn export_table(
    store: &Store,
    args: TableArgs,
    format: TableFormat,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let project = store.find_project(&args.project)?;
    let bytes = export::export_table(
        store,
        project.id,
        args.table,
        format,
        chrono::Local::now().date_naive(),
        args.internal,
        output(&args.output, out),
    )?;
    report_written(&args.output, args.table.title(), &project.name, bytes, out)
}

/// `import FILE`.
pub fn import(store: &Store, args: ImportArgs, out: &mut impl Write) -> Result<(), CliError> {
    let file = read_file(&args.file)?;
    let mode = match (args.as_copy, args.replace) {
        (true, _) => ImportMode::AsCopy,
        (_, true) => ImportMode::Replace,
        _ => ImportMode::New,
    };
    let imported = store.import_project_file(&file, mode)?;
    let rows: usize = file.tables.iter().map(|(_, rows)| rows.len()).sum();
    writeln!(
        out,
        "{} {}  {} — {}, {}, {}, {}",
        if imported.replaced {
            "replaced"
        } else {
            "imported"
        },
        imported.project.id,
        imported.project.name,
        counted(file.pillars.len(), "pillar"),
        counted(file.milestones.len(), "milestone"),
        counted(file.gaps.len(), "gap"),
        counted(rows, "table row")
    )?;
    if let Some(from) = imported.renamed_from {
        writeln!(
            out,
            "the name \u{201c}{from}\u{201d} was taken, so it is called \u{201c}{}\u{201d}",
            imported.project.name
        )?;
    }
    Ok(())
}

fn describe_backup(b: &Backup) -> String {
    let projects = b
        .projects
        .map_or_else(|| "unreadable".to_owned(), |n| counted(n, "project"));
    format!(
        "{}  {:>9} bytes  {:<12}  {}",
        b.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
        b.bytes,
        projects,
        b.path
    )
}

/// `backup create`.
pub fn backup_create(store: &Store, out: &mut impl Write) -> Result<(), CliError> {
    let backup = store.backup_now()?;
    writeln!(out, "backed up to {}", backup.path)?;
    Ok(())
}

/// `backup list`, which reads the folder without opening (or migrating) the database.
pub fn backup_list(db: &Path, out: &mut impl Write) -> Result<(), CliError> {
    let list = list_backups(db)?;
    if list.is_empty() {
        writeln!(out, "no backups yet")?;
    }
    for backup in list {
        writeln!(out, "{}", describe_backup(&backup))?;
    }
    Ok(())
}

/// `restore FILE`: over a sound database after backing it up, or in place of a damaged one
/// (kept beside it).
pub fn restore(db: &Path, args: RestoreArgs, out: &mut impl Write) -> Result<(), CliError> {
    let store = match Store::open(db) {
        Ok(store) => Some(store),
        Err(e @ CoreError::DatabaseTooNew { .. }) => return Err(e.into()),
        Err(_) => None,
    };
    if let Some(store) = store.filter(|s| s.quick_check().is_ok_and(|p| p.is_empty())) {
        let safety = store.restore_backup(&args.file)?;
        writeln!(out, "backed up the current database to {}", safety.path)?;
        writeln!(out, "restored {}", args.file.display())?;
        return Ok(());
    }
    let kept = recover_from_backup(db, &args.file)?;
    Store::open(db)?;
    writeln!(
        out,
        "the database was damaged; it is kept as {}",
        kept.display()
    )?;
    writeln!(out, "restored {}", args.file.display())?;
    Ok(())
}

/// `check`: SQLite's `integrity_check`. Returns whether the database is sound.
pub fn check(db: &Path, out: &mut impl Write) -> Result<bool, CliError> {
    let problems = integrity_check(db)?;
    if problems.is_empty() {
        writeln!(out, "ok: {} passed integrity_check", db.display())?;
        return Ok(true);
    }
    writeln!(
        out,
        "damaged: {} has {} problem(s); restore a backup with `preflight restore FILE`:",
        db.display(),
        problems.len()
    )?;
    for line in problems {
        writeln!(out, "  {line}")?;
    }
    Ok(false)
}

/// `import-md`: reads and checks every file first, then imports in one transaction and prints
/// what went where.
pub fn import_markdown(
    store: &Store,
    args: ImportMdArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let target = import_target(store, args.project, args.new)?;
    let mapping = args.map.as_deref().map(Mapping::read).transpose()?;
    let options = PlanOptions {
        table: None,
        mapping: mapping.as_ref(),
    };
    let blocks = plan_sources_with(&read_sources(&args.paths)?, &options)?;
    print_import(store, &target, &blocks, args.dry_run, out)
}

/// Imports planned `blocks` (or, for a dry run, imports and rolls back) and prints the summary.
fn print_import(
    store: &Store,
    target: &MarkdownTarget,
    blocks: &[preflight_core::markdown_import::block::Block],
    dry_run: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let imported = store.import_markdown_as(target, blocks, dry_run)?;
    if dry_run {
        writeln!(
            out,
            "Dry run: nothing was written. The import would do this:"
        )?;
    }
    write!(out, "{}", imported.summary())?;
    Ok(())
}

/// `import-csv`.
pub fn import_csv(
    store: &Store,
    args: ImportCsvArgs,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let target = import_target(store, args.project, args.new)?;
    if let Some(file) = args
        .files
        .iter()
        .find(|f| !is_csv(&f.display().to_string()))
    {
        return Err(CoreError::invalid_file(
            file.display().to_string(),
            "is not a .csv file; import Markdown with import-md",
        )
        .into());
    }
    let mapping = args.map.as_deref().map(Mapping::read).transpose()?;
    let options = PlanOptions {
        table: args.table,
        mapping: mapping.as_ref(),
    };
    let blocks = plan_sources_with(&read_sources(&args.files)?, &options)?;
    print_import(store, &target, &blocks, args.dry_run, out)
}

/// Where `--project P` or `--new NAME` points.
fn import_target(
    store: &Store,
    project: Option<String>,
    new: Option<String>,
) -> Result<MarkdownTarget, CliError> {
    match (project, new) {
        (Some(project), _) => Ok(MarkdownTarget::Project(store.find_project(&project)?.id)),
        (None, Some(name)) => Ok(MarkdownTarget::New(name)),
        // clap already refuses this; the message is for callers that build the args by hand.
        (None, None) => Err(CoreError::invalid("project", "give --project P or --new NAME").into()),
    }
}
