//! The cover table's contacts: direzione, servizio, dirigente, responsabile,
//! each with its text, e-mail addresses and telephone numbers (fax left out).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Contact, ContactRole};
use crate::tables::{Cell, Table, VAlign};
use crate::text::fold;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").expect("valid regex")
});
/// Italian numbers: landlines start with 0, mobiles with 3; groups may be
/// separated by a space, dot, slash or dash ("011/4321457", "071.806 3249").
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+39[ .]?)?\b(?:0\d{1,3}|3\d{2})(?:[ ./-]?\d{2,}){1,3}\b").expect("valid regex")
});
static FAX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)fax\W*$").expect("valid regex"));

/// The words that name each role in a label, as regions word them. A label
/// takes the role of its first such word: "Dirigente responsabile" is the
/// dirigente, "Ufficio referente" the office, "Referente del procedimento"
/// the person in charge.
const ROLE_WORDS: &[(&str, ContactRole)] = &[
    ("dirigente", ContactRole::Dirigente),
    ("responsabile", ContactRole::Responsabile),
    ("referente", ContactRole::Responsabile),
    ("direzione", ContactRole::Direzione),
    ("dipartimento", ContactRole::Direzione),
    ("struttura", ContactRole::Direzione),
    ("servizio", ContactRole::Servizio),
    ("ufficio", ContactRole::Servizio),
    ("settore", ContactRole::Servizio),
    ("unita operativa", ContactRole::Servizio),
    ("posizione di funzione", ContactRole::Servizio),
];

/// The role a label names, if any: that of its first role word (a word's
/// start: "infrastrutturazione" holds no "struttura").
fn role(label: &str) -> Option<ContactRole> {
    let f = fold(label);
    let word_start = |at: usize| at == 0 || !f.as_bytes()[at - 1].is_ascii_alphanumeric();
    ROLE_WORDS
        .iter()
        .filter_map(|&(word, role)| {
            let at = f
                .match_indices(word)
                .map(|(at, _)| at)
                .find(|&at| word_start(at))?;
            Some((at, role))
        })
        .min_by_key(|&(at, _)| at)
        .map(|(_, role)| role)
}

/// Telephone numbers in the text, those after "Fax" left out, and never the
/// tail of a date or another number ("3/08/2015").
fn phones(text: &str) -> Vec<String> {
    PHONE
        .find_iter(text)
        .filter(|m| !FAX.is_match(&text[..m.start()]))
        .filter(|m| {
            !text[..m.start()]
                .ends_with(|c: char| c.is_ascii_digit() || matches!(c, '/' | '.' | '-'))
        })
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Reads contacts from a table whose rows pair a role label with its details.
///
/// In a ruled table each contact is its row. Without rules the rows are
/// inferred, and a contact's details may come as several rows (lines set one
/// under the other without wrapping, as "Tel." under an address) or inside a
/// cell merged down over the other contacts' rows (details that wrap like
/// prose): there a contact is the band of the page from its label down to the
/// next label, or to the first row whose first column holds text that does
/// not go on from the label (a heading, the next table), and its details are
/// the lines of the other columns printed in that band.
pub fn extract(table: &Table) -> Vec<Contact> {
    let labels: Vec<(usize, ContactRole)> = (0..table.n_rows)
        .filter(|&row| table.starts_at(row, 0))
        .filter_map(|row| Some((row, role(&table.cell(row, 0).text)?)))
        .collect();
    let mut out: Vec<Contact> = Vec::new();
    for (k, &(row, role)) in labels.iter().enumerate() {
        let label = table.cell(row, 0);
        // Rows drawn by rules, or told apart by their padding (cells set in
        // the middle of their rows), hold their contact whole.
        let (text, bbox) = if table.ruled || table.valign == VAlign::Middle {
            let text = table
                .row_cells(row)
                .iter()
                .skip(1)
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (text, table.row_box(row, label.page))
        } else {
            let next = labels.get(k + 1).map(|&(r, _)| r);
            let end = band_end(table, row, next);
            band(table, row, end)
        };
        if text.is_empty() || out.iter().any(|c| c.role == role) {
            continue;
        }
        out.push(Contact {
            role,
            emails: EMAIL
                .find_iter(&text)
                .map(|m| m.as_str().to_string())
                .collect(),
            phones: phones(&text),
            text,
            page: label.page,
            bbox,
        });
    }
    out
}

/// The row where the contact labelled at `row` ends (exclusive): the next
/// label's, or the first row whose first column starts a text that does not
/// go on from the label in lower case or in brackets ("tel, fax, e mail)").
fn band_end(table: &Table, row: usize, next_label: Option<usize>) -> usize {
    let limit = next_label.unwrap_or(table.n_rows);
    (row + 1..limit)
        .find(|&r| {
            let first = table.cell(r, 0);
            table.starts_at(r, 0)
                && first
                    .text
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_lowercase() && !matches!(c, '(' | ')' | ','))
        })
        .unwrap_or(limit)
}

