//! Ideas: submitting, reading, editing, deleting and supporting.

use crate::helpers::{assert_problem, spawn_app};
use api::Role;
use reqwest::Method;
use serde_json::{Value, json};

const IBAN: &str = "FR76 3000 6000 0112 3456 7890 189";
const CARD: &str = "4111 1111 1111 1111";

#[tokio::test]
async fn a_member_submits_an_idea_that_anyone_can_read() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let response = app
        .as_person(&ines, Method::POST, "/api/v1/ideas")
        .json(&json!({
            "title": "  Un   livret d'épargne   solidaire ",
            "body": "Reverser **une part** des intérêts à une association.",
            "theme": "savings-investments",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let idea: Value = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/ideas/{}", idea["id"]));
    assert_eq!(idea["title"], "Un livret d'épargne solidaire");
    assert_eq!(
        idea["body_html"],
        "<p>Reverser <strong>une part</strong> des intérêts à une association.</p>\n"
    );
    assert_eq!(idea["theme"], "savings-investments");
    assert_eq!(idea["status"], "new");
    assert_eq!(idea["author"]["display_name"], "Inès");
    assert_eq!(idea["author"]["id"], ines.id);
    assert_eq!(
        idea["supports"],
        json!({"total": 0, "clients": 0, "non_clients": 0})
    );
    assert_eq!(idea["comment_count"], 0);
    assert_eq!(idea["viewer_supports"], false);

    // A visitor, with no account, reads the same idea.
    let read = reqwest::get(app.url(&location)).await.unwrap();
    assert_eq!(read.status(), 200);
    let read: Value = read.json().await.unwrap();
    assert_eq!(read["title"], idea["title"]);
    assert_eq!(read["body_html"], idea["body_html"]);
}

#[tokio::test]
async fn visitors_cannot_submit_and_unknown_ideas_are_not_found() {
    let app = spawn_app().await;
    let response = app
        .post("/api/v1/ideas")
        .json(&json!({"title": "Une idée", "body": "Texte", "theme": "digital-app"}))
        .send()
        .await
        .unwrap();
    assert_problem(response, 401, "unauthorized", "visitor submits").await;
    for path in [
        "/api/v1/ideas/999999",
        "/api/v1/ideas/abc",
        "/api/v1/ideas/999999/comments",
    ] {
        let response = app.get(path).send().await.unwrap();
        assert_problem(response, 404, "not_found", path).await;
    }
    assert_eq!(app.count_rows("ideas").await, 0);
}

#[tokio::test]
async fn invalid_ideas_are_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let long_body = "a".repeat(10_001);
    let long_title = "é".repeat(141);
    let cases = [
        (
            json!({"title": "", "body": "Texte", "theme": "digital-app"}),
            "title",
            "required",
        ),
        (
            json!({"title": "Idée", "body": "Texte", "theme": "digital-app"}),
            "title",
            "too_short",
        ),
        (
            json!({"title": long_title, "body": "Texte", "theme": "digital-app"}),
            "title",
            "too_long",
        ),
        (
            json!({"title": "Une idée\u{0}", "body": "Texte", "theme": "digital-app"}),
            "title",
            "control_characters",
        ),
        (
            json!({"title": "Une idée", "body": "  ", "theme": "digital-app"}),
            "body",
            "required",
        ),
        (
            json!({"title": "Une idée", "body": long_body, "theme": "digital-app"}),
            "body",
            "too_long",
        ),
        (
            json!({"title": "Une idée", "body": "Texte", "theme": "no-such-theme"}),
            "theme",
            "unknown_theme",
        ),
        (
            json!({"title": "Une idée", "body": "Texte", "theme": ""}),
            "theme",
            "required",
        ),
        (
            json!({"title": format!("Virez sur {IBAN}"), "body": "Texte", "theme": "digital-app"}),
            "title",
            "account_details",
        ),
        (
            json!({"title": "Une idée", "body": format!("Ma carte {CARD} est bloquée"), "theme": "digital-app"}),
            "body",
            "account_details",
        ),
        (
            json!({"title": "Une idée", "body": "RIB 30006 00001 12345678901 89", "theme": "digital-app"}),
            "body",
            "account_details",
        ),
    ];
    for (body, field, issue) in cases {
        let response = app
            .as_person(&ines, Method::POST, "/api/v1/ideas")
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, 422, "validation_failed", issue).await;
        assert_eq!(problem["issues"][field][0]["code"], issue, "{problem}");
        assert!(problem["errors"][field][0].is_string(), "{problem}");
    }
    let guard = app
        .as_person(&ines, Method::POST, "/api/v1/ideas")
        .json(&json!({"title": "Une idée", "body": CARD, "theme": "digital-app"}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(guard, 422, "validation_failed", "card").await;
    let message = problem["errors"]["body"][0].as_str().unwrap();
    assert!(
        message.contains("adviser") && !message.contains("4111"),
        "points to the private channel without echoing the number: {message}"
    );
    // Malformed bodies are 400, never 500.
    for raw in ["{", "[]", r#"{"title": 5}"#] {
        let response = app
            .as_person(&ines, Method::POST, "/api/v1/ideas")
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_problem(response, 400, "malformed_request", raw).await;
    }
    assert_eq!(app.count_rows("ideas").await, 0);
}

#[tokio::test]
async fn bodies_are_rendered_from_markdown_and_sanitised() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let idea = app
        .submit_idea(
            &ines,
            "Une idée <b>grasse</b>",
            "<script>alert(1)</script>\n\n[piège](javascript:alert(2)) \
             [site](https://example.org) <img src=x onerror=alert(3)>",
        )
        .await;
    let html = idea["body_html"].as_str().unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        html.contains("&lt;script&gt;"),
        "raw HTML shows as text: {html}"
    );
    assert!(
        html.contains(
            r#"<a href="https://example.org" rel="nofollow ugc noopener noreferrer">site</a>"#
        ),
        "{html}"
    );
    // Titles are plain text: stored as typed, escaped by whoever renders them.
    assert_eq!(idea["title"], "Une idée <b>grasse</b>");
}

