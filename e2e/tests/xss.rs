//! The XSS corpus through every user text field, then every page that shows them opened
//! in Chromium with a hook, installed before the page's own scripts, that records any
//! script execution: `alert`, `confirm`, `prompt` and `print` calls, and any script the
//! Content-Security-Policy had to block. Once a page has rendered, it is also searched for
//! anything that would run on a click or a load: an element that carries script (script,
//! iframe, object, embed…), an `on*` attribute, a `javascript:`, `vbscript:` or `data:`
//! address. The test fails on the first of any of these.
//!
//! Payloads: the 100 seeds of the Markdown fuzz target (drawn from the 6,613-payload corpus
//! of `text/tests/data/`) and `e2e/data/xss-markdown.txt` (Markdown link and image tricks,
//! mutation XSS, SVG and MathML).

// A test fails by panicking with a message; that is its job.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use anyhow::{Context, Result, bail};
use bench::server::workspace_root;
use e2e::{Browser, Server};
use reqwest::{Client, Method};
use serde_json::{Value, json};

const PASSWORD: &str = "un mot de passe solide";
const THEME: &str = "everyday-banking";

/// Runs before anything else in every page: records what a payload would run.
const HOOK: &str = r#"
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + '(' + String(args[0]).slice(0, 80) + ')'); };
}
document.addEventListener('securitypolicyviolation', (e) => {
  window.__xss.push('blocked by the CSP: ' + e.violatedDirective + ' ' + (e.sample || e.blockedURI || ''));
});
"#;

