//! A person's own data: the export of everything about them, and the deletion of their
//! account (their public contributions stay, signed "deleted member").

use crate::content::listing;
use crate::entities::{
    accessibility_problems, answer_votes, answers, comments, email_outbox, expert_themes, follows,
    idea_supports, ideas, merged_supports, notification_prefs, notifications, question_votes,
    questions, reports, sessions, user_roles, users,
};
use crate::notifications as notification_service;
use crate::platform::auth;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use crate::questions::answers as answer_service;
use api::{DeleteAccount, FieldIssue, NotificationPref};
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use sea_orm::{Iterable, PrimaryKeyToColumn};
use secrecy::SecretString;
use serde::Serialize;
use utoipa::ToSchema;

/// `GET /api/v1/me/export`: everything Cocrea holds about the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataExport {
    pub exported_at: DateTime<Utc>,
    pub profile: ExportProfile,
    pub ideas: Vec<ExportText>,
    pub questions: Vec<ExportText>,
    pub answers: Vec<ExportText>,
    pub comments: Vec<ExportText>,
    pub idea_supports: Vec<ExportVote>,
    pub question_votes: Vec<ExportVote>,
    pub answer_ratings: Vec<ExportVote>,
    pub follows: Vec<ExportFollow>,
    pub notification_preferences: Vec<NotificationPref>,
    pub notifications: Vec<ExportNotification>,
    pub reports: Vec<ExportReport>,
    pub accessibility_problems: Vec<ExportAccessibilityProblem>,
    pub sessions: Vec<ExportSession>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportProfile {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub bio: String,
    pub locale: String,
    pub is_client: bool,
    pub roles: Vec<String>,
    pub created_at: DateTime<Utc>,
    /// The uploaded avatar as a `data:image/png;base64,…` URL, if any.
    pub avatar: Option<String>,
}

/// Something the person wrote. `parent_id` is the idea of a comment or the question of
/// an answer; `title` is empty for those.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportText {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub title: String,
    pub body_markdown: String,
    pub created_at: DateTime<Utc>,
    pub hidden: bool,
}