#[tokio::test]
async fn the_author_edits_within_thirty_minutes_and_no_one_else_can() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let louis = app.member("Louis").await;
    let idea = app
        .submit_idea(&ines, "Une première version", "Texte")
        .await;
    let path = format!("/api/v1/ideas/{}", idea["id"]);

    let edited = app
        .as_person(&ines, Method::PATCH, &path)
        .json(&json!({"title": "Une version corrigée", "theme": "digital-app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["title"], "Une version corrigée");
    assert_eq!(edited["theme"], "digital-app");
    assert_eq!(
        edited["body_html"], "<p>Texte</p>\n",
        "untouched fields stay"
    );
    assert!(edited["edited_at"].is_string());

    let other = app
        .as_person(&louis, Method::PATCH, &path)
        .json(&json!({"title": "Détournée"}))
        .send()
        .await
        .unwrap();
    assert_problem(other, 403, "forbidden", "another member edits").await;

    let invalid = app
        .as_person(&ines, Method::PATCH, &path)
        .json(&json!({"body": format!("IBAN {IBAN}")}))
        .send()
        .await
        .unwrap();
    assert_problem(invalid, 422, "validation_failed", "guard on edit").await;

    app.sql(&format!(
        "UPDATE ideas SET created_at = '2020-01-01T00:00:00Z' WHERE id = {}",
        idea["id"]
    ))
    .await;
    let late = app
        .as_person(&ines, Method::PATCH, &path)
        .json(&json!({"title": "Trop tard pour cela"}))
        .send()
        .await
        .unwrap();
    assert_problem(late, 409, "edit_window_closed", "after the window").await;
    let stored: Value = app.get_json(&path).await;
    assert_eq!(stored["title"], "Une version corrigée");
}

#[tokio::test]
async fn the_author_deletes_an_idea_only_while_nobody_supports_it() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let louis = app.member("Louis").await;
    let lonely = app.submit_idea(&ines, "Une idée seule", "Texte").await;
    let backed = app.submit_idea(&ines, "Une idée soutenue", "Texte").await;
    let backed_id = backed["id"].as_i64().unwrap();
    assert_eq!(app.vote(&louis, Method::PUT, backed_id).await.status(), 200);

    let path = format!("/api/v1/ideas/{}", lonely["id"]);
    let other = app
        .as_person(&louis, Method::DELETE, &path)
        .send()
        .await
        .unwrap();
    assert_problem(other, 403, "forbidden", "another member deletes").await;
    let gone = app
        .as_person(&ines, Method::DELETE, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 204);
    assert_eq!(app.get(&path).send().await.unwrap().status(), 404);

    let refused = app
        .as_person(&ines, Method::DELETE, &format!("/api/v1/ideas/{backed_id}"))
        .send()
        .await
        .unwrap();
    assert_problem(refused, 409, "idea_has_supports", "supported idea").await;
    assert_eq!(app.count_rows("ideas").await, 1);
}

#[tokio::test]
async fn supports_are_idempotent_split_by_segment_and_not_for_authors() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let member = app.member("Membre").await;
    let client = app.member_with("Cliente", Role::Client).await;
    let idea = app
        .submit_idea(&author, "Une idée à soutenir", "Texte")
        .await;
    let id = idea["id"].as_i64().unwrap();

    for _ in 0..2 {
        let response = app.vote(&member, Method::PUT, id).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["viewer_supports"], true);
        assert_eq!(body["supports"]["total"], 1, "a second PUT changes nothing");
    }
    let body: Value = app
        .vote(&client, Method::PUT, id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["supports"],
        json!({"total": 2, "clients": 1, "non_clients": 1})
    );
    let seen = app
        .get_json_as(&client, &format!("/api/v1/ideas/{id}"))
        .await;
    assert_eq!(seen["viewer_supports"], true);
    assert_eq!(seen["supports"]["clients"], 1);

    let own = app.vote(&author, Method::PUT, id).await;
    assert_problem(own, 403, "own_idea", "author supports own idea").await;

    for _ in 0..2 {
        let response = app.vote(&client, Method::DELETE, id).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["supports"],
            json!({"total": 1, "clients": 0, "non_clients": 1})
        );
        assert_eq!(body["viewer_supports"], false);
    }

    let visitor = app
        .client
        .put(app.url(&format!("/api/v1/ideas/{id}/vote")))
        .send()
        .await
        .unwrap();
    assert_problem(visitor, 401, "unauthorized", "visitor votes").await;
    let missing = app.vote(&member, Method::PUT, 999_999).await;
    assert_problem(missing, 404, "not_found", "unknown idea").await;
}

