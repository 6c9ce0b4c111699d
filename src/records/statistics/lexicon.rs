//! The wording tables of the statistics reader, loaded from `indicators.txt`:
//! each canonical indicator described by its concept (synonyms, required
//! qualifiers, excluded wording), and the marker words that tell a figure's
//! population, scope and role. The tables are data so that a domain expert can
//! read and extend them without reading Rust; this module only parses them
//! into regexes over folded text (see [`crate::text::fold`]).

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, LazyLock, OnceLock};

use regex::{Regex, RegexSet};

use crate::model::{Indicator, Region};

/// The table, compiled into the binary.
const SOURCE: &str = include_str!("indicators.txt");

/// Whose figure an indicator must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Non-EU citizens only.
    NonEu,
    /// All foreigners (EU and non-EU), not the non-EU alone.
    Foreign,
    /// No population requirement (reception, MSNA, citizenships, associations).
    Any,
}

/// A regex of the table, compiled on first use: a run reads few of the
/// table's regexes (a concept's lines are tried only for figures of its unit,
/// population and place; one region's own words only), and compiling them
/// all took a twentieth of a whole extraction.
#[derive(Debug)]
pub struct Pattern {
    source: String,
    regex: OnceLock<Regex>,
}

impl Pattern {
    fn new(source: String) -> Pattern {
        Pattern {
            source,
            regex: OnceLock::new(),
        }
    }

    /// The regex's source, over folded text, to build a larger one with.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl Deref for Pattern {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.regex.get_or_init(|| compile(&self.source))
    }
}

/// One alternative of a concept line: phrases that must all be present.
#[derive(Debug)]
pub struct Alternative {
    /// Shared by every line that names the same phrases (see [`Patterns`]).
    pub all: Vec<Arc<Pattern>>,
}

/// A requirement: any of its alternatives.
#[derive(Debug, Default)]
pub struct Line {
    pub alternatives: Vec<Alternative>,
}

/// One canonical indicator, as `indicators.txt` describes it.
#[derive(Debug)]
pub struct Concept {
    pub indicator: Indicator,
    pub percent: bool,
    pub population: Needs,
    /// A share of the whole population: "popolazione residente" is its
    /// denominator, not another population.
    pub of_population: bool,
    /// Every line must be met near the figure.
    pub concept: Vec<Line>,
    /// Every line must be met in the figure's own phrase.
    pub own: Vec<Line>,
    /// Words of which one must be in a subset's or denominator's own phrase.
    pub key: Line,
    /// Wording that makes a figure another measure.
    pub not: Line,
    /// The latest reference date wins across the whole document.
    pub latest: bool,
}

/// What a marker word says about the figure whose phrase holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Neutral,
    NonEu,
    Foreign,
    Eu,
    Italian,
    /// One nationality or origin ("marocchini", "di origine africana").
    Group,
    /// Words that make the nationalities after them what a population is
    /// made of, not a part of it ("principalmente marocchini e albanesi").
    Composition,
    Total,
    /// The document's own region (filled per region at match time).
    OwnRegion,
    OtherRegion,
    WiderArea,
    National,
    MacroArea,
    Institution,
    Province,
    City,
    ChangeBefore,
    ChangeAfter,
    Comparison,
    FromBefore,
    Movement,
    Subset,
    Denominator,
    /// A verb of level before "su": "si attestano su 52.300" is the value,
    /// not a denominator.
    LevelBefore,
    HedgeBefore,
    HedgeAfter,
    OtherNoun,
}

/// The place and population tags, in the order in which they claim words:
/// a phrase of an earlier tag keeps its words from the later ones.
pub const CLAIM_ORDER: &[Tag] = &[
    Tag::Neutral,
    Tag::Composition,
    Tag::Institution,
    Tag::WiderArea,
    Tag::OwnRegion,
    Tag::OtherRegion,
    // "Foreign" phrases name both EU and non-EU ("comunitari ed
    // extracomunitari"), so they claim before the non-EU words.
    Tag::Foreign,
    Tag::NonEu,
    Tag::Eu,
    Tag::Italian,
    Tag::Group,
    Tag::Total,
    Tag::National,
    Tag::MacroArea,
    Tag::Province,
    Tag::City,
];

