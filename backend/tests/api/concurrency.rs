//! Many people voting at once: every request answers, and every stored counter equals
//! its rows afterwards (on SQLite through the vote writer's shared transactions, on
//! PostgreSQL through row locks).

use crate::helpers::*;
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;

const THEME: &str = "everyday-banking";

#[tokio::test]
async fn a_thousand_concurrent_votes_from_a_hundred_accounts_leave_exact_counts() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let expert = app.expert_of("Experte", &[THEME]).await;
    let mut ideas = Vec::new();
    for n in 0..5 {
        ideas.push(
            app.idea_id(&author, &format!("Idée numéro {n} à soutenir"))
                .await,
        );
    }
    let question = app
        .question_id(&author, "Comment épargner chaque mois ?", THEME)
        .await;
    let answer = app
        .answer_id(&expert, question, "Avec un virement programmé.")
        .await;
    // A hundred voters, a third of them verified clients (the split is counted too).
    let voters = join_all((0..100).map(|n| {
        let app = &app;
        async move {
            if n % 3 == 0 {
                app.member_with(&format!("Cliente {n}"), api::Role::Client)
                    .await
            } else {
                app.member(&format!("Membre {n}")).await
            }
        }
    }))
    .await;

    // Ten requests each, all in flight together: supports, withdrawals, ratings both ways
    // and unratings, in an order fixed by a simple generator so a failure can be replayed.
    let mut seed: u64 = 0x5eed;
    let mut next = move |below: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % below
    };
    let mut requests = Vec::new();
    for voter in &voters {
        for _ in 0..10 {
            let idea = ideas[next(ideas.len() as u64) as usize];
            let request = match next(5) {
                0 | 1 => app.as_person(voter, Method::PUT, &format!("/api/v1/ideas/{idea}/vote")),
                2 => app.as_person(voter, Method::DELETE, &format!("/api/v1/ideas/{idea}/vote")),
                3 => app
                    .as_person(
                        voter,
                        Method::PUT,
                        &format!("/api/v1/answers/{answer}/vote"),
                    )
                    .json(&json!({"value": if next(2) == 0 { 1 } else { -1 }})),
                _ => app.as_person(
                    voter,
                    Method::DELETE,
                    &format!("/api/v1/answers/{answer}/vote"),
                ),
            };
            requests.push(request.send());
        }
    }
    assert_eq!(requests.len(), 1_000);
    let statuses: Vec<u16> = join_all(requests)
        .await
        .into_iter()
        .map(|r| r.expect("an answer").status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

    // Each idea's shown count is its rows; then every counter of the database.
    for idea in &ideas {
        let shown = app.get_json(&format!("/api/v1/ideas/{idea}")).await;
        let rows = app
            .count(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM idea_supports WHERE idea_id = {idea}"
            ))
            .await;
        assert_eq!(shown["supports"]["total"], rows, "idea {idea}");
    }
    let supports = app
        .count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM idea_supports")
        .await;
    assert!(supports > 0, "some supports stand");
    let checked = app.cocrea(&["check-counts"]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{report}");
    assert!(report.lines().all(|line| line.ends_with(": 0")), "{report}");
}
