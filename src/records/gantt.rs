//! II.1.4 *Piano temporale – Gantt*: periods from the header rows, one row per
//! activity, a mark wherever a period cell holds text or is shaded.
//!
//! A mark's period is the column of the cell it stands in, never its order in
//! the text. Periods: quarters ("III° TRIM" under a year, "1° trimestre 2016"),
//! semesters ("II sem"), months ("gen 2016", "Settembre") or whole years,
//! normalized to start and end dates.

use std::sync::LazyLock;

use regex::Regex;

use super::compact;
use crate::model::{Gantt, GanttRow, Period};
use crate::tables::Table;

/// Mark text given to a period cell that is shaded rather than written in.
pub const SHADED_MARK: &str = "■";

/// Header rows searched for periods.
const HEADER_ROWS: usize = 4;

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(20\d\d)\b").expect("valid regex"));
static SEMESTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(ii|i|[12])(?:o|°)?sem").expect("valid regex"));
static LEADING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^20\d\d").expect("valid regex"));
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(iv|iii|ii|i|[1-4])(?:o|°)?(?:trim|quad)").expect("valid regex")
});
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2})*\.?)(?:\s+(.*))?$").expect("valid regex"));

const MONTHS: [&str; 12] = [
    "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
];

/// What a header cell says about its column's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Quarter(u32),
    Semester(u32),
    Month(u32),
    Year,
}

