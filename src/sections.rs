//! Sections: the template's headings (PREMESSA, SEZIONE I/II/III and their
//! sub-sections) found in the laid-out lines, with title, page range and text.
//!
//! A heading is recognised by the template's wording, not by its numbering, since
//! regions number sub-sections "1.2", "a.", or not at all:
//! - the SEZIONI by "Sezione" and a numeral (roman, arabic or ordinal word);
//! - sub-sections by the start of their template title (see [`SUBSECTIONS`]),
//!   after an optional number or letter; an unnumbered line must be little more
//!   than the title itself, so body text that happens to start the same way is
//!   not taken for a heading;
//! - headings come in template order, each once: a PREMESSA inside Sezione III or
//!   a second "Destinatari" is not a section start;
//! - a line of a table of contents (the title followed by dot leaders or a page
//!   number) is not a heading, nor is any line of a table of contents recognised
//!   as a block (see [`toc_blocks`]): entries ending in page numbers aligned at
//!   one x, with the continuation lines of wrapped entries, which have none.

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::{Line, PageLayout, Paragraph, is_wrapped, paragraphs};
use crate::model::{SectionId, Warning, WarningCode};
use crate::text::{fold, strip_footnote_calls};

/// Sub-section titles, folded, with the SEZIONE they belong to: the
/// template's title first, then the other words regions head the same part
/// with ("Cronoprogramma" for the Gantt's "Piano temporale").
pub const SUBSECTIONS: &[(SectionId, SectionId, &[&str])] = &[
    (SectionId::I, SectionId::I1, &["principali caratteristiche"]),
    (
        SectionId::I,
        SectionId::I2,
        &["articolazione del sistema dei servizi"],
    ),
    (
        SectionId::II,
        SectionId::II1,
        &["articolazione degli interventi"],
    ),
    (
        SectionId::II,
        SectionId::II11,
        &[
            "risultati e attivita",
            "risultati attesi",
            "attivita e risultati",
        ],
    ),
    (SectionId::II, SectionId::II12, &["destinatari"]),
    (
        SectionId::II,
        SectionId::II13,
        &[
            "sistema degli attori",
            "attori coinvolti",
            "rete degli attori",
        ],
    ),
    (
        SectionId::II,
        SectionId::II14,
        &[
            "piano temporale",
            "cronoprogramma",
            "tempistica",
            "diagramma di gantt",
        ],
    ),
    (
        SectionId::II,
        SectionId::II15,
        &["modalita di utilizzo delle risorse", "piano finanziario"],
    ),
    (SectionId::III, SectionId::III1, &["obiettivi dell accordo"]),
    (
        SectionId::III,
        SectionId::III2,
        &["articolazione degli interventi"],
    ),
];

/// An article before a title ("1.2 – I destinatari", "Il sistema degli
/// attori"), in folded text.
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:il|lo|la|i|gli|le|l) ").expect("valid regex"));

/// The template's order; headings must follow it.
const ORDER: [SectionId; 14] = [
    SectionId::Premessa,
    SectionId::I,
    SectionId::I1,
    SectionId::I2,
    SectionId::II,
    SectionId::II1,
    SectionId::II11,
    SectionId::II12,
    SectionId::II13,
    SectionId::II14,
    SectionId::II15,
    SectionId::III,
    SectionId::III1,
    SectionId::III2,
];

/// Sections every plan is expected to have: all but II.1.5 (the costs), which
/// regions often leave out.
fn required() -> impl Iterator<Item = SectionId> {
    ORDER.into_iter().filter(|id| *id != SectionId::II15)
}

/// Words an unnumbered heading may carry after its template title ("– Gantt").
const UNNUMBERED_EXTRA_WORDS: usize = 3;
/// Most lines a wrapped heading takes.
const MAX_TITLE_LINES: usize = 3;

