//! sea-orm entities: the shape of the tables the migrations create, and no behaviour.

pub mod accessibility_problems;
pub mod answer_votes;
pub mod answers;
pub mod audit_log;
pub mod client_codes;
pub mod comments;
pub mod email_outbox;
pub mod email_tokens;
pub mod expert_themes;
pub mod follows;
pub mod idea_status_changes;
pub mod ideas;
pub mod identities;
pub mod merged_supports;
pub mod notification_prefs;
pub mod notifications;
pub mod oidc_states;
pub mod questions;
pub mod recovery_codes;
pub mod reports;
pub mod sessions;
pub mod themes;
pub mod two_factor;
pub mod user_roles;
pub mod users;

/// Declares the entities of one-sided votes (the migrations' `ballots`): one row per person
/// and row voted on (`on`), remembering whether the person was a verified client when
/// they voted.
macro_rules! ballots {
    ($($(#[$doc:meta])* $module:ident: $table:tt on $on:ident;)*) => {$(
        $(#[$doc])*
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub $on: i64,
                #[sea_orm(primary_key, auto_increment = false)]
                pub user_id: i64,
                pub is_client: bool,
                pub created_at: DateTimeUtc,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    )*};
}

ballots! {
    /// Supports of ideas.
    idea_supports: "idea_supports" on idea_id;
    /// Votes on the relevance of questions.
    question_votes: "question_votes" on question_id;
    /// Members' "helpful" on comments.
    comment_votes: "comment_votes" on comment_id;
}
