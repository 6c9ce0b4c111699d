//! Page furniture: running headers and footers (the ministry's header block, a
//! region's logo text, page numbers) found by their repetition across pages and
//! taken out of the text.
//!
//! A line is furniture when it sits in the top or bottom margin band of its page,
//! only other furniture stands between it and the page edge, and either the same
//! text (digits ignored, so "Pagina 3 di 18" repeats) stands in that band on
//! enough pages, or it is the page number: the first in the band of a bare
//! number, where enough pages carry one in that band (a lone number anywhere
//! else ends an amount a table cell broke over the page).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::layout::{Line, PageLayout};

/// Share of the page height, from the top, where running headers stand.
const TOP_BAND: f64 = 0.15;
/// Share of the page height, from the bottom, where running footers stand.
const BOTTOM_BAND: f64 = 0.12;
/// Share of the pages a text must recur on to count as running.
const MIN_SHARE: f64 = 0.3;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:pag(?:ina|\.)?|p\.)\s*)?[-–—]?\s*#+\s*[-–—]?(?:\s*(?:di|/|of)\s*#+)?$")
        .expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Band {
    Top,
    Bottom,
}

/// The text a running line keeps from page to page: case, digits and spacing folded.
fn key(line: &Line) -> String {
    let text: String = line
        .text()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Runs of digits of any length are one number.
    while out.contains("##") {
        out = out.replace("##", "#");
    }
    out
}

fn band(line: &Line, height: f64) -> Option<Band> {
    if line.bottom <= height * TOP_BAND {
        Some(Band::Top)
    } else if line.top >= height * (1.0 - BOTTOM_BAND) {
        Some(Band::Bottom)
    } else {
        None
    }
}

