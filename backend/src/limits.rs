//! Abuse limits: how many sign-ups, sign-ins, posts, comments, votes and reports one
//! address or one account may make in a while. Over a limit, the request is refused with
//! 429 and `Retry-After`.
//!
//! Counting is by fixed windows (`count` per `seconds`). Accounts on their first day have
//! tighter limits of their own, as on Discourse. Sign-in failures are counted per account
//! too: past the limit, that account's sign-ins wait for the window to end, which slows a
//! guesser down without locking the real owner out for more than a window.
//!
//! Where the counts live: in memory on SQLite (one instance per database file), in the
//! `rate_counts` table on PostgreSQL, so that every instance sees the same counts.
//! Addresses are kept only as a keyed hash.

use crate::auth::{CurrentUser, derived_mac};
use crate::error::{ApiError, ApiResult};
use actix_web::HttpRequest;
use anyhow::Context;
use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use secrecy::SecretString;
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::Mutex;

/// What a limit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    SignUp,
    LogIn,
    /// A sign-in that failed, counted per account.
    LogInFailure,
    Token,
    /// A new idea, question or answer.
    Post,
    Comment,
    Vote,
    Report,
}

impl Action {
    const ALL: [Action; 8] = [
        Action::SignUp,
        Action::LogIn,
        Action::LogInFailure,
        Action::Token,
        Action::Post,
        Action::Comment,
        Action::Vote,
        Action::Report,
    ];

    fn name(self) -> &'static str {
        match self {
            Action::SignUp => "signup",
            Action::LogIn => "login",
            Action::LogInFailure => "login-failure",
            Action::Token => "token",
            Action::Post => "post",
            Action::Comment => "comment",
            Action::Vote => "vote",
            Action::Report => "report",
        }
    }
}

/// Who a count is about: an account, a new account (first day), or an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Account,
    NewAccount,
    Address,
}

impl Scope {
    fn suffix(self) -> &'static str {
        match self {
            Scope::Account => "",
            Scope::NewAccount => ".new",
            Scope::Address => ".ip",
        }
    }
}

/// At most `count` in a window of `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub seconds: u32,
}

/// Every limit, by action and scope; a missing pair has no limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits(HashMap<(Action, Scope), Rate>);

impl Default for Limits {
    fn default() -> Self {
        use Action::*;
        use Scope::*;
        let rate = |count, seconds| Rate { count, seconds };
        Limits(HashMap::from([
            ((SignUp, Address), rate(10, 3600)),
            ((LogIn, Address), rate(30, 60)),
            ((LogInFailure, Account), rate(5, 60)),
            ((Token, Address), rate(10, 60)),
            ((Post, Account), rate(20, 3600)),
            ((Post, NewAccount), rate(5, 3600)),
            ((Post, Address), rate(60, 3600)),
            ((Comment, Account), rate(60, 3600)),
            ((Comment, NewAccount), rate(15, 3600)),
            ((Comment, Address), rate(200, 3600)),
            ((Vote, Account), rate(120, 60)),
            ((Vote, NewAccount), rate(40, 60)),
            ((Vote, Address), rate(600, 60)),
            ((Report, Account), rate(20, 3600)),
            ((Report, NewAccount), rate(5, 3600)),
            ((Report, Address), rate(60, 3600)),
        ]))
    }
}

impl Limits {
    /// No limit at all (`COCREA_RATE_LIMITS=off`: benchmarks, tests of other things).
    pub fn off() -> Limits {
        Limits(HashMap::new())
    }

    /// Reads `COCREA_RATE_LIMITS`: `off`, or the defaults changed by comma-separated
    /// `name=count/seconds` items, where a name is an action (`signup`, `login`,
    /// `login-failure`, `token`, `post`, `comment`, `vote`, `report`) with `.new` for
    /// first-day accounts or `.ip` for addresses; `count` 0 lifts that limit.
    pub fn parse(raw: &str) -> anyhow::Result<Limits> {
        if raw.trim() == "off" {
            return Ok(Limits::off());
        }
        let mut limits = Limits::default();
        for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (name, rate) = item
                .split_once('=')
                .with_context(|| format!("`{item}` is not name=count/seconds"))?;
            let key = Action::ALL
                .iter()
                .flat_map(|a| [Scope::Account, Scope::NewAccount, Scope::Address].map(|s| (*a, s)))
                .find(|(a, s)| format!("{}{}", a.name(), s.suffix()) == name.trim())
                .with_context(|| format!("`{name}` is not a limit's name"))?;
            let (count, seconds) = rate
                .split_once('/')
                .and_then(|(c, s)| Some((c.trim().parse().ok()?, s.trim().parse().ok()?)))
                .filter(|(_, seconds): &(u32, u32)| *seconds > 0)
                .with_context(|| format!("`{rate}` is not count/seconds, like 10/60"))?;
            if count == 0 {
                limits.0.remove(&key);
            } else {
                limits.0.insert(key, Rate { count, seconds });
            }
        }
        Ok(limits)
    }

    fn get(&self, action: Action, scope: Scope) -> Option<Rate> {
        self.0.get(&(action, scope)).copied()
    }
}

/// How long an account counts as new.
const FIRST_DAY: i64 = 24;

/// Counts what people do against [`Limits`].
pub struct Limiter {
    limits: Limits,
    store: Store,
    /// Keys the hash of an address or an email, so the store never holds one.
    mac: Hmac<Sha256>,
}

enum Store {
    Memory(Mutex<HashMap<String, (i64, u32)>>),
    Shared(DatabaseConnection),
}

