//! Borderless tables: grids rebuilt from the words alone, for tables drawn
//! without vertical rules — no rules at all (LibreOffice Writer/Web prints HTML
//! tables so) or only horizontal ones (word processors' list styles). The method
//! is that of stream-mode extractors (Tabula, Camelot's stream mode, Nurminen's
//! text edges): columns from gutters in the x-projection of the words, rows from
//! whitespace bands or from where cells begin.
//!
//! - A *block* is a run of lines outside every ruled table, each within
//!   [`MAX_BLOCK_GAP`] font sizes of the lines above, ended by running text (one
//!   span from the left margin to the right edge of the text) or a section
//!   heading.
//! - *Gutters* separate columns: bands of the x axis that the block's words cover
//!   least, crossed by at most [`MAX_CROSSING`] of its lines (a caption, a banner,
//!   a year centred over its quarters), at least [`MIN_GUTTER`] em wide, and
//!   clearly emptier than the columns beside them ([`MIN_CONTRAST`]). Words, not
//!   spans: a gutter may be narrower than the layout's span gap.
//! - *Rows*: where some gaps between lines are clearly wider than the gap between
//!   the lines of one cell (cells with padding), those gaps separate rows, and a
//!   short cell may sit anywhere in its row (vertically centred, [`VAlign`]).
//!   Otherwise cells are set at the top of their rows, and a line begins a row
//!   unless each of its cells continues a wrapped line of the line above. A
//!   horizontal rule between two lines always separates rows.
//! - A word crossing a gutter joins the cells on either side into one cell
//!   spanning those columns. A line of prose across the block from its left
//!   edge (a group's description in a Gantt, a banner), with the short line
//!   that ends its paragraph, is one cell across all the columns, and is left
//!   out when looking for gutters.
//! - A block too small to show its gutters (a header) heads the table that
//!   running text alone parts it from, when it reads with that table's columns.
//! - Across a page break the parts of a table lend each other what one of them
//!   cannot show: columns, and whether rows stand apart with centred cells
//!   (`continued`, [`cut_head`], [`read_finer`]); lines as wide as the text
//!   between a header and its body are rows, not an end.

use super::{Cell, Table, VAlign};
use crate::layout::{Line, PageLayout, Word};
use crate::pdf::Page;
use crate::rules::{self, Orientation};

/// Rows with text in at least two columns a block needs to be a table.
const MIN_ROWS: usize = 3;
/// The same at the top of a page when a table ran off the page before: the
/// last rows of a table may be few.
const MIN_CONTINUED_ROWS: usize = 1;
/// The same at the bottom of a page: a table cut after its header.
const MIN_CUT_ROWS: usize = 1;
/// Largest gap between a line and the lines above it in the same block, in font
/// sizes: rows of padded cells stand about a line apart.
const MAX_BLOCK_GAP: f64 = 2.5;
/// Share of a block's width from which a line of one span is taken for a
/// banner or a paragraph, and left out when looking for gutters.
const WIDE_LINE: f64 = 0.75;
/// Largest gap between a wide line and the short line that ends its
/// paragraph, in font sizes: the lines of one paragraph stand closer than this.
const TAIL_GAP: f64 = 1.0;
/// How far, in em, a paragraph's last line may start from where its lines
/// start.
const TAIL_ALIGN: f64 = 0.5;
/// Share of a block's lines that may cross a gutter (spanning cells).
const MAX_CROSSING: f64 = 0.15;
/// Narrowest gutter, in em: a little less than a word space, since cell padding
/// can be that narrow, while word spaces never line up down a whole block.
const MIN_GUTTER: f64 = 0.2;
/// How much more a column must be covered than the gutter beside it: its
/// busiest point is crossed by more than this many times the gutter's lines.
const MIN_CONTRAST: f64 = 2.0;
/// How near, as a share of its width, a word's middle must be to a gutter's
/// for the word to stand over both columns rather than in one of them.
const CENTRED: f64 = 0.25;
/// A gutter narrower than this, in em, is no wider than a word space: it must
/// have [`NARROW_GUTTER_LINES`] lines of text on either side, since the spaces
/// of a few lines can line up by chance ("€ 24.912,00" over "€ 249.117").
const NARROW_GUTTER: f64 = 0.5;
const NARROW_GUTTER_LINES: usize = 4;
/// How much wider than the usual gap between a block's lines a gap must be to
/// separate rows, in font sizes.
const ROW_GAP_EXCESS: f64 = 0.35;
/// The widest gap between two lines of one cell, in font sizes: even double
/// spacing leaves less between line boxes. Lines further apart in every
/// column (cells of one line each, rows padded) are rows of their own.
const MAX_LINE_GAP: f64 = 1.0;
/// How much wider than its usual word space a running-text line's widest gap
/// can be (a justified line spaces its words evenly).
const RUNNING_GAP_RATIO: f64 = 2.0;
/// A gap within this ratio of its line's other word spaces, either way, is a
/// word space itself (see [`is_river`]).
const RIVER_RATIO: f64 = 1.5;
/// Wide gaps a table needs, in number and as a share of its gaps between
/// lines, for its rows to be told apart by gaps (cells with padding) rather
/// than by where cells begin.
const MIN_BANDS: usize = 2;
const MIN_BAND_SHARE: f64 = 0.15;
/// Tolerance for telling where a running-text line starts and ends, in em.
const MARGIN_SLACK: f64 = 1.5;
/// How far, in font sizes, the outer edges of a table without rules may be from
/// where its text ends: a page's part of a table may have shorter text.
const EDGE_TOLERANCE: f64 = 1.0;

/// Where a line stands: a section heading starts at (page, top).
pub type Break = (u32, f64);

/// The borderless tables of a page, leaving out what `ruled` tables cover.
/// `right_edge` is the right edge of the running text; `breaks` are where
/// sections start, which no table crosses; `continued` is a table that ran
/// off the bottom of the page before: a block at the top of this page takes
/// its columns, since its last rows may be too few to show their gutters.
pub fn tables(
    page: &Page,
    layout: &PageLayout,
    ruled: &[Table],
    right_edge: f64,
    breaks: &[Break],
    continued: Option<&Table>,
) -> Vec<Table> {
    let outside = |l: &Line| {
        !ruled.iter().any(|t| {
            let (x0, x1) = (t.col_edges[0], t.col_edges[t.col_edges.len() - 1]);
            l.bottom > t.top && l.top < t.bottom && l.x1() > x0 && l.x0() < x1
        })
    };
    let lines: Vec<&Line> = layout.lines.iter().filter(|l| outside(l)).collect();
    let left_edge = left_edge(layout);
    let rules = horizontal_rules(page);
    // Blocks, each with the running-text lines between it and the block
    // before when nothing else parts them (a heading or a wide gap does).
    let mut blocks: Vec<Block> = Vec::new();
    let mut current = Block::default();
    let mut running: Vec<&Line> = Vec::new();
    let (mut parted, mut bottom) = (true, f64::NEG_INFINITY);
    // The running-text line right above, whose paragraph a short line may end.
    let mut above: Option<&Line> = None;
    for &line in &lines {
        parted |= line.top - bottom > MAX_BLOCK_GAP * line.size;
        bottom = bottom.max(line.bottom);
        let running_above = above.take();
        if breaks
            .iter()
            .any(|&(p, top)| p == line.page && top == line.top)
        {
            parted = true;
        } else if is_running_text(line, left_edge, right_edge) {
            running.push(line);
            above = Some(line);
        } else if running_above.is_some_and(|a| ends_paragraph(a, line)) {
            running.push(line);
        } else {
            if parted || !running.is_empty() {
                let banners = (!parted).then(|| std::mem::take(&mut running));
                blocks.push(std::mem::replace(
                    &mut current,
                    Block {
                        lines: Vec::new(),
                        banners_before: banners,
                    },
                ));
                running.clear();
                parted = false;
            }
            current.lines.push(line);
        }
    }
    blocks.push(current);
    blocks.retain(|b| !b.lines.is_empty());

    let (first_line, last_line) = (layout.lines.first(), layout.lines.last());
    let is =
        |l: Option<&&Line>, m: Option<&Line>| l.zip(m).is_some_and(|(a, b)| std::ptr::eq(*a, b));
    let mut built: Vec<Option<Table>> = blocks
        .iter()
        .map(|b| {
            let (at_top, at_bottom) = (
                is(b.lines.first(), first_line),
                is(b.lines.last(), last_line),
            );
            match continued.filter(|_| at_top) {
                Some(t) => build(
                    page,
                    layout,
                    &b.lines,
                    &rules,
                    MIN_CONTINUED_ROWS,
                    Some(Columns {
                        rest_of_row: b.lines.first().is_some_and(|l| {
                            l.spans()
                                .next()
                                .is_some_and(|s| super::opens_lower_word(&s.text()))
                        }),
                        ..Columns::of(t)
                    }),
                ),
                None if at_bottom => build(page, layout, &b.lines, &rules, MIN_CUT_ROWS, None),
                None => build(page, layout, &b.lines, &rules, MIN_ROWS, None),
            }
        })
        .collect();
    // A table that ran off the page before may go on under lines as wide as
    // the text that open this page (a Gantt's group described across all its
    // columns): when no table opens the page, the first table below, read
    // with every line above it and the columns of the page before, goes on
    // from there if no heading or wide gap parts those lines and its columns
    // still agree.
    if let Some(prev) = continued
        && built.first().is_some_and(Option::is_none)
        && let Some(k) = built.iter().position(Option::is_some)
        && let Some(&last) = blocks[k].lines.last()
        && let Some(end) = lines.iter().position(|l| std::ptr::eq(*l, last))
    {
        let rows: Vec<&Line> = lines[..=end].to_vec();
        let heading = |l: &&Line| breaks.iter().any(|&(p, top)| p == l.page && top == l.top);
        let parted = rows.iter().any(heading)
            || rows
                .windows(2)
                .any(|w| w[1].top - w[0].bottom > MAX_BLOCK_GAP * w[1].size);
        let opens_page = is(rows.first(), first_line);
        if let Some(table) = build(
            page,
            layout,
            &rows,
            &rules,
            MIN_CONTINUED_ROWS,
            Some(Columns::of(prev)),
        )
        .filter(|t| opens_page && !parted && super::union_edges(prev, t).is_some())
        {
            blocks.drain(..k);
            built.drain(..k);
            blocks[0] = Block {
                lines: rows,
                banners_before: None,
            };
            built[0] = Some(table);
        }
    }
    // A table interrupted by rows as wide as the text (a banner, a paragraph
    // in a cell spanning every column) goes on after them: two tables parted
    // only by such lines, and by blocks that are no table, are one when their
    // columns agree.
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let mut j = i + 1;
        while j < blocks.len() && blocks[j].banners_before.is_some() && built[j].is_none() {
            j += 1;
        }
        // A block too small to show its own gutters (a header row, years
        // over quarters) heads the table that such lines part it from when
        // it reads with that table's columns.
        let head = |built: &[Option<Table>]| {
            let next = built.get(j)?.as_ref()?;
            blocks[j].banners_before.as_ref()?;
            build(
                page,
                layout,
                &blocks[i].lines,
                &rules,
                MIN_CONTINUED_ROWS,
                Some(Columns::of(next)),
            )
        };
        let Some(table) = built[i].take().or_else(|| head(&built)) else {
            i += 1;
            continue;
        };
        let joined = (j < blocks.len() && blocks[j].banners_before.is_some())
            .then(|| built[j].as_ref())
            .flatten()
            .filter(|next| super::union_edges(&table, next).is_some())
            .and_then(|_| {
                // Columns from the two tables' lines; the lines between them
                // are rows spanning their columns.
                let mut rows: Vec<&Line> = Vec::new();
                let mut own: Vec<&Line> = Vec::new();
                for (k, b) in blocks[i..=j].iter().enumerate() {
                    if k > 0 {
                        rows.extend(b.banners_before.iter().flatten());
                    }
                    rows.extend(&b.lines);
                    if k == 0 || k == j - i {
                        own.extend(&b.lines);
                    }
                }
                rows.sort_by(|a, b| a.top.total_cmp(&b.top));
                let em = median(own.iter().map(|l| l.size).collect());
                let (edges, slack) = column_edges(&own, em);
                let columns = Columns {
                    edges: &edges,
                    slack: &slack,
                    centred: false,
                    rest_of_row: false,
                };
                build(page, layout, &rows, &rules, MIN_ROWS, Some(columns)).map(|t| (t, rows))
            });
        match joined {
            Some((t, lines)) => {
                built[j] = Some(t);
                blocks[j].lines = lines;
                i = j;
            }
            None => {
                out.push(table);
                i += 1;
            }
        }
    }
    out
}

