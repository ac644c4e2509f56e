//! Profiles and settings: the public page of a person (badges, activity, reputation),
//! their avatar, what they change about their account, and their personal home.

pub mod follows;
pub mod personal_data;
pub mod routes;
pub mod settings;
pub mod unsubscribe;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers this slice's routes under `/api/v1`, each with its OpenAPI description.
pub fn register(cfg: &mut ServiceConfig) {
    cfg.service(routes::get_settings)
        .service(routes::update_settings)
        .service(routes::upload_avatar)
        .service(routes::remove_avatar)
        .service(routes::home)
        .service(routes::export)
        .service(routes::delete_account)
        .service(routes::get_profile)
        .service(routes::get_avatar)
        .service(routes::unsubscribe_link)
        .service(routes::follow_idea)
        .service(routes::unfollow_idea)
        .service(routes::follow_question)
        .service(routes::unfollow_question)
        .service(routes::follow_theme)
        .service(routes::unfollow_theme);
}

use crate::content::people;
use crate::entities::{answers, comments, ideas, questions, users};
use crate::notifications as notification_service;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions::experts;
use api::{
    ActivityItem, ActivityList, AvatarView, FollowTarget, HomeItem, HomeView, OpenQuestion,
    ProfileView, Reputation,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

/// Contributions listed per kind on a profile, and items on the home.
const LATEST: u64 = 10;
/// The languages the site speaks.
pub(super) const LOCALES: [&str; 2] = ["fr", "en"];

/// Colours for generated avatars: each has a contrast of at least 4.5:1 with white text.
const AVATAR_COLORS: [&str; 8] = [
    "#1d4ed8", "#7c3aed", "#b91c1c", "#0f766e", "#a21caf", "#9a3412", "#4338ca", "#166534",
];

/// Up to two initials of a display name.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

pub(crate) fn avatar(user: &users::Model) -> AvatarView {
    let index = usize::try_from(user.id.rem_euclid(AVATAR_COLORS.len() as i64)).unwrap_or(0);
    AvatarView {
        initials: initials(&user.display_name),
        color: AVATAR_COLORS[index].to_owned(),
        url: user
            .avatar_updated_at
            .filter(|_| user.avatar.is_some())
            .map(|at| format!("/api/v1/people/{}/avatar?v={}", user.id, at.timestamp())),
    }
}

/// A live (not deleted) account, or 404.
pub(super) async fn live_user(conn: &impl ConnectionTrait, id: i64) -> ApiResult<users::Model> {
    users::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|u| u.deleted_at.is_none())
        .ok_or(ApiError::NotFound)
}

/// A person's public profile: what everyone may see.
pub async fn profile(db: &Db, id: i64) -> ApiResult<ProfileView> {
    let user = live_user(&db.read, id).await?;
    let person = people::authors(&db.read, [id]).await?.of(id);
    let is_expert = person.badges.contains(&api::Badge::Expert);
    let expert_themes = if is_expert {
        let ids = experts::themes_of(&db.read, id).await?;
        let refs = crate::themes::refs(&db.read).await?;
        crate::themes::slugs_in_order(&refs, &ids)
    } else {
        Vec::new()
    };
    Ok(ProfileView {
        bio: user.bio.clone(),
        avatar: avatar(&user),
        expert_themes,
        member_since: user.created_at,
        reputation: reputation(&db.read, id).await?,
        ideas: idea_activity(&db.read, id).await?,
        questions: question_activity(&db.read, id).await?,
        answers: answer_activity(&db.read, id).await?,
        comments: comment_activity(&db.read, id).await?,
        person,
    })
}

/// The sum of a counter over a person's visible rows of one table.
async fn total<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    counter: E::Column,
    author: E::Column,
    hidden: E::Column,
    id: i64,
) -> ApiResult<u32>
where
    E::Column: ColumnTrait,
{
    let sum: Option<Option<i64>> = E::find()
        .select_only()
        .column_as(Expr::col(counter).sum().cast_as("BIGINT"), "total")
        .filter(author.eq(id))
        .filter(hidden.is_null())
        .into_tuple()
        .one(conn)
        .await?;
    Ok(u32::try_from(sum.flatten().unwrap_or(0)).unwrap_or(u32::MAX))
}

