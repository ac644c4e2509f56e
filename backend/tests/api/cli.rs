//! The `cocrea` command line, run as a real process against the test database.

use crate::helpers::{PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn users_grant_and_revoke_change_roles_from_the_command_line() {
    let app = spawn_app().await;
    app.sign_up("lou@example.org", "Lou").await;
    let token = app.token("lou@example.org", PASSWORD).await;
    // The server now keeps the session it looked up.
    assert_eq!(
        roles_soon(&app, &token, json!(["member"])).await,
        json!(["member"])
    );

    let granted = app.cocrea(&["users", "grant", "LOU@example.org", "admin"]);
    assert!(
        granted.status.success(),
        "{}",
        String::from_utf8_lossy(&granted.stderr)
    );
    // On SQLite the server sees the command's change at the next request (its commit
    // moves the write-ahead log); on PostgreSQL when the change's notification arrives,
    // within milliseconds.
    assert_eq!(
        roles_soon(&app, &token, json!(["member", "admin"])).await,
        json!(["member", "admin"])
    );

    let revoked = app.cocrea(&["users", "revoke", "lou@example.org", "admin"]);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    assert_eq!(
        roles_soon(&app, &token, json!(["member"])).await,
        json!(["member"])
    );
}

/// The roles `/me` shows: at the first request on SQLite; on PostgreSQL once they are
/// `expected` or after a second.
async fn roles_soon(app: &TestApp, token: &str, expected: Value) -> Value {
    let wait = match app.db.read.get_database_backend() {
        sea_orm::DbBackend::Sqlite => std::time::Duration::ZERO,
        _ => std::time::Duration::from_secs(1),
    };
    let deadline = std::time::Instant::now() + wait;
    loop {
        let me: Value = app.me_with(token).await.json().await.unwrap();
        if me["roles"] == expected || std::time::Instant::now() > deadline {
            return me["roles"].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_command_line_explains_bad_arguments() {
    let app = spawn_app().await;
    app.sign_up("max@example.org", "Max").await;
    let cases = [
        (
            vec!["users", "grant", "max@example.org", "emperor"],
            "unknown role",
        ),
        (
            vec!["users", "grant", "ghost@example.org", "admin"],
            "no account",
        ),
        (
            vec!["users", "grant", "max@example.org", "member"],
            "member",
        ),
        (vec!["users", "grant", "max@example.org"], "ROLE"),
    ];
    for (args, expected) in cases {
        let output = app.cocrea(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn seeding_the_demo_twice_creates_each_account_idea_and_question_once() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let output = app.cocrea(&["seed", "--demo"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Five accounts, one per role, and twelve members to support the demo ideas.
    assert_eq!(app.count_users().await, 17);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM ideas").await, 30);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM questions").await, 10);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM expert_themes").await,
        3
    );
    // The demo's stored counters agree with its vote and rating rows.
    for mismatch in [
        "SELECT COUNT(*) AS n FROM questions q WHERE q.votes_total <> \
           (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id)",
        "SELECT COUNT(*) AS n FROM answers a WHERE a.helpful_total <> \
           (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = a.id AND v.value = 1) \
           OR a.unhelpful_clients <> (SELECT COUNT(*) FROM answer_votes v \
           WHERE v.answer_id = a.id AND v.value = -1 AND v.is_client)",
        "SELECT COUNT(*) AS n FROM questions q WHERE q.answer_count <> \
           (SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id)",
    ] {
        assert_eq!(app.count(mismatch).await, 0, "{mismatch}");
    }
    let admin = app.token("admin@demo.cocrea.test", "cocrea-demo").await;
    let me: Value = app.me_with(&admin).await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["member", "admin"]));
}

#[tokio::test]
async fn the_server_logs_no_email_password_token_or_refused_text() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    let app = spawn_app().await;
    let mut server = Command::new(env!("CARGO_BIN_EXE_cocrea"))
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("COCREA_SECRET", &app.secret)
        .env("COCREA_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base = first
        .trim()
        .trim_start_matches("Cocrea is running at ")
        .trim_end_matches('/')
        .to_owned();

    let (email, password) = ("secret.person@example.org", "a very telling password");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signup = client
        .post(format!("{base}/api/v1/auth/signup"))
        .json(&json!({"email": email, "display_name": "Secret Person", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), 201);
    app.confirm(email).await;
    let token = crate::helpers::session_token(&signup);
    let wrong = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"email": email, "password": "wrong guess entirely"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let me = client
        .get(format!("{base}/api/v1/me?email={email}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    // A refused idea: its account number is neither stored nor logged.
    let iban = "FR76 3000 6000 0112 3456 7890 189";
    let refused = client
        .post(format!("{base}/api/v1/ideas"))
        .header("origin", &base)
        .json(&json!({"title": "Mon compte", "body": format!("Virez sur {iban}"), "theme": "digital-app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM ideas").await, 0);

    server.kill().unwrap();
    server.wait().unwrap();
    let mut logs = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(
        logs.contains("/api/v1/auth/signup"),
        "the requests were logged: {logs}"
    );
    for secret in [
        email,
        password,
        "wrong guess entirely",
        token.as_str(),
        "Secret Person",
        iban,
        "3000 6000",
        "Virez",
    ] {
        assert!(!logs.contains(secret), "the logs hold {secret:?}:\n{logs}");
    }
}

#[tokio::test]
async fn a_generated_dataset_has_exact_counters_and_refuses_to_double() {
    let app = spawn_app().await;
    // A deleted idea leaves a gap in the id sequence: the dataset must not assume none.
    let author = app.member("Autrice").await;
    let gone = app.submit_idea(&author, "Une idée retirée", "Texte").await;
    let deleted = app
        .as_person(
            &author,
            reqwest::Method::DELETE,
            &format!("/api/v1/ideas/{}", gone["id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let args = [
        "seed",
        "--ideas",
        "300",
        "--votes",
        "4000",
        "--people",
        "120",
        "--questions",
        "200",
        "--question-votes",
        "900",
        "--answers",
        "700",
        "--ratings",
        "2500",
    ];
    let output = app.cocrea(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("300 ideas, 4000 supports"), "{stdout}");
    assert!(
        stdout.contains("200 questions, 900 question votes, 700 answers, 2500 ratings"),
        "{stdout}"
    );
    for (table, rows) in [
        ("idea_supports", 4000),
        ("question_votes", 900),
        ("answers", 700),
        ("answer_votes", 2500),
    ] {
        assert_eq!(app.count_rows(table).await, rows, "{table}");
    }
    assert!(
        app.count("SELECT COUNT(*) AS n FROM questions WHERE answer_count = 20")
            .await
            > 0,
        "the most answered questions have twenty answers"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM questions WHERE answer_count > 20")
            .await,
        0,
        "and none more"
    );
    assert!(
        app.count("SELECT COUNT(*) AS n FROM answers WHERE official = TRUE")
            .await
            > 0,
        "experts gave official answers"
    );
    let checked = app.cocrea(&["check-counts"]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{report}");
    assert_eq!(report.lines().count(), 6, "{report}");
    assert!(report.lines().all(|line| line.ends_with(": 0")), "{report}");
    for (votes, table, target) in [
        ("idea_supports", "ideas", "idea_id"),
        ("question_votes", "questions", "question_id"),
        ("answer_votes", "answers", "answer_id"),
    ] {
        let own = app
            .count(&format!(
                "SELECT COUNT(*) AS n FROM {votes} v JOIN {table} t ON t.id = v.{target} \
                 WHERE v.user_id = t.author_id"
            ))
            .await;
        assert_eq!(own, 0, "nobody votes on what they wrote ({votes})");
    }

    // Every counter that no longer matches its rows is found and named: one wrong row
    // per check, each a different counter.
    for statement in [
        "UPDATE ideas SET supports_clients = supports_clients + 1 WHERE id = (SELECT MIN(id) FROM ideas)",
        "UPDATE ideas SET comment_count = comment_count + 1 WHERE id = (SELECT MAX(id) FROM ideas)",
        "UPDATE questions SET votes_total = votes_total + 1 WHERE id = (SELECT MIN(id) FROM questions)",
        "UPDATE questions SET answer_count = answer_count + 1 WHERE id = (SELECT MAX(id) FROM questions)",
        "UPDATE answers SET unhelpful_clients = unhelpful_clients + 1 WHERE id = (SELECT MIN(id) FROM answers)",
        "UPDATE comments SET helpful_total = helpful_total + 1 WHERE id = (SELECT MIN(id) FROM comments)",
    ] {
        app.sql(statement).await;
    }
    let checked = app.cocrea(&["check-counts"]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(!checked.status.success(), "{report}");
    assert_eq!(report.lines().count(), 6, "{report}");
    assert!(report.lines().all(|line| line.ends_with(": 1")), "{report}");
    let again = app.cocrea(&args);
    assert!(!again.status.success(), "a second dataset is refused");
    assert_eq!(app.count("SELECT COUNT(*) AS n FROM ideas").await, 300);
}
