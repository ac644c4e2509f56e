//! A person's own data: the export of everything about them, and the deletion of their
//! account (their public contributions stay, signed "deleted member").

use crate::content::kinds::{self, Kind};
use crate::entities::{
    accessibility_problems, email_outbox, expert_themes, follows, merged_supports,
    notification_prefs, notifications, reports, sessions, user_roles, users,
};
use crate::notifications as notification_service;
use crate::platform::auth;
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{DeleteAccount, FieldIssue, NotificationPref};
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use sea_orm::{Iterable, PrimaryKeyToColumn};
use secrecy::SecretString;
use serde::Serialize;
use std::collections::HashMap;
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
    pub comment_votes: Vec<ExportVote>,
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
    let mut texts = HashMap::new();
    for kind in &kinds::KINDS {
        texts.insert(kind.export_name, written(conn, kind, id).await?);
    }
    let mut votes = HashMap::new();
    for kind in &kinds::VOTES {
        let cast = kind.of_person(conn, id).await?;
        let cast = cast.into_iter().map(|v| ExportVote {
            target_id: v.target_id,
            value: v.side,
            created_at: v.created_at,
        });
        votes.insert(kind.export_name(), cast.collect());
    }
    let export = DataExport {
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
        ideas: take(&mut texts, "ideas")?,
        questions: take(&mut texts, "questions")?,
        answers: take(&mut texts, "answers")?,
        comments: take(&mut texts, "comments")?,
        idea_supports: take(&mut votes, "idea_supports")?,
        question_votes: take(&mut votes, "question_votes")?,
        answer_ratings: take(&mut votes, "answer_ratings")?,
        comment_votes: take(&mut votes, "comment_votes")?,
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
    };
    if let Some(name) = texts.keys().chain(votes.keys()).next() {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "{name} is missing from the data export"
        )));
    }
    Ok(export)
}

/// The list of one kind, found under its export name. A kind described in
/// `content::kinds` that the export does not name fails every export: the export's tests
/// catch it.
fn take<T>(found: &mut HashMap<&'static str, Vec<T>>, name: &str) -> ApiResult<Vec<T>> {
    found.remove(name).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!("the data export has no list named {name}"))
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

/// Withdraws every vote of the person, of every kind, each moving its item's counters
/// (and hot rank) back exactly as withdrawing it by hand would.
async fn take_back_votes(txn: &DatabaseTransaction, id: i64) -> ApiResult<()> {
    for kind in &kinds::VOTES {
        kind.withdraw_all(txn, id).await?;
    }
    Ok(())
}

/// What the person wrote of one kind, in id order: comments they deleted are gone.
async fn written(
    conn: &impl ConnectionTrait,
    kind: &Kind,
    author: i64,
) -> ApiResult<Vec<ExportText>> {
    let column = |name: &str| Expr::col((Alias::new(kind.table), Alias::new(name)));
    let mut select = Query::select();
    select
        .from(Alias::new(kind.table))
        .expr(column("id"))
        .expr(match kind.thread {
            Some(in_thread) => column(in_thread.column),
            None => Expr::val(None::<i64>),
        })
        .expr(if kind.is_thread() {
            column("title")
        } else {
            Expr::val("")
        })
        .expr(column("body_markdown"))
        .expr(column("created_at"))
        .expr(column("hidden_at"))
        .and_where(column("author_id").eq(author))
        .order_by((Alias::new(kind.table), Alias::new("id")), Order::Asc);
    if let Some(deleted) = kind.deleted {
        select.and_where(column(deleted).is_null());
    }
    conn.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(ExportText {
                id: row.try_get_by_index(0)?,
                parent_id: row.try_get_by_index(1)?,
                title: row.try_get_by_index(2)?,
                body_markdown: row.try_get_by_index(3)?,
                created_at: row.try_get_by_index(4)?,
                hidden: row.try_get_by_index::<Option<DateTime<Utc>>>(5)?.is_some(),
            })
        })
        .collect()
}