async fn reputation(conn: &impl ConnectionTrait, id: i64) -> ApiResult<Reputation> {
    let supports = total::<ideas::Entity>(
        conn,
        ideas::Column::SupportsTotal,
        ideas::Column::AuthorId,
        ideas::Column::HiddenAt,
        id,
    )
    .await?;
    let question_votes = total::<questions::Entity>(
        conn,
        questions::Column::VotesTotal,
        questions::Column::AuthorId,
        questions::Column::HiddenAt,
        id,
    )
    .await?;
    let helpful = total::<answers::Entity>(
        conn,
        answers::Column::HelpfulTotal,
        answers::Column::AuthorId,
        answers::Column::HiddenAt,
        id,
    )
    .await?;
    Ok(Reputation {
        supports,
        question_votes,
        helpful,
        total: supports
            .saturating_add(question_votes)
            .saturating_add(helpful),
    })
}

async fn idea_activity(conn: &impl ConnectionTrait, id: i64) -> ApiResult<ActivityList> {
    let visible = ideas::Entity::find()
        .select_only()
        .columns([
            ideas::Column::Id,
            ideas::Column::Title,
            ideas::Column::CreatedAt,
        ])
        .filter(ideas::Column::AuthorId.eq(id))
        .filter(ideas::Column::HiddenAt.is_null())
        .order_by_desc(ideas::Column::Id);
    activity(conn, visible).await
}

async fn question_activity(conn: &impl ConnectionTrait, id: i64) -> ApiResult<ActivityList> {
    let visible = questions::Entity::find()
        .select_only()
        .columns([
            questions::Column::Id,
            questions::Column::Title,
            questions::Column::CreatedAt,
        ])
        .filter(questions::Column::AuthorId.eq(id))
        .filter(questions::Column::HiddenAt.is_null())
        .order_by_desc(questions::Column::Id);
    activity(conn, visible).await
}

/// Answers on visible questions, each with its question's title.
async fn answer_activity(conn: &impl ConnectionTrait, id: i64) -> ApiResult<ActivityList> {
    let visible = answers::Entity::find()
        .join(
            JoinType::InnerJoin,
            answers::Entity::belongs_to(questions::Entity)
                .from(answers::Column::QuestionId)
                .to(questions::Column::Id)
                .into(),
        )
        .select_only()
        .column(answers::Column::QuestionId)
        .column(questions::Column::Title)
        .column(answers::Column::CreatedAt)
        .filter(answers::Column::AuthorId.eq(id))
        .filter(answers::Column::HiddenAt.is_null())
        .filter(questions::Column::HiddenAt.is_null())
        .order_by_desc(answers::Column::Id);
    activity(conn, visible).await
}

/// Live, visible comments on visible ideas, each with its idea's title.
async fn comment_activity(conn: &impl ConnectionTrait, id: i64) -> ApiResult<ActivityList> {
    let visible = comments::Entity::find()
        .join(
            JoinType::InnerJoin,
            comments::Entity::belongs_to(ideas::Entity)
                .from(comments::Column::IdeaId)
                .to(ideas::Column::Id)
                .into(),
        )
        .select_only()
        .column(comments::Column::IdeaId)
        .column(ideas::Column::Title)
        .column(comments::Column::CreatedAt)
        .filter(comments::Column::AuthorId.eq(id))
        .filter(comments::Column::HiddenAt.is_null())
        .filter(comments::Column::DeletedAt.is_null())
        .filter(ideas::Column::HiddenAt.is_null())
        .order_by_desc(comments::Column::Id);
    activity(conn, visible).await
}

