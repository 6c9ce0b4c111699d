//! Ruling lines: the horizontal and vertical rules a page draws, whether as
//! stroked segments or as thin filled rectangles (producers use both for table
//! borders), snapped and joined into maximal rules.

use crate::pdf::Page;

/// Largest thickness of a rule, as a fraction of the page width.
pub const RULE_THICKNESS: f64 = 0.004;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Horizontal,
    Vertical,
}

/// A horizontal rule at y = `pos` from x = `from` to `to`, or a vertical one at
/// x = `pos` from y = `from` to `to` (page coordinates, y downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub orientation: Orientation,
    pub pos: f64,
    pub from: f64,
    pub to: f64,
}

impl Rule {
    /// Whether the rule passes through `at` along its length, within `tol`.
    pub fn spans(&self, at: f64, tol: f64) -> bool {
        self.from - tol <= at && at <= self.to + tol
    }
}

/// The tolerance within which two rules are the same line: a rule's thickness.
pub fn tolerance(page: &Page) -> f64 {
    page.width * RULE_THICKNESS
}

/// Every rule of the page, joined where collinear pieces touch or overlap.
pub fn page_rules(page: &Page) -> Vec<Rule> {
    let thin = tolerance(page);
    let mut rules = Vec::new();
    let mut add = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        if h <= thin && w > thin {
            rules.push(Rule {
                orientation: Orientation::Horizontal,
                pos: (y0 + y1) / 2.0,
                from: x0.min(x1),
                to: x0.max(x1),
            });
        } else if w <= thin && h > thin {
            rules.push(Rule {
                orientation: Orientation::Vertical,
                pos: (x0 + x1) / 2.0,
                from: y0.min(y1),
                to: y0.max(y1),
            });
        }
    };
    for s in &page.segments {
        add(s.x0, s.y0, s.x1, s.y1);
    }
    for r in &page.rects {
        add(r.x0, r.y0, r.x1, r.y1);
    }
    join(rules, thin)
}

/// Joins collinear rules that touch or overlap (within `tol`).
fn join(mut rules: Vec<Rule>, tol: f64) -> Vec<Rule> {
    rules.sort_by(|a, b| {
        (a.orientation as u8)
            .cmp(&(b.orientation as u8))
            .then(a.pos.total_cmp(&b.pos))
            .then(a.from.total_cmp(&b.from))
    });
    let mut out: Vec<Rule> = Vec::with_capacity(rules.len());
    for r in rules {
        // Rules sort by position, so a collinear partner is among the last few.
        let partner = out
            .iter_mut()
            .rev()
            .take_while(|o| o.orientation == r.orientation && (r.pos - o.pos).abs() <= tol);
        let mut merged = false;
        for o in partner {
            if r.from <= o.to + tol && o.from <= r.to + tol {
                o.from = o.from.min(r.from);
                o.to = o.to.max(r.to);
                merged = true;
                break;
            }
        }
        if !merged {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{FilledRect, Page, Segment};

    #[test]
    fn strokes_and_thin_rectangles_both_make_rules_and_pieces_join() {
        let page = Page {
            undecoded: 0,
            number: 1,
            width: 600.0,
            height: 800.0,
            segments: vec![
                Segment {
                    x0: 100.0,
                    y0: 200.0,
                    x1: 300.0,
                    y1: 200.0,
                },
                Segment {
                    x0: 300.0,
                    y0: 200.2,
                    x1: 500.0,
                    y1: 200.2,
                },
                Segment {
                    x0: 100.0,
                    y0: 100.0,
                    x1: 140.0,
                    y1: 180.0,
                },
            ],
            rects: vec![
                FilledRect {
                    x0: 99.5,
                    y0: 150.0,
                    x1: 100.5,
                    y1: 250.0,
                    gray: Some(0.0),
                },
                FilledRect {
                    x0: 10.0,
                    y0: 10.0,
                    x1: 60.0,
                    y1: 60.0,
                    gray: Some(0.8),
                },
            ],
            glyphs: vec![],
        };
        let rules = page_rules(&page);
        assert_eq!(rules.len(), 2, "{rules:?}");
        let h = rules
            .iter()
            .find(|r| r.orientation == Orientation::Horizontal)
            .unwrap();
        assert_eq!((h.from, h.to), (100.0, 500.0));
        let v = rules
            .iter()
            .find(|r| r.orientation == Orientation::Vertical)
            .unwrap();
        assert_eq!((v.pos, v.from, v.to), (100.0, 150.0, 250.0));
    }
}
