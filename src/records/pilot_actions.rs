//! Sezione III *Azione N* forms: number, title, specific objective, the two tick
//! boxes (*a titolarità regionale*, *a regia regionale*) and whether the form was
//! filled in beyond the template's labels.
//!
//! The forms are read from the lines after the section's heading, in reading
//! order, so a form split by a page break is one form, and a region that wrote
//! the forms as plain text instead of tables is read the same way:
//! - "2.1 Obiettivo specifico: …" sets the objective of the forms that follow;
//! - a line starting "Azione N" starts a form (its title may wrap);
//! - the glyph right before "a titolarità regionale" / "a regia regionale" is
//!   its box: a check glyph (☒ ☑ ✓ ✔ X ■ …) ticks it, an empty box (☐ □ …)
//!   leaves it unticked, no box at all gives `null`;
//! - any other line that is not a template label or a lone box is content.

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::Line;
use crate::model::PilotAction;
use crate::text::fold;

/// Glyphs of a ticked box, including Wingdings' checked boxes (þ ý, and their
/// private-use code points) as some producers map them.
const TICKED: &[char] = &[
    '☒', '☑', '✓', '✔', '✗', '✘', '■', '▣', '⊠', 'X', 'x', 'þ', 'ý', '\u{F0FE}', '\u{F0FD}',
    '\u{F078}',
];
/// Glyphs of an empty box, including Wingdings' (¨ and its private-use code point).
const EMPTY: &[char] = &['☐', '□', '▢', '❏', '❑', '¨', '\u{F0A8}', '\u{F06F}'];

static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*azione\s+(\d{1,2})\b\s*[.:–—-]?\s*(.*)$").expect("valid regex")
});
static OBJECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*\d\.\d\s+obiettivo\s+specifico").expect("valid regex"));
static TITOLARITA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\S)?\s*\ba\s+titolarit").expect("valid regex"));
static REGIA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(\S)?\s*\ba\s+regia\s+regional").expect("valid regex"));

/// The template's own labels inside a form, folded.
const LABELS: &[&str] = &[
    "articolazione degli interventi proposti",
    "complementarieta con altri interventi regionali",
    "destinatari",
];

/// What the box of a label says: ticked, empty, or no box. The box is the glyph
/// right before the label, or else a box glyph (not a letter) ending the label's
/// own span ("a titolarità regionale ☒"); a box in another cell is not its box.
fn tick(span: &str, label: &Regex) -> Option<Option<bool>> {
    let c = label.captures(span)?;
    let before = c.get(1).and_then(|m| m.as_str().chars().last());
    let after = span[c.get(0)?.end()..]
        .trim_end()
        .chars()
        .last()
        .filter(|g| !g.is_alphabetic() && (TICKED.contains(g) || EMPTY.contains(g)));
    let glyph = before
        .filter(|g| TICKED.contains(g) || EMPTY.contains(g))
        .or(after);
    Some(match glyph {
        Some(g) if TICKED.contains(&g) => Some(true),
        Some(g) if EMPTY.contains(&g) => Some(false),
        _ => None,
    })
}

fn is_box_only(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.chars().all(|c| TICKED.contains(&c) || EMPTY.contains(&c))
}

fn is_label(text: &str) -> bool {
    let f = fold(text);
    LABELS.iter().any(|l| f.starts_with(l))
}

/// What a line of a form is.
enum Part {
    Objective,
    Action(u32, String),
    Ticks,
    Label,
    Content,
}

fn part(line: &Line) -> Part {
    let first = line.spans.first().map(|s| s.text()).unwrap_or_default();
    let text = line.text();
    if OBJECTIVE.is_match(&first) {
        return Part::Objective;
    }
    if let Some(c) = ACTION.captures(&first) {
        let number = c[1].parse().unwrap_or(0);
        return Part::Action(number, strip_boxes(&c[2]));
    }
    if TITOLARITA.is_match(&text) || REGIA.is_match(&text) {
        return Part::Ticks;
    }
    if is_label(&text) || is_box_only(&text) || !text.chars().any(char::is_alphanumeric) {
        return Part::Label;
    }
    Part::Content
}

/// A title without the boxes that may follow it on its line.
fn strip_boxes(text: &str) -> String {
    text.trim()
        .trim_end_matches(|c: char| c.is_whitespace() || EMPTY.contains(&c) || "☒☑✓✔■".contains(c))
        .to_string()
}

