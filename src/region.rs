//! Region: which of the 21 regions and autonomous provinces submitted the plan.
//!
//! Every mention scores: "Regione X" (or "Provincia autonoma di X") counts
//! [`NAMED_WEIGHT`], a bare capitalised name counts 1, since plans compare
//! themselves with their neighbours. Mentions on the cover (the first page with
//! text) and in the running header count [`COVER_FACTOR`] times; a line that is
//! only "REGIONE X" (a cover title) counts again as much. The best region wins when
//! it scores at least [`MIN_SCORE`] and [`MIN_LEAD`] times the runner-up; otherwise
//! the region is `null` with a warning naming the candidates.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::layout::{Line, PageLayout};
use crate::model::{Region, Warning, WarningCode};
use crate::text::{fold, strip_accents};

const NAMED_WEIGHT: f64 = 3.0;
const COVER_FACTOR: f64 = 3.0;
const MIN_SCORE: f64 = 3.0;
const MIN_LEAD: f64 = 2.0;

/// Accent-free spellings of each region's name, as a regex fragment.
fn names(region: Region) -> &'static str {
    match region {
        Region::Abruzzo => "Abruzzo",
        Region::Basilicata => "Basilicata",
        Region::Calabria => "Calabria",
        Region::Campania => "Campania",
        Region::EmiliaRomagna => r"Emilia[\s-]*Romagna",
        Region::FriuliVeneziaGiulia => r"Friuli[\s-]*Venezia[\s-]*Giulia",
        Region::Lazio => "Lazio",
        Region::Liguria => "Liguria",
        Region::Lombardia => "Lombardia",
        Region::Marche => "Marche",
        Region::Molise => "Molise",
        Region::Piemonte => "Piemonte",
        Region::Puglia => "Puglia",
        Region::Sardegna => "Sardegna",
        Region::Sicilia => "Sicilia(?:na)?",
        Region::Toscana => "Toscana",
        Region::Umbria => "Umbria",
        Region::ValleDAosta => r"Valle\s*d\W?\s*Aosta|Vallee\s*d\W?\s*Aoste",
        Region::Veneto => "Veneto",
        Region::Bolzano => r"Bolzano|Alto\s+Adige|Sudtirol",
        Region::Trento => "Trento",
    }
}

/// A region's two patterns, each compiled on first use: most documents name
/// only a few regions, and compiling all 42 took most of this module's time.
struct Patterns {
    region: Region,
    /// "Regione (autonoma) (della) X", "Provincia autonoma di X": any case.
    named: OnceLock<Regex>,
    /// The bare name in any case; only capitalised matches count (so "marche",
    /// the noun, does not).
    bare: OnceLock<Regex>,
}

impl Patterns {
    fn named(&self) -> &Regex {
        self.named.get_or_init(|| {
            let n = names(self.region);
            Regex::new(&format!(
                r"(?i)(?-u:\b)(?:{prefixes})(?:\s+autonoma)?(?:\s+(?:della|del|dell\W?|di))?\s*(?:{n})(?-u:\b)",
                prefixes = NAMED_PREFIXES.join("|")
            ))
            .expect("valid regex")
        })
    }

    fn bare(&self) -> &Regex {
        self.bare.get_or_init(|| {
            // ASCII word boundaries, `(?-u:\b)`, are enough on accent-free text
            // and keep the regex engine on its fast path.
            Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", names(self.region)))
                .expect("valid regex")
        })
    }
}

/// The words that open a named mention. Under `(?i)` each matches only its
/// ASCII case variants (none of their letters has another case form), so a
/// line whose lower case holds none of them has no named mention.
const NAMED_PREFIXES: [&str; 2] = ["regione", "provincia"];

static PATTERNS: LazyLock<Vec<Patterns>> = LazyLock::new(|| {
    Region::ALL
        .iter()
        .map(|&region| Patterns {
            region,
            named: OnceLock::new(),
            bare: OnceLock::new(),
        })
        .collect()
});

/// Lower-case words of which every spelling of the region's name contains
/// one (after accents are stripped): lines with none of them need no regex.
fn needles(region: Region) -> &'static [&'static str] {
    match region {
        Region::EmiliaRomagna => &["romagna"],
        Region::FriuliVeneziaGiulia => &["friuli"],
        Region::ValleDAosta => &["vall"],
        Region::Bolzano => &["bolzano", "adige", "sudtirol"],
        Region::Trento => &["trento"],
        Region::Abruzzo => &["abruzzo"],
        Region::Basilicata => &["basilicata"],
        Region::Calabria => &["calabria"],
        Region::Campania => &["campania"],
        Region::Lazio => &["lazio"],
        Region::Liguria => &["liguria"],
        Region::Lombardia => &["lombardia"],
        Region::Marche => &["marche"],
        Region::Molise => &["molise"],
        Region::Piemonte => &["piemonte"],
        Region::Puglia => &["puglia"],
        Region::Sardegna => &["sardegna"],
        Region::Sicilia => &["sicilia"],
        Region::Toscana => &["toscana"],
        Region::Umbria => &["umbria"],
        Region::Veneto => &["veneto"],
    }
}

/// Every region's needles in one search: most lines name no region, and one
/// search skips them, where each region's words were looked for in turn and
/// Bolzano's regex ran on every line.
static ANY_NEEDLE: LazyLock<Regex> = LazyLock::new(|| {
    let all: Vec<String> = Region::ALL
        .iter()
        .flat_map(|&r| needles(r))
        .map(|n| regex::escape(n))
        .collect();
    Regex::new(&all.join("|")).expect("valid regex")
});

