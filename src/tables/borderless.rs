//! Borderless tables: columns found from text alignment, so the same record
//! extractors read a table drawn without rules.
//!
//! - A *block* is a run of closely spaced lines outside every ruled table, in
//!   which at least [`MIN_ROWS`] lines have several spans (the layout splits a
//!   line into spans at wide gaps).
//! - Its *columns* are the clusters of spans that overlap horizontally; a block
//!   whose spans do not fall into at least two separate clusters is not a table.
//! - A line with several spans, or with text in the first column, starts a row;
//!   a line of one span inside another column continues that row's cell.

use super::{Cell, Table};
use crate::layout::{Line, PageLayout};
use crate::pdf::Page;

/// Lines with several spans a block needs to be a table (header included).
pub const MIN_ROWS: usize = 3;
/// Largest gap between two lines of a block, in line heights.
const MAX_LINE_GAP: f64 = 1.5;

/// The borderless tables of a page, leaving out what `ruled` tables cover.
pub fn tables(page: &Page, layout: &PageLayout, ruled: &[Table]) -> Vec<Table> {
    let outside = |l: &Line| {
        !ruled.iter().any(|t| {
            let (x0, x1) = (t.col_edges[0], t.col_edges[t.col_edges.len() - 1]);
            l.bottom > t.top && l.top < t.bottom && l.x1() > x0 && l.x0() < x1
        })
    };
    let lines: Vec<&Line> = layout.lines.iter().filter(|l| outside(l)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].spans.len() < 2 {
            i += 1;
            continue;
        }
        let mut columns: Vec<(f64, f64)> = Vec::new();
        add_spans(&mut columns, lines[i]);
        let mut j = i + 1;
        while j < lines.len() {
            let (prev, line) = (lines[j - 1], lines[j]);
            if line.top - prev.bottom > MAX_LINE_GAP * prev.size {
                break;
            }
            if line.spans.len() >= 2 {
                add_spans(&mut columns, line);
            } else if !columns
                .iter()
                .any(|&(x0, x1)| line.x0() >= x0 - line.size && line.x1() <= x1 + line.size)
            {
                // A line wider than any column is running text, not a wrapped cell.
                break;
            }
            j += 1;
        }
        let block = &lines[i..j];
        if block.iter().filter(|l| l.spans.len() >= 2).count() >= MIN_ROWS
            && columns.len() >= 2
            && let Some(t) = build(page, layout, block, &columns)
        {
            out.push(t);
        }
        i = j;
    }
    out
}

/// Adds a line's spans to the column clusters, merging clusters a span bridges.
fn add_spans(columns: &mut Vec<(f64, f64)>, line: &Line) {
    for span in &line.spans {
        let (mut x0, mut x1) = (span.x0(), span.x1());
        columns.retain(|&(a, b)| {
            let overlaps = a < x1 && x0 < b;
            if overlaps {
                x0 = x0.min(a);
                x1 = x1.max(b);
            }
            !overlaps
        });
        columns.push((x0, x1));
    }
    columns.sort_by(|a, b| a.0.total_cmp(&b.0));
}

fn build(
    page: &Page,
    layout: &PageLayout,
    block: &[&Line],
    columns: &[(f64, f64)],
) -> Option<Table> {
    // Column edges: the outer ends, and midway across each gap between clusters.
    let mut xs = vec![columns[0].0];
    for w in columns.windows(2) {
        xs.push((w[0].1 + w[1].0) / 2.0);
    }
    xs.push(columns[columns.len() - 1].1);
    let first_col_end = xs[1];
    // Row edges: the top of each line that starts a row, and the block's bottom.
    let mut ys: Vec<f64> = block
        .iter()
        .filter(|l| l.spans.len() >= 2 || l.x0() < first_col_end)
        .map(|l| l.top)
        .collect();
    ys.push(
        block
            .iter()
            .map(|l| l.bottom)
            .fold(f64::NEG_INFINITY, f64::max),
    );
    if ys.len() < MIN_ROWS + 1 {
        return None;
    }
    let (n_rows, n_cols) = (ys.len() - 1, xs.len() - 1);
    let mut cells = Vec::with_capacity(n_rows * n_cols);
    for r in 0..n_rows {
        for c in 0..n_cols {
            cells.push(Cell::grid_cell(page.number, r, c, &xs, &ys));
        }
    }
    let grid: Vec<usize> = (0..n_rows * n_cols).collect();
    Some(Table::assemble(page, layout, xs, &ys, cells, grid))
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
        let found = tables(&page, &layout, &[]);
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
        assert!(tables(&page, &lay_out_page(&page), &[]).is_empty());
    }
}
