//! Sezione I figures: every number of the regional picture becomes a statistic,
//! and a reader decides what each one *is* before any indicator is assigned.
//!
//! For every figure the reader finds its own phrase (the stretch of the
//! sentence that speaks of it, up to commas, semicolons and words such as
//! "mentre", "contro", "di cui"), and from it the figure's population ("non
//! comunitari", "stranieri", "italiani"), scope (the region, Italy, a
//! macro-area, a province or city, another region), role (the value itself, a
//! change, a comparison, a denominator, a subset), whether it is hedged, and its
//! reference date. The canonical indicators are described by their concept in
//! `statistics/indicators.txt` (data, not code); a figure can serve an
//! indicator only when it is the region's own value of the right population
//! and its wording meets the concept. One assignment per document: each
//! indicator takes its best figure (exact over hedged, latest date, nearest
//! wording) and each figure serves one indicator at most.
//!
//! Not figures: years, days of a date ("al 30 dicembre"), ordinals ("3° posto"),
//! ages ("15-64 anni", "meno di 18 anni"), article and law numbers ("art. 5",
//! "n. 1"), signed changes ("+ 40.527"), and footnote calls (kept as
//! superscripts by the layout).
//!
//! Provenance: each statistic keeps its sentence, the figure as printed and its
//! character span there, and the page. A bounding box is not given: paragraphs
//! reach this module as text without their lines' geometry.

mod lexicon;
mod phrases;

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;

use crate::layout::Paragraph;
use crate::model::{Indicator, Population, Region, Role, Scope, Statistic, Unit};
use crate::text::{MONTHS, fold_indexed};

use lexicon::{CLAIM_ORDER, Concept, LEXICON, Line, Needs, Tag};
use phrases::{Phrases, Words};

// Word boundaries are ASCII ones, `(?-u:\b)`: a Unicode boundary keeps the
// regex engine off its fast path on any text with an accent, and next to a
// digit or a month's name the two differ only after an accented letter.

/// A number in Italian notation, with an optional percent sign ("%", "per
/// cento") or scale word ("mila", "milioni").
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?)(\s*%|\s*per\s*cento(?-u:\b)|\s*(?:mila|milioni|mln|miliardi)(?-u:\b))?")
        .expect("valid regex")
});
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)([0-9]{1,2})°?\s+(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+([0-9]{4})")
        .expect("valid regex")
});
/// A day written in figures: "1.1.2014", "31/12/2014", "30.06.2015",
/// "31-12-2014".
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{1,2})([./-])([0-9]{1,2})([./-])((?:19|20)[0-9]{2})(?-u:\b)")
        .expect("valid regex")
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+([0-9]{4})")
        .expect("valid regex")
});
/// "2013/2014", "2013/14", "2013-2014" after "anno scolastico" or "a.s.".
static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)[0-9][0-9])\s*/\s*((?:19|20)?[0-9][0-9])(?-u:\b)")
        .expect("valid regex")
});
/// Words right before a number that make it a count even when it looks like a
/// year: "stagionali (più 1925)", "+2014 unità".
static COUNT_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:(?:^|[\s(])(?:più|meno)|\+)\s*$").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)((?:19|20)[0-9][0-9])(?-u:\b)").expect("valid regex"));
/// Words before a number that make it an identifier, not a figure.
static REFERENCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:art\.?|artt\.?|n\.|nn\.|nr\.?|legge|l\.\s*r\.?|l\.|d\.\s*lgs\.?|dgr|dpr|comma|decreto|tab\.?|tabella|tav\.?|tavola|fig\.?|figura|graf\.?|grafico|prospetto|cap\.?|capitolo|par\.?|paragrafo|sezione)\s*$")
        .expect("valid regex")
});
/// Words that make a short number after them an identifier ("nota 3",
/// "allegato 2") but are also verbs or prose ("si nota 1.200", "in allegato
/// 1.200 schede"): only a number of one or two digits is a reference.
static SHORT_REFERENCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:nota|allegato|allegati)\s*$").expect("valid regex")
});
/// An age or a duration after a number: "18 anni", "15 e i 64 anni".
static AGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:e|ed|-|–)\s*(?:i\s+)?[0-9]+\s*)?anni(?-u:\b)").expect("valid regex")
});
/// A stretch that restates the figure before it, in folded text: "il 62,1%
/// dei …", "pari al 9%", after a hedge of the table's or not ("quasi il 9,7%",
/// "pari a poco meno del 10%").
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    let hedge = LEXICON.markers[&Tag::HedgeBefore].regex();
    Regex::new(&format!(
        "^ ?(?:(?:ossia|ovvero|cioe|vale a dire) )?(?:pari a )?\
         (?:{hedge} (?:(?:il|lo|la|l) )?|(?:il|lo|la|l|per il|per l|pari a|pari al|pari all|ovvero|ossia|cioe) )[0-9]"
    ))
    .expect("valid regex")
});
/// Words that refer back to a noun named before: "il loro numero", "tale quota".
static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:il loro numero|la loro quota|il loro peso|tale (?:numero|valore|quota|cifra|dato)|questo (?:numero|valore|dato)|questa (?:quota|cifra)|il numero|il valore|la quota|il dato|la cifra|ne)(?-u:\b)")
        .expect("valid regex")
});
/// "under 18", "over 65": an age.
static AGE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:under|over)\s*$").expect("valid regex"));
/// "ogni 100", "su 100" right before the number 100.
static RATE_BASE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:ogni|su)\s*$").expect("valid regex"));
/// The folded text of the bytes `r` of a text, given its folding's `offsets`
/// (see [`fold_indexed`]).
fn fold_range<'f>(folded: &'f str, offsets: &[usize], r: &Range<usize>) -> &'f str {
    let end = offsets[r.end].min(folded.len());
    &folded[offsets[r.start].min(end)..end]
}

/// Where a base of a rate ends: not where an Italian number goes on ("su 100"
/// is a base, "su 100.500" and "su 10,5" are not), so not at a word boundary.
const BASE_END: &str = r"(?:$|[^0-9.,]|[.,](?:$|[^0-9]))";
/// A figure that is a rate per hundred: "11,1 stranieri ogni 100 abitanti".
static PER_HUNDRED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[^[0-9].;:]{{0,50}}?(?-u:\b)(?:ogni|su)\s+100{BASE_END}"
    ))
    .expect("valid regex")
});
/// A pronoun standing for a noun said before: "quello complessivo".
static ELLIPSIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:quello|quella|quelli|quelle)(?-u:\b)").expect("valid regex")
});
/// What may stand between a population and the words that narrow it
/// ("popolazione residente di cittadinanza straniera"), in folded text.
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s|(?-u:\b)(?:di|con|avente|cittadinanza|nazionalita)(?-u:\b))*$")
        .expect("valid regex")
});
/// Words that call a figure a total, in folded text. "Sistema di
/// accoglienza" is all reception, the whole of its kinds of facilities.
static TOTAL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:complessiv(?-u:\w)*|totale|in totale|nel complesso|in tutto|sistema di accoglienza)(?-u:\b)")
        .expect("valid regex")
});
/// A noun that counts without saying what is counted ("72.000 unità"), in
/// folded text.
static COUNT_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:persone|persona|unita|individui|soggetti|casi)(?-u:\b)")
        .expect("valid regex")
});
/// An ellipsis that can stand for a rate ("quello delle sole donne").
static RATE_ELLIPSIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:quello|quelli)(?-u:\b)").expect("valid regex"));
/// The noun of a rate, in folded text: what an ellipsis after a rate stands for.
static RATE_NOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)tass[oi](?-u:\b)").expect("valid regex"));
/// A ratio on another base: "1 residente su 10", "3 ogni 1.000 abitanti".
static PER_OTHER_BASE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[^[0-9].;:]{{0,50}}?(?-u:\b)(?:ogni|su)\s+(?:10|1000|1\.000){BASE_END}"
    ))
    .expect("valid regex")
});
/// "Su 100 occupati, 8 sono …": the figure is a rate per hundred.
static PER_HUNDRED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:su|ogni)\s+100(?-u:\b)[^[0-9];:]{0,60},\s*$").expect("valid regex")
});
/// Small words that may stand between a marker and its figure ("in crescita
/// *del* 3,5%", "quasi *il* 49%").
static GLUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s|(?-u:\b)(?:il|lo|la|l|i|gli|le|un|una|uno|di|del|dello|della|dell|dei|degli|delle|al|allo|alla|all|ai|agli|alle|a|ad|pari|ben|quota|piu|poco|solo|appena|ancora|sono|e|ha|hanno|oltre|circa|quasi|che|cui)(?-u:\b))*$")
        .expect("valid regex")
});

/// A figure found in a sentence.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    value: f64,
    unit: Unit,
    /// Byte range of the figure as printed.
    at: Range<usize>,
}

