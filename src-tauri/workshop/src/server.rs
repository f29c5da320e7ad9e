//! Starting and stopping the workshop server: one listener per address shown to the room
//! (never a wildcard unless asked for), stopped by the facilitator, by the app's exit (the
//! [`Server`] is dropped), or after [`IDLE_TIMEOUT`] without a request or an action.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::watch;
use ts_rs::TS;

use crate::api::router;
use crate::live::Live;
use crate::net::{interfaces, Interface};
use crate::qr;

/// A workshop nobody touched for this long stops listening.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// How often the idle check runs.
const IDLE_CHECK: Duration = Duration::from_secs(30);

/// Where to listen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listen {
    /// Every usable interface (`net::interfaces`), on `port` (0 picks a free one).
    Interfaces {
        /// The port, or 0.
        port: u16,
    },
    /// Exactly this address (the CLI's `--listen`); an unspecified address (0.0.0.0) shows
    /// every usable interface's address.
    At(SocketAddr),
}

/// One way to join, per interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JoinAddress {
    /// The interface ("wlan0", "enp3s0", "lo").
    pub interface: String,
    /// The URL the QR code carries, with the token.
    pub url: String,
    /// The address to type with the short code, without the token.
    pub code_url: String,
}

/// What the join screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JoinInfo {
    /// One entry per address listened on; the first is the QR code's.
    pub addresses: Vec<JoinAddress>,
    /// The short code to type at `codeUrl`.
    pub code: String,
    /// The QR code of the first address's URL, as SVG.
    pub qr_svg: String,
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    live: Arc<Live>,
    join: JoinInfo,
    shutdown: watch::Sender<bool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

impl Server {
    /// The running workshop.
    pub fn live(&self) -> &Arc<Live> {
        &self.live
    }

    /// The join screen's content.
    pub fn join(&self) -> &JoinInfo {
        &self.join
    }

    /// Stops listening (the workshop's record stays in the store).
    pub fn stop(&self) {
        self.shutdown.send_replace(true);
    }

    /// How long the server keeps serving after the workshop ends, so every phone hears so:
    /// time for a phone whose event stream was just dropping to come back (browsers retry
    /// after a second here) a few times, even on a busy laptop.
    pub const LINGER: Duration = Duration::from_secs(5);

    /// Whether the server has stopped (asked to, or idle).
    pub fn is_stopped(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Waits until the server stops.
    pub async fn stopped(&self) {
        let mut rx = self.shutdown.subscribe();
        // An error means the sender is gone, which is a stop too.
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

fn addresses_for(ip: IpAddr) -> Vec<Interface> {
    if ip.is_unspecified() {
        interfaces()
    } else {
        vec![Interface {
            name: interfaces().into_iter().find(|i| i.ip == ip).map_or_else(
                || {
                    if ip.is_loopback() {
                        "lo".into()
                    } else {
                        ip.to_string()
                    }
                },
                |i| i.name,
            ),
            ip,
        }]
    }
}

/// Starts serving `live` on the current Tokio runtime.
///
/// # Errors
/// No address could be bound (the port is taken, the address is not this machine's).
pub async fn start(live: Arc<Live>, listen: Listen) -> std::io::Result<Server> {
    // Each listener with the addresses it is shown under.
    let bound: Vec<(TcpListener, Vec<Interface>)> = match listen {
        Listen::At(addr) => vec![(TcpListener::bind(addr).await?, addresses_for(addr.ip()))],
        Listen::Interfaces { port } => {
            let mut port = port;
            let mut bound = Vec::new();
            for i in interfaces() {
                match TcpListener::bind(SocketAddr::new(i.ip, port)).await {
                    Ok(listener) => {
                        // The others take the first one's port, so one port is shown.
                        port = listener.local_addr()?.port();
                        bound.push((listener, vec![i]));
                    }
                    Err(e) => tracing::warn!("not listening on {} ({}): {e}", i.name, i.ip),
                }
            }
            bound
        }
    };
    let port = match bound.first() {
        Some((listener, _)) => listener.local_addr()?.port(),
        None => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AddrNotAvailable,
                "no network address could be listened on",
            ))
        }
    };
    let token = live.token().as_str().to_owned();
    let addresses: Vec<JoinAddress> = bound
        .iter()
        .flat_map(|(_, shown)| shown.iter())
        .map(|i| {
            let host = match i.ip {
                IpAddr::V6(v6) => format!("[{v6}]"),
                IpAddr::V4(v4) => v4.to_string(),
            };
            JoinAddress {
                interface: i.name.clone(),
                url: format!("http://{host}:{port}/w/{token}/"),
                code_url: format!("http://{host}:{port}/"),
            }
        })
        .collect();
    let qr_svg = addresses
        .first()
        .map(|a| qr::svg(&a.url))
        .transpose()
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .unwrap_or_default();
    let (shutdown, _) = watch::channel(false);
    for (listener, _) in bound {
        let app = router(Arc::clone(&live)).into_make_service_with_connect_info::<SocketAddr>();
        let mut stop = shutdown.subscribe();
        tracing::info!(address = ?listener.local_addr().ok(), "workshop server listening");
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!("the workshop server stopped: {e}");
            }
        });
    }
    // Stops an abandoned workshop's listeners; the record stays.
    let watchdog = Arc::clone(&live);
    let idle_stop = shutdown.clone();
    tokio::spawn(async move {
        let mut stopped = idle_stop.subscribe();
        loop {
            tokio::select! {
                _ = tokio::time::sleep(IDLE_CHECK) => {
                    if watchdog.idle_for() >= IDLE_TIMEOUT {
                        tracing::info!("the workshop server stopped after {IDLE_TIMEOUT:?} idle");
                        idle_stop.send_replace(true);
                        return;
                    }
                }
                _ = stopped.wait_for(|s| *s) => return,
            }
        }
    });
    let code = live.code().to_owned();
    Ok(Server {
        live,
        join: JoinInfo {
            addresses,
            code,
            qr_svg,
        },
        shutdown,
    })
}
