//! Tables as grids of cells: drawn with rules ([`ruled`]) or laid out without
//! borders ([`borderless`]), each cell keeping its text (lines joined), page,
//! bounding box, and whether it is shaded (a dark fill under it).
//!
//! A table that ends a page and one that starts the next with the same column
//! edges are one table; a repeated header row is dropped, and a row split by the
//! page break is joined back together.
//!
//! Tolerances are the rule thickness ([`rules::tolerance`], relative to the page)
//! where rules draw a table, the gutter where text alignment implies it
//! (`Table::edge_slack`).

pub mod borderless;
pub mod ruled;

use crate::layout::{Line, PageLayout, Word};
use crate::pdf::Page;
use crate::rules;
use crate::text::{compact, ends_open};

/// Fill luminance below which a cell counts as shaded.
const SHADE_MAX_GRAY: f64 = 0.85;
/// Share of a cell a fill must cover for the cell to count as shaded.
const SHADE_MIN_COVER: f64 = 0.5;
/// Where a line's middle stands above its baseline, in font sizes.
const MIDDLE_OF_LINE: f64 = 0.3;

/// One (possibly merged) cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// The cell's lines joined by single spaces.
    pub text: String,
    /// The cell's lines as laid out (a value wrapped in a narrow cell shows here).
    pub lines: Vec<CellLine>,
    pub page: u32,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub shaded: bool,
    /// No rule closes the cell at the top: the first row of a grid a page
    /// break cut, where the cell goes on from the page before.
    pub open_top: bool,
    /// No rule closes the cell at the bottom: the last row of a grid a page
    /// break cut, where the cell goes on onto the next page.
    pub open_bottom: bool,
}

/// One line of a cell's text.
#[derive(Debug, Clone, PartialEq)]
pub struct CellLine {
    pub text: String,
    /// The page the line is printed on (a cell a page break cut goes on
    /// on the next).
    pub page: u32,
    /// Where the line stands: its baseline and font size.
    pub baseline: f64,
    pub size: f64,
    /// The line's first word came after a space glyph in the content stream.
    pub space_before: bool,
    /// The line is one word ending within a font size of where the cell's text
    /// must end (its right edge less the padding its text shows on the left):
    /// a word that may have been broken because the cell is too narrow.
    pub fills_cell: bool,
}

/// The smallest box holding both boxes (x0, top, x1, bottom).
pub fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

impl Cell {
    /// The cell's box: x0, top, x1, bottom in PDF points from the page's top-left.
    pub fn bbox(&self) -> [f64; 4] {
        [self.x0, self.y0, self.x1, self.y1]
    }

    /// The empty one-by-one cell at grid position (`row`, `col`).
    fn grid_cell(page: u32, row: usize, col: usize, xs: &[f64], ys: &[f64]) -> Cell {
        Cell {
            row,
            col,
            row_span: 1,
            col_span: 1,
            text: String::new(),
            lines: Vec::new(),
            page,
            x0: xs[col],
            y0: ys[row],
            x1: xs[col + 1],
            y1: ys[row + 1],
            shaded: false,
            open_top: false,
            open_bottom: false,
        }
    }

    /// Where the cell's text stands: the middle of its lines.
    pub fn text_middle(&self) -> Option<f64> {
        (!self.lines.is_empty()).then(|| {
            self.lines
                .iter()
                .map(|l| l.baseline - MIDDLE_OF_LINE * l.size)
                .sum::<f64>()
                / self.lines.len() as f64
        })
    }

    /// Takes in the text of `part`, its other half on the next page.
    fn go_on(&mut self, part: &Cell) {
        if !part.text.is_empty() {
            self.text = format!("{} {}", self.text, part.text).trim().to_string();
            self.lines.extend(part.lines.iter().cloned());
        }
    }

    /// Joins the lines with spaces, except where a word or a number was broken
    /// by the cell's width: a line that fills the cell, followed by one
    /// starting in lower case, or a digit after a digit, with no space glyph
    /// before it (trusted only when `wraps_keep_spaces`); and after a hyphen
    /// that ends a word, followed by lower case: a compound wrapped at its
    /// hyphen ("socio-" / "assistenziali").
    fn join_lines(&mut self, wraps_keep_spaces: bool) {
        let mut text = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                let above = &self.lines[i - 1];
                let lower = line.text.starts_with(char::is_lowercase);
                let goes_on = lower
                    || (line.text.starts_with(|c: char| c.is_ascii_digit())
                        && above.text.ends_with(|c: char| c.is_ascii_digit()));
                let broken = wraps_keep_spaces && above.fills_cell && !line.space_before && goes_on;
                let compound = lower
                    && above
                        .text
                        .strip_suffix('-')
                        .is_some_and(|rest| rest.ends_with(char::is_alphabetic));
                if !broken && !compound {
                    text.push(' ');
                }
            }
            text.push_str(&line.text);
        }
        self.text = text;
    }
}

/// How a cell's text sits in a row taller than itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// At the top: a cell's first line is its row's first line (or the cell is
    /// drawn merged over the rows it covers).
    Top,
    /// In the middle, as browsers and HTML-to-PDF printers set table cells: a
    /// label of several rows, when no rule shows the merge, stands halfway down
    /// the rows it covers.
    Middle,
}

/// A table: a grid of `n_rows` × `n_cols`, each position covered by one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub page: u32,
    /// The page the table ends on (a table continued over pages is one).
    pub end_page: u32,
    pub top: f64,
    /// The bottom of its last part, on `end_page`.
    pub bottom: f64,
    pub col_edges: Vec<f64>,
    pub n_rows: usize,
    pub cells: Vec<Cell>,
    /// How far each column edge may be from where it is given: a rule's
    /// thickness when rules draw it; when text alignment implies it, anywhere in
    /// its gutter. Two tables' edges are one border when their slacks overlap.
    pub edge_slack: Vec<f64>,
    /// Whether rules draw the grid; else text alignment implies it, and the
    /// outer edges are only where the text happens to end.
    pub ruled: bool,
    pub valign: VAlign,
    /// Index into `cells` for every grid position, row-major.
    grid: Vec<usize>,
}

impl Table {
    /// A table on `page` from its grid: cells placed, their text read from the
    /// page's words and their shading from its fills.
    fn assemble(
        page: &Page,
        layout: &PageLayout,
        xs: Vec<f64>,
        ys: &[f64],
        mut cells: Vec<Cell>,
        grid: Vec<usize>,
    ) -> Table {
        fill_text(&mut cells, &grid, &xs, ys, layout);
        let edge_slack = vec![rules::tolerance(page); xs.len()];
        mark_shading(&mut cells, page, rules::tolerance(page));
        Table {
            page: page.number,
            end_page: page.number,
            top: ys[0],
            bottom: ys[ys.len() - 1],
            col_edges: xs,
            n_rows: ys.len() - 1,
            cells,
            edge_slack,
            ruled: true,
            valign: VAlign::Top,
            grid,
        }
    }

