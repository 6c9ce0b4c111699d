//! Sezione I figures: every number in the regional picture becomes a statistic
//! (value, unit, reference date, sentence, page), and the canonical indicators
//! are recognised from the wording around a figure by the rules in [`RULES`].
//!
//! Not figures: years, days of a date ("al 30 dicembre"), ordinals ("3° posto"),
//! age ranges ("15-64 anni"), article and law numbers ("art. 5", "n. 1"),
//! changes ("+ 40.527"), and footnote calls (kept as superscripts by the layout).

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::Paragraph;
use crate::model::{Indicator, Statistic, Unit};
use crate::text::{fold, fold_indexed};

/// How an indicator is worded. A figure is a candidate when it has the unit,
/// its clause (or, failing that, its sentence) contains every `all` phrase, at
/// least one `any` phrase when there are some, and no `none` phrase. Phrases are
/// folded (lower case, no accents or punctuation) and match word starts.
pub struct Rule {
    pub indicator: Indicator,
    pub percent: bool,
    pub all: &'static [&'static str],
    pub any: &'static [&'static str],
    pub none: &'static [&'static str],
    /// Several dated figures compete: the most recent one wins.
    pub latest: bool,
}

const fn rule(
    indicator: Indicator,
    percent: bool,
    all: &'static [&'static str],
    any: &'static [&'static str],
    none: &'static [&'static str],
) -> Rule {
    Rule {
        indicator,
        percent,
        all,
        any,
        none,
        latest: false,
    }
}

/// The canonical indicators, as the ministry's template words them:
/// (indicator, percent?, all of, any of, none of).
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    rule(Indicator::StranieriResidenti, false, &["stranieri", "residen"], &[], &["non comunitar", "nati", "provinc", "incidenz", "neet"]),
    rule(Indicator::IncidenzaStranieriPct, true, &["incidenz"], &["popolazione", "residen"], &["provinc", "non comunitar", "alunni", "scolari", "femminil", "genere"]),
    rule(Indicator::NonComunitari, false, &["componente non comunitar"], &[], &["minorenni", "donne"]),
    rule(Indicator::DonneNonComunitariePct, true, &["donne"], &["presenza", "attest"], &["lavorat"]),
    rule(Indicator::MinoriNonComunitariPct, true, &["minorenni"], &[], &[]),
    rule(Indicator::PermessoLungoSoggiornoPct, true, &["permess", "lungo"], &[], &[]),
    Rule { latest: true, ..rule(Indicator::MsnaPresenti, false, &["msna", "presenti"], &[], &["irreperibil", "segnalat"]) },
    rule(Indicator::AccoltiStruttureTemporanee, false, &["strutture temporanee"], &[], &[]),
    rule(Indicator::SprarPostiOccupati, false, &["sprar", "occupat"], &[], &[]),
    rule(Indicator::AccoltiTotale, false, &["totale", "ospitat"], &[], &[]),
    rule(Indicator::NuoviNatiStranieri, false, &["nuovi nati"], &[], &["non comunitar"]),
    rule(Indicator::AlunniStranieri, false, &[], &["scolari", "alunni"], &[]),
    rule(Indicator::StudentiUniversitariStranieri, false, &["studenti stranieri"], &["universit", "atene", "accademic"], &[]),
    rule(Indicator::OccupatiNonComunitari, false, &["occupati non comunitar"], &[], &[]),
    rule(Indicator::TassoOccupazioneNonComunitariPct, true, &["non comunitar"], &["occupata", "tasso di occupazione"], &["disoccupazione", "inattiv"]),
    rule(Indicator::TassoDisoccupazioneNonComunitariPct, true, &["tasso di disoccupazione", "non comunitar"], &[], &["giovanile"]),
    rule(Indicator::RapportiLavoroAttivatiNonComunitari, false, &["rapporti di lavoro attivati"], &[], &["cessat"]),
    rule(Indicator::TitolariImpreseIndividualiStranieri, false, &["titolari di imprese"], &[], &[]),
    rule(Indicator::CittadinanzeAcquisite, false, &["cittadinanze acquisite"], &[], &[]),
    rule(Indicator::AssociazioniStraniere, false, &[], &["associazioni straniere", "associazioni censite", "associazioni di migranti", "associazioni di immigrati"], &[]),
];