/// Rows with text in two cells or more that the part of a table on one page
/// needs to show its columns: the gaps of a single row line up with nothing,
/// and may be its word spaces as well as its gutters.
const MIN_ALIGNED_ROWS: usize = 2;

/// Whether a table without rules is too few rows to have shown its own
/// columns ([`MIN_ALIGNED_ROWS`]): a page's last lines, taken for a table only
/// because the page break may have cut one there.
pub fn too_few_rows(table: &Table) -> bool {
    let filled = (0..table.n_rows)
        .filter(|&r| {
            let cells = table.row_cells(r);
            cells.iter().filter(|c| !c.text.trim().is_empty()).count() >= 2
        })
        .count();
    !table.ruled && table.page == table.end_page && filled < MIN_ALIGNED_ROWS
}

/// The part of a table without rules that `page` ends with, read again as
/// `next`, its continuation on the following page, shows the table to be: a
/// few rows cut off by the break may not show a narrow column (an action's
/// letter beside its quantity), nor that rows stand apart with their cells
/// centred in them (a header whose narrow cells broke "III° TRIM" over three
/// lines), where the rows on the next page do. With finer columns the part
/// must keep its rows. `None` when the next page shows nothing more.
pub fn read_finer(page: &Page, layout: &PageLayout, part: &Table, next: &Table) -> Option<Table> {
    if part.ruled || part.page != part.end_page || part.page != page.number {
        return None;
    }
    let (union, union_slack) = super::union_edges(part, next)?;
    let finer = union.len() > part.col_edges.len();
    let centred = next.valign == VAlign::Middle && part.valign != VAlign::Middle;
    // Edges only as fine as needed: the union's slack is the wider part's.
    let (edges, slack) = match finer {
        true => (union, union_slack),
        false if centred => (part.col_edges.clone(), part.edge_slack.clone()),
        false => return None,
    };
    let columns = Columns {
        edges: &edges,
        slack: &slack,
        centred: part.valign == VAlign::Middle || centred,
        rest_of_row: false,
    };
    read_again(page, layout, part, columns).filter(|t| centred || t.n_rows == part.n_rows)
}

/// The lines of `part` read again with other columns.
fn read_again(page: &Page, layout: &PageLayout, part: &Table, columns: Columns) -> Option<Table> {
    let middle = |l: &Line| (l.top + l.bottom) / 2.0;
    let lines: Vec<&Line> = layout
        .lines
        .iter()
        .filter(|l| middle(l) > part.top && middle(l) < part.bottom)
        .collect();
    let rules = horizontal_rules(page);
    build(
        page,
        layout,
        &lines,
        &rules,
        MIN_CONTINUED_ROWS,
        Some(columns),
    )
}

/// The head of a table that a page break cut right after it: the lines that
/// end `page` below `after` (a caption, the header row) read with the columns
/// of `next`, the table that opens the following page. Too few to show their
/// own gutters, they are a table only as its first rows.
pub fn cut_head(
    page: &Page,
    layout: &PageLayout,
    after: f64,
    right_edge: f64,
    breaks: &[Break],
    next: &Table,
) -> Option<Table> {
    let left_edge = left_edge(layout);
    let mut head: Vec<&Line> = Vec::new();
    for line in layout.lines.iter().rev() {
        let parted = head
            .last()
            .is_some_and(|below: &&Line| below.top - line.bottom > MAX_BLOCK_GAP * line.size);
        let heading = breaks
            .iter()
            .any(|&(p, top)| p == line.page && top == line.top);
        if line.top <= after || parted || heading {
            break;
        }
        head.push(line);
    }
    head.reverse();
    // Lines as wide as the text may be rows under the header (a Gantt's
    // groups described across all its columns), but not its top: there they
    // are the paragraph before the table.
    let opens = paragraph_lines(&head, left_edge, right_edge)
        .iter()
        .position(|&prose| !prose)?;
    let head = &head[opens..];
    let rules = horizontal_rules(page);
    build(
        page,
        layout,
        head,
        &rules,
        MIN_CONTINUED_ROWS,
        Some(Columns::of(next)),
    )
}

/// Where the page's text starts: its leftmost line.
fn left_edge(layout: &PageLayout) -> f64 {
    layout
        .lines
        .iter()
        .map(Line::x0)
        .fold(f64::INFINITY, f64::min)
}

/// The heights of the page's horizontal rules, which always part rows.
fn horizontal_rules(page: &Page) -> Vec<f64> {
    rules::page_rules(page)
        .into_iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .map(|r| r.pos)
        .collect()
}

/// A run of lines that may be a table.
#[derive(Default)]
struct Block<'a> {
    lines: Vec<&'a Line>,
    /// The running-text lines that part it from the block before, when only
    /// they do.
    banners_before: Option<Vec<&'a Line>>,
}

/// The text of one line in one column: where it starts and ends, and how wide
/// its first word is (to tell whether it would have fitted on the line above).
#[derive(Debug, Clone, Copy)]
struct Fragment {
    x0: f64,
    x1: f64,
    first_word: f64,
    /// It opens with a list mark ([`super::LIST_MARKS`]): an item of a list.
    list_item: bool,
    /// It ends with a colon: what follows in its cell comes on the next line.
    announces: bool,
    /// It is a figure of its own: one word of digits and separators, with a
    /// separator and three digits at least ("80.000,00", not the "85" a
    /// narrow cell broke off "529.301,").
    figure: bool,
    /// It opens with a word of lower-case letters: it goes on mid-sentence.
    lower: bool,
}

impl Fragment {
    /// Whether it goes on from `above`, the same column's text on the line
    /// before, as one cell's text does: wrapped at the column's `right` end,
    /// or announced by a colon.
    fn goes_on_from(&self, above: &Fragment, right: f64, size: f64) -> bool {
        wrapped_into(above.x1, self.first_word, right, size) || above.announces
    }
}

/// Whether a word is a figure of its own (see [`Fragment::figure`]).
fn is_figure(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && word.contains(['.', ','])
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
}

/// Whether a line is running text: one span from the left margin to the right
/// edge, its words evenly spaced (as a justified line's are; a table row set
/// that wide has a wider gap where a cell ends).
fn is_running_text(l: &Line, left_edge: f64, right_edge: f64) -> bool {
    if l.span_count() != 1
        || l.x0() > left_edge + MARGIN_SLACK * l.size
        || l.x1() < right_edge - MARGIN_SLACK * l.size
    {
        return false;
    }
    evenly_spaced(l)
}

/// Which of some lines, top to bottom, are a paragraph's: running text, and
/// the lines of a paragraph set ragged right (as browsers and word processors'
/// web layouts set text), which end short of the right edge: a line of one
/// evenly spaced span from the left margin that the next such line, as close
/// below as a paragraph's lines, continues (its first word would not have
/// fitted after it), and that next line.
fn paragraph_lines(lines: &[&Line], left_edge: f64, right_edge: f64) -> Vec<bool> {
    let at_margin = |l: &Line| {
        l.span_count() == 1 && l.x0() <= left_edge + MARGIN_SLACK * l.size && evenly_spaced(l)
    };
    let mut prose: Vec<bool> = lines
        .iter()
        .map(|l| is_running_text(l, left_edge, right_edge))
        .collect();
    for (i, pair) in lines.windows(2).enumerate() {
        let (l, next) = (pair[0], pair[1]);
        if at_margin(l)
            && at_margin(next)
            && next.top - l.bottom <= TAIL_GAP * l.size
            && crate::layout::is_wrapped(l, next, right_edge)
        {
            prose[i] = true;
            prose[i + 1] = true;
        }
    }
    prose
}

/// Whether a line's words are spaced evenly, as prose is (justified or not):
/// no gap much wider than the usual one, where one cell would end.
fn evenly_spaced(l: &Line) -> bool {
    let words: Vec<Word> = l.words().collect();
    let gaps: Vec<f64> = words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
    let widest = gaps.iter().copied().fold(0.0, f64::max);
    gaps.len() < 2 || widest <= RUNNING_GAP_RATIO * median(gaps)
}

/// Whether a line is prose over most of a block's width (`left`..`right`):
/// one evenly spaced span. Such a line would cross any gutter, so it tells
/// nothing of the columns.
fn is_wide(l: &Line, left: f64, right: f64) -> bool {
    l.span_count() == 1 && l.x1() - l.x0() >= WIDE_LINE * (right - left) && evenly_spaced(l)
}

/// Which of a block's lines are prose across its columns, in a cell spanning
/// them all (a banner, a group's description in a Gantt) or a paragraph beside
/// the table: wide lines from the block's left edge, and the short line that
/// ends such a paragraph right below one. Their text is one cell.
fn spanning_lines(block: &[&Line], left: f64, right: f64) -> Vec<bool> {
    let across = |l: &Line| is_wide(l, left, right) && l.x0() - left <= TAIL_ALIGN * l.size;
    let mut out = Vec::with_capacity(block.len());
    for (i, l) in block.iter().enumerate() {
        let tail = i > 0 && across(block[i - 1]) && ends_paragraph(block[i - 1], l);
        out.push(across(l) || tail);
    }
    out
}

/// Whether `l` is the short last line of the paragraph whose line `above` is:
/// prose starting where it starts, as close below it as a paragraph's lines.
fn ends_paragraph(above: &Line, l: &Line) -> bool {
    l.span_count() == 1
        && evenly_spaced(l)
        && (l.x0() - above.x0()).abs() <= TAIL_ALIGN * l.size
        && l.top - above.bottom <= TAIL_GAP * l.size
}