    pub fn n_cols(&self) -> usize {
        self.col_edges.len() - 1
    }

    /// The cell covering grid position (`row`, `col`).
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        &self.cells[self.grid[row * self.n_cols() + col]]
    }

    /// The distinct cells of a row, left to right.
    pub fn row_cells(&self, row: usize) -> Vec<&Cell> {
        let mut out: Vec<&Cell> = Vec::new();
        for c in 0..self.n_cols() {
            let cell = self.cell(row, c);
            if out.last().is_none_or(|l| !std::ptr::eq(*l, cell)) {
                out.push(cell);
            }
        }
        out
    }

    /// The texts of a row, one per grid column (a merged cell's text repeated).
    pub fn row_texts(&self, row: usize) -> Vec<&str> {
        (0..self.n_cols())
            .map(|c| self.cell(row, c).text.as_str())
            .collect()
    }

    /// Every row's cells joined by "|": what a test compares.
    #[cfg(test)]
    pub(crate) fn rows_joined(&self) -> Vec<String> {
        (0..self.n_rows)
            .map(|r| self.row_texts(r).join("|"))
            .collect()
    }

    /// Where row `row` is printed on `page`, as x0, top, x1, bottom in PDF
    /// points from the page's top-left: the box around the row's own cells
    /// there. A cell merged over several rows is the row's only when the row
    /// has no cell of its own: it would stretch the box over the other rows.
    pub fn row_box(&self, row: usize, page: u32) -> Option<[f64; 4]> {
        let cells: Vec<&Cell> = self
            .row_cells(row)
            .into_iter()
            .filter(|c| c.row == row && c.page == page)
            .collect();
        let own = cells.iter().filter(|c| c.row_span == 1);
        own.clone()
            .map(|c| c.bbox())
            .reduce(union)
            .or_else(|| cells.iter().map(|c| c.bbox()).reduce(union))
    }

    /// Whether the cell at (`row`, `col`) starts at that row (not carried down).
    pub fn starts_at(&self, row: usize, col: usize) -> bool {
        self.cell(row, col).row == row
    }
}

/// Finds the document's tables, in reading order, joined across pages.
/// `right_edge` is where running text ends, `breaks` where sections start: a
/// table without rules never runs into running text or across a heading.
pub fn find_tables(
    pages: &[Page],
    layouts: &[PageLayout],
    right_edge: f64,
    breaks: &[borderless::Break],
) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for (i, (page, layout)) in pages.iter().zip(layouts).enumerate() {
        let ruled_here = ruled::tables(page, layout);
        let continued = tables
            .last()
            .filter(|t| t.end_page + 1 == page.number && !text_below(t, layouts));
        // The page's tables without rules, top to bottom.
        let read = |continued| {
            let mut found =
                borderless::tables(page, layout, &ruled_here, right_edge, breaks, continued);
            found.sort_by(|a, b| a.top.total_cmp(&b.top));
            found
        };
        let page_before = i
            .checked_sub(1)
            .filter(|&k| pages[k].number + 1 == page.number);
        // A table opening this page whose caption and header the page before
        // ends with: they are its first rows, read with its columns. `after`
        // is where the last table before them ends.
        let head_before = |unruled: &[Table], after: f64| {
            let first = unruled
                .first()
                .filter(|t| ruled_here.iter().all(|r| r.top > t.top))?;
            let opens_page = layout.lines.first().is_some_and(|l| l.bottom > first.top);
            let k = page_before.filter(|_| opens_page)?;
            borderless::cut_head(&pages[k], &layouts[k], after, right_edge, breaks, first)
                .filter(|head| continues(head, first, layouts))
        };
        let end_before = |tables: &[Table]| {
            let k = page_before?;
            let t = tables.last().filter(|t| t.end_page == pages[k].number)?;
            Some(t.bottom)
        };
        let unruled = match continued {
            // A few rows cut off at the foot of the page before (a caption
            // over a header) are too few to show their own columns: when a
            // table of its own opens this page, they are its head instead.
            Some(prev) if borderless::too_few_rows(prev) => {
                let own = read(None);
                let earlier = &tables[..tables.len() - 1];
                let after = end_before(earlier).unwrap_or(f64::NEG_INFINITY);
                match head_before(&own, after) {
                    Some(head) => {
                        tables.pop();
                        tables.push(head);
                        own
                    }
                    None => read(continued),
                }
            }
            Some(_) => read(continued),
            None => {
                let unruled = read(None);
                let after = end_before(&tables).unwrap_or(f64::NEG_INFINITY);
                // Kept only as the first rows of the table it heads.
                if let Some(head) = head_before(&unruled, after) {
                    tables.push(head);
                }
                unruled
            }
        };
        let mut on_page = ruled_here;
        on_page.extend(unruled);
        on_page.sort_by(|a, b| a.top.total_cmp(&b.top));
        for t in on_page {
            match tables.last_mut() {
                Some(prev) if continues(prev, &t, layouts) => {
                    if let Some(k) = page_before
                        && let Some(finer) =
                            borderless::read_finer(&pages[k], &layouts[k], prev, &t)
                        && continues(&finer, &t, layouts)
                    {
                        *prev = finer;
                    }
                    append(prev, t)
                }
                _ => tables.push(t),
            }
        }
    }
    let keep = wraps_keep_spaces(&tables);
    for cell in tables.iter_mut().flat_map(|t| &mut t.cells) {
        cell.join_lines(keep);
    }
    tables
}

/// Puts every word whose centre lies inside the grid into its cell.
fn fill_text(cells: &mut [Cell], grid: &[usize], xs: &[f64], ys: &[f64], layout: &PageLayout) {
    let n_cols = xs.len() - 1;
    let locate = |edges: &[f64], v: f64| -> Option<usize> {
        if v < edges[0] || v > edges[edges.len() - 1] {
            return None;
        }
        Some(
            edges
                .partition_point(|&e| e < v)
                .saturating_sub(1)
                .min(edges.len() - 2),
        )
    };
    // Per cell: (baseline, font size, word) to order the text.
    let mut words: Vec<Vec<(f64, f64, Word)>> = vec![Vec::new(); cells.len()];
    for line in &layout.lines {
        let y_mid = line.baseline - 0.3 * line.size;
        let Some(r) = locate(ys, y_mid) else { continue };
        for w in line.words() {
            let Some(c) = locate(xs, (w.x0 + w.x1) / 2.0) else {
                continue;
            };
            words[grid[r * n_cols + c]].push((line.baseline, line.size, w));
        }
    }
    for (cell, mut ws) in cells.iter_mut().zip(words) {
        ws.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.x0.total_cmp(&b.2.x0)));
        let mut lines: Vec<(f64, f64, Vec<Word>)> = Vec::new();
        for (baseline, size, w) in ws {
            match lines.last_mut() {
                Some((b, _, l)) if *b == baseline => l.push(w),
                _ => lines.push((baseline, size, vec![w])),
            }
        }
        // The cell's padding, as far as its text shows it: where its lines
        // start. A line fills the cell when no glyph more fits before the
        // padding on the right.
        let padding = lines
            .iter()
            .map(|(_, _, l)| l[0].x0 - cell.x0)
            .fold(f64::INFINITY, f64::min)
            .max(0.0);
        let text_right = cell.x1 - padding;
        cell.lines = lines
            .into_iter()
            .map(|(baseline, size, l)| CellLine {
                page: cell.page,
                baseline,
                size,
                text: l.iter().map(|w| w.text).collect::<Vec<_>>().join(" "),
                space_before: l[0].space_before,
                fills_cell: l.len() == 1 && text_right - l[0].x1 < size,
            })
            .collect();
        cell.join_lines(false);
    }
}

