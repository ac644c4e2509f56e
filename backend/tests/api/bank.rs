//! Sign-in with the bank, through a real OpenID Provider: panva's oidc-provider (npm,
//! `e2e/oidc/provider.mjs`) on loopback, which knows `ana` (a client of the bank) and
//! `ben` (not). The whole code flow goes over HTTP as a browser would: Cocrea's start,
//! the provider's own login and consent forms, Cocrea's callback.

use crate::helpers::{PASSWORD, TestApp, spawn_app_with};
use bench::oidc::OpenIdProvider;
use bench::server::free_port;
use reqwest::header::LOCATION;
use reqwest::{Client, redirect};
use serde_json::{Value, json};

/// Cocrea on a port known in advance (the provider must know its callback), set up to
/// sign in with a real OpenID Provider.
pub async fn app_with_bank() -> (TestApp, OpenIdProvider) {
    let public = format!("http://127.0.0.1:{}", free_port().unwrap());
    let provider = OpenIdProvider::start(&format!("{public}/api/v1/auth/oidc/callback"))
        .await
        .unwrap();
    let app = spawn_app_with(&provider.cocrea_env(&public)).await;
    (app, provider)
}

/// A browser: cookies kept, redirects not followed (each step is checked).
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

/// Where a redirect points, as written (Cocrea's own are paths).
fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

/// Where a redirect points, as an absolute URL (the provider's may be relative).
fn absolute_location(response: &reqwest::Response) -> String {
    response
        .url()
        .join(&location(response))
        .unwrap()
        .to_string()
}

/// GET `url`; the redirect's target (the status must be a redirect).
async fn follow(browser: &Client, url: &str) -> String {
    let response = browser.get(url).send().await.unwrap();
    assert!(
        response.status().is_redirection(),
        "{url}: {}",
        response.status()
    );
    absolute_location(&response)
}

/// The provider's form action on the page at `url`.
async fn form_action(browser: &Client, url: &str) -> String {
    let page = browser.get(url).send().await.unwrap().text().await.unwrap();
    let start = page.find("action=\"").expect("a form") + 8;
    page[start..].split('"').next().unwrap().to_owned()
}

/// What happened at the bank.
#[derive(Clone, Copy)]
pub enum AtTheBank<'a> {
    SignIn(&'a str),
    Cancel,
}

/// From Cocrea's start (or `start_url`) to Cocrea's callback URL, through the provider's
/// pages; returns the callback URL the provider redirected to.
pub async fn bank_journey(
    browser: &Client,
    app: &TestApp,
    start: reqwest::Response,
    at: AtTheBank<'_>,
) -> String {
    assert_eq!(start.status(), 303, "the start redirects to the bank");
    let authorize = location(&start);
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "PKCE: {authorize}"
    );
    assert!(authorize.contains("nonce=") && authorize.contains("state="));
    let interaction = follow(browser, &authorize).await;
    let login = form_action(browser, &interaction).await;
    let response = match at {
        AtTheBank::Cancel => browser
            .get(format!("{interaction}/abort"))
            .send()
            .await
            .unwrap(),
        AtTheBank::SignIn(who) => browser
            .post(&login)
            .form(&[
                ("prompt", "login"),
                ("login", who),
                ("password", "anything"),
            ])
            .send()
            .await
            .unwrap(),
    };
    let mut next = absolute_location(&response);
    // Through the provider's consent page, if it asks, until it sends us back.
    for _ in 0..6 {
        if next.starts_with(&app.address) {
            return next;
        }
        let response = browser.get(&next).send().await.unwrap();
        if response.status().is_redirection() {
            next = absolute_location(&response);
            continue;
        }
        let page = response.text().await.unwrap();
        let start = page.find("action=\"").expect("a consent form") + 8;
        let action = page[start..].split('"').next().unwrap().to_owned();
        let consented = browser
            .post(&action)
            .form(&[("prompt", "consent")])
            .send()
            .await
            .unwrap();
        next = absolute_location(&consented);
    }
    panic!("the provider never sent the browser back: {next}");
}

