//! End-to-end harness: runs the built Preflight window under WebDriver and its CLI as a user
//! would, each test on a fresh temporary database.
//!
//! A session starts Xvfb when no display is set (once per test binary), a private `tauri-driver`
//! on free ports (backed by Debian's `WebKitWebDriver`), and the `preflight` command with `--db`
//! pointing at the test's database; it starts the window program beside it, as on a user's
//! machine. Elements are found by their `data-testid`.
//!
//! Environment: `PREFLIGHT_BIN` (the `preflight` command; default `target/debug/preflight`, with
//! `target/debug/preflight-window` beside it built with `--features custom-protocol`: `make
//! app-debug`), `TAURI_DRIVER` (default: `tauri-driver` on `PATH`
//! or in `~/.cargo/bin`), `E2E_ARTIFACTS` (where screenshots go; default
//! `target/e2e-artifacts`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub mod phone;
mod process;
mod steps;
use process::{close_windows_of, start_driver, stop_stragglers};
pub use process::{display, terminate};

/// A boxed error, so tests can use `?` on every step.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// Result of a test step.
pub type Result<T = ()> = std::result::Result<T, Error>;

/// How long to wait for an element or a text before failing. Generous: on CI's two cores two
/// windows, their web processes and headless Chromium phones share the CPU, and a step that
/// takes 100 ms alone has been seen to take several seconds there.
pub const WAIT: Duration = Duration::from_secs(20);

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The app binary under test.
pub fn app_binary() -> PathBuf {
    std::env::var_os("PREFLIGHT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/preflight"))
}

/// Today's local date as the app computes it (YYYY-MM-DD).
pub fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// What one look at the window found: `Ok(value)` when the awaited state is there, or
/// `Err(what it shows instead)`, which the failure message quotes.
pub type Probe<T> = std::result::Result<T, String>;