/// A vote: on `target_id`; `value` is 1 or -1 for answer ratings, 1 otherwise.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportVote {
    pub target_id: i64,
    pub value: i16,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportFollow {
    pub target_type: String,
    pub target_id: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportNotification {
    pub kind: String,
    pub subject_id: i64,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportReport {
    pub target_type: String,
    pub target_id: i64,
    pub reason: String,
    pub details: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportAccessibilityProblem {
    pub page: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A sign-in (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportSession {
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Everything about the person, read in one consistent pass.
pub async fn export(db: &Db, user: &CurrentUser) -> ApiResult<DataExport> {
    let id = user.user.id;
    let conn = &db.read;
    let me = &user.user;
    let text = |id, parent_id, title: String, body: String, created_at, hidden: bool| ExportText {
        id,
        parent_id,
        title,
        body_markdown: body,
        created_at,
        hidden,
    };
    Ok(DataExport {
        exported_at: Utc::now(),
        profile: ExportProfile {
            id,
            email: me.email.clone(),
            display_name: me.display_name.clone(),
            bio: me.bio.clone(),
            locale: me.locale.clone(),
            is_client: me.is_client,
            roles: user.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            created_at: me.created_at,
            avatar: me.avatar.as_ref().map(|png| {
                format!(
                    "data:image/png;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(png)
                )
            }),
        },
        ideas: of_person::<ideas::Entity>(conn, ideas::Column::AuthorId, id)
            .await?
            .into_iter()
            .map(|r| {
                text(
                    r.id,
                    None,
                    r.title,
                    r.body_markdown,
                    r.created_at,
                    r.hidden_at.is_some(),
                )
            })
            .collect(),
        questions: of_person::<questions::Entity>(conn, questions::Column::AuthorId, id)
            .await?
            .into_iter()
            .map(|r| {
                text(
                    r.id,
                    None,
                    r.title,
                    r.body_markdown,
                    r.created_at,
                    r.hidden_at.is_some(),
                )
            })
            .collect(),
        answers: of_person::<answers::Entity>(conn, answers::Column::AuthorId, id)
            .await?
            .into_iter()
            .map(|r| {
                let hidden = r.hidden_at.is_some();
                text(
                    r.id,
                    Some(r.question_id),
                    String::new(),
                    r.body_markdown,
                    r.created_at,
                    hidden,
                )
            })
            .collect(),
        comments: comments::Entity::find()
            .filter(comments::Column::AuthorId.eq(id))
            .filter(comments::Column::DeletedAt.is_null())
            .order_by_asc(comments::Column::Id)
            .all(conn)
            .await?
            .into_iter()
            .map(|r| {
                let hidden = r.hidden_at.is_some();
                text(
                    r.id,
                    Some(r.idea_id),
                    String::new(),
                    r.body_markdown,
                    r.created_at,
                    hidden,
                )
            })
            .collect(),
        idea_supports: of_person::<idea_supports::Entity>(conn, idea_supports::Column::UserId, id)
            .await?
            .into_iter()
            .map(|v| ExportVote {
                target_id: v.idea_id,
                value: 1,
                created_at: v.created_at,
            })
            .collect(),
        question_votes: of_person::<question_votes::Entity>(
            conn,
            question_votes::Column::UserId,
            id,
        )
        .await?
        .into_iter()
        .map(|v| ExportVote {
            target_id: v.question_id,
            value: 1,
            created_at: v.created_at,
        })
        .collect(),
        answer_ratings: of_person::<answer_votes::Entity>(conn, answer_votes::Column::UserId, id)
            .await?
            .into_iter()
            .map(|v| ExportVote {
                target_id: v.answer_id,
                value: v.value,
                created_at: v.created_at,
            })
            .collect(),
        follows: of_person::<follows::Entity>(conn, follows::Column::UserId, id)
            .await?
            .into_iter()
            .map(|f| ExportFollow {
                target_type: f.target_type.as_str().to_owned(),
                target_id: f.target_id,
                created_at: f.created_at,
            })
            .collect(),
        notification_preferences: notification_service::preferences(conn, id).await?,
        notifications: of_person::<notifications::Entity>(conn, notifications::Column::UserId, id)
            .await?
            .into_iter()
            .map(|n| ExportNotification {
                kind: n.kind.as_str().to_owned(),
                subject_id: n.subject_id,
                title: n.title,
                created_at: n.created_at,
                read_at: n.read_at,
            })
            .collect(),
        reports: of_person::<reports::Entity>(conn, reports::Column::ReporterId, id)
            .await?
            .into_iter()
            .map(|r| ExportReport {
                target_type: r.target_type.as_str().to_owned(),
                target_id: r.target_id,
                reason: r.reason.as_str().to_owned(),
                details: r.details,
                created_at: r.created_at,
            })
            .collect(),
        accessibility_problems: of_person::<accessibility_problems::Entity>(
            conn,
            accessibility_problems::Column::ReporterId,
            id,
        )
        .await?
        .into_iter()
        .map(|p| ExportAccessibilityProblem {
            page: p.page,
            description: p.description,
            created_at: p.created_at,
            resolved_at: p.resolved_at,
        })
        .collect(),
        sessions: of_person::<sessions::Entity>(conn, sessions::Column::UserId, id)
            .await?
            .into_iter()
            .map(|s| ExportSession {
                kind: s.kind,
                created_at: s.created_at,
                expires_at: s.expires_at,
            })
            .collect(),
    })
}

/// Deletes the account after checking its password. Its email, password, picture, bio,
/// name, votes (counters moved back), follows, notifications, preferences, roles and
/// sessions go; its ideas, questions, answers and comments stay, signed "deleted member".
///
/// `unknowable` is the server's hash of a random password nobody knows (`dummy_hash`):
/// the row keeps a well-formed hash that no password matches.
#[tracing::instrument(skip_all, fields(user.id = user.user.id))]
pub async fn delete_account(
    db: &Db,
    user: &CurrentUser,
    unknowable: &str,
    input: DeleteAccount,
) -> ApiResult<()> {
    if input.password.is_empty() {
        return Err(ApiError::field("password", FieldIssue::Required));
    }
    let password = SecretString::from(input.password);
    if !auth::passwords::verify_password(user.user.password_hash.clone(), password).await? {
        return Err(ApiError::field("password", FieldIssue::WrongPassword));
    }
    let id = user.user.id;
    let now = Utc::now();
    let txn = db.write.begin().await?;
    take_back_votes(&txn, id).await?;
    delete_personal_rows(&txn, id).await?;
    users::Entity::update_many()
        // `.invalid` can never be delivered to (RFC 2606), and the id keeps it unique.
        .col_expr(
            users::Column::Email,
            Expr::value(format!("deleted-{id}@deleted.invalid")),
        )
        .col_expr(users::Column::DisplayName, Expr::value(String::new()))
        .col_expr(users::Column::Bio, Expr::value(String::new()))
        .col_expr(
            users::Column::PasswordHash,
            Expr::value(unknowable.to_owned()),
        )
        .col_expr(users::Column::IsClient, Expr::value(false))
        .col_expr(users::Column::Avatar, Expr::value(None::<Vec<u8>>))
        .col_expr(
            users::Column::AvatarUpdatedAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(users::Column::DeletedAt, Expr::value(Some(now)))
        .filter(users::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!("account deleted");
    Ok(())
}

/// The rows of one table that belong to the person, in primary-key order.
async fn of_person<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    id: i64,
) -> ApiResult<Vec<E::Model>> {
    let mut select = E::find().filter(column.eq(id));
    for key in E::PrimaryKey::iter() {
        select = select.order_by_asc(key.into_column());
    }
    Ok(select.all(conn).await?)
}

/// Deletes the rows of one table that belong to the person.
async fn delete_of<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    column: E::Column,
    id: i64,
) -> ApiResult<()> {
    E::delete_many().filter(column.eq(id)).exec(txn).await?;
    Ok(())
}

/// Deletes what was the person's alone: merged supports (their votes are withdrawn
/// first), follows, preferences, queued emails, notifications, expert themes, roles,
/// sessions and the second factor with its recovery codes.
async fn delete_personal_rows(txn: &impl ConnectionTrait, id: i64) -> ApiResult<()> {
    delete_of::<merged_supports::Entity>(txn, merged_supports::Column::UserId, id).await?;
    delete_of::<follows::Entity>(txn, follows::Column::UserId, id).await?;
    delete_of::<notification_prefs::Entity>(txn, notification_prefs::Column::UserId, id).await?;
    delete_of::<email_outbox::Entity>(txn, email_outbox::Column::UserId, id).await?;
    delete_of::<notifications::Entity>(txn, notifications::Column::UserId, id).await?;
    delete_of::<expert_themes::Entity>(txn, expert_themes::Column::UserId, id).await?;
    delete_of::<user_roles::Entity>(txn, user_roles::Column::UserId, id).await?;
    delete_of::<sessions::Entity>(txn, sessions::Column::UserId, id).await?;
    crate::auth::two_factor::forget(txn, id).await?;
    Ok(())
}

/// Withdraws every support, question vote and answer rating of the person, each moving
/// its item's counters (and hot rank) back exactly as withdrawing it by hand would.
async fn take_back_votes(txn: &impl ConnectionTrait, id: i64) -> ApiResult<()> {
    let supported: Vec<i64> = idea_supports::Entity::find()
        .select_only()
        .column(idea_supports::Column::IdeaId)
        .filter(idea_supports::Column::UserId.eq(id))
        .into_tuple()
        .all(txn)
        .await?;
    for idea in supported {
        let idea = listing::locked::<ideas::Entity>(txn, idea).await?;
        listing::withdraw::<idea_supports::Entity, ideas::Entity>(txn, idea, id).await?;
    }
    let voted: Vec<i64> = question_votes::Entity::find()
        .select_only()
        .column(question_votes::Column::QuestionId)
        .filter(question_votes::Column::UserId.eq(id))
        .into_tuple()
        .all(txn)
        .await?;
    for question in voted {
        let question = listing::locked::<questions::Entity>(txn, question).await?;
        listing::withdraw::<question_votes::Entity, questions::Entity>(txn, question, id).await?;
    }
    let rated: Vec<i64> = answer_votes::Entity::find()
        .select_only()
        .column(answer_votes::Column::AnswerId)
        .filter(answer_votes::Column::UserId.eq(id))
        .into_tuple()
        .all(txn)
        .await?;
    for answer in rated {
        answer_service::take_back_rating(txn, answer, id).await?;
    }
    Ok(())
}