/// Reads the pilot-action forms from the lines of Sezione III.
pub fn extract(lines: &[&Line]) -> Vec<PilotAction> {
    let mut out: Vec<PilotAction> = Vec::new();
    let mut objective = String::new();
    // Where the current run of objective or title lines continues.
    enum Open {
        Nothing,
        Objective,
        Title,
    }
    let mut open = Open::Nothing;
    // The boxes stand in a form's header, before its first label or content;
    // "a titolarità regionale" further down is prose about it.
    let mut in_header = false;
    for line in lines {
        match part(line) {
            Part::Objective => {
                objective = line.text();
                open = Open::Objective;
            }
            Part::Action(number, title) => {
                out.push(PilotAction {
                    number,
                    title,
                    objective: objective.clone(),
                    titolarita_regionale: None,
                    regia_regionale: None,
                    has_content: false,
                    page: line.page,
                });
                open = Open::Title;
                in_header = true;
            }
            Part::Ticks if !in_header => {
                if let Some(form) = out.last_mut() {
                    form.has_content = true;
                }
            }
            Part::Ticks => {
                if let Some(form) = out.last_mut() {
                    for span in line.spans.iter().map(|s| s.text()) {
                        if let Some(t) = tick(&span, &TITOLARITA) {
                            form.titolarita_regionale = t;
                        }
                        if let Some(t) = tick(&span, &REGIA) {
                            form.regia_regionale = t;
                        }
                    }
                }
                open = Open::Nothing;
            }
            Part::Label => {
                open = Open::Nothing;
                in_header = false;
            }
            Part::Content => match open {
                Open::Objective => {
                    objective.push(' ');
                    objective.push_str(&line.text());
                }
                Open::Title => {
                    if let Some(form) = out.last_mut() {
                        form.title.push(' ');
                        form.title.push_str(&strip_boxes(
                            &line.spans.first().map(|s| s.text()).unwrap_or_default(),
                        ));
                    }
                }
                Open::Nothing => {
                    in_header = false;
                    if let Some(form) = out.last_mut() {
                        form.has_content = true;
                    }
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, spans: &[&str]) -> Line {
        crate::testing::line(page, 0.0, spans)
    }

    fn read(lines: &[Line]) -> Vec<PilotAction> {
        let refs: Vec<&Line> = lines.iter().collect();
        extract(&refs)
    }

    #[test]
    fn a_filled_form_split_by_a_page_break() {
        let forms = read(&[
            line(
                20,
                &[
                    "2.1 Obiettivo specifico: promuovere programmi di inserimento socio-lavorativo rivolti a",
                ],
            ),
            line(20, &["target vulnerabili della popolazione immigrata."]),
            line(
                20,
                &["Azione 1. Inserimento socio lavorativo di richiedenti", "☒"],
            ),
            line(20, &["e titolari di protezione internazionale"]),
            line(
                20,
                &[
                    "☒ a titolarità regionale (gestiti direttamente dalla Regione)",
                    "X",
                ],
            ),
            line(
                20,
                &[
                    "☐ a regia regionale (la cui realizzazione è affidata ad altre PPAA territoriali)",
                ],
            ),
            line(20, &["Articolazione degli interventi proposti"]),
            line(21, &["Si prevede il finanziamento di percorsi integrati."]),
            line(21, &["Destinatari"]),
            line(21, &["--"]),
            line(
                21,
                &["L'azione è a titolarità regionale e si svolge nel 2016."],
            ),
        ]);
        assert_eq!(forms.len(), 1);
        let f = &forms[0];
        assert_eq!(f.number, 1);
        assert_eq!(
            f.title,
            "Inserimento socio lavorativo di richiedenti e titolari di protezione internazionale"
        );
        assert_eq!(
            f.objective,
            "2.1 Obiettivo specifico: promuovere programmi di inserimento socio-lavorativo rivolti a target vulnerabili della popolazione immigrata."
        );
        assert_eq!(
            (f.titolarita_regionale, f.regia_regionale),
            (Some(true), Some(false))
        );
        assert!(f.has_content);
        assert_eq!(f.page, 20);
    }

    #[test]
    fn empty_forms_unticked_boxes_and_missing_boxes() {
        let forms = read(&[
            line(
                16,
                &["Azione 3 Valorizzazione delle seconde generazioni", "☐"],
            ),
            line(
                16,
                &["☐ a titolarità regionale (gestiti direttamente dalla Regione)"],
            ),
            line(
                16,
                &["☐ a regia regionale (la cui realizzazione è affidata ad altre PPAA)"],
            ),
            line(16, &["Articolazione degli interventi proposti"]),
            line(
                16,
                &["Complementarietà con altri interventi regionali (a valere sul POR, etc…)"],
            ),
            line(16, &["Destinatari"]),
            line(16, &["--"]),
            line(17, &["Azione 4: Sostegno ai percorsi di integrazione"]),
            line(
                17,
                &["a titolarità regionale (gestiti direttamente dalla Regione)"],
            ),
            line(
                17,
                &["a regia regionale (la cui realizzazione è affidata ad altre PPAA)"],
            ),
            line(17, &["Destinatari"]),
            line(17, &["Giovani stranieri delle seconde generazioni"]),
        ]);
        type Form<'a> = (u32, &'a str, Option<bool>, Option<bool>, bool);
        let got: Vec<Form> = forms
            .iter()
            .map(|f| {
                (
                    f.number,
                    f.title.as_str(),
                    f.titolarita_regionale,
                    f.regia_regionale,
                    f.has_content,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    3,
                    "Valorizzazione delle seconde generazioni",
                    Some(false),
                    Some(false),
                    false
                ),
                (4, "Sostegno ai percorsi di integrazione", None, None, true),
            ]
        );
    }

    #[test]
    fn other_check_glyphs() {
        for (glyph, want) in [
            ("✓", Some(true)),
            ("X", Some(true)),
            ("■", Some(true)),
            ("□", Some(false)),
            ("þ", Some(true)),
            ("¨", Some(false)),
        ] {
            let text = format!("{glyph} a titolarità regionale (gestiti direttamente)");
            assert_eq!(tick(&text, &TITOLARITA), Some(want), "{glyph}");
        }
        assert_eq!(tick("a titolarità regionale", &TITOLARITA), Some(None));
        assert_eq!(
            tick(
                "a titolarità regionale (gestiti direttamente) ☒",
                &TITOLARITA
            ),
            Some(Some(true))
        );
        assert_eq!(tick("a regia regionale ☐", &REGIA), Some(Some(false)));
        assert_eq!(
            tick("a regia regionale (delle PPAA territoriali), ex", &REGIA),
            Some(None)
        );
        assert_eq!(tick("nessuna casella", &TITOLARITA), None);
    }
}
