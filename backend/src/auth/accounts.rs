//! Accounts: sign-up, sign-in, sessions, passwords and roles.

use crate::auth::identity::{self, Purpose};
use crate::auth::two_factor;
use crate::domain::{DisplayName, Email, Password};
use crate::entities::{sessions, user_roles, users};
use crate::platform::auth;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::SESSION_DAYS;
use crate::platform::auth::keys::EmailLinkKey;
use crate::platform::auth::keys::Keys;
use crate::platform::auth::session::roles_of;
use crate::platform::db::Db;
use crate::platform::error::{ApiError, ApiResult};
use api::{FieldErrors, FieldIssue, Me, Role};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, TransactionTrait,
};
use secrecy::SecretString;
use text::deceptive::lookalike_key;

/// What kind of session: a browser's (cookie) or a script's (bearer token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Browser,
    Token,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Browser => "browser",
            SessionKind::Token => "token",
        }
    }
}

/// A new session: the person and the signed token naming it.
#[derive(Debug)]
pub struct SignedIn {
    pub me: Me,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates a member and opens a browser session for them.
#[tracing::instrument(skip_all)]
pub async fn sign_up(
    db: &Db,
    keys: &Keys,
    email_links: &EmailLinkKey,
    input: api::Signup,
    user_agent: Option<String>,
) -> ApiResult<SignedIn> {
    let (email, display_name, hash) = parse_signup(&db.read, input).await?;
    let txn = db.write.begin().await?;
    let user = insert_member(&txn, email, display_name, hash, None).await?;
    identity::issue(&txn, email_links, user.id, Purpose::Verify, None).await?;
    let signed_in = open_session(
        &txn,
        keys,
        user,
        Vec::new(),
        SessionKind::Browser,
        user_agent,
        false,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user.id = signed_in.me.id, "member signed up");
    Ok(signed_in)
}

/// Creates a member without signing them in, their address confirmed by whoever creates
/// it (demo data, administration).
pub async fn register(db: &Db, input: api::Signup) -> ApiResult<users::Model> {
    let (email, display_name, hash) = parse_signup(&db.read, input).await?;
    let txn = db.write.begin().await?;
    let user = insert_member(&txn, email, display_name, hash, Some(Utc::now())).await?;
    txn.commit().await?;
    Ok(user)
}

/// Checks every field at once, then hashes the password.
async fn parse_signup(
    conn: &impl ConnectionTrait,
    input: api::Signup,
) -> ApiResult<(Email, DisplayName, String)> {
    let mut errors = FieldErrors::default();
    let email = errors.check("email", Email::parse(&input.email));
    let display_name = match DisplayName::parse(&input.display_name) {
        Ok(name) => errors.check(
            "display_name",
            refuse_staff_lookalike(conn, name, None).await?,
        ),
        Err(issue) => errors.check("display_name", Err(issue)),
    };
    let password = errors.check("password", Password::parse(&input.password));
    let (Some(email), Some(display_name), Some(password)) = (email, display_name, password) else {
        return Err(ApiError::Validation(errors));
    };
    let hash = auth::passwords::hash_password(password.secret().clone()).await?;
    Ok((email, display_name, hash))
}

pub(crate) async fn insert_member(
    conn: &impl ConnectionTrait,
    email: Email,
    display_name: DisplayName,
    password_hash: String,
    email_verified_at: Option<DateTime<Utc>>,
) -> ApiResult<users::Model> {
    let now = Utc::now();
    let inserted = users::ActiveModel {
        email: Set(email.as_str().to_owned()),
        display_name: Set(display_name.as_str().to_owned()),
        password_hash: Set(password_hash),
        is_client: Set(false),
        bio: Set(String::new()),
        locale: Set("fr".into()),
        created_at: Set(now),
        password_changed_at: Set(now),
        email_verified_at: Set(email_verified_at),
        ..Default::default()
    }
    .insert(conn)
    .await;
    match inserted {
        Ok(user) => Ok(user),
        // The unique index decides, so two simultaneous sign-ups cannot both win.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(ApiError::field("email", FieldIssue::EmailTaken))
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks credentials and opens a session. Unknown email and wrong password give the same
/// answer, after the same amount of work, so the response tells nothing about accounts.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    db: &Db,
    keys: &Keys,
    secret: &SecretString,
    dummy_hash: &str,
    input: api::Credentials,
    kind: SessionKind,
    user_agent: Option<String>,
) -> ApiResult<SignedIn> {
    // Empty fields say so; that tells nothing about which accounts exist.
    let mut blank = FieldErrors::default();
    if input.email.trim().is_empty() {
        blank.add("email", FieldIssue::Required);
    }
    if input.password.is_empty() {
        blank.add("password", FieldIssue::Required);
    }
    if !blank.is_empty() {
        return Err(ApiError::Validation(blank));
    }
    let email = Email::parse(&input.email).map_err(|_| ApiError::InvalidCredentials)?;
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .filter(users::Column::DeletedAt.is_null())
        .one(&db.read)
        .await?;
    let hash = user
        .as_ref()
        .map_or_else(|| dummy_hash.to_owned(), |u| u.password_hash.clone());
    let matches =
        auth::passwords::verify_password(hash, SecretString::from(input.password)).await?;
    let user = match user {
        Some(user) if matches => user,
        _ => return Err(ApiError::InvalidCredentials),
    };
    let roles = staff_roles(&db.read, user.id).await?;
    let txn = db.write.begin().await?;
    let second_factor =
        two_factor::check_at_sign_in(&txn, secret, user.id, &user.email, input.code.as_deref())
            .await?;
    let signed_in = open_session(&txn, keys, user, roles, kind, user_agent, second_factor).await?;
    txn.commit().await?;
    tracing::info!(user.id = signed_in.me.id, kind = kind.as_str(), "signed in");
    Ok(signed_in)
}

/// Ends one session.
pub async fn sign_out(db: &Db, session_id: &str) -> ApiResult<()> {
    sessions::Entity::delete_by_id(session_id.to_owned())
        .exec(&db.write)
        .await?;
    Ok(())
}

/// Changes a password after checking the current one, and ends every other session.
#[tracing::instrument(skip_all, fields(user.id = user.id))]
pub async fn change_password(
    db: &Db,
    user: &users::Model,
    keep_session: &str,
    input: api::ChangePassword,
) -> ApiResult<()> {
    let new =
        Password::parse(&input.new_password).map_err(|i| ApiError::field("new_password", i))?;
    let current = SecretString::from(input.current_password);
    if !auth::passwords::verify_password(user.password_hash.clone(), current).await? {
        return Err(ApiError::field(
            "current_password",
            FieldIssue::WrongPassword,
        ));
    }
    let hash = auth::passwords::hash_password(new.secret().clone()).await?;
    let txn = db.write.begin().await?;
    let mut active: users::ActiveModel = user.clone().into();
    active.password_hash = Set(hash);
    active.password_changed_at = Set(Utc::now());
    active.update(&txn).await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user.id))
        .filter(sessions::Column::Id.ne(keep_session))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!("password changed; other sessions ended");
    Ok(())
}

