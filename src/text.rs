//! Text folding shared by the rule modules: compare wording, not typography.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: accents removed, lower case, every run of characters
/// that are not letters or digits turned into one space, trimmed.
/// "1.4 Piano temporale – Gantt" → "1 4 piano temporale gantt".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Removes accents but keeps case and punctuation: "Attività" → "Attivita".
pub fn strip_accents(text: &str) -> String {
    text.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Drops superscript digits (footnote calls): "migratorio¹" → "migratorio".
pub fn strip_footnote_calls(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(
            fold("1.4 Piano temporale – Gantt"),
            "1 4 piano temporale gantt"
        );
        assert_eq!(fold("  Dell’Accordo  "), "dell accordo");
        assert_eq!(fold("ATTIVITÀ"), "attivita");
        assert_eq!(strip_accents("Attività più"), "Attivita piu");
        assert_eq!(strip_footnote_calls("migratorio¹²"), "migratorio");
    }
}
