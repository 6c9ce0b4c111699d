//! Tables as grids of cells: drawn with rules ([`ruled`]) or laid out without
//! borders ([`borderless`]), each cell keeping its text (lines joined), page,
//! bounding box, and whether it is shaded (a dark fill under it).
//!
//! A table that ends a page and one that starts the next with the same column
//! edges are one table; a repeated header row is dropped, and a row split by the
//! page break is joined back together.
//!
//! Tolerances are the rule thickness ([`rules::tolerance`], relative to the page).

pub mod borderless;
pub mod ruled;

use crate::layout::{Line, PageLayout, Word};
use crate::pdf::Page;
use crate::rules;
use crate::text::fold;

/// Fill luminance below which a cell counts as shaded.
const SHADE_MAX_GRAY: f64 = 0.85;
/// Share of a cell a fill must cover for the cell to count as shaded.
const SHADE_MIN_COVER: f64 = 0.5;

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
}

/// One line of a cell's text.
#[derive(Debug, Clone, PartialEq)]
pub struct CellLine {
    pub text: String,
    /// The line's first word came after a space glyph in the content stream.
    pub space_before: bool,
    /// The line is one word ending within a font size of the cell's right edge:
    /// a word that may have been broken because the cell is too narrow.
    pub fills_cell: bool,
}

impl Cell {
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
        }
    }

    /// Joins the lines with spaces, except where a word was broken by the cell's
    /// width: a line that fills the cell, followed by one starting in lower case
    /// with no space glyph before it (trusted only when `wraps_keep_spaces`).
    fn join_lines(&mut self, wraps_keep_spaces: bool) {
        let mut text = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                let broken = wraps_keep_spaces
                    && self.lines[i - 1].fills_cell
                    && !line.space_before
                    && line.text.starts_with(char::is_lowercase);
                if !broken {
                    text.push(' ');
                }
            }
            text.push_str(&line.text);
        }
        self.text = text;
    }
}

/// A table: a grid of `n_rows` × `n_cols`, each position covered by one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub page: u32,
    pub top: f64,
    pub bottom: f64,
    pub col_edges: Vec<f64>,
    pub n_rows: usize,
    pub cells: Vec<Cell>,
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
        mark_shading(&mut cells, page, rules::tolerance(page));
        Table {
            page: page.number,
            top: ys[0],
            bottom: ys[ys.len() - 1],
            col_edges: xs,
            n_rows: ys.len() - 1,
            cells,
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

    /// Whether the cell at (`row`, `col`) starts at that row (not carried down).
    pub fn starts_at(&self, row: usize, col: usize) -> bool {
        self.cell(row, col).row == row
    }
}

