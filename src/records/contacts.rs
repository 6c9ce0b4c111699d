//! The cover table's contacts: direzione, servizio, dirigente, responsabile,
//! each with its text, e-mail addresses and telephone numbers (fax left out).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Contact, ContactRole};
use crate::tables::Table;
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

/// The role a label names, if any. "Dirigente del servizio" is the dirigente.
fn role(label: &str) -> Option<ContactRole> {
    let f = fold(label);
    if f.contains("dirigente") {
        Some(ContactRole::Dirigente)
    } else if f.contains("responsabile") {
        Some(ContactRole::Responsabile)
    } else if f.contains("direzione") || f.contains("dipartimento") {
        Some(ContactRole::Direzione)
    } else if f.contains("servizio") {
        Some(ContactRole::Servizio)
    } else {
        None
    }
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
pub fn extract(table: &Table) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::new();
    for row in 0..table.n_rows {
        let cells = table.row_cells(row);
        let [label, rest @ ..] = cells.as_slice() else {
            continue;
        };
        let Some(role) = role(&label.text) else {
            continue;
        };
        let text = rest
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
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
            bbox: table.row_box(row, label.page),
        });
    }
    out
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
        ];
        for (label, want) in cases {
            assert_eq!(role(label), Some(want), "{label}");
        }
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
