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

/// Largest distance between two parallel rules drawn as one boundary, as a
/// fraction of the page's shorter side (the same on a portrait and a
/// landscape page): no line of text fits between them (6 pt, the smallest
/// legible size, on an A4 page). HTML's separate borders
/// (`border-spacing`) draw each cell's own box, so neighbouring cells leave
/// two rules a few points apart where a grid has one.
pub const DOUBLE_RULE_GAP: f64 = 0.01;

/// A dash of a dashed rule is drawn as a piece at least this many times as
/// long as it is thick; a dashed rule has at least [`DASHES_IN_A_RULE`] of
/// them, each gap at most [`DASH_GAP`] times the dash's length.
const DASH_ASPECT: f64 = 2.0;
const DASHES_IN_A_RULE: usize = 3;
const DASH_GAP: f64 = 2.0;

/// The tolerance within which two rules are the same line: a rule's thickness.
pub fn tolerance(page: &Page) -> f64 {
    page.width * RULE_THICKNESS
}

/// Every rule of the page, joined where collinear pieces touch or overlap.
pub fn page_rules(page: &Page) -> Vec<Rule> {
    let thin = tolerance(page);
    let mut rules = Vec::new();
    let mut dashes = Vec::new();
    let mut add = |x0: f64, y0: f64, x1: f64, y1: f64, filled: bool| {
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        if w <= thin && h <= thin {
            // Too short to be a rule alone: perhaps one dash of a dashed one,
            // drawn as a small filled rectangle (a short stroke, any slope,
            // is part of a drawing, not a border).
            if !filled {
                return;
            }
            let orientation = if w >= DASH_ASPECT * h.max(f64::EPSILON) {
                Orientation::Horizontal
            } else if h >= DASH_ASPECT * w.max(f64::EPSILON) {
                Orientation::Vertical
            } else {
                return;
            };
            let (pos, from, to) = match orientation {
                Orientation::Horizontal => ((y0 + y1) / 2.0, x0.min(x1), x0.max(x1)),
                Orientation::Vertical => ((x0 + x1) / 2.0, y0.min(y1), y0.max(y1)),
            };
            dashes.push(Rule {
                orientation,
                pos,
                from,
                to,
            });
        } else if h <= thin && w > thin {
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
        add(s.x0, s.y0, s.x1, s.y1, false);
    }
    for r in &page.rects {
        add(r.x0, r.y0, r.x1, r.y1, true);
    }
    rules.extend(dashed(dashes, thin));
    merge_doubles(
        join(rules, thin),
        page.width.min(page.height) * DOUBLE_RULE_GAP,
    )
}

/// Orders rules line by line: by orientation, position, then start, so that
/// pieces of one line follow one another.
fn along_lines(a: &Rule, b: &Rule) -> std::cmp::Ordering {
    (a.orientation as u8)
        .cmp(&(b.orientation as u8))
        .then(a.pos.total_cmp(&b.pos))
        .then(a.from.total_cmp(&b.from))
}

/// Rules drawn as runs of dashes (CSS `dashed` borders: each dash its own
/// small rectangle): a run of at least [`DASHES_IN_A_RULE`] collinear dashes
/// with short gaps is one rule; a lone short piece is none.
fn dashed(mut dashes: Vec<Rule>, tol: f64) -> Vec<Rule> {
    dashes.sort_by(along_lines);
    // Open runs: the rule so far and how many dashes it holds.
    let mut runs: Vec<(Rule, usize)> = Vec::new();
    for d in dashes {
        let gap = DASH_GAP * (d.to - d.from).max(tol);
        // Dashes sort by position, so a run of the same line is among the
        // last few.
        let run = (runs.iter_mut().rev())
            .take_while(|(r, _)| r.orientation == d.orientation && d.pos - r.pos <= tol)
            .find(|(r, _)| d.from <= r.to + gap && r.from <= d.to + gap);
        match run {
            Some((r, n)) => {
                r.to = r.to.max(d.to);
                *n += 1;
            }
            None => runs.push((d, 1)),
        }
    }
    runs.into_iter()
        .filter(|(_, n)| *n >= DASHES_IN_A_RULE)
        .map(|(r, _)| r)
        .collect()
}

/// Parallel rules closer than `gap` that run alongside each other (each
/// overlaps at least half of the shorter) are one boundary, drawn at the mean
/// of their positions over both lengths. (Their ends need not match: a cell's
/// border runs beside a merged neighbour's or the table's own box.)
fn merge_doubles(mut rules: Vec<Rule>, gap: f64) -> Vec<Rule> {
    rules.sort_by(along_lines);
    // Each merged rule with the sum of its members' positions and their count.
    let mut out: Vec<(Rule, f64, usize)> = Vec::with_capacity(rules.len());
    for r in rules {
        // A merged rule's mean stays within `gap` of its first member, and
        // members come by position: one more than twice `gap` back is past.
        let partner = (out.iter_mut().rev())
            .take_while(|(o, _, _)| o.orientation == r.orientation && r.pos - o.pos <= 2.0 * gap)
            .find(|(o, _, _)| {
                let overlap = o.to.min(r.to) - o.from.max(r.from);
                let shorter = (o.to - o.from).min(r.to - r.from);
                (r.pos - o.pos).abs() <= gap && overlap >= shorter / 2.0
            });
        match partner {
            Some((o, sum, n)) => {
                *sum += r.pos;
                *n += 1;
                o.pos = *sum / *n as f64;
                o.from = o.from.min(r.from);
                o.to = o.to.max(r.to);
            }
            None => out.push((r, r.pos, 1)),
        }
    }
    out.into_iter().map(|(r, _, _)| r).collect()
}

/// Joins collinear rules that touch or overlap (within `tol`).
fn join(mut rules: Vec<Rule>, tol: f64) -> Vec<Rule> {
    rules.sort_by(along_lines);
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

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> FilledRect {
        FilledRect {
            x0,
            y0,
            x1,
            y1,
            gray: Some(0.0),
        }
    }

    fn page_of(rects: Vec<FilledRect>) -> Page {
        Page {
            undecoded: 0,
            number: 1,
            width: 595.0,
            height: 842.0,
            segments: vec![],
            rects,
            glyphs: vec![],
        }
    }

    /// Chromium draws a dashed border as one small rectangle per dash, each
    /// shorter than a rule is thick: a run of them is a rule; a lone one, or
    /// two runs of two tables that nearly line up, are not one rule.
    #[test]
    fn runs_of_dashes_are_rules() {
        let mut rects = Vec::new();
        // A horizontal dashed rule from x = 100 to 200: dashes 2.25 long, 0.75 thick.
        for k in 0..23 {
            let x = 100.0 + 4.5 * k as f64;
            rects.push(rect(x, 300.0, x + 2.25, 300.75));
        }
        // Vertical dashes: at x = 102 from y = 400 to 440, and at x = 100.2
        // (within a rule's thickness of it) from y = 600 to 640.
        for (x, y0) in [(102.0, 400.0), (100.2, 600.0)] {
            for k in 0..9 {
                let y = y0 + 4.5 * k as f64;
                rects.push(rect(x, y, x + 0.75, y + 2.25));
            }
        }
        // A lone dash, and a dot (as long as it is thick).
        rects.push(rect(300.0, 500.0, 302.25, 500.75));
        rects.push(rect(350.0, 500.0, 351.0, 501.0));
        let mut rules = page_rules(&page_of(rects));
        rules.sort_by(|a, b| a.from.total_cmp(&b.from));
        assert_eq!(rules.len(), 3, "{rules:?}");
        let h = &rules[0];
        assert_eq!(h.orientation, Orientation::Horizontal);
        assert!(
            (h.from - 100.0).abs() < 0.01 && (h.to - 201.25).abs() < 0.01,
            "{h:?}"
        );
        let (v1, v2) = (&rules[1], &rules[2]);
        assert_eq!(v1.orientation, Orientation::Vertical);
        assert!(
            (v1.from - 400.0).abs() < 0.01 && (v1.to - 438.25).abs() < 0.01,
            "{v1:?}"
        );
        assert!(
            (v2.from - 600.0).abs() < 0.01 && (v2.to - 638.25).abs() < 0.01,
            "{v2:?}"
        );
    }

    /// Separate cell borders (CSS `border-spacing`) draw neighbouring cells'
    /// edges as two rules a few points apart: one boundary. Two rules a line
    /// of text apart stay two.
    #[test]
    fn two_rules_closer_than_a_line_of_text_are_one() {
        let rules = page_rules(&page_of(vec![
            // Two cells' bottom and top edges, 3 pt apart.
            rect(100.0, 300.0, 300.0, 300.75),
            rect(100.0, 303.0, 300.0, 303.75),
            // Two cells side by side: right edge of one, left edge of the next.
            rect(199.0, 320.0, 199.75, 400.0),
            rect(202.0, 320.0, 202.75, 400.0),
            // A row 12 pt high: its top and bottom rules.
            rect(100.0, 500.0, 300.0, 500.75),
            rect(100.0, 512.0, 300.0, 512.75),
        ]));
        let at = |o: Orientation| {
            let mut v: Vec<f64> = (rules.iter())
                .filter(|r| r.orientation == o)
                .map(|r| r.pos)
                .collect();
            v.sort_by(f64::total_cmp);
            v
        };
        assert_eq!(at(Orientation::Horizontal), vec![301.875, 500.375, 512.375]);
        assert_eq!(at(Orientation::Vertical), vec![200.875]);
        // Three drawn close together are one at their mean, whatever the order.
        let rules = page_rules(&page_of(vec![
            rect(100.0, 300.0, 300.0, 301.0),
            rect(100.0, 303.0, 300.0, 304.0),
            rect(100.0, 306.0, 300.0, 307.0),
        ]));
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert!((rules[0].pos - 303.5).abs() < 1e-9, "{rules:?}");
    }

    /// Short strokes are pieces of a drawing, not the dashes of a border
    /// (those are filled rectangles): three in a row make no rule.
    #[test]
    fn short_strokes_are_no_dashes() {
        let mut page = page_of(vec![]);
        for k in 0..3 {
            let x = 100.0 + 3.0 * k as f64;
            page.segments.push(Segment {
                x0: x,
                y0: 200.0,
                x1: x + 2.0,
                y1: 200.5,
            });
        }
        assert!(page_rules(&page).is_empty());
    }
}