/// Parses an Italian number with an optional scale, exactly: "425.523", "9,6",
/// "425,5 mila" (425500, not 425499.99…), "1,03 milioni".
fn value(digits: &str, scale: &str) -> Option<f64> {
    let (whole, frac) = digits.split_once(',').unwrap_or((digits, ""));
    let whole = whole.replace('.', "");
    let exponent = match crate::text::fold(scale).as_str() {
        "mila" => 3,
        "milioni" | "mln" => 6,
        "miliardi" => 9,
        _ => 0,
    };
    if exponent == 0 {
        return format!("{whole}.{}", if frac.is_empty() { "0" } else { frac })
            .parse()
            .ok();
    }
    // Scaled: shift the decimal point in the digits, then parse once.
    let mut frac = frac.to_string();
    while frac.len() < exponent {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(exponent);
    format!(
        "{whole}{moved}.{}",
        if rest.is_empty() { "0" } else { rest }
    )
    .parse()
    .ok()
}

/// The figures of one sentence, identifiers, dates and ages left out.
fn figures(sentence: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for c in FIGURE.captures_iter(sentence) {
        let m = c.get(0).expect("whole match");
        let digits = &c[1];
        let suffix = c.get(2).map_or("", |s| s.as_str());
        let before = &sentence[..m.start()];
        let after = &sentence[m.end()..];
        // Part of a longer token: a date "3/08/2015" or "1.1.2014", a code
        // "9-1207", "2013/2014", a section "1.2". A dot and a digit left after
        // the longest number are no thousands group: the number goes on,
        // unless the number has its thousands groups and ends a sentence with
        // a footnote call glued to the full stop ("1.129.185.12 Fonte").
        let footnote_call = digits.contains('.')
            && after.strip_prefix('.').is_some_and(|a| {
                let call = a.len() - a.trim_start_matches(|ch: char| ch.is_ascii_digit()).len();
                (1..=2).contains(&call) && a[call..].chars().next().is_none_or(char::is_whitespace)
            });
        let dotted = !footnote_call
            && after
                .strip_prefix('.')
                .is_some_and(|a| a.starts_with(|ch: char| ch.is_ascii_digit()));
        if before.ends_with(|ch: char| ch.is_ascii_digit() || matches!(ch, '/' | '-' | '.' | ','))
            || after.starts_with(['/', '-', '°', 'ª', 'º', '–'])
            || dotted
        {
            continue;
        }
        // A footnote call in brackets glued to the word or number before it
        // ("25.216[2] allievi", "Istat[3]") refers to a note: no figure.
        let bracketed_call = digits.len() <= 3
            && after.starts_with(']')
            && (before.strip_suffix('['))
                .is_some_and(|b| b.ends_with(|ch: char| !ch.is_whitespace()));
        if bracketed_call {
            continue;
        }
        if before.trim_end().ends_with(['+', '±'])
            || REFERENCE_BEFORE.is_match(window_before(before))
            || digits.len() <= 2 && SHORT_REFERENCE_BEFORE.is_match(window_before(before))
            || AGE_BEFORE.is_match(window_before(before))
        {
            continue;
        }
        // The base of a rate ("11,1 ogni 100 abitanti", "23 su 100") is no figure.
        if matches!(digits, "10" | "100" | "1000" | "1.000")
            && RATE_BASE_BEFORE.is_match(window_before(before))
        {
            continue;
        }
        let percent = suffix.contains('%')
            || suffix.to_ascii_lowercase().contains("cento")
            || PER_HUNDRED_AFTER.is_match(after)
            || PER_HUNDRED_BEFORE.is_match(before);
        let is_year = !percent
            && suffix.is_empty()
            && digits.len() == 4
            && (digits.starts_with("19") || digits.starts_with("20"))
            && !COUNT_BEFORE.is_match(window_before(before));
        // Words right after and before the number are all that tell its kind.
        let rest = crate::text::fold(window_after(after));
        let is_day = !percent
            && MONTHS.iter().any(|month| {
                rest.starts_with(month) || rest.split(' ').next() == Some(&month[..3])
            });
        let is_age = !percent && (AGE_AFTER.is_match(after) || rest.starts_with("anni"));
        if is_year || is_day || is_age {
            continue;
        }
        let Some(v) = value(digits, suffix) else {
            continue;
        };
        let unit = if percent {
            Unit::Percent
        } else if PER_OTHER_BASE_AFTER.is_match(after) {
            // "1 residente su 10": a ratio, not a count (nor a percent).
            Unit::Other
        } else if rest.starts_with("euro")
            || rest.starts_with("di euro")
            || crate::text::fold(window_before(before)).ends_with("euro")
        {
            Unit::Euro
        } else {
            Unit::Persons
        };
        out.push(Figure {
            value: v,
            unit,
            at: m.range(),
        });
    }
    out
}

/// Characters of context looked at beside a number.
const WINDOW: usize = 24;

/// Up to [`WINDOW`] bytes from the start of `text`, at a character boundary.
fn window_after(text: &str) -> &str {
    let mut end = text.len().min(WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Up to [`WINDOW`] bytes at the end of `text`, at a character boundary.
fn window_before(text: &str) -> &str {
    let mut start = text.len().saturating_sub(WINDOW);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// The reference dates a text gives, with their byte ranges: days first, then
/// months, school years and years, none overlapping another.
fn dates(text: &str) -> Vec<(Range<usize>, String)> {
    let month = |name: &str| {
        MONTHS
            .iter()
            .position(|m| name.eq_ignore_ascii_case(m))
            .map(|i| i + 1)
    };
    let mut out: Vec<(Range<usize>, String)> = Vec::new();
    let free = |out: &[(Range<usize>, String)], r: &Range<usize>| {
        out.iter()
            .all(|(o, _)| o.end <= r.start || r.end <= o.start)
    };
    for c in FULL_DATE.captures_iter(text) {
        let (Some(m), Ok(day)) = (month(&c[2]), c[1].parse::<u32>()) else {
            continue;
        };
        let year: u32 = c[3].parse().unwrap_or(0);
        if (1..=days_in(m as u32, year)).contains(&day) {
            let r = c.get(0).expect("whole match").range();
            out.push((r, format!("{}-{m:02}-{day:02}", &c[3])));
        }
    }
    for c in NUMERIC_DATE.captures_iter(text) {
        let (day, m, year) = (int(&c[1]), int(&c[3]), int(&c[5]));
        // One separator throughout, a real day: "5.2014/2015" is no date.
        let r = c.get(0).expect("whole match").range();
        if c[2] == c[4] && (1..=days_in(m, year)).contains(&day) && free(&out, &r) {
            out.push((r, format!("{year}-{m:02}-{day:02}")));
        }
    }
    for c in MONTH_YEAR.captures_iter(text) {
        let r = c.get(0).expect("whole match").range();
        if let Some(m) = month(&c[1])
            && free(&out, &r)
        {
            out.push((r, format!("{}-{m:02}", &c[2])));
        }
    }
    for c in SCHOOL_YEAR.captures_iter(text) {
        let r = c.get(0).expect("whole match").range();
        let first: u32 = c[1].parse().unwrap_or(0);
        let second = if c[2].len() == 2 {
            first / 100 * 100 + c[2].parse::<u32>().unwrap_or(0)
        } else {
            c[2].parse().unwrap_or(0)
        };
        // Only consecutive years are a school year; "109/2012" is a law.
        if second == first + 1 && free(&out, &r) {
            out.push((r, format!("{first}/{second}")));
        }
    }
    for c in YEAR.captures_iter(text) {
        let r = c.get(0).expect("whole match").range();
        let law = text[..r.start].ends_with('/');
        let count = COUNT_BEFORE.is_match(window_before(&text[..r.start]));
        if !law && !count && free(&out, &r) {
            out.push((r, c[1].to_string()));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// The days of a month (none for a month that is not one).
fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    }
}

/// A run of digits as a number (0 when it is none).
fn int(digits: &str) -> u32 {
    digits.parse().unwrap_or(0)
}

/// The reference date a text gives, most precise first.
#[cfg(test)]
fn ref_date(text: &str) -> Option<String> {
    let all = dates(text);
    let rank = |d: &String| match d.len() {
        10 => 0,
        7 => 1,
        9 => 2,
        _ => 3,
    };
    all.into_iter().map(|(_, d)| d).min_by_key(rank)
}

/// A key that orders reference dates in time: a school year counts from its
/// September, a bare year from its middle.
fn date_key(date: &str) -> String {
    match date.len() {
        10 => date.to_string(),
        7 => format!("{date}-15"),
        9 => format!("{}-09-01", &date[..4]),
        _ => format!("{date}-07-01"),
    }
}

/// Letters of the word before ". " that make a figure after it open a
/// sentence: longer than any abbreviation ("art.", "artt.", "cap.").
const MIN_WORD_BEFORE_FIGURE: usize = 5;

/// Splits a paragraph into sentences: at ". ", "? ", "! " before a capital,
/// or before a figure after a full word.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for w in chars.windows(3) {
        let ((_, a), (_, b), (k, c)) = (w[0], w[1], w[2]);
        // A sentence may open with its figure ("… regionale. 1.028.584:
        // tanti sono …") after a full word, never after "art." or "n.".
        let opens_with_figure = c.is_ascii_digit() && a == '.' && {
            let word = paragraph[start..w[0].0].rsplit(' ').next().unwrap_or("");
            word.chars().count() >= MIN_WORD_BEFORE_FIGURE && word.chars().all(char::is_alphabetic)
        };
        if matches!(a, '.' | '?' | '!') && b == ' ' && (c.is_uppercase() || opens_with_figure) {
            let candidate = &paragraph[start..k];
            // Not after an abbreviation ("art. 5", "D. Lgs.", "Min. Interno"): a
            // short word of letters, or letters with inner dots ("D.D.").
            let last_word = candidate.trim_end().rsplit(' ').next().unwrap_or("");
            let word = last_word.trim_end_matches('.');
            let abbreviation = word.chars().all(|ch| ch.is_alphabetic() || ch == '.')
                && (word.chars().count() <= 3 || word.contains('.'));
            if !abbreviation {
                out.push(candidate.trim());
                start = k;
            }
        }
    }
    out.push(paragraph[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// After a figure, a colon and "tanti sono" ("so many are"): what follows
/// names what the figure counts.
static SO_MANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*:\s*(?:tant[ie]|quant[ie])\s+(?:sono|erano|risultano|si contano)(?-u:\b)")
        .expect("valid regex")
});

/// Words that open a new phrase inside a sentence: a contrast, a comparison,
/// a part of what was just counted.
const BOUNDARY_WORDS: &[&str] = &[
    " mentre ",
    " contro ",
    " a fronte ",
    " rispetto a",
    " ossia ",
    " cioè ",
    " ovvero ",
    " di cui ",
    " dei quali ",
    " delle quali ",
    " di questi ",
    " di queste ",
    " di essi ",
    " di esse ",
    " tra questi ",
    " tra queste ",
    " fra questi ",
];

/// How a bracket citing a source opens: "(fonte: Istat)", "(elaborazione su
/// dati …)"; "dati" only before a name ("(dati Ministero dell'Interno)", not
/// "(dati nazionali)", which says what the figure is).
const SOURCE_OPENINGS: &[&str] = &["fonte", "fonti", "elaborazion", "elab."];

/// The bytes of the brackets round byte `at` of `text`, at its own depth:
/// "(" and ")" (or the text's ends where one is missing). A bracket opened
/// and closed inside this one is passed over. ([`depths`] counts "(" as
/// outside its bracket and ")" as outside too.)
fn bracket_around(text: &str, depth: &[i32], at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let d = depth[at];
    let open = (0..at)
        .rev()
        .find(|&k| bytes[k] == b'(' && depth[k + 1] == d)
        .unwrap_or(0);
    let close = (at..text.len())
        .find(|&k| bytes[k] == b')' && depth[k] < d)
        .unwrap_or(text.len());
    (open, close)
}

/// Whether a bracket whose text starts with `inner` cites a source.
fn cites_source(inner: &str) -> bool {
    let lower = inner.to_lowercase();
    SOURCE_OPENINGS.iter().any(|w| lower.starts_with(w))
        || inner
            .strip_prefix("dati ")
            .or_else(|| inner.strip_prefix("Dati "))
            .is_some_and(|rest| rest.starts_with(char::is_uppercase))
}

/// Boundary words that, right after a figure, say what the figure is a part
/// of rather than open a new phrase: "il 71,4% dei quali …" (after a comma,
/// "142.305, dei quali …", the comma ends the phrase anyway).
const RELATIVE_AFTER_FIGURE: &[&str] = &[" dei quali ", " delle quali ", " di essi ", " di esse "];

/// Connectors at which two figures of one phrase part ("da 2.312 nel 2012 a
/// 2.428 nel 2013", "le donne il 55% e i minori il 22,1%"), strongest first.
const CONNECTORS: &[&[&str]] = &[&[" e ", " ed ", " mentre "], &[" a ", " al ", " o "]];

/// Prepositions that open a figure's own words when no connector does.
const PREPOSITIONS: &[&str] = &[
    " su ", " sui ", " sugli ", " di ", " dei ", " degli ", " da ", " dai ", " per ", " tra ",
    " con ",
];

/// Where a figure's words are, as byte ranges of its sentence.
#[derive(Debug, Clone, Default)]
struct Phrase {
    /// The stretch the figure stands in.
    own: Range<usize>,
    /// Figure-less stretches just before it ("di questi,", "Secondo l'Istat,").
    leading: Range<usize>,
    /// The part of `own` between the neighbouring figures: the words that
    /// speak of this figure only (place and population are read there).
    window: Range<usize>,
    /// For a figure in brackets, the words the bracket restates: before it
    /// back to the previous figure, and after it up to the next one.
    restated: Vec<Range<usize>>,
    /// Figure-less stretches after it, appositions skipped ("79.540 cittadini,
    /// il 62,1% dei soggiornanti, hanno un permesso di lunga durata").
    trailing: Vec<Range<usize>>,
    /// For a bracket that holds its own comparison ("(28,6% a fronte del
    /// 9,7%)"), the first figure is the subject's value.
    self_contained: bool,
    /// The words heading a list of labelled items this figure is one of
    /// ("presenze nel sistema di accoglienza: CAS 1.214; SPRAR 386"): what
    /// every item counts, a whole whose total words exclude no item.
    heading: Option<Range<usize>>,
    /// The heading's head ([`Sentence::heading_head`]): the words that
    /// exclude every item.
    head: Option<Range<usize>>,
}

impl Phrase {
    fn ranges(&self) -> Vec<Range<usize>> {
        let mut out = vec![self.leading.clone(), self.own.clone()];
        out.extend(self.restated.iter().cloned());
        out
    }
    fn contains(&self, at: usize) -> bool {
        self.ranges().iter().any(|r| r.contains(&at))
    }
    /// [`Self::ranges`] less a list heading over the figure: the first
    /// item's leading words are the heading, not its own label.
    fn below_heading(&self) -> Vec<Range<usize>> {
        let mut out = self.ranges();
        if let Some(heading) = &self.heading {
            for r in &mut out {
                if *r == self.leading {
                    r.start = r.start.max(heading.end).min(r.end);
                }
            }
        }
        out
    }
}

/// Claimed words: tag and byte range.
type Claims = Vec<(Tag, Range<usize>)>;

/// A sentence read once for all its figures.
struct Sentence<'a> {
    text: &'a str,
    /// Lower-case ASCII copy, same byte offsets.
    lower: String,
    folded: String,
    /// The words of `folded`, for the lexicon's phrases.
    words: Words,
    /// Byte offset in `text` → offset in `folded`.
    offsets: Vec<usize>,
    figures: Vec<Figure>,
    phrases: Vec<Phrase>,
    /// Boundaries between stretches (byte offsets).
    boundaries: Vec<usize>,
    /// Claimed place and population words: tag and byte range.
    tags: Vec<(Tag, Range<usize>)>,
    /// Per figure, byte ranges it must not draw on ("rispettivamente").
    masks: Vec<Vec<Range<usize>>>,
    dates: Vec<(Range<usize>, String)>,
    /// Where the dates that a comparison leads to start ([`Sentence::compares_with`]),
    /// read once.
    baselines: Vec<usize>,
    /// Per figure, the date "rispettivamente" pairs it with, if any.
    paired_dates: Vec<Option<String>>,
    /// Figures of a bracket that breaks down the figure before it.
    breakdown: Vec<bool>,
    /// Each figure's role, read once.
    roles: Vec<Role>,
    /// Each figure's own labels ([`Sentence::own_labels`]), read once.
    labels: Vec<Vec<&'static Concept>>,
    /// Bracket depth at each byte.
    depth: Vec<i32>,
    /// Per figure with masks, the claims read without the masked words.
    own_tags: Vec<Option<Claims>>,
    /// Byte ranges of each lexicon list's (or static regex's) matches,
    /// searched once per sentence: every figure tries every concept, and
    /// searching again for each took most of the reader's time. Keyed by the
    /// list's address, as the lexicon lives as long as the program.
    matches: RefCell<MatchCache>,
}

/// Matches by list or regex address (see [`Sentence::matches`]).
type MatchCache = HashMap<usize, Rc<[Range<usize>]>, BuildHasherDefault<AddressHasher>>;

/// Hashes a list's or regex's address with one multiplication (Fibonacci hashing, which
/// spreads the aligned addresses over the high bits the table reads). The
/// default SipHash took a tenth of the reader's time in [`Sentence::matches`].
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b) ^ self.0.rotate_left(8));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Bracket depth at each byte.
fn depths(text: &str) -> Vec<i32> {
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut depth = 0;
    for (i, ch) in text.char_indices() {
        if ch == ')' {
            depth = (depth - 1).max(0);
        }
        while out.len() < i {
            out.push(depth);
        }
        out.push(depth);
        if ch == '(' {
            depth += 1;
        }
    }
    while out.len() <= text.len() {
        out.push(depth);
    }
    out
}

/// The byte offsets in `lower[range]` where a stretch ends: punctuation and
/// boundary words at bracket depth `depth`.
fn cut_points(lower: &str, depth: &[i32], range: Range<usize>, level: i32) -> Vec<usize> {
    let mut cuts = Vec::new();
    let text = &lower[range.clone()];
    // Bytes, not characters: these are ASCII, and no byte of a longer
    // character equals an ASCII one.
    for (i, ch) in text.bytes().enumerate() {
        let at = range.start + i;
        if !matches!(ch, b';' | b':' | b',') || depth[at] != level {
            continue;
        }
        let next = lower[at + 1..].chars().next();
        let prev = lower[..at].chars().next_back();
        // Not the comma of a number.
        if !(ch == b','
            && next.is_some_and(|n| n.is_ascii_digit())
            && prev.is_some_and(|p| p.is_ascii_digit()))
        {
            cuts.push(at);
        }
    }
    // Every boundary word opens with a space: they are looked for at the
    // spaces, in one pass (a search of the whole text per word took most of
    // this function's time). A word's matches do not overlap, as with
    // `match_indices`: each may start only past the end of its last one.
    let mut free_from = [0; BOUNDARY_WORDS.len()];
    for (i, _) in text.match_indices(' ') {
        let rest = &text.as_bytes()[i..];
        for (w, free) in BOUNDARY_WORDS.iter().zip(&mut free_from) {
            let w = w.as_bytes();
            // The letter after the space rules out most words at once.
            if i >= *free && rest.get(1) == w.get(1) && rest.starts_with(w) {
                *free = i + w.len();
                // "il 71,4% dei quali concentrato nelle province …": the
                // words of whom a figure is a part go on its own phrase.
                let of_figure = RELATIVE_AFTER_FIGURE
                    .contains(&std::str::from_utf8(w).unwrap_or(""))
                    && text[..i].ends_with(|c: char| c.is_ascii_digit() || c == '%');
                if depth[range.start + i] == level && !of_figure {
                    cuts.push(range.start + i);
                }
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Splits `range` between consecutive figures at the last connector between
/// them (or right after the first figure).
fn split_between(lower: &str, range: Range<usize>, figs: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for pair in figs.windows(2) {
        let gap = pair[0].end..pair[1].start;
        let between = &lower[gap.clone()];
        let cut = CONNECTORS
            .iter()
            .find_map(|group| {
                group
                    .iter()
                    .filter_map(|c| between.find(c))
                    .min()
                    .map(|i| gap.start + i)
            })
            .or_else(|| {
                // No connector: the preposition that introduces the second
                // figure ("132 posti occupati | su 160 disponibili").
                PREPOSITIONS
                    .iter()
                    .filter_map(|c| between.rfind(c))
                    .max()
                    .map(|i| gap.start + i)
            })
            .unwrap_or(gap.start);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..range.end);
    out
}

impl<'a> Sentence<'a> {
    fn read(text: &'a str, region: Option<Region>) -> Sentence<'a> {
        // A bar between the fields of a line set as a table row ("residenti:
        // 87.054 | incidenza: 6,6%") parts them as a semicolon does.
        let lower = text.to_ascii_lowercase().replace('|', ";");
        let (folded, offsets) = fold_indexed(text);
        let figures = figures(text);
        let depth = depths(text);
        // Top-level stretches.
        let mut boundaries = cut_points(&lower, &depth, 0..text.len(), 0);
        let mut stretches: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for &b in boundaries.iter().chain(std::iter::once(&text.len())) {
            if b > start {
                stretches.push(start..b);
            }
            start = b;
        }
        // Split stretches holding several top-level figures.
        let top: Vec<&Figure> = figures.iter().filter(|f| depth[f.at.start] == 0).collect();
        let mut pieces: Vec<Range<usize>> = Vec::new();
        for s in &stretches {
            let figs: Vec<Range<usize>> = top
                .iter()
                .filter(|f| s.contains(&f.at.start))
                .map(|f| f.at.clone())
                .collect();
            if figs.len() > 1 {
                let parts = split_between(&lower, s.clone(), &figs);
                boundaries.extend(parts.iter().skip(1).map(|p| p.start));
                pieces.extend(parts);
            } else {
                pieces.push(s.clone());
            }
        }
        boundaries.sort_unstable();
        let has_figure = |r: &Range<usize>| figures.iter().any(|f| r.contains(&f.at.start));
        let mut phrases = Vec::new();
        for f in &figures {
            let k = pieces
                .iter()
                .position(|p| p.contains(&f.at.start))
                .unwrap_or(0);
            let piece = pieces[k].clone();
            let mut lead = piece.start;
            for p in pieces[..k].iter().rev() {
                if has_figure(p) {
                    break;
                }
                lead = p.start;
            }
            // A heading over a list of labelled figures ("presenze nel sistema
            // di accoglienza: CAS 1.214; SPRAR 386; totale 1.798", "si articola
            // come segue: strutture temporanee, 3.846 presenze; SPRAR, …") says
            // what every item counts, and each item's label what it is.
            let label_start = (pieces.iter().enumerate())
                .take(k + 1)
                .skip_while(|(_, p)| p.start < lead)
                .filter(|(_, p)| lower[(*p).clone()].trim_start().starts_with(':'))
                .map(|(_, p)| p.start)
                .last();
            let heading = label_start
                .filter(|&colon| {
                    colon > lead
                        && lower[colon..f.at.start]
                            .bytes()
                            .any(|b| b.is_ascii_alphabetic())
                        && pieces
                            .get(k + 1)
                            .is_some_and(|next| lower[next.clone()].trim_start().starts_with(';'))
                        && pieces[k + 1..].iter().any(has_figure)
                })
                .map(|colon| lead..colon);
            let mut phrase = Phrase {
                own: piece.clone(),
                leading: lead..piece.start,
                window: piece.clone(),
                restated: Vec::new(),
                trailing: Vec::new(),
                self_contained: false,
                heading,
                head: None,
            };
            // Trailing stretches: figure-less ones, past appositions that open
            // with their figure ("il 62,1% dei …", which are not its words).
            for p in &pieces[k + 1..] {
                let opening = APPOSITION.is_match(fold_range(&folded, &offsets, p));
                // A new clause (";"), or a contrast ("mentre", "contro"), is
                // not a continuation.
                let piece_text = &lower[p.clone()];
                let after_comma = piece_text.strip_prefix(',').map(str::trim_start);
                let continues = after_comma.is_some_and(|rest| {
                    !BOUNDARY_WORDS
                        .iter()
                        .any(|w| rest.starts_with(w.trim_start()))
                });
                if !continues {
                    break;
                }
                if has_figure(p) {
                    if opening {
                        continue;
                    }
                    break;
                }
                phrase.trailing.push(p.clone());
            }
            // "1.028.584: tanti sono i cittadini non comunitari": the words
            // after the colon say what the figure counts, as a bracket's do.
            if depth[f.at.start] == 0
                && let Some(next) = pieces.get(k + 1)
                && lower[piece.end.min(f.at.end)..next.start].trim().is_empty()
                && SO_MANY.is_match(&lower[next.clone()])
            {
                phrase.restated = vec![next.clone()];
            }
            if depth[f.at.start] > 0 {
                // In brackets: the bracket's own stretch, and the words before it.
                let open = text[..f.at.start].rfind('(').unwrap_or(piece.start);
                let close = text[f.at.end..]
                    .find(')')
                    .map_or(text.len(), |i| f.at.end + i);
                let inner = open + 1..close;
                let cuts = cut_points(&lower, &depth, inner.clone(), depth[f.at.start]);
                let mut parts: Vec<Range<usize>> = Vec::new();
                let mut s = inner.start;
                for &c in cuts.iter().chain(std::iter::once(&inner.end)) {
                    if c > s {
                        parts.push(s..c);
                    }
                    s = c;
                }
                let in_bracket: Vec<Range<usize>> = figures
                    .iter()
                    .filter(|g| inner.contains(&g.at.start))
                    .map(|g| g.at.clone())
                    .collect();
                let mut finer = Vec::new();
                for p in parts {
                    let figs: Vec<Range<usize>> = in_bracket
                        .iter()
                        .filter(|g| p.contains(&g.start))
                        .cloned()
                        .collect();
                    if figs.len() > 1 {
                        finer.extend(split_between(&lower, p, &figs));
                    } else {
                        finer.push(p);
                    }
                }
                phrase.own = finer
                    .into_iter()
                    .find(|p| p.contains(&f.at.start))
                    .unwrap_or(inner.clone());
                let bracket = &lower[inner.clone()];
                phrase.self_contained = in_bracket.len() > 1
                    && ["a fronte", "contro", "rispetto"]
                        .iter()
                        .any(|w| bracket.contains(w));
                if !phrase.self_contained {
                    // The words before the bracket, back to the previous figure,
                    // and after it, up to the next.
                    // Back to the previous figure: the start of its words if it
                    // stands in the text, the end of its bracket if bracketed.
                    let from = figures
                        .iter()
                        .enumerate()
                        .filter(|(_, g)| g.at.end <= open && g.at.start >= piece.start)
                        .map(|(j, g)| {
                            if depth[g.at.start] == 0 {
                                phrases
                                    .get(j)
                                    .map_or(piece.start, |q: &Phrase| q.window.start)
                            } else {
                                text[g.at.end..open]
                                    .find(')')
                                    .map_or(open, |k| g.at.end + k + 1)
                            }
                        })
                        .max()
                        .unwrap_or(piece.start);
                    let to = figures
                        .iter()
                        .filter(|g| g.at.start > close && g.at.start < piece.end)
                        .map(|g| g.at.start)
                        .min()
                        .unwrap_or(piece.end);
                    // The words after the bracket go on with the same noun up
                    // to a coordination ("(198) e i posti SPRAR").
                    let after = (close + 1).min(to);
                    let to = [" e ", " ed "]
                        .iter()
                        .filter_map(|c| lower[after..to].find(c).map(|k| after + k))
                        .min()
                        .unwrap_or(to);
                    phrase.restated = vec![from..open, after..to];
                }
                phrase.leading = open..open;
                phrase.trailing = Vec::new();
            }
            // The window: own stretch cut at the neighbouring figures.
            let prev = figures
                .iter()
                .filter(|g| g.at.end <= f.at.start)
                .map(|g| g.at.end)
                .max()
                .unwrap_or(0);
            let next = figures
                .iter()
                .filter(|g| g.at.start >= f.at.end)
                .map(|g| g.at.start)
                .min()
                .unwrap_or(text.len());
            phrase.window = phrase.own.start.max(prev)..phrase.own.end.min(next);
            // The heading says what every item of its list counts, not only
            // the first: "Minori non comunitari: residenti 120.000; nati in
            // Italia 60.000".
            if phrase.heading.is_none()
                && lower[lead..].trim_start().starts_with(';')
                && let Some(before) = phrases.last()
            {
                phrase.heading = before.heading.clone();
            }
            phrases.push(phrase);
        }
        // A sentence without figures is read for its topic only (a population
        // word), which the place words claimed after the population ones
        // cannot take.
        let wanted = if figures.is_empty() {
            Claiming::Populations
        } else {
            Claiming::All
        };
        let words = Words::new(&folded);
        let mut tags = claim(&folded, &words, &offsets, text, region, wanted);
        // Places listed in a bracket without figures are an enumeration
        // ("le università toscane (Firenze, Pisa, Siena)"), not the figure's
        // place; a bracket citing a source ("(fonte: MIUR - Anagrafe nazionale
        // studenti)") names where the figure was read, not what it counts.
        tags.retain(|(t, r)| {
            if depth[r.start] == 0 {
                return true;
            }
            let (open, close) = bracket_around(text, &depth, r.start);
            // Only places and populations: neutral words stay neutral there.
            let place_or_population = scope_of(*t).is_some() || population_of(*t).is_some();
            let source = place_or_population && cites_source(text[open + 1..r.start].trim_start());
            let listed = matches!(t, Tag::City | Tag::Province)
                && !(figures.iter()).any(|g| open < g.at.start && g.at.start < close);
            !(source || listed)
        });
        // "La popolazione residente di cittadinanza straniera": a whole
        // population qualified right after by a narrower one is that one.
        let qualified: Vec<Range<usize>> = (tags.iter())
            .filter(|(t, r)| {
                *t == Tag::Total
                    && tags.iter().any(|(u, q)| {
                        matches!(u, Tag::Foreign | Tag::NonEu)
                            && q.start >= r.end
                            && QUALIFIER.is_match(&crate::text::fold(&text[r.end..q.start]))
                    })
            })
            .map(|(_, r)| r.clone())
            .collect();
        tags.retain(|(t, r)| !(*t == Tag::Total && qualified.contains(r)));
        let masks = respectively(&lower, &figures, &depth);
        let own_tags = masks
            .iter()
            .map(|m| {
                (!m.is_empty()).then(|| {
                    let mut bytes = text.as_bytes().to_vec();
                    for r in m {
                        bytes[r.clone()].fill(b' ');
                    }
                    // Whole characters are blanked, so this stays UTF-8.
                    let blank = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
                    let (f, o) = fold_indexed(&blank);
                    claim(&f, &Words::new(&f), &o, &blank, region, Claiming::All)
                })
            })
            .collect();
        // A bracket right after a figure listing several figures is its
        // breakdown: "sono 956 (390 a Genova, 269 a Savona, …)".
        let breakdown: Vec<bool> = figures
            .iter()
            .map(|f| {
                if depth[f.at.start] == 0 {
                    return false;
                }
                let (open, close) = bracket_around(text, &depth, f.at.start);
                let inside = figures
                    .iter()
                    .filter(|g| open < g.at.start && g.at.start < close)
                    .count();
                let before = text[..open].trim_end();
                let after_figure = figures.iter().any(|g| {
                    g.at.end <= open && text[g.at.end..open].split_whitespace().count() <= 2
                });
                inside > 1 && after_figure && !before.is_empty()
            })
            .collect();
        let dates = dates(text);
        let respective = respective_dates(&lower, &figures, &dates, &depth);
        // One measure at several dates: each figure of the list reads the
        // words the list opens with ("Gli occupati … rispettivamente su
        // 52.300 e 49.800 unità nel 2013 e nel 2014").
        for (i, r) in respective.iter().enumerate() {
            if let Some((_, first)) = r {
                let start = phrases[*first].own.start.min(phrases[*first].leading.start);
                phrases[i].own.start = phrases[i].own.start.min(start);
            }
        }
        let paired_dates = respective.into_iter().map(|r| r.map(|(d, _)| d)).collect();
        let mut sentence = Sentence {
            text,
            lower,
            words,
            folded,
            offsets,
            figures,
            phrases,
            boundaries,
            tags,
            masks,
            dates,
            baselines: Vec::new(),
            paired_dates,
            breakdown,
            roles: Vec::new(),
            labels: Vec::new(),
            depth,
            own_tags,
            matches: RefCell::default(),
        };
        sentence.baselines = (sentence.dates.iter())
            .filter(|(r, _)| sentence.compares_with(r))
            .map(|(r, _)| r.start)
            .collect();
        let mut roles: Vec<Role> = Vec::new();
        for i in 0..sentence.figures.len() {
            let mut role = sentence.role(i);
            // A figure without a noun of its own right after a count of
            // something else is more of it: "6.128 permessi … e 2.410 per
            // motivi umanitari".
            let next = sentence.words_after(sentence.figures[i].at.end);
            let bare = next.is_empty()
                || ["per ", "in ", "nel", "nei ", "a ", "da ", "tra ", "di cui"]
                    .iter()
                    .any(|w| next.starts_with(w));
            let coordinated = {
                let own = sentence.lower[sentence.phrases[i].own.clone()].trim_start();
                own.starts_with("e ") || own.starts_with("ed ")
            };
            if role == Role::Value
                && bare
                && coordinated
                && sentence.figures[i].unit != Unit::Percent
                && roles.last() == Some(&Role::OtherCount)
            {
                role = Role::OtherCount;
            }
            roles.push(role);
        }
        sentence.roles = roles;
        // Heads need the claimed place words, read after the phrases.
        let heads: Vec<Option<Range<usize>>> = (sentence.phrases.iter())
            .map(|p| p.heading.as_ref().map(|h| sentence.heading_head(h)))
            .collect();
        for (phrase, head) in sentence.phrases.iter_mut().zip(heads) {
            phrase.head = head;
        }
        sentence.labels = (0..sentence.figures.len())
            .map(|i| sentence.own_labels(i))
            .collect();
        sentence
    }

    /// The folded words right after byte `at`, up to the end of its clause:
    /// a noun past a semicolon ("140.341; Paesi terzi: …") is another field's.
    fn words_after(&self, at: usize) -> String {
        let rest = &self.text[at..];
        let clause = self.lower[at..]
            .find([';', ':'])
            .map_or(rest, |k| &rest[..k]);
        crate::text::fold(window_after(clause))
    }

    /// Folded text of a byte range.
    fn folded_of(&self, r: &Range<usize>) -> &str {
        fold_range(&self.folded, &self.offsets, r)
    }

    /// Byte ranges in `r` of the marker tag's phrases (role words, which claim
    /// nothing).
    fn markers_in(&self, tag: Tag, r: &Range<usize>) -> Vec<Range<usize>> {
        let Some(re) = LEXICON.markers.get(&tag) else {
            return Vec::new();
        };
        let base = self.offsets[r.start]
            .min(self.offsets[r.end])
            .min(self.folded.len());
        let folded = self.folded_of(r);
        re.find_iter(folded)
            .into_iter()
            .map(|m| {
                let s = start_byte(self.text, &self.offsets, base + m.start);
                let e = self.byte_of(base + m.end);
                s..e
            })
            .collect()
    }

    /// The first byte whose folded position is at least `folded_at`.
    fn byte_of(&self, folded_at: usize) -> usize {
        char_boundary(self.text, self.offsets.partition_point(|&o| o < folded_at))
    }

    /// Whether only glue words stand in `text` (a marker's end to its figure).
    fn glued(text: &str) -> bool {
        GLUE.is_match(&crate::text::fold(text))
    }
}

/// `b`, or the next character boundary after it, within `text`.
fn char_boundary(text: &str, mut b: usize) -> usize {
    b = b.min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    b
}

/// The byte where a word starting at folded offset `folded_at` starts: the
/// punctuation before it folds to the same offset and is skipped.
fn start_byte(text: &str, offsets: &[usize], folded_at: usize) -> usize {
    let mut b = char_boundary(text, offsets.partition_point(|&o| o < folded_at));
    while let Some(c) = text[b..].chars().next() {
        if c.is_alphanumeric() {
            break;
        }
        b += c.len_utf8();
    }
    b
}

/// Which of [`CLAIM_ORDER`]'s tags to claim.
#[derive(Clone, Copy, PartialEq)]
enum Claiming {
    All,
    /// Up to the last population tag: the later tags could only take words
    /// that no population tag wanted.
    Populations,
}

/// Claims the place and population words of a sentence, in [`CLAIM_ORDER`].
fn claim(
    folded: &str,
    words: &Words,
    offsets: &[usize],
    text: &str,
    region: Option<Region>,
    wanted: Claiming,
) -> Vec<(Tag, Range<usize>)> {
    let lex = &*LEXICON;
    let byte_of = |f: usize| char_boundary(text, offsets.partition_point(|&o| o < f));
    let mut claimed: Vec<(Tag, Range<usize>)> = Vec::new();
    let take = |tag: Tag, found: Vec<Range<usize>>, claimed: &mut Vec<(Tag, Range<usize>)>| {
        for r in found {
            if claimed
                .iter()
                .all(|(_, o)| o.end <= r.start || r.end <= o.start)
            {
                claimed.push((tag, r));
            }
        }
    };
    let order = match wanted {
        Claiming::All => CLAIM_ORDER,
        Claiming::Populations => {
            let last = CLAIM_ORDER
                .iter()
                .rposition(|&t| population_of(t).is_some())
                .unwrap_or(0);
            &CLAIM_ORDER[..=last]
        }
    };
    for &tag in order {
        match tag {
            Tag::Institution => take(tag, lex.institution.find_in(folded, words), &mut claimed),
            Tag::OwnRegion => {
                if let Some(re) = region.and_then(|r| lex.region_own.get(&r)) {
                    take(tag, re.find_in(folded, words), &mut claimed);
                }
            }
            Tag::OtherRegion => {
                let named = lex.region_set.owners_in(folded, words);
                for (k, r) in Region::ALL.into_iter().enumerate() {
                    if Some(r) == region || named & (1 << k) == 0 {
                        continue;
                    }
                    // Without the document's region no name is another's.
                    let t = if region.is_some() {
                        Tag::OtherRegion
                    } else {
                        Tag::Neutral
                    };
                    if let Some(re) = lex.region_names.get(&r) {
                        take(t, re.find_in(folded, words), &mut claimed);
                    }
                }
            }
            _ => {
                if let Some(re) = lex.markers.get(&tag) {
                    take(tag, re.find_in(folded, words), &mut claimed);
                }
            }
        }
    }
    composition_to_neutral(folded, &mut claimed);
    claimed
        .into_iter()
        .map(|(t, r)| (t, start_byte(text, offsets, r.start)..byte_of(r.end)))
        .collect()
}

/// Words that may stand between the nationalities of one list ("marocchini,
/// albanesi e quella cinese"), in folded text.
static LIST_GLUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s|,|(?-u:\b)(?:e|ed|o|i|gli|le|la|il|l|lo|quell[aeio]|comunita|cittadin[aeio]|di|origine|nazionalita|provenienti|da|dal|dalla|dai|dagli|dalle|dall)(?-u:\b))*$")
        .expect("valid regex")
});

/// Nationalities listed after a composition word ("principalmente marocchini,
/// albanesi e cinesi") say what a population is made of: they and the
/// composition word become neutral words. Claims are in folded offsets.
fn composition_to_neutral(folded: &str, claimed: &mut [(Tag, Range<usize>)]) {
    // In reading order; the claims keep theirs (the order of CLAIM_ORDER).
    let mut order: Vec<usize> = (0..claimed.len()).collect();
    order.sort_by_key(|&k| claimed[k].1.start);
    let mut listing = false;
    let mut last_end = 0;
    for k in order {
        let (tag, r) = &mut claimed[k];
        let glued = LIST_GLUE.is_match(&folded[last_end..r.start]);
        match *tag {
            Tag::Composition => {
                listing = true;
                *tag = Tag::Neutral;
            }
            Tag::Group if listing && glued => *tag = Tag::Neutral,
            _ => listing = false,
        }
        last_end = r.end;
    }
}

/// "Gli occupati comunitari e non comunitari ammontano rispettivamente a 68.412
/// e 101.240": the k-th figure after "rispettivamente" belongs to the k-th
/// item before it, so each figure is masked from the other items.
fn respectively(lower: &str, figures: &[Figure], depth: &[i32]) -> Vec<Vec<Range<usize>>> {
    let mut masks = vec![Vec::new(); figures.len()];
    for (r, _) in lower.match_indices("rispettivamente") {
        let clause_start = lower[..r].rfind([';', ':']).map_or(0, |i| i + 1);
        let clause_end = lower[r..].find([';', ':']).map_or(lower.len(), |i| r + i);
        let after: Vec<usize> = (0..figures.len())
            .filter(|&i| {
                let f = &figures[i];
                f.at.start > r && f.at.start < clause_end && depth[f.at.start] == 0
            })
            .collect();
        if after.len() < 2 {
            continue;
        }
        let head = &lower[clause_start..r];
        let Some(e) = head.rfind(" e ").or_else(|| head.rfind(" ed ")) else {
            continue;
        };
        let e = clause_start + e;
        let conj_len = if lower[e..].starts_with(" ed ") { 4 } else { 3 };
        // Items from the last back: after the conjunction, then between commas.
        let mut items: Vec<Range<usize>> = Vec::new();
        items.push(e + conj_len..r);
        let mut end = e;
        while items.len() < after.len() {
            let seg = &lower[clause_start..end];
            if items.len() + 1 < after.len() {
                let Some(c) = seg.rfind(", ") else { break };
                items.push(clause_start + c + 2..end);
                end = clause_start + c;
            } else {
                // The first item: the last word before the separator.
                let trimmed = seg.trim_end();
                let w = trimmed.rfind(' ').map_or(0, |i| i + 1);
                items.push(clause_start + w..clause_start + trimmed.len());
            }
        }
        if items.len() != after.len() {
            continue;
        }
        items.reverse();
        for (k, &fi) in after.iter().enumerate() {
            for (j, item) in items.iter().enumerate() {
                if j != k {
                    masks[fi].push(item.clone());
                }
            }
        }
    }
    masks
}

/// "erano 1.112 e 1.958, rispettivamente al 31 dicembre 2013 e al 31 dicembre
/// 2014", "si attestano rispettivamente su 52.300 e 49.800 unità nel 2013 e
/// nel 2014": as many dates after the figures as there are figures, in the
/// clause of "rispettivamente", date the figures in order; so does each
/// figure's own date right after it ("rispettivamente a 12.870 nell'a.a.
/// 2012/2013 e a 13.514 nell'a.a. 2013/2014"). The figures are
/// those after "rispettivamente", or, when fewer than two follow it, those
/// before it in its clause; figures in brackets are not counted. Each dated
/// figure comes with the first figure of its list.
fn respective_dates(
    lower: &str,
    figures: &[Figure],
    dates: &[(Range<usize>, String)],
    depth: &[i32],
) -> Vec<Option<(String, usize)>> {
    let mut paired = vec![None; figures.len()];
    for (r, _) in lower.match_indices("rispettivamente") {
        let clause_start = lower[..r].rfind([';', ':']).map_or(0, |i| i + 1);
        let clause_end = lower[r..].find([';', ':']).map_or(lower.len(), |i| r + i);
        let in_clause = |i: &usize| {
            let at = figures[*i].at.start;
            clause_start <= at && at < clause_end && depth[at] == 0
        };
        let (before, after): (Vec<usize>, Vec<usize>) = (0..figures.len())
            .filter(in_clause)
            .partition(|&i| figures[i].at.start < r);
        let listed = if after.len() >= 2 { after } else { before };
        let Some(&last) = listed.last() else { continue };
        let from = figures[last].at.end.max(r);
        let listed_dates: Vec<&String> = dates
            .iter()
            .filter(|(d, _)| from <= d.start && d.end <= clause_end)
            .map(|(_, d)| d)
            .collect();
        if listed.len() >= 2 && listed_dates.len() == listed.len() {
            for (&i, d) in listed.iter().zip(listed_dates) {
                paired[i] = Some((d.clone(), listed[0]));
            }
            continue;
        }
        // Each figure with its own date after it: "rispettivamente a 12.870
        // nell'a.a. 2012/2013 e a 13.514 nell'a.a. 2013/2014" (not where a
        // date comes first, "rispettivamente nel 2013 a …", nor a bracket's).
        let first = figures[listed[0]].at.start;
        if dates.iter().any(|(d, _)| r < d.start && d.start < first) {
            continue;
        }
        let own_dates: Vec<Option<&String>> = (listed.iter().enumerate())
            .map(|(k, &i)| {
                let end = listed
                    .get(k + 1)
                    .map_or(clause_end, |&j| figures[j].at.start);
                let mut inside = (dates.iter()).filter(|(d, _)| {
                    figures[i].at.end <= d.start && d.end <= end && depth[d.start] == 0
                });
                match (inside.next(), inside.next()) {
                    (Some((_, d)), None) => Some(d),
                    _ => None,
                }
            })
            .collect();
        if listed.len() >= 2 && own_dates.iter().all(Option::is_some) {
            for (&i, d) in listed.iter().zip(own_dates.into_iter().flatten()) {
                paired[i] = Some((d.clone(), listed[0]));
            }
        }
    }
    paired
}

/// What the reader decided about one figure.
#[derive(Debug, Clone)]
struct Reading {
    figure: Figure,
    scope: Scope,
    role: Role,
    population: Population,
    /// The population a share of the whole population is of, with words such
    /// as "popolazione residente" passed over.
    population_of_share: Population,
    approximate: bool,
    date: Option<String>,
    /// The date is written in the figure's own phrase.
    own_date: bool,
}

impl Reading {
    /// Whether the figure's population is one `concept` counts.
    fn meets_population(&self, concept: &Concept) -> bool {
        let population = if concept.of_population {
            self.population_of_share
        } else {
            self.population
        };
        if population == Population::Group {
            // One nationality's figure is a part: never an indicator's whole.
            return false;
        }
        match concept.population {
            Needs::Any => true,
            Needs::NonEu => matches!(population, Population::NonEu | Population::Unknown),
            Needs::Foreign => matches!(population, Population::Foreign | Population::Unknown),
        }
    }
}

/// Tags of `tag_set` among the sentence's claims inside `ranges`, nearest to
/// `at` first, skipping `masks`.
fn nearest_tag(
    tags: &[(Tag, Range<usize>)],
    ranges: &[Range<usize>],
    at: usize,
    masks: &[Range<usize>],
    wanted: impl Fn(Tag) -> bool,
) -> Option<Tag> {
    tags.iter()
        .filter(|(t, r)| {
            wanted(*t)
                && ranges.iter().any(|x| x.start <= r.start && r.end <= x.end)
                && !masks.iter().any(|m| m.start <= r.start && r.end <= m.end)
        })
        .min_by_key(|(_, r)| r.start.abs_diff(at))
        .map(|(t, _)| *t)
}

fn population_of(tag: Tag) -> Option<Population> {
    Some(match tag {
        Tag::NonEu => Population::NonEu,
        Tag::Foreign => Population::Foreign,
        Tag::Eu => Population::Eu,
        Tag::Italian => Population::Italian,
        Tag::Group => Population::Group,
        Tag::Total => Population::Total,
        _ => return None,
    })
}

fn scope_of(tag: Tag) -> Option<Scope> {
    Some(match tag {
        Tag::OwnRegion => Scope::Region,
        Tag::OtherRegion => Scope::OtherRegion,
        Tag::WiderArea => Scope::WiderArea,
        Tag::National => Scope::National,
        Tag::MacroArea => Scope::MacroArea,
        Tag::Province | Tag::City => Scope::ProvinceOrCity,
        _ => return None,
    })
}

impl Sentence<'_> {
    /// The role of figure `i`, from the words around it in its own phrase.
    fn role(&self, i: usize) -> Role {
        let f = &self.figures[i].at;
        let p = &self.phrases[i];
        let own_before = p.own.start..f.start;
        let own_after = f.end..p.own.end;
        let next_words = self.words_after(f.end);
        if let Some(re) = LEXICON.markers.get(&Tag::OtherNoun)
            && re.find(&next_words).is_some_and(|m| m.start == 0)
        {
            return Role::OtherCount;
        }
        let adjacent = |tag: Tag, r: &Range<usize>| {
            self.markers_in(tag, r)
                .iter()
                .any(|m| Sentence::glued(&self.text[m.end..f.start]))
        };
        if adjacent(Tag::ChangeBefore, &own_before)
            || self
                .markers_in(Tag::ChangeAfter, &own_after)
                .iter()
                .any(|m| Sentence::glued(&self.text[f.end..m.start]))
        {
            return Role::Change;
        }
        if adjacent(Tag::FromBefore, &own_before)
            && !self.markers_in(Tag::Movement, &(0..f.start)).is_empty()
        {
            return Role::Comparison;
        }
        if self.breakdown[i] {
            return Role::Subset;
        }
        // A marker followed by a coordination ("rispetto all'anno precedente e
        // con un'incidenza del 9,4%") belonged to the words before.
        let applies = |m: &Range<usize>, to: usize| {
            let between = &self.lower[m.end..to];
            !between.contains(" e ") && !between.contains(" ed ")
        };
        let first_in_bracket = p.self_contained
            && !self
                .figures
                .iter()
                .any(|g| p.own.start <= g.at.start && g.at.start < f.start);
        let mut comparing = self
            .markers_in(Tag::Comparison, &own_before)
            .iter()
            .any(|m| applies(m, f.start));
        for r in &p.restated[..p.restated.len().min(1)] {
            comparing |= self
                .markers_in(Tag::Comparison, r)
                .iter()
                .any(|m| applies(m, r.end));
        }
        if comparing && !first_in_bracket {
            return Role::Comparison;
        }
        if self
            .markers_in(Tag::Subset, &own_before)
            .iter()
            .any(|m| applies(m, f.start))
            || !self.markers_in(Tag::Subset, &p.leading).is_empty()
        {
            return Role::Subset;
        }
        if adjacent(Tag::Denominator, &own_before)
            && self.markers_in(Tag::LevelBefore, &own_before).is_empty()
        {
            return Role::Denominator;
        }
        Role::Value
    }

    /// Whether figure `i` is hedged ("oltre 99 mila", "il 51% circa").
    fn approximate(&self, i: usize) -> bool {
        let f = &self.figures[i].at;
        let own = &self.phrases[i].own;
        let before = own.start..f.start;
        self.markers_in(Tag::HedgeBefore, &before)
            .iter()
            .any(|m| Sentence::glued(&self.text[m.end..f.start]))
            || self
                .markers_in(Tag::HedgeAfter, &(f.end..own.end))
                .iter()
                .any(|m| self.text[f.end..m.start].trim().is_empty())
    }

    /// The figure's place: the nearest place word of its phrase that is not the
    /// region (a province or Italy narrows or widens it), else the region's
    /// own name, else the place the sentence spoke of before it.
    fn scope(&self, i: usize) -> Scope {
        let f = self.figures[i].at.start;
        let p = &self.phrases[i];
        let masks = &self.masks[i];
        let is_place = |t: Tag| scope_of(t).is_some();
        let elsewhere = |t: Tag| scope_of(t).is_some_and(|s| s != Scope::Region);
        // A bracket with a figure of its own is an aside: the figure after
        // it reads its place from before it too ("a livello nazionale (4,92
        // milioni …) l'incidenza è dell'8,1%"), the figure before it not in
        // it ("60,1% (Trentino-Alto Adige: 62,7%)"), and a figure inside
        // reads the label that opens its bracket before the words the
        // bracket restates. The next figure, bracketed or not, ends the
        // words: what follows a bracket restating a share is the share's
        // ("un quarto (22,9%) della popolazione straniera d'Italia").
        let level = self.depth[f];
        let same_level = |g: &&Figure| self.depth[g.at.start] == level;
        let prev = (self.figures.iter().filter(same_level))
            .filter(|g| g.at.end <= f)
            .map(|g| g.at.end)
            .max()
            .unwrap_or(0);
        let next = (self.figures.iter())
            .filter(|g| g.at.start > f)
            .map(|g| g.at.start)
            .min()
            .unwrap_or(self.text.len());
        let around = p.own.start.max(prev)..p.own.end.min(next);
        let outside_asides: Vec<(Tag, Range<usize>)> = (self.tags_for(i).iter())
            .filter(|(_, r)| !self.in_aside(i, r.start))
            .cloned()
            .collect();
        let leading_inside = level > 0 && self.depth[p.leading.start] >= level;
        let groups = if leading_inside {
            [vec![around], vec![p.leading.clone()], p.restated.clone()]
        } else {
            [vec![around], p.restated.clone(), vec![p.leading.clone()]]
        };
        for g in &groups {
            if let Some(t) = nearest_tag(&outside_asides, g, f, masks, elsewhere) {
                return scope_of(t).unwrap_or(Scope::Region);
            }
            if nearest_tag(&outside_asides, g, f, masks, |t| t == Tag::OwnRegion).is_some() {
                return Scope::Region;
            }
        }
        // Inherited: the last place named before the phrase, outside
        // comparisons.
        let start = p
            .ranges()
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| r.start)
            .min()
            .unwrap_or(f);
        self.tags
            .iter()
            .filter(|(t, r)| {
                is_place(*t)
                    && r.end <= start
                    && !self.in_comparison(r.start)
                    && self.depth[r.start] == 0
                    && !self.complement(i, r.start)
            })
            .filter(|(_, r)| !masks.iter().any(|m| m.start <= r.start && r.end <= m.end))
            .max_by_key(|(_, r)| r.start)
            .and_then(|(t, _)| scope_of(*t))
            .unwrap_or(Scope::Region)
    }

    /// Whether byte `at` is inside a bracket, deeper than figure `i`, that
    /// holds another figure: that figure's words, not `i`'s.
    fn in_aside(&self, i: usize, at: usize) -> bool {
        let f = self.figures[i].at.start;
        if self.depth[at] <= self.depth[f] {
            return false;
        }
        let (open, close) = bracket_around(self.text, &self.depth, at);
        (self.figures.iter().enumerate())
            .any(|(g, x)| g != i && open < x.at.start && x.at.start < close)
    }

    /// Whether byte `at` stands after another figure than `i`, in that
    /// figure's own words (its complement: "4.732 in posti occupati").
    fn complement(&self, i: usize, at: usize) -> bool {
        // A total's words are what its parts count: "Su un totale di 7.375
        // nuovi nati, sono stranieri 1.444".
        self.phrases.iter().enumerate().any(|(g, q)| {
            g != i
                && q.window.contains(&at)
                && at >= self.figures[g].at.end
                && self.roles.get(g) != Some(&Role::Denominator)
        })
    }

    /// Whether figure `i` restates the one before: an apposition ("pari al
    /// 4,4%", "per l'86% donne") or a figure right after a colon.
    fn restating(&self, i: usize) -> bool {
        let p = &self.phrases[i];
        APPOSITION.is_match(self.folded_of(&p.own))
            || (self.lower[p.own.clone()]
                .trim_start()
                .strip_prefix(':')
                .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
                // One figure after the colon restates; several are a list
                // of parts ("14.298 presenze: 4.134 nei CAS, 4.732 …").
                && {
                    let end = self.lower[p.own.start + 1..]
                        .find([';', ':'])
                        .map_or(self.text.len(), |k| p.own.start + 1 + k);
                    (0..self.figures.len())
                        .filter(|&g| {
                            let at = self.figures[g].at.start;
                            at > p.own.start
                                && at < end
                                && self.roles.get(g).is_some_and(|r| *r != Role::Subset)
                        })
                        .count()
                        == 1
                })
    }

    /// The figure that figure `i`, an apposition, restates: the nearest
    /// before it outside brackets.
    fn restated_figure(&self, i: usize) -> Option<usize> {
        if !self.restating(i) {
            return None;
        }
        (0..i)
            .rev()
            .find(|&g| self.depth[self.figures[g].at.start] == 0)
    }

    /// Whether figure `i` takes its noun from the sentence before with "ne"
    /// ("se ne contano 412"); "il dato", "tale quota" name a noun of their own.
    fn refers_back(&self, i: usize) -> bool {
        let p = &self.phrases[i];
        let f = self.figures[i].at.start;
        self.lower[p.leading.start.min(f)..f]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "ne")
    }

    /// Whether figure `i` refers back to a noun named before: "il loro
    /// numero", "ne restavano".
    fn anaphoric(&self, i: usize) -> bool {
        let p = &self.phrases[i];
        let f = self.figures[i].at.start;
        ANAPHOR.is_match(&self.lower[p.leading.start.min(f)..f])
    }

    /// Whether byte `at` is in a bracket that holds other figures than `i`
    /// (their words, not this figure's).
    fn in_others_bracket(&self, i: usize, at: usize) -> bool {
        if self.depth[at] == 0 {
            return false;
        }
        let (open, close) = bracket_around(self.text, &self.depth, at);
        let inside = |g: &Figure| open < g.at.start && g.at.start < close;
        !inside(&self.figures[i]) && self.figures.iter().any(inside)
    }

    /// Whether the date at `date` can date figure `i`: not a date in a
    /// bracket with other figures, which is theirs ("174.116 (1° gennaio
    /// 2014: 162.950)", "1.152.320 (erano 1.129.185, al 1° gennaio 2014)"),
    /// nor one among a compared figure's words ("a fronte di 58.900 nel
    /// 2013").
    fn dates_figure(&self, i: usize, date: &Range<usize>) -> bool {
        let compared = (0..self.figures.len()).any(|g| {
            g != i
                && self.roles[g] == Role::Comparison
                && self.compared_words(g).contains(&date.start)
        });
        !self.in_others_bracket(i, date.start) && !compared && !self.baseline_date(date)
    }

    /// Whether `date` is what a figure is compared with, not when it was
    /// measured ([`Sentence::compares_with`]).
    fn baseline_date(&self, date: &Range<usize>) -> bool {
        self.baselines.contains(&date.start)
    }

    /// Whether a comparison marker stands right before `date` ("un incremento
    /// del 3,2% rispetto al 2013", "contro il 2013", "a quello del 2013").
    fn compares_with(&self, date: &Range<usize>) -> bool {
        const LINKS: &[&str] = &[
            "il", "l", "lo", "la", "i", "gli", "le", "del", "dello", "della", "dell", "dei",
            "degli", "delle", "al", "all", "allo", "alla", "nel", "nell", "anno",
        ];
        let mut from = date.start.saturating_sub(MAX_BASELINE_GAP);
        while !self.lower.is_char_boundary(from) {
            from -= 1;
        }
        // "Sul 2012" after a change in the same stretch is its baseline ("in
        // calo di 1.500 unità sul 2012"); without one it dates ("i dati sul 2012").
        let last_word = self.lower[from..date.start]
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| !w.is_empty());
        let since_stretch = self.stretch(date.start).start..date.start;
        if matches!(last_word, Some("sul" | "sull" | "sullo"))
            && [Tag::ChangeBefore, Tag::ChangeAfter]
                .iter()
                .any(|&t| !self.markers_in(t, &since_stretch).is_empty())
        {
            return true;
        }
        self.markers_in(Tag::Comparison, &(from..date.start))
            .iter()
            .any(|m| {
                self.lower[m.end..date.start]
                    .split(|c: char| !c.is_alphanumeric())
                    .all(|w| w.is_empty() || LINKS.contains(&w))
            })
    }

    /// The head of a list heading: its first comma-separated part that is
    /// more than a place name ("Toscana, ospiti del sistema …"), up to a
    /// coordination ("Avviamenti e cessazioni …" heads with "Avviamenti").
    fn heading_head(&self, heading: &Range<usize>) -> Range<usize> {
        let mut start = heading.start;
        for part in self.lower[heading.clone()].split(',') {
            let range = start..start + part.len();
            start = range.end + 1;
            let placed = |at: usize| {
                (self.tags.iter()).any(|(t, r)| scope_of(*t).is_some() && r.contains(&at))
            };
            let named = (range.clone())
                .any(|at| self.lower.as_bytes()[at].is_ascii_alphanumeric() && !placed(at));
            if named {
                let end = [" e ", " ed "]
                    .iter()
                    .filter_map(|w| self.lower[range.clone()].find(w))
                    .min()
                    .map_or(range.end, |k| range.start + k);
                return range.start..end;
            }
        }
        heading.clone()
    }

    /// Whether `date` closes a bracket, set apart after the bracket's figures
    /// ("(52% donne, al 1° gennaio 2015)").
    fn closes_bracket(&self, date: &Range<usize>) -> bool {
        if self.depth[date.start] == 0 {
            return false;
        }
        let (open, close) = bracket_around(self.text, &self.depth, date.start);
        let last = (self.figures.iter())
            .filter(|g| open < g.at.start && g.at.start < close)
            .map(|g| g.at.end)
            .max()
            .unwrap_or(open);
        last <= date.start
            && self.lower[last..date.start].contains([',', ';'])
            && !self.lower[date.end..close].contains(|c: char| c.is_ascii_alphanumeric())
    }

    /// The other figure whose window holds byte `at`.
    fn lender(&self, i: usize, at: usize) -> Option<usize> {
        (0..self.figures.len()).find(|&g| {
            g != i
                && (self.phrases[g].window.contains(&at)
                    || self.phrases[g]
                        .restated
                        .first()
                        .is_some_and(|r| r.contains(&at)))
        })
    }

    /// Whether byte `at` stands in the phrase of a figure given for comparison.
    fn in_comparison(&self, at: usize) -> bool {
        (0..self.figures.len())
            .any(|g| self.roles[g] == Role::Comparison && self.compared_words(g).contains(&at))
    }

    /// The words of compared figure `g`: its phrase from the marker that
    /// makes it a comparison on. The words before the marker are the
    /// subject both figures share ("La popolazione straniera … è passata da
    /// 81.290 … a 86.245").
    fn compared_words(&self, g: usize) -> Range<usize> {
        let own = &self.phrases[g].own;
        let before = own.start..self.figures[g].at.start;
        let marker = [Tag::Comparison, Tag::FromBefore]
            .iter()
            .flat_map(|&t| self.markers_in(t, &before))
            .map(|m| m.start)
            .max();
        marker.unwrap_or(own.start)..own.end
    }

    /// The population of figure `i`: the nearest population word of its own
    /// phrase, of the words it restates, of its leading words; else the
    /// sentence's topic (its first population word outside comparisons).
    fn population(&self, i: usize, skip_total: bool) -> Option<Population> {
        let p = &self.phrases[i];
        let masks = &self.masks[i];
        // An apposition that gives a share as a count, or a count as a share,
        // counts what the figure it restates counts: "il 23,4% della
        // popolazione non comunitaria, pari a 240.380 unità" of an age band
        // are the band's, not the whole's. (Shares after shares, "per il 34%
        // …, per il 33,7% …", are a list.)
        if let Some(g) = self.restated_figure(i)
            && (self.figures[g].unit == Unit::Percent) != (self.figures[i].unit == Unit::Percent)
            && self.population(g, skip_total) == Some(Population::Group)
        {
            return Some(Population::Group);
        }
        if let Some(population) = self.own_population(i, skip_total) {
            return Some(population);
        }
        // A part names the population of its whole ("non comunitari: 5.942,
        // di cui donne 56,2% e minori 21,4%"), as do the parts coordinated
        // with it.
        let mut first_part = None;
        for g in (0..=i).rev() {
            if g < i
                && self.text[self.figures[g].at.end..self.figures[g + 1].at.start]
                    .contains([',', ';', ':', '(', ')'])
            {
                break;
            }
            if self.roles[g] == Role::Subset {
                first_part = Some(g);
                break;
            }
        }
        // The whole is the count before the parts, not a base or a
        // comparison in between ("97.600, su 138.697 stranieri residenti, di
        // cui il 52,4% donne").
        let whole = first_part.and_then(|g| {
            (0..g)
                .rev()
                .find(|&w| !matches!(self.roles[w], Role::Denominator | Role::Comparison))
        });
        if let Some(whole) = whole
            && let Some(population) = self.population(whole, skip_total)
        {
            return Some(population);
        }
        // A subject comes first: the words of a later figure ("480.000, di
        // cui 62.000 stranieri", "…: 480.000; stranieri: 62.000") are its
        // own population, not this figure's.
        let mut masks = masks.clone();
        for q in &self.phrases[i + 1..] {
            masks.extend(q.ranges().into_iter().filter(|r| !p.contains(r.start)));
        }
        self.topic(self.tags_for(i), &masks, skip_total)
    }

    /// The population figure `i`'s own words name: its phrase, then the
    /// words it restates, then the words leading to it.
    fn own_population(&self, i: usize, skip_total: bool) -> Option<Population> {
        let f = self.figures[i].at.start;
        let p = &self.phrases[i];
        let masks = &self.masks[i];
        // "Stranieri" is the widest population: any narrower word of the same
        // words wins ("stranieri extra UE" are non-EU).
        let narrow = |t: Tag| {
            population_of(t).is_some() && t != Tag::Foreign && !(skip_total && t == Tag::Total)
        };
        let groups = [
            vec![p.window.clone()],
            p.restated.clone(),
            vec![p.leading.clone()],
        ];
        let tags = self.tags_for(i);
        // A share's own words name the whole it is taken from; a group before
        // it is what it measures ("la fascia di età 30-39, che racchiude il
        // 23,4% della popolazione non comunitaria"), unless those words are
        // an earlier figure's ("per il 33,7% dalle americhe, per il 22,3%
        // di europei non comunitari").
        if self.figures[i].unit == Unit::Percent {
            let mut leading_masks = masks.clone();
            for q in &self.phrases[..i] {
                leading_masks.extend(q.ranges());
                leading_masks.extend(q.trailing.iter().cloned());
            }
            let leading = std::slice::from_ref(&p.leading);
            if let Some(group) = nearest_tag(tags, leading, f, &leading_masks, |t| t == Tag::Group)
            {
                return population_of(group);
            }
        }
        // A nationality is narrower still: "non comunitari marocchini" are
        // one group of them.
        groups.iter().find_map(|g| {
            nearest_tag(tags, g, f, masks, |t| t == Tag::Group)
                .or_else(|| nearest_tag(tags, g, f, masks, narrow))
                .or_else(|| nearest_tag(tags, g, f, masks, |t| t == Tag::Foreign))
                .and_then(population_of)
        })
    }

    /// The population of figure `i` when no words name it: everyone where
    /// its first part is of one population ("gli alunni sono 480.000, di cui
    /// 62.000 stranieri"), else unknown.
    fn whole_population(&self, i: usize) -> Population {
        let first_part = (i + 1..self.figures.len())
            .take_while(|&g| self.roles[g] != Role::Value)
            .find(|&g| self.roles[g] == Role::Subset);
        // So is the next clause of a list, in its own words ("alunni:
        // 480.000; stranieri: 62.000", "popolazione: 4.927.000; stranieri
        // residenti: 511.000").
        let next_clause = Some(i + 1).filter(|&g| {
            g < self.figures.len()
                && self.roles[g] == Role::Value
                && self.text[self.figures[i].at.end..self.figures[g].at.start].contains(';')
        });
        let part = first_part
            .map(|g| self.population(g, false))
            .or_else(|| next_clause.map(|g| self.own_population(g, false)))
            .flatten();
        match part {
            Some(
                Population::NonEu | Population::Foreign | Population::Eu | Population::Italian,
            ) => Population::Total,
            _ => Population::Unknown,
        }
    }

    /// The claimed words as figure `i` reads them: a figure paired by
    /// "rispettivamente" reads the sentence without the other items.
    fn tags_for(&self, i: usize) -> &[(Tag, Range<usize>)] {
        self.own_tags
            .get(i)
            .and_then(Option::as_ref)
            .map_or(&self.tags, |t| t.as_slice())
    }

    /// The sentence's first population word outside comparisons.
    /// Within the first stretch that names one, the narrowest wins ("Tra gli
    /// stranieri non comunitari" is non-EU).
    fn topic(
        &self,
        tags: &[(Tag, Range<usize>)],
        masks: &[Range<usize>],
        skip_total: bool,
    ) -> Option<Population> {
        let named: Vec<&(Tag, Range<usize>)> = tags
            .iter()
            .filter(|(t, r)| {
                let total_skipped = skip_total && *t == Tag::Total;
                let masked = masks.iter().any(|m| m.start <= r.start && r.end <= m.end);
                // A nationality names its own figure only.
                population_of(*t).is_some()
                    && *t != Tag::Group
                    && !total_skipped
                    && !masked
                    && !self.in_comparison(r.start)
            })
            .collect();
        let first = named.iter().min_by_key(|(_, r)| r.start)?;
        let stretch = self.stretch(first.1.start);
        named
            .iter()
            .filter(|(_, r)| stretch.contains(&r.start))
            .min_by_key(|(t, r)| (*t == Tag::Foreign, r.start))
            .and_then(|(t, _)| population_of(*t))
    }

    /// The figure's reference date: the nearest in its own phrase, else in the
    /// words it restates or leads with (all "own"); else the nearest before it
    /// in the sentence, else the first after it in its clause.
    fn date(&self, i: usize) -> (Option<String>, bool) {
        if let Some(d) = &self.paired_dates[i] {
            return (Some(d.clone()), true);
        }
        let f = &self.figures[i].at;
        let p = &self.phrases[i];
        let mut groups = vec![p.own.clone()];
        groups.extend(p.restated.iter().cloned());
        groups.push(p.leading.clone());
        for g in &groups {
            // A date in a bracket with a figure of its own is that figure's:
            // "174.116 (1° gennaio 2014: 162.950)".
            let near = self
                .dates
                .iter()
                .filter(|(r, _)| g.start <= r.start && r.end <= g.end)
                .filter(|(r, _)| self.dates_figure(i, r))
                .min_by_key(|(r, _)| r.start.abs_diff(f.start));
            if let Some((_, d)) = near {
                return (Some(d.clone()), true);
            }
        }
        let before = self
            .dates
            .iter()
            .filter(|(r, _)| r.end <= f.start && self.dates_figure(i, r))
            .max_by_key(|(r, _)| r.start);
        // A contrast opens a clause as ";" does ("il 51% del totale, ma tra i
        // permessi rilasciati nel 2013 la quota scende al 44%"); a note in
        // brackets ("(dati al 1° gennaio 2014)") still closes the sentence.
        let clause_start = |at: usize| {
            let before = &self.lower[..at];
            let semicolon = before.rfind(';').map_or(0, |k| k + 1);
            let contrast = CONTRASTS
                .iter()
                .filter_map(|c| before.rfind(c).map(|k| k + 1))
                .max()
                .filter(|_| self.depth[at] == 0)
                .unwrap_or(0);
            semicolon.max(contrast)
        };
        // Else the first date after it, unless a later clause with figures
        // of its own holds it: a labelled field ("…: 140.341; cittadinanze
        // acquisite nel 2014: 3.120") dates its own figures, a closing note
        // ("1.000.000; dati Istat al 1° gennaio 2015") the figures before.
        // A date closing another figure's bracket, set apart after its
        // figures, dates the statement when nothing else does ("511.000
        // (10,4% della popolazione, al 1° gennaio 2014)").
        let after = self.dates.iter().find(|(r, _)| {
            let clause = clause_start(r.start)
                ..self.lower[r.end..]
                    .find(';')
                    .map_or(self.lower.len(), |k| r.end + k);
            let own_figures =
                clause.start > f.end && (self.figures.iter()).any(|g| clause.contains(&g.at.start));
            (self.dates_figure(i, r) || self.closes_bracket(r)) && !own_figures
        });
        let any = before.or(after);
        (any.map(|(_, d)| d.clone()), false)
    }
}

