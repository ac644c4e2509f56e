//! Identity by e-mail: confirming an address (at sign-up, and a new one), and resetting a
//! forgotten password. Each goes through a single-use link sent through the outbox.
//!
//! A link's token is 256 bits the server's secret derives from a random salt
//! ([`EmailLinkKey`]); the database keeps the salt and the token's SHA-256, never the
//! token, so a copy of the database opens no link, and the outbox derives the token again
//! when it sends the e-mail. Issuing a link voids the person's earlier ones of the same
//! purpose; using one marks it used in the same statement that checks it, so a link works
//! once even when clicked twice at the same moment. Links go in the address's fragment
//! (`/verify-email#token=…`): browsers never send a fragment to a server, so tokens reach
//! no log and no `Referer`.

use crate::domain::{Email, Password};
use crate::entities::{email_outbox, email_tokens, sessions, users};
use crate::platform::auth;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::keys::EmailLinkKey;
use crate::platform::auth::keys::token_hash;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{FieldErrors, FieldIssue, code};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, SqlErr,
    TransactionTrait,
};
use secrecy::SecretString;

/// Outbox kinds of the e-mails of this module: they are not notifications, carry no
/// unsubscribe link, and go out whatever the person's e-mail preferences.
pub mod mail {
    /// "Confirm your address", after sign-up (or when asked again).
    pub const VERIFY_EMAIL: &str = "verify_email";
    /// "Confirm your new address", sent to the new address.
    pub const CHANGE_EMAIL: &str = "change_email";
    /// "Somebody asked to change your address", sent to the old one.
    pub const EMAIL_CHANGE_NOTICE: &str = "email_change_notice";
    /// "Reset your password".
    pub const PASSWORD_RESET: &str = "password_reset";
    /// "Your password was changed", after a reset.
    pub const PASSWORD_CHANGED: &str = "password_changed";

    /// Whether an outbox kind is one of these.
    pub fn is_account_mail(kind: &str) -> bool {
        [
            VERIFY_EMAIL,
            CHANGE_EMAIL,
            EMAIL_CHANGE_NOTICE,
            PASSWORD_RESET,
            PASSWORD_CHANGED,
        ]
        .contains(&kind)
    }
}

pub use crate::entities::email_tokens::Purpose;

impl Purpose {
    /// How long a link works: a day to confirm an address, an hour to reset a password.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Verify | Purpose::Change => Duration::hours(24),
            Purpose::Reset => Duration::hours(1),
        }
    }

    fn mail(self) -> &'static str {
        match self {
            Purpose::Verify => mail::VERIFY_EMAIL,
            Purpose::Change => mail::CHANGE_EMAIL,
            Purpose::Reset => mail::PASSWORD_RESET,
        }
    }

    /// The web app's page a link opens, the token in the fragment.
    pub fn page(self) -> &'static str {
        match self {
            Purpose::Verify | Purpose::Change => "/verify-email",
            Purpose::Reset => "/reset-password",
        }
    }
}

/// An e-mail's link that is unknown, used already or expired.
pub fn invalid_link() -> ApiError {
    ApiError::Refused {
        status: actix_web::http::StatusCode::BAD_REQUEST,
        code: code::INVALID_LINK,
        detail: "This link is not valid: it was used already, it has expired, or a newer one \
                 was sent. Ask for a new one.",
    }
}

/// Issues a link for `purpose` to the person, in the caller's transaction: their earlier
/// unused links of that purpose stop working, and the e-mail is queued in the outbox.
pub(crate) async fn issue(
    conn: &impl ConnectionTrait,
    key: &EmailLinkKey,
    user_id: i64,
    purpose: Purpose,
    new_email: Option<&str>,
) -> ApiResult<()> {
    let now = Utc::now();
    void_links(conn, user_id, purpose, now).await?;
    let salt = crate::platform::auth::keys::random_hex::<32>();
    let link = email_tokens::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(token_hash(&key.token(&salt))),
        salt: Set(salt),
        new_email: Set(new_email.map(str::to_owned)),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    email_outbox::Entity::insert(crate::platform::mail::row(
        user_id,
        purpose.mail(),
        Some(link.id),
        None,
        now,
    ))
    .exec(conn)
    .await?;
    Ok(())
}

