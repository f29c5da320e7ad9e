//! Brand commands: the organisation's name, logo and accent colour of the app or a project,
//! as the window shows them (the logo as a `data:` URL for its preview).

use base64::Engine as _;
use preflight_core::domain::brand::{hex, Brand, Logo, LOGO_MAX_BYTES};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::on_store;
use crate::error::CommandError;
use crate::AppState;

/// A brand as the window shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BrandView {
    /// The organisation's name stored for this scope (empty: none, or the app's for a project).
    pub organisation: String,
    /// `#RRGGBB` stored for this scope, or `None`.
    pub accent: Option<String>,
    /// The logo stored for this scope as a `data:` URL, or `None`.
    pub logo: Option<String>,
    /// What reports print: for a project its own values over the app's; for the app its own.
    pub printed_organisation: String,
    /// The accent reports print, `#RRGGBB`, or `None` for Preflight's blue.
    pub printed_accent: Option<String>,
    /// Whether reports print a logo.
    pub printed_logo: bool,
}

fn data_url(logo: &Logo) -> String {
    format!(
        "data:{};base64,{}",
        logo.format.mime(),
        base64::engine::general_purpose::STANDARD.encode(&logo.bytes)
    )
}

/// The view of `project`'s (or the app's) brand.
fn view(
    store: &preflight_core::Store,
    project: Option<Uuid>,
) -> preflight_core::error::Result<BrandView> {
    let own = store.brand(project)?;
    let printed: Brand = match project {
        Some(p) => store.effective_brand(p)?,
        None => own.clone(),
    };
    Ok(BrandView {
        organisation: own.organisation.clone(),
        accent: own.accent.map(hex),
        logo: own.logo.as_ref().map(data_url),
        printed_organisation: printed.organisation,
        printed_accent: printed.accent.map(hex),
        printed_logo: printed.logo.is_some(),
    })
}

/// The brand of the app (`project` absent) or of one project.
#[tauri::command]
pub async fn get_brand(
    state: State<'_, AppState>,
    project: Option<Uuid>,
) -> Result<BrandView, CommandError> {
    on_store(state, move |store| view(store, project)).await
}

/// Sets the organisation's name and accent colour (`#RRGGBB`; empty clears).
#[tauri::command]
pub async fn set_brand(
    state: State<'_, AppState>,
    project: Option<Uuid>,
    organisation: String,
    accent: String,
) -> Result<BrandView, CommandError> {
    on_store(state, move |store| {
        store.set_brand(project, &organisation, &accent)?;
        view(store, project)
    })
    .await
}

/// Sets the logo from the file chosen under `file` (see `choose_logo_path`), or removes it
/// when `file` is absent.
#[tauri::command]
pub async fn set_logo(
    state: State<'_, AppState>,
    project: Option<Uuid>,
    file: Option<String>,
) -> Result<BrandView, CommandError> {
    let path = match file {
        Some(token) => {
            let [path] = <[_; 1]>::try_from(state.choices.open_paths(&token)?)
                .map_err(|_| CommandError::internal("one logo file was expected"))?;
            Some(path)
        }
        None => None,
    };
    on_store(state, move |store| {
        let logo = path
            .map(|p| {
                let cap = u64::try_from(LOGO_MAX_BYTES + 1).unwrap_or(u64::MAX);
                Logo::from_bytes(preflight_core::files::read_capped(&p, cap, "a logo")?)
            })
            .transpose()?;
        store.set_logo(project, logo.as_ref())?;
        view(store, project)
    })
    .await
}
