//! `preflight frameworks list|import-lens`: the frameworks new projects start from, and AWS
//! Well-Architected custom lenses brought in as frameworks with review questions.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use preflight_core::domain::lens;
use preflight_core::Store;

use super::CliError;
use preflight_core::domain::text::counted;

/// `preflight frameworks …`
#[derive(Debug, Subcommand)]
pub enum FrameworksCommand {
    /// Every framework: built in, saved from a project, or imported from a lens.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import an AWS Well-Architected custom lens (JSON, schema version 2021-11-01) as a
    /// framework; importing the same lens again replaces it.
    ImportLens {
        /// The lens file.
        file: PathBuf,
    },
    /// Write a framework with its review questions as an AWS custom lens (JSON).
    ExportLens {
        /// The framework: its id or name.
        #[arg(long, value_name = "ID|NAME")]
        framework: String,
        /// The file to write, or `-` for standard output.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

/// Runs a `frameworks` subcommand.
pub(super) fn run(
    store: &Store,
    command: FrameworksCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        FrameworksCommand::List { json } => {
            let all = store.list_frameworks()?;
            if json {
                serde_json::to_writer_pretty(&mut *out, &all)?;
                writeln!(out)?;
                return Ok(());
            }
            for f in all {
                let kind = match (f.builtin, f.lens_schema.is_some()) {
                    (true, _) => "built in",
                    (false, true) => "lens",
                    (false, false) => "saved",
                };
                writeln!(
                    out,
                    "{:<36}  {:<8}  {}, {}  {}",
                    f.id,
                    kind,
                    counted(f.pillars.len(), "pillar"),
                    counted(f.questions, "question"),
                    f.name
                )?;
            }
        }
        FrameworksCommand::ExportLens { framework, output } => {
            let json = store.export_lens(&framework)?.to_json()?;
            let bytes = super::data::output(&output, out).write(store, json.as_bytes())?;
            if output.as_os_str() != "-" {
                writeln!(out, "wrote {} ({bytes} bytes)", output.display())?;
            }
        }
        FrameworksCommand::ImportLens { file } => {
            let read = lens::read_file(&file)?;
            let imported = store.import_lens(&read)?;
            writeln!(
                out,
                "{} framework \u{201c}{}\u{201d}: {}, {} (id {})",
                if imported.replaced {
                    "replaced"
                } else {
                    "imported"
                },
                imported.name,
                counted(imported.pillars, "pillar"),
                counted(imported.questions, "question"),
                imported.framework_id
            )?;
            for name in &imported.shortened {
                writeln!(
                    out,
                    "  pillar name shortened to 120 characters (the whole name is its description): {name}"
                )?;
            }
        }
    }
    Ok(())
}
