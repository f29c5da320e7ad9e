//! Phones for the workshop tests: Debian's headless Chromium at 390×844 CSS pixels (an
//! iPhone 12–14's viewport) driven through chromedriver, each session a separate participant
//! with its own storage.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::process::{free_port, terminate, wait_for_port};
use crate::{artifacts_dir, Result, WAIT};

/// chromedriver, serving any number of phone sessions.
pub struct PhoneDriver {
    driver: Child,
    port: u16,
    profiles: tempfile::TempDir,
}

impl Drop for PhoneDriver {
    fn drop(&mut self) {
        terminate(&mut self.driver);
    }
}

impl PhoneDriver {
    /// Starts chromedriver (Debian's `chromium-driver`, which `make test` installs).
    pub fn start() -> Result<PhoneDriver> {
        let port = free_port()?;
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start chromedriver ({e}); install chromium-driver (make test does)")
            })?;
        wait_for_port(port, Instant::now() + Duration::from_secs(20))?;
        Ok(PhoneDriver {
            driver,
            port,
            profiles: tempfile::tempdir()?,
        })
    }

    /// A new phone (its own browser profile, so its own localStorage).
    pub async fn phone(&self, name: &str) -> Result<Phone> {
        let profile: PathBuf = self.profiles.path().join(name);
        std::fs::create_dir_all(&profile)?;
        // Desktop Chrome keeps windows at least 500 px wide; the phone's viewport comes from
        // mobile emulation instead (390×844 CSS pixels, touch, a phone's user agent).
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "mobileEmulation": {
                    "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 1.0, "touch": true },
                    "userAgent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
                },
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=390,844", "--force-device-scale-factor=1",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        Ok(Phone { client })
    }
}

/// One participant's phone.
pub struct Phone {
    /// The WebDriver session.
    pub client: Client,
}

impl Phone {
    /// The element with this CSS selector, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Result<Element> {
        Ok(self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await?)
    }

    /// Waits until the page's visible text contains `part`, ignoring case (styles capitalise
    /// some labels).
    pub async fn wait_for_text(&self, part: &str) -> Result<String> {
        crate::wait_until(&format!("the phone to show “{part}”"), || async {
            let text = self
                .client
                .execute("return document.body.innerText;", vec![])
                .await?;
            let text = text.as_str().unwrap_or_default().to_owned();
            let found = text.to_lowercase().contains(&part.to_lowercase());
            Ok(crate::check(found, text.clone()).map(|()| text))
        })
        .await
    }

    /// Joins under `name` on the page at `url`.
    pub async fn join(&self, url: &str, name: &str) -> Result {
        self.client.goto(url).await?;
        self.find("#name").await?.send_keys(name).await?;
        self.find("#join button[type=submit]")
            .await?
            .click()
            .await?;
        self.wait_for_text(&format!("Joined as {name}")).await?;
        Ok(())
    }

    /// Votes `score` (1–5), or "don't know" for `None`.
    pub async fn vote(&self, score: Option<u8>) -> Result {
        let value = score.map_or_else(|| "dont-know".to_owned(), |s| s.to_string());
        self.find(&format!("#levels button[data-score='{value}']"))
            .await?
            .click()
            .await?;
        let shown = score.map_or_else(|| "don't know".to_owned(), |s| s.to_string());
        self.wait_for_text(&format!("Your vote is in: {shown}"))
            .await?;
        Ok(())
    }

    /// Saves a PNG of the page to the artifacts folder.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the session.
    pub async fn close(self) -> Result {
        self.client.close().await?;
        Ok(())
    }
}
