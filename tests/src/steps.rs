//! What a test does in a running window: find elements by their `data-testid` or a CSS
//! selector, click, type, read texts and values, scroll a long list, check accessibility with
//! axe-core, take screenshots. Every method waits for its element (at most [`WAIT`]).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::Locator;

use crate::{artifacts_dir, check, testid, wait_until, workspace_root, App, Result, WAIT};

impl App {
    /// Waits for the element with `data-testid="id"`.
    pub async fn find(&self, id: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&testid(id)))
            .await
            .map_err(|e| format!("waiting for [{id}]: {e:?}").into())
    }

    /// Waits for the first element `css` selects: for what a click draws a moment later (a
    /// pillar's review questions are drawn once its list has unfolded).
    pub async fn find_css(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e:?}").into())
    }

    /// Clicks the `index`-th element with `data-testid="id"` after scrolling it to the middle
    /// of the window (rows further down the page are otherwise under the toast or off screen).
    pub async fn click_nth(&self, id: &str, index: usize) -> Result {
        self.find(id).await?;
        let all = self.client.find_all(Locator::Css(&testid(id))).await?;
        let element = all
            .get(index)
            .ok_or_else(|| format!("no [{id}] number {index}; there are {}", all.len()))?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(element)?],
            )
            .await?;
        settle(element).await?;
        element.click().await?;
        Ok(())
    }

    /// Clicks the element with `data-testid="id"` once it has stopped moving. An element
    /// drawn again between finding and clicking (the team's changes arriving redraw a
    /// project) is found again, a few times at most.
    pub async fn click(&self, id: &str) -> Result {
        let mut attempts = 0;
        loop {
            let element = self.find(id).await?;
            let clicked: Result = async {
                settle(&element).await?;
                element.click().await?;
                Ok(())
            }
            .await;
            match clicked {
                Err(e) if attempts < 4 && format!("{e:?}").contains("StaleElementReference") => {
                    attempts += 1;
                }
                other => return other,
            }
        }
    }

    /// Moves the pointer onto the element with `data-testid="id"` (a real pointer move through
    /// WebDriver's actions, so the page sees `pointerenter` as from a mouse), without clicking.
    pub async fn hover(&self, id: &str) -> Result {
        let element = self.find(id).await?;
        settle(&element).await?;
        let pointer = MouseActions::new("mouse".to_owned()).then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        self.client.perform_actions(pointer).await?;
        Ok(())
    }

    /// Replaces the value of the input with `data-testid="id"` by `text`, as typed keys.
    pub async fn fill(&self, id: &str, text: &str) -> Result {
        let field = self.find(id).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Sets the value of a field that takes no typed text reliably (a date picker), firing the
    /// `input` and `change` events a user's edit would.
    pub async fn set_value(&self, id: &str, value: &str) -> Result {
        self.set_value_css(&testid(id), value).await
    }

    /// As [`App::set_value`], for the first element matching a CSS selector (also used for
    /// very long text, which typing key by key would make slow).
    pub async fn set_value_css(&self, css: &str, value: &str) -> Result {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await?;
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('input', {bubbles: true})); \
                 e.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![
                    serde_json::Value::String(css.into()),
                    serde_json::Value::String(value.into()),
                ],
            )
            .await?;
        Ok(())
    }

    /// The text of the element with `data-testid="id"`.
    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(self.find(id).await?.text().await?)
    }

    /// The current `value` of the input with `data-testid="id"`.
    pub async fn value(&self, id: &str) -> Result<String> {
        Ok(self
            .find(id)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Scrolls whatever holds the page's long list (the one laid out by window,
    /// `[data-windowed]`) to its `"top"` or `"end"`, the way a wheel or the scroll bar does.
    pub async fn scroll_long_list(&self, to: &str) -> Result {
        self.client
            .execute(
                "let box = document.querySelector('[data-windowed]');
                 while (box && !(box.scrollHeight > box.clientHeight
                   && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
                 (box ?? document.scrollingElement).scrollTop = arguments[0] === 'top' ? 0 : 1e9;",
                vec![serde_json::json!(to)],
            )
            .await?;
        Ok(())
    }

    /// Whether an element with `data-testid="id"` is on the page now (no waiting).
    pub async fn exists(&self, id: &str) -> Result<bool> {
        Ok(!self
            .client
            .find_all(Locator::Css(&testid(id)))
            .await?
            .is_empty())
    }

    /// The project names in the sidebar, top to bottom. Read in one script so a list that
    /// re-renders meanwhile cannot leave stale element references.
    pub async fn sidebar_names(&self) -> Result<Vec<String>> {
        let names = self
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=\"project-item\"] .name')]\
                 .map((e) => e.textContent.trim());",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(names)?)
    }

    /// Waits until `check` holds for the sidebar names, and returns them.
    pub async fn wait_for_sidebar(
        &self,
        what: &str,
        check: impl Fn(&[String]) -> bool,
    ) -> Result<Vec<String>> {
        wait_until(&format!("the sidebar to show {what}"), || async {
            let names = self.sidebar_names().await?;
            Ok(if check(&names) {
                Ok(names)
            } else {
                Err(format!("{names:?}"))
            })
        })
        .await
    }

    /// Waits until the element `id` has text `expected`.
    pub async fn wait_for_text(&self, id: &str, expected: &str) -> Result {
        self.wait_for_text_where(id, expected, |actual| actual == expected)
            .await
    }

    /// Waits until the element with `data-testid` `id` shows text containing `part`.
    pub async fn wait_for_text_containing(&self, id: &str, part: &str) -> Result {
        self.wait_for_text_where(id, part, |actual| actual.contains(part))
            .await
    }

    async fn wait_for_text_where(
        &self,
        id: &str,
        expected: &str,
        matches: impl Fn(&str) -> bool,
    ) -> Result {
        wait_until(&format!("[{id}] to show {expected:?}"), || async {
            let actual = self
                .client
                .execute(
                    "const e = document.querySelector(arguments[0]); \
                     return e ? e.innerText.trim() : null;",
                    vec![serde_json::Value::String(testid(id))],
                )
                .await?;
            let actual = actual.as_str().unwrap_or_default().to_owned();
            Ok(check(matches(&actual), actual))
        })
        .await
    }

    /// Runs axe-core (from `ui/node_modules`, installed by `npm ci`) on the page with the given
    /// rules and returns one line per violation: the rule, the element and axe's summary.
    pub async fn axe(&self, rules: &[&str]) -> Result<Vec<String>> {
        self.axe_run(
            &serde_json::json!({ "runOnly": { "type": "rule", "values": rules } }),
            &[],
        )
        .await
    }

    /// Runs every axe-core rule (WCAG 2.x A and AA and axe's best practices) on the page and
    /// returns the serious and critical violations, one line each.
    pub async fn axe_serious(&self) -> Result<Vec<String>> {
        self.axe_run(&serde_json::json!({}), &["serious", "critical"])
            .await
    }

    async fn axe_run(&self, options: &serde_json::Value, impacts: &[&str]) -> Result<Vec<String>> {
        let source =
            std::fs::read_to_string(workspace_root().join("ui/node_modules/axe-core/axe.min.js"))?;
        // The library and the call share one script: the page's CSP forbids loading scripts,
        // and a WebDriver script's variables do not outlive it.
        let script = format!(
            "{source}\n;const done = arguments[arguments.length - 1]; \
             const impacts = arguments[1]; \
             axe.run(document, arguments[0]) \
               .then((r) => done(r.violations \
                 .filter((v) => impacts.length === 0 || impacts.includes(v.impact)) \
                 .flatMap((v) => v.nodes.map((n) => \
                 `${{v.id}} (${{v.impact}}): ${{n.target.join(' ')}}: ${{n.failureSummary.replace(/\\s+/g, ' ')}}`)))) \
               .catch((e) => done([`axe failed: ${{e}}`]));"
        );
        let found = self
            .client
            .execute_async(&script, vec![options.clone(), serde_json::json!(impacts)])
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Saves a PNG of the window to the artifacts folder after two animation frames, and returns
    /// its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // WebKitWebDriver's screenshot waits for the page to paint again, which a still page
        // never does when WebKit composites in software mode (the window's choice without a
        // GPU, as under Xvfb): one pixel in a corner changes shade each frame until it is
        // taken.
        self.client
            .execute_async(
                "const done = arguments[0]; \
                 const dot = document.createElement('div'); \
                 dot.id = 'e2e-repaint'; \
                 dot.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;\
                   pointer-events:none;z-index:2147483647'; \
                 document.body.append(dot); \
                 let n = 0; \
                 const paint = () => { \
                   if (!dot.isConnected) return; \
                   dot.style.background = n++ % 2 ? 'rgba(128,128,128,0.02)' : 'rgba(128,128,128,0.03)'; \
                   requestAnimationFrame(paint); \
                 }; \
                 paint(); \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await;
        self.client
            .execute("document.getElementById('e2e-repaint')?.remove();", vec![])
            .await?;
        let png = png?;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// Waits until `element` is at the same place in two reads 60 ms apart (at most [`WAIT`]).
///
/// WebDriver clicks at coordinates; a textarea that grows a frame after a change or a row that
/// a reload re-renders can move the target between the lookup and the click, and under load
/// that click then lands beside it without an error.
async fn settle(element: &Element) -> Result {
    let deadline = Instant::now() + WAIT;
    let mut last = element.rectangle().await?;
    loop {
        tokio::time::sleep(Duration::from_millis(60)).await;
        let now = element.rectangle().await?;
        if now == last || Instant::now() > deadline {
            return Ok(());
        }
        last = now;
    }
}
