//! Matching the table's phrases in folded text, word by word.
//!
//! A phrase of `indicators.txt` is a few words separated by single spaces,
//! each word whole ("cas") or a stem with any ending ("stranier*"). Folded
//! text (see [`crate::text::fold`]) is words separated by single spaces, so
//! a phrase matches where its words are consecutive words of the text: no
//! regular expression is needed. The table's hundreds of phrases used to be
//! regex alternations: compiling them and filling their lazy DFAs took a
//! seventh of a run over the five sample PDFs, in every worker. A phrase list
//! is indexed by its first word's first two characters, built at once and
//! searched with two lookups per word (the sample run: 158 → 136 ms).
//!
//! The matches are those of the regex `\b(?:p1|p2|…)\b` over the same text
//! with ASCII word boundaries, `*` as `\w*`, and the regex's leftmost-first
//! preference (the earliest start, then the first phrase in the list); the
//! tests compare the two over the fixtures' passages.

use std::ops::Range;

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    /// The whole word: "cas" is not "caserta".
    Whole(Box<str>),
    /// Any word it begins: "stranier*".
    Stem(Box<str>),
}

impl Word {
    fn parse(word: &str) -> Word {
        match word.strip_suffix('*') {
            Some(stem) => Word::Stem(stem.into()),
            None => Word::Whole(word.into()),
        }
    }

    /// As a regex: the word, or the stem then any ASCII word characters
    /// (folded text is ASCII; a Unicode `\w` cost megabytes per pattern).
    fn regex(&self) -> String {
        match self {
            Word::Whole(w) => regex::escape(w),
            Word::Stem(s) => format!("{}(?-u:\\w)*", regex::escape(s)),
        }
    }

    /// The word, or the stem without its `*`.
    fn text(&self) -> &str {
        match self {
            Word::Whole(w) | Word::Stem(w) => w,
        }
    }

    fn fits(&self, word: &str) -> bool {
        match self {
            Word::Whole(w) => word == &**w,
            Word::Stem(s) => word.starts_with(&**s),
        }
    }
}

/// A word of matched text: byte range of a maximal run of ASCII word
/// characters (`[0-9A-Za-z_]`, what an ASCII `\b` bounds).
type Token = Range<usize>;

/// Where the first two characters of a word put it, as a bucket of the
/// phrase index: digits and lower-case letters each have a place; anything
/// else, and the end of a one-letter word, share one.
fn place(b: Option<&u8>) -> u16 {
    match b {
        Some(b @ b'0'..=b'9') => u16::from(b - b'0'),
        Some(b @ b'a'..=b'z') => u16::from(b - b'a') + 10,
        _ => OTHER,
    }
}
const OTHER: u16 = 36;
/// The second place of a one-letter stem: any character may follow.
const ANY: u16 = 37;
const PLACES: u16 = 38;

fn bucket(first: u16, second: u16) -> u16 {
    first * PLACES + second
}

/// A text cut into words, once for all the lists searched in it.
pub struct Words {
    tokens: Vec<Token>,
    /// Each word's first two places.
    places: Vec<(u16, u16)>,
}

impl Words {
    pub fn new(text: &str) -> Words {
        let bytes = text.as_bytes();
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, b) in bytes.iter().enumerate() {
            let word = b.is_ascii_alphanumeric() || *b == b'_';
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    tokens.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            tokens.push(s..bytes.len());
        }
        let places = (tokens.iter())
            .map(|t| {
                (
                    place(bytes.get(t.start)),
                    place(bytes[..t.end].get(t.start + 1)),
                )
            })
            .collect();
        Words { tokens, places }
    }
}

/// Whether word `k` follows word `k - 1` after exactly one space, as the
/// words of a phrase must.
fn next_to(text: &str, tokens: &[Token], k: usize) -> bool {
    let (before, after) = (&tokens[k - 1], &tokens[k]);
    after.start == before.end + 1 && text.as_bytes()[before.end] == b' '
}

