//! Two-factor authentication: TOTP (RFC 6238, totp-rs: SHA-1, 6 digits, 30 s, one step
//! of drift either way), enrolled by QR code, with ten recovery codes.
//!
//! A person's TOTP secret is never stored: it is an HMAC, keyed from the server's secret,
//! of a random salt the database holds, so a copy of the database gives no secret away.
//! Enrolment keeps a new salt aside until a first code from the app confirms it. A code
//! works once: the last accepted time step is kept, and only a later one passes (an
//! atomic update, so two requests racing with one code cannot both pass). Recovery codes
//! are ten characters of Crockford's base32 (50 bits), stored as keyed hashes, each good
//! once.
//!
//! A session records when it passed the second factor: at a password sign-in (the code
//! sent with the password), when two-factor is turned on in it, or later with
//! `POST /api/v1/me/two-factor/check` (a session opened through the bank's sign-in).
//! With `COCREA_STAFF_2FA=required`, staff routes answer 403 until it has.

use crate::auth::client_codes::{normalise_code, random_code};
use crate::entities::{recovery_codes, sessions, two_factor};
use crate::platform::audit::{self, Entry};
use crate::platform::auth::CurrentUser;
use crate::platform::auth::keys::derived_mac;
use crate::platform::auth::keys::keyed_hash;
use crate::platform::auth::keys::random_hex;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use actix_web::http::StatusCode;
use api::{AuditAction, FieldErrors, FieldIssue, Role, TargetType, code};
use chrono::Utc;
use hmac::Mac;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};
use secrecy::SecretString;
use totp_rs::{Algorithm, Builder, Totp};

/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODES: usize = 10;
const RECOVERY_LENGTH: usize = 10;
const STEP_SECONDS: u64 = 30;
/// What authenticator apps show as the account's issuer.
const ISSUER: &str = "Cocrea";

/// The TOTP of a salt: its secret derived with the server's.
fn totp(secret: &SecretString, salt: &str, account: &str) -> ApiResult<Totp> {
    let mut mac = derived_mac(secret, b"cocrea totp");
    mac.update(salt.as_bytes());
    let key = mac.finalize().into_bytes()[..20].to_vec();
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECONDS)
        .with_secret(key)
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("TOTP: {error:?}")))
}

fn recovery_hash(secret: &SecretString, code: &str) -> String {
    keyed_hash(secret, b"cocrea recovery codes", code)
}

/// The time step whose code `typed` is (six digits, spaces aside), among the current one
/// and one either side (compared in constant time by totp-rs), or `None`.
fn matching_step(totp: &Totp, typed: &str) -> Option<i64> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = u64::try_from(Utc::now().timestamp()).ok()?;
    totp.check(&digits, now)
        .and_then(|step| i64::try_from(step).ok())
}

/// 422 on the `code` field: left empty, or not a code that works.
fn refused_code(typed: &str) -> ApiError {
    let mut errors = FieldErrors::default();
    let issue = if typed.trim().is_empty() {
        FieldIssue::Required
    } else {
        FieldIssue::WrongCode
    };
    errors.add("code", issue);
    ApiError::Validation(errors)
}

/// The salt of the person's key: the one in use, or (`pending`) the one waiting for its
/// first code.
async fn key_salt(
    conn: &impl ConnectionTrait,
    user_id: i64,
    pending: bool,
) -> ApiResult<Option<String>> {
    let row = two_factor::Entity::find_by_id(user_id).one(conn).await?;
    Ok(row.and_then(|row| if pending { row.pending_salt } else { row.salt }))
}

/// Whether `typed` is a code of this person's app (a step later than the last used) or
/// one of their unused recovery codes; using it spends it.
async fn spend(
    conn: &impl ConnectionTrait,
    secret: &SecretString,
    user_id: i64,
    salt: &str,
    account: &str,
    typed: &str,
) -> ApiResult<bool> {
    if let Some(step) = matching_step(&totp(secret, salt, account)?, typed) {
        let moved = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .filter(two_factor::Column::UserId.eq(user_id))
            .filter(
                two_factor::Column::LastStep
                    .is_null()
                    .or(two_factor::Column::LastStep.lt(step)),
            )
            .exec(conn)
            .await?;
        return Ok(moved.rows_affected == 1);
    }
    let Some(code) = normalise_code(typed, RECOVERY_LENGTH) else {
        return Ok(false);
    };
    let used = recovery_codes::Entity::update_many()
        .col_expr(
            recovery_codes::Column::UsedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::CodeHash.eq(recovery_hash(secret, &code)))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(used.rows_affected == 1)
}

