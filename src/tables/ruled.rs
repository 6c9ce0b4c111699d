//! Ruled tables: grids rebuilt from the page's rules.
//!
//! - Rules that cross one another form one table; their distinct positions give
//!   the column and row edges of its grid.
//! - A grid cell joins its neighbour where the border between them is missing:
//!   that is how merged cells (row and column spans) are drawn.

use super::{Cell, Table};
use crate::layout::PageLayout;
use crate::pdf::Page;
use crate::rules::{self, Orientation, Rule};

/// The tables drawn on one page.
pub fn tables(page: &Page, layout: &PageLayout) -> Vec<Table> {
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

/// Closes a grid left open by a page break: its vertical rules run on past the
/// last horizontal rule (or start above the first), and the row they bound there
/// is a real row. The extent counts where at least two verticals reach, the
/// table's outer borders, so one stray vertical does not add a row.
fn close_open_ends(ys: &mut Vec<f64>, v: &[&Rule], tol: f64) {
    // A grid of at least one closed row: a lone rule between two verticals is
    // no table.
    if v.len() < 2 || ys.len() < 2 {
        return;
    }
    let mut ends: Vec<f64> = v.iter().map(|r| r.to).collect();
    ends.sort_by(|a, b| b.total_cmp(a));
    let mut starts: Vec<f64> = v.iter().map(|r| r.from).collect();
    starts.sort_by(f64::total_cmp);
    let (bottom, top) = (ends[1], starts[1]);
    if bottom > ys[ys.len() - 1] + tol {
        ys.push(bottom);
    }
    if top < ys[0] - tol {
        ys.insert(0, top);
    }
}

/// Lines of text in columns that a grid of one row may hold before it is
/// taken for a frame drawn round a table whose rows have no rules of their
/// own (a word processor's table with only an outer border, or with vertical
/// rules only): that table is the borderless reader's, not one cell.
const FRAMED_ROWS: usize = 2;

/// Whether the grid is one row holding more than [`FRAMED_ROWS`] lines set in
/// columns (several spans): rows without rules. A frame round prose (one span
/// a line) stays a one-cell table. Where rules divide the columns, a single
/// row whose cells wrap (a row carried over a page break, a tall header) has
/// columns too: there the first column must also start text more than once,
/// after a line where it has none, as a new row does, or hold text on every
/// line, as rows of one line each do (a wrapped row's first cell ends before
/// its longest).
fn framed_rows(layout: &PageLayout, xs: &[f64], ys: &[f64]) -> bool {
    if ys.len() != 2 {
        return false;
    }
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let inside: Vec<_> = (layout.lines.iter())
        .filter(|l| {
            let mid = (l.top + l.bottom) / 2.0;
            ys[0] < mid && mid < ys[1] && left <= l.x0() && l.x1() <= right
        })
        .collect();
    let in_columns = inside.iter().filter(|l| l.span_count() > 1).count();
    if in_columns <= FRAMED_ROWS {
        return false;
    }
    if xs.len() == 2 {
        return true;
    }
    let in_first = |l: &&crate::layout::Line| l.x0() < xs[1];
    let starts = (inside.iter().enumerate())
        .filter(|(k, l)| in_first(l) && (*k == 0 || !in_first(&inside[k - 1])))
        .count();
    starts > 1 || inside.iter().all(in_first)
}

fn build(page: &Page, layout: &PageLayout, group: &[Rule], tol: f64) -> Option<Table> {
    let (h, v): (Vec<&Rule>, Vec<&Rule>) = group
        .iter()
        .partition(|r| r.orientation == Orientation::Horizontal);
    let xs = edges(v.iter().map(|r| r.pos).collect(), tol);
    let mut ys = edges(h.iter().map(|r| r.pos).collect(), tol);
    close_open_ends(&mut ys, &v, tol);
    if xs.len() < 2 || ys.len() < 2 || framed_rows(layout, &xs, &ys) {
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
                cells.push(Cell::grid_cell(page.number, r, c, &xs, &ys));
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
    for cell in cells.iter_mut() {
        let x_mid = (cell.x0 + cell.x1) / 2.0;
        cell.open_top = cell.row == 0 && !has_h(ys[0], x_mid);
        cell.open_bottom = cell.row + cell.row_span == n_rows && !has_h(ys[n_rows], x_mid);
    }
    for cell in &mut cells {
        cell.col_span = (0..n_cols)
            .filter(|&c| xs[c] >= cell.x0 - tol && xs[c + 1] <= cell.x1 + tol)
            .count()
            .max(1);
    }

    Some(Table::assemble(page, layout, xs, &ys, cells, grid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::glyphs;

    fn text(s: &str, x: f64, baseline: f64) -> Vec<crate::pdf::Glyph> {
        glyphs(s, x, baseline, 10.0)
    }
    use crate::layout::{PageLayout, lay_out_page};
    use crate::pdf::Segment;

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
        ruled_page(
            glyphs,
            vec![
                h(100.0, 100.0, 500.0),
                h(120.0, 100.0, 500.0),
                h(140.0, 200.0, 500.0), // no border under "A": merged
                h(175.0, 100.0, 500.0),
                v(100.0, 100.0, 175.0),
                v(200.0, 100.0, 175.0),
                v(300.0, 100.0, 175.0),
                v(500.0, 100.0, 175.0),
            ],
        )
    }

    fn ruled_page(glyphs: Vec<crate::pdf::Glyph>, segments: Vec<Segment>) -> Page {
        Page {
            undecoded: 0,
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            segments,
            rects: vec![],
        }
    }

    /// A box round a table whose rows have no rules (a word processor's
    /// table with only an outer border) is no one-cell table: its rows are
    /// left to the borderless reader. A box round prose stays one cell.
    #[test]
    fn a_frame_round_rows_in_columns_is_no_table_of_its_own() {
        let frame = |glyphs| {
            ruled_page(
                glyphs,
                vec![
                    h(100.0, 100.0, 500.0),
                    h(180.0, 100.0, 500.0),
                    v(100.0, 100.0, 180.0),
                    v(500.0, 100.0, 180.0),
                ],
            )
        };
        let mut rows = Vec::new();
        for (k, (a, b)) in [("Azione", "Importo"), ("A", "10.000,00"), ("B", "5.000,00")]
            .iter()
            .enumerate()
        {
            let y = 120.0 + 20.0 * k as f64;
            rows.extend(text(a, 105.0, y));
            rows.extend(text(b, 305.0, y));
        }
        let page = frame(rows);
        assert!(tables(&page, &lay_out_page(&page)).is_empty());
        let mut prose = Vec::new();
        for (k, line) in [
            "Il Piano sarà monitorato",
            "dalla cabina di regia",
            "regionale.",
        ]
        .iter()
        .enumerate()
        {
            prose.extend(text(line, 105.0, 120.0 + 20.0 * k as f64));
        }
        let page = frame(prose);
        let found = tables(&page, &lay_out_page(&page));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].n_rows, found[0].n_cols()), (1, 1));
        // One row of two ruled columns whose cells wrap (a row carried over
        // a page break): still a table of one row.
        let mut wrapped = Vec::new();
        let label = ["Azione 3 - Servizi", "di informazione", "e orientamento"];
        let text_of = [
            "Sportelli nei Centri",
            "per l'Impiego e nei",
            "Comuni capofila",
            "della rete",
        ];
        for (k, line) in label.iter().enumerate() {
            wrapped.extend(text(line, 105.0, 115.0 + 14.0 * k as f64));
        }
        for (k, line) in text_of.iter().enumerate() {
            wrapped.extend(text(line, 305.0, 115.0 + 14.0 * k as f64));
        }
        let mut segments = vec![
            h(100.0, 100.0, 500.0),
            h(180.0, 100.0, 500.0),
            v(100.0, 100.0, 180.0),
            v(300.0, 100.0, 180.0),
            v(500.0, 100.0, 180.0),
        ];
        let page = ruled_page(wrapped.clone(), segments.clone());
        let found = tables(&page, &lay_out_page(&page));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].n_rows, found[0].n_cols()), (1, 2));
        // The same box with rows of one line each is rows without rules.
        let mut rows = Vec::new();
        for (k, (a, b)) in [
            ("1", "Soggetti strumentali"),
            ("2", "Destinatari finali"),
            ("3", "Operatori"),
        ]
        .iter()
        .enumerate()
        {
            rows.extend(text(a, 105.0, 115.0 + 14.0 * k as f64));
            rows.extend(text(b, 305.0, 115.0 + 14.0 * k as f64));
        }
        segments.truncate(5);
        let page = ruled_page(rows, segments);
        assert!(tables(&page, &lay_out_page(&page)).is_empty());
    }

    #[test]
    fn grid_cells_and_merged_cells_from_missing_borders() {
        let page = merged_table_page();
        let layout = lay_out_page(&page);
        let tables = tables(&page, &layout);
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
    fn a_grid_left_open_by_a_page_break_keeps_its_open_rows() {
        // The bottom border is missing (the table goes on over the page), and
        // on the next page's part the top border is.
        for missing in [175.0, 100.0] {
            let mut page = merged_table_page();
            page.segments
                .retain(|s| !(s.y0 == missing && s.y1 == missing));
            let layout = lay_out_page(&page);
            let tables = tables(&page, &layout);
            assert_eq!(tables.len(), 1);
            let t = &tables[0];
            assert_eq!(t.n_rows, 3, "open at y = {missing}");
            assert_eq!(t.row_texts(0), ["Azione", "Q.tà", "Tipologia"]);
            assert_eq!(t.row_texts(2), ["A", "15", "Destinatari indiretti"]);
        }
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
        let t = &tables(&page, &layout)[0];
        assert!(t.cell(2, 1).shaded);
        assert!(!t.cell(2, 2).shaded, "a white fill is no shading");
        assert!(!t.cell(1, 1).shaded);
    }

    #[test]
    fn a_table_goes_on_over_three_pages() {
        let pages: Vec<Page> = (1..=3)
            .map(|n| Page {
                number: n,
                ..merged_table_page()
            })
            .collect();
        let layouts: Vec<PageLayout> = pages.iter().map(lay_out_page).collect();
        let tables = super::super::find_tables(&pages, &layouts, 600.0, &[]);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.n_rows, t.end_page), (7, 3));
        assert_eq!(t.row_texts(5), ["A", "30", "Destinatari finali"]);
        assert_eq!(t.cell(6, 1).page, 3);
    }

    #[test]
    fn a_table_continues_on_the_next_page_without_its_repeated_header() {
        let first = merged_table_page();
        let mut second = merged_table_page();
        second.number = 2;
        let pages = vec![first, second];
        let layouts: Vec<PageLayout> = pages.iter().map(lay_out_page).collect();
        let tables = super::super::find_tables(&pages, &layouts, 600.0, &[]);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.n_rows, 5);
        assert_eq!(t.row_texts(3), ["A", "30", "Destinatari finali"]);
        assert_eq!(t.cell(4, 0).page, 2);
        assert_eq!(t.cell(4, 0).row, 3);
        assert_eq!(t.cell(4, 0).row_span, 2);
    }
}