/// The view of oneself.
pub fn me(user: &users::Model, roles: Vec<Role>) -> Me {
    Me {
        id: user.id,
        display_name: user.display_name.clone(),
        email: user.email.clone(),
        roles,
        is_client: user.is_client,
        created_at: user.created_at,
        email_verified: user.email_verified_at.is_some(),
    }
}

/// Gives a role to the account with this email. `client` sets the verified-client flag.
pub async fn grant(db: &Db, email: &str, role: Role) -> anyhow::Result<()> {
    set_role(db, email, role, true).await
}

/// Takes a role back. Takes effect on the person's very next request (a server of another
/// process learns of it within a quarter of a second).
pub async fn revoke(db: &Db, email: &str, role: Role) -> anyhow::Result<()> {
    set_role(db, email, role, false).await
}

/// The account with this email address (for the command line).
pub async fn by_email(db: &Db, email: &str) -> anyhow::Result<users::Model> {
    let email = Email::parse(email).map_err(|_| anyhow::anyhow!("not a valid email address"))?;
    users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(&db.read)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account has this email address"))
}

async fn set_role(db: &Db, email: &str, role: Role, on: bool) -> anyhow::Result<()> {
    if role == Role::Member {
        anyhow::bail!("everyone signed in is a member; nothing to change");
    }
    let user = by_email(db, email).await?;
    let txn = db.write.begin().await?;
    apply_role(&txn, user.id, role, on).await?;
    txn.commit().await?;
    db.people_changed();
    tracing::info!(
        user.id = user.id,
        role = role.as_str(),
        granted = on,
        "role changed"
    );
    Ok(())
}

/// Gives (`on`) or takes a role inside the caller's transaction; `client` is the
/// verified-client flag, `member` cannot change. Returns whether anything changed.
pub(crate) async fn apply_role(
    txn: &impl ConnectionTrait,
    user_id: i64,
    role: Role,
    on: bool,
) -> ApiResult<bool> {
    let changed = match role {
        Role::Member => false,
        Role::Client => {
            users::Entity::update_many()
                .col_expr(users::Column::IsClient, sea_orm::sea_query::Expr::val(on))
                .filter(users::Column::Id.eq(user_id))
                .filter(users::Column::IsClient.eq(!on))
                .exec(txn)
                .await?
                .rows_affected
                > 0
        }
        staff => {
            let removed = user_roles::Entity::delete_many()
                .filter(user_roles::Column::UserId.eq(user_id))
                .filter(user_roles::Column::Role.eq(staff))
                .exec(txn)
                .await?
                .rows_affected;
            if on {
                user_roles::ActiveModel {
                    user_id: Set(user_id),
                    role: Set(staff),
                    granted_at: Set(Utc::now()),
                }
                .insert(txn)
                .await?;
            }
            (removed > 0) != on
        }
    };
    Ok(changed)
}