#[tokio::test]
async fn two_hundred_concurrent_supports_and_withdrawals_leave_exact_counts() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let idea = app
        .submit_idea(&author, "Une idée très populaire", "Texte")
        .await;
    let id = idea["id"].as_i64().unwrap();
    let mut people = Vec::new();
    for n in 0..20 {
        let person = if n % 4 == 0 {
            app.member_with(&format!("Cliente {n}"), Role::Client).await
        } else {
            app.member(&format!("Membre {n}")).await
        };
        people.push(person);
    }

    // 200 requests at once: each person supports five times and withdraws five times,
    // interleaved; then everyone supports once more, concurrently.
    let mut requests = Vec::new();
    for (n, person) in people.iter().enumerate() {
        for k in 0..10 {
            let method = if (n + k) % 2 == 0 {
                Method::PUT
            } else {
                Method::DELETE
            };
            requests.push(app.vote(person, method, id));
        }
    }
    for response in futures_util::future::join_all(requests).await {
        assert_eq!(response.status(), 200);
    }
    let rows = app
        .count(&format!(
            "SELECT COUNT(*) AS n FROM idea_supports WHERE idea_id = {id}"
        ))
        .await;
    let client_rows = app
        .count(&format!(
            "SELECT COUNT(*) AS n FROM idea_supports WHERE idea_id = {id} AND is_client = TRUE"
        ))
        .await;
    let stored: Value = app.get_json(&format!("/api/v1/ideas/{id}")).await;
    assert_eq!(
        stored["supports"]["total"], rows,
        "counter = rows after the storm"
    );
    assert_eq!(stored["supports"]["clients"], client_rows);

    let away = people.iter().map(|p| app.vote(p, Method::DELETE, id));
    for response in futures_util::future::join_all(away).await {
        assert_eq!(response.status(), 200);
    }
    // Each answer shows the count its own vote made, though votes on one idea share a
    // transaction: twenty answers, twenty different counts.
    let again = people.iter().map(|p| app.vote(p, Method::PUT, id));
    let mut totals = Vec::new();
    for response in futures_util::future::join_all(again).await {
        assert_eq!(response.status(), 200);
        let answer: Value = response.json().await.unwrap();
        totals.push(answer["supports"]["total"].as_i64().unwrap());
    }
    totals.sort_unstable();
    assert_eq!(totals, (1..=20).collect::<Vec<i64>>());
    let stored: Value = app.get_json(&format!("/api/v1/ideas/{id}")).await;
    assert_eq!(
        stored["supports"],
        json!({"total": 20, "clients": 5, "non_clients": 15})
    );
}

#[tokio::test]
async fn the_preview_renders_exactly_what_publishing_would() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let preview = |body: &'static str| {
        let app = &app;
        let ines = ines.clone();
        async move {
            app.as_person(&ines, Method::POST, "/api/v1/markdown/preview")
                .json(&json!({"body": body}))
                .send()
                .await
                .unwrap()
        }
    };
    let shown: Value = preview("*Vite* <script>x</script>")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        shown["html"],
        "<p><em>Vite</em> &lt;script&gt;x&lt;/script&gt;</p>\n"
    );
    let refused = preview("Carte 4111 1111 1111 1111").await;
    assert_problem(refused, 422, "validation_failed", "guard in preview").await;
    let visitor = app
        .post("/api/v1/markdown/preview")
        .json(&json!({"body": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(visitor, 401, "unauthorized", "visitor preview").await;
}

#[tokio::test]
async fn a_stored_status_the_code_does_not_know_is_an_error_not_a_default() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let id = app.idea_id(&ines, "Une idée au statut abîmé").await;
    app.sql(&format!(
        "UPDATE ideas SET status = 'approuvée' WHERE id = {id}"
    ))
    .await;

    // Read as `new` before stored statuses were typed; now the page says the server
    // failed, and the problem says nothing of what it read.
    let response = app
        .get(&format!("/api/v1/ideas/{id}"))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(response, 500, "internal", "bad stored data").await;
    assert!(!problem.to_string().contains("approuvée"), "{problem}");
    // Mended, the row reads again.
    app.sql(&format!(
        "UPDATE ideas SET status = 'planned' WHERE id = {id}"
    ))
    .await;
    let idea = app.get_json(&format!("/api/v1/ideas/{id}")).await;
    assert_eq!(idea["status"], "planned");
}
