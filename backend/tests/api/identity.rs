//! Identity by e-mail: a confirmed address before writing, a password reset that tells
//! nobody which addresses have accounts, a change of address confirmed at the new one.
//! The links are read from the e-mails as an SMTP server receives them.

use crate::helpers::{PASSWORD, TestApp, assert_problem, session_token, spawn_app_with};
use base64::Engine;
use bench::smtp::SmtpServer;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const THEME: &str = "everyday-banking";

/// A server whose outbox sends at once to an SMTP server of the test's own.
async fn app_with_mail(limits: &str) -> (TestApp, SmtpServer) {
    let smtp = SmtpServer::start(0).await.expect("the SMTP server");
    let mut env = smtp.cocrea_env();
    env.push(("COCREA_OUTBOX_EVERY_MS", "100".to_owned()));
    env.push(("COCREA_RATE_LIMITS", limits.to_owned()));
    let app = spawn_app_with(&env).await;
    (app, smtp)
}

/// The body of an e-mail as written: quoted-printable or base64 undone.
fn body_of(message: &str) -> String {
    let (headers, body) = message.split_once("\n\n").unwrap_or((message, ""));
    if headers.contains("Content-Transfer-Encoding: base64") {
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .expect("base64 body");
        return String::from_utf8(bytes).expect("UTF-8 body");
    }
    if headers.contains("Content-Transfer-Encoding: quoted-printable") {
        let joined = body.replace("=\n", "");
        let mut bytes = Vec::new();
        let mut rest = joined.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'=' && tail.len() >= 2 {
                let hex = std::str::from_utf8(&tail[..2]).expect("hex");
                bytes.push(u8::from_str_radix(hex, 16).expect("a hex pair"));
                rest = &tail[2..];
            } else {
                bytes.push(b);
                rest = tail;
            }
        }
        return String::from_utf8(bytes).expect("UTF-8 body");
    }
    body.to_owned()
}

