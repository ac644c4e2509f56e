//! The person behind a session: read on every signed-in request.

use crate::entities::{sessions, users};
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use api::Role;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect,
    RelationTrait,
};

/// A live session's person, their staff roles folded into one column.
#[derive(FromQueryResult)]
struct Signed {
    #[sea_orm(nested)]
    user: users::Model,
    session_expires_at: DateTime<Utc>,
    session_last_seen_at: Option<DateTime<Utc>>,
    session_second_factor_at: Option<DateTime<Utc>>,
    staff_roles: Option<String>,
    two_factor_on: i64,
}

/// A live session's person, roles and second factor.
pub struct LiveSession {
    pub user: users::Model,
    pub roles: Vec<Role>,
    /// Whether the session passed the second factor.
    pub second_factor: bool,
    /// Whether the person has two-factor authentication on; only looked up when asked
    /// (staff must use it), `false` otherwise.
    pub two_factor_on: bool,
}

/// How stale a session's `last_seen_at` may grow before a request moves it: one write per
/// session every few minutes, not one per request.
pub const SEEN_EVERY_MINUTES: i64 = 5;

/// The person behind a live session, with their roles; `None` when the session has ended.
/// `two_factor`: also whether they have two-factor authentication on, which only the
/// staff routes' refusal needs, and only when staff must use it.
pub async fn load_session(
    db: &Db,
    user_id: i64,
    session_id: &str,
    two_factor: bool,
) -> ApiResult<Option<LiveSession>> {
    // Runs on every signed-in request: the session, its person and their roles in one
    // query, so a revoked role is gone on the very next request.
    let fold = match db.read.get_database_backend() {
        DbBackend::Postgres => "string_agg",
        _ => "group_concat",
    };
    let staff = Expr::cust(format!(
        "(SELECT {fold}(role, ',') FROM user_roles WHERE user_roles.user_id = users.id)"
    ));
    let found = users::Entity::find()
        .join(JoinType::InnerJoin, sessions::Relation::User.def().rev())
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::UserId.eq(user_id))
        .column_as(sessions::Column::ExpiresAt, "session_expires_at")
        .column_as(sessions::Column::LastSeenAt, "session_last_seen_at")
        .column_as(sessions::Column::SecondFactorAt, "session_second_factor_at")
        .column_as(staff, "staff_roles")
        .column_as(
            Expr::cust(if two_factor {
                "(SELECT COUNT(*) FROM two_factor WHERE two_factor.user_id = users.id \
                 AND two_factor.salt IS NOT NULL)"
            } else {
                "CAST(0 AS BIGINT)"
            }),
            "two_factor_on",
        )
        .into_model::<Signed>()
        .one(&db.read)
        .await?;
    let now = Utc::now();
    let Some(signed) = found.filter(|s| s.session_expires_at > now) else {
        return Ok(None);
    };
    let stale = signed
        .session_last_seen_at
        .is_none_or(|seen| seen < now - Duration::minutes(SEEN_EVERY_MINUTES));
    if stale {
        // Off the request's path: the answer does not wait for this write.
        let (write, session_id) = (db.write.clone(), session_id.to_owned());
        tokio::spawn(async move {
            let moved = sessions::Entity::update_many()
                .col_expr(sessions::Column::LastSeenAt, Expr::value(Some(now)))
                .filter(sessions::Column::Id.eq(session_id))
                .exec(&write)
                .await;
            if let Err(error) = moved {
                tracing::warn!(%error, "a session's last use could not be recorded");
            }
        });
    }
    let staff = signed.staff_roles.as_deref().unwrap_or_default();
    let roles = roles_of(
        &signed.user,
        staff.split(',').filter_map(Role::parse).collect(),
    );
    Ok(Some(LiveSession {
        user: signed.user,
        roles,
        second_factor: signed.session_second_factor_at.is_some(),
        two_factor_on: signed.two_factor_on > 0,
    }))
}

/// Every role a person has: member, client when verified, then staff roles.
pub fn roles_of(user: &users::Model, staff: Vec<Role>) -> Vec<Role> {
    let mut roles = vec![Role::Member];
    if user.is_client {
        roles.push(Role::Client);
    }
    roles.extend(staff);
    roles.sort();
    roles.dedup();
    roles
}
