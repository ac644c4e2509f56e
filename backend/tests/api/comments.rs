//! Comments on ideas: one level of replies, badges, edit window and deletion.

use crate::helpers::{Person, TestApp, assert_problem, spawn_app};
use api::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn posted(app: &TestApp, person: &Person, idea: i64, body: Value) -> Value {
    let response = app.comment(person, idea, body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn thread(app: &TestApp, idea: i64) -> Value {
    app.get_json(&format!("/api/v1/ideas/{idea}/comments"))
        .await
}

async fn comment_count(app: &TestApp, idea: i64) -> Value {
    app.get_json(&format!("/api/v1/ideas/{idea}")).await["comment_count"].clone()
}

#[tokio::test]
async fn people_comment_and_reply_one_level_deep_with_staff_badges() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let expert = app.member_with("Nadia", Role::Expert).await;
    let team = app.member_with("Équipe produit", Role::Moderator).await;
    let idea = app
        .submit_idea(&ines, "Un coffre-fort numérique", "Texte")
        .await;
    let id = idea["id"].as_i64().unwrap();

    let first = posted(&app, &expert, id, json!({"body": "C'est **à l'étude**."})).await;
    assert_eq!(
        first["body_html"],
        "<p>C'est <strong>à l'étude</strong>.</p>\n"
    );
    assert_eq!(first["author"]["badges"], json!(["expert"]));
    let reply = posted(
        &app,
        &team,
        id,
        json!({"body": "Merci !", "parent_id": first["id"]}),
    )
    .await;
    assert_eq!(reply["parent_id"], first["id"]);
    posted(&app, &ines, id, json!({"body": "Et un second fil"})).await;

    let listed = thread(&app, id).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "two top-level comments");
    assert_eq!(items[0]["replies"][0]["id"], reply["id"]);
    assert_eq!(items[0]["replies"][0]["author"]["badges"], json!(["team"]));
    assert_eq!(items[1]["author"]["badges"], json!([]));
    assert_eq!(comment_count(&app, id).await, 3);

    // No reply to a reply, nor to a comment of another idea.
    let other = app.submit_idea(&ines, "Une autre idée", "Texte").await;
    let cases = [
        (
            id,
            json!({"body": "Trop profond", "parent_id": reply["id"]}),
            "reply to a reply",
        ),
        (
            other["id"].as_i64().unwrap(),
            json!({"body": "Ailleurs", "parent_id": first["id"]}),
            "other idea",
        ),
        (
            id,
            json!({"body": "Fantôme", "parent_id": 999_999}),
            "unknown parent",
        ),
    ];
    for (idea, body, why) in cases {
        let response = app.comment(&ines, idea, body).await;
        let problem = assert_problem(response, 422, "validation_failed", why).await;
        assert_eq!(
            problem["issues"]["parent_id"][0]["code"], "invalid",
            "{why}"
        );
    }
}

#[tokio::test]
async fn invalid_comments_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let idea = app.submit_idea(&ines, "Une idée commentée", "Texte").await;
    let id = idea["id"].as_i64().unwrap();
    let cases = [
        (json!({"body": ""}), "required"),
        (json!({"body": "x".repeat(5_001)}), "too_long"),
        (
            json!({"body": "Mon IBAN FR76 3000 6000 0112 3456 7890 189"}),
            "account_details",
        ),
    ];
    for (body, issue) in cases {
        let response = app.comment(&ines, id, body).await;
        let problem = assert_problem(response, 422, "validation_failed", issue).await;
        assert_eq!(problem["issues"]["body"][0]["code"], issue);
    }
    let visitor = app
        .post(&format!("/api/v1/ideas/{id}/comments"))
        .json(&json!({"body": "Anonyme"}))
        .send()
        .await
        .unwrap();
    assert_problem(visitor, 401, "unauthorized", "visitor comments").await;
    let nowhere = app.comment(&ines, 999_999, json!({"body": "Perdu"})).await;
    assert_problem(nowhere, 404, "not_found", "unknown idea").await;
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM comments").await, 0);
    assert_eq!(comment_count(&app, id).await, 0);
}

