//! The ideas list: sorts, filters, search, suggestions and keyset cursors.

use crate::helpers::{Person, TestApp, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::HashSet;

async fn page(app: &TestApp, query: &str) -> Value {
    let response = app
        .get(&format!("/api/v1/ideas?{query}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

fn ids_of(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// Every id of a list, page by page with `limit`, calling `between` after each page.
async fn walk(app: &TestApp, query: &str, limit: u32, mut between: impl AsyncFnMut()) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut q = format!("{query}&limit={limit}");
        if let Some(c) = &cursor {
            q.push_str(&format!("&cursor={c}"));
        }
        let page = page(app, &q).await;
        let items = ids_of(&page);
        assert!(items.len() <= limit as usize);
        seen.extend(items);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        between().await;
    }
    seen
}

async fn support(app: &TestApp, person: &Person, id: i64) {
    assert_eq!(app.vote(person, Method::PUT, id).await.status(), 200);
}

/// Ideas 1..=n by one author, with `supports[i]` supporters each.
async fn community(app: &TestApp, supports: &[usize]) -> (Vec<i64>, Vec<Person>) {
    let author = app.member("Autrice").await;
    let most = supports.iter().copied().max().unwrap_or(0);
    let mut fans = Vec::new();
    for n in 0..most {
        fans.push(app.member(&format!("Fan {n}")).await);
    }
    let mut ids = Vec::new();
    for (n, count) in supports.iter().enumerate() {
        let idea = app
            .submit_idea(&author, &format!("Idée numéro {n}"), "Texte")
            .await;
        let id = idea["id"].as_i64().unwrap();
        for fan in &fans[..*count] {
            support(app, fan, id).await;
        }
        ids.push(id);
    }
    (ids, fans)
}

#[tokio::test]
async fn each_sort_orders_ideas_as_promised() {
    let app = spawn_app().await;
    let (ids, fans) = community(&app, &[1, 3, 0, 2]).await;
    let comment = async |id: i64, n: usize| {
        let response = app
            .comment(&fans[n], id, json!({"body": "Bonne idée"}))
            .await;
        assert_eq!(response.status(), 201);
    };
    comment(ids[2], 0).await;
    comment(ids[2], 1).await;
    comment(ids[0], 0).await;

    let newest: Vec<i64> = ids.iter().rev().copied().collect();
    assert_eq!(ids_of(&page(&app, "sort=new").await), newest);
    assert_eq!(
        ids_of(&page(&app, "sort=top").await),
        [ids[1], ids[3], ids[0], ids[2]]
    );
    assert_eq!(
        ids_of(&page(&app, "sort=discussed").await),
        [ids[2], ids[0], ids[3], ids[1]]
    );
    // Ideas of the same age: hot follows supports; the default sort is hot.
    assert_eq!(
        ids_of(&page(&app, "").await),
        ids_of(&page(&app, "sort=hot").await)
    );
    assert_eq!(ids_of(&page(&app, "sort=hot").await)[0], ids[1]);

    // An old idea drops out of the hot ranking once the job runs.
    app.sql(&format!(
        "UPDATE ideas SET created_at = '2020-01-01T00:00:00Z' WHERE id = {}",
        ids[1]
    ))
    .await;
    backend::schedule::refresh_hot_ranks(&app.db).await.unwrap();
    let hot = ids_of(&page(&app, "sort=hot").await);
    assert_eq!(hot.last(), Some(&ids[1]), "{hot:?}");
}

#[tokio::test]
async fn cursors_return_every_idea_exactly_once_even_while_votes_change() {
    let app = spawn_app().await;
    let (ids, _) = community(&app, &[0; 23]).await;
    let fan = app.member("Fan").await;
    let all: HashSet<i64> = ids.iter().copied().collect();

    // Newest first is keyed on the id, which votes never change: exactly once, always.
    let mut round = 0;
    let seen = walk(&app, "sort=new", 5, async || {
        support(&app, &fan, ids[round]).await;
        round += 1;
    })
    .await;
    assert_eq!(seen.len(), all.len(), "no idea twice: {seen:?}");
    assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), all);

    // Every sort, walked page by page, yields each idea once.
    for sort in ["hot", "top", "discussed", "new"] {
        let seen = walk(&app, &format!("sort={sort}"), 4, async || {}).await;
        assert_eq!(seen.len(), all.len(), "{sort}: {seen:?}");
        assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), all, "{sort}");
    }
}

#[tokio::test]
async fn limits_hold_and_bad_parameters_are_refused() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    for n in 0..52 {
        app.submit_idea(&author, &format!("Idée numéro {n}"), "Texte")
            .await;
    }
    assert_eq!(ids_of(&page(&app, "limit=50").await).len(), 50);
    assert_eq!(ids_of(&page(&app, "").await).len(), 20);
    assert_eq!(ids_of(&page(&app, "limit=1").await).len(), 1);

    let top_cursor = page(&app, "sort=top&limit=2").await["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases = [
        (
            format!("sort=hot&cursor={top_cursor}"),
            422,
            "cursor of another sort",
        ),
        ("cursor=not-a-cursor".to_owned(), 422, "forged cursor"),
        ("theme=no-such-theme".to_owned(), 422, "unknown theme"),
        ("sort=loudest".to_owned(), 400, "unknown sort"),
        ("status=maybe".to_owned(), 400, "unknown status"),
        ("limit=-1".to_owned(), 400, "negative limit"),
        ("limit=0".to_owned(), 422, "empty page"),
        ("limit=51".to_owned(), 422, "page above the cap"),
    ];
    for (query, status, why) in cases {
        let response = app
            .get(&format!("/api/v1/ideas?{query}"))
            .send()
            .await
            .unwrap();
        let code = if status == 422 {
            "validation_failed"
        } else {
            "malformed_request"
        };
        assert_problem(response, status, code, why).await;
    }
}