/// Whether the document's producer keeps the space glyph where a cell's line
/// wraps between words: then a line starting without one continues a broken word.
/// Judged from the lines below a line that does not fill its cell, which
/// wrapped between words: a narrow column's broken words (a month's name in
/// each column of a monthly Gantt) would otherwise outvote them.
fn wraps_keep_spaces(tables: &[Table]) -> bool {
    let (with, all) = tables
        .iter()
        .flat_map(|t| &t.cells)
        .flat_map(|c| c.lines.windows(2))
        .filter(|w| !w[0].fills_cell)
        .fold((0, 0), |(with, n), w| {
            (with + w[1].space_before as usize, n + 1)
        });
    with * 2 > all
}

/// Marks cells covered for the most part by a dark fill.
fn mark_shading(cells: &mut [Cell], page: &Page, tol: f64) {
    for cell in cells {
        let area = (cell.x1 - cell.x0) * (cell.y1 - cell.y0);
        if area <= 0.0 {
            continue;
        }
        let covered: f64 = page
            .rects
            .iter()
            .filter(|r| r.gray.is_some_and(|g| g < SHADE_MAX_GRAY))
            .filter(|r| r.x1 - r.x0 > tol && r.y1 - r.y0 > tol)
            .map(|r| {
                let w = (r.x1.min(cell.x1) - r.x0.max(cell.x0)).max(0.0);
                let h = (r.y1.min(cell.y1) - r.y0.max(cell.y0)).max(0.0);
                w * h
            })
            .sum();
        cell.shaded = covered >= SHADE_MIN_COVER * area;
    }
}

/// Whether `next` continues `prev` on the following page: nothing but page
/// furniture after `prev` on its page or before `next` on its, and the same
/// column edges, one set possibly refining the other (a border that only body
/// rows have).
fn continues(prev: &Table, next: &Table, layouts: &[PageLayout]) -> bool {
    if next.page != prev.end_page + 1 {
        return false;
    }
    let same_columns = union_edges(prev, next).is_some();
    let lines_of = |n: u32| {
        layouts
            .iter()
            .find(|l| l.number == n)
            .map(|l| l.lines.as_slice())
    };
    let below = text_below(prev, layouts);
    let above = lines_of(next.page)
        .unwrap_or(&[])
        .iter()
        .any(|l: &Line| l.bottom < next.top);
    same_columns && !below && !above
}

/// Whether text follows `table` on its page (page furniture aside).
fn text_below(table: &Table, layouts: &[PageLayout]) -> bool {
    layouts
        .iter()
        .find(|l| l.number == table.end_page)
        .is_some_and(|l| l.lines.iter().any(|l| l.top > table.bottom))
}

/// The union of two tables' column edges (with their slack) when one set
/// contains the other and the outer edges agree; outer edges that text alone
/// implies need not agree (the union reaches the wider), but then the tables
/// must share an inner edge.
pub(crate) fn union_edges(a: &Table, b: &Table) -> Option<(Vec<f64>, Vec<f64>)> {
    let (ea, eb) = (&a.col_edges, &b.col_edges);
    let close = |t: &Table, i: usize, u: &Table, j: usize| {
        (t.col_edges[i] - u.col_edges[j]).abs() <= t.edge_slack[i] + u.edge_slack[j]
    };
    let soft_outer = !a.ruled || !b.ruled;
    if !soft_outer && (!close(a, 0, b, 0) || !close(a, ea.len() - 1, b, eb.len() - 1)) {
        return None;
    }
    let (small, large) = if ea.len() <= eb.len() { (a, b) } else { (b, a) };
    let (n_small, n_large) = (small.col_edges.len(), large.col_edges.len());
    // Where the outer edges tell nothing, an inner edge must (a one-column box
    // goes with any table).
    if soft_outer && n_small < 3 {
        return None;
    }
    let contained = (1..n_small - 1).all(|i| (1..n_large - 1).any(|j| close(small, i, large, j)));
    if !contained {
        return None;
    }
    let mut edges = large.col_edges.clone();
    let slack = large.edge_slack.clone();
    edges[0] = ea[0].min(eb[0]);
    edges[n_large - 1] = ea[ea.len() - 1].max(eb[eb.len() - 1]);
    Some((edges, slack))
}

/// Re-expresses a table on other column edges: each cell keeps its extent and
/// spans the columns that fall inside it.
fn regrid(table: &mut Table, edges: &[f64], slack: &[f64]) {
    let same = table.col_edges.len() == edges.len();
    table.col_edges = edges.to_vec();
    table.edge_slack = slack.to_vec();
    if same {
        return;
    }
    let n_cols = edges.len() - 1;
    let mut grid = vec![0usize; table.n_rows * n_cols];
    // The edge nearest to `x`: each of the table's edges has its counterpart
    // among `edges` (`union_edges` matched them).
    let nearest = |x: f64| {
        (0..edges.len())
            .min_by(|&i, &j| (edges[i] - x).abs().total_cmp(&(edges[j] - x).abs()))
            .unwrap_or(0)
    };
    for (id, cell) in table.cells.iter_mut().enumerate() {
        let first = nearest(cell.x0).min(n_cols - 1);
        let last = nearest(cell.x1).max(first + 1);
        cell.col = first;
        cell.col_span = last - first;
        for r in cell.row..cell.row + cell.row_span {
            for c in first..last {
                grid[r * n_cols + c] = id;
            }
        }
    }
    table.grid = grid;
}

/// Rows at the top of a table where the header a page repeats may stand.
const REPEATED_HEADER_ROWS: usize = 3;

/// Marks that open the items of a list within a cell.
pub const LIST_MARKS: &[char] = &['-', '–', '—', '•', '▪', '◦'];

/// Whether a text is in capitals ("AZIONE DI SISTEMA NAZIONALE", "DTL"): a
/// heading or an acronym, whole, which the text after it does not go on just
/// for standing alone.
pub(super) fn in_capitals(text: &str) -> bool {
    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase)
}

