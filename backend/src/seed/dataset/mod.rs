//! A large, deterministic dataset for the benchmark: `cocrea seed --ideas N --votes M`.
//! People (30 % verified clients), ideas spread over 90 days with French titles built
//! from word lists (so searches find realistic numbers of matches), supports skewed like a
//! real community (a Zipf-like law: a few ideas gather most votes), and some comments;
//! then questions to the experts with relevance votes, answers (the first often an
//! expert's official one) and their helpful / not-helpful ratings, skewed the same way.
//! Rows go in with multi-row inserts, counters and hot ranks computed beforehand, so the
//! stored counts equal the rows from the start. The same seed always gives the same data.

use crate::seed::demo::DEMO_PASSWORD;
use api::{COMMENT_BODY_MAX_CHARS, IDEA_BODY_MAX_CHARS, IdeaStatus, Role};
use backend::domain::MarkdownBody;
use backend::entities::{
    answer_votes, answers, comments, expert_themes, idea_supports, ideas, question_votes,
    questions, themes, user_roles, users,
};
use backend::ideas::NewIdea;
use backend::platform::auth;
use backend::platform::db::Db;
use backend::questions::NewQuestion;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use secrecy::SecretString;

mod asked;
mod words;

use asked::generate_questions;
use words::*;

/// How big a dataset to make; also the `cocrea seed --ideas N ...` options.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Size {
    /// How many generated ideas.
    #[arg(long, required = false)]
    pub ideas: u32,
    /// How many supports, spread over the ideas.
    #[arg(long, requires = "ideas", default_value_t = 0)]
    pub votes: u64,
    /// How many generated people cast them.
    #[arg(long, requires = "ideas", default_value_t = 20_000)]
    pub people: u32,
    /// How many questions to the experts.
    #[arg(long, requires = "ideas", default_value_t = 0)]
    pub questions: u32,
    /// How many relevance votes, spread over the questions.
    #[arg(long, requires = "ideas", default_value_t = 0)]
    pub question_votes: u64,
    /// How many answers, spread over the questions (at most 20 each).
    #[arg(long, requires = "ideas", default_value_t = 0)]
    pub answers: u64,
    /// How many helpful / not-helpful ratings, spread over the answers.
    #[arg(long, requires = "ideas", default_value_t = 0)]
    pub ratings: u64,
}

impl Size {
    /// Dataset M, the benchmark's: 100,000 ideas with 1,000,000 supports, 20,000 people,
    /// 50,000 questions with 250,000 relevance votes, 200,000 answers with 600,000 ratings.
    pub const M: Size = Size {
        ideas: 100_000,
        votes: 1_000_000,
        people: 20_000,
        questions: 50_000,
        question_votes: 250_000,
        answers: 200_000,
        ratings: 600_000,
    };

    /// Dataset L, ten times M: 1,000,000 ideas with 10,000,000 supports, 200,000 people,
    /// 500,000 questions with 2,500,000 relevance votes, 2,000,000 answers with 6,000,000
    /// ratings.
    pub const L: Size = Size {
        ideas: 1_000_000,
        votes: 10_000_000,
        people: 200_000,
        questions: 500_000,
        question_votes: 2_500_000,
        answers: 2_000_000,
        ratings: 6_000_000,
    };
}

/// The most answers a generated question gets (the benchmark reads questions with 20).
pub const MAX_ANSWERS: usize = 20;
/// The first generated people are experts in every theme (their answers are official).
const EXPERTS: usize = 40;

/// The email domain of generated people (their password is the demo one).
pub const EMAIL_DOMAIN: &str = "bench.cocrea.test";
const SPAN_DAYS: i64 = 90;
const BATCH: usize = 2_000;

