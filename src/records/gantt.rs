//! II.1.4 *Piano temporale – Gantt*: periods from the header rows, one row per
//! activity, a mark wherever a period cell holds text or is shaded.
//!
//! A mark's period is the column of the cell it stands in, never its order in
//! the text. Periods, normalized to start and end dates:
//! - quarters ("III° TRIM" under a year, "1° trimestre 2016", "Q3 2015"),
//!   semesters ("II sem"), bimesters ("1° bimestre");
//! - months ("gen 2016", "Settembre", "07/2015") and ranges of months
//!   ("luglio–settembre 2015", "lug-set", "gen/mar 2016");
//! - whole years (a column headed by a year and nothing finer).
//!
//! The year comes from the cell itself, from a cell above spanning the column
//! (a year over its quarters), or else from the column before.
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Gantt, GanttRow, Period, Warning, WarningCode};
use crate::tables::Table;
use crate::text::compact;
use crate::text::{MONTHS, fold};

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
/// "Q3", "T3" (trimestre): a quarter by its letter and number.
static Q_QUARTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[qt]([1-4])(?:20\d\d)?$").expect("valid regex"));
static BIMESTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(vi|v|iv|iii|ii|i|[1-6])(?:o|°)?bim").expect("valid regex"));
/// A period printed as its bare ordinal ("III", "II°") under a year that
/// spans its columns.
static BARE_ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(vi|v|iv|iii|ii|i)o?\.?$").expect("valid regex"));
/// A month by number with its year: "07/2015", "7-2015", "2015/07".
static NUMERIC_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(0?[1-9]|1[0-2])\s*[/.\-]\s*20\d\d|20\d\d\s*[/.\-]\s*(0?[1-9]|1[0-2]))\s*$")
        .expect("valid regex")
});
/// A year a narrow cell broke over two lines ("201 5", "20 15").
static BROKEN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(2\d{0,2}) (\d{1,3})\b").expect("valid regex"));
/// A line that is a code and nothing else ("1.1", "3.3.").
static LONE_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})+\.?$").expect("valid regex"));
/// A code a narrow cell broke after a dot ("1. 1").
static BROKEN_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}\.)\s+(\d)").expect("valid regex"));
/// The word that makes a header a period finer than a month ("trim", "sem").
static PERIOD_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"trim|quad|sem|bim").expect("valid regex"));
/// Words and numbers of folded text ("gen2016" is a month and a year).
static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[a-z]+|\d+").expect("valid regex"));
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2})*\.?)(?:\s+(.*))?$").expect("valid regex"));

/// Words that join the months of a range ("da luglio a settembre").
const RANGE_WORDS: &[&str] = &["da", "dal", "a", "al"];
/// Fewest letters of an abbreviated month name.
const MONTH_ABBREVIATION: usize = 3;

/// What a header cell says about its column's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Quarter(u32),
    Semester(u32),
    Bimester(u32),
    Month(u32),
    /// A range of months, first and last ("luglio–settembre").
    Months(u32, u32),
    Year,
}

impl Unit {
    /// The first and last month the unit covers.
    fn months(self) -> (u32, u32) {
        match self {
            Unit::Quarter(q) => (3 * q - 2, 3 * q),
            Unit::Semester(h) => (6 * h - 5, 6 * h),
            Unit::Bimester(b) => (2 * b - 1, 2 * b),
            Unit::Month(m) => (m, m),
            Unit::Months(first, last) => (first, last),
            Unit::Year => (1, 12),
        }
    }
}

/// A roman or arabic ordinal from one to six, folded ("iii", "3"), as the
/// period regexes capture them (anything else is the sixth).
fn ordinal(text: &str) -> u32 {
    match text {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        "v" | "5" => 5,
        _ => 6,
    }
}

/// The month a word names, 1-based: the start (three letters at least) of a
/// month's name ("set", "sett.", "settembre").
fn month(word: &str) -> Option<u32> {
    if word.len() < MONTH_ABBREVIATION {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word))
        .map(|i| i as u32 + 1)
}

fn unit(text: &str) -> Option<Unit> {
    // "2015 III TRIM" and "III TRIM 2015" alike: the year is read elsewhere.
    let c = compact(&text.replace('°', "o"));
    let c = LEADING_YEAR.replace(&c, "");
    if let Some(m) = QUARTER.captures(&c).or_else(|| Q_QUARTER.captures(&c)) {
        return Some(Unit::Quarter(ordinal(&m[1])));
    }
    if let Some(m) = SEMESTER.captures(&c) {
        return Some(Unit::Semester(ordinal(&m[1])));
    }
    if let Some(m) = BIMESTER.captures(&c) {
        return Some(Unit::Bimester(ordinal(&m[1])));
    }
    if let Some(m) = NUMERIC_MONTH.captures(text) {
        let number = m.get(1).or(m.get(2))?.as_str();
        return number.parse().ok().map(Unit::Month);
    }
    // Month names, one or a range of two, and nothing else but a year.
    let folded = fold(text);
    let words: Vec<&str> = TOKEN
        .find_iter(&folded)
        .map(|m| m.as_str())
        .filter(|w| !YEAR.is_match(w) && !RANGE_WORDS.contains(w))
        .collect();
    let by_words = match words.as_slice() {
        [one] => month(one).map(Unit::Month),
        [first, last] => month(first)
            .zip(month(last))
            .filter(|(first, last)| first < last)
            .map(|(first, last)| Unit::Months(first, last)),
        _ => None,
    };
    // One month name a narrow cell broke ("a go 2015", "ge n 2016").
    by_words.or_else(|| {
        let letters: String = folded.chars().filter(char::is_ascii_alphabetic).collect();
        month(&letters).map(Unit::Month)
    })
}