/// Any of a list of phrases, each labelled with an owner (the region whose
/// name it is; 0 when the list has one meaning).
#[derive(Debug, Default)]
pub struct Phrases {
    /// In order of preference.
    phrases: Vec<Vec<Word>>,
    owners: Vec<u8>,
    /// The phrases (indices) by bucket (the places of their first word's
    /// first two characters), each bucket's in order of preference: the
    /// phrases that may start at a word are one or two runs of it, found
    /// without hashing or searching.
    starts: Vec<u32>,
    /// Where each bucket's run starts in `starts`, and where the last ends.
    runs: Vec<u16>,
}

/// Why a list of phrases cannot be matched word by word.
#[derive(Debug)]
pub struct BadPhrase(pub String);

impl std::fmt::Display for BadPhrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Phrases {
    /// The phrases, each owned by 0.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Result<Phrases, BadPhrase> {
        Phrases::owned(phrases.into_iter().map(|p| (p, 0)))
    }

    /// The phrases with their owners (below 64).
    pub fn owned<'a>(
        phrases: impl IntoIterator<Item = (&'a str, u8)>,
    ) -> Result<Phrases, BadPhrase> {
        let mut out = Phrases::default();
        let mut starts: Vec<(u16, u32)> = Vec::new();
        for (phrase, owner) in phrases {
            let words: Vec<Word> = phrase.split_whitespace().map(Word::parse).collect();
            let plain = |w: &str| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            };
            let valid = !words.is_empty() && words.iter().all(|w| plain(w.text()));
            if !valid {
                return Err(BadPhrase(format!(
                    "{phrase:?} is not folded words (lower-case letters and digits, \
                     a `*` ending a word)"
                )));
            }
            if owner >= 64 {
                return Err(BadPhrase(format!(
                    "{phrase:?} has owner {owner}, not below 64"
                )));
            }
            let first = words[0].text().as_bytes();
            let second = match &words[0] {
                // Any character may follow a one-letter stem.
                Word::Stem(_) if first.len() == 1 => ANY,
                _ => place(first.get(1)),
            };
            let at = bucket(place(first.first()), second);
            starts.push((at, out.phrases.len() as u32));
            out.phrases.push(words);
            out.owners.push(owner);
        }
        if out.phrases.len() > usize::from(u16::MAX) {
            return Err(BadPhrase(format!(
                "{} phrases in one list, more than {}",
                out.phrases.len(),
                u16::MAX
            )));
        }
        starts.sort_unstable();
        out.runs = (0..=PLACES * PLACES)
            .map(|b| starts.partition_point(|&(at, _)| at < b) as u16)
            .collect();
        out.starts = starts.into_iter().map(|(_, p)| p).collect();
        Ok(out)
    }

    /// The phrases of bucket `at`, in order of preference.
    fn bucket(&self, at: u16) -> &[u32] {
        let at = usize::from(at);
        match self.runs.get(at..=at + 1) {
            Some(&[from, to]) => &self.starts[usize::from(from)..usize::from(to)],
            _ => &[],
        }
    }

    /// The phrases that may start at word `k`, in order of preference.
    fn candidates(&self, words: &Words, k: usize, into: &mut Vec<u32>) {
        into.clear();
        let (first, second) = words.places[k];
        into.extend_from_slice(self.bucket(bucket(first, second)));
        let short = self.bucket(bucket(first, ANY));
        if !short.is_empty() {
            into.extend_from_slice(short);
            into.sort_unstable();
        }
    }

    /// The last word of phrase `p` when it starts at word `k`.
    fn ends(&self, p: u32, text: &str, tokens: &[Token], k: usize) -> Option<usize> {
        let words = &self.phrases[p as usize];
        let last = k + words.len() - 1;
        if last >= tokens.len() {
            return None;
        }
        let fits = words.iter().enumerate().all(|(j, w)| {
            (j == 0 || next_to(text, tokens, k + j)) && w.fits(&text[tokens[k + j].clone()])
        });
        fits.then_some(last)
    }

    /// The last word of the preferred phrase starting at word `k`, if any.
    fn at(&self, text: &str, words: &Words, k: usize, buffer: &mut Vec<u32>) -> Option<usize> {
        self.candidates(words, k, buffer);
        buffer
            .iter()
            .find_map(|&p| self.ends(p, text, &words.tokens, k))
    }

    /// Byte ranges of the matches in `text`, leftmost first, not overlapping.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        self.find_in(text, &Words::new(text))
    }

    /// [`Phrases::find_iter`], in a text already cut into `words`.
    pub fn find_in(&self, text: &str, words: &Words) -> Vec<Range<usize>> {
        let tokens = &words.tokens;
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            match self.at(text, words, k, &mut buffer) {
                Some(last) => {
                    out.push(tokens[k].start..tokens[last].end);
                    k = last + 1;
                }
                None => k += 1,
            }
        }
        out
    }

    /// The first match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        let words = Words::new(text);
        let tokens = &words.tokens;
        let mut buffer = Vec::new();
        (0..tokens.len()).find_map(|k| {
            let last = self.at(text, &words, k, &mut buffer)?;
            Some(tokens[k].start..tokens[last].end)
        })
    }

    #[cfg(test)]
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// The regex over folded text that matches as these phrases do, to
    /// build a larger one with (and for the tests to compare).
    pub fn regex(&self) -> String {
        if self.phrases.is_empty() {
            // Matches nothing.
            return r"[^\s\S]".to_string();
        }
        format!("(?-u:\\b)(?:{})(?-u:\\b)", self.alternation())
    }

    /// The phrases as regex alternatives, without word boundaries.
    fn alternation(&self) -> String {
        let bodies: Vec<String> = (self.phrases.iter())
            .map(|words| words.iter().map(Word::regex).collect::<Vec<_>>().join(" "))
            .collect();
        bodies.join("|")
    }

    /// Each phrase written out, stems given an ending or none: a text for
    /// the tests.
    #[cfg(test)]
    pub fn examples(&self) -> Vec<String> {
        let write = |words: &[Word], ending: &str| {
            let words: Vec<String> = (words.iter())
                .map(|w| match w {
                    Word::Whole(w) => w.to_string(),
                    Word::Stem(s) => format!("{s}{ending}"),
                })
                .collect();
            words.join(" ")
        };
        (self.phrases.iter())
            .flat_map(|words| [write(words, "i"), write(words, "")])
            .collect()
    }

    /// The owners of the phrases found anywhere in `text`, as bits.
    pub fn owners_in(&self, text: &str, words: &Words) -> u64 {
        let mut buffer = Vec::new();
        let mut found = 0u64;
        for k in 0..words.tokens.len() {
            self.candidates(words, k, &mut buffer);
            for &p in &buffer {
                if self.ends(p, text, &words.tokens, k).is_some() {
                    found |= 1 << self.owners[p as usize];
                }
            }
        }
        found
    }
}

