//! `spawn_app()` and the helpers tests share.

use backend::platform::config::Config;
use backend::platform::db::Db;
use backend::startup::Application;
use reqwest::{Client, RequestBuilder, Response, header};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: String,
    /// A client with a cookie jar, like a browser.
    pub client: Client,
    pub db: Db,
    pub reads: actix_web::web::Data<backend::platform::cache::ReadCache>,
    pub sessions: std::sync::Arc<backend::platform::auth::session::Sessions>,
    pub database_url: String,
    pub secret: String,
    _dir: tempfile::TempDir,
}

/// Starts the server on 127.0.0.1:0 with a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// The same, with more settings (an SMTP server, the outbox's pace…).
pub async fn spawn_app_with(extra: &[(&str, String)]) -> TestApp {
    backend::platform::telemetry::init();
    let dir = tempfile::tempdir().expect("temp dir");
    // `extra` comes first, so it overrides the defaults after it.
    let setting = |key: &str| {
        extra
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    };
    let database_url = match (setting("DATABASE_URL"), std::env::var("TEST_DATABASE_URL")) {
        (Some(url), _) => url,
        (None, Ok(url)) if !url.is_empty() => fresh_postgres_database(&url).await,
        _ => format!("sqlite://{}/cocrea.db?mode=rwc", dir.path().display()),
    };
    let secret = setting("COCREA_SECRET").unwrap_or_else(|| {
        uuid::Uuid::new_v4().simple().to_string() + &uuid::Uuid::new_v4().simple().to_string()
    });
    let mut vars: Vec<(&str, String)> = extra.iter().map(|(k, v)| (*k, v.clone())).collect();
    vars.extend([
        ("DATABASE_URL", database_url.clone()),
        ("COCREA_ADDR", "127.0.0.1:0".to_string()),
        ("COCREA_SECRET", secret.clone()),
        (
            "COCREA_MAIL_LOG",
            dir.path().join("emails.log").display().to_string(),
        ),
        // Tests of other things sign up and vote faster than people do; the limits' own
        // tests set them.
        ("COCREA_RATE_LIMITS", "off".to_string()),
    ]);
    let config =
        Config::from_lookup(|key| vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()))
            .expect("test configuration");
    let app = Application::build(config).await.expect("server builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db.clone();
    let reads = app.reads.clone();
    let sessions = app.sessions.clone();
    tokio::spawn(app.run_until_stopped());
    let client = Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        db,
        reads,
        sessions,
        database_url,
        secret,
        _dir: dir,
    }
}

