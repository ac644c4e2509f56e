//! Demonstration content for `cocrea seed --demo`: one account per role, a dozen more
//! members, and a believable French community of ideas with supports and comments, so a
//! new user of the README's run command can try every part of the product at once.
//! Accounts are created when missing; ideas only when the database has none.

use api::{
    ANSWER_BODY_MAX_CHARS, COMMENT_BODY_MAX_CHARS, IDEA_BODY_MAX_CHARS, IdeaStatus,
    QUESTION_BODY_MAX_CHARS, ReportReason, Role, Signup, TargetType,
};
use backend::auth::accounts;
use backend::domain::MarkdownBody;
use backend::entities::{
    answer_votes, answers, comment_votes, comments, idea_status_changes, idea_supports, ideas,
    question_votes, questions, reports, themes, users,
};
use backend::ideas::NewIdea;
use backend::platform::db::Db;
use backend::questions::NewQuestion;
use backend::questions::experts;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};
use std::collections::HashMap;

mod content;

pub use content::DEMO_PASSWORD;
use content::*;

/// Creates whatever demo accounts are missing, and the demo ideas in an empty database;
/// returns what it did, line by line.
pub async fn seed(db: &Db) -> anyhow::Result<Vec<String>> {
    let mut report = Vec::new();
    let mut staff = HashMap::new();
    for (email, name, role) in ACCOUNTS {
        let user = ensure_account(db, email, name, role).await?;
        if let Some(role) = role {
            staff.insert(role, user.id);
        }
        let role = role.map_or("member", Role::as_str);
        report.push(format!("  {role:<10} {email}  /  {DEMO_PASSWORD}"));
    }
    let mut members = Vec::new();
    for (n, (name, client)) in MEMBERS.into_iter().enumerate() {
        let email = format!("membre{}@demo.cocrea.test", n + 1);
        let role = client.then_some(Role::Client);
        members.push(ensure_account(db, &email, name, role).await?);
    }
    let (Some(&expert), Some(&team)) = (staff.get(&Role::Expert), staff.get(&Role::Moderator))
    else {
        anyhow::bail!("the demo staff accounts are missing");
    };
    let themes: Vec<String> = EXPERT_THEMES.iter().map(|s| (*s).to_owned()).collect();
    experts::set_themes(db, expert, &themes).await?;
    let theme_ids = theme_ids(db).await?;
    if ideas::Entity::find().count(&db.read).await? == 0 {
        let count = seed_ideas(db, &theme_ids, &members, expert, team).await?;
        report.push(format!(
            "  {count} demo ideas with their supports and comments"
        ));
    }
    if questions::Entity::find().count(&db.read).await? == 0 {
        let count = seed_questions(db, &theme_ids, &members, expert).await?;
        report.push(format!(
            "  {count} demo questions with their answers and ratings"
        ));
    }
    follow_what_they_wrote(db).await?;
    Ok(report)
}

