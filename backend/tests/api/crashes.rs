//! A server killed (SIGKILL) in the middle of a write load keeps, after a restart, every
//! write it had acknowledged, and its counters still equal their rows.

use crate::helpers::*;
use bench::server::Cocrea;
use futures_util::future::join_all;
use reqwest::Client;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Signs up person `n` and confirms their address (`cocrea users confirm`).
async fn sign_up(cocrea: &Cocrea, address: &str, n: usize) -> (i64, String) {
    let email = format!("p{n}@example.org");
    let response = Client::new()
        .post(format!("{address}/api/v1/auth/signup"))
        .json(&json!({"email": email, "display_name": format!("P{n}"), "password": PASSWORD}))
        .send()
        .await
        .expect("sign-up");
    assert_eq!(response.status(), 201);
    cocrea
        .run(&["users", "confirm", &email])
        .await
        .expect("confirmed");
    let token = session_token(&response);
    let me: Value = response.json().await.expect("json");
    (me["id"].as_i64().expect("id"), token)
}

#[tokio::test]
async fn a_server_killed_mid_load_keeps_every_write_it_acknowledged() {
    // The real binary in a process of its own, as the benchmark and the browser tests
    // run it, so that it can be killed.
    let (mut cocrea, _dir) =
        Cocrea::scratch(PathBuf::from(env!("CARGO_BIN_EXE_cocrea"))).expect("a scratch folder");
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.is_empty()
    {
        cocrea.database_url = fresh_postgres_database(&url).await;
    }
    cocrea.env.push(("COCREA_RATE_LIMITS", "off".to_owned()));
    let server = cocrea.serve().await.expect("cocrea serves");
    let address = format!("http://{}", server.addr);

    let (_, author) = sign_up(&cocrea, &address, 0).await;
    let mut targets = Vec::new();
    for n in 0..5 {
        let idea: Value = Client::new()
            .post(format!("{address}/api/v1/ideas"))
            .bearer_auth(&author)
            .json(&json!({"title": format!("Idée à soutenir {n}"), "body": "Un texte assez long.", "theme": "everyday-banking"}))
            .send()
            .await
            .expect("idea")
            .json()
            .await
            .expect("json");
        targets.push(idea["id"].as_i64().expect("id"));
    }
    let mut people = Vec::new();
    for n in 1..=16 {
        people.push(sign_up(&cocrea, &address, n).await);
    }

    // Each person writes as fast as answers come: an idea, then supports of the targets,
    // noting every write the server acknowledged, until the server is gone.
    let ideas = Arc::new(Mutex::new(Vec::<i64>::new()));
    let supports = Arc::new(Mutex::new(Vec::<(i64, i64)>::new()));
    let load = people.iter().enumerate().map(|(n, (id, token))| {
        let (ideas, supports, address, targets) =
            (ideas.clone(), supports.clone(), address.clone(), targets.clone());
        async move {
            let client = Client::new();
            for round in 0.. {
                let posted = client
                    .post(format!("{address}/api/v1/ideas"))
                    .bearer_auth(token)
                    .json(&json!({"title": format!("Idée {n}-{round} écrite sous charge"), "body": "Un texte assez long.", "theme": "everyday-banking"}))
                    .send()
                    .await;
                let Ok(posted) = posted else { return };
                if posted.status() == 201 {
                    let idea: Value = posted.json().await.unwrap_or_default();
                    if let Some(idea) = idea["id"].as_i64() {
                        ideas.lock().unwrap().push(idea);
                    }
                }
                let target = targets[round % targets.len()];
                let Ok(supported) = client
                    .put(format!("{address}/api/v1/ideas/{target}/vote"))
                    .bearer_auth(token)
                    .send()
                    .await
                else {
                    return;
                };
                if supported.status() == 200 && supported.bytes().await.is_ok() {
                    supports.lock().unwrap().push((target, *id));
                }
            }
        }
    });
    let killer = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill().await.expect("SIGKILL");
    };
    tokio::join!(join_all(load), killer);
    let ideas = ideas.lock().unwrap().clone();
    let supports = supports.lock().unwrap().clone();
    assert!(
        ideas.len() > 5 && !supports.is_empty(),
        "the load wrote something"
    );
    eprintln!(
        "acknowledged before the kill: {} ideas, {} supports",
        ideas.len(),
        supports.len()
    );

    // After a restart: every acknowledged idea and support is there.
    let server = cocrea.serve().await.expect("cocrea serves again");
    let address = format!("http://{}", server.addr);
    for idea in &ideas {
        let seen = Client::new()
            .get(format!("{address}/api/v1/ideas/{idea}"))
            .send()
            .await
            .expect("idea");
        assert_eq!(seen.status(), 200, "acknowledged idea {idea}");
    }
    let db = Database::connect(&cocrea.database_url)
        .await
        .expect("database");
    for (idea, user) in &supports {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT 1 FROM idea_supports WHERE idea_id = {idea} AND user_id = {user}"),
            ))
            .await
            .expect("query");
        assert!(row.is_some(), "acknowledged support of {idea} by {user}");
    }
    let report = cocrea
        .run(&["check-counts"])
        .await
        .expect("check-counts passes");
    assert!(report.lines().all(|line| line.ends_with(": 0")), "{report}");
}