#[tokio::test]
async fn ideas_are_filtered_by_theme_and_status() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let app_idea = app
        .submit_idea_in(
            &author,
            "Mode sombre pour l'application",
            "Texte",
            "digital-app",
        )
        .await;
    let green = app
        .submit_idea_in(
            &author,
            "Un livret vert",
            "Texte",
            "sustainable-development",
        )
        .await;
    app.sql(&format!(
        "UPDATE ideas SET status = 'planned' WHERE id = {}",
        green["id"]
    ))
    .await;
    assert_eq!(
        ids_of(&page(&app, "theme=digital-app").await),
        [app_idea["id"].as_i64().unwrap()]
    );
    assert_eq!(
        ids_of(&page(&app, "status=planned").await),
        [green["id"].as_i64().unwrap()]
    );
    assert!(ids_of(&page(&app, "theme=digital-app&status=planned").await).is_empty());
}

#[tokio::test]
async fn search_matches_french_words_whatever_their_accents_case_and_plural() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let savings = app
        .submit_idea(
            &author,
            "Des comptes épargnes pour les enfants",
            "Dès la naissance.",
        )
        .await;
    let other = app
        .submit_idea(
            &author,
            "Virements instantanés gratuits",
            "Sans frais, tout le temps.",
        )
        .await;
    let body_match = app
        .submit_idea(
            &author,
            "Une idée pour les familles",
            "Un livret d'Épargne partagé.",
        )
        .await;
    let savings = savings["id"].as_i64().unwrap();
    let body_match = body_match["id"].as_i64().unwrap();
    for q in ["épargne", "EPARGNES", "epargne", "Épargne enfant"] {
        let found = ids_of(&page(&app, &format!("sort=new&q={q}")).await);
        assert!(found.contains(&savings), "{q}: {found:?}");
        assert!(
            !found.contains(&other["id"].as_i64().unwrap()),
            "{q}: {found:?}"
        );
    }
    let both = ids_of(&page(&app, "sort=new&q=épargne").await);
    assert_eq!(both, [body_match, savings]);
    assert!(ids_of(&page(&app, "q=hypothèque").await).is_empty());
    // Search syntax is not interpreted: operators, quotes and odd characters are just text,
    // in the list and in the suggestions.
    for q in [
        "\"",
        "épargne OR virement",
        "*",
        "NEAR(a b)",
        "'; DROP TABLE ideas; --",
        "½ épargne",
        "x² ﬁnance",
        "储蓄 🏦 l'été",
        "a:* & b | !c",
        "\\ épargne",
        "épargne '' \\'",
    ] {
        for path in ["/api/v1/ideas", "/api/v1/ideas/similar"] {
            let response = app.get(path).query(&[("q", q)]).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path} {q}");
        }
    }
    assert_eq!(ids_of(&page(&app, "sort=new").await).len(), 3);
}

#[tokio::test]
async fn similar_ideas_are_suggested_while_a_title_is_typed() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let target = app
        .submit_idea(&author, "Paiement sans contact avec la montre", "Texte")
        .await;
    app.submit_idea(&author, "Des agences ouvertes le samedi", "Texte")
        .await;
    for n in 0..7 {
        app.submit_idea(&author, &format!("Paiement fractionné numéro {n}"), "Texte")
            .await;
    }
    let similar = |q: &'static str| {
        let app = &app;
        async move {
            let response = app
                .get("/api/v1/ideas/similar")
                .query(&[("q", q)])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let found = similar("payer avec ma montre sans contact").await;
    assert_eq!(found["items"][0]["id"], target["id"], "{found}");
    assert_eq!(
        found["items"][0]["title"],
        "Paiement sans contact avec la montre"
    );
    let many = similar("paiement").await;
    assert_eq!(many["items"].as_array().unwrap().len(), 5, "at most five");
    // A prefix already finds: the title is still being typed.
    let typing = similar("agenc").await;
    assert_eq!(typing["items"].as_array().unwrap().len(), 1, "{typing}");
    assert!(similar("").await["items"].as_array().unwrap().is_empty());
    assert!(
        similar("le la les").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let missing = app.get("/api/v1/ideas/similar").send().await.unwrap();
    assert_problem(missing, 400, "malformed_request", "no q").await;
}

#[tokio::test]
async fn searches_with_many_matches_page_through_every_match_in_order() {
    let app = spawn_app().await;
    let output = app.cocrea(&[
        "seed", "--ideas", "2600", "--votes", "3000", "--people", "50",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = app
        .count("SELECT COUNT(*) AS n FROM ideas WHERE ' ' || search_terms || ' ' LIKE '% epargn %'")
        .await;
    assert!(
        expected > 1_000,
        "enough matches for the dense plan: {expected}"
    );
    // The first pages walk the sort's order and test each idea's own terms; the last
    // ones, where fewer matches are left than a page, gather them through the index.
    for (sort, order) in [
        ("new", "id DESC"),
        ("hot", "hot_rank DESC, id DESC"),
        ("top", "supports_total DESC, id DESC"),
    ] {
        let seen = walk(
            &app,
            &format!("sort={sort}&q=%C3%89pargnes"),
            50,
            async || {},
        )
        .await;
        assert_eq!(seen.len() as i64, expected, "{sort}");
        let distinct: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(distinct.len(), seen.len(), "{sort}: no idea twice");
        let in_order = app
            .ids(&format!(
                "SELECT id FROM ideas WHERE ' ' || search_terms || ' ' LIKE '% epargn %' \
                 ORDER BY {order}"
            ))
            .await;
        assert_eq!(seen, in_order, "{sort}: every match, in the sort's order");
    }
}
