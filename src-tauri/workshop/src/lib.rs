//! Preflight's workshop server: the room's phones score the pillar on the facilitator's
//! screen. A small axum server on the laptop's LAN addresses serves the participant page and
//! its API (docs/workshop.md); the facilitator acts through [`live::Live`], from the window or
//! the terminal. Every change is written through `preflight-core`'s store as it happens.

pub mod api;
#[cfg(test)]
mod api_tests;
mod limits;
pub mod live;
pub mod net;
mod page;
pub mod qr;
pub mod secret;
pub mod server;

pub use live::{FacilitatorView, Live, ParticipantView};
pub use server::{start, JoinInfo, Listen, Server};
