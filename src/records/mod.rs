//! Records: the typed rows extracted from sections and tables, one module per kind.
//!
//! Tables are recognised by their header row, not by where they stand, so a
//! region that moved or renumbered a sub-section still gets its tables read.

pub mod actors;
pub mod contacts;
pub mod cost_categories;
pub mod costs;
pub mod gantt;
pub mod pilot_actions;
pub mod recipients;
pub mod statistics;

use std::ops::RangeInclusive;
use std::sync::LazyLock;

use regex::Regex;

use crate::tables::{Table, VAlign};
use crate::text::{compact, strip_footnote_calls};

/// Rows searched for a header at the top of a table (title rows may come first).
const HEADER_ROWS: usize = 4;

/// How well a header cell's text names a column: a key of one or two letters
/// must be the whole text ("n."), a longer key its start ("tipolog" for
/// "Tipologia"); the length of the longest key that names it, so that "Numero"
/// goes to the column named by "numer" rather than by "num".
fn naming(text: &str, keys: &[&str]) -> Option<usize> {
    let k = header_words(text);
    keys.iter()
        .filter(|key| {
            if key.len() <= 2 {
                k == **key
            } else {
                k.starts_with(**key)
            }
        })
        .map(|key| key.len())
        .max()
}

/// "N." before another word counts that word's things: "N. previsto", "Nr.
/// destinatari" are read as "numero previsto", a quantity; "N. azione", "N.
/// progressivo" as "n", the row's action. Other headers are read compact.
fn header_words(text: &str) -> String {
    static COUNT_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:n|nr|no|n°|num)\s+(azion|intervent|progress|ord|rig|sched|rif)?")
            .expect("valid regex")
    });
    let folded = crate::text::fold(text);
    match COUNT_OF.captures(folded.trim_start()) {
        Some(c) if c.get(1).is_none() => {
            let rest = &folded.trim_start()[c.get(0).map_or(0, |m| m.end())..];
            format!("numero{}", rest.replace(' ', ""))
        }
        Some(_) => "n".to_string(),
        None => folded.replace(' ', ""),
    }
}

/// What the columns of the template's Sezione II tables are called, as the
/// regions word them: the starts of the words that name each (folded, spaces
/// removed; a key of one or two letters must be the whole header, "n.").
pub mod columns {
    /// The action a row belongs to ("Azione n.", "N.", "Intervento").
    pub const ACTION: &[&str] = &["azion", "n", "nr", "num", "intervent"];
    /// How many ("Q.tà", "Quantità", "Numero", "Numerosità", "Stima").
    pub const QUANTITY: &[&str] = &["qt", "qta", "quantit", "numer", "stima"];
    /// Who the recipients are ("Tipologia", "Descrizione", "Target").
    pub const RECIPIENT: &[&str] = &[
        "tipolog",
        "descriz",
        "destinatar",
        "target",
        "categori",
        "benefic",
    ];
    /// Who the actors are ("Tipologia", "Soggetti", "Ente", "Partner").
    pub const ACTOR: &[&str] = &[
        "tipolog",
        "soggett",
        "denominaz",
        "attor",
        "ente",
        "partner",
        "organizz",
        "istituz",
    ];
    /// What the actors do ("Contributo/modalità di coinvolgimento", "Ruolo",
    /// "Funzione svolta", "Compiti").
    pub const ROLE: &[&str] = &[
        "contribut",
        "modalit",
        "ruolo",
        "funzion",
        "compit",
        "apport",
    ];
}

/// A table's header row and the grid column each wanted key names.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub row: usize,
    pub cols: Vec<Option<usize>>,
}

/// Finds the first row, among the top ones, where every key of `required`
/// (indexes into `keys`) names a column. A cell named by several keys goes to
/// the one that names it best; a key naming several cells takes the one it
/// names best.
pub fn find_header(table: &Table, keys: &[&[&str]], required: &[usize]) -> Option<Header> {
    (0..table.n_rows.min(HEADER_ROWS)).find_map(|row| {
        let cells = table.row_cells(row);
        let best = |cell: &crate::tables::Cell| {
            (0..keys.len()).max_by_key(|&i| (naming(&cell.text, keys[i]), std::cmp::Reverse(i)))
        };
        // Of several cells a key names, the one it names best ("Tipologia"
        // before "Ente capofila" for who the actors are), the leftmost of equals.
        let cols: Vec<Option<usize>> = (0..keys.len())
            .map(|i| {
                cells
                    .iter()
                    .filter(|c| best(c) == Some(i))
                    .filter_map(|c| Some((naming(&c.text, keys[i])?, c.col)))
                    .min_by_key(|&(named, col)| (std::cmp::Reverse(named), col))
                    .map(|(_, col)| col)
            })
            .collect();
        required
            .iter()
            .all(|&i| cols[i].is_some())
            .then_some(Header { row, cols })
    })
}