/// Generates the dataset; returns a one-line report.
pub async fn generate(db: &Db, size: Size) -> anyhow::Result<String> {
    let already = users::Entity::find()
        .filter(users::Column::Email.ends_with(format!("@{EMAIL_DOMAIN}")))
        .count(&db.read)
        .await?;
    if already > 0 {
        anyhow::bail!("this database already holds a generated dataset");
    }
    let mut rng = StdRng::seed_from_u64(20_261_123);
    let now = Utc::now();
    let people = insert_people(db, size.people.max(1), now).await?;
    let theme_ids: Vec<i64> = themes::Entity::find()
        .select_only()
        .column(themes::Column::Id)
        .order_by_asc(themes::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await?;
    if theme_ids.is_empty() {
        anyhow::bail!("no themes to put ideas in");
    }

    // Authors do not support their own idea: at most everyone else.
    let most = people.len().saturating_sub(1);
    let counts = skewed_counts(&mut rng, size.ideas as usize, size.votes, most);
    let plans: Vec<IdeaPlan> = counts
        .into_iter()
        .enumerate()
        .map(|(n, supports)| IdeaPlan::new(&mut rng, n, size.ideas, supports, &people, now))
        .collect();
    let ids = insert_ideas(db, &mut rng, &plans, &people, &theme_ids, now).await?;
    let supported: Vec<Voted> = ids
        .iter()
        .zip(&plans)
        .map(|(id, plan)| Voted::of(*id, plan))
        .collect();
    let votes = insert_votes(db, &mut rng, &supported, &people, now, |vote| {
        idea_supports::ActiveModel {
            idea_id: Set(vote.target),
            user_id: Set(vote.user_id),
            is_client: Set(vote.is_client),
            created_at: Set(vote.at),
        }
    })
    .await?;
    let comments = insert_comments(db, &plans, &ids, &people).await?;
    let mut report = format!(
        "{} people, {} ideas, {votes} supports, {comments} comments",
        people.len(),
        plans.len()
    );
    if size.questions > 0 {
        report.push_str(", ");
        report.push_str(&generate_questions(db, &mut rng, size, &people, &theme_ids, now).await?);
    }
    Ok(report)
}

/// Something voted on: its id, when it appeared, and its voters (indexes of people).
struct Voted<'a> {
    target: i64,
    since: DateTime<Utc>,
    voters: &'a [usize],
}

impl Voted<'_> {
    fn of(target: i64, plan: &IdeaPlan) -> Voted<'_> {
        Voted {
            target,
            since: plan.created_at,
            voters: &plan.supporters,
        }
    }
}

/// One vote as `insert_votes` hands it to its row builder.
struct Vote {
    target: i64,
    user_id: i64,
    is_client: bool,
    at: DateTime<Utc>,
    /// Six votes in seven are positive (used by ratings).
    positive: bool,
}

/// Inserts one row per (target, voter), dated between the target's appearance and now;
/// returns how many.
async fn insert_votes<A>(
    db: &Db,
    rng: &mut StdRng,
    targets: &[Voted<'_>],
    people: &[(i64, bool)],
    now: DateTime<Utc>,
    row: impl Fn(Vote) -> A,
) -> anyhow::Result<u64>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = Vec::with_capacity(BATCH);
    let mut total = 0;
    for target in targets {
        let span = (now - target.since).num_seconds().max(1);
        for voter in target.voters {
            let (user_id, is_client) = people[*voter];
            rows.push(row(Vote {
                target: target.target,
                user_id,
                is_client,
                at: target.since + Duration::seconds(rng.gen_range(0..span)),
                positive: rng.gen_range(0..7) > 0,
            }));
            total += 1;
            if rows.len() == BATCH {
                insert_all(db, std::mem::take(&mut rows)).await?;
            }
        }
    }
    insert_all(db, rows).await?;
    Ok(total)
}

/// Inserts rows of one table in one transaction (nothing when there are none).
async fn insert_all<A>(db: &Db, rows: Vec<A>) -> anyhow::Result<()>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    if rows.is_empty() {
        return Ok(());
    }
    let txn = db.write.begin().await?;
    <A::Entity as EntityTrait>::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Markdown bodies made of the given sentences, rendered once.
fn bodies(sentences: &[&str], max: usize) -> anyhow::Result<Vec<MarkdownBody>> {
    sentences
        .iter()
        .map(|s| {
            MarkdownBody::parse(s, max)
                .map_err(|e| anyhow::anyhow!("generated text: {}", e.message()))
        })
        .collect()
}

