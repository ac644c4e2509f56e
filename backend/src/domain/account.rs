//! What an account is made of: an email address, a display name, a password.

use api::{
    DISPLAY_NAME_MAX_CHARS, DISPLAY_NAME_MIN_CHARS, FieldIssue, PASSWORD_MAX_CHARS,
    PASSWORD_MIN_CHARS,
};
use secrecy::SecretString;
use text::deceptive::{code_point, lookalike_script_letter, refuse_hidden};

/// An email address, trimmed and lower-cased so that uniqueness ignores case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldIssue> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(FieldIssue::Required);
        }
        if email.chars().count() > 254 {
            return Err(FieldIssue::TooLong { max: 254 });
        }
        let (local, domain) = email.split_once('@').ok_or(FieldIssue::InvalidEmail)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if local_ok && domain_ok {
            Ok(Email(email))
        } else {
            Err(FieldIssue::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown on everything a person writes: 2 to 60 characters, no control or hidden
/// characters, no letters of look-alike scripts mixed (a Cyrillic `а` in a Latin name),
/// runs of white space folded into one space. Whether it imitates a staff member's name
/// needs the database: `services::accounts::refuse_staff_lookalike`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, FieldIssue> {
        if raw.chars().any(char::is_control) {
            return Err(FieldIssue::ControlCharacters);
        }
        refuse_hidden(raw)?;
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = name.chars().count();
        if chars == 0 {
            Err(FieldIssue::Required)
        } else if chars < DISPLAY_NAME_MIN_CHARS {
            Err(FieldIssue::TooShort {
                min: DISPLAY_NAME_MIN_CHARS as u32,
            })
        } else if raw.chars().count() > DISPLAY_NAME_MAX_CHARS {
            Err(FieldIssue::TooLong {
                max: DISPLAY_NAME_MAX_CHARS as u32,
            })
        } else if let Some(letter) = lookalike_script_letter(&name) {
            Err(FieldIssue::MixedScripts {
                character: code_point(letter),
            })
        } else {
            Ok(DisplayName(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8 to 128 characters, taken as typed (no trimming). Kept secret so it
/// cannot be printed by accident.
#[derive(Debug)]
pub struct Password(SecretString);

impl Password {
    pub fn parse(raw: &str) -> Result<Password, FieldIssue> {
        let chars = raw.chars().count();
        if chars == 0 {
            Err(FieldIssue::Required)
        } else if chars < PASSWORD_MIN_CHARS {
            Err(FieldIssue::TooShort {
                min: PASSWORD_MIN_CHARS as u32,
            })
        } else if chars > PASSWORD_MAX_CHARS {
            Err(FieldIssue::TooLong {
                max: PASSWORD_MAX_CHARS as u32,
            })
        } else {
            Ok(Password(SecretString::from(raw.to_owned())))
        }
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Alice@Example.ORG ").map(|e| e.0),
            Ok("alice@example.org".into())
        );
        assert!(Email::parse("élodie@banque.fr").is_ok());
    }

    #[test]
    fn malformed_emails_are_refused() {
        let cases = [
            ("", FieldIssue::Required),
            ("   ", FieldIssue::Required),
            ("alice", FieldIssue::InvalidEmail),
            ("alice@", FieldIssue::InvalidEmail),
            ("@example.org", FieldIssue::InvalidEmail),
            ("alice@example", FieldIssue::InvalidEmail),
            ("al ice@example.org", FieldIssue::InvalidEmail),
            ("alice@exa mple.org", FieldIssue::InvalidEmail),
            ("alice@@example.org", FieldIssue::InvalidEmail),
            ("alice..b@example.org", FieldIssue::InvalidEmail),
            ("<script>@example.org", FieldIssue::InvalidEmail),
        ];
        for (raw, issue) in cases {
            assert_eq!(Email::parse(raw), Err(issue), "{raw:?}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldIssue::TooLong { max: 254 }));
    }

    #[test]
    fn display_names_fold_white_space_and_respect_bounds() {
        assert_eq!(
            DisplayName::parse("  Élise   Martin ").map(|n| n.0),
            Ok("Élise Martin".into())
        );
        assert_eq!(DisplayName::parse("   "), Err(FieldIssue::Required));
        assert_eq!(
            DisplayName::parse("A"),
            Err(FieldIssue::TooShort { min: 2 })
        );
        assert_eq!(
            DisplayName::parse(&"é".repeat(61)),
            Err(FieldIssue::TooLong { max: 60 })
        );
        assert!(DisplayName::parse(&"é".repeat(60)).is_ok());
        assert_eq!(
            DisplayName::parse("Bob\u{0}"),
            Err(FieldIssue::ControlCharacters)
        );
    }

    #[test]
    fn display_names_that_hide_characters_or_mix_look_alike_scripts_are_refused() {
        assert_eq!(
            DisplayName::parse("Paul\u{2066} Moreau"),
            Err(FieldIssue::HiddenCharacters {
                character: "U+2066".into()
            })
        );
        assert_eq!(
            DisplayName::parse("\u{3164}\u{3164}"),
            Err(FieldIssue::HiddenCharacters {
                character: "U+3164".into()
            })
        );
        assert_eq!(
            DisplayName::parse("P\u{0430}ul Moreau"),
            Err(FieldIssue::MixedScripts {
                character: "U+0430".into()
            })
        );
        assert!(DisplayName::parse("Иван Петров").is_ok());
        assert!(DisplayName::parse("Kim 김민준 🦊").is_ok());
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert!(Password::parse("correct horse").is_ok());
        assert!(matches!(
            Password::parse("1234567"),
            Err(FieldIssue::TooShort { min: 8 })
        ));
        assert!(Password::parse(&"é".repeat(128)).is_ok());
        assert!(matches!(
            Password::parse(&"é".repeat(129)),
            Err(FieldIssue::TooLong { max: 128 })
        ));
        assert!(matches!(Password::parse(""), Err(FieldIssue::Required)));
    }
}
