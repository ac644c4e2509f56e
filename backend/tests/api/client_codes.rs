//! Clients verified by a one-time code from the bank: printed by `cocrea clients codes`,
//! entered by a member, used once, audited, and guesses limited.

use crate::helpers::{Person, TestApp, assert_problem, spawn_app, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

/// `POST /api/v1/me/client-code` as `person`.
async fn redeem(app: &TestApp, person: &Person, code: &str) -> reqwest::Response {
    let body = json!({ "code": code });
    app.send(
        Some(person),
        Method::POST,
        "/api/v1/me/client-code",
        Some(&body),
    )
    .await
}

/// `count` new codes, as the bank's staff would print them.
fn codes(app: &TestApp, count: usize) -> Vec<String> {
    let output = app.cocrea(&[
        "clients",
        "codes",
        "--count",
        &count.to_string(),
        "--expires",
        "30",
    ]);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_code_from_the_bank_makes_a_member_a_client_once() {
    let app = spawn_app().await;
    let printed = codes(&app, 3);
    assert_eq!(printed.len(), 3);
    assert!(
        printed
            .iter()
            .all(|c| c.len() == 14 && c.matches('-').count() == 2)
    );
    // The database keeps none of them.
    for code in &printed {
        let plain = code.replace('-', "");
        let stored = app
            .count(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM client_codes WHERE code_hash LIKE '%{plain}%'"
            ))
            .await;
        assert_eq!(stored, 0);
    }

    let member = app.member("Clémence").await;
    // Typed loosely: lower case, spaces instead of dashes.
    let typed = printed[0].to_lowercase().replace('-', " ");
    let response = redeem(&app, &member, &typed).await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["is_client"], true);
    assert_eq!(me["roles"], json!(["member", "client"]));
    assert_eq!(
        app.get_json_as(&member, "/api/v1/me").await["is_client"],
        true
    );

    let other = app.member("Octave").await;
    let used = assert_problem(
        redeem(&app, &other, &printed[0]).await,
        422,
        "validation_failed",
        "a used code",
    )
    .await;
    assert_eq!(used["issues"]["code"][0]["code"], "invalid");
    for wrong in ["ABCD-EFGH-JKMN", "not a code", ""] {
        assert_problem(
            redeem(&app, &other, wrong).await,
            422,
            "validation_failed",
            wrong,
        )
        .await;
    }
    app.sql("UPDATE client_codes SET expires_at = created_at")
        .await;
    assert_problem(
        redeem(&app, &other, &printed[1]).await,
        422,
        "validation_failed",
        "an expired code",
    )
    .await;
    assert_eq!(
        app.get_json_as(&other, "/api/v1/me").await["is_client"],
        false
    );

    // The use is in the audit log, the member as the actor.
    let entries = app
        .count(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM audit_log WHERE action = 'client_verified' AND actor_id = {} AND target_id = {}",
            member.id, member.id
        ))
        .await;
    assert_eq!(entries, 1);
}

#[tokio::test]
async fn guessing_codes_is_limited() {
    let app = spawn_app_with(&[("COCREA_RATE_LIMITS", "code=2/3600".to_owned())]).await;
    let member = app.member("Devine").await;
    assert_eq!(redeem(&app, &member, "ABCD-EFGH-JKMN").await.status(), 422);
    assert_eq!(redeem(&app, &member, "ABCD-EFGH-JKMN").await.status(), 422);
    assert_problem(
        redeem(&app, &member, "ABCD-EFGH-JKMN").await,
        429,
        "rate_limited",
        "a third guess within the hour",
    )
    .await;
}