/// "SEZIONE II –", or "PARTE II –" where a region renamed its parts: the
/// title follows the match. (Patterns end where the title starts rather than
/// capture it, which keeps the search to the line's start.) "Parte" is a
/// common word, so its numeral must end the line or stand before a dash,
/// colon or full stop ("parte i cittadini" wraps a sentence).
static SEZIONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:sezione\s+(iii|ii|i|3|2|1|prima|seconda|terza)\b\s*[-–—:.]?|parte\s+(iii|ii|i|3|2|1|prima|seconda|terza)\s*(?:[-–—:.]|$))\s*",
    )
    .expect("valid regex")
});
/// An optional heading number ("1.2", "b)", "iv."): the title follows the match.
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(\d{1,2}(?:\.\d{1,2})*)\.?|([a-h])[.)]|([ivx]{1,4})[.)])?\s*[-–—]?\s*")
        .expect("valid regex")
});
/// A table-of-contents entry ends with dot leaders or a page number.
static TOC_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\.{2,}|…+|\s)\s*\d{1,3}\s*$").expect("valid regex"));

/// A section found in the document, before its text is gathered.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub id: SectionId,
    pub title: String,
    /// Top of the heading's first line on its page.
    pub top: f64,
    /// Index of the heading's first line in the flattened line list.
    pub first_line: usize,
    /// Number of lines the title takes.
    pub title_lines: usize,
    pub page: u32,
}

/// A heading's number alone, set apart from its title by a tab ("1.2⇥Destinatari").
static NUMBER_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-h][.)]|[ivx]{1,4}[.)])\s*$")
        .expect("valid regex")
});

/// How many spans a line has for telling a heading from a table row: a leading
/// span that is only the heading's number counts with its title.
fn heading_spans(line: &Line) -> usize {
    let n = line.span_count();
    match line.spans().next() {
        Some(first) if n > 1 && NUMBER_ONLY.is_match(&first.text()) => n - 1,
        _ => n,
    }
}

/// Which sections a line could start (several where sub-sections of different
/// SEZIONI share a title, like "Articolazione degli interventi").
fn classify(text: &str, spans: usize) -> Vec<SectionId> {
    if let Some(c) = SEZIONE.captures(text) {
        let numeral = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
        let id = match fold(numeral).as_str() {
            "i" | "1" | "prima" => SectionId::I,
            "ii" | "2" | "seconda" => SectionId::II,
            _ => SectionId::III,
        };
        return vec![id];
    }
    let Some(c) = NUMBERING.captures(text) else {
        return Vec::new();
    };
    let numbered = c.get(1).or(c.get(2)).or(c.get(3)).is_some();
    let rest = fold(&text[c[0].len()..]);
    if rest == "premessa" {
        return vec![SectionId::Premessa];
    }
    // A table row (several cells on the line) is not a heading.
    if spans > 1 {
        return Vec::new();
    }
    // Only after a number: unnumbered, "Il sistema degli attori …" starts a
    // sentence as often as a heading.
    // Unnumbered, a line that ends a sentence is prose ("… nel
    // cronoprogramma." wrapped to a line of its own), not a title.
    if !numbered && text.trim_end().ends_with(['.', ';', ',']) {
        return Vec::new();
    }
    let rest = match ARTICLE.find(&rest) {
        Some(m) if numbered => &rest[m.end()..],
        _ => rest.as_str(),
    };
    SUBSECTIONS
        .iter()
        .filter_map(|&(_, id, titles)| {
            titles.iter().find_map(|title| {
                let after = rest.strip_prefix(title)?;
                if !after.is_empty() && !after.starts_with(' ') {
                    return None;
                }
                let extra = after.split_whitespace().count();
                (numbered || extra <= UNNUMBERED_EXTRA_WORDS).then_some(id)
            })
        })
        .collect()
}

fn parent(id: SectionId) -> Option<SectionId> {
    SUBSECTIONS
        .iter()
        .find(|&&(_, sub, _)| sub == id)
        .map(|&(top, _, _)| top)
}

