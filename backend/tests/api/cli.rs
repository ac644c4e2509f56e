//! The `cocrea` command line, run as a real process against the test database.

use crate::helpers::{PASSWORD, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn users_grant_and_revoke_change_roles_from_the_command_line() {
    let app = spawn_app().await;
    app.sign_up("lou@example.org", "Lou").await;
    let token = app.token("lou@example.org", PASSWORD).await;

    let granted = app.cocrea(&["users", "grant", "LOU@example.org", "admin"]);
    assert!(
        granted.status.success(),
        "{}",
        String::from_utf8_lossy(&granted.stderr)
    );
    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["member", "admin"]));

    let revoked = app.cocrea(&["users", "revoke", "lou@example.org", "admin"]);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    let me: Value = app.me_with(&token).await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["member"]));
}

#[tokio::test]
async fn the_command_line_explains_bad_arguments() {
    let app = spawn_app().await;
    app.sign_up("max@example.org", "Max").await;
    let cases = [
        (
            vec!["users", "grant", "max@example.org", "emperor"],
            "unknown role",
        ),
        (
            vec!["users", "grant", "ghost@example.org", "admin"],
            "no account",
        ),
        (
            vec!["users", "grant", "max@example.org", "member"],
            "member",
        ),
        (vec!["users", "grant", "max@example.org"], "ROLE"),
    ];
    for (args, expected) in cases {
        let output = app.cocrea(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn seeding_the_demo_twice_creates_each_account_once() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let output = app.cocrea(&["seed", "demo"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(app.count_users().await, 5);
    let admin = app
        .token(
            "admin@demo.cocrea.test",
            backend::services::demo::DEMO_PASSWORD,
        )
        .await;
    let me: Value = app.me_with(&admin).await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["member", "admin"]));
}
