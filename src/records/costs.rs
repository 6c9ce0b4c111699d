//! *Modalità di utilizzo delle risorse*: cost actions, their items and the total,
//! from a table (Azione | Importo | Voci di costo; or the long form, Azione |
//! Voce di costo | Importo with a "Totale azione" row per action) or from prose lines
//! ("Costi di viaggio e di soggiorno: euro 3.000,00", "Totale euro 67.000,00",
//! "Costo totale dell'intervento euro 128.117,00").
//!
//! Amounts are exact (integer cents). Sums are computed beside every declared
//! total, and any difference is a `COST_TOTAL_MISMATCH` warning with both figures;
//! an amount that had to be repaired or could not be read is `AMOUNT_SUSPECT`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::{Header, find_header, value_rows};
use crate::layout::Paragraph;
use crate::model::{CostAction, CostItem, Costs, Euro, Warning, WarningCode};
use crate::numbers::{Amount, parse_amount};
use crate::tables::{Cell, LIST_MARKS, Table, opens_lower_word};

const ACTION: &[&str] = &["azion", "attivit", "intervent"];
const AMOUNT: &[&str] = &["import", "cost", "euro", "budget", "risors"];
const ITEMS: &[&str] = &["princip", "voci", "voce", "descriz", "tipolog"];

/// An amount closing a line: after a colon, "euro" or "€", its currency
/// before it or after it ("3.000,00 Euro").
static TRAILING_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?::\s*(?:€|euro\b)?|€|\beuro\b)\s*(\d[\d.,]*(?: \d[\d.,]*)*)(?:\s*(?:€|euro\b))?\s*[.;]?\s*$")
        .expect("valid regex")
});
/// An amount within a line, after a colon, "euro" or "€", with the currency
/// after it if any.
static PRICED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?::\s*(?:€|euro\b)?|€|\beuro\b)\s*\d[\d.,]*\d(?:\s*(?:€|euro\b))?")
        .expect("valid regex")
});
/// The head of an action in prose: "A) …", "1) …", "Azione 2 …".
static ACTION_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[a-z]\)|\d{1,2}\)|azione\s+\w+)\s*\S").expect("valid regex")
});
static TOTAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:costo\s+)?total[ei]\b").expect("valid regex"));
/// A total that names itself a part: an action's, in a table of several.
static SUBTOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:sub\s*-?\s*total[ei]\b|total[ei]\s+(?:parziale|(?:dell[a'’]\s*)?azione\b))",
    )
    .expect("valid regex")
});
/// Words that make a total the whole plan's rather than an action's.
static GRAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:intervent[oi]|complessiv[oa]|general[e]|progetto|piano)\b")
        .expect("valid regex")
});

/// The header of a cost table, if `table` is one.
/// Either Azione | Importo (| Voci di costo), or Voce di spesa | Importo with no
/// action column.
pub fn header(table: &Table) -> Option<Header> {
    let keys: [&[&str]; 3] = [ACTION, AMOUNT, ITEMS];
    let mut h = find_header(table, &keys, &[0, 1])
        .filter(|h| h.cols[0] != h.cols[1])
        .or_else(|| find_header(table, &keys, &[1, 2]))?;
    h.cols[1] = h.cols[1].map(|col| amount_column(table, h.row, col));
    (h.cols[1] != h.cols[2]).then_some(h)
}

/// The column of the amounts under an amount header drawn over several
/// columns: a currency sign set in a column of its own ("€ | 224.205") is
/// not the amount. The first of them whose body holds a digit.
fn amount_column(table: &Table, header_row: usize, col: usize) -> usize {
    let head = table.cell(header_row, col);
    let span = head.col..head.col + head.col_span;
    let has_digit = |c: usize| {
        (header_row + 1..table.n_rows).any(|r| {
            table
                .cell(r, c)
                .text
                .contains(|ch: char| ch.is_ascii_digit())
        })
    };
    span.clone().find(|&c| has_digit(c)).unwrap_or(col)
}

