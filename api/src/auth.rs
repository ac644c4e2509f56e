//! Accounts, sessions and the signed-in person.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Password length bounds, shared so the web app can say them before the server does.
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const DISPLAY_NAME_MIN_CHARS: usize = 2;
pub const DISPLAY_NAME_MAX_CHARS: usize = 60;

/// `POST /api/v1/auth/signup`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signup {
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 60))]
    pub display_name: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub password: String,
}

/// `POST /api/v1/auth/login` and `POST /api/v1/auth/token`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// The 6-digit code of an authenticator app, or a recovery code, for an account with
    /// two-factor authentication on (401 `two_factor_required` without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub code: Option<String>,
}

/// A bearer token for scripts: send it as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/me/password`: ends every other session of the person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

/// `POST /api/v1/auth/verify-email`: the token of a confirmation link (an address
/// confirmed at sign-up, or a new address).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmail {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
}

/// `POST /api/v1/auth/password-reset`: where to send a reset link, if an account uses
/// this address (the answer is the same either way).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: the link's token and the new password.
/// Ends every session of the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub password: String,
}

/// `POST /api/v1/me/email`: a new address, confirmed by a link sent there; the password
/// proves it is the owner asking.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeEmail {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/me/client-code`: a one-time code from the bank, which makes the person
/// a client.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientCode {
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub code: String,
}

/// One of the signed-in person's sessions, for `/settings` to list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: String,
    /// `browser` (cookie) or `token` (a script's bearer token).
    pub kind: String,
    /// The browser and system that opened it ("Firefox · Linux"), when known.
    pub device: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When it was last used, to within a few minutes.
    pub last_seen_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    /// The session this request was made with.
    pub current: bool,
}

/// `GET /api/v1/me/sessions`: the live sessions, the latest used first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    pub items: Vec<SessionView>,
}

/// `GET /api/v1/auth/providers`: the ways to sign in besides a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInProviders {
    /// Sign-in with the bank (OpenID Connect), when the bank set it up.
    pub bank: Option<BankProvider>,
}

/// The bank's sign-in: its button's words. The button leads to
/// `GET /api/v1/auth/oidc/start?next=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankProvider {
    pub label: String,
}

/// What a person may do. Everyone signed in is a `member`; `client` is a verified flag;
/// the others are staff roles granted by an admin (or `cocrea users grant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[cfg_attr(feature = "db", sea_orm(string_value = "member"))]
    Member,
    #[cfg_attr(feature = "db", sea_orm(string_value = "client"))]
    Client,
    #[cfg_attr(feature = "db", sea_orm(string_value = "expert"))]
    Expert,
    #[cfg_attr(feature = "db", sea_orm(string_value = "moderator"))]
    Moderator,
    #[cfg_attr(feature = "db", sea_orm(string_value = "admin"))]
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Member,
        Role::Client,
        Role::Expert,
        Role::Moderator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Client => "client",
            Role::Expert => "expert",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// `GET /api/v1/me`: the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub display_name: String,
    /// Only ever shown to the person themself.
    pub email: String,
    pub roles: Vec<Role>,
    pub is_client: bool,
    pub created_at: DateTime<Utc>,
    /// Whether the person confirmed their address: until then they read but do not write.
    pub email_verified: bool,
}

impl Me {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// On the team that moderates (moderator or admin).
    pub fn is_staff(&self) -> bool {
        self.has(Role::Moderator) || self.has(Role::Admin)
    }
}

/// `GET /healthz`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub database: String,
    pub version: String,
}

/// `GET /api/v1/me/two-factor`: whether two-factor authentication is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
    /// Whether this person must keep it on (staff, when the bank requires it).
    pub required: bool,
    /// Whether this session passed the second factor.
    pub session_checked: bool,
}

/// `POST /api/v1/me/two-factor/setup`: a new secret to add to an authenticator app; it
/// takes effect once a code from it is confirmed (`POST /api/v1/me/two-factor/enable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorSetup {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub uri: String,
    /// The QR code, as an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app, or a recovery code.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorCode {
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub code: String,
}

/// Ten new recovery codes, shown once: each signs in once in place of the app's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// Whether `next` may be where a sign-in comes back to: a path of this site (`/…`), never
/// another site (`//host`, `/\host`) and no control character. The server checks it for
/// the bank's sign-in, the web app for its own.
pub fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_paths_of_this_site_are_where_a_sign_in_returns() {
        for ok in ["/", "/profile", "/ideas/3?sort=new#c4", "/questions/new"] {
            assert!(is_local_path(ok), "{ok}");
        }
        for no in [
            "",
            "profile",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/ideas\n/x",
            "/\u{0}",
        ] {
            assert!(!is_local_path(no), "{no:?}");
        }
    }
}
