//! The processes behind a test session: the X display (Xvfb when none is set), free ports,
//! and starting and stopping tauri-driver.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::Result;

pub(crate) fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// The X display tests use: `$DISPLAY`, or a private Xvfb started once for this process.
pub fn display() -> &'static str {
    static DISPLAY: OnceLock<String> = OnceLock::new();
    DISPLAY.get_or_init(|| {
        if let Some(d) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
            return d;
        }
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1920x1080x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts (Debian package xvfb)");
        let mut line = String::new();
        let stdout = xvfb.stdout.take().expect("Xvfb stdout is piped");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("Xvfb prints its display number");
        // Xvfb lives as long as the test process; it is reaped when the process exits.
        std::mem::forget(xvfb);
        format!(":{}", line.trim())
    })
}

/// A port nothing listens on now and that this test process has not handed out before.
///
/// The port is let go before tauri-driver binds it, so two tests starting at once could be
/// given the same one by the system; remembering every port handed out keeps them apart
/// within the process (each e2e binary is one process running its tests on threads).
pub(crate) fn free_port() -> Result<u16> {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    for _ in 0..64 {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        if !given.contains(&port) {
            given.push(port);
            return Ok(port);
        }
    }
    Err("no free port the other tests were not given".into())
}

pub(crate) fn wait_for_port(port: u16, deadline: Instant) -> Result {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(
        format!("nothing listens on port {port}: did tauri-driver or WebKitWebDriver start?")
            .into(),
    )
}

/// Stops tauri-driver with SIGTERM so it also stops WebKitWebDriver (SIGKILL would leave that
/// holding its port), then reaps it.
pub fn terminate(driver: &mut Child) {
    if matches!(driver.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &driver.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if matches!(driver.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Asks every visible window of process `pid` to close the way a window manager's close
/// button does: a `WM_DELETE_WINDOW` client message (ICCCM 4.1.2.7). WebDriver's "Close
/// Window" kills the app instead, so only this reaches the app's own closing code.
pub(crate) fn close_windows_of(pid: u32) -> Result {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{
        AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, MapState,
    };
    let (conn, screen) = x11rb::connect(Some(display()))?;
    let root = conn.setup().roots[screen].root;
    let atom = |name: &[u8]| -> Result<u32> { Ok(conn.intern_atom(false, name)?.reply()?.atom) };
    let (protocols, delete, wm_pid) = (
        atom(b"WM_PROTOCOLS")?,
        atom(b"WM_DELETE_WINDOW")?,
        atom(b"_NET_WM_PID")?,
    );
    let mut closed = 0;
    for window in conn.query_tree(root)?.reply()?.children {
        let owner = conn
            .get_property(false, window, wm_pid, AtomEnum::CARDINAL, 0, 1)?
            .reply()?
            .value32()
            .and_then(|mut v| v.next());
        let visible = conn.get_window_attributes(window)?.reply()?.map_state == MapState::VIEWABLE;
        if owner == Some(pid) && visible {
            let message = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
            conn.send_event(false, window, EventMask::NO_EVENT, message)?;
            closed += 1;
        }
    }
    conn.flush()?;
    if closed == 0 {
        return Err(format!("no visible window of process {pid}").into());
    }
    Ok(())
}

/// Starts tauri-driver on two free ports and waits until both listen; returns it with its
/// WebDriver port and the native (WebKitWebDriver) port.
pub(crate) fn start_driver(env: &[(&str, &str)]) -> Result<(Child, u16, u16)> {
    let (port, native_port) = (free_port()?, free_port()?);
    let mut driver = Command::new(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DISPLAY", display())
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start tauri-driver ({e}); `cargo install tauri-driver`"))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    if let Err(e) =
        wait_for_port(port, deadline).and_then(|()| wait_for_port(native_port, deadline))
    {
        terminate(&mut driver);
        return Err(e);
    }
    Ok((driver, port, native_port))
}

/// Stops what a failed start may leave behind: the WebKitWebDriver on `native_port` and an
/// app process on `db`.
pub(crate) fn stop_stragglers(native_port: u16, db: &Path) {
    // tauri-driver starts it as `WebKitWebDriver --port=N --host=…`: the space after the port
    // keeps the pattern from matching a longer port of another test's driver (4123 in 41234).
    for pattern in [format!("--port={native_port} "), db.display().to_string()] {
        // "--" ends the options: the pattern "--port=…" is not one.
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", "--", &pattern])
            .status();
    }
}