/// Header words of a column beside the activities that says who does the
/// work or adds a note ("Responsabile", "Soggetto attuatore", "Note"), folded
/// and compact: its cells are not part of an activity's label.
const SIDE_COLUMNS: &[&str] = &[
    "responsabil",
    "soggett",
    "referent",
    "attuator",
    "ente",
    "partner",
    "note",
];

/// The columns left of the periods that a header cell of their own names as
/// a side column ([`SIDE_COLUMNS`]).
fn side_columns(table: &Table, body: usize, first_period_col: usize) -> Vec<usize> {
    (0..first_period_col)
        .filter(|&col| {
            (0..body).any(|row| {
                let cell = table.cell(row, col);
                let text = compact(&cell.text);
                cell.col == col
                    && cell.col_span == 1
                    && SIDE_COLUMNS.iter().any(|k| text.starts_with(k))
            })
        })
        .collect()
}

/// A header cell's text with a year that its cell's width broke made whole:
/// "lug 201 5" → "lug 2015" (two digit runs making four digits from 20..).
fn mend_years(text: &str) -> String {
    BROKEN_YEAR
        .replace_all(text, |c: &regex::Captures| {
            let joined = format!("{}{}", &c[1], &c[2]);
            if joined.len() == 4 && joined.starts_with("20") {
                joined
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The period of a column: its dates, and a label normalized for quarters,
/// semesters, bimesters and years ("III° TRIM 2015"), or else as printed, with
/// the year added where the cell has none ("gen 2016").
fn period(unit: Unit, year: i32, printed: &str) -> Period {
    let (first, last) = unit.months();
    let roman = |n: u32| ["I", "II", "III", "IV", "V", "VI"][n as usize - 1];
    let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
    let label = match unit {
        Unit::Quarter(q) => format!("{}° TRIM {year}", roman(q)),
        Unit::Semester(h) => format!("{}° SEM {year}", roman(h)),
        Unit::Bimester(b) => format!("{}° BIM {year}", roman(b)),
        Unit::Year => year.to_string(),
        Unit::Month(_) | Unit::Months(..) if YEAR.is_match(&printed) => printed,
        Unit::Month(_) | Unit::Months(..) => format!("{printed} {year}"),
    };
    Period {
        label,
        start: format!("{year:04}-{first:02}-01"),
        end: format!("{year:04}-{last:02}-{:02}", days_in_month(year, last)),
    }
}

/// Whether a cell of `row` starting there, in `cols`, names a year or a period.
fn names_periods(table: &Table, row: usize, cols: std::ops::Range<usize>) -> bool {
    cols.into_iter().any(|c| {
        let text = mend_years(&table.cell(row, c).text);
        table.starts_at(row, c) && (YEAR.is_match(&text) || unit(&text).is_some())
    })
}

/// A period of a Gantt's header and the columns its heading spans.
struct PeriodColumn {
    col: usize,
    span: usize,
    period: Period,
}

/// The period columns of a Gantt table, and its first body row.
/// A column without a year of its own (a year printed over the first quarter
/// only, or a borderless header) continues the year of the column before it,
/// the next year once the quarters or months start again.
fn periods(table: &Table) -> Option<(usize, Vec<PeriodColumn>)> {
    // The header: up to the first row after a row naming periods that names
    // none and has a label of its own, an activity (a caption may come
    // before; a period's name split over rows leaves the label column to the
    // cell above; the header repeated further down is not part of it).
    let names_periods = |row: usize| names_periods(table, row, 0..table.n_cols());
    let limit = table.n_rows.min(HEADER_ROWS);
    let activity = |row: usize| {
        !names_periods(row) && table.starts_at(row, 0) && !table.cell(row, 0).text.is_empty()
    };
    let rows = (0..limit)
        .skip_while(|&r| !names_periods(r))
        .find(|&r| activity(r))
        .unwrap_or(limit);
    let bare = bare_ordinals(table, rows);
    let mut units: Vec<(usize, usize, Unit, String, Option<i32>)> = Vec::new();
    let mut last_header_row = 0;
    for (col, &bare_here) in bare.iter().enumerate() {
        let mut year = None;
        let mut unit_here = None;
        let mut span = 1;
        for row in 0..rows {
            let cell = table.cell(row, col);
            let text = mend_years(&cell.text);
            // A year cell spans the columns of its quarters.
            if let Some(y) = YEAR.captures(&text) {
                year = y[1].parse::<i32>().ok();
                last_header_row = last_header_row.max(row);
            }
            if cell.col_span == 1
                && let Some(u) = unit(&text)
            {
                unit_here = Some((u, text));
                last_header_row = last_header_row.max(row);
            } else if unit_here.is_none()
                && cell.col == col
                && cell.col_span > 1
                && PERIOD_WORD.find_iter(&compact(&text)).count() == 1
                && let Some(u) = unit(&text)
            {
                // A quarter's heading over its columns: a table without rules
                // splits one period's cells where its marks and heading stand
                // apart (the heading centred, the marks set left).
                unit_here = Some((u, text));
                span = cell.col_span;
                last_header_row = last_header_row.max(row);
            }
        }
        // A period a row break split over header rows ("III°" over "TRIM", the
        // header cut by a page break): the column's own cells read together,
        // down to the first row at which they name a period.
        if unit_here.is_none() {
            let mut joined = String::new();
            for row in 0..rows {
                let cell = table.cell(row, col);
                if cell.col_span != 1 || cell.row != row || cell.text.is_empty() {
                    continue;
                }
                joined = format!("{joined} {}", mend_years(&cell.text));
                if let Some(u) = unit(joined.trim()) {
                    unit_here = Some((u, joined.trim().to_string()));
                    last_header_row = last_header_row.max(row);
                    break;
                }
            }
        }
        // "III" under a year spanning its columns.
        if unit_here.is_none()
            && year.is_some()
            && let Some((row, u)) = bare_here
        {
            unit_here = Some((u, table.cell(row, col).text.clone()));
            last_header_row = last_header_row.max(row);
        }
        // A column headed by its own year and nothing finer is a whole year.
        let own_year = (0..rows).any(|row| {
            let cell = table.cell(row, col);
            cell.col_span == 1 && YEAR.is_match(&mend_years(&cell.text))
        });
        match unit_here {
            Some((u, text)) => units.push((col, span, u, text, year)),
            None if own_year => units.push((col, 1, Unit::Year, String::new(), year)),
            None => {}
        }
    }
    let mut found = Vec::new();
    let mut previous: Option<(Unit, i32)> = None;
    for (col, span, u, text, year) in units {
        let year = match (year, previous) {
            (Some(y), _) => y,
            (None, Some((p, y))) => {
                // Periods finer than a year start again: the next year.
                let wraps = p != Unit::Year && u != Unit::Year && u.months().0 <= p.months().0;
                if wraps { y + 1 } else { y }
            }
            (None, None) => continue,
        };
        previous = Some((u, year));
        found.push(PeriodColumn {
            col,
            span,
            period: period(u, year, &text),
        });
    }
    (found.len() >= 2).then_some((last_header_row + 1, found))
}

/// Periods printed as bare ordinals, a header row of them under the years
/// ("2015" over "III | IV", "2016" over "I | II"): for each column, the row
/// and the period its cell names. Which period the row counts is told by
/// its largest ordinal: up to II, semesters; up to IV, quarters; up to VI,
/// bimesters. A row needs two such cells at least: one "I" is no header. And
/// a header that writes a period's word or name anywhere ("TRIM", "luglio")
/// writes its periods so: an ordinal alone there is a piece of a cell the
/// layout split, not a period.
fn bare_ordinals(table: &Table, header_rows: usize) -> Vec<Option<(usize, Unit)>> {
    let mut out = vec![None; table.n_cols()];
    for row in 0..header_rows {
        let ordinals: Vec<(usize, u32)> = (0..table.n_cols())
            .filter_map(|col| {
                let cell = table.cell(row, col);
                let own = cell.row == row && cell.col == col && cell.col_span == 1;
                let text = compact(&cell.text.replace('°', "o"));
                let m = BARE_ORDINAL.captures(&text).filter(|_| own)?;
                Some((col, ordinal(&m[1])))
            })
            .collect();
        let Some(largest) = ordinals.iter().map(|&(_, n)| n).max() else {
            continue;
        };
        if ordinals.len() < 2 {
            continue;
        }
        let kind = match largest {
            1..=2 => Unit::Semester,
            3..=4 => Unit::Quarter,
            _ => Unit::Bimester,
        };
        for (col, n) in ordinals {
            out[col].get_or_insert((row, kind(n)));
        }
    }
    // Read only where some row holds ordinals: most tables have none.
    let worded = || {
        (0..header_rows).any(|row| {
            (0..table.n_cols()).any(|col| {
                let text = mend_years(&table.cell(row, col).text);
                PERIOD_WORD.is_match(&compact(&text)) || unit(&text).is_some()
            })
        })
    };
    if out.iter().any(Option::is_some) && worded() {
        out.fill(None);
    }
    out
}

/// Reads a Gantt table, or `None` when `table` has no period header.
pub fn extract(table: &Table) -> Option<Gantt> {
    extract_checked(table, &mut Vec::new())
}

/// [`extract`], reporting what it could only guess: in a table without rules
/// one mark ("X") in a cell over several periods' columns may mark any of
/// them (its word crossed the gutter the columns were told apart by); it is
/// given to each, and flagged.
pub fn extract_checked(table: &Table, warnings: &mut Vec<Warning>) -> Option<Gantt> {
    let (body, columns) = periods(table)?;
    // A plan's periods follow one another: where the header read gives one
    // that does not start after the one before ends ("2015" then "I° TRIM
    // 2015"), the header was misread and no mark's period can be trusted.
    if let Some(w) = columns
        .windows(2)
        .find(|w| w[1].period.start <= w[0].period.end)
    {
        warnings.push(Warning {
            code: WarningCode::GanttMarkUncertain,
            message: format!(
                "the Gantt's periods as read do not follow one another (\"{}\" then \"{}\"): \
                 its header was misread and its marks' periods are uncertain",
                w[0].period.label, w[1].period.label
            ),
            page: Some(table.page),
        });
    }
    let first_period_col = columns[0].col;
    let side = side_columns(table, body, first_period_col);
    let mut rows: Vec<GanttRow> = Vec::new();
    for row in body..table.n_rows {
        let lead = table.cell(row, 0);
        if lead.row != row {
            continue;
        }
        // The header repeated where the table goes on over a page: its
        // periods' names are no marks.
        if names_periods(table, row, first_period_col..table.n_cols()) {
            continue;
        }
        // The label cells: the distinct cells left of the periods, but for
        // a column that says who does the work.
        let mut label_cells: Vec<&crate::tables::Cell> = table
            .row_cells(row)
            .into_iter()
            .filter(|c| c.col < first_period_col && !side.contains(&c.col))
            .collect();
        label_cells.retain(|c| !c.text.is_empty() || std::ptr::eq(*c, lead));
        if let Some(parts) = split_by_codes(table, row, &label_cells, &columns) {
            rows.extend(parts);
            continue;
        }
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
        // A code set on a line of its own between the lines of its label, as a
        // code cell vertically centred beside a wrapped label reads when no
        // rule parts the two columns.
        if code.is_empty()
            && let [one] = label_cells.as_slice()
            && let Some(k) = one.lines.iter().position(|l| LONE_CODE.is_match(&l.text))
            && k > 0
        {
            code = one.lines[k].text.clone();
            label = one
                .lines
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != k)
                .map(|(_, l)| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
        }
        // A code broken by a narrow cell ("1." over "1").
        code = BROKEN_CODE.replace_all(&code, "$1$2").into_owned();
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
        // The period cells each period's marks came from.
        let mut sources: Vec<Vec<&crate::tables::Cell>> = Vec::new();
        for (i, &PeriodColumn { col, span, .. }) in columns.iter().enumerate() {
            let rows = lead.row..lead.row + lead.row_span;
            // Period cells only: a label cell reaching over the periods marks nothing.
            let mut cells: Vec<&crate::tables::Cell> = rows
                .flat_map(|r| (col..col + span).map(move |c| table.cell(r, c)))
                .filter(|c| c.col >= first_period_col)
                .collect();
            cells.dedup_by(|a, b| std::ptr::eq(*a, *b));
            let text: String = cells.iter().map(|c| c.text.as_str()).collect::<String>();
            let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if !text.is_empty() {
                marks.push(i);
                mark_text.push(text);
                sources.push(cells.clone());
            } else if cells.iter().any(|c| c.shaded) {
                marks.push(i);
                mark_text.push(SHADED_MARK.to_string());
                sources.push(cells.clone());
            }
        }
        if code.is_empty() && label.is_empty() && marks.is_empty() {
            continue;
        }
        // Marks whose cell another period's mark comes from as well.
        let shared = |k: usize| {
            (0..sources.len()).any(|j| {
                j != k
                    && sources[k]
                        .iter()
                        .any(|c| sources[j].iter().any(|d| std::ptr::eq(*c, *d)))
            })
        };
        let over: Vec<&str> = (0..marks.len())
            .filter(|&k| shared(k))
            .map(|k| columns[marks[k]].period.label.as_str())
            .collect();
        if !table.ruled && !over.is_empty() {
            warnings.push(Warning {
                code: WarningCode::GanttMarkUncertain,
                message: format!(
                    "Gantt row \"{} {}\": one mark stands over the columns of {} in a table \
                     without rules; each is given the mark",
                    code,
                    label.chars().take(40).collect::<String>().trim_end(),
                    over.join(", ")
                ),
                page: Some(lead.page),
            });
        }
        let top_level = !code.trim_end_matches('.').contains('.');
        let is_group = spans_periods || (marks.is_empty() && top_level);
        // Without rules, a tight table's rows are where cells begin: a line
        // without a code or a mark under a numbered group is the rest of the
        // group's title ("1 Obiettivo spec. N. 1-" over "A) Valorizzazione …").
        if !table.ruled
            && code.is_empty()
            && marks.is_empty()
            && let Some(group) = rows.last_mut()
            && group.is_group
            && !group.code.is_empty()
            && group.marks.is_empty()
        {
            group.label = format!("{} {label}", group.label).trim().to_string();
            continue;
        }
        rows.push(GanttRow {
            code,
            label,
            is_group,
            marks,
            mark_text,
            page: lead.page,
            bbox: table.row_box(row, lead.page),
        });
    }
    Some(Gantt {
        periods: columns.into_iter().map(|c| c.period).collect(),
        rows,
    })
}

/// A row whose code cell holds several codes, one per line ("1.3" over
/// "1.4"): rows a tight table without rules ran together. Each code is a row
/// of its own, with the label lines and the marks from its line down to the
/// next code's.
fn split_by_codes(
    table: &Table,
    row: usize,
    label_cells: &[&crate::tables::Cell],
    columns: &[PeriodColumn],
) -> Option<Vec<GanttRow>> {
    let [code_cell, rest @ ..] = label_cells else {
        return None;
    };
    let is_code = |t: &str| CODE.captures(t).is_some_and(|c| c.get(2).is_none());
    if table.ruled || code_cell.lines.len() < 2 || !code_cell.lines.iter().all(|l| is_code(&l.text))
    {
        return None;
    }
    // Where each code's lines start: half a line above its baseline.
    let starts: Vec<f64> = code_cell
        .lines
        .iter()
        .map(|l| l.baseline - 0.5 * l.size)
        .collect();
    let part_of = |baseline: f64| starts.iter().rposition(|&s| s <= baseline).unwrap_or(0);
    let first_period_col = columns[0].col;
    let lines_of = |cells: &mut dyn Iterator<Item = &crate::tables::Cell>, k: usize| {
        cells
            .flat_map(|c| c.lines.iter())
            .filter(|l| part_of(l.baseline) == k)
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let parts = code_cell
        .lines
        .iter()
        .enumerate()
        .map(|(k, code_line)| {
            let label = lines_of(&mut rest.iter().copied(), k);
            let mut marks = Vec::new();
            let mut mark_text = Vec::new();
            for (i, &PeriodColumn { col, span, .. }) in columns.iter().enumerate() {
                let mut cells: Vec<&crate::tables::Cell> = (col..col + span)
                    .map(|c| table.cell(row, c))
                    .filter(|c| c.col >= first_period_col)
                    .collect();
                cells.dedup_by(|a, b| std::ptr::eq(*a, *b));
                let text: String = lines_of(&mut cells.into_iter(), k)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if !text.is_empty() {
                    marks.push(i);
                    mark_text.push(text);
                }
            }
            let code = code_line.text.clone();
            let top_level = !code.trim_end_matches('.').contains('.');
            // The band of the row's lines this code heads.
            let row_box = table
                .row_box(row, code_cell.page)
                .unwrap_or(code_cell.bbox());
            let bottom = starts.get(k + 1).copied().unwrap_or(row_box[3]);
            GanttRow {
                is_group: marks.is_empty() && top_level,
                code,
                label,
                marks,
                mark_text,
                page: code_cell.page,
                bbox: Some([row_box[0], starts[k].max(row_box[1]), row_box[2], bottom]),
            }
        })
        .collect();
    Some(parts)
}

/// Appends the rows of a Gantt continued in a second table with the same periods.
pub fn merge(into: &mut Gantt, more: Gantt) -> bool {
    if into.periods != more.periods {
        return false;
    }
    into.rows.extend(more.rows);
    true
}

/// Compiles this module's patterns now, ahead of their first use (see
/// [`crate::document::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&YEAR);
    LazyLock::force(&SEMESTER);
    LazyLock::force(&LEADING_YEAR);
    LazyLock::force(&QUARTER);
    LazyLock::force(&Q_QUARTER);
    LazyLock::force(&BIMESTER);
    LazyLock::force(&BARE_ORDINAL);
    LazyLock::force(&NUMERIC_MONTH);
    LazyLock::force(&BROKEN_YEAR);
    LazyLock::force(&LONE_CODE);
    LazyLock::force(&BROKEN_CODE);
    LazyLock::force(&PERIOD_WORD);
    LazyLock::force(&TOKEN);
    LazyLock::force(&CODE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{glyphs, grid_page};

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

    #[test]
    fn periods_written_otherwise() {
        let cases = [
            ("Q3 2015", Some(Unit::Quarter(3))),
            ("2016 q1", Some(Unit::Quarter(1))),
            ("3° trimestre 2015", Some(Unit::Quarter(3))),
            ("T3 2015", Some(Unit::Quarter(3))),
            ("T1", Some(Unit::Quarter(1))),
            ("T5", None),
            ("III trimestre", Some(Unit::Quarter(3))),
            ("luglio–settembre 2015", Some(Unit::Months(7, 9))),
            ("lug-set 2015", Some(Unit::Months(7, 9))),
            ("gen/mar 2016", Some(Unit::Months(1, 3))),
            ("Ott. – Dic.", Some(Unit::Months(10, 12))),
            ("gen-feb", Some(Unit::Months(1, 2))),
            ("da luglio a settembre 2015", Some(Unit::Months(7, 9))),
            ("luglio 2015", Some(Unit::Month(7))),
            ("settembre 2015", Some(Unit::Month(9))),
            ("lug 2015", Some(Unit::Month(7))),
            ("gen2016", Some(Unit::Month(1))),
            ("07/2015", Some(Unit::Month(7))),
            ("2015-11", Some(Unit::Month(11))),
            ("1° bimestre", Some(Unit::Bimester(1))),
            ("VI bim. 2016", Some(Unit::Bimester(6))),
            // Words that only start like a month, and cells that are no period.
            ("Mark", None),
            ("Genere", None),
            ("dic-ott 2015", None),
            ("Attività di monitoraggio", None),
            ("1.2", None),
            ("12/05/2015", None),
        ];
        for (text, want) in cases {
            assert_eq!(unit(text), want, "{text}");
        }
    }

    /// The periods read from a ruled table: (label, start, end).
    fn periods_of(rows: &[&[&str]]) -> Vec<(String, String, String)> {
        let page = grid_page(rows);
        let layout = lay_out_page(&page);
        let tables = crate::tables::ruled::tables(&page, &layout);
        assert_eq!(tables.len(), 1);
        let g = extract(&tables[0]).expect("a Gantt");
        g.periods
            .into_iter()
            .map(|p| (p.label, p.start, p.end))
            .collect()
    }

    /// Quarters or semesters printed as bare ordinals under years that span
    /// their columns ("2015" over "III | IV"): the row's largest ordinal says
    /// which they are.
    #[test]
    fn bare_ordinals_under_spanning_years() {
        let read = |ordinals: [&str; 4]| {
            let mut page = grid_page(&[
                &["Attività", "2015", "", "2016", ""],
                &["", ordinals[0], ordinals[1], ordinals[2], ordinals[3]],
                &["1.1 Tavoli", "X", "", "", ""],
                &["1.2 Corsi", "", "X", "X", ""],
            ]);
            // Each year's cell spans two columns: no rule between them in the
            // first row.
            let (merged, second_row) = ([200.0, 440.0], 115.0);
            for seg in &mut page.segments {
                if seg.x0 == seg.x1 && merged.contains(&seg.x0) {
                    seg.y0 = second_row;
                }
            }
            let layout = lay_out_page(&page);
            let tables = crate::tables::ruled::tables(&page, &layout);
            let g = extract(&tables[0])?;
            let periods: Vec<(String, String)> = (g.periods.iter())
                .map(|p| (p.start.clone(), p.end.clone()))
                .collect();
            let marks: Vec<Vec<usize>> = g.rows.iter().map(|r| r.marks.clone()).collect();
            Some((periods, marks))
        };
        let day = |d: &str| d.to_string();
        let (quarters, marks) = read(["III", "IV", "I", "II"]).expect("a Gantt");
        assert_eq!(
            quarters,
            [
                (day("2015-07-01"), day("2015-09-30")),
                (day("2015-10-01"), day("2015-12-31")),
                (day("2016-01-01"), day("2016-03-31")),
                (day("2016-04-01"), day("2016-06-30")),
            ]
        );
        assert_eq!(marks, [vec![0], vec![1, 2]]);
        let (semesters, _) = read(["I", "II", "I", "II"]).expect("a Gantt");
        assert_eq!(
            semesters,
            [
                (day("2015-01-01"), day("2015-06-30")),
                (day("2015-07-01"), day("2015-12-31")),
                (day("2016-01-01"), day("2016-06-30")),
                (day("2016-07-01"), day("2016-12-31")),
            ]
        );
        // Where the header writes a period's word, a bare ordinal is a piece
        // of a cell the layout split: not read as a period of its own.
        assert!(read(["III trim", "IV", "I", "II"]).is_none());
    }

    /// A column saying who does each activity, between the activities and
    /// the periods, is not part of their labels.
    #[test]
    fn a_responsible_column_is_not_part_of_the_label() {
        let page = grid_page(&[
            &["Attività", "Responsabile", "I trim 2015", "II trim 2015"],
            &["1.1 Tavoli", "Regione", "X", ""],
            &["1.2 Corsi", "ANCI", "", "X"],
        ]);
        let layout = lay_out_page(&page);
        let tables = crate::tables::ruled::tables(&page, &layout);
        let g = extract(&tables[0]).expect("a Gantt");
        let rows: Vec<(&str, &str)> = g
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.label.as_str()))
            .collect();
        assert_eq!(rows, [("1.1", "Tavoli"), ("1.2", "Corsi")]);
    }

    /// Periods that do not follow one another ("2015" read as a whole year,
    /// then its first quarter) are a misread header: flagged.
    #[test]
    fn periods_that_do_not_follow_one_another_are_flagged() {
        let read = |rows: &[&[&str]]| {
            let page = grid_page(rows);
            let tables = crate::tables::ruled::tables(&page, &lay_out_page(&page));
            let mut warnings = Vec::new();
            extract_checked(&tables[0], &mut warnings).expect("a Gantt");
            warnings
        };
        let misread = read(&[
            &["Attività", "2015", "I TRIM 2015", "II TRIM"],
            &["1.1 Avvio", "X", "", "X"],
        ]);
        assert_eq!(misread.len(), 1);
        assert_eq!(misread[0].code, WarningCode::GanttMarkUncertain);
        assert!(
            misread[0]
                .message
                .contains("\"2015\" then \"I° TRIM 2015\""),
            "{}",
            misread[0].message
        );
        let fine = read(&[
            &["Attività", "IV TRIM 2015", "I TRIM 2016", "II TRIM"],
            &["1.1 Avvio", "X", "", "X"],
        ]);
        assert!(fine.is_empty(), "{fine:?}");
    }

    fn want(periods: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        periods
            .iter()
            .map(|&(l, s, e)| (l.to_string(), s.to_string(), e.to_string()))
            .collect()
    }

    #[test]
    fn years_and_codes_broken_by_narrow_cells() {
        assert_eq!(mend_years("lug 201 5"), "lug 2015");
        assert_eq!(mend_years("20 16 II TRIM"), "2016 II TRIM");
        // Two numbers that make no year stay apart.
        assert_eq!(mend_years("Q3 2015"), "Q3 2015");
        assert_eq!(mend_years("1° trim 2 2015"), "1° trim 2 2015");
        let got = periods_of(&[
            &["Attività", "lug 201 5", "ago 201 5"],
            &["1.1 Analisi", "x", ""],
        ]);
        assert_eq!(
            got,
            want(&[
                ("lug 2015", "2015-07-01", "2015-07-31"),
                ("ago 2015", "2015-08-01", "2015-08-31"),
            ])
        );
        assert_eq!(unit("a go 2015"), Some(Unit::Month(8)));
        assert_eq!(unit("ge n"), Some(Unit::Month(1)));
        assert_eq!(BROKEN_CODE.replace_all("1. 1", "$1$2"), "1.1");
        assert_eq!(BROKEN_CODE.replace_all("2.1", "$1$2"), "2.1");
    }

    /// The quarters' names split over two header rows, as a page break that
    /// cuts the header row leaves them: read together, and the body starts
    /// below both.
    #[test]
    fn a_period_split_over_header_rows() {
        let page = grid_page(&[
            &["Attività", "2015", "2015", "2016"],
            &["", "III°", "IV°", "I°"],
            &["", "TRIM", "TRIM", "TRIM"],
            &["1.1 Analisi", "X", "", "X"],
        ]);
        let tables = crate::tables::ruled::tables(&page, &lay_out_page(&page));
        let g = extract(&tables[0]).expect("a Gantt");
        let got: Vec<(String, String)> =
            g.periods.into_iter().map(|p| (p.label, p.start)).collect();
        let want: Vec<(String, String)> = [
            ("III° TRIM 2015", "2015-07-01"),
            ("IV° TRIM 2015", "2015-10-01"),
            ("I° TRIM 2016", "2016-01-01"),
        ]
        .iter()
        .map(|&(l, s)| (l.to_string(), s.to_string()))
        .collect();
        assert_eq!(got, want);
        assert_eq!(g.rows.len(), 1);
        assert_eq!(
            (g.rows[0].code.as_str(), g.rows[0].marks.clone()),
            ("1.1", vec![0, 2])
        );
    }

    /// The header repeated where the table goes on over a page is no row,
    /// and its periods' names are no marks.
    #[test]
    fn a_repeated_header_is_no_activity() {
        let page = grid_page(&[
            &["Attività", "III° TRIM 2015", "IV° TRIM 2015"],
            &["1.1 Analisi", "X", ""],
            &["Attività", "III° TRIM 2015", "IV° TRIM 2015"],
            &["1.2 Sintesi", "", "X"],
        ]);
        let tables = crate::tables::ruled::tables(&page, &lay_out_page(&page));
        let g = extract(&tables[0]).expect("a Gantt");
        let rows: Vec<(&str, Vec<usize>)> = g
            .rows
            .iter()
            .map(|r| (r.code.as_str(), r.marks.clone()))
            .collect();
        assert_eq!(rows, [("1.1", vec![0]), ("1.2", vec![1])]);
    }

    /// A Gantt without rules, set tight (a line every 12 points): a header of
    /// two quarters over columns at x = 300 and 360, then a line per
    /// (code, label, marks' x).
    fn tight_gantt(lines: &[(&str, &str, &[f64])]) -> Vec<(String, String, Vec<usize>)> {
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        put("Attività", 90.0, 100.0);
        put("2015", 300.0, 100.0);
        put("2016", 360.0, 100.0);
        put("IV TRIM", 300.0, 112.0);
        put("I TRIM", 360.0, 112.0);
        for (k, &(code, label, marks)) in lines.iter().enumerate() {
            let y = 124.0 + 12.0 * k as f64;
            put(code, 60.0, y);
            put(label, 90.0, y);
            for &x in marks {
                put("X", x, y);
            }
        }
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let layout = lay_out_page(&page);
        let found = crate::tables::borderless::tables(&page, &layout, &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let g = extract(&found[0]).expect("a Gantt");
        g.rows
            .into_iter()
            .map(|r| (r.code, r.label, r.marks))
            .collect()
    }

    /// Without rules, a mark whose word crosses the gutter between two
    /// quarters' columns could be either's: it is given to both, and flagged.
    #[test]
    fn a_mark_over_two_periods_without_rules_is_flagged() {
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        put("Attività", 90.0, 100.0);
        put("2015", 300.0, 100.0);
        put("2016", 380.0, 100.0);
        put("III TRIM", 300.0, 112.0);
        put("IV TRIM", 345.0, 112.0);
        put("I TRIM", 390.0, 112.0);
        let marks: [&[f64]; 7] = [
            &[300.0],
            &[345.0],
            &[390.0],
            &[300.0, 345.0],
            &[],
            &[345.0, 390.0],
            &[300.0],
        ];
        for (k, xs) in marks.iter().enumerate() {
            let y = 124.0 + 20.0 * k as f64;
            put(&format!("1.{}", k + 1), 60.0, y);
            put(&format!("Attività numero {}", k + 1), 90.0, y);
            for &x in xs.iter() {
                put("X", x, y);
            }
        }
        // Row 1.5's mark, wider, over the gutter between III and IV.
        put("XXX", 333.0, 124.0 + 20.0 * 4.0);
        let page = crate::testing::page(1, glyphs, vec![], vec![]);
        let layout = lay_out_page(&page);
        let found = crate::tables::borderless::tables(&page, &layout, &[], page.width, &[], None);
        assert_eq!(found.len(), 1);
        let mut warnings = Vec::new();
        let g = extract_checked(&found[0], &mut warnings).expect("a Gantt");
        let marks: Vec<(String, Vec<usize>)> =
            g.rows.into_iter().map(|r| (r.code, r.marks)).collect();
        assert_eq!(marks[4], ("1.5".to_string(), vec![0, 1]));
        assert_eq!(marks[3], ("1.4".to_string(), vec![0, 1]));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].code, WarningCode::GanttMarkUncertain);
        assert!(warnings[0].message.contains("1.5 Attività numero 5"));
        assert!(
            warnings[0]
                .message
                .contains("III° TRIM 2015, IV° TRIM 2015"),
            "{}",
            warnings[0].message
        );
    }

    fn gantt_rows(rows: &[(&str, &str, &[usize])]) -> Vec<(String, String, Vec<usize>)> {
        rows.iter()
            .map(|&(c, l, m)| (c.to_string(), l.to_string(), m.to_vec()))
            .collect()
    }

    /// Without rules, a line under a numbered group with neither code nor
    /// mark is the rest of the group's title, not an activity of its own.
    #[test]
    fn a_group_title_over_two_lines_of_a_table_without_rules() {
        let got = tight_gantt(&[
            ("1", "Obiettivo 1 -", &[]),
            ("", "A) Valorizzazione della rete", &[]),
            ("1.1", "Analisi", &[300.0]),
            ("1.2", "Sintesi", &[360.0]),
        ]);
        let want = gantt_rows(&[
            ("1", "Obiettivo 1 - A) Valorizzazione della rete", &[]),
            ("1.1", "Analisi", &[0]),
            ("1.2", "Sintesi", &[1]),
        ]);
        assert_eq!(got, want);
    }

    /// Two activities of a tight table without rules, the first label ending
    /// where the second's first word would not fit and the second without a
    /// mark of its own, run into one row: its code cell holds both codes, one
    /// per line, and parts them.
    #[test]
    fn activities_run_together_are_parted_by_their_codes() {
        let got = tight_gantt(&[
            ("1.2", "Avvio", &[300.0]),
            ("1.3", "Animazione e supporto ai tavoli", &[360.0]),
            ("1.4", "Conclusione", &[]),
        ]);
        let want = gantt_rows(&[
            ("1.2", "Avvio", &[0]),
            ("1.3", "Animazione e supporto ai tavoli", &[1]),
            ("1.4", "Conclusione", &[]),
        ]);
        assert_eq!(got, want);
    }

    /// A quarter's heading over two columns (a table without rules splits a
    /// period where its marks and its heading stand apart): a mark in either
    /// column is that quarter's.
    #[test]
    fn a_period_heading_over_two_columns_takes_the_marks_of_both() {
        use crate::pdf::Segment;
        let seg = |x0: f64, y0: f64, x1: f64, y1: f64| Segment { x0, y0, x1, y1 };
        let (xs, ys) = (
            [20.0, 80.0, 140.0, 200.0, 260.0],
            [100.0, 115.0, 130.0, 145.0],
        );
        let mut segments: Vec<Segment> = ys.iter().map(|&y| seg(xs[0], y, xs[4], y)).collect();
        for &x in &xs {
            // No rule between the two columns of the first quarter's heading.
            let top = if x == 140.0 { ys[1] } else { ys[0] };
            segments.push(seg(x, top, x, ys[3]));
        }
        let mut glyphs = Vec::new();
        let mut put =
            |t: &str, x: f64, y: f64| glyphs.extend(crate::testing::glyphs(t, x, y, 10.0));
        put("Attività", 23.0, 111.0);
        put("IV TRIM 2015", 110.0, 111.0);
        put("I TRIM 2016", 203.0, 111.0);
        put("1.1", 23.0, 126.0);
        put("X", 143.0, 126.0);
        put("1.2", 23.0, 141.0);
        put("X", 83.0, 141.0);
        put("X", 203.0, 141.0);
        let page = crate::testing::page(1, glyphs, segments, vec![]);
        let tables = crate::tables::ruled::tables(&page, &lay_out_page(&page));
        let g = extract(&tables[0]).expect("a Gantt");
        let labels: Vec<&str> = g.periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["IV° TRIM 2015", "I° TRIM 2016"]);
        let marks: Vec<Vec<usize>> = g.rows.iter().map(|r| r.marks.clone()).collect();
        assert_eq!(marks, [vec![0], vec![0, 1]]);
    }

    #[test]
    fn one_header_row_with_the_year_in_each_cell() {
        let got = periods_of(&[
            &[
                "Attività",
                "luglio–settembre 2015",
                "ott-dic 2015",
                "gen/mar 2016",
                "Q2 2016",
            ],
            &["1.1 Analisi", "x", "", "x", ""],
        ]);
        assert_eq!(
            got,
            want(&[
                ("luglio–settembre 2015", "2015-07-01", "2015-09-30"),
                ("ott-dic 2015", "2015-10-01", "2015-12-31"),
                ("gen/mar 2016", "2016-01-01", "2016-03-31"),
                ("II° TRIM 2016", "2016-04-01", "2016-06-30"),
            ])
        );
        let got = periods_of(&[
            &[
                "Attività",
                "luglio 2015",
                "ago 2015",
                "09/2015",
                "1° bimestre 2016",
            ],
            &["1.1 Analisi", "x", "", "x", ""],
        ]);
        assert_eq!(
            got,
            want(&[
                ("luglio 2015", "2015-07-01", "2015-07-31"),
                ("ago 2015", "2015-08-01", "2015-08-31"),
                ("09/2015", "2015-09-01", "2015-09-30"),
                ("I° BIM 2016", "2016-01-01", "2016-02-29"),
            ])
        );
    }

    #[test]
    fn a_year_over_month_ranges_runs_on_into_the_next_year() {
        let got = periods_of(&[
            &["Attività", "2015", "", ""],
            &["", "lug-set", "ott-dic", "gen-mar"],
            &["1.1 Analisi", "x", "", "x"],
        ]);
        assert_eq!(
            got,
            want(&[
                ("lug-set 2015", "2015-07-01", "2015-09-30"),
                ("ott-dic 2015", "2015-10-01", "2015-12-31"),
                ("gen-mar 2016", "2016-01-01", "2016-03-31"),
            ])
        );
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
