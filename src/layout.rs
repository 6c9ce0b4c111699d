//! Layout: glyphs → words → spans → lines, in reading order, per page.
//!
//! All thresholds are fractions of the font size or of the page size, so the same
//! rules hold for any producer, font or zoom:
//! - a *line* gathers glyphs whose vertical extents overlap (superscripts included);
//! - a *word* ends at a whitespace glyph or a gap wider than [`WORD_GAP`] em;
//! - a *span* is a run of words with no column break inside: it ends at a gap wider
//!   than [`SPAN_GAP`] em or where a vertical rule (a table border) passes between
//!   two words, so text is never merged across table cells or columns.

use std::borrow::Cow;

use crate::pdf::{Glyph, Page};
use crate::rules::{self, Orientation};

/// Gap, in em, from which two glyphs belong to different words.
pub const WORD_GAP: f64 = 0.15;
/// Gap, in em, from which two words belong to different spans (columns, cells).
pub const SPAN_GAP: f64 = 1.2;

/// A word: letters with no gap between them, as the stages read it (a view
/// into its line, which holds the text of all its words in one string).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub x0: f64,
    pub x1: f64,
    /// A whitespace glyph came before the word in the content stream; where a
    /// line starts with a word that has none, the line break split a word.
    pub space_before: bool,
}

/// A word as a line stores it: its text is the line's `text` from the end of
/// the word before up to `end`. A document's lines are kept until its records
/// are read, hundreds of thousands of words: 24 bytes a word and one string a
/// line, where a word owning its text took 48 and a vector a span.
#[derive(Debug, Clone, Copy, PartialEq)]
struct StoredWord {
    x0: f64,
    x1: f64,
    end: u32,
    space_before: bool,
    /// The word opens a span (a cell, a column).
    span_start: bool,
}

/// Words of one line that belong together (one table cell, one column).
#[derive(Debug, Clone, Copy)]
pub struct Span<'a> {
    line: &'a Line,
    /// The span's words are the line's `start..end`.
    start: usize,
    end: usize,
}

impl<'a> Span<'a> {
    pub fn x0(&self) -> f64 {
        self.line.words[self.start].x0
    }
    pub fn x1(&self) -> f64 {
        self.line.words[self.end - 1].x1
    }
    /// The span's words, left to right.
    pub fn words(&self) -> impl DoubleEndedIterator<Item = Word<'a>> + ExactSizeIterator + Clone {
        let line = self.line;
        (self.start..self.end).map(move |i| line.word(i))
    }
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        join_words(self.words())
    }
}

/// One visual line of text on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    pub top: f64,
    pub bottom: f64,
    pub baseline: f64,
    /// Font size of the line's main text (superscripts excluded).
    pub size: f64,
    /// The words' texts one after the other, with nothing between them.
    text: Box<str>,
    words: Box<[StoredWord]>,
}

impl Line {
    pub fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    pub fn x1(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    /// Word `i` of the line.
    fn word(&self, i: usize) -> Word<'_> {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].end as usize
        };
        let w = &self.words[i];
        Word {
            text: &self.text[start..w.end as usize],
            x0: w.x0,
            x1: w.x1,
            space_before: w.space_before,
        }
    }
    /// The line's words, left to right, across its spans.
    pub fn words(&self) -> impl DoubleEndedIterator<Item = Word<'_>> + ExactSizeIterator + Clone {
        (0..self.words.len()).map(|i| self.word(i))
    }
    /// The line's spans, left to right.
    pub fn spans(&self) -> Spans<'_> {
        Spans {
            line: self,
            front: 0,
            back: self.words.len(),
        }
    }
    /// How many spans the line has.
    pub fn span_count(&self) -> usize {
        self.words.iter().filter(|w| w.span_start).count()
    }
    /// The line's text: its words joined by single spaces.
    pub fn text(&self) -> String {
        join_words(self.words())
    }
    /// The bytes the line keeps: itself, its words and their text.
    pub fn retained_bytes(&self) -> usize {
        std::mem::size_of::<Line>()
            + self.text.len()
            + self.words.len() * std::mem::size_of::<StoredWord>()
    }
}

/// The spans of a line, left to right (or right to left).
#[derive(Debug, Clone)]
pub struct Spans<'a> {
    line: &'a Line,
    /// The words not yet visited are `front..back`; `front` opens a span.
    front: usize,
    back: usize,
}