/// A whole sign-in with the bank as `who`; the callback's response.
pub async fn sign_in_with_bank(browser: &Client, app: &TestApp, who: &str) -> reqwest::Response {
    let start = browser
        .get(app.url("/api/v1/auth/oidc/start?next=/ideas"))
        .send()
        .await
        .unwrap();
    let callback = bank_journey(browser, app, start, AtTheBank::SignIn(who)).await;
    browser.get(&callback).send().await.unwrap()
}

async fn me(browser: &Client, app: &TestApp) -> Value {
    let response = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), 200, "signed in");
    response.json().await.unwrap()
}

async fn audit_count(app: &TestApp, action: &str, user: i64) -> i64 {
    app.count(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM audit_log WHERE action = '{action}' AND target_id = {user}"
    ))
    .await
}

#[tokio::test]
async fn a_client_signs_in_with_the_bank_and_the_split_follows_the_bank_at_every_sign_in() {
    let (app, provider) = app_with_bank().await;
    let providers = app.get_json("/api/v1/auth/providers").await;
    assert_eq!(providers["bank"]["label"], "Se connecter avec Banque Test");

    let ana = browser();
    let done = sign_in_with_bank(&ana, &app, "ana").await;
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), "/ideas", "back where the sign-in started");
    let me_ana = me(&ana, &app).await;
    assert_eq!(me_ana["email"], "ana@client.example");
    assert_eq!(me_ana["display_name"], "Ana Cliente");
    assert_eq!(me_ana["is_client"], true);
    assert_eq!(
        me_ana["email_verified"], true,
        "the bank vouched for the address"
    );
    let id = me_ana["id"].as_i64().unwrap();
    assert_eq!(audit_count(&app, "client_verified", id).await, 1);
    assert_eq!(app.count_rows("identities").await, 1);

    // Ana leaves the bank: at her next sign-in she is no longer counted as a client.
    Client::new()
        .post(format!("{}/_test/people/ana", provider.issuer))
        .json(&json!({"bank_client": false}))
        .send()
        .await
        .unwrap();
    let again = browser();
    assert_eq!(sign_in_with_bank(&again, &app, "ana").await.status(), 303);
    let me_again = me(&again, &app).await;
    assert_eq!(
        me_again["id"], id,
        "the same account, found by issuer and subject"
    );
    assert_eq!(me_again["is_client"], false);
    assert_eq!(audit_count(&app, "client_unverified", id).await, 1);
    assert_eq!(app.count_rows("users").await, 1);

    // Ben is no client: a member, signed in all the same.
    let ben = browser();
    sign_in_with_bank(&ben, &app, "ben").await;
    let me_ben = me(&ben, &app).await;
    assert_eq!(me_ben["is_client"], false);
    assert_eq!(
        audit_count(&app, "client_verified", me_ben["id"].as_i64().unwrap()).await,
        0
    );
}

