//! The report's charts, drawn as inline SVG: horizontal bars (one per region)
//! and Gantt timelines on a common month axis. No script, no external font:
//! the page prints and opens offline as it is.

use std::fmt::Write;

use super::report::escape;

/// One bar: its label, value, the value as printed, and where it links.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
    pub href: Option<String>,
    pub tone: Tone,
}

/// How a bar is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    /// Something wrong: a mismatch, say.
    Alert,
    /// A figure given for comparison: the national one beside the regions'.
    Context,
}

/// Layout of the bar chart, in SVG user units (1 unit = 1 CSS px).
const BAR_HEIGHT: f64 = 16.0;
const BAR_GAP: f64 = 4.0;
/// The label column is as wide as its longest label needs, from this up.
const LABEL_WIDTH: f64 = 110.0;
/// Width of one label character at the charts' 11 px font (a generous average).
const LABEL_CHAR_WIDTH: f64 = 6.5;
const VALUE_WIDTH: f64 = 150.0;
const CHART_WIDTH: f64 = 520.0;

/// Horizontal bars scaled to the largest value (negative values drawn as 0).
pub fn bars(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let longest = bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = LABEL_WIDTH.max(longest as f64 * LABEL_CHAR_WIDTH + 6.0);
    let chart_width = CHART_WIDTH + (label_width - LABEL_WIDTH);
    let plot = chart_width - label_width - VALUE_WIDTH;
    let height = bars.len() as f64 * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" role="img" viewBox="0 0 {chart_width} {height}" width="{chart_width}" height="{height}"><title>{}</title>"#,
        escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = BAR_GAP + i as f64 * (BAR_HEIGHT + BAR_GAP);
        let w = if max > 0.0 {
            (b.value.max(0.0) / max * plot).max(1.0)
        } else {
            1.0
        };
        let class = match b.tone {
            Tone::Normal => "bar",
            Tone::Alert => "bar hi",
            Tone::Context => "bar context",
        };
        let rect = format!(
            r#"<rect class="{class}" x="{label_width}" y="{y}" width="{w:.1}" height="{BAR_HEIGHT}"><title>{}: {}</title></rect>"#,
            escape(&b.label),
            escape(&b.shown)
        );
        match &b.href {
            Some(href) => {
                let _ = write!(s, r#"<a href="{}">{rect}</a>"#, escape(href));
            }
            None => s.push_str(&rect),
        }
        let ty = y + BAR_HEIGHT * 0.75;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{ty:.1}" text-anchor="end">{}</text><text x="{:.1}" y="{ty:.1}">{}</text>"#,
            label_width - 6.0,
            escape(&b.label),
            label_width + w + 6.0,
            escape(&b.shown)
        );
    }
    s.push_str("</svg>");
    s
}

/// A month on the timeline axis: year and month (1-12).
pub type Month = (i32, u32);