impl<'a> Iterator for Spans<'a> {
    type Item = Span<'a>;
    fn next(&mut self) -> Option<Span<'a>> {
        if self.front >= self.back {
            return None;
        }
        let words = &self.line.words[self.front + 1..self.back];
        let end = words
            .iter()
            .position(|w| w.span_start)
            .map_or(self.back, |k| self.front + 1 + k);
        let span = Span {
            line: self.line,
            start: self.front,
            end,
        };
        self.front = end;
        Some(span)
    }
}

impl<'a> DoubleEndedIterator for Spans<'a> {
    fn next_back(&mut self) -> Option<Span<'a>> {
        if self.front >= self.back {
            return None;
        }
        let words = &self.line.words[self.front..self.back];
        let start = self.front + words.iter().rposition(|w| w.span_start).unwrap_or(0);
        let span = Span {
            line: self.line,
            start,
            end: self.back,
        };
        self.back = start;
        Some(span)
    }
}

/// Builds a line word by word.
#[derive(Debug, Default)]
pub struct LineBuilder {
    text: String,
    words: Vec<StoredWord>,
}

impl LineBuilder {
    /// Starts a word, in a new span when `new_span` (the first word always is).
    pub fn word(&mut self, text: &str, x0: f64, x1: f64, space_before: bool, new_span: bool) {
        self.text.push_str(text);
        self.words.push(StoredWord {
            x0,
            x1,
            end: word_end(&self.text),
            space_before,
            span_start: new_span || self.words.is_empty(),
        });
    }
    /// Adds `text` to the last word, which reaches at least to `x1`.
    fn extend(&mut self, text: &str, x1: f64) {
        self.text.push_str(text);
        if let Some(w) = self.words.last_mut() {
            w.end = word_end(&self.text);
            w.x1 = w.x1.max(x1);
        }
    }
    /// The line, its strings at their exact length.
    pub fn finish(self, page: u32, top: f64, bottom: f64, baseline: f64, size: f64) -> Line {
        Line {
            page,
            top,
            bottom,
            baseline,
            size,
            text: self.text.into_boxed_str(),
            words: self.words.into_boxed_slice(),
        }
    }
}

/// Where a word ends in its line's text. A line longer than 4 GiB cannot come
/// from a page's glyphs.
fn word_end(text: &str) -> u32 {
    u32::try_from(text.len()).expect("a line's text fits in 4 GiB")
}

/// The lines of one page, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub lines: Vec<Line>,
}

/// Lays out every page.
pub fn lay_out(pages: &[Page]) -> Vec<PageLayout> {
    pages.iter().map(lay_out_page).collect()
}

/// Lays out one page: lines top to bottom, spans left to right.
pub fn lay_out_page(page: &Page) -> PageLayout {
    let rules = vertical_rules(page);
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| g.is_upright() && g.size > 0.0 && !g.text.trim().is_empty())
        .collect();
    glyphs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x.total_cmp(&b.x)));

    let mut groups: Vec<LineGroup> = Vec::new();
    for g in glyphs {
        let extent = Extent::of(g);
        // Glyphs come sorted by baseline, so a glyph can only join one of the most
        // recent lines; looking back a few handles side-by-side cells whose
        // baselines differ slightly.
        let found = groups
            .iter_mut()
            .rev()
            .take(4)
            .find(|l| l.reference.overlap_ratio(&extent) >= 0.5);
        match found {
            Some(line) => line.push(g, extent),
            None => groups.push(LineGroup::new(g, extent)),
        }
    }

    let mut lines: Vec<Line> = groups
        .into_iter()
        .map(|group| build_line(page.number, group.glyphs, &rules))
        .collect();
    lines.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.x0().total_cmp(&b.x0()))
    });
    PageLayout {
        number: page.number,
        width: page.width,
        height: page.height,
        lines,
    }
}

/// Vertical extent of a glyph's body, from its baseline and size.
#[derive(Debug, Clone, Copy)]
struct Extent {
    top: f64,
    bottom: f64,
}

impl Extent {
    fn of(g: &Glyph) -> Extent {
        Extent {
            top: g.baseline - 0.75 * g.size,
            bottom: g.baseline + 0.2 * g.size,
        }
    }

