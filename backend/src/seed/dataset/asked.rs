//! The questions part of the dataset: experts, questions with their relevance votes,
//! answers (the first often an expert's official one) and their ratings.

use super::*;

/// Questions, their votes, answers and ratings; returns the report's second half.
pub(super) async fn generate_questions(
    db: &Db,
    rng: &mut StdRng,
    size: Size,
    people: &[(i64, bool)],
    theme_ids: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let experts = make_experts(db, people, theme_ids, now).await?;
    let most = people.len().saturating_sub(1);
    let total = size.questions as usize;
    let votes = skewed_counts(rng, total, size.question_votes, most);
    let answer_counts = skewed_counts(rng, total, size.answers, MAX_ANSWERS);
    let plans: Vec<(IdeaPlan, usize)> = votes
        .into_iter()
        .zip(answer_counts)
        .enumerate()
        .map(|(n, (votes, answers))| {
            let plan = IdeaPlan::new(rng, n, size.questions, votes, people, now);
            (plan, answers)
        })
        .collect();
    let ids = insert_questions(db, rng, &plans, people, theme_ids, now).await?;
    let asked: Vec<Voted> = ids
        .iter()
        .zip(&plans)
        .map(|(id, (plan, _))| Voted::of(*id, plan))
        .collect();
    let question_votes = insert_votes(db, rng, &asked, people, now, |vote| {
        question_votes::ActiveModel {
            question_id: Set(vote.target),
            user_id: Set(vote.user_id),
            is_client: Set(vote.is_client),
            created_at: Set(vote.at),
        }
    })
    .await?;
    let answers = insert_answers(db, rng, &plans, &ids, people, experts, now).await?;
    let ratings = skewed_counts(rng, answers.len(), size.ratings, most);
    let raters: Vec<Vec<usize>> = answers
        .iter()
        .zip(ratings)
        .map(|(answer, count)| distinct_people(rng, people.len(), answer.author, count))
        .collect();
    let rated: Vec<Voted> = answers
        .iter()
        .zip(&raters)
        .map(|(answer, who)| Voted {
            target: answer.id,
            since: answer.created_at,
            voters: who,
        })
        .collect();
    let ratings = insert_votes(db, rng, &rated, people, now, |vote| {
        answer_votes::ActiveModel {
            answer_id: Set(vote.target),
            user_id: Set(vote.user_id),
            value: Set(if vote.positive { 1 } else { -1 }),
            is_client: Set(vote.is_client),
            created_at: Set(vote.at),
        }
    })
    .await?;
    settle_answer_counters(db).await?;
    Ok(format!(
        "{} questions, {question_votes} question votes, {} answers, {ratings} ratings",
        ids.len(),
        answers.len()
    ))
}

/// Makes the first [`EXPERTS`] generated people experts of every theme; returns how many.
async fn make_experts(
    db: &Db,
    people: &[(i64, bool)],
    theme_ids: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let experts = &people[..EXPERTS.min(people.len())];
    let roles = experts.iter().map(|(id, _)| user_roles::ActiveModel {
        user_id: Set(*id),
        role: Set(Role::Expert),
        granted_at: Set(now),
    });
    insert_all(db, roles.collect()).await?;
    let themes = experts.iter().flat_map(|(id, _)| {
        theme_ids.iter().map(|theme| expert_themes::ActiveModel {
            user_id: Set(*id),
            theme_id: Set(*theme),
        })
    });
    insert_all(db, themes.collect()).await?;
    Ok(experts.len())
}

/// Inserts the questions (the plan's supporters are its voters); returns their ids.
async fn insert_questions(
    db: &Db,
    rng: &mut StdRng,
    plans: &[(IdeaPlan, usize)],
    people: &[(i64, bool)],
    themes: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    let before = last_id::<questions::Entity>(db, questions::Column::Id).await?;
    let bodies = bodies(&SENTENCES, IDEA_BODY_MAX_CHARS)?;
    for chunk in plans.chunks(BATCH / 4) {
        let rows: Vec<questions::ActiveModel> = chunk
            .iter()
            .map(|(plan, _)| {
                let title = format!(
                    "{} {} {} ?",
                    ASKS[rng.gen_range(0..ASKS.len())],
                    SUBJECTS[rng.gen_range(0..SUBJECTS.len())].to_lowercase(),
                    PURPOSES[rng.gen_range(0..PURPOSES.len())]
                );
                NewQuestion {
                    author_id: people[plan.author].0,
                    theme_id: themes[rng.gen_range(0..themes.len())],
                    title: &title,
                    body: &bodies[rng.gen_range(0..bodies.len())],
                    votes: plan.supporters.len() as i32,
                    clients: plan.clients as i32,
                    created_at: plan.created_at,
                }
                .row(now)
            })
            .collect();
        insert_all(db, rows).await?;
    }
    ids_after::<questions::Entity>(db, questions::Column::Id, before).await
}

