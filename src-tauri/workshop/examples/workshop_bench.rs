//! `make bench-workshop`: 30 simulated participants on loopback join, vote, change their votes
//! and reconnect at once, against the real server and an on-disk database. Prints the vote
//! acknowledgement times (p50, p99, max), how long a vote takes to reach the facilitator's view,
//! and the CPU the process uses while the workshop sits idle. Bounded: 30 participants,
//! 20 votes each, one reconnect each, 3 s of idle.
//!
//! Goals (issue #18): each vote acknowledged in < 50 ms at p99; the facilitator's view shows a
//! vote < 200 ms after it is sent; an idle workshop uses ~0 % CPU.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use preflight_core::domain::framework::EIGHT_PILLARS;
use preflight_core::domain::workshop::WorkshopSetup;
use preflight_core::domain::ProjectDraft;
use preflight_core::Store;
use preflight_workshop::{start, Listen, Live};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const PARTICIPANTS: usize = 30;
const VOTES_EACH: usize = 20;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// One HTTP/1.1 exchange on a kept-alive connection; returns the status and the body.
async fn exchange(
    stream: &mut TcpStream,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: &str,
) -> Result<(u16, String), Error> {
    let key_header = key.map_or_else(String::new, |k| format!("X-Participant-Key: {k}\r\n"));
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n\
         {key_header}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        buffer.extend_from_slice(chunk.get(..n).ok_or("read")?);
        let text = String::from_utf8_lossy(&buffer);
        if let Some(end) = text.find("\r\n\r\n") {
            let head = &text[..end];
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
                let body = String::from_utf8_lossy(&buffer[end + 4..end + 4 + length]).into_owned();
                return Ok((status, body));
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// This process's CPU time (user + system) from /proc/self/stat, in clock ticks (1/100 s).
fn cpu_ticks() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1.to_owned();
            let fields: Vec<&str> = after.split_whitespace().collect();
            let user: u64 = fields.get(11)?.parse().ok()?;
            let system: u64 = fields.get(12)?.parse().ok()?;
            Some(user + system)
        })
        .unwrap_or(0)
}

/// A connection from phone `n`'s own address (127.0.0.2, 127.0.0.3, …): phones in a room have
/// an address each, and the server limits joins per address.
async fn connect_as(n: usize, addr: SocketAddr) -> Result<TcpStream, Error> {
    let socket = TcpSocket::new_v4()?;
    let last = u8::try_from(n + 2).map_err(|_| "too many phones")?;
    socket.bind(SocketAddr::from(([127, 0, 0, last], 0)))?;
    Ok(socket.connect(addr).await?)
}

