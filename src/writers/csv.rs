//! The cross-document CSV tables (RFC 4180, UTF-8, header row, `.` decimals).
//! Every row starts with `document_id,region`; other column names are the JSON
//! keys of the model they flatten.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;

use crate::error::Error;
use crate::model::Document;
use crate::model::{
    ContactRole, Euro, Indicator, Population, RecipientKind, Region, Role, Scope, SectionId,
    Status, Unit, WarningCode,
};

#[derive(Serialize, Default)]
struct DocumentRow<'a> {
    document_id: String,
    region: Option<Region>,
    file: Text<'a>,
    sha256: Option<&'a str>,
    bytes: Option<u64>,
    pages: Option<u32>,
    producer: Option<Text<'a>>,
    status: Option<Status>,
    /// The input's path as given or found; `file` is its last component.
    path: Text<'a>,
    /// The path of an earlier input with the same content: this row's
    /// document is that one's, counted once in the other tables.
    duplicate_of: Option<Text<'a>>,
    sections: usize,
    warnings: usize,
    declared_total_eur: Option<Euro>,
    computed_total_eur: Option<Euro>,
    /// Why the file failed, when it did.
    reason: Option<Text<'a>>,
}

#[derive(Serialize, Default)]
struct ContactRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    role: Option<ContactRole>,
    text: Text<'a>,
    emails: Text<'a>,
    phones: Text<'a>,
}

#[derive(Serialize, Default)]
struct SectionRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    id: Option<SectionId>,
    title: Text<'a>,
    page_start: u32,
    page_end: u32,
    text: Text<'a>,
}

#[derive(Serialize, Default)]
struct StatisticRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    indicator: Option<Indicator>,
    value: f64,
    unit: Option<Unit>,
    ref_date: Option<&'a str>,
    text: Text<'a>,
    page: u32,
    value_text: Text<'a>,
    approximate: bool,
    scope: Option<Scope>,
    role: Option<Role>,
    population: Option<Population>,
}

#[derive(Serialize, Default)]
struct RecipientRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    action: Text<'a>,
    quantity: Option<i64>,
    quantity_text: Text<'a>,
    kind: Option<RecipientKind>,
    description: Text<'a>,
    page: u32,
}

#[derive(Serialize, Default)]
struct ActorRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    action: Text<'a>,
    quantity: Option<i64>,
    quantity_text: Text<'a>,
    name: Text<'a>,
    role: Text<'a>,
    page: u32,
}

/// Long format: one row per marked row × period.
#[derive(Serialize, Default)]
struct GanttRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    code: Text<'a>,
    label: Text<'a>,
    is_group: bool,
    period: usize,
    period_label: Text<'a>,
    period_start: &'a str,
    period_end: &'a str,
    mark_text: Text<'a>,
    page: u32,
}

#[derive(Serialize, Default)]
struct CostActionRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    label: Text<'a>,
    declared_eur: Option<Euro>,
    declared_text: Text<'a>,
    computed_eur: Option<Euro>,
    items: usize,
}

#[derive(Serialize, Default)]
struct CostItemRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    action: Text<'a>,
    label: Text<'a>,
    amount_eur: Option<Euro>,
    amount_text: Text<'a>,
    page: u32,
}

#[derive(Serialize, Default)]
struct PilotActionRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    number: u32,
    title: Text<'a>,
    objective: Text<'a>,
    titolarita_regionale: Option<bool>,
    regia_regionale: Option<bool>,
    has_content: bool,
    page: u32,
}

#[derive(Serialize, Default)]
struct WarningRow<'a> {
    document_id: String,
    region: Option<Region>,
    file: Text<'a>,
    code: Option<WarningCode>,
    message: Text<'a>,
    page: Option<u32>,
}

/// Text in a cell, kept from being run as a formula by a spreadsheet: text
/// that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which
/// some spreadsheets skip before reading one) gets a leading `'`, as OWASP
/// advises against CSV injection. A PDF's text is anyone's: a line "=HYPERLINK(…)"
/// or a phone number "+39 …" must reach the reader as text. Numbers are
/// written by their own columns, untouched; the JSON documents hold the text as printed.
#[derive(Default)]
struct Text<'a>(Cow<'a, str>);

/// The characters a spreadsheet reads a formula after.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Self {
        Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Text<'a> {
    fn from(text: &'a String) -> Self {
        Text(Cow::Borrowed(text))
    }
}

impl From<String> for Text<'_> {
    fn from(text: String) -> Self {
        Text(Cow::Owned(text))
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.starts_with(FORMULA_STARTS) {
            serializer.collect_str(&format_args!("'{}", self.0))
        } else {
            serializer.serialize_str(&self.0)
        }
    }
}

