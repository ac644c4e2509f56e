//! Reports, the moderation queue, hiding and restoring, locking, people and themes, the
//! audit log, the CSV export, and who may use the console at all.

use crate::helpers::{Person, TestApp, assert_problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

async fn report(
    app: &TestApp,
    person: &Person,
    target_type: &str,
    id: i64,
    reason: &str,
) -> reqwest::Response {
    app.send(
        Some(person),
        Method::POST,
        "/api/v1/reports",
        Some(&json!({"target_type": target_type, "target_id": id, "reason": reason, "details": "Vu ce matin."})),
    )
    .await
}

#[tokio::test]
async fn reports_are_one_open_per_person_and_the_queue_shows_the_most_reported_first() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let [r1, r2, r3] = [
        app.member("Un").await,
        app.member("Deux").await,
        app.member("Trois").await,
    ];
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let idea = app
        .submit_idea(&author, "Une idée signalée trois fois", "Texte.")
        .await["id"]
        .as_i64()
        .unwrap();
    let comment: Value = app
        .comment(&author, idea, json!({"body": "Un commentaire signalé"}))
        .await
        .json()
        .await
        .unwrap();
    let comment = comment["id"].as_i64().unwrap();

    assert_eq!(
        report(&app, &r1, "comment", comment, "abuse")
            .await
            .status(),
        201
    );
    for (person, reason) in [(&r1, "spam"), (&r2, "spam"), (&r3, "off_topic")] {
        let response = report(&app, person, "idea", idea, reason).await;
        assert_eq!(response.status(), 201);
    }
    assert_problem(
        report(&app, &r1, "idea", idea, "abuse").await,
        409,
        "already_reported",
        "a second open report",
    )
    .await;
    let cases = [
        (
            json!({"target_type": "idea", "target_id": idea, "reason": "other"}),
            422,
            "other without details",
        ),
        (
            json!({"target_type": "idea", "target_id": idea, "reason": "other", "details": " "}),
            422,
            "other with blank details",
        ),
        (
            json!({"target_type": "person", "target_id": author.id, "reason": "spam"}),
            422,
            "a person is not content",
        ),
        (
            json!({"target_type": "idea", "target_id": 999999, "reason": "spam"}),
            422,
            "no such idea",
        ),
        (
            json!({"target_type": "poem", "target_id": idea, "reason": "spam"}),
            400,
            "an unknown type",
        ),
        (
            json!({"target_type": "idea", "target_id": idea, "reason": "boring"}),
            400,
            "an unknown reason",
        ),
        (
            json!({"target_type": "idea", "target_id": idea, "reason": "other", "details": "x".repeat(1001)}),
            422,
            "details too long",
        ),
    ];
    let author_again = app.member("Quatre").await;
    for (body, status, why) in cases {
        let response = app
            .send(
                Some(&author_again),
                Method::POST,
                "/api/v1/reports",
                Some(&body),
            )
            .await;
        assert_eq!(response.status().as_u16(), status, "{why}");
    }
    let visitor = app
        .send(
            None,
            Method::POST,
            "/api/v1/reports",
            Some(&json!({"target_type": "idea", "target_id": idea, "reason": "spam"})),
        )
        .await;
    assert_problem(visitor, 401, "unauthorized", "a visitor").await;
    assert_eq!(app.count_rows("reports").await, 4);

    let queue = app.get_json_as(&team, "/api/v1/moderation/queue").await;
    assert_eq!(queue["open_reports"], 4);
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["content"]["target_type"], "idea");
    assert_eq!(items[0]["open_reports"], 3);
    assert_eq!(
        items[0]["reasons"],
        json!([{"reason": "spam", "count": 2}, {"reason": "off_topic", "count": 1}])
    );
    assert_eq!(items[1]["content"]["target_type"], "comment");
    assert_eq!(
        items[1]["content"]["path"],
        format!("/ideas/{idea}#comment-{comment}")
    );

    let item = app
        .get_json_as(&team, &format!("/api/v1/moderation/items/idea/{idea}"))
        .await;
    assert_eq!(item["reports"].as_array().unwrap().len(), 3);
    assert_eq!(item["reports"][0]["details"], "Vu ce matin.");

    app.post_as(
        &team,
        &format!("/api/v1/moderation/items/idea/{idea}/dismiss"),
        json!({"reason": "Rien d'anormal."}),
        200,
    )
    .await;
    let queue = app.get_json_as(&team, "/api/v1/moderation/queue").await;
    assert_eq!(queue["items"].as_array().unwrap().len(), 1);
    assert_eq!(queue["open_reports"], 1);
    // Once dismissed, the same person may report again.
    assert_eq!(report(&app, &r1, "idea", idea, "abuse").await.status(), 201);
    let item = app
        .get_json_as(&team, &format!("/api/v1/moderation/items/idea/{idea}"))
        .await;
    assert_eq!(item["audit"][0]["action"], "reports_dismissed");
    assert_eq!(item["audit"][0]["details"], "3");
}