/// Institutions followed by one or more places: "universita di genova",
/// "gli atenei di trieste e di udine". The matches of the regex
/// `\b(?:inst…) (?:city…)\b(?: (?:e|ed) (?:di |del |della )?(?:city…)\b)*`.
#[derive(Debug, Default)]
pub struct Institutions {
    pub institutions: Phrases,
    pub places: Phrases,
}

/// What joins one more place to a list: "e", "ed", then maybe "di", "del",
/// "della".
const AND: [&str; 2] = ["e", "ed"];
const OF: [&str; 3] = ["di", "del", "della"];

impl Institutions {
    /// The regex that matches as [`Institutions::find_in`] does.
    #[cfg(test)]
    pub fn regex(&self) -> String {
        let place = format!("(?:{})(?-u:\\b)", self.places.alternation());
        format!(
            "(?-u:\\b)(?:{}) {place}(?: (?:{}) (?:{} )?{place})*",
            self.institutions.alternation(),
            AND.join("|"),
            OF.join(" |"),
        )
    }

    /// Byte ranges of the matches in `text` (cut into `words`), leftmost
    /// first.
    pub fn find_in(&self, text: &str, words: &Words) -> Vec<Range<usize>> {
        let tokens = &words.tokens;
        let word = |k: usize| &text[tokens[k].clone()];
        let joined = |k: usize| k < tokens.len() && next_to(text, tokens, k);
        let mut buffer = Vec::new();
        let mut places = Vec::new();
        let mut out = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            self.institutions.candidates(words, k, &mut buffer);
            let first = buffer.iter().find_map(|&p| {
                let last = self.institutions.ends(p, text, tokens, k)?;
                if !joined(last + 1) {
                    return None;
                }
                self.places.at(text, words, last + 1, &mut places)
            });
            let Some(mut end) = first else {
                k += 1;
                continue;
            };
            // One more place while a conjunction (and maybe "di") leads to one.
            while joined(end + 1) && AND.contains(&word(end + 1)) && joined(end + 2) {
                let with_of = (OF.contains(&word(end + 2)) && joined(end + 3))
                    .then(|| self.places.at(text, words, end + 3, &mut places))
                    .flatten();
                match with_of.or_else(|| self.places.at(text, words, end + 2, &mut places)) {
                    Some(last) => end = last,
                    None => break,
                }
            }
            out.push(tokens[k].start..tokens[end].end);
            k = end + 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(p: &Phrases, text: &str) -> Vec<&'static str> {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        p.find_iter(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn stems_take_any_ending_and_whole_words_only_themselves() {
        let p = Phrases::new(["stranier* resident*", "cas"]).unwrap();
        assert_eq!(
            ranges(&p, "gli stranieri residenti nei cas e a caserta"),
            ["stranieri residenti", "cas"]
        );
        // The words of a phrase are next to each other.
        assert!(ranges(&p, "stranieri non residenti").is_empty());
    }