#[tokio::test]
async fn authors_edit_within_the_window_and_deleted_comments_keep_their_replies() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let louis = app.member("Louis").await;
    let idea = app.submit_idea(&ines, "Une idée discutée", "Texte").await;
    let id = idea["id"].as_i64().unwrap();
    let parent = posted(&app, &louis, id, json!({"body": "Premier avis"})).await;
    let reply = posted(
        &app,
        &ines,
        id,
        json!({"body": "Réponse", "parent_id": parent["id"]}),
    )
    .await;
    let lonely = posted(&app, &louis, id, json!({"body": "Avis isolé"})).await;
    let path = |c: &Value| format!("/api/v1/comments/{}", c["id"]);

    let edited = app
        .as_person(&louis, Method::PATCH, &path(&parent))
        .json(&json!({"body": "Premier avis, corrigé"}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["body_html"], "<p>Premier avis, corrigé</p>\n");
    assert!(edited["edited_at"].is_string());
    let stranger = app
        .as_person(&ines, Method::PATCH, &path(&parent))
        .json(&json!({"body": "Pas à moi"}))
        .send()
        .await
        .unwrap();
    assert_problem(stranger, 403, "forbidden", "editing another's comment").await;
    let stranger = app
        .as_person(&ines, Method::DELETE, &path(&parent))
        .send()
        .await
        .unwrap();
    assert_problem(stranger, 403, "forbidden", "deleting another's comment").await;

    app.sql(&format!(
        "UPDATE comments SET created_at = '2020-01-01T00:00:00Z' WHERE id = {}",
        lonely["id"]
    ))
    .await;
    let late = app
        .as_person(&louis, Method::PATCH, &path(&lonely))
        .json(&json!({"body": "Trop tard"}))
        .send()
        .await
        .unwrap();
    assert_problem(late, 409, "edit_window_closed", "late edit").await;

    // With a reply, the comment stays as "deleted"; without, it goes.
    for comment in [&parent, &lonely] {
        let gone = app
            .as_person(&louis, Method::DELETE, &path(comment))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 204);
    }
    let listed = thread(&app, id).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{listed}");
    assert_eq!(items[0]["deleted"], true);
    assert_eq!(items[0]["author"], Value::Null);
    assert_eq!(items[0]["body_html"], "");
    assert_eq!(items[0]["replies"][0]["id"], reply["id"]);
    assert_eq!(comment_count(&app, id).await, 1);
    let again = app
        .as_person(&louis, Method::DELETE, &path(&parent))
        .send()
        .await
        .unwrap();
    assert_problem(again, 404, "not_found", "deleting twice").await;

    // The last reply under a deleted comment takes the placeholder along.
    let gone = app
        .as_person(&ines, Method::DELETE, &path(&reply))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 204);
    assert_eq!(thread(&app, id).await["items"], json!([]));
    assert_eq!(comment_count(&app, id).await, 0);
}

/// The comment's helpful counts, as its idea's thread shows them to `viewer`.
async fn helpful_seen_by(app: &TestApp, viewer: &Person, idea: i64) -> (Value, Value) {
    let thread = app
        .get_json_as(viewer, &format!("/api/v1/ideas/{idea}/comments"))
        .await;
    let comment = &thread["items"][0];
    (
        comment["helpful"].clone(),
        comment["viewer_helpful"].clone(),
    )
}