/// The token of the first link to `page` in an e-mail (`/verify-email#token=…`).
fn token_in(message: &str, page: &str) -> String {
    let body = body_of(message);
    let start = body
        .find(&format!("{page}#token="))
        .unwrap_or_else(|| panic!("a link to {page} in {body}"))
        + page.len()
        + 7;
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The e-mails sent to `email`, once `n` of them arrived.
async fn mails_to(smtp: &SmtpServer, email: &str, n: usize) -> Vec<String> {
    mails_where(smtp, email, n, |_| true).await
}

/// The first e-mail to `email` whose body says `text`, waiting for it to come.
async fn mail_to_saying(smtp: &SmtpServer, email: &str, text: &str) -> String {
    mails_where(smtp, email, 1, |m| body_of(m).contains(text))
        .await
        .remove(0)
}

/// The e-mails to `email` that pass `wanted`, once `n` of them arrived.
async fn mails_where(
    smtp: &SmtpServer,
    email: &str,
    n: usize,
    wanted: impl Fn(&str) -> bool,
) -> Vec<String> {
    for _ in 0..200 {
        let found: Vec<String> = smtp
            .messages()
            .into_iter()
            .filter(|m| m.contains(&format!("<{email}>")) && wanted(m))
            .collect();
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "fewer than {n} such e-mails to {email}: {:?}",
        smtp.messages()
    );
}

async fn post(app: &TestApp, token: Option<&str>, path: &str, body: Value) -> reqwest::Response {
    let mut request = Client::new().post(app.url(path)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

/// Signs up through the API (address not confirmed); the session's bearer token.
async fn sign_up(app: &TestApp, email: &str, name: &str) -> String {
    let response = post(
        app,
        None,
        "/api/v1/auth/signup",
        json!({"email": email, "display_name": name, "password": PASSWORD}),
    )
    .await;
    assert_eq!(response.status(), 201);
    session_token(&response)
}

async fn create_idea(app: &TestApp, token: &str) -> reqwest::Response {
    post(
        app,
        Some(token),
        "/api/v1/ideas",
        json!({"title": "Une idée pour tous", "body": "Un texte assez long.", "theme": THEME}),
    )
    .await
}

#[tokio::test]
async fn a_new_member_reads_but_writes_only_once_the_address_is_confirmed() {
    let (app, smtp) = app_with_mail("off").await;
    let token = sign_up(&app, "nina@example.org", "Nina").await;

    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["email_verified"], false);
    assert_eq!(
        app.get_json("/api/v1/ideas").await["items"],
        json!([]),
        "reading works"
    );
    let refused = assert_problem(
        create_idea(&app, &token).await,
        403,
        "email_unverified",
        "a write before confirming",
    )
    .await;
    assert!(refused["detail"].as_str().unwrap().contains("resend"));
    assert_eq!(app.count_rows("ideas").await, 0);

    // The e-mail, in French (the default language), with its link in the fragment.
    let first = mails_to(&smtp, "nina@example.org", 1).await;
    assert!(first[0].contains("Subject: [Cocrea] Confirmez votre adresse e-mail"));
    assert!(!first[0].contains("List-Unsubscribe"), "an account e-mail");
    let old_token = token_in(&first[0], "/verify-email");

    // Asked again: a new link, and the first one stops working.
    let resent = post(
        &app,
        Some(&token),
        "/api/v1/auth/verify-email/resend",
        json!({}),
    )
    .await;
    assert_eq!(resent.status(), 204);
    let both = mails_to(&smtp, "nina@example.org", 2).await;
    let link = token_in(&both[1], "/verify-email");
    assert_ne!(link, old_token);
    assert_problem(
        post(
            &app,
            None,
            "/api/v1/auth/verify-email",
            json!({"token": old_token}),
        )
        .await,
        400,
        "invalid_link",
        "a link replaced by a newer one",
    )
    .await;

    // The database keeps the token's hash and a salt, never the token.
    let stored = app
        .count(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM email_tokens WHERE token_hash = '{}' OR salt = '{link}' OR token_hash = '{link}'",
            backend::platform::auth::keys::token_hash(&link)
        ))
        .await;
    assert_eq!(stored, 1, "found by its hash only");

    let confirmed = post(
        &app,
        None,
        "/api/v1/auth/verify-email",
        json!({"token": link}),
    )
    .await;
    assert_eq!(confirmed.status(), 204);
    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["email_verified"], true);
    assert_eq!(create_idea(&app, &token).await.status(), 201);
    assert_problem(
        post(
            &app,
            None,
            "/api/v1/auth/verify-email",
            json!({"token": link}),
        )
        .await,
        400,
        "invalid_link",
        "a link used once already",
    )
    .await;
    // Nothing more to send once confirmed.
    let again = post(
        &app,
        Some(&token),
        "/api/v1/auth/verify-email/resend",
        json!({}),
    )
    .await;
    assert_eq!(again.status(), 204);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mails_to(&smtp, "nina@example.org", 2).await.len(), 2);
}

#[tokio::test]
async fn links_expire_and_unknown_ones_are_refused_without_a_query() {
    let (app, smtp) = app_with_mail("off").await;
    let token = sign_up(&app, "omar@example.org", "Omar").await;
    let link = token_in(
        &mails_to(&smtp, "omar@example.org", 1).await[0],
        "/verify-email",
    );
    app.sql("UPDATE email_tokens SET expires_at = created_at")
        .await;
    assert_problem(
        post(
            &app,
            None,
            "/api/v1/auth/verify-email",
            json!({"token": link}),
        )
        .await,
        400,
        "invalid_link",
        "an expired link",
    )
    .await;
    for forged in ["", "x", "' OR 1=1 --", &"a".repeat(43), &"é".repeat(50)] {
        assert_problem(
            post(
                &app,
                None,
                "/api/v1/auth/verify-email",
                json!({"token": forged}),
            )
            .await,
            400,
            "invalid_link",
            forged,
        )
        .await;
    }
    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["email_verified"], false);
}