/// (id, is_client) of every generated person, in id order.
async fn insert_people(
    db: &Db,
    count: u32,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(i64, bool)>> {
    // One hash for everyone: hashing 20,000 passwords would take longer than the rest.
    let hash = auth::passwords::hash_password(SecretString::from(DEMO_PASSWORD)).await?;
    for chunk in (0..count).collect::<Vec<_>>().chunks(BATCH) {
        let rows = chunk.iter().map(|n| users::ActiveModel {
            email: Set(format!("person{n}@{EMAIL_DOMAIN}")),
            display_name: Set(format!("Personne {n}")),
            password_hash: Set(hash.clone()),
            // Three in ten are verified clients.
            is_client: Set(n % 10 < 3),
            bio: Set(String::new()),
            locale: Set("fr".into()),
            created_at: Set(now - Duration::days(SPAN_DAYS + 1)),
            password_changed_at: Set(now - Duration::days(SPAN_DAYS + 1)),
            email_verified_at: Set(Some(now - Duration::days(SPAN_DAYS + 1))),
            ..Default::default()
        });
        insert_all(db, rows.collect()).await?;
    }
    Ok(users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::IsClient])
        .filter(users::Column::Email.ends_with(format!("@{EMAIL_DOMAIN}")))
        .order_by_asc(users::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await?)
}

/// `votes` spread over `ideas` with weights 1/rank^0.8, shuffled so that popular ideas
/// are of every age; no idea gets more than `people` supporters.
fn skewed_counts(rng: &mut StdRng, ideas: usize, votes: u64, people: usize) -> Vec<usize> {
    if ideas == 0 {
        return Vec::new();
    }
    let weights: Vec<f64> = (1..=ideas).map(|r| 1.0 / (r as f64).powf(0.8)).collect();
    let sum: f64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| ((votes as f64 * w / sum) as usize).min(people))
        .collect();
    // Never more votes than (idea, person) pairs, so the loop below ends.
    let capacity = ideas as u64 * people as u64;
    let mut left = votes
        .min(capacity)
        .saturating_sub(counts.iter().map(|c| *c as u64).sum());
    let mut i = 0;
    while left > 0 {
        if counts[i % ideas] < people {
            counts[i % ideas] += 1;
            left -= 1;
        }
        i += 1;
    }
    counts.shuffle(rng);
    counts
}

struct IdeaPlan {
    created_at: DateTime<Utc>,
    author: usize,
    /// Indexes into the people list, all distinct.
    supporters: Vec<usize>,
    clients: usize,
    comments: usize,
}

impl IdeaPlan {
    fn new(
        rng: &mut StdRng,
        n: usize,
        total: u32,
        supports: usize,
        people: &[(i64, bool)],
        now: DateTime<Utc>,
    ) -> IdeaPlan {
        // Oldest first, so ids grow with time as they do in life.
        let age = Duration::seconds(
            SPAN_DAYS * 86_400 * (i64::from(total) - n as i64) / i64::from(total.max(1)),
        );
        let author = rng.gen_range(0..people.len());
        // The author never supports their own idea.
        let supporters = distinct_people(rng, people.len(), author, supports);
        let clients = supporters.iter().filter(|p| people[**p].1).count();
        IdeaPlan {
            created_at: now - age,
            author,
            supporters,
            clients,
            comments: [0, 0, 1, 1, 2, 3][n % 6],
        }
    }
}

/// `take` distinct people among `count`, never `except`: a walk from a random start with
/// a random step coprime to `count`, so every person comes at most once.
fn distinct_people(rng: &mut StdRng, count: usize, except: usize, take: usize) -> Vec<usize> {
    let step = coprime_step(rng, count);
    let start = rng.gen_range(0..count);
    (0..count)
        .map(|j| (start + j * step) % count)
        .filter(|p| *p != except)
        .take(take)
        .collect()
}

fn coprime_step(rng: &mut StdRng, count: usize) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    loop {
        let step = rng.gen_range(1..count.max(2));
        if gcd(step, count) == 1 || count == 1 {
            return step;
        }
    }
}