/// Removes page furniture from every page and returns the removed lines.
pub fn remove(pages: &mut [PageLayout]) -> Vec<Line> {
    let pages_with_text = pages.iter().filter(|p| !p.lines.is_empty()).count();
    let needed = ((pages_with_text as f64) * MIN_SHARE).ceil().max(2.0) as usize;

    let mut seen: HashMap<(Band, String), HashSet<u32>> = HashMap::new();
    // Per band, the pages with a page number in it.
    let mut numbered_pages: HashMap<Band, HashSet<u32>> = HashMap::new();
    for page in pages.iter() {
        for line in &page.lines {
            if let Some(b) = band(line, page.height) {
                let k = key(line);
                if PAGE_NUMBER.is_match(&k) {
                    numbered_pages.entry(b).or_default().insert(page.number);
                }
                seen.entry((b, k)).or_default().insert(page.number);
            }
        }
    }
    // Page numbers stand in a band where the document numbers its pages, one
    // per band: elsewhere, or past it, a bare number is body text (the end of
    // an amount a table cell broke over a page, "Alme no" before "100").
    let is_furniture = |line: &Line, b: Band, numbered: &mut bool| {
        let k = key(line);
        if PAGE_NUMBER.is_match(&k) {
            let numbering = numbered_pages.get(&b).is_some_and(|p| p.len() >= needed);
            return numbering && !std::mem::replace(numbered, true);
        }
        seen.get(&(b, k)).is_some_and(|p| p.len() >= needed)
    };

    let mut removed = Vec::new();
    for page in pages.iter_mut() {
        // From the top edge down, then from the bottom edge up, while lines are furniture.
        let mut numbered = false;
        let top = page
            .lines
            .iter()
            .take_while(|l| {
                band(l, page.height) == Some(Band::Top) && is_furniture(l, Band::Top, &mut numbered)
            })
            .count();
        let mut numbered = false;
        let bottom = page.lines[top..]
            .iter()
            .rev()
            .take_while(|l| {
                band(l, page.height) == Some(Band::Bottom)
                    && is_furniture(l, Band::Bottom, &mut numbered)
            })
            .count();
        let body_end = page.lines.len() - bottom;
        removed.extend(page.lines.drain(body_end..));
        removed.extend(page.lines.drain(..top));
    }
    removed
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&PAGE_NUMBER);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, top: f64, text: &str) -> Line {
        crate::testing::line(page, top, &[text])
    }

    fn page(number: u32, lines: Vec<Line>) -> PageLayout {
        PageLayout {
            number,
            width: 600.0,
            height: 800.0,
            lines,
        }
    }

    #[test]
    fn repeated_headers_and_page_numbers_go_body_stays() {
        let mut pages: Vec<PageLayout> = (1..=4)
            .map(|n| {
                page(
                    n,
                    vec![
                        line(n, 30.0, "Ministero del Lavoro e delle Politiche Sociali"),
                        line(n, 45.0, "Direzione Generale dell'immigrazione"),
                        line(n, 200.0, &format!("Testo della pagina {n}")),
                        line(n, 770.0, &n.to_string()),
                    ],
                )
            })
            .collect();
        let removed = remove(&mut pages);
        assert_eq!(removed.len(), 12);
        for (i, p) in pages.iter().enumerate() {
            assert_eq!(p.lines.len(), 1);
            assert_eq!(p.lines[0].text(), format!("Testo della pagina {}", i + 1));
        }
    }

    #[test]
    fn a_heading_at_the_top_of_one_page_is_not_furniture() {
        let mut pages: Vec<PageLayout> = (1..=4)
            .map(|n| {
                page(
                    n,
                    vec![line(n, 30.0, "Intestazione"), line(n, 300.0, "corpo")],
                )
            })
            .collect();
        pages[2].lines.insert(1, line(3, 60.0, "SEZIONE II"));
        remove(&mut pages);
        assert_eq!(pages[2].lines[0].text(), "SEZIONE II");
    }

    #[test]
    fn repeated_text_below_body_text_in_the_band_stays() {
        // A line in the top band but under a non-repeating line is body text.
        let mut pages: Vec<PageLayout> = (1..=3)
            .map(|n| {
                page(
                    n,
                    vec![
                        line(n, 30.0, &format!("Titolo {}", "x".repeat(n as usize))),
                        line(n, 60.0, "Azione"),
                    ],
                )
            })
            .collect();
        remove(&mut pages);
        assert!(pages.iter().all(|p| p.lines.len() == 2));
    }

    #[test]
    fn a_band_holds_one_page_number() {
        // A table cell broke "529.301,85" after its last digit but one, at
        // the foot of the page, right above the page number.
        let mut pages: Vec<PageLayout> = (1..=4)
            .map(|n| {
                page(
                    n,
                    vec![
                        line(n, 300.0, "corpo"),
                        line(n, 770.0, &(n + 12).to_string()),
                    ],
                )
            })
            .collect();
        pages[2].lines.insert(1, line(3, 740.0, "529.301,8"));
        pages[2].lines.insert(2, line(3, 752.0, "5"));
        remove(&mut pages);
        let texts: Vec<String> = pages[2].lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["corpo", "529.301,8", "5"]);
        assert!(pages.iter().all(|p| p.lines.last().unwrap().text() != "16"));
    }

    #[test]
    fn a_number_in_a_band_without_page_numbers_is_body_text() {
        // The end of a quantity a table cell broke over a page, under the
        // running header; the page numbers stand at the foot.
        let mut pages: Vec<PageLayout> = (1..=4)
            .map(|n| {
                page(
                    n,
                    vec![
                        line(n, 30.0, "Ministero del Lavoro"),
                        line(n, 300.0, "corpo"),
                        line(n, 770.0, &n.to_string()),
                    ],
                )
            })
            .collect();
        pages[1].lines.insert(1, line(2, 60.0, "100"));
        remove(&mut pages);
        let texts: Vec<String> = pages[1].lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["100", "corpo"]);
    }

    #[test]
    fn page_number_forms() {
        for text in ["#", "pagina # di #", "pag. #", "- # -", "#/#"] {
            assert!(PAGE_NUMBER.is_match(text), "{text}");
        }
        assert!(!PAGE_NUMBER.is_match("# persone"));
    }
}
