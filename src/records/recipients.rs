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
            bbox: table.row_box(row, desc.page),
        });
    }
    if !table.ruled {
        join_continuations(&mut out);
    }
    out
}

/// Joins to the entry above each row that continues it, in a table whose
/// rows are told apart by whitespace only (no rules between them): a cell of
/// several paragraphs then reads as several rows. Where the entries name
/// their kind ("Destinatari finali…", "Soggetti strumentali…"), a row that
/// names none, has no quantity and is under the same action is a further
/// paragraph of the entry above, not an entry of its own.
fn join_continuations(recipients: &mut Vec<Recipient>) {
    let named = recipients.iter().filter(|r| r.kind.is_some()).count();
    if named < 2 {
        return;
    }
    let mut joined: Vec<Recipient> = Vec::with_capacity(recipients.len());
    for r in recipients.drain(..) {
        let continues = r.kind.is_none() && r.quantity_text.is_empty();
        match joined.last_mut() {
            Some(above) if continues && above.kind.is_some() && above.action == r.action => {
                above.description.push(' ');
                above.description.push_str(&r.description);
                if above.page == r.page {
                    above.bbox = match (above.bbox, r.bbox) {
                        (Some(a), Some(b)) => Some(crate::tables::union(a, b)),
                        (a, b) => a.or(b),
                    };
                }
            }
            _ => joined.push(r),
        }
    }
    *recipients = joined;
}

/// How many words open a description: where a kind is named ("Destinatari
/// finali …", "Soggetti strumentali/stakeholders …").
const KIND_WORDS: usize = 3;

/// The nouns (folded word openings) a description names its kind after:
/// "Destinatari finali", "Soggetti strumentali", "Beneficiari indiretti". The
/// same adjective after another noun describes someone ("Ente strumentale
/// della Regione") and names no kind.
const KIND_NOUNS: [&str; 5] = ["destinatar", "soggett", "beneficiar", "utent", "target"];

/// The kind of recipient the description names in its opening words.
fn kind(description: &str) -> Option<RecipientKind> {
    let opening: Vec<&str> = description.split_whitespace().take(KIND_WORDS).collect();
    let f = fold(&opening.join(" "));
    if !KIND_NOUNS.iter().any(|noun| f.starts_with(noun)) {
        return None;
    }
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
        // Described, not named as the kind.
        assert_eq!(kind("Ente strumentale della Regione Liguria- ARSEL"), None);
        assert_eq!(
            kind("Operatori dei servizi territoriali (destinatari indiretti)"),
            None
        );
    }

    fn recipient(action: &str, quantity_text: &str, description: &str) -> Recipient {
        Recipient {
            action: action.to_string(),
            quantity: parse_quantity(quantity_text),
            quantity_text: quantity_text.to_string(),
            kind: kind(description),
            description: description.to_string(),
            page: 1,
            bbox: None,
        }
    }

    /// Made up: a table of kinds, its cells of several paragraphs read as rows.
    #[test]
    fn rows_without_kind_or_quantity_continue_the_entry_above() {
        let mut rows = vec![
            recipient("1", "20", "Destinatari finali: giovani stranieri"),
            recipient("1", "", "Soggetti strumentali dell'azione 1:"),
            recipient("1", "", "Centri per l'impiego della provincia"),
            recipient("1", "", "e sportelli comunali"),
            recipient("2", "", "Scuole secondarie"),
            recipient("2", "n.q.", "Destinatari indiretti: le famiglie"),
            recipient("2", "15", "Mediatori culturali"),
        ];
        join_continuations(&mut rows);
        let read: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.action.as_str(),
                    r.quantity_text.as_str(),
                    r.description.as_str(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("1", "20", "Destinatari finali: giovani stranieri"),
                (
                    "1",
                    "",
                    "Soggetti strumentali dell'azione 1: Centri per l'impiego della provincia e sportelli comunali"
                ),
                // Another action: an entry of its own, as is one with a quantity.
                ("2", "", "Scuole secondarie"),
                ("2", "n.q.", "Destinatari indiretti: le famiglie"),
                ("2", "15", "Mediatori culturali"),
            ]
        );
    }

    #[test]
    fn a_table_that_names_no_kinds_keeps_every_row() {
        let mut rows = vec![
            recipient("1", "100", "Operatori dei servizi"),
            recipient("1", "", "Associazioni di migranti"),
        ];
        join_continuations(&mut rows);
        assert_eq!(rows.len(), 2);
    }
}
