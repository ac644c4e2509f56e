//! Text that deceives the reader: characters that cannot be seen or that reorder what is
//! shown, and names that imitate other names.
//!
//! **Hidden characters** are the bidirectional controls (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069: `Virement \u{202E}gnp.exe` shows as `Virement exe.png`), the
//! zero-width and other invisible characters (every Unicode `Default_Ignorable_Code_Point`
//! and `Format` character: U+00AD, U+200B–U+200D, U+2060–U+2064, U+FEFF, the Hangul
//! fillers, variation selectors, tag characters…), the blank braille pattern U+2800, and
//! the noncharacters (U+FFFE, U+FFFF…: nothing to show, and not allowed in XML feeds).
//! Kept, because they are how ordinary text is written and show nothing false:
//! - a zero-width joiner inside an emoji sequence (👩‍💻, ❤️‍🔥) and a presentation
//!   selector after an emoji or a keycap digit (❤️, 1️⃣);
//! - the tag characters of the three flags Unicode recommends (England, Scotland, Wales);
//! - a zero-width joiner or non-joiner between two letters of a script that writes with
//!   them (Persian, the Indic scripts…), never inside Latin, Greek or Cyrillic.
//!
//! Where text can only deceive (titles, display names, theme names) hidden characters
//! are refused, naming the first one ([`refuse_hidden`]); in bodies and other running
//! text they are removed before the text is stored ([`remove_hidden`]), so that what is
//! shown is what can be seen, and an IBAN cut by a zero-width space is still found.
//!
//! **Look-alike names** follow Unicode TR39. A name whose letters mix scripts beyond
//! TR39's "moderately restrictive" level (Latin with Cyrillic or Greek: `Pаul` with a
//! Cyrillic `а`) is refused ([`lookalike_script_letter`]); two names are confusable
//! when their [`lookalike_key`]s (TR39 skeletons, case, accents, spaces and punctuation
//! aside) are equal.