/// The name, unless a reader could take it for the name of a staff member or an expert
/// (TR39 skeletons, case and accents aside: `Expert Epargne` or `Ехреrt Épargne` with
/// Cyrillic letters, for `Expert Épargne`). `person` is who chooses it: their own name
/// does not count against them. The outer result is the database's.
pub(crate) async fn refuse_staff_lookalike(
    conn: &impl ConnectionTrait,
    name: DisplayName,
    person: Option<i64>,
) -> ApiResult<Result<DisplayName, FieldIssue>> {
    let staff_ids = sea_orm::sea_query::Query::select()
        .column(user_roles::Column::UserId)
        .from(user_roles::Entity)
        .and_where(user_roles::Column::Role.is_in(STAFF))
        .to_owned();
    let staff: Vec<(i64, String)> = users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::DisplayName])
        .filter(users::Column::Id.in_subquery(staff_ids))
        .filter(users::Column::DeletedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    let key = lookalike_key(name.as_str());
    let imitates = staff
        .iter()
        .any(|(id, staff_name)| Some(*id) != person && lookalike_key(staff_name) == key);
    Ok(if imitates {
        Err(FieldIssue::LooksLikeStaff)
    } else {
        Ok(name)
    })
}

/// The roles whose holders speak for the bank.
const STAFF: [Role; 3] = [Role::Expert, Role::Moderator, Role::Admin];

/// Staff roles stored for a person (expert, moderator, admin).
pub(crate) async fn staff_roles(conn: &impl ConnectionTrait, user_id: i64) -> ApiResult<Vec<Role>> {
    let rows = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .order_by_asc(user_roles::Column::Role)
        .all(conn)
        .await?;
    Ok(rows.iter().map(|r| r.role).collect())
}

pub(crate) async fn open_session(
    conn: &impl ConnectionTrait,
    keys: &Keys,
    user: users::Model,
    staff: Vec<Role>,
    kind: SessionKind,
    user_agent: Option<String>,
    second_factor: bool,
) -> ApiResult<SignedIn> {
    let id = auth::keys::random_hex::<16>();
    let now = Utc::now();
    // Each sign-in sweeps the person's expired sessions, so the table stays bounded.
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user.id))
        .filter(sessions::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?;
    let expires_at = now + Duration::days(SESSION_DAYS);
    sessions::ActiveModel {
        id: Set(id.clone()),
        user_id: Set(user.id),
        kind: Set(kind.as_str().to_owned()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(300).collect())),
        last_seen_at: Set(Some(now)),
        second_factor_at: Set(second_factor.then_some(now)),
    }
    .insert(conn)
    .await?;
    let token = keys.sign(user.id, &id, expires_at)?;
    let me = me(&user, roles_of(&user, staff));
    Ok(SignedIn {
        me,
        token,
        expires_at,
    })
}

/// The person's live sessions, the latest used first.
pub async fn sessions_of(db: &Db, user: &CurrentUser) -> ApiResult<api::SessionList> {
    let rows = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user.user.id))
        .filter(sessions::Column::ExpiresAt.gt(Utc::now()))
        .all(&db.read)
        .await?;
    let parser = woothee::parser::Parser::new();
    let mut items: Vec<api::SessionView> = rows
        .into_iter()
        .map(|row| {
            let device = row.user_agent.as_deref().and_then(|ua| {
                let found = parser.parse(ua)?;
                let known = |s: &str| {
                    (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then(|| s.to_owned())
                };
                match (known(found.name), known(found.os)) {
                    (Some(name), Some(os)) => Some(format!("{name} · {os}")),
                    (one, other) => one.or(other),
                }
            });
            api::SessionView {
                current: row.id == user.session_id,
                id: row.id,
                kind: row.kind,
                device,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
                expires_at: row.expires_at,
            }
        })
        .collect();
    items.sort_by_key(|s| std::cmp::Reverse(s.last_seen_at.unwrap_or(s.created_at)));
    Ok(api::SessionList { items })
}

/// Ends one of the person's sessions (404 when it is not theirs, or over already).
pub async fn end_session(db: &Db, user: &CurrentUser, session_id: &str) -> ApiResult<()> {
    let ended = sessions::Entity::delete_many()
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::UserId.eq(user.user.id))
        .exec(&db.write)
        .await?
        .rows_affected;
    if ended == 0 {
        return Err(ApiError::NotFound);
    }
    tracing::info!(user.id = user.user.id, "a session ended from the settings");
    Ok(())
}

/// Ends every session of the person but the one this request was made with.
pub async fn end_other_sessions(db: &Db, user: &CurrentUser) -> ApiResult<()> {
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user.user.id))
        .filter(sessions::Column::Id.ne(user.session_id.as_str()))
        .exec(&db.write)
        .await?;
    tracing::info!(user.id = user.user.id, "every other session ended");
    Ok(())
}