    fn overlap_ratio(&self, other: &Extent) -> f64 {
        let overlap = self.bottom.min(other.bottom) - self.top.max(other.top);
        let smaller = (self.bottom - self.top).min(other.bottom - other.top);
        if smaller <= 0.0 {
            0.0
        } else {
            overlap / smaller
        }
    }
}

struct LineGroup<'a> {
    glyphs: Vec<&'a Glyph>,
    /// Extent of the line's largest glyph: the line's body.
    reference: Extent,
    reference_size: f64,
}

impl<'a> LineGroup<'a> {
    fn new(g: &'a Glyph, extent: Extent) -> Self {
        LineGroup {
            glyphs: vec![g],
            reference: extent,
            reference_size: g.size,
        }
    }

    fn push(&mut self, g: &'a Glyph, extent: Extent) {
        if g.size > self.reference_size * 1.05 {
            self.reference = extent;
            self.reference_size = g.size;
        }
        self.glyphs.push(g);
    }
}

/// x positions and vertical ranges of the page's vertical rules.
fn vertical_rules(page: &Page) -> Vec<(f64, f64, f64)> {
    rules::page_rules(page)
        .into_iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .map(|r| (r.pos, r.from, r.to))
        .collect()
}

fn build_line(page: u32, mut glyphs: Vec<&Glyph>, rules: &[(f64, f64, f64)]) -> Line {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    // Some producers fake bold by printing every glyph twice, a hair apart.
    glyphs.dedup_by(|b, a| {
        a.text == b.text
            && (a.x - b.x).abs() < 0.1 * a.size
            && (a.baseline - b.baseline).abs() < 0.1 * a.size
    });

    // The main text: the size most glyphs have (by count), its baseline the median.
    let size = dominant_size(&glyphs);
    let mut main: Vec<f64> = glyphs
        .iter()
        .filter(|g| g.size >= 0.85 * size)
        .map(|g| g.baseline)
        .collect();
    main.sort_by(f64::total_cmp);
    let baseline = main
        .get(main.len() / 2)
        .copied()
        .unwrap_or(glyphs[0].baseline);
    let top = glyphs
        .iter()
        .map(|g| g.baseline - 0.75 * g.size)
        .fold(f64::INFINITY, f64::min);
    let bottom = glyphs
        .iter()
        .map(|g| g.baseline + 0.2 * g.size)
        .fold(f64::NEG_INFINITY, f64::max);
    let (mid_top, mid_bottom) = (baseline - 0.6 * size, baseline);

    let mut built = LineBuilder::default();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        let superscript = g.size < 0.85 * size && g.baseline < baseline - 0.15 * size;
        let text: Cow<str> = if superscript {
            Cow::Owned(to_superscript(&g.text))
        } else {
            Cow::Borrowed(&g.text)
        };
        let (new_word, new_span) = match prev {
            None => (true, true),
            Some(p) => {
                let gap = g.x - p.right();
                let em = p.size.max(g.size);
                let ruled = rules.iter().any(|&(x, y0, y1)| {
                    x > p.right() - 0.1 * em
                        && x < g.x + 0.1 * em
                        && y0 <= mid_bottom
                        && y1 >= mid_top
                });
                let span_break = ruled || gap > SPAN_GAP * em;
                (
                    span_break || g.space_before || gap > WORD_GAP * em,
                    span_break,
                )
            }
        };
        if new_word {
            built.word(&text, g.x, g.right(), g.space_before, new_span);
        } else {
            built.extend(&text, g.right());
        }
        prev = Some(g);
    }
    built.finish(page, top, bottom, baseline, size)
}

/// The font size carried by the most glyphs (sizes within 5% count as one; the
/// larger size wins a tie).
fn dominant_size(glyphs: &[&Glyph]) -> f64 {
    let mut sizes: Vec<f64> = glyphs.iter().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let mut best = (0usize, 0.0f64);
    let mut start = 0;
    for (end, &size) in sizes.iter().enumerate() {
        // The run of sizes within 5% below this one.
        while sizes[start] < size - 0.05 * size {
            start += 1;
        }
        let count = end - start + 1;
        if count >= best.0 {
            best = (count, size);
        }
    }
    best.1
}