use api::FieldIssue;
use icu_properties::props::{
    DefaultIgnorableCodePoint, EmojiModifier, ExtendedPictographic, GeneralCategory,
    NoncharacterCodePoint, Script,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use std::borrow::Cow;
use unicode_security::{GeneralSecurityProfile, RestrictionLevel, RestrictionLevelDetection};

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';
const TEXT_PRESENTATION: char = '\u{FE0E}';
const EMOJI_PRESENTATION: char = '\u{FE0F}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';
/// The flags written with tag characters that Unicode recommends (RGI).
const TAG_FLAGS: [&str; 3] = ["gbeng", "gbsct", "gbwls"];

/// The first hidden character of `text`, if any.
pub fn first_hidden(text: &str) -> Option<char> {
    if text.is_ascii() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let kept = kept_flags(&chars);
    (0..chars.len())
        .find(|&i| hidden_at(&chars, i, &kept))
        .map(|i| chars[i])
}

/// Refuses text holding a hidden character, and says which (`U+202E`), since the person
/// cannot see it.
pub fn refuse_hidden(text: &str) -> Result<(), FieldIssue> {
    match first_hidden(text) {
        Some(c) => Err(FieldIssue::HiddenCharacters {
            character: code_point(c),
        }),
        None => Ok(()),
    }
}

/// `text` without its hidden characters.
pub fn remove_hidden(text: &str) -> Cow<'_, str> {
    if first_hidden(text).is_none() {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let kept = kept_flags(&chars);
    Cow::Owned(
        (0..chars.len())
            .filter(|&i| !hidden_at(&chars, i, &kept))
            .map(|i| chars[i])
            .collect(),
    )
}

/// `U+202E`: how a character is named to the person who sent it.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// When a name's letters mix scripts that can imitate one another, the letter that
/// stands out: the first one outside the script most of its letters are written in
/// (`а` in `Pаul`). Mixing means going beyond TR39's "moderately restrictive" level,
/// which allows one script, or Latin with Han and Japanese or Korean scripts, or Latin
/// with one other recommended script but Cyrillic and Greek. Only letters and digits
/// count (spaces, hyphens and apostrophes belong to every script), and only those TR39
/// allows in identifiers (so that a rare letter is not taken for a second script).
pub fn lookalike_script_letter(name: &str) -> Option<char> {
    let letters: Vec<char> = name
        .chars()
        .filter(|c| c.is_alphanumeric() && c.identifier_allowed())
        .collect();
    let level = letters
        .iter()
        .collect::<String>()
        .as_str()
        .detect_restriction_level();
    if level <= RestrictionLevel::ModeratelyRestrictive {
        return None;
    }
    let scripts = CodePointMapData::<Script>::new();
    let script_of =
        |c: char| Some(scripts.get(c)).filter(|s| ![Script::Common, Script::Inherited].contains(s));
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for script in letters.iter().filter_map(|&c| script_of(c)) {
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let main = counts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s);
    letters
        .iter()
        .copied()
        .find(|&c| script_of(c).is_some_and(|s| Some(s) != main))
        .or_else(|| letters.first().copied())
}

/// What two names share when a reader could take one for the other: the TR39 skeleton,
/// taken again after lower-casing (so that `I`, `l` and `1`, `O` and `0`, and upper and
/// lower case meet), without accents, spaces or punctuation.
pub fn lookalike_key(name: &str) -> String {
    let lowered = unicode_security::skeleton(name)
        .collect::<String>()
        .to_lowercase();
    unicode_security::skeleton(&lowered)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn is_hidden_kind(c: char) -> bool {
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
        || CodePointSetData::new::<NoncharacterCodePoint>().contains(c)
        || c == '\u{2800}'
}

/// Whether `chars[i]` is hidden, given the positions `kept` of recommended tag flags.
fn hidden_at(chars: &[char], i: usize, kept: &[bool]) -> bool {
    let c = chars[i];
    if !is_hidden_kind(c) || kept[i] {
        return false;
    }
    let before = i.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(i + 1).copied();
    match c {
        ZWJ if ends_emoji(chars, i) && after.is_some_and(is_pictographic) => false,
        TEXT_PRESENTATION | EMOJI_PRESENTATION
            if before.is_some_and(|b| is_pictographic(b) || matches!(b, '0'..='9' | '#' | '*')) =>
        {
            false
        }
        ZWJ | ZWNJ => !matches!((before, after), (Some(b), Some(a)) if joins(b, a)),
        _ => true,
    }
}

fn is_pictographic(c: char) -> bool {
    CodePointSetData::new::<ExtendedPictographic>().contains(c)
}

/// Whether an emoji ends just before `chars[i]`, so that a joiner may follow: a
/// pictograph, a skin-tone modifier, or a pictograph's presentation selector (one that
/// is kept, so that removing hidden characters never strands a joiner).
fn ends_emoji(chars: &[char], i: usize) -> bool {
    match i.checked_sub(1).map(|j| (j, chars[j])) {
        Some((j, EMOJI_PRESENTATION)) => {
            j.checked_sub(1).is_some_and(|k| is_pictographic(chars[k]))
        }
        Some((_, c)) => is_pictographic(c) || CodePointSetData::new::<EmojiModifier>().contains(c),
        None => false,
    }
}

/// Whether a joiner between `before` and `after` is ordinary writing: both visible and
/// of one script that joins letters (not Latin, Greek or Cyrillic, where a joiner only
/// hides).
fn joins(before: char, after: char) -> bool {
    let scripts = CodePointMapData::<Script>::new();
    let script = scripts.get(before);
    !is_hidden_kind(before)
        && !is_hidden_kind(after)
        && script == scripts.get(after)
        && ![
            Script::Latin,
            Script::Greek,
            Script::Cyrillic,
            Script::Common,
            Script::Inherited,
            Script::Unknown,
        ]
        .contains(&script)
}

/// Marks the tag characters of the recommended tag flags (🏴 + tags + cancel tag).
fn kept_flags(chars: &[char]) -> Vec<bool> {
    let mut kept = vec![false; chars.len()];
    for (start, _) in chars.iter().enumerate().filter(|(_, c)| **c == BLACK_FLAG) {
        for flag in TAG_FLAGS {
            let tags = flag
                .chars()
                .map(|c| char::from_u32(0xE0000 + u32::from(c)))
                .chain([Some(CANCEL_TAG)]);
            let len = flag.len() + 1;
            let follows = chars
                .get(start + 1..start + 1 + len)
                .is_some_and(|run| run.iter().copied().map(Some).eq(tags));
            if follows {
                kept[start + 1..start + 1 + len].fill(true);
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidirectional_controls_are_found_and_named() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            let text = format!("Virement {c}gnp.exe urgent");
            assert_eq!(first_hidden(&text), Some(c), "{}", code_point(c));
        }
        assert_eq!(
            refuse_hidden("Virement \u{202E}gnp.exe\u{202C} urgent"),
            Err(FieldIssue::HiddenCharacters {
                character: "U+202E".into()
            })
        );
    }

    #[test]
    fn zero_width_and_other_invisible_characters_are_found() {
        let invisible = [
            '\u{00AD}',
            '\u{034F}',
            '\u{115F}',
            '\u{17B4}',
            '\u{180E}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{3164}',
            '\u{FE00}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{FFA0}',
            '\u{FFF9}',
            '\u{2800}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{E0100}',
            '\u{1D173}',
        ];
        for c in invisible {
            let text = format!("Livret{c}vert");
            assert_eq!(first_hidden(&text), Some(c), "{}", code_point(c));
            assert_eq!(remove_hidden(&text), "Livretvert", "{}", code_point(c));
        }
    }

    #[test]
    fn ordinary_text_in_any_script_passes_untouched() {
        for text in [
            "Un livret d'épargne « vert » — 3 % à l'année, c'est ça ?",
            "Ærøskøbing, Œuvre, Straße, İstanbul",
            "Ελληνικά, Русский, עברית, العربية, 日本語, 한국어, हिन्दी",
            // A Persian word with its zero-width non-joiner, a Devanagari one with a joiner.
            "می\u{200C}خواهم",
            "क्\u{200D}ष",
        ] {
            assert_eq!(first_hidden(text), None, "{text}");
            assert!(matches!(remove_hidden(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn emoji_sequences_keep_their_joiners_and_selectors() {
        for text in [
            "J'adore ❤️ la banque",
            "Développeuse 👩‍💻 et 👩🏽‍💻",
            "❤️‍🔥 et 🏳️‍🌈",
            "Touche 1️⃣ et #️⃣",
            "Écosse 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        ] {
            assert_eq!(first_hidden(text), None, "{text}");
        }
    }

    #[test]
    fn joiners_and_selectors_outside_their_sequences_are_hidden() {
        let cases = [
            ("Pa\u{200D}ul", '\u{200D}'),
            ("Pa\u{200C}ul", '\u{200C}'),
            ("Pa\u{FE0F}ul", '\u{FE0F}'),
            ("❤️\u{200D}a", '\u{200D}'),
            // A tag run that spells something else than a recommended flag.
            (
                "🏴\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}",
                '\u{E0069}',
            ),
            // Tags without the black flag.
            (
                "x\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
                '\u{E0067}',
            ),
        ];
        for (text, hidden) in cases {
            assert_eq!(first_hidden(text), Some(hidden), "{text:?}");
        }
    }

    #[test]
    fn removal_never_strands_a_joiner() {
        // ❥ is no emoji: its selector goes, and the joiner after it with it.
        for text in ["❥\u{FE0F}\u{200D}🔥", "ب\u{200C}\u{0600}"] {
            let once = remove_hidden(text);
            assert_eq!(first_hidden(&once), None, "{text:?} → {once:?}");
        }
    }

    #[test]
    fn removal_keeps_everything_visible_and_is_idempotent() {
        let text = "Mon \u{202E}IBAN\u{202C} ❤️ et 👩‍💻\u{200B}!";
        let once = remove_hidden(text);
        assert_eq!(once, "Mon IBAN ❤️ et 👩‍💻!");
        assert_eq!(remove_hidden(&once), once);
    }

    #[test]
    fn latin_names_mixed_with_cyrillic_or_greek_letters_are_refused() {
        let cases = [
            ("P\u{0430}ul Martin", '\u{0430}'),
            ("\u{0421}laire", '\u{0421}'),
            ("Nik\u{03BF}s", '\u{03BF}'),
            // More Cyrillic letters than Latin ones: the Latin one stands out.
            ("Jean Иванов", 'J'),
        ];
        for (name, letter) in cases {
            assert_eq!(lookalike_script_letter(name), Some(letter), "{name}");
        }
        for name in [
            "Élise Martin-Dupont",
            "O'Brien",
            "Иван Петров",
            "Νίκος",
            "山田 Taro",
            "Kim 김민준",
            "Ahmed أحمد",
            "R2-D2",
            "🦊 Renard",
        ] {
            assert_eq!(lookalike_script_letter(name), None, "{name}");
        }
    }

    #[test]
    fn lookalike_keys_meet_for_names_a_reader_would_confuse() {
        let expert = lookalike_key("Expert Épargne");
        for name in [
            "Expert Épargne",
            "expert epargne",
            "Expert  Epargne",
            "Expert-Épargne",
            "Ехреrt Épargne", // Cyrillic Е, х, р, е
            "Expert Épargne\u{0301}",
        ] {
            assert_eq!(lookalike_key(name), expert, "{name}");
        }
        assert_eq!(lookalike_key("Pau1 Moreau"), lookalike_key("Paul Moreau"));
        assert_eq!(lookalike_key("PauI Moreau"), lookalike_key("Paul Moreau"));
        assert_eq!(
            lookalike_key("Claire M0reau"),
            lookalike_key("Claire Moreau")
        );
        assert_ne!(
            lookalike_key("Claire Moreau"),
            lookalike_key("Claire Morel")
        );
        assert_ne!(lookalike_key("Expert Crédit"), expert);
    }
}
