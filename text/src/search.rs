//! Search terms: French text reduced to the stems both search engines index. Words are
//! lower-cased, stemmed with the Snowball French stemmer (so "épargne" and "épargnes"
//! meet), stripped of accents (so "epargne" meets them too), and common French words
//! are dropped. The same function prepares what is stored and what is searched, so
//! SQLite's FTS5 and PostgreSQL's `tsvector` see identical terms.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));

/// A search asks for at most this many terms; the rest of a long query is ignored.
const MAX_QUERY_TERMS: usize = 8;

/// Words too common to tell ideas apart.
const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dan", "dans", "de", "des", "du",
    "elle", "en", "est", "et", "etre", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
    "lui", "m", "ma", "mais", "me", "mes", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou",
    "par", "pas", "plus", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "san", "sur",
    "t", "tres", "tout", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
    "the", "of", "and", "to", "in", "for", "is", "on", "an",
];

/// The terms to index for a text, space-separated.
pub fn index_terms(text: &str) -> String {
    terms(text).collect::<Vec<_>>().join(" ")
}

/// The distinct terms of a query, at most eight; empty when nothing searchable is left.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for term in terms(query) {
        if !found.contains(&term) {
            found.push(term);
        }
        if found.len() == MAX_QUERY_TERMS {
            break;
        }
    }
    found
}

/// The words of a text, lower-cased, stemmed and unaccented, stop words kept.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let lower = word.to_lowercase();
            unaccent(&FRENCH.stem(&lower))
        })
}

fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter(|term| !STOP_WORDS.contains(&term.as_str()))
}

fn unaccent(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'œ' => 'o',
            'æ' => 'a',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_plurals_meet() {
        let forms = ["épargne", "Épargnes", "epargnes", "EPARGNE"];
        let stems: Vec<String> = forms.iter().map(|f| index_terms(f)).collect();
        assert!(stems.iter().all(|s| s == &stems[0]), "{stems:?}");
        assert!(!stems[0].is_empty());
    }

    #[test]
    fn common_words_are_dropped_and_terms_deduplicated() {
        let terms = query_terms("Le livret et les livrets de la banque");
        assert_eq!(terms.len(), 2, "{terms:?}");
    }

    #[test]
    fn punctuation_only_queries_have_no_terms() {
        assert!(query_terms(" -- ' \" * ( ) ").is_empty());
        assert!(query_terms("").is_empty());
    }

    #[test]
    fn queries_are_capped() {
        let long = "alpha bravo charlie delta echo foxtrot golf hotel india juliet";
        assert_eq!(query_terms(long).len(), MAX_QUERY_TERMS);
    }
}