/// Writes digits (footnote calls) as Unicode superscripts; other text is kept.
fn to_superscript(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

/// Words joined by single spaces.
pub fn join_words<'a>(words: impl Iterator<Item = Word<'a>> + Clone) -> String {
    let len = words.clone().map(|w| w.text.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len.saturating_sub(1));
    for (i, w) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w.text);
    }
    out
}

/// The right edge of the running text: the most common line end, since justified
/// body lines all end there. Used to tell wrapped lines from short ones.
pub fn text_right_edge(pages: &[PageLayout]) -> f64 {
    let width = pages.iter().map(|p| p.width).fold(0.0, f64::max);
    let bin = (width * 0.005).max(f64::EPSILON);
    let mut counts: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        *counts.entry((line.x1() / bin).round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(b, n)| (n, b))
        .map_or(width, |(b, _)| b as f64 * bin)
}

/// Whether `line` was wrapped, that is `next` continues it: the first word of
/// `next`, after a space, would not have fitted before the right edge.
pub fn is_wrapped(line: &Line, next: &Line, right_edge: f64) -> bool {
    let first_word = next.words().next().map_or(0.0, |w| w.x1 - w.x0);
    let space = 0.25 * line.size;
    line.x1() + space + first_word > right_edge - 0.5 * line.size
}

/// A paragraph of running text and the page it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub page: u32,
    /// Where each of its lines stands, for provenance: the byte offset in
    /// `text` where the line's text begins, its page and its box.
    pub lines: Vec<ParagraphLine>,
}

/// One line of a paragraph, located.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphLine {
    pub start: usize,
    pub page: u32,
    /// x0, top, x1, bottom: PDF points, origin at the page's top-left.
    pub bbox: [f64; 4],
}

impl Paragraph {
    /// A paragraph known by its text alone (no geometry).
    pub fn from_text(text: String, page: u32) -> Paragraph {
        Paragraph {
            text,
            page,
            lines: Vec::new(),
        }
    }

    /// The page and box of the line holding byte `offset` of `text`.
    pub fn locate(&self, offset: usize) -> Option<&ParagraphLine> {
        self.lines.iter().rev().find(|l| l.start <= offset)
    }
}

/// A paragraph break: the pitch from one line's baseline to the next exceeds
/// the block's usual pitch by this factor. Paragraphs are set apart by at least
/// a quarter of a line more than their lines, while the lines of one paragraph
/// keep one pitch (a taller glyph stretches a line by less).
pub const PARAGRAPH_PITCH_RATIO: f64 = 1.25;
/// Line pitch, in em, assumed for a block with too few wrapped lines to
/// measure its own: single spacing.
const SINGLE_SPACING: f64 = 1.2;
/// Fewest pairs of wrapped lines from which a block's own pitch is measured.
const MIN_PITCH_SAMPLES: usize = 3;
/// Font sizes within this fraction of each other are one size, for measuring
/// the pitch.
const SAME_SIZE: f64 = 0.1;

/// The usual line pitch of a block, in em: the median baseline-to-baseline
/// distance, over the font size, from a wrapped line to the line that
/// continues it (same page, same size), so paragraph breaks, headings and
/// tables do not count; [`SINGLE_SPACING`] when too few lines wrap.
pub fn usual_pitch(lines: &[&Line], right_edge: f64) -> f64 {
    let mut pitches: Vec<f64> = lines
        .windows(2)
        .filter(|w| {
            let (p, l) = (w[0], w[1]);
            p.page == l.page
                && l.baseline > p.baseline
                && (l.size - p.size).abs() <= SAME_SIZE * p.size
                && is_wrapped(p, l, right_edge)
        })
        .map(|w| (w[1].baseline - w[0].baseline) / w[0].size)
        .collect();
    if pitches.len() < MIN_PITCH_SAMPLES {
        return SINGLE_SPACING;
    }
    pitches.sort_by(f64::total_cmp);
    pitches[pitches.len() / 2]
}