/// The parsed table.
pub struct Lexicon {
    pub concepts: Vec<Concept>,
    /// Marker phrases per tag (place, population and role words).
    pub markers: HashMap<Tag, Pattern>,
    /// Each region's names.
    pub region_names: HashMap<Region, Pattern>,
    /// The same names as one set, in [`Region::ALL`] order: which regions a
    /// sentence names, found in one pass. A sentence seldom names a region,
    /// and searching for each region in turn took a third of claiming.
    pub region_set: RegexSet,
    /// What names the region in its own texts: its names, the generic words
    /// that mean the region itself only there ("provincia" for Trento), and
    /// "regione", "regionale".
    pub region_own: HashMap<Region, Pattern>,
    /// Institutions followed by a city name ("università di Genova").
    pub institution: Pattern,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| parse(SOURCE));

/// A pattern that matches nothing: the place in a set of a region the table
/// gives no names.
const NOTHING: &str = r"[^\s\S]";

/// The pattern of one phrase over folded text, without its word boundaries:
/// words separated by single spaces, `*` for any ending. Folded text is ASCII,
/// so the word class is the ASCII one: Unicode `\w` costs each of hundreds of
/// patterns megabytes and start-up time.
fn phrase_body(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| match w.strip_suffix('*') {
            Some(stem) => format!("{}(?-u:\\w)*", regex::escape(stem)),
            None => regex::escape(w),
        })
        .collect();
    words.join(" ")
}

/// Any of the phrases, as whole words. Boundaries are needed only at the two
/// ends of the whole alternation (inside a phrase a space separates the
/// words, and a starred ending runs to the end of its word); one boundary per
/// word made compiling the table a fifth slower.
fn whole_words(bodies: &[String]) -> String {
    format!("(?-u:\\b)(?:{})(?-u:\\b)", bodies.join("|"))
}

/// The regex of one phrase.
fn phrase_pattern(phrase: &str) -> String {
    whole_words(&[phrase_body(phrase)])
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("indicators.txt: bad phrase {pattern}: {e}"))
}

/// Alternatives separated by `|`.
fn alternatives(list: &str) -> impl Iterator<Item = &str> {
    list.split('|').map(str::trim).filter(|p| !p.is_empty())
}

/// A line of alternatives, each possibly "a + b". The alternatives of one
/// phrase are compiled as one pattern (any of them), shortest first so that
/// each match is the tightest: hundreds of small patterns took most of a
/// worker's start-up.
fn line(list: &str, patterns: &mut Patterns) -> Line {
    let (mut single, several): (Vec<&str>, Vec<&str>) =
        alternatives(list).partition(|alt| !alt.contains(" + "));
    single.sort_by_key(|p| p.len());
    let mut alternatives: Vec<Alternative> = several
        .into_iter()
        .map(|alt| Alternative {
            all: alt
                .split(" + ")
                .map(|p| patterns.get(phrase_pattern(p.trim())))
                .collect(),
        })
        .collect();
    if !single.is_empty() {
        let phrases: Vec<String> = single.iter().map(|p| p.to_string()).collect();
        alternatives.insert(
            0,
            Alternative {
                all: vec![patterns.get(union_pattern(&phrases))],
            },
        );
    }
    Line { alternatives }
}

/// One regex matching any of the phrases.
fn union(phrases: &[String]) -> Pattern {
    Pattern::new(union_pattern(phrases))
}

fn union_pattern(phrases: &[String]) -> String {
    let bodies: Vec<String> = phrases.iter().map(|p| phrase_body(p)).collect();
    whole_words(&bodies)
}

