//! II.1.3 *Sistema degli attori*: who takes part and how, one record per row.

use super::columns::{ACTION, ACTOR, QUANTITY, ROLE};
use super::{Header, actions, count_headed_n, descriptions, find_header, is_banner, quantities};
use crate::model::Actor;
use crate::numbers::parse_quantity;
use crate::tables::Table;

/// The header of an actors table, if `table` is one: a quantity, who, and how
/// they take part.
pub fn header(table: &Table) -> Option<Header> {
    let keys = [ACTION, QUANTITY, ACTOR, ROLE];
    find_header(table, &keys, &[1, 2, 3]).or_else(|| count_headed_n(table, &keys, (0, 1), &[2, 3]))
}

/// Reads the actors, one per name cell; a role merged over several rows belongs
/// to each, a merged quantity is given on the first row only.
pub fn extract(table: &Table, header: &Header) -> Vec<Actor> {
    let qty_col = header.cols[1].expect("required");
    let (name_col, role_col) = (
        header.cols[2].expect("required"),
        header.cols[3].expect("required"),
    );
    let mut out: Vec<Actor> = Vec::new();
    let actions = actions(table, header.cols[0], header.row + 1);
    let mut quantities = quantities(table, qty_col, header.row + 1, &actions);
    let mut roles = descriptions(table, role_col, header.row + 1, &actions);
    for (row, action) in actions.into_iter().enumerate().skip(header.row + 1) {
        if !table.starts_at(row, name_col) || is_banner(table, row) {
            continue;
        }
        let name = table.cell(row, name_col);
        let role = std::mem::take(&mut roles[row]);
        let quantity_text = std::mem::take(&mut quantities[row]);
        if name.text.is_empty() && role.is_empty() && quantity_text.is_empty() {
            continue;
        }
        out.push(Actor {
            action,
            quantity: parse_quantity(&quantity_text),
            quantity_text,
            name: name.text.clone(),
            role,
            page: name.page,
            bbox: table.row_box(row, name.page),
        });
    }
    out
}