/// Marks the person's unused links of `purpose` used.
async fn void_links(
    conn: &impl ConnectionTrait,
    user_id: i64,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(Some(now)))
        .filter(email_tokens::Column::UserId.eq(user_id))
        .filter(email_tokens::Column::Purpose.eq(purpose))
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The link a token opens, when it is one of `purposes`, unused and unexpired.
async fn usable(
    conn: &impl ConnectionTrait,
    token: &str,
    purposes: &[Purpose],
) -> ApiResult<email_tokens::Model> {
    // A token is 43 URL-safe characters; anything else names no link and reaches no query.
    let plausible = token.len() <= 200
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plausible {
        return Err(invalid_link());
    }
    let found = email_tokens::Entity::find()
        .filter(email_tokens::Column::TokenHash.eq(token_hash(token)))
        .filter(email_tokens::Column::UsedAt.is_null())
        .filter(email_tokens::Column::ExpiresAt.gt(Utc::now()))
        .one(conn)
        .await?;
    found
        .filter(|link| purposes.contains(&link.purpose))
        .ok_or_else(invalid_link)
}

/// Marks a link used, unless another request just did: then it is no longer valid.
async fn claim(conn: &impl ConnectionTrait, link: &email_tokens::Model) -> ApiResult<()> {
    let claimed = email_tokens::Entity::update_many()
        .col_expr(email_tokens::Column::UsedAt, Expr::value(Some(Utc::now())))
        .filter(email_tokens::Column::Id.eq(link.id))
        .filter(email_tokens::Column::UsedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected;
    if claimed == 1 {
        Ok(())
    } else {
        Err(invalid_link())
    }
}

/// Sends the confirmation link again (a new one: the earlier stops working). Nothing to
/// send when the address is confirmed already.
#[tracing::instrument(skip_all, fields(user.id = user.id))]
pub async fn resend_verification(
    db: &Db,
    key: &EmailLinkKey,
    user: &users::Model,
) -> ApiResult<()> {
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    let txn = db.write.begin().await?;
    issue(&txn, key, user.id, Purpose::Verify, None).await?;
    txn.commit().await?;
    tracing::info!("confirmation link sent again");
    Ok(())
}

/// Confirms an address with a link's token: the sign-up address, or a new address, which
/// then replaces the old one.
pub async fn verify_email(db: &Db, token: &str) -> ApiResult<()> {
    let txn = db.write.begin().await?;
    let link = usable(&txn, token.trim(), &[Purpose::Verify, Purpose::Change]).await?;
    claim(&txn, &link).await?;
    let now = Utc::now();
    let confirmed = users::Entity::update_many()
        .col_expr(users::Column::EmailVerifiedAt, Expr::value(Some(now)))
        .filter(users::Column::Id.eq(link.user_id))
        .filter(users::Column::DeletedAt.is_null());
    let confirmed = match link.new_email.as_deref() {
        Some(new_email) => {
            void_links(&txn, link.user_id, Purpose::Change, now).await?;
            void_links(&txn, link.user_id, Purpose::Verify, now).await?;
            confirmed.col_expr(users::Column::Email, Expr::value(new_email))
        }
        None => confirmed,
    };
    match confirmed.exec(&txn).await {
        Ok(_) => {}
        // Another account took the new address since the link was sent.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(ApiError::field("email", FieldIssue::EmailTaken));
        }
        Err(e) => return Err(e.into()),
    }
    txn.commit().await?;
    tracing::info!(
        user.id = link.user_id,
        change = link.new_email.is_some(),
        "address confirmed"
    );
    Ok(())
}

/// Sends a reset link to the account using `email`, if there is one; nothing otherwise.
/// The route answers before this runs, the same way whether an account exists or not.
pub async fn request_reset(db: &Db, key: &EmailLinkKey, email: &str) -> ApiResult<()> {
    let Ok(email) = Email::parse(email) else {
        return Ok(());
    };
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .filter(users::Column::DeletedAt.is_null())
        .one(&db.read)
        .await?;
    let Some(user) = user else {
        return Ok(());
    };
    let txn = db.write.begin().await?;
    issue(&txn, key, user.id, Purpose::Reset, None).await?;
    txn.commit().await?;
    tracing::info!(user.id = user.id, "password reset link sent");
    Ok(())
}