/// Looks with `probe` every 50 ms until it finds what `what` describes, for at most [`WAIT`].
/// Every test that waits for the window (or a file) waits through this one loop.
///
/// # Errors
/// The first error `probe` returns, or after [`WAIT`] "timed out waiting for {what}" with
/// what the last look found.
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Probe<T>>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        match probe().await? {
            Ok(value) => return Ok(value),
            Err(found) if Instant::now() > deadline => {
                return Err(format!("timed out waiting for {what}; found {found}").into())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// `Ok(())` when `holds`, else `Err(found)`: a probe's answer from a plain condition.
pub fn check(holds: bool, found: impl std::fmt::Debug) -> Probe<()> {
    if holds {
        Ok(())
    } else {
        Err(format!("{found:?}"))
    }
}

/// Waits until the file at `path` exists (an export written by the app).
pub async fn wait_for_file(path: &Path) -> Result {
    wait_until(&format!("{} to be written", path.display()), || async {
        Ok(check(path.exists(), "no file"))
    })
    .await
}

/// Where screenshots are written.
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/e2e-artifacts"));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The CSS selector of a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// A temporary database folder that outlives app sessions (for relaunch tests).
pub struct Profile {
    dir: tempfile::TempDir,
}

impl Profile {
    /// A new empty profile.
    pub fn new() -> Result<Profile> {
        Ok(Profile {
            dir: tempfile::tempdir()?,
        })
    }

    /// The database file of this profile.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("preflight.sqlite3")
    }

    /// Runs the CLI on this profile's database.
    pub fn cli(&self, args: &[&str]) -> Result<Output> {
        let output = Command::new(app_binary())
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()?;
        Ok(output)
    }

    /// Starts the app window on this profile's database.
    pub async fn launch(&self) -> Result<App> {
        App::launch(&self.db(), &[]).await
    }

    /// Starts the app window with extra environment variables.
    pub async fn launch_with(&self, env: &[(&str, &str)]) -> Result<App> {
        App::launch(&self.db(), env).await
    }

    /// A folder inside this profile (created), e.g. for exported files.
    pub fn folder(&self, name: &str) -> Result<PathBuf> {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(&path)?;
        Ok(path)
    }

    /// Starts the app window with the dark GTK theme, so the UI follows it as "dark".
    pub async fn launch_dark(&self) -> Result<App> {
        App::launch(&self.db(), &[("GTK_THEME", "Adwaita:dark")]).await
    }

    /// Starts the app window in the dark theme when `dark`, else in the light one.
    pub async fn launch_in_theme(&self, dark: bool) -> Result<App> {
        if dark {
            self.launch_dark().await
        } else {
            self.launch().await
        }
    }
}

/// One running app window driven through WebDriver.
pub struct App {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    /// The database the app was started on; it names the app process when it must be stopped.
    db: PathBuf,
}

impl App {
    /// Starts tauri-driver and the app on `db` with extra environment `env`, and waits for
    /// the UI to show.
    pub async fn launch(db: &Path, env: &[(&str, &str)]) -> Result<App> {
        let binary = app_binary();
        if !binary.exists() {
            return Err(format!(
                "{} is missing: build it and the window program with `make app-debug`",
                binary.display()
            )
            .into());
        }
        // A WebKit start that dies before the page connects leaves WebKitWebDriver waiting
        // for ever; such a start is given up after a bound and tried once more.
        // The webview's storage (localStorage: folded sidebar, paper size) lives under the
        // data folder; one per database keeps tests apart and a relaunch on the same
        // database sees what the last run left, as on a user's computer.
        let data_home = db
            .parent()
            .ok_or("the database has no folder")?
            .join("xdg-data");
        let data_home = data_home.display().to_string();
        let mut env: Vec<(&str, &str)> = env.to_vec();
        env.push(("XDG_DATA_HOME", &data_home));
        let mut attempt = 0;
        let (client, driver) = loop {
            attempt += 1;
            let (mut driver, port, native_port) = start_driver(&env)?;
            match tokio::time::timeout(SESSION_START, connect(&binary, db, port)).await {
                Ok(Ok(client)) => break (client, driver),
                Ok(Err(e)) => {
                    terminate(&mut driver);
                    return Err(e);
                }
                Err(_) => {
                    terminate(&mut driver);
                    stop_stragglers(native_port, db);
                    if attempt == 2 {
                        return Err(format!(
                            "the app did not show a page within {SESSION_START:?}, twice"
                        )
                        .into());
                    }
                }
            }
        };
        let app = App {
            client,
            driver,
            db: db.to_path_buf(),
        };
        // A dev-mode binary would show "Could not connect" to the Vite server: fail at once.
        let url = app.client.current_url().await?;
        if url.scheme() != "tauri" {
            return Err(format!(
                "the app loaded {url}, not tauri://: rebuild it with --features custom-protocol"
            )
            .into());
        }
        // The shell or the startup-error screen, whichever the database allows.
        app.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("#app > *"))
            .await?;
        Ok(app)
    }

    /// Closes the window as the user does with its close button, and waits until the app
    /// has ended on its own; the WebDriver session is gone afterwards, so only drop the `App`.
    pub async fn close_like_the_user(&self) -> Result {
        let running = || -> Result<Option<u32>> {
            let found = Command::new("pgrep")
                .args(["-f", "--"])
                .arg(format!("--db {}", self.db.display()))
                .output()?;
            Ok(String::from_utf8(found.stdout)?
                .split_whitespace()
                .find_map(|pid| pid.parse().ok()))
        };
        let pid = running()?.ok_or("the app is not running")?;
        close_windows_of(pid)?;
        wait_until(&format!("the app (process {pid}) to end"), || async {
            Ok(check(running()? != Some(pid), "still running"))
        })
        .await
    }

    /// Ends the session (closing the app) and stops tauri-driver.
    pub async fn quit(mut self) -> Result {
        let closed = self.client.clone().close().await;
        self.stop();
        closed?;
        Ok(())
    }
}

impl App {
    /// Stops tauri-driver, then any app process still running on this test's database: a test
    /// that fails before `quit` leaves its WebDriver session open, and WebKitWebDriver does not
    /// take the app down with it.
    fn stop(&mut self) {
        terminate(&mut self.driver);
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", "--"])
            .arg(format!("--db {}", self.db.display()))
            .status();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How long a new WebDriver session may take to show the app's page.
const SESSION_START: Duration = Duration::from_secs(45);

/// Opens a WebDriver session that starts `binary` on `db`.
async fn connect(binary: &Path, db: &Path, port: u16) -> Result<Client> {
    let capabilities = serde_json::json!({
        "tauri:options": {
            "application": binary,
            "args": ["--db", db],
        }
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("a JSON object literal")
    };
    Ok(ClientBuilder::native()
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await?)
}
