//! The wording tables of the statistics reader, loaded from `indicators.txt`:
//! each canonical indicator described by its concept (synonyms, required
//! qualifiers, excluded wording), and the marker words that tell a figure's
//! population, scope and role. The tables are data so that a domain expert can
//! read and extend them without reading Rust; this module only parses them
//! into phrase lists matched on folded text (see [`super::phrases`]).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use super::phrases::{Institutions, Phrases};
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

/// One alternative of a concept line: phrases that must all be present.
#[derive(Debug)]
pub struct Alternative {
    /// Shared by every line that names the same phrases (see [`Patterns`]).
    pub all: Vec<Arc<Phrases>>,
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
    pub markers: HashMap<Tag, Phrases>,
    /// Each region's names.
    pub region_names: HashMap<Region, Phrases>,
    /// The same names in one index, each owned by its region's place in
    /// [`Region::ALL`]: which regions a sentence names, found in one pass. A
    /// sentence seldom names a region, and searching for each region in turn
    /// took a third of claiming.
    pub region_set: Phrases,
    /// What names the region in its own texts: its names, the generic words
    /// that mean the region itself only there ("provincia" for Trento), and
    /// "regione", "regionale".
    pub region_own: HashMap<Region, Phrases>,
    /// Institutions followed by a city name ("università di Genova").
    pub institution: Institutions,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| parse(SOURCE));

/// Alternatives separated by `|`.
fn alternatives(list: &str) -> impl Iterator<Item = &str> {
    list.split('|').map(str::trim).filter(|p| !p.is_empty())
}

/// A line of alternatives, each possibly "a + b". The alternatives of one
/// phrase are matched as one list (any of them), shortest first so that each
/// match is the tightest.
fn line(list: &str, patterns: &mut Patterns) -> Line {
    let (mut single, several): (Vec<&str>, Vec<&str>) =
        alternatives(list).partition(|alt| !alt.contains(" + "));
    single.sort_by_key(|p| p.len());
    let mut alternatives: Vec<Alternative> = several
        .into_iter()
        .map(|alt| Alternative {
            all: alt
                .split(" + ")
                .map(|p| patterns.get(&[p.trim()]))
                .collect(),
        })
        .collect();
    if !single.is_empty() {
        alternatives.insert(
            0,
            Alternative {
                all: vec![patterns.get(&single)],
            },
        );
    }
    Line { alternatives }
}

/// The phrases of a list of the table, in its order.
fn phrases<S: AsRef<str>>(list: &[S]) -> Phrases {
    Phrases::new(list.iter().map(AsRef::as_ref)).unwrap_or_else(|e| panic!("indicators.txt: {e}"))
}

/// The concept lines' phrase lists, one per distinct list: the lines repeat
/// phrases ("accogli*" in seven indicators), and a shared list is searched
/// once per sentence (the reader caches matches by list).
#[derive(Default)]
struct Patterns(HashMap<Vec<String>, Arc<Phrases>>);