/// Sets a new password with a reset link's token. Every session of the account ends, the
/// address counts as confirmed (the link reached it), and a notice is e-mailed.
pub async fn reset_password(db: &Db, input: api::PasswordReset) -> ApiResult<()> {
    let password = Password::parse(&input.password).map_err(|i| ApiError::field("password", i))?;
    let token = input.token.trim();
    // The slow hash only for a link that works.
    usable(&db.read, token, &[Purpose::Reset]).await?;
    let hash = auth::passwords::hash_password(password.secret().clone()).await?;
    let txn = db.write.begin().await?;
    let link = usable(&txn, token, &[Purpose::Reset]).await?;
    claim(&txn, &link).await?;
    let now = Utc::now();
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::PasswordChangedAt, Expr::value(now))
        .col_expr(
            users::Column::EmailVerifiedAt,
            Func::coalesce([Expr::col(users::Column::EmailVerifiedAt), Expr::value(now)]).into(),
        )
        .filter(users::Column::Id.eq(link.user_id))
        .exec(&txn)
        .await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(link.user_id))
        .exec(&txn)
        .await?;
    email_outbox::Entity::insert(crate::platform::mail::row(
        link.user_id,
        mail::PASSWORD_CHANGED,
        None,
        None,
        now,
    ))
    .exec(&txn)
    .await?;
    txn.commit().await?;
    tracing::info!(
        user.id = link.user_id,
        "password reset; every session ended"
    );
    Ok(())
}

/// Starts a change of address: a link to confirm it goes to the new address, and a notice
/// to the current one. The password proves the owner is asking; nothing changes until the
/// new address is confirmed.
#[tracing::instrument(skip_all, fields(user.id = user.user.id))]
pub async fn change_email(
    db: &Db,
    key: &EmailLinkKey,
    user: &CurrentUser,
    input: api::ChangeEmail,
) -> ApiResult<()> {
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(&input.email));
    let password = SecretString::from(input.password);
    if !auth::passwords::verify_password(user.user.password_hash.clone(), password).await? {
        errors.add("password", FieldIssue::WrongPassword);
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    if email.as_str() == user.user.email {
        return Err(ApiError::field("email", FieldIssue::Invalid));
    }
    let taken = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(&db.read)
        .await?
        .is_some();
    if taken {
        return Err(ApiError::field("email", FieldIssue::EmailTaken));
    }
    let txn = db.write.begin().await?;
    issue(
        &txn,
        key,
        user.user.id,
        Purpose::Change,
        Some(email.as_str()),
    )
    .await?;
    email_outbox::Entity::insert(crate::platform::mail::row(
        user.user.id,
        mail::EMAIL_CHANGE_NOTICE,
        None,
        None,
        Utc::now(),
    ))
    .exec(&txn)
    .await?;
    txn.commit().await?;
    tracing::info!("change of address asked; link sent to the new address");
    Ok(())
}

/// Marks an address confirmed by hand (`cocrea users confirm`: support, tests).
pub async fn confirm_by_hand(db: &Db, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|_| anyhow::anyhow!("not an email address"))?;
    let txn = db.write.begin().await?;
    let changed = users::Entity::update_many()
        .col_expr(
            users::Column::EmailVerifiedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(users::Column::Email.eq(email.as_str()))
        .filter(users::Column::EmailVerifiedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    // The confirmation link, and its e-mail if not sent yet, have nothing left to do.
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    if let Some(user) = &user {
        void_links(&txn, user.id, Purpose::Verify, Utc::now()).await?;
        email_outbox::Entity::delete_many()
            .filter(email_outbox::Column::UserId.eq(user.id))
            .filter(email_outbox::Column::Kind.eq(mail::VERIFY_EMAIL))
            .filter(email_outbox::Column::SentAt.is_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    if changed == 0 {
        anyhow::ensure!(user.is_some(), "no account uses this address");
    }
    Ok(())
}

/// A link's token and where it leads, for the outbox to put in an e-mail; `None` once the
/// link was used or has expired (nothing to send any more). The second value is the new
/// address, for a change of address.
pub(crate) async fn link_to_send(
    conn: &impl ConnectionTrait,
    key: &EmailLinkKey,
    link_id: i64,
) -> ApiResult<Option<(String, Option<String>)>> {
    let Some(link) = email_tokens::Entity::find_by_id(link_id).one(conn).await? else {
        return Ok(None);
    };
    let purpose = link.purpose;
    if link.used_at.is_some() || link.expires_at <= Utc::now() {
        return Ok(None);
    }
    let path = format!("{}#token={}", purpose.page(), key.token(&link.salt));
    Ok(Some((path, link.new_email)))
}
