//! II.1.3 *Sistema degli attori*: who takes part and how, one record per name.

use super::columns::{ACTION, ACTOR, QUANTITY, RECIPIENT, ROLE};
use super::{Header, actions, count_headed_n, descriptions, find_header, is_banner, quantities};
use crate::model::Actor;
use crate::numbers::parse_quantity;
use crate::tables::{Cell, CellLine, Table, VAlign};
use crate::text::CONNECTORS;

/// Most letters a word ending in a full stop may have and still be an
/// abbreviation ("Ass.", "Prov.") rather than the end of a name.
const ABBREVIATION_LETTERS: usize = 4;

/// The header of an actors table, if `table` is one: a quantity, who, and how
/// they take part.
pub fn header(table: &Table) -> Option<Header> {
    header_naming(table, ACTOR)
}

/// The header of a table in the actors' own section that names who the
/// actors are in the recipients' words ("Target / Beneficiari"): a quantity,
/// who, and how they take part. Only there: elsewhere such a table could as
/// well be recipients with a column of their own.
pub fn header_in_section(table: &Table) -> Option<Header> {
    header_naming(table, RECIPIENT)
}

/// An actors header whose who column is named by one of `who`.
fn header_naming(table: &Table, who: &[&str]) -> Option<Header> {
    let keys = [ACTION, QUANTITY, who, ROLE];
    find_header(table, &keys, &[1, 2, 3]).or_else(|| count_headed_n(table, &keys, (0, 1), &[2, 3]))
}

/// Reads the actors, one per name cell (or per name, where a table without
/// rules lists several in one, see [`names`]); a role merged over several rows
/// belongs to each, a merged quantity is given on the first row only.
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
    // Rows told apart by rules, or by their padding, hold one name each;
    // rows inferred from lines set close may hold several (see `names`).
    let listed = !table.ruled && table.valign == VAlign::Top;
    // The last role read, and its action.
    let mut above: Option<(String, String)> = None;
    for (row, action) in actions.into_iter().enumerate().skip(header.row + 1) {
        if !table.starts_at(row, name_col) || is_banner(table, row) {
            continue;
        }
        let name = table.cell(row, name_col);
        let mut role = std::mem::take(&mut roles[row]);
        let mut quantity_text = std::mem::take(&mut quantities[row]);
        if name.text.is_empty() && role.is_empty() && quantity_text.is_empty() {
            continue;
        }
        // Without rules or padding, a merged role shows only where its text
        // is: a name with no label, quantity or role of its own, under the
        // same action, is one more of the names the role above is merged
        // beside (a list that runs on past the role's last line).
        let labelled = header.cols[0]
            .is_some_and(|c| table.starts_at(row, c) && !table.cell(row, c).text.is_empty());
        if listed
            && role.is_empty()
            && quantity_text.is_empty()
            && !labelled
            && let Some((a, r)) = &above
            && *a == action
        {
            role = r.clone();
        }
        if !role.is_empty() {
            above = Some((action.clone(), role.clone()));
        }
        let row_box = table.row_box(row, name.page);
        let items = if listed {
            names(name)
        } else {
            names_at_break(name)
        };
        if items.len() < 2 {
            out.push(Actor {
                action,
                quantity: parse_quantity(&quantity_text),
                quantity_text,
                name: name.text.clone(),
                role,
                page: name.page,
                bbox: row_box,
            });
            continue;
        }
        // The row's quantity is the first name's; the role is everyone's.
        let mut from = 0;
        for lines in items {
            // The page the name is printed on: a row a page break cut goes on
            // at the top of the next, where its cell's lines are not boxed.
            let (page, bbox) = match row_box {
                Some(b) => match lines_box(b, lines) {
                    Some(inside) => (name.page, Some(inside)),
                    None if table.end_page > name.page => {
                        (name.page + 1, Some(lines_extent(b, lines)))
                    }
                    None => (name.page, row_box),
                },
                None => (name.page, None),
            };
            out.push(Actor {
                action: action.clone(),
                quantity: parse_quantity(&quantity_text),
                quantity_text: std::mem::take(&mut quantity_text),
                name: text_of(name, lines, &mut from),
                role: role.clone(),
                page,
                bbox,
            });
        }
    }
    out
}

/// The names a cell lists, one line or more each. In a table without rules
/// whose lines are set close, a cell of names one under the other ("Inps,
/// Inail" / "DTL" / "Prefetture") reads like a name wrapped over several lines,
/// and the geometry cannot tell them apart: a short name is followed by one
/// too long for the rest of its line. The words can: a name goes on where its
/// line ends in a connecting word, a dash, a comma or a capitalised word (a
/// proper name wrapped, "Regione" / "Toscana"), or where the next line goes on
/// in lower case; a new one starts with a capitalised word after a line that
/// ended a sentence, ended in a lower-case word that connects nothing
/// ("… Agenzie formative" / "Associazioni …") or in a code letter ("… di tipo
/// B" / "Caritas …").
fn names(cell: &Cell) -> Vec<&[CellLine]> {
    let lines = cell.lines.as_slice();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..lines.len() {
        if opens_name(&lines[k - 1].text, &lines[k].text) {
            out.push(&lines[start..k]);
            start = k;
        }
    }
    if !lines.is_empty() {
        out.push(&lines[start..]);
    }
    out
}