/// Authors follow their ideas and questions, as they would have through the app (the
/// demo writes rows directly); following twice changes nothing, so reseeding is safe.
async fn follow_what_they_wrote(db: &Db) -> anyhow::Result<()> {
    let txn = db.write.begin().await?;
    // `WHERE true`: SQLite needs it to read `ON CONFLICT` after `SELECT … FROM`.
    for (kind, table) in [("idea", "ideas"), ("question", "questions")] {
        txn.execute_unprepared(&format!(
            "INSERT INTO follows (user_id, target_type, target_id, created_at) \
             SELECT author_id, '{kind}', id, created_at FROM {table} WHERE true \
             ON CONFLICT DO NOTHING"
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Every theme's id by slug.
async fn theme_ids(db: &Db) -> anyhow::Result<HashMap<String, i64>> {
    Ok(themes::Entity::find()
        .all(&db.read)
        .await?
        .into_iter()
        .map(|t| (t.slug, t.id))
        .collect())
}

async fn ensure_account(
    db: &Db,
    email: &str,
    name: &str,
    role: Option<Role>,
) -> anyhow::Result<users::Model> {
    let find = || {
        users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .one(&db.read)
    };
    if let Some(user) = find().await? {
        return Ok(user);
    }
    let signup = Signup {
        email: email.into(),
        display_name: name.into(),
        password: DEMO_PASSWORD.into(),
    };
    accounts::register(db, signup)
        .await
        .map_err(|e| anyhow::anyhow!("creating a demo account: {e}"))?;
    if let Some(role) = role {
        accounts::grant(db, email, role).await?;
    }
    find()
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo account {email} vanished"))
}

/// The demo ideas by the members, with comments by members, the expert and the team.
async fn seed_ideas(
    db: &Db,
    theme_ids: &HashMap<String, i64>,
    members: &[users::Model],
    expert: i64,
    team: i64,
) -> anyhow::Result<usize> {
    let now = Utc::now();
    let txn = db.write.begin().await?;
    for (n, (theme, title, body, status)) in IDEAS.into_iter().enumerate() {
        let theme_id = *theme_ids
            .get(theme)
            .ok_or_else(|| anyhow::anyhow!("no theme {theme}"))?;
        let body = MarkdownBody::parse(body, IDEA_BODY_MAX_CHARS)
            .map_err(|e| anyhow::anyhow!("demo idea {n}: {}", e.message()))?;
        // Spread over the last five weeks, a few very fresh so "hot" has something to show.
        let created_at = now - Duration::hours(((n * 29) % 840) as i64 + 1);
        let author = &members[n % members.len()];
        let supporters: Vec<&users::Model> = members
            .iter()
            .filter(|m| m.id != author.id)
            .take((n * 7 + 3) % members.len())
            .collect();
        let comments = n % 4;
        let idea = NewIdea {
            author_id: author.id,
            theme_id,
            title,
            body: &body,
            status,
            supports: supporters.len() as i32,
            clients: supporters.iter().filter(|m| m.is_client).count() as i32,
            comments: comments as i32,
            created_at,
        }
        .row(now)
        .insert(&txn)
        .await?;
        for (k, supporter) in supporters.iter().enumerate() {
            idea_supports::ActiveModel {
                idea_id: Set(idea.id),
                user_id: Set(supporter.id),
                is_client: Set(supporter.is_client),
                created_at: Set(created_at + Duration::minutes(k as i64 * 17 + 5)),
            }
            .insert(&txn)
            .await?;
        }
        // The team's answers, spread between submission and now.
        let mut from = IdeaStatus::New;
        let steps = follow_up_steps(status);
        let span = (now - created_at).num_minutes().max(1);
        for (k, (to, text)) in steps.iter().enumerate() {
            let explanation = MarkdownBody::parse(text, api::EXPLANATION_MAX_CHARS)
                .map_err(|e| anyhow::anyhow!("demo follow-up: {}", e.message()))?;
            let at =
                created_at + Duration::minutes(span * (k as i64 + 1) / (steps.len() as i64 + 1));
            if k == 0 {
                ideas::Entity::update_many()
                    .col_expr(
                        ideas::Column::FirstResponseAt,
                        sea_orm::sea_query::Expr::val(at),
                    )
                    .filter(ideas::Column::Id.eq(idea.id))
                    .exec(&txn)
                    .await?;
            }
            idea_status_changes::ActiveModel {
                idea_id: Set(idea.id),
                from_status: Set(from),
                to_status: Set(*to),
                explanation_markdown: Set(explanation.source().to_owned()),
                explanation_html: Set(explanation.html().to_owned()),
                skip_reason: Set(None),
                merged_into_id: Set(None),
                by_user_id: Set(team),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            from = *to;
        }
        // Two members flag the fourth idea, so the console's queue has work to show.
        if n == 3 {
            for (k, reason) in [ReportReason::OffTopic, ReportReason::Spam]
                .into_iter()
                .enumerate()
            {
                reports::ActiveModel {
                    reporter_id: Set(members[(n + k + 5) % members.len()].id),
                    target_type: Set(TargetType::Idea),
                    target_id: Set(idea.id),
                    reason: Set(reason),
                    details: Set(String::new()),
                    open: Set(Some(true)),
                    created_at: Set(now - Duration::hours(k as i64 + 2)),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        for k in 0..comments {
            let (text, staff) = COMMENTS[(n + k) % COMMENTS.len()];
            let author_id = if staff {
                if k % 2 == 0 { expert } else { team }
            } else {
                members[(n + k + 3) % members.len()].id
            };
            let body = MarkdownBody::parse(text, COMMENT_BODY_MAX_CHARS)
                .map_err(|e| anyhow::anyhow!("demo comment: {}", e.message()))?;
            // A few members found it helpful, the staff's answers most of all.
            let helpers: Vec<&users::Model> = members
                .iter()
                .filter(|m| m.id != author_id)
                .take(if staff { 3 + n % 3 } else { (n + k) % 3 })
                .collect();
            let comment = comments::ActiveModel {
                idea_id: Set(idea.id),
                parent_id: Set(None),
                author_id: Set(author_id),
                body_markdown: Set(body.source().to_owned()),
                body_html: Set(body.html().to_owned()),
                created_at: Set(created_at + Duration::hours(k as i64 + 1)),
                edited_at: Set(None),
                deleted_at: Set(None),
                helpful_total: Set(helpers.len() as i32),
                helpful_clients: Set(helpers.iter().filter(|m| m.is_client).count() as i32),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for helper in helpers {
                comment_votes::ActiveModel {
                    comment_id: Set(comment.id),
                    user_id: Set(helper.id),
                    is_client: Set(helper.is_client),
                    created_at: Set(comment.created_at + Duration::minutes(40)),
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(IDEAS.len())
}

/// The demo questions: asked over the last weeks, most answered by the expert (some
/// late), a few still waiting, some past their commitment; votes and ratings by members.
async fn seed_questions(
    db: &Db,
    theme_ids: &HashMap<String, i64>,
    members: &[users::Model],
    expert: i64,
) -> anyhow::Result<usize> {
    let now = Utc::now();
    let txn = db.write.begin().await?;
    for (n, (theme, title, body, official, community, accepted)) in
        QUESTIONS.into_iter().enumerate()
    {
        let theme_id = *theme_ids
            .get(theme)
            .ok_or_else(|| anyhow::anyhow!("no theme {theme}"))?;
        let body = MarkdownBody::parse(body, QUESTION_BODY_MAX_CHARS)
            .map_err(|e| anyhow::anyhow!("demo question {n}: {}", e.message()))?;
        // Answered ones over the last three weeks; waiting ones recent, the last overdue.
        let hours_ago = match official {
            Some(_) => ((n * 37) % 500) as i64 + 20,
            None if n + 1 == QUESTIONS.len() => 80,
            None => (n as i64 % 5) * 9 + 4,
        };
        let created_at = now - Duration::hours(hours_ago);
        let asker = &members[(n + 5) % members.len()];
        let voters: Vec<&users::Model> = members
            .iter()
            .filter(|m| m.id != asker.id)
            .take((n * 5 + 2) % members.len())
            .collect();
        let mut row = NewQuestion {
            author_id: asker.id,
            theme_id,
            title,
            body: &body,
            votes: voters.len() as i32,
            clients: voters.iter().filter(|m| m.is_client).count() as i32,
            created_at,
        }
        .row(now);
        row.answered_at = Set(official.map(|(hours, _)| created_at + Duration::hours(hours)));
        row.answer_count = Set(i32::from(official.is_some()) + i32::from(community.is_some()));
        let question = row.insert(&txn).await?;
        for voter in &voters {
            question_votes::ActiveModel {
                question_id: Set(question.id),
                user_id: Set(voter.id),
                is_client: Set(voter.is_client),
                created_at: Set(created_at + Duration::hours(1)),
            }
            .insert(&txn)
            .await?;
        }
        let answers = [
            official.map(|(hours, text)| (expert, true, text, hours)),
            community.map(|text| (members[(n + 8) % members.len()].id, false, text, 3)),
        ];
        let mut accepted_id = None;
        for (author_id, is_official, text, hours) in answers.into_iter().flatten() {
            let body = MarkdownBody::parse(text, ANSWER_BODY_MAX_CHARS)
                .map_err(|e| anyhow::anyhow!("demo answer: {}", e.message()))?;
            // Raters: members other than the asker and the author; most find it helpful.
            let raters: Vec<&users::Model> = members
                .iter()
                .filter(|m| m.id != author_id && m.id != asker.id)
                .take(if is_official { 6 } else { 3 })
                .collect();
            let value = |k: usize| if k % 4 == 3 { -1i16 } else { 1 };
            let count = |helpful: bool, clients_only: bool| {
                raters
                    .iter()
                    .enumerate()
                    .filter(|(k, m)| (value(*k) > 0) == helpful && (!clients_only || m.is_client))
                    .count() as i32
            };
            let answer = answers::ActiveModel {
                question_id: Set(question.id),
                author_id: Set(author_id),
                official: Set(is_official),
                body_markdown: Set(body.source().to_owned()),
                body_html: Set(body.html().to_owned()),
                helpful_total: Set(count(true, false)),
                helpful_clients: Set(count(true, true)),
                unhelpful_total: Set(count(false, false)),
                unhelpful_clients: Set(count(false, true)),
                created_at: Set(created_at + Duration::hours(hours)),
                edited_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for (k, rater) in raters.iter().enumerate() {
                answer_votes::ActiveModel {
                    answer_id: Set(answer.id),
                    user_id: Set(rater.id),
                    value: Set(value(k)),
                    is_client: Set(rater.is_client),
                    created_at: Set(answer.created_at + Duration::hours(2)),
                }
                .insert(&txn)
                .await?;
            }
            if (accepted == Accepted::Official) == is_official && accepted != Accepted::None {
                accepted_id = Some(answer.id);
            }
        }
        if accepted_id.is_some() {
            let mut active: questions::ActiveModel = question.into();
            active.accepted_answer_id = Set(accepted_id);
            active.update(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(QUESTIONS.len())
}