/// Creates a database with a random name on the server of `url` and returns its URL.
pub async fn fresh_postgres_database(url: &str) -> String {
    let name = format!("cocrea_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(url)
        .await
        .expect("TEST_DATABASE_URL answers");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    let mut parsed = url::Url::parse(url).expect("TEST_DATABASE_URL is a URL");
    parsed.set_path(&name);
    parsed.to_string()
}

impl TestApp {
    /// Runs the `cocrea` binary against this app's database.
    pub fn cocrea(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_cocrea"))
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("COCREA_SECRET", &self.secret)
            .env("RUST_LOG", "warn")
            .output()
            .expect("cocrea runs")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A request as the web app sends it: same-origin.
    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client
            .post(self.url(path))
            .header(header::ORIGIN, &self.address)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    /// `GET path` with the cookie jar, which must succeed, as text (pages, feeds).
    pub async fn get_text(&self, path: &str) -> String {
        let response = self.get(path).send().await.expect("request");
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.text().await.expect("a text body")
    }

    /// `GET path` with the cookie jar, decoded as JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).send().await.expect("request");
        response.json().await.expect("a JSON body")
    }

    /// Signs up through the API (the cookie jar keeps the session); the address is then
    /// confirmed by hand, as the tests of other things need. `identity.rs` tests the link.
    pub async fn sign_up(&self, email: &str, name: &str) -> Response {
        let response = self
            .post("/api/v1/auth/signup")
            .json(&json!({"email": email, "display_name": name, "password": PASSWORD}))
            .send()
            .await
            .expect("request");
        if response.status() == 201 {
            self.confirm(email).await;
        }
        response
    }

    /// Marks an account's address confirmed, as `cocrea users confirm` does.
    pub async fn confirm(&self, email: &str) {
        backend::auth::identity::confirm_by_hand(&self.db, email)
            .await
            .expect("confirmed");
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request")
    }

    /// A bearer token for this person, through `POST /api/v1/auth/token`.
    pub async fn token(&self, email: &str, password: &str) -> String {
        let response = Client::new()
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "token for {email}");
        let body: Value = response.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// A bearer token for this person, whose account asks for a second factor.
    pub async fn token_with_code(&self, email: &str, code: &str) -> String {
        let response = Client::new()
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"email": email, "password": PASSWORD, "code": code}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "token for {email} with a code");
        let body: Value = response.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// `GET /api/v1/me` with a bearer token and no cookies.
    pub async fn me_with(&self, token: &str) -> Response {
        Client::new()
            .get(self.url("/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// How many accounts exist.
    pub async fn count_users(&self) -> i64 {
        self.count("SELECT COUNT(*) AS n FROM users").await
    }
}

/// Checks that a response is a problem document with this status and code.
pub async fn assert_problem(response: Response, status: u16, code: &str, why: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "{why}: status");
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(
        content_type, "application/problem+json",
        "{why}: content type"
    );
    let body: Value = response.json().await.expect("problem body is JSON");
    assert_eq!(body["code"], code, "{why}: code in {body}");
    assert_eq!(body["status"], status, "{why}: status field");
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{why}: detail"
    );
    body
}

/// The first `Set-Cookie` header, or "" when there is none.
pub fn set_cookie(response: &Response) -> String {
    response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The session token from a `Set-Cookie` header.
pub fn session_token(response: &Response) -> String {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("cocrea_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// A signed-in person, acting through a bearer token (no cookie jar).
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub token: String,
}

impl TestApp {
    /// Signs up a new member with a unique email.
    pub async fn member(&self, name: &str) -> Person {
        let email = format!("{}@example.org", uuid::Uuid::new_v4().simple());
        let response = Client::new()
            .post(self.url("/api/v1/auth/signup"))
            .json(&json!({"email": email, "display_name": name, "password": PASSWORD}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201, "sign-up of {name}");
        self.confirm(&email).await;
        let token = session_token(&response);
        let me: Value = response.json().await.expect("json");
        Person {
            id: me["id"].as_i64().expect("id"),
            email,
            token,
        }
    }

    /// A new member holding `role` (client, expert, moderator or admin).
    pub async fn member_with(&self, name: &str, role: api::Role) -> Person {
        let person = self.member(name).await;
        backend::auth::accounts::grant(&self.db, &person.email, role)
            .await
            .expect("grant");
        person
    }

    /// A request made by `person` with their bearer token.
    pub fn as_person(
        &self,
        person: &Person,
        method: reqwest::Method,
        path: &str,
    ) -> RequestBuilder {
        Client::new()
            .request(method, self.url(path))
            .bearer_auth(&person.token)
    }

    /// Submits an idea as `person` and returns it.
    pub async fn submit_idea(&self, person: &Person, title: &str, body: &str) -> Value {
        self.submit_idea_in(person, title, body, "everyday-banking")
            .await
    }

    /// Submits an idea titled `title` as `person` and returns its id.
    pub async fn idea_id(&self, person: &Person, title: &str) -> i64 {
        self.submit_idea(person, title, "Un texte assez long pour passer.")
            .await["id"]
            .as_i64()
            .expect("id")
    }

    pub async fn submit_idea_in(
        &self,
        person: &Person,
        title: &str,
        body: &str,
        theme: &str,
    ) -> Value {
        let response = self
            .as_person(person, reqwest::Method::POST, "/api/v1/ideas")
            .json(&json!({"title": title, "body": body, "theme": theme}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201, "submitting {title:?}");
        response.json().await.expect("json")
    }

    /// `PUT` (support) or `DELETE` (withdraw) on an idea's vote, as `person`.
    pub async fn vote(&self, person: &Person, method: reqwest::Method, idea: i64) -> Response {
        self.as_person(person, method, &format!("/api/v1/ideas/{idea}/vote"))
            .send()
            .await
            .expect("request")
    }

    /// Posts a comment (`{"body", "parent_id"?}`) on an idea as `person`.
    pub async fn comment(&self, person: &Person, idea: i64, body: Value) -> Response {
        self.as_person(
            person,
            reqwest::Method::POST,
            &format!("/api/v1/ideas/{idea}/comments"),
        )
        .json(&body)
        .send()
        .await
        .expect("request")
    }

    /// Runs one SQL statement on the app's database (to age rows, for instance), as if
    /// through the server: visitors' cached reads made before it are dropped, and kept
    /// sessions if it changed people or sessions.
    pub async fn sql(&self, statement: &str) {
        self.db
            .write
            .execute_unprepared(statement)
            .await
            .expect("statement runs");
        self.reads.invalidate();
        self.sessions.refresh(&self.db).await;
    }

    /// The single number a `SELECT ... AS n` returns.
    pub async fn count(&self, query: &str) -> i64 {
        let numbers = self.ids(query).await;
        *numbers.first().expect("a row")
    }

    /// The first column (an integer) of every row a `SELECT` returns, in its order.
    pub async fn ids(&self, query: &str) -> Vec<i64> {
        self.db
            .read
            .query_all_raw(sea_orm::Statement::from_string(
                self.db.read.get_database_backend(),
                query,
            ))
            .await
            .expect("query")
            .iter()
            .map(|row| row.try_get_by_index::<i64>(0).expect("an id"))
            .collect()
    }
}

impl TestApp {
    /// Asks a question as `person` in `theme` and returns it.
    pub async fn ask(&self, person: &Person, title: &str, theme: &str) -> Value {
        let response = self
            .as_person(person, reqwest::Method::POST, "/api/v1/questions")
            .json(&json!({"title": title, "body": "Merci d'avance pour votre réponse.", "theme": theme}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 201, "asking {title:?}");
        response.json().await.expect("json")
    }

    /// Asks a question titled `title` in `theme` as `person` and returns its id.
    pub async fn question_id(&self, person: &Person, title: &str, theme: &str) -> i64 {
        self.ask(person, title, theme).await["id"]
            .as_i64()
            .expect("id")
    }

    /// Answers a question with `body` as `person` and returns the answer's id.
    pub async fn answer_id(&self, person: &Person, question: i64, body: &str) -> i64 {
        self.answer_json(person, question, json!({ "body": body }))
            .await["id"]
            .as_i64()
            .expect("id")
    }

    /// `GET path` as `person`, decoded as JSON (the status must be 200).
    pub async fn get_json_as(&self, person: &Person, path: &str) -> Value {
        let response = self
            .as_person(person, reqwest::Method::GET, path)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("a JSON body")
    }

    /// Answers a question as `person` and returns the answer (the status must be 201).
    pub async fn answer_json(&self, person: &Person, question: i64, body: Value) -> Value {
        let response = self.answer(person, question, body).await;
        assert_eq!(response.status(), 201, "answering question {question}");
        response.json().await.expect("json")
    }

    /// How many rows `table` holds.
    pub async fn count_rows(&self, table: &str) -> i64 {
        self.count(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .await
    }

    /// Posts an answer (`{"body", "official"?}`) to a question as `person`.
    pub async fn answer(&self, person: &Person, question: i64, body: Value) -> Response {
        self.as_person(
            person,
            reqwest::Method::POST,
            &format!("/api/v1/questions/{question}/answers"),
        )
        .json(&body)
        .send()
        .await
        .expect("request")
    }

    /// A new member with the expert role, answering in these themes.
    pub async fn expert_of(&self, name: &str, themes: &[&str]) -> Person {
        let person = self.member_with(name, api::Role::Expert).await;
        let themes: Vec<String> = themes.iter().map(|t| (*t).to_owned()).collect();
        backend::questions::experts::set_themes(&self.db, person.id, &themes)
            .await
            .expect("expert themes");
        person
    }
}

/// A timestamp `hours` ago, as SQL on both engines reads it.
pub fn hours_ago(hours: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::hours(hours))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl TestApp {
    /// Sends `method path` with a JSON body as `person`, or as a visitor when `None`.
    pub async fn send(
        &self,
        person: Option<&Person>,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut request = match person {
            Some(person) => self.as_person(person, method, path),
            None => Client::new().request(method, self.url(path)),
        };
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request")
    }

    /// `POST path` with `body` as `person`; the status must be `status`; the JSON body.
    pub async fn post_as(&self, person: &Person, path: &str, body: Value, status: u16) -> Value {
        let response = self
            .send(Some(person), reqwest::Method::POST, path, Some(&body))
            .await;
        assert_eq!(response.status().as_u16(), status, "POST {path} {body}");
        response.json().await.expect("a JSON body")
    }

    /// Changes an idea's status as `moderator` (the change must be accepted).
    pub async fn set_status(&self, moderator: &Person, idea: i64, status: &str) -> Value {
        self.post_as(
            moderator,
            &format!("/api/v1/ideas/{idea}/status"),
            json!({"status": status, "explanation": format!("L'équipe passe l'idée en {status}.")}),
            201,
        )
        .await
    }

    /// The stored support counters of an idea, and the count of its support rows.
    pub async fn supports_of(&self, idea: i64) -> (i64, i64, i64) {
        let total = self
            .count(&format!(
                "SELECT CAST(supports_total AS BIGINT) AS n FROM ideas WHERE id = {idea}"
            ))
            .await;
        let clients = self
            .count(&format!(
                "SELECT CAST(supports_clients AS BIGINT) AS n FROM ideas WHERE id = {idea}"
            ))
            .await;
        let rows = self
            .count(&format!(
                "SELECT COUNT(*) AS n FROM idea_supports WHERE idea_id = {idea}"
            ))
            .await;
        (total, clients, rows)
    }
}