impl Patterns {
    fn get(&mut self, list: &[&str]) -> Arc<Phrases> {
        let key: Vec<String> = list.iter().map(|p| p.to_string()).collect();
        let shared = self
            .0
            .entry(key)
            .or_insert_with_key(|key| Arc::new(phrases(key)));
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
    // "gli atenei di Trieste e di Udine": every city of the list.
    let institution = Institutions {
        institutions: phrases(&institutions),
        places: phrases(&cities),
    };
    let markers = marker_phrases
        .into_iter()
        .map(|(tag, list)| (tag, phrases(&list)))
        .collect();
    let region_names: HashMap<Region, Phrases> = regions
        .iter()
        .map(|(r, (names, _))| (*r, phrases(names)))
        .collect();
    let region_set = Phrases::owned(Region::ALL.iter().enumerate().flat_map(|(k, r)| {
        let names = regions.get(r).map(|(names, _)| names.as_slice());
        names
            .unwrap_or_default()
            .iter()
            .map(move |n| (n.as_str(), k as u8))
    }))
    .unwrap_or_else(|e| panic!("indicators.txt: {e}"));
    let region_own = regions
        .into_iter()
        .map(|(r, (mut names, own))| {
            names.extend(own);
            names.extend(["regione", "regionale", "regionali"].map(String::from));
            (r, phrases(&names))
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
    use super::super::phrases::Words;
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
        let text = "universita di genova";
        assert!(!lex.institution.find_in(text, &Words::new(text)).is_empty());
    }

    /// Every list of the table finds what the regex it stands for finds, in
    /// the passages of the held-out sets and in a text of every phrase.
    #[test]
    fn every_list_matches_as_its_regex() {
        use regex::{Regex, RegexSet};
        let lex = &*LEXICON;
        let lines = lex
            .concepts
            .iter()
            .flat_map(|c| c.concept.iter().chain(&c.own).chain([&c.key, &c.not]));
        let lists: Vec<&Phrases> = lines
            .flat_map(|l| &l.alternatives)
            .flat_map(|a| a.all.iter().map(|p| &**p))
            .chain(lex.markers.values())
            .chain(lex.region_names.values())
            .chain(lex.region_own.values())
            .chain([&lex.institution.institutions, &lex.institution.places])
            .collect();
        let mut texts: Vec<String> = Vec::new();
        for set in [
            include_str!("../../../fixtures/statistics/heldout-1.jsonl"),
            include_str!("../../../fixtures/statistics/heldout-2.jsonl"),
            include_str!("../../../fixtures/statistics/heldout-3.jsonl"),
            include_str!("../../../fixtures/statistics/heldout-4.jsonl"),
            include_str!("../../../fixtures/statistics/heldout-5.jsonl"),
        ] {
            for line in set.lines().filter(|l| !l.trim().is_empty()) {
                let passage: serde_json::Value = serde_json::from_str(line).unwrap();
                texts.push(crate::text::fold(passage["text"].as_str().unwrap()));
            }
        }
        // Every phrase, in the table's order and backwards, and glued to a
        // letter or a digit, where no phrase may start.
        let examples: Vec<String> = lists.iter().flat_map(|p| p.examples()).collect();
        texts.push(examples.join(" "));
        texts.push(
            examples
                .iter()
                .rev()
                .cloned()
                .collect::<Vec<_>>()
                .join(" e di "),
        );
        texts.push(examples.join("x "));
        texts.push(examples.join(" 1"));
        // Cut anywhere, a text starts and ends mid-word.
        let cuts: Vec<String> = (texts.iter())
            .filter(|t| t.len() > 8)
            .map(|t| t[3..t.len() - 3].to_string())
            .collect();
        texts.extend(cuts);
        let mut matched = 0;
        for p in &lists {
            let re = Regex::new(&p.regex()).unwrap();
            for t in &texts {
                let expected: Vec<_> = re.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(p.find_iter(t), expected, "{}", p.regex());
                assert_eq!(p.find(t), expected.first().cloned());
                matched += expected.len();
            }
        }
        assert!(
            matched > 10_000,
            "{matched} matches: the texts miss the table"
        );
        let institution = Regex::new(&lex.institution.regex()).unwrap();
        let institutions = "l universita di genova e di pisa e gli atenei di trieste e udine";
        for t in texts.iter().map(String::as_str).chain([institutions]) {
            let expected: Vec<_> = institution.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(lex.institution.find_in(t, &Words::new(t)), expected);
        }
        let words = Words::new(institutions);
        assert_eq!(lex.institution.find_in(institutions, &words).len(), 2);
        let set = RegexSet::new(Region::ALL.iter().map(|r| {
            lex.region_names
                .get(r)
                .map_or(r"[^\s\S]".to_string(), |p| p.regex())
        }))
        .unwrap();
        for t in &texts {
            let expected = set.matches(t).iter().fold(0u64, |bits, k| bits | 1 << k);
            assert_eq!(lex.region_set.owners_in(t, &Words::new(t)), expected);
        }
    }

    #[test]
    fn stars_match_endings_and_plain_words_match_whole_words() {
        let r = phrases(&["stranier*"]);
        assert!(r.is_match("gli stranieri"));
        let r = phrases(&["cas"]);
        assert!(r.is_match("nei cas dell isola"));
        assert!(!r.is_match("caserta"));
    }
}
