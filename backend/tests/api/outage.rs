//! The database goes away and comes back: during a mixed load on PostgreSQL, the cluster
//! is stopped for ten seconds and started again. Requests meanwhile fail fast with a 503
//! problem and `Retry-After`, never a 500 and never after a long wait; the server
//! recovers by itself; no write it acknowledged is lost.
//!
//! It stops a PostgreSQL cluster, so it runs only when told how: `scripts/test.sh` runs it
//! after the other PostgreSQL tests, with `COCREA_OUTAGE_DATABASE_URL` (an empty database
//! in the cluster), `COCREA_OUTAGE_STOP` and `COCREA_OUTAGE_START` (shell commands).

use crate::helpers::{Person, TestApp, spawn_app_with};
use reqwest::{Client, Method, StatusCode, header};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What one request of the load met.
#[derive(Debug)]
struct Outcome {
    started: Instant,
    took: Duration,
    what: &'static str,
    /// The status, or `None` when no answer came (a transport error or the client's
    /// timeout).
    status: Option<StatusCode>,
    problem_json: bool,
    retry_after: bool,
    code: Option<String>,
    /// The comment a `201` acknowledged.
    created: Option<i64>,
}

const OUTAGE: Duration = Duration::from_secs(10);
const WORKERS: usize = 12;

fn shell(command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .expect("the shell runs");
    assert!(status.success(), "`{command}` failed");
}

