//! In-app notifications: written in the transaction of the event they tell about, read
//! and marked read by their recipient; emailed through the outbox (`outbox.rs`), at once
//! or in a daily digest, as the recipient chose for each kind.

pub mod outbox;

use crate::entities::{email_outbox, notification_prefs, notifications};
use crate::platform::auth::CurrentUser;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use api::{
    Delivery, MarkRead, NotificationKind, NotificationList, NotificationPref, NotificationView,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// How many notifications the list shows.
const LISTED: u64 = 50;

/// Tells each of `recipients` about `subject_id` (an idea or a question, by `kind`),
/// titled `title`: in the app, and by email as each of them chose for this kind (an
/// outbox row now, or a place in tomorrow's digest), all in the caller's transaction.
pub(crate) async fn notify(
    txn: &impl ConnectionTrait,
    recipients: impl IntoIterator<Item = i64>,
    kind: NotificationKind,
    subject_id: i64,
    title: &str,
) -> ApiResult<()> {
    let mut recipients: Vec<i64> = recipients.into_iter().collect();
    recipients.sort_unstable();
    recipients.dedup();
    let now = Utc::now();
    for chunk in recipients.chunks(500) {
        let chosen = deliveries(txn, chunk, kind).await?;
        let delivery = |user_id: &i64| {
            chosen
                .get(user_id)
                .copied()
                .unwrap_or_else(|| kind.default_delivery())
        };
        let rows: Vec<notifications::ActiveModel> = chunk
            .iter()
            .map(|user_id| notifications::ActiveModel {
                user_id: Set(*user_id),
                kind: Set(kind),
                subject_id: Set(subject_id),
                title: Set(title.to_owned()),
                created_at: Set(now),
                read_at: Set(None),
                digest_pending: Set(delivery(user_id) == Delivery::Digest),
                ..Default::default()
            })
            .collect();
        if !rows.is_empty() {
            notifications::Entity::insert_many(rows)
                .exec_without_returning(txn)
                .await?;
        }
        let emails: Vec<email_outbox::ActiveModel> = chunk
            .iter()
            .filter(|user_id| delivery(user_id) == Delivery::Immediate)
            .map(|user_id| {
                crate::platform::mail::row(
                    *user_id,
                    kind.as_str(),
                    Some(subject_id),
                    Some(title),
                    now,
                )
            })
            .collect();
        if !emails.is_empty() {
            email_outbox::Entity::insert_many(emails)
                .exec_without_returning(txn)
                .await?;
        }
    }
    Ok(())
}

/// The deliveries these people chose for `kind` (those who did not choose are absent).
async fn deliveries(
    conn: &impl ConnectionTrait,
    users: &[i64],
    kind: NotificationKind,
) -> ApiResult<HashMap<i64, Delivery>> {
    let rows: Vec<(i64, Delivery)> = notification_prefs::Entity::find()
        .select_only()
        .columns([
            notification_prefs::Column::UserId,
            notification_prefs::Column::Delivery,
        ])
        .filter(notification_prefs::Column::UserId.is_in(users.iter().copied()))
        .filter(notification_prefs::Column::Kind.eq(kind))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Every kind with the person's choice, or its default.
pub(crate) async fn preferences(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> ApiResult<Vec<NotificationPref>> {
    let rows: Vec<(NotificationKind, Delivery)> = notification_prefs::Entity::find()
        .select_only()
        .columns([
            notification_prefs::Column::Kind,
            notification_prefs::Column::Delivery,
        ])
        .filter(notification_prefs::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?;
    let chosen: HashMap<NotificationKind, Delivery> = rows.into_iter().collect();
    Ok(NotificationKind::ALL
        .iter()
        .copied()
        .map(|kind| NotificationPref {
            kind,
            delivery: chosen
                .get(&kind)
                .copied()
                .unwrap_or_else(|| kind.default_delivery()),
        })
        .collect())
}

/// Stores the person's choices for these kinds (others keep theirs). What waited for a
/// digest the person no longer wants is not sent later.
pub(crate) async fn set_preferences(
    conn: &impl ConnectionTrait,
    user_id: i64,
    prefs: &[NotificationPref],
) -> ApiResult<()> {
    for pref in prefs {
        notification_prefs::Entity::insert(notification_prefs::ActiveModel {
            user_id: Set(user_id),
            kind: Set(pref.kind),
            delivery: Set(pref.delivery),
        })
        .on_conflict(
            OnConflict::columns([
                notification_prefs::Column::UserId,
                notification_prefs::Column::Kind,
            ])
            .update_column(notification_prefs::Column::Delivery)
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    }
    let undigested: Vec<NotificationKind> = prefs
        .iter()
        .filter(|p| p.delivery != Delivery::Digest)
        .map(|p| p.kind)
        .collect();
    notifications::Entity::update_many()
        .col_expr(notifications::Column::DigestPending, Expr::value(false))
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::DigestPending.eq(true))
        .filter(notifications::Column::Kind.is_in(undigested))
        .exec(conn)
        .await?;
    Ok(())
}

/// The latest notifications of a person (for their home).
pub(crate) async fn latest(
    conn: &impl ConnectionTrait,
    user_id: i64,
    limit: u64,
) -> ApiResult<Vec<NotificationView>> {
    let rows = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .order_by_desc(notifications::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(rows.into_iter().filter_map(view).collect())
}

fn view(row: notifications::Model) -> Option<NotificationView> {
    Some(NotificationView {
        kind: row.kind,
        id: row.id,
        subject_id: row.subject_id,
        title: row.title,
        created_at: row.created_at,
        read: row.read_at.is_some(),
    })
}

/// The person's latest notifications and how many are unread.
pub async fn list(db: &Db, user: &CurrentUser) -> ApiResult<NotificationList> {
    let items = latest(&db.read, user.user.id, LISTED).await?;
    let unread = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user.user.id))
        .filter(notifications::Column::ReadAt.is_null())
        .count(&db.read)
        .await?;
    Ok(NotificationList {
        items,
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