/// Words that open a clause of its own, as a ";" does: a date after one
/// dates that clause's figures, not the figures before it.
const CONTRASTS: &[&str] = &[", ma ", " mentre ", " tuttavia ", " invece "];

/// Farthest, in bytes, a comparison marker may stand before the date it
/// compares with ("rispetto all'anno 2013").
const MAX_BASELINE_GAP: usize = 40;
/// Cost of crossing a stretch boundary, in folded characters.
const CLAUSE_COST: usize = 25;
/// Farthest a figure may stand from its indicator's wording.
const MAX_DISTANCE: usize = 200;

/// Where a concept phrase was found, and how far that is from the figure.
struct Found {
    cost: usize,
    /// The other figure whose words were borrowed, if any.
    lender: Option<usize>,
    /// Where the words were found.
    at: usize,
}

impl Sentence<'_> {
    /// Byte ranges of a phrase list's matches, outside masks and neutral words.
    fn occurrences(&self, p: &'static Phrases, masks: &[Range<usize>]) -> Vec<Range<usize>> {
        self.occurrences_in(p, masks, true)
    }

    fn occurrences_in(
        &self,
        p: &'static Phrases,
        masks: &[Range<usize>],
        skip_neutral: bool,
    ) -> Vec<Range<usize>> {
        self.phrase_matches(p)
            .iter()
            .filter(|r| {
                let masked = masks.iter().any(|m| m.start <= r.start && r.end <= m.end);
                let neutral = self
                    .tags
                    .iter()
                    .any(|(t, x)| *t == Tag::Neutral && x.start <= r.start && r.end <= x.end);
                !(masked || skip_neutral && neutral)
            })
            .cloned()
            .collect()
    }

    /// Byte ranges of all of a lexicon list's matches in the sentence.
    fn phrase_matches(&self, p: &'static Phrases) -> Rc<[Range<usize>]> {
        self.cached(std::ptr::from_ref(p) as usize, || {
            p.find_in(&self.folded, &self.words)
        })
    }

    /// Byte ranges of all of a regex's matches in the sentence's folded text.
    fn matches_of(&self, re: &'static Regex) -> Rc<[Range<usize>]> {
        self.cached(std::ptr::from_ref(re) as usize, || {
            re.find_iter(&self.folded).map(|m| m.range()).collect()
        })
    }

    /// The matches of the static list or regex at address `key`, found in the
    /// folded text once per sentence, as byte ranges of the sentence.
    fn cached(&self, key: usize, find: impl FnOnce() -> Vec<Range<usize>>) -> Rc<[Range<usize>]> {
        if let Some(found) = self.matches.borrow().get(&key) {
            return Rc::clone(found);
        }
        let found: Rc<[Range<usize>]> = find()
            .into_iter()
            .map(|m| start_byte(self.text, &self.offsets, m.start)..self.byte_of(m.end))
            .collect();
        self.matches.borrow_mut().insert(key, Rc::clone(&found));
        found
    }

    /// The stretch (between boundaries) holding byte `at`.
    fn stretch(&self, at: usize) -> Range<usize> {
        let k = self.boundaries.partition_point(|&b| b <= at);
        let start = if k == 0 { 0 } else { self.boundaries[k - 1] };
        let end = self.boundaries.get(k).copied().unwrap_or(self.text.len());
        start..end
    }

    /// How far the nearest match of `line` stands from figure `i`; words in the
    /// figure's own phrase cost a quarter of their distance.
    fn nearest(&self, i: usize, line: &'static Line) -> Option<Found> {
        let f = self.figures[i].at.start;
        let p = &self.phrases[i];
        let masks = &self.masks[i];
        let fo = self.offsets[f];
        // Words after another figure, in its own stretch, are that figure's
        // complement ("4.732 in posti occupati"): not this figure's, unless
        // this one is a part of it ("712 minori …, di cui 598 presenti").
        // An apposition ("pari al 4,4%"), or a figure after a colon, restates
        // the figure before it and so speaks of the same noun.
        let anaphoric = self.anaphoric(i);
        let subset = self.roles[i] == Role::Subset || self.restating(i) || anaphoric;
        // Words of a later figure, or of the clause after a ";" that leads
        // to it ("…: 4.424.000; nati stranieri nel 2014: 7.000"), are never
        // borrowed: a subject comes first.
        let later_clause = |at: usize| {
            self.phrases[i + 1..].iter().any(|q| {
                self.lower[q.leading.clone()]
                    .rfind(';')
                    .is_some_and(|k| q.leading.start + k <= at && at < q.leading.end)
            })
        };
        let borrowed = |r: &Range<usize>| {
            !p.contains(r.start)
                && ((!subset && self.complement(i, r.start))
                    || self.lender(i, r.start).is_some_and(|g| g > i)
                    || later_clause(r.start))
        };
        let cost = |r: &Range<usize>| {
            let d = self.offsets[r.start].abs_diff(fo);
            if p.contains(r.start) {
                d / 4
            } else if anaphoric && r.start < f {
                d / 2
            } else {
                let (lo, hi) = (r.start.min(f), r.start.max(f));
                let crossed = self
                    .boundaries
                    .iter()
                    .filter(|&&b| b > lo && b < hi)
                    .count();
                d + CLAUSE_COST * crossed.max(1)
            }
        };
        line.alternatives
            .iter()
            .filter_map(|alt| {
                let mut worst: Option<Found> = None;
                for re in &alt.all {
                    let best = self
                        .occurrences(re, masks)
                        .into_iter()
                        .filter(|r| !borrowed(r))
                        .map(|r| Found {
                            at: r.start,
                            cost: cost(&r),
                            lender: (!p.contains(r.start))
                                .then(|| self.lender(i, r.start))
                                .flatten(),
                        })
                        .min_by_key(|x| x.cost)?;
                    if worst.as_ref().is_none_or(|w| best.cost > w.cost) {
                        worst = Some(best);
                    }
                }
                worst
            })
            .min_by_key(|x| x.cost)
    }

    /// Whether any alternative of `line` is met inside `ranges`.
    fn has(&self, line: &'static Line, ranges: &[Range<usize>], masks: &[Range<usize>]) -> bool {
        self.has_in(line, ranges, masks, true)
    }

    /// [`Self::has`]; excluded wording is looked for in neutral words too
    /// ("nati in Italia" is no place, but it is another measure).
    fn has_in(
        &self,
        line: &'static Line,
        ranges: &[Range<usize>],
        masks: &[Range<usize>],
        skip_neutral: bool,
    ) -> bool {
        line.alternatives.iter().any(|alt| {
            alt.all.iter().all(|re| {
                self.occurrences_in(re, masks, skip_neutral)
                    .iter()
                    .any(|r| ranges.iter().any(|x| x.start <= r.start && r.end <= x.end))
            })
        })
    }

    /// Whether `concept`'s key word is in `ranges`, and not as part of its
    /// excluded wording: "44.120 lavoratori avviati" counts persons, though
    /// "avviati" is the key of hirings. Only single-phrase exclusions can hold
    /// a key word that way; a combination ("a + b") is two places in the
    /// context, not one wording around the key.
    fn keyed(
        &self,
        concept: &'static Concept,
        ranges: &[Range<usize>],
        masks: &[Range<usize>],
    ) -> bool {
        let excluded: Vec<Range<usize>> = (concept.not.alternatives.iter())
            .filter(|alt| alt.all.len() == 1)
            .flat_map(|alt| self.occurrences_in(&alt.all[0], masks, false))
            .collect();
        concept.key.alternatives.iter().any(|alt| {
            alt.all.iter().all(|re| {
                self.occurrences(re, masks).iter().any(|r| {
                    let inside = |x: &Range<usize>| x.start <= r.start && r.end <= x.end;
                    ranges.iter().any(inside) && !excluded.iter().any(inside)
                })
            })
        })
    }

    /// Whether the words of figure `i`'s own phrase exclude `concept`, with
    /// no key word of it there: "Ne sono cessati 40.000" after a sentence on
    /// hirings are no hirings, whatever that sentence says.
    fn excludes(&self, i: usize, concept: &'static Concept) -> bool {
        let p = &self.phrases[i];
        let masks = &self.masks[i];
        let mut sites = p.ranges();
        sites.extend(p.trailing.iter().cloned());
        !self.keyed(concept, std::slice::from_ref(&p.own), masks)
            && self.has_in(&concept.not, &sites, masks, false)
    }

    /// The indicators figure `i`'s own words (its phrase, less a list
    /// heading over it) label it as: those whose every concept line they
    /// meet, one of them by a word that is no population word. A count noun
    /// names no measure ("nel 2013/14 sono 72.000 unità" are still the
    /// pupils), nor does a population alone ("occupati: 2.050.000; non
    /// comunitari: 190.000").
    fn own_labels(&self, i: usize) -> Vec<&'static Concept> {
        let own = self.phrases[i].below_heading();
        let mut masks = self.masks[i].clone();
        masks.extend(self.matches_of(&COUNT_NOUN).iter().cloned());
        let mut no_population = masks.clone();
        no_population.extend(
            (self.tags_for(i).iter())
                .filter(|(t, _)| population_of(*t).is_some())
                .map(|(_, r)| r.clone()),
        );
        (LEXICON.concepts.iter())
            .filter(|c| {
                c.concept.iter().all(|l| self.has(l, &own, &masks))
                    && c.concept.iter().any(|l| self.has(l, &own, &no_population))
            })
            .collect()
    }

    /// Whether figure `i`'s own words label it as another measure than
    /// `concept`, of the same unit.
    fn labelled_otherwise(&self, i: usize, concept: &'static Concept) -> bool {
        self.labels[i]
            .iter()
            .any(|c| c.indicator != concept.indicator && c.percent == concept.percent)
    }

    /// How well figure `i` (read as `reading`) meets `concept`: the cost of its
    /// farthest required wording, or `None` when it cannot be that indicator.
    fn fit(&self, i: usize, reading: &Reading, concept: &'static Concept) -> Option<usize> {
        if (reading.figure.unit == Unit::Percent) != concept.percent
            || matches!(reading.figure.unit, Unit::Euro | Unit::Other)
            || reading.scope != Scope::Region
        {
            return None;
        }
        if !matches!(reading.role, Role::Value | Role::Subset | Role::Denominator) {
            return None;
        }
        if !reading.meets_population(concept) {
            return None;
        }
        let p = &self.phrases[i];
        let masks = &self.masks[i];
        let own = [p.own.clone()];
        let keyed = self.keyed(concept, &own, masks);
        // The excluded wording of another figure's bracket is that figure's.
        let mut not_masks = masks.clone();
        for (g, q) in self.phrases.iter().enumerate() {
            if g != i && self.in_others_bracket(i, q.own.start) {
                not_masks.push(q.own.clone());
            }
        }
        let mut worst = 0;
        let mut sites = p.below_heading();
        if let Some(heading) = &p.heading {
            // The heading names the whole the items are parts of: its words
            // that make it a whole exclude none of them, its head noun (a
            // narrower population: "Minori non comunitari in Lombardia")
            // excludes every one. What follows the head ("…, donne e
            // minori:", "Avviamenti e cessazioni di …:") lists the items.
            // The first item's leading words are the heading: only its head
            // counts.
            let head = p.head.clone().unwrap_or_else(|| heading.clone());
            let total = self.matches_of(&TOTAL_WORD);
            not_masks.extend(
                (total.iter())
                    .filter(|r| head.start <= r.start && r.end <= head.end)
                    .cloned(),
            );
            sites.push(head);
        }
        sites.extend(p.trailing.iter().cloned());
        // An ellipsis after a rate ("il tasso … è del 34,7%, mentre quello
        // delle sole donne è del 21,3%") is that rate: its noun is this
        // figure's, though none of the other figure's modifiers are.
        let f = self.figures[i].at.start;
        // "Tasso" is masculine: "quella delle donne" stands for another noun.
        if i > 0 && RATE_ELLIPSIS.is_match(&self.lower[p.window.start..f]) {
            let before = &self.phrases[i - 1].window;
            let nouns = self.matches_of(&RATE_NOUN);
            sites.extend(
                nouns
                    .iter()
                    .filter(|r| before.start <= r.start && r.end <= before.end)
                    .cloned(),
            );
        }
        let mut borrowed = false;
        let f = self.figures[i].at.start;
        for line in &concept.concept {
            let found = self.nearest(i, line)?;
            worst = worst.max(found.cost);
            // Taken from another clause of a list ("…: 7.000; stranieri
            // residenti: 422.000"), not from a heading over it.
            borrowed |= !p.contains(found.at)
                && !p.heading.as_ref().is_some_and(|h| h.contains(&found.at))
                && self.lower[found.at.min(f)..found.at.max(f)].contains(';');
            // Wording borrowed from another figure's words brings that
            // figure's context along ("i posti SPRAR occupati sono 552, cui si
            // aggiungono 91 presenze" are not 91 employed).
            // An ellipsis ("mentre quello complessivo", "quelle costituite da
            // migranti") takes the other figure's noun, not its modifiers.
            let ellipsis = ELLIPSIS.is_match(&self.lower[p.window.start..self.figures[i].at.start]);
            if !(ellipsis || keyed && reading.role == Role::Subset) {
                if let Some(g) = found.lender {
                    sites.push(self.phrases[g].window.clone());
                }
                // Words borrowed from outside the figure's phrase come with
                // the stretch they stand in ("Gli studenti stranieri …; il
                // Politecnico ne accoglie 4.985" are no residents).
                if !p.contains(found.at) {
                    sites.push(self.stretch(found.at));
                }
            }
        }
        // A clause of a list that its own words label as another measure
        // borrows no other clause's label; a part ("di questi, non
        // comunitari: 350.000") is of its whole's measure by being a part.
        if borrowed && !keyed && reading.role != Role::Subset && self.labelled_otherwise(i, concept)
        {
            return None;
        }
        // An apposition speaks of the figure before it: its words count.
        if let Some(g) = self.restated_figure(i) {
            sites.push(self.phrases[g].window.clone());
        }
        // A clause that names no measure of its own ("occupati: 2.050.000;
        // non comunitari: 190.000") counts what the clause before it
        // counts: that clause's words exclude as its own. Under a list
        // heading the clauses are siblings, and the heading says it.
        if i > 0
            && p.heading.is_none()
            && self.text[self.figures[i - 1].at.end..f].contains(';')
            && self.labels[i].is_empty()
        {
            sites.extend(self.phrases[i - 1].ranges());
        }
        // The indicator's own key word ("presenti") outweighs excluded
        // wording around it ("in carico ai servizi e presenti").
        if worst > MAX_DISTANCE || (!keyed && self.has_in(&concept.not, &sites, &not_masks, false))
        {
            return None;
        }
        let mut own_words = p.ranges();
        own_words.extend(p.trailing.iter().cloned());
        // "I non comunitari sono passati da 58.200 a 61.400": the subject
        // before the compared figure's marker is the new value's too.
        if i > 0 && self.roles[i - 1] == Role::Comparison {
            let before = &self.phrases[i - 1].own;
            own_words.push(before.start..self.compared_words(i - 1).start);
        }
        if !self.anaphoric(i) && !concept.own.iter().all(|l| self.has(l, &own_words, masks)) {
            return None;
        }
        // A part or a total must name what it counts in its own words; a part
        // named only by its population ("di cui 2.941 non comunitari") is a
        // part of what the figure before it counts, so that must fit too.
        if matches!(reading.role, Role::Subset | Role::Denominator) {
            let named = keyed || concept.concept.iter().any(|l| self.has(l, &own, masks));
            // The non-EU part of all foreigners is the non-EU figure: "gli
            // occupati stranieri sono 241.000, di cui 176.512 di Paesi terzi".
            // So is the foreign part of everyone: "gli alunni sono 480.000,
            // di cui 62.000 stranieri".
            let whole = (i > 0).then(|| self.population(i - 1, false)).flatten();
            let narrowed = reading.role == Role::Subset
                && match concept.population {
                    Needs::NonEu => {
                        reading.population == Population::NonEu
                            && matches!(whole, Some(Population::Foreign | Population::Total) | None)
                    }
                    Needs::Foreign => {
                        reading.population == Population::Foreign
                            && matches!(whole, Some(Population::Total) | None)
                    }
                    Needs::Any => false,
                };
            if !named && !narrowed {
                return None;
            }
            if !keyed && reading.role == Role::Subset && i > 0 {
                // The whole is a total by being one: words saying so
                // ("accolti complessivamente 5.310, di cui 2.874 nelle
                // strutture temporanee") exclude no part of it.
                let whole = self.phrases[i - 1].ranges();
                let mut masks = masks.clone();
                masks.extend(self.matches_of(&TOTAL_WORD).iter().cloned());
                if self.has_in(&concept.not, &whole, &masks, false) {
                    return None;
                }
            }
        }
        Some(worst)
    }
}

