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
//!   leaves it unticked;
//! - a label with no box of its own takes a *lone box* of the form's header (a
//!   box printed in a cell of its own: on a line of its own when the cell is
//!   vertically centred, or a separate span of the label's line) by geometry:
//!   the nearest by vertical distance, then horizontal, within a line pitch, a
//!   box serving one label only (see [`attach_boxes`]); no box at all gives `null`;
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

/// A box typed as brackets: "[X]" ticked, "[ ]" empty.
static BRACKET_BOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\s*([xX✓✔])?\s*\]").expect("valid regex"));

/// `text` with each box typed as brackets written as its glyph, so that
/// "[X] a titolarità regionale" reads as "☒ a titolarità regionale".
fn box_glyphs(text: &str) -> std::borrow::Cow<'_, str> {
    BRACKET_BOX.replace_all(
        text,
        |c: &regex::Captures| {
            if c.get(1).is_some() { "☒" } else { "☐" }
        },
    )
}

static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*azione\s+(?:pilota\s+)?(?:n(?:r|°|o)?\.?\s*)?(\d{1,2})\b\s*[.:–—-]?\s*(.*)$",
    )
    .expect("valid regex")
});
static OBJECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*\d\.\d\s+obiettivo\s+specifico").expect("valid regex"));
/// "a titolarità regionale" anywhere in a span, or without its "a" at the
/// span's start, after its box if any ("☒ Titolarità regionale"): prose
/// such as "la cabina di regia regionale" is not a label.
static TITOLARITA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\S)?\s*\ba\s+titolarit|^\s*(?:(\S)\s*)?titolarit\S*\s+regional")
        .expect("valid regex")
});
static REGIA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\S)?\s*\ba\s+regia\s+regional|^\s*(?:(\S)\s*)?regia\s+regional")
        .expect("valid regex")
});

/// The template's own labels inside a form, folded.
const LABELS: &[&str] = &[
    "articolazione degli interventi proposti",
    "complementarieta con altri interventi regionali",
    "destinatari",
];

/// What the box of a label says: ticked, empty, or no box. The box is the glyph
/// right before the label, or else a box glyph (not a letter) ending the label's
/// own span ("a titolarità regionale ☒"). A box in another cell is a lone box,
/// attached by [`attach_boxes`].
fn tick(span: &str, label: &Regex) -> Option<Option<bool>> {
    let c = label.captures(span)?;
    let before = c
        .get(1)
        .or(c.get(2))
        .and_then(|m| m.as_str().chars().last());
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

/// Only brackets: half of a "[ ]" box a line break cut.
fn is_box_fragment(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c == '[' || c == ']' || c.is_whitespace())
}

fn is_box_only(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.chars().all(|c| TICKED.contains(&c) || EMPTY.contains(&c))
}

fn is_label(text: &str) -> bool {
    let f = fold(text);
    LABELS.iter().any(|l| f.starts_with(l))
}

/// How far a lone box may stand from the lines of its label, in line pitches of
/// the form's header: a box in a vertically centred cell stands within its
/// label's lines or about half a pitch off them; farther off it belongs to
/// something else (the Azione title, another row).
const BOX_REACH: f64 = 1.0;
/// Distances closer than this, in line pitches, are a tie: a box as near to two
/// labels (one box centred on a cell holding both) is unknowable, nobody's.
const BOX_TIE: f64 = 0.25;
/// Most lines a template label takes when it wraps.
const MAX_LABEL_LINES: usize = 3;
/// Line pitch, in em, assumed where the header has too few lines to measure it
/// (single spacing).
const DEFAULT_PITCH: f64 = 1.2;

/// Which of the two labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Titolarita,
    Regia,
}

/// A template label in a form's header: its own box (the glyph next to it in
/// its span), and where it stands.
#[derive(Debug, Clone)]
struct LabelAt {
    which: Which,
    own: Option<bool>,
    page: u32,
    /// Top of its first line and bottom of its last (a label may wrap).
    top: f64,
    bottom: f64,
    x0: f64,
    x1: f64,
}