/// The names of a cell whose row a page break cut: one, or two where the
/// part on the next page starts a name of its own ([`opens_name`]). Where
/// the break falls between two rows and a cell merged beside them goes on,
/// nothing on the next page may show that its first row is new (no rule, no
/// text in another column), and that row's name is read as the rest of the
/// name above it.
fn names_at_break(cell: &Cell) -> Vec<&[CellLine]> {
    let lines = cell.lines.as_slice();
    let next_page = (1..lines.len()).find(|&k| lines[k].page != lines[k - 1].page);
    match next_page {
        Some(k) if opens_name(&lines[k - 1].text, &lines[k].text) => {
            vec![&lines[..k], &lines[k..]]
        }
        _ => vec![lines],
    }
}

/// Whether `next` starts a name of its own after the line `above` (see [`names`]).
fn opens_name(above: &str, next: &str) -> bool {
    let (Some(last), Some(first)) = (
        above.split_whitespace().last(),
        next.split_whitespace().next(),
    ) else {
        return false;
    };
    if !first.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let ends_sentence = last.strip_suffix('.').is_some_and(|word| {
        !word.contains('.')
            && word.chars().filter(|c| c.is_alphabetic()).count() > ABBREVIATION_LETTERS
    });
    let loose_end =
        last.chars().all(|c| c.is_alphabetic() && c.is_lowercase()) && !CONNECTORS.contains(&last);
    // A capital letter alone is a code ("di tipo B", "Azione A"): it ends
    // what it qualifies, where a capitalised word may be a proper name going
    // on ("Regione" / "Toscana").
    let code = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
    ends_sentence || loose_end || code
}

/// The text of `lines`, some of `cell`'s lines, as the cell's text joins them
/// (a word broken over two of them made whole): found in it from byte
/// `from`, which moves past it.
fn text_of(cell: &Cell, lines: &[CellLine], from: &mut usize) -> String {
    let mut start = None;
    let mut end = *from;
    for line in lines {
        match cell.text[end..].find(line.text.as_str()) {
            Some(at) => {
                start.get_or_insert(end + at);
                end += at + line.text.len();
            }
            // Not found as the cell joined it: the lines as they are.
            None => {
                let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
                return texts.join(" ");
            }
        }
    }
    *from = end;
    cell.text[start.unwrap_or(end)..end].to_string()
}

/// The part of a row's box `row_box` (x0, top, x1, bottom) that holds `lines`,
/// if any of them is inside it: a line outside it is on the next page (a
/// cell line does not know its page).
fn lines_box(row_box: [f64; 4], lines: &[CellLine]) -> Option<[f64; 4]> {
    let inside = |l: &&CellLine| {
        let (top, bottom) = line_extent(l);
        bottom > row_box[1] && top < row_box[3]
    };
    let inside: Vec<&CellLine> = lines.iter().filter(inside).collect();
    if inside.is_empty() {
        return None;
    }
    let [x0, top, x1, bottom] = lines_extent(row_box, inside);
    Some([x0, top.max(row_box[1]), x1, bottom.min(row_box[3])])
}

/// The box of `lines` on their own page, between the row box's left and right.
fn lines_extent<'l>(row_box: [f64; 4], lines: impl IntoIterator<Item = &'l CellLine>) -> [f64; 4] {
    let (top, bottom) = lines
        .into_iter()
        .map(line_extent)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(t, b), (lt, lb)| {
            (t.min(lt), b.max(lb))
        });
    [row_box[0], top, row_box[2], bottom]
}

/// How far a line's glyphs reach: about a font size above its baseline, and
/// a quarter of one below for descenders.
fn line_extent(l: &CellLine) -> (f64, f64) {
    (l.baseline - l.size, l.baseline + 0.25 * l.size)
}

#[cfg(test)]
mod tests {
    use super::opens_name;

    #[test]
    fn a_line_opens_a_name_after_one_that_ended_its_own() {
        // A sentence ended, or a lower-case word that connects nothing.
        assert!(opens_name(
            "Enti locali, Città Metropolitana di Genova.",
            "Distretti socio-sanitari"
        ));
        assert!(opens_name(
            "Agenzie per il lavoro e Agenzie formative",
            "Associazioni che erogano servizi"
        ));
        // Or a code letter.
        assert!(opens_name(
            "Consorzi di cooperative sociali di tipo B",
            "Caritas diocesane"
        ));
        // A name wrapped: at a connecting word, a dash, a slash, a proper
        // name, an abbreviation, or going on in lower case.
        for (above, next) in [
            ("Ente strumentale della", "Regione Toscana"),
            ("Ente strumentale della Regione", "Toscana"),
            ("Ente strumentale della Regione Toscana –", "Arsel Toscana"),
            (
                "Osservatorio Regionale Mercato del Lavoro /",
                "Ente strumentale",
            ),
            ("Associazioni di Categoria/OO.SS.", "Confindustria"),
            ("Associazioni di categoria e", "Organizzazioni sindacali"),
            (
                "Soggetto competente all’erogazione di",
                "formazione in materia",
            ),
            ("Inps,", "Inail"),
        ] {
            assert!(!opens_name(above, next), "{above} / {next}");
        }
    }
}
