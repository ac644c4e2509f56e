//! Sign-in with the bank: OpenID Connect's authorization code flow, with PKCE, `state` and
//! `nonce`, through the `openidconnect` crate (discovery, code exchange, and the ID
//! token's checks: signature against the provider's published keys, issuer, audience,
//! expiry, nonce).
//!
//! What a sign-in started is kept in a short-lived cookie ([`Pending`], signed with a key
//! derived from the server's secret), so any instance can finish it; the `state` of each
//! finished one is kept a day in `oidc_states`, so the same answer from the bank cannot be
//! played twice.
//!
//! Accounts are linked to the bank's identities by issuer and subject, never by e-mail
//! address: a bank sign-in whose address belongs to a password account is refused until
//! that account's owner, signed in with their password, links it from their settings.
//! The client status follows the bank's claim at every sign-in, each change in the audit
//! log, so the clients / non-clients split of every vote is the bank's word.

use crate::auth::accounts::{self, SessionKind, SignedIn};
use crate::auth::identity::{self, Purpose};
use crate::domain::{DisplayName, Email};
use crate::entities::{identities, oidc_states, users};
use crate::platform::audit::{self, Entry};
use crate::platform::auth;
use crate::platform::auth::keys::EmailLinkKey;
use crate::platform::auth::keys::token_hash;
use crate::platform::bank::{BankPerson, Failure, Pending};
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use api::{AuditAction, Role, TargetType};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, SqlErr,
    TransactionTrait,
};
use secrecy::SecretString;

/// Refuses a `state` answered before (a replay); keeps it a day otherwise.
pub async fn claim_state(db: &Db, state: &str) -> ApiResult<Result<(), Failure>> {
    let now = Utc::now();
    oidc_states::Entity::delete_many()
        .filter(oidc_states::Column::UsedAt.lt(now - Duration::days(1)))
        .exec(&db.write)
        .await?;
    let inserted = oidc_states::ActiveModel {
        state_hash: Set(token_hash(state)),
        used_at: Set(now),
    }
    .insert(&db.write)
    .await;
    match inserted {
        Ok(_) => Ok(Ok(())),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(Err(Failure::Replayed))
        }
        Err(e) => Err(e.into()),
    }
}

/// What a finished sign-in with the bank leads to.
pub enum Outcome {
    /// Signed in: a new session.
    SignedIn(SignedIn),
    /// The bank identity is now linked to the signed-in person's account.
    Linked,
    /// Nothing created or changed, for this reason.
    Failed(Failure),
}

/// Signs the person in (creating their account on a first visit), or links the bank
/// identity to the account that asked to, and sets their client status from the bank.
pub async fn complete(
    db: &Db,
    keys: &auth::keys::Keys,
    email_links: &EmailLinkKey,
    pending: &Pending,
    person: BankPerson,
    user_agent: Option<String>,
) -> ApiResult<Outcome> {
    let linked = identities::Entity::find()
        .filter(identities::Column::Issuer.eq(person.issuer.as_str()))
        .filter(identities::Column::Subject.eq(person.subject.as_str()))
        .one(&db.read)
        .await?;
    let now = Utc::now();
    let txn = db.write.begin().await?;
    let user = match (pending.link_user, linked) {
        (Some(link_user), Some(identity)) if identity.user_id != link_user => {
            return Ok(Outcome::Failed(Failure::LinkedElsewhere));
        }
        (Some(link_user), existing) => {
            let Some(user) = users::Entity::find_by_id(link_user).one(&txn).await? else {
                return Ok(Outcome::Failed(Failure::Deleted));
            };
            if existing.is_none() {
                insert_identity(&txn, user.id, &person, now).await?;
            }
            set_client(&txn, &user, person.is_client).await?;
            txn.commit().await?;
            tracing::info!(user.id = user.id, "bank identity linked");
            return Ok(Outcome::Linked);
        }
        (None, Some(identity)) => {
            let Some(user) = users::Entity::find_by_id(identity.user_id)
                .one(&txn)
                .await?
                .filter(|u| u.deleted_at.is_none())
            else {
                return Ok(Outcome::Failed(Failure::Deleted));
            };
            identities::Entity::update_many()
                .col_expr(identities::Column::LastSignInAt, Expr::value(now))
                .filter(identities::Column::Id.eq(identity.id))
                .exec(&txn)
                .await?;
            user
        }
        (None, None) => {
            let Some(email) = person.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
                return Ok(Outcome::Failed(Failure::NoEmail));
            };
            let taken = users::Entity::find()
                .filter(users::Column::Email.eq(email.as_str()))
                .one(&txn)
                .await?
                .is_some();
            if taken {
                return Ok(Outcome::Failed(Failure::EmailInUse));
            }
            let name = display_name(&txn, person.name.as_deref()).await?;
            // No password: the person signs in with the bank (or resets one by e-mail).
            let unusable =
                auth::passwords::hash_password(SecretString::from(auth::keys::random_hex::<24>()))
                    .await?;
            let verified = person.email_verified.then_some(now);
            let user = accounts::insert_member(&txn, email, name, unusable, verified).await?;
            if verified.is_none() {
                identity::issue(&txn, email_links, user.id, Purpose::Verify, None).await?;
            }
            insert_identity(&txn, user.id, &person, now).await?;
            tracing::info!(user.id = user.id, "member signed up with the bank");
            user
        }
    };
    let user = set_client(&txn, &user, person.is_client).await?;
    let staff = accounts::staff_roles(&txn, user.id).await?;
    let signed_in = accounts::open_session(
        &txn,
        keys,
        user,
        staff,
        SessionKind::Browser,
        user_agent,
        false,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = signed_in.me.id, "signed in with the bank");
    Ok(Outcome::SignedIn(signed_in))
}

async fn insert_identity(
    conn: &impl ConnectionTrait,
    user_id: i64,
    person: &BankPerson,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    identities::ActiveModel {
        user_id: Set(user_id),
        issuer: Set(person.issuer.clone()),
        subject: Set(person.subject.clone()),
        created_at: Set(now),
        last_sign_in_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Sets the client flag from the bank's claim, auditing a change (the person is the
/// actor: the bank said so at their sign-in).
async fn set_client(
    conn: &impl ConnectionTrait,
    user: &users::Model,
    is_client: bool,
) -> ApiResult<users::Model> {
    if user.is_client == is_client {
        return Ok(user.clone());
    }
    accounts::apply_role(conn, user.id, Role::Client, is_client).await?;
    audit::record_by(
        conn,
        user.id,
        Entry {
            action: if is_client {
                AuditAction::ClientVerified
            } else {
                AuditAction::ClientUnverified
            },
            target_type: TargetType::Person,
            target_id: user.id,
            reason: "the bank's sign-in (OpenID Connect) says so",
            details: String::new(),
        },
    )
    .await?;
    let mut updated = user.clone();
    updated.is_client = is_client;
    Ok(updated)
}

/// The name the bank gives, when it makes a valid display name that imitates no staff
/// member; otherwise a neutral one the person can change in their settings.
async fn display_name(conn: &impl ConnectionTrait, given: Option<&str>) -> ApiResult<DisplayName> {
    if let Some(name) = given.and_then(|n| DisplayName::parse(n).ok())
        && let Ok(name) = accounts::refuse_staff_lookalike(conn, name, None).await?
    {
        return Ok(name);
    }
    let fallback = format!("Membre {}", auth::keys::random_hex::<3>());
    DisplayName::parse(&fallback)
        .map_err(|_| anyhow::anyhow!("the fallback display name is not valid").into())
}
