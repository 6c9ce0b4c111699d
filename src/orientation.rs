//! Orientation: a page whose text mostly runs sideways or upside down is turned
//! so that it reads left to right, before layout.
//!
//! Producers draw a landscape page on a portrait sheet (or print a whole
//! document turned) by rotating the content: every glyph then runs bottom to
//! top, say, and layout, which reads along baselines, would find no lines at
//! all. Turning the page's glyphs, rules and fills by the same quarter turns
//! gives layout the page as a reader sees it.

use crate::pdf::{Direction, FilledRect, Page, Segment};

/// Turns `page` so that its dominant text direction becomes upright. A page
/// stays as it is unless more of its glyphs run one other way than upright.
pub fn turn_upright(page: &mut Page) {
    let count = |d: Direction| page.glyphs.iter().filter(|g| g.direction == d).count();
    let upright = count(Direction::Upright);
    let Some((turn, n)) = [Direction::Up, Direction::Down, Direction::Inverted]
        .into_iter()
        .map(|d| (d, count(d)))
        .max_by_key(|&(_, n)| n)
    else {
        return;
    };
    if n <= upright {
        return;
    }
    let (w, h) = (page.width, page.height);
    // Where a point of the page lands once the page is turned.
    let to = |x: f64, y: f64| -> (f64, f64) {
        match turn {
            Direction::Up => (h - y, x),
            Direction::Down => (y, w - x),
            _ => (w - x, h - y),
        }
    };
    for g in &mut page.glyphs {
        (g.x, g.baseline) = to(g.x, g.baseline);
        g.direction = turned(g.direction, turn);
    }
    for s in &mut page.segments {
        let ((x0, y0), (x1, y1)) = (to(s.x0, s.y0), to(s.x1, s.y1));
        *s = Segment { x0, y0, x1, y1 };
    }
    for r in &mut page.rects {
        let ((ax, ay), (bx, by)) = (to(r.x0, r.y0), to(r.x1, r.y1));
        *r = FilledRect {
            x0: ax.min(bx),
            y0: ay.min(by),
            x1: ax.max(bx),
            y1: ay.max(by),
            gray: r.gray,
        };
    }
    if turn != Direction::Inverted {
        (page.width, page.height) = (h, w);
    }
}

/// The direction of a glyph once its page is turned so that `turn` reads upright.
fn turned(d: Direction, turn: Direction) -> Direction {
    use Direction::*;
    // Quarter turns counter-clockwise from upright.
    let quarters = |d: Direction| match d {
        Upright => Some(0),
        Up => Some(1),
        Inverted => Some(2),
        Down => Some(3),
        Skewed => None,
    };
    match (quarters(d), quarters(turn)) {
        (Some(a), Some(b)) => [Upright, Up, Inverted, Down][(a + 4 - b) % 4],
        _ => Skewed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{glyphs, page};

    /// An upright 800 × 600 page: `text` over a rule, beside a shaded cell.
    fn landscape(text: &str) -> Page {
        let mut p = page(
            1,
            glyphs(text, 100.0, 200.0, 10.0),
            vec![Segment {
                x0: 100.0,
                y0: 205.0,
                x1: 300.0,
                y1: 205.0,
            }],
            vec![FilledRect {
                x0: 400.0,
                y0: 100.0,
                x1: 500.0,
                y1: 150.0,
                gray: Some(0.8),
            }],
        );
        (p.width, p.height) = (800.0, 600.0);
        p
    }

    /// The same page drawn sideways on a 600 × 800 sheet, its text running `direction`.
    fn sideways(upright: &Page, direction: Direction) -> Page {
        let from = |x: f64, y: f64| match direction {
            Direction::Up => (y, 800.0 - x),
            Direction::Down => (600.0 - y, x),
            _ => unreachable!(),
        };
        let mut p = upright.clone();
        (p.width, p.height) = (600.0, 800.0);
        for g in &mut p.glyphs {
            (g.x, g.baseline) = from(g.x, g.baseline);
            g.direction = direction;
        }
        for s in &mut p.segments {
            ((s.x0, s.y0), (s.x1, s.y1)) = (from(s.x0, s.y0), from(s.x1, s.y1));
        }
        for r in &mut p.rects {
            let ((ax, ay), (bx, by)) = (from(r.x0, r.y0), from(r.x1, r.y1));
            (r.x0, r.y0, r.x1, r.y1) = (ax.min(bx), ay.min(by), ax.max(bx), ay.max(by));
        }
        p
    }

    #[test]
    fn sideways_pages_come_back_upright() {
        let upright = landscape("Gantt");
        for direction in [Direction::Up, Direction::Down] {
            let mut p = sideways(&upright, direction);
            assert!(p.glyphs.iter().all(|g| !g.is_upright()));
            turn_upright(&mut p);
            assert_eq!((p.width, p.height), (800.0, 600.0));
            assert_eq!(p.glyphs, upright.glyphs, "{direction:?}");
            let s = p.segments[0];
            let (lo, hi) = (s.x0.min(s.x1), s.x0.max(s.x1));
            assert_eq!((lo, hi, s.y0, s.y1), (100.0, 300.0, 205.0, 205.0));
            assert_eq!(p.rects, upright.rects);
        }
    }

    #[test]
    fn an_upright_page_with_a_sideways_label_stays() {
        let mut p = page(
            1,
            glyphs("Destinatari del piano", 100.0, 200.0, 10.0),
            vec![],
            vec![],
        );
        let mut label = glyphs("2015", 50.0, 400.0, 8.0);
        for g in &mut label {
            g.direction = Direction::Up;
        }
        p.glyphs.extend(label);
        let before = p.clone();
        turn_upright(&mut p);
        assert_eq!(p.glyphs, before.glyphs);
    }

    #[test]
    fn turning_composes_directions() {
        assert_eq!(turned(Direction::Up, Direction::Up), Direction::Upright);
        assert_eq!(turned(Direction::Upright, Direction::Up), Direction::Down);
        assert_eq!(
            turned(Direction::Inverted, Direction::Inverted),
            Direction::Upright
        );
        assert_eq!(
            turned(Direction::Skewed, Direction::Down),
            Direction::Skewed
        );
    }
}