#[tokio::test]
async fn the_confirmation_e_mail_speaks_the_persons_language() {
    let (app, smtp) = app_with_mail("off").await;
    let token = sign_up(&app, "ada@example.org", "Ada").await;
    let settings = Client::new()
        .patch(app.url("/api/v1/me/settings"))
        .bearer_auth(&token)
        .json(&json!({"locale": "en"}))
        .send()
        .await
        .unwrap();
    // Settings are a write: refused until the address is confirmed.
    assert_eq!(settings.status(), 403);
    app.sql("UPDATE users SET locale = 'en'").await;
    post(
        &app,
        Some(&token),
        "/api/v1/auth/verify-email/resend",
        json!({}),
    )
    .await;
    // The first link was replaced: its e-mail goes only if it had gone already.
    for _ in 0..200 {
        if smtp
            .messages()
            .iter()
            .any(|m| m.contains("Subject: [Cocrea] Confirm your email address"))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no English e-mail: {:?}", smtp.messages());
}

#[tokio::test]
async fn a_reset_answers_the_same_for_any_address_and_its_link_works_once() {
    let (app, smtp) = app_with_mail("off").await;
    let member = app.member("Rosa").await;
    let ask = |email: &str| {
        let app = &app;
        let email = email.to_owned();
        async move {
            let response = post(
                app,
                None,
                "/api/v1/auth/password-reset",
                json!({"email": email}),
            )
            .await;
            let status = response.status();
            let mut headers: Vec<String> = response
                .headers()
                .iter()
                .filter(|(name, _)| *name != "date")
                .map(|(name, value)| format!("{name}: {value:?}"))
                .collect();
            headers.sort();
            (status, headers, response.bytes().await.unwrap())
        }
    };
    let known = ask(&member.email).await;
    let unknown = ask("nobody-here@example.org").await;
    let malformed = ask("not an address").await;
    assert_eq!(known.0, StatusCode::ACCEPTED);
    assert_eq!(known, unknown, "an account's address and an unknown one");
    assert_eq!(
        malformed.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not an address at all"
    );

    // The reset mail, whichever other mail to this address (the sign-up's) comes first.
    let mail = mail_to_saying(&smtp, &member.email, "Pour choisir un nouveau mot de passe").await;
    let link = token_in(&mail, "/reset-password");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !smtp
            .messages()
            .iter()
            .any(|m| m.contains("nobody-here@example.org")),
        "no e-mail to an address without an account"
    );

    let weak = post(
        &app,
        None,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": link, "password": "short"}),
    )
    .await;
    let weak = assert_problem(weak, 422, "validation_failed", "a short password").await;
    assert_eq!(weak["issues"]["password"][0]["code"], "too_short");

    let new_password = "un tout nouveau mot de passe";
    let reset = post(
        &app,
        None,
        "/api/v1/auth/password-reset/confirm",
        json!({"token": link, "password": new_password}),
    )
    .await;
    assert_eq!(reset.status(), 204);
    assert_eq!(
        app.me_with(&member.token).await.status(),
        401,
        "every session ended"
    );
    assert_eq!(app.log_in(&member.email, PASSWORD).await.status(), 401);
    assert_eq!(app.log_in(&member.email, new_password).await.status(), 200);
    assert_problem(
        post(
            &app,
            None,
            "/api/v1/auth/password-reset/confirm",
            json!({"token": link, "password": "encore un autre mot de passe"}),
        )
        .await,
        400,
        "invalid_link",
        "a reset link used already",
    )
    .await;
    let notice = mails_to(&smtp, &member.email, 2).await.remove(1);
    assert!(
        body_of(&notice).contains("vient d'être réinitialisé"),
        "{notice}"
    );

    // A reset link lives an hour.
    ask(&member.email).await;
    let second = token_in(
        &mails_to(&smtp, &member.email, 3).await[2],
        "/reset-password",
    );
    app.sql("UPDATE email_tokens SET expires_at = created_at WHERE used_at IS NULL")
        .await;
    assert_problem(
        post(
            &app,
            None,
            "/api/v1/auth/password-reset/confirm",
            json!({"token": second, "password": "encore un autre mot de passe"}),
        )
        .await,
        400,
        "invalid_link",
        "an expired reset link",
    )
    .await;
}

