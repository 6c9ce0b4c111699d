//! Tables as grids of cells, rebuilt from the page's rules.
//!
//! - Rules that cross one another form one table; their distinct positions give
//!   the column and row edges of its grid.
//! - A grid cell joins its neighbour where the border between them is missing:
//!   that is how merged cells (row and column spans) are drawn.
//! - Each word goes to the cell under its centre; a cell keeps its text (lines
//!   joined), page, bounding box, and whether it is shaded (a dark fill under it).
//! - A table that ends a page and one that starts the next with the same column
//!   edges are one table; a repeated header row is dropped, and a row split by the
//!   page break is joined back together.
//!
//! Tolerances are the rule thickness ([`rules::tolerance`], relative to the page).

use crate::layout::{Line, PageLayout, Word};
use crate::pdf::Page;
use crate::rules::{self, Orientation, Rule};
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

    /// Whether the cell covers grid column `col`.
    pub fn covers_col(&self, col: usize) -> bool {
        self.col <= col && col < self.col + self.col_span
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
        let mut on_page = page_tables(page, layout);
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

/// The tables drawn on one page.
pub fn page_tables(page: &Page, layout: &PageLayout) -> Vec<Table> {
    let rules = rules::page_rules(page);
    let tol = rules::tolerance(page);
    components(&rules, tol)
        .into_iter()
        .filter_map(|group| build(page, layout, &group, tol))
        .collect()
}

/// Groups rules that cross or touch into connected components.
fn components(rules: &[Rule], tol: f64) -> Vec<Vec<Rule>> {
    let n = rules.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&rules[i], &rules[j]);
            let meet = match (a.orientation, b.orientation) {
                (Orientation::Horizontal, Orientation::Vertical) => {
                    a.spans(b.pos, tol) && b.spans(a.pos, tol)
                }
                (Orientation::Vertical, Orientation::Horizontal) => {
                    b.spans(a.pos, tol) && a.spans(b.pos, tol)
                }
                _ => false,
            };
            if meet {
                let (ra, rb) = (root(&mut parent, i), root(&mut parent, j));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, r) in rules.iter().enumerate() {
        let k = root(&mut parent, i);
        groups.entry(k).or_default().push(*r);
    }
    groups.into_values().collect()
}

/// Distinct positions, clustered within `tol`, sorted.
fn edges(mut positions: Vec<f64>, tol: f64) -> Vec<f64> {
    positions.sort_by(f64::total_cmp);
    let mut out: Vec<Vec<f64>> = Vec::new();
    for p in positions {
        match out.last_mut() {
            Some(c) if p - c[c.len() - 1] <= tol => c.push(p),
            _ => out.push(vec![p]),
        }
    }
    out.into_iter()
        .map(|c| c.iter().sum::<f64>() / c.len() as f64)
        .collect()
}