/// What the page ran, and what in its main region would run on a click or a load.
const SCAN: &str = r#"
const found = (window.__xss || ['the hook was not installed']).slice();
const carriers = ['SCRIPT', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'BASE', 'META', 'LINK', 'PORTAL'];
const addresses = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'lowsrc', 'dynsrc', 'codebase', 'cite', 'ping', 'srcdoc'];
for (const el of document.querySelectorAll('main *')) {
  const tag = el.tagName.toUpperCase();
  if (carriers.includes(tag)) found.push('a ' + tag.toLowerCase() + ' element');
  for (const attribute of el.attributes) {
    const name = attribute.name.toLowerCase();
    const value = attribute.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    if (name.startsWith('on')) found.push(name + ' on a ' + tag.toLowerCase());
    if (name === 'srcdoc' || (addresses.includes(name) && /^(javascript|vbscript|data):/.test(value))) {
      found.push(name + '="' + attribute.value.slice(0, 60) + '" on a ' + tag.toLowerCase());
    }
    if (name === 'style' && /(expression\(|javascript:|url\()/.test(value)) found.push('style="' + attribute.value.slice(0, 60) + '"');
  }
}
return found;
"#;

/// Every payload: one per seed file, then one per line of the Markdown list.
fn payloads() -> Result<Vec<String>> {
    let root = workspace_root();
    let mut seeds: Vec<_> = std::fs::read_dir(root.join("fuzz/seeds/markdown"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    seeds.sort();
    let mut payloads = Vec::new();
    for path in seeds {
        payloads.push(String::from_utf8_lossy(&std::fs::read(&path)?).into_owned());
    }
    let list = std::fs::read_to_string(root.join("e2e/data/xss-markdown.txt"))?;
    payloads.extend(
        list.lines()
            .filter(|line| !line.is_empty() && !line.starts_with("# "))
            .map(|line| line.replace("\\n", "\n")),
    );
    Ok(payloads)
}

/// The API of the server under test, as one person or another.
struct Api {
    base: String,
    http: Client,
}

impl Api {
    async fn call(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Sends the first body the server accepts; the payload-bearing one comes first, the
    /// plain ones after it are for payloads a field refuses (too long, control characters,
    /// account numbers). Returns the answer and whether the first body was the one taken.
    async fn first_accepted(
        &self,
        token: &str,
        method: Method,
        path: &str,
        bodies: &[Value],
    ) -> (Value, bool) {
        for (i, body) in bodies.iter().enumerate() {
            let (status, answer) = self.call(Some(token), method.clone(), path, body).await;
            if (200..300).contains(&status) {
                return (answer, i == 0);
            }
            assert!(
                matches!(status, 409 | 422),
                "{method} {path} answered {status} to {body}: {answer}"
            );
        }
        panic!("{method} {path}: no body was accepted: {bodies:?}");
    }

    /// Signs up a person with a plain name; their bearer token and id.
    async fn sign_up(&self, email: &str, name: &str) -> (String, i64) {
        let (status, answer) = self
            .call(
                None,
                Method::POST,
                "/api/v1/auth/signup",
                &json!({"email": email, "display_name": name, "password": PASSWORD}),
            )
            .await;
        assert_eq!(status, 201, "signing up {email}: {answer}");
        let (_, token) = self
            .call(
                None,
                Method::POST,
                "/api/v1/auth/token",
                &json!({"email": email, "password": PASSWORD}),
            )
            .await;
        let token = token["token"].as_str().expect("a token").to_owned();
        let (_, me) = self
            .call(Some(&token), Method::GET, "/api/v1/me", &Value::Null)
            .await;
        (token, me["id"].as_i64().expect("an id"))
    }
}

/// Text cut to `max` characters, white space folded as titles and names are.
fn folded(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(max).collect()
}

/// How many payloads each field stored (folded and cut to its length where it has one);
/// the rest were refused by its rules and stored a plain text instead.
#[derive(Default)]
struct Stored(Vec<(&'static str, usize)>);

impl Stored {
    fn count(&mut self, field: &'static str, as_given: bool) {
        match self.0.iter_mut().find(|(name, _)| *name == field) {
            Some((_, n)) => *n += usize::from(as_given),
            None => self.0.push((field, usize::from(as_given))),
        }
    }
}

/// What one payload was stored in, for the pages to open.
struct Placed {
    idea: i64,
    question: i64,
    person: i64,
}

#[tokio::test]
async fn no_payload_runs_on_any_page_that_shows_user_text() -> Result<()> {
    let payloads = payloads()?;
    assert!(payloads.len() >= 100, "only {} payloads", payloads.len());
    let server = Server::start_with(&[("COCREA_RATE_LIMITS", "off")]).await?;
    let api = Api {
        base: server.url.clone(),
        http: Client::new(),
    };
    let run = rand::random::<u32>();
    let moderator_email = format!("moderation-{run}@example.org");
    let (moderator, _) = api.sign_up(&moderator_email, "Modération").await;
    server
        .cocrea(&["users", "confirm", &moderator_email])
        .await?;
    server
        .cocrea(&["users", "grant", &moderator_email, "moderator"])
        .await?;
    let expert_email = format!("expert-{run}@example.org");
    let (expert, _) = api.sign_up(&expert_email, "Experte").await;
    server.cocrea(&["users", "confirm", &expert_email]).await?;
    server
        .cocrea(&["users", "grant", &expert_email, "expert"])
        .await?;
    server
        .cocrea(&["users", "themes", &expert_email, THEME])
        .await?;

    // A member per payload (a profile page each), their addresses confirmed in one go.
    let emails: Vec<String> = (0..payloads.len())
        .map(|i| format!("member-{run}-{i}@example.org"))
        .collect();
    let mut members = Vec::new();
    for email in &emails {
        members.push(api.sign_up(email, "Membre").await);
    }
    let confirm: Vec<&str> = ["users", "confirm"]
        .into_iter()
        .chain(emails.iter().map(String::as_str))
        .collect();
    server.cocrea(&confirm).await?;

    let mut stored = Stored::default();
    let mut placed = Vec::new();
    for (i, (payload, (member, person))) in payloads.iter().zip(members).enumerate() {
        let marker = format!("repere-{i}");
        let marked = format!("{payload}\n\n{marker}");
        let (_, as_given) = api
            .first_accepted(
                &member,
                Method::PATCH,
                "/api/v1/me/settings",
                &[
                    json!({"display_name": folded(payload, 60), "bio": marked}),
                    json!({"display_name": format!("Membre {i}"), "bio": folded(&marked, 500)}),
                    json!({"display_name": format!("Membre {i}"), "bio": marker}),
                ],
            )
            .await;
        stored.count("display names and bios", as_given);

        let (idea, as_given) = api
            .first_accepted(
                &member,
                Method::POST,
                "/api/v1/ideas",
                &[
                    json!({"title": folded(payload, 140), "body": marked, "theme": THEME}),
                    json!({"title": format!("Charge utile {i}"), "body": marked, "theme": THEME}),
                    json!({"title": format!("Charge utile {i}"), "body": marker, "theme": THEME}),
                ],
            )
            .await;
        stored.count("idea titles and bodies", as_given);
        let idea = idea["id"].as_i64().context("an idea id")?;
        let (_, as_given) = api
            .first_accepted(
                &member,
                Method::POST,
                &format!("/api/v1/ideas/{idea}/comments"),
                &[
                    json!({"body": format!("{payload}\n\ncomment-{i}")}),
                    json!({"body": format!("comment-{i}")}),
                ],
            )
            .await;
        stored.count("comments", as_given);
        let (_, as_given) = api
            .first_accepted(
                &moderator,
                Method::POST,
                &format!("/api/v1/ideas/{idea}/status"),
                &[
                    json!({"status": "under_review", "explanation": format!("{payload}\n\nexplanation-{i}")}),
                    json!({"status": "under_review", "explanation": format!("explanation-{i}")}),
                ],
            )
            .await;
        stored.count("status explanations", as_given);
        let (_, as_given) = api
            .first_accepted(
                &moderator,
                Method::POST,
                "/api/v1/reports",
                &[
                    json!({"target_type": "idea", "target_id": idea, "reason": "other", "details": format!("{} report-{i}", folded(payload, 900))}),
                    json!({"target_type": "idea", "target_id": idea, "reason": "other", "details": format!("report-{i}")}),
                ],
            )
            .await;
        stored.count("report reasons", as_given);

        let title = format!("{} ?", folded(payload, 130));
        let (question, as_given) = api
            .first_accepted(
                &member,
                Method::POST,
                "/api/v1/questions",
                &[
                    json!({"title": title, "body": marked, "theme": THEME, "general": true}),
                    json!({"title": format!("Question numéro {i} ?"), "body": marked, "theme": THEME, "general": true}),
                    json!({"title": format!("Question numéro {i} ?"), "body": marker, "theme": THEME, "general": true}),
                ],
            )
            .await;
        stored.count("question titles and bodies", as_given);
        let question = question["id"].as_i64().context("a question id")?;
        let (_, as_given) = api
            .first_accepted(
                &expert,
                Method::POST,
                &format!("/api/v1/questions/{question}/answers"),
                &[
                    json!({"body": format!("{payload}\n\nanswer-{i}")}),
                    json!({"body": format!("answer-{i}")}),
                ],
            )
            .await;
        stored.count("answers", as_given);
        placed.push(Placed {
            idea,
            question,
            person,
        });
    }
    for (field, n) in &stored.0 {
        println!(
            "{field}: {n} of {} payloads stored with the payload",
            payloads.len()
        );
    }

    let browser = Browser::start_on(server, 1280).await?;
    browser.before_every_page(HOOK).await?;
    sign_in(&browser, &moderator_email).await?;
    let mut pages = 0;
    for (i, place) in placed.iter().enumerate() {
        // Idea and question pages are loaded whole: the server writes their head from the
        // stored title. The others have the default head, and are reached from there the
        // way a link takes people, inside the running app (a load costs far more).
        for (path, load, shown) in [
            (
                format!("/ideas/{}", place.idea),
                true,
                vec![
                    ("main", format!("repere-{i}")),
                    ("main", format!("comment-{i}")),
                    ("main", format!("explanation-{i}")),
                ],
            ),
            (
                format!("/questions/{}", place.question),
                true,
                vec![
                    ("main", format!("repere-{i}")),
                    ("main", format!("answer-{i}")),
                ],
            ),
            (
                format!("/moderation/items/idea/{}", place.idea),
                false,
                vec![("main", format!("report-{i}"))],
            ),
            (
                format!("/people/{}", place.person),
                false,
                vec![(".profile__bio", format!("repere-{i}"))],
            ),
        ] {
            if load {
                browser.open(&path).await?;
            } else {
                follow_link(&browser, &path).await?;
            }
            for (css, text) in &shown {
                browser.wait_for_text(css, text).await?;
            }
            assert_nothing_ran(&browser, &path, &payloads[i]).await?;
            pages += 1;
        }
    }
    let (first, last) = (&placed[0], placed.last().context("no payload")?);
    for (path, shown) in [
        (
            "/ideas?sort=new",
            format!("main a[href='/ideas/{}']", last.idea),
        ),
        (
            "/questions?sort=new",
            format!("main a[href='/questions/{}']", last.question),
        ),
        (
            "/follow-ups",
            format!("main a[href='/ideas/{}']", last.idea),
        ),
        (
            "/moderation",
            format!("main a[href='/moderation/items/idea/{}']", first.idea),
        ),
    ] {
        browser.open(path).await?;
        browser.find(&shown).await?;
        assert_nothing_ran(&browser, path, "the newest of them").await?;
        pages += 1;
    }
    println!(
        "{} payloads, {pages} pages opened, nothing ran",
        payloads.len()
    );

    // The hook and the search see what they are there to see: markup slipped into the
    // page by hand, whose handler the CSP blocks, and a direct call.
    browser
        .client
        .execute(
            "document.querySelector('main').insertAdjacentHTML('beforeend', \
             '<img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">x</a>'); \
             window.alert('direct');",
            vec![],
        )
        .await?;
    let mut found = Vec::new();
    for _ in 0..100 {
        found = scan(&browser).await?;
        if found.iter().any(|f| f.starts_with("blocked by the CSP")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for seen in [
        "alert(direct)",
        "blocked by the CSP: script-src-attr",
        "onerror on a img",
        "href=\"javascript:alert(2)\" on a a",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(seen)),
            "the hook missed {seen:?}: {found:?}"
        );
    }
    Ok(())
}

/// Goes to `path` as a click on a link to it does: the app's router takes the click, and
/// the page is drawn without a load. (What `path` shows is for the caller to wait for.)
async fn follow_link(browser: &Browser, path: &str) -> Result<()> {
    browser
        .client
        .execute(
            "const a = document.createElement('a'); a.href = arguments[0]; \
             document.body.append(a); a.click(); a.remove();",
            vec![json!(path)],
        )
        .await?;
    browser.wait_for_path(path).await
}

async fn sign_in(browser: &Browser, email: &str) -> Result<()> {
    browser.open("/login?next=/profile").await?;
    browser.fill("#email", email).await?;
    browser.fill("#password", PASSWORD).await?;
    browser.click("form button[type=submit]").await?;
    browser.wait_for_path("/profile").await
}

/// What the hook recorded and what the search found, on the page open now.
async fn scan(browser: &Browser) -> Result<Vec<String>> {
    let found = browser.client.execute(SCAN, vec![]).await?;
    Ok(found
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f.as_str().unwrap_or_default().to_owned())
        .collect())
}

async fn assert_nothing_ran(browser: &Browser, path: &str, payload: &str) -> Result<()> {
    let found = scan(browser).await?;
    if !found.is_empty() {
        bail!("{path} (payload {payload:?}): {found:?}");
    }
    Ok(())
}
