//! Text that deceives: hidden characters (bidirectional controls, zero-width spaces…) are
//! refused where they can only mislead and removed from running text; names that mix
//! look-alike scripts or imitate a staff member's are refused.

use crate::helpers::{Person, TestApp, assert_problem, spawn_app};
use api::Role;
use reqwest::Method;
use serde_json::{Value, json};

/// `PATCH /api/v1/me/settings` as `person`.
async fn settings(app: &TestApp, person: &Person, body: Value) -> reqwest::Response {
    app.send(
        Some(person),
        Method::PATCH,
        "/api/v1/me/settings",
        Some(&body),
    )
    .await
}

/// The field issues of a 422 answer, for one field.
async fn issues(response: reqwest::Response, field: &str, why: &str) -> Value {
    let problem = assert_problem(response, 422, "validation_failed", why).await;
    problem["issues"][field].clone()
}

#[tokio::test]
async fn a_right_to_left_override_in_a_title_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let member = app.member("Rémi").await;
    let spoof = "Virement \u{202E}gnp.exe\u{202C} urgent";
    let idea = app
        .as_person(&member, Method::POST, "/api/v1/ideas")
        .json(&json!({"title": spoof, "body": "Un texte assez long pour passer.", "theme": "everyday-banking"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        issues(idea, "title", "an idea's title").await,
        json!([{"code": "hidden_characters", "character": "U+202E"}])
    );
    let question = app
        .as_person(&member, Method::POST, "/api/v1/questions")
        .json(&json!({"title": "Pourquoi\u{200B} ce virement ?", "body": "Merci d'avance.", "theme": "everyday-banking"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        issues(question, "title", "a question's title").await,
        json!([{"code": "hidden_characters", "character": "U+200B"}])
    );
    assert_eq!(app.count_rows("ideas").await, 0);
    assert_eq!(app.count_rows("questions").await, 0);
}

#[tokio::test]
async fn hidden_characters_are_removed_from_bodies_comments_and_bios() {
    let app = spawn_app().await;
    let member = app.member("Salomé").await;
    let idea = app
        .submit_idea(
            &member,
            "Un livret vert",
            "Placer \u{202E}sruoj 03\u{202C} ❤️ sur un livret\u{200B} vert\u{FEFF}.",
        )
        .await;
    assert_eq!(
        idea["body_markdown"],
        "Placer sruoj 03 ❤️ sur un livret vert."
    );
    assert_eq!(
        idea["body_html"],
        "<p>Placer sruoj 03 ❤️ sur un livret vert.</p>\n"
    );
    let id = idea["id"].as_i64().unwrap();
    let comment = app
        .comment(&member, id, json!({"body": "D'accord\u{2066} 👩‍💻"}))
        .await;
    assert_eq!(comment.status(), 201);
    let comment: Value = comment.json().await.unwrap();
    assert_eq!(comment["body_html"], "<p>D'accord 👩‍💻</p>\n");

    // A zero-width space no longer hides an IBAN from the account-details guard.
    let iban = app
        .comment(
            &member,
            id,
            json!({"body": "Mon IBAN : FR76\u{200B}3000 6000 0112 3456 7890 189"}),
        )
        .await;
    assert_eq!(
        issues(iban, "body", "an IBAN cut by a zero-width space").await,
        json!([{"code": "account_details"}])
    );

    let settings = settings(&app, &member, json!({"bio": "Cliente\u{202E} depuis 2010"})).await;
    assert_eq!(settings.status(), 200);
    let settings: Value = settings.json().await.unwrap();
    assert_eq!(settings["bio"], "Cliente depuis 2010");
}

#[tokio::test]
async fn display_names_with_hidden_characters_or_mixed_scripts_are_refused() {
    let app = spawn_app().await;
    let cases = [
        (
            "Paul\u{2067} Moreau",
            json!([{"code": "hidden_characters", "character": "U+2067"}]),
        ),
        (
            "\u{3164}\u{3164}\u{3164}",
            json!([{"code": "hidden_characters", "character": "U+3164"}]),
        ),
        // A Cyrillic "а" inside a Latin name.
        (
            "P\u{0430}ul Moreau",
            json!([{"code": "mixed_scripts", "character": "U+0430"}]),
        ),
    ];
    for (name, expected) in &cases {
        let response = app.sign_up("paul@example.org", name).await;
        assert_eq!(
            &issues(response, "display_name", name).await,
            expected,
            "{name:?}"
        );
    }
    assert_eq!(app.count_users().await, 0);

    let member = app.member("Paul Moreau").await;
    for (name, expected) in &cases {
        let response = settings(&app, &member, json!({"display_name": name})).await;
        assert_eq!(
            &issues(response, "display_name", name).await,
            expected,
            "{name:?}"
        );
    }
    let me = app.get_json_as(&member, "/api/v1/me").await;
    assert_eq!(me["display_name"], "Paul Moreau");
    // Names in one script, or Latin beside a script that does not imitate it, pass.
    for (n, name) in ["Иван Петров", "Kim 김민준", "Ahmed أحمد"]
        .iter()
        .enumerate()
    {
        let response = app.sign_up(&format!("person{n}@example.org"), name).await;
        assert_eq!(response.status(), 201, "{name}");
    }
}

#[tokio::test]
async fn names_that_imitate_a_staff_member_or_an_expert_are_refused() {
    let app = spawn_app().await;
    let expert = app.member_with("Expert Épargne", Role::Expert).await;
    app.member_with("Claire Moreau", Role::Moderator).await;
    let imitations = [
        "Expert Épargne",
        "expert epargne",
        "Expert-Epargne",
        // Cyrillic Е, х, р, е among Latin letters: already refused for mixing scripts.
        "Ехреrt Epargne",
        "Claire M0reau",
        "CIaire Moreau",
    ];
    for name in imitations {
        let response = app.sign_up("imitation@example.org", name).await;
        let found = issues(response, "display_name", name).await;
        let code = found[0]["code"].as_str().unwrap_or_default().to_owned();
        assert!(
            code == "looks_like_staff" || code == "mixed_scripts",
            "{name:?}: {found}"
        );
    }
    // Those made of one script are caught by their likeness alone.
    for name in ["expert epargne", "Claire M0reau", "CIaire Moreau"] {
        let response = app.sign_up("imitation@example.org", name).await;
        assert_eq!(
            issues(response, "display_name", name).await,
            json!([{"code": "looks_like_staff"}]),
            "{name:?}"
        );
    }
    let member = app.member("Claire Morel").await;
    let rename = settings(&app, &member, json!({"display_name": "Claire Moreau"})).await;
    assert_eq!(
        issues(rename, "display_name", "a rename").await,
        json!([{"code": "looks_like_staff"}])
    );
    // The expert may write their own name again, differently cased.
    let own = settings(&app, &expert, json!({"display_name": "Expert épargne"})).await;
    assert_eq!(own.status(), 200);
    // A name that is merely close is not a likeness.
    assert_eq!(
        app.sign_up("claire@example.org", "Claire Morel")
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn theme_names_refuse_hidden_characters_and_descriptions_lose_them() {
    let app = spawn_app().await;
    let admin = app.member_with("Ada", Role::Admin).await;
    let theme = |name: &str| {
        json!({
            "slug": "epargne-verte",
            "name": {"fr": name, "en": "Green savings"},
            "description": {"fr": "Placer\u{200B} autrement", "en": "Saving otherwise"},
            "response_hours": 48,
        })
    };
    let refused = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/moderation/themes",
            Some(&theme("Épargne \u{202E}etrev")),
        )
        .await;
    assert_eq!(
        issues(refused, "name.fr", "a theme's name").await,
        json!([{"code": "hidden_characters", "character": "U+202E"}])
    );
    let created = app
        .post_as(
            &admin,
            "/api/v1/moderation/themes",
            theme("Épargne verte"),
            201,
        )
        .await;
    assert_eq!(created["description"]["fr"], "Placer autrement");
}