/// One request of the mix, as `person` (or a visitor for the list).
async fn one(client: &Client, app: &TestApp, person: &Person, idea: i64, turn: usize) -> Outcome {
    let (what, method, path, body) = match turn % 4 {
        0 => (
            "hot list",
            Method::GET,
            "/api/v1/ideas?sort=hot".to_owned(),
            None,
        ),
        1 => (
            "idea page, signed in",
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            None,
        ),
        2 => (
            "support",
            if turn % 8 == 2 {
                Method::PUT
            } else {
                Method::DELETE
            },
            format!("/api/v1/ideas/{idea}/vote"),
            None,
        ),
        _ => (
            "comment",
            Method::POST,
            format!("/api/v1/ideas/{idea}/comments"),
            Some(json!({"body": format!("Remarque {turn}.")})),
        ),
    };
    let mut request = client.request(method, app.url(&path));
    if !turn.is_multiple_of(4) {
        request = request.bearer_auth(&person.token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let started = Instant::now();
    let answer = request.send().await;
    let mut outcome = Outcome {
        started,
        took: started.elapsed(),
        what,
        status: None,
        problem_json: false,
        retry_after: false,
        code: None,
        created: None,
    };
    let Ok(response) = answer else {
        return outcome;
    };
    outcome.status = Some(response.status());
    outcome.problem_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/problem+json"));
    outcome.retry_after = response.headers().contains_key(header::RETRY_AFTER);
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    outcome.took = started.elapsed();
    outcome.code = body["code"].as_str().map(str::to_owned);
    if status == StatusCode::CREATED {
        outcome.created = body["id"].as_i64();
    }
    outcome
}

#[tokio::test]
#[ignore = "stops a PostgreSQL cluster: scripts/test.sh runs it with COCREA_OUTAGE_* set"]
async fn the_database_goes_away_and_comes_back() {
    let url = std::env::var("COCREA_OUTAGE_DATABASE_URL").expect("COCREA_OUTAGE_DATABASE_URL");
    let stop = std::env::var("COCREA_OUTAGE_STOP").expect("COCREA_OUTAGE_STOP");
    let start = std::env::var("COCREA_OUTAGE_START").expect("COCREA_OUTAGE_START");
    let app = Arc::new(spawn_app_with(&[("DATABASE_URL", url)]).await);
    let author = app.member("Autrice").await;
    let mut ideas = Vec::new();
    for n in 0..4 {
        let idea = app
            .submit_idea(&author, &format!("Idée numéro {n}"), "Pour la charge.")
            .await;
        ideas.push(idea["id"].as_i64().unwrap());
    }
    let mut people = Vec::new();
    for n in 0..WORKERS {
        people.push(app.member(&format!("Membre {n}")).await);
    }

    // The client gives up after 10 s: a request still waiting then counts as hanging.
    let client = Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let running = Arc::new(AtomicBool::new(true));
    let outcomes = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for (n, person) in people.into_iter().enumerate() {
        let (client, app, running, outcomes) = (
            client.clone(),
            app.clone(),
            running.clone(),
            outcomes.clone(),
        );
        let idea = ideas[n % ideas.len()];
        workers.push(tokio::spawn(async move {
            let mut turn = n;
            while running.load(Ordering::Relaxed) {
                let outcome = one(&client, &app, &person, idea, turn).await;
                let failed = outcome.status.is_none_or(|s| s.is_server_error());
                outcomes.lock().unwrap().push(outcome);
                turn += 1;
                if failed {
                    // As a client told `Retry-After` would, only sooner: keep the load on.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(3)).await;
    let stopping = Instant::now();
    shell(&stop);
    tokio::time::sleep(OUTAGE).await;
    shell(&start);
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(10)).await;
    running.store(false, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }
    let outcomes = std::mem::take(&mut *outcomes.lock().unwrap());

    let hanging: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.status.is_none() || o.took > Duration::from_secs(5))
        .collect();
    assert!(
        hanging.is_empty(),
        "no request hangs past 5 s: {hanging:#?}"
    );
    let broken: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| {
            o.status.is_some_and(|s| s.is_server_error())
                && !(o.status == Some(StatusCode::SERVICE_UNAVAILABLE)
                    && o.problem_json
                    && o.retry_after
                    && o.code.as_deref() == Some(api::code::UNAVAILABLE))
        })
        .collect();
    assert!(
        broken.is_empty(),
        "a server error is a 503 problem with Retry-After: {broken:#?}"
    );
    let refused = outcomes
        .iter()
        .filter(|o| o.status == Some(StatusCode::SERVICE_UNAVAILABLE))
        .count();
    assert!(refused > 0, "the outage was met: some requests got 503");
    let after = back + Duration::from_secs(5);
    let late: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.started >= after && o.status.is_none_or(|s| !s.is_success()))
        .collect();
    assert!(
        late.is_empty(),
        "5 s after the database is back, every request succeeds: {late:#?}"
    );
    assert!(
        outcomes.iter().any(|o| o.started >= after),
        "the load ran after the recovery"
    );
    let during = outcomes
        .iter()
        .filter(|o| o.started >= stopping && o.started < back)
        .count();
    println!(
        "{} requests, {during} during the outage, {refused} answered 503",
        outcomes.len()
    );
    for what in ["hot list", "idea page, signed in", "support", "comment"] {
        let of = |o: &&Outcome| o.what == what;
        let slowest = outcomes.iter().filter(of).map(|o| o.took).max();
        let unavailable = outcomes
            .iter()
            .filter(of)
            .filter(|o| o.status == Some(StatusCode::SERVICE_UNAVAILABLE))
            .count();
        println!("  {what}: {unavailable} answered 503, slowest {slowest:?}");
    }

    // Every comment the server acknowledged is there.
    let acknowledged: Vec<i64> = outcomes.iter().filter_map(|o| o.created).collect();
    assert!(!acknowledged.is_empty());
    let ids = acknowledged
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let kept = app
        .count(&format!(
            "SELECT COUNT(*) AS n FROM comments WHERE id IN ({ids})"
        ))
        .await;
    assert_eq!(
        kept,
        acknowledged.len() as i64,
        "no acknowledged comment is lost"
    );
    let checked = app.cocrea(&["check-counts"]);
    assert!(
        checked.status.success(),
        "counters exact after the outage: {}",
        String::from_utf8_lossy(&checked.stdout)
    );
}