#[tokio::test]
async fn members_mark_a_comment_helpful_once_split_by_segment_never_their_own() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let karim = app.member("Karim").await;
    let louis = app.member_with("Louis", Role::Client).await;
    let moderator = app.member_with("Modération", Role::Moderator).await;
    let idea = app.idea_id(&ines, "Une idée aux commentaires utiles").await;
    let comment = posted(&app, &ines, idea, json!({"body": "Un avis éclairant"})).await;
    let path = format!("/api/v1/comments/{}/vote", comment["id"]);
    let mark = |person, method| app.as_person(person, method, &path).send();
    assert_eq!(
        comment["helpful"],
        json!({"total": 0, "clients": 0, "non_clients": 0})
    );

    for _ in 0..2 {
        assert_eq!(mark(&karim, Method::PUT).await.unwrap().status(), 200);
    }
    let counts: Value = mark(&louis, Method::PUT)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        counts["helpful"],
        json!({"total": 2, "clients": 1, "non_clients": 1})
    );
    assert_eq!(counts["viewer_helpful"], true);
    let own = mark(&ines, Method::PUT).await.unwrap();
    assert_problem(own, 403, "own_comment", "the author marks their comment").await;

    // Everyone reads the counts; each person reads their own mark.
    let (helpful, marked) = helpful_seen_by(&app, &karim, idea).await;
    assert_eq!(helpful, json!({"total": 2, "clients": 1, "non_clients": 1}));
    assert_eq!(marked, true);
    let (_, marked) = helpful_seen_by(&app, &ines, idea).await;
    assert_eq!(marked, false);

    for _ in 0..2 {
        let counts: Value = mark(&louis, Method::DELETE)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            counts["helpful"],
            json!({"total": 1, "clients": 0, "non_clients": 1})
        );
        assert_eq!(counts["viewer_helpful"], false);
    }
    assert_eq!(app.count_rows("comment_votes").await, 1);

    let missing = app
        .as_person(&karim, Method::PUT, "/api/v1/comments/999999/vote")
        .send()
        .await
        .unwrap();
    assert_problem(missing, 404, "not_found", "an unknown comment").await;
    let visitor = app.client.put(app.url(&path)).send().await.unwrap();
    assert_problem(visitor, 401, "unauthorized", "a visitor marks").await;

    // Hidden by moderation, it cannot be marked by those who no longer read it.
    app.post_as(
        &moderator,
        &format!("/api/v1/moderation/items/comment/{}/hide", comment["id"]),
        json!({"reason": "Hors sujet"}),
        200,
    )
    .await;
    let hidden = mark(&louis, Method::PUT).await.unwrap();
    assert_problem(hidden, 404, "not_found", "marking a hidden comment").await;
    assert_eq!(app.count_rows("comment_votes").await, 1);
}

