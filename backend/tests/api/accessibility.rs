//! Accessibility problems: reported by anyone (signed in or not) with clear errors, seen
//! and resolved by the team only.

use crate::helpers::{assert_problem, spawn_app};
use api::Role;
use reqwest::Method;
use serde_json::json;

const PATH: &str = "/api/v1/accessibility/problems";

#[tokio::test]
async fn a_visitor_and_a_member_report_problems_the_team_sees_and_resolves() {
    let app = spawn_app().await;
    let member = app.member("Lectrice d'écran").await;
    let team = app.member_with("Équipe", Role::Moderator).await;

    let visitor = app
        .send(
            None,
            Method::POST,
            PATH,
            Some(&json!({"page": "/login", "description": "  Le bouton « Se connecter » n'est pas annoncé par NVDA.  "})),
        )
        .await;
    assert_eq!(visitor.status(), 201);
    let visitor: serde_json::Value = visitor.json().await.unwrap();
    assert_eq!(
        visitor["description"],
        "Le bouton « Se connecter » n'est pas annoncé par NVDA."
    );
    assert!(visitor["reporter"].is_null() && visitor["resolved_at"].is_null());
    let mine = app
        .post_as(
            &member,
            PATH,
            json!({"page": "Page d'une idée", "description": "Le contraste des badges est trop faible en mode sombre."}),
            201,
        )
        .await;
    assert_eq!(mine["reporter"]["id"], member.id);

    // Open ones, oldest first; members cannot read the list.
    let listed = app
        .get_json_as(&team, "/api/v1/moderation/accessibility")
        .await;
    let open: Vec<i64> = listed["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        open,
        [
            visitor["id"].as_i64().unwrap(),
            mine["id"].as_i64().unwrap()
        ]
    );
    assert_problem(
        app.send(
            Some(&member),
            Method::GET,
            "/api/v1/moderation/accessibility",
            None,
        )
        .await,
        403,
        "forbidden",
        "a member reading the team's list",
    )
    .await;

    // Resolved: it moves to the resolved ones; resolving again changes nothing.
    let path = format!("/api/v1/moderation/accessibility/{}/resolve", visitor["id"]);
    let resolved = app.post_as(&team, &path, json!({}), 200).await;
    assert!(resolved["resolved_at"].is_string());
    let again = app.post_as(&team, &path, json!({}), 200).await;
    assert_eq!(again["resolved_at"], resolved["resolved_at"]);
    let listed = app
        .get_json_as(&team, "/api/v1/moderation/accessibility")
        .await;
    assert_eq!(listed["open"].as_array().unwrap().len(), 1);
    assert_eq!(listed["resolved"][0]["id"], visitor["id"]);
    assert_problem(
        app.send(
            Some(&team),
            Method::POST,
            "/api/v1/moderation/accessibility/999999/resolve",
            None,
        )
        .await,
        404,
        "not_found",
        "no such problem",
    )
    .await;
}

#[tokio::test]
async fn bad_reports_get_a_clear_error_and_store_nothing() {
    let app = spawn_app().await;
    for (body, field, code) in [
        (
            json!({"page": "", "description": "Un problème assez décrit."}),
            "page",
            "required",
        ),
        (
            json!({"page": "/", "description": "Trop bref"}),
            "description",
            "too_short",
        ),
        (
            json!({"page": "/", "description": "x".repeat(api::ACCESSIBILITY_DESCRIPTION_MAX_CHARS + 1)}),
            "description",
            "too_long",
        ),
        (
            json!({"page": "p".repeat(api::ACCESSIBILITY_PAGE_MAX_CHARS + 1), "description": "Un problème assez décrit."}),
            "page",
            "too_long",
        ),
        (
            json!({"page": "/", "description": "Mon IBAN FR76 3000 6000 0112 3456 7890 189 s'affiche mal."}),
            "description",
            "account_details",
        ),
    ] {
        let problem = assert_problem(
            app.send(None, Method::POST, PATH, Some(&body)).await,
            422,
            "validation_failed",
            field,
        )
        .await;
        assert_eq!(problem["issues"][field][0]["code"], code, "{body}");
        assert!(problem["errors"][field][0].is_string(), "{problem}");
    }
    assert_eq!(app.count_rows("accessibility_problems").await, 0);
}