/// Whether `text` opens with a word of two lower-case letters or more: it
/// goes on mid-sentence ("territoriali dei servizi"), where an abbreviation
/// ("n.q.") or a capital would not tell.
pub fn opens_lower_word(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| {
        w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
    })
}

/// Appends the continuation `next` to `prev`, both on their common column edges.
fn append(prev: &mut Table, mut next: Table) {
    let (edges, slack) = union_edges(prev, &next).expect("checked by continues");
    regrid(prev, &edges, &slack);
    regrid(&mut next, &edges, &slack);
    // Cells centred in one part are centred in the whole table: a part whose
    // rows are all one line tall cannot show it.
    if !prev.ruled && !next.ruled && next.valign == VAlign::Middle {
        prev.valign = VAlign::Middle;
    }
    let mut skip_rows = 0;
    // The header rows repeated at the top of the new page (with or without
    // the caption above them), spaces aside: a word a narrow cell broke may
    // be joined on one page and not on the other.
    let key = |t: &&str| compact(t);
    let row_key = |t: &Table, r: usize| -> Vec<String> { t.row_texts(r).iter().map(key).collect() };
    if let Some(from) = (0..prev.n_rows.min(REPEATED_HEADER_ROWS)).find(|&r| {
        let header = row_key(prev, r);
        next.n_rows > 0 && header.iter().any(|t| !t.is_empty()) && header == row_key(&next, 0)
    }) {
        // Past the first, a repeated row is a caption's or a header's as long
        // as it carries no figure: a body row that happens to repeat does.
        let figures = |r: usize| {
            next.row_texts(r)
                .iter()
                .any(|t| t.contains(|c: char| c.is_ascii_digit()))
        };
        skip_rows = (0..next.n_rows)
            .take_while(|&k| {
                from + k < prev.n_rows.min(REPEATED_HEADER_ROWS)
                    && row_key(prev, from + k) == row_key(&next, k)
                    && (k == 0 || !figures(k))
            })
            .count();
    }
    // Cells the page break cut, in a ruled grid: a first-row cell with no rule
    // above it goes on from the cell of the previous page's last row, when no
    // rule closes that one either (a browser leaves the top border off every
    // page's first row, whether or not the break cut it).
    let n_cols = prev.n_cols();
    let mut continued: std::collections::HashMap<usize, usize> = Default::default();
    // Whether the first row's text went on into the last row's cells.
    let mut went_on = false;
    let drawn = prev.ruled
        && next.ruled
        && prev.n_rows > 0
        && (0..n_cols)
            .any(|c| next.cell(0, c).open_top && prev.cell(prev.n_rows - 1, c).open_bottom);
    if drawn && skip_rows == 0 {
        let last = prev.n_rows - 1;
        for c in 0..n_cols {
            let (id, before) = (next.grid[c], prev.grid[last * n_cols + c]);
            let (cell, above) = (&next.cells[id], &prev.cells[before]);
            if cell.open_top
                && above.open_bottom
                && cell.col == c
                && above.col == c
                && above.col_span == cell.col_span
            {
                continued.insert(id, before);
            }
        }
        // The whole first row goes on: it is the last row's other half.
        if (0..n_cols).all(|c| continued.contains_key(&next.grid[c])) {
            for (&id, &before) in &continued {
                prev.cells[before].go_on(&next.cells[id]);
            }
            skip_rows = 1;
            went_on = true;
        }
    }
    // Where no rule tells: a row split by the page break (under the header
    // repeated there, if it is) has text only where the previous page's last
    // row has text too, in one cell or going on in lower case.
    let f = skip_rows;
    if !drawn && !went_on && prev.n_rows > 0 && next.n_rows > f {
        let last = prev.n_rows - 1;
        let first = next.row_texts(f);
        let before = prev.row_texts(last);
        // Its text is in one cell only, or each of its texts goes on
        // mid-sentence, and only where the last row has text: a new row (even
        // under a label merged over it) starts its own.
        let filled = first.iter().filter(|t| !t.is_empty()).count();
        // Or its one cell (across the columns, as a group's description in a
        // Gantt) is the next item of the list the cell above opens
        // ("- Qualificare …" | "- Definire …"): a full stop ends an item, not
        // the list.
        let one_cell = {
            let mut ids = (0..n_cols)
                .filter(|&c| !first[c].is_empty())
                .map(|c| next.grid[f * n_cols + c]);
            ids.next().is_some_and(|id| ids.all(|other| other == id))
        };
        let next_item =
            |t: &str, b: &str| one_cell && t.starts_with(LIST_MARKS) && b.starts_with(LIST_MARKS);
        // (A mark, "X" or "■", is no sentence: it neither starts nor goes on.)
        let mark = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).count() <= 1;
        // Or its first column goes on mid-sentence ("aree territoriali …"
        // under "Percorso … su max n. 4"): its other cells go on with it,
        // even a list that starts each item with a capital.
        let label_goes_on = opens_lower_word(first[0]) && !before[0].is_empty();
        // Or a quantity's figure goes on after the word qualifying it, which
        // the break cut from it ("Ca" | "30", "Almeno" | "100"): a cell
        // ending in a word and holding no figure yet.
        let qualified = |t: &str, b: &str| {
            t.starts_with(|c: char| c.is_ascii_digit())
                && !b.contains(|c: char| c.is_ascii_digit())
                && b.split_whitespace()
                    .last()
                    .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        };
        // Or the cell above stops where no text ends, after a connecting
        // word, a comma or a dash ("Osservatorio Regionale Mercato del" |
        // "Lavoro / Ente strumentale regionale"), whatever case the rest
        // opens with (`ends_open`).
        let goes_on = |t: &str, b: &str| {
            t.is_empty()
                || filled == 1 && !in_capitals(b)
                || label_goes_on
                || mark(t)
                || t.starts_with(char::is_lowercase)
                || qualified(t, b)
                || ends_open(b)
                || next_item(t, b)
        };
        let split = filled > 0
            && first
                .iter()
                .zip(&before)
                .all(|(f, b)| goes_on(f, b) && (f.is_empty() || !b.is_empty()));
        if split {
            // Its cells go on from the last row's, and so do the rows below
            // that they are merged over.
            for c in 0..n_cols {
                let (id, before) = (next.grid[f * n_cols + c], prev.grid[last * n_cols + c]);
                let (cell, above) = (&next.cells[id], &prev.cells[before]);
                if cell.row == f
                    && cell.col == c
                    && above.col == c
                    && above.col_span == cell.col_span
                {
                    continued.insert(id, before);
                }
            }
            for c in 0..next.n_cols() {
                let extra = next.cell(f, c).text.clone();
                let id = prev.grid[last * prev.n_cols() + c];
                // A cell merged further down that does not go on is copied
                // whole below, not added to the row above as well.
                let copied = next.cell(f, c).row_span > 1
                    && !continued.contains_key(&next.grid[f * n_cols + c]);
                if !copied && !prev.cells[id].text.ends_with(&extra) {
                    prev.cells[id].go_on(next.cell(f, c));
                }
            }
            skip_rows = f + 1;
            went_on = true;
        }
    }
    // Cells whose text went on already, with their whole row.
    let joined: std::collections::HashSet<usize> = if went_on {
        continued.keys().copied().collect()
    } else {
        Default::default()
    };
    // A new row under a description the break cut, merged over it and the
    // rows below: that cell alone goes on ("… delle reti" | "territoriali dei
    // servizi" beside the next page's actors). It goes on mid-sentence from
    // a cell left open (no full stop), and is merged over several rows. In a
    // table whose cells are centred, nothing shows the merge but where the
    // text stands: the first text of its column on the new page, below cells
    // left empty, centred on the rows from the page's first to its last; and
    // the cell above must stop where no text ends (a lower-case quantity,
    // "almeno 100", would go on from any word).
    let centred = !next.ruled && next.valign == VAlign::Middle;
    let from = skip_rows;
    if !drawn && prev.n_rows > 0 && next.n_rows > from {
        let last = prev.n_rows - 1;
        for c in 0..n_cols {
            let before = prev.grid[last * n_cols + c];
            let above = &prev.cells[before];
            let open = !above.text.is_empty() && !above.text.ends_with(['.', ';', ':', '!', '?']);
            let Some(r) = (from..next.n_rows).find(|&r| !next.cell(r, c).text.is_empty()) else {
                continue;
            };
            let cell = next.cell(r, c);
            let alone = |r: usize| {
                let cell = next.cell(r, c);
                cell.col == c && cell.col_span == above.col_span
            };
            if !open || above.col != c || cell.row != r || !alone(r) {
                continue;
            }
            if !opens_lower_word(&cell.text) {
                continue;
            }
            let rows = if r == from && cell.row_span > 1 && !went_on {
                from..=from
            } else if centred && ends_open(&above.text) && (from..r).all(alone) {
                let Some(middle) = cell.text_middle() else {
                    continue;
                };
                // Down to the row that centres it on the page's rows (a row
                // that went on included), short of the column's next text.
                let top = next.cell(f, c).y0;
                let below = (r + cell.row_span..next.n_rows)
                    .take_while(|&k| next.cell(k, c).text.is_empty() && alone(k))
                    .last()
                    .unwrap_or(r);
                let off = |e: usize| ((top + next.cell(e, c).y1) / 2.0 - middle).abs();
                let end = (r..=below)
                    .min_by(|&a, &b| off(a).total_cmp(&off(b)))
                    .unwrap_or(r);
                from..=end
            } else {
                continue;
            };
            for k in rows {
                continued.insert(next.grid[k * n_cols + c], before);
            }
        }
    }
    let offset = prev.n_rows;
    let mut remap: std::collections::HashMap<usize, usize> = Default::default();
    for r in skip_rows..next.n_rows {
        for c in 0..n_cols {
            let old = next.grid[r * n_cols + c];
            let id = *remap.entry(old).or_insert_with(|| {
                if let Some(&before) = continued.get(&old) {
                    let part = &next.cells[old];
                    if !joined.contains(&old) {
                        prev.cells[before].go_on(part);
                    }
                    // Down to the part's last row.
                    let end = offset + part.row + part.row_span - skip_rows;
                    let cell = &mut prev.cells[before];
                    cell.row_span = cell.row_span.max(end - cell.row);
                    return before;
                }
                let mut cell = next.cells[old].clone();
                let start = cell.row.max(skip_rows);
                cell.row_span -= start - cell.row;
                cell.row = start - skip_rows + offset;
                prev.cells.push(cell);
                prev.cells.len() - 1
            });
            prev.grid.push(id);
        }
    }
    prev.n_rows += next.n_rows - skip_rows;
    prev.bottom = next.bottom;
    prev.end_page = next.end_page;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lay_out_page;
    use crate::testing::grid_page;

    /// The rows, cells joined by "|", of the one table that two ruled pages
    /// (two grids as `grid_page` draws them) make.
    fn two_pages(first: &[&[&str]], second: &[&[&str]]) -> Vec<String> {
        let mut pages = [grid_page(first), grid_page(second)];
        (pages[0].number, pages[1].number) = (1, 2);
        the_table(&pages).rows_joined()
    }

    /// The one table `pages` hold.
    fn the_table(pages: &[Page]) -> Table {
        let layouts: Vec<PageLayout> = pages.iter().map(lay_out_page).collect();
        let mut found = find_tables(pages, &layouts, 600.0, &[]);
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    /// A row the page break cut goes on under the header repeated on the
    /// next page.
    #[test]
    fn a_row_goes_on_under_the_repeated_header() {
        let rows = two_pages(
            &[&["Azione", "Q.tà", "Tipologia"], &["A", "30", "Finali"]],
            &[
                &["Azione", "Q.tà", "Tipologia"],
                &["", "", "operatori"],
                &["B", "15", "Indiretti"],
            ],
        );
        assert_eq!(
            rows,
            [
                "Azione|Q.tà|Tipologia",
                "A|30|Finali operatori",
                "B|15|Indiretti"
            ]
        );
    }

    /// A caption and a header both repeated on the next page are no rows;
    /// the header's words may be broken differently there.
    #[test]
    fn a_caption_and_header_repeated_on_the_next_page_are_skipped() {
        let rows = two_pages(
            &[
                &["Sistema", "", ""],
                &["Azione", "Q.tà", "Tipologia"],
                &["A", "1", "Ente"],
            ],
            &[
                &["Sistema", "", ""],
                &["Azio ne", "Q.t à", "Tipologia"],
                &["B", "30", "Referenti"],
            ],
        );
        assert_eq!(
            rows,
            [
                "Sistema||",
                "Azione|Q.tà|Tipologia",
                "A|1|Ente",
                "B|30|Referenti"
            ]
        );
    }

    /// Two pages of a ruled table, the second without a rule at its top: the
    /// row the first page closed with a rule is over (a browser leaves the
    /// top border off every page's first row), the one it left open goes on.
    #[test]
    fn a_first_row_open_at_the_top_goes_on_only_from_a_row_left_open() {
        let read = |close_first: bool| {
            let mut first =
                grid_page(&[&["Azione", "Q.tà", "Tipologia"], &["A", "15", "Soggetti"]]);
            first.number = 1;
            if !close_first {
                // Its last horizontal rule: the grid runs off the page.
                let bottom = first.segments.iter().map(|s| s.y0).fold(0.0, f64::max);
                first
                    .segments
                    .retain(|s| !(s.y0 == bottom && s.y1 == bottom));
                for s in first.segments.iter_mut().filter(|s| s.x0 == s.x1) {
                    s.y1 = bottom + 5.0;
                }
            }
            let mut second = grid_page(&[&["", "n.q.", "Indiretti"], &["B", "30", "Finali"]]);
            second.number = 2;
            second
                .segments
                .retain(|s| !(s.y0 == 100.0 && s.y1 == 100.0));
            for s in second.segments.iter_mut().filter(|s| s.x0 == s.x1) {
                s.y0 = 95.0;
            }
            let t = the_table(&[first, second]);
            (1..t.n_rows)
                .map(|r| t.row_texts(r).join("|"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(true),
            ["A|15|Soggetti", "|n.q.|Indiretti", "B|30|Finali"]
        );
        assert_eq!(read(false), ["A|15 n.q.|Soggetti Indiretti", "B|30|Finali"]);
    }

    /// The rules of a full grid: a vertical line at each of `xs`, a
    /// horizontal one at each of `ys`.
    fn grid_rules(xs: &[f64], ys: &[f64]) -> Vec<crate::pdf::Segment> {
        use crate::pdf::Segment;
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        let mut segments: Vec<Segment> = xs
            .iter()
            .map(|&x| Segment {
                x0: x,
                y0: top,
                x1: x,
                y1: bottom,
            })
            .collect();
        segments.extend(ys.iter().map(|&y| Segment {
            x0: left,
            y0: y,
            x1: right,
            y1: y,
        }));
        segments
    }

    /// A word or a number a narrow padded cell broke ("Qualifi" over
    /// "cazione") is made whole; the other lines of a cell keep their spaces.
    #[test]
    fn a_compound_wrapped_at_its_hyphen_is_one_word_again() {
        let line = |text: &str| CellLine {
            text: text.to_string(),
            page: 1,
            baseline: 0.0,
            size: 10.0,
            space_before: true,
            fills_cell: false,
        };
        let mut cell = Cell::grid_cell(1, 0, 0, &[0.0, 100.0], &[0.0, 30.0]);
        cell.lines = vec![
            line("Ente gestore funzioni socio-"),
            line("assistenziali"),
            line("Soggetti -"),
            line("enti locali"),
            line("Anno 2015-"),
            line("Regione"),
        ];
        cell.join_lines(true);
        // A dash set apart, or before a capital, is no hyphen in a word.
        assert_eq!(
            cell.text,
            "Ente gestore funzioni socio-assistenziali Soggetti - enti locali Anno 2015- Regione"
        );
    }

    #[test]
    fn a_word_broken_by_a_padded_cell_is_whole_again() {
        let segments = grid_rules(&[20.0, 75.0, 300.0], &[100.0, 115.0, 160.0, 190.0]);
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        // Text 6 points in from the left edge, as the padding sets it.
        put("Q.tà", 26.0, 111.0);
        put("Tipologia", 81.0, 111.0);
        put("Qualifi", 26.0, 126.0);
        put("cazione", 26.0, 138.0);
        put("Destinatari finali", 81.0, 126.0);
        put(" dei servizi", 81.0, 138.0);
        put(" territoriali", 81.0, 150.0);
        // A number the cell broke the same way.
        put("1520000", 26.0, 171.0);
        put("1", 26.0, 183.0);
        put("Comuni", 81.0, 171.0);
        put(" e Province", 81.0, 183.0);
        let page = crate::testing::page(1, glyphs, segments, vec![]);
        let layouts = [lay_out_page(&page)];
        let found = find_tables(std::slice::from_ref(&page), &layouts, 600.0, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].row_texts(1),
            [
                "Qualificazione",
                "Destinatari finali dei servizi territoriali"
            ]
        );
        assert_eq!(found[0].row_texts(2), ["15200001", "Comuni e Province"]);
    }

    /// Words a narrow column broke, as many as the lines wrapped between
    /// words elsewhere, are still made whole: the lines they break onto do not
    /// count as evidence that the producer drops the space at a wrap.
    #[test]
    fn many_broken_words_do_not_outvote_the_wraps_between_words() {
        let segments = grid_rules(&[20.0, 75.0, 300.0], &[100.0, 115.0, 145.0, 175.0, 205.0]);
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        put("Q.tà", 26.0, 111.0);
        put("Tipologia", 81.0, 111.0);
        for (k, (head, tail, kind, more)) in [
            ("Qualifi", "cazione", "Destinatari finali", " dei servizi"),
            ("Integra", "zione", "Soggetti strumentali", " della Regione"),
            (
                "Orienta",
                "mento",
                "Destinatari indiretti",
                " del territorio",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 126.0 + 30.0 * k as f64;
            put(head, 26.0, y);
            put(tail, 26.0, y + 12.0);
            put(kind, 81.0, y);
            put(more, 81.0, y + 12.0);
        }
        let page = crate::testing::page(1, glyphs, segments, vec![]);
        let layouts = [lay_out_page(&page)];
        let found = find_tables(std::slice::from_ref(&page), &layouts, 600.0, &[]);
        assert_eq!(found.len(), 1);
        let firsts: Vec<&str> = (1..4).map(|r| found[0].row_texts(r)[0]).collect();
        assert_eq!(firsts, ["Qualificazione", "Integrazione", "Orientamento"]);
        assert_eq!(
            found[0].row_texts(2)[1],
            "Soggetti strumentali della Regione"
        );
    }

    /// A ruled table whose row a page break cut, closed by a rule at the cut
    /// (nothing shows the cell going on but its text): the label goes on
    /// mid-sentence, and the list of items beside it goes on with it though
    /// each item starts with a capital.
    #[test]
    fn a_row_whose_label_goes_on_after_the_break_is_one_row() {
        let rows = two_pages(
            &[
                &["Azione", "Importo", "Voci"],
                &["Corso base", "32.000", "Docenza"],
                &["Corso su", "30.000", "Docenza"],
            ],
            &[
                &["aree vaste", "", "Tutor"],
                &["Laboratori", "20.000", "Tutor"],
            ],
        );
        assert_eq!(
            rows,
            [
                "Azione|Importo|Voci",
                "Corso base|32.000|Docenza",
                "Corso su aree vaste|30.000|Docenza Tutor",
                "Laboratori|20.000|Tutor"
            ]
        );
    }

    /// A ruled grid (as `grid_page` draws it) whose rows of one entry are one
    /// cell across every column: no rule parts their columns.
    fn spanning_grid(rows: &[&[&str]]) -> Page {
        let mut page = grid_page(rows);
        let n_cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let inner: Vec<f64> = page
            .segments
            .iter()
            .filter(|s| s.x0 == s.x1)
            .map(|s| s.x0)
            .skip(1)
            .take(n_cols - 1)
            .collect();
        page.segments
            .retain(|s| !inner.contains(&s.x0) || s.x0 != s.x1);
        for (r, row) in rows.iter().enumerate() {
            if row.len() > 1 {
                let y0 = 100.0 + 15.0 * r as f64;
                page.segments
                    .extend(inner.iter().map(|&x| crate::pdf::Segment {
                        x0: x,
                        y0,
                        x1: x,
                        y1: y0 + 15.0,
                    }));
            }
        }
        page
    }

    /// A Gantt's group described by a list across every column, which the
    /// page break cut between its two items, each cell closed by a rule at the
    /// cut: the second item goes on in the first's cell though the first ends
    /// with a full stop; the banner below it, no item, is a row of its own.
    #[test]
    fn a_list_across_the_columns_goes_on_after_the_break() {
        let mut pages = [
            spanning_grid(&[
                &["Intervento", "Q1", "Q2"],
                &["AZIONE DI SISTEMA"],
                &["- Qualificare i servizi."],
            ]),
            spanning_grid(&[
                &["- Definire gli strumenti."],
                &["LIVELLO REGIONALE"],
                &["Attività 1", "X", ""],
            ]),
        ];
        (pages[0].number, pages[1].number) = (1, 2);
        let t = the_table(&pages);
        let rows: Vec<&str> = (0..t.n_rows).map(|r| t.cell(r, 0).text.as_str()).collect();
        assert_eq!(
            rows,
            [
                "Intervento",
                "AZIONE DI SISTEMA",
                "- Qualificare i servizi. - Definire gli strumenti.",
                "LIVELLO REGIONALE",
                "Attività 1"
            ]
        );
        assert_eq!(t.cell(2, 2).text, t.cell(2, 0).text);
    }

    /// A banner in capitals ends the page; the next page opens with the one
    /// cell of the group's description, a list: a row of its own, not the
    /// banner's rest, though it is alone in its row as a cut cell's rest is.
    #[test]
    fn a_row_under_a_heading_in_capitals_is_its_own_after_the_break() {
        let rows = two_pages(
            &[&["N.", "Intervento", "Q1"], &["", "AZIONE DI SISTEMA", ""]],
            &[&["", "• - Qualificare i servizi", ""], &["1", "Avvio", "X"]],
        );
        assert_eq!(
            rows,
            [
                "N.|Intervento|Q1",
                "|AZIONE DI SISTEMA|",
                "|• - Qualificare i servizi|",
                "1|Avvio|X"
            ]
        );
    }

    /// A name the break cut after a connecting word goes on, though the rest
    /// opens with a capital ("Ufficio del" | "Lavoro / …"); a name after a
    /// name that ends whole starts its own row.
    #[test]
    fn a_name_cut_after_a_connecting_word_goes_on() {
        let cut = |name: &str| {
            two_pages(
                &[
                    &["Azione", "Q.tà", "Tipologia", "Ruolo"],
                    &["1", "8", "Centri", "Sportelli"],
                    &["2", "1", name, "Ente per"],
                ],
                &[
                    &["", "", "Lavoro / Ente", "analisi dati"],
                    &["", "8", "Enti locali", "Supporto"],
                ],
            )
        };
        assert_eq!(
            cut("Ufficio del"),
            [
                "Azione|Q.tà|Tipologia|Ruolo",
                "1|8|Centri|Sportelli",
                "2|1|Ufficio del Lavoro / Ente|Ente per analisi dati",
                "|8|Enti locali|Supporto"
            ]
        );
        assert_eq!(cut("Ufficio").len(), 5);
    }

    /// A Gantt row the break cut beside a column of who does the work: the
    /// label goes on in lower case, the name after a slash ("Regione /" |
    /// "ANCI"); one row. A name after a name that ends whole starts its own.
    #[test]
    fn a_name_cut_after_a_slash_goes_on() {
        let cut = |who: &str| {
            two_pages(
                &[
                    &["N.", "Attività", "Responsabile", "2015"],
                    &["1.1", "Presentazione", "Regione", "X"],
                    &["1.2", "Definizione della", who, "X"],
                ],
                &[
                    &["", "manifestazione", "ANCI", ""],
                    &["1.3", "Costituzione", "Regione", "X"],
                ],
            )
        };
        assert_eq!(
            cut("Regione /"),
            [
                "N.|Attività|Responsabile|2015",
                "1.1|Presentazione|Regione|X",
                "1.2|Definizione della manifestazione|Regione / ANCI|X",
                "1.3|Costituzione|Regione|X"
            ]
        );
        assert_eq!(cut("Regione").len(), 5);
    }

    /// A quantity whose figure the break cut from the word qualifying it
    /// ("Ca" | "30") goes on with the rest of its row; a figure under a
    /// cell that already holds one, or under an abbreviation, starts a row.
    #[test]
    fn a_figure_cut_from_its_qualifier_goes_on() {
        let rows = two_pages(
            &[
                &["Azione", "Q.tà", "Contributo"],
                &["B", "1", "Assistenza"],
                &["C", "Ca", "Collaborazione alla"],
            ],
            &[&["", "30", "progettazione"], &["D", "n.q.", "Supporto"]],
        );
        assert_eq!(
            rows,
            [
                "Azione|Q.tà|Contributo",
                "B|1|Assistenza",
                "C|Ca 30|Collaborazione alla progettazione",
                "D|n.q.|Supporto"
            ]
        );
        for above in ["15", "n.q."] {
            let rows = two_pages(
                &[
                    &["Azione", "Q.tà", "Contributo"],
                    &["B", "1", "Assistenza"],
                    &["C", above, "Collaborazione alla"],
                ],
                &[&["", "30", "progettazione"]],
            );
            assert_eq!(rows.len(), 4, "{above}: {rows:?}");
        }
    }

    /// A description the break cut, merged on the next page over the rows
    /// its actors start: it goes on from the cell above, mid-sentence, and
    /// stays merged over those rows; capitalised, it is the new row's own.
    #[test]
    fn a_merged_description_cut_by_the_break_goes_on_over_the_new_rows() {
        let read = |rest: &str| {
            let mut first = grid_page(&[
                &["Azione", "Q.tà", "Tipologia", "Contributo"],
                &["1", "8", "Enti locali", "Enti coinvolti nei gruppi"],
            ]);
            first.number = 1;
            let mut second = grid_page(&[
                &["", "8", "Centri", rest],
                &["", "10", "Operatori", ""],
                &["2", "1", "Ente", "Analisi."],
            ]);
            second.number = 2;
            // No rule under the first row's last cell: it is merged down.
            let (y, x) = (115.0, 320.0);
            second.segments.retain(|s| !(s.y0 == y && s.y1 == y));
            second.segments.push(crate::pdf::Segment {
                x0: 20.0,
                y0: y,
                x1: x,
                y1: y,
            });
            the_table(&[first, second]).rows_joined()
        };
        let whole = "Enti coinvolti nei gruppi territoriali dei servizi";
        assert_eq!(
            read("territoriali dei servizi"),
            [
                "Azione|Q.tà|Tipologia|Contributo".to_string(),
                format!("1|8|Enti locali|{whole}"),
                format!("|8|Centri|{whole}"),
                format!("|10|Operatori|{whole}"),
                "2|1|Ente|Analisi.".to_string(),
            ]
        );
        assert_eq!(
            read("Territoriali dei servizi")[2],
            "|8|Centri|Territoriali dei servizi"
        );
    }

    /// A page of rows without rules: each row's cells at the given x, in
    /// 10-point text, rows 20 points apart from `top`.
    fn rows_page(number: u32, rows: &[&[(&str, f64)]], top: f64) -> Page {
        let mut glyphs = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            for &(text, x) in row.iter() {
                let y = top + 20.0 * i as f64;
                glyphs.extend(crate::testing::glyphs(text, x, y, 10.0));
            }
        }
        crate::testing::page(number, glyphs, vec![], vec![])
    }

    /// A table without rules cut after its header and first row: those two
    /// lines show no gutter between "Azione" and "Q.tà" (a third of an em),
    /// the next page's rows do. Both parts are read with the finer columns,
    /// the next page's narrow first column included though it lies near the
    /// outer edge.
    #[test]
    fn a_narrow_column_the_next_page_shows_parts_the_rows_cut_before_it() {
        let first = rows_page(
            1,
            &[
                &[
                    ("Azione", 60.0),
                    ("Q.tà", 93.0),
                    ("Tipologia", 140.0),
                    ("Contributo", 300.0),
                ],
                &[
                    ("A", 60.0),
                    ("12", 93.0),
                    ("Comuni capofila", 140.0),
                    ("Rete territoriale", 300.0),
                ],
            ],
            740.0,
        );
        let next: Vec<[(&str, f64); 4]> = [
            ("B", "3", "Questura", "Corsi di lingua italiana"),
            ("C", "6", "Enti di formazione", "Percorsi di orientamento"),
            (
                "D",
                "2",
                "Patronati e sindacati",
                "Diffusione delle informazioni",
            ),
            (
                "E",
                "5",
                "Centri provinciali per adulti",
                "Sportelli di ascolto",
            ),
        ]
        .iter()
        .map(|&(a, q, t, c)| [(a, 60.0), (q, 93.0), (t, 140.0), (c, 300.0)])
        .collect();
        let next: Vec<&[(&str, f64)]> = next.iter().map(|r| r.as_slice()).collect();
        let second = rows_page(2, &next, 60.0);
        let rows = the_table(&[first, second]).rows_joined();
        assert_eq!(
            rows[..3],
            [
                "Azione|Q.tà|Tipologia|Contributo",
                "A|12|Comuni capofila|Rete territoriale",
                "B|3|Questura|Corsi di lingua italiana",
            ]
        );
        assert_eq!(rows.len(), 6);
    }

    /// Page 2: a Gantt's activities, each with a code, a label and one mark.
    fn gantt_activities_page() -> Page {
        let body: Vec<[(&str, f64); 3]> = [
            ("1.1", "Presentazione", 300.0),
            ("1.2", "Costituzione dei tavoli", 360.0),
            ("1.3", "Animazione", 300.0),
            ("1.4", "Conclusione dei lavori", 360.0),
        ]
        .iter()
        .map(|&(c, l, x)| [(c, 60.0), (l, 90.0), ("X", x)])
        .collect();
        let body: Vec<&[(&str, f64)]> = body.iter().map(|r| r.as_slice()).collect();
        rows_page(2, &body, 60.0)
    }

    /// A Gantt's header ends a page right below a paragraph set ragged
    /// right (as a browser or a word processor's web layout sets text): its
    /// lines end short of the right edge, each wrapped before a word that
    /// would not have fitted. The header heads the next page's table; the
    /// paragraph is not one of its rows.
    #[test]
    fn a_ragged_paragraph_above_a_cut_header_is_not_part_of_the_table() {
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        // Each line ends 60 to 75 points short of the right edge (540); the
        // next line's first word would not have fitted after it.
        put(
            "Il tavolo di confronto curerà con regolarità le criticità segnalate dagli operatori del",
            60.0,
            700.0,
        );
        put(
            "amministrativi necessari in un quadro di piena collaborazione con gli enti del territorio",
            60.0,
            712.0,
        );
        put("multidisciplinari coinvolti.", 60.0, 724.0);
        put("Attività", 90.0, 748.0);
        put("2015", 300.0, 748.0);
        put("2016", 360.0, 748.0);
        put("IV TRIM", 300.0, 760.0);
        put("I TRIM", 360.0, 760.0);
        let first = crate::testing::page(1, glyphs, vec![], vec![]);
        let second = gantt_activities_page();
        let pages = [first, second];
        let layouts: Vec<PageLayout> = pages.iter().map(lay_out_page).collect();
        let found = find_tables(&pages, &layouts, 540.0, &[]);
        assert_eq!(found.len(), 1);
        let rows = found[0].rows_joined();
        assert!(
            rows[0].contains("Attività") && rows[0].contains("2015") && rows[0].contains("2016"),
            "{rows:?}"
        );
        assert!(
            !rows
                .iter()
                .any(|r| r.contains("tavolo") || r.contains("coinvolti")),
            "{rows:?}"
        );
        assert_eq!(rows.len(), 5, "{rows:?}");
    }

    /// A Gantt's header ends a page above a group described in a paragraph
    /// as wide as the text; its activities open the next page. The header
    /// and the paragraph are the first rows of the table the next page opens.
    #[test]
    fn a_header_cut_above_full_width_rows_heads_the_next_page_s_table() {
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        put("Attività", 90.0, 700.0);
        put("2015", 300.0, 700.0);
        put("2016", 360.0, 700.0);
        put("IV TRIM", 300.0, 712.0);
        put("I TRIM", 360.0, 712.0);
        put("AZIONE DI SISTEMA", 60.0, 736.0);
        let prose = "Qualificare i servizi territoriali rivolti alla popolazione immigrata \
                     secondo un approccio integrato e multidisciplinare per tutti";
        put(prose, 60.0, 760.0);
        put(prose, 60.0, 772.0);
        let first = crate::testing::page(1, glyphs, vec![], vec![]);
        let right_edge = lay_out_page(&first).lines.last().unwrap().x1();
        let second = gantt_activities_page();
        let pages = [first, second];
        let layouts: Vec<PageLayout> = pages.iter().map(lay_out_page).collect();
        let found = find_tables(&pages, &layouts, right_edge, &[]);
        assert_eq!(found.len(), 1);
        let rows = found[0].rows_joined();
        assert!(
            rows[0].contains("2015") && rows[0].contains("2016"),
            "{rows:?}"
        );
        assert!(rows.iter().any(|r| r.starts_with("AZIONE")), "{rows:?}");
        assert!(
            rows.last()
                .unwrap()
                .starts_with("1.4|Conclusione dei lavori|"),
            "{rows:?}"
        );
    }
}