/// The usual gap between the lines of the page's paragraphs: lines of prose
/// across most of the text's width, one under the other in the same size.
fn prose_line_gap(layout: &PageLayout) -> Option<f64> {
    let left = left_edge(layout);
    let right = layout
        .lines
        .iter()
        .map(Line::x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let gaps: Vec<f64> = layout
        .lines
        .windows(2)
        .filter(|w| w[0].size == w[1].size && w.iter().all(|l| is_wide(l, left, right)))
        .map(|w| w[1].top - w[0].bottom)
        .filter(|&g| g >= 0.0)
        .collect();
    (!gaps.is_empty()).then(|| median(gaps))
}

/// A word with the line it is on.
struct Placed<'a> {
    line: usize,
    word: Word<'a>,
}

/// The median of some values (0 for none).
fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// How many of the block's lines have a word over each stretch of the x axis
/// between two word ends: (from, to, lines), left to right.
fn coverage(block: &[&Line]) -> Vec<(f64, f64, usize)> {
    let mut events: Vec<(f64, i32)> = block
        .iter()
        .flat_map(|l| l.words())
        .flat_map(|w| [(w.x0, 1), (w.x1, -1)])
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64, usize)> = Vec::new();
    let mut count = 0i32;
    for pair in events.windows(2) {
        count += pair[0].1;
        if pair[1].0 > pair[0].0 {
            out.push((pair[0].0, pair[1].0, count.max(0) as usize));
        }
    }
    out
}

/// Where, near an edge borrowed from the part of a table on the page before,
/// the gutter of this part is: the middle of the widest least-covered stretch
/// within the edge's slack, short of the neighbouring edges' gutters
/// (`neighbours`, each an edge with its slack). A label column's edge under a
/// header that leaves it wide open has a slack of many ems, and the widest
/// empty stretch within it may lie past the next edge: the two columns would
/// swap.
fn refine_edge(
    stretches: &[(f64, f64, usize)],
    (edge, slack): (f64, f64),
    neighbours: [(f64, f64); 2],
) -> f64 {
    let [(before, before_slack), (after, after_slack)] = neighbours;
    let from = (edge - slack).max(before + before_slack).min(edge);
    let to = (edge + slack).min(after - after_slack).max(edge);
    let window: Vec<(f64, f64, usize)> = stretches
        .iter()
        .filter(|s| s.1 > from && s.0 < to)
        .map(|s| (s.0.max(from), s.1.min(to), s.2))
        .collect();
    let Some(low) = window.iter().map(|s| s.2).min() else {
        return edge;
    };
    let mut best: Option<(f64, f64)> = None;
    let mut k = 0;
    while k < window.len() {
        if window[k].2 != low {
            k += 1;
            continue;
        }
        let start = window[k].0;
        while k < window.len() && window[k].2 == low {
            k += 1;
        }
        let end = window[k - 1].1;
        if best.is_none_or(|(a, b)| end - start > b - a) {
            best = Some((start, end));
        }
    }
    best.map_or(edge, |(a, b)| (a + b) / 2.0)
}

/// Column edges from the gutters of a block: the outer ends and the middle of
/// each gutter, each with its slack (half the gutter's width; for the outer
/// ends, where the text happens to end, [`EDGE_TOLERANCE`]).
fn column_edges(block: &[&Line], em: f64) -> (Vec<f64>, Vec<f64>) {
    let all = coverage(block);
    if all.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let (left, right) = (all[0].0, all[all.len() - 1].1);
    let spanning = spanning_lines(block, left, right);
    let block: Vec<&Line> = block
        .iter()
        .zip(&spanning)
        .filter(|&(l, &s)| !s && !is_wide(l, left, right))
        .map(|(&l, _)| l)
        .collect();
    let block = block.as_slice();
    let stretches = coverage(block);
    if stretches.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // A caption may cross every gutter of a small table.
    let max_crossing = ((MAX_CROSSING * block.len() as f64).floor() as usize).max(1);
    // Gutters: the least-covered bands wide enough to be one, each at the
    // lowest coverage at which it opens (a sparse column between two gutters
    // stays a column, and a gutter beside it is still found).
    let mut gutters: Vec<(f64, f64, usize)> = Vec::new();
    for t in 0..=max_crossing {
        let mut k = 0;
        while k < stretches.len() {
            if stretches[k].2 > t {
                k += 1;
                continue;
            }
            let start = k;
            while k < stretches.len() && stretches[k].2 <= t {
                k += 1;
            }
            let (x0, x1) = (stretches[start].0, stretches[k - 1].1);
            if x0 <= left || x1 >= right || x1 - x0 < MIN_GUTTER * em {
                continue;
            }
            let narrow = |a: f64, b: f64| b - a < NARROW_GUTTER * em;
            let overlapping: Vec<usize> = (0..gutters.len())
                .filter(|&g| gutters[g].0 < x1 && x0 < gutters[g].1)
                .collect();
            match overlapping.as_slice() {
                [] => gutters.push((x0, x1, t)),
                // A hair-wide gap (between two words of a caption) widens into
                // the gutter it sits in, one line more crossing it.
                &[g] if gutters[g].2 + 1 == t
                    && narrow(gutters[g].0, gutters[g].1)
                    && !narrow(x0, x1) =>
                {
                    gutters[g] = (x0, x1, t)
                }
                _ => {}
            }
        }
    }
    gutters.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Words that stand apart from the words beside them, as a heading cell's
    // words do (a word of a cell's text has its neighbours a word space away):
    // centred over a band, such a word is a heading over both columns (a year
    // over its quarters), and says nothing against the gutter.
    let apart = |gap: f64| gap >= NARROW_GUTTER * em;
    let headings: Vec<Word> = block
        .iter()
        .flat_map(|l| {
            let words: Vec<Word> = l.words().collect();
            (0..words.len())
                .filter(|&k| {
                    (k == 0 || apart(words[k].x0 - words[k - 1].x1))
                        && words.get(k + 1).is_none_or(|n| apart(n.x0 - words[k].x1))
                })
                .map(|k| words[k])
                .collect::<Vec<_>>()
        })
        .collect();
    // Drop gutters that are not clearly emptier than a column beside them.
    loop {
        let peak = |from: f64, to: f64| {
            stretches
                .iter()
                .filter(|s| s.0 >= from && s.1 <= to)
                .map(|s| s.2)
                .max()
                .unwrap_or(0)
        };
        let weak = (0..gutters.len()).find(|&g| {
            let left_from = if g == 0 { left } else { gutters[g - 1].1 };
            let right_to = gutters.get(g + 1).map_or(right, |n| n.0);
            let (g0, g1) = (gutters[g].0, gutters[g].1);
            let centred = headings
                .iter()
                .filter(|w| w.x0 <= g0 && w.x1 >= g1)
                .filter(|w| ((w.x0 + w.x1) - (g0 + g1)).abs() / 2.0 <= CENTRED * (w.x1 - w.x0))
                .count();
            let need = MIN_CONTRAST * gutters[g].2.saturating_sub(centred) as f64;
            let support = peak(left_from, g0).min(peak(g1, right_to));
            let narrow = g1 - g0 < NARROW_GUTTER * em;
            (support as f64) <= need
                || (narrow && support < NARROW_GUTTER_LINES)
                || is_river(block, (g0, g1), &gutters)
        });
        match weak {
            Some(g) => {
                gutters.remove(g);
            }
            None => break,
        }
    }
    let end = gutters.first().map_or(right, |g| g.0);
    if let Some(g) = numbering_gutter(block, left, end, em) {
        gutters.insert(0, g);
    }
    let mut edges = vec![left];
    edges.extend(gutters.iter().map(|g| (g.0 + g.1) / 2.0));
    edges.push(right);
    let mut slack = vec![EDGE_TOLERANCE * em];
    slack.extend(gutters.iter().map(|g| (g.1 - g.0) / 2.0));
    slack.push(EDGE_TOLERANCE * em);
    (edges, slack)
}

/// The gutter of a column of row numbers at a table's left ("1", "1.1",
/// "A)") that rows spanning it and the column beside it cross too often for
/// [`MAX_CROSSING`] (a Gantt's groups and objectives are written across its
/// code and label columns, several lines each). [`NARROW_GUTTER_LINES`]
/// lines at least open with a number at the block's left; the gap between
/// the numbers and the nearest text right of them is wider than a word space
/// ([`NARROW_GUTTER`]); every other line with text left of `end` (the first
/// gutter found) runs across that gap or stays right of it: text that ends
/// in it would show the gap to be none.
fn numbering_gutter(block: &[&Line], left: f64, end: f64, em: f64) -> Option<(f64, f64, usize)> {
    let starts_left = |w: &Word| w.x0 - left <= TAIL_ALIGN * em;
    // Where each line's number ends, or its text's extent when it has none.
    let mut numbers: Vec<f64> = Vec::new();
    let mut texts: Vec<(f64, f64)> = Vec::new();
    for line in block {
        let words: Vec<Word> = line.words().filter(|w| w.x0 < end).collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        if starts_left(first) && is_row_number(first.text) {
            numbers.push(first.x1);
            if let Some(next) = words.get(1) {
                texts.push((next.x0, last.x1));
            }
        } else {
            texts.push((first.x0, last.x1));
        }
    }
    if numbers.len() < NARROW_GUTTER_LINES {
        return None;
    }
    let g0 = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let g1 = texts
        .iter()
        .map(|t| t.0)
        .filter(|&x0| x0 > g0)
        .fold(f64::INFINITY, f64::min);
    if g1 >= end || g1 - g0 < NARROW_GUTTER * em {
        return None;
    }
    let mut crossing = 0;
    for &(x0, x1) in texts.iter().filter(|t| t.0 < g1) {
        if x1 < g1 {
            // Text that ends in the gap: no gutter there.
            return None;
        }
        crossing += usize::from(x0 <= g0);
    }
    Some((g0, g1, crossing))
}

/// A row's number: groups of one or two digits joined by dots ("1", "1.1",
/// "2.3."), or one letter closed by a parenthesis or a dot ("A)", "b."); not
/// a year or an amount.
fn is_row_number(word: &str) -> bool {
    let b = word.as_bytes();
    let body = word.strip_suffix('.').unwrap_or(word);
    let digits = !body.is_empty()
        && body
            .split('.')
            .all(|g| (1..=2).contains(&g.len()) && g.bytes().all(|c| c.is_ascii_digit()));
    let letter = b.len() == 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b')' | b'.');
    digits || letter
}

/// Whether a gutter is a river of a justified column: on most lines that have
/// words on both sides of it, the gap across it is about as wide as that
/// line's other word spaces (gaps in other gutters aside), as justification
/// spreads them evenly; across a real gutter a cell's text ends and another's
/// begins.
/// A gap that also spans another gutter tells nothing of this one: a short
/// line of a ragged column, its neighbour cell's text beyond the next gutter,
/// leaves a wide gap across a word space that happens to line up.
fn is_river(block: &[&Line], (g0, g1): (f64, f64), gutters: &[(f64, f64, usize)]) -> bool {
    let in_gutter = |a: f64, b: f64| gutters.iter().any(|g| a <= g.1 && b >= g.0);
    let in_other_gutter = |a: f64, b: f64| {
        gutters
            .iter()
            .any(|g| (g.0, g.1) != (g0, g1) && a <= g.1 && b >= g.0)
    };
    let (mut river, mut gutter) = (0, 0);
    for line in block {
        let words: Vec<Word> = line.words().collect();
        let Some(k) = words
            .windows(2)
            .position(|w| w[0].x1 <= g0 + 0.5 && w[1].x0 >= g1 - 0.5)
        else {
            continue;
        };
        if in_other_gutter(words[k].x1, words[k + 1].x0) {
            continue;
        }
        let others: Vec<f64> = words
            .windows(2)
            .enumerate()
            .filter(|&(i, w)| i != k && !in_gutter(w[0].x1, w[1].x0))
            .map(|(_, w)| w[1].x0 - w[0].x1)
            .collect();
        if others.len() < 2 {
            continue;
        }
        // Justification spreads a line's spaces evenly: a gap much narrower
        // than the others is no word space of that line either (a justified
        // cell ending just before a narrow gutter).
        let (gap, space) = (words[k + 1].x0 - words[k].x1, median(others));
        if gap <= RIVER_RATIO * space && gap * RIVER_RATIO >= space {
            river += 1;
        } else {
            gutter += 1;
        }
    }
    river > gutter
}

