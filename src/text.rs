//! Text folding shared by the rule modules: compare wording, not typography.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: accents removed, lower case, every run of characters
/// that are not letters or digits turned into one space, trimmed.
/// "1.4 Piano temporale – Gantt" → "1 4 piano temporale gantt".
pub fn fold(text: &str) -> String {
    fold_with(text, |_, _| {})
}

/// Folded text without spaces, for matching words broken by narrow cells
/// ("Q.t à" → "qta", "Importo compless ivo" → "importocomplessivo").
pub fn compact(text: &str) -> String {
    fold(text).replace(' ', "")
}

/// [`fold`], with where each byte offset of `text` lands in the folded text:
/// `offsets[i]` is the folded length before byte `i` (`offsets` has one entry per
/// byte and one for the end).
pub fn fold_indexed(text: &str) -> (String, Vec<usize>) {
    let mut offsets = vec![0; text.len() + 1];
    let folded = fold_with(text, |i, at| offsets[i] = at);
    let end = folded.len();
    // Bytes inside a multi-byte character, and the end, take the next known place.
    let mut next = end;
    for (i, o) in offsets.iter_mut().enumerate().rev() {
        if i == text.len() || !text.is_char_boundary(i) {
            *o = next;
        } else {
            next = *o;
        }
    }
    (folded, offsets)
}

/// The folding loop; `at(byte, folded_len)` is told where each character starts.
fn fold_with(text: &str, mut at: impl FnMut(usize, usize)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for (i, ch) in text.char_indices() {
        at(i, out.len() + usize::from(pending_space && !out.is_empty()));
        // Most text is ASCII, which needs no decomposition.
        if ch.is_ascii() {
            if ch.is_ascii_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(ch.to_ascii_lowercase());
            } else {
                pending_space = true;
            }
            continue;
        }
        for c in std::iter::once(ch)
            .nfkd()
            .filter(|c| !is_combining_mark(*c))
        {
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
    }
    out
}

/// Removes accents but keeps case and punctuation: "Attività" → "Attivita".
pub fn strip_accents(text: &str) -> String {
    // ASCII has no accents and no decompositions: most lines skip the
    // normalizer, which took a third of region detection.
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Drops superscript digits (footnote calls): "migratorio¹" → "migratorio".
pub fn strip_footnote_calls(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹'))
        .collect()
}

/// Italian articles, prepositions and conjunctions: words a text never ends
/// on, so that a line ending in one goes on ("Centri per" / "l'Impiego",
/// "Servizi della" / "Regione").
pub const CONNECTORS: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "che", "con", "da", "dagli", "dai",
    "dal", "dalla", "dalle", "dallo", "degli", "dei", "del", "della", "delle", "dello", "di", "e",
    "ed", "fra", "gli", "i", "il", "in", "la", "le", "lo", "negli", "nei", "nel", "nella", "nelle",
    "nello", "o", "od", "per", "sugli", "sui", "sul", "sulla", "sulle", "sullo", "tra", "un",
    "una", "uno",
];

/// Whether a text stops mid-sentence, where it cannot end: after a comma, a
/// hyphen or dash, a slash between alternatives ("Regione /" over "ANCI"), or
/// a connecting word ([`CONNECTORS`]).
pub fn ends_open(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with([',', '-', '–', '—', '/'])
        || text
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|last| CONNECTORS.contains(&last.to_lowercase().as_str()))
}

/// The Italian month names, January first.
pub const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_ends_open_after_a_comma_a_dash_or_a_connecting_word() {
        for open in [
            "segnalazione dei casi,",
            "presa in carico congiunta delle",
            "socio-",
            "Enti e",
            "Regione /",
        ] {
            assert!(ends_open(open), "{open}");
        }
        for closed in ["nq", "Regione Liguria", "le sue fasi.", "Enti locali", ""] {
            assert!(!ends_open(closed), "{closed}");
        }
    }

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
        let (folded, offsets) = fold_indexed("Il 9,6% è qui");
        assert_eq!(folded, "il 9 6 e qui");
        assert_eq!(offsets.len(), "Il 9,6% è qui".len() + 1);
        let at = "Il 9,6% è qui".find('è').unwrap();
        assert_eq!(&folded[offsets[at]..], "e qui");
    }
}