/// A generated answer: its id, the person (index) who wrote it, and when.
struct GeneratedAnswer {
    id: i64,
    author: usize,
    created_at: DateTime<Utc>,
}

/// Inserts the answers: on four questions in five the first is an expert's official
/// answer, given within three days; the asker accepted one on a question in three.
async fn insert_answers(
    db: &Db,
    rng: &mut StdRng,
    plans: &[(IdeaPlan, usize)],
    ids: &[i64],
    people: &[(i64, bool)],
    experts: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<GeneratedAnswer>> {
    let before = last_id::<answers::Entity>(db, answers::Column::Id).await?;
    let bodies = bodies(&ANSWERS, COMMENT_BODY_MAX_CHARS)?;
    let mut written = Vec::new();
    let mut rows = Vec::with_capacity(BATCH);
    for ((plan, count), &question_id) in plans.iter().zip(ids) {
        // At least two minutes, so an official answer (a minute at least after the
        // question) has room even on the newest question of a large dataset.
        let span = (now - plan.created_at).num_seconds().max(120);
        for k in 0..*count {
            let official = k == 0 && experts > 0 && rng.gen_range(0..5) < 4;
            let author = if official {
                rng.gen_range(0..experts)
            } else {
                (plan.author + 1 + rng.gen_range(0..people.len() - 1)) % people.len()
            };
            let after = if official {
                rng.gen_range(60..span.min(3 * 86_400))
            } else {
                rng.gen_range(0..span)
            };
            let body = &bodies[rng.gen_range(0..bodies.len())];
            let created_at = plan.created_at + Duration::seconds(after);
            written.push((author, created_at));
            rows.push(answers::ActiveModel {
                question_id: Set(question_id),
                author_id: Set(people[author].0),
                official: Set(official),
                body_markdown: Set(body.source().to_owned()),
                body_html: Set(body.html().to_owned()),
                created_at: Set(created_at),
                ..Default::default()
            });
            if rows.len() == BATCH {
                insert_all(db, std::mem::take(&mut rows)).await?;
            }
        }
    }
    insert_all(db, rows).await?;
    let ids = ids_after::<answers::Entity>(db, answers::Column::Id, before).await?;
    Ok(ids
        .into_iter()
        .zip(written)
        .map(|(id, (author, created_at))| GeneratedAnswer {
            id,
            author,
            created_at,
        })
        .collect())
}

/// Sets each question's answer count, first official answer time and (on one in three)
/// accepted answer, and each answer's rating counters, from the rows.
async fn settle_answer_counters(db: &Db) -> anyhow::Result<()> {
    let txn = db.write.begin().await?;
    for sql in [
        "UPDATE questions SET answer_count = (SELECT COUNT(*) FROM answers a WHERE a.question_id = questions.id), \
         answered_at = (SELECT MIN(a.created_at) FROM answers a WHERE a.question_id = questions.id AND a.official)",
        "UPDATE questions SET accepted_answer_id = (SELECT MIN(a.id) FROM answers a WHERE a.question_id = questions.id) \
         WHERE questions.id % 3 = 0",
        "UPDATE answers SET \
         helpful_total = (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = answers.id AND v.value > 0), \
         helpful_clients = (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = answers.id AND v.value > 0 AND v.is_client), \
         unhelpful_total = (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = answers.id AND v.value < 0), \
         unhelpful_clients = (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = answers.id AND v.value < 0 AND v.is_client)",
    ] {
        txn.execute_unprepared(sql).await?;
    }
    txn.commit().await?;
    Ok(())
}
