//! Records: the typed rows extracted from sections and tables, one module per kind.
//!
//! Tables are recognised by their header row, not by where they stand, so a
//! region that moved or renumbered a sub-section still gets its tables read.

pub mod actors;
pub mod contacts;
pub mod costs;
pub mod gantt;
pub mod pilot_actions;
pub mod recipients;
pub mod statistics;

use std::sync::LazyLock;

use regex::Regex;

use crate::tables::Table;
use crate::text::{fold, strip_footnote_calls};

/// Rows searched for a header at the top of a table (title rows may come first).
const HEADER_ROWS: usize = 4;

/// Folded text without spaces, for matching header words broken by narrow cells
/// ("Q.t à" → "qta", "Importo compless ivo" → "importocomplessivo").
pub fn compact(text: &str) -> String {
    fold(text).replace(' ', "")
}

/// Whether a header cell's text names a column: a key of one or two letters must
/// be the whole text ("n."), a longer key its start ("tipolog" for "Tipologia").
pub fn names_column(text: &str, keys: &[&str]) -> bool {
    let k = compact(text);
    keys.iter().any(|key| {
        if key.len() <= 2 {
            k == *key
        } else {
            k.starts_with(key)
        }
    })
}

/// A table's header row and the grid column each wanted key names.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub row: usize,
    pub cols: Vec<Option<usize>>,
}

/// Finds the first row, among the top ones, where every key of `required`
/// (indexes into `keys`) names a column.
pub fn find_header(table: &Table, keys: &[&[&str]], required: &[usize]) -> Option<Header> {
    (0..table.n_rows.min(HEADER_ROWS)).find_map(|row| {
        let cells = table.row_cells(row);
        let cols: Vec<Option<usize>> = keys
            .iter()
            .map(|k| {
                cells
                    .iter()
                    .find(|c| names_column(&c.text, k))
                    .map(|c| c.col)
            })
            .collect();
        required
            .iter()
            .all(|&i| cols[i].is_some())
            .then_some(Header { row, cols })
    })
}

/// Whether a row is one cell across the whole table: a title or banner row.
pub fn is_banner(table: &Table, row: usize) -> bool {
    table.cell(row, 0).col_span == table.n_cols()
}

static ACTION_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:azione\s+)?([a-z]|\d{1,2})(?:[).:]|\s|$)").expect("valid regex")
});

/// The action an entry belongs to, as its code: "A) Valorizzazione …" → "A",
/// "Azione 2" → "2", "1" → "1"; other text is kept whole.
pub fn action_code(text: &str) -> String {
    match ACTION_CODE.captures(text) {
        Some(c) => c[1].to_string(),
        None => text.trim().to_string(),
    }
}

/// The action of a table row: its action cell's code, or, where that cell is
/// empty (a merged cell split by a page break, or left blank under one), the
/// action of the row before.
pub fn action_at(table: &Table, col: Option<usize>, row: usize, before: Option<&str>) -> String {
    col.map(|c| action_code(&table.cell(row, c).text))
        .filter(|a| !a.is_empty())
        .or_else(|| before.map(str::to_string))
        .unwrap_or_default()
}

/// The quantity printed for a row: a quantity merged over several rows is given
/// on its first row only, so sums never count it twice.
pub fn quantity_at(table: &Table, col: usize, row: usize) -> String {
    if table.starts_at(row, col) {
        quantity_text(&table.cell(row, col).text)
    } else {
        String::new()
    }
}

/// A quantity as printed, footnote calls dropped ("n.q. ¹" → "n.q.").
pub fn quantity_text(text: &str) -> String {
    strip_footnote_calls(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_match_across_broken_cells() {
        assert!(names_column("Q.t à", &["qt", "qta", "quantit"]));
        assert!(names_column("Quantità", &["qt", "qta", "quantit"]));
        assert!(names_column("n.", &["azion", "n"]));
        assert!(!names_column("nominativo", &["azion", "n"]));
        assert!(names_column("Azion e n.", &["azion", "n"]));
    }

    #[test]
    fn action_codes() {
        assert_eq!(
            action_code("A) Valorizzazione e rafforzamento del lavoro di rete"),
            "A"
        );
        assert_eq!(action_code("1"), "1");
        assert_eq!(action_code("12"), "12");
        assert_eq!(action_code("Azione 2"), "2");
        assert_eq!(action_code("B."), "B");
        assert_eq!(action_code("Formazione"), "Formazione");
        assert_eq!(quantity_text(" n.q. ¹"), "n.q.");
    }
}
