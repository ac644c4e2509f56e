//! In-app notifications: written in the transaction of the event they tell about, read
//! and marked read by their recipient. (Email delivery arrives with an outbox later.)

use crate::auth::CurrentUser;
use crate::db::Db;
use crate::entities::notifications;
use crate::error::ApiResult;
use api::{MarkRead, NotificationKind, NotificationList, NotificationView};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

/// How many notifications the list shows.
const LISTED: u64 = 50;

/// Tells each of `recipients` about `subject_id` (a question), titled `title`.
pub(crate) async fn notify(
    txn: &impl ConnectionTrait,
    recipients: impl IntoIterator<Item = i64>,
    kind: NotificationKind,
    subject_id: i64,
    title: &str,
) -> ApiResult<()> {
    let now = Utc::now();
    let rows: Vec<notifications::ActiveModel> = recipients
        .into_iter()
        .map(|user_id| notifications::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.as_str().to_owned()),
            subject_id: Set(subject_id),
            title: Set(title.to_owned()),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        notifications::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// The person's latest notifications and how many are unread.
pub async fn list(db: &Db, user: &CurrentUser) -> ApiResult<NotificationList> {
    let rows = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user.user.id))
        .order_by_desc(notifications::Column::Id)
        .limit(LISTED)
        .all(&db.read)
        .await?;
    let unread = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user.user.id))
        .filter(notifications::Column::ReadAt.is_null())
        .count(&db.read)
        .await?;
    Ok(NotificationList {
        items: rows
            .into_iter()
            .filter_map(|row| {
                Some(NotificationView {
                    kind: NotificationKind::parse(&row.kind)?,
                    id: row.id,
                    subject_id: row.subject_id,
                    title: row.title,
                    created_at: row.created_at,
                    read: row.read_at.is_some(),
                })
            })
            .collect(),
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
    })
}

/// Marks some (or all) of the person's notifications read; others' are never touched.
pub async fn mark_read(
    db: &Db,
    user: &CurrentUser,
    input: MarkRead,
) -> ApiResult<NotificationList> {
    let mut update = notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::val(Utc::now()))
        .filter(notifications::Column::UserId.eq(user.user.id))
        .filter(notifications::Column::ReadAt.is_null());
    if let Some(ids) = input.ids {
        update = update.filter(notifications::Column::Id.is_in(ids));
    }
    let txn = db.write.begin().await?;
    update.exec(&txn).await?;
    txn.commit().await?;
    list(db, user).await
}