/// Whether `title` (a heading's full text) is a table-of-contents entry.
fn is_toc_entry(title: &str) -> bool {
    // Judge the text after the numbering, so "SEZIONE 2" is not a page number.
    let rest = SEZIONE
        .find(title)
        .or_else(|| NUMBERING.find(title))
        .map_or("", |m| &title[m.end()..]);
    TOC_TAIL.is_match(&format!(" {rest}"))
        && !rest
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
}

/// How many lines, from `i`, a heading's title takes: it goes on while a line
/// was wrapped and the next follows closely below in the same size.
fn title_extent(lines: &[&Line], i: usize, right_edge: f64) -> usize {
    let mut n = 1;
    while n < MAX_TITLE_LINES && i + n < lines.len() {
        let (cur, next) = (lines[i + n - 1], lines[i + n]);
        let wraps = is_wrapped(cur, next, right_edge);
        let close = next.page == cur.page && next.top - cur.bottom < 0.6 * cur.size;
        let same_size = (next.size - cur.size).abs() <= 0.1 * cur.size;
        if wraps && close && same_size {
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// Headings that follow one another with no line between them: a table of
/// contents, even one without page numbers (real headings come at most in
/// threes, as SEZIONE II, 1. and 1.1).
const TOC_RUN: usize = 4;

/// A page number alone in its span: the last cell of a table-of-contents row.
static PAGE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}$").expect("valid regex"));
/// Fewest entries (lines ending in a page number) of a table-of-contents block.
const TOC_MIN_ENTRIES: usize = 3;
/// Fewest entries naming a template heading: what tells a table of contents
/// from any table whose last column holds small numbers.
const TOC_MIN_HEADINGS: usize = 2;
/// Page numbers whose left or right edges are closer than this, in em, stand
/// at one x (left- or right-aligned).
const TOC_ALIGN: f64 = 0.5;
/// A line before the block's first entry or after its last belongs to the
/// block (a wrapped entry whose number is printed on another of its lines) when
/// it lies within this many of the block's usual pitches: a heading after a
/// table of contents is set farther off.
const TOC_CONTINUATION_PITCH: f64 = 1.25;

/// Where a table-of-contents entry's page number stands: the line's last span
/// when it is only a number (the whole line may be), or the number after dot
/// leaders.
fn toc_page_number(line: &Line) -> Option<(f64, f64)> {
    let last = line.spans().next_back()?;
    // A number alone on its line is one vertically centred beside its wrapped
    // entry; only its alignment with the others makes it an entry.
    let own_cell = line.span_count() > 1 || last.words().len() == 1;
    if own_cell && PAGE_NUMBER.is_match(last.text().trim()) {
        return Some((last.x0(), last.x1()));
    }
    let text = line.text();
    let leaders = text.contains("..") || text.contains('…');
    let word = last.words().next_back()?;
    (leaders && TOC_TAIL.is_match(&text) && PAGE_NUMBER.is_match(word.text))
        .then_some((word.x0, word.x1))
}

/// The entry's text without its page number and leaders.
fn toc_entry_text(line: &Line) -> String {
    let text = line.text();
    TOC_TAIL.replace(&text, "").trim().to_string()
}

/// The tables of contents, as ranges of line indices: on one page, at least
/// [`TOC_MIN_ENTRIES`] entries whose page numbers stand at one x, no more than
/// [`MAX_TITLE_LINES`] − 1 lines apart (the continuation lines of a wrapped
/// entry), [`TOC_MIN_HEADINGS`] of them naming template headings; with the
/// continuation lines just before the first entry and after the last. No
/// heading is taken from inside them, whichever line of a wrapped entry holds
/// its number.
pub fn toc_blocks(lines: &[&Line]) -> Vec<std::ops::Range<usize>> {
    let entries: Vec<(usize, (f64, f64))> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| toc_page_number(l).map(|x| (i, x)))
        .collect();
    // Runs of entries close together on one page, their numbers aligned.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut previous: Option<(usize, (f64, f64))> = None;
    for &(i, (x0, x1)) in &entries {
        let joins = previous.is_some_and(|(j, (px0, px1))| {
            let tolerance = TOC_ALIGN * lines[i].size;
            lines[j].page == lines[i].page
                && i - j <= MAX_TITLE_LINES
                && ((x0 - px0).abs() <= tolerance || (x1 - px1).abs() <= tolerance)
        });
        match runs.last_mut() {
            Some(run) if joins => run.push(i),
            _ => runs.push(vec![i]),
        }
        previous = Some((i, (x0, x1)));
    }
    runs.into_iter()
        .filter(|run| {
            let headings = run
                .iter()
                .filter(|&&i| !classify(&toc_entry_text(lines[i]), 1).is_empty())
                .count();
            run.len() >= TOC_MIN_ENTRIES && headings >= TOC_MIN_HEADINGS
        })
        .map(|run| {
            let (first, last) = (run[0], run[run.len() - 1]);
            let mut pitches: Vec<f64> = (first..last)
                .map(|i| lines[i + 1].baseline - lines[i].baseline)
                .collect();
            pitches.sort_by(f64::total_cmp);
            let reach = TOC_CONTINUATION_PITCH * pitches[pitches.len() / 2];
            // `line` continues the block from `next_to`, just above or below it.
            let continues = |line: &Line, next_to: &Line| {
                line.page == next_to.page
                    && (line.baseline - next_to.baseline).abs() <= reach
                    && toc_page_number(line).is_none()
            };
            let mut start = first;
            while start > 0
                && first - start < MAX_TITLE_LINES - 1
                && continues(lines[start - 1], lines[start])
            {
                start -= 1;
            }
            let mut end = last + 1;
            while end < lines.len()
                && end - last < MAX_TITLE_LINES
                && continues(lines[end], lines[end - 1])
            {
                end += 1;
            }
            start..end
        })
        .collect()
}

/// Finds the template's headings, in order, past any table of contents.
pub fn find_headings(lines: &[&Line], right_edge: f64) -> Vec<Heading> {
    let tocs = toc_blocks(lines);
    let mut from = 0;
    loop {
        let headings = scan(lines, right_edge, from, &tocs);
        let adjacent = |k: usize| {
            headings[k + 1].first_line == headings[k].first_line + headings[k].title_lines
        };
        // The first run of TOC_RUN adjacent headings, followed to its end.
        let start = (0..headings.len().saturating_sub(TOC_RUN - 1))
            .find(|&k| (k..k + TOC_RUN - 1).all(adjacent));
        let toc_end = start.map(|k| {
            let mut last = k + TOC_RUN - 1;
            while last + 1 < headings.len() && adjacent(last) {
                last += 1;
            }
            headings[last].first_line + headings[last].title_lines
        });
        match toc_end {
            Some(end) => from = end,
            None => return headings,
        }
    }
}

/// The headings from line `from` on, none inside the tables of contents `tocs`.
fn scan(
    lines: &[&Line],
    right_edge: f64,
    from: usize,
    tocs: &[std::ops::Range<usize>],
) -> Vec<Heading> {
    let mut headings: Vec<Heading> = Vec::new();
    let mut last_rank: Option<usize> = None;
    let mut current_top: Option<SectionId> = None;
    let mut i = from;
    while i < lines.len() {
        if let Some(toc) = tocs.iter().find(|t| t.contains(&i)) {
            i = toc.end;
            continue;
        }
        let line = lines[i];
        let candidates = classify(&line.text(), heading_spans(line));
        let in_context = |id: SectionId| match parent(id) {
            Some(top) => current_top == Some(top),
            None => true,
        };
        let Some(id) = candidates.iter().copied().find(|&id| in_context(id)) else {
            i += 1;
            continue;
        };
        let rank = ORDER
            .iter()
            .position(|&o| o == id)
            .expect("every id is ordered");
        let in_order = last_rank.is_none_or(|r| rank > r);
        let n = title_extent(lines, i, right_edge);
        let title = lines[i..i + n]
            .iter()
            .map(|l| l.text())
            .collect::<Vec<_>>()
            .join(" ");
        if !in_order || is_toc_entry(&title) {
            i += 1;
            continue;
        }
        if id.depth() == 0 {
            current_top = Some(id);
        }
        last_rank = Some(rank);
        headings.push(Heading {
            id,
            // A footnote call is not part of the title.
            title: strip_footnote_calls(&title).trim().to_string(),
            first_line: i,
            title_lines: n,
            page: line.page,
            top: line.top,
        });
        i += n;
    }
    headings
}

/// A section with its text gathered.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundSection {
    pub id: SectionId,
    pub title: String,
    pub page_start: u32,
    /// Top of the heading on `page_start`: where the section begins.
    pub top: f64,
    pub page_end: u32,
    /// The section's own paragraphs, up to its first sub-section.
    pub paragraphs: Vec<Paragraph>,
}