/// How far above a label's first baseline, in font sizes, a line of the
/// details may stand and still be printed on the label's line.
const SAME_LINE: f64 = 0.5;

/// Where the band of the row whose first column starts at `row` begins: just
/// above the baseline of that cell's first line (row edges of inferred rows
/// may fall anywhere in the gap above, with another contact's last line).
fn band_top(table: &Table, row: usize) -> (u32, f64) {
    let first = table.cell(row, 0);
    first.lines.first().map_or((first.page, first.y0), |l| {
        (first.page, l.baseline - SAME_LINE * l.size)
    })
}

/// The lines of the columns right of the labels printed from the top of row
/// `start` down to the top of row `end`, in reading order and joined by
/// spaces, and the box around them and the label: the cells they come from,
/// cut to the rows from `start` to `end`.
fn band(table: &Table, start: usize, end: usize) -> (String, Option<[f64; 4]>) {
    let from = band_top(table, start);
    let to = (end < table.n_rows).then(|| band_top(table, end));
    let in_band = |page: u32, baseline: f64| {
        (page, baseline) >= from && to.is_none_or(|to| (page, baseline) < to)
    };
    let mut cells: Vec<&Cell> = Vec::new();
    for r in start..end.max(start + 1) {
        for c in table.row_cells(r).into_iter().filter(|c| c.col > 0) {
            if !cells.iter().any(|k| std::ptr::eq(*k, c)) {
                cells.push(c);
            }
        }
    }
    let mut lines: Vec<(u32, f64, usize, &str)> = cells
        .iter()
        .flat_map(|c| {
            c.lines
                .iter()
                .map(|l| (c.page, l.baseline, c.col, l.text.as_str()))
        })
        .filter(|&(page, baseline, _, _)| in_band(page, baseline))
        .collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let text = lines.iter().map(|l| l.3).collect::<Vec<_>>().join(" ");

    let label = table.cell(start, 0);
    let bottom = (end < table.n_rows)
        .then(|| table.cell(end, 0))
        .filter(|next| next.page == label.page)
        .map_or(f64::INFINITY, |next| next.y0);
    let used = cells
        .into_iter()
        .filter(|c| c.lines.iter().any(|l| in_band(c.page, l.baseline)));
    let bbox = std::iter::once(label)
        .chain(used)
        .filter(|c| c.page == label.page)
        .map(|c| [c.x0, c.y0.max(label.y0), c.x1, c.y1.min(bottom)])
        .reduce(crate::tables::union);
    (text, bbox)
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&EMAIL);
    LazyLock::force(&PHONE);
    LazyLock::force(&FAX);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_the_template_labels() {
        let cases = [
            (
                "Direzione/Dipartimento competente: (Nominativo, indirizzo, tel, fax, e mail)",
                ContactRole::Direzione,
            ),
            (
                "Servizio competente (Nominativo, indirizzo, tel, fax, e mail)",
                ContactRole::Servizio,
            ),
            (
                "Dirigente del servizio competente (Nominativo, indirizzo, tel, fax, e mail)",
                ContactRole::Dirigente,
            ),
            (
                "Responsabile del procedimento (Nominativo, indirizzo, tel, fax, e mail)",
                ContactRole::Responsabile,
            ),
            // Other regions' labels: the first role word decides.
            ("Struttura regionale competente:", ContactRole::Direzione),
            ("Ufficio referente:", ContactRole::Servizio),
            ("Dirigente responsabile:", ContactRole::Dirigente),
            ("Referente del procedimento:", ContactRole::Responsabile),
            ("Settore Politiche del lavoro", ContactRole::Servizio),
        ];
        for (label, want) in cases {
            assert_eq!(role(label), Some(want), "{label}");
        }
        // A word inside another is not a role word.
        assert_eq!(
            role("Articolazione dell'infrastrutturazione dei servizi 14"),
            None
        );
        assert_eq!(role("REGIONE PIEMONTE"), None);
    }

    #[test]
    fn phones_without_fax_and_emails() {
        let text = "Settore Politiche del lavoro Via Magenta, 12 – Torino Tel. 011/4321459 – 011/4325689 Fax 011/4322874 antonella.caprioglio@regione.piemonte.it";
        assert_eq!(phones(text), ["011/4321459", "011/4325689"]);
        assert_eq!(
            EMAIL
                .find_iter(text)
                .map(|m| m.as_str())
                .collect::<Vec<_>>(),
            ["antonella.caprioglio@regione.piemonte.it"]
        );
        assert_eq!(
            phones("Palazzo Leopardi - Via Tiziano, 44 60125 Ancona Tel. 071.806 3249"),
            ["071.806 3249"]
        );
        assert_eq!(
            phones("Tel. 071 8063894/3780 – Fax 071 8063220"),
            ["071 8063894/3780"]
        );
        assert_eq!(
            phones("Dr. Bordone (dal 3/08/2015 dr.ssa Caprioglio) Tel. 011/4321459"),
            ["011/4321459"]
        );
    }
}
