//! Follow-up: the status workflow, the timeline, merging duplicates and the public
//! figures of "You said, we did".

use crate::helpers::{Person, TestApp, assert_problem, hours_ago, spawn_app};
use api::{IdeaStatus, Transition};
use reqwest::Method;
use serde_json::{Value, json};

async fn idea(app: &TestApp, author: &Person, title: &str) -> i64 {
    app.submit_idea(author, title, "Le détail de l'idée.").await["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_server_enforces_every_transition_of_the_workflow() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let mut checked = 0;
    for from in IdeaStatus::ALL {
        for to in IdeaStatus::ALL {
            let id = idea(
                &app,
                &author,
                &format!("Une idée de {} vers {}", from.as_str(), to.as_str()),
            )
            .await;
            app.sql(&format!(
                "UPDATE ideas SET status = '{}' WHERE id = {id}",
                from.as_str()
            ))
            .await;
            let path = format!("/api/v1/ideas/{id}/status");
            let plain = json!({"status": to.as_str(), "explanation": "Voici pourquoi."});
            let response = app
                .send(Some(&team), Method::POST, &path, Some(&plain))
                .await;
            let why = format!("{} → {}", from.as_str(), to.as_str());
            match from.transition_to(to) {
                Transition::Allowed => assert_eq!(response.status(), 201, "{why}"),
                Transition::Refused => {
                    assert_problem(response, 409, "transition_not_allowed", &why).await;
                }
                Transition::NeedsSkipReason => {
                    let body = assert_problem(response, 422, "validation_failed", &why).await;
                    assert_eq!(
                        body["issues"]["skip_reason"][0]["code"], "required",
                        "{why}"
                    );
                    let with_reason = json!({"status": to.as_str(), "explanation": "Voici pourquoi.",
                        "skip_reason": "Un test pilote a suffi."});
                    let response = app
                        .send(Some(&team), Method::POST, &path, Some(&with_reason))
                        .await;
                    assert_eq!(response.status(), 201, "{why} with a reason");
                    let change: Value = response.json().await.unwrap();
                    assert_eq!(change["skip_reason"], "Un test pilote a suffi.");
                }
            }
            let stored = app
                .count(&format!(
                    "SELECT COUNT(*) AS n FROM ideas WHERE id = {id} AND status = '{}'",
                    to.as_str()
                ))
                .await;
            let expected = i64::from(from == to || from.transition_to(to) != Transition::Refused);
            assert_eq!(stored, expected, "{why}: stored status");
            checked += 1;
        }
    }
    assert_eq!(checked, 49);
    // Launched only after planned or in progress, as the issue asks.
    assert_eq!(
        IdeaStatus::New.transition_to(IdeaStatus::Launched),
        Transition::NeedsSkipReason
    );
    assert_eq!(
        IdeaStatus::Planned.transition_to(IdeaStatus::Launched),
        Transition::Allowed
    );
}

#[tokio::test]
async fn only_the_team_changes_a_status_and_always_explains_it() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let expert = app.member_with("Experte", api::Role::Expert).await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let id = idea(&app, &author, "Une carte en bois recyclé").await;
    let path = format!("/api/v1/ideas/{id}/status");
    let body = json!({"status": "under_review", "explanation": "Nous regardons."});
    let visitor = app.send(None, Method::POST, &path, Some(&body)).await;
    assert_problem(visitor, 401, "unauthorized", "a visitor").await;
    for person in [&author, &expert] {
        let response = app
            .send(Some(person), Method::POST, &path, Some(&body))
            .await;
        assert_problem(response, 403, "forbidden", "not on the team").await;
    }
    let cases = [
        (
            json!({"status": "under_review", "explanation": "  "}),
            422,
            "a blank explanation",
        ),
        (json!({"status": "under_review"}), 400, "no explanation"),
        (
            json!({"status": "shipped", "explanation": "x"}),
            400,
            "an unknown status",
        ),
        (
            json!({"status": "under_review", "explanation": "IBAN FR76 3000 6000 0112 3456 7890 189"}),
            422,
            "account details",
        ),
    ];
    for (body, status, why) in cases {
        let response = app
            .send(Some(&team), Method::POST, &path, Some(&body))
            .await;
        assert_eq!(response.status().as_u16(), status, "{why}");
    }
    assert_eq!(app.count_rows("idea_status_changes").await, 0);
    let missing = app
        .send(
            Some(&team),
            Method::POST,
            "/api/v1/ideas/999999/status",
            Some(&body),
        )
        .await;
    assert_problem(missing, 404, "not_found", "an unknown idea").await;

    let change = app
        .post_as(
            &team,
            &path,
            json!({"status": "under_review", "explanation": "Nous **regardons**. <script>alert(1)</script>"}),
            201,
        )
        .await;
    assert_eq!(change["status"], "under_review");
    assert_eq!(change["from_status"], "new");
    let html = change["explanation_html"].as_str().unwrap();
    assert!(html.contains("<strong>regardons</strong>"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert_eq!(change["by"]["display_name"], "Équipe");
}

#[tokio::test]
async fn status_changes_form_a_timeline_notify_the_author_and_supporters_and_are_audited() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let fan = app.member("Soutien").await;
    let bystander = app.member("Passant").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let id = idea(&app, &author, "Un relevé en braille").await;
    let other = idea(&app, &author, "Un autre relevé plus clair").await;
    app.vote(&fan, Method::PUT, id).await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM ideas WHERE id = {id} AND first_response_at IS NULL"
        ))
        .await,
        1
    );
    for status in ["under_review", "planned", "launched"] {
        app.set_status(&team, id, status).await;
    }
    app.set_status(&team, other, "declined").await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) AS n FROM ideas WHERE id = {id} AND first_response_at IS NOT NULL"
        ))
        .await,
        1
    );

    let timeline = app
        .get_json(&format!("/api/v1/ideas/{id}/follow-ups"))
        .await;
    let steps: Vec<(&str, &str)> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from_status"].as_str().unwrap(),
                c["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("new", "under_review"),
            ("under_review", "planned"),
            ("planned", "launched")
        ]
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/ideas/{id}")).await["status"],
        "launched"
    );

    for (person, expected) in [(&author, 4), (&fan, 3), (&bystander, 0), (&team, 0)] {
        let list = app.get_json_as(person, "/api/v1/notifications").await;
        let changes = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "idea_status_changed")
            .count();
        assert_eq!(changes, expected);
    }

    let latest = app.get_json("/api/v1/follow-ups").await;
    let statuses: Vec<&str> = latest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["declined", "launched", "planned", "under_review"]
    );
    let launched = app.get_json("/api/v1/follow-ups?status=launched").await;
    assert_eq!(launched["items"].as_array().unwrap().len(), 1);
    assert_eq!(launched["items"][0]["idea_title"], "Un relevé en braille");
    let page = app.get_json("/api/v1/follow-ups?limit=3").await;
    let rest = app
        .get_json(&format!(
            "/api/v1/follow-ups?limit=3&cursor={}",
            page["next_cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);
    let bad = app
        .get("/api/v1/follow-ups?cursor=nope")
        .send()
        .await
        .unwrap();
    assert_problem(bad, 422, "validation_failed", "a forged cursor").await;

    let audit = app
        .get_json_as(&team, "/api/v1/moderation/audit?action=status_changed")
        .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 4);
    assert_eq!(audit["items"][1]["details"], "planned → launched");
    assert_eq!(audit["items"][1]["actor"]["display_name"], "Équipe");
}

#[tokio::test]
async fn merging_moves_supports_once_per_person_and_unmerging_gives_them_back() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let target_author = app.member("Autrice cible").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let [s1, s2, s3, s4] = [
        app.member_with("Cliente", api::Role::Client).await,
        app.member("Deux").await,
        app.member("Trois").await,
        app.member("Quatre").await,
    ];
    let a = idea(&app, &author, "Payer sans contact avec la montre").await;
    let b = idea(&app, &target_author, "Payer avec une montre connectée").await;
    app.set_status(&team, a, "under_review").await;
    // s2 supports both: counted once after the merge; the target's author supports the
    // duplicate: that support does not become a support of their own idea.
    for person in [&s1, &s2, &s3, &target_author] {
        assert_eq!(app.vote(person, Method::PUT, a).await.status(), 200);
    }
    for person in [&s2, &s4] {
        assert_eq!(app.vote(person, Method::PUT, b).await.status(), 200);
    }
    assert_eq!(
        app.comment(&s3, a, json!({"body": "Très utile."}))
            .await
            .status(),
        201
    );

    // s1 reads the target first: what they support is kept for their pages.
    let target_page = format!("/api/v1/ideas/{b}");
    assert_eq!(
        app.get_json_as(&s1, &target_page).await["viewer_supports"],
        false
    );

    let merge_path = format!("/api/v1/moderation/ideas/{a}/merge");
    let change = app
        .post_as(
            &team,
            &merge_path,
            json!({"into": b, "explanation": "Même idée que la n° B."}),
            201,
        )
        .await;
    assert_eq!(change["status"], "duplicate");
    assert_eq!(change["merged_into"], b);
    // b: s2, s4 + s1 (client), s3 = 4, one client; a: nothing left.
    assert_eq!(app.supports_of(b).await, (4, 1, 4));
    assert_eq!(app.supports_of(a).await, (0, 0, 0));
    assert_eq!(
        app.get_json_as(&s1, &target_page).await["viewer_supports"],
        true,
        "s1's support moved with the merge, and their page says so at once"
    );
    let duplicate = app.get_json(&format!("/api/v1/ideas/{a}")).await;
    assert_eq!(duplicate["status"], "duplicate");
    assert_eq!(duplicate["merged_into"], b);
    assert_eq!(
        duplicate["comment_count"], 1,
        "comments stay on the duplicate"
    );
    let target_timeline = app.get_json(&format!("/api/v1/ideas/{b}/follow-ups")).await;
    assert_eq!(target_timeline["merged"][0]["id"], a);
    assert_eq!(target_timeline["merged"][0]["comment_count"], 1);
    let duplicate_timeline = app.get_json(&format!("/api/v1/ideas/{a}/follow-ups")).await;
    assert_eq!(duplicate_timeline["merged_into"]["id"], b);

    // A duplicate takes no supports or comments; merge rules.
    assert_problem(
        app.vote(&s4, Method::PUT, a).await,
        409,
        "idea_merged",
        "supporting a duplicate",
    )
    .await;
    assert_problem(
        app.comment(&s4, a, json!({"body": "Encore ?"})).await,
        409,
        "idea_merged",
        "commenting a duplicate",
    )
    .await;
    let c = idea(&app, &author, "Une troisième idée de paiement").await;
    let cases = [
        (
            format!("/api/v1/moderation/ideas/{c}/merge"),
            json!({"into": c, "explanation": "x"}),
            422,
            "into itself",
        ),
        (
            format!("/api/v1/moderation/ideas/{c}/merge"),
            json!({"into": a, "explanation": "x"}),
            422,
            "into a duplicate",
        ),
        (
            format!("/api/v1/moderation/ideas/{c}/merge"),
            json!({"into": 999999, "explanation": "x"}),
            422,
            "into nothing",
        ),
        (
            format!("/api/v1/moderation/ideas/{c}/merge"),
            json!({"into": b, "explanation": ""}),
            422,
            "without explanation",
        ),
        (
            merge_path.clone(),
            json!({"into": c, "explanation": "x"}),
            409,
            "a duplicate again",
        ),
        (
            format!("/api/v1/moderation/ideas/{c}/unmerge"),
            json!({"explanation": "x"}),
            409,
            "un-merging an idea that is no duplicate",
        ),
    ];
    for (path, body, status, why) in cases {
        let response = app
            .send(Some(&team), Method::POST, &path, Some(&body))
            .await;
        assert_eq!(response.status().as_u16(), status, "{why}");
    }
    let status = app
        .send(
            Some(&team),
            Method::POST,
            &format!("/api/v1/ideas/{a}/status"),
            Some(&json!({"status": "planned", "explanation": "x"})),
        )
        .await;
    assert_problem(
        status,
        409,
        "transition_not_allowed",
        "leaving duplicate by a status",
    )
    .await;

    // s4 withdraws from b meanwhile: counts follow.
    app.vote(&s4, Method::DELETE, b).await;
    assert_eq!(app.supports_of(b).await, (3, 1, 3));

    app.post_as(
        &team,
        &format!("/api/v1/moderation/ideas/{a}/unmerge"),
        json!({"explanation": "Finalement distinctes."}),
        201,
    )
    .await;
    assert_eq!(
        app.supports_of(a).await,
        (4, 1, 4),
        "a gets back s1, s2, s3 and b's author"
    );
    assert_eq!(app.supports_of(b).await, (1, 0, 1), "b keeps s2 alone");
    let back = app.get_json(&format!("/api/v1/ideas/{a}")).await;
    assert_eq!(back["status"], "under_review");
    assert_eq!(back["merged_into"], Value::Null);
    assert_eq!(app.count_rows("merged_supports").await, 0);
    assert_eq!(app.vote(&s4, Method::PUT, a).await.status(), 200);
    let actions: Vec<String> = app.get_json_as(&team, "/api/v1/moderation/audit").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["idea_unmerged", "idea_merged", "status_changed"]);
}

