//! One-click unsubscribe: a signed link from an email stops that kind of email (or, from
//! a digest, every kind the digest carried) for its recipient, without signing in.

use crate::entities::users;
use crate::notifications;
use crate::notifications::outbox;
use crate::platform::auth::keys::LinkKey;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{Delivery, NotificationKind, NotificationPref, Unsubscribed};
use sea_orm::{EntityTrait, TransactionTrait};

/// Applies a link's token; 404 for a token this server did not sign.
pub async fn apply(db: &Db, links: &LinkKey, token: &str) -> ApiResult<Unsubscribed> {
    let (user_id, what) = links.verify(token).ok_or(ApiError::NotFound)?;
    let txn = db.write.begin().await?;
    let live = users::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .is_some_and(|u| u.deleted_at.is_none());
    if !live {
        return Err(ApiError::NotFound);
    }
    let current = notifications::preferences(&txn, user_id).await?;
    let kinds: Vec<NotificationKind> = if what == outbox::DIGEST {
        current
            .iter()
            .filter(|p| p.delivery == Delivery::Digest)
            .map(|p| p.kind)
            .collect()
    } else {
        vec![NotificationKind::parse(&what).ok_or(ApiError::NotFound)?]
    };
    let prefs: Vec<NotificationPref> = kinds
        .iter()
        .map(|kind| NotificationPref {
            kind: *kind,
            delivery: Delivery::None,
        })
        .collect();
    notifications::set_preferences(&txn, user_id, &prefs).await?;
    txn.commit().await?;
    tracing::info!(user.id = user_id, what = %what, "unsubscribed by link");
    Ok(Unsubscribed { kinds })
}