/// At a password sign-in: `Ok(false)` when the person has no second factor, `Ok(true)`
/// when `code` passes it, 401 `two_factor_required` without a code and 401
/// `two_factor_invalid` with a wrong or spent one.
pub async fn check_at_sign_in(
    conn: &impl ConnectionTrait,
    secret: &SecretString,
    user_id: i64,
    account: &str,
    code: Option<&str>,
) -> ApiResult<bool> {
    let Some(salt) = key_salt(conn, user_id, false).await? else {
        return Ok(false);
    };
    let Some(code) = code.filter(|code| !code.trim().is_empty()) else {
        return Err(ApiError::Refused {
            status: StatusCode::UNAUTHORIZED,
            code: code::TWO_FACTOR_REQUIRED,
            detail: "Two-factor authentication is on: send the code of your authenticator app, or a recovery code, as `code`.",
        });
    };
    if spend(conn, secret, user_id, &salt, account, code).await? {
        Ok(true)
    } else {
        Err(ApiError::Refused {
            status: StatusCode::UNAUTHORIZED,
            code: code::TWO_FACTOR_INVALID,
            detail: "This code is not right, or it was already used.",
        })
    }
}

/// Whether this person must keep two factors: staff, when the bank requires it.
pub fn required_for(roles: &[Role], staff_two_factor: bool) -> bool {
    staff_two_factor
        && roles
            .iter()
            .any(|role| matches!(role, Role::Expert | Role::Moderator | Role::Admin))
}

/// `GET /api/v1/me/two-factor`.
pub async fn status(
    db: &Db,
    user: &CurrentUser,
    staff_two_factor: bool,
) -> ApiResult<api::TwoFactorStatus> {
    let enabled = key_salt(&db.read, user.user.id, false).await?.is_some();
    let left = recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user.user.id))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .count(&db.read)
        .await?;
    Ok(api::TwoFactorStatus {
        enabled,
        recovery_codes_left: u32::try_from(left).unwrap_or(u32::MAX),
        required: required_for(&user.roles, staff_two_factor),
        session_checked: user.second_factor,
    })
}

/// `POST /api/v1/me/two-factor/setup`: a new secret, kept aside until confirmed.
pub async fn begin(
    db: &Db,
    secret: &SecretString,
    user: &CurrentUser,
) -> ApiResult<api::TwoFactorSetup> {
    if key_salt(&db.read, user.user.id, false).await?.is_some() {
        return Err(ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::TWO_FACTOR_ON,
            detail: "Two-factor authentication is already on: turn it off before setting it up again.",
        });
    }
    let salt = random_hex::<32>();
    two_factor::Entity::insert(two_factor::ActiveModel {
        user_id: Set(user.user.id),
        salt: Set(None),
        pending_salt: Set(Some(salt.clone())),
        last_step: Set(None),
        enabled_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(two_factor::Column::UserId)
            .update_column(two_factor::Column::PendingSalt)
            .to_owned(),
    )
    .exec_without_returning(&db.write)
    .await?;
    let totp = totp(secret, &salt, &user.user.email)?;
    let uri = totp
        .to_url()
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("TOTP URI: {error:?}")))?;
    let qr = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("QR code: {error}")))?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(api::TwoFactorSetup {
        secret: totp.secret().to_base32(),
        uri,
        qr_svg,
    })
}

