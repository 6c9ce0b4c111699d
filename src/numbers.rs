//! Italian numbers, read exactly: amounts of money ("€ 224.205,00",
//! "euro 3.000,00", "EURO 529.301,85") into integer cents, and quantities
//! ("Almeno 100", "ca 50", "n.q.") into integers.
//!
//! Thousands are grouped with `.` and decimals follow `,`. Real submissions carry
//! damage, which is repaired only where one reading is plain, and always reported:
//! a space inside the number ("30. 000"), a thousands group with a stray extra
//! zero ("20.0000"). A line break inside a number is a wrap in a narrow cell, not
//! damage.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Euro;

/// An amount read from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub euro: Euro,
    /// Why the printed text had to be repaired to be read, if it did.
    pub repaired: Option<String>,
}

/// Currency words and signs, and a number after them: the amount's text.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:€|\beuro\b|\beur\b)?\s*(\d[\d.,]*(?:[ \n]+[\d.,]*\d)*)")
        .expect("valid regex")
});
static EXACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$").expect("valid regex")
});

/// Reads the first amount in `text` (lines of a cell joined with `\n`).
pub fn parse_amount(text: &str) -> Option<Amount> {
    let token = AMOUNT.captures(text)?.get(1)?.as_str();
    parse_amount_token(token)
}

/// Reads one number token: digits, `.`, `,`, and possibly spaces or line breaks.
pub fn parse_amount_token(token: &str) -> Option<Amount> {
    let mut repaired = None;
    let unwrapped: String = token.split('\n').collect::<Vec<_>>().concat();
    let mut digits: String = unwrapped.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != unwrapped.len() {
        repaired = Some(format!("a space inside the number \"{token}\" was ignored"));
    }
    let digits_trimmed = digits.trim_end_matches(['.', ',']).to_string();
    digits = digits_trimmed;
    if !EXACT.is_match(&digits) {
        // A thousands group of more than three digits ending in zeros: a stray zero.
        let (int, dec) = match digits.split_once(',') {
            Some((i, d)) => (i.to_string(), Some(d.to_string())),
            None => (digits.clone(), None),
        };
        let groups: Vec<&str> = int.split('.').collect();
        let fixable = groups.len() > 1
            && groups[0].len() <= 3
            && groups[1..]
                .iter()
                .all(|g| g.len() >= 3 && g[3..].chars().all(|c| c == '0'))
            && groups[1..].iter().any(|g| g.len() > 3);
        if !fixable {
            return None;
        }
        let fixed: Vec<&str> = std::iter::once(groups[0])
            .chain(groups[1..].iter().map(|g| &g[..3]))
            .collect();
        let mut candidate = fixed.join(".");
        if let Some(d) = dec {
            candidate = format!("{candidate},{d}");
        }
        repaired = Some(format!(
            "\"{}\" has a thousands group longer than three digits; read as {candidate}",
            token.trim()
        ));
        digits = candidate;
        if !EXACT.is_match(&digits) {
            return None;
        }
    }
    let (int, dec) = digits.split_once(',').unwrap_or((&digits, ""));
    let whole: i64 = int.replace('.', "").parse().ok()?;
    let cents: i64 = match dec.len() {
        0 => 0,
        1 => dec.parse::<i64>().ok()? * 10,
        _ => dec.parse().ok()?,
    };
    Some(Amount {
        euro: Euro::from_cents(whole.checked_mul(100)?.checked_add(cents)?),
        repaired,
    })
}

static QUANTITY_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:\.\d{3})+|\d+").expect("valid regex"));

/// Reads a quantity: the one whole number in the text ("Almeno 100" → 100,
/// "ca 50" → 50, "1.521" → 1521). Nothing, several numbers ("1/2") or words
/// only ("n.q.", "Da definire", "X") give `None`.
pub fn parse_quantity(text: &str) -> Option<i64> {
    let numbers: Vec<&str> = QUANTITY_NUMBER
        .find_iter(text)
        .map(|m| m.as_str())
        .collect();
    match numbers.as_slice() {
        [one] => one.replace('.', "").parse().ok(),
        _ => None,
    }
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&AMOUNT);
    LazyLock::force(&EXACT);
    LazyLock::force(&QUANTITY_NUMBER);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(text: &str) -> Option<(i64, bool)> {
        parse_amount(text).map(|a| (a.euro.cents, a.repaired.is_some()))
    }

    #[test]
    fn italian_amounts_exactly() {
        assert_eq!(eur("€ 224.205,00"), Some((22_420_500, false)));
        assert_eq!(eur("euro 3.000,00"), Some((300_000, false)));
        assert_eq!(eur("Totale € 249.117"), Some((24_911_700, false)));
        assert_eq!(eur("EURO 529.301,85"), Some((52_930_185, false)));
        assert_eq!(eur("30.101,85"), Some((3_010_185, false)));
        assert_eq!(eur("0"), Some((0, false)));
        assert_eq!(eur("1.129.185"), Some((112_918_500, false)));
        assert_eq!(eur("12,5"), Some((1_250, false)));
    }

    #[test]
    fn a_number_wrapped_in_a_narrow_cell_is_whole_and_not_damage() {
        assert_eq!(eur("EURO 529.301,8\n5"), Some((52_930_185, false)));
    }

    #[test]
    fn damaged_amounts_are_repaired_and_flagged() {
        assert_eq!(eur("30. 000"), Some((3_000_000, true)));
        assert_eq!(eur("20.0000"), Some((2_000_000, true)));
        let a = parse_amount("20.0000").unwrap();
        assert!(a.repaired.unwrap().contains("read as 20.000"));
    }

    #[test]
    fn unreadable_amounts_are_none() {
        assert_eq!(eur("n.d."), None);
        assert_eq!(eur("20.12345"), None);
        assert_eq!(eur("1.23.456"), None);
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("Almeno 100"), Some(100));
        assert_eq!(parse_quantity("ca 50"), Some(50));
        assert_eq!(parse_quantity("Ca 30"), Some(30));
        assert_eq!(parse_quantity("1521"), Some(1521));
        assert_eq!(parse_quantity("1.521"), Some(1521));
        assert_eq!(parse_quantity("n.q."), None);
        assert_eq!(parse_quantity("nq"), None);
        assert_eq!(parse_quantity("Da definire"), None);
        assert_eq!(parse_quantity("1/2"), None);
        assert_eq!(parse_quantity(""), None);
    }
}