/// A table of actors or recipients whose only count is headed "N." (a number of
/// them, not the action's): with no quantity column named otherwise, a column
/// the action keys name only by "n" or "nr" is the quantity.
pub fn count_headed_n(
    table: &Table,
    keys: &[&[&str]],
    (action, quantity): (usize, usize),
    others: &[usize],
) -> Option<Header> {
    let required: Vec<usize> = std::iter::once(action)
        .chain(others.iter().copied())
        .collect();
    let mut header = find_header(table, keys, &required)?;
    if header.cols[quantity].is_some() {
        return None;
    }
    let col = header.cols[action]?;
    let text = compact(&table.cell(header.row, col).text);
    if !matches!(text.as_str(), "n" | "nr" | "n°") {
        return None;
    }
    header.cols[quantity] = Some(col);
    header.cols[action] = None;
    Some(header)
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

/// Whether `action`, as [`action_code`] gives it, is an action's code ("A",
/// "2") rather than other text kept whole.
fn is_code(action: &str) -> bool {
    ACTION_CODE
        .captures(action)
        .is_some_and(|c| &c[1] == action)
}

/// The actions of one table's entries, `(action, page)`, that are not an
/// action's code where other entries' are ("Qualificazione" beside "A" and
/// "C"): a label that a page break or a misread column broke up, so that its
/// entries' action is uncertain. Each such action once, with its first page.
pub fn uncertain_actions<'a>(
    entries: impl IntoIterator<Item = (&'a str, u32)>,
) -> Vec<(&'a str, u32)> {
    let mut coded = false;
    let mut other: Vec<(&str, u32)> = Vec::new();
    for (action, page) in entries {
        if is_code(action) {
            coded = true;
        } else if !action.is_empty() && other.iter().all(|(a, _)| *a != action) {
            other.push((action, page));
        }
    }
    if coded { other } else { Vec::new() }
}

/// The action of each row of a table (empty above `first` and where none is
/// known): its action cell's code, or, where that cell is empty (a merged cell
/// split by a page break, or left blank under one), the action of the group
/// of rows it belongs to. A group's label stands on its first row, except in a
/// table whose cells are vertically centred with no rule to show the merge:
/// there it stands halfway down its rows, and the rows between two labels are
/// shared out so that each stands as near the middle of its own as it can.
/// A page break cuts such a label's rows in two, and each part is centred on
/// its own page: the label stands in the middle of its rows on its page, and
/// the rows that open the next page, up to the next label's own, go on in its
/// group.
pub fn actions(table: &Table, col: Option<usize>, first: usize) -> Vec<String> {
    let mut out = vec![String::new(); table.n_rows];
    let Some(col) = col else { return out };
    let labels: Vec<Label> = (first..table.n_rows)
        .filter(|&r| table.starts_at(r, col))
        .filter_map(|r| {
            let cell = table.cell(r, col);
            let code = action_code(&cell.text);
            let middle = cell.text_middle().unwrap_or(0.0);
            (!code.is_empty()).then_some(Label {
                row: r,
                code,
                middle,
            })
        })
        .collect();
    let groups = if table.valign == VAlign::Middle && !table.ruled {
        centred_groups(table, &labels, first)
    } else {
        let nexts = labels.iter().skip(1).map(|l| l.row).chain([table.n_rows]);
        labels
            .iter()
            .zip(nexts)
            .map(|(l, next)| (l.row, next - 1))
            .collect()
    };
    // Each label's rows; rows between two groups (the part of a group a page
    // break cut, on the next page) go on in the group above.
    let mut start = first;
    for (k, (label, &(from, end))) in labels.iter().zip(&groups).enumerate() {
        if k > 0 {
            out[start..from].fill(labels[k - 1].code.clone());
        }
        out[from..=end].fill(label.code.clone());
        start = end + 1;
    }
    // Rows after the last group: the last label's.
    if let Some(last) = labels.last() {
        out[start.min(table.n_rows)..].fill(last.code.clone());
    }
    out
}

/// An action's label in its column: the row it stands in, its code, and the
/// height of its text's middle.
struct Label {
    row: usize,
    code: String,
    middle: f64,
}

/// The rows of each label's group, `(first, last)`, in a table whose cells are
/// vertically centred with no rule to show a merge: each label stands halfway
/// down its group. From the table's first row each group starts where the one
/// above ended, and ends where it is best centred on its label. A page break
/// cuts that chain: the first label of a later page stands in the middle of its
/// rows on that page, both of whose ends are unknown. On the table's last page
/// the chain is taken up from the other end, where the last group ends with
/// the table ([`groups_up_from`]); elsewhere, or where that fails, the rows the
/// label is most nearly centred on are taken.
fn centred_groups(table: &Table, labels: &[Label], first: usize) -> Vec<(usize, usize)> {
    let Some(last_row) = table.n_rows.checked_sub(1) else {
        return Vec::new();
    };
    let last_page = row_cell(table, last_row).page;
    let mut groups: Vec<(usize, usize)> = Vec::with_capacity(labels.len());
    let mut start = first;
    for (k, label) in labels.iter().enumerate() {
        let row = label.row;
        let next = labels.get(k + 1).map_or(table.n_rows, |next| next.row);
        let page = row_cell(table, row).page;
        let on_page = |r: &usize| row_cell(table, *r).page == page;
        let limit = (row..next).take_while(on_page).last().unwrap_or(row);
        let before = k.checked_sub(1).map_or(start, |j| labels[j].row);
        let (from, end) = if row_cell(table, before).page == page {
            let off = |e: usize| (middle_of(table, start, e) - label.middle).abs();
            let end = (row..=limit).min_by(|&a, &b| off(a).total_cmp(&off(b)));
            (start, end.unwrap_or(row))
        } else {
            // The first label of its page: its rows are centred on it there;
            // the rows above them went on in the group the page break cut.
            let top = (start..=row).find(on_page).unwrap_or(row);
            if k > 0
                && page == last_page
                && let Some(up) = groups_up_from(table, &labels[k..], top)
            {
                groups.extend(up);
                break;
            }
            let (a, b) = nearest_centred(table, row, top..=row, row..=limit, label.middle)
                .unwrap_or((top, row));
            (if k == 0 { start } else { a }, b)
        };
        groups.push((from, end));
        start = end + 1;
    }
    groups
}

/// The groups of `labels`, the labels of the table's last page from the first
/// one standing there, taken from the table's end up: the last group ends with
/// the table's last row, and each starts where it is best centred on its label
/// (no higher than `top`, the page's first row, or the row after the label
/// above), the group above ending on the row before. `None` where a label is
/// not within [`OWN_ROW`] of its row's height of the middle of any such group
/// (a row under the last group, say a total, that is no action's).
fn groups_up_from(table: &Table, labels: &[Label], top: usize) -> Option<Vec<(usize, usize)>> {
    let mut groups = Vec::with_capacity(labels.len());
    let mut end = table.n_rows - 1;
    for (j, label) in labels.iter().enumerate().rev() {
        // Rows run from the label above's to this one's, whose group ends
        // at or below it: the range is never empty.
        let highest = j.checked_sub(1).map_or(top, |i| labels[i].row + 1);
        let off = |s: usize| (middle_of(table, s, end) - label.middle).abs();
        let from = (highest..=label.row).min_by(|&a, &b| off(a).total_cmp(&off(b)))?;
        let (row_top, row_bottom) = row_extent(table, label.row);
        if off(from) > OWN_ROW * (row_bottom - row_top) {
            return None;
        }
        groups.push((from, end));
        end = from.saturating_sub(1);
    }
    groups.reverse();
    Some(groups)
}

/// A cell of `row` alone, which shows where the row is: its top and bottom,
/// and its page.
fn row_cell(table: &Table, row: usize) -> &crate::tables::Cell {
    (0..table.n_cols())
        .map(|c| table.cell(row, c))
        .find(|c| c.row == row && c.row_span == 1)
        .unwrap_or_else(|| table.cell(row, 0))
}

/// The top and bottom of a row.
fn row_extent(table: &Table, row: usize) -> (f64, f64) {
    let cell = row_cell(table, row);
    (cell.y0, cell.y1)
}

/// Halfway down rows `from` to `to` (on one page).
fn middle_of(table: &Table, from: usize, to: usize) -> f64 {
    (row_extent(table, from).0 + row_extent(table, to).1) / 2.0
}

/// The span of rows, from one of `tops` to one of `ends`, that text standing
/// at `middle` in row `row` is centred on most nearly, and within [`OWN_ROW`]
/// of that row's height; `None` when none is.
fn nearest_centred(
    table: &Table,
    row: usize,
    tops: RangeInclusive<usize>,
    ends: RangeInclusive<usize>,
    middle: f64,
) -> Option<(usize, usize)> {
    let (top, bottom) = row_extent(table, row);
    let off = |a: usize, b: usize| (middle_of(table, a, b) - middle).abs();
    tops.flat_map(|a| ends.clone().map(move |b| (a, b)))
        .filter(|&(a, b)| off(a, b) <= OWN_ROW * (bottom - top))
        .min_by(|&(a, b), &(c, d)| off(a, b).total_cmp(&off(c, d)).then((d - c).cmp(&(b - a))))
}

/// The quantity printed for a row: a quantity merged over several rows is given
/// on its first row only, so sums never count it twice.
fn quantity_at(table: &Table, col: usize, row: usize) -> String {
    if table.starts_at(row, col) {
        quantity_text(&table.cell(row, col).text)
    } else {
        String::new()
    }
}

/// How far from its row's middle, as a share of the row's height, a value of
/// a vertically centred table may stand and still be that row's alone.
const OWN_ROW: f64 = 0.25;
/// How many times nearer a value's middle the rows around it must stand than
/// its own row does for it to be theirs, when it stands within [`OWN_ROW`] of
/// its own row's (a tall row leaves that much room).
const NEARER: f64 = 2.0;

/// The quantity of each row from `first` on (see [`quantity_at`]). In a table
/// whose cells are vertically centred with no rule to show a merge, a quantity
/// merged over several rows ([`centred_spans`]) is given on the first of them.
pub fn quantities(table: &Table, col: usize, first: usize, actions: &[String]) -> Vec<String> {
    let (mut out, valued) = column_texts(table, col, first, |r| quantity_at(table, col, r));
    for (row, span) in centred_spans(table, col, &valued, first, actions) {
        if *span.start() != row {
            out[*span.start()] = std::mem::take(&mut out[row]);
        }
    }
    out
}

/// The text of column `col` for each row from `first` on: a description
/// merged over several rows belongs to each of them, whether the grid shows
/// the merge or, in a vertically centred table, only its place does
/// ([`centred_spans`]).
pub fn descriptions(table: &Table, col: usize, first: usize, actions: &[String]) -> Vec<String> {
    let (mut out, valued) = column_texts(table, col, first, |r| table.cell(r, col).text.clone());
    for (row, span) in centred_spans(table, col, &valued, first, actions) {
        for r in span {
            if out[r].is_empty() {
                out[r] = out[row].clone();
            }
        }
    }
    out
}

/// For each row from `first` on, the row whose cell in column `col` it is
/// covered by: the first row of its own cell, merged or not, or, in a
/// vertically centred table, of the value centred over it
/// ([`centred_spans`]). Rows above `first` are their own.
pub fn value_rows(table: &Table, col: usize, first: usize, actions: &[String]) -> Vec<usize> {
    let mut out: Vec<usize> = (0..table.n_rows)
        .map(|r| if r < first { r } else { table.cell(r, col).row })
        .collect();
    let (texts, valued) = column_texts(table, col, first, |r| table.cell(r, col).text.clone());
    for (row, span) in centred_spans(table, col, &valued, first, actions) {
        for r in span {
            if texts[r].is_empty() {
                out[r] = row;
            }
        }
    }
    out
}

/// Column `col`'s text on each row from `first` on (`text_of` a row; empty
/// above `first`), and the rows where a cell with text starts.
fn column_texts(
    table: &Table,
    col: usize,
    first: usize,
    text_of: impl Fn(usize) -> String,
) -> (Vec<String>, Vec<usize>) {
    let out: Vec<String> = (0..table.n_rows)
        .map(|r| if r < first { String::new() } else { text_of(r) })
        .collect();
    let valued = (first..table.n_rows)
        .filter(|&r| table.starts_at(r, col) && !out[r].is_empty())
        .collect();
    (out, valued)
}

/// In a table whose cells are vertically centred with no rule to show a
/// merge, the rows each value of column `col` (on the `valued` rows) is merged
/// over: a value that stands off its row's middle is centred on the rows
/// around it, as far as the rows without a value of their own in its action
/// reach; the widest span whose middle it stands at. A value at its own row's
/// middle stays that row's, unless rows without one stand on both sides of
/// it, centred on it as closely: a description beside a list whose tallest
/// row happens to be the middle one, or a quantity beside names of unequal
/// heights, which leave the group's middle near its middle name's; or unless
/// rows without one, on one side, make a span whose middle it stands much
/// nearer ([`NEARER`]): a role beside a short name and a tall one.
fn centred_spans(
    table: &Table,
    col: usize,
    valued: &[usize],
    first: usize,
    actions: &[String],
) -> Vec<(usize, RangeInclusive<usize>)> {
    if table.valign != VAlign::Middle || table.ruled {
        return Vec::new();
    }
    let mut spans = Vec::new();
    for (k, &row) in valued.iter().enumerate() {
        let cell = table.cell(row, col);
        // (A value merged in the grid already covers its own rows; one a
        // page break cut is merged in the grid over both its parts.)
        let own_end = row + cell.row_span - 1;
        let page = row_cell(table, row).page;
        // A value whose text goes on onto the next page holds what the
        // break cut already: no empty rows there are its.
        let goes_on = |c: &crate::tables::Cell| c.lines.iter().any(|l| l.page != page);
        if goes_on(cell) {
            continue;
        }
        let Some(middle) = cell
            .text_middle()
            .filter(|_| row_cell(table, own_end).page == page)
        else {
            continue;
        };
        let (top, bottom) = row_extent(table, row);
        let row_height = bottom - top;
        let in_own_row = (middle - (top + bottom) / 2.0).abs() <= OWN_ROW * row_height;
        // Centred on rows of its action, and of its page: a page break cuts
        // a merged cell in two, each part centred on its own page.
        let same_group =
            |r: usize| actions.get(r) == actions.get(row) && row_cell(table, r).page == page;
        let lo = (first.max(if k > 0 { valued[k - 1] + 1 } else { first })..=row)
            .find(|&r| same_group(r))
            .unwrap_or(row);
        let hi_limit = valued.get(k + 1).map_or(table.n_rows - 1, |&n| n - 1);
        let hi = (own_end..=hi_limit.max(own_end))
            .take_while(|&r| same_group(r))
            .last()
            .unwrap_or(own_end);
        // Its action's rows going on, empty, at the top of the next page: a
        // page break cut the cell, whose text then fills its first part from
        // the top, and which covers them all.
        let after = hi + 1;
        if after <= hi_limit && actions.get(after) == actions.get(row) {
            let end = (after..=hi_limit)
                .take_while(|&r| actions.get(r) == actions.get(row))
                .last()
                .unwrap_or(hi);
            spans.push((row, row..=end));
            continue;
        }
        // In a row the break cut otherwise (another of its cells goes on),
        // each part is filled from its top: where the value stands there
        // tells nothing of the rows it is merged over.
        let cut = (0..table.n_cols()).any(|c| {
            let other = table.cell(row, c);
            other.row == row && goes_on(other)
        });
        if cut {
            continue;
        }
        let off = |x: usize, y: usize| (middle_of(table, x, y) - middle).abs();
        let close = |x: usize, y: usize| off(x, y) <= OWN_ROW * row_height;
        // The widest span about the value's middle within those rows.
        let best = (lo..=row)
            .flat_map(|a| (own_end..=hi).map(move |b| (a, b)))
            .filter(|&(a, b)| {
                let nearer = (a < row || b > own_end) && NEARER * off(a, b) < off(row, own_end);
                !in_own_row || (a < row && b > own_end && close(a, b)) || nearer
            })
            .min_by(|&(a, b), &(c, d)| {
                close(c, d)
                    .cmp(&close(a, b))
                    .then((d - c).cmp(&(b - a)))
                    .then(off(a, b).total_cmp(&off(c, d)))
            });
        if let Some((a, b)) = best {
            spans.push((row, a..=b));
        }
    }
    spans
}

/// A quantity as printed, footnote calls dropped ("n.q. ¹" → "n.q.").
pub fn quantity_text(text: &str) -> String {
    strip_footnote_calls(text).trim().to_string()
}

/// Compiles the record readers' patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&ACTION_CODE);
    contacts::prepare();
    costs::prepare();
    gantt::prepare();
    pilot_actions::prepare();
    statistics::prepare();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WarningCode;

    /// The one table of a page without rules whose cells are vertically
    /// centred, from its texts (text, x, baseline), 10-point.
    fn centred_table(texts: &[(&str, f64, f64)]) -> Table {
        let page = crate::testing::text_page(1, texts);
        let layout = crate::layout::lay_out_page(&page);
        let mut found =
            crate::tables::borderless::tables(&page, &layout, &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].valign, VAlign::Middle);
        found.remove(0)
    }

    /// An actors table's header and first row (action A, one body), columns
    /// at x = 60, 120, 160 and 300; its list's rows follow from y = 158.
    const ACTORS_HEAD: &[(&str, f64, f64)] = &[
        ("Azione", 60.0, 100.0),
        ("Q.tà", 120.0, 100.0),
        ("Tipologia", 160.0, 100.0),
        ("Contributo", 300.0, 100.0),
        ("A", 60.0, 130.0),
        ("1", 120.0, 130.0),
        ("Ente strumentale", 160.0, 124.0),
        ("della Regione", 160.0, 136.0),
        ("Assistenza", 300.0, 130.0),
    ];

    /// Asserts each actor's quantity and role in the centred table of `texts`.
    fn assert_quantities_and_roles(texts: &[(&str, f64, f64)], want: &[(&str, &str)]) {
        let t = centred_table(texts);
        let header = actors::header(&t).expect("an actors header");
        let got: Vec<(String, String)> = actors::extract(&t, &header)
            .into_iter()
            .map(|a| (a.quantity_text, a.role))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(q, r)| (q.to_string(), r.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    /// The actors (action|quantity|name|role) of the one table two pages
    /// of texts (text, x, baseline; 10-point) make.
    fn actors_over_two_pages(
        first: &[(&str, f64, f64)],
        second: &[(&str, f64, f64)],
    ) -> Vec<String> {
        let pages = [
            crate::testing::text_page(1, first),
            crate::testing::text_page(2, second),
        ];
        let layouts: Vec<_> = pages.iter().map(crate::layout::lay_out_page).collect();
        let mut found = crate::tables::find_tables(&pages, &layouts, 600.0, &[]);
        assert_eq!(found.len(), 1);
        let t = found.remove(0);
        let header = actors::header(&t).expect("an actors header");
        actors::extract(&t, &header)
            .into_iter()
            .map(|a| format!("{}|{}|{}|{}", a.action, a.quantity_text, a.name, a.role))
            .collect()
    }

    /// An actors table's header and a first group, Z, at the foot of a page.
    const CUT_HEAD: &[(&str, f64, f64)] = &[
        ("Azione", 60.0, 640.0),
        ("Q.tà", 120.0, 640.0),
        ("Tipologia", 160.0, 640.0),
        ("Contributo", 300.0, 640.0),
        ("Z", 60.0, 670.0),
        ("5", 120.0, 670.0),
        ("Regione", 160.0, 670.0),
        ("Coordinamento", 300.0, 670.0),
    ];

    /// Group A's last names at the top of a page, without a role of their
    /// own, then group B, its label and role centred on its three rows.
    const CUT_REST: &[(&str, f64, f64)] = &[
        ("Aziende sanitarie", 160.0, 60.0),
        ("Camere di commercio", 160.0, 84.0),
        ("Consorzi sociali", 160.0, 108.0),
        ("Università degli Studi", 160.0, 132.0),
        ("di Torino", 160.0, 144.0),
        ("1", 120.0, 138.0),
        ("Centri provinciali", 160.0, 168.0),
        ("per adulti", 160.0, 180.0),
        ("3", 120.0, 174.0),
        ("B", 60.0, 165.0),
        ("Formazione", 300.0, 165.0),
        ("Enti di formazione", 160.0, 204.0),
        ("6", 120.0, 204.0),
    ];

    /// The actors of CUT_HEAD, group A's first row and CUT_REST: A's role
    /// is `role`.
    fn cut_actors(role: &str) -> Vec<String> {
        let mut want = vec![
            "Z|5|Regione|Coordinamento".to_string(),
            format!("A|12|Comuni capofila|{role}"),
        ];
        for name in [
            "Aziende sanitarie",
            "Camere di commercio",
            "Consorzi sociali",
        ] {
            want.push(format!("A||{name}|{role}"));
        }
        want.extend([
            "B|1|Università degli Studi di Torino|Formazione".to_string(),
            "B|3|Centri provinciali per adulti|Formazione".to_string(),
            "B|6|Enti di formazione|Formazione".to_string(),
        ]);
        want
    }

    /// A table without rules, cells centred, that a page break cuts inside
    /// group A: the first page ends on its first row (the label, quantity
    /// and the role's first line at the row's top), the next page goes on
    /// with its other names and the rest of the role, centred beside them.
    #[test]
    fn a_group_a_page_break_cuts_goes_on_over_the_next_page_s_first_rows() {
        let mut first = CUT_HEAD.to_vec();
        first.extend([
            ("A", 60.0, 700.0),
            ("12", 120.0, 700.0),
            ("Comuni capofila", 160.0, 700.0),
            ("Rete territoriale: segnalazione dei", 300.0, 700.0),
        ]);
        let mut second = CUT_REST.to_vec();
        second.push(("casi e presa in carico", 300.0, 84.0));
        let got = actors_over_two_pages(&first, &second);
        assert_eq!(
            got,
            cut_actors("Rete territoriale: segnalazione dei casi e presa in carico")
        );
    }

    /// The same group cut where its role ends on the first page, set from
    /// the top of its part there: the role is every row's of the group, and
    /// the first name on the next page, though nothing else stands in its
    /// row, is a name of its own.
    #[test]
    fn a_role_the_page_break_cut_below_its_text_is_the_whole_group_s() {
        let mut first = CUT_HEAD.to_vec();
        first.extend([
            ("A", 60.0, 700.0),
            ("12", 120.0, 700.0),
            ("Comuni capofila", 160.0, 700.0),
            ("Enti coinvolti nei", 300.0, 700.0),
            ("tavoli tematici", 300.0, 712.0),
        ]);
        let got = actors_over_two_pages(&first, CUT_REST);
        assert_eq!(got, cut_actors("Enti coinvolti nei tavoli tematici"));
    }

    /// A row the page break cut whose name and role both go on at the top of
    /// the next page ("Ufficio del" | "Lavoro / Ente"): one actor with its
    /// whole role, and the next rows keep the role centred beside them.
    #[test]
    fn a_row_that_went_on_over_the_break_keeps_its_role_to_itself() {
        // Group Z's quantity and role centred beside its two-line name show
        // the table's cells centred.
        let mut first = CUT_HEAD[..4].to_vec();
        first.extend([
            ("Z", 60.0, 676.0),
            ("5", 120.0, 676.0),
            ("Regione", 160.0, 670.0),
            ("Piemonte", 160.0, 682.0),
            ("Coordinamento", 300.0, 676.0),
            ("A", 60.0, 710.0),
            ("1", 120.0, 710.0),
            ("Ufficio del", 160.0, 710.0),
            ("Ente coinvolto per", 300.0, 710.0),
        ]);
        let second = [
            ("Lavoro / Ente", 160.0, 60.0),
            ("analisi dati", 300.0, 60.0),
            ("8", 120.0, 90.0),
            ("Centri", 160.0, 90.0),
            ("Supporto", 300.0, 105.0),
            ("8", 120.0, 120.0),
            ("Enti locali", 160.0, 120.0),
        ];
        assert_eq!(
            actors_over_two_pages(&first, &second),
            [
                "Z|5|Regione Piemonte|Coordinamento",
                "A|1|Ufficio del Lavoro / Ente|Ente coinvolto per analisi dati",
                "A|8|Centri|Supporto",
                "A|8|Enti locali|Supporto",
            ]
        );
    }

    /// A label that misread columns broke up ("B) Qualificazione dei servizi
    /// …" read as "Qualificazione" and "per il lavoro …") beside codes: each
    /// broken part once, with its first page; a table whose labels are all
    /// words ("Azione di sistema") has nothing to compare them with.
    #[test]
    fn actions_that_are_not_codes_beside_codes_are_uncertain() {
        let entries = [
            ("A", 11),
            ("A", 11),
            ("Qualificazione", 11),
            ("per il lavoro e l'integrazione sociale", 12),
            ("per il lavoro e l'integrazione sociale", 12),
            ("", 12),
            ("C", 12),
            ("12", 12),
        ];
        assert_eq!(
            uncertain_actions(entries),
            [
                ("Qualificazione", 11),
                ("per il lavoro e l'integrazione sociale", 12)
            ]
        );
        let words = [("Azione di sistema", 3), ("Governance", 4)];
        assert_eq!(uncertain_actions(words), []);
    }

    /// After a page break that cut group A (two more rows), groups B and C,
    /// three rows each, their labels centred (B's on its taller middle row):
    /// B's label is as well centred on A's last row to C's first as on its
    /// own three rows, and only the table's end, where C's rows end, tells
    /// which.
    #[test]
    fn groups_after_a_page_break_are_told_from_the_table_s_end() {
        let mut first = CUT_HEAD.to_vec();
        first.extend([
            ("A", 60.0, 700.0),
            ("12", 120.0, 700.0),
            ("Comuni capofila", 160.0, 700.0),
            ("Rete territoriale", 300.0, 700.0),
        ]);
        let second = [
            ("Aziende sanitarie", 160.0, 60.0),
            ("3", 120.0, 60.0),
            ("Camere di commercio", 160.0, 84.0),
            ("4", 120.0, 84.0),
            ("Consorzi sociali", 160.0, 108.0),
            ("5", 120.0, 108.0),
            ("Enti di", 160.0, 126.0),
            ("formazione", 160.0, 138.0),
            ("6", 120.0, 132.0),
            ("B", 60.0, 132.0),
            ("Formazione", 300.0, 132.0),
            ("Scuole", 160.0, 156.0),
            ("7", 120.0, 156.0),
            ("Centri per l'impiego", 160.0, 180.0),
            ("8", 120.0, 180.0),
            ("Inps", 160.0, 204.0),
            ("9", 120.0, 204.0),
            ("C", 60.0, 204.0),
            ("Lavoro", 300.0, 204.0),
            ("Prefetture", 160.0, 228.0),
            ("10", 120.0, 228.0),
        ];
        let got = actors_over_two_pages(&first, &second);
        let want = [
            "Z|5|Regione|Coordinamento",
            "A|12|Comuni capofila|Rete territoriale",
            "A|3|Aziende sanitarie|Rete territoriale",
            "A|4|Camere di commercio|Rete territoriale",
            "B|5|Consorzi sociali|Formazione",
            "B|6|Enti di formazione|Formazione",
            "B|7|Scuole|Formazione",
            "C|8|Centri per l'impiego|Lavoro",
            "C|9|Inps|Lavoro",
            "C|10|Prefetture|Lavoro",
        ];
        assert_eq!(got, want);
    }

    /// A quantity merged over six rows of a table without rules whose cells
    /// are vertically centred: it stands between the third and fourth of its
    /// rows, and is given on the first; a quantity centred in its own row stays.
    #[test]
    fn a_quantity_centred_over_its_rows_is_given_on_the_first() {
        let mut texts = vec![
            ("Azione", 60.0, 100.0),
            ("Q.tà", 140.0, 100.0),
            ("Tipologia", 220.0, 100.0),
            ("A", 60.0, 130.0),
            ("1", 140.0, 130.0),
            ("Ente strumentale", 220.0, 124.0),
            ("della Regione", 220.0, 136.0),
            ("45", 140.0, 227.0),
        ];
        let names = [
            "Enti locali",
            "Distretti",
            "Inps",
            "Prefetture",
            "Centri",
            "Agenzie",
        ];
        for (k, name) in names.iter().enumerate() {
            texts.push((name, 220.0, 158.0 + 28.0 * k as f64));
        }
        let table = centred_table(&texts);
        let t = &table;
        let header = recipients::header(t).expect("a recipients header");
        let got: Vec<(String, String)> = recipients::extract(t, &header)
            .into_iter()
            .map(|r| (r.quantity_text, r.description))
            .collect();
        let want: Vec<(String, String)> = [
            ("1", "Ente strumentale della Regione"),
            ("45", "Enti locali"),
            ("", "Distretti"),
            ("", "Inps"),
            ("", "Prefetture"),
            ("", "Centri"),
            ("", "Agenzie"),
        ]
        .iter()
        .map(|(q, d)| (q.to_string(), d.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    /// The same list in an actors table, with one role centred over the
    /// names it is shared by: each of them takes it; a role in its own row
    /// stays that row's.
    #[test]
    fn a_role_centred_over_its_rows_belongs_to_each() {
        let mut texts = ACTORS_HEAD.to_vec();
        let names = ["Enti locali", "Distretti", "Inps", "Prefetture"];
        for (k, name) in names.iter().enumerate() {
            texts.push((name, 160.0, 158.0 + 28.0 * k as f64));
        }
        texts.extend([
            ("Enti istituzionali", 300.0, 193.0),
            ("coinvolti", 300.0, 205.0),
        ]);
        let shared = "Enti istituzionali coinvolti";
        let mut want = vec![("1", "Assistenza")];
        want.extend([("", shared); 4]);
        assert_quantities_and_roles(&texts, &want);
    }

    /// The same role, in a row whose name a page break cut (its text goes
    /// on onto the next page, each part filled from its top): where the role
    /// stands tells nothing of the rows it covers, and it stays its own
    /// rows'.
    #[test]
    fn a_value_in_a_row_the_break_cut_is_not_spread_by_where_it_stands() {
        let mut texts = ACTORS_HEAD.to_vec();
        let names = ["Enti locali", "Distretti", "Inps", "Prefetture"];
        for (k, name) in names.iter().enumerate() {
            texts.push((name, 160.0, 158.0 + 28.0 * k as f64));
        }
        texts.extend([
            ("Enti istituzionali", 300.0, 193.0),
            ("coinvolti", 300.0, 205.0),
        ]);
        let mut t = centred_table(&texts);
        let shared = "Enti istituzionali coinvolti";
        let r = (0..t.n_rows)
            .find(|&r| t.cell(r, 3).text == shared)
            .expect("the role's row");
        let name = (t.cells.iter_mut())
            .find(|c| c.row == r && c.col == 2)
            .expect("the row's name");
        let mut going_on = name.lines[0].clone();
        going_on.page += 1;
        name.lines.push(going_on);
        let header = actors::header(&t).expect("an actors header");
        let roles: Vec<String> = actors::extract(&t, &header)
            .into_iter()
            .map(|a| a.role)
            .collect();
        // Its own rows only: those its cell straddles in the grid.
        let own = t.cell(r, 3).row_span;
        assert!(own < names.len());
        assert_eq!(
            roles.iter().filter(|role| *role == shared).count(),
            own,
            "{roles:?}"
        );
    }

    /// A role merged beside a one-line name and a five-line one: centred on
    /// the two, it stands within the taller row's own room, but twice as
    /// near the middle of both; both names take it.
    #[test]
    fn a_role_beside_a_short_name_and_a_tall_one_is_both_names() {
        let mut texts = ACTORS_HEAD.to_vec();
        texts.extend([
            ("B", 60.0, 190.5),
            ("8", 120.0, 160.0),
            ("Centri per l'impiego", 160.0, 160.0),
            ("Operatori pubblici", 160.0, 178.5),
            ("e privati esperti", 160.0, 190.5),
            ("8", 120.0, 202.5),
            ("di inserimento", 160.0, 202.5),
            ("socio-lavorativo", 160.0, 214.5),
            ("delle categorie", 160.0, 226.5),
            ("Enti coinvolti", 300.0, 178.5),
            ("in itinere per", 300.0, 190.5),
            ("l'analisi", 300.0, 202.5),
        ]);
        let shared = "Enti coinvolti in itinere per l'analisi";
        let want = [("1", "Assistenza"), ("8", shared), ("8", shared)];
        assert_quantities_and_roles(&texts, &want);
    }

    /// A cost table without rules, cells centred: an action's label and
    /// amount centred beside its three items are the action's, one action;
    /// a row with an amount of its own but no label stays an action of its
    /// own, its label missing (and flagged), not the next row's.
    #[test]
    fn a_cost_action_centred_beside_its_items_is_one_action() {
        let t = centred_table(&[
            ("Azione", 60.0, 100.0),
            ("Importo", 200.0, 100.0),
            ("Voci di costo", 300.0, 100.0),
            ("Docenza", 300.0, 130.0),
            ("Formazione", 60.0, 154.0),
            ("€ 1.000,00", 200.0, 154.0),
            ("Tutor", 300.0, 154.0),
            ("Viaggi", 300.0, 178.0),
            ("500", 200.0, 202.0),
            ("Affitto", 300.0, 202.0),
            // Set high in its tall row: as near the middle of this row and
            // the one above as a label merged over both would stand.
            ("Comunicazione", 60.0, 232.0),
            ("700", 200.0, 248.0),
            ("Stampa", 300.0, 230.0),
            ("e grafica", 300.0, 242.0),
            ("e sito web", 300.0, 254.0),
            ("e video", 300.0, 266.0),
            ("Eventi", 60.0, 298.0),
            ("100", 200.0, 298.0),
            ("Sale", 300.0, 292.0),
            ("e catering", 300.0, 304.0),
        ]);
        let header = costs::header(&t).expect("a cost table header");
        let (got, warnings) = costs::from_table(&t, &header);
        let actions: Vec<(String, String, Vec<String>)> = got
            .actions
            .iter()
            .map(|a| {
                let items = a.items.iter().map(|i| i.label.clone()).collect();
                (a.label.clone(), a.declared_text.clone(), items)
            })
            .collect();
        let want = [
            (
                "Formazione",
                "€ 1.000,00",
                vec!["Docenza", "Tutor", "Viaggi"],
            ),
            ("", "500", vec!["Affitto"]),
            (
                "Comunicazione",
                "700",
                vec!["Stampa e grafica e sito web e video"],
            ),
            ("Eventi", "100", vec!["Sale e catering"]),
        ];
        let want: Vec<(String, String, Vec<String>)> = want
            .into_iter()
            .map(|(l, d, i)| {
                (
                    l.into(),
                    d.into(),
                    i.into_iter().map(String::from).collect(),
                )
            })
            .collect();
        assert_eq!(actions, want);
        assert!(
            warnings
                .iter()
                .any(|w| w.code == WarningCode::CostRowUnlabelled)
        );
    }

    /// A quantity merged beside a group of names whose first is the tallest
    /// stands nearer the middle of the group's middle name than of the group:
    /// with no other quantity in the group it is still the group's, given on
    /// the first name, as the role is shared by all three.
    #[test]
    fn a_quantity_beside_names_of_unequal_heights_is_given_on_the_first() {
        let mut texts = ACTORS_HEAD.to_vec();
        texts.extend([
            ("Sportelli informativi", 160.0, 158.0),
            ("per cittadini stranieri", 160.0, 170.7),
            ("Questura", 160.0, 200.0),
            ("Patronati", 160.0, 229.7),
            ("C", 60.0, 193.9),
            ("2", 120.0, 193.9),
            ("Diffusione", 300.0, 187.6),
            ("agli sportelli", 300.0, 200.3),
        ]);
        let shared = "Diffusione agli sportelli";
        let want = [
            ("1", "Assistenza"),
            ("2", shared),
            ("", shared),
            ("", shared),
        ];
        assert_quantities_and_roles(&texts, &want);
    }

    /// A role centred over a list whose middle row is its tallest stands at
    /// that row's middle too: rows without a role on both sides, centred on
    /// it, share it; a quantity there stays its row's.
    #[test]
    fn a_role_at_the_middle_of_the_tallest_row_is_shared_by_the_rows_around() {
        let mut texts = ACTORS_HEAD.to_vec();
        for (name, qty, y) in [
            ("Enti locali", "8", 158.0),
            ("Centri", "8", 186.0),
            ("Ufficio", "1", 266.0),
            ("Enti gestori", "8", 294.0),
        ] {
            texts.extend([(name, 160.0, y), (qty, 120.0, y)]);
        }
        texts.extend([
            ("Operatori pubblici", 160.0, 214.0),
            ("e privati esperti", 160.0, 226.0),
            ("in inserimento", 160.0, 238.0),
            ("10", 120.0, 226.0),
            ("Enti coinvolti", 300.0, 220.0),
            ("nei gruppi", 300.0, 232.0),
        ]);
        let shared = "Enti coinvolti nei gruppi";
        let want = [
            ("1", "Assistenza"),
            ("8", shared),
            ("8", shared),
            ("10", shared),
            ("1", shared),
            ("8", shared),
        ];
        assert_quantities_and_roles(&texts, &want);
    }

    #[test]
    fn header_words_match_across_broken_cells() {
        let names_column = |text: &str, keys: &[&str]| naming(text, keys).is_some();
        assert!(names_column("Q.t à", &["qt", "qta", "quantit"]));
        assert!(names_column("Quantità", &["qt", "qta", "quantit"]));
        assert!(names_column("n.", &["azion", "n"]));
        assert!(!names_column("nominativo", &["azion", "n"]));
        assert!(names_column("Azion e n.", &["azion", "n"]));
    }

    /// The first ruled table of a page of one-line cells.
    fn table(rows: &[&[&str]]) -> crate::tables::Table {
        let page = crate::testing::grid_page(rows);
        let layout = crate::layout::lay_out_page(&page);
        crate::tables::ruled::tables(&page, &layout).remove(0)
    }

    #[test]
    fn tables_worded_otherwise_are_still_read() {
        // Actors: who first, the count headed "N.", the role as "Funzione svolta".
        let t = table(&[
            &["Soggetti", "N.", "Funzione svolta"],
            &["Comuni", "12", "Coordinano la rete"],
            &["Questure", "4", "Rilasciano i permessi"],
        ]);
        let h = actors::header(&t).expect("an actors table");
        assert_eq!(h.cols, [None, Some(1), Some(0), Some(2)]);
        let got: Vec<(Option<i64>, String, String)> = actors::extract(&t, &h)
            .into_iter()
            .map(|a| (a.quantity, a.name, a.role))
            .collect();
        assert_eq!(
            got,
            [
                (Some(12), "Comuni".into(), "Coordinano la rete".into()),
                (Some(4), "Questure".into(), "Rilasciano i permessi".into()),
            ]
        );
        assert!(recipients::header(&t).is_none(), "a role column: actors");
        // Recipients: "Target" and "Numerosità", quantity after the description,
        // a caption row above the header.
        let t = table(&[
            &["Destinatari che si intende raggiungere", "", ""],
            &["Azione", "Target", "Numerosità"],
            &["1", "Minori soli", "40"],
            &["2", "Operatori dei servizi", "Circa 25"],
        ]);
        let h = recipients::header(&t).expect("a recipients table");
        assert_eq!(
            (h.row, h.cols[..3].to_vec()),
            (1, vec![Some(0), Some(2), Some(1)])
        );
        let got: Vec<(String, Option<i64>)> = recipients::extract(&t, &h)
            .into_iter()
            .map(|r| (r.action, r.quantity))
            .collect();
        assert_eq!(got, [("1".into(), Some(40)), ("2".into(), Some(25))]);
        // "Numero" is a count, not the action's number.
        let t = table(&[
            &["Azione n.", "Numero", "Tipologia"],
            &["A", "30", "Operatori"],
        ]);
        assert_eq!(
            recipients::header(&t).unwrap().cols[..3],
            [Some(0), Some(1), Some(2)]
        );
        // A column a weaker key also names ("Ente capofila" beside
        // "Tipologia") is not who the actors are.
        let t = table(&[
            &["Azione", "Q.tà", "Ente capofila", "Tipologia", "Ruolo"],
            &[
                "1",
                "4",
                "Regione",
                "Centri per l'impiego",
                "Presa in carico",
            ],
        ]);
        let h = actors::header(&t).expect("an actors table");
        assert_eq!(h.cols, [Some(0), Some(1), Some(3), Some(4)]);
        // "N." before a word counts it; "n." alone is the action's number.
        for count in ["N. previsto", "Nr. destinatari", "N° stimato"] {
            let t = table(&[
                &["n.", count, "Tipologia"],
                &["1", "36", "Operatori"],
                &["2", "n.q.", "Stranieri"],
            ]);
            let h = recipients::header(&t).expect("a recipients table");
            assert_eq!(h.cols[..3], [Some(0), Some(1), Some(2)], "{count}");
            let got: Vec<(String, Option<i64>)> = recipients::extract(&t, &h)
                .into_iter()
                .map(|r| (r.action, r.quantity))
                .collect();
            assert_eq!(got, [("1".into(), Some(36)), ("2".into(), None)], "{count}");
        }
        let t = table(&[
            &["N. azione", "Q.tà", "Tipologia"],
            &["1", "36", "Operatori"],
        ]);
        assert_eq!(
            recipients::header(&t).unwrap().cols[..3],
            [Some(0), Some(1), Some(2)]
        );
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
