//! Sessions end when they should, and forged or foreign requests get nowhere.

use crate::helpers::{
    PASSWORD, TestApp, assert_problem, session_token, set_cookie, spawn_app, spawn_app_with,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use hmac::Mac;
use reqwest::{Client, header};
use serde_json::json;

#[tokio::test]
async fn logging_out_ends_the_session_and_its_token_is_refused_afterwards() {
    let app = spawn_app().await;
    let signed_up = app.sign_up("fay@example.org", "Fay").await;
    let token = session_token(&signed_up);
    assert_eq!(app.me_with(&token).await.status(), 200);

    let out = app.post("/api/v1/auth/logout").send().await.unwrap();
    assert_eq!(out.status(), 204);
    let removal = set_cookie(&out);
    assert!(
        removal.starts_with("cocrea_session=;"),
        "the cookie is removed: {removal}"
    );

    assert_problem(
        app.me_with(&token).await,
        401,
        "unauthorized",
        "the old token after logout",
    )
    .await;
    assert_problem(
        app.get("/api/v1/me").send().await.unwrap(),
        401,
        "unauthorized",
        "the browser after logout",
    )
    .await;
}

#[tokio::test]
async fn a_bearer_token_works_for_scripts_and_logging_it_out_ends_only_it() {
    let app = spawn_app().await;
    app.sign_up("gus@example.org", "Gus").await;
    let script = app.token("gus@example.org", PASSWORD).await;
    assert_eq!(app.me_with(&script).await.status(), 200);

    let out = Client::new()
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&script)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(app.me_with(&script).await.status(), 401);
    assert_eq!(
        app.get("/api/v1/me").send().await.unwrap().status(),
        200,
        "the browser session lives on"
    );
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let app = spawn_app().await;
    app.sign_up("hal@example.org", "Hal").await;
    let other = app.token("hal@example.org", PASSWORD).await;

    let wrong = app
        .post("/api/v1/me/password")
        .json(&json!({"current_password": "not it at all", "new_password": "a brand new secret"}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(wrong, 422, "validation_failed", "wrong current password").await;
    assert_eq!(
        problem["issues"]["current_password"][0]["code"],
        "wrong_password"
    );
    assert_eq!(
        app.me_with(&other).await.status(),
        200,
        "a refused change ends nothing"
    );

    let short = app
        .post("/api/v1/me/password")
        .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    assert_problem(short, 422, "validation_failed", "new password too short").await;

    let changed = app
        .post("/api/v1/me/password")
        .json(&json!({"current_password": PASSWORD, "new_password": "a brand new secret"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    assert_eq!(
        app.me_with(&other).await.status(),
        401,
        "the other session ended"
    );
    assert_eq!(
        app.get("/api/v1/me").send().await.unwrap().status(),
        200,
        "this session goes on"
    );
    assert_eq!(app.log_in("hal@example.org", PASSWORD).await.status(), 401);
    assert_eq!(
        app.log_in("hal@example.org", "a brand new secret")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn forged_expired_and_foreign_tokens_are_refused() {
    let app = spawn_app().await;
    let signed_up = app.sign_up("ida@example.org", "Ida").await;
    let real = session_token(&signed_up);
    let me: serde_json::Value = app.me_with(&real).await.json().await.unwrap();
    let payload_of_real = real.split('.').nth(1).unwrap().to_owned();
    let sid = {
        let bytes = URL_SAFE_NO_PAD.decode(&payload_of_real).unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        claims["sid"].as_str().unwrap().to_owned()
    };
    let claims = |exp: i64| json!({"sub": me["id"].to_string(), "sid": sid, "iat": Utc::now().timestamp(), "exp": exp});
    let future = (Utc::now() + Duration::hours(1)).timestamp();
    let sign = |alg: Hmac, key: &[u8], exp: i64| {
        jwt(
            &json!({"alg": alg.name(), "typ": "JWT"}),
            &claims(exp),
            |input| alg.sign(key, input),
        )
    };
    // An attacker's own RSA key, and tokens signed with it: the server knows no public
    // key, and its JWT provider (backend/src/platform/auth/hs256.rs) has no RSA at all.
    let attacker = rsa_key();
    let rs256 = |header: serde_json::Value| {
        jwt(&header, &claims(future), |input| {
            let mut signature = vec![0; attacker.public().modulus_len()];
            attacker
                .sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    &ring::rand::SystemRandom::new(),
                    input,
                    &mut signature,
                )
                .unwrap();
            signature
        })
    };
    let attacker_jwk = {
        let public = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(attacker.public());
        json!({"kty": "RSA", "n": b64(&public.n), "e": b64(&public.e)})
    };
    let alg_none = format!(
        "{}.{}.",
        b64(json!({"alg": "none", "typ": "JWT"}).to_string().as_bytes()),
        b64(claims(future).to_string().as_bytes())
    );
    let secret = app.secret.as_bytes();
    let cases = [
        (
            sign(Hmac::Sha256, secret, future),
            200,
            "a well-signed token (control)",
        ),
        (
            sign(Hmac::Sha256, secret, Utc::now().timestamp() - 10),
            401,
            "expired",
        ),
        (
            sign(Hmac::Sha384, secret, future),
            401,
            "another algorithm, same key",
        ),
        (
            rs256(json!({"alg": "RS256", "typ": "JWT"})),
            401,
            "RS256, signed with the attacker's RSA key",
        ),
        (
            rs256(json!({"alg": "RS256", "typ": "JWT", "jwk": attacker_jwk})),
            401,
            "RS256, with the attacker's public key in the header",
        ),
        (
            sign(
                Hmac::Sha256,
                b"another key entirely, 32+ bytes long",
                future,
            ),
            401,
            "another key",
        ),
        (alg_none, 401, "alg: none"),
        ("not.a.token".to_owned(), 401, "garbage"),
        (format!("{real}x"), 401, "a tampered signature"),
    ];
    for (token, status, why) in cases {
        assert_eq!(app.me_with(&token).await.status().as_u16(), status, "{why}");
    }
}

#[tokio::test]
async fn the_session_cookie_cannot_be_used_from_another_site() {
    let app = spawn_app().await;
    app.sign_up("jo@example.org", "Jo").await;
    let foreign = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header(header::ORIGIN, "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_problem(foreign, 403, "cross_site_request", "foreign Origin").await;
    let anonymous = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_problem(
        anonymous,
        403,
        "cross_site_request",
        "no Origin, no Sec-Fetch-Site",
    )
    .await;
    let same_site = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(
        same_site.status(),
        204,
        "a same-origin fetch without Origin is fine"
    );
}

#[tokio::test]
async fn no_one_can_be_signed_in_from_another_site() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/signup"))
        .header(header::ORIGIN, "https://evil.example")
        .json(&json!({"email": "kim@example.org", "display_name": "Kim", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(
        response,
        403,
        "cross_site_request",
        "sign-up from a foreign page",
    )
    .await;
    assert_eq!(app.count_users().await, 0);
}

#[tokio::test]
async fn signing_in_sweeps_the_persons_expired_sessions() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app().await;
    app.sign_up("lee@example.org", "Lee").await;
    let backend = app.db.write.get_database_backend();
    let past = (Utc::now() - Duration::days(1)).to_rfc3339();
    let expire_all = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            format!("UPDATE sessions SET expires_at = '{past}'::timestamptz")
        }
        _ => format!("UPDATE sessions SET expires_at = '{past}'"),
    };
    app.db
        .write
        .execute_raw(Statement::from_string(backend, expire_all))
        .await
        .unwrap();
    assert_problem(
        app.get("/api/v1/me").send().await.unwrap(),
        401,
        "unauthorized",
        "an expired session",
    )
    .await;

    assert_eq!(app.log_in("lee@example.org", PASSWORD).await.status(), 200);
    let count = app
        .db
        .read
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM sessions",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(count, 1, "only the new session is left");
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT made by hand, as an attacker would: header and claims, signed by `sign`.
fn jwt(
    header: &serde_json::Value,
    claims: &serde_json::Value,
    sign: impl FnOnce(&[u8]) -> Vec<u8>,
) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = sign(input.as_bytes());
    format!("{input}.{}", b64(&signature))
}

#[derive(Clone, Copy)]
enum Hmac {
    Sha256,
    Sha384,
}

impl Hmac {
    fn name(self) -> &'static str {
        match self {
            Hmac::Sha256 => "HS256",
            Hmac::Sha384 => "HS384",
        }
    }

    fn sign(self, key: &[u8], input: &[u8]) -> Vec<u8> {
        fn mac<M: Mac + hmac::digest::KeyInit>(key: &[u8], input: &[u8]) -> Vec<u8> {
            let mut mac = <M as hmac::KeyInit>::new_from_slice(key).unwrap();
            mac.update(input);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            Hmac::Sha256 => mac::<hmac::Hmac<sha2::Sha256>>(key, input),
            Hmac::Sha384 => mac::<hmac::Hmac<sha2::Sha384>>(key, input),
        }
    }
}

/// A 2048-bit RSA key made for this test (`openssl genpkey`, then PKCS#1 DER).
fn rsa_key() -> ring::signature::RsaKeyPair {
    ring::signature::RsaKeyPair::from_der(include_bytes!("data/attacker-rsa.der")).unwrap()
}

#[tokio::test]
async fn people_see_their_sessions_and_end_one_or_all_the_others() {
    let app = spawn_app().await;
    let member = app.member("Sacha").await;
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    let sign_in = |agent: &'static str| {
        let url = app.url("/api/v1/auth/token");
        let email = member.email.clone();
        async move {
            let response = Client::new()
                .post(url)
                .header(header::USER_AGENT, agent)
                .json(&json!({"email": email, "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            let body: serde_json::Value = response.json().await.unwrap();
            body["token"].as_str().unwrap().to_owned()
        }
    };
    let laptop = sign_in(firefox).await;
    let script = sign_in("curl/8.5.0").await;
    let list = |token: String| {
        let url = app.url("/api/v1/me/sessions");
        async move {
            let response = Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<serde_json::Value>().await.unwrap()["items"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let seen = list(laptop.clone()).await;
    // The sign-up's session, and the two tokens.
    assert_eq!(seen.len(), 3, "{seen:?}");
    let current: Vec<_> = seen.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device"], "Firefox · Linux");
    assert_eq!(current[0]["kind"], "token");
    let signup_session = member_session_id(&member);
    let script_session = seen
        .iter()
        .find(|s| s["current"] == false && s["id"] != signup_session.as_str())
        .expect("the script's session");

    // Ending one session ends just that one.
    let end = |token: &str, path: String| {
        Client::new()
            .delete(app.url(&path))
            .bearer_auth(token)
            .send()
    };
    let ended = end(
        &laptop,
        format!(
            "/api/v1/me/sessions/{}",
            script_session["id"].as_str().unwrap()
        ),
    )
    .await
    .unwrap();
    assert_eq!(ended.status(), 204);
    assert_eq!(app.me_with(&script).await.status(), 401);
    assert_eq!(app.me_with(&laptop).await.status(), 200);

    // Another person's session is nobody's business: 404, and it lives on.
    let other = app.member("Autre").await;
    let foreign = end(
        &laptop,
        format!("/api/v1/me/sessions/{}", member_session_id(&other)),
    )
    .await
    .unwrap();
    assert_eq!(foreign.status(), 404);
    assert_eq!(app.me_with(&other.token).await.status(), 200);

    // Signing out everywhere else keeps this session only.
    let everywhere = end(&laptop, "/api/v1/me/sessions".to_owned())
        .await
        .unwrap();
    assert_eq!(everywhere.status(), 204);
    assert_eq!(app.me_with(&member.token).await.status(), 401);
    assert_eq!(app.me_with(&laptop).await.status(), 200);
    assert_eq!(list(laptop).await.len(), 1);
}

/// The session id a person's token names.
fn member_session_id(person: &crate::helpers::Person) -> String {
    let payload = person.token.split('.').nth(1).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["sid"].as_str().unwrap().to_owned()
}

/// What `/me` answers `token` on `app` once it is `expected` (status and roles), or after
/// two seconds; and how long that took.
async fn me_soon(
    app: &TestApp,
    token: &str,
    expected: (u16, serde_json::Value),
) -> ((u16, serde_json::Value), std::time::Duration) {
    let start = std::time::Instant::now();
    loop {
        let response = app.me_with(token).await;
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        let seen = (status, body["roles"].clone());
        if seen == expected || start.elapsed() > std::time::Duration::from_secs(2) {
            return (seen, start.elapsed());
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_role_taken_away_or_a_sign_out_on_one_instance_holds_on_the_other() {
    let first = spawn_app().await;
    if !first.database_url.starts_with("postgres") {
        // On SQLite, one server serves a database file (see README).
        return;
    }
    let second = spawn_app_with(&[
        ("DATABASE_URL", first.database_url.clone()),
        ("COCREA_SECRET", first.secret.clone()),
    ])
    .await;
    first.sign_up("ivy@example.org", "Ivy").await;
    let token = first.token("ivy@example.org", PASSWORD).await;
    backend::auth::accounts::grant(&first.db, "ivy@example.org", api::Role::Moderator)
        .await
        .unwrap();
    let moderator = (200, json!(["member", "moderator"]));
    // Both instances now keep the session, with the role.
    assert_eq!(
        me_soon(&first, &token, moderator.clone()).await.0,
        moderator
    );
    assert_eq!(
        me_soon(&second, &token, moderator.clone()).await.0,
        moderator
    );
    assert_eq!(
        me_soon(&second, &token, moderator.clone()).await.0,
        moderator
    );

    backend::auth::accounts::revoke(&first.db, "ivy@example.org", api::Role::Moderator)
        .await
        .unwrap();
    let member = (200, json!(["member"]));
    let (seen, took) = me_soon(&second, &token, member.clone()).await;
    assert_eq!(seen, member, "the role is gone on the other instance");
    eprintln!("role taken away: seen by the other instance after {took:?}");

    let out = Client::new()
        .post(first.url("/api/v1/auth/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let ended = (401, serde_json::Value::Null);
    let (seen, took) = me_soon(&second, &token, ended.clone()).await;
    assert_eq!(seen, ended, "the session is over on the other instance");
    eprintln!("sign-out: seen by the other instance after {took:?}");
}