/// One participant: join, vote `VOTES_EACH` times (changing the vote), reconnect, read state.
async fn participant(addr: SocketAddr, base: String, n: usize) -> Result<Vec<Duration>, Error> {
    let mut stream = connect_as(n, addr).await?;
    let (status, joined) = exchange(
        &mut stream,
        "POST",
        &format!("{base}api/join"),
        None,
        &format!("{{\"name\":\"Participant {n}\"}}"),
    )
    .await?;
    if status != 201 {
        return Err(format!("join: {status} {joined}").into());
    }
    let key: serde_json::Value = serde_json::from_str(&joined)?;
    let key = key["key"].as_str().ok_or("key")?.to_owned();
    let mut times = Vec::with_capacity(VOTES_EACH);
    for v in 0..VOTES_EACH {
        let score = (n + v) % 5 + 1;
        let sent = Instant::now();
        let (status, body) = exchange(
            &mut stream,
            "PUT",
            &format!("{base}api/vote"),
            Some(&key),
            &format!("{{\"score\":{score},\"note\":\"\"}}"),
        )
        .await?;
        times.push(sent.elapsed());
        if status != 200 {
            return Err(format!("vote: {status} {body}").into());
        }
    }
    // The phone drops off the Wi-Fi and comes back: a new connection, the same key.
    drop(stream);
    let mut stream = connect_as(n, addr).await?;
    let (status, state) = exchange(
        &mut stream,
        "GET",
        &format!("{base}api/state"),
        Some(&key),
        "",
    )
    .await?;
    if status != 200 || !state.contains("\"myVote\":{") {
        return Err(format!("reconnect: {status} {state}").into());
    }
    Ok(times)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let store = Arc::new(Store::open(&dir.path().join("bench.sqlite3"))?);
    let project = store.create_project(
        &ProjectDraft {
            name: "Bench".into(),
            ..ProjectDraft::default()
        },
        EIGHT_PILLARS,
    )?;
    let workshop = store.start_workshop(
        project.id,
        &WorkshopSetup {
            pillars: Vec::new(),
            anonymous: false,
            notes_allowed: true,
        },
    )?;
    let live: Arc<Live> = Live::new(Arc::clone(&store), workshop.id)?;
    let server = start(
        Arc::clone(&live),
        Listen::At(SocketAddr::from(([127, 0, 0, 1], 0))),
    )
    .await?;
    let url = server
        .join()
        .addresses
        .first()
        .ok_or("no address")?
        .url
        .clone();
    let rest = url.strip_prefix("http://").ok_or("url")?;
    let (host, path) = rest.split_once('/').ok_or("url")?;
    let addr: SocketAddr = host.parse()?;
    let base = format!("/{path}");

    // The facilitator's side: how long from a vote's sending to the view that shows it.
    let watcher = Arc::clone(&live);
    let mut changes = live.subscribe();
    let facilitator = tokio::spawn(async move {
        let mut worst = Duration::ZERO;
        let mut views = 0_u32;
        while changes.changed().await.is_ok() {
            let seen = Instant::now();
            let _ = changes.borrow_and_update();
            if watcher.facilitator_view().is_ok() {
                views += 1;
            }
            worst = worst.max(seen.elapsed());
            if views as usize >= PARTICIPANTS * (VOTES_EACH + 1) {
                break;
            }
        }
        (worst, views)
    });

    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..PARTICIPANTS {
        tasks.push(tokio::spawn(participant(addr, base.clone(), n)));
    }
    let mut acks = Vec::new();
    for t in tasks {
        acks.extend(t.await??);
    }
    let total = started.elapsed();
    acks.sort_unstable();
    // One more vote, timed from sending to the facilitator's view showing it.
    let mut stream = connect_as(PARTICIPANTS, addr).await?;
    let (_, joined) = exchange(
        &mut stream,
        "POST",
        &format!("{base}api/join"),
        None,
        "{\"name\":\"Last\"}",
    )
    .await?;
    let key: serde_json::Value = serde_json::from_str(&joined)?;
    let key = key["key"].as_str().ok_or("key")?.to_owned();
    let mut follow = live.subscribe();
    let _ = follow.borrow_and_update();
    let sent = Instant::now();
    let (status, _) = exchange(
        &mut stream,
        "PUT",
        &format!("{base}api/vote"),
        Some(&key),
        "{\"score\":3,\"note\":\"\"}",
    )
    .await?;
    if status != 200 {
        return Err(format!("last vote: {status}").into());
    }
    tokio::time::timeout(Duration::from_secs(2), follow.changed()).await??;
    let view = live.facilitator_view()?;
    let shown = sent.elapsed();
    facilitator.abort();

    // Idle: nothing happens for 3 s; the process should not spin.
    let before = cpu_ticks();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle_ticks = cpu_ticks().saturating_sub(before);
    server.stop();

    println!(
        "workshop bench: {PARTICIPANTS} participants × {VOTES_EACH} votes + a reconnect each, \
         on loopback, in {:.0} ms",
        total.as_secs_f64() * 1000.0
    );
    println!(
        "vote acknowledged: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} votes; goal p99 < 50 ms)",
        percentile(&acks, 0.5).as_secs_f64() * 1000.0,
        percentile(&acks, 0.99).as_secs_f64() * 1000.0,
        acks.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        acks.len()
    );
    println!(
        "a vote reaches the facilitator's view in {:.1} ms ({} of {} voted; goal < 200 ms)",
        shown.as_secs_f64() * 1000.0,
        view.voted,
        view.participants
    );
    println!(
        "idle for 3 s: {:.2} s of CPU, {:.1} % of one core (goal ~0 %)",
        idle_ticks as f64 / 100.0,
        idle_ticks as f64 / 3.0
    );
    Ok(())
}