/// The column a word belongs to, by its centre.
fn column_of(edges: &[f64], w: &Word) -> usize {
    let mid = (w.x0 + w.x1) / 2.0;
    edges[1..edges.len() - 1]
        .iter()
        .take_while(|&&e| e < mid)
        .count()
}

/// Columns a block is read with, from another part of its table: edges with
/// their slack, and whether that part's rows stood apart with their cells
/// centred in them (a page's few lines of a table cannot show it).
#[derive(Clone, Copy)]
struct Columns<'a> {
    edges: &'a [f64],
    slack: &'a [f64],
    centred: bool,
    /// The block opens the page under a table the page before ran off, going
    /// on mid-sentence: its first row may be the rest of one cell the break
    /// cut, text in one column only ("regionale sul tema immigrazione").
    rest_of_row: bool,
}

impl<'a> Columns<'a> {
    fn of(table: &'a Table) -> Columns<'a> {
        Columns {
            edges: &table.col_edges,
            slack: &table.edge_slack,
            centred: table.valign == VAlign::Middle,
            rest_of_row: false,
        }
    }
}

fn build(
    page: &Page,
    layout: &PageLayout,
    block: &[&Line],
    rules: &[f64],
    min_rows: usize,
    columns_of: Option<Columns>,
) -> Option<Table> {
    if block.len() < min_rows {
        return None;
    }
    let em = median(block.iter().map(|l| l.size).collect());
    let (xs, slack) = match columns_of {
        Some(Columns { edges, slack, .. }) => {
            // The given columns, each edge moved to this block's gutter near
            // it, and this block's own gutters where none is near.
            // The outer edges reach as far as either part's text.
            let stretches = coverage(block);
            let (left, right) = match (stretches.first(), stretches.last()) {
                (Some(a), Some(b)) => (a.0, b.1),
                _ => (edges[0], edges[edges.len() - 1]),
            };
            let n = edges.len();
            let mut columns: Vec<(f64, f64)> = (0..n)
                .map(|i| match i {
                    0 => (edges[0].min(left), slack[0]),
                    i if i == n - 1 => (edges[i].max(right), slack[i]),
                    i => {
                        let around = [(edges[i - 1], slack[i - 1]), (edges[i + 1], slack[i + 1])];
                        (
                            refine_edge(&stretches, (edges[i], slack[i]), around),
                            slack[i],
                        )
                    }
                })
                .collect();
            let (own, own_slack) = column_edges(block, em);
            for k in 1..own.len().saturating_sub(1) {
                let inside = own[k] > columns[0].0 && own[k] < columns[n - 1].0;
                // Near an inner edge only: a gutter with this block's text on
                // both sides is no outer edge, however close to one (a narrow
                // first column the other part could not tell apart).
                let near = columns
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != 0 && i != n - 1)
                    .any(|(_, &(e, s))| (e - own[k]).abs() <= s + own_slack[k]);
                if inside && !near {
                    columns.push((own[k], own_slack[k]));
                }
            }
            columns.sort_by(|a, b| a.0.total_cmp(&b.0));
            columns.into_iter().unzip()
        }
        None => column_edges(block, em),
    };
    if xs.len() < 3 {
        return None;
    }
    let n_cols = xs.len() - 1;
    let spanning = spanning_lines(block, xs[0], xs[n_cols]);
    let words: Vec<Placed> = block
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.words().map(move |word| Placed { line: i, word }))
        .collect();
    // Per line, the text extent in each column.
    let mut cols_of_line: Vec<Vec<Option<Fragment>>> = vec![vec![None; n_cols]; block.len()];
    // A word crosses an edge when it covers the edge's whole gutter: the edge
    // is only known to lie somewhere in it.
    let covers = |w: &Word, e: usize| w.x0 < xs[e] - slack[e] && w.x1 > xs[e] + slack[e];
    let crosses = |w: &Word| (1..n_cols).any(|e| covers(w, e));
    for p in &words {
        if crosses(&p.word) || spanning[p.line] {
            // Text spanning columns tells nothing of either column's extent.
            continue;
        }
        let c = column_of(&xs, &p.word);
        let slot = &mut cols_of_line[p.line][c];
        let w = p.word;
        let announces = w.text.ends_with(':');
        *slot = Some(match *slot {
            None => Fragment {
                x0: w.x0,
                x1: w.x1,
                first_word: w.x1 - w.x0,
                list_item: w.text.starts_with(super::LIST_MARKS),
                announces,
                figure: is_figure(w.text),
                lower: super::opens_lower_word(w.text),
            },
            Some(f) => Fragment {
                x0: f.x0.min(w.x0),
                x1: f.x1.max(w.x1),
                announces,
                figure: false,
                ..f
            },
        });
    }
    let col_right: Vec<f64> = (0..n_cols)
        .map(|c| {
            cols_of_line
                .iter()
                .filter_map(|l| l[c].map(|f| f.x1))
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();

    // Gaps between each line and the lines above it.
    let mut gaps = Vec::with_capacity(block.len());
    let mut bottom = block[0].bottom;
    for l in &block[1..] {
        gaps.push(l.top - bottom);
        bottom = bottom.max(l.bottom);
    }
    // Each column's lines, top to bottom.
    let own: Vec<Vec<&Line>> = (0..n_cols)
        .map(|c| {
            (0..block.len())
                .filter(|&i| cols_of_line[i][c].is_some())
                .map(|i| block[i])
                .collect()
        })
        .collect();
    // The gap between two lines of one cell: the smallest between successive
    // lines of a column (the rest are gaps between rows, or lines wrapped
    // alike), and never more than the page's paragraphs leave between their
    // lines (where every cell holds one line, all gaps are between rows).
    // With neither to tell (one line in each column, no prose on the page),
    // the lines of one cell are taken to touch, as a paragraph's nearly do;
    // and never are they further apart than MAX_LINE_GAP.
    let usual = own
        .iter()
        .flat_map(|o| o.windows(2).map(|w| w[1].top - w[0].bottom))
        .filter(|&g| g >= 0.0)
        .fold(prose_line_gap(layout), |u, g| {
            Some(u.map_or(g, |u| u.min(g)))
        })
        .unwrap_or(0.0)
        .min(MAX_LINE_GAP * em);
    let wide = |g: f64| g > usual + ROW_GAP_EXCESS * em;
    // Banded: rows stand apart throughout, not only below a caption or header.
    let n_wide = gaps.iter().filter(|&&g| wide(g)).count();
    // Or, on a page's few lines of a table whose rows stood apart before.
    let banded = columns_of.is_some_and(|c| c.centred)
        || n_wide >= MIN_BANDS && n_wide as f64 >= MIN_BAND_SHARE * gaps.len() as f64;
    let ruled_between = |above: &Line, below: &Line| {
        rules
            .iter()
            .any(|&y| y > above.baseline && y < below.top + 0.2 * below.size)
    };
    // Whether line `i`, across the columns as the line above is, wraps from
    // it at the block's right end.
    let wraps_across = |i: usize| {
        let (above, line) = (block[i - 1], block[i]);
        let first_word = line.words().next().map_or(0.0, |w| w.x1 - w.x0);
        spanning[i]
            && spanning[i - 1]
            && wrapped_into(above.x1(), first_word, xs[n_cols], line.size)
    };
    // Whether each line is (part of) an item of a list: it opens with a list
    // mark, or wraps across the columns from such a line.
    let opens_item = |l: &Line| {
        l.words()
            .next()
            .is_some_and(|w| w.text.starts_with(super::LIST_MARKS))
    };
    let mut in_item: Vec<bool> = Vec::with_capacity(block.len());
    for (i, l) in block.iter().enumerate() {
        let goes_on = i > 0 && in_item[i - 1] && wraps_across(i);
        in_item.push(opens_item(l) || goes_on);
    }
    // Whether line `i` continues the row of line `i - 1` cell by cell: every
    // column it has text in had text on the line above, wrapped at the
    // column's right end or going on as the line above announced, or as a
    // list does (under anything but a heading in capitals alone on its line,
    // a banner whose group the list's row is a part of). A line of prose
    // across the columns continues only such a line wrapped at the block's
    // right end, or, as the next item of a list, a line of an item; nothing
    // else continues one.
    let continues = |i: usize| {
        if spanning[i] || spanning[i - 1] {
            let next_item =
                spanning[i] && spanning[i - 1] && opens_item(block[i]) && in_item[i - 1];
            return wraps_across(i) || next_item;
        }
        // A heading in capitals alone on its line.
        let banner = |i: usize| {
            cols_of_line[i].iter().flatten().count() == 1 && super::in_capitals(&block[i].text())
        };
        (0..n_cols).all(|c| match (cols_of_line[i][c], cols_of_line[i - 1][c]) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(here), Some(above)) => {
                // Wrapped; or the line above announced it ("Destinatari
                // finali:"), or it is the next item of a list in the cell.
                // A figure under a figure is the next row's, not the rest of it.
                !(here.figure && above.figure)
                    && (here.goes_on_from(&above, col_right[c], block[i].size)
                        || here.list_item && !banner(i - 1))
            }
        })
    };
    // Row boundaries, as heights: a wide gap across the whole block; in a
    // banded table also a wide gap within the column split into the most cells
    // (text merged over several rows in another column bridges the gap there);
    // a rule; and, where cells sit at the top of their rows, each line that does
    // not continue the line above.
    let mut bounds: Vec<f64> = Vec::new();
    let mut running_bottom = block[0].bottom;
    for i in 1..block.len() {
        let (above, line) = (block[i - 1], block[i]);
        if wide(gaps[i - 1]) || ruled_between(above, line) || (!banded && !continues(i)) {
            bounds.push((running_bottom.min(line.top) + line.top) / 2.0);
        }
        running_bottom = running_bottom.max(line.bottom);
    }
    let middle = |l: &Line| (l.top + l.bottom) / 2.0;
    if banded {
        let cells_in = |o: &Vec<&Line>| {
            o.windows(2)
                .filter(|w| wide(w[1].top - w[0].bottom))
                .count()
        };
        // A line across the whole table going on from the one above, wrapped
        // (a heading row over several lines) or as close to it as a cell's
        // lines are while rows stand apart (the next item of a list in that
        // cell), is one cell: no column's gap cuts it, wherever the gap's
        // middle falls.
        let cuts_across = |y: f64| {
            (1..block.len()).any(|i| {
                spanning[i - 1]
                    && spanning[i]
                    && middle(block[i - 1]) < y
                    && y < middle(block[i])
                    && (continues(i) || !wide(gaps[i - 1]))
            })
        };
        if let Some(key) = own.iter().max_by_key(|o| cells_in(o)) {
            for w in key.windows(2) {
                let y = (w[0].bottom + w[1].top) / 2.0;
                if wide(w[1].top - w[0].bottom) && !cuts_across(y) {
                    bounds.push(y);
                }
            }
        }
    }
    bounds.sort_by(f64::total_cmp);
    // Each line in the row its middle falls in; rows without a line dropped.
    let row_at = |y: f64| bounds.iter().take_while(|&&b| b < y).count();
    let mut used: Vec<usize> = block.iter().map(|l| row_at(middle(l))).collect();
    used.sort_unstable();
    used.dedup();
    let row_of_line: Vec<usize> = block
        .iter()
        .map(|l| used.binary_search(&row_at(middle(l))).expect("a used row"))
        .collect();
    let n_rows = used.len();
    if n_rows < min_rows {
        return None;
    }
    // Row edges: midway across the gap between one row's lowest line and the
    // next row's highest.
    let mut extent = vec![(f64::INFINITY, f64::NEG_INFINITY); n_rows];
    for (i, l) in block.iter().enumerate() {
        let e = &mut extent[row_of_line[i]];
        *e = (e.0.min(l.top), e.1.max(l.bottom));
    }
    let mut ys = vec![extent[0].0];
    for r in 1..n_rows {
        ys.push((extent[r - 1].1 + extent[r].0) / 2.0);
    }
    ys.push(extent[n_rows - 1].1);

    // Enough rows with text in two columns (in one, for the rest of a row
    // the page break cut).
    let mut filled = vec![vec![false; n_cols]; n_rows];
    for p in words.iter().filter(|p| !spanning[p.line]) {
        filled[row_of_line[p.line]][column_of(&xs, &p.word)] = true;
    }
    let columns_filled = if columns_of.is_some_and(|c| c.rest_of_row) {
        1
    } else {
        2
    };
    let filled_rows = filled
        .iter()
        .filter(|cols| cols.iter().filter(|&&f| f).count() >= columns_filled)
        .count();
    if filled_rows < min_rows {
        return None;
    }

    // Cells, joined across a gutter a word crosses.
    let mut span_to = vec![0usize; n_rows * n_cols];
    for (k, slot) in span_to.iter_mut().enumerate() {
        *slot = k % n_cols;
    }
    // A line of prose across the columns is one cell from its first word's
    // column to the last column: its paragraph wraps at the cell's right end,
    // which is further than any one of its lines reaches.
    for (i, line) in block.iter().enumerate().filter(|&(i, _)| spanning[i]) {
        let Some(a) = line.words().next() else {
            continue;
        };
        let (r, first, last) = (row_of_line[i], column_of(&xs, &a), n_cols - 1);
        for col in first..=last {
            let k = r * n_cols + col;
            span_to[k] = span_to[k].max(last);
        }
    }
    for p in &words {
        let (r, c) = (row_of_line[p.line], column_of(&xs, &p.word));
        let (mut first, mut last) = (c, c);
        while first > 0 && covers(&p.word, first) {
            first -= 1;
        }
        while last + 1 < n_cols && covers(&p.word, last + 1) {
            last += 1;
        }
        for col in first..=last {
            let k = r * n_cols + col;
            span_to[k] = span_to[k].max(last);
        }
    }
    // The last column each cell reaches in its row.
    let mut reach = vec![0usize; n_rows * n_cols];
    for r in 0..n_rows {
        let mut c = 0;
        while c < n_cols {
            let mut last = c;
            while last < span_to[r * n_cols + last] {
                last = span_to[r * n_cols + last];
            }
            for col in c..=last {
                reach[r * n_cols + col] = last;
            }
            c = last + 1;
        }
    }
    // Merged over rows: in a banded table, one column's text that runs on
    // without a row gap across several rows is one cell (a cell merged over
    // them; its text bridges the gaps the other columns leave), as long as
    // it goes on where it crosses into the next row: wrapped there, or as
    // the line above announced, or as a list or a sentence goes on. Two cells
    // of rows that touch, the first ending short of the column's end, are
    // two ("… in qualità di docenti" | "Collaborazione per il rilievo …").
    let mut rows_down = vec![0usize; n_rows * n_cols];
    if banded {
        for c in 0..n_cols {
            // The column's lines, by their place in the block.
            let at: Vec<usize> = (0..block.len())
                .filter(|&i| cols_of_line[i][c].is_some())
                .collect();
            let goes_on = |a: usize, b: usize| match (cols_of_line[a][c], cols_of_line[b][c]) {
                (Some(up), Some(here)) => {
                    here.goes_on_from(&up, col_right[c], block[b].size)
                        || here.list_item
                        || here.lower
                }
                _ => false,
            };
            let mut start = 0;
            for k in 1..=at.len() {
                let ends = k == at.len() || {
                    let (a, b) = (at[k - 1], at[k]);
                    wide(block[b].top - block[a].bottom)
                        || row_of_line[b] != row_of_line[a] && !goes_on(a, b)
                };
                if !ends {
                    continue;
                }
                let (r0, r1) = (row_of_line[at[start]], row_of_line[at[k - 1]]);
                let single = (r0..=r1).all(|r| in_one_column(&reach, n_cols, r, c));
                if r1 > r0 && single {
                    rows_down[r0 * n_cols + c] = r1 - r0;
                }
                start = k;
            }
        }
    }
    if !banded {
        merge_paragraphs(
            &mut rows_down,
            &Tight {
                block,
                cols_of_line: &cols_of_line,
                col_right: &col_right,
                row_of_line: &row_of_line,
                reach: &reach,
                n_rows,
            },
            |above, below| wide(below.top - above.bottom) || ruled_between(above, below),
        );
    }
    let mut cells = Vec::new();
    let mut grid = vec![usize::MAX; n_rows * n_cols];
    for r in 0..n_rows {
        for c in 0..n_cols {
            let k = r * n_cols + c;
            if grid[k] != usize::MAX || (c > 0 && reach[k - 1] >= c) {
                continue;
            }
            let (last, down) = (reach[k], rows_down[k]);
            let mut cell = Cell::grid_cell(page.number, r, c, &xs, &ys);
            cell.col_span = last - c + 1;
            cell.row_span = down + 1;
            cell.x1 = xs[last + 1];
            cell.y1 = ys[r + down + 1];
            cells.push(cell);
            for rr in r..=r + down {
                for col in c..=last {
                    grid[rr * n_cols + col] = cells.len() - 1;
                }
            }
        }
    }
    let mut table = Table::assemble(page, layout, xs, &ys, cells, grid);
    table.edge_slack = slack;
    table.ruled = false;
    table.valign = if banded {
        valign(block, &row_of_line, &cols_of_line, n_rows)
    } else {
        VAlign::Top
    };
    Some(table)
}