/// A figure with its place in the document, for the assignment.
struct Candidate {
    statistic: usize,
    value: f64,
    /// Significant digits as printed.
    digits: usize,
    paragraph: usize,
    cost: usize,
    role: Role,
    approximate: bool,
    date: Option<String>,
    own_date: bool,
}

/// Whether `a` is a better figure than `b` for an indicator.
fn better(a: &Candidate, b: &Candidate, latest: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    // The value itself before a part or a total that could also be read so.
    let part_or_total = |c: &Candidate| c.role != Role::Value;
    let by_role = part_or_total(a).cmp(&part_or_total(b));
    if by_role != Ordering::Equal {
        return by_role;
    }
    let by_hedge = a.approximate.cmp(&b.approximate);
    if by_hedge != Ordering::Equal {
        return by_hedge;
    }
    // The same quantity printed twice, rounded once ("ben il 56%" and
    // "il 56,2%"): the more precise print wins.
    if a.digits != b.digits {
        let rounded = if a.digits < b.digits { a } else { b };
        let last_digit = 10f64
            .powi(rounded.value.abs().max(1e-9).log10().floor() as i32 - rounded.digits as i32 + 1);
        if (a.value - b.value).abs() <= last_digit / 2.0 + 1e-9 {
            return b.digits.cmp(&a.digits);
        }
    }
    // Two dated figures of one paragraph (or anywhere, where the indicator
    // asks): the latest wins.
    if (latest || a.paragraph == b.paragraph)
        && a.own_date
        && b.own_date
        && let (Some(da), Some(db)) = (&a.date, &b.date)
        && da != db
    {
        return date_key(db).cmp(&date_key(da));
    }
    if latest
        && let (Some(da), Some(db)) = (&a.date, &b.date)
        && da != db
    {
        return date_key(db).cmp(&date_key(da));
    }
    a.paragraph
        .cmp(&b.paragraph)
        .then(a.cost.cmp(&b.cost))
        .then(a.statistic.cmp(&b.statistic))
}