/// `POST /api/v1/me/two-factor/enable`: the first code confirms the new secret; the
/// session counts as checked; ten recovery codes come back, shown once.
pub async fn enable(
    db: &Db,
    secret: &SecretString,
    user: &CurrentUser,
    typed: &str,
) -> ApiResult<api::RecoveryCodes> {
    let txn = db.write.begin().await?;
    let Some(salt) = key_salt(&txn, user.user.id, true).await? else {
        return Err(ApiError::Conflict(
            "No set-up is under way: start with POST /api/v1/me/two-factor/setup.".into(),
        ));
    };
    let step = matching_step(&totp(secret, &salt, &user.user.email)?, typed)
        .ok_or_else(|| refused_code(typed))?;
    two_factor::Entity::update(two_factor::ActiveModel {
        user_id: Set(user.user.id),
        salt: Set(Some(salt)),
        pending_salt: Set(None),
        last_step: Set(Some(step)),
        enabled_at: Set(Some(Utc::now())),
    })
    .exec(&txn)
    .await?;
    let codes = replace_recovery_codes(&txn, secret, user.user.id).await?;
    mark_session(&txn, &user.session_id).await?;
    audit::record(
        &txn,
        user,
        Entry {
            action: AuditAction::TwoFactorEnabled,
            target_type: TargetType::Person,
            target_id: user.user.id,
            reason: "turned on by the person",
            details: String::new(),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        user.id = user.user.id,
        "two-factor authentication turned on"
    );
    Ok(api::RecoveryCodes { codes })
}

async fn replace_recovery_codes(
    conn: &impl ConnectionTrait,
    secret: &SecretString,
    user_id: i64,
) -> ApiResult<Vec<String>> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| random_code(RECOVERY_LENGTH, 5).to_ascii_lowercase())
        .collect();
    recovery_codes::Entity::insert_many(codes.iter().map(|code| recovery_codes::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        code_hash: Set(recovery_hash(
            secret,
            &normalise_code(code, RECOVERY_LENGTH).unwrap_or_default(),
        )),
        used_at: Set(None),
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(codes)
}

async fn mark_session(conn: &impl ConnectionTrait, session_id: &str) -> ApiResult<()> {
    sessions::Entity::update_many()
        .col_expr(
            sessions::Column::SecondFactorAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(sessions::Column::Id.eq(session_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The person's second factor, checked with `typed` (spent); 422 when wrong, 409 when
/// two-factor is off.
async fn pass(
    conn: &impl ConnectionTrait,
    secret: &SecretString,
    user: &CurrentUser,
    typed: &str,
) -> ApiResult<()> {
    let Some(salt) = key_salt(conn, user.user.id, false).await? else {
        return Err(ApiError::Conflict(
            "Two-factor authentication is off.".into(),
        ));
    };
    if spend(conn, secret, user.user.id, &salt, &user.user.email, typed).await? {
        Ok(())
    } else {
        Err(refused_code(typed))
    }
}

/// `POST /api/v1/me/two-factor/check`: this session passes the second factor.
pub async fn check_session(
    db: &Db,
    secret: &SecretString,
    user: &CurrentUser,
    typed: &str,
) -> ApiResult<()> {
    let txn = db.write.begin().await?;
    pass(&txn, secret, user, typed).await?;
    mark_session(&txn, &user.session_id).await?;
    txn.commit().await?;
    Ok(())
}

/// `POST /api/v1/me/two-factor/recovery-codes`: ten new codes; the old ones stop working.
pub async fn renew_recovery_codes(
    db: &Db,
    secret: &SecretString,
    user: &CurrentUser,
    typed: &str,
) -> ApiResult<api::RecoveryCodes> {
    let txn = db.write.begin().await?;
    pass(&txn, secret, user, typed).await?;
    let codes = replace_recovery_codes(&txn, secret, user.user.id).await?;
    txn.commit().await?;
    Ok(api::RecoveryCodes { codes })
}

/// `POST /api/v1/me/two-factor/disable`: off, with a code; refused (409) to staff who
/// must keep it.
pub async fn disable(
    db: &Db,
    secret: &SecretString,
    user: &CurrentUser,
    typed: &str,
    staff_two_factor: bool,
) -> ApiResult<()> {
    if required_for(&user.roles, staff_two_factor) {
        return Err(ApiError::Refused {
            status: StatusCode::CONFLICT,
            code: code::TWO_FACTOR_KEPT,
            detail: "Your role requires two-factor authentication: it stays on.",
        });
    }
    let txn = db.write.begin().await?;
    pass(&txn, secret, user, typed).await?;
    forget(&txn, user.user.id).await?;
    audit::record(
        &txn,
        user,
        Entry {
            action: AuditAction::TwoFactorDisabled,
            target_type: TargetType::Person,
            target_id: user.user.id,
            reason: "turned off by the person",
            details: String::new(),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        user.id = user.user.id,
        "two-factor authentication turned off"
    );
    Ok(())
}

/// Removes a person's second factor and recovery codes (turning it off, deleting the
/// account).
pub async fn forget(conn: &impl ConnectionTrait, user_id: i64) -> ApiResult<()> {
    two_factor::Entity::delete_by_id(user_id).exec(conn).await?;
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}
