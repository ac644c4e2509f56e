//! Visitors' reads answered from memory, and `ETag` / `304` on JSON reads.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use reqwest::{Method, Response, header};
use sea_orm::ConnectionTrait;
use serde_json::Value;
use std::time::Duration;

/// A visitor's `GET`, optionally revalidating `etag`.
async fn visit(app: &TestApp, path: &str, etag: Option<&str>) -> Response {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(etag) = etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    request.send().await.unwrap()
}

fn etag(response: &Response) -> String {
    response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn title_seen_by_visitor(app: &TestApp, id: i64) -> String {
    let idea: Value = visit(app, &format!("/api/v1/ideas/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    idea["title"].as_str().unwrap().to_owned()
}

/// Renames an idea straight in the database, as another instance would: this one's cache
/// does not hear of it.
async fn rename_behind_the_servers_back(app: &TestApp, id: i64, title: &str) {
    app.db
        .write
        .execute_unprepared(&format!(
            "UPDATE ideas SET title = '{title}' WHERE id = {id}"
        ))
        .await
        .unwrap();
}

#[tokio::test]
async fn lists_answer_304_until_a_write_changes_them() {
    let app = spawn_app().await;
    let author = app.member("Author").await;
    let supporter = app.member("Supporter").await;
    let idea = app
        .submit_idea(&author, "Cartes sans contact", "Un plafond réglable.")
        .await;
    let id = idea["id"].as_i64().unwrap();

    let first = visit(&app, "/api/v1/ideas", None).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()[header::CACHE_CONTROL], "private, no-cache");
    let tag = etag(&first);
    let again = visit(&app, "/api/v1/ideas", Some(&tag)).await;
    assert_eq!(again.status(), 304);
    assert_eq!(etag(&again), tag);
    assert!(again.bytes().await.unwrap().is_empty());

    // A support through this instance: the visitor's next read is fresh at once.
    let vote = app.vote(&supporter, Method::PUT, id).await;
    assert_eq!(vote.status(), 200);
    let after = visit(&app, "/api/v1/ideas", Some(&tag)).await;
    assert_eq!(
        after.status(),
        200,
        "the list changed, its old ETag must not match"
    );
    assert_ne!(etag(&after), tag);
    let list: Value = after.json().await.unwrap();
    assert_eq!(list["items"][0]["supports"]["total"], 1);
    assert_eq!(list["items"][0]["viewer_supports"], false);

    // Signed-in reads are never the visitors' copy: they carry the reader's own vote.
    let mine = app
        .as_person(&supporter, Method::GET, "/api/v1/ideas")
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), 200);
    assert!(mine.headers().contains_key(header::ETAG));
    let mine: Value = mine.json().await.unwrap();
    assert_eq!(mine["items"][0]["viewer_supports"], true);
}

#[tokio::test]
async fn another_instances_write_shows_within_the_cache_lifetime() {
    let app = spawn_app_with(&[("COCREA_READ_CACHE_MS", "1500".into())]).await;
    let author = app.member("Author").await;
    let idea = app
        .submit_idea(&author, "Relevés en braille", "Sur demande.")
        .await;
    let id = idea["id"].as_i64().unwrap();

    assert_eq!(title_seen_by_visitor(&app, id).await, "Relevés en braille");
    rename_behind_the_servers_back(&app, id, "Relevés en gros caractères").await;
    assert_eq!(
        title_seen_by_visitor(&app, id).await,
        "Relevés en braille",
        "a visitor's read within the lifetime comes from memory"
    );
    let signed_in: Value = app
        .as_person(&author, Method::GET, &format!("/api/v1/ideas/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(signed_in["title"], "Relevés en gros caractères");
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(
        title_seen_by_visitor(&app, id).await,
        "Relevés en gros caractères"
    );
}

#[tokio::test]
async fn a_zero_lifetime_turns_the_cache_off_but_keeps_etags() {
    let app = spawn_app_with(&[("COCREA_READ_CACHE_MS", "0".into())]).await;
    let author = app.member("Author").await;
    let idea = app
        .submit_idea(&author, "Virements groupés", "Pour les associations.")
        .await;
    let id = idea["id"].as_i64().unwrap();

    assert_eq!(title_seen_by_visitor(&app, id).await, "Virements groupés");
    rename_behind_the_servers_back(&app, id, "Virements programmés").await;
    assert_eq!(
        title_seen_by_visitor(&app, id).await,
        "Virements programmés"
    );
    let page = visit(&app, &format!("/api/v1/ideas/{id}"), None).await;
    let tag = etag(&page);
    let again = visit(&app, &format!("/api/v1/ideas/{id}"), Some(&tag)).await;
    assert_eq!(again.status(), 304);
}