#[tokio::test]
async fn hidden_content_disappears_for_the_public_but_its_author_sees_it_with_the_reason() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let other = app.member("Autre").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let expert = app.expert_of("Experte", &["everyday-banking"]).await;
    let idea = app
        .submit_idea(
            &author,
            "Une offre mirifique de cryptomonnaie",
            "Cliquez ici.",
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let kept = app
        .submit_idea(
            &author,
            "Une cryptomonnaie expliquée simplement",
            "Pédagogie.",
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let comment: Value = app
        .comment(&other, kept, json!({"body": "Un commentaire déplacé"}))
        .await
        .json()
        .await
        .unwrap();
    let comment = comment["id"].as_i64().unwrap();
    let question = app
        .ask(
            &author,
            "Comment fonctionne la cryptomonnaie ici ?",
            "everyday-banking",
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let answer = app
        .answer_json(&other, question, json!({"body": "Une réponse hors sujet"}))
        .await["id"]
        .as_i64()
        .unwrap();
    app.answer_json(&expert, question, json!({"body": "La réponse officielle."}))
        .await;
    assert_eq!(
        report(&app, &other, "idea", idea, "spam").await.status(),
        201
    );

    for (kind, id) in [("idea", idea), ("comment", comment), ("answer", answer)] {
        let summary = app
            .post_as(
                &team,
                &format!("/api/v1/moderation/items/{kind}/{id}/hide"),
                json!({"reason": "Publicité déguisée."}),
                200,
            )
            .await;
        assert_eq!(summary["hidden"]["reason"], "Publicité déguisée.");
    }
    let blank = app
        .send(
            Some(&team),
            Method::POST,
            &format!("/api/v1/moderation/items/question/{question}/hide"),
            Some(&json!({"reason": ""})),
        )
        .await;
    assert_problem(blank, 422, "validation_failed", "hiding without a reason").await;
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM reports WHERE open IS NULL AND resolution = 'hidden'")
            .await,
        1
    );

    // The idea: gone for visitors and other members, everywhere.
    let path = format!("/api/v1/ideas/{idea}");
    assert_problem(
        app.get(&path).send().await.unwrap(),
        404,
        "not_found",
        "a visitor",
    )
    .await;
    let as_other = app.send(Some(&other), Method::GET, &path, None).await;
    assert_eq!(as_other.status(), 404);
    for list in [
        "/api/v1/ideas?sort=new",
        "/api/v1/ideas?q=cryptomonnaie",
        "/api/v1/ideas/similar?q=cryptomonnaie",
    ] {
        let ids: Vec<i64> = app.get_json(list).await["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert!(!ids.contains(&idea), "{list}: {ids:?}");
        assert!(ids.contains(&kept), "{list}: {ids:?}");
    }
    assert_eq!(
        app.get(&format!("{path}/comments"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("{path}/follow-ups"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(app.vote(&other, Method::PUT, idea).await.status(), 404);
    assert_eq!(
        app.comment(&other, idea, json!({"body": "Encore"}))
            .await
            .status(),
        404
    );
    // …but its author reads it, with the reason; so does the team.
    let own = app.get_json_as(&author, &path).await;
    assert_eq!(own["hidden"]["reason"], "Publicité déguisée.");
    assert_eq!(
        app.get_json_as(&team, &path).await["hidden"]["reason"],
        "Publicité déguisée."
    );

    // The comment keeps its place, emptied, for everyone but its author and the team.
    let public = app
        .get_json(&format!("/api/v1/ideas/{kept}/comments"))
        .await;
    let placeholder = &public["items"][0];
    assert_eq!(placeholder["body_html"], "");
    assert_eq!(placeholder["author"], Value::Null);
    assert_eq!(placeholder["hidden"]["reason"], Value::Null);
    let own = app
        .get_json_as(&other, &format!("/api/v1/ideas/{kept}/comments"))
        .await;
    assert!(
        own["items"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("déplacé")
    );
    assert_eq!(own["items"][0]["hidden"]["reason"], "Publicité déguisée.");

    // The answer leaves the page and the count, except for its author.
    let page = app.get_json(&format!("/api/v1/questions/{question}")).await;
    assert_eq!(page["answers"].as_array().unwrap().len(), 1);
    assert_eq!(page["answer_count"], 1);
    let own = app
        .get_json_as(&other, &format!("/api/v1/questions/{question}"))
        .await;
    assert_eq!(own["answers"].as_array().unwrap().len(), 2);

    // The question itself, hidden: out of lists and the experts' queue.
    app.post_as(
        &team,
        &format!("/api/v1/moderation/items/question/{question}/hide"),
        json!({"reason": "Doublon."}),
        200,
    )
    .await;
    let listed = app.get_json("/api/v1/questions?sort=new").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0);
    assert_eq!(
        app.get(&format!("/api/v1/questions/{question}"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // Restored: back for everyone.
    for (kind, id) in [("idea", idea), ("answer", answer), ("question", question)] {
        let summary = app
            .post_as(
                &team,
                &format!("/api/v1/moderation/items/{kind}/{id}/restore"),
                json!({"reason": "Après vérification."}),
                200,
            )
            .await;
        assert_eq!(summary["hidden"], Value::Null);
    }
    assert_eq!(app.get(&path).send().await.unwrap().status(), 200);
    assert_eq!(
        app.get_json(&format!("/api/v1/questions/{question}")).await["answer_count"],
        2
    );
}

#[tokio::test]
async fn a_locked_thread_takes_no_new_comments_or_answers() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let other = app.member("Autre").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let idea = app
        .submit_idea(&author, "Une idée très discutée", "Texte.")
        .await["id"]
        .as_i64()
        .unwrap();
    let question = app
        .ask(&author, "Une question très discutée ?", "everyday-banking")
        .await["id"]
        .as_i64()
        .unwrap();
    for (kind, id) in [("idea", idea), ("question", question)] {
        let summary = app
            .post_as(
                &team,
                &format!("/api/v1/moderation/items/{kind}/{id}/lock"),
                json!({"locked": true, "reason": "Le ton monte."}),
                200,
            )
            .await;
        assert_eq!(summary["locked"], true);
    }
    let comment = app
        .comment(&other, idea, json!({"body": "Et pourtant…"}))
        .await;
    assert_problem(comment, 409, "thread_locked", "a comment on a locked idea").await;
    let answer = app
        .answer(&other, question, json!({"body": "Et pourtant…"}))
        .await;
    assert_problem(
        answer,
        409,
        "thread_locked",
        "an answer to a locked question",
    )
    .await;
    assert_eq!(
        app.get_json(&format!("/api/v1/ideas/{idea}")).await["locked"],
        true
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/questions/{question}")).await["locked"],
        true
    );
    let comment_lock = app
        .send(
            Some(&team),
            Method::POST,
            "/api/v1/moderation/items/comment/1/lock",
            Some(&json!({"locked": true, "reason": "x"})),
        )
        .await;
    assert_eq!(comment_lock.status(), 404, "only threads lock");
    app.post_as(
        &team,
        &format!("/api/v1/moderation/items/idea/{idea}/lock"),
        json!({"locked": false, "reason": "Calme revenu."}),
        200,
    )
    .await;
    assert_eq!(
        app.comment(&other, idea, json!({"body": "Merci."}))
            .await
            .status(),
        201
    );
    let actions = app.get_json_as(&team, "/api/v1/moderation/audit").await;
    let actions: Vec<&str> = actions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["thread_unlocked", "thread_locked", "thread_locked"]
    );
}

#[tokio::test]
async fn people_are_verified_named_experts_and_given_roles_by_the_right_people() {
    let app = spawn_app().await;
    let member = app.member("Camille Durand").await;
    let moderator = app.member_with("Modératrice", api::Role::Moderator).await;
    let admin = app.member_with("Admin", api::Role::Admin).await;
    let by_name = app
        .post_as(
            &moderator,
            "/api/v1/moderation/people/search",
            json!({"q": "camille"}),
            200,
        )
        .await;
    assert_eq!(by_name["items"][0]["id"], member.id);
    let by_email = app
        .post_as(
            &moderator,
            "/api/v1/moderation/people/search",
            json!({"q": member.email.to_uppercase()}),
            200,
        )
        .await;
    assert_eq!(by_email["items"].as_array().unwrap().len(), 1);
    let wildcard = app
        .post_as(
            &moderator,
            "/api/v1/moderation/people/search",
            json!({"q": "%"}),
            200,
        )
        .await;
    assert_eq!(
        wildcard["items"].as_array().unwrap().len(),
        0,
        "% is a character, not a wildcard"
    );

    let roles = format!("/api/v1/moderation/people/{}/roles", member.id);
    let person = app
        .post_as(
            &moderator,
            &roles,
            json!({"role": "client", "granted": true, "reason": "Code client vérifié."}),
            200,
        )
        .await;
    assert_eq!(person["is_client"], true);
    assert_eq!(
        app.get_json_as(&member, "/api/v1/me").await["is_client"],
        true
    );
    let person = app
        .post_as(
            &moderator,
            &roles,
            json!({"role": "expert", "granted": true, "reason": "Conseillère épargne."}),
            200,
        )
        .await;
    assert!(
        person["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("expert"))
    );
    let themes = format!("/api/v1/moderation/people/{}/themes", member.id);
    let response = app
        .send(Some(&moderator), Method::PUT, &themes, Some(&json!({"themes": ["savings-investments", "everyday-banking"], "reason": "Ses domaines."})))
        .await;
    assert_eq!(response.status(), 200);
    let person: Value = response.json().await.unwrap();
    assert_eq!(
        person["expert_themes"],
        json!(["everyday-banking", "savings-investments"])
    );
    let unknown = app
        .send(
            Some(&moderator),
            Method::PUT,
            &themes,
            Some(&json!({"themes": ["astrology"], "reason": "x"})),
        )
        .await;
    assert_problem(unknown, 422, "validation_failed", "an unknown theme").await;

    let grant_mod = json!({"role": "moderator", "granted": true, "reason": "Renfort."});
    let refused = app
        .send(Some(&moderator), Method::POST, &roles, Some(&grant_mod))
        .await;
    assert_problem(refused, 403, "forbidden", "a moderator naming a moderator").await;
    app.post_as(&admin, &roles, grant_mod, 200).await;
    let own = app
        .send(
            Some(&admin),
            Method::POST,
            &format!("/api/v1/moderation/people/{}/roles", admin.id),
            Some(&json!({"role": "admin", "granted": false, "reason": "x"})),
        )
        .await;
    assert_problem(own, 409, "own_admin_role", "an admin taking their own role").await;
    let member_role = app
        .send(
            Some(&admin),
            Method::POST,
            &roles,
            Some(&json!({"role": "member", "granted": false, "reason": "x"})),
        )
        .await;
    assert_eq!(member_role.status(), 422);
    let missing = app
        .send(
            Some(&admin),
            Method::POST,
            "/api/v1/moderation/people/999999/roles",
            Some(&json!({"role": "client", "granted": true, "reason": "x"})),
        )
        .await;
    assert_eq!(missing.status(), 404);
    // Granting what is already held writes nothing more.
    app.post_as(
        &moderator,
        &roles,
        json!({"role": "client", "granted": true, "reason": "Encore."}),
        200,
    )
    .await;
    let audit = app
        .get_json_as(
            &admin,
            &format!(
                "/api/v1/moderation/audit?target_type=person&target_id={}",
                member.id
            ),
        )
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "role_granted",
            "expert_themes_set",
            "role_granted",
            "client_verified"
        ]
    );
    assert_eq!(audit["items"][0]["details"], "moderator");
    assert_eq!(audit["items"][3]["reason"], "Code client vérifié.");
}

#[tokio::test]
async fn themes_are_created_renamed_recommitted_and_archived() {
    let app = spawn_app().await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let valid = json!({"slug": "green-finance", "name": {"fr": "Finance verte", "en": "Green finance"},
        "description": {"fr": "Investir utile.", "en": "Useful investing."}, "response_hours": 48});
    let theme = app
        .post_as(&team, "/api/v1/moderation/themes", valid.clone(), 201)
        .await;
    assert_eq!(theme["slug"], "green-finance");
    let public: Vec<String> = app
        .get_json("/api/v1/themes")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(public.last().map(String::as_str), Some("green-finance"));
    let taken = app
        .send(
            Some(&team),
            Method::POST,
            "/api/v1/moderation/themes",
            Some(&valid),
        )
        .await;
    let body = assert_problem(taken, 422, "validation_failed", "a taken slug").await;
    assert_eq!(body["issues"]["slug"][0]["code"], "taken");
    let cases = [
        (
            json!({"slug": "Green Finance"}),
            "slug",
            "capitals and spaces",
        ),
        (json!({"slug": "-x-"}), "slug", "dashes at the ends"),
        (
            json!({"response_hours": 0}),
            "response_hours",
            "no commitment",
        ),
        (json!({"response_hours": 10000}), "response_hours", "a year"),
        (
            json!({"name": {"fr": "", "en": "x"}}),
            "name.fr",
            "no French name",
        ),
    ];
    for (change, field, why) in cases {
        let mut body = valid.clone();
        body["slug"] = json!("another-theme");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let response = app
            .send(
                Some(&team),
                Method::POST,
                "/api/v1/moderation/themes",
                Some(&body),
            )
            .await;
        let problem = assert_problem(response, 422, "validation_failed", why).await;
        assert!(problem["issues"][field].is_array(), "{why}: {problem}");
    }
    let id = theme["id"].as_i64().unwrap();
    let response = app
        .send(Some(&team), Method::PATCH, &format!("/api/v1/moderation/themes/{id}"), Some(&json!({"response_hours": 24, "archived": true, "name": {"fr": "Finance durable", "en": "Sustainable finance"}})))
        .await;
    assert_eq!(response.status(), 200);
    let theme: Value = response.json().await.unwrap();
    assert_eq!(
        (
            theme["response_hours"].as_i64(),
            theme["archived"].as_bool()
        ),
        (Some(24), Some(true))
    );
    let misplaced = app
        .send(
            Some(&team),
            Method::PATCH,
            &format!("/api/v1/moderation/themes/{id}"),
            Some(&json!({"position": -1})),
        )
        .await;
    let problem = assert_problem(misplaced, 422, "validation_failed", "a negative position").await;
    assert!(problem["issues"]["position"].is_array());
    let public = app.get_json("/api/v1/themes").await;
    assert!(
        public
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["slug"] != "green-finance")
    );
    let all = app.get_json_as(&team, "/api/v1/moderation/themes").await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|t| t["slug"] == "green-finance")
    );
    let audit = app
        .get_json_as(&team, "/api/v1/moderation/audit?target_type=theme")
        .await;
    assert_eq!(audit["items"][0]["details"], "name, 24 h, archived");
    assert_eq!(audit["items"][1]["action"], "theme_created");
}

#[tokio::test]
async fn the_export_is_csv_with_supports_by_segment_and_no_live_formulas() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let client = app.member_with("Cliente", api::Role::Client).await;
    let member = app.member("Membre").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let idea = app
        .submit_idea(&author, "=HYPERLINK(\"http://evil\",\"clic\")", "Texte.")
        .await["id"]
        .as_i64()
        .unwrap();
    app.vote(&client, Method::PUT, idea).await;
    app.vote(&member, Method::PUT, idea).await;
    app.comment(&member, idea, json!({"body": "Bien vu"})).await;
    let response = app
        .send(
            Some(&team),
            Method::GET,
            "/api/v1/moderation/export/ideas.csv",
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let bytes = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header.first().map(|h| h.trim_start_matches('\u{feff}')),
        Some("id")
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        &row[column("title")],
        "'=HYPERLINK(\"http://evil\",\"clic\")"
    );
    assert_eq!(&row[column("theme")], "everyday-banking");
    assert_eq!(&row[column("status")], "new");
    assert_eq!(
        (
            &row[column("supports_total")],
            &row[column("supports_clients")],
            &row[column("supports_non_clients")]
        ),
        ("2", "1", "1")
    );
    assert_eq!(&row[column("comment_count")], "1");
    let audit = app
        .get_json_as(&team, "/api/v1/moderation/audit?action=ideas_exported")
        .await;
    assert_eq!(audit["items"][0]["details"], "1 ideas");
}

#[tokio::test]
async fn audit_entries_cannot_be_changed_or_deleted_through_the_api() {
    let app = spawn_app().await;
    let admin = app.member_with("Admin", api::Role::Admin).await;
    let member = app.member("Membre").await;
    app.post_as(
        &admin,
        &format!("/api/v1/moderation/people/{}/roles", member.id),
        json!({"role": "client", "granted": true, "reason": "Vérifié."}),
        200,
    )
    .await;
    let entry = app.get_json_as(&admin, "/api/v1/moderation/audit").await["items"][0]["id"]
        .as_i64()
        .unwrap();
    for method in [Method::DELETE, Method::PATCH, Method::PUT, Method::POST] {
        for path in [
            "/api/v1/moderation/audit".to_owned(),
            format!("/api/v1/moderation/audit/{entry}"),
        ] {
            let response = app
                .send(
                    Some(&admin),
                    method.clone(),
                    &path,
                    Some(&json!({"reason": "effacé"})),
                )
                .await;
            assert!(
                response.status() == 404 || response.status() == 405,
                "{method} {path}: {}",
                response.status()
            );
        }
    }
    assert_eq!(app.count_rows("audit_log").await, 1);
    let kept = app.get_json_as(&admin, "/api/v1/moderation/audit").await;
    assert_eq!(kept["items"][0]["reason"], "Vérifié.");
}

/// Each console route × each kind of person → the status they get.
#[tokio::test]
async fn the_console_answers_only_moderators_and_admins() {
    let app = spawn_app().await;
    let author = app.member("Autrice").await;
    let people: [(&str, Option<Person>); 6] = [
        ("visitor", None),
        ("member", Some(app.member("Membre").await)),
        (
            "client",
            Some(app.member_with("Cliente", api::Role::Client).await),
        ),
        (
            "expert",
            Some(app.expert_of("Experte", &["everyday-banking"]).await),
        ),
        (
            "moderator",
            Some(app.member_with("Modératrice", api::Role::Moderator).await),
        ),
        (
            "admin",
            Some(app.member_with("Admin", api::Role::Admin).await),
        ),
    ];
    let mut ideas = Vec::new();
    for i in 0..12 {
        ideas.push(
            app.submit_idea(&author, &format!("Idée numéro {i} pour le test"), "Texte.")
                .await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let mut next = ideas.into_iter();
    let mut checked = 0;
    for (who, person) in &people {
        let staff = matches!(*who, "moderator" | "admin");
        // Fresh targets for each person, so a route that succeeds once succeeds again.
        let (idea, target) = (next.next().unwrap(), next.next().unwrap());
        let routes: Vec<(Method, String, Option<Value>, u16)> = vec![
            (Method::GET, "/api/v1/moderation/queue".into(), None, 200),
            (
                Method::GET,
                format!("/api/v1/moderation/items/idea/{idea}"),
                None,
                200,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/items/idea/{idea}/dismiss"),
                Some(json!({"reason": "r"})),
                200,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/items/idea/{idea}/lock"),
                Some(json!({"locked": true, "reason": "r"})),
                200,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/items/idea/{idea}/hide"),
                Some(json!({"reason": "r"})),
                200,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/items/idea/{idea}/restore"),
                Some(json!({"reason": "r"})),
                200,
            ),
            (
                Method::POST,
                format!("/api/v1/ideas/{idea}/status"),
                Some(json!({"status": "under_review", "explanation": "e"})),
                201,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/ideas/{target}/merge"),
                Some(json!({"into": idea, "explanation": "e"})),
                201,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/ideas/{target}/unmerge"),
                Some(json!({"explanation": "e"})),
                201,
            ),
            (
                Method::POST,
                "/api/v1/moderation/people/search".into(),
                Some(json!({"q": "Autrice"})),
                200,
            ),
            (
                Method::POST,
                format!("/api/v1/moderation/people/{}/roles", author.id),
                Some(json!({"role": "client", "granted": true, "reason": "r"})),
                200,
            ),
            (
                Method::PUT,
                format!("/api/v1/moderation/people/{}/themes", author.id),
                Some(json!({"themes": [], "reason": "r"})),
                200,
            ),
            (Method::GET, "/api/v1/moderation/themes".into(), None, 200),
            (
                Method::POST,
                "/api/v1/moderation/themes".into(),
                Some(
                    json!({"slug": format!("theme-{who}"), "name": {"fr": "Thème", "en": "Theme"}, "description": {"fr": "D", "en": "D"}, "response_hours": 24}),
                ),
                201,
            ),
            (
                Method::PATCH,
                "/api/v1/moderation/themes/1".into(),
                Some(json!({"response_hours": 72})),
                200,
            ),
            (Method::GET, "/api/v1/moderation/audit".into(), None, 200),
            (
                Method::GET,
                "/api/v1/moderation/export/ideas.csv".into(),
                None,
                200,
            ),
        ];
        for (method, path, body, ok) in routes {
            let response = app
                .send(person.as_ref(), method.clone(), &path, body.as_ref())
                .await;
            let expected = match (*who, staff) {
                ("visitor", _) => 401,
                (_, false) => 403,
                (_, true) => ok,
            };
            assert_eq!(
                response.status().as_u16(),
                expected,
                "{who}: {method} {path}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6 * 17);
    // Nothing done by the refused: only the two staff members' actions are on record.
    let actors = app
        .count("SELECT COUNT(DISTINCT actor_id) AS n FROM audit_log")
        .await;
    assert_eq!(actors, 2);
}