/// Serializes rows as CSV with a header row, also when there are no rows
/// (the header then comes from a default row, which is not written).
fn table<T: Serialize + Default>(rows: impl IntoIterator<Item = T>) -> csv::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut any = false;
    for row in rows {
        w.serialize(row)?;
        any = true;
    }
    if !any {
        let mut probe = csv::Writer::from_writer(Vec::new());
        probe.serialize(T::default())?;
        let bytes = probe.into_inner().map_err(|e| e.into_error())?;
        let header_end = bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| i + 1);
        return Ok(bytes[..header_end].to_vec());
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// One input file as the tables list it: its document, or why it failed.
pub struct Input<'a> {
    /// Its document's id; for a failure, the id its content would have had
    /// (empty when the file could not be read).
    pub document_id: String,
    /// The path as given or found.
    pub path: &'a Path,
    /// File name without directories.
    pub file_name: &'a str,
    /// SHA-256 of the content, when the file could be read.
    pub sha256: Option<&'a str>,
    pub result: Result<&'a Document, &'a Error>,
    /// An earlier input with the same content: this one is listed in
    /// `documents.csv`, its document counted once, under that input.
    pub duplicate_of: Option<&'a Path>,
}

/// Writes every CSV table for the batch into `out_dir`.
pub fn write_tables(out_dir: &Path, inputs: &[Input]) -> std::io::Result<()> {
    // Each content counts once: a duplicate input is a row of documents.csv only.
    let originals: Vec<&Input> = inputs.iter().filter(|o| o.duplicate_of.is_none()).collect();
    let docs: Vec<&Document> = originals.iter().filter_map(|o| o.result.ok()).collect();
    let files: Vec<(String, Vec<u8>)> = vec![
        ("documents.csv".into(), documents(inputs)?),
        (
            "contacts.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.contacts.iter().map(|c| ContactRow {
                    document_id: &d.document_id,
                    region: d.region,
                    role: Some(c.role),
                    text: Text::from(&c.text),
                    emails: Text::from(c.emails.join("; ")),
                    phones: Text::from(c.phones.join("; ")),
                })
            }))?,
        ),
        (
            "sections.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.sections.iter().map(|s| SectionRow {
                    document_id: &d.document_id,
                    region: d.region,
                    id: Some(s.id),
                    title: Text::from(&s.title),
                    page_start: s.page_start,
                    page_end: s.page_end,
                    text: Text::from(&s.text),
                })
            }))?,
        ),
        (
            "statistics.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.statistics.iter().map(|s| StatisticRow {
                    document_id: &d.document_id,
                    region: d.region,
                    indicator: s.indicator,
                    value: s.value,
                    unit: Some(s.unit),
                    ref_date: s.ref_date.as_deref(),
                    text: Text::from(&s.text),
                    page: s.page,
                    value_text: Text::from(&s.value_text),
                    approximate: s.approximate,
                    scope: Some(s.scope),
                    role: Some(s.role),
                    population: Some(s.population),
                })
            }))?,
        ),
        (
            "recipients.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.recipients.iter().map(|r| RecipientRow {
                    document_id: &d.document_id,
                    region: d.region,
                    action: Text::from(&r.action),
                    quantity: r.quantity,
                    quantity_text: Text::from(&r.quantity_text),
                    kind: r.kind,
                    description: Text::from(&r.description),
                    page: r.page,
                })
            }))?,
        ),
        (
            "actors.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.actors.iter().map(|a| ActorRow {
                    document_id: &d.document_id,
                    region: d.region,
                    action: Text::from(&a.action),
                    quantity: a.quantity,
                    quantity_text: Text::from(&a.quantity_text),
                    name: Text::from(&a.name),
                    role: Text::from(&a.role),
                    page: a.page,
                })
            }))?,
        ),
        (
            "gantt.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.gantt.iter().flat_map(move |g| {
                    g.rows.iter().flat_map(move |r| {
                        r.marks
                            .iter()
                            .zip(&r.mark_text)
                            .filter_map(move |(&m, text)| {
                                let p = g.periods.get(m)?;
                                Some(GanttRow {
                                    document_id: &d.document_id,
                                    region: d.region,
                                    code: Text::from(&r.code),
                                    label: Text::from(&r.label),
                                    is_group: r.is_group,
                                    period: m,
                                    period_label: Text::from(&p.label),
                                    period_start: &p.start,
                                    period_end: &p.end,
                                    mark_text: Text::from(text),
                                    page: r.page,
                                })
                            })
                    })
                })
            }))?,
        ),
        (
            "cost_actions.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.costs.iter().flat_map(move |c| {
                    c.actions.iter().map(move |a| CostActionRow {
                        document_id: &d.document_id,
                        region: d.region,
                        label: Text::from(&a.label),
                        declared_eur: a.declared_eur,
                        declared_text: Text::from(&a.declared_text),
                        computed_eur: a.computed_eur,
                        items: a.items.len(),
                    })
                })
            }))?,
        ),
        (
            "cost_items.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.costs.iter().flat_map(move |c| {
                    c.actions.iter().flat_map(move |a| {
                        a.items.iter().map(move |i| CostItemRow {
                            document_id: &d.document_id,
                            region: d.region,
                            action: Text::from(&a.label),
                            label: Text::from(&i.label),
                            amount_eur: i.amount_eur,
                            amount_text: Text::from(&i.amount_text),
                            page: i.page,
                        })
                    })
                })
            }))?,
        ),
        (
            "pilot_actions.csv".into(),
            table(docs.iter().flat_map(|d| {
                d.pilot_actions.iter().map(|p| PilotActionRow {
                    document_id: &d.document_id,
                    region: d.region,
                    number: p.number,
                    title: Text::from(&p.title),
                    objective: Text::from(&p.objective),
                    titolarita_regionale: p.titolarita_regionale,
                    regia_regionale: p.regia_regionale,
                    has_content: p.has_content,
                    page: p.page,
                })
            }))?,
        ),
        ("warnings.csv".into(), warnings(&originals)?),
    ];
    for (name, bytes) in files {
        super::write_atomic(&out_dir.join(name), &bytes)?;
    }
    Ok(())
}