/// The concept lines' patterns, one per distinct source: the lines repeat
/// phrases ("accogli*" in seven indicators), and a shared pattern is compiled
/// once and searched once per sentence (the reader caches matches by regex).
#[derive(Default)]
struct Patterns(HashMap<String, Arc<Pattern>>);

impl Patterns {
    fn get(&mut self, source: String) -> Arc<Pattern> {
        let shared = self
            .0
            .entry(source)
            .or_insert_with_key(|source| Arc::new(Pattern::new(source.clone())));
        Arc::clone(shared)
    }
}

fn indicator_named(name: &str) -> Indicator {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
        .unwrap_or_else(|_| panic!("indicators.txt: unknown indicator {name}"))
}

fn region_named(name: &str) -> Region {
    *Region::ALL
        .iter()
        .find(|r| r.name() == name)
        .unwrap_or_else(|| panic!("indicators.txt: unknown region {name}"))
}

fn tag_named(name: &str) -> Option<Tag> {
    Some(match name {
        "neutral" => Tag::Neutral,
        "non_eu" => Tag::NonEu,
        "foreign" => Tag::Foreign,
        "eu" => Tag::Eu,
        "italian" => Tag::Italian,
        "group" => Tag::Group,
        "composition" => Tag::Composition,
        "total" => Tag::Total,
        "national" => Tag::National,
        "macro_area" => Tag::MacroArea,
        "wider_area" => Tag::WiderArea,
        "province" => Tag::Province,
        "institution" => Tag::Institution,
        "city" => Tag::City,
        "change_before" => Tag::ChangeBefore,
        "change_after" => Tag::ChangeAfter,
        "comparison" => Tag::Comparison,
        "from_before" => Tag::FromBefore,
        "movement" => Tag::Movement,
        "subset" => Tag::Subset,
        "denominator" => Tag::Denominator,
        "level_before" => Tag::LevelBefore,
        "hedge_before" => Tag::HedgeBefore,
        "hedge_after" => Tag::HedgeAfter,
        "other_noun" => Tag::OtherNoun,
        _ => return None,
    })
}

