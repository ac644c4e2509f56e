//! Input no form would send, found by schemathesis: answered with a clear 4xx, never a
//! server error, on SQLite and on PostgreSQL (which refuses a NUL byte in text outright,
//! so anything that reached a query with one answered 500).

use crate::helpers::*;
use api::Role;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_nul_byte_anywhere_is_a_field_error_or_a_404_never_a_server_error() {
    let app = spawn_app().await;
    let admin = app.member_with("Admin", Role::Admin).await;
    let idea = app.idea_id(&admin, "Une idée à garder").await;
    let nul = "a\u{0}b";
    let cases = [
        (
            Method::GET,
            "/api/v1/ideas?theme=a%00b".to_owned(),
            None,
            422,
        ),
        (
            Method::GET,
            "/api/v1/questions?theme=a%00b".to_owned(),
            None,
            422,
        ),
        (
            Method::GET,
            "/api/v1/follow-ups?theme=a%00b".to_owned(),
            None,
            422,
        ),
        (Method::GET, "/api/v1/ideas?q=a%00b".to_owned(), None, 200),
        (
            Method::PUT,
            "/api/v1/themes/a%00b/follow".to_owned(),
            None,
            404,
        ),
        (
            Method::POST,
            "/api/v1/ideas".to_owned(),
            Some(json!({"title": "Une idée de plus", "body": "Texte", "theme": nul})),
            422,
        ),
        (
            Method::POST,
            "/api/v1/questions".to_owned(),
            Some(json!({"title": "Une question de plus ?", "body": "Texte", "theme": nul})),
            422,
        ),
        (
            Method::PATCH,
            "/api/v1/me/settings".to_owned(),
            Some(json!({"themes": [nul]})),
            422,
        ),
        (
            Method::PUT,
            format!("/api/v1/moderation/people/{}/themes", admin.id),
            Some(json!({"themes": [nul], "reason": "Essai"})),
            422,
        ),
        (
            Method::POST,
            "/api/v1/moderation/people/search".to_owned(),
            Some(json!({"q": nul})),
            422,
        ),
        (
            Method::POST,
            format!("/api/v1/ideas/{idea}/comments"),
            Some(json!({"body": nul})),
            422,
        ),
    ];
    for (method, path, body, status) in cases {
        let response = app
            .send(Some(&admin), method.clone(), &path, body.as_ref())
            .await;
        assert_eq!(
            response.status().as_u16(),
            status,
            "{method} {path} {body:?}"
        );
    }
    assert_eq!(app.count_rows("ideas").await, 1);
    assert_eq!(app.count_rows("questions").await, 0);
    assert_eq!(app.count_rows("comments").await, 0);
}
