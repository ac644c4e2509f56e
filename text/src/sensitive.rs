//! The guard against publishing account details: public text that contains an IBAN
//! (mod-97 checksum), a payment card number (Luhn) or a French RIB (key check) is refused,
//! and the person is pointed to the private channel. Only checksum-valid numbers count, so
//! phone numbers, amounts and references pass.
//!
//! Numbers are found as chains of letter-and-digit groups joined by spaces, hyphens or dots
//! ("FR76 3000 6000 …", "4111-1111-…"); every run of whole groups in a chain is checked.

use api::FieldIssue;

/// Which kind of account detail a text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountDetail {
    Iban,
    Card,
    Rib,
}

/// Refuses text that holds account details.
pub fn refuse_account_details(text: &str) -> Result<(), FieldIssue> {
    match find_account_detail(text) {
        Some(_) => Err(FieldIssue::AccountDetails),
        None => Ok(()),
    }
}

/// The first account detail found in `text`, if any.
pub fn find_account_detail(text: &str) -> Option<AccountDetail> {
    for chain in chains(text) {
        for start in 0..chain.len() {
            let mut joined = String::new();
            for group in &chain[start..] {
                joined.push_str(group);
                if joined.len() > 34 {
                    break;
                }
                if let Some(found) = classify(&joined) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn classify(candidate: &str) -> Option<AccountDetail> {
    let len = candidate.len();
    let all_digits = candidate.bytes().all(|b| b.is_ascii_digit());
    if all_digits && (13..=19).contains(&len) && luhn(candidate) {
        return Some(AccountDetail::Card);
    }
    if (15..=34).contains(&len) && is_iban(candidate) {
        return Some(AccountDetail::Iban);
    }
    if len == 23 && is_rib(candidate) {
        return Some(AccountDetail::Rib);
    }
    None
}

/// Groups of ASCII letters and digits (upper-cased), chained while only spaces, hyphens
/// or dots separate them.
fn chains(text: &str) -> Vec<Vec<String>> {
    let mut chains = Vec::new();
    let mut chain: Vec<String> = Vec::new();
    let mut group = String::new();
    let mut separators = 0;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            separators = 0;
            group.push(c.to_ascii_uppercase());
            continue;
        }
        if !group.is_empty() {
            chain.push(std::mem::take(&mut group));
        }
        if matches!(c, ' ' | '-' | '.' | '\u{a0}' | '\u{202f}') && separators < 2 {
            separators += 1;
        } else if !chain.is_empty() {
            chains.push(std::mem::take(&mut chain));
            separators = 0;
        }
    }
    if !group.is_empty() {
        chain.push(group);
    }
    if !chain.is_empty() {
        chains.push(chain);
    }
    chains
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Two letters, two check digits, then letters and digits, with ISO 13616's mod 97 = 1.
fn is_iban(candidate: &str) -> bool {
    let bytes = candidate.as_bytes();
    let shaped = bytes[0].is_ascii_uppercase()
        && bytes[1].is_ascii_uppercase()
        && bytes[2].is_ascii_digit()
        && bytes[3].is_ascii_digit();
    if !shaped {
        return false;
    }
    let rearranged = candidate[4..].bytes().chain(candidate[..4].bytes());
    let mut remainder: u32 = 0;
    for b in rearranged {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// A French RIB: bank code (5 digits), branch code (5 digits), account number (11 letters
/// or digits), key (2 digits) = 97 − ((89 × bank + 15 × branch + 3 × account) mod 97).
fn is_rib(candidate: &str) -> bool {
    let (bank, rest) = candidate.split_at(5);
    let (branch, rest) = rest.split_at(5);
    let (account, key) = rest.split_at(11);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(bank) || !digits(branch) || !digits(key) {
        return false;
    }
    // Letters in the account number stand for digits (A, J → 1; B, K, S → 2; …).
    let account: String = account
        .chars()
        .map(|c| match c {
            'A' | 'J' => '1',
            'B' | 'K' | 'S' => '2',
            'C' | 'L' | 'T' => '3',
            'D' | 'M' | 'U' => '4',
            'E' | 'N' | 'V' => '5',
            'F' | 'O' | 'W' => '6',
            'G' | 'P' | 'X' => '7',
            'H' | 'Q' | 'Y' => '8',
            'I' | 'R' | 'Z' => '9',
            other => other,
        })
        .collect();
    let (Ok(bank), Ok(branch), Ok(account), Ok(key)) = (
        bank.parse::<u64>(),
        branch.parse::<u64>(),
        account.parse::<u64>(),
        key.parse::<u64>(),
    ) else {
        return false;
    };
    key == 97 - ((89 * bank + 15 * branch + 3 * account) % 97)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_details_are_found_however_they_are_written() {
        let cases = [
            (
                "Mon IBAN : FR76 3000 6000 0112 3456 7890 189, merci",
                AccountDetail::Iban,
            ),
            ("fr1420041010050500013m02606", AccountDetail::Iban),
            ("DE89-3704-0044-0532-0130-00", AccountDetail::Iban),
            ("GB82 WEST 1234 5698 7654 32", AccountDetail::Iban),
            (
                "ma carte 4111 1111 1111 1111 ne marche plus",
                AccountDetail::Card,
            ),
            ("5555-5555-5555-4444", AccountDetail::Card),
            ("Amex 378282246310005.", AccountDetail::Card),
            ("RIB 30006 00001 12345678901 89 svp", AccountDetail::Rib),
            ("compte 20041 01005 0500013M026 06", AccountDetail::Rib),
        ];
        for (text, expected) in cases {
            assert_eq!(find_account_detail(text), Some(expected), "{text}");
            assert_eq!(
                refuse_account_details(text),
                Err(FieldIssue::AccountDetails),
                "{text}"
            );
        }
    }

    #[test]
    fn ordinary_numbers_pass() {
        let cases = [
            "Appelez le 06 12 34 56 78 ou le +33 1 23 45 67 89",
            "Un prêt de 250 000 € sur 20 ans à 3,5 %",
            "4111 1111 1111 1112 (un numéro au hasard)",
            "FR76 3000 6000 0112 3456 7890 188",
            "Référence de dossier 2024-000123-ABC",
            "Le 12/03/2025 à 14h30, agence 30006",
            "",
            "Des idées pour l'appli ! Merci 🙂",
        ];
        for text in cases {
            assert_eq!(find_account_detail(text), None, "{text}");
        }
    }
}
