//! `preflight brand set|show`: the organisation's name, logo and accent colour on reports,
//! for the app or one project.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use preflight_core::domain::brand::{hex, Logo, LOGO_MAX_BYTES};
use preflight_core::Store;
use serde::Serialize;

use super::CliError;

/// `preflight brand …`
#[derive(Debug, Subcommand)]
pub enum BrandCommand {
    /// Set the brand of the app, or override it for one project; options not given stay.
    Set(SetArgs),
    /// Show the brand of the app, or of one project (its own values and what reports print).
    Show(ShowArgs),
}

/// Options of `brand set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Only this project (its id or name) [default: the app, for every project].
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
    /// The organisation's name (at most 120 characters; empty clears it).
    #[arg(long, value_name = "NAME")]
    pub organisation: Option<String>,
    /// A PNG or JPEG logo (at most 1 MiB, each side at most 4,000 pixels).
    #[arg(long, value_name = "FILE", conflicts_with = "no_logo")]
    pub logo: Option<PathBuf>,
    /// Remove the logo.
    #[arg(long)]
    pub no_logo: bool,
    /// The accent colour, #RRGGBB (empty: Preflight's blue, or the app's for a project).
    #[arg(long, value_name = "#RRGGBB")]
    pub accent: Option<String>,
}

/// Options of `brand show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Only this project (its id or name) [default: the app].
    #[arg(long, value_name = "ID|NAME")]
    pub project: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// A brand as the CLI prints it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown {
    organisation: String,
    accent: Option<String>,
    logo: Option<String>,
}

impl Shown {
    fn of(brand: &preflight_core::domain::brand::Brand) -> Shown {
        Shown {
            organisation: brand.organisation.clone(),
            accent: brand.accent.map(hex),
            logo: brand.logo.as_ref().map(|l| {
                format!(
                    "{} {} × {} px, {} bytes",
                    l.format.as_str(),
                    l.width,
                    l.height,
                    l.bytes.len()
                )
            }),
        }
    }
}

/// Runs `brand set` or `brand show`.
pub(super) fn run(
    store: &Store,
    command: BrandCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match command {
        BrandCommand::Set(args) => {
            let project = args
                .project
                .as_deref()
                .map(|p| store.find_project(p))
                .transpose()?
                .map(|p| p.id);
            // Read the logo first, so a refused file changes nothing.
            let logo = args
                .logo
                .as_deref()
                .map(|path| {
                    let bytes = preflight_core::files::read_capped(
                        path,
                        u64::try_from(LOGO_MAX_BYTES + 1).unwrap_or(u64::MAX),
                        "a logo",
                    )?;
                    Logo::from_bytes(bytes)
                })
                .transpose()?;
            let now = store.brand(project)?;
            let organisation = args.organisation.unwrap_or(now.organisation);
            let accent = args
                .accent
                .unwrap_or_else(|| now.accent.map(hex).unwrap_or_default());
            let mut brand = store.set_brand(project, &organisation, &accent)?;
            if logo.is_some() || args.no_logo {
                brand = store.set_logo(project, logo.as_ref())?;
            }
            let shown = Shown::of(&brand);
            writeln!(
                out,
                "{}: organisation {:?}, accent {}, logo {}",
                if project.is_some() {
                    "project brand"
                } else {
                    "app brand"
                },
                shown.organisation,
                shown.accent.as_deref().unwrap_or("default"),
                shown.logo.as_deref().unwrap_or("none")
            )?;
        }
        BrandCommand::Show(args) => {
            let project = args
                .project
                .as_deref()
                .map(|p| store.find_project(p))
                .transpose()?;
            let own = Shown::of(&store.brand(project.as_ref().map(|p| p.id))?);
            let printed = match &project {
                Some(p) => Shown::of(&store.effective_brand(p.id)?),
                None => Shown::of(&store.brand(None)?),
            };
            if args.json {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &serde_json::json!({ "own": own, "printed": printed }),
                )?;
                writeln!(out)?;
            } else {
                for (label, b) in [("own", &own), ("printed", &printed)] {
                    writeln!(
                        out,
                        "{label:<8} organisation {:?} · accent {} · logo {}",
                        b.organisation,
                        b.accent.as_deref().unwrap_or("default"),
                        b.logo.as_deref().unwrap_or("none")
                    )?;
                }
            }
        }
    }
    Ok(())
}