/// The month of an ISO date ("2015-07-01").
pub fn month(date: &str) -> Option<Month> {
    let year = date.get(0..4)?.parse().ok()?;
    let month = date.get(5..7)?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

fn index(m: Month) -> i32 {
    m.0 * 12 + m.1 as i32 - 1
}

/// One row of a timeline: its label, whether it is a group heading, and the
/// marked spans (first and last month, inclusive) with their tooltips.
pub struct TimelineRow {
    pub label: String,
    pub group: bool,
    pub spans: Vec<(Month, Month, String)>,
    pub href: Option<String>,
}

const ROW_HEIGHT: f64 = 15.0;
const AXIS_HEIGHT: f64 = 30.0;
const TIMELINE_LABEL_WIDTH: f64 = 300.0;
const TIMELINE_WIDTH: f64 = 720.0;
/// Characters of a row label shown before it is cut (the whole label is its tooltip).
const LABEL_CHARS: usize = 52;

/// A Gantt timeline over the months `first..=last`, one column per month, the
/// accord's months (`accord`) shaded, a year label at each January.
pub fn timeline(
    title: &str,
    first: Month,
    last: Month,
    accord: (Month, Month),
    rows: &[TimelineRow],
) -> String {
    let months = (index(last) - index(first) + 1).max(1);
    let plot = TIMELINE_WIDTH - TIMELINE_LABEL_WIDTH;
    let col = plot / months as f64;
    let x_of = |m: Month| TIMELINE_LABEL_WIDTH + (index(m) - index(first)) as f64 * col;
    let height = AXIS_HEIGHT + rows.len() as f64 * ROW_HEIGHT + 4.0;
    let width = TIMELINE_WIDTH;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>{}</title>"#,
        escape(title)
    );
    let (a0, a1) = (x_of(accord.0), x_of(accord.1) + col);
    let _ = write!(
        s,
        r#"<rect class="accord" x="{a0:.1}" y="{AXIS_HEIGHT}" width="{:.1}" height="{:.1}"><title>the accord's period</title></rect>"#,
        a1 - a0,
        height - AXIS_HEIGHT
    );
    for k in 0..months {
        let m = index(first) + k;
        let (year, mon) = (m.div_euclid(12), m.rem_euclid(12) + 1);
        let x = TIMELINE_LABEL_WIDTH + k as f64 * col;
        let _ = write!(
            s,
            r#"<line class="tick" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{height:.1}"/>"#,
            AXIS_HEIGHT - 4.0
        );
        let _ = write!(
            s,
            r#"<text class="month" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x + col / 2.0,
            AXIS_HEIGHT - 6.0,
            MONTH_LETTERS[(mon - 1) as usize]
        );
        if mon == 1 || k == 0 {
            let _ = write!(s, r#"<text class="year" x="{x:.1}" y="11">{year}</text>"#);
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let y = AXIS_HEIGHT + i as f64 * ROW_HEIGHT;
        let mut label: String = r.label.chars().take(LABEL_CHARS).collect();
        if r.label.chars().count() > LABEL_CHARS {
            label.push('…');
        }
        let class = if r.group { "group" } else { "activity" };
        let text = format!(
            r#"<text class="{class}" x="4" y="{:.1}">{}<title>{}</title></text>"#,
            y + ROW_HEIGHT * 0.75,
            escape(&label),
            escape(&r.label)
        );
        match &r.href {
            Some(href) => {
                let _ = write!(s, r#"<a href="{}">{text}</a>"#, escape(href));
            }
            None => s.push_str(&text),
        }
        for (from, to, tip) in &r.spans {
            let x0 = x_of(*from);
            let x1 = x_of(*to) + col;
            let _ = write!(
                s,
                r#"<rect class="mark" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}</title></rect>"#,
                x0 + 1.0,
                y + 3.0,
                (x1 - x0 - 2.0).max(1.0),
                ROW_HEIGHT - 6.0,
                escape(tip)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Month initials, Italian: gennaio … dicembre.
const MONTH_LETTERS: [&str; 12] = ["G", "F", "M", "A", "M", "G", "L", "A", "S", "O", "N", "D"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_escape_text() {
        let svg = bars(
            "t",
            &[
                Bar {
                    label: "A & B".into(),
                    value: 100.0,
                    shown: "100".into(),
                    href: Some("a.pdf#page=2".into()),
                    tone: Tone::Normal,
                },
                Bar {
                    label: "C".into(),
                    value: 50.0,
                    shown: "50".into(),
                    href: None,
                    tone: Tone::Alert,
                },
            ],
        );
        assert!(
            svg.contains(r#"width="260.0" height="16"><title>A &amp; B: 100</title>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<rect class="bar hi" x="110" y="24" width="130.0""#),
            "{svg}"
        );
        assert!(svg.contains(r#"<a href="a.pdf#page=2">"#));
    }

    #[test]
    fn a_timeline_puts_each_span_on_its_months() {
        let svg = timeline(
            "t",
            (2015, 2),
            (2016, 9),
            ((2015, 2), (2016, 8)),
            &[TimelineRow {
                label: "1.1".into(),
                group: false,
                spans: vec![((2015, 7), (2015, 9), "III trim 2015".into())],
                href: None,
            }],
        );
        // 20 months over 420 units: 21 each; July 2015 is the sixth month.
        assert!(
            svg.contains(r#"<rect class="mark" x="406.0" y="33.0" width="61.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<rect class="accord" x="300.0" y="30" width="399.0""#),
            "{svg}"
        );
        assert_eq!(month("2016-09-30"), Some((2016, 9)));
        assert_eq!(month("2016-13-01"), None);
    }
}