/// A cell's lines joined as printed, a number wrapped inside the cell made whole.
fn printed(cell: &Cell) -> String {
    let mut out = String::new();
    for line in cell.lines.iter().map(|l| l.text.as_str()) {
        let wrapped_number = out.ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
            && line.starts_with(|c: char| c.is_ascii_digit());
        if !out.is_empty() && !wrapped_number {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Reads an amount and reports a repair or a failure to read.
fn read_amount(text: &str, page: u32, what: &str, warnings: &mut Vec<Warning>) -> Option<Euro> {
    if text.trim().is_empty() {
        return None;
    }
    match parse_amount(text) {
        Some(Amount { euro, repaired }) => {
            if let Some(why) = repaired {
                warnings.push(Warning {
                    code: WarningCode::AmountSuspect,
                    message: format!("{what}: {why}"),
                    page: Some(page),
                });
            }
            Some(euro)
        }
        None => {
            warnings.push(Warning {
                code: WarningCode::AmountSuspect,
                message: format!("{what}: the amount \"{}\" cannot be read", text.trim()),
                page: Some(page),
            });
            None
        }
    }
}

/// Splits "Label: euro 3.000,00" into the label and the amount's text.
fn split_item(text: &str) -> (String, Option<String>) {
    match TRAILING_AMOUNT.find(text) {
        Some(m) => {
            let label = text[..m.start()]
                .trim()
                .trim_end_matches(':')
                .trim()
                .to_string();
            let amount = m.as_str().trim().trim_start_matches(':').trim();
            (label, Some(amount.trim_end_matches(['.', ';']).to_string()))
        }
        None => (text.trim().to_string(), None),
    }
}

fn item(text: &str, page: u32, bbox: Option<[f64; 4]>, warnings: &mut Vec<Warning>) -> CostItem {
    let (label, amount_text) = split_item(text);
    let amount_eur = amount_text
        .as_deref()
        .and_then(|a| read_amount(a, page, &format!("cost item \"{label}\""), warnings));
    CostItem {
        label,
        amount_eur,
        amount_text: amount_text.unwrap_or_default(),
        page,
        bbox,
    }
}

/// Reads a cost table: a new action wherever the action or the amount cell
/// changes, its cost items from the items column, the total from a "Totale" row.
pub fn from_table(table: &Table, header: &Header) -> (Costs, Vec<Warning>) {
    let amt_col = header.cols[1].expect("required");
    let Some(act_col) = header.cols[0] else {
        return items_table(table, header, amt_col);
    };
    let mut warnings = Vec::new();
    let mut actions: Vec<CostAction> = Vec::new();
    let mut total: Option<(Option<Euro>, String, u32)> = None;
    // The rows each action label and amount covers: where rules draw the
    // merge, or where, in a table whose cells are centred, the text stands.
    let first = header.row + 1;
    let anywhere = vec![String::new(); table.n_rows];
    let mut label_rows = value_rows(table, act_col, first, &anywhere);
    let mut amount_rows = value_rows(table, amt_col, first, &anywhere);
    // A row with a label or an amount of its own is an action of its own: a
    // label or amount centred nearby is its only where that row's own cell
    // is merged over the other's row (a label drawn over two rows, its amount
    // centred in the second). A row's missing label stays missing, flagged.
    for row in first..table.n_rows {
        let (a, m) = (table.cell(row, act_col), table.cell(row, amt_col));
        let covers = |c: &Cell, r: usize| (c.row..c.row + c.row_span).contains(&r);
        if a.row == row && !a.text.is_empty() && !covers(a, amount_rows[row]) {
            amount_rows[row] = m.row;
        }
        if m.row == row && !m.text.is_empty() && !covers(m, label_rows[row]) {
            label_rows[row] = a.row;
        }
    }
    let item_col = header.cols[2];
    let own = |row: usize, col: usize| {
        let c = table.cell(row, col);
        c.row == row && !c.text.is_empty()
    };
    // The long form (Azione | Voce di costo | Importo): one row per item under
    // an action merged over them, each item with its own amount, the action's
    // in a "Totale azione" row of its own.
    let item_amount = |row: usize| item_col.is_some_and(|c| own(row, c)) && own(row, amt_col);
    let total_label = |row: usize| {
        let label = &table.cell(row, act_col).text;
        TOTAL.is_match(label).then_some(label)
    };
    let long_form = (first..table.n_rows)
        .filter(|&row| total_label(row).is_none() && item_amount(row))
        .filter(|&row| !table.cell(label_rows[row], act_col).text.is_empty())
        .fold(HashMap::<usize, usize>::new(), |mut n, row| {
            *n.entry(label_rows[row]).or_default() += 1;
            n
        })
        .values()
        .any(|&n| n > 1);
    let last_total = (first..table.n_rows).rfind(|&row| total_label(row).is_some());
    let mut previous: Option<(usize, Option<usize>)> = None;
    let mut seen: (HashSet<usize>, HashSet<usize>) = Default::default();
    for row in first..table.n_rows {
        let (a, m) = (
            table.cell(label_rows[row], act_col),
            table.cell(amount_rows[row], amt_col),
        );
        if let Some(label) = total_label(row) {
            let text = printed(m);
            let printed_total = format!("{} {text}", a.text).trim().to_string();
            let action = actions
                .last_mut()
                .filter(|_| subtotal(label, Some(row) == last_total));
            match action {
                Some(action) => action_total(action, &text, printed_total, m.page, &mut warnings),
                None => {
                    let euro = read_amount(&text, m.page, "declared total", &mut warnings);
                    total = Some((euro, printed_total, m.page));
                }
            }
            continue;
        }
        let long_item = long_form && item_amount(row);
        let key = (label_rows[row], (!long_item).then_some(amount_rows[row]));
        if previous != Some(key) {
            // A label or an amount is the first action's it stands beside
            // (a label merged over two amounts labels the first).
            let new = |at: usize, seen: &HashSet<usize>| at >= first && !seen.contains(&at);
            let label = if new(key.0, &seen.0) {
                a.text.clone()
            } else {
                String::new()
            };
            let declared_text = match key.1 {
                Some(at) if new(at, &seen.1) => printed(m),
                _ => String::new(),
            };
            seen.0.insert(key.0);
            seen.1.extend(key.1);
            previous = Some(key);
            let what = format!("cost action \"{label}\"");
            let declared_eur = read_amount(&declared_text, m.page, &what, &mut warnings);
            if label.is_empty() && declared_eur.is_some() {
                warnings.push(Warning {
                    code: WarningCode::CostRowUnlabelled,
                    message: format!("a cost row of {declared_text} has no action label"),
                    page: Some(m.page),
                });
            }
            if label.is_empty() && declared_text.is_empty() && row_is_empty(table, row) {
                continue;
            }
            // A label's wrapped line read as a row of its own (a page break
            // cut its cell, or rows set close with nothing but horizontal
            // rules read each line as one): its text goes on mid-sentence and
            // has no amount. It is the rest of the label before, and its
            // items that action's.
            if declared_text.is_empty()
                && opens_lower_word(&label)
                && let Some(before) = actions.last_mut()
                && !before.label.is_empty()
            {
                before.label = format!("{} {label}", before.label);
            } else if label.is_empty() && declared_text.is_empty() && !actions.is_empty() {
                // Neither a label nor an amount of its own: more items of the
                // action above, whose cells are merged over this row too.
            } else {
                actions.push(CostAction {
                    label,
                    declared_eur,
                    declared_page: (!declared_text.is_empty()).then_some(m.page),
                    declared_text,
                    computed_eur: None,
                    items: Vec::new(),
                });
            }
        }
        if let Some(col) = item_col {
            let c = table.cell(row, col);
            if c.row == row && !c.text.is_empty() {
                let mut it = item(&c.text, c.page, table.row_box(row, c.page), &mut warnings);
                if long_item && it.amount_text.is_empty() {
                    let m = table.cell(row, amt_col);
                    let what = format!("cost item \"{}\"", it.label);
                    it.amount_text = printed(m);
                    it.amount_eur = read_amount(&it.amount_text, m.page, &what, &mut warnings);
                }
                if let Some(action) = actions.last_mut() {
                    action.items.push(it);
                }
            }
        }
    }
    let actions = join_lists(actions, &mut warnings);
    unpriced(&actions, &mut warnings);
    finish(actions, total, warnings)
}

/// Whether a "Totale" row of a cost table closes the action above rather than
/// the table: it names a part ("Totale azione", "Subtotale", "Totale parziale"),
/// or it is not the table's `last` total row and does not name the whole
/// ("complessivo", "generale", "progetto").
fn subtotal(label: &str, last: bool) -> bool {
    SUBTOTAL.is_match(label) || (!last && !GRAND.is_match(label))
}

/// Gives `action` the amount of the total row that closes it. An action that
/// declares an amount of its own beside it keeps that one, and where the two
/// disagree, says so.
fn action_total(
    action: &mut CostAction,
    amount: &str,
    printed_total: String,
    page: u32,
    warnings: &mut Vec<Warning>,
) {
    let what = format!("cost action \"{}\"", action.label);
    let euro = read_amount(amount, page, &what, warnings);
    if action.declared_text.is_empty() {
        action.declared_eur = euro;
        action.declared_text = printed_total;
        action.declared_page = Some(page);
    } else if euro.is_some() && euro != action.declared_eur {
        warnings.push(Warning {
            code: WarningCode::CostTotalMismatch,
            message: format!(
                "cost action \"{}\" declares {} beside its label but \"{printed_total}\" in its \
                 total row",
                action.label, action.declared_text
            ),
            page: Some(page),
        });
    }
}

/// Whether an action declares an amount, or any of its items has one.
fn priced(a: &CostAction) -> bool {
    !a.declared_text.is_empty() || a.items.iter().any(|i| i.amount_eur.is_some())
}

/// Joins each action with no amount whose label is the next item of the list
/// that the priced label above opens (both open with a list mark: one
/// action's two aims, its cell cut by a page break or its lines read as rows)
/// to that action: its label is the rest of that label, its items that
/// action's. Said in a warning, since an action whose amount was left out
/// looks alike. Not where an amount without a label follows: that amount is
/// more likely the label's own, set apart from it.
fn join_lists(actions: Vec<CostAction>, warnings: &mut Vec<Warning>) -> Vec<CostAction> {
    let unlabelled_amount =
        |a: Option<&CostAction>| a.is_some_and(|a| a.label.is_empty() && a.declared_eur.is_some());
    let mut joined: Vec<CostAction> = Vec::with_capacity(actions.len());
    let mut rest = actions.into_iter().peekable();
    while let Some(action) = rest.next() {
        let goes_on = |before: &CostAction| {
            !before.declared_text.is_empty()
                && before.label.starts_with(LIST_MARKS)
                && action.label.starts_with(LIST_MARKS)
                && !priced(&action)
        };
        match joined.last_mut() {
            Some(before) if goes_on(before) && !unlabelled_amount(rest.peek()) => {
                warnings.push(Warning {
                    code: WarningCode::CostActionUnpriced,
                    message: format!(
                        "\"{}\" has no amount of its own and goes on the list of cost action \
                         \"{}\" above: read as part of that action (an action whose amount was \
                         left out would look the same)",
                        action.label, before.label
                    ),
                    page: action
                        .items
                        .first()
                        .map(|i| i.page)
                        .or(before.declared_page),
                });
                before.label = format!("{} {}", before.label, action.label);
                before.items.extend(action.items);
            }
            _ => joined.push(action),
        }
    }
    joined
}

/// Flags each action with neither an amount nor priced items in a table whose
/// other actions declare theirs: an amount left out, or a part of the action
/// above that the table read as a row of its own ("- Promozione …" |
/// "- Qualificazione …", one action's two aims, in rows set close), which
/// took the items beside it. Neither is to be taken as read.
fn unpriced(actions: &[CostAction], warnings: &mut Vec<Warning>) {
    if actions.iter().all(|a| a.declared_text.is_empty()) {
        return;
    }
    for a in actions {
        if !priced(a) && !a.label.is_empty() {
            warnings.push(Warning {
                code: WarningCode::CostActionUnpriced,
                message: format!(
                    "cost action \"{}\" has no amount where the table's other actions have \
                     theirs: an amount left out, or a part of the action above read as one",
                    a.label
                ),
                page: a.items.first().map(|i| i.page),
            });
        }
    }
}

/// Reads a cost table without an action column: one unnamed action whose items
/// are the rows, each with its own amount.
fn items_table(table: &Table, header: &Header, amt_col: usize) -> (Costs, Vec<Warning>) {
    let item_col = header.cols[2].expect("required without an action column");
    let mut warnings = Vec::new();
    let mut items = Vec::new();
    let mut total: Option<(Option<Euro>, String, u32)> = None;
    for row in header.row + 1..table.n_rows {
        let (label, m) = (table.cell(row, item_col), table.cell(row, amt_col));
        if label.row != row || (label.text.is_empty() && m.text.is_empty()) {
            continue;
        }
        let amount_text = printed(m);
        if TOTAL.is_match(&label.text) {
            let euro = read_amount(&amount_text, m.page, "declared total", &mut warnings);
            total = Some((euro, format!("{} {amount_text}", label.text), m.page));
            continue;
        }
        let what = format!("cost item \"{}\"", label.text);
        items.push(CostItem {
            label: label.text.clone(),
            amount_eur: read_amount(&amount_text, m.page, &what, &mut warnings),
            amount_text,
            page: label.page,
            bbox: table.row_box(row, label.page),
        });
    }
    let action = CostAction {
        label: String::new(),
        declared_eur: None,
        declared_text: String::new(),
        declared_page: None,
        computed_eur: None,
        items,
    };
    finish(vec![action], total, warnings)
}

fn row_is_empty(table: &Table, row: usize) -> bool {
    table.row_cells(row).iter().all(|c| c.text.is_empty())
}

/// Reads costs written as prose: action heads, "Label: euro X" items, lines of
/// activity without an amount, "Totale …" lines. `None` when nothing has an amount.
/// The priced items of a paragraph: it ends at an amount followed by more
/// text opening with a capital ("…: euro 2.117,00 Attrezzature: euro
/// 4.000,00", two paragraphs that a page break ran into one), so that no label
/// takes the amount of the item after it.
fn priced_pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in PRICED.find_iter(text) {
        let rest = text[m.end()..].trim_start_matches([' ', '.', ';']);
        if rest.starts_with(char::is_uppercase) {
            out.push(text[start..m.end()].trim());
            start = text.len() - rest.len();
        }
    }
    out.push(text[start..].trim());
    out
}

/// Where `piece`, a part of `p`'s text, is printed: the page of its first
/// line and the box of its lines on that page (a paragraph may go on over a
/// page break, and a piece be on the second page).
fn place(p: &Paragraph, piece: &str) -> (u32, Option<[f64; 4]>) {
    // The piece is a slice of the paragraph's text: its byte range there.
    let start = (piece.as_ptr() as usize).wrapping_sub(p.text.as_ptr() as usize);
    if start > p.text.len() {
        return (p.page, None);
    }
    let end = start + piece.len();
    let ends = p
        .lines
        .iter()
        .skip(1)
        .map(|l| l.start)
        .chain([p.text.len()]);
    let lines: Vec<_> = p
        .lines
        .iter()
        .zip(ends)
        .filter(|(l, line_end)| l.start < end && *line_end > start)
        .map(|(l, _)| l)
        .collect();
    let Some(first) = lines.first() else {
        return (p.page, None);
    };
    let bbox = lines
        .iter()
        .filter(|l| l.page == first.page)
        .map(|l| l.bbox)
        .reduce(crate::tables::union);
    (first.page, bbox)
}

pub fn from_paragraphs(paragraphs: &[Paragraph]) -> Option<(Costs, Vec<Warning>)> {
    let mut warnings = Vec::new();
    let mut actions: Vec<CostAction> = Vec::new();
    let mut total: Option<(Option<Euro>, String, u32)> = None;
    let mut any_amount = false;
    let pieces = paragraphs.iter().flat_map(|p| {
        priced_pieces(p.text.trim())
            .into_iter()
            .map(move |t| (p, t))
    });
    for (p, text) in pieces {
        let (_, amount_text) = split_item(text);
        if TOTAL.is_match(text) {
            let Some(amount_text) =
                amount_text.or_else(|| parse_amount(text).map(|_| text.to_string()))
            else {
                continue;
            };
            any_amount = true;
            match actions.last_mut() {
                Some(action) if !GRAND.is_match(text) && action.declared_eur.is_none() => {
                    let what = format!("cost action \"{}\"", action.label);
                    let page = place(p, text).0;
                    action.declared_eur = read_amount(&amount_text, page, &what, &mut warnings);
                    action.declared_text = text.to_string();
                    action.declared_page = Some(page);
                }
                _ => {
                    let page = place(p, text).0;
                    let euro = read_amount(&amount_text, page, "declared total", &mut warnings);
                    total = Some((euro, text.to_string(), page));
                }
            }
            continue;
        }
        if ACTION_HEAD.is_match(text) && amount_text.is_none() {
            actions.push(CostAction {
                label: text.to_string(),
                declared_eur: None,
                declared_text: String::new(),
                declared_page: None,
                computed_eur: None,
                items: Vec::new(),
            });
        } else if let Some(action) = actions.last_mut() {
            any_amount |= amount_text.is_some();
            let (page, bbox) = place(p, text);
            action.items.push(item(text, page, bbox, &mut warnings));
        }
    }
    if !any_amount {
        return None;
    }
    Some(finish(actions, total, warnings))
}

/// Computes the sums and flags every declared total that disagrees with them.
/// `total` is the declared total, if printed: as read, as printed, and its page.
fn finish(
    mut actions: Vec<CostAction>,
    total: Option<(Option<Euro>, String, u32)>,
    mut warnings: Vec<Warning>,
) -> (Costs, Vec<Warning>) {
    let (declared_total_eur, declared_total_text, declared_total_page) = match total {
        Some((euro, text, page)) => (euro, text, Some(page)),
        None => (None, String::new(), None),
    };
    let page = |a: &CostAction| a.items.first().map(|i| i.page);
    for a in &mut actions {
        let amounts: Vec<Euro> = a.items.iter().filter_map(|i| i.amount_eur).collect();
        a.computed_eur =
            (!amounts.is_empty()).then(|| Euro::from_cents(amounts.iter().map(|e| e.cents).sum()));
        if let (Some(declared), Some(computed)) = (a.declared_eur, a.computed_eur)
            && declared != computed
        {
            warnings.push(Warning {
                code: WarningCode::CostTotalMismatch,
                message: format!(
                    "cost action \"{}\": its items add up to {} but its declared total is {}",
                    a.label,
                    computed.italian(),
                    declared.italian()
                ),
                page: page(a),
            });
        }
    }
    let parts: Vec<Euro> = actions
        .iter()
        .filter_map(|a| a.computed_eur.or(a.declared_eur))
        .collect();
    let computed_total_eur =
        (!parts.is_empty()).then(|| Euro::from_cents(parts.iter().map(|e| e.cents).sum()));
    if let (Some(declared), Some(computed)) = (declared_total_eur, computed_total_eur) {
        if declared != computed {
            warnings.push(Warning {
                code: WarningCode::CostTotalMismatch,
                message: format!(
                    "the costs add up to {} but the declared total (\"{declared_total_text}\") is {}",
                    computed.italian(),
                    declared.italian()
                ),
                page: None,
            });
        }
        let declared_parts: Vec<Euro> = actions.iter().filter_map(|a| a.declared_eur).collect();
        if actions.len() > 1 && declared_parts.len() == actions.len() {
            let sum = Euro::from_cents(declared_parts.iter().map(|e| e.cents).sum());
            if sum != declared && sum != computed {
                warnings.push(Warning {
                    code: WarningCode::CostTotalMismatch,
                    message: format!(
                        "the actions' declared totals add up to {} but the declared total is {}",
                        sum.italian(),
                        declared.italian()
                    ),
                    page: None,
                });
            }
        }
    }
    (
        Costs {
            actions,
            declared_total_eur,
            declared_total_text,
            declared_total_page,
            computed_total_eur,
        },
        warnings,
    )
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&TRAILING_AMOUNT);
    LazyLock::force(&PRICED);
    LazyLock::force(&ACTION_HEAD);
    LazyLock::force(&TOTAL);
    LazyLock::force(&SUBTOTAL);
    LazyLock::force(&GRAND);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Paragraph {
        Paragraph::from_text(text.to_string(), 16)
    }

    /// The prose form, as Liguria writes it (abridged), with its real mismatch.
    #[test]
    fn prose_costs_with_action_totals_and_a_mismatch() {
        let paragraphs: Vec<Paragraph> = [
            "Le spese saranno sostenute da Regione e da Arsel nell’ambito delle attività",
            "A) Valorizzazione e rafforzamento del lavoro di rete",
            "Costituzione e avvio dei tavoli tematici",
            "Costi del personale interno (coordinamento, organizzazione e realizzazione attività): euro 48.000,00",
            "Costi di viaggio e di soggiorno: euro 3.000,00",
            "Totale euro 51.000,00",
            "D) Altri costi trasversali alle azioni A-B-C",
            "Attrezzature: euro 4.000,00",
            "Redazione e stampa pubblicazione finale (procedura di affidamento): 5.000,00",
            "Totale euro 7.000,00",
            "Costo totale dell’intervento euro 60.000,00",
        ]
        .into_iter()
        .map(para)
        .collect();
        let (costs, warnings) = from_paragraphs(&paragraphs).unwrap();
        assert_eq!(costs.actions.len(), 2);
        let a = &costs.actions[0];
        assert_eq!(
            a.label,
            "A) Valorizzazione e rafforzamento del lavoro di rete"
        );
        assert_eq!(a.declared_eur, Some(Euro::from_cents(5_100_000)));
        assert_eq!(a.computed_eur, Some(Euro::from_cents(5_100_000)));
        let items: Vec<(&str, Option<i64>, &str)> = a
            .items
            .iter()
            .map(|i| {
                (
                    i.label.as_str(),
                    i.amount_eur.map(|e| e.cents),
                    i.amount_text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                ("Costituzione e avvio dei tavoli tematici", None, ""),
                (
                    "Costi del personale interno (coordinamento, organizzazione e realizzazione attività)",
                    Some(4_800_000),
                    "euro 48.000,00"
                ),
                (
                    "Costi di viaggio e di soggiorno",
                    Some(300_000),
                    "euro 3.000,00"
                ),
            ]
        );
        let d = &costs.actions[1];
        assert_eq!(d.computed_eur, Some(Euro::from_cents(900_000)));
        assert_eq!(d.items[1].amount_text, "5.000,00");
        assert_eq!(costs.declared_total_eur, Some(Euro::from_cents(6_000_000)));
        assert_eq!(costs.computed_total_eur, Some(Euro::from_cents(6_000_000)));
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "cost action \"D) Altri costi trasversali alle azioni A-B-C\": its items add up to 9.000,00 but its declared total is 7.000,00",
                "the actions' declared totals add up to 58.000,00 but the declared total is 60.000,00",
            ]
        );
        assert!(
            warnings
                .iter()
                .all(|w| w.code == WarningCode::CostTotalMismatch)
        );
    }

    /// Voce di spesa | Importo, ruled, with a total that its rows exceed.
    #[test]
    fn a_cost_table_without_an_action_column() {
        use crate::pdf::Segment;
        use crate::testing::{glyphs, page};
        let mut g = Vec::new();
        for (i, (item, amount)) in [
            ("Voce di spesa", "Importo"),
            ("Personale interno", "€ 10.000,00"),
            ("Viaggi", "2.500"),
            ("Totale", "€ 12.000,00"),
        ]
        .iter()
        .enumerate()
        {
            let y = 115.0 + 20.0 * i as f64;
            g.extend(glyphs(item, 105.0, y, 10.0));
            g.extend(glyphs(amount, 305.0, y, 10.0));
        }
        let mut segments = Vec::new();
        for i in 0..5 {
            let y = 100.0 + 20.0 * i as f64;
            segments.push(Segment {
                x0: 100.0,
                y0: y,
                x1: 450.0,
                y1: y,
            });
        }
        for x in [100.0, 300.0, 450.0] {
            segments.push(Segment {
                x0: x,
                y0: 100.0,
                x1: x,
                y1: 180.0,
            });
        }
        let p = page(7, g, segments, vec![]);
        let tables = crate::tables::ruled::tables(&p, &crate::layout::lay_out_page(&p));
        let h = header(&tables[0]).expect("a cost header");
        assert_eq!(h.cols[0], None);
        let (costs, warnings) = from_table(&tables[0], &h);
        let items: Vec<(&str, Option<i64>)> = costs.actions[0]
            .items
            .iter()
            .map(|i| (i.label.as_str(), i.amount_eur.map(|e| e.cents)))
            .collect();
        assert_eq!(
            items,
            [
                ("Personale interno", Some(1_000_000)),
                ("Viaggi", Some(250_000))
            ]
        );
        assert_eq!(costs.declared_total_eur, Some(Euro::from_cents(1_200_000)));
        assert_eq!(costs.computed_total_eur, Some(Euro::from_cents(1_250_000)));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("12.500,00") && warnings[0].message.contains("12.000,00")
        );
    }

    /// Each action's label with its items' labels.
    fn labels_and_items(costs: &Costs) -> Vec<(&str, Vec<&str>)> {
        (costs.actions.iter())
            .map(|a| {
                (
                    a.label.as_str(),
                    a.items.iter().map(|i| i.label.as_str()).collect(),
                )
            })
            .collect()
    }

    /// The long form (Azione | Voce di costo | Importo): each action's cell
    /// merged over its items, every item with its own amount, the action's
    /// amount in a "Totale azione" row below them. The amounts on the items'
    /// rows are the items', each "Totale azione" closes its action (a
    /// disagreeing one is flagged) and only the last total is the plan's.
    #[test]
    fn long_form_items_priced_under_merged_actions_with_action_totals() {
        let mut page = crate::testing::grid_page(&[
            &["N.", "Azione", "Voce di costo", "Importo"],
            &["1", "Rete", "Personale", "48.000,00"],
            &["", "", "Viaggi", "3.000,00"],
            &["", "Totale azione", "", "51.000,00"],
            &["2", "Servizi", "Docenze", "5.000,00"],
            &["", "", "Materiali", "2.000,00"],
            &["", "Totale azione", "", "8.000,00"],
            &["", "Totale complessivo", "", "59.000,00"],
        ]);
        // The action cells merged over their items' rows: no rule across
        // the action column between them.
        let merged_below = [1, 4];
        let (x1, x2) = (80.0, 200.0);
        page.segments = page
            .segments
            .into_iter()
            .flat_map(|s| {
                let inside = s.y0 == s.y1
                    && merged_below
                        .iter()
                        .any(|&r| s.y0 == 100.0 + 15.0 * (r + 1) as f64);
                if inside {
                    vec![
                        crate::pdf::Segment { x1, ..s },
                        crate::pdf::Segment { x0: x2, ..s },
                    ]
                } else {
                    vec![s]
                }
            })
            .collect();
        let layout = crate::layout::lay_out_page(&page);
        let tables = crate::tables::find_tables(&[page], &[layout], 500.0, &[]);
        assert_eq!(tables.len(), 1);
        let h = header(&tables[0]).expect("a cost header");
        let (costs, warnings) = from_table(&tables[0], &h);
        assert_eq!(
            labels_and_items(&costs),
            [
                ("Rete", vec!["Personale", "Viaggi"]),
                ("Servizi", vec!["Docenze", "Materiali"]),
            ]
        );
        let euro = |e: i64| Some(Euro::from_cents(e * 100));
        let amounts: Vec<_> = costs.actions[0]
            .items
            .iter()
            .map(|i| i.amount_eur)
            .collect();
        assert_eq!(amounts, [euro(48_000), euro(3_000)]);
        assert_eq!(costs.actions[0].declared_eur, euro(51_000));
        assert_eq!(costs.actions[0].declared_text, "Totale azione 51.000,00");
        assert_eq!(costs.actions[0].computed_eur, euro(51_000));
        assert_eq!(costs.actions[1].declared_eur, euro(8_000));
        assert_eq!(costs.actions[1].computed_eur, euro(7_000));
        assert_eq!(costs.declared_total_eur, euro(59_000));
        let mismatches: Vec<&str> = warnings
            .iter()
            .filter(|w| w.code == WarningCode::CostTotalMismatch)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(mismatches.len(), 2, "{warnings:?}");
        assert!(mismatches[0].contains("\"Servizi\": its items add up to 7.000,00"));
        assert!(mismatches[1].contains("the costs add up to 58.000,00"));
        assert!(
            !warnings
                .iter()
                .any(|w| w.code == WarningCode::CostRowUnlabelled),
            "{warnings:?}"
        );
    }

    /// In the usual form (Azione | Importo | Voci di costo) a "Totale
    /// azione" row below an action that declares its amount checks it; a
    /// plain "Totale" followed by more actions closes the one above too.
    #[test]
    fn action_total_rows_check_the_action_above() {
        let page = crate::testing::grid_page(&[
            &["N.", "Azione", "Importo", "Voci di costo"],
            &["1", "Rete", "10.000,00", "Personale"],
            &["", "Totale azione", "12.000,00", ""],
            &["2", "Servizi", "", "Docenze"],
            &["", "Totale", "5.000,00", ""],
            &["", "Totale complessivo", "15.000,00", ""],
        ]);
        let layout = crate::layout::lay_out_page(&page);
        let tables = crate::tables::find_tables(&[page], &[layout], 500.0, &[]);
        let h = header(&tables[0]).expect("a cost header");
        let (costs, warnings) = from_table(&tables[0], &h);
        let euro = |e: i64| Some(Euro::from_cents(e * 100));
        let declared: Vec<_> = costs.actions.iter().map(|a| a.declared_eur).collect();
        assert_eq!(declared, [euro(10_000), euro(5_000)]);
        assert_eq!(costs.declared_total_eur, euro(15_000));
        assert!(
            warnings
                .iter()
                .any(|w| w.code == WarningCode::CostTotalMismatch
                    && w.message.contains("\"Totale azione 12.000,00\"")),
            "{warnings:?}"
        );
    }

    /// A cost table over two pages: the page break cut the first action's
    /// label cell, whose rest ("dedicati") the next page reads in a row of
    /// its own beside the next item; below it, a row with neither a label
    /// nor an amount holds one more item. Both belong to the first action.
    #[test]
    fn a_label_cut_by_a_page_break_and_unlabelled_rows_go_on_the_action_above() {
        use crate::testing::grid_page;
        let first = grid_page(&[
            &["Azione", "Importo", "Voci di costo"],
            &["Servizi", "€ 1.000,00", "Facilitatori"],
        ]);
        let mut second = grid_page(&[
            &["", "", "e operatori"],
            &["dedicati", "", "Affitto locali"],
            &["", "", "Materiali"],
            &["Stampa", "€ 500,00", "Volantini"],
        ]);
        second.number = first.number + 1;
        let pages = [first, second];
        let layouts: Vec<_> = pages.iter().map(crate::layout::lay_out_page).collect();
        let tables = crate::tables::find_tables(&pages, &layouts, 500.0, &[]);
        assert_eq!(tables.len(), 1, "one table over both pages");
        let h = header(&tables[0]).expect("a cost header");
        let (costs, _) = from_table(&tables[0], &h);
        assert_eq!(
            labels_and_items(&costs),
            [
                (
                    "Servizi dedicati",
                    vec!["Facilitatori e operatori", "Affitto locali", "Materiali"]
                ),
                ("Stampa", vec!["Volantini"]),
            ]
        );
    }

    /// A label's second line read as a row of its own on the same page (rows
    /// set close, ruled only across): it goes on mid-sentence and has no
    /// amount, so it is the label's rest and its items that action's.
    #[test]
    fn a_label_s_wrapped_line_read_as_a_row_goes_on_the_action_above() {
        let page = crate::testing::grid_page(&[
            &["Azione", "Importo", "Voci di costo"],
            &["Corso base", "32.000", "Docenza"],
            &["sul posto", "", "Tutor"],
            &["Laboratori", "30.000", "Tutor"],
        ]);
        let layout = crate::layout::lay_out_page(&page);
        let tables = crate::tables::find_tables(&[page], &[layout], 500.0, &[]);
        assert_eq!(tables.len(), 1);
        let h = header(&tables[0]).expect("a cost header");
        let (costs, _) = from_table(&tables[0], &h);
        assert_eq!(
            labels_and_items(&costs),
            [
                ("Corso base sul posto", vec!["Docenza", "Tutor"]),
                ("Laboratori", vec!["Tutor"]),
            ]
        );
    }

    /// An action's second aim read as a row of its own beside the next items
    /// ("- Qualificazione …", no amount): the next item of the list the priced
    /// label above opens is that label's rest, and its items that action's,
    /// said in a warning, unless an amount without a label follows it (its
    /// own, set apart). An action without an amount that goes on no list
    /// among priced ones is flagged, not taken as read; where no action
    /// declares one (the amounts are the items'), none is.
    #[test]
    fn an_action_without_an_amount_among_priced_ones_is_flagged() {
        let costs_of = |rows: &[&[&str]]| {
            let page = crate::testing::grid_page(rows);
            let layout = crate::layout::lay_out_page(&page);
            let tables = crate::tables::find_tables(&[page], &[layout], 500.0, &[]);
            let h = header(&tables[0]).expect("a cost header");
            from_table(&tables[0], &h)
        };
        let unpriced = |warnings: &[Warning]| -> Vec<String> {
            (warnings.iter())
                .filter(|w| w.code == WarningCode::CostActionUnpriced)
                .map(|w| w.message.clone())
                .collect()
        };
        let (costs, warnings) = costs_of(&[
            &["Azione", "Importo", "Voci di costo"],
            &["- Promozione", "224.205", "Facilitatori"],
            &["- Qualifica", "", "Affitto locali"],
            &["- Analisi", "24.912", "Spese"],
        ]);
        assert_eq!(
            labels_and_items(&costs),
            [
                (
                    "- Promozione - Qualifica",
                    vec!["Facilitatori", "Affitto locali"]
                ),
                ("- Analisi", vec!["Spese"]),
            ]
        );
        let flagged = unpriced(&warnings);
        assert_eq!(flagged.len(), 1);
        assert!(flagged[0].contains("\"- Qualifica\" has no amount of its own"));
        // A label alone, its amount set apart in the row below: not joined.
        let (costs, _) = costs_of(&[
            &["Azione", "Importo", "Voci di costo"],
            &["- Promozione", "224.205", "Facilitatori"],
            &["- Analisi", "", ""],
            &["", "24.912", "Spese"],
        ]);
        assert_eq!(costs.actions[0].label, "- Promozione");
        let (costs, warnings) = costs_of(&[
            &["Azione", "Importo", "Voci di costo"],
            &["Promozione", "224.205", "Facilitatori"],
            &["Qualifica", "", "Affitto locali"],
            &["Analisi", "24.912", "Spese"],
        ]);
        assert_eq!(costs.actions.len(), 3);
        let flagged = unpriced(&warnings);
        assert_eq!(flagged.len(), 1);
        assert!(flagged[0].contains("cost action \"Qualifica\" has no amount"));
        let (_, warnings) = costs_of(&[
            &["Azione", "Importo", "Voci di costo"],
            &["Corsi", "", "Docenza: 1.000"],
            &["Laboratori", "", "Tutor: 500"],
        ]);
        assert!(unpriced(&warnings).is_empty());
    }

    #[test]
    fn prose_without_amounts_is_not_costs() {
        assert!(from_paragraphs(&[para("Le risorse saranno definite in seguito.")]).is_none());
    }

    #[test]
    fn items_split_from_their_amounts() {
        assert_eq!(
            split_item("Attrezzature: euro 4.000,00"),
            (
                "Attrezzature".to_string(),
                Some("euro 4.000,00".to_string())
            )
        );
        assert_eq!(
            split_item("Affitto locali € 1.200"),
            ("Affitto locali".to_string(), Some("€ 1.200".to_string()))
        );
        assert_eq!(
            split_item("Docenza Tutor"),
            ("Docenza Tutor".to_string(), None)
        );
    }

    /// Amounts with their currency after them: the currency is part of the
    /// amount, not a label of its own.
    #[test]
    fn amounts_followed_by_their_currency() {
        let paragraphs: Vec<Paragraph> = [
            "A) Lavoro di rete",
            "Costi del personale interno: 48.000,00 Euro",
            "Costi di viaggio e di soggiorno: 3.000,00 €",
            "Totale azione: 51.000,00 Euro",
        ]
        .into_iter()
        .map(para)
        .collect();
        let (costs, warnings) = from_paragraphs(&paragraphs).expect("costs");
        let items: Vec<(&str, &str, Option<i64>)> = costs.actions[0]
            .items
            .iter()
            .map(|i| {
                let cents = i.amount_eur.map(|e| e.cents);
                (i.label.as_str(), i.amount_text.as_str(), cents)
            })
            .collect();
        assert_eq!(
            items,
            [
                (
                    "Costi del personale interno",
                    "48.000,00 Euro",
                    Some(4_800_000)
                ),
                (
                    "Costi di viaggio e di soggiorno",
                    "3.000,00 €",
                    Some(300_000)
                ),
            ]
        );
        assert_eq!(
            costs.actions[0].declared_eur.map(|e| e.cents),
            Some(5_100_000)
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    /// Azione | Importo over two columns, "€" in the first of them: the
    /// amounts are read from the column that holds them.
    #[test]
    fn a_currency_sign_in_a_column_of_its_own() {
        use crate::pdf::Segment;
        use crate::testing::{glyphs, page};
        let rows = [
            ["Azione", "Importo", "", "Voci di costo"],
            ["A) Rete", "€", "30.000", "Personale"],
            ["B) Servizi", "€", "12.500", "Consulenze"],
            ["Totale complessivo", "€", "42.500", ""],
        ];
        let xs = [100.0, 250.0, 280.0, 400.0, 550.0];
        let mut g = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let y = 115.0 + 20.0 * i as f64;
            for (text, x) in row.iter().zip(xs) {
                g.extend(glyphs(text, x + 5.0, y, 10.0));
            }
        }
        let seg = |x0, y0, x1, y1| Segment { x0, y0, x1, y1 };
        let mut segments: Vec<Segment> = (0..5)
            .map(|i| {
                seg(
                    100.0,
                    100.0 + 20.0 * i as f64,
                    550.0,
                    100.0 + 20.0 * i as f64,
                )
            })
            .collect();
        for x in [100.0, 250.0, 400.0, 550.0] {
            segments.push(seg(x, 100.0, x, 180.0));
        }
        // No rule between the sign and the amount in the header row.
        segments.push(seg(280.0, 120.0, 280.0, 180.0));
        let p = page(9, g, segments, vec![]);
        let tables = crate::tables::ruled::tables(&p, &crate::layout::lay_out_page(&p));
        let h = header(&tables[0]).expect("a cost header");
        let (costs, warnings) = from_table(&tables[0], &h);
        let got: Vec<(&str, Option<i64>)> = costs
            .actions
            .iter()
            .map(|a| (a.label.as_str(), a.declared_eur.map(|e| e.cents)))
            .collect();
        assert_eq!(
            got,
            [
                ("A) Rete", Some(3_000_000)),
                ("B) Servizi", Some(1_250_000))
            ]
        );
        assert_eq!(costs.declared_total_eur.map(|e| e.cents), Some(4_250_000));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    /// Two priced items a page break ran into one paragraph: each keeps its
    /// own amount (the label before did take the amount after it).
    #[test]
    fn items_run_into_one_paragraph_keep_their_amounts() {
        let paragraphs: Vec<Paragraph> = [
            "D) Altri costi trasversali",
            "Costi di personale interno per la rendicontazione: euro 2.117,00 Attrezzature: euro 4.000,00",
            "Materiali di consumo: euro 2.000,00",
            "Totale euro 8.117,00",
        ]
        .into_iter()
        .map(para)
        .collect();
        let (costs, warnings) = from_paragraphs(&paragraphs).expect("costs");
        let items: Vec<(&str, Option<i64>)> = costs.actions[0]
            .items
            .iter()
            .map(|i| (i.label.as_str(), i.amount_eur.map(|e| e.cents)))
            .collect();
        assert_eq!(
            items,
            [
                (
                    "Costi di personale interno per la rendicontazione",
                    Some(211_700)
                ),
                ("Attrezzature", Some(400_000)),
                ("Materiali di consumo", Some(200_000)),
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            priced_pieces("Totale euro 7.117,00"),
            ["Totale euro 7.117,00"]
        );
    }
}