/// How many rows `visible` selects, and its first `LATEST`: each a (subject id, subject
/// title, date) triple, newest first.
async fn activity<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    visible: Select<E>,
) -> ApiResult<ActivityList>
where
    E::Model: Sync,
{
    let total = visible.clone().count(conn).await?;
    let rows: Vec<(i64, String, DateTime<Utc>)> =
        visible.limit(LATEST).into_tuple().all(conn).await?;
    Ok(ActivityList {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        latest: rows
            .into_iter()
            .map(|(subject_id, title, created_at)| ActivityItem {
                subject_id,
                title,
                created_at,
            })
            .collect(),
    })
}

/// The personal home: news from followed themes, updates on what the person follows, and
/// their questions still waiting for an accepted answer.
pub async fn home(db: &Db, user: &CurrentUser) -> ApiResult<HomeView> {
    let conn = &db.read;
    let theme_ids =
        crate::content::follows::followed(conn, user.user.id, FollowTarget::Theme).await?;
    let refs = crate::themes::refs(conn).await?;
    let fresh_ideas = ideas::Entity::find()
        .filter(ideas::Column::ThemeId.is_in(theme_ids.clone()))
        .filter(ideas::Column::HiddenAt.is_null())
        .filter(ideas::Column::AuthorId.ne(user.user.id))
        .order_by_desc(ideas::Column::Id)
        .limit(LATEST)
        .all(conn)
        .await?;
    let fresh_questions = questions::Entity::find()
        .filter(questions::Column::ThemeId.is_in(theme_ids.clone()))
        .filter(questions::Column::HiddenAt.is_null())
        .filter(questions::Column::AuthorId.ne(user.user.id))
        .order_by_desc(questions::Column::Id)
        .limit(LATEST)
        .all(conn)
        .await?;
    let authors = people::authors(
        conn,
        fresh_ideas
            .iter()
            .map(|i| i.author_id)
            .chain(fresh_questions.iter().map(|q| q.author_id)),
    )
    .await?;
    let theme = |id: i64| refs.get(&id).map(|t| t.slug.clone()).unwrap_or_default();
    let mut fresh: Vec<HomeItem> = fresh_ideas
        .into_iter()
        .map(|idea| HomeItem {
            kind: FollowTarget::Idea,
            id: idea.id,
            author: authors.of(idea.author_id),
            theme: theme(idea.theme_id),
            status: Some(idea.status),
            title: idea.title,
            created_at: idea.created_at,
        })
        .chain(fresh_questions.into_iter().map(|question| HomeItem {
            kind: FollowTarget::Question,
            id: question.id,
            author: authors.of(question.author_id),
            theme: theme(question.theme_id),
            status: None,
            title: question.title,
            created_at: question.created_at,
        }))
        .collect();
    fresh.sort_by_key(|item| std::cmp::Reverse(item.created_at));
    fresh.truncate(LATEST as usize);
    let open_questions = questions::Entity::find()
        .filter(questions::Column::AuthorId.eq(user.user.id))
        .filter(questions::Column::AcceptedAnswerId.is_null())
        .order_by_desc(questions::Column::Id)
        .limit(LATEST)
        .all(conn)
        .await?
        .into_iter()
        .map(|q| OpenQuestion {
            due_at: crate::questions::due_at(
                q.created_at,
                refs.get(&q.theme_id).map_or(0, |t| t.response_hours),
            ),
            id: q.id,
            title: q.title,
            answer_count: u32::try_from(q.answer_count).unwrap_or(0),
            answered: q.answered_at.is_some(),
            created_at: q.created_at,
        })
        .collect();
    let mut themes: Vec<String> = theme_ids.iter().map(|id| theme(*id)).collect();
    themes.sort();
    Ok(HomeView {
        themes,
        fresh,
        updates: notification_service::latest(conn, user.user.id, LATEST).await?,
        open_questions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("Camille Durand"), "CD");
        assert_eq!(initials("élodie"), "É");
        assert_eq!(initials("  (Jean)  Paul Marie"), "JP");
        assert_eq!(initials(""), "");
    }
}