#[tokio::test]
async fn a_password_account_is_linked_only_by_its_owner_signed_in_with_the_password() {
    let (app, _provider) = app_with_bank().await;
    // Ben has a password account with the address the bank gives.
    let signup = app.sign_up("ben@prospect.example", "Ben").await;
    assert_eq!(signup.status(), 201);

    let stranger = browser();
    let refused = sign_in_with_bank(&stranger, &app, "ben").await;
    assert_eq!(location(&refused), "/login?oidc_error=email_in_use");
    assert_eq!(
        app.count_rows("identities").await,
        0,
        "never linked by e-mail"
    );
    assert_eq!(app.count_rows("users").await, 1);
    assert_eq!(
        stranger
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    // Ben signs in with his password, then links the bank from his settings.
    let owner = browser();
    let login = owner
        .post(app.url("/api/v1/auth/login"))
        .header("origin", &app.address)
        .json(&json!({"email": "ben@prospect.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let start = owner
        .post(app.url("/api/v1/auth/oidc/link"))
        .header("origin", &app.address)
        .send()
        .await
        .unwrap();
    let callback = bank_journey(&owner, &app, start, AtTheBank::SignIn("ben")).await;
    let linked = owner.get(&callback).send().await.unwrap();
    assert_eq!(location(&linked), "/settings?bank=linked");
    assert_eq!(app.count_rows("identities").await, 1);

    // From now on the bank signs Ben into that account.
    let later = browser();
    sign_in_with_bank(&later, &app, "ben").await;
    assert_eq!(me(&later, &app).await["display_name"], "Ben");
    // And his password still works.
    assert_eq!(
        app.log_in("ben@prospect.example", PASSWORD).await.status(),
        200
    );
}

#[tokio::test]
async fn failures_show_a_clear_page_and_create_nothing() {
    let (app, _provider) = app_with_bank().await;

    // The person cancels at the bank.
    let cancelling = browser();
    let start = cancelling
        .get(app.url("/api/v1/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    let callback = bank_journey(&cancelling, &app, start, AtTheBank::Cancel).await;
    let cancelled = cancelling.get(&callback).send().await.unwrap();
    assert_eq!(location(&cancelled), "/login?oidc_error=cancelled");

    // An answer whose state is not the one this browser started with.
    let forger = browser();
    let start = forger
        .get(app.url("/api/v1/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    let callback = bank_journey(&forger, &app, start, AtTheBank::SignIn("ana")).await;
    let tampered = callback.replace("state=", "state=x");
    let mismatch = forger.get(&tampered).send().await.unwrap();
    assert_eq!(location(&mismatch), "/login?oidc_error=expired");
    // Without the browser's cookie (another browser), the answer is nobody's.
    let elsewhere = browser().get(&callback).send().await.unwrap();
    assert_eq!(location(&elsewhere), "/login?oidc_error=expired");
    assert_eq!(app.count_rows("users").await, 0);

    // A sign-in that worked, replayed with the same answer and cookie.
    let player = browser();
    let start = player
        .get(app.url("/api/v1/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    let pending = start
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .find_map(|v| v.to_str().ok().filter(|c| c.starts_with("cocrea_oidc=")))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let callback = bank_journey(&player, &app, start, AtTheBank::SignIn("ana")).await;
    assert_eq!(player.get(&callback).send().await.unwrap().status(), 303);
    assert_eq!(app.count_rows("users").await, 1);
    let replay = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
        .get(&callback)
        .header("cookie", pending)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&replay), "/login?oidc_error=replayed");
    let no_session = replay
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("cocrea_session="));
    assert!(no_session, "no session for a replay");
    assert_eq!(app.count_rows("users").await, 1);
}

#[tokio::test]
async fn a_provider_that_cannot_be_reached_is_said_so() {
    // A port nobody listens on.
    let closed = free_port().unwrap();
    let app = spawn_app_with(&[
        ("COCREA_OIDC_ISSUER", format!("http://127.0.0.1:{closed}")),
        ("COCREA_OIDC_CLIENT_ID", bench::oidc::CLIENT_ID.to_owned()),
        (
            "COCREA_OIDC_CLIENT_SECRET",
            bench::oidc::CLIENT_SECRET.to_owned(),
        ),
    ])
    .await;
    let start = browser()
        .get(app.url("/api/v1/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&start), "/login?oidc_error=unavailable");
    // Without any configuration, the web app offers no bank button, and the start says so.
    let plain = crate::helpers::spawn_app().await;
    assert_eq!(
        plain.get_json("/api/v1/auth/providers").await["bank"],
        Value::Null
    );
    let start = browser()
        .get(plain.url("/api/v1/auth/oidc/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&start), "/login?oidc_error=not_configured");
}