#[tokio::test]
async fn a_deleted_comment_cannot_be_marked_and_its_marks_leave_with_it() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let karim = app.member("Karim").await;
    let idea = app.idea_id(&ines, "Une idée au commentaire retiré").await;
    let parent = posted(&app, &ines, idea, json!({"body": "Premier avis"})).await;
    let reply = posted(
        &app,
        &karim,
        idea,
        json!({"body": "Une réponse", "parent_id": parent["id"]}),
    )
    .await;
    let vote = |id: &Value| format!("/api/v1/comments/{id}/vote");
    let marked = app
        .as_person(&karim, Method::PUT, &vote(&parent["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), 200);

    // With a reply, the comment stays as "deleted": no longer markable.
    let deleted = app
        .as_person(
            &ines,
            Method::DELETE,
            &format!("/api/v1/comments/{}", parent["id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let refused = app
        .as_person(&karim, Method::PUT, &vote(&parent["id"]))
        .send()
        .await
        .unwrap();
    assert_problem(refused, 404, "not_found", "marking a deleted comment").await;

    // Without its reply, it goes, and its marks with it.
    let gone = app
        .as_person(
            &karim,
            Method::DELETE,
            &format!("/api/v1/comments/{}", reply["id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 204);
    assert_eq!(app.count_rows("comment_votes").await, 0);
}

#[tokio::test]
async fn concurrent_marks_and_withdrawals_leave_exact_counts() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let idea = app.idea_id(&author, "Une idée très commentée").await;
    let comment = posted(&app, &author, idea, json!({"body": "Un avis"})).await;
    let path = format!("/api/v1/comments/{}/vote", comment["id"]);
    let mut people = Vec::new();
    for n in 0..24 {
        let name = format!("Membre {n}");
        people.push(if n % 3 == 0 {
            app.member_with(&name, Role::Client).await
        } else {
            app.member(&name).await
        });
    }
    // Each marks twice and half of them take it back, all at once.
    let requests = people.iter().enumerate().flat_map(|(n, person)| {
        let mut methods = vec![Method::PUT, Method::PUT];
        if n % 2 == 0 {
            methods.push(Method::DELETE);
        }
        methods
            .into_iter()
            .map(|method| app.as_person(person, method, &path).send())
    });
    let sent = futures_util::future::join_all(requests).await;
    assert!(sent.iter().all(|r| r.as_ref().unwrap().status() == 200));

    let rows = app.count_rows("comment_votes").await;
    let clients = app
        .count("SELECT COUNT(*) AS n FROM comment_votes WHERE is_client = TRUE")
        .await;
    let stored = app
        .get_json(&format!("/api/v1/ideas/{idea}/comments"))
        .await["items"][0]["helpful"]
        .clone();
    assert_eq!(stored["total"], rows);
    assert_eq!(stored["clients"], clients);
    assert_eq!(stored["non_clients"], rows - clients);
    let checked = app.cocrea(&["check-counts"]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{report}");
    assert!(report.lines().all(|line| line.ends_with(": 0")), "{report}");
}

#[tokio::test]
async fn marks_are_in_the_data_export_and_leave_with_the_account() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let leaver = app.member_with("Départ Prochain", Role::Client).await;
    let idea = app.idea_id(&author, "Une idée au commentaire utile").await;
    let comment = posted(&app, &author, idea, json!({"body": "Un avis utile"})).await;
    let path = format!("/api/v1/comments/{}/vote", comment["id"]);
    let marked = app
        .as_person(&leaver, Method::PUT, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), 200);

    let export = app.get_json_as(&leaver, "/api/v1/me/export").await;
    assert_eq!(export["comment_votes"][0]["target_id"], comment["id"]);
    assert_eq!(export["comment_votes"][0]["value"], 1);

    let deleted = app
        .as_person(&leaver, Method::POST, "/api/v1/me/delete")
        .json(&json!({"password": crate::helpers::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.count_rows("comment_votes").await, 0);
    let thread = app
        .get_json(&format!("/api/v1/ideas/{idea}/comments"))
        .await;
    assert_eq!(
        thread["items"][0]["helpful"],
        json!({"total": 0, "clients": 0, "non_clients": 0})
    );
}

#[tokio::test]
async fn comments_of_a_hidden_idea_cannot_be_marked_by_those_who_no_longer_read_it() {
    let app = spawn_app().await;
    let ines = app.member("Inès").await;
    let karim = app.member("Karim").await;
    let moderator = app.member_with("Modération", Role::Moderator).await;
    let idea = app.idea_id(&ines, "Une idée bientôt masquée").await;
    let comment = posted(&app, &karim, idea, json!({"body": "Un avis"})).await;
    app.post_as(
        &moderator,
        &format!("/api/v1/moderation/items/idea/{idea}/hide"),
        json!({"reason": "Hors sujet"}),
        200,
    )
    .await;

    let path = format!("/api/v1/comments/{}/vote", comment["id"]);
    let refused = app
        .as_person(&karim, Method::PUT, &path)
        .send()
        .await
        .unwrap();
    // Karim wrote the comment but not the idea: he no longer reads the thread.
    assert_problem(refused, 404, "not_found", "marking under a hidden idea").await;
    // Inès wrote the idea and still reads it, so she may mark Karim's comment.
    let allowed = app
        .as_person(&ines, Method::PUT, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(app.count_rows("comment_votes").await, 1);
}