/// Room for the space between two words, in ems, when telling whether a word
/// would have fitted at the end of the line above.
const WORD_SPACE: f64 = 0.25;
/// How far short of a column's right end, in ems, a line may stop and still
/// count as reaching it (justification and padding vary).
const WRAP_SLACK: f64 = 0.5;

/// Whether a line whose first word is `first_word` wide goes on from a line
/// ending at `above_x1` in text that ends at `right`: that word would not have
/// fitted on the line above, so the line above wrapped into it.
fn wrapped_into(above_x1: f64, first_word: f64, right: f64, size: f64) -> bool {
    above_x1 + WORD_SPACE * size + first_word > right - WRAP_SLACK * size
}

/// Whether the cell at (`r`, `c`) holds that column alone (`reach`: the last
/// column each cell reaches in its row, row-major).
fn in_one_column(reach: &[usize], n_cols: usize, r: usize, c: usize) -> bool {
    let k = r * n_cols + c;
    reach[k] == c && (c == 0 || reach[k - 1] < c)
}

/// A tight table's rows as [`build`] found them, for [`merge_paragraphs`].
struct Tight<'b, 'a> {
    block: &'b [&'a Line],
    cols_of_line: &'b [Vec<Option<Fragment>>],
    col_right: &'b [f64],
    row_of_line: &'b [usize],
    /// The last column each cell reaches in its row (row-major).
    reach: &'b [usize],
    n_rows: usize,
}

/// In a tight table, a column's paragraph that runs on, line after line,
/// into rows of items (each line wrapped at the column's end and going on
/// with a lower-case word; the row started by a column left of it, not the
/// first, which holds the label of the group) is one cell merged over those
/// rows: a list of names beside the one description they share. A row that
/// has its own first-column label is an entry of its own, whose text in the
/// column is its own even when it goes on in lower case. It also covers the
/// rows below it where that column is empty, up to the next text in it or a
/// row gap or rule, as the rows it was merged over run on past its last line.
/// Sets `rows_down` for the paragraph's first cell.
fn merge_paragraphs(rows_down: &mut [usize], t: &Tight, apart: impl Fn(&Line, &Line) -> bool) {
    let n_cols = t.col_right.len();
    for c in 0..n_cols {
        let mut i = 0;
        while i < t.block.len() {
            if t.cols_of_line[i][c].is_none() {
                i += 1;
                continue;
            }
            // The run of lines going on from line i in column c.
            let mut end = i;
            while end + 1 < t.block.len() {
                let (Some(above), Some(here)) =
                    (t.cols_of_line[end][c], t.cols_of_line[end + 1][c])
                else {
                    break;
                };
                let size = t.block[end + 1].size;
                let wrapped = wrapped_into(above.x1, here.first_word, t.col_right[c], size);
                let line = &t.cols_of_line[end + 1];
                let new_row = t.row_of_line[end + 1] != t.row_of_line[end];
                // An item of the list: under the group's label (the first
                // column empty), nothing right of the paragraph.
                let item = c > 1
                    && line[0].is_none()
                    && line[1..c].iter().any(Option::is_some)
                    && line[c + 1..].iter().all(Option::is_none);
                if !wrapped
                    || !here.lower
                    || (new_row && !item)
                    || apart(t.block[end], t.block[end + 1])
                {
                    break;
                }
                end += 1;
            }
            let (r0, mut r1) = (t.row_of_line[i], t.row_of_line[end]);
            if r1 > r0 {
                // Down over the rows where the column is empty.
                let mut last_line = end;
                while r1 + 1 < t.n_rows {
                    let below: Vec<usize> = (last_line + 1..t.block.len())
                        .take_while(|&l| t.row_of_line[l] == r1 + 1)
                        .collect();
                    let empty = below.iter().all(|&l| t.cols_of_line[l][c].is_none());
                    let joined = below
                        .first()
                        .is_some_and(|&l| !apart(t.block[l - 1], t.block[l]));
                    if !empty || !joined {
                        break;
                    }
                    r1 += 1;
                    last_line = *below.last().expect("a row has a line");
                }
                if (r0..=r1).all(|r| in_one_column(t.reach, n_cols, r, c)) {
                    rows_down[r0 * n_cols + c] = r1 - r0;
                }
            }
            i = end + 1;
        }
    }
}

