//! Does a question look like a personal account matter (the asker's own account, card,
//! transfer, loan file, or a charge they dispute)? Those belong with the person's adviser
//! in the bank's private channel, not in a public space: the ask form says so before
//! posting. It is a hint, not a wall, so it errs towards saying nothing: it looks for a
//! first-person possessive next to a banking noun ("mon compte", "ma carte", "my loan")
//! or for words of a dispute about one's own money ("débité deux fois", "contester").

use crate::search;

/// First-person possessives as stemmed ("mes" stems to "me").
const MINE: &[&str] = &["mon", "ma", "mes", "me", "my", "our", "notre", "nos"];

/// Banking nouns that, after a possessive, point at one's own file (Snowball stems).
const OWN_FILE: &[&str] = &[
    "compt",
    "cart",
    "vir",
    "pret",
    "credit",
    "dossi",
    "decouvert",
    "prelev",
    "chequ",
    "rib",
    "iban",
    "cod",
    "plafond",
    "solde",
    "releve",
    "conseil",
    "agenc",
    "account",
    "card",
    "transf",
    "loan",
    "mortgag",
    "overdraft",
    "balanc",
    "statement",
    "pin",
    "payment",
];

/// Words that describe a dispute or a problem with one's own money, whatever follows.
const DISPUTE: &[&str] = &[
    "debit",
    "contest",
    "litig",
    "reclam",
    "rembours",
    "oppos",
    "bloqu",
    "frauduleux",
    "pirat",
    "charged",
    "disput",
    "refund",
    "blocked",
    "stolen",
    "vole",
    "perdu",
];

/// How many words after a possessive may separate it from its noun ("ma nouvelle carte").
const WINDOW: usize = 2;

/// Whether `text` looks like a personal account matter.
pub fn looks_personal(text: &str) -> bool {
    let words: Vec<String> = search::words(text).collect();
    let mentions_own_file = words.iter().enumerate().any(|(i, word)| {
        MINE.contains(&word.as_str())
            && words
                .iter()
                .skip(i + 1)
                .take(WINDOW + 1)
                .any(|next| OWN_FILE.iter().any(|noun| next.starts_with(noun)))
    });
    let speaks_of_self = words
        .iter()
        .any(|w| MINE.contains(&w.as_str()) || ["je", "j", "i", "me", "m"].contains(&w.as_str()));
    let dispute = words
        .iter()
        .any(|word| DISPUTE.iter().any(|d| word.starts_with(d)));
    mentions_own_file || (speaks_of_self && dispute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_accounts_and_disputes_are_personal() {
        for text in [
            "Pourquoi ma carte est-elle refusée depuis hier ?",
            "Mon compte affiche un solde négatif",
            "Où en est mon dossier de prêt immobilier ?",
            "J'ai été débité deux fois pour le même achat",
            "Comment contester un prélèvement que je ne reconnais pas ?",
            "Mes virements n'arrivent pas",
            "Ma nouvelle carte n'est jamais arrivée",
            "I was charged twice, how do I get a refund?",
            "My card was blocked abroad",
        ] {
            assert!(looks_personal(text), "{text}");
        }
    }

    #[test]
    fn general_questions_are_not() {
        for text in [
            "Quels sont les avantages d'un livret A par rapport à un LDDS ?",
            "Comment fonctionne le paiement sans contact ?",
            "La banque prévoit-elle une application pour les montres connectées ?",
            "Quelle est la différence entre un crédit à taux fixe et à taux variable ?",
            "How does the bank choose which funds are sustainable?",
        ] {
            assert!(!looks_personal(text), "{text}");
        }
    }
}