/// The memory store forgets finished windows once it holds this many keys.
const MEMORY_KEYS: usize = 100_000;

impl Limiter {
    /// Counts in `db` when it is PostgreSQL, in memory otherwise.
    pub fn new(limits: Limits, db: &DatabaseConnection, secret: &SecretString) -> Limiter {
        let store = match db.get_database_backend() {
            DbBackend::Postgres => Store::Shared(db.clone()),
            _ => Store::Memory(Mutex::new(HashMap::new())),
        };
        let mac = derived_mac(secret, b"cocrea rate limits");
        Limiter { limits, store, mac }
    }

    /// Counts one `action` by the request's address and, when someone is signed in, by
    /// their account (with first-day limits for a new one); 429 past any limit.
    pub async fn check(
        &self,
        req: &HttpRequest,
        action: Action,
        user: Option<&CurrentUser>,
    ) -> ApiResult<()> {
        self.hit(action, Scope::Address, &self.address(req)).await?;
        if let Some(user) = user {
            let id = user.user.id.to_string();
            self.hit(action, Scope::Account, &id).await?;
            if user.user.created_at > Utc::now() - Duration::hours(FIRST_DAY) {
                self.hit(action, Scope::NewAccount, &id).await?;
            }
        }
        Ok(())
    }

    /// 429 when the account named by `email` has failed to sign in too often lately.
    pub async fn check_failures(&self, email: &str) -> ApiResult<()> {
        let key = self.hash(&email.trim().to_lowercase());
        self.count(Action::LogInFailure, Scope::Account, &key, 0)
            .await
    }

    /// Counts a failed sign-in to the account named by `email`.
    pub async fn failed(&self, email: &str) -> ApiResult<()> {
        let key = self.hash(&email.trim().to_lowercase());
        match self
            .count(Action::LogInFailure, Scope::Account, &key, 1)
            .await
        {
            Err(ApiError::RateLimited { .. }) | Ok(()) => Ok(()),
            Err(error) => Err(error),
        }
    }

    async fn hit(&self, action: Action, scope: Scope, subject: &str) -> ApiResult<()> {
        self.count(action, scope, subject, 1).await
    }

    /// Adds `add` to the count of the current window and refuses when it is past the
    /// limit (with `add` 0, when it already was).
    async fn count(&self, action: Action, scope: Scope, subject: &str, add: u32) -> ApiResult<()> {
        let Some(rate) = self.limits.get(action, scope) else {
            return Ok(());
        };
        let now = Utc::now().timestamp();
        let seconds = i64::from(rate.seconds);
        let ends = (now.div_euclid(seconds) + 1) * seconds;
        let key = format!("{}{}:{subject}", action.name(), scope.suffix());
        let hits = match &self.store {
            Store::Memory(counts) => {
                let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
                if counts.len() >= MEMORY_KEYS {
                    counts.retain(|_, (until, _)| *until > now);
                }
                let entry = counts.entry(key).or_insert((ends, 0));
                if entry.0 != ends {
                    *entry = (ends, 0);
                }
                entry.1 = entry.1.saturating_add(add);
                entry.1
            }
            Store::Shared(db) => shared_count(db, &key, ends, add).await?,
        };
        let limit = if add == 0 { rate.count } else { rate.count + 1 };
        if hits >= limit {
            let retry_after_secs = u64::try_from(ends - now).unwrap_or(1).max(1);
            tracing::info!(limit = %format!("{}{}", action.name(), scope.suffix()), "rate limited");
            return Err(ApiError::RateLimited { retry_after_secs });
        }
        Ok(())
    }

    fn address(&self, req: &HttpRequest) -> String {
        let ip = req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default();
        self.hash(&ip)
    }

    fn hash(&self, text: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(text.as_bytes());
        let bytes = mac.finalize().into_bytes();
        bytes[..12].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One statement: starts the key's window or adds to it, and returns its count.
async fn shared_count(db: &DatabaseConnection, key: &str, ends: i64, add: u32) -> ApiResult<u32> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO rate_counts (key, window_ends, hits) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET \
               hits = CASE WHEN rate_counts.window_ends = EXCLUDED.window_ends \
                      THEN rate_counts.hits + EXCLUDED.hits ELSE EXCLUDED.hits END, \
               window_ends = EXCLUDED.window_ends \
             RETURNING hits",
            [key.into(), ends.into(), i64::from(add).into()],
        ))
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no count returned")))?;
    let hits: i64 = row.try_get_by_index(0)?;
    Ok(u32::try_from(hits).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_with_clear_errors() {
        assert_eq!(Limits::parse("off").unwrap(), Limits::off());
        let changed = Limits::parse("vote=3/10, signup.ip=0/1").unwrap();
        assert_eq!(
            changed.get(Action::Vote, Scope::Account),
            Some(Rate {
                count: 3,
                seconds: 10
            })
        );
        assert_eq!(changed.get(Action::SignUp, Scope::Address), None);
        assert_eq!(
            changed.get(Action::Vote, Scope::NewAccount),
            Limits::default().get(Action::Vote, Scope::NewAccount)
        );
        for (raw, says) in [
            ("vote", "name=count/seconds"),
            ("votes=1/1", "not a limit's name"),
            ("vote=1", "count/seconds"),
            ("vote=1/0", "count/seconds"),
            ("vote=x/1", "count/seconds"),
        ] {
            let error = Limits::parse(raw).unwrap_err().to_string();
            assert!(error.contains(says), "{raw}: {error}");
        }
    }
}
