//! Wire types shared by the backend and the frontend: what the JSON API accepts and
//! returns. Serde and little else, so the browser bundle stays small; the backend turns
//! on the `openapi` feature to describe them in `/api/openapi.json`.

/// An enum that travels as a snake_case string: `ALL`, `as_str` and `parse`.
/// Declared before the modules, so each of them can use it.
macro_rules! wire_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* #[cfg_attr(feature = "db", sea_orm(string_value = $text))] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

/// The cookies in which the app keeps what a person picked. The server reads them to draw
/// every page in that language and appearance from its first paint.
pub mod prefs {
    /// The language picked, `fr` or `en`. The name is the one leptos_i18n used when it
    /// kept this cookie itself, so choices made since then still hold.
    pub const LANG_COOKIE: &str = "i18n_pref_locale";
    /// The appearance picked, `light` or `dark`; none: the system's.
    pub const APPEARANCE_COOKIE: &str = "cocrea_appearance";
}

pub mod accessibility;
pub mod auth;
pub mod follow_ups;
pub mod ideas;
pub mod moderation;
pub mod people;
pub mod problem;
pub mod questions;
pub mod themes;

pub use accessibility::*;
pub use auth::*;
pub use follow_ups::*;
pub use ideas::*;
pub use moderation::*;
pub use people::*;
pub use problem::*;
pub use questions::*;
pub use themes::*;
