//! Hand-made inputs for the unit tests: glyphs set in a monospaced font, pages,
//! lines of words.

use crate::layout::{Line, LineBuilder};
use crate::pdf::{FilledRect, Glyph, Page, Segment};

/// The glyphs of `text` in a monospaced font of `size`: each letter advances
/// 0.5 em, a space 0.25 em and marks the next glyph as coming after a space.
pub fn glyphs(text: &str, x: f64, baseline: f64, size: f64) -> Vec<Glyph> {
    let mut out = Vec::new();
    let (mut x, mut space) = (x, false);
    for c in text.chars() {
        if c == ' ' {
            (x, space) = (x + 0.25 * size, true);
            continue;
        }
        out.push(Glyph {
            text: c.to_string().into(),
            x,
            baseline,
            advance: 0.5 * size,
            size,
            direction: crate::pdf::Direction::Upright,
            space_before: std::mem::take(&mut space),
        });
        x += 0.5 * size;
    }
    out
}

/// An A4-like page (600 × 800) holding what it is given.
pub fn page(
    number: u32,
    glyphs: Vec<Glyph>,
    segments: Vec<Segment>,
    rects: Vec<FilledRect>,
) -> Page {
    Page {
        undecoded: 0,
        number,
        width: 600.0,
        height: 800.0,
        glyphs,
        segments,
        rects,
    }
}

/// Page `number` holding 10-point texts, each (text, x, baseline) set from x
/// on its baseline.
pub fn text_page(number: u32, texts: &[(&str, f64, f64)]) -> Page {
    let glyphs = texts
        .iter()
        .flat_map(|&(t, x, y)| glyphs(t, x, y, 10.0))
        .collect();
    page(number, glyphs, vec![], vec![])
}

/// A line of 10-point text at `top` holding `text` as one word from x = 50 to
/// `x1` (for the rules that look at where a line ends).
pub fn line_to(page: u32, top: f64, x1: f64, text: &str) -> Line {
    let mut built = LineBuilder::default();
    built.word(text, 50.0, x1, false, true);
    line_from(page, top, built)
}

/// A line of 10-point text at `top` holding the words built.
pub fn line_from(page: u32, top: f64, built: LineBuilder) -> Line {
    built.finish(page, top, top + 10.0, top + 8.0, 10.0)
}

/// A line of 10-point text at `top`, one span per entry, words 40 points apart.
pub fn line(page: u32, top: f64, spans: &[&str]) -> Line {
    let mut built = LineBuilder::default();
    let mut x = 50.0;
    for s in spans {
        for (i, w) in s.split(' ').enumerate() {
            built.word(w, x, x + 30.0, x > 50.0, i == 0);
            x += 40.0;
        }
        x += 40.0;
    }
    line_from(page, top, built)
}

/// A ruled table of one-line cells, 15 points high: a first column 60
/// points wide, then columns 120 points wide, as many as its longest row has.
pub fn grid_page(rows: &[&[&str]]) -> Page {
    let n_cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let xs: Vec<f64> = (0..=n_cols)
        .map(|c| {
            if c == 0 {
                20.0
            } else {
                80.0 + 120.0 * (c - 1) as f64
            }
        })
        .collect();
    let ys: Vec<f64> = (0..=rows.len()).map(|r| 100.0 + 15.0 * r as f64).collect();
    let (right, bottom) = (xs[n_cols], ys[rows.len()]);
    let mut segments: Vec<Segment> = xs
        .iter()
        .map(|&x| Segment {
            x0: x,
            y0: ys[0],
            x1: x,
            y1: bottom,
        })
        .collect();
    segments.extend(ys.iter().map(|&y| Segment {
        x0: xs[0],
        y0: y,
        x1: right,
        y1: y,
    }));
    let mut glyphs = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            glyphs.extend(self::glyphs(cell, xs[c] + 3.0, ys[r] + 11.0, 10.0));
        }
    }
    Page {
        undecoded: 0,
        number: 7,
        width: 600.0,
        height: 800.0,
        glyphs,
        segments,
        rects: vec![],
    }
}

/// A document with nothing found in it.
pub fn empty_document() -> crate::model::Document {
    let source = crate::model::Source {
        file: "plan.pdf".to_string(),
        sha256: "0".repeat(64),
        bytes: 0,
        pages: 0,
        producer: None,
        created: None,
        modified: None,
    };
    crate::model::Document::new("0123456789abcdef".to_string(), source)
}
