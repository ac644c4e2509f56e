//! Who is asking: the signed-in person as every handler sees them. A leaf, so that what
//! the extractors depend on (the state, the limits) can name it without a circle.

use crate::entities::users;
use api::Role;

/// The browser session cookie.
pub const SESSION_COOKIE: &str = "cocrea_session";
/// How long a session (browser or token) lasts.
pub const SESSION_DAYS: i64 = 30;

/// How the request carried its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// The signed-in person. Extracting it answers 401 when nobody is signed in, and 403 to a
/// state-changing request made with the cookie from another site.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: users::Model,
    pub roles: Vec<Role>,
    pub session_id: String,
    pub via: Via,
    /// Whether this session passed the second factor.
    pub second_factor: bool,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}