/// Whether a paragraph is a footnote (it opens with a footnote call): a source
/// note, not the plan's figures.
fn is_footnote(paragraph: &str) -> bool {
    paragraph
        .trim_start()
        .starts_with(['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
}

/// Character offset of byte `at` in `text`.
fn char_offset(text: &str, at: usize) -> usize {
    text[..at].chars().count()
}

/// Every figure of the paragraphs of a document of `region` (when known), with
/// the canonical indicators assigned: each indicator to one figure and each
/// figure to one indicator at most.
pub fn extract(paragraphs: &[Paragraph], region: Option<Region>) -> Vec<Statistic> {
    let mut out: Vec<Statistic> = Vec::new();
    // Per indicator, the figures that could be it.
    let concepts = &LEXICON.concepts;
    let mut candidates: Vec<Vec<Candidate>> = concepts.iter().map(|_| Vec::new()).collect();
    for (pn, p) in paragraphs
        .iter()
        .filter(|p| !is_footnote(&p.text))
        .enumerate()
    {
        let mut previous_topic: Option<Population> = None;
        let mut paragraph_date: Option<String> = None;
        let mut previous: Option<&str> = None;
        for text in sentences(&p.text) {
            let s = Sentence::read(text, region);
            let topic = s.topic(&s.tags, &[], false);
            // A figure that refers back ("se ne contano 412") to the noun of
            // the sentence before reads it there: both sentences as one.
            let joined = previous
                .filter(|_| (0..s.figures.len()).any(|i| s.refers_back(i)))
                .map(|before| {
                    let offset = |t: &str| t.as_ptr() as usize - p.text.as_ptr() as usize;
                    let both = &p.text[offset(before)..offset(text) + text.len()];
                    (Sentence::read(both, region), offset(text) - offset(before))
                });
            previous = Some(text);
            for i in 0..s.figures.len() {
                let (mut date, own_date) = s.date(i);
                if date.is_none() {
                    date = paragraph_date.clone();
                }
                let reading = Reading {
                    figure: s.figures[i].clone(),
                    scope: s.scope(i),
                    role: s.roles[i],
                    population: s
                        .population(i, false)
                        .or(previous_topic)
                        .unwrap_or_else(|| s.whole_population(i)),
                    population_of_share: s
                        .population(i, true)
                        .or(previous_topic)
                        .unwrap_or_else(|| s.whole_population(i)),
                    approximate: s.approximate(i),
                    date,
                    own_date,
                };
                let mut fits: Vec<(usize, usize)> = (concepts.iter().enumerate())
                    .filter_map(|(k, concept)| Some((k, s.fit(i, &reading, concept)?)))
                    .collect();
                if fits.is_empty()
                    && s.refers_back(i)
                    && let Some((both, shift)) = &joined
                    && let Some(j) = (both.figures.iter())
                        .position(|f| f.at.start == s.figures[i].at.start + shift)
                {
                    fits = (concepts.iter().enumerate())
                        .filter(|(_, concept)| !s.excludes(i, concept))
                        .filter_map(|(k, concept)| Some((k, both.fit(j, &reading, concept)?)))
                        .collect();
                }
                for (k, cost) in fits {
                    let printed = &text[reading.figure.at.clone()];
                    let digits = printed
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .trim_start_matches('0')
                        .len();
                    candidates[k].push(Candidate {
                        statistic: out.len(),
                        value: reading.figure.value,
                        digits,
                        paragraph: pn,
                        cost,
                        role: reading.role,
                        approximate: reading.approximate,
                        date: reading.date.clone(),
                        own_date: reading.own_date,
                    });
                }
                let at = &reading.figure.at;
                // The line the figure is printed on (`text` is a slice of the
                // paragraph's text).
                let line = p.locate(text.as_ptr() as usize - p.text.as_ptr() as usize + at.start);
                out.push(Statistic {
                    indicator: None,
                    value: reading.figure.value,
                    unit: reading.figure.unit,
                    ref_date: reading.date.clone(),
                    text: text.to_string(),
                    page: line.map_or(p.page, |l| l.page),
                    bbox: line.map(|l| l.bbox),
                    value_text: text[at.clone()].to_string(),
                    span: [char_offset(text, at.start), char_offset(text, at.end)],
                    approximate: reading.approximate,
                    scope: reading.scope,
                    role: reading.role,
                    population: reading.population,
                });
            }
            if topic.is_some() {
                previous_topic = topic;
            }
            if paragraph_date.is_none() {
                paragraph_date = (s.dates.iter())
                    .find(|(r, _)| !s.baseline_date(r))
                    .map(|(_, d)| d.clone());
            }
        }
    }
    // One figure per indicator, in the table's order (the specific before the
    // broad), and one indicator per figure.
    for (k, concept) in concepts.iter().enumerate() {
        // The preferences are not a total order (dates compare only where
        // both are written), so the best is kept by a pass, not a sort.
        let best = candidates[k]
            .iter()
            .filter(|c| out[c.statistic].indicator.is_none())
            .reduce(|best, c| {
                if better(c, best, concept.latest) == std::cmp::Ordering::Less {
                    c
                } else {
                    best
                }
            });
        if let Some(c) = best {
            out[c.statistic].indicator = Some(concept.indicator);
        }
    }
    out
}

/// The statistics of a plain-text passage (paragraphs separated by blank
/// lines, all on page 1): what `piani figures` prints, by the same code as
/// `extract`.
pub fn read_passage(text: &str, region: Option<Region>) -> Vec<Statistic> {
    let paragraphs: Vec<Paragraph> = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|text| Paragraph::from_text(text, 1))
        .collect();
    extract(&paragraphs, region)
}

/// The canonical indicators found, indicator → value.
pub fn found(statistics: &[Statistic]) -> Vec<(Indicator, f64)> {
    statistics
        .iter()
        .filter_map(|s| s.indicator.map(|i| (i, s.value)))
        .collect()
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&lexicon::LEXICON);
    LazyLock::force(&FIGURE);
    LazyLock::force(&FULL_DATE);
    LazyLock::force(&NUMERIC_DATE);
    LazyLock::force(&MONTH_YEAR);
    LazyLock::force(&SCHOOL_YEAR);
    LazyLock::force(&COUNT_BEFORE);
    LazyLock::force(&YEAR);
    LazyLock::force(&REFERENCE_BEFORE);
    LazyLock::force(&SHORT_REFERENCE_BEFORE);
    LazyLock::force(&AGE_AFTER);
    LazyLock::force(&APPOSITION);
    LazyLock::force(&ANAPHOR);
    LazyLock::force(&AGE_BEFORE);
    LazyLock::force(&RATE_BASE_BEFORE);
    LazyLock::force(&PER_HUNDRED_AFTER);
    LazyLock::force(&ELLIPSIS);
    LazyLock::force(&QUALIFIER);
    LazyLock::force(&TOTAL_WORD);
    LazyLock::force(&COUNT_NOUN);
    LazyLock::force(&RATE_ELLIPSIS);
    LazyLock::force(&RATE_NOUN);
    LazyLock::force(&PER_OTHER_BASE_AFTER);
    LazyLock::force(&PER_HUNDRED_BEFORE);
    LazyLock::force(&GLUE);
    LazyLock::force(&SO_MANY);
    LazyLock::force(&LIST_GLUE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Vec<Paragraph> {
        vec![Paragraph::from_text(text.to_string(), 5)]
    }

    fn indicator(text: &str, which: Indicator) -> Option<(f64, Option<String>)> {
        extract(&para(text), None)
            .into_iter()
            .find(|s| s.indicator == Some(which))
            .map(|s| (s.value, s.ref_date))
    }

    #[test]
    fn italian_figures_and_what_is_not_a_figure() {
        let f: Vec<f64> = figures(
            "Al 1° gennaio 2014 ammontano a 425.523 (+ 40.527), il 9,6% e oltre 95mila, 229 milioni; art. 5 e 15-64 anni, 3/08/2015, meno di 18 anni, tra i 15 e i 64 anni",
        )
        .iter()
        .map(|f| f.value)
        .collect();
        assert_eq!(f, [425_523.0, 9.6, 95_000.0, 229_000_000.0]);
        assert_eq!(figures("costituita da115.750 persone")[0].value, 115_750.0);
        assert_eq!(figures("sono 8 mila")[0].value, 8_000.0);
        assert_eq!(figures("quota 425,5 mila")[0].value, 425_500.0);
        assert_eq!(figures("1,03 milioni di cittadini")[0].value, 1_030_000.0);
        assert_eq!(figures("1.129.185 persone")[0].value, 1_129_185.0);
        let pc = &figures("l'8,7 per cento dei residenti")[0];
        assert_eq!((pc.value, pc.unit), (8.7, Unit::Percent));
        // A day in figures, a section number, a decimal point, a table.
        let none: Vec<f64> = figures(
            "al 1.1.2014, al 31.12.2014, paragrafo 2.1.3, del 3.67 e dell'1.7%, Tab. 3, Grafico 12, nota 4",
        )
        .iter()
        .map(|f| f.value)
        .collect();
        assert_eq!(none, [0.0; 0]);
    }

    #[test]
    fn boundary_words_open_with_a_space() {
        // `cut_points` looks for them at spaces only.
        assert!(BOUNDARY_WORDS.iter().all(|w| w.starts_with(' ')));
    }

    /// A date in a bracket that holds a figure of its own is that figure's,
    /// near as it stands to the figure before the bracket.
    #[test]
    fn a_bracket_keeps_its_date_to_its_figure() {
        let text = "Cittadini non comunitari regolarmente soggiornanti al 1° gennaio 2014: 24.318 (1° gennaio 2013: 22.120); minorenni: 17,6%.";
        assert_eq!(
            indicator(text, Indicator::NonComunitari),
            Some((24_318.0, Some("2014-01-01".to_string())))
        );
        assert_eq!(
            indicator(text, Indicator::MinoriNonComunitariPct),
            Some((17.6, Some("2014-01-01".to_string())))
        );
    }

    #[test]
    fn reference_dates() {
        assert_eq!(
            ref_date("al 1° gennaio 2014").as_deref(),
            Some("2014-01-01")
        );
        assert_eq!(
            ref_date("Al 30 dicembre 2014, i cittadini").as_deref(),
            Some("2014-12-30")
        );
        assert_eq!(ref_date("Ad agosto 2014").as_deref(), Some("2014-08"));
        assert_eq!(
            ref_date("nell'a.s. 2013/2014").as_deref(),
            Some("2013/2014")
        );
        assert_eq!(ref_date("nell'a.s. 2013/14").as_deref(), Some("2013/2014"));
        assert_eq!(ref_date("D.Lgs. 109/2012"), None);
        assert_eq!(ref_date("nel 2013").as_deref(), Some("2013"));
        assert_eq!(ref_date("al 31 febbraio 2014").as_deref(), Some("2014-02"));
        assert_eq!(ref_date("senza data"), None);
        assert_eq!(ref_date("al 1.1.2015").as_deref(), Some("2015-01-01"));
        assert_eq!(ref_date("(31/12/2014)").as_deref(), Some("2014-12-31"));
        // Mixed separators or no such day: no date, though the year stands.
        assert_eq!(ref_date("al 1.1/2015"), None);
        assert_eq!(ref_date("al 31.6.2014").as_deref(), Some("2014"));
    }

    #[test]
    fn each_indicator_at_most_once_and_each_figure_once() {
        let stats = extract(
            &para(
                "Le associazioni straniere sono 58. Le associazioni straniere sono 12. Le associazioni straniere sono 30.",
            ),
            None,
        );
        let tagged: Vec<f64> = stats
            .iter()
            .filter(|s| s.indicator == Some(Indicator::AssociazioniStraniere))
            .map(|s| s.value)
            .collect();
        assert_eq!(tagged, [58.0]);
        assert_eq!(stats.len(), 3, "every figure is still a statistic");
    }

    #[test]
    fn provenance_span_and_value_text() {
        let stats = extract(
            &para("In Umbria le associazioni di immigrati censite sono 47."),
            Some(Region::Umbria),
        );
        let s = &stats[0];
        assert_eq!(s.value_text, "47");
        let chars: Vec<char> = s.text.chars().collect();
        let printed: String = chars[s.span[0]..s.span[1]].iter().collect();
        assert_eq!(printed, "47");
        assert_eq!(s.indicator, Some(Indicator::AssociazioniStraniere));
    }

    #[test]
    fn msna_latest_date_wins() {
        assert_eq!(
            indicator(
                "Ad agosto 2014 risultavano segnalati 284 MSNA, di cui 228 presenti e 56 irreperibili. Al 30 giugno 2015 i MSNA presenti in Piemonte sono 293.",
                Indicator::MsnaPresenti
            ),
            Some((293.0, Some("2015-06-30".to_string())))
        );
    }
}