fn parse(source: &str) -> Lexicon {
    let mut concepts: Vec<Concept> = Vec::new();
    let mut marker_phrases: HashMap<Tag, Vec<String>> = HashMap::new();
    let mut regions: HashMap<Region, (Vec<String>, Vec<String>)> = HashMap::new();
    let mut patterns = Patterns::default();
    for raw in source.lines() {
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if let Some(header) = text.strip_prefix("== ") {
            if let Some(name) = header.strip_prefix("indicator ") {
                concepts.push(Concept {
                    indicator: indicator_named(name.trim()),
                    percent: false,
                    population: Needs::Any,
                    of_population: false,
                    concept: Vec::new(),
                    own: Vec::new(),
                    key: Line::default(),
                    not: Line::default(),
                    latest: false,
                });
            }
            continue;
        }
        let (key, value) = text
            .split_once(':')
            .unwrap_or_else(|| panic!("indicators.txt: no ':' in {text:?}"));
        let key = key.trim();
        if let Some(name) = key.strip_prefix("region ") {
            let entry = regions.entry(region_named(name.trim())).or_default();
            entry.0.extend(alternatives(value).map(String::from));
            continue;
        }
        if let Some(name) = key.strip_prefix("own ") {
            let entry = regions.entry(region_named(name.trim())).or_default();
            entry.1.extend(alternatives(value).map(String::from));
            continue;
        }
        if let Some(tag) = tag_named(key) {
            marker_phrases
                .entry(tag)
                .or_default()
                .extend(alternatives(value).map(String::from));
            continue;
        }
        let c = concepts
            .last_mut()
            .unwrap_or_else(|| panic!("indicators.txt: {key} outside an indicator"));
        let value = value.trim();
        match key {
            "unit" => c.percent = value == "percent",
            "population" => {
                c.population = match value {
                    "non_eu" => Needs::NonEu,
                    "foreign" => Needs::Foreign,
                    "any" => Needs::Any,
                    other => panic!("indicators.txt: unknown population {other}"),
                }
            }
            "of_population" => c.of_population = value == "yes",
            "latest" => c.latest = value == "yes",
            "concept" => c.concept.push(line(value, &mut patterns)),
            "own" => c.own.push(line(value, &mut patterns)),
            "key" => c
                .key
                .alternatives
                .extend(line(value, &mut patterns).alternatives),
            "not" => c
                .not
                .alternatives
                .extend(line(value, &mut patterns).alternatives),
            other => panic!("indicators.txt: unknown key {other}"),
        }
    }
    let institutions = marker_phrases.remove(&Tag::Institution).unwrap_or_default();
    let cities = marker_phrases.get(&Tag::City).cloned().unwrap_or_default();
    let institution = {
        let a: Vec<String> = institutions.iter().map(|p| phrase_body(p)).collect();
        let b: Vec<String> = cities.iter().map(|p| phrase_body(p)).collect();
        // "gli atenei di Trieste e di Udine": every city of the list, each a
        // whole word.
        let city = format!("(?:{})(?-u:\\b)", b.join("|"));
        Pattern::new(format!(
            "(?-u:\\b)(?:{}) {city}(?: (?:e|ed) (?:di |del |della )?{city})*",
            a.join("|")
        ))
    };
    let markers = marker_phrases
        .into_iter()
        .map(|(tag, phrases)| (tag, union(&phrases)))
        .collect();
    let region_names: HashMap<Region, Pattern> = regions
        .iter()
        .map(|(r, (names, _))| (*r, union(names)))
        .collect();
    let region_set = RegexSet::new(
        Region::ALL
            .iter()
            .map(|r| region_names.get(r).map_or(NOTHING, |p| p.source.as_str())),
    )
    .unwrap_or_else(|e| panic!("indicators.txt: bad region names: {e}"));
    let region_own = regions
        .into_iter()
        .map(|(r, (mut names, own))| {
            names.extend(own);
            names.extend(["regione", "regionale", "regionali"].map(String::from));
            (r, union(&names))
        })
        .collect();
    Lexicon {
        concepts,
        markers,
        region_names,
        region_set,
        region_own,
        institution,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_covers_every_indicator_once() {
        let lex = &*LEXICON;
        assert_eq!(lex.concepts.len(), 20);
        let mut seen: Vec<Indicator> = lex.concepts.iter().map(|c| c.indicator).collect();
        seen.dedup();
        assert_eq!(seen.len(), 20);
        assert_eq!(lex.region_names.len(), 21);
        assert!(lex.markers[&Tag::NonEu].is_match("cittadini di paesi terzi"));
        assert!(lex.institution.is_match("universita di genova"));
    }

    /// Patterns compile on first use: a bad phrase must still fail a test.
    #[test]
    fn every_pattern_compiles() {
        let lex = &*LEXICON;
        let lines = lex
            .concepts
            .iter()
            .flat_map(|c| c.concept.iter().chain(&c.own).chain([&c.key, &c.not]));
        let patterns = lines
            .flat_map(|l| &l.alternatives)
            .flat_map(|a| a.all.iter().map(|p| &**p))
            .chain(lex.markers.values())
            .chain(lex.region_names.values())
            .chain(lex.region_own.values())
            .chain([&lex.institution]);
        for p in patterns {
            let _: &Regex = p;
        }
    }

    #[test]
    fn stars_match_endings_and_plain_words_match_whole_words() {
        let r = compile(&phrase_pattern("stranier*"));
        assert!(r.is_match("gli stranieri"));
        let r = compile(&phrase_pattern("cas"));
        assert!(r.is_match("nei cas dell isola"));
        assert!(!r.is_match("caserta"));
    }
}