const MONTHS: [&str; 12] = [
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

// Word boundaries are ASCII ones, `(?-u:\b)`: a Unicode boundary keeps the
// regex engine off its fast path on any text with an accent, and next to a
// digit or a month's name the two differ only after an accented letter.

/// A number in Italian notation, with an optional scale word or percent sign.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(\s*%|\s*(?:mila|milioni|mln|miliardi)(?-u:\b))?")
        .expect("valid regex")
});
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,2})°?\s+(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+(\d{4})")
        .expect("valid regex")
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+(\d{4})")
        .expect("valid regex")
});
static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d\d)\s*/\s*((?:19|20)\d\d)(?-u:\b)").expect("valid regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)((?:19|20)\d\d)(?-u:\b)").expect("valid regex"));
/// Words before a number that make it an identifier, not a figure.
static REFERENCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:art\.?|artt\.?|n\.|nn\.|nr\.?|legge|l\.\s*r\.?|l\.|d\.\s*lgs\.?|dgr|dpr|comma|decreto)\s*$")
        .expect("valid regex")
});

/// A figure found in a sentence.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    value: f64,
    unit: Unit,
    /// Byte offset in the sentence.
    start: usize,
}

/// Parses an Italian number with an optional scale: "425.523", "9,6", "8 mila".
fn value(digits: &str, scale: &str) -> Option<f64> {
    let plain = digits.replace('.', "").replace(',', ".");
    let v: f64 = plain.parse().ok()?;
    let factor = match fold(scale).as_str() {
        "mila" => 1e3,
        "milioni" | "mln" => 1e6,
        "miliardi" => 1e9,
        _ => 1.0,
    };
    Some(v * factor)
}

