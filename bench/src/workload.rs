//! What the benchmark asks of the server on dataset M: the data it needs found first
//! (a cursor to page 50, popular ideas, questions with twenty answers, signed-in people)
//! and one script per measured endpoint.

use crate::load::{Call, Script, get_json, once};
use anyhow::{Context, Result, bail};
use hyper::Method;
use rand::Rng;
use rand::rngs::SmallRng;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

/// Two French words that match about one idea in nine of dataset M.
pub const SEARCH: &str = "/api/v1/ideas?q=%C3%A9pargne%20solidaire";
const EMAIL_DOMAIN: &str = "bench.cocrea.test";
const PASSWORD: &str = "cocrea-demo";

/// Someone who votes and writes: their bearer token and id.
#[derive(Debug, Clone)]
pub struct Person {
    pub token: Arc<str>,
    pub id: i64,
}

/// Something to vote on: its id and its author's (nobody votes on their own).
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub id: i64,
    pub author: i64,
}

/// What the scripts use, found through the API before measuring.
#[derive(Debug, Clone)]
pub struct Fixtures {
    /// The hot list's deep page (50 on dataset M), by its cursor.
    pub hot_page_deep: String,
    /// Ideas of the hot list's first page: the ones people open.
    pub popular: Vec<Target>,
    /// Ideas across the lists, to support.
    pub ideas: Vec<Target>,
    /// Questions with twenty answers.
    pub full_questions: Vec<i64>,
    /// Questions to vote on and answer.
    pub questions: Vec<Target>,
    /// Answers to rate.
    pub answers: Vec<Target>,
    pub themes: Vec<String>,
    pub people: Vec<Person>,
}

impl Fixtures {
    pub async fn find(server: SocketAddr, people: usize, deep_page: usize) -> Result<Fixtures> {
        let mut cursor = String::new();
        for _ in 1..deep_page {
            let page = get_json(server, &format!("/api/v1/ideas?sort=hot{cursor}")).await?;
            let next = page["next_cursor"]
                .as_str()
                .with_context(|| format!("the hot list ends before page {deep_page}"))?;
            cursor = format!("&cursor={next}");
        }
        let hot_page_deep = format!("/api/v1/ideas?sort=hot{cursor}");
        let popular = targets(&get_json(server, "/api/v1/ideas?sort=hot").await?);
        let mut ideas = popular.clone();
        for sort in ["new", "top", "discussed"] {
            ideas.extend(targets(
                &get_json(server, &format!("/api/v1/ideas?sort={sort}")).await?,
            ));
        }
        ideas.extend(targets(&get_json(server, SEARCH).await?));
        let (full_questions, questions, answers) = questions(server).await?;
        let themes = get_json(server, "/api/v1/themes")
            .await?
            .as_array()
            .context("themes")?
            .iter()
            .filter_map(|t| t["slug"].as_str().map(str::to_owned))
            .collect();
        Ok(Fixtures {
            hot_page_deep,
            popular,
            ideas,
            full_questions,
            questions,
            answers,
            themes,
            people: sign_in(server, people).await?,
        })
    }
}

fn targets(page: &Value) -> Vec<Target> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    Some(Target {
                        id: item["id"].as_i64()?,
                        author: item["author"]["id"].as_i64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Questions with twenty answers (up to ten), questions to vote on, and their answers.
async fn questions(server: SocketAddr) -> Result<(Vec<i64>, Vec<Target>, Vec<Target>)> {
    let mut full = Vec::new();
    let mut all = Vec::new();
    let mut cursor = String::new();
    for _ in 0..100 {
        let page = get_json(server, &format!("/api/v1/questions?sort=new{cursor}")).await?;
        for item in page["items"].as_array().context("questions")? {
            if item["answer_count"].as_u64() == Some(20) && full.len() < 10 {
                full.push(item["id"].as_i64().context("question id")?);
            }
        }
        all.extend(targets(&page));
        match page["next_cursor"].as_str() {
            Some(next) if full.len() < 10 => cursor = format!("&cursor={next}"),
            _ => break,
        }
    }
    if full.is_empty() {
        bail!("no question with twenty answers: is this dataset M?");
    }
    let mut answers = Vec::new();
    for id in &full {
        let question = get_json(server, &format!("/api/v1/questions/{id}")).await?;
        for answer in question["answers"].as_array().context("answers")? {
            answers.push(Target {
                id: answer["id"].as_i64().context("answer id")?,
                author: answer["author"]["id"].as_i64().context("answer author")?,
            });
        }
    }
    Ok((full, all, answers))
}

/// Signs in generated people (ids from `/api/v1/me`).
async fn sign_in(server: SocketAddr, count: usize) -> Result<Vec<Person>> {
    let mut people = Vec::with_capacity(count);
    // The first forty generated people are experts; members vote here.
    for n in 100..100 + count {
        let login = Call::new(Method::POST, "/api/v1/auth/token")
            .json(&json!({"email": format!("person{n}@{EMAIL_DOMAIN}"), "password": PASSWORD}));
        let answer = once(server, &login).await?;
        if !answer.status.is_success() {
            bail!("signing in person{n} answered {}", answer.status);
        }
        let token: Arc<str> = serde_json::from_slice::<Value>(&answer.body)?["token"]
            .as_str()
            .context("no token")?
            .into();
        let me = once(server, &Call::with(Method::GET, "/api/v1/me", &token)).await?;
        let id = serde_json::from_slice::<Value>(&me.body)?["id"]
            .as_i64()
            .context("no id in /api/v1/me")?;
        people.push(Person { token, id });
    }
    Ok(people)
}

/// The same GET over and over.
pub fn fixed(path: &str) -> Script {
    let path = path.to_owned();
    Arc::new(move |_, _, _| vec![Call::get(&path)])
}

/// GETs rotating over `paths`.
pub fn rotating(paths: Vec<String>) -> Script {
    Arc::new(move |n, step, _| vec![Call::get(&paths[(n + step as usize) % paths.len()])])
}

/// GETs rotating over `paths`, each by one of the signed-in people in turn: their pages
/// carry their own votes and follows.
pub fn signed_in(paths: Vec<String>, people: &[Person]) -> Script {
    let people = people.to_vec();
    Arc::new(move |n, step, _| {
        let turn = n + step as usize;
        let person = &people[turn % people.len()];
        vec![Call::with(
            Method::GET,
            &paths[turn % paths.len()],
            &person.token,
        )]
    })
}

/// Someone other than `target`'s author, chosen by `rng`.
fn voter<'a>(people: &'a [Person], target: Target, rng: &mut SmallRng) -> &'a Person {
    loop {
        let person = &people[rng.gen_range(0..people.len())];
        if person.id != target.author {
            return person;
        }
    }
}