/// A box standing alone: a span, or a whole line, that holds only a box.
#[derive(Debug, Clone)]
struct LoneBox {
    ticked: bool,
    page: u32,
    /// Vertical centre of its line.
    centre: f64,
    x0: f64,
    x1: f64,
}

/// What a form's header (from its Azione line to its first label or content)
/// holds: the labels, the lone boxes, the lines' tops for the line pitch.
#[derive(Debug, Default)]
struct Header {
    labels: Vec<LabelAt>,
    boxes: Vec<LoneBox>,
    /// (page, top, font size) of the header's text lines.
    tops: Vec<(u32, f64, f64)>,
    /// Parentheses the last label leaves open: while some are, the next line
    /// continues it ("a titolarità regionale (gestiti … / … appalti)").
    label_parens: i32,
    /// Lines the last label has taken.
    label_lines: usize,
}

impl Header {
    /// Records a text line of the header and the lone boxes among its spans.
    fn add_line(&mut self, line: &Line) {
        self.tops.push((line.page, line.top, line.size));
        self.boxes.extend(lone_boxes(line));
    }

    /// Records a line holding the labels.
    fn add_labels(&mut self, line: &Line) {
        self.add_line(line);
        for span in line.spans() {
            let text = box_glyphs(&span.text()).into_owned();
            for (which, label) in [(Which::Titolarita, &*TITOLARITA), (Which::Regia, &*REGIA)] {
                if let Some(own) = tick(&text, label) {
                    self.labels.push(LabelAt {
                        which,
                        own,
                        page: line.page,
                        top: line.top,
                        bottom: line.bottom,
                        x0: span.x0(),
                        x1: span.x1(),
                    });
                    let tail = label.find(&text).map_or("", |m| &text[m.start()..]);
                    self.label_parens = parentheses(tail);
                    self.label_lines = 1;
                }
            }
        }
    }

    /// Records a line that continues the last label.
    fn continue_label(&mut self, line: &Line) {
        self.add_line(line);
        if let Some(label) = self.labels.last_mut()
            && label.page == line.page
        {
            label.bottom = label.bottom.max(line.bottom);
            label.x0 = label.x0.min(line.x0());
            label.x1 = label.x1.max(line.x1());
        }
        self.label_parens += parentheses(&line.text());
        self.label_lines += 1;
    }

    /// Whether the next line continues the last label: a parenthesis is left
    /// open, and the label has not taken [`MAX_LABEL_LINES`] yet (an unclosed
    /// parenthesis must not swallow the form).
    fn label_open(&self) -> bool {
        self.label_parens > 0 && self.label_lines < MAX_LABEL_LINES
    }

    /// The median distance between consecutive text lines of the header on one
    /// page, or [`DEFAULT_PITCH`] em.
    fn pitch(&self) -> f64 {
        let mut gaps: Vec<f64> = self
            .tops
            .windows(2)
            .filter(|w| w[0].0 == w[1].0 && w[1].1 > w[0].1)
            .map(|w| w[1].1 - w[0].1)
            .collect();
        gaps.sort_by(f64::total_cmp);
        match gaps.get(gaps.len() / 2) {
            Some(&gap) => gap,
            // The Azione line is always there; with no line at all, no reach.
            None => self.tops.first().map_or(0.0, |t| DEFAULT_PITCH * t.2),
        }
    }

    /// The value of each label: its own box, else the lone box attached to it.
    fn values(&self) -> Vec<Option<bool>> {
        attach_boxes(&self.labels, &self.boxes, self.pitch())
    }
}

/// Parentheses `text` opens and does not close (negative where it closes more).
fn parentheses(text: &str) -> i32 {
    text.matches('(').count() as i32 - text.matches(')').count() as i32
}

