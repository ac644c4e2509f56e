//! Sign-up, sign-in and roles.

use crate::helpers::{PASSWORD, assert_problem, set_cookie, spawn_app};
use api::Role;
use reqwest::header;
use serde_json::{Value, json};

#[tokio::test]
async fn signing_up_creates_a_member_and_signs_them_in() {
    let app = spawn_app().await;
    let response = app.sign_up("Alice@Example.org", "  Alice   Martin ").await;
    assert_eq!(response.status(), 201);
    let cookie = set_cookie(&response);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-HTTP development must not set Secure: {cookie}"
    );

    let me = app.get_json("/api/v1/me").await;
    assert_eq!(me["display_name"], "Alice Martin");
    assert_eq!(me["email"], "alice@example.org");
    assert_eq!(me["roles"], json!(["member"]));
    assert_eq!(me["is_client"], false);
    assert!(me.get("password_hash").is_none());
}

#[tokio::test]
async fn invalid_sign_ups_answer_422_per_field_and_store_nothing() {
    let app = spawn_app().await;
    let long_name = "x".repeat(61);
    let long_password = "p".repeat(129);
    let cases = [
        (
            json!({"email": "", "display_name": "Alice", "password": PASSWORD}),
            "email",
            "required",
            "empty email",
        ),
        (
            json!({"email": "alice", "display_name": "Alice", "password": PASSWORD}),
            "email",
            "invalid_email",
            "no @",
        ),
        (
            json!({"email": "a@b", "display_name": "Alice", "password": PASSWORD}),
            "email",
            "invalid_email",
            "no dot in domain",
        ),
        (
            json!({"email": "a@b.fr", "display_name": "A", "password": PASSWORD}),
            "display_name",
            "too_short",
            "one-letter name",
        ),
        (
            json!({"email": "a@b.fr", "display_name": "   ", "password": PASSWORD}),
            "display_name",
            "required",
            "blank name",
        ),
        (
            json!({"email": "a@b.fr", "display_name": long_name, "password": PASSWORD}),
            "display_name",
            "too_long",
            "61-letter name",
        ),
        (
            json!({"email": "a@b.fr", "display_name": "Al\u{7}ice", "password": PASSWORD}),
            "display_name",
            "control_characters",
            "bell in name",
        ),
        (
            json!({"email": "a@b.fr", "display_name": "Alice", "password": "short"}),
            "password",
            "too_short",
            "7-char password",
        ),
        (
            json!({"email": "a@b.fr", "display_name": "Alice", "password": long_password}),
            "password",
            "too_long",
            "129-char password",
        ),
    ];
    for (body, field, code, why) in cases {
        let response = app
            .post("/api/v1/auth/signup")
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, 422, "validation_failed", why).await;
        assert_eq!(
            problem["issues"][field][0]["code"], code,
            "{why}: {problem}"
        );
        assert!(
            problem["errors"][field][0].as_str().is_some(),
            "{why}: a human message"
        );
    }
    assert_eq!(app.count_users().await, 0);
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once() {
    let app = spawn_app().await;
    let response = app
        .post("/api/v1/auth/signup")
        .json(&json!({"email": "nope", "display_name": "", "password": "1"}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(response, 422, "validation_failed", "three bad fields").await;
    for field in ["email", "display_name", "password"] {
        assert!(
            problem["issues"][field].is_array(),
            "{field} missing in {problem}"
        );
    }
}

#[tokio::test]
async fn an_email_is_taken_whatever_its_case() {
    let app = spawn_app().await;
    assert_eq!(app.sign_up("bob@example.org", "Bob").await.status(), 201);
    let again = app.sign_up("BOB@example.ORG", "Bobby").await;
    let problem = assert_problem(again, 422, "validation_failed", "same email, other case").await;
    assert_eq!(problem["issues"]["email"][0]["code"], "email_taken");
    assert_eq!(app.count_users().await, 1);
}

#[tokio::test]
async fn malformed_requests_answer_problem_json_and_change_nothing() {
    let app = spawn_app().await;
    let huge =
        json!({"email": "a@b.fr", "display_name": "x".repeat(300_000), "password": PASSWORD});
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            app.post("/api/v1/auth/signup")
                .header(header::CONTENT_TYPE, "application/json")
                .body("{not json"),
            400,
            "broken JSON",
        ),
        (
            app.post("/api/v1/auth/signup")
                .header(header::CONTENT_TYPE, "text/plain")
                .body("{}"),
            415,
            "not JSON",
        ),
        (
            app.post("/api/v1/auth/signup")
                .json(&json!({"email": "a@b.fr"})),
            400,
            "missing fields",
        ),
        (
            app.post("/api/v1/auth/signup")
                .json(&json!({"email": 5, "display_name": [], "password": null})),
            400,
            "wrong types",
        ),
        (
            app.post("/api/v1/auth/signup").json(&json!([1, 2, 3])),
            400,
            "an array",
        ),
        (
            app.post("/api/v1/auth/signup").json(&huge),
            400,
            "a body over the size limit",
        ),
        (
            app.post("/api/v1/auth/login")
                .json(&json!({"email": "a@b.fr"})),
            400,
            "login without password",
        ),
        (
            app.post("/api/v1/auth/token")
                .header(header::CONTENT_TYPE, "application/json")
                .body(""),
            400,
            "empty token body",
        ),
    ];
    for (request, status, why) in cases {
        let response = request.send().await.unwrap();
        assert_problem(response, status, "malformed_request", why).await;
    }
    assert_eq!(app.count_users().await, 0);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.sign_up("carol@example.org", "Carol").await;
    app.post("/api/v1/auth/logout").send().await.unwrap();

    let wrong = assert_problem(
        app.log_in("carol@example.org", "not the password").await,
        401,
        "invalid_credentials",
        "wrong password",
    )
    .await;
    let unknown = assert_problem(
        app.log_in("nobody@example.org", PASSWORD).await,
        401,
        "invalid_credentials",
        "unknown email",
    )
    .await;
    let malformed = assert_problem(
        app.log_in("not an email", PASSWORD).await,
        401,
        "invalid_credentials",
        "malformed email",
    )
    .await;
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, malformed);

    let ok = app.log_in("  CAROL@example.org ", PASSWORD).await;
    assert_eq!(ok.status(), 200);
    let me: Value = ok.json().await.unwrap();
    assert_eq!(me["display_name"], "Carol");
}