/// Scores every region mentioned in `text`, with `factor` for where it stands.
fn score_line(text: &str, factor: f64, scores: &mut HashMap<Region, f64>) {
    let text = strip_accents(text);
    let lower = text.to_lowercase();
    if !ANY_NEEDLE.is_match(&lower) {
        return;
    }
    let may_be_named = NAMED_PREFIXES.iter().any(|w| lower.contains(w));
    for p in PATTERNS.iter() {
        if !needles(p.region).iter().any(|n| lower.contains(n)) {
            continue;
        }
        let named = if may_be_named {
            p.named().find_iter(&text).count() as f64
        } else {
            0.0
        };
        let bare = p
            .bare()
            .find_iter(&text)
            .filter(|m| m.as_str().starts_with(char::is_uppercase))
            .count() as f64;
        if named + bare == 0.0 {
            continue;
        }
        let mut score = (named * NAMED_WEIGHT + (bare - named).max(0.0)) * factor;
        // A line that is only "Regione X": a cover title.
        if named > 0.0 && fold(&p.named().replace_all(&text, "")).is_empty() {
            score += NAMED_WEIGHT * factor;
        }
        *scores.entry(p.region).or_default() += score;
    }
}

/// Detects the region from the page text and the running header/footer lines
/// (each distinct furniture text counted once).
pub fn detect(pages: &[PageLayout], furniture: &[Line]) -> (Option<Region>, Option<Warning>) {
    let mut scores: HashMap<Region, f64> = HashMap::new();
    let cover = pages.iter().find(|p| !p.lines.is_empty()).map(|p| p.number);
    for page in pages {
        let factor = if Some(page.number) == cover {
            COVER_FACTOR
        } else {
            1.0
        };
        for line in &page.lines {
            score_line(&line.text(), factor, &mut scores);
        }
    }
    let mut seen = std::collections::HashSet::new();
    for line in furniture {
        let text = line.text();
        if seen.insert(fold(&text)) {
            score_line(&text, COVER_FACTOR, &mut scores);
        }
    }
    decide(scores)
}

fn decide(scores: HashMap<Region, f64>) -> (Option<Region>, Option<Warning>) {
    let mut ranked: Vec<(Region, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let best = ranked.first().copied();
    let runner_up = ranked.get(1).map_or(0.0, |r| r.1);
    match best {
        Some((region, score)) if score >= MIN_SCORE && score >= MIN_LEAD * runner_up => {
            (Some(region), None)
        }
        _ => {
            let candidates: Vec<String> = ranked
                .iter()
                .take(3)
                .map(|(r, s)| format!("{} ({s})", r.name()))
                .collect();
            let message = if candidates.is_empty() {
                "no region is named in the document".to_string()
            } else {
                format!("region unclear; candidates: {}", candidates.join(", "))
            };
            (
                None,
                Some(Warning {
                    code: WarningCode::RegionUncertain,
                    message,
                    page: None,
                }),
            )
        }
    }
}

/// Compiles the patterns every document needs now, ahead of their first use
/// (see [`crate::document::prepare`]); a region's own are compiled when a
/// page names it.
pub(crate) fn prepare() {
    LazyLock::force(&PATTERNS);
    LazyLock::force(&ANY_NEEDLE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(lines: &[(&str, f64)]) -> HashMap<Region, f64> {
        let mut s = HashMap::new();
        for (text, factor) in lines {
            score_line(text, *factor, &mut s);
        }
        s
    }

    #[test]
    fn regione_x_outweighs_neighbours_mentioned_in_passing() {
        let s = scores(&[
            (
                "La Liguria si attesta al 3° posto (dopo la Lombardia ed il Piemonte)",
                1.0,
            ),
            ("la Regione Liguria ha avviato", 1.0),
            ("REGIONE LIGURIA", 1.0),
        ]);
        assert_eq!(decide(s).0, Some(Region::Liguria));
    }

    #[test]
    fn official_long_forms_are_recognised() {
        for (text, region) in [
            ("Regione Autonoma della Sardegna", Region::Sardegna),
            ("Regione del Veneto", Region::Veneto),
            ("Regione Autonoma Valle d'Aosta", Region::ValleDAosta),
            (
                "Regione Autonoma Friuli Venezia Giulia",
                Region::FriuliVeneziaGiulia,
            ),
            ("REGIONE EMILIA-ROMAGNA", Region::EmiliaRomagna),
            ("Provincia autonoma di Trento", Region::Trento),
            ("Regione Siciliana", Region::Sicilia),
            ("Regione Marche", Region::Marche),
            ("Provincia autonoma di Bolzano", Region::Bolzano),
            ("PROVINCIA AUTONOMA ALTO ADIGE", Region::Bolzano),
            ("Autonome Provinz Bozen - Südtirol", Region::Bolzano),
        ] {
            let (got, warning) = decide(scores(&[(text, COVER_FACTOR)]));
            assert_eq!(got, Some(region), "{text}");
            assert!(warning.is_none());
        }
    }

    #[test]
    fn the_common_noun_marche_is_not_the_region() {
        let s = scores(&[("le marche dei prodotti", 1.0)]);
        assert!(s.is_empty());
    }

    #[test]
    fn unclear_documents_get_null_and_a_warning() {
        let (region, warning) = decide(scores(&[("Regione Toscana e Regione Umbria", 1.0)]));
        assert_eq!(region, None);
        let w = warning.unwrap();
        assert_eq!(w.code, WarningCode::RegionUncertain);
        assert!(
            w.message.contains("Toscana") && w.message.contains("Umbria"),
            "{}",
            w.message
        );
        let (region, warning) = decide(HashMap::new());
        assert_eq!(region, None);
        assert_eq!(
            warning.unwrap().message,
            "no region is named in the document"
        );
    }
}
