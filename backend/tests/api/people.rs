//! People: follows and the notifications they bring, emails through the outbox (a real
//! SMTP server on loopback), unsubscribe links, feeds, shared links, profiles, settings,
//! avatars, data export and account deletion.

use crate::helpers::{PASSWORD, Person, TestApp, spawn_app, spawn_app_with};
use backend::notifications::outbox;
use backend::platform::config::Config;
use backend::platform::db::Db;
use backend::platform::mail::Mailer;
use bench::smtp::SmtpServer;
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{Value, json};

const THEME: &str = "everyday-banking";

async fn kinds_of(app: &TestApp, person: &Person) -> Vec<(String, i64)> {
    let list = app.get_json_as(person, "/api/v1/notifications").await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_owned(),
                n["subject_id"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Follows (`on`) or stops following `what` (`ideas/3`, `themes/everyday-banking`…).
async fn follow(app: &TestApp, person: &Person, on: bool, what: &str) -> Value {
    let method = if on { Method::PUT } else { Method::DELETE };
    let path = format!("/api/v1/{what}/follow");
    let response = app.as_person(person, method, &path).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn followers_hear_of_new_items_comments_replies_and_answers_and_unfollowing_stops_it() {
    let app = spawn_app().await;
    let fan = app.member("Fan du thème").await;
    let author = app.member("Autrice").await;
    let talker = app.member("Bavard").await;
    let outsider = app.member("Ailleurs").await;

    let on = follow(&app, &fan, true, &format!("themes/{THEME}")).await;
    assert_eq!(on["following"], true);
    follow(&app, &fan, true, &format!("themes/{THEME}")).await;
    let missing = app
        .as_person(&fan, Method::PUT, "/api/v1/themes/no-such-theme/follow")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let idea = app
        .submit_idea_in(
            &author,
            "Un relevé mensuel plus lisible",
            "Des rubriques claires.",
            THEME,
        )
        .await["id"]
        .as_i64()
        .unwrap();
    // An idea in another theme: the theme's fan hears nothing of it.
    app.submit_idea_in(
        &author,
        "Une idée dans un autre thème",
        "Ailleurs.",
        "digital-app",
    )
    .await;
    assert_eq!(
        kinds_of(&app, &fan).await,
        [("idea_posted".to_owned(), idea)]
    );
    assert!(kinds_of(&app, &outsider).await.is_empty());
    // The author follows their own idea from the start.
    let seen = app
        .get_json_as(&author, &format!("/api/v1/ideas/{idea}"))
        .await;
    assert_eq!(seen["viewer_follows"], true);
    let seen = app
        .get_json_as(&fan, &format!("/api/v1/ideas/{idea}"))
        .await;
    assert_eq!(seen["viewer_follows"], false);

    // The fan follows the idea and comments; the talker comments, then replies to the fan.
    follow(&app, &fan, true, &format!("ideas/{idea}")).await;
    let fan_comment: Value = app
        .comment(&fan, idea, json!({"body": "Oui, et par catégorie."}))
        .await
        .json()
        .await
        .unwrap();
    app.comment(&talker, idea, json!({"body": "Bonne idée."}))
        .await;
    app.comment(
        &talker,
        idea,
        json!({"body": "D'accord avec vous.", "parent_id": fan_comment["id"]}),
    )
    .await;
    let fan_kinds = kinds_of(&app, &fan).await;
    assert_eq!(
        fan_kinds,
        [
            ("comment_replied".to_owned(), idea),
            ("idea_commented".to_owned(), idea),
            ("idea_posted".to_owned(), idea),
        ],
        "a reply is told once, as a reply; one's own comment is not told"
    );
    let author_kinds = kinds_of(&app, &author).await;
    assert_eq!(
        author_kinds.len(),
        3,
        "three comments by others: {author_kinds:?}"
    );
    assert!(author_kinds.iter().all(|(k, _)| k == "idea_commented"));

    // Unfollowing stops it.
    let off = follow(&app, &fan, false, &format!("ideas/{idea}")).await;
    assert_eq!(off["following"], false);
    follow(&app, &fan, false, &format!("themes/{THEME}")).await;
    app.comment(&talker, idea, json!({"body": "Encore un mot."}))
        .await;
    app.submit_idea_in(&author, "Une seconde idée du même thème", "Encore.", THEME)
        .await;
    assert_eq!(kinds_of(&app, &fan).await.len(), 3);

    // Questions: the asker follows; a theme follower hears of the question, not twice.
    follow(&app, &outsider, true, &format!("themes/{THEME}")).await;
    let question = app.ask(&author, "Comment lire mon relevé ?", THEME).await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        kinds_of(&app, &outsider).await,
        [("question_posted".to_owned(), question)]
    );
    follow(&app, &talker, true, &format!("questions/{question}")).await;
    app.answer_json(
        &fan,
        question,
        json!({"body": "Regardez la colonne de droite."}),
    )
    .await;
    assert!(
        kinds_of(&app, &author)
            .await
            .contains(&("question_answered".to_owned(), question))
    );
    assert!(
        kinds_of(&app, &talker)
            .await
            .contains(&("question_answered".to_owned(), question))
    );
    assert!(
        !kinds_of(&app, &fan)
            .await
            .iter()
            .any(|(k, _)| k == "question_answered")
    );

    // Following what one cannot see is refused like what does not exist.
    for path in [
        "/api/v1/ideas/999999/follow",
        "/api/v1/questions/999999/follow",
    ] {
        let response = app.as_person(&fan, Method::PUT, path).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
    let anonymous = app
        .client
        .put(app.url(&format!("/api/v1/ideas/{idea}/follow")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

fn mailer_config(app: &TestApp, smtp: &SmtpServer) -> Config {
    let mut vars = smtp.cocrea_env();
    vars.extend([
        ("DATABASE_URL", app.database_url.clone()),
        ("COCREA_SECRET", app.secret.clone()),
        ("COCREA_PUBLIC_URL", "https://cocrea.example.org".to_owned()),
    ]);
    Config::from_lookup(|key| vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())).unwrap()
}

/// The unsubscribe link of an email (the one-click URL of its List-Unsubscribe header).
fn one_click(message: &str) -> String {
    let start = message
        .find("List-Unsubscribe: <")
        .expect("a List-Unsubscribe header")
        + 19;
    let end = message[start..].find('>').unwrap() + start;
    message[start..end].replace("\n ", "").replace(' ', "")
}

/// The notifications the sink holds once there are `n` (or after 20 s). A member's
/// confirmation link, which the outbox may send in the moment between their sign-up and
/// the test confirming their address, is not one: it has no `List-Unsubscribe`.
async fn notifications(smtp: &SmtpServer, n: usize) -> Vec<String> {
    let held = || -> Vec<String> {
        smtp.messages()
            .into_iter()
            .filter(|m| m.contains("List-Unsubscribe:"))
            .collect()
    };
    for _ in 0..200 {
        if held().len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    held()
}

#[tokio::test]
async fn emails_go_out_through_smtp_with_a_one_click_unsubscribe_that_needs_no_login() {
    let smtp = SmtpServer::start(0).await.expect("the SMTP server");
    let mut env = smtp.cocrea_env();
    env.push(("COCREA_OUTBOX_EVERY_MS", "100".to_owned()));
    let app = spawn_app_with(&env).await;
    let asker = app.member("Camille \"Cam\" <Durand>").await;
    let expert = app.expert_of("Experte", &[THEME]).await;
    let question = app
        .ask(&asker, "Quand un virement SEPA arrive-t-il ?", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    // The expert was told at once (question_asked is immediate by default).
    let messages = notifications(&smtp, 1).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    let mail = &messages[0];
    assert!(mail.contains(&expert.email), "sent to the expert: {mail}");
    assert!(mail.contains("Subject: [Cocrea]"), "{mail}");
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(
        mail.contains(&format!("/questions/{question}")),
        "links to the question"
    );

    app.answer_json(&expert, question, json!({"body": "Sous un jour ouvré."}))
        .await;
    let messages = notifications(&smtp, 2).await;
    assert_eq!(messages.len(), 2);
    assert!(
        messages[1].contains(&asker.email),
        "the asker hears of the answer"
    );
    // The worker marks a row sent once the server has taken the message: a moment after
    // the sink has it.
    let mut sent = 0;
    for _ in 0..100 {
        sent = app
            .count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM email_outbox WHERE sent_at IS NOT NULL AND due_at IS NULL AND kind <> 'verify_email'")
            .await;
        if sent == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sent, 2);

    // One click, no session: the kind stops; a forged token changes nothing.
    let link = one_click(&messages[1]);
    let path = link
        .split_once("/api/")
        .map(|(_, p)| format!("/api/{p}"))
        .unwrap();
    let forged = reqwest::Client::new()
        .post(app.url(&path.replace("question_answered", "question_asked")))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
    // No token at all, or a body that is not `{token}`: said so, not taken for a bad link.
    let client = reqwest::Client::new();
    let unsubscribe = app.url("/api/v1/unsubscribe");
    let bare = client
        .post(&unsubscribe)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 422);
    let wrong = client
        .post(&unsubscribe)
        .json(&json!({"tok": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let done = reqwest::Client::new()
        .post(app.url(&path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["kinds"], json!(["question_answered"]));
    let settings = app.get_json_as(&asker, "/api/v1/me/settings").await;
    let pref = settings["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "question_answered")
        .unwrap()
        .clone();
    assert_eq!(pref["delivery"], "none");
    app.answer_json(
        &expert,
        question,
        json!({"body": "Précision : hors week-end."}),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        notifications(&smtp, 0).await.len(),
        2,
        "no email after unsubscribing"
    );
    assert_eq!(
        kinds_of(&app, &asker).await.len(),
        2,
        "the app still shows both answers"
    );
}

#[tokio::test]
async fn a_refused_email_is_retried_later_and_two_workers_never_send_one_twice() {
    let smtp = SmtpServer::start(1).await.expect("the SMTP server");
    // The app's own worker stays out of the way: these workers are driven by hand.
    let app = spawn_app_with(&[("COCREA_OUTBOX_EVERY_MS", "3600000".to_owned())]).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let config = mailer_config(&app, &smtp);
    let mailer = Mailer::new(&config).unwrap();
    let asker = app.member("Asker").await;
    // The expert of the theme is whom the emails go to.
    app.expert_of("Experte", &[THEME]).await;
    app.ask(&asker, "Une première question pour l'experte", THEME)
        .await;

    let now = Utc::now();
    let first = outbox::deliver_due(&app.db, &mailer, now).await.unwrap();
    assert_eq!((first.sent, first.retried), (0, 1), "451: kept for later");
    assert_eq!(
        app.count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM email_outbox WHERE attempts = 1 AND due_at IS NOT NULL AND last_error IS NOT NULL").await,
        1
    );
    let early = outbox::deliver_due(&app.db, &mailer, now + Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(early.sent, 0, "not before the backoff");
    let later = outbox::deliver_due(&app.db, &mailer, now + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(later.sent, 1);
    assert_eq!(smtp.messages().len(), 1);

    // Forty more emails, two workers (two connections to the database, like two servers).
    for n in 0..40 {
        app.ask(
            &asker,
            &format!("Question numéro {n} pour l'experte"),
            THEME,
        )
        .await;
    }
    let other = Db::connect(&config).await.unwrap();
    let at = Utc::now() + Duration::minutes(3);
    let (a, b) = tokio::join!(
        outbox::deliver_due(&app.db, &mailer, at),
        outbox::deliver_due(&other, &mailer, at)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 40, "every email once: {a:?} {b:?}");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 41);
    let mut ids: Vec<&str> = messages
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:")))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 41, "no message sent twice");
}

/// E-mails go out over TLS to the server Cocrea was told to trust: a certificate from
/// another CA, or no TLS at all, delivers nothing (the row waits to be retried).
#[tokio::test]
async fn an_smtp_server_that_is_not_trusted_gets_no_email() {
    let smtp = SmtpServer::start(0).await.expect("the SMTP server");
    let app = spawn_app_with(&[("COCREA_OUTBOX_EVERY_MS", "3600000".to_owned())]).await;
    let asker = app.member("Asker").await;
    app.expert_of("Experte", &[THEME]).await;
    app.ask(&asker, "Une question pour l'experte, par TLS", THEME)
        .await;
    let trusted = mailer_config(&app, &smtp);
    let with = |url: String| {
        let mut config = trusted.clone();
        config.smtp_url = Some(url.into());
        config.smtp_ca = None;
        config
    };
    let now = Utc::now();
    let unknown_ca = with(format!("smtp://127.0.0.1:{}?tls=required", smtp.port));
    let run = outbox::deliver_due(&app.db, &Mailer::new(&unknown_ca).unwrap(), now)
        .await
        .unwrap();
    assert_eq!(
        (run.sent, run.retried),
        (0, 1),
        "a certificate from an unknown CA"
    );
    assert!(smtp.messages().is_empty());
    let later = now + Duration::days(1);
    let run = outbox::deliver_due(&app.db, &Mailer::new(&trusted).unwrap(), later)
        .await
        .unwrap();
    assert_eq!(run.sent, 1, "the trusted server gets it");
    assert_eq!(smtp.messages().len(), 1);

    // Without STARTTLS the server accepts nothing.
    app.ask(&asker, "Une autre question, en clair cette fois", THEME)
        .await;
    let plain = with(format!("smtp://127.0.0.1:{}", smtp.port));
    let run = outbox::deliver_due(&app.db, &Mailer::new(&plain).unwrap(), later)
        .await
        .unwrap();
    assert_eq!(run.sent, 0, "no STARTTLS: {run:?}");
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn digests_gather_a_day_of_notifications_in_one_email() {
    let app = spawn_app_with(&[("COCREA_OUTBOX_EVERY_MS", "3600000".to_owned())]).await;
    let fan = app.member("Fan").await;
    let author = app.member("Autrice").await;
    follow(&app, &fan, true, &format!("themes/{THEME}")).await;
    for n in 0..3 {
        app.submit_idea_in(
            &author,
            &format!("Idée numéro {n} du thème"),
            "Texte.",
            THEME,
        )
        .await;
    }
    // idea_posted goes to the digest by default: nothing immediate.
    assert_eq!(app.count_rows("email_outbox").await, 0);
    let now = Utc::now();
    assert_eq!(outbox::queue_digests(&app.db, now).await.unwrap(), 1);
    assert_eq!(app.count_rows("email_outbox").await, 1);
    app.submit_idea_in(&author, "Une quatrième idée du thème", "Texte.", THEME)
        .await;
    assert_eq!(
        outbox::queue_digests(&app.db, now + Duration::hours(1))
            .await
            .unwrap(),
        0,
        "one digest a day"
    );
    assert_eq!(
        outbox::queue_digests(&app.db, now + Duration::hours(25))
            .await
            .unwrap(),
        1
    );
    let carried = app
        .count("SELECT CAST(COUNT(DISTINCT digest_id) AS BIGINT) AS n FROM notifications WHERE digest_id IS NOT NULL")
        .await;
    assert_eq!(carried, 2);
    assert_eq!(
        app.count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM notifications WHERE digest_pending")
            .await,
        0
    );

    // Choosing "none" drops what waited for the digest.
    app.submit_idea_in(&author, "Une cinquième idée du thème", "Texte.", THEME)
        .await;
    let response = app
        .as_person(&fan, Method::PATCH, "/api/v1/me/settings")
        .json(&json!({"notifications": [{"kind": "idea_posted", "delivery": "none"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        outbox::queue_digests(&app.db, now + Duration::hours(50))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn feeds_list_public_content_with_absolute_links_and_never_hidden_content() {
    let app =
        spawn_app_with(&[("COCREA_PUBLIC_URL", "https://cocrea.example.org".to_owned())]).await;
    let author = app.member("Autrice <b>").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let expert = app.expert_of("Experte", &[THEME]).await;
    let shown = app
        .submit_idea_in(
            &author,
            "Une idée visible & <claire>",
            "Du **gras**.",
            THEME,
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let hidden = app
        .submit_idea_in(&author, "Une idée bientôt masquée", "Pub.", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    app.post_as(
        &team,
        &format!("/api/v1/moderation/items/idea/{hidden}/hide"),
        json!({"reason": "Publicité."}),
        200,
    )
    .await;
    app.set_status(&team, shown, "under_review").await;
    let question = app
        .ask(&author, "Une question pour les experts ?", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    app.answer_json(
        &expert,
        question,
        json!({"body": "Une réponse officielle."}),
    )
    .await;

    for (path, expect) in [
        ("/feeds/ideas", vec![format!("/ideas/{shown}")]),
        (
            &format!("/feeds/themes/{THEME}") as &str,
            vec![format!("/ideas/{shown}")],
        ),
        ("/feeds/follow-ups", vec![format!("/ideas/{shown}")]),
        ("/feeds/questions", vec![format!("/questions/{question}")]),
        (
            &format!("/feeds/questions/{question}/answers") as &str,
            vec![format!("/questions/{question}#answer-")],
        ),
    ] {
        let atom = app.get(&format!("{path}.atom")).send().await.unwrap();
        assert_eq!(atom.status(), 200, "{path}.atom");
        assert!(
            atom.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/atom+xml")
        );
        let feed = atom_syndication::Feed::read_from(&atom.bytes().await.unwrap()[..])
            .expect("well-formed Atom");
        assert!(
            feed.id().starts_with("https://cocrea.example.org/"),
            "{path}"
        );
        assert!(!feed.entries().is_empty(), "{path}");
        for entry in feed.entries() {
            assert!(
                entry.links()[0]
                    .href()
                    .starts_with("https://cocrea.example.org/")
            );
            assert!(!entry.title().is_empty() && !entry.id().is_empty());
            assert!(
                !entry.links()[0]
                    .href()
                    .ends_with(&format!("/ideas/{hidden}")),
                "hidden in {path}"
            );
        }
        for wanted in &expect {
            assert!(
                feed.entries()
                    .iter()
                    .any(|e| e.links()[0].href().contains(wanted.as_str())),
                "{path}: {wanted}"
            );
        }

        let rss = app.get(&format!("{path}.rss")).send().await.unwrap();
        assert_eq!(rss.status(), 200);
        let channel =
            rss::Channel::read_from(&rss.bytes().await.unwrap()[..]).expect("well-formed RSS");
        assert!(channel.link().starts_with("https://cocrea.example.org/"));
        assert!(!channel.title().is_empty() && !channel.description().is_empty());
        assert_eq!(channel.items().len(), feed.entries().len());
        for item in channel.items() {
            let link = item.link().unwrap();
            assert!(link.starts_with("https://cocrea.example.org/") && item.pub_date().is_some());
            assert!(!link.ends_with(&format!("/ideas/{hidden}")));
        }
    }
    let ideas = app.get_text("/feeds/ideas.atom").await;
    assert!(
        ideas.contains("Une idée visible &amp; &lt;claire&gt;"),
        "titles escaped"
    );
    assert!(!ideas.contains("bientôt masquée"));
    for missing in [
        "/feeds/themes/nope.atom",
        "/feeds/ideas.json",
        "/feeds/questions/999999/answers.rss",
    ] {
        assert_eq!(
            app.get(missing).send().await.unwrap().status(),
            404,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn shared_links_carry_escaped_open_graph_tags_and_still_boot_the_app() {
    let app =
        spawn_app_with(&[("COCREA_PUBLIC_URL", "https://cocrea.example.org".to_owned())]).await;
    let author = app.member("Autrice").await;
    let team = app.member_with("Équipe", api::Role::Moderator).await;
    let title = "Des \"alertes\" <script>alert(1)</script> utiles";
    let idea = app
        .submit_idea_in(
            &author,
            title,
            "Être prévenu **avant** un découvert.\n\nSecond paragraphe.",
            THEME,
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let html = app.get_text(&format!("/ideas/{idea}")).await;
    let escaped = "Des &quot;alertes&quot; &lt;script&gt;alert(1)&lt;/script&gt; utiles";
    assert!(
        html.contains(&format!("<title>{escaped} · Cocrea</title>")),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<meta property=\"og:title\" content=\"{escaped}\">"
    )));
    assert!(html.contains("<meta property=\"og:description\" content=\"Être prévenu avant un découvert. Second paragraphe.\">"));
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"https://cocrea.example.org/ideas/{idea}\">"
    )));
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(html.contains("application/atom+xml"));
    assert!(
        !html.contains("<script>alert(1)"),
        "no raw markup from the title"
    );
    assert!(
        html.contains("<script type=\"module\" src=\"/assets/boot-"),
        "the app still boots"
    );
    assert_eq!(html.matches("<title>").count(), 1);

    let question = app.ask(&author, "Une question à partager ?", THEME).await["id"]
        .as_i64()
        .unwrap();
    let html = app.get_text(&format!("/questions/{question}")).await;
    assert!(html.contains("<meta property=\"og:title\" content=\"Une question à partager ?\">"));
    assert!(html.contains(&format!("/feeds/questions/{question}/answers.atom")));

    app.post_as(
        &team,
        &format!("/api/v1/moderation/items/idea/{idea}/hide"),
        json!({"reason": "Test."}),
        200,
    )
    .await;
    let gone = app.get(&format!("/ideas/{idea}")).send().await.unwrap();
    assert_eq!(gone.status(), 404);
    let html = gone.text().await.unwrap();
    assert!(
        !html.contains("alertes") && html.contains("boot-"),
        "a hidden idea shares nothing"
    );
    assert_eq!(
        app.get("/ideas/not-a-number")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let list = app.get_text(&format!("/ideas?theme={THEME}")).await;
    assert!(list.contains(&format!(
        "https://cocrea.example.org/feeds/themes/{THEME}.rss"
    )));
}

#[tokio::test]
async fn profiles_show_badges_activity_and_reputation_and_settings_are_validated_as_a_whole() {
    let app = spawn_app().await;
    let author = app.member("Camille Durand").await;
    let fan = app.member_with("Client fidèle", api::Role::Client).await;
    let idea = app
        .submit_idea_in(&author, "Une idée de Camille Durand", "Texte.", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    app.vote(&fan, Method::PUT, idea).await;
    app.comment(&author, idea, json!({"body": "Je précise."}))
        .await;
    let profile = app.get_json(&format!("/api/v1/people/{}", author.id)).await;
    assert_eq!(profile["person"]["display_name"], "Camille Durand");
    assert_eq!(profile["avatar"]["initials"], "CD");
    assert!(profile["avatar"]["url"].is_null());
    assert_eq!(profile["reputation"]["supports"], 1);
    assert_eq!(profile["reputation"]["total"], 1);
    assert_eq!(profile["ideas"]["total"], 1);
    assert_eq!(profile["ideas"]["latest"][0]["subject_id"], idea);
    assert_eq!(
        profile["comments"]["latest"][0]["title"],
        "Une idée de Camille Durand"
    );
    assert!(profile.get("email").is_none() && !profile.to_string().contains(&author.email));
    let fan_profile = app.get_json(&format!("/api/v1/people/{}", fan.id)).await;
    assert_eq!(fan_profile["person"]["badges"], json!(["client"]));

    // One bad field: nothing changes.
    let before = app.get_json_as(&author, "/api/v1/me/settings").await;
    for (body, field) in [
        (
            json!({"bio": "x".repeat(501), "display_name": "Nouveau nom"}),
            "bio",
        ),
        (json!({"locale": "de", "bio": "Bonjour"}), "locale"),
        (
            json!({"themes": ["no-such-theme"], "bio": "Bonjour"}),
            "themes",
        ),
        (
            json!({"display_name": "", "bio": "Bonjour"}),
            "display_name",
        ),
        (
            json!({"bio": "Mon IBAN FR76 3000 6000 0112 3456 7890 189", "locale": "en"}),
            "bio",
        ),
    ] {
        let response = app
            .as_person(&author, Method::PATCH, "/api/v1/me/settings")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{body}");
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"].get(field).is_some(), "{field}: {problem}");
        assert_eq!(
            app.get_json_as(&author, "/api/v1/me/settings").await,
            before,
            "{body}"
        );
    }
    let wrong_kind = app
        .as_person(&author, Method::PATCH, "/api/v1/me/settings")
        .json(&json!({"notifications": [{"kind": "nope", "delivery": "none"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_kind.status(), 400);
    let stored: Value = app.as_person(&author, Method::PATCH, "/api/v1/me/settings")
        .json(&json!({"bio": "  J'aime les idées simples.  ", "locale": "en", "themes": [THEME, "digital-app"],
            "notifications": [{"kind": "idea_commented", "delivery": "immediate"}]}))
        .send().await.unwrap().json().await.unwrap();
    assert_eq!(stored["bio"], "J'aime les idées simples.");
    assert_eq!(stored["locale"], "en");
    assert_eq!(stored["themes"], json!(["digital-app", THEME]));
    let pref = stored["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "idea_commented")
        .unwrap()
        .clone();
    assert_eq!(pref["delivery"], "immediate");
    let narrowed: Value = app
        .as_person(&author, Method::PATCH, "/api/v1/me/settings")
        .json(&json!({"themes": ["digital-app"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(narrowed["themes"], json!(["digital-app"]));
    assert_eq!(
        narrowed["bio"], "J'aime les idées simples.",
        "what is not given stays"
    );

    // Avatars: re-encoded PNG served; other things refused.
    let mut jpeg = Vec::new();
    image::RgbImage::from_pixel(300, 200, image::Rgb([200, 30, 30]))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let uploaded: Value = app
        .as_person(&author, Method::PUT, "/api/v1/me/avatar")
        .header("content-type", "image/jpeg")
        .body(jpeg)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = uploaded["avatar"]["url"].as_str().unwrap().to_owned();
    let picture = app.get(&url).send().await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/png");
    let png = image::load_from_memory(&picture.bytes().await.unwrap()).unwrap();
    assert_eq!((png.width(), png.height()), (256, 256));
    for (body, issue) in [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
            "not_an_image",
        ),
        (vec![0u8; 2 * 1024 * 1024 + 1], "too_large"),
    ] {
        let response = app
            .as_person(&author, Method::PUT, "/api/v1/me/avatar")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["issues"]["avatar"][0]["code"], issue, "{problem}");
    }
    let removed: Value = app
        .as_person(&author, Method::DELETE, "/api/v1/me/avatar")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(removed["avatar"]["url"].is_null());
    assert_eq!(app.get(&url).send().await.unwrap().status(), 404);

    // The home gathers followed themes, updates and open questions.
    let other = app.member("Autre").await;
    app.submit_idea_in(
        &other,
        "Une idée numérique toute neuve",
        "Texte.",
        "digital-app",
    )
    .await;
    let question = app
        .ask(&author, "Ma question reste-t-elle ouverte ?", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    let home = app.get_json_as(&author, "/api/v1/me/home").await;
    assert_eq!(home["themes"], json!(["digital-app"]));
    assert_eq!(home["fresh"][0]["title"], "Une idée numérique toute neuve");
    assert_eq!(home["updates"][0]["kind"], "idea_posted");
    assert_eq!(home["open_questions"][0]["id"], question);
}

#[tokio::test]
async fn export_holds_everything_and_deletion_erases_the_person_but_keeps_contributions() {
    let app = spawn_app().await;
    let leaver = app.member_with("Départ Prochain", api::Role::Client).await;
    let author = app.member("Autrice").await;
    let idea = app
        .submit_idea_in(&author, "Une idée soutenue par le partant", "Texte.", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    let own = app
        .submit_idea_in(&leaver, "L'idée du partant reste publique", "Texte.", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    let question = app
        .ask(&author, "Une question votée par le partant ?", THEME)
        .await["id"]
        .as_i64()
        .unwrap();
    let answer = app
        .answer_json(&author, question, json!({"body": "Une réponse notée."}))
        .await["id"]
        .as_i64()
        .unwrap();
    app.vote(&leaver, Method::PUT, idea).await;
    app.as_person(
        &leaver,
        Method::PUT,
        &format!("/api/v1/questions/{question}/vote"),
    )
    .send()
    .await
    .unwrap();
    app.as_person(
        &leaver,
        Method::PUT,
        &format!("/api/v1/answers/{answer}/vote"),
    )
    .json(&json!({"value": 1}))
    .send()
    .await
    .unwrap();
    app.comment(&leaver, idea, json!({"body": "Mon commentaire reste."}))
        .await;
    follow(&app, &leaver, true, &format!("themes/{THEME}")).await;
    app.as_person(&leaver, Method::PATCH, "/api/v1/me/settings")
        .json(&json!({"bio": "Ma bio."}))
        .send()
        .await
        .unwrap();
    app.post_as(
        &leaver,
        "/api/v1/accessibility/problems",
        json!({"page": "/settings", "description": "Le zoom à 200 % coupe le formulaire."}),
        201,
    )
    .await;

    let response = app
        .as_person(&leaver, Method::GET, "/api/v1/me/export")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data: Value = response.json().await.unwrap();
    assert_eq!(data["profile"]["email"], leaver.email);
    assert_eq!(data["profile"]["bio"], "Ma bio.");
    assert_eq!(data["profile"]["roles"], json!(["member", "client"]));
    assert_eq!(data["ideas"][0]["id"], own);
    assert_eq!(data["comments"][0]["parent_id"], idea);
    assert_eq!(data["idea_supports"][0]["target_id"], idea);
    assert_eq!(data["question_votes"][0]["target_id"], question);
    assert_eq!(data["answer_ratings"][0]["value"], 1);
    let follows: Vec<&str> = data["follows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["target_type"].as_str().unwrap())
        .collect();
    assert!(
        follows.contains(&"theme") && follows.contains(&"idea"),
        "{follows:?}"
    );
    assert_eq!(
        data["notification_preferences"].as_array().unwrap().len(),
        7
    );
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(data["accessibility_problems"][0]["page"], "/settings");
    assert!(
        !data.to_string().contains(&leaver.token),
        "no session token in the export"
    );

    // Deletion needs the password.
    for (body, status) in [
        (json!({"password": "wrong password!"}), 422),
        (json!({"password": ""}), 422),
        (json!({}), 400),
    ] {
        let response = app
            .as_person(&leaver, Method::POST, "/api/v1/me/delete")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{body}");
    }
    let response = app
        .as_person(&leaver, Method::POST, "/api/v1/me/delete")
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    // Gone: the session, the sign-in, the email, the votes (counts recomputed), the follows.
    let me = app
        .as_person(&leaver, Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    assert_eq!(app.log_in(&leaver.email, PASSWORD).await.status(), 401);
    let seen = app.get_json(&format!("/api/v1/ideas/{idea}")).await;
    assert_eq!(
        seen["supports"],
        json!({"total": 0, "clients": 0, "non_clients": 0})
    );
    let q = app.get_json(&format!("/api/v1/questions/{question}")).await;
    assert_eq!(q["votes"]["total"], 0);
    assert_eq!(q["answers"][0]["helpful"]["total"], 0);
    for table in [
        "idea_supports",
        "question_votes",
        "answer_votes",
        "follows",
        "sessions",
        "notification_prefs",
    ] {
        let n = app
            .count(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table} WHERE user_id = {}",
                leaver.id
            ))
            .await;
        assert_eq!(n, 0, "{table}");
    }
    let kept = app.count(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM users WHERE id = {} AND email NOT LIKE '%example.org' AND display_name = '' AND bio = '' AND is_client = false AND deleted_at IS NOT NULL", leaver.id)).await;
    assert_eq!(kept, 1, "the row stays, anonymised");
    // Contributions stay, signed "deleted member"; the profile is gone.
    let theirs = app.get_json(&format!("/api/v1/ideas/{own}")).await;
    assert_eq!(theirs["author"]["deleted"], true);
    assert_eq!(theirs["author"]["display_name"], "");
    let comments = app
        .get_json(&format!("/api/v1/ideas/{idea}/comments"))
        .await;
    assert!(comments.to_string().contains("Mon commentaire reste."));
    assert_eq!(
        app.get(&format!("/api/v1/people/{}", leaver.id))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // The same email can make a new account.
    assert_eq!(app.sign_up(&leaver.email, "De retour").await.status(), 201);
}