/// How short cells sit in taller rows: at the top or in the middle. Judged from
/// each one-line cell in a row of two lines or more.
fn valign(
    block: &[&Line],
    row_of_line: &[usize],
    cols_of_line: &[Vec<Option<Fragment>>],
    n_rows: usize,
) -> VAlign {
    let (mut offsets, mut n) = (0.0, 0usize);
    for r in 0..n_rows {
        let lines: Vec<usize> = (0..block.len()).filter(|&i| row_of_line[i] == r).collect();
        let (top, bottom) = lines
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |a, &i| {
                (a.0.min(block[i].top), a.1.max(block[i].bottom))
            });
        let mut per_column: Vec<Vec<usize>> = vec![Vec::new(); cols_of_line[0].len()];
        for &i in &lines {
            for (c, f) in cols_of_line[i].iter().enumerate() {
                if f.is_some() {
                    per_column[c].push(i);
                }
            }
        }
        for own in per_column {
            if own.len() != 1 {
                continue;
            }
            let l = block[own[0]];
            let room = (bottom - top) - (l.bottom - l.top);
            if room >= l.bottom - l.top {
                offsets += (l.top - top) / room;
                n += 1;
            }
        }
    }
    if n > 0 && offsets / n as f64 > 0.25 {
        VAlign::Middle
    } else {
        VAlign::Top
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::glyphs;

    fn text(s: &str, x: f64, baseline: f64) -> Vec<crate::pdf::Glyph> {
        glyphs(s, x, baseline, 10.0)
    }
    use crate::layout::lay_out_page;
    use crate::records::recipients;

    /// A recipients table set without any rule: columns at x = 60, 140, 220;
    /// the last description wraps onto a second line.
    fn borderless_page() -> Page {
        let mut glyphs = Vec::new();
        glyphs.extend(text(
            "Una frase introduttiva che occupa tutta la riga del testo.",
            60.0,
            90.0,
        ));
        let rows: [(&str, &str, &str, f64); 4] = [
            ("Azione", "Q.tà", "Tipologia", 130.0),
            ("A", "30", "Destinatari finali dell'azione", 145.0),
            ("", "n.q.", "Destinatari indiretti", 160.0),
            ("B", "Almeno 100", "Soggetti strumentali: enti", 175.0),
        ];
        for (a, q, t, y) in rows {
            glyphs.extend(text(a, 60.0, y));
            glyphs.extend(text(q, 140.0, y));
            glyphs.extend(text(t, 220.0, y));
        }
        glyphs.extend(text("del territorio", 220.0, 187.0));
        glyphs.extend(text(
            "Un paragrafo dopo la tabella, lontano e largo quanto la pagina.",
            60.0,
            230.0,
        ));
        crate::testing::page(1, glyphs, vec![], vec![])
    }

    #[test]
    fn columns_from_alignment_and_the_same_extractor_reads_them() {
        let page = borderless_page();
        let layout = lay_out_page(&page);
        let found = tables(&page, &layout, &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!((t.n_rows, t.n_cols()), (4, 3));
        assert_eq!(t.row_texts(0), ["Azione", "Q.tà", "Tipologia"]);
        assert_eq!(
            t.row_texts(3),
            [
                "B",
                "Almeno 100",
                "Soggetti strumentali: enti del territorio"
            ]
        );

        let header = recipients::header(t).expect("a recipients header");
        let got: Vec<(String, String, Option<i64>, String)> = recipients::extract(t, &header)
            .into_iter()
            .map(|r| (r.action, r.quantity_text, r.quantity, r.description))
            .collect();
        let want = [
            ("A", "30", Some(30), "Destinatari finali dell'azione"),
            ("A", "n.q.", None, "Destinatari indiretti"),
            (
                "B",
                "Almeno 100",
                Some(100),
                "Soggetti strumentali: enti del territorio",
            ),
        ];
        let want: Vec<(String, String, Option<i64>, String)> = want
            .iter()
            .map(|(a, q, n, d)| (a.to_string(), q.to_string(), *n, d.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    /// Labels merged over several rows and set in their middle, as browsers
    /// and LibreOffice Writer/Web print an HTML table: no rule shows the merge.
    #[test]
    fn a_label_centred_over_its_rows_labels_all_of_them() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        put("Azione", 60.0, 100.0);
        put("Q.tà", 140.0, 100.0);
        put("Tipologia", 220.0, 100.0);
        // Row 1, two lines, its quantity centred; row 2 one line.
        put("Destinatari finali", 220.0, 120.0);
        put("dell'azione", 220.0, 132.0);
        put("30", 140.0, 126.0);
        put("Indiretti", 220.0, 155.0);
        put("n.q.", 140.0, 155.0);
        // "A" halfway down rows 1 and 2.
        put("A", 60.0, 137.75);
        // Rows 3 and 4, "B" halfway down them: in row 4's band.
        put("Operatori", 220.0, 178.0);
        put("12", 140.0, 178.0);
        put("Enti locali", 220.0, 201.0);
        put("8", 140.0, 201.0);
        put("B", 60.0, 190.5);
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let layout = lay_out_page(&page);
        let found = tables(&page, &layout, &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.valign, VAlign::Middle);
        let header = recipients::header(t).expect("a recipients header");
        let got: Vec<(String, String)> = recipients::extract(t, &header)
            .into_iter()
            .map(|r| (r.action, r.quantity_text))
            .collect();
        let want = [("A", "30"), ("A", "n.q."), ("B", "12"), ("B", "8")];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, q)| (a.to_string(), q.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    /// A Gantt's header at y = 100: code and activity columns at x = 60 and
    /// 90, quarters Q1–Q3 at 300, 330, 360.
    fn gantt_header() -> Vec<crate::pdf::Glyph> {
        let mut glyphs = text("N.", 60.0, 100.0);
        glyphs.extend(text("Attività", 90.0, 100.0));
        for (q, x) in [("Q1", 300.0), ("Q2", 330.0), ("Q3", 360.0)] {
            glyphs.extend(text(q, x, 100.0));
        }
        glyphs
    }

    /// A Gantt whose groups are described by prose across every column, each
    /// paragraph ending in a short line: the short lines cross the gutter
    /// after the code column, which is still found, and each paragraph is one
    /// cell across the table.
    #[test]
    fn prose_across_the_columns_is_one_cell_and_hides_no_gutter() {
        let mut glyphs = gantt_header();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        let mut y = 112.0;
        for (group, rows) in [
            (
                [
                    "Azioni di sistema per qualificare i servizi rivolti ai nuovi",
                    "migranti.",
                ],
                [
                    ("1", "Avvio delle attività", 300.0),
                    ("2", "Tavoli tematici", 330.0),
                ],
            ),
            (
                [
                    "Azioni regionali per la sperimentazione dei servizi con tutte",
                    "istituzioni.",
                ],
                [("3", "Comunicazione", 360.0), ("4", "Chiusura", 330.0)],
            ),
        ] {
            for line in group {
                put(line, 60.0, y);
                y += 12.0;
            }
            for (code, label, mark) in rows {
                put(code, 60.0, y);
                put(label, 90.0, y);
                put("X", mark, y);
                y += 12.0;
            }
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!((t.n_rows, t.n_cols()), (7, 5));
        assert_eq!(t.row_texts(0), ["N.", "Attività", "Q1", "Q2", "Q3"]);
        let group = t.row_cells(1);
        assert_eq!(group.len(), 1);
        assert_eq!(
            group[0].text,
            "Azioni di sistema per qualificare i servizi rivolti ai nuovi migranti."
        );
        assert_eq!(t.row_texts(2), ["1", "Avvio delle attività", "X", "", ""]);
        assert_eq!(
            t.row_cells(4)[0].text,
            "Azioni regionali per la sperimentazione dei servizi con tutte istituzioni."
        );
        assert_eq!(t.row_texts(5), ["3", "Comunicazione", "", "", "X"]);
    }

    /// As above, the first group described by a list of two aims across the
    /// columns, the first aim's last line short of the right end: the second
    /// aim goes on in the group's cell, and the paragraph of the next group,
    /// no list item, is a cell of its own.
    #[test]
    fn a_list_across_the_columns_is_one_cell() {
        let mut glyphs = gantt_header();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        let aims = [
            "- Qualificare i servizi territoriali rivolti ai nuovi migranti e",
            "sociosanitari.",
            "- Definire gli strumenti applicabili su tutto il territorio ora.",
        ];
        let group = "Azioni regionali per la sperimentazione dei servizi con tutti.";
        let mut y = 112.0;
        for line in aims {
            put(line, 60.0, y);
            y += 12.0;
        }
        for (code, label, mark) in [("1", "Avvio", 300.0), ("2", "Tavoli", 330.0)] {
            put(code, 60.0, y);
            put(label, 90.0, y);
            put("X", mark, y);
            y += 12.0;
        }
        put(group, 60.0, y);
        y += 12.0;
        put("3", 60.0, y);
        put("Chiusura", 90.0, y);
        put("X", 360.0, y);
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!((t.n_rows, t.n_cols()), (6, 5));
        assert_eq!(t.row_cells(1)[0].text, aims.join(" "));
        assert_eq!(t.row_texts(2), ["1", "Avvio", "X", "", ""]);
        assert_eq!(t.row_cells(4)[0].text, group);
        assert_eq!(t.row_texts(5), ["3", "Chiusura", "", "", "X"]);
    }

    /// A Gantt whose rows stand apart (padded cells): activities 1 and 2 at
    /// y = 120 and 140, a group described across the table by `group`'s lines
    /// from y = 160, and activities 3 and 4 at `below` and 20 points lower,
    /// each marked in every quarter. The one table read from it.
    fn banded_gantt(group: &[&str], below: f64) -> Table {
        let mut glyphs = gantt_header();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        let row = |put: &mut dyn FnMut(&str, f64, f64), code: &str, label: &str, y: f64| {
            put(code, 60.0, y);
            put(label, 90.0, y);
            for x in [300.0, 330.0, 360.0] {
                put("X", x, y);
            }
        };
        row(&mut put, "1", "Avvio", 120.0);
        row(&mut put, "2", "Tavoli", 140.0);
        for (k, line) in group.iter().enumerate() {
            put(line, 60.0, 160.0 + 12.0 * k as f64);
        }
        row(&mut put, "3", "Comunicazione", below);
        row(&mut put, "4", "Chiusura", below + 20.0);
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let mut found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    /// The group of a banded Gantt is a paragraph across the table: the gap
    /// in a mark column from the row above the paragraph to the row below has
    /// its middle inside the paragraph, and still the paragraph is one cell
    /// (it was cut in two, where depended on where the table stood on its
    /// page).
    #[test]
    fn a_column_gap_does_not_cut_a_paragraph_across_a_banded_table() {
        let paragraph = [
            "Azioni regionali per la sperimentazione di servizi territoriali e",
            "integrati rivolti alla popolazione immigrata, nella prospettiva di",
            "un accesso ai servizi facilitato.",
        ];
        // The marks' gap runs from 142 to 198.5: its middle, 170.25, lies
        // between the paragraph's second line and its third.
        let t = banded_gantt(&paragraph, 206.0);
        assert_eq!((t.n_rows, t.n_cols()), (6, 5));
        assert_eq!(t.row_texts(2), ["2", "Tavoli", "X", "X", "X"]);
        let group = t.row_cells(3);
        assert_eq!(group.len(), 1);
        assert_eq!(group[0].text, paragraph.join(" "));
        assert_eq!(t.row_texts(4), ["3", "Comunicazione", "X", "X", "X"]);
    }

    /// As above, the group described by a list of two items, the first
    /// ending short of the right end: the gap's middle falls where the second
    /// item opens, as close to the first as a cell's lines are, and the list
    /// is still one cell (it was two group rows).
    #[test]
    fn a_column_gap_does_not_cut_a_list_across_a_banded_table() {
        let list = [
            "- Qualificare i servizi territoriali e sociosanitari rivolti alla",
            "popolazione immigrata, con il coinvolgimento di tutti i soggetti e",
            "degli operatori.",
            "- Definire strumenti applicabili su tutto il territorio nazionale.",
        ];
        // The marks' gap runs from 142 to 222.5: its middle, 182.25, lies
        // between the first item's last line and the second item.
        let t = banded_gantt(&list, 230.0);
        assert_eq!((t.n_rows, t.n_cols()), (6, 5));
        let group = t.row_cells(3);
        assert_eq!(group.len(), 1);
        assert_eq!(group[0].text, list.join(" "));
        assert_eq!(t.row_texts(4), ["3", "Comunicazione", "X", "X", "X"]);
    }

    /// A table of actors whose rows stand apart, each centred on its row,
    /// the last two touching: the third actor's contribution ends short of
    /// the column's end ("… docenti") right above the fourth's, which opens
    /// with a capital. They are two cells, not one merged over both rows.
    #[test]
    fn touching_cells_of_two_rows_are_two_when_the_first_ends_short() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        put("1", 60.0, 100.0);
        put("Comuni", 90.0, 100.0);
        put(
            "Collaborazione nella fase di identificazione strutture",
            250.0,
            100.0,
        );
        put("2", 60.0, 130.0);
        put("Prefetture", 90.0, 130.0);
        put("Collaborazione per la comunicazione di dati", 250.0, 130.0);
        put("3", 60.0, 160.0);
        put("Direzioni del", 90.0, 160.0);
        put("lavoro", 90.0, 172.0);
        let third = [
            "Partecipazione al tavolo tecnico regionale e alla fase",
            "docenti",
        ];
        put(third[0], 250.0, 160.0);
        put(third[1], 250.0, 172.0);
        let fourth = [
            "Collaborazione per il rilievo dei dati delle strutture",
            "aggiornamento quotidiano delle presenze e dei profili",
            "dei migranti presenti",
        ];
        for (k, line) in fourth.iter().enumerate() {
            put(line, 250.0, 184.0 + 12.0 * k as f64);
        }
        put("4", 60.0, 190.0);
        put("Gestori privati", 90.0, 190.0);
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.n_rows, 4);
        assert_eq!(
            t.row_texts(2),
            ["3", "Direzioni del lavoro", &third.join(" ")]
        );
        assert_eq!(t.row_texts(3), ["4", "Gestori privati", &fourth.join(" ")]);
    }

    /// A header row parted from the table's body by a line of running text:
    /// too short to show gutters of its own, it heads the body, read with the
    /// body's columns.
    #[test]
    fn a_header_parted_by_running_text_heads_the_table_below() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        put("Attività", 90.0, 100.0);
        for (q, x) in [("Q1", 300.0), ("Q2", 330.0), ("Q3", 360.0)] {
            put(q, x, 100.0);
        }
        put(
            "Il cronoprogramma che segue riporta per ogni azione i trimestri in cui si svolge.",
            60.0,
            112.0,
        );
        let rows = [
            ("1", "Avvio", 300.0),
            ("2", "Tavoli tematici", 330.0),
            ("3", "Comunicazione", 360.0),
            ("4", "Chiusura", 330.0),
        ];
        for (k, (code, label, mark)) in rows.into_iter().enumerate() {
            let y = 124.0 + 12.0 * k as f64;
            put(code, 60.0, y);
            put(label, 90.0, y);
            put("X", mark, y);
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let right_edge = 435.0;
        let found = tables(&page, &lay_out_page(&page), &[], right_edge, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!((t.n_rows, t.n_cols()), (6, 5));
        assert_eq!(t.row_texts(0), ["", "Attività", "Q1", "Q2", "Q3"]);
        assert_eq!(t.row_cells(1).len(), 1);
        assert_eq!(t.row_texts(3), ["2", "Tavoli tematici", "", "X", ""]);
    }

    /// The one table of a page of three-column lines set tight (a line every
    /// 12 points), the columns starting at `xs`.
    fn tight_table(lines: &[(&str, &str, &str)], xs: [f64; 3]) -> Table {
        let mut glyphs = Vec::new();
        for (k, cells) in lines.iter().enumerate() {
            let y = 100.0 + 12.0 * k as f64;
            for (cell, x) in [cells.0, cells.1, cells.2].into_iter().zip(xs) {
                glyphs.extend(text(cell, x, y));
            }
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let mut found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    /// A tight table (no rules, no padding between rows) whose description
    /// cells hold lines that do not wrap: an introduction ending in a colon
    /// and the items of a list go on in their cell; a quantity opens a row.
    #[test]
    fn a_colon_or_a_list_item_goes_on_in_its_cell() {
        let t = tight_table(
            &[
                ("Azione", "Q.tà", "Tipologia"),
                ("A", "30", "Destinatari finali:"),
                (
                    "",
                    "",
                    "operatori dei servizi territoriali e degli enti locali",
                ),
                ("", "15", "Soggetti strumentali"),
                ("", "", "- Ente strumentale"),
                ("", "", "- Associazioni"),
                ("B", "n.q.", "Destinatari indiretti"),
            ],
            [60.0, 140.0, 220.0],
        );
        let rows = t.rows_joined();
        assert_eq!(
            rows,
            [
                "Azione|Q.tà|Tipologia",
                "A|30|Destinatari finali: operatori dei servizi territoriali e degli enti locali",
                "|15|Soggetti strumentali - Ente strumentale - Associazioni",
                "B|n.q.|Destinatari indiretti"
            ]
        );
    }

    /// A tight Gantt whose group rows are a heading in capitals alone on its
    /// line, then a description listing two aims, then a group of marked
    /// activities: the list is a row of its own, not the heading's (as a list
    /// under "Soggetti strumentali", a row with a quantity, is), and its
    /// second item goes on in the first's cell.
    #[test]
    fn a_list_under_a_heading_in_capitals_is_a_row_of_its_own() {
        let t = tight_table(
            &[
                ("Intervento", "Q1", "Q2"),
                ("AZIONE DI SISTEMA", "", ""),
                ("- Qualificare i servizi", "", ""),
                ("- Definire gli strumenti", "", ""),
                ("Attività 1 Avvio", "X", ""),
                ("Attività 2 Tavoli", "", "X"),
            ],
            [60.0, 240.0, 280.0],
        );
        assert_eq!(
            t.rows_joined(),
            [
                "Intervento|Q1|Q2",
                "AZIONE DI SISTEMA||",
                "- Qualificare i servizi - Definire gli strumenti||",
                "Attività 1 Avvio|X|",
                "Attività 2 Tavoli||X",
            ]
        );
    }

    /// A tight table listing names beside the one description they share:
    /// the description's lines run on, wrapped and in lower case, into the
    /// rows the names start, and it is one cell merged over all of them,
    /// down to the next group. A row with its own label in the first column
    /// keeps its own text, though it goes on in lower case.
    #[test]
    fn a_description_shared_by_a_list_of_names_is_merged_over_them() {
        let xs = [60.0, 100.0, 250.0];
        let header = ("Azione", "Tipologia", "Contributo");
        let t = tight_table(
            &[
                header,
                ("A", "Ente strumentale", "Assistenza tecnica"),
                ("", "Enti locali", "Enti istituzionali coinvolti nei"),
                ("", "Inps, Inail", "tavoli tematici: il contributo è"),
                ("", "DTL", "strategico in tutte le sue fasi."),
                ("", "Prefetture", ""),
                ("B", "Soggetto competente", "Formazione"),
            ],
            xs,
        );
        let shared = "Enti istituzionali coinvolti nei tavoli tematici: il contributo è \
                      strategico in tutte le sue fasi.";
        let rows = t.rows_joined();
        assert_eq!(
            rows,
            [
                "Azione|Tipologia|Contributo".to_string(),
                "A|Ente strumentale|Assistenza tecnica".to_string(),
                format!("|Enti locali|{shared}"),
                format!("|Inps, Inail|{shared}"),
                format!("|DTL|{shared}"),
                format!("|Prefetture|{shared}"),
                "B|Soggetto competente|Formazione".to_string(),
            ]
        );
        assert_eq!(t.cell(2, 2).row_span, 4);

        let t = tight_table(
            &[
                header,
                ("A", "Ente strumentale", "Assistenza tecnica"),
                ("B", "Enti locali", "Enti istituzionali coinvolti nei"),
                ("C", "Inps, Inail", "tavoli tematici: il contributo è"),
            ],
            xs,
        );
        assert_eq!(
            t.row_texts(3),
            ["C", "Inps, Inail", "tavoli tematici: il contributo è"]
        );
    }

    /// A tight table where every column of a line would go on from the line
    /// above but its amount: a figure under a figure opens a row (and the two
    /// never run into "20.000080.000,00").
    #[test]
    fn a_figure_under_a_figure_opens_a_row() {
        let t = tight_table(
            &[
                ("Azione", "Importo", "Voci"),
                (
                    "Mappatura dei servizi avviati",
                    "20.0000",
                    "Affidamento di servizi e gestione",
                ),
                ("Informazione", "80.000,00", "costi di personale"),
                ("Interventi", "200.000", "Attuazione"),
            ],
            [60.0, 220.0, 300.0],
        );
        let rows = t.rows_joined();
        assert_eq!(
            rows,
            [
                "Azione|Importo|Voci",
                "Mappatura dei servizi avviati|20.0000|Affidamento di servizi e gestione",
                "Informazione|80.000,00|costi di personale",
                "Interventi|200.000|Attuazione"
            ]
        );
    }

    /// Rows set far apart, each cell one line, on a page of paragraphs with
    /// lines set tight: no column shows two lines of one cell, and the
    /// paragraphs tell how far apart such lines would stand.
    #[test]
    fn one_line_cells_far_apart_are_rows_of_their_own() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        let prose =
            "Il testo del piano corre da un margine all'altro della pagina come fa ogni paragrafo.";
        for k in 0..3 {
            put(prose, 60.0, 100.0 + 12.0 * k as f64);
        }
        let rows: [(&str, &str, &str); 3] = [
            ("n.", "Q.tà", "Tipologia"),
            (
                "1",
                "36",
                "Soggetti strumentali: Centri per l'Impiego e Ambiti sociali",
            ),
            ("2", "n.q.", "Stranieri presenti sul territorio"),
        ];
        for (k, (a, q, t)) in rows.into_iter().enumerate() {
            let y = 160.0 + 30.0 * k as f64;
            put(a, 60.0, y);
            put(q, 80.0, y);
            put(t, 120.0, y);
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let layout = lay_out_page(&page);
        let found = tables(&page, &layout, &[], 500.0, &[], None);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.n_rows, 3);
        assert_eq!(
            t.row_texts(2),
            ["2", "n.q.", "Stranieri presenti sul territorio"]
        );
    }

    /// The last row of a table whose cells are centred in rows standing
    /// apart, alone at the top of the next page: read as its table's rows
    /// were, its quantity centred beside its two lines is in the row.
    #[test]
    fn a_table_s_last_row_on_the_next_page_is_read_as_its_rows_were() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        put("Azione", 60.0, 100.0);
        put("Q.tà", 140.0, 100.0);
        put("Tipologia", 220.0, 100.0);
        put("Destinatari finali", 220.0, 120.0);
        put("dell'azione", 220.0, 132.0);
        put("30", 140.0, 126.0);
        put("A", 60.0, 126.0);
        put("Indiretti", 220.0, 155.0);
        put("n.q.", 140.0, 155.0);
        put("Operatori", 220.0, 178.0);
        put("12", 140.0, 178.0);
        let first = crate::testing::page(1, glyphs, vec![], vec![]);
        let before = tables(&first, &lay_out_page(&first), &[], first.width, &[], None);
        assert_eq!(before[0].valign, VAlign::Middle);
        let mut glyphs = Vec::new();
        glyphs.extend(text("Enti", 220.0, 40.0));
        glyphs.extend(text("locali", 220.0, 52.0));
        glyphs.extend(text("8", 140.0, 46.0));
        let second = crate::testing::page(2, glyphs, vec![], vec![]);
        let layout = lay_out_page(&second);
        let found = tables(&second, &layout, &[], second.width, &[], Some(&before[0]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].n_rows, 1);
        assert_eq!(found[0].row_texts(0)[1..], ["8", "Enti locali"]);
    }

    /// The rest of a table's last cell, which the page break cut mid-sentence,
    /// alone at the top of the next page: one column's text is a part of
    /// the table (the rest of a row), not too little to be one; a line in
    /// capitals there is not.
    #[test]
    fn the_rest_of_a_cut_cell_atop_the_next_page_is_a_part_of_its_table() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        put("Azione", 60.0, 100.0);
        put("Q.tà", 140.0, 100.0);
        put("Contributo", 220.0, 100.0);
        for (k, (a, q, c)) in [
            ("A", "1", "Ente coinvolto nell'azione 1"),
            ("B", "2", "Ente coinvolto nell'azione 2"),
            (
                "C",
                "1",
                "Ires: ente coinvolto per le piattaforme a livello",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 120.0 + 20.0 * k as f64;
            put(a, 60.0, y);
            put(q, 140.0, y);
            put(c, 220.0, y);
        }
        let first = crate::testing::page(1, glyphs, vec![], vec![]);
        let before = tables(&first, &lay_out_page(&first), &[], first.width, &[], None);
        assert_eq!(before.len(), 1);
        let on_next = |line: &str| {
            let second = crate::testing::page(2, text(line, 220.0, 40.0), vec![], vec![]);
            let layout = lay_out_page(&second);
            tables(&second, &layout, &[], second.width, &[], Some(&before[0]))
        };
        let found = on_next("regionale sul tema immigrazione");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].n_rows, 1);
        assert_eq!(
            found[0].row_texts(0),
            ["", "", "regionale sul tema immigrazione"]
        );
        assert!(on_next("SEZIONE III").is_empty());
    }

    /// A justified cell's lines end right at a gutter a third of an em wide,
    /// their own spaces spread far wider: a gap that much narrower than the
    /// line's spaces is no word space of it, and the quantities beyond it are
    /// a column of their own.
    #[test]
    fn a_justified_cell_right_up_to_a_narrow_gutter_leaves_it_a_gutter() {
        let (label_x0, label_x1, qty_x) = (60.0, 190.0, 193.0);
        let rows: [(&[&str], &str, &str); 5] = [
            (&["A)", "Valorizzazione", "e"], "15", "Destinatari finali"),
            (
                &["rafforzamento", "del", "lavoro"],
                "30",
                "Soggetti strumentali",
            ),
            (
                &["B)", "Qualificazione", "dei"],
                "n.q.",
                "Destinatari indiretti",
            ),
            (
                &["servizi", "per", "il", "lavoro"],
                "12",
                "Operatori dei servizi",
            ),
            (&["C)", "Sperimentazione", "per"], "1/2", "Enti strumentali"),
        ];
        let mut glyphs = Vec::new();
        for (i, (words, qty, description)) in rows.iter().enumerate() {
            let y = 100.0 + 30.0 * i as f64;
            // Justified: the words spread evenly from one edge of the cell to
            // the other (5 points a character at 10 points).
            let ink: f64 = words.iter().map(|w| 5.0 * w.chars().count() as f64).sum();
            let space = (label_x1 - label_x0 - ink) / (words.len() - 1) as f64;
            let mut x = label_x0;
            for w in words.iter() {
                glyphs.extend(text(w, x, y));
                x += 5.0 * w.chars().count() as f64 + space;
            }
            glyphs.extend(text(qty, qty_x, y));
            glyphs.extend(text(description, 260.0, y));
            // Each description wraps: a cell's lines stand closer than rows.
            glyphs.extend(text("del territorio", 260.0, y + 12.0));
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].rows_joined(),
            [
                "A) Valorizzazione e|15|Destinatari finali del territorio",
                "rafforzamento del lavoro|30|Soggetti strumentali del territorio",
                "B) Qualificazione dei|n.q.|Destinatari indiretti del territorio",
                "servizi per il lavoro|12|Operatori dei servizi del territorio",
                "C) Sperimentazione per|1/2|Enti strumentali del territorio",
            ]
        );
    }

    /// The short last line of a paragraph is part of the paragraph, not the
    /// first row of the table below it: it would cross the table's narrow
    /// gutter between an item's number and its quantity.
    #[test]
    fn a_paragraph_s_last_line_does_not_open_the_table_below() {
        let mut glyphs = Vec::new();
        let full = "Ogni referente territoriale riesaminera a intervalli regolari le modalita di \
                    comunicazione interna in accordo con gli";
        glyphs.extend(text(full, 60.0, 100.0));
        glyphs.extend(text(full, 60.0, 112.0));
        glyphs.extend(text("enti partner.", 60.0, 124.0));
        let rows = [
            ("n.", "Q.tà", "Tipologia"),
            ("1", "100", "Operatori dei servizi alla persona"),
            ("2", "100", "Operatori dei servizi al lavoro"),
            ("3", "100", "Operatori del terzo settore"),
            ("4", "12", "Polizie locali"),
            ("5", "n.q.", "Associazioni di migranti"),
        ];
        for (i, (n, q, t)) in rows.iter().enumerate() {
            let y = 150.0 + 30.0 * i as f64;
            glyphs.extend(text(n, 60.0, y));
            glyphs.extend(text(q, 72.5, y));
            glyphs.extend(text(t, 130.0, y));
            glyphs.extend(text("del territorio", 130.0, y + 11.0));
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let layout = lay_out_page(&page);
        let right_edge = layout.lines[0].x1();
        let found = tables(&page, &layout, &[], right_edge, &[], None);
        assert_eq!(found.len(), 1);
        let rows = found[0].rows_joined();
        assert_eq!(rows[0], "n.|Q.tà|Tipologia del territorio");
        assert_eq!(
            rows[1],
            "1|100|Operatori dei servizi alla persona del territorio"
        );
        assert_eq!(rows.len(), 6);
    }

    /// One-line cells a line and a half apart, the first description as wide
    /// as its column: every gap is wider than any two lines of one cell leave,
    /// so each line is a row, though the description seems to wrap into the
    /// next.
    #[test]
    fn lines_further_apart_than_a_cell_s_are_rows() {
        let mut glyphs = Vec::new();
        let rows = [
            ("n.", "Q.tà", "Tipologia"),
            (
                "1",
                "36",
                "Soggetti strumentali: Centri per l'Impiego e Ambiti sociali",
            ),
            ("2", "n.q.", "Stranieri presenti sul territorio"),
        ];
        for (i, (n, q, t)) in rows.iter().enumerate() {
            let y = 40.0 + 28.0 * i as f64;
            glyphs.extend(text(n, 60.0, y));
            glyphs.extend(text(q, 80.0, y));
            glyphs.extend(text(t, 110.0, y));
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].rows_joined(),
            [
                "n.|Q.tà|Tipologia",
                "1|36|Soggetti strumentali: Centri per l'Impiego e Ambiti sociali",
                "2|n.q.|Stranieri presenti sul territorio",
            ]
        );
    }

    /// A Gantt without rules whose codes stand in a narrow column of their
    /// own, its header and groups written across the code and label columns
    /// on more lines than a gutter may be crossed by: the codes are still a
    /// column, not words inside the labels.
    #[test]
    fn a_column_of_codes_crossed_by_group_rows_is_a_column() {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f64, y: f64| glyphs.extend(text(s, x, y));
        put("TIPOLOGIA DI INTERVENTO", 60.0, 100.0);
        for (k, year) in ["2015", "2016", "2017"].iter().enumerate() {
            put(year, 400.0 + 30.0 * k as f64, 100.0);
        }
        put("AZIONE DI SISTEMA NAZIONALE", 60.0, 115.0);
        put("Qualificare i servizi territoriali rivolti", 60.0, 130.0);
        put("alla popolazione immigrata", 60.0, 142.0);
        put("LIVELLO REGIONALE", 60.0, 157.0);
        let rows: [(&str, &str, Option<f64>, f64); 5] = [
            ("1", "Obiettivo specifico uno", None, 172.0),
            ("1.1", "Incontri preliminari", Some(400.0), 187.0),
            ("1.2", "Gruppi di lavoro", Some(430.0), 202.0),
            ("2", "Obiettivo specifico due", None, 217.0),
            ("2.1", "Analisi dei dati", Some(460.0), 232.0),
        ];
        for (code, label, mark, y) in rows {
            put(code, 60.0, y);
            put(label, 90.0, y);
            if let Some(x) = mark {
                put("X", x + 5.0, y);
            }
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let found = tables(&page, &lay_out_page(&page), &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let rows = found[0].rows_joined();
        for want in [
            "1|Obiettivo specifico uno|||",
            "1.1|Incontri preliminari|X||",
            "1.2|Gruppi di lavoro||X|",
            "2.1|Analisi dei dati|||X",
        ] {
            assert!(rows.iter().any(|r| r == want), "{want} not in {rows:#?}");
        }
    }

    /// An edge borrowed from the page before, its slack wide, moves to the
    /// emptiest stretch near it that stays short of its neighbour's gutter.
    #[test]
    fn a_borrowed_edge_stays_short_of_its_neighbours() {
        // Covered by text, empty, covered, empty and wider, covered: the
        // edge at 426 may move 107 either way, and its neighbour is at 454.5.
        let stretches = [
            (200.0, 420.0, 1),
            (420.0, 445.0, 0),
            (445.0, 460.0, 1),
            (460.0, 530.0, 0),
            (530.0, 560.0, 1),
        ];
        let x = refine_edge(&stretches, (426.0, 107.0), [(75.0, 4.0), (454.5, 4.2)]);
        assert_eq!(x, 432.5);
    }

    #[test]
    fn running_text_is_not_a_table() {
        let mut glyphs = Vec::new();
        for (i, line) in [
            "Il testo corre su tutta la riga.",
            "E continua sotto.",
            "Fine.",
        ]
        .iter()
        .enumerate()
        {
            glyphs.extend(text(line, 60.0, 100.0 + 12.0 * i as f64));
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        assert!(tables(&page, &lay_out_page(&page), &[], page.width, &[], None).is_empty());
    }
}