fn unit(text: &str) -> Option<Unit> {
    // "2015 III TRIM" and "III TRIM 2015" alike: the year is read elsewhere.
    let c = compact(&text.replace('°', "o"));
    let c = LEADING_YEAR.replace(&c, "");
    if let Some(m) = QUARTER.captures(&c) {
        let q = match &m[1] {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            _ => 4,
        };
        return Some(Unit::Quarter(q));
    }
    if let Some(m) = SEMESTER.captures(&c) {
        return Some(Unit::Semester(if matches!(&m[1], "i" | "1") {
            1
        } else {
            2
        }));
    }
    let month = MONTHS.iter().position(|m| c.starts_with(m))?;
    // A month name, not a word that starts like one ("marzo" yes, "mark" no).
    (c.len() <= 9).then_some(Unit::Month(month as u32 + 1))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn period(unit: Unit, year: i32, printed: &str) -> Period {
    let (first, last) = match unit {
        Unit::Quarter(q) => (3 * q - 2, 3 * q),
        Unit::Semester(h) => (6 * h - 5, 6 * h),
        Unit::Month(m) => (m, m),
        Unit::Year => (1, 12),
    };
    let label = match unit {
        Unit::Quarter(q) => {
            let roman = ["I", "II", "III", "IV"][q as usize - 1];
            format!("{roman}° TRIM {year}")
        }
        Unit::Semester(h) => format!("{}° SEM {year}", ["I", "II"][h as usize - 1]),
        Unit::Year => year.to_string(),
        Unit::Month(_) => format!(
            "{} {year}",
            printed.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
    };
    Period {
        label,
        start: format!("{year:04}-{first:02}-01"),
        end: format!("{year:04}-{last:02}-{:02}", days_in_month(year, last)),
    }
}

/// The period columns of a Gantt table: (first body row, [(column, period)]).
/// A column without a year of its own (a year printed over the first quarter
/// only, or a borderless header) continues the year of the column before it,
/// the next year once the quarters or months start again.
fn periods(table: &Table) -> Option<(usize, Vec<(usize, Period)>)> {
    let rows = table.n_rows.min(HEADER_ROWS);
    let mut units: Vec<(usize, Unit, String, Option<i32>)> = Vec::new();
    let mut last_header_row = 0;
    for col in 0..table.n_cols() {
        let mut year = None;
        let mut unit_here = None;
        for row in 0..rows {
            let cell = table.cell(row, col);
            // A year cell spans the columns of its quarters.
            if let Some(y) = YEAR.captures(&cell.text) {
                year = y[1].parse::<i32>().ok();
                last_header_row = last_header_row.max(row);
            }
            if cell.col_span == 1
                && let Some(u) = unit(&cell.text)
            {
                unit_here = Some((u, cell.text.clone()));
                last_header_row = last_header_row.max(row);
            }
        }
        // A column headed by its own year and nothing finer is a whole year.
        let own_year = (0..rows).any(|row| {
            let cell = table.cell(row, col);
            cell.col_span == 1 && YEAR.is_match(&cell.text)
        });
        match unit_here {
            Some((u, text)) => units.push((col, u, text, year)),
            None if own_year => units.push((col, Unit::Year, String::new(), year)),
            None => {}
        }
    }
    let mut found = Vec::new();
    let mut previous: Option<(Unit, i32)> = None;
    for (col, u, text, year) in units {
        let year = match (year, previous) {
            (Some(y), _) => y,
            (None, Some((p, y))) => {
                let wraps = match (p, u) {
                    (Unit::Quarter(a), Unit::Quarter(b)) | (Unit::Month(a), Unit::Month(b)) => {
                        b <= a
                    }
                    _ => false,
                };
                if wraps { y + 1 } else { y }
            }
            (None, None) => continue,
        };
        previous = Some((u, year));
        found.push((col, period(u, year, &text)));
    }
    (found.len() >= 2).then_some((last_header_row + 1, found))
}

/// Reads a Gantt table, or `None` when `table` has no period header.
pub fn extract(table: &Table) -> Option<Gantt> {
    let (body, columns) = periods(table)?;
    let first_period_col = columns[0].0;
    let mut rows = Vec::new();
    for row in body..table.n_rows {
        let lead = table.cell(row, 0);
        if lead.row != row {
            continue;
        }
        // The label cells: the distinct cells left of the periods.
        let mut label_cells: Vec<&crate::tables::Cell> = table
            .row_cells(row)
            .into_iter()
            .filter(|c| c.col < first_period_col)
            .collect();
        label_cells.retain(|c| !c.text.is_empty() || std::ptr::eq(*c, lead));
        let spans_periods = label_cells
            .iter()
            .any(|c| c.col + c.col_span > first_period_col);
        let (mut code, mut label) = match label_cells.as_slice() {
            [] => (String::new(), String::new()),
            [one] => (String::new(), one.text.clone()),
            [first, rest @ ..] => (
                first.text.clone(),
                rest.iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        // A code printed inside the label cell ("1.1 Incontri …").
        if code.is_empty() {
            if let Some(c) = CODE.captures(&label) {
                let rest = c.get(2).map_or("", |m| m.as_str()).to_string();
                code = c[1].to_string();
                label = rest;
            }
        } else if !CODE.is_match(&code) {
            label = format!("{code} {label}").trim().to_string();
            code = String::new();
        }
        let mut marks = Vec::new();
        let mut mark_text = Vec::new();
        for (i, &(col, _)) in columns.iter().enumerate() {
            let span = lead.row..lead.row + lead.row_span;
            // Period cells only: a label cell reaching over the periods marks nothing.
            let mut cells: Vec<&crate::tables::Cell> = span
                .map(|r| table.cell(r, col))
                .filter(|c| c.col >= first_period_col)
                .collect();
            cells.dedup_by(|a, b| std::ptr::eq(*a, *b));
            let text: String = cells.iter().map(|c| c.text.as_str()).collect::<String>();
            let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if !text.is_empty() {
                marks.push(i);
                mark_text.push(text);
            } else if cells.iter().any(|c| c.shaded) {
                marks.push(i);
                mark_text.push(SHADED_MARK.to_string());
            }
        }
        if code.is_empty() && label.is_empty() && marks.is_empty() {
            continue;
        }
        let top_level = !code.trim_end_matches('.').contains('.');
        let is_group = spans_periods || (marks.is_empty() && top_level);
        rows.push(GanttRow {
            code,
            label,
            is_group,
            marks,
            mark_text,
            page: lead.page,
        });
    }
    Some(Gantt {
        periods: columns.into_iter().map(|(_, p)| p).collect(),
        rows,
    })
}

/// Appends the rows of a Gantt continued in a second table with the same periods.
pub fn merge(into: &mut Gantt, more: Gantt) -> bool {
    if into.periods != more.periods {
        return false;
    }
    into.rows.extend(more.rows);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::glyphs;

    fn text(s: &str, x: f64, baseline: f64) -> Vec<crate::pdf::Glyph> {
        glyphs(s, x, baseline, 10.0)
    }

    #[test]
    fn period_headers() {
        assert_eq!(unit("III° TRI M"), Some(Unit::Quarter(3)));
        assert_eq!(unit("IV° TRIM"), Some(Unit::Quarter(4)));
        assert_eq!(unit("I° TRIMESTRE"), Some(Unit::Quarter(1)));
        assert_eq!(unit("2° trim."), Some(Unit::Quarter(2)));
        assert_eq!(unit("gen"), Some(Unit::Month(1)));
        assert_eq!(unit("Settembre"), Some(Unit::Month(9)));
        assert_eq!(unit("II sem."), Some(Unit::Semester(2)));
        assert_eq!(unit("1° semestre"), Some(Unit::Semester(1)));
        assert_eq!(unit("TIPOLOGIA DI INTERVENTO"), None);
        assert_eq!(unit("2015"), None);
    }

    use crate::layout::lay_out_page;
    use crate::pdf::{FilledRect, Page, Segment};

    /// A Gantt drawn with rules whose activity periods are shaded, not marked
    /// with text; the year is printed over the first quarter only.
    fn shaded_gantt_page() -> Page {
        let xs = [100.0, 130.0, 250.0, 300.0, 350.0, 400.0];
        let ys = [100.0, 115.0, 130.0, 145.0, 160.0, 175.0];
        let mut segments = Vec::new();
        for &x in &xs {
            segments.push(Segment {
                x0: x,
                y0: ys[0],
                x1: x,
                y1: ys[5],
            });
        }
        for &y in &ys {
            segments.push(Segment {
                x0: xs[0],
                y0: y,
                x1: xs[4],
                y1: y,
            });
        }
        let mut glyphs = Vec::new();
        glyphs.extend(text("Attività", 135.0, 111.0));
        glyphs.extend(text("2015", 255.0, 111.0));
        glyphs.extend(text("III° TRIM", 255.0, 126.0));
        glyphs.extend(text("IV° TRIM", 305.0, 126.0));
        glyphs.extend(text("I° TRIM", 355.0, 126.0));
        glyphs.extend(text("1", 105.0, 141.0));
        glyphs.extend(text("Obiettivo 1", 135.0, 141.0));
        glyphs.extend(text("1.1", 105.0, 156.0));
        glyphs.extend(text("Analisi", 135.0, 156.0));
        glyphs.extend(text("1.2", 105.0, 171.0));
        glyphs.extend(text("Sintesi", 135.0, 171.0));
        glyphs.extend(text("x", 305.0, 171.0));
        let shade = |x0: f64, x1: f64| FilledRect {
            x0,
            y0: 145.5,
            x1,
            y1: 159.5,
            gray: Some(0.6),
        };
        Page {
            undecoded: 0,
            number: 3,
            width: 600.0,
            height: 800.0,
            glyphs,
            segments,
            rects: vec![shade(250.5, 299.5), shade(350.5, 399.5)],
        }
    }

    #[test]
    fn shaded_cells_are_marks_in_their_own_period() {
        let mut page = shaded_gantt_page();
        // The last period column.
        page.segments.push(Segment {
            x0: 400.0,
            y0: 100.0,
            x1: 400.0,
            y1: 175.0,
        });
        for s in &mut page.segments {
            if s.y0 == s.y1 {
                s.x1 = 400.0;
            }
        }
        let layout = lay_out_page(&page);
        let tables = crate::tables::ruled::tables(&page, &layout);
        assert_eq!(tables.len(), 1);
        let g = extract(&tables[0]).expect("a Gantt");
        let periods: Vec<(&str, &str, &str)> = g
            .periods
            .iter()
            .map(|p| (p.label.as_str(), p.start.as_str(), p.end.as_str()))
            .collect();
        assert_eq!(
            periods,
            [
                ("III° TRIM 2015", "2015-07-01", "2015-09-30"),
                ("IV° TRIM 2015", "2015-10-01", "2015-12-31"),
                ("I° TRIM 2016", "2016-01-01", "2016-03-31"),
            ]
        );
        type Row<'a> = (&'a str, &'a str, bool, Vec<usize>, Vec<&'a str>);
        let rows: Vec<Row> = g
            .rows
            .iter()
            .map(|r| {
                let texts = r.mark_text.iter().map(String::as_str).collect();
                (
                    r.code.as_str(),
                    r.label.as_str(),
                    r.is_group,
                    r.marks.clone(),
                    texts,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("1", "Obiettivo 1", true, vec![], vec![]),
                (
                    "1.1",
                    "Analisi",
                    false,
                    vec![0, 2],
                    vec![SHADED_MARK, SHADED_MARK]
                ),
                ("1.2", "Sintesi", false, vec![1], vec!["x"]),
            ]
        );
        assert!(g.rows.iter().all(|r| r.page == 3));
    }

    #[test]
    fn periods_have_dates() {
        let q = period(Unit::Quarter(3), 2015, "III° TRIM");
        assert_eq!(
            (q.label.as_str(), q.start.as_str(), q.end.as_str()),
            ("III° TRIM 2015", "2015-07-01", "2015-09-30")
        );
        let q = period(Unit::Quarter(1), 2016, "I° TRIM");
        assert_eq!(
            (q.start.as_str(), q.end.as_str()),
            ("2016-01-01", "2016-03-31")
        );
        let m = period(Unit::Month(2), 2016, "feb");
        assert_eq!(
            (m.start.as_str(), m.end.as_str()),
            ("2016-02-01", "2016-02-29")
        );
    }
}
