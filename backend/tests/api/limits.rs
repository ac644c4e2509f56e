//! Abuse limits: 429 problem+json with Retry-After, per address, per account, tighter on
//! an account's first day, and sign-in failures slowing down one account only.

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

/// Limits low enough to reach in a test, everything else at its default.
async fn limited(limits: &str) -> TestApp {
    spawn_app_with(&[("COCREA_RATE_LIMITS", limits.to_string())]).await
}

async fn assert_too_many(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), 429, "{what}");
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry), "{what}: Retry-After {retry}");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "{what}"
    );
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 429, "{what}");
    assert_eq!(problem["code"], "rate_limited", "{what}");
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited_and_nothing_is_created_past_the_limit() {
    let app = limited("signup.ip=2/3600").await;
    assert_eq!(app.sign_up("a1@example.org", "A1").await.status(), 201);
    assert_eq!(app.sign_up("a2@example.org", "A2").await.status(), 201);
    let third = app
        .post("/api/v1/auth/signup")
        .json(&json!({"email": "a3@example.org", "password": PASSWORD, "display_name": "A3"}))
        .send()
        .await
        .unwrap();
    assert_too_many(third, "third sign-up").await;
    let n = app
        .count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users WHERE email = 'a3@example.org'")
        .await;
    assert_eq!(n, 0);
}

#[tokio::test]
async fn votes_are_limited_per_account_and_tighter_on_the_first_day() {
    let app = limited("vote=6/3600,vote.new=3/3600").await;
    let author = app.member("Auteur").await;
    let idea = app.idea_id(&author, "Une idée à soutenir").await;
    let newcomer = app.member("Nouveau").await;
    let veteran = app.member("Ancien").await;
    app.sql(&format!(
        "UPDATE users SET created_at = '2020-01-01 00:00:00+00:00' WHERE id = {}",
        veteran.id
    ))
    .await;
    let toggle = |who: &Person, n: usize| {
        let method = if n.is_multiple_of(2) {
            Method::PUT
        } else {
            Method::DELETE
        };
        app.as_person(who, method, &format!("/api/v1/ideas/{idea}/vote"))
            .send()
    };
    for n in 0..3 {
        assert_eq!(
            toggle(&newcomer, n).await.unwrap().status(),
            200,
            "newcomer {n}"
        );
    }
    assert_too_many(toggle(&newcomer, 3).await.unwrap(), "newcomer's 4th vote").await;
    for n in 0..6 {
        assert_eq!(
            toggle(&veteran, n).await.unwrap().status(),
            200,
            "veteran {n}"
        );
    }
    assert_too_many(toggle(&veteran, 6).await.unwrap(), "veteran's 7th vote").await;
    // The refused vote changed nothing: the newcomer's support (3rd toggle, a PUT) stands.
    let seen = app.get_json(&format!("/api/v1/ideas/{idea}")).await;
    assert_eq!(seen["supports"]["total"], 1);
}

#[tokio::test]
async fn failed_sign_ins_slow_one_account_down_without_touching_others() {
    let app = limited("login-failure=3/3600").await;
    assert_eq!(
        app.sign_up("cible@example.org", "Cible").await.status(),
        201
    );
    assert_eq!(
        app.sign_up("autre@example.org", "Autre").await.status(),
        201
    );
    for _ in 0..3 {
        let wrong = app.log_in("cible@example.org", "not the password!").await;
        assert_eq!(wrong.status(), 401);
    }
    // Past the limit, even the right password waits: a guesser cannot tell.
    assert_too_many(
        app.log_in("CIBLE@example.org", PASSWORD).await,
        "sign-in after three failures",
    )
    .await;
    assert_eq!(
        app.log_in("autre@example.org", PASSWORD).await.status(),
        200
    );
}

#[tokio::test]
async fn posts_comments_and_reports_are_limited() {
    let app = limited("post=1/3600,comment=1/3600,report=1/3600").await;
    let who = app.member("Écrivain").await;
    let other = app.member("Autrice").await;
    let idea = app.idea_id(&who, "Première idée du jour").await;
    let theirs = app.idea_id(&other, "L'idée d'une autre").await;
    let second = app
        .as_person(&who, Method::POST, "/api/v1/ideas")
        .json(&json!({"title": "Deuxième idée du jour", "body": "Un texte assez long pour passer.", "theme": "everyday-banking"}))
        .send()
        .await
        .unwrap();
    assert_too_many(second, "second idea").await;
    let comment = |body: &str| {
        app.as_person(
            &who,
            Method::POST,
            &format!("/api/v1/ideas/{idea}/comments"),
        )
        .json(&json!({"body": body}))
        .send()
    };
    assert_eq!(
        comment("Un premier commentaire").await.unwrap().status(),
        201
    );
    assert_too_many(
        comment("Un second commentaire").await.unwrap(),
        "second comment",
    )
    .await;
    let report = || {
        app.as_person(&who, Method::POST, "/api/v1/reports")
            .json(&json!({"target_type": "idea", "target_id": theirs, "reason": "spam"}))
            .send()
    };
    assert_eq!(report().await.unwrap().status(), 201, "first report");
    assert_too_many(report().await.unwrap(), "second report").await;
}

#[tokio::test]
async fn limits_off_let_everything_through() {
    let app = limited("off").await;
    // More than the default of ten sign-ups an hour from one address.
    for n in 0..15 {
        let response = app
            .sign_up(&format!("p{n}@example.org"), &format!("P{n}"))
            .await;
        assert_eq!(response.status(), 201, "sign-up {n}");
    }
}

#[tokio::test]
async fn two_instances_on_one_postgresql_database_share_the_counts() {
    let limits = "vote=2/3600".to_string();
    let first = limited(&limits).await;
    if !first.database_url.starts_with("postgres") {
        // On SQLite, one instance per database file counts in memory (see README).
        return;
    }
    let second = spawn_app_with(&[
        ("DATABASE_URL", first.database_url.clone()),
        ("COCREA_SECRET", first.secret.clone()),
        ("COCREA_RATE_LIMITS", limits),
    ])
    .await;
    let author = first.member("Autrice").await;
    let idea = first.idea_id(&author, "Une idée partagée").await;
    let voter = first.member("Votant").await;
    assert_eq!(first.vote(&voter, Method::PUT, idea).await.status(), 200);
    assert_eq!(
        second.vote(&voter, Method::DELETE, idea).await.status(),
        200
    );
    assert_too_many(
        first.vote(&voter, Method::PUT, idea).await,
        "third vote, counted across both instances",
    )
    .await;
}

#[tokio::test]
async fn concurrent_requests_are_counted_exactly() {
    // Thirty votes at once from one account and one address, ten allowed: on PostgreSQL
    // they are counted a few statements at a time (several requests in one), and each
    // must still get the count it would have had alone.
    let app = limited("vote=10/3600,vote.new=10/3600,vote.ip=1000/3600").await;
    let author = app.member("Autrice").await;
    let idea = app.idea_id(&author, "Une idée très demandée").await;
    let voter = app.member("Pressé").await;
    let votes = (0..30).map(|n| {
        let method = if n % 2 == 0 {
            Method::PUT
        } else {
            Method::DELETE
        };
        app.vote(&voter, method, idea)
    });
    let statuses: Vec<u16> = futures_util::future::join_all(votes)
        .await
        .into_iter()
        .map(|response| response.status().as_u16())
        .collect();
    let allowed = statuses.iter().filter(|s| **s == 200).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((allowed, refused), (10, 20), "{statuses:?}");
}