/// A vote and its withdrawal by one person: `PUT` then `DELETE` on `path`.
fn toggle(path: String, person: &Person, body: Option<Value>) -> Vec<Call> {
    let put = Call::with(Method::PUT, &path, &person.token);
    let put = match body {
        Some(body) => put.json(&body),
        None => put,
    };
    vec![put, Call::with(Method::DELETE, path, &person.token)]
}

/// Many people supporting ideas, then withdrawing: each request is one toggle.
pub fn support_toggles(fixtures: &Fixtures) -> Script {
    let f = fixtures.clone();
    Arc::new(move |_, _, rng| {
        let idea = f.ideas[rng.gen_range(0..f.ideas.len())];
        let person = voter(&f.people, idea, rng);
        toggle(format!("/api/v1/ideas/{}/vote", idea.id), person, None)
    })
}

/// 90 % reads (lists, pages, search), 8 % votes (supports, question votes, answer
/// ratings, each then withdrawn), 2 % new content (comments, answers, ideas).
pub fn mixed(fixtures: &Fixtures) -> Script {
    let f = fixtures.clone();
    Arc::new(move |n, step, rng| {
        let roll = rng.gen_range(0..1000);
        if roll < 42 {
            // A pair of requests: 4.2 % of steps make about 8 % of requests.
            let kind = rng.gen_range(0..10);
            if kind < 6 {
                let idea = f.ideas[rng.gen_range(0..f.ideas.len())];
                toggle(
                    format!("/api/v1/ideas/{}/vote", idea.id),
                    voter(&f.people, idea, rng),
                    None,
                )
            } else if kind < 8 {
                let q = f.questions[rng.gen_range(0..f.questions.len())];
                toggle(
                    format!("/api/v1/questions/{}/vote", q.id),
                    voter(&f.people, q, rng),
                    None,
                )
            } else {
                let a = f.answers[rng.gen_range(0..f.answers.len())];
                let value = if rng.gen_bool(0.8) { 1 } else { -1 };
                toggle(
                    format!("/api/v1/answers/{}/vote", a.id),
                    voter(&f.people, a, rng),
                    Some(json!({ "value": value })),
                )
            }
        } else if roll < 62 {
            let person = &f.people[rng.gen_range(0..f.people.len())];
            let kind = rng.gen_range(0..10);
            let call = if kind < 6 {
                let idea = f.popular[rng.gen_range(0..f.popular.len())];
                Call::with(Method::POST, format!("/api/v1/ideas/{}/comments", idea.id), &person.token)
                    .json(&json!({"body": "Je soutiens cette idée : elle servirait à beaucoup de clients."}))
            } else if kind < 9 {
                let q = f.questions[rng.gen_range(0..f.questions.len())];
                Call::with(Method::POST, format!("/api/v1/questions/{}/answers", q.id), &person.token)
                    .json(&json!({"body": "J'ai eu le même cas : un message sécurisé à mon conseiller a suffi."}))
            } else {
                let theme = &f.themes[rng.gen_range(0..f.themes.len())];
                Call::with(Method::POST, "/api/v1/ideas", &person.token).json(&json!({
                    "title": format!("Une alerte avant chaque prélèvement, proposition {n}-{step}"),
                    "body": "Recevoir une notification la veille de chaque prélèvement éviterait les découverts.",
                    "theme": theme,
                }))
            };
            vec![call]
        } else {
            let path = match rng.gen_range(0..100) {
                0..30 => "/api/v1/ideas?sort=hot".to_owned(),
                30..55 => format!(
                    "/api/v1/ideas/{}",
                    f.popular[rng.gen_range(0..f.popular.len())].id
                ),
                55..70 => format!(
                    "/api/v1/questions/{}",
                    f.full_questions[rng.gen_range(0..f.full_questions.len())]
                ),
                70..75 => "/api/v1/ideas?sort=top".to_owned(),
                75..85 => "/api/v1/ideas?sort=new".to_owned(),
                85..95 => SEARCH.to_owned(),
                _ => f.hot_page_deep.clone(),
            };
            vec![Call::get(path)]
        }
    })
}
