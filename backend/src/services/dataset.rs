//! A large, deterministic dataset for the benchmark: `cocrea seed --ideas N --votes M`.
//! People (30 % verified clients), ideas spread over 90 days with French titles built
//! from word lists (so searches find realistic numbers of matches), supports skewed like a
//! real community (a Zipf-like law: a few ideas gather most votes), and some comments.
//! Rows go in with multi-row inserts, counters and hot ranks computed beforehand, so the
//! stored counts equal the rows from the start. The same seed always gives the same data.

use crate::auth;
use crate::db::Db;
use crate::domain::MarkdownBody;
use crate::entities::{comments, idea_supports, ideas, themes, users};
use crate::services::demo::DEMO_PASSWORD;
use crate::services::ideas::NewIdea;
use api::{COMMENT_BODY_MAX_CHARS, IDEA_BODY_MAX_CHARS, IdeaStatus};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use secrecy::SecretString;

/// How big a dataset to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub ideas: u32,
    pub votes: u64,
    pub people: u32,
}

/// The email domain of generated people (their password is the demo one).
pub const EMAIL_DOMAIN: &str = "bench.cocrea.test";
const SPAN_DAYS: i64 = 90;
const BATCH: usize = 2_000;

const SUBJECTS: [&str; 12] = [
    "Une carte bancaire",
    "Un livret d'épargne",
    "Une application mobile",
    "Un prêt immobilier",
    "Un conseiller dédié",
    "Des virements",
    "Une assurance habitation",
    "Un compte joint",
    "Des agences",
    "Des distributeurs",
    "Une épargne solidaire",
    "Des relevés de compte",
];
const QUALITIES: [&str; 12] = [
    "plus simple",
    "sans frais",
    "pour les jeunes",
    "adaptée aux seniors",
    "écologique",
    "accessible à tous",
    "instantanée",
    "solidaire",
    "entièrement en ligne",
    "partagée en famille",
    "plus transparente",
    "personnalisable",
];
const PURPOSES: [&str; 12] = [
    "pour épargner chaque mois",
    "pour voyager à l'étranger",
    "pour les familles",
    "pour les associations",
    "au quotidien",
    "pour les étudiants",
    "en cas de coup dur",
    "pour acheter un logement",
    "pour préparer la retraite",
    "pour les artisans",
    "pour financer des projets verts",
    "pour les personnes malvoyantes",
];
const SENTENCES: [&str; 8] = [
    "Aujourd'hui, il faut passer en agence pour cela, ce qui prend du temps.",
    "Plusieurs banques en ligne le proposent déjà à leurs clients.",
    "Cela éviterait des frais inutiles et beaucoup d'appels au service client.",
    "Les personnes les moins à l'aise avec le numérique en profiteraient aussi.",
    "Un bilan annuel permettrait de mesurer ce que cela change vraiment.",
    "L'épargne ainsi mobilisée pourrait financer des projets locaux.",
    "Il faudrait bien sûr une validation sécurisée pour chaque opération.",
    "Je serais prêt à tester une première version avec d'autres clients.",
];

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
    insert_supports(db, &mut rng, &plans, &ids, &people, now).await?;
    let comments = insert_comments(db, &plans, &ids, &people).await?;
    let votes: u64 = plans.iter().map(|p| p.supporters.len() as u64).sum();
    Ok(format!(
        "{} people, {} ideas, {votes} supports, {comments} comments",
        people.len(),
        plans.len()
    ))
}

/// (id, is_client) of every generated person, in id order.
async fn insert_people(
    db: &Db,
    count: u32,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(i64, bool)>> {
    // One hash for everyone: hashing 20,000 passwords would take longer than the rest.
    let hash = auth::hash_password(SecretString::from(DEMO_PASSWORD)).await?;
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
            ..Default::default()
        });
        let txn = db.write.begin().await?;
        users::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
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
        let count = people.len();
        let author = rng.gen_range(0..count);
        // Distinct supporters: a walk with a step coprime to the number of people. The
        // author never supports their own idea.
        let step = coprime_step(rng, count);
        let start = rng.gen_range(0..count);
        let supporters: Vec<usize> = (0..count)
            .map(|j| (start + j * step) % count)
            .filter(|p| *p != author)
            .take(supports)
            .collect();
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
    let before: Option<i64> = ideas::Entity::find()
        .select_only()
        .column(ideas::Column::Id)
        .order_by_desc(ideas::Column::Id)
        .into_tuple()
        .one(&db.read)
        .await?;
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
        let txn = db.write.begin().await?;
        ideas::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
    }
    // Read back, not assumed to follow the last id: a sequence skips deleted ids.
    Ok(ideas::Entity::find()
        .select_only()
        .column(ideas::Column::Id)
        .filter(ideas::Column::Id.gt(before.unwrap_or(0)))
        .order_by_asc(ideas::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await?)
}

async fn insert_supports(
    db: &Db,
    rng: &mut StdRng,
    plans: &[IdeaPlan],
    ids: &[i64],
    people: &[(i64, bool)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut rows = Vec::with_capacity(BATCH);
    let mut txn = db.write.begin().await?;
    let mut in_txn = 0;
    for (plan, &idea_id) in plans.iter().zip(ids) {
        let span = (now - plan.created_at).num_seconds().max(1);
        for supporter in &plan.supporters {
            let (user_id, is_client) = people[*supporter];
            rows.push(idea_supports::ActiveModel {
                idea_id: Set(idea_id),
                user_id: Set(user_id),
                is_client: Set(is_client),
                created_at: Set(plan.created_at + Duration::seconds(rng.gen_range(0..span))),
            });
            if rows.len() == BATCH {
                idea_supports::Entity::insert_many(std::mem::take(&mut rows))
                    .exec_without_returning(&txn)
                    .await?;
                in_txn += BATCH;
                if in_txn >= 50_000 {
                    txn.commit().await?;
                    txn = db.write.begin().await?;
                    in_txn = 0;
                }
            }
        }
    }
    idea_supports::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
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
            let txn = db.write.begin().await?;
            comments::Entity::insert_many(std::mem::take(&mut rows))
                .exec_without_returning(&txn)
                .await?;
            txn.commit().await?;
        }
    }
    total += rows.len();
    let txn = db.write.begin().await?;
    comments::Entity::insert_many(rows)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(total)
}