#[tokio::test]
async fn resets_are_limited_per_address_asked_and_per_network_address() {
    let (app, _smtp) = app_with_mail("reset=3/3600,reset.ip=5/3600").await;
    let ask = |email: &'static str| {
        post(
            &app,
            None,
            "/api/v1/auth/password-reset",
            json!({"email": email}),
        )
    };
    for _ in 0..3 {
        assert_eq!(ask("lou@example.org").await.status(), 202);
    }
    assert_problem(
        ask("lou@example.org").await,
        429,
        "rate_limited",
        "a fourth for one address",
    )
    .await;
    assert_eq!(ask("max@example.org").await.status(), 202);
    // The network address has made five requests now (the refused one counts too).
    assert_problem(
        ask("zoe@example.org").await,
        429,
        "rate_limited",
        "past the address's limit",
    )
    .await;
}

#[tokio::test]
async fn a_new_address_is_used_only_once_confirmed_and_the_old_one_is_told() {
    let (app, smtp) = app_with_mail("off").await;
    let member = app.member("Iris").await;
    let other = app.member("Jade").await;
    let change = |body: Value| post(&app, Some(&member.token), "/api/v1/me/email", body);
    let wrong =
        change(json!({"email": "iris.new@example.org", "password": "not the password"})).await;
    let wrong = assert_problem(wrong, 422, "validation_failed", "a wrong password").await;
    assert_eq!(wrong["issues"]["password"][0]["code"], "wrong_password");
    let taken = change(json!({"email": other.email, "password": PASSWORD})).await;
    let taken = assert_problem(taken, 422, "validation_failed", "a taken address").await;
    assert_eq!(taken["issues"]["email"][0]["code"], "email_taken");

    let asked = change(json!({"email": "Iris.New@example.org", "password": PASSWORD})).await;
    assert_eq!(asked.status(), 202);
    // The notice, whichever other mail to this address (the sign-up's) comes first.
    mail_to_saying(&smtp, &member.email, "autre adresse e-mail").await;
    let confirmation = mails_to(&smtp, "iris.new@example.org", 1).await.remove(0);
    let link = token_in(&confirmation, "/verify-email");
    let me = app.get_json_as(&member, "/api/v1/me").await;
    assert_eq!(me["email"], member.email, "unchanged until confirmed");

    let confirmed = post(
        &app,
        None,
        "/api/v1/auth/verify-email",
        json!({"token": link}),
    )
    .await;
    assert_eq!(confirmed.status(), 204);
    let me = app.get_json_as(&member, "/api/v1/me").await;
    assert_eq!(me["email"], "iris.new@example.org");
    assert_eq!(me["email_verified"], true);
    assert_eq!(
        app.log_in("iris.new@example.org", PASSWORD).await.status(),
        200
    );
    assert_eq!(app.log_in(&member.email, PASSWORD).await.status(), 401);
}

#[tokio::test]
async fn someone_who_has_not_confirmed_may_still_sign_out_change_password_or_leave() {
    let (app, _smtp) = app_with_mail("off").await;
    let token = sign_up(&app, "paul@example.org", "Paul").await;
    let changed = post(
        &app,
        Some(&token),
        "/api/v1/me/password",
        json!({"current_password": PASSWORD, "new_password": "un autre mot de passe"}),
    )
    .await;
    assert_eq!(changed.status(), 204);
    let deleted = post(
        &app,
        Some(&token),
        "/api/v1/me/delete",
        json!({"password": "un autre mot de passe"}),
    )
    .await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.me_with(&token).await.status(), 401);
}

#[tokio::test]
async fn the_pages_e_mailed_links_open_send_no_referrer() {
    let (app, _smtp) = app_with_mail("off").await;
    for path in ["/reset-password", "/verify-email"] {
        let page = Client::new().get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["referrer-policy"], "no-referrer", "{path}");
    }
    let other = Client::new().get(app.url("/ideas")).send().await.unwrap();
    assert_eq!(
        other.headers()["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
}
