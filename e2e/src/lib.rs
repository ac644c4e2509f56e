//! The harness for browser tests: the real `cocrea` binary on a random port with a fresh
//! SQLite database, Debian's Chromium driven headless through chromedriver, and helpers
//! that wait for the page (never sleep) and audit it with axe-core.
//!
//! Helpers are split as find (locate), act (do), check (assert).

// A test harness fails by panicking with a message; that is its job.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use anyhow::{Context, Result, anyhow, bail};
use bench::server::{Cocrea, Instance, debug_binary, workspace_root};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// How long a condition may take to become true before the test fails.
const PATIENCE: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(40);

/// A running `cocrea serve` on a fresh SQLite database.
pub struct Server {
    pub url: String,
    cocrea: Cocrea,
    _instance: Instance,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts the binary (`COCREA_BIN`, else target/debug/cocrea) on a free port.
    pub async fn start() -> Result<Server> {
        Server::start_with(&[]).await
    }

    /// The same, with more environment (`COCREA_RATE_LIMITS=off` for a test that signs
    /// up a hundred people from one address).
    pub async fn start_with(env: &[(&'static str, &str)]) -> Result<Server> {
        let (mut cocrea, dir) = Cocrea::scratch(debug_binary()?)?;
        // E-mails (in the scratch folder's log) go out within a fifth of a second.
        cocrea
            .env
            .push(("COCREA_OUTBOX_EVERY_MS", "200".to_owned()));
        cocrea
            .env
            .extend(env.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let instance = cocrea.serve().await?;
        Ok(Server {
            url: format!("http://{}", instance.addr),
            cocrea,
            _instance: instance,
            _dir: dir,
        })
    }

    /// The path and fragment of the `nth` link (from 1) to `page` e-mailed to `email`
    /// (`/verify-email#token=…`), once it was sent (the server logs e-mails to a file).
    pub async fn emailed_link(&self, email: &str, page: &str, nth: usize) -> Result<String> {
        let log = self.cocrea.dir.join("emails.log");
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let found = text
                .split("\r\nFrom: ")
                .filter(|message| message.contains(&format!("<{email}>")))
                .filter_map(|message| {
                    let body = quoted_printable(message.split_once("\r\n\r\n")?.1);
                    let start = body.find(&format!("{page}#token="))?;
                    Some(
                        body[start..]
                            .chars()
                            .take_while(|c| !c.is_whitespace())
                            .collect::<String>(),
                    )
                })
                .nth(nth.saturating_sub(1));
            if let Some(link) = found {
                return Ok(link);
            }
            if started.elapsed() > PATIENCE {
                bail!("no link {nth} to {page} was e-mailed to {email}");
            }
            tokio::time::sleep(POLL * 5).await;
        }
    }

    /// Runs a `cocrea` command (`users grant …`) on this server's database; its output.
    pub async fn cocrea(&self, args: &[&str]) -> Result<String> {
        self.cocrea.run(args).await
    }
}

/// A quoted-printable body as written (soft line breaks joined, `=XX` decoded).
fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        let pair = tail
            .get(..2)
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match pair {
            Some(byte) if b == b'=' => {
                bytes.push(byte);
                rest = &tail[2..];
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A headless Chromium, with the server it tests.
pub struct Browser {
    pub client: Client,
    pub server: Server,
    _driver: Child,
    _profile: tempfile::TempDir,
}

/// Stops chromedriver and every Chromium process it started. Killing chromedriver alone
/// left a dozen Chromium processes behind per browser, some of them busy: by the end of
/// the test command, two hundred of them ran beside the Lighthouse measurements.
impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(group) = self._driver.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Browser {
    /// Starts the server, chromedriver and a browser `width` CSS pixels wide. The
    /// browser prefers English, so the tests prove French is the site's default.
    pub async fn start(width: u32) -> Result<Browser> {
        Browser::start_on(Server::start().await?, width).await
    }

    /// A browser for a server already started.
    pub async fn start_on(server: Server, width: u32) -> Result<Browser> {
        let port = bench::server::free_port()?;
        let driver = Command::new(
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()),
        )
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group, with the Chromium it starts: see `Drop`.
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .context(
            "starting chromedriver (apt-get install chromium-driver; the test command does)",
        )?;
        let profile = tempfile::tempdir()?;
        let mut capabilities = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--no-first-run", "--lang=en-US",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},900"),
                ],
                "prefs": { "intl.accept_languages": "en-US,en" }
            }
        });
        // Desktop windows cannot be narrower than 500 px; phones are emulated instead.
        if width < 500 {
            capabilities["goog:chromeOptions"]["mobileEmulation"] = json!({ "deviceMetrics": { "width": width, "height": 740, "pixelRatio": 2.0, "touch": true } });
        }
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + PATIENCE;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => {
                    return Err(anyhow!("chromedriver did not answer: {e}"));
                }
                Err(_) => tokio::time::sleep(POLL).await, // chromedriver is still starting
            }
        };
        Ok(Browser {
            client,
            server,
            _driver: driver,
            _profile: profile,
        })
    }

    /// Runs `source` in every document this browser opens from now on, before the page's
    /// own scripts (Chrome DevTools' `Page.addScriptToEvaluateOnNewDocument`).
    pub async fn before_every_page(&self, source: &str) -> Result<()> {
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": source }),
            })
            .await?;
        Ok(())
    }

    // ---- act ----

    /// Opens a path of the server and waits for the app to render its main region (in
    /// place of the server's first paint).
    pub async fn open(&self, path: &str) -> Result<()> {
        self.client
            .goto(&format!("{}{path}", self.server.url))
            .await?;
        self.wait_for_none("#first-paint").await?;
        self.find("main#main").await?;
        Ok(())
    }

    // ---- keyboard ----

    /// Presses `keys` one after the other on whatever has the focus, as a keyboard does
    /// (WebDriver key actions, not events sent to an element).
    pub async fn press(&self, keys: &[Key]) -> Result<()> {
        self.client
            .perform_actions(keystrokes(keys.iter().map(|key| char::from(*key))))
            .await?;
        Ok(())
    }

    /// Shift+Tab: the focus goes back one stop.
    pub async fn shift_tab(&self) -> Result<()> {
        let shift = char::from(Key::Shift);
        let tab = char::from(Key::Tab);
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Types text into whatever has the focus, a key at a time.
    pub async fn type_text(&self, text: &str) -> Result<()> {
        self.client
            .perform_actions(keystrokes(text.chars()))
            .await?;
        Ok(())
    }

    /// Whether the focused element matches `css`.
    pub async fn focused_matches(&self, css: &str) -> Result<bool> {
        let matches = self
            .client
            .execute(
                "const e = document.activeElement; return !!e && e.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await?;
        Ok(matches.as_bool().unwrap_or(false))
    }

    /// The focused element, briefly: `tag#id.class "text"`.
    pub async fn focused(&self) -> Result<String> {
        let described = self
            .client
            .execute(
                "const e = document.activeElement; if (!e) return 'nothing'; \
                 return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') \
                   + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') \
                   + ' \"' + (e.innerText || e.value || '').trim().slice(0, 40) + '\"';",
                vec![],
            )
            .await?;
        Ok(described.as_str().unwrap_or_default().to_owned())
    }

    /// Presses Tab until the element `css` has the focus (at most 80 times): the keyboard
    /// reaches it, in the page's order. Each stop on the way must show where the focus is
    /// (a visible outline). Fails naming the stops it went through.
    pub async fn tab_to(&self, css: &str) -> Result<()> {
        let mut stops = Vec::new();
        for _ in 0..80 {
            if self.focused_matches(css).await? {
                return Ok(());
            }
            self.press(&[Key::Tab]).await?;
            self.assert_focus_visible().await?;
            stops.push(self.focused().await?);
        }
        bail!("Tab never reached `{css}`; it went through: {stops:#?}")
    }

    /// Waits until the element `css` has the keyboard focus.
    pub async fn wait_for_focus(&self, css: &str) -> Result<()> {
        poll(|| async move {
            Ok(if self.focused_matches(css).await? {
                Ok(())
            } else {
                Err(format!(
                    "{css} never got the focus; it is on {}",
                    self.focused().await?
                ))
            })
        })
        .await
    }

    /// Fails unless the focused element draws a focus indicator (an outline or a ring).
    pub async fn assert_focus_visible(&self) -> Result<()> {
        let visible = self
            .client
            .execute(
                "const e = document.activeElement; if (!e || e === document.body) return true; \
                 const s = getComputedStyle(e); \
                 return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';",
                vec![],
            )
            .await?;
        if !visible.as_bool().unwrap_or(false) {
            bail!("the focus is invisible on {}", self.focused().await?);
        }
        Ok(())
    }

    /// Makes the browser's system prefer a dark appearance (`prefers-color-scheme: dark`).
    pub async fn prefer_dark(&self) -> Result<()> {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await
    }

    /// Cuts the browser off the network, as a phone losing its signal (the page gets the
    /// `offline` event); `false` gives it back.
    pub async fn set_offline(&self, offline: bool) -> Result<()> {
        self.cdp("Network.enable", json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await
    }

    /// Makes the server unreachable while the device stays online (its requests fail, as
    /// when the server is down); `false` lets them through again.
    pub async fn block_server(&self, blocked: bool) -> Result<()> {
        let urls: &[&str] = if blocked {
            &["*/api/*", "*/healthz"]
        } else {
            &[]
        };
        self.cdp("Network.enable", json!({})).await?;
        self.cdp("Network.setBlockedURLs", json!({ "urls": urls }))
            .await
    }

    async fn cdp(&self, cmd: &'static str, params: Value) -> Result<()> {
        self.client.issue_cmd(Cdp { cmd, params }).await?;
        Ok(())
    }

    /// The browser's Back button.
    pub async fn back(&self) -> Result<()> {
        Ok(self.client.back().await?)
    }

    /// The browser's Forward button.
    pub async fn forward(&self) -> Result<()> {
        Ok(self.client.forward().await?)
    }

    /// Waits until the document's title is `title`.
    pub async fn wait_for_title(&self, title: &str) -> Result<()> {
        poll(|| async move {
            let seen = self.client.title().await?;
            Ok(if seen == title {
                Ok(())
            } else {
                Err(format!("the title is {seen:?}, never {title:?}"))
            })
        })
        .await
    }

    /// The computed value of a CSS property of the first element `css` matches.
    pub async fn style_of(&self, css: &str, property: &str) -> Result<String> {
        let value = self
            .client
            .execute(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);",
                vec![json!(css), json!(property)],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Unfolds the header's menu on a narrow screen (on a wide one it is always open).
    pub async fn open_site_menu(&self) -> Result<()> {
        if self.style_of(".menu-button", "display").await? != "none"
            && self.attr_of(".menu-button", "aria-expanded").await? != "true"
        {
            self.click(".menu-button").await?;
        }
        Ok(())
    }

    /// Opens the account menu, through the menu button first on a narrow screen.
    pub async fn open_account_menu(&self) -> Result<()> {
        self.open_site_menu().await?;
        if self.attr_of(".account__toggle", "aria-expanded").await? != "true" {
            self.click(".account__toggle").await?;
        }
        self.find(".account__menu:not([hidden])").await?;
        Ok(())
    }

    /// Signs out from the account menu, and waits for the home page.
    pub async fn sign_out(&self) -> Result<()> {
        self.open_account_menu().await?;
        self.click(".account__sign-out").await?;
        self.wait_for_path("/").await
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// Replaces the content of a field.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let field = self.find(css).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Saves a screenshot under target/screenshots/, for people to look at.
    pub async fn screenshot(&self, name: &str) -> Result<()> {
        let png = self.client.screenshot().await?;
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }

    // ---- find ----

    /// Waits for an element.
    pub async fn find(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches `{css}`"))
    }

    /// The text of the first element matching `css`, or "" when there is none yet (or
    /// when the page replaced it between finding and reading: a re-render, not a failure).
    pub async fn text_of(&self, css: &str) -> Result<String> {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => Ok(element.text().await.unwrap_or_default()),
            Err(_) => Ok(String::new()),
        }
    }

    /// An attribute of the first element matching `css` ("" when it has none).
    pub async fn attr_of(&self, css: &str, name: &str) -> Result<String> {
        Ok(self.find(css).await?.attr(name).await?.unwrap_or_default())
    }

    // ---- check ----

    /// Waits until the element matching `css` contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<()> {
        poll(|| async move {
            let seen = self.text_of(css).await?;
            Ok(if seen.contains(text) {
                Ok(())
            } else {
                Err(format!("`{css}` shows {seen:?}, never {text:?}"))
            })
        })
        .await
    }

    /// Waits until no element matches `css`.
    pub async fn wait_for_none(&self, css: &str) -> Result<()> {
        poll(|| async move {
            let found = self.client.find_all(Locator::Css(css)).await?.len();
            Ok(if found == 0 {
                Ok(())
            } else {
                Err(format!("`{css}` still matches {found} elements"))
            })
        })
        .await
    }

    /// Waits until the browser is at `path`.
    pub async fn wait_for_path(&self, path: &str) -> Result<()> {
        poll(|| async move {
            let url = self.client.current_url().await?;
            Ok(if url.path() == path {
                Ok(())
            } else {
                Err(format!(
                    "the browser is at {}, never reached {path}",
                    url.path()
                ))
            })
        })
        .await
    }

    /// Waits until the first element `css` matches has `name="value"`.
    pub async fn wait_for_attr(&self, css: &str, name: &str, value: &str) -> Result<()> {
        poll(|| async move {
            let seen = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.attr(name).await?.unwrap_or_default(),
                Err(_) => String::new(),
            };
            Ok(if seen == value {
                Ok(())
            } else {
                Err(format!("{css} has {name}={seen:?}, never {value:?}"))
            })
        })
        .await
    }

    /// The value of an attribute of `<html>`.
    pub async fn document_attr(&self, name: &str) -> Result<String> {
        let value = self
            .client
            .execute(
                "return document.documentElement.getAttribute(arguments[0]);",
                vec![json!(name)],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Writes a cookie from the page, as the page's own script would (`document.cookie`).
    pub async fn set_cookie(&self, cookie: &str) -> Result<()> {
        self.client
            .execute("document.cookie = arguments[0];", vec![json!(cookie)])
            .await?;
        Ok(())
    }

    /// The files this page itself downloaded (its Resource Timing entries; a worker's
    /// downloads are the worker's own, not the page's).
    pub async fn page_downloads(&self) -> Result<Vec<String>> {
        let names = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').map((entry) => entry.name);",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(names)?)
    }

    /// Runs axe-core on the page and fails on any WCAG 2.1 A or AA violation.
    pub async fn assert_accessible(&self, what: &str) -> Result<()> {
        let axe_path = workspace_root().join("e2e/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&axe_path).with_context(|| {
            format!(
                "{} is missing: run `npm ci` in e2e/ (the test command does)",
                axe_path.display()
            )
        })?;
        self.client
            .execute(&format!("{axe}\nreturn typeof window.axe;"), vec![])
            .await?;
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                     .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))
                     .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));"#,
                vec![],
            )
            .await?;
        let violations = result.as_array().cloned().unwrap_or_default();
        if !violations.is_empty() {
            bail!(
                "{what}: {} accessibility violation(s):\n{}",
                violations.len(),
                serde_json::to_string_pretty(&violations)?
            );
        }
        Ok(())
    }
}

/// Each key pressed and released in turn, on one keyboard.
fn keystrokes(keys: impl IntoIterator<Item = char>) -> KeyActions {
    keys.into_iter()
        .fold(KeyActions::new("keyboard".into()), |actions, value| {
            actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value })
        })
}

/// Re-checks the page until `check` is satisfied (`Ok(Ok(()))`) or PATIENCE runs out; then
/// fails with what the last check saw (`Ok(Err(seen))`). Polls the page, never waits blindly.
async fn poll<F, Fut>(mut check: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<std::result::Result<(), String>>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        match check().await? {
            Ok(()) => return Ok(()),
            Err(seen) if Instant::now() > deadline => bail!(seen),
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// Checks that both locale files have exactly the same keys.
pub fn locale_keys(locale: &str) -> Result<std::collections::BTreeSet<String>> {
    let path = workspace_root().join(format!("frontend/locales/{locale}.json"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let object = json
        .as_object()
        .ok_or_else(|| anyhow!("{} is not an object", path.display()))?;
    Ok(object.keys().cloned().collect())
}

/// A Chrome DevTools command sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