#[tokio::test]
async fn roles_granted_and_revoked_take_effect_on_the_next_request() {
    let app = spawn_app().await;
    app.sign_up("dora@example.org", "Dora").await;
    let token = app.token("dora@example.org", PASSWORD).await;

    backend::auth::accounts::grant(&app.db, "dora@example.org", Role::Moderator)
        .await
        .unwrap();
    backend::auth::accounts::grant(&app.db, "dora@example.org", Role::Client)
        .await
        .unwrap();
    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["member", "client", "moderator"]));
    assert_eq!(me["is_client"], true);

    let queue = || {
        reqwest::Client::new()
            .get(app.url("/api/v1/moderation/queue"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(queue().await.unwrap().status(), 200, "a moderator's queue");

    backend::auth::accounts::revoke(&app.db, "dora@example.org", Role::Moderator)
        .await
        .unwrap();
    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["member", "client"]));
    // The same token, unchanged, no longer opens the moderators' routes.
    assert_eq!(queue().await.unwrap().status(), 403, "after the revocation");
}

#[tokio::test]
async fn granting_to_an_unknown_account_or_the_member_role_fails_clearly() {
    let app = spawn_app().await;
    app.sign_up("erin@example.org", "Erin").await;
    let unknown = backend::auth::accounts::grant(&app.db, "ghost@example.org", Role::Admin).await;
    assert!(unknown.is_err_and(|e| e.to_string().contains("no account")));
    let member = backend::auth::accounts::grant(&app.db, "erin@example.org", Role::Member).await;
    assert!(member.is_err_and(|e| e.to_string().contains("member")));
}

#[tokio::test]
async fn signing_in_with_empty_fields_names_them() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"email": "", "password": ""}),
            vec!["email", "password"],
            "both empty",
        ),
        (
            json!({"email": "   ", "password": PASSWORD}),
            vec!["email"],
            "blank email",
        ),
        (
            json!({"email": "a@b.fr", "password": ""}),
            vec!["password"],
            "empty password",
        ),
    ];
    for route in ["/api/v1/auth/login", "/api/v1/auth/token"] {
        for (body, fields, why) in &cases {
            let response = app.post(route).json(body).send().await.unwrap();
            let problem = assert_problem(response, 422, "validation_failed", why).await;
            let named: Vec<&String> = problem["issues"].as_object().unwrap().keys().collect();
            assert_eq!(named, *fields, "{route}, {why}");
            for field in fields {
                assert_eq!(
                    problem["issues"][field][0]["code"], "required",
                    "{route}, {why}"
                );
            }
        }
    }
}
