//! `PlainText`: a short text shown as text, never as HTML (reasons, report details).

use crate::domain::{refuse_account_details, remove_hidden};
use api::FieldIssue;

/// Trimmed, non-empty, at most `max` characters, no control characters but line breaks
/// and tabs, hidden characters (bidirectional controls, zero-width spaces…) removed, no
/// account details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainText(String);

impl PlainText {
    pub fn parse(raw: &str, max: usize) -> Result<PlainText, FieldIssue> {
        let visible = remove_hidden(raw);
        let text = visible.trim();
        if text.is_empty() {
            return Err(FieldIssue::Required);
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(FieldIssue::ControlCharacters);
        }
        // Counted as sent, white space around it included, as the document's maxLength.
        if raw.chars().count() > max {
            return Err(FieldIssue::TooLong {
                max: u32::try_from(max).unwrap_or(u32::MAX),
            });
        }
        refuse_account_details(text)?;
        Ok(PlainText(text.to_owned()))
    }

    /// The text, when it has at least `min` characters once trimmed.
    pub fn at_least(self, min: usize) -> Result<PlainText, FieldIssue> {
        if self.0.chars().count() < min {
            return Err(FieldIssue::TooShort {
                min: u32::try_from(min).unwrap_or(u32::MAX),
            });
        }
        Ok(self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_keeps_its_line_breaks() {
        let text = PlainText::parse("  Spam répété\nsur trois idées ", 100).unwrap();
        assert_eq!(text.as_str(), "Spam répété\nsur trois idées");
    }

    #[test]
    fn a_lower_bound_counts_the_trimmed_text() {
        let text = || PlainText::parse("  Illisible  ", 100).unwrap();
        assert_eq!(
            text().at_least(9).map(PlainText::into_string),
            Ok("Illisible".into())
        );
        assert_eq!(text().at_least(10), Err(FieldIssue::TooShort { min: 10 }));
    }

    #[test]
    fn hidden_characters_are_removed_and_account_details_still_found() {
        let text = PlainText::parse("Un \u{202E}avis\u{202C} ❤️\u{200B}", 100).unwrap();
        assert_eq!(text.as_str(), "Un avis ❤️");
        assert_eq!(
            PlainText::parse("\u{200B}\u{2060} ", 10),
            Err(FieldIssue::Required)
        );
        assert_eq!(
            PlainText::parse("FR76\u{200B}3000 6000 0112 3456 7890 189", 100),
            Err(FieldIssue::AccountDetails)
        );
    }

    #[test]
    fn blank_long_control_and_account_details_are_refused() {
        assert_eq!(PlainText::parse(" \n ", 10), Err(FieldIssue::Required));
        assert_eq!(
            PlainText::parse("abcdef", 5),
            Err(FieldIssue::TooLong { max: 5 })
        );
        assert_eq!(
            PlainText::parse("a\u{7}b", 5),
            Err(FieldIssue::ControlCharacters)
        );
        assert_eq!(
            PlainText::parse("FR76 3000 6000 0112 3456 7890 189", 100),
            Err(FieldIssue::AccountDetails)
        );
    }
}
