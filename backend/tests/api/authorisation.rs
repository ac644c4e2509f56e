//! The authorisation matrix: every operation of the OpenAPI document, tried by a
//! visitor, the owner of what it acts on, a client, an expert, a moderator, an admin and
//! another member, with the status each must get. An operation without a row fails the
//! test, so a new route cannot ship without saying who may call it.
//!
//! Bodies are `{}`: a request refused for who makes it is refused before its body is
//! read, and a request let through fails on its body (400/422) instead of changing data,
//! so one fixture serves every row. The rows whose rule is about the author (editing an
//! answer or a comment, rating an answer) send a valid body instead ([`BODIES`]), so the
//! matrix judges that rule too. Rows that change data anyway (deleting, signing out) run
//! last, the owner last of all.

use crate::helpers::*;
use api::Role;
use reqwest::{Client, Method};
use serde_json::{Value, json};

const THEME: &str = "everyday-banking";

/// Who calls, in the order the columns of [`MATRIX`] give their statuses.
const CALLERS: [&str; 7] = [
    "visitor",
    "client",
    "expert",
    "moderator",
    "admin",
    "other",
    "owner",
];

/// `METHOD path`, then the status for each of [`CALLERS`]: visitor, client, expert,
/// moderator, admin, another member, the owner. Role checks answer before the body is read
/// (401, 403); rules about the author live in the services, after the body is checked:
/// their rows get a valid body ([`BODIES`]).
#[rustfmt::skip]
const MATRIX: &[(&str, [u16; 7])] = &[
    ("DELETE /api/v1/answers/{id}/vote", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/comments/{id}/vote", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/ideas/{id}/vote", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/ideas/{key}/follow", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/me/avatar", [401, 200, 200, 200, 200, 200, 200]),
    // Each caller's other sessions (none here), and a session id that is nobody's.
    ("DELETE /api/v1/me/sessions", [401, 204, 204, 204, 204, 204, 204]),
    ("DELETE /api/v1/me/sessions/{id}", [401, 404, 404, 404, 404, 404, 404]),
    ("DELETE /api/v1/questions/{id}/vote", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/questions/{key}/follow", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/themes/{key}/follow", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/openapi.json", [200, 200, 200, 200, 200, 200, 200]),
    // Sign-in with the bank is not set up here: the start and the callback send everyone
    // to the sign-in page, saying so (redirects are followed).
    ("GET /api/v1/auth/oidc/callback", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/auth/oidc/start", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/auth/providers", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/experts/queue", [401, 403, 200, 403, 403, 403, 403]),
    ("GET /api/v1/follow-ups", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/ideas", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/ideas/similar", [400, 400, 400, 400, 400, 400, 400]),
    ("GET /api/v1/ideas/{id}", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/ideas/{id}/comments", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/ideas/{id}/follow-ups", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/export", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/home", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/sessions", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/two-factor", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/settings", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/moderation/accessibility", [401, 403, 403, 200, 200, 403, 403]),
    ("GET /api/v1/moderation/audit", [401, 403, 403, 200, 200, 403, 403]),
    ("GET /api/v1/moderation/export/ideas.csv", [401, 403, 403, 200, 200, 403, 403]),
    ("GET /api/v1/moderation/items/{target_type}/{id}", [401, 403, 403, 200, 200, 403, 403]),
    ("GET /api/v1/moderation/queue", [401, 403, 403, 200, 200, 403, 403]),
    ("GET /api/v1/moderation/themes", [401, 403, 403, 200, 200, 403, 403]),
    ("GET /api/v1/notifications", [401, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/people/{id}", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/people/{id}/avatar", [404, 404, 404, 404, 404, 404, 404]),
    ("GET /api/v1/questions", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/questions/similar", [400, 400, 400, 400, 400, 400, 400]),
    ("GET /api/v1/questions/stats", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/questions/{id}", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/stats", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/themes", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /healthz", [200, 200, 200, 200, 200, 200, 200]),
    // The answer is the expert's (the owner asked the question): only its author edits it,
    // and everyone else may rate it.
    ("PATCH /api/v1/answers/{id}", [401, 403, 200, 403, 403, 403, 403]),
    ("PATCH /api/v1/comments/{id}", [401, 403, 403, 403, 403, 403, 200]),
    ("PATCH /api/v1/ideas/{id}", [401, 403, 403, 403, 403, 403, 200]),
    ("PATCH /api/v1/me/settings", [401, 200, 200, 200, 200, 200, 200]),
    ("PATCH /api/v1/moderation/themes/{id}", [401, 403, 403, 200, 200, 403, 403]),
    ("PATCH /api/v1/questions/{id}", [401, 403, 403, 403, 403, 403, 200]),
    // Anyone may report an accessibility problem: signing in may be the problem.
    ("POST /api/v1/accessibility/problems", [400, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/auth/login", [400, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/auth/oidc/link", [401, 200, 200, 200, 200, 200, 200]),
    ("POST /api/v1/auth/password-reset", [400, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/auth/password-reset/confirm", [400, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/auth/verify-email", [400, 400, 400, 400, 400, 400, 400]),
    // Everyone here has confirmed their address: nothing to send, but only to someone.
    ("POST /api/v1/auth/verify-email/resend", [401, 204, 204, 204, 204, 204, 204]),
    ("POST /api/v1/auth/signup", [400, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/auth/token", [400, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/ideas", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/ideas/{id}/comments", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/ideas/{id}/status", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/markdown/preview", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/me/client-code", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/me/email", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/me/password", [401, 400, 400, 400, 400, 400, 400]),
    // A new secret waits for its first code: nothing changes for the caller yet.
    ("POST /api/v1/me/two-factor/setup", [401, 200, 200, 200, 200, 200, 200]),
    ("POST /api/v1/me/two-factor/enable", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/me/two-factor/check", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/me/two-factor/recovery-codes", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/me/two-factor/disable", [401, 400, 400, 400, 400, 400, 400]),
    // No problem has the fixture's id: the team gets as far as 404.
    ("POST /api/v1/moderation/accessibility/{id}/resolve", [401, 403, 403, 404, 404, 403, 403]),
    ("POST /api/v1/moderation/ideas/{id}/merge", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/ideas/{id}/unmerge", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/items/{target_type}/{id}/dismiss", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/items/{target_type}/{id}/hide", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/items/{target_type}/{id}/lock", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/items/{target_type}/{id}/restore", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/people/search", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/people/{id}/roles", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/moderation/themes", [401, 403, 403, 400, 400, 403, 403]),
    ("POST /api/v1/notifications/read", [401, 200, 200, 200, 200, 200, 200]),
    ("POST /api/v1/questions", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/questions/{id}/accept", [401, 403, 403, 403, 403, 403, 200]),
    ("POST /api/v1/questions/{id}/answers", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/reports", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/unsubscribe", [400, 400, 400, 400, 400, 400, 400]),
    ("PUT /api/v1/answers/{id}/vote", [401, 200, 403, 200, 200, 200, 200]),
    // The owner wrote the comment: authors do not mark their own helpful.
    ("PUT /api/v1/comments/{id}/vote", [401, 200, 200, 200, 200, 200, 403]),
    ("PUT /api/v1/ideas/{id}/vote", [401, 200, 200, 200, 200, 200, 403]),
    ("PUT /api/v1/ideas/{key}/follow", [401, 200, 200, 200, 200, 200, 200]),
    ("PUT /api/v1/me/avatar", [401, 422, 422, 422, 422, 422, 422]),
    ("PUT /api/v1/moderation/people/{id}/themes", [401, 403, 403, 400, 400, 403, 403]),
    ("PUT /api/v1/questions/{id}/vote", [401, 200, 200, 200, 200, 200, 403]),
    ("PUT /api/v1/questions/{key}/follow", [401, 200, 200, 200, 200, 200, 200]),
    ("PUT /api/v1/themes/{key}/follow", [401, 200, 200, 200, 200, 200, 200]),
    ("DELETE /api/v1/comments/{id}", [401, 403, 403, 403, 403, 403, 204]),
    ("DELETE /api/v1/ideas/{id}", [401, 403, 403, 403, 403, 403, 409]),
    ("POST /api/v1/me/delete", [401, 400, 400, 400, 400, 400, 400]),
    ("POST /api/v1/auth/logout", [401, 204, 204, 204, 204, 204, 204]),
];

/// Rows sent a valid body, because who may call them is decided by who wrote the thing.
const BODIES: &[(&str, &str)] = &[
    (
        "PATCH /api/v1/answers/{id}",
        r#"{"body": "Réponse précisée."}"#,
    ),
    (
        "PATCH /api/v1/comments/{id}",
        r#"{"body": "Commentaire précisé."}"#,
    ),
    ("PUT /api/v1/answers/{id}/vote", r#"{"value": 1}"#),
];

/// Rows that change data whatever the body: they run last, in this order.
const LAST: [&str; 4] = [
    "DELETE /api/v1/comments/{id}",
    "DELETE /api/v1/ideas/{id}",
    "POST /api/v1/me/delete",
    "POST /api/v1/auth/logout",
];

struct Fixture {
    idea: i64,
    comment: i64,
    question: i64,
    answer: i64,
    owner: i64,
    theme: i64,
}

impl Fixture {
    fn path(&self, template: &str) -> String {
        let id = if template.starts_with("/api/v1/answers/") {
            self.answer
        } else if template.starts_with("/api/v1/comments/") {
            self.comment
        } else if template.starts_with("/api/v1/questions/") {
            self.question
        } else if template.contains("/people/") {
            self.owner
        } else if template.starts_with("/api/v1/moderation/themes/") {
            self.theme
        } else {
            self.idea
        };
        let key = if template.starts_with("/api/v1/themes/") {
            THEME.to_owned()
        } else {
            id.to_string()
        };
        template
            .replace("{id}", &id.to_string())
            .replace("{key}", &key)
            .replace("{target_type}", "idea")
    }
}

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_as_the_matrix_says() {
    let app = spawn_app().await;
    let owner = app.member("Propriétaire").await;
    let client = app.member_with("Cliente", Role::Client).await;
    let expert = app.expert_of("Experte", &[THEME]).await;
    let moderator = app.member_with("Modératrice", Role::Moderator).await;
    let admin = app.member_with("Admin", Role::Admin).await;
    let other = app.member("Autre").await;
    let idea = app.idea_id(&owner, "Une idée à protéger").await;
    let comment: Value = app
        .comment(&owner, idea, json!({"body": "Un commentaire"}))
        .await
        .json()
        .await
        .unwrap();
    let question = app
        .question_id(&owner, "Comment protéger mon épargne ?", THEME)
        .await;
    let answer = app.answer_id(&expert, question, "En diversifiant.").await;
    // The public list names themes by slug; the console's list has their ids.
    let themes = app.get_json_as(&admin, "/api/v1/moderation/themes").await;
    let fixture = Fixture {
        idea,
        comment: comment["id"].as_i64().unwrap(),
        question,
        answer,
        owner: owner.id,
        theme: themes[0]["id"].as_i64().unwrap(),
    };
    let people = [
        None,
        Some(&client),
        Some(&expert),
        Some(&moderator),
        Some(&admin),
        Some(&other),
        Some(&owner),
    ];

    let spec = app.get_json("/api/openapi.json").await;
    let mut operations: Vec<String> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    operations.sort_by_key(|op| (LAST.iter().position(|last| last == op), op.clone()));
    let missing: Vec<&String> = operations
        .iter()
        .filter(|op| !MATRIX.iter().any(|(row, _)| row == op))
        .collect();
    let stale: Vec<&str> = MATRIX
        .iter()
        .map(|(row, _)| *row)
        .filter(|row| !operations.iter().any(|op| op == row))
        .collect();

    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    let rows: Vec<(&str, Option<&[u16; 7]>)> = MATRIX
        .iter()
        .map(|(row, expected)| (*row, Some(expected)))
        .chain(missing.iter().map(|op| (op.as_str(), None)))
        .collect();
    for (row, expected) in rows {
        let (method, template) = row.split_once(' ').unwrap();
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let path = fixture.path(template);
        let mut statuses = [0u16; 7];
        for (n, person) in people.iter().enumerate() {
            let mut request = Client::new().request(method.clone(), app.url(&path));
            if let Some(person) = person {
                request = request.bearer_auth(&person.token);
            }
            if let Some((_, body)) = BODIES.iter().find(|(r, _)| *r == row) {
                request = request
                    .header("content-type", "application/json")
                    .body(*body);
            } else if matches!(method, Method::POST | Method::PUT | Method::PATCH) {
                request = request.json(&json!({}));
            }
            statuses[n] = request.send().await.unwrap().status().as_u16();
        }
        seen.push(format!("    (\"{row}\", {statuses:?}),"));
        if expected.is_some_and(|e| *e != statuses) {
            wrong.push(format!(
                "{row}: expected {:?}, got {statuses:?}",
                expected.unwrap()
            ));
        }
    }
    assert!(
        missing.is_empty() && stale.is_empty() && wrong.is_empty(),
        "columns: {CALLERS:?}\nwithout a row: {missing:?}\nrows without a route: {stale:?}\nwrong:\n{}\nas seen:\n{}",
        wrong.join("\n"),
        seen.join("\n")
    );
}