/// Finds the document's tables, in reading order, joined across pages.
pub fn find_tables(pages: &[Page], layouts: &[PageLayout]) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for (page, layout) in pages.iter().zip(layouts) {
        let mut on_page = ruled::tables(page, layout);
        on_page.extend(borderless::tables(page, layout, &on_page));
        on_page.sort_by(|a, b| a.top.total_cmp(&b.top));
        for t in on_page {
            match tables.last_mut() {
                Some(prev) if continues(prev, &t, layouts, page) => {
                    append(prev, t, rules::tolerance(page) * 2.0)
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
    let mut words: Vec<Vec<(f64, f64, &Word)>> = vec![Vec::new(); cells.len()];
    for line in &layout.lines {
        let y_mid = line.baseline - 0.3 * line.size;
        let Some(r) = locate(ys, y_mid) else { continue };
        for span in &line.spans {
            for w in &span.words {
                let Some(c) = locate(xs, (w.x0 + w.x1) / 2.0) else {
                    continue;
                };
                words[grid[r * n_cols + c]].push((line.baseline, line.size, w));
            }
        }
    }
    for (cell, mut ws) in cells.iter_mut().zip(words) {
        ws.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.x0.total_cmp(&b.2.x0)));
        let mut lines: Vec<(f64, f64, Vec<&Word>)> = Vec::new();
        for (baseline, size, w) in ws {
            match lines.last_mut() {
                Some((b, _, l)) if *b == baseline => l.push(w),
                _ => lines.push((baseline, size, vec![w])),
            }
        }
        cell.lines = lines
            .into_iter()
            .map(|(_, size, l)| CellLine {
                text: l
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                space_before: l[0].space_before,
                fills_cell: l.len() == 1 && cell.x1 - l[0].x1 < size,
            })
            .collect();
        cell.join_lines(false);
    }
}

/// Whether the document's producer keeps the space glyph where a cell's line
/// wraps between words: then a line starting without one continues a broken word.
fn wraps_keep_spaces(tables: &[Table]) -> bool {
    let (with, all) = tables
        .iter()
        .flat_map(|t| &t.cells)
        .flat_map(|c| c.lines.iter().skip(1))
        .fold((0, 0), |(w, n), l| (w + l.space_before as usize, n + 1));
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
fn continues(prev: &Table, next: &Table, layouts: &[PageLayout], next_page: &Page) -> bool {
    if next.page != prev.page + 1 {
        return false;
    }
    let tol = rules::tolerance(next_page) * 2.0;
    let same_columns = union_edges(&prev.col_edges, &next.col_edges, tol).is_some();
    let lines_of = |n: u32| {
        layouts
            .iter()
            .find(|l| l.number == n)
            .map(|l| l.lines.as_slice())
    };
    let below = lines_of(prev.page)
        .unwrap_or(&[])
        .iter()
        .any(|l: &Line| l.top > prev.bottom);
    let above = lines_of(next.page)
        .unwrap_or(&[])
        .iter()
        .any(|l: &Line| l.bottom < next.top);
    same_columns && !below && !above
}

/// The union of two tables' column edges when the outer edges agree and one set
/// contains the other (within `tol`).
fn union_edges(a: &[f64], b: &[f64], tol: f64) -> Option<Vec<f64>> {
    let close = |x: f64, y: f64| (x - y).abs() <= tol;
    if !close(a[0], b[0]) || !close(a[a.len() - 1], b[b.len() - 1]) {
        return None;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .all(|&x| large.iter().any(|&y| close(x, y)))
        .then(|| large.to_vec())
}

/// Re-expresses a table on finer column edges: each cell keeps its extent and
/// spans the columns that fall inside it.
fn regrid(table: &mut Table, edges: &[f64], tol: f64) {
    if table.col_edges.len() == edges.len() {
        return;
    }
    let n_cols = edges.len() - 1;
    let mut grid = vec![0usize; table.n_rows * n_cols];
    for (id, cell) in table.cells.iter_mut().enumerate() {
        let first = edges
            .iter()
            .position(|&e| (e - cell.x0).abs() <= tol)
            .unwrap_or(0);
        let last = edges
            .iter()
            .rposition(|&e| (e - cell.x1).abs() <= tol)
            .unwrap_or(n_cols);
        cell.col = first;
        cell.col_span = last.saturating_sub(first).max(1);
        for r in cell.row..cell.row + cell.row_span {
            for c in first..(first + cell.col_span).min(n_cols) {
                grid[r * n_cols + c] = id;
            }
        }
    }
    table.col_edges = edges.to_vec();
    table.grid = grid;
}

/// Appends the continuation `next` to `prev`, both on their common column edges.
fn append(prev: &mut Table, mut next: Table, tol: f64) {
    let edges = union_edges(&prev.col_edges, &next.col_edges, tol).expect("checked by continues");
    regrid(prev, &edges, tol);
    regrid(&mut next, &edges, tol);
    let mut skip_rows = 0;
    // A header row repeated at the top of the new page.
    if prev.n_rows > 0 && next.n_rows > 0 {
        let header: Vec<String> = prev.row_texts(0).iter().map(|t| fold(t)).collect();
        let first: Vec<String> = next.row_texts(0).iter().map(|t| fold(t)).collect();
        if header.iter().any(|t| !t.is_empty()) && header == first {
            skip_rows = 1;
        }
    }
    // A row split by the page break: its first column is empty and it only has
    // text where the previous page's last row has text too.
    if skip_rows == 0 && prev.n_rows > 0 && next.n_rows > 0 {
        let last = prev.n_rows - 1;
        let first = next.row_texts(0);
        let before = prev.row_texts(last);
        let split = first[0].is_empty()
            && first.iter().any(|t| !t.is_empty())
            && first
                .iter()
                .zip(&before)
                .all(|(f, b)| f.is_empty() || !b.is_empty());
        if split {
            for c in 0..next.n_cols() {
                let extra = next.cell(0, c).text.clone();
                let id = prev.grid[last * prev.n_cols() + c];
                if !extra.is_empty() && !prev.cells[id].text.ends_with(&extra) {
                    let extra_lines = next.cell(0, c).lines.clone();
                    let cell = &mut prev.cells[id];
                    cell.text = format!("{} {extra}", cell.text).trim().to_string();
                    cell.lines.extend(extra_lines);
                }
            }
            skip_rows = 1;
        }
    }
    let offset = prev.n_rows;
    let n_cols = prev.n_cols();
    let mut remap: std::collections::HashMap<usize, usize> = Default::default();
    for r in skip_rows..next.n_rows {
        for c in 0..n_cols {
            let old = next.grid[r * n_cols + c];
            let id = *remap.entry(old).or_insert_with(|| {
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
}