/// Groups lines into paragraphs: lines of a paragraph joined with a space. A
/// paragraph ends where the next line lies farther below than the block's
/// usual pitch allows (see [`PARAGRAPH_PITCH_RATIO`], [`usual_pitch`]), so
/// text set at 1.5 line spacing stays one paragraph; where a line was not
/// wrapped (it stops short of the right edge with room for the next word); or
/// where the font grows.
pub fn paragraphs(lines: &[&Line], right_edge: f64) -> Vec<Paragraph> {
    let pitch = usual_pitch(lines, right_edge);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in lines {
        let text = line.text();
        let located = |start: usize| ParagraphLine {
            start,
            page: line.page,
            bbox: [line.x0(), line.top, line.x1(), line.bottom],
        };
        let continues = prev.is_some_and(|p| {
            let same_page = p.page == line.page;
            let apart = line.baseline - p.baseline > PARAGRAPH_PITCH_RATIO * pitch * p.size;
            is_wrapped(p, line, right_edge) && !(same_page && apart) && line.size <= p.size * 1.15
        });
        match out.last_mut() {
            Some(para) if continues => {
                para.text.push(' ');
                para.lines.push(located(para.text.len()));
                para.text.push_str(&text);
            }
            _ => out.push(Paragraph {
                text,
                page: line.page,
                lines: vec![located(0)],
            }),
        }
        prev = Some(line);
    }
    // A section's paragraphs are kept to the end of the document: without
    // the slack their texts grew by (a long document's text in memory twice).
    for para in &mut out {
        para.text.shrink_to_fit();
        para.lines.shrink_to_fit();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Glyph, Page, Segment};
    use crate::testing::glyphs;

    fn page(glyphs: Vec<Glyph>, segments: Vec<Segment>) -> Page {
        crate::testing::page(1, glyphs, segments, vec![])
    }

    #[test]
    fn words_and_lines_in_reading_order() {
        let mut g = glyphs("seconda riga", 50.0, 120.0, 10.0);
        g.extend(glyphs("prima riga", 50.0, 100.0, 10.0));
        let layout = lay_out_page(&page(g, vec![]));
        let texts: Vec<String> = layout.lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["prima riga", "seconda riga"]);
    }

    #[test]
    fn spaces_are_rebuilt_from_gaps_when_no_space_glyph_exists() {
        // No whitespace glyphs at all: the words are placed apart by 0.4 em.
        let mut g = glyphs("Regione", 50.0, 100.0, 10.0);
        let next_x = 50.0 + 7.0 * 5.0 + 4.0;
        g.extend(glyphs("Liguria", next_x, 100.0, 10.0));
        let layout = lay_out_page(&page(g, vec![]));
        assert_eq!(layout.lines[0].text(), "Regione Liguria");
        assert_eq!(layout.lines[0].span_count(), 1);
    }

    #[test]
    fn kerning_gaps_do_not_split_words() {
        let mut g = glyphs("Gan", 50.0, 100.0, 10.0);
        g.extend(glyphs("tt", 50.0 + 15.0 + 0.5, 100.0, 10.0));
        let layout = lay_out_page(&page(g, vec![]));
        assert_eq!(layout.lines[0].text(), "Gantt");
    }

    #[test]
    fn a_vertical_rule_between_words_separates_cells() {
        // Two cells 0.3 em apart, closer than a column gap, with a border between.
        let mut g = glyphs("Azione", 50.0, 100.0, 10.0);
        g.extend(glyphs("A", 83.0, 100.0, 10.0));
        let rule = Segment {
            x0: 81.5,
            y0: 80.0,
            x1: 81.5,
            y1: 110.0,
        };
        let with_rule = lay_out_page(&page(g.clone(), vec![rule]));
        assert_eq!(with_rule.lines[0].span_count(), 2);
        assert_eq!(with_rule.lines[0].spans().nth(1).unwrap().text(), "A");
        let without = lay_out_page(&page(g, vec![]));
        assert_eq!(without.lines[0].span_count(), 1);
    }

    #[test]
    fn wide_gaps_separate_columns() {
        let mut g = glyphs("Quantità", 50.0, 100.0, 10.0);
        g.extend(glyphs("30", 300.0, 100.0, 10.0));
        let layout = lay_out_page(&page(g, vec![]));
        let spans: Vec<String> = layout.lines[0].spans().map(|s| s.text()).collect();
        assert_eq!(spans, ["Quantità", "30"]);
    }

    #[test]
    fn raised_small_digits_are_superscripts_on_the_same_line() {
        let mut g = glyphs("migratorio", 50.0, 100.0, 10.0);
        g.extend(glyphs("1", 100.0, 96.5, 6.0));
        let layout = lay_out_page(&page(g, vec![]));
        assert_eq!(layout.lines.len(), 1);
        assert_eq!(layout.lines[0].text(), "migratorio¹");
        assert_eq!(layout.lines[0].size, 10.0);
    }

    #[test]
    fn overprinted_bold_is_read_once() {
        let mut g = glyphs("PREMESSA", 50.0, 100.0, 10.0);
        g.extend(glyphs("PREMESSA", 50.3, 100.0, 10.0));
        let layout = lay_out_page(&page(g, vec![]));
        assert_eq!(layout.lines[0].text(), "PREMESSA");
    }

    #[test]
    fn rotated_glyphs_are_left_out() {
        let mut g = glyphs("testo", 50.0, 100.0, 10.0);
        for x in &mut g {
            x.direction = crate::pdf::Direction::Up;
        }
        assert!(lay_out_page(&page(g, vec![])).lines.is_empty());
    }

    #[test]
    fn paragraphs_split_on_gaps_and_short_lines() {
        let mut g = glyphs("uno due tre quattro", 50.0, 100.0, 10.0);
        g.extend(glyphs("cinque", 50.0, 112.0, 10.0));
        g.extend(glyphs("nuovo paragrafo", 50.0, 140.0, 10.0));
        let layout = lay_out_page(&page(g, vec![]));
        let lines: Vec<&Line> = layout.lines.iter().collect();
        let right = lines[0].x1();
        assert_eq!(
            paragraphs(&lines, right)
                .into_iter()
                .map(|p| p.text)
                .collect::<Vec<_>>()
                .join("\n\n"),
            "uno due tre quattro cinque\n\nnuovo paragrafo"
        );
    }

    /// Two paragraphs of 10-point text, lines `pitch` points apart, the first
    /// paragraph's short last line followed by `extra` more points.
    fn spaced_text(pitch: f64, extra: f64) -> Vec<Line> {
        let sentences = [
            "Gli stranieri residenti in Liguria al primo gennaio",
            "2015 sono 138.697, pari all'8,8% della popolazione.",
            "Le donne sono il 53,2% degli stranieri residenti nella",
            "regione, i minori il 21,1% del totale.",
            "Nuovo paragrafo che riempie anche lui la riga fino al",
            "margine destro e continua sulla riga successiva senza",
            "interruzioni di sorta.",
        ];
        let mut g = Vec::new();
        let mut y = 100.0;
        for (i, s) in sentences.iter().enumerate() {
            g.extend(glyphs(s, 50.0, y, 10.0));
            y += pitch;
            if i == 3 {
                y += extra;
            }
        }
        lay_out_page(&page(g, vec![])).lines
    }

    fn texts(lines: &[Line], right: f64) -> Vec<String> {
        let refs: Vec<&Line> = lines.iter().collect();
        paragraphs(&refs, right)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn wide_line_spacing_keeps_paragraphs_whole() {
        let want = [
            "Gli stranieri residenti in Liguria al primo gennaio 2015 sono 138.697, pari all'8,8% della popolazione. Le donne sono il 53,2% degli stranieri residenti nella regione, i minori il 21,1% del totale.",
            "Nuovo paragrafo che riempie anche lui la riga fino al margine destro e continua sulla riga successiva senza interruzioni di sorta.",
        ];
        // Single, 1.3 and 1.5 line spacing (10-point text), paragraphs set
        // apart by half a line more; and no extra space at all, where only
        // the short last line ends the paragraph.
        for (pitch, extra) in [(12.0, 6.0), (15.6, 8.0), (18.0, 9.0), (18.0, 0.0)] {
            let lines = spaced_text(pitch, extra);
            let right = lines.iter().map(Line::x1).fold(0.0, f64::max);
            assert_eq!(texts(&lines, right), want, "pitch {pitch}");
        }
    }

    #[test]
    fn a_paragraph_gap_splits_wrapped_lines_at_any_spacing() {
        // The fourth line reaches the right edge: only the gap tells.
        for pitch in [12.0, 18.0] {
            let lines = spaced_text(pitch, 0.5 * pitch);
            let right = lines[3].x1();
            let got = texts(&lines, right);
            assert_eq!(got.len(), 2, "pitch {pitch}: {got:?}");
            assert!(got[1].starts_with("Nuovo paragrafo"));
        }
    }
}