    #[test]
    fn the_earliest_start_then_the_first_phrase_wins() {
        let p = Phrases::new(["cittadini", "cittadini stranieri", "stranieri"]).unwrap();
        assert_eq!(
            ranges(&p, "i cittadini stranieri"),
            ["cittadini", "stranieri"]
        );
        let p = Phrases::new(["cittadini stranieri", "cittadini"]).unwrap();
        assert_eq!(ranges(&p, "i cittadini stranieri"), ["cittadini stranieri"]);
    }

    #[test]
    fn owners_are_every_match_s_not_only_the_preferred() {
        let p = Phrases::owned([("friuli", 3), ("friuli venezia giulia", 5)]).unwrap();
        let owners = |t: &str| p.owners_in(t, &Words::new(t));
        assert_eq!(owners("il friuli venezia giulia"), (1 << 3) | (1 << 5));
        assert_eq!(owners("la lombardia"), 0);
    }

    #[test]
    fn phrases_must_be_folded_words() {
        assert!(Phrases::new(["dell'unione"]).is_err());
        assert!(Phrases::new(["Stranieri"]).is_err());
        assert!(Phrases::new(["*"]).is_err());
    }

    #[test]
    fn institutions_take_their_list_of_places() {
        let i = Institutions {
            institutions: Phrases::new(["universita di", "atenei di"]).unwrap(),
            places: Phrases::new(["genova", "trieste", "udine"]).unwrap(),
        };
        let text = "gli atenei di trieste e di udine e l universita di genova e altri";
        let found: Vec<&str> = (i.find_in(text, &Words::new(text)).into_iter())
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            found,
            ["atenei di trieste e di udine", "universita di genova"]
        );
    }
}
