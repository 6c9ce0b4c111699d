//! II.1.2 *Destinatari*: who the action reaches, one record per table row.

use super::columns::{ACTION, QUANTITY, RECIPIENT, ROLE};
use super::{Header, actions, count_headed_n, find_header, is_banner, quantities};
use crate::model::{Recipient, RecipientKind};
use crate::numbers::parse_quantity;
use crate::tables::Table;
use crate::text::fold;

/// The header of a recipients table, if `table` is one: a quantity and who
/// (a role column would make it the actors table).
pub fn header(table: &Table) -> Option<Header> {
    let keys = [ACTION, QUANTITY, RECIPIENT, ROLE];
    let h = find_header(table, &keys, &[1, 2])
        .or_else(|| count_headed_n(table, &keys, (0, 1), &[2]))?;
    h.cols[3].is_none().then_some(h)
}

/// Reads the recipients, one per description cell. An action cell merged over
/// several rows (or left empty under one) belongs to each of them; a quantity
/// merged over several rows is given on the first only.
pub fn extract(table: &Table, header: &Header) -> Vec<Recipient> {
    let (qty_col, desc_col) = (
        header.cols[1].expect("required"),
        header.cols[2].expect("required"),
    );
    let mut out: Vec<Recipient> = Vec::new();
    let actions = actions(table, header.cols[0], header.row + 1);
    let mut quantities = quantities(table, qty_col, header.row + 1, &actions);
    for (row, action) in actions.into_iter().enumerate().skip(header.row + 1) {
        if !table.starts_at(row, desc_col) || is_banner(table, row) {
            continue;
        }
        let desc = table.cell(row, desc_col);
        let quantity_text = std::mem::take(&mut quantities[row]);
        if desc.text.is_empty() && quantity_text.is_empty() {
            continue;
        }
        out.push(Recipient {
            action,
            quantity: parse_quantity(&quantity_text),
            quantity_text,
            kind: kind(&desc.text),
            description: desc.text.clone(),
            page: desc.page,
        });
    }
    out
}

/// The kind of recipient the description names.
fn kind(description: &str) -> Option<RecipientKind> {
    let f = fold(description);
    if f.contains("indirett") {
        Some(RecipientKind::Indiretti)
    } else if f.contains("strumental") {
        Some(RecipientKind::Strumentali)
    } else if f.contains("finali") || f.contains("diretti") {
        Some(RecipientKind::Finali)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_the_description() {
        assert_eq!(
            kind("Destinatari finali azione 1: operatori"),
            Some(RecipientKind::Finali)
        );
        assert_eq!(
            kind("Destinatari indiretti azione 2"),
            Some(RecipientKind::Indiretti)
        );
        assert_eq!(
            kind("Soggetti strumentali/stakeholders Azione A)"),
            Some(RecipientKind::Strumentali)
        );
        assert_eq!(kind("Operatori del terzo Settore"), None);
    }
}
