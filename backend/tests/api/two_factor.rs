//! Two-factor authentication: set up with a code the test computes from the secret the
//! server gave (as an authenticator app would), sign-ins that need it, codes that work
//! once, recovery codes, and staff routes closed until the session passed it when the
//! bank requires it.

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

/// The code an authenticator app shows `steps` time steps from now, for `secret`.
fn code_at(secret: &str, steps: i64) -> String {
    bench::authenticator::code(secret, steps).expect("a TOTP code")
}

/// Sets two-factor authentication up for `person`; the secret and the recovery codes.
async fn turn_on(app: &TestApp, person: &Person) -> (String, Vec<String>) {
    let setup = app
        .post_as(person, "/api/v1/me/two-factor/setup", json!({}), 200)
        .await;
    let secret = setup["secret"].as_str().expect("secret").to_owned();
    let codes = app
        .post_as(
            person,
            "/api/v1/me/two-factor/enable",
            json!({ "code": code_at(&secret, 0) }),
            200,
        )
        .await;
    let codes = codes["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("a code").to_owned())
        .collect();
    (secret, codes)
}

async fn log_in_with(app: &TestApp, email: &str, code: Option<&str>) -> reqwest::Response {
    let mut body = json!({ "email": email, "password": PASSWORD });
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    app.post("/api/v1/auth/token")
        .json(&body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_member_turns_it_on_and_signs_in_with_a_code_once_then_with_a_recovery_code() {
    let app = spawn_app().await;
    let member = app.member("Double").await;
    let status = app.get_json_as(&member, "/api/v1/me/two-factor").await;
    assert_eq!(status["enabled"], false);

    let setup = app
        .post_as(&member, "/api/v1/me/two-factor/setup", json!({}), 200)
        .await;
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let uri = setup["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Cocrea:"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    // Nothing changes until a code confirms it: signing in needs no code yet.
    assert_eq!(log_in_with(&app, &member.email, None).await.status(), 200);

    let wrong = app
        .send(
            Some(&member),
            Method::POST,
            "/api/v1/me/two-factor/enable",
            Some(&json!({ "code": "000000" })),
        )
        .await;
    let problem = assert_problem(wrong, 422, "validation_failed", "a wrong first code").await;
    assert_eq!(problem["issues"]["code"][0]["code"], "wrong_code");
    let empty = app
        .send(
            Some(&member),
            Method::POST,
            "/api/v1/me/two-factor/enable",
            Some(&json!({ "code": " " })),
        )
        .await;
    let problem = assert_problem(empty, 422, "validation_failed", "no code").await;
    assert_eq!(problem["issues"]["code"][0]["code"], "required");

    let codes = app
        .post_as(
            &member,
            "/api/v1/me/two-factor/enable",
            json!({ "code": code_at(&secret, 0) }),
            200,
        )
        .await;
    let codes: Vec<String> = serde_json::from_value(codes["codes"].clone()).unwrap();
    assert_eq!(codes.len(), 10);
    let mut distinct = codes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10, "ten different codes");
    let status = app.get_json_as(&member, "/api/v1/me/two-factor").await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);
    assert_eq!(
        status["session_checked"], true,
        "the session that turned it on"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'two_factor_enabled'")
            .await,
        1
    );

    // Signing in now needs the code, which works once.
    let none = log_in_with(&app, &member.email, None).await;
    assert_problem(none, 401, "two_factor_required", "no code").await;
    let wrong = log_in_with(&app, &member.email, Some("123456")).await;
    assert_problem(wrong, 401, "two_factor_invalid", "a wrong code").await;
    let next = code_at(&secret, 1);
    assert_eq!(
        log_in_with(&app, &member.email, Some(&next)).await.status(),
        200
    );
    let again = log_in_with(&app, &member.email, Some(&next)).await;
    assert_problem(again, 401, "two_factor_invalid", "the same code twice").await;
    // The first code, from before, cannot come back either.
    let old = log_in_with(&app, &member.email, Some(&code_at(&secret, 0))).await;
    assert_problem(old, 401, "two_factor_invalid", "an earlier step").await;

    // A recovery code, typed loosely, works once.
    let loose = codes[0].to_uppercase().replace('-', " ");
    assert_eq!(
        log_in_with(&app, &member.email, Some(&loose))
            .await
            .status(),
        200
    );
    let spent = log_in_with(&app, &member.email, Some(&codes[0])).await;
    assert_problem(spent, 401, "two_factor_invalid", "a spent recovery code").await;
    let status = app.get_json_as(&member, "/api/v1/me/two-factor").await;
    assert_eq!(status["recovery_codes_left"], 9);

    let twice = app
        .send(
            Some(&member),
            Method::POST,
            "/api/v1/me/two-factor/setup",
            None,
        )
        .await;
    assert_problem(twice, 409, "two_factor_on", "set up while on").await;

    // New recovery codes replace the old ones.
    let renewed = app
        .post_as(
            &member,
            "/api/v1/me/two-factor/recovery-codes",
            json!({ "code": codes[1] }),
            200,
        )
        .await;
    let renewed: Vec<String> = serde_json::from_value(renewed["codes"].clone()).unwrap();
    let stale = log_in_with(&app, &member.email, Some(&codes[2])).await;
    assert_problem(stale, 401, "two_factor_invalid", "a replaced recovery code").await;

    // Off, with a recovery code; then a password alone signs in again.
    let off = app
        .send(
            Some(&member),
            Method::POST,
            "/api/v1/me/two-factor/disable",
            Some(&json!({ "code": renewed[0] })),
        )
        .await;
    assert_eq!(off.status(), 204);
    assert_eq!(log_in_with(&app, &member.email, None).await.status(), 200);
    assert_eq!(app.count_rows("recovery_codes").await, 0);
}

#[tokio::test]
async fn wrong_codes_at_sign_in_count_as_failures_and_lock_the_account_for_a_while() {
    let app = spawn_app_with(&[("COCREA_RATE_LIMITS", "login-failure=3/60".to_owned())]).await;
    let member = app.member("Guessed").await;
    let (secret, _) = turn_on(&app, &member).await;
    for _ in 0..3 {
        let wrong = log_in_with(&app, &member.email, Some("111111")).await;
        assert_eq!(wrong.status(), 401);
    }
    // The right code now waits with the rest: the guesser gets three tries a minute.
    let right = log_in_with(&app, &member.email, Some(&code_at(&secret, 1))).await;
    assert_eq!(right.status(), 429);
}

#[tokio::test]
async fn staff_routes_wait_for_the_second_factor_when_the_bank_requires_it() {
    let app = spawn_app_with(&[("COCREA_STAFF_2FA", "required".to_owned())]).await;
    let moderator = app.member_with("Modératrice", api::Role::Moderator).await;
    let member = app.member("Membre").await;
    let queue = "/api/v1/moderation/queue";

    let refused = app.send(Some(&moderator), Method::GET, queue, None).await;
    assert_problem(refused, 403, "staff_two_factor_setup", "not set up").await;
    // Their own routes still answer: they can set it up.
    let status = app.get_json_as(&moderator, "/api/v1/me/two-factor").await;
    assert_eq!(status["required"], true);
    let me: Value = app.get_json_as(&member, "/api/v1/me/two-factor").await;
    assert_eq!(me["required"], false, "members choose");

    let (secret, codes) = turn_on(&app, &moderator).await;
    let open = app.send(Some(&moderator), Method::GET, queue, None).await;
    assert_eq!(open.status(), 200, "the session that turned it on");

    // A session opened another way (here, from before) must pass it first.
    let other = Person {
        token: app
            .token_with_code(&moderator.email, &code_at(&secret, 1))
            .await,
        ..moderator.clone()
    };
    assert_eq!(
        app.send(Some(&other), Method::GET, queue, None)
            .await
            .status(),
        200
    );
    app.sql(&format!(
        "UPDATE sessions SET second_factor_at = NULL WHERE user_id = {}",
        moderator.id
    ))
    .await;
    let unchecked = app.send(Some(&other), Method::GET, queue, None).await;
    assert_problem(
        unchecked,
        403,
        "staff_two_factor_check",
        "session not checked",
    )
    .await;
    let check = app
        .send(
            Some(&other),
            Method::POST,
            "/api/v1/me/two-factor/check",
            Some(&json!({ "code": codes[0] })),
        )
        .await;
    assert_eq!(check.status(), 204);
    assert_eq!(
        app.send(Some(&other), Method::GET, queue, None)
            .await
            .status(),
        200
    );

    let keep = app
        .send(
            Some(&moderator),
            Method::POST,
            "/api/v1/me/two-factor/disable",
            Some(&json!({ "code": codes[1] })),
        )
        .await;
    assert_problem(keep, 409, "two_factor_kept", "staff keep it").await;
}