/// The figures of one sentence, identifiers and dates left out.
fn figures(sentence: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for c in FIGURE.captures_iter(sentence) {
        let m = c.get(0).expect("whole match");
        let digits = &c[1];
        let suffix = c.get(2).map_or("", |s| s.as_str());
        let before = &sentence[..m.start()];
        let after = &sentence[m.end()..];
        // Part of a longer token: a date "3/08/2015", a code "9-1207", "2013/2014".
        if before.ends_with(|ch: char| ch.is_ascii_digit() || matches!(ch, '/' | '-' | '.' | ','))
            || after.starts_with(['/', '-', '°', 'ª', 'º'])
        {
            continue;
        }
        if before.trim_end().ends_with(['+', '±'])
            || REFERENCE_BEFORE.is_match(window_before(before))
        {
            continue;
        }
        let percent = suffix.contains('%');
        let is_year = !percent
            && suffix.is_empty()
            && digits.len() == 4
            && (digits.starts_with("19") || digits.starts_with("20"));
        // Words right after and before the number are all that tell its kind.
        let rest = fold(window_after(after));
        let is_day = !percent
            && MONTHS.iter().any(|month| {
                rest.starts_with(month) || rest.split(' ').next() == Some(&month[..3])
            });
        let is_age = rest.starts_with("anni") && before.trim_end().ends_with(['-', '–']);
        if is_year || is_day || is_age {
            continue;
        }
        let Some(v) = value(digits, suffix) else {
            continue;
        };
        let unit = if percent {
            Unit::Percent
        } else if rest.starts_with("euro") || fold(window_before(before)).ends_with("euro") {
            Unit::Euro
        } else {
            Unit::Persons
        };
        out.push(Figure {
            value: v,
            unit,
            start: m.start(),
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

/// The reference date a text gives, most precise first.
fn ref_date(text: &str) -> Option<String> {
    let month = |name: &str| {
        MONTHS
            .iter()
            .position(|m| name.eq_ignore_ascii_case(m))
            .map(|i| i + 1)
    };
    if let Some(c) = FULL_DATE.captures(text) {
        return Some(format!(
            "{}-{:02}-{:02}",
            &c[3],
            month(&c[2])?,
            c[1].parse::<u32>().ok()?
        ));
    }
    if let Some(c) = MONTH_YEAR.captures(text) {
        return Some(format!("{}-{:02}", &c[2], month(&c[1])?));
    }
    if let Some(c) = SCHOOL_YEAR.captures(text) {
        return Some(format!("{}/{}", &c[1], &c[2]));
    }
    YEAR.captures(text).map(|c| c[1].to_string())
}

/// Splits a paragraph into sentences: at ". ", "? ", "! " before a capital.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for w in chars.windows(3) {
        let ((_, a), (_, b), (k, c)) = (w[0], w[1], w[2]);
        if matches!(a, '.' | '?' | '!') && b == ' ' && c.is_uppercase() {
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

/// The clause of `sentence` around byte `at`: between commas or semicolons
/// outside parentheses.
fn clause(sentence: &str, at: usize) -> &str {
    let mut depth = 0i32;
    let mut bounds = vec![0];
    for (i, ch) in sentence.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ',' | ';' | ':' if depth == 0 => {
                // Not the comma of a number.
                let next = sentence[i + ch.len_utf8()..].chars().next();
                if !(ch == ',' && next.is_some_and(|n| n.is_ascii_digit())) {
                    bounds.push(i);
                }
            }
            _ => {}
        }
    }
    bounds.push(sentence.len());
    let k = bounds.partition_point(|&b| b <= at).max(1);
    &sentence[bounds[k - 1]..bounds[k]]
}

/// Folded positions of `phrase` at word starts in folded `text`.
fn positions(folded: &str, phrase: &str) -> Vec<usize> {
    let spaced = format!(" {folded}");
    spaced
        .match_indices(&format!(" {phrase}"))
        .map(|(i, _)| i)
        .collect()
}

/// Cost of crossing a clause boundary, in folded characters.
const CLAUSE_COST: usize = 40;
/// Farthest a figure may stand from its indicator's wording, in folded characters.
const MAX_DISTANCE: usize = 160;

/// How far a figure at byte `at` of `sentence` stands from the rule's wording:
/// the farthest required phrase (and the nearest optional one), in folded
/// characters plus [`CLAUSE_COST`] per clause boundary between them; `None` when
/// the sentence lacks the wording or has an excluded phrase.
fn distance(rule: &Rule, place: &Place) -> Option<usize> {
    // Excluded wording counts in the figure's own clause only ("…, di cui
    // 4.774 non comunitari" says nothing against the figure before it).
    if rule
        .none
        .iter()
        .any(|p| !positions(&place.clause, p).is_empty())
    {
        return None;
    }
    let s = &place.sentence;
    let here = place.at;
    let cost = |pos: usize| {
        let (lo, hi) = (pos.min(here), pos.max(here));
        let crossed = s.boundaries.iter().filter(|&&b| b > lo && b < hi).count();
        hi - lo + CLAUSE_COST * crossed
    };
    let nearest = |p: &str| positions(&s.folded, p).into_iter().map(cost).min();
    let mut worst = 0;
    for p in rule.all {
        worst = worst.max(nearest(p)?);
    }
    if !rule.any.is_empty() {
        worst = worst.max(rule.any.iter().filter_map(|p| nearest(p)).min()?);
    }
    Some(worst)
}

/// A sentence folded once for all the rules: its folded text and the folded
/// positions of its clause boundaries.
struct FoldedSentence {
    folded: String,
    boundaries: Vec<usize>,
}

impl FoldedSentence {
    fn new(sentence: &str) -> (FoldedSentence, Vec<usize>) {
        let (folded, offsets) = fold_indexed(sentence);
        let boundaries = sentence
            .char_indices()
            .filter(|&(i, ch)| {
                matches!(ch, ',' | ';' | ':')
                    && !sentence[i + 1..].starts_with(|n: char| n.is_ascii_digit())
            })
            .map(|(i, _)| offsets[i])
            .collect();
        (FoldedSentence { folded, boundaries }, offsets)
    }
}

/// Where a figure stands: its sentence, its folded position there, its folded
/// clause, and the sentence's number in the document.
struct Place {
    sentence: std::rc::Rc<FoldedSentence>,
    at: usize,
    clause: String,
    number: usize,
}

/// Whether a paragraph is a footnote (it opens with a footnote call): a source
/// note, not the plan's figures.
fn is_footnote(paragraph: &str) -> bool {
    paragraph
        .trim_start()
        .starts_with(['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
}

/// Every figure of the paragraphs, with the canonical indicators assigned, each
/// indicator to one figure and each figure to one indicator at most.
pub fn extract(paragraphs: &[Paragraph]) -> Vec<Statistic> {
    let mut out: Vec<Statistic> = Vec::new();
    let mut places: Vec<Place> = Vec::new();
    let mut sentence_no = 0;
    for p in paragraphs.iter().filter(|p| !is_footnote(&p.text)) {
        let paragraph_date = std::cell::OnceCell::new();
        for sentence in sentences(&p.text) {
            let sentence_date = std::cell::OnceCell::new();
            sentence_no += 1;
            let (folded, offsets) = FoldedSentence::new(sentence);
            let folded = std::rc::Rc::new(folded);
            for f in figures(sentence) {
                let date = ref_date(clause(sentence, f.start))
                    .or_else(|| sentence_date.get_or_init(|| ref_date(sentence)).clone())
                    .or_else(|| paragraph_date.get_or_init(|| ref_date(&p.text)).clone());
                out.push(Statistic {
                    indicator: None,
                    value: f.value,
                    unit: f.unit,
                    ref_date: date,
                    text: sentence.to_string(),
                    page: p.page,
                });
                places.push(Place {
                    sentence: folded.clone(),
                    at: offsets[f.start],
                    clause: fold(clause(sentence, f.start)),
                    number: sentence_no,
                });
            }
        }
    }
    for rule in RULES {
        // The template states its canonical figure first, so the earliest sentence
        // with the wording wins (the most recent one where the rule asks); within
        // a sentence, the figure nearest the wording.
        let pick = (0..out.len())
            .filter(|&i| {
                out[i].indicator.is_none() && (out[i].unit == Unit::Percent) == rule.percent
            })
            .filter_map(|i| {
                let d = distance(rule, &places[i])?;
                (d <= MAX_DISTANCE).then_some((d, i))
            })
            .min_by(|&(da, a), &(db, b)| {
                let recent = |i: usize| {
                    if rule.latest {
                        out[i].ref_date.clone()
                    } else {
                        None
                    }
                };
                recent(b)
                    .cmp(&recent(a))
                    .then(places[a].number.cmp(&places[b].number))
                    .then(da.cmp(&db))
            });
        if let Some((_, i)) = pick {
            out[i].indicator = Some(rule.indicator);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Vec<Paragraph> {
        vec![Paragraph {
            text: text.to_string(),
            page: 5,
        }]
    }

    fn indicator(text: &str, which: Indicator) -> Option<(f64, Option<String>)> {
        extract(&para(text))
            .into_iter()
            .find(|s| s.indicator == Some(which))
            .map(|s| (s.value, s.ref_date))
    }

    #[test]
    fn italian_figures_and_what_is_not_a_figure() {
        let f: Vec<f64> = figures(
            "Al 1° gennaio 2014 ammontano a 425.523 (+ 40.527), il 9,6% e oltre 95mila, 229 milioni; art. 5 e 15-64 anni, 3/08/2015",
        )
        .iter()
        .map(|f| f.value)
        .collect();
        assert_eq!(f, [425_523.0, 9.6, 95_000.0, 229_000_000.0]);
        assert_eq!(figures("costituita da115.750 persone")[0].value, 115_750.0);
        assert_eq!(figures("sono 8 mila")[0].value, 8_000.0);
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
        assert_eq!(ref_date("nel 2013").as_deref(), Some("2013"));
        assert_eq!(ref_date("senza data"), None);
    }

    /// One sentence per indicator from the corpus, and one reworded for the test.
    #[test]
    fn each_indicator_from_corpus_and_reworded_sentences() {
        use Indicator::*;
        let cases: &[(Indicator, &str, f64)] = &[
            (
                StranieriResidenti,
                "Gli stranieri residential 1° gennaio 2014 ammontano a 138.355, con un incremento del 15%.",
                138_355.0,
            ),
            (
                StranieriResidenti,
                "Al 1° gennaio 2014 risultano residenti in Toscana 395.573 stranieri.",
                395_573.0,
            ),
            (
                IncidenzaStranieriPct,
                "Gli stranieri sono 146.152, con un'incidenza del 9,4% sulla popolazione residente in Regione.",
                9.4,
            ),
            (
                IncidenzaStranieriPct,
                "L'incidenza sulla popolazione complessiva è pari al 10,2%.",
                10.2,
            ),
            (
                NonComunitari,
                "La sola componente non comunitaria è costituita da115.750 persone.",
                115_750.0,
            ),
            (
                NonComunitari,
                "In Regione la componente non comunitaria conta 90.112 persone.",
                90_112.0,
            ),
            (
                DonneNonComunitariePct,
                "La presenza delle donne si attesta sul 51%, mentre i minorenni (26.517) rappresentano il 22,9% della popolazione.",
                51.0,
            ),
            (
                DonneNonComunitariePct,
                "Tra i non comunitari la presenza femminile delle donne è del 47,3%.",
                47.3,
            ),
            (
                MinoriNonComunitariPct,
                "La presenza delle donne si attesta sul 51%, mentre i minorenni (26.517) rappresentano il 22,9% della popolazione.",
                22.9,
            ),
            (
                MinoriNonComunitariPct,
                "I minorenni sono il 24% dei non comunitari.",
                24.0,
            ),
            (
                PermessoLungoSoggiornoPct,
                "Tra i soggiornanti 606.282 sono titolari di un permesso di lungo periodo (58,9%).",
                58.9,
            ),
            (
                PermessoLungoSoggiornoPct,
                "Il 60,1% ha un permesso UE per soggiornanti di lungo periodo.",
                60.1,
            ),
            (
                MsnaPresenti,
                "Ad agosto 2014 risultavano segnalati 284 MSNA, di cui 228 presenti e 56 irreperibili. Al 30 giugno 2015 i MSNA presenti in Piemonte sono 293.",
                293.0,
            ),
            (
                MsnaPresenti,
                "I MSNA presenti al 31 marzo 2015 sono 120.",
                120.0,
            ),
            (
                AccoltiStruttureTemporanee,
                "I cittadini immigrati presenti al 30 dicembre 2014 nelle strutture temporanee liguri sono 956, i posti SPRAR occupati sono 313, per un totale di 1.296 immigrati ospitati sul territorio regionale (il 2% del totale nazionale).",
                956.0,
            ),
            (
                SprarPostiOccupati,
                "I cittadini immigrati presenti al 30 dicembre 2014 nelle strutture temporanee liguri sono 956, i posti SPRAR occupati sono 313, per un totale di 1.296 immigrati ospitati sul territorio regionale.",
                313.0,
            ),
            (
                AccoltiTotale,
                "I cittadini immigrati presenti al 30 dicembre 2014 nelle strutture temporanee liguri sono 956, i posti SPRAR occupati sono 313, per un totale di 1.296 immigrati ospitati sul territorio regionale.",
                1_296.0,
            ),
            (
                AccoltiTotale,
                "Nel complesso risultano ospitati in totale 2.001 migranti.",
                2_001.0,
            ),
            (
                NuoviNatiStranieri,
                "Sono 7.030 i nuovi nati stranieri residenti in Piemonte nel 2013, di cui 4.774 non comunitari.",
                7_030.0,
            ),
            (
                AlunniStranieri,
                "Nell'anno scolastico 2013/2014,la componente straniera, 23.011 scolari, incide per l'11,7% sul totale.",
                23_011.0,
            ),
            (
                AlunniStranieri,
                "Gli alunni con cittadinanza non italiana sono 31.400 nell'a.s. 2013/2014.",
                31_400.0,
            ),
            (
                StudentiUniversitariStranieri,
                "Nell'anno accademico 2013/2014 gli studenti stranieri iscritti negli Atenei del Piemonte sono 9.073. Di essi, 7.231 sono cittadini non comunitari.",
                9_073.0,
            ),
            (
                OccupatiNonComunitari,
                "In valori assoluti gli occupati non comunitari sono 430.616.",
                430_616.0,
            ),
            (
                TassoOccupazioneNonComunitariPct,
                "Secondo i dati Istat (Rcfl, media annuale 2013), il 53,8% della popolazione non comunitaria (15-64 anni) è occupata.",
                53.8,
            ),
            (
                TassoOccupazioneNonComunitariPct,
                "Il tasso di occupazione dei non comunitari è del 55,0%.",
                55.0,
            ),
            (
                TassoDisoccupazioneNonComunitariPct,
                "Il tasso di disoccupazione (15 anni e oltre) dei non comunitari è pari al 25,8%, superiore a quello degli italiani.",
                25.8,
            ),
            (
                RapportiLavoroAttivatiNonComunitari,
                "Nel corso del 2013, i rapporti di lavoro attivati per cittadini non comunitari sono stati 58.834.",
                58_834.0,
            ),
            (
                TitolariImpreseIndividualiStranieri,
                "I titolari di imprese individuali nati in uno Stato estero all'interno della Regione sono 12.324.",
                12_324.0,
            ),
            (
                CittadinanzeAcquisite,
                "Secondo il censimento 2011, su 22.241 cittadinanze italiane acquisite, 15.786 sono di cittadini non comunitari. Sono 1.237 le cittadinanze acquisite nella sola annualità 2012.",
                1_237.0,
            ),
            (
                AssociazioniStraniere,
                "Le associazioni straniere presenti in Liguria sono 58.",
                58.0,
            ),
            (
                AssociazioniStraniere,
                "Le Associazioni censite in Lombardia sono 480.",
                480.0,
            ),
        ];
        for (which, text, want) in cases {
            let got = indicator(text, *which).map(|(v, _)| v);
            assert_eq!(got, Some(*want), "{which:?}: {text}");
        }
        assert_eq!(
            indicator(
                "Al 30 giugno 2015 i MSNA presenti in Piemonte sono 293.",
                Indicator::MsnaPresenti
            )
            .and_then(|(_, d)| d)
            .as_deref(),
            Some("2015-06-30")
        );
    }

    #[test]
    fn each_indicator_at_most_once() {
        let stats = extract(&para(
            "Le associazioni straniere sono 58. Le associazioni straniere sono 12. Le associazioni straniere sono 30.",
        ));
        let tagged: Vec<f64> = stats
            .iter()
            .filter(|s| s.indicator == Some(Indicator::AssociazioniStraniere))
            .map(|s| s.value)
            .collect();
        assert_eq!(tagged, [58.0]);
        assert_eq!(stats.len(), 3, "every figure is still a statistic");
    }
}