/// The spans of `line` that hold only a box (a box's cell), with their value.
fn lone_boxes(line: &Line) -> Vec<LoneBox> {
    line.spans()
        .filter_map(|span| {
            let text = box_glyphs(&span.text()).into_owned();
            if !is_box_only(&text) {
                return None;
            }
            let glyph = text.chars().rev().find(|c| !c.is_whitespace())?;
            Some(LoneBox {
                ticked: TICKED.contains(&glyph),
                page: line.page,
                centre: (line.top + line.bottom) / 2.0,
                x0: span.x0(),
                x1: span.x1(),
            })
        })
        .collect()
}

/// Gives each label its value: its own box where it has one, else the lone box
/// attached to it. Each lone box goes to its nearest label (by vertical
/// distance from the label's lines, then by horizontal gap) within
/// [`BOX_REACH`] pitches, nearest pairs first; it serves one label only, and a
/// label that has a box of its own absorbs it (a repeated box changes nothing).
/// A box as near to two labels is left out, as is a box out of reach: `None`
/// stays where no box can be told.
fn attach_boxes(labels: &[LabelAt], boxes: &[LoneBox], pitch: f64) -> Vec<Option<bool>> {
    let mut values: Vec<Option<bool>> = labels.iter().map(|l| l.own).collect();
    let mut served: Vec<bool> = values.iter().map(Option::is_some).collect();
    let (reach, tie) = (BOX_REACH * pitch, BOX_TIE * pitch);
    // (vertical distance, horizontal gap, box, label), the nearest label of each box.
    let mut pairs: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (b, lone) in boxes.iter().enumerate() {
        let mut near: Vec<(f64, f64, usize)> = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.page == lone.page)
            .map(|(i, l)| {
                let vertical = (l.top - lone.centre).max(lone.centre - l.bottom).max(0.0);
                let horizontal = (l.x0 - lone.x1).max(lone.x0 - l.x1).max(0.0);
                (vertical, horizontal, i)
            })
            .filter(|&(v, _, _)| v <= reach)
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let tied =
            near.len() >= 2 && near[1].0 - near[0].0 <= tie && (near[1].1 - near[0].1).abs() <= tie;
        if let Some(&(v, h, i)) = near.first()
            && !tied
        {
            pairs.push((v, h, b, i));
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (_, _, b, i) in pairs {
        if !served[i] {
            served[i] = true;
            values[i] = Some(boxes[b].ticked);
        }
    }
    values
}

/// What a line of a form is.
enum Part {
    Objective,
    Action(u32, String),
    Ticks,
    /// Only boxes: a box's own cell, on a line of its own.
    Boxes,
    Label,
    Content,
}

fn part(line: &Line) -> Part {
    let first = line.spans().next().map(|s| s.text()).unwrap_or_default();
    let first = box_glyphs(&first).into_owned();
    let text = box_glyphs(&line.text()).into_owned();
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
    // A typed box a narrow cell broke over two lines ("[" over "]") is a
    // box's cell too, not the end of the header.
    if is_box_only(&text) || is_box_fragment(&text) {
        return Part::Boxes;
    }
    if is_label(&text) || !text.chars().any(char::is_alphanumeric) {
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

/// How a form's header marks its boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marking {
    /// Some box is drawn empty (☐, "[ ]"): a blank label is unknown.
    Boxes,
    /// Both labels, a tick mark by one at least, and no empty box.
    MarkOnly,
    /// Both labels, nothing by either.
    Bare,
    /// Anything else (a label missing, a box that could not be attached).
    Other,
}

/// Ends a form's header: its labels get their values. Says how the header
/// marks its boxes.
fn close(header: &mut Option<Header>, form: Option<&mut PilotAction>) -> Marking {
    let (Some(h), Some(form)) = (header.take(), form) else {
        return Marking::Other;
    };
    let both = [Which::Titolarita, Which::Regia]
        .iter()
        .all(|w| h.labels.iter().any(|l| l.which == *w));
    let empty_box =
        h.labels.iter().any(|l| l.own == Some(false)) || h.boxes.iter().any(|b| !b.ticked);
    let bare = h.boxes.is_empty() && h.labels.iter().all(|l| l.own.is_none());
    // A label printed twice: the later one counts.
    for (label, value) in h.labels.iter().zip(h.values()) {
        match label.which {
            Which::Titolarita => form.titolarita_regionale = value,
            Which::Regia => form.regia_regionale = value,
        }
    }
    match (form.titolarita_regionale, form.regia_regionale) {
        _ if empty_box => Marking::Boxes,
        _ if !both => Marking::Other,
        _ if bare => Marking::Bare,
        (Some(true), _) | (_, Some(true)) => Marking::MarkOnly,
        _ => Marking::Other,
    }
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
    let mut header: Option<Header> = None;
    // How each form's header marked its boxes, by form index.
    let mut markings: Vec<(usize, Marking)> = Vec::new();
    let mut close = |header: &mut Option<Header>, out: &mut Vec<PilotAction>| {
        let at = out.len().wrapping_sub(1);
        let marking = close(header, out.last_mut());
        if at < out.len() {
            markings.push((at, marking));
        }
    };
    for line in lines {
        match part(line) {
            Part::Objective => {
                objective = line.text();
                open = Open::Objective;
            }
            Part::Action(number, title) => {
                close(&mut header, &mut out);
                out.push(PilotAction {
                    number,
                    title,
                    objective: objective.clone(),
                    titolarita_regionale: None,
                    regia_regionale: None,
                    has_content: false,
                    page: line.page,
                    bbox: Some([line.x0(), line.top, line.x1(), line.bottom]),
                });
                open = Open::Title;
                let mut h = Header::default();
                h.add_line(line);
                header = Some(h);
            }
            Part::Ticks => match header.as_mut() {
                Some(h) => {
                    h.add_labels(line);
                    open = Open::Nothing;
                }
                None => {
                    if let Some(form) = out.last_mut() {
                        form.has_content = true;
                    }
                }
            },
            Part::Boxes if header.is_some() => {
                if let Some(h) = header.as_mut() {
                    h.boxes.extend(lone_boxes(line));
                }
            }
            Part::Boxes | Part::Label => {
                open = Open::Nothing;
                close(&mut header, &mut out);
            }
            Part::Content => match open {
                _ if header.as_ref().is_some_and(Header::label_open) => {
                    if let Some(h) = header.as_mut() {
                        h.continue_label(line);
                    }
                }
                Open::Objective => {
                    objective.push(' ');
                    objective.push_str(&line.text());
                }
                Open::Title => {
                    if let Some(form) = out.last_mut() {
                        form.title.push(' ');
                        let first = line.spans().next().map(|s| s.text()).unwrap_or_default();
                        form.title.push_str(&strip_boxes(&box_glyphs(&first)));
                    }
                    if let Some(h) = header.as_mut() {
                        h.add_line(line);
                    }
                }
                Open::Nothing => {
                    close(&mut header, &mut out);
                    if let Some(form) = out.last_mut() {
                        form.has_content = true;
                    }
                }
            },
        }
    }
    close(&mut header, &mut out);
    // A document that ticks by a mark alone ("X a titolarità regionale"
    // over a bare "a regia regionale") and never draws an empty box leaves
    // the boxes it does not tick blank: a label with nothing by it is
    // unticked, in a form that ticks the other label or neither.
    let marks_only = markings.iter().any(|&(_, m)| m == Marking::MarkOnly)
        && !markings.iter().any(|&(_, m)| m == Marking::Boxes);
    if marks_only {
        for &(at, m) in &markings {
            if matches!(m, Marking::MarkOnly | Marking::Bare) {
                let form = &mut out[at];
                for value in [&mut form.titolarita_regionale, &mut form.regia_regionale] {
                    value.get_or_insert(false);
                }
            }
        }
    }
    out
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&BRACKET_BOX);
    LazyLock::force(&ACTION);
    LazyLock::force(&OBJECTIVE);
    LazyLock::force(&TITOLARITA);
    LazyLock::force(&REGIA);
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

    fn at(page: u32, top: f64, spans: &[&str]) -> Line {
        crate::testing::line(page, top, spans)
    }

    fn flags(forms: &[PilotAction]) -> Vec<(u32, Option<bool>, Option<bool>)> {
        forms
            .iter()
            .map(|f| (f.number, f.titolarita_regionale, f.regia_regionale))
            .collect()
    }

    #[test]
    fn a_lone_box_between_boxed_labels_does_not_end_the_header() {
        // LibreOffice Writer/Web: a third cell's box, vertically centred between
        // the two label lines, lands on a line of its own.
        let forms = read(&[
            at(16, 468.0, &["Azione 5 Prevenzione del lavoro sommerso"]),
            at(
                16,
                497.0,
                &["☐ a titolarità regionale (gestiti direttamente)"],
            ),
            at(16, 504.0, &["☒"]),
            at(16, 510.0, &["☒ a regia regionale (affidata ad altre PPAA)"]),
            at(16, 540.0, &["Articolazione degli interventi proposti"]),
            at(16, 569.0, &["Sulla base degli esiti dei tavoli."]),
        ]);
        assert_eq!(flags(&forms), [(5, Some(false), Some(true))]);
        assert!(forms[0].has_content);
    }

    #[test]
    fn boxes_in_their_own_cells_are_attached_to_their_labels() {
        let forms = read(&[
            // Each label wraps over two lines; its box, centred, sits between.
            at(10, 100.0, &["Azione 1 Inserimento socio lavorativo"]),
            at(
                10,
                115.0,
                &["a titolarità regionale (gestiti direttamente dalla"],
            ),
            at(10, 121.0, &["☒"]),
            at(
                10,
                127.0,
                &["Regione, anche attraverso avvisi e/o appalti)"],
            ),
            at(
                10,
                145.0,
                &["a regia regionale (la cui realizzazione è affidata"],
            ),
            at(10, 151.0, &["☐"]),
            at(10, 157.0, &["ad altre PPAA territoriali)"]),
            at(10, 175.0, &["Articolazione degli interventi proposti"]),
            // On the labels' lines, as spans far to the left.
            at(
                10,
                300.0,
                &["Azione 2 Valorizzazione delle seconde generazioni"],
            ),
            at(10, 315.0, &["☐", "a titolarità regionale"]),
            at(10, 327.0, &["☒", "a regia regionale"]),
            at(10, 339.0, &["Destinatari"]),
            // A bigger box half a line above the first label, the other label
            // without any box.
            at(
                10,
                500.0,
                &["Azione 3 Sostegno ai percorsi di integrazione"],
            ),
            at(10, 507.0, &["☒"]),
            at(10, 512.0, &["a titolarità regionale"]),
            at(10, 524.0, &["a regia regionale"]),
            at(10, 536.0, &["Destinatari"]),
        ]);
        assert_eq!(
            flags(&forms),
            [
                (1, Some(true), Some(false)),
                (2, Some(false), Some(true)),
                (3, Some(true), None),
            ]
        );
        assert!(forms.iter().all(|f| !f.has_content));
    }

    #[test]
    fn a_box_as_near_to_both_labels_or_out_of_reach_is_nobodys() {
        let forms = read(&[
            // One box centred on a cell holding both labels: unknowable.
            at(10, 100.0, &["Azione 1 Inserimento socio lavorativo"]),
            at(10, 112.0, &["a titolarità regionale"]),
            at(10, 118.0, &["☒"]),
            at(10, 124.0, &["a regia regionale"]),
            at(10, 136.0, &["Destinatari"]),
            // A box three lines above the labels is not theirs.
            at(10, 300.0, &["Azione 2 Valorizzazione", "☒"]),
            at(10, 312.0, &["delle seconde generazioni"]),
            at(10, 324.0, &["di migranti"]),
            at(10, 336.0, &["a titolarità regionale"]),
            at(10, 348.0, &["a regia regionale"]),
            at(10, 360.0, &["Destinatari"]),
        ]);
        assert_eq!(flags(&forms), [(1, None, None), (2, None, None)]);
        assert_eq!(
            forms[1].title,
            "Valorizzazione delle seconde generazioni di migranti"
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
        // Labels without their "a", at the start of their span only.
        assert_eq!(
            tick("☒ Titolarità regionale (gestiti direttamente)", &TITOLARITA),
            Some(Some(true))
        );
        assert_eq!(tick("Regia regionale (affidata)", &REGIA), Some(None));
        assert_eq!(tick("sotto la cabina di regia regionale.", &REGIA), None);
    }

    #[test]
    fn form_titles_written_otherwise() {
        for (title, number) in [
            ("Azione n. 1 – Inserimento socio lavorativo", 1),
            ("Azione n.2 Valorizzazione", 2),
            ("Azione pilota 3 – Sostegno", 3),
            ("AZIONE 4: PREVENZIONE", 4),
        ] {
            let forms = read(&[line(20, &[title]), line(20, &["X Titolarità regionale"])]);
            assert_eq!(forms.len(), 1, "{title}");
            assert_eq!(forms[0].number, number, "{title}");
            assert_eq!(forms[0].titolarita_regionale, Some(true), "{title}");
        }
    }

    #[test]
    fn boxes_typed_as_brackets() {
        let forms = read(&[
            at(
                19,
                100.0,
                &["Azione 3 Valorizzazione delle seconde generazioni", "["],
            ),
            at(19, 112.0, &["nell'ambito sociale e culturale", "]"]),
            at(
                19,
                124.0,
                &["[X] a titolarità regionale (gestiti direttamente)", "["],
            ),
            // A lone "[ ]" broken over two lines by its narrow cell.
            at(19, 136.0, &["]"]),
            at(
                19,
                148.0,
                &["[ ] a regia regionale (affidata ad altre PPAA)"],
            ),
            at(19, 160.0, &["Articolazione degli interventi proposti"]),
        ]);
        assert_eq!(flags(&forms), [(3, Some(true), Some(false))]);
        assert_eq!(
            forms[0].title,
            "Valorizzazione delle seconde generazioni nell'ambito sociale e culturale"
        );
    }

    /// A document that ticks with a mark and prints no empty box: a label
    /// without a mark is unticked, in the form that ticks the other and in
    /// the forms that tick neither.
    #[test]
    fn a_mark_beside_one_label_and_nothing_beside_the_other() {
        let form = |n: u32, top: f64, titolarita: &str, regia: &str| {
            vec![
                at(20, top, &[&format!("Azione {n} Titolo")]),
                at(
                    20,
                    top + 12.0,
                    &[&format!("{titolarita}a titolarità regionale (gestiti)")],
                ),
                at(
                    20,
                    top + 24.0,
                    &[&format!("{regia}a regia regionale (affidata)")],
                ),
                at(20, top + 36.0, &["Articolazione degli interventi proposti"]),
            ]
        };
        let mut lines = form(1, 100.0, "X ", "");
        lines.extend(form(2, 200.0, "", ""));
        lines.extend(form(3, 300.0, "", "X "));
        assert_eq!(
            flags(&read(&lines)),
            [
                (1, Some(true), Some(false)),
                (2, Some(false), Some(false)),
                (3, Some(false), Some(true))
            ]
        );
        // Where empty boxes are drawn, a label with no box is unknown.
        let mut lines = form(1, 100.0, "☒ ", "☐ ");
        lines.extend(form(2, 200.0, "", ""));
        assert_eq!(
            flags(&read(&lines)),
            [(1, Some(true), Some(false)), (2, None, None)]
        );
    }
}