fn documents(inputs: &[Input]) -> csv::Result<Vec<u8>> {
    let path = |o: &Input| o.path.display().to_string();
    let duplicate_of = |o: &Input| o.duplicate_of.map(|p| p.display().to_string());
    table(inputs.iter().map(|o| match o.result {
        Ok(d) => DocumentRow {
            document_id: d.document_id.clone(),
            region: d.region,
            file: Text::from(o.file_name),
            sha256: Some(&d.source.sha256),
            bytes: Some(d.source.bytes),
            pages: Some(d.source.pages),
            producer: d.source.producer.as_deref().map(Text::from),
            status: Some(d.status()),
            path: Text::from(path(o)),
            duplicate_of: duplicate_of(o).map(Text::from),
            sections: d.sections.len(),
            warnings: d.warnings.len(),
            declared_total_eur: d.costs.as_ref().and_then(|c| c.declared_total_eur),
            computed_total_eur: d.costs.as_ref().and_then(|c| c.computed_total_eur),
            reason: None,
        },
        Err(e) => DocumentRow {
            document_id: o.document_id.clone(),
            file: Text::from(o.file_name),
            sha256: o.sha256,
            status: Some(Status::Failed),
            path: Text::from(path(o)),
            duplicate_of: duplicate_of(o).map(Text::from),
            reason: Some(Text::from(e.reason())),
            ..DocumentRow::default()
        },
    }))
}

fn warnings(inputs: &[&Input]) -> csv::Result<Vec<u8>> {
    table(inputs.iter().flat_map(|o| {
        let rows: Vec<WarningRow> = match o.result {
            Ok(d) => d
                .warnings
                .iter()
                .map(|w| WarningRow {
                    document_id: d.document_id.clone(),
                    region: d.region,
                    file: Text::from(o.file_name),
                    code: Some(w.code),
                    message: Text::from(&w.message),
                    page: w.page,
                })
                .collect(),
            Err(e) => vec![WarningRow {
                document_id: o.document_id.clone(),
                region: None,
                file: Text::from(o.file_name),
                code: Some(e.code()),
                message: Text::from(e.reason()),
                page: None,
            }],
        };
        rows
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> String {
        let bytes = table([ContactRow {
            document_id: "0123456789abcdef",
            text: Text::from(text),
            phones: Text::from("+39 010 548 5000".to_string()),
            ..ContactRow::default()
        }])
        .unwrap();
        let csv = String::from_utf8(bytes).unwrap();
        csv.lines().nth(1).unwrap().to_string()
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_as_a_formula_is_quoted() {
        assert_eq!(
            row("=HYPERLINK(\"http://x\",\"y\")"),
            "0123456789abcdef,,,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'+39 010 548 5000"
        );
        assert_eq!(
            row("@SUM(A1)"),
            "0123456789abcdef,,,'@SUM(A1),,'+39 010 548 5000"
        );
        assert_eq!(
            row("- una voce"),
            "0123456789abcdef,,,'- una voce,,'+39 010 548 5000"
        );
        assert_eq!(row("\tx"), "0123456789abcdef,,,'\tx,,'+39 010 548 5000");
        // Text that only holds such a character later is left alone.
        assert_eq!(row("a = b"), "0123456789abcdef,,,a = b,,'+39 010 548 5000");
    }

    #[test]
    fn numbers_are_not_quoted() {
        let bytes = table([RecipientRow {
            document_id: "0123456789abcdef",
            quantity: Some(-5),
            quantity_text: Text::from("-5"),
            ..RecipientRow::default()
        }])
        .unwrap();
        let csv = String::from_utf8(bytes).unwrap();
        assert_eq!(csv.lines().nth(1).unwrap(), "0123456789abcdef,,,-5,'-5,,,0");
    }
}
