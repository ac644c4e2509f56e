//! Errors on the wire: `application/problem+json` (RFC 9457) with a stable `code` and,
//! for invalid input, per-field messages (`errors`) and their machine form (`issues`),
//! which the web app translates.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Stable, machine-readable error codes (`Problem::code`).
pub mod code {
    pub const VALIDATION: &str = "validation_failed";
    pub const MALFORMED: &str = "malformed_request";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    pub const FORBIDDEN: &str = "forbidden";
    pub const CSRF: &str = "cross_site_request";
    pub const NOT_FOUND: &str = "not_found";
    pub const CONFLICT: &str = "conflict";
    pub const RATE_LIMITED: &str = "rate_limited";
    /// The address exists, with other methods (listed in `Allow`).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const INTERNAL: &str = "internal";
    /// The database cannot be reached for the moment: try again after `Retry-After`.
    pub const UNAVAILABLE: &str = "unavailable";
    /// The author's time to edit has run out.
    pub const EDIT_WINDOW_CLOSED: &str = "edit_window_closed";
    /// An idea somebody supports can no longer be deleted by its author.
    pub const IDEA_HAS_SUPPORTS: &str = "idea_has_supports";
    /// Authors do not support their own ideas.
    pub const OWN_IDEA: &str = "own_idea";
    /// Askers do not vote for their own question.
    pub const OWN_QUESTION: &str = "own_question";
    /// Authors do not rate their own answer.
    pub const OWN_ANSWER: &str = "own_answer";
    /// Authors do not mark their own comment helpful.
    pub const OWN_COMMENT: &str = "own_comment";
    /// The question looks like a personal account matter: the adviser's private channel
    /// suits it better. Sent again with `general: true`, it is posted.
    pub const PERSONAL_MATTER: &str = "personal_matter";
    /// Only an expert of the question's theme gives an official answer.
    pub const NOT_AN_EXPERT: &str = "not_an_expert";
    /// The idea's status cannot follow its current one (see the workflow).
    pub const TRANSITION_NOT_ALLOWED: &str = "transition_not_allowed";
    /// The thread is locked: no new comments or answers.
    pub const THREAD_LOCKED: &str = "thread_locked";
    /// The idea was merged into another: support and comment there.
    pub const IDEA_MERGED: &str = "idea_merged";
    /// Only a duplicate can be un-merged.
    pub const NOT_A_DUPLICATE: &str = "not_a_duplicate";
    /// The person already has an open report on this item.
    pub const ALREADY_REPORTED: &str = "already_reported";
    /// The person has not confirmed their address yet: they read, but do not write.
    pub const EMAIL_UNVERIFIED: &str = "email_unverified";
    /// An e-mail's link that is unknown, used already or expired.
    pub const INVALID_LINK: &str = "invalid_link";
    /// Admins do not take their own admin role (someone else must).
    pub const OWN_ADMIN_ROLE: &str = "own_admin_role";
    /// Signing in needs the code of the person's authenticator app (send `code`).
    pub const TWO_FACTOR_REQUIRED: &str = "two_factor_required";
    /// The second factor given at sign-in is wrong, or was already used.
    pub const TWO_FACTOR_INVALID: &str = "two_factor_invalid";
    /// A staff route, when staff must use two factors and this person has not set it up.
    pub const STAFF_TWO_FACTOR_SETUP: &str = "staff_two_factor_setup";
    /// A staff route, when this session has not passed the second factor yet.
    pub const STAFF_TWO_FACTOR_CHECK: &str = "staff_two_factor_check";
    /// Staff must keep two-factor authentication on.
    pub const TWO_FACTOR_KEPT: &str = "two_factor_kept";
    /// Two-factor authentication is already on: turn it off before setting it up again.
    pub const TWO_FACTOR_ON: &str = "two_factor_on";
}

/// One thing wrong with one field, in machine form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldIssue {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    InvalidEmail,
    EmailTaken,
    ControlCharacters,
    /// A character that cannot be seen or that reorders the text (a bidirectional
    /// control, a zero-width space…), named as `U+202E` since the person cannot see it.
    HiddenCharacters {
        character: String,
    },
    /// A name mixing letters of scripts that look alike (a Cyrillic `а` in a Latin name);
    /// `character` names the letter that stands out, as `U+0430`.
    MixedScripts {
        character: String,
    },
    /// A name a reader could take for a staff member's or an expert's.
    LooksLikeStaff,
    WrongPassword,
    /// A code from an authenticator app or a recovery code that is wrong or already used.
    WrongCode,
    /// No active theme has this slug.
    UnknownTheme,
    /// Public text that holds an IBAN, a card number or a bank account number.
    AccountDetails,
    /// Something else already uses this value (a theme's slug…).
    Taken,
    Invalid,
    /// Not a picture in an accepted format (PNG, JPEG, WebP), or a damaged one.
    NotAnImage,
    /// A file above the size limit.
    TooLarge {
        max_bytes: u32,
    },
}

impl FieldIssue {
    /// The English message sent in `errors` for scripts; the web app translates `issues`.
    pub fn message(&self) -> String {
        match self {
            FieldIssue::Required => "This field is required.".into(),
            FieldIssue::TooShort { min } => format!("Must be at least {min} characters."),
            FieldIssue::TooLong { max } => format!("Must be at most {max} characters."),
            FieldIssue::InvalidEmail => "This is not a valid email address.".into(),
            FieldIssue::EmailTaken => "An account already uses this email address.".into(),
            FieldIssue::ControlCharacters => "Must not contain control characters.".into(),
            FieldIssue::HiddenCharacters { character } => format!(
                "Contains an invisible or text-direction character ({character}): remove it."
            ),
            FieldIssue::MixedScripts { character } => format!(
                "Mixes letters of different alphabets that look alike: {character} is not \
                 of the same alphabet as the others."
            ),
            FieldIssue::LooksLikeStaff => "Looks too much like the name of one of the bank's \
                 staff or experts: choose another."
                .into(),
            FieldIssue::WrongPassword => "The password is not correct.".into(),
            FieldIssue::WrongCode => "This code is not right, or it was already used.".into(),
            FieldIssue::UnknownTheme => "There is no such theme.".into(),
            FieldIssue::AccountDetails => "Do not publish account, IBAN or card numbers: this space is public. \
                 For anything about your own accounts, use your bank's secure messaging or your adviser."
                .into(),
            FieldIssue::Taken => "This value is already used.".into(),
            FieldIssue::Invalid => "This value is not valid.".into(),
            FieldIssue::NotAnImage => "Send a PNG, JPEG or WebP picture.".into(),
            FieldIssue::TooLarge { max_bytes } => {
                format!("The file must be at most {} KiB.", max_bytes / 1024)
            }
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub issues: BTreeMap<String, Vec<FieldIssue>>,
}

/// Per-field issues collected while parsing one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, Vec<FieldIssue>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, issue: FieldIssue) {
        self.0.entry(field.to_owned()).or_default().push(issue);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps `Ok` values and records the issue of an `Err` under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldIssue>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(issue) => {
                self.add(field, issue);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_issues_serialise_as_a_code_with_their_bounds() {
        let json = serde_json::to_string(&FieldIssue::TooShort { min: 8 });
        assert_eq!(
            json.ok().as_deref(),
            Some(r#"{"code":"too_short","min":8}"#)
        );
    }
}
