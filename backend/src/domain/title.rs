//! `Title`: the one-line title of an idea (and, later, of a question).

use crate::domain::{refuse_account_details, refuse_hidden};
use api::FieldIssue;

/// A title of `min..=max` characters, white space folded, no control characters, no
/// hidden characters (bidirectional controls, zero-width spaces…), no account details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(raw: &str, min: usize, max: usize) -> Result<Title, FieldIssue> {
        if raw.chars().any(char::is_control) {
            return Err(FieldIssue::ControlCharacters);
        }
        refuse_hidden(raw)?;
        let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = title.chars().count();
        if chars == 0 {
            return Err(FieldIssue::Required);
        }
        if chars < min {
            return Err(FieldIssue::TooShort {
                min: u32::try_from(min).unwrap_or(u32::MAX),
            });
        }
        // The upper bound counts what was sent, as the document's maxLength does; the
        // lower one what is left once white space is folded.
        if raw.chars().count() > max {
            return Err(FieldIssue::TooLong {
                max: u32::try_from(max).unwrap_or(u32::MAX),
            });
        }
        refuse_account_details(&title)?;
        Ok(Title(title))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_folded() {
        let title = Title::parse("  Un   livret   vert ", 5, 140).unwrap();
        assert_eq!(title.as_str(), "Un livret vert");
    }

    #[test]
    fn bad_titles_name_their_fault() {
        let cases = [
            ("", FieldIssue::Required),
            ("   ", FieldIssue::Required),
            ("abcd", FieldIssue::TooShort { min: 5 }),
            (&"é".repeat(141), FieldIssue::TooLong { max: 140 }),
            ("Idée\u{0007} cachée", FieldIssue::ControlCharacters),
            (
                "Virez sur FR76 3000 6000 0112 3456 7890 189",
                FieldIssue::AccountDetails,
            ),
            (
                "Virement \u{202E}gnp.exe\u{202C} urgent",
                FieldIssue::HiddenCharacters {
                    character: "U+202E".into(),
                },
            ),
            (
                "Livret\u{200B} vert",
                FieldIssue::HiddenCharacters {
                    character: "U+200B".into(),
                },
            ),
        ];
        for (raw, issue) in cases {
            assert_eq!(Title::parse(raw, 5, 140), Err(issue), "{raw:?}");
        }
    }

    #[test]
    fn the_upper_bound_counts_what_was_sent_the_lower_what_is_left() {
        // 141 characters as sent, 140 once trimmed: over, as the document's maxLength says.
        let padded = format!("{} ", "é".repeat(140));
        assert_eq!(
            Title::parse(&padded, 5, 140),
            Err(FieldIssue::TooLong { max: 140 })
        );
        assert_eq!(
            Title::parse("a    b", 5, 140),
            Err(FieldIssue::TooShort { min: 5 })
        );
    }

    #[test]
    fn accented_titles_count_characters_not_bytes() {
        assert!(Title::parse(&"é".repeat(140), 5, 140).is_ok());
        assert!(Title::parse("éééé", 5, 140).is_err());
    }
}
