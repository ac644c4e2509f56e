//! A person's own data: the export of everything about them, and the deletion of their
//! account (their public contributions stay, signed "deleted member").

use crate::auth::{self, CurrentUser};
use crate::db::Db;
use crate::entities::{
    answer_votes, answers, comments, email_outbox, expert_themes, follows, idea_supports, ideas,
    merged_supports, notification_prefs, notifications, question_votes, questions, reports,
    sessions, user_roles, users,
};
use crate::error::{ApiError, ApiResult};
use crate::services::{answers as answer_service, listing, notifications as notification_service};
use api::{DeleteAccount, FieldIssue, NotificationPref};
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
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
        ideas: ideas::Entity::find()
            .filter(ideas::Column::AuthorId.eq(id))
            .order_by_asc(ideas::Column::Id)
            .all(conn)
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
        questions: questions::Entity::find()
            .filter(questions::Column::AuthorId.eq(id))
            .order_by_asc(questions::Column::Id)
            .all(conn)
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
        answers: answers::Entity::find()
            .filter(answers::Column::AuthorId.eq(id))
            .order_by_asc(answers::Column::Id)
            .all(conn)
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
        idea_supports: idea_supports::Entity::find()
            .filter(idea_supports::Column::UserId.eq(id))
            .all(conn)
            .await?
            .into_iter()
            .map(|v| ExportVote {
                target_id: v.idea_id,
                value: 1,
                created_at: v.created_at,
            })
            .collect(),
        question_votes: question_votes::Entity::find()
            .filter(question_votes::Column::UserId.eq(id))
            .all(conn)
            .await?
            .into_iter()
            .map(|v| ExportVote {
                target_id: v.question_id,
                value: 1,
                created_at: v.created_at,
            })
            .collect(),
        answer_ratings: answer_votes::Entity::find()
            .filter(answer_votes::Column::UserId.eq(id))
            .all(conn)
            .await?
            .into_iter()
            .map(|v| ExportVote {
                target_id: v.answer_id,
                value: v.value,
                created_at: v.created_at,
            })
            .collect(),
        follows: follows::Entity::find()
            .filter(follows::Column::UserId.eq(id))
            .all(conn)
            .await?
            .into_iter()
            .map(|f| ExportFollow {
                target_type: f.target_type,
                target_id: f.target_id,
                created_at: f.created_at,
            })
            .collect(),
        notification_preferences: notification_service::preferences(conn, id).await?,
        notifications: notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(id))
            .order_by_asc(notifications::Column::Id)
            .all(conn)
            .await?
            .into_iter()
            .map(|n| ExportNotification {
                kind: n.kind,
                subject_id: n.subject_id,
                title: n.title,
                created_at: n.created_at,
                read_at: n.read_at,
            })
            .collect(),
        reports: reports::Entity::find()
            .filter(reports::Column::ReporterId.eq(id))
            .order_by_asc(reports::Column::Id)
            .all(conn)
            .await?
            .into_iter()
            .map(|r| ExportReport {
                target_type: r.target_type,
                target_id: r.target_id,
                reason: r.reason,
                details: r.details,
                created_at: r.created_at,
            })
            .collect(),
        sessions: sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(id))
            .all(conn)
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
#[tracing::instrument(skip_all, fields(user.id = user.user.id))]
pub async fn delete_account(db: &Db, user: &CurrentUser, input: DeleteAccount) -> ApiResult<()> {
    if input.password.is_empty() {
        return Err(ApiError::field("password", FieldIssue::Required));
    }
    let password = SecretString::from(input.password);
    if !auth::verify_password(user.user.password_hash.clone(), password).await? {
        return Err(ApiError::field("password", FieldIssue::WrongPassword));
    }
    // A hash of a password nobody knows, so the row keeps a well-formed hash.
    let unknowable = auth::hash_password(SecretString::from(crate::startup::random_hex())).await?;
    let id = user.user.id;
    let now = Utc::now();
    let txn = db.write.begin().await?;
    take_back_votes(&txn, id).await?;
    merged_supports::Entity::delete_many()
        .filter(merged_supports::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    follows::Entity::delete_many()
        .filter(follows::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    notification_prefs::Entity::delete_many()
        .filter(notification_prefs::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    notifications::Entity::delete_many()
        .filter(notifications::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    expert_themes::Entity::delete_many()
        .filter(expert_themes::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    user_roles::Entity::delete_many()
        .filter(user_roles::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    users::Entity::update_many()
        // `.invalid` can never be delivered to (RFC 2606), and the id keeps it unique.
        .col_expr(
            users::Column::Email,
            Expr::value(format!("deleted-{id}@deleted.invalid")),
        )
        .col_expr(users::Column::DisplayName, Expr::value(String::new()))
        .col_expr(users::Column::Bio, Expr::value(String::new()))
        .col_expr(users::Column::PasswordHash, Expr::value(unknowable))
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
