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
//! `rate_counts` table on PostgreSQL, so that every instance sees the same counts
//! ([`shared`]).
//! Addresses are kept only as a keyed hash.

mod shared;

use crate::platform::auth::caller::CurrentUser;
use crate::platform::auth::keys::derived_mac;
use crate::platform::error::{ApiError, ApiResult};
use actix_web::HttpRequest;
use anyhow::Context;
use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{DatabaseConnection, DbBackend};
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
    /// An e-mail sent on request: a new confirmation link, a change of address.
    Mail,
    /// A password reset: asked for (per address and per e-mail address) or completed.
    Reset,
    /// A client code tried.
    Code,
    /// A code of an authenticator app (or a recovery code) tried in the settings.
    SecondFactor,
}

impl Action {
    const ALL: [Action; 12] = [
        Action::SignUp,
        Action::LogIn,
        Action::LogInFailure,
        Action::Token,
        Action::Post,
        Action::Comment,
        Action::Vote,
        Action::Report,
        Action::Mail,
        Action::Reset,
        Action::Code,
        Action::SecondFactor,
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
            Action::Mail => "mail",
            Action::Reset => "reset",
            Action::Code => "code",
            Action::SecondFactor => "second-factor",
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

/// A limit's name in `COCREA_RATE_LIMITS` and in the store's keys: `vote`, `vote.new`,
/// `vote.ip`.
fn limit_name(action: Action, scope: Scope) -> String {
    format!("{}{}", action.name(), scope.suffix())
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
            ((Mail, Account), rate(5, 3600)),
            ((Mail, Address), rate(30, 3600)),
            // Per e-mail address asked about (`Account`), and per network address.
            ((Reset, Account), rate(3, 3600)),
            ((Reset, Address), rate(10, 3600)),
            // Every code tried counts: 60-bit codes, a handful of guesses an hour.
            ((Code, Account), rate(5, 3600)),
            ((Code, Address), rate(20, 3600)),
            // Six digits: ten tries in a quarter of an hour leave a guess no chance.
            ((SecondFactor, Account), rate(10, 900)),
            ((SecondFactor, Address), rate(30, 900)),
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
    /// `login-failure`, `token`, `post`, `comment`, `vote`, `report`, `mail`, `reset`, `code`) with `.new` for
    /// first-day accounts or `.ip` for addresses, or `*` for every limit set so far;
    /// `count` 0 lifts that limit.
    pub fn parse(raw: &str) -> anyhow::Result<Limits> {
        if raw.trim() == "off" {
            return Ok(Limits::off());
        }
        let mut limits = Limits::default();
        for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (name, rate) = item
                .split_once('=')
                .with_context(|| format!("`{item}` is not name=count/seconds"))?;
            let keys: Vec<(Action, Scope)> = if name.trim() == "*" {
                limits.0.keys().copied().collect()
            } else {
                let key = Action::ALL
                    .iter()
                    .flat_map(|a| {
                        [Scope::Account, Scope::NewAccount, Scope::Address].map(|s| (*a, s))
                    })
                    .find(|(a, s)| limit_name(*a, *s) == name.trim())
                    .with_context(|| format!("`{name}` is not a limit's name"))?;
                vec![key]
            };
            let (count, seconds) = rate
                .split_once('/')
                .and_then(|(c, s)| Some((c.trim().parse().ok()?, s.trim().parse().ok()?)))
                .filter(|(_, seconds): &(u32, u32)| *seconds > 0)
                .with_context(|| format!("`{rate}` is not count/seconds, like 10/60"))?;
            for key in keys {
                if count == 0 {
                    limits.0.remove(&key);
                } else {
                    limits.0.insert(key, Rate { count, seconds });
                }
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
    Shared(shared::Shared),
}

/// The memory store forgets finished windows once it holds this many keys.
const MEMORY_KEYS: usize = 100_000;

impl Limiter {
    /// Counts in `db` when it is PostgreSQL, in memory otherwise.
    pub fn new(limits: Limits, db: &DatabaseConnection, secret: &SecretString) -> Limiter {
        let store = match db.get_database_backend() {
            DbBackend::Postgres => Store::Shared(shared::Shared::new(db.clone())),
            _ => Store::Memory(Mutex::new(HashMap::new())),
        };
        let mac = derived_mac(secret, b"cocrea rate limits");
        Limiter { limits, store, mac }
    }

    /// Counts one `action` by the request's address and, when someone is signed in, by
    /// their account (with first-day limits for a new one); 429 past any limit. Every
    /// count moves in one go: one statement on PostgreSQL.
    pub async fn check(
        &self,
        req: &HttpRequest,
        action: Action,
        user: Option<&CurrentUser>,
    ) -> ApiResult<()> {
        let mut subjects = vec![(Scope::Address, self.address(req))];
        if let Some(user) = user {
            let id = user.user.id.to_string();
            if user.user.created_at > Utc::now() - Duration::hours(FIRST_DAY) {
                subjects.push((Scope::NewAccount, id.clone()));
            }
            subjects.push((Scope::Account, id));
        }
        let windows = self.windows(action, subjects);
        let hits = self.add(&windows, 1).await?;
        refuse_past(&windows, &hits, |hits, limit| hits > limit)
    }

    /// Counts one password reset asked for `email`, by the request's address and by the
    /// e-mail address (keyed hash: whether an account uses it plays no part); 429 past
    /// either limit.
    pub async fn check_reset(&self, req: &HttpRequest, email: &str) -> ApiResult<()> {
        let subjects = vec![
            (Scope::Address, self.address(req)),
            (Scope::Account, self.hash(&email.trim().to_lowercase())),
        ];
        let windows = self.windows(Action::Reset, subjects);
        let hits = self.add(&windows, 1).await?;
        refuse_past(&windows, &hits, |hits, limit| hits > limit)
    }

    /// 429 when the account named by `email` has failed to sign in too often lately.
    pub async fn check_failures(&self, email: &str) -> ApiResult<()> {
        let windows = self.failures(email);
        let hits = self.add(&windows, 0).await?;
        refuse_past(&windows, &hits, |hits, limit| hits >= limit)
    }

    /// Counts a failed sign-in to the account named by `email`.
    pub async fn failed(&self, email: &str) -> ApiResult<()> {
        self.add(&self.failures(email), 1).await.map(drop)
    }

    fn failures(&self, email: &str) -> Vec<Window> {
        let subject = self.hash(&email.trim().to_lowercase());
        self.windows(Action::LogInFailure, vec![(Scope::Account, subject)])
    }

    /// The current windows of the limits that apply to `action` for these subjects.
    fn windows(&self, action: Action, subjects: Vec<(Scope, String)>) -> Vec<Window> {
        let now = Utc::now().timestamp();
        subjects
            .into_iter()
            .filter_map(|(scope, subject)| {
                let rate = self.limits.get(action, scope)?;
                let seconds = i64::from(rate.seconds);
                Some(Window {
                    key: format!("{}:{subject}", limit_name(action, scope)),
                    limit: rate.count,
                    ends: (now.div_euclid(seconds) + 1) * seconds,
                    retry_after: u64::try_from(seconds - now.rem_euclid(seconds)).unwrap_or(1),
                })
            })
            .collect()
    }

    /// Adds `add` to each window's count (a new window starts at 0) and returns the
    /// counts, in the same order.
    async fn add(&self, windows: &[Window], add: u32) -> ApiResult<Vec<u32>> {
        if windows.is_empty() {
            return Ok(Vec::new());
        }
        match &self.store {
            Store::Memory(counts) => {
                let now = Utc::now().timestamp();
                let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
                if counts.len() >= MEMORY_KEYS {
                    counts.retain(|_, (ends, _)| *ends > now);
                }
                Ok(windows
                    .iter()
                    .map(|window| {
                        let entry = counts.entry(window.key.clone()).or_insert((window.ends, 0));
                        if entry.0 != window.ends {
                            *entry = (window.ends, 0);
                        }
                        entry.1 = entry.1.saturating_add(add);
                        entry.1
                    })
                    .collect())
            }
            Store::Shared(shared) => shared.add(windows, add).await,
        }
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

/// The window of one limit for one subject.
struct Window {
    /// What is counted and about whom: `vote:42`, `signup.ip:<keyed hash>`.
    key: String,
    limit: u32,
    /// When the window ends (Unix seconds), and how long until then.
    ends: i64,
    retry_after: u64,
}

/// 429 when `over(hits, limit)` holds for any window, with the longest wait among those.
fn refuse_past(windows: &[Window], hits: &[u32], over: impl Fn(u32, u32) -> bool) -> ApiResult<()> {
    let past = windows
        .iter()
        .zip(hits)
        .filter(|(window, hits)| over(**hits, window.limit));
    match past.map(|(window, _)| window).max_by_key(|w| w.retry_after) {
        Some(window) => {
            tracing::info!(limit = window.key.split(':').next(), "rate limited");
            Err(ApiError::RateLimited {
                retry_after_secs: window.retry_after.max(1),
            })
        }
        None => Ok(()),
    }
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
        let raised = Limits::parse("*=1000/60, vote=5/60").unwrap();
        assert_eq!(raised.0.len(), Limits::default().0.len());
        assert!(raised.0.iter().all(|(key, rate)| match key {
            (Action::Vote, Scope::Account) => rate.count == 5,
            _ => rate.count == 1000 && rate.seconds == 60,
        }));
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
