//! What every handler can reach.

use crate::platform::auth::keys::EmailLinkKey;
use crate::platform::auth::keys::Keys;
use crate::platform::auth::keys::LinkKey;
use crate::platform::auth::session::Sessions;
use crate::platform::bank::Bank;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::limits::Limiter;

pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub keys: Keys,
    /// The sessions looked up, kept until a change to people or sessions.
    pub sessions: std::sync::Arc<Sessions>,
    /// Signs the unsubscribe links of emails.
    pub links: LinkKey,
    /// Derives the tokens of e-mail links (address confirmation, password reset).
    pub email_links: EmailLinkKey,
    /// A hash of a random password, checked when an email is unknown so that sign-in takes
    /// as long for an unknown email as for a wrong password.
    pub dummy_hash: String,
    /// Abuse limits (see `limits`).
    pub limits: Limiter,
    /// Sign-in with the bank, when configured.
    pub bank: Option<Bank>,
}
