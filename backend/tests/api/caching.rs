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

/// `person`'s read of `path`.
async fn read_as(app: &TestApp, person: &crate::helpers::Person, path: &str) -> Value {
    app.get_json_as(person, path).await
}

#[tokio::test]
async fn signed_in_pages_share_what_everyone_sees_and_carry_the_readers_own_state() {
    let app = spawn_app_with(&[("COCREA_READ_CACHE_MS", "60000".into())]).await;
    let author = app.member("Author").await;
    let ines = app.member("Inès").await;
    let karim = app.member("Karim").await;
    let id = app
        .submit_idea(&author, "Épargne arrondie", "Arrondir chaque paiement.")
        .await["id"]
        .as_i64()
        .unwrap();
    let page = format!("/api/v1/ideas/{id}");
    for person in [&ines, &karim] {
        assert_eq!(read_as(&app, person, &page).await["viewer_supports"], false);
        let list = read_as(&app, person, "/api/v1/ideas?sort=hot").await;
        assert_eq!(list["items"][0]["viewer_supports"], false);
    }

    // Inès supports: her next reads say so at once, and everyone's count has it.
    assert_eq!(app.vote(&ines, Method::PUT, id).await.status(), 200);
    let hers = read_as(&app, &ines, &page).await;
    assert_eq!(hers["viewer_supports"], true);
    assert_eq!(hers["supports"]["total"], 1);
    let list = read_as(&app, &ines, "/api/v1/ideas?sort=hot").await;
    assert_eq!(list["items"][0]["viewer_supports"], true);
    let his = read_as(&app, &karim, &page).await;
    assert_eq!(
        his["viewer_supports"], false,
        "Inès's support is not Karim's"
    );
    assert_eq!(his["supports"]["total"], 1);
    let list = read_as(&app, &karim, "/api/v1/ideas?sort=hot").await;
    assert_eq!(list["items"][0]["viewer_supports"], false);

    // Someone renames the idea behind the server's back: it keeps what everyone sees for
    // the cache's lifetime; Karim's own follow, through the server, shows at once (and,
    // as any write through the server, drops the kept page).
    rename_behind_the_servers_back(&app, id, "Épargne des arrondis").await;
    assert_eq!(
        read_as(&app, &karim, &page).await["title"],
        "Épargne arrondie"
    );
    let followed = app
        .as_person(&karim, Method::PUT, &format!("/api/v1/ideas/{id}/follow"))
        .send()
        .await
        .unwrap();
    assert_eq!(followed.status(), 200);
    let his = read_as(&app, &karim, &page).await;
    assert_eq!(his["viewer_follows"], true);
    assert_eq!(
        read_as(&app, &ines, &page).await["viewer_follows"],
        false,
        "Karim's follow is not Inès's"
    );
}

/// What `path` shows `person` on `app` once `field` is `expected`, or after two seconds.
async fn own_state_soon(
    app: &TestApp,
    person: &crate::helpers::Person,
    path: &str,
    field: &str,
    expected: bool,
) -> Value {
    let start = std::time::Instant::now();
    loop {
        let page = read_as(app, person, path).await;
        if page[field] == expected || start.elapsed() > Duration::from_secs(2) {
            return page[field].clone();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_readers_own_write_on_another_instance_shows_on_this_one() {
    let first = spawn_app_with(&[("COCREA_READ_CACHE_MS", "60000".into())]).await;
    if !first.database_url.starts_with("postgres") {
        // On SQLite, one server serves a database file (see README).
        return;
    }
    let second = spawn_app_with(&[
        ("DATABASE_URL", first.database_url.clone()),
        ("COCREA_SECRET", first.secret.clone()),
        ("COCREA_READ_CACHE_MS", "60000".into()),
    ])
    .await;
    let author = first.member("Author").await;
    let lea = first.member("Léa").await;
    let id = first
        .submit_idea(&author, "Alerte de découvert", "Un SMS avant le découvert.")
        .await["id"]
        .as_i64()
        .unwrap();
    let page = format!("/api/v1/ideas/{id}");
    // The first instance keeps Léa's supports: none.
    assert_eq!(read_as(&first, &lea, &page).await["viewer_supports"], false);

    assert_eq!(second.vote(&lea, Method::PUT, id).await.status(), 200);
    let seen = own_state_soon(&first, &lea, &page, "viewer_supports", true).await;
    assert_eq!(seen, true, "her support, made on the other instance");
    assert_eq!(second.vote(&lea, Method::DELETE, id).await.status(), 200);
    let seen = own_state_soon(&first, &lea, &page, "viewer_supports", false).await;
    assert_eq!(seen, false, "and its withdrawal");
}

#[tokio::test]
async fn a_signed_in_question_page_carries_the_readers_ratings_and_their_hidden_answer() {
    let app = spawn_app_with(&[("COCREA_READ_CACHE_MS", "60000".into())]).await;
    let asker = app.member("Asker").await;
    let helper = app.member("Helper").await;
    let reader = app.member("Reader").await;
    let moderator = app.member_with("Moderator", api::Role::Moderator).await;
    let question = app
        .question_id(
            &asker,
            "Un virement instantané est-il gratuit ?",
            "everyday-banking",
        )
        .await;
    let kept = app
        .answer_id(&helper, question, "Oui, depuis janvier 2025.")
        .await;
    let hidden = app
        .answer_id(&helper, question, "Appelez-moi au 06 00 00 00 00.")
        .await;
    let response = app
        .as_person(
            &moderator,
            Method::POST,
            &format!("/api/v1/moderation/items/answer/{hidden}/hide"),
        )
        .json(&serde_json::json!({"reason": "Coordonnées personnelles"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page = format!("/api/v1/questions/{question}");
    let answers = |page: &Value| -> Vec<i64> {
        page["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect()
    };
    // The reader's first read keeps what everyone sees: the visible answer only.
    assert_eq!(answers(&read_as(&app, &reader, &page).await), [kept]);

    let rated = app
        .as_person(
            &reader,
            Method::PUT,
            &format!("/api/v1/answers/{kept}/vote"),
        )
        .json(&serde_json::json!({"value": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(rated.status(), 200);
    let theirs = read_as(&app, &reader, &page).await;
    assert_eq!(theirs["answers"][0]["viewer_vote"], 1);
    let helpers = read_as(&app, &helper, &page).await;
    assert_eq!(
        helpers["answers"].as_array().unwrap().len(),
        2,
        "the author sees their hidden answer"
    );
    let hidden_view = helpers["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == hidden)
        .unwrap()
        .clone();
    assert_eq!(hidden_view["hidden"]["reason"], "Coordonnées personnelles");
    assert!(
        helpers["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["viewer_vote"].is_null())
    );
    let team = read_as(&app, &moderator, &page).await;
    assert_eq!(
        team["answers"].as_array().unwrap().len(),
        2,
        "the team sees it too"
    );
    assert_eq!(answers(&read_as(&app, &reader, &page).await), [kept]);
}