#[tokio::test]
async fn you_said_we_did_counts_statuses_and_times_the_first_response() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let answered = idea(&app, &author, "Une idée traitée vite").await;
    let slow = idea(&app, &author, "Une idée traitée lentement").await;
    let waiting = idea(&app, &author, "Une idée qui attend encore").await;
    let hidden = idea(&app, &author, "Une idée masquée par l'équipe").await;
    app.sql(&format!(
        "UPDATE ideas SET created_at = '{}' WHERE id = {answered}",
        hours_ago(4)
    ))
    .await;
    app.sql(&format!(
        "UPDATE ideas SET created_at = '{}' WHERE id = {slow}",
        hours_ago(20)
    ))
    .await;
    app.sql(&format!(
        "UPDATE ideas SET created_at = '{}' WHERE id IN ({waiting}, {hidden})",
        hours_ago(30)
    ))
    .await;
    app.set_status(&team, answered, "planned").await;
    app.set_status(&team, slow, "declined").await;
    app.post_as(
        &team,
        &format!("/api/v1/moderation/items/idea/{hidden}/hide"),
        json!({"reason": "Hors sujet."}),
        200,
    )
    .await;

    let stats = app.get_json("/api/v1/stats").await;
    let count = |status: &str| {
        stats["ideas"]["by_status"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["status"] == status)
            .unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(
        (
            count("new"),
            count("planned"),
            count("declined"),
            count("launched")
        ),
        (1, 1, 1, 0)
    );
    let first = &stats["ideas"]["first_response"];
    assert_eq!(first["responded"], 2);
    assert_eq!(first["waiting"], 1, "the hidden idea does not count");
    let median = first["median_hours"].as_f64().unwrap();
    assert!(
        (median - 12.0).abs() < 0.1,
        "median of 4 h and 20 h: {median}"
    );
    assert_eq!(stats["ideas"]["oldest_waiting"][0]["id"], waiting);
    assert_eq!(
        stats["ideas"]["oldest_waiting"].as_array().unwrap().len(),
        1
    );
    let banking = stats["ideas"]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["theme"] == "everyday-banking")
        .unwrap();
    assert_eq!(banking["responded"], 2);
    assert!(stats["questions"]["overall"].is_object());
}