/// Inserts the ideas; returns their ids, in the order of `plans`.
async fn insert_ideas(
    db: &Db,
    rng: &mut StdRng,
    plans: &[IdeaPlan],
    people: &[(i64, bool)],
    themes: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    let before = last_id::<ideas::Entity>(db, ideas::Column::Id).await?;
    for chunk in plans.chunks(BATCH / 4) {
        let mut rows = Vec::with_capacity(chunk.len());
        for plan in chunk {
            let title = format!(
                "{} {} {}",
                SUBJECTS[rng.gen_range(0..SUBJECTS.len())],
                QUALITIES[rng.gen_range(0..QUALITIES.len())],
                PURPOSES[rng.gen_range(0..PURPOSES.len())]
            );
            let body = format!(
                "{} {}\n\n{}",
                SENTENCES[rng.gen_range(0..SENTENCES.len())],
                SENTENCES[rng.gen_range(0..SENTENCES.len())],
                SENTENCES[rng.gen_range(0..SENTENCES.len())]
            );
            let body = MarkdownBody::parse(&body, IDEA_BODY_MAX_CHARS)
                .map_err(|e| anyhow::anyhow!("generated body: {}", e.message()))?;
            let status = match rng.gen_range(0..20) {
                0 => IdeaStatus::UnderReview,
                1 => IdeaStatus::Planned,
                2 => IdeaStatus::InProgress,
                3 => IdeaStatus::Launched,
                4 => IdeaStatus::Declined,
                _ => IdeaStatus::New,
            };
            rows.push(
                NewIdea {
                    author_id: people[plan.author].0,
                    theme_id: themes[rng.gen_range(0..themes.len())],
                    title: &title,
                    body: &body,
                    status,
                    supports: plan.supporters.len() as i32,
                    clients: plan.clients as i32,
                    comments: plan.comments as i32,
                    created_at: plan.created_at,
                }
                .row(now),
            );
        }
        insert_all(db, rows).await?;
    }
    ids_after::<ideas::Entity>(db, ideas::Column::Id, before).await
}

/// The highest id of a table, 0 when it is empty.
async fn last_id<E: EntityTrait>(db: &Db, id: E::Column) -> anyhow::Result<i64> {
    let last: Option<i64> = E::find()
        .select_only()
        .column(id)
        .order_by_desc(id)
        .into_tuple()
        .one(&db.read)
        .await?;
    Ok(last.unwrap_or(0))
}

/// The ids above `before`, in order: what was just inserted, read back rather than
/// assumed to follow the last id (a sequence skips ids).
async fn ids_after<E: EntityTrait>(
    db: &Db,
    id: E::Column,
    before: i64,
) -> anyhow::Result<Vec<i64>> {
    Ok(E::find()
        .select_only()
        .column(id)
        .filter(id.gt(before))
        .order_by_asc(id)
        .into_tuple()
        .all(&db.read)
        .await?)
}

async fn insert_comments(
    db: &Db,
    plans: &[IdeaPlan],
    ids: &[i64],
    people: &[(i64, bool)],
) -> anyhow::Result<usize> {
    let body = MarkdownBody::parse("Bonne idée, je soutiens !", COMMENT_BODY_MAX_CHARS)
        .map_err(|e| anyhow::anyhow!("generated comment: {}", e.message()))?;
    let mut rows = Vec::new();
    let mut total = 0;
    for (plan, &idea_id) in plans.iter().zip(ids) {
        for k in 0..plan.comments {
            rows.push(comments::ActiveModel {
                idea_id: Set(idea_id),
                parent_id: Set(None),
                author_id: Set(people[(plan.author + k + 1) % people.len()].0),
                body_markdown: Set(body.source().to_owned()),
                body_html: Set(body.html().to_owned()),
                created_at: Set(plan.created_at + Duration::minutes(k as i64 + 1)),
                edited_at: Set(None),
                deleted_at: Set(None),
                ..Default::default()
            });
        }
        if rows.len() >= BATCH {
            total += rows.len();
            insert_all(db, std::mem::take(&mut rows)).await?;
        }
    }
    total += rows.len();
    insert_all(db, rows).await?;
    Ok(total)
}