fn build(page: &Page, layout: &PageLayout, group: &[Rule], tol: f64) -> Option<Table> {
    let (h, v): (Vec<&Rule>, Vec<&Rule>) = group
        .iter()
        .partition(|r| r.orientation == Orientation::Horizontal);
    let xs = edges(v.iter().map(|r| r.pos).collect(), tol);
    let ys = edges(h.iter().map(|r| r.pos).collect(), tol);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (n_rows, n_cols) = (ys.len() - 1, xs.len() - 1);
    let has_v = |x: f64, y_mid: f64| {
        v.iter()
            .any(|r| (r.pos - x).abs() <= tol && r.spans(y_mid, 0.0))
    };
    let has_h = |y: f64, x_mid: f64| {
        h.iter()
            .any(|r| (r.pos - y).abs() <= tol && r.spans(x_mid, 0.0))
    };

    // Union grid positions across missing inner borders.
    let idx = |r: usize, c: usize| r * n_cols + c;
    let mut parent: Vec<usize> = (0..n_rows * n_cols).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for r in 0..n_rows {
        let y_mid = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..n_cols {
            let x_mid = (xs[c] + xs[c + 1]) / 2.0;
            if c + 1 < n_cols && !has_v(xs[c + 1], y_mid) {
                let (a, b) = (
                    root(&mut parent, idx(r, c)),
                    root(&mut parent, idx(r, c + 1)),
                );
                parent[a] = b;
            }
            if r + 1 < n_rows && !has_h(ys[r + 1], x_mid) {
                let (a, b) = (
                    root(&mut parent, idx(r, c)),
                    root(&mut parent, idx(r + 1, c)),
                );
                parent[a] = b;
            }
        }
    }
    // Each group becomes a cell spanning its bounding rows and columns.
    let mut cells: Vec<Cell> = Vec::new();
    let mut cell_of_root: std::collections::HashMap<usize, usize> = Default::default();
    let mut grid = vec![0usize; n_rows * n_cols];
    for r in 0..n_rows {
        for c in 0..n_cols {
            let k = root(&mut parent, idx(r, c));
            let id = *cell_of_root.entry(k).or_insert_with(|| {
                cells.push(Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    text: String::new(),
                    lines: Vec::new(),
                    page: page.number,
                    x0: xs[c],
                    y0: ys[r],
                    x1: xs[c + 1],
                    y1: ys[r + 1],
                    shaded: false,
                });
                cells.len() - 1
            });
            let cell = &mut cells[id];
            cell.row_span = cell.row_span.max(r - cell.row + 1);
            cell.col = cell.col.min(c);
            cell.x0 = cell.x0.min(xs[c]);
            cell.x1 = cell.x1.max(xs[c + 1]);
            cell.y1 = cell.y1.max(ys[r + 1]);
            grid[idx(r, c)] = id;
        }
    }
    for cell in &mut cells {
        cell.col_span = (0..n_cols)
            .filter(|&c| xs[c] >= cell.x0 - tol && xs[c + 1] <= cell.x1 + tol)
            .count()
            .max(1);
    }

    fill_text(&mut cells, &grid, &xs, &ys, layout);
    mark_shading(&mut cells, page, tol);
    Some(Table {
        page: page.number,
        top: ys[0],
        bottom: ys[n_rows],
        col_edges: xs,
        n_rows,
        cells,
        grid,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::lay_out_page;
    use crate::pdf::{Glyph, Segment};

    fn text(s: &str, x: f64, baseline: f64) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .filter(|(_, c)| *c != ' ')
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + 5.0 * i as f64,
                baseline,
                advance: 5.0,
                size: 10.0,
                upright: true,
                space_before: i > 0 && s.chars().nth(i - 1) == Some(' '),
            })
            .collect()
    }

    fn h(y: f64, x0: f64, x1: f64) -> Segment {
        Segment {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Segment {
        Segment {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    /// A 3-column table whose first column merges rows 1 and 2:
    ///
    /// | Azione | Q.tà | Tipologia |
    /// | A      | 30   | finali    |
    /// |        | 15   | indiretti |
    fn merged_table_page() -> Page {
        let mut glyphs = Vec::new();
        glyphs.extend(text("Azione", 105.0, 115.0));
        glyphs.extend(text("Q.tà", 205.0, 115.0));
        glyphs.extend(text("Tipologia", 305.0, 115.0));
        glyphs.extend(text("A", 105.0, 135.0));
        glyphs.extend(text("30", 205.0, 135.0));
        glyphs.extend(text("Destinatari finali", 305.0, 135.0));
        glyphs.extend(text("15", 205.0, 155.0));
        glyphs.extend(text("Destinatari", 305.0, 155.0));
        glyphs.extend(text("indiretti", 305.0, 167.0));
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            segments: vec![
                h(100.0, 100.0, 500.0),
                h(120.0, 100.0, 500.0),
                h(140.0, 200.0, 500.0), // no border under "A": merged
                h(175.0, 100.0, 500.0),
                v(100.0, 100.0, 175.0),
                v(200.0, 100.0, 175.0),
                v(300.0, 100.0, 175.0),
                v(500.0, 100.0, 175.0),
            ],
            rects: vec![],
        }
    }

    #[test]
    fn grid_cells_and_merged_cells_from_missing_borders() {
        let page = merged_table_page();
        let layout = lay_out_page(&page);
        let tables = page_tables(&page, &layout);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.n_rows, t.n_cols()), (3, 3));
        assert_eq!(t.row_texts(0), ["Azione", "Q.tà", "Tipologia"]);
        assert_eq!(t.row_texts(1), ["A", "30", "Destinatari finali"]);
        assert_eq!(t.row_texts(2), ["A", "15", "Destinatari indiretti"]);
        assert_eq!(t.cell(1, 0).row_span, 2);
        assert!(t.starts_at(1, 0) && !t.starts_at(2, 0));
        assert!(t.starts_at(2, 1));
        assert_eq!(t.row_cells(2).len(), 3);
    }

    #[test]
    fn a_dark_fill_shades_a_cell() {
        let mut page = merged_table_page();
        page.rects.push(crate::pdf::FilledRect {
            x0: 200.5,
            y0: 140.5,
            x1: 299.5,
            y1: 174.5,
            gray: Some(0.5),
        });
        page.rects.push(crate::pdf::FilledRect {
            x0: 300.5,
            y0: 140.5,
            x1: 499.5,
            y1: 174.5,
            gray: Some(1.0),
        });
        let layout = lay_out_page(&page);
        let t = &page_tables(&page, &layout)[0];
        assert!(t.cell(2, 1).shaded);
        assert!(!t.cell(2, 2).shaded, "a white fill is no shading");
        assert!(!t.cell(1, 1).shaded);
    }

    #[test]
    fn a_table_continues_on_the_next_page_without_its_repeated_header() {
        let first = merged_table_page();
        let mut second = merged_table_page();
        second.number = 2;
        let pages = vec![first, second];
        let layouts: Vec<PageLayout> = pages.iter().map(lay_out_page).collect();
        let tables = find_tables(&pages, &layouts);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.n_rows, 5);
        assert_eq!(t.row_texts(3), ["A", "30", "Destinatari finali"]);
        assert_eq!(t.cell(4, 0).page, 2);
        assert_eq!(t.cell(4, 0).row, 3);
        assert_eq!(t.cell(4, 0).row_span, 2);
    }
}