impl FoundSection {
    /// The own running text, paragraphs separated by a blank line.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.paragraphs.iter().map(|p| p.text.as_str()).collect();
        texts.join("\n\n")
    }
}

/// Segments the document: every heading with its page range and own text, and
/// a warning for each section the template requires that was not found.
pub fn segment(pages: &[PageLayout], right_edge: f64) -> (Vec<FoundSection>, Vec<Warning>) {
    let lines: Vec<&Line> = pages.iter().flat_map(|p| &p.lines).collect();
    let headings = find_headings(&lines, right_edge);
    let mut sections = Vec::with_capacity(headings.len());
    for (k, h) in headings.iter().enumerate() {
        let own_start = h.first_line + h.title_lines;
        let own_end = headings.get(k + 1).map_or(lines.len(), |n| n.first_line);
        // The whole section runs to the next heading at its level or above.
        let subtree_end = headings[k + 1..]
            .iter()
            .find(|n| n.id.depth() <= h.id.depth())
            .map_or(lines.len(), |n| n.first_line);
        let last_line = subtree_end.saturating_sub(1).max(h.first_line);
        let own: Vec<&Line> = lines[own_start..own_end.max(own_start)].to_vec();
        sections.push(FoundSection {
            id: h.id,
            title: h.title.clone(),
            page_start: h.page,
            top: h.top,
            page_end: lines[last_line].page.max(h.page),
            paragraphs: paragraphs(&own, right_edge),
        });
    }
    let warnings = required()
        .filter(|id| !sections.iter().any(|s| s.id == *id))
        .map(|id| Warning {
            code: WarningCode::SectionMissing,
            message: format!("section {} of the template was not found", id.as_str()),
            page: None,
        })
        .collect();
    (sections, warnings)
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&ARTICLE);
    LazyLock::force(&SEZIONE);
    LazyLock::force(&NUMBERING);
    LazyLock::force(&TOC_TAIL);
    LazyLock::force(&NUMBER_ONLY);
    LazyLock::force(&PAGE_NUMBER);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_headings_in_any_numbering_style() {
        let cases = [
            ("PREMESSA", Some(SectionId::Premessa)),
            (
                "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
                Some(SectionId::I),
            ),
            (
                "Sezione  II – AZIONE DI QUALIFICAZIONE",
                Some(SectionId::II),
            ),
            (
                "SEZIONE III — OBIETTIVI E AZIONI PILOTA",
                Some(SectionId::III),
            ),
            ("sezione 2: azione di sistema", Some(SectionId::II)),
            ("1.2 Destinatari", Some(SectionId::II12)),
            ("a. Destinatari", Some(SectionId::II12)),
            ("b) Sistema degli attori", Some(SectionId::II13)),
            ("c. Piano temporale –Gantt", Some(SectionId::II14)),
            ("1.4 PIANO TEMPORALE - GANTT", Some(SectionId::II14)),
            ("Modalità di utilizzo delle risorse", Some(SectionId::II15)),
            ("1. Obiettivi dell’Accordo", Some(SectionId::III1)),
            (
                "Destinatari finali del progetto sono i giovani migranti",
                None,
            ),
            ("Il sistema degli attori", None),
            // Other regions' words and numbering.
            (
                "1.2 – I destinatari degli interventi",
                Some(SectionId::II12),
            ),
            (
                "1.3 – Il sistema degli attori coinvolti",
                Some(SectionId::II13),
            ),
            ("1.1 – Risultati attesi e attività", Some(SectionId::II11)),
            (
                "1.4 – Cronoprogramma delle attività (Gantt)",
                Some(SectionId::II14),
            ),
            ("PARTE II – AZIONE DI QUALIFICAZIONE", Some(SectionId::II)),
            ("Parte terza", Some(SectionId::III)),
            ("parte i cittadini stranieri residenti", None),
            ("parte 2 delle risorse", None),
            ("cronoprogramma.", None),
            ("Destinatari;", None),
            ("2.2 Obiettivo specifico: promuovere programmi", None),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text, 1).first().copied(), want, "{text}");
        }
        assert_eq!(
            classify("2. Articolazione degli interventi", 1),
            [SectionId::II1, SectionId::III2]
        );
        assert!(classify("Destinatari", 3).is_empty(), "a table header row");
        // "1.2<tab>Destinatari": the number's span counts with the title.
        let tabbed = crate::testing::line(1, 0.0, &["1.2", "Destinatari"]);
        assert_eq!(heading_spans(&tabbed), 1);
        assert_eq!(
            classify(&tabbed.text(), heading_spans(&tabbed)),
            [SectionId::II12]
        );
        let row = crate::testing::line(1, 0.0, &["Azione", "Q.tà", "Tipologia"]);
        assert_eq!(heading_spans(&row), 3);
    }

    #[test]
    fn table_of_contents_entries_are_not_headings() {
        assert!(is_toc_entry("PREMESSA 3"));
        assert!(is_toc_entry(
            "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE..... 5"
        ));
        assert!(is_toc_entry("1.4 Piano temporale – Gantt 25"));
        assert!(is_toc_entry("1.2 Destinatari…… 22"));
        assert!(!is_toc_entry("SEZIONE 2"));
        assert!(!is_toc_entry(
            "1. Principali caratteristiche sul fenomeno migratorio¹"
        ));
        assert!(!is_toc_entry("1.4 Piano temporale 2015-2016"));
    }

    fn line(page: u32, top: f64, x1: f64, text: &str) -> Line {
        crate::testing::line_to(page, top, x1, text)
    }

    fn page(number: u32, lines: Vec<Line>) -> PageLayout {
        PageLayout {
            number,
            width: 600.0,
            height: 800.0,
            lines,
        }
    }

    #[test]
    fn a_table_of_contents_without_page_numbers_is_skipped() {
        let toc = [
            "PREMESSA",
            "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
            "1. Principali caratteristiche",
            "2. Articolazione del sistema dei servizi territoriali",
            "SEZIONE II – AZIONE DI QUALIFICAZIONE",
        ];
        let body = [
            "PREMESSA",
            "Il testo della premessa.",
            "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
            "1. Principali caratteristiche",
            "Gli stranieri residenti sono molti.",
        ];
        let lines: Vec<Line> = toc
            .iter()
            .chain(&body)
            .enumerate()
            .map(|(i, t)| line(1 + i as u32 / 5, 100.0 + 20.0 * (i % 5) as f64, 200.0, t))
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let found: Vec<(SectionId, usize)> = find_headings(&refs, 550.0)
            .iter()
            .map(|h| (h.id, h.first_line))
            .collect();
        assert_eq!(
            found,
            [
                (SectionId::Premessa, 5),
                (SectionId::I, 7),
                (SectionId::I1, 8)
            ]
        );
    }

    #[test]
    fn order_context_wrapping_and_page_ranges() {
        let pages = vec![
            page(
                1,
                vec![
                    line(1, 100.0, 200.0, "SOMMARIO"),
                    line(1, 120.0, 200.0, "PREMESSA 3"),
                    line(1, 140.0, 300.0, "SEZIONE I - IL QUADRO..... 5"),
                    line(1, 400.0, 200.0, "PREMESSA"),
                    line(
                        1,
                        420.0,
                        550.0,
                        "Testo della premessa che riempie la riga fino al margine",
                    ),
                    line(1, 432.0, 300.0, "e finisce qui."),
                ],
            ),
            page(
                2,
                vec![
                    line(
                        2,
                        100.0,
                        300.0,
                        "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
                    ),
                    line(
                        2,
                        130.0,
                        550.0,
                        "1. Principali caratteristiche con un focus specifico sul fenomeno",
                    ),
                    line(2, 142.0, 200.0, "migratorio¹"),
                    line(2, 170.0, 400.0, "Dati sugli stranieri."),
                ],
            ),
            page(
                3,
                vec![
                    line(
                        3,
                        100.0,
                        500.0,
                        "2. Articolazione del sistema dei servizi territoriali",
                    ),
                    line(3, 130.0, 300.0, "Servizi."),
                    line(3, 160.0, 300.0, "SEZIONE III – OBIETTIVI E AZIONI PILOTA"),
                    line(3, 190.0, 300.0, "Premessa"),
                    line(3, 220.0, 300.0, "2. Articolazione degli interventi"),
                ],
            ),
        ];
        let (sections, warnings) = segment(&pages, 550.0);
        let got: Vec<(SectionId, &str, u32, u32)> = sections
            .iter()
            .map(|s| (s.id, s.title.as_str(), s.page_start, s.page_end))
            .collect();
        assert_eq!(
            got,
            [
                (SectionId::Premessa, "PREMESSA", 1, 1),
                (
                    SectionId::I,
                    "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
                    2,
                    3
                ),
                (
                    SectionId::I1,
                    "1. Principali caratteristiche con un focus specifico sul fenomeno migratorio",
                    2,
                    2
                ),
                (
                    SectionId::I2,
                    "2. Articolazione del sistema dei servizi territoriali",
                    3,
                    3
                ),
                (
                    SectionId::III,
                    "SEZIONE III – OBIETTIVI E AZIONI PILOTA",
                    3,
                    3
                ),
                (SectionId::III2, "2. Articolazione degli interventi", 3, 3),
            ]
        );
        assert_eq!(
            sections[0].text(),
            "Testo della premessa che riempie la riga fino al margine e finisce qui."
        );
        // The "Premessa" inside Sezione III is its text, not a second PREMESSA.
        assert_eq!(sections[4].text(), "Premessa");
        assert_eq!(sections[1].text(), "");
        let missing: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(missing.contains(&"section II of the template was not found"));
        assert!(missing.contains(&"section III.1 of the template was not found"));
        assert!(!missing.iter().any(|m| m.contains("II.1.5")));
    }

    /// A line of 10-point monospaced text from x = 50 (none when empty) and,
    /// when given, a page number in a cell of its own, right-aligned at x = 540.
    fn toc_row(page: u32, top: f64, text: &str, number: Option<&str>) -> Line {
        let mut built = crate::layout::LineBuilder::default();
        let mut x = 50.0;
        for w in text.split(' ').filter(|w| !w.is_empty()) {
            let width = 5.0 * w.chars().count() as f64;
            built.word(w, x, x + width, x > 50.0, false);
            x += width + 2.5;
        }
        if let Some(n) = number {
            let x1 = 540.0;
            built.word(n, x1 - 5.0 * n.len() as f64, x1, false, true);
        }
        crate::testing::line_from(page, top, built)
    }

    #[test]
    fn a_ruled_table_of_contents_with_wrapped_entries_is_one_block() {
        let toc = vec![
            toc_row(1, 100.0, "SOMMARIO", None),
            toc_row(1, 130.0, "PREMESSA", Some("3")),
            toc_row(
                1,
                144.0,
                "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
                Some("5"),
            ),
            // Page numbers at the top of the cell, and at the bottom.
            toc_row(
                1,
                158.0,
                "1. Principali caratteristiche con un focus",
                Some("5"),
            ),
            toc_row(1, 170.0, "sul fenomeno migratorio", None),
            toc_row(
                1,
                184.0,
                "2. Articolazione del sistema dei servizi",
                Some("9"),
            ),
            toc_row(1, 198.0, "SEZIONE II – AZIONE DI QUALIFICAZIONE DEL", None),
            toc_row(1, 210.0, "SISTEMA DEI SERVIZI", Some("14")),
            toc_row(1, 224.0, "1.1 Risultati e attività", Some("14")),
            toc_row(
                1,
                238.0,
                "SEZIONE III – OBIETTIVI E AZIONI PILOTA",
                Some("20"),
            ),
            toc_row(1, 280.0, "PREMESSA", None),
            toc_row(1, 300.0, "Il testo della premessa.", None),
        ];
        let body = [
            "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
            "1. Principali caratteristiche",
            "Gli stranieri residenti sono molti.",
            "SEZIONE II – AZIONE DI QUALIFICAZIONE DEL SISTEMA DEI SERVIZI",
            "1.1 Risultati e attività",
        ];
        let lines: Vec<Line> = toc
            .into_iter()
            .chain(
                body.iter()
                    .enumerate()
                    .map(|(i, t)| toc_row(2, 100.0 + 30.0 * i as f64, t, None)),
            )
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let blocks: Vec<(usize, usize)> =
            toc_blocks(&refs).iter().map(|b| (b.start, b.end)).collect();
        // From the first entry to the continuation of the wrapped SEZIONE II
        // entry, its number printed on its second line; not "SOMMARIO" nor
        // the PREMESSA that follows.
        assert_eq!(blocks, [(1, 10)]);
        let found: Vec<(SectionId, usize)> = find_headings(&refs, 550.0)
            .iter()
            .map(|h| (h.id, h.first_line))
            .collect();
        assert_eq!(
            found,
            [
                (SectionId::Premessa, 10),
                (SectionId::I, 12),
                (SectionId::I1, 13),
                (SectionId::II, 15),
                (SectionId::II11, 16),
            ]
        );
    }

    #[test]
    fn a_page_number_centred_between_the_lines_of_its_entry() {
        let lines = [
            toc_row(1, 100.0, "SOMMARIO", None),
            toc_row(1, 130.0, "PREMESSA", Some("3")),
            toc_row(1, 144.0, "SEZIONE I - IL QUADRO", Some("5")),
            toc_row(1, 160.0, "SEZIONE II – AZIONE DI QUALIFICAZIONE DEL", None),
            toc_row(1, 166.0, "", Some("14")),
            toc_row(1, 172.0, "SISTEMA DEI SERVIZI", None),
            toc_row(1, 186.0, "1.1 Risultati e attività", Some("14")),
            toc_row(1, 200.0, "1.2 Destinatari", Some("18")),
            toc_row(1, 240.0, "PREMESSA", None),
            toc_row(
                2,
                100.0,
                "SEZIONE I - IL QUADRO DI RIFERIMENTO REGIONALE",
                None,
            ),
            toc_row(2, 130.0, "SEZIONE II – AZIONE DI QUALIFICAZIONE", None),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let blocks: Vec<(usize, usize)> =
            toc_blocks(&refs).iter().map(|b| (b.start, b.end)).collect();
        assert_eq!(blocks, [(1, 8)]);
        let found: Vec<(SectionId, usize)> = find_headings(&refs, 550.0)
            .iter()
            .map(|h| (h.id, h.first_line))
            .collect();
        assert_eq!(
            found,
            [
                (SectionId::Premessa, 8),
                (SectionId::I, 9),
                (SectionId::II, 10)
            ]
        );
    }

    #[test]
    fn a_table_of_small_numbers_is_no_table_of_contents() {
        let rows = [
            ("Richiedenti asilo", "12"),
            ("Minori non accompagnati", "7"),
            ("Donne vittime di tratta", "3"),
            ("Destinatari", "22"),
        ];
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .map(|(i, (t, n))| toc_row(1, 100.0 + 14.0 * i as f64, t, Some(n)))
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        assert!(toc_blocks(&refs).is_empty());
    }
}
