//! The cross-document CSV tables (RFC 4180, UTF-8, header row, `.` decimals).
//! Every row starts with `document_id,region`; other column names are the JSON
//! keys of the model they flatten.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};

use super::datapackage::{self, ForeignKey, TO_DOCUMENTS};
use crate::error::Error;
use crate::model::{
    ContactRole, Euro, Indicator, Population, RecipientKind, Region, Role, Scope, SectionId,
    Status, Unit, WarningCode,
};
use crate::model::{CostAction, Document, GanttRow, Listing, Source, Warning};
use crate::plans::{self, Submission};

/// One row per input file: its document, or why it failed. An input whose
/// content an earlier input already had is listed with `duplicate_of`; the other
/// tables hold that content once, under the earlier input's document.
#[derive(Serialize, Default, JsonSchema)]
struct DocumentRow<'a> {
    /// The document's id: the first 16 hex digits of the file's SHA-256; for a
    /// failed file, the id its content would have had (missing when the file
    /// could not be read).
    document_id: String,
    /// The region the plan is from, canonical name; missing when not found.
    region: Option<Region>,
    /// The file name, without folders.
    file: Text<'a>,
    /// SHA-256 of the file's bytes, 64 hex digits.
    sha256: Option<&'a str>,
    /// The file's size in bytes.
    bytes: Option<u64>,
    /// Number of pages.
    pages: Option<u32>,
    /// The program that made the PDF, as its metadata names it.
    producer: Option<Text<'a>>,
    /// How extraction went: `ok`, `warnings` (see warnings.csv) or `failed`.
    status: Option<Status>,
    /// The input's path as given or found; `file` is its last component.
    path: Text<'a>,
    /// The path of an earlier input with the same content: this row's
    /// document is that one's, counted once in the other tables.
    duplicate_of: Option<Text<'a>>,
    /// The plan this document is a submission of: the region and the accord
    /// ("piemonte-2014"); missing when the region is.
    plan_id: Option<String>,
    /// `current`: the newest submission of its plan, whose records the other
    /// tables hold; `superseded`: an older one, listed here and in
    /// warnings.csv only (unless the run was given `--all-submissions`).
    submission: Option<Submission>,
    /// When the PDF was last modified (else created), from its metadata, in
    /// UTC: what tells the newest submission.
    pdf_date: Option<&'a str>,
    /// Number of template sections found (rows in sections.csv).
    sections: usize,
    /// Number of warnings (rows in warnings.csv).
    warnings: usize,
    /// The plan's total budget as printed, in euro.
    declared_total_eur: Option<Figure<Euro>>,
    /// The sum of the cost actions' totals, in euro.
    computed_total_eur: Option<Figure<Euro>>,
    /// Why the file failed, when it did.
    reason: Option<Text<'a>>,
}

/// The contacts of the cover page's table, one row per office or person.
#[derive(Serialize, Default, JsonSchema)]
struct ContactRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The contact's number in its document, from 1.
    contact_no: usize,
    /// Which of the template's contacts this is.
    role: Option<ContactRole>,
    /// The contact's cell as printed.
    text: Text<'a>,
    /// The e-mail addresses in the text, joined with "; ".
    emails: Text<'a>,
    /// The telephone numbers in the text, as printed, joined with "; ".
    phones: Text<'a>,
}

/// The template's sections found in each document, in document order.
#[derive(Serialize, Default, JsonSchema)]
struct SectionRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The section's number in its document, from 1.
    section_no: usize,
    /// The template section this is.
    id: Option<SectionId>,
    /// The heading as printed.
    title: Text<'a>,
    /// The page the section starts on, from 1.
    page_start: u32,
    /// The page the section ends on.
    page_end: u32,
    /// The section's own running text, page furniture removed.
    text: Text<'a>,
}

/// The figures of Sezione I, each with what it measures.
#[derive(Serialize, Default, JsonSchema)]
struct StatisticRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The figure's number in its document, from 1.
    statistic_no: usize,
    /// The canonical indicator the figure is; missing for any other figure.
    indicator: Option<Indicator>,
    /// The figure's value; a percentage in percent (9.6 for "9,6%").
    value: Figure<f64>,
    /// What the value counts.
    unit: Option<Unit>,
    /// The date the figure refers to: "2014-01-01", "2014-08", "2013", or a
    /// school or academic year "2013/2014".
    ref_date: Option<&'a str>,
    /// The sentence the figure comes from.
    text: Text<'a>,
    /// The page the figure is printed on.
    page: u32,
    /// The figure as printed ("9,6%", "146mila").
    value_text: Text<'a>,
    /// A hedged figure ("oltre", "circa", "quasi").
    approximate: bool,
    /// Whose place the figure describes.
    scope: Option<Scope>,
    /// What the figure is in its sentence.
    role: Option<Role>,
    /// Which people the figure counts.
    population: Option<Population>,
}

/// The rows of the Destinatari table (II.1.2).
#[derive(Serialize, Default, JsonSchema)]
struct RecipientRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The row's number in its document, from 1.
    recipient_no: usize,
    /// The action the row belongs to, as labelled ("A", "1").
    action: Text<'a>,
    /// How many, when the quantity gives a number; a quantity in a cell merged
    /// over several rows is given on the first of them only.
    quantity: Option<i64>,
    /// The quantity as printed ("Almeno 100", "n.q.").
    quantity_text: Text<'a>,
    /// The kind of recipient the description names.
    kind: Option<RecipientKind>,
    /// The description as printed.
    description: Text<'a>,
    /// The page the row is printed on.
    page: u32,
}

/// The rows of the Sistema degli attori table (II.1.3).
#[derive(Serialize, Default, JsonSchema)]
struct ActorRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The row's number in its document, from 1.
    actor_no: usize,
    /// The action the row belongs to, as labelled.
    action: Text<'a>,
    /// How many, when the quantity gives a number; given once for a cell
    /// merged over several rows.
    quantity: Option<i64>,
    /// The quantity as printed.
    quantity_text: Text<'a>,
    /// The actor (the Tipologia column).
    name: Text<'a>,
    /// Its contribution or way of involvement.
    role: Text<'a>,
    /// The page the row is printed on.
    page: u32,
}

/// Every row of the Gantt table (II.1.4): activities and the groups
/// (objectives, actions) above them.
#[derive(Serialize, Default, JsonSchema)]
struct GanttTableRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The row's number in its document's Gantt, from 1.
    row_no: usize,
    /// The `row_no` of the group row this row comes under, in the same
    /// document: the nearest group row above it; missing for a row under none.
    group_no: Option<usize>,
    /// The row's code as printed ("1.1"); missing when it has none.
    code: Text<'a>,
    /// The row's label as printed.
    label: Text<'a>,
    /// Whether the row heads a group of activities (an objective or an
    /// action, or a heading row) rather than being an activity.
    is_group: bool,
    /// How many periods are marked on the row (rows of gantt.csv).
    marks: usize,
    /// The page the row is printed on.
    page: u32,
}

/// The Gantt's marks, in long format: one row per marked row × period.
#[derive(Serialize, Default, JsonSchema)]
struct GanttMarkRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The marked row (gantt_rows.csv).
    row_no: usize,
    /// The marked row's group (gantt_rows.csv `row_no`).
    group_no: Option<usize>,
    /// The row's code as printed.
    code: Text<'a>,
    /// The row's label as printed.
    label: Text<'a>,
    /// Whether the marked row heads a group.
    is_group: bool,
    /// The period's index among the Gantt's periods, from 0, in the order printed.
    period: usize,
    /// The period's heading as printed ("III° TRIM 2015").
    period_label: Text<'a>,
    /// The period's first day.
    #[schemars(extend("format" = "date"))]
    period_start: &'a str,
    /// The period's last day.
    #[schemars(extend("format" = "date"))]
    period_end: &'a str,
    /// The mark as printed ("X"; missing for a shaded cell).
    mark_text: Text<'a>,
    /// The page the row is printed on.
    page: u32,
}

/// The actions of the Modalità di utilizzo delle risorse, each with its total.
#[derive(Serialize, Default, JsonSchema)]
struct CostActionRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The action's number in its document, from 1.
    action_no: usize,
    /// The action's label as printed.
    label: Text<'a>,
    /// The action's total as printed, in euro.
    declared_eur: Option<Figure<Euro>>,
    /// The printed total's text.
    declared_text: Text<'a>,
    /// The sum of the action's items, in euro.
    computed_eur: Option<Figure<Euro>>,
    /// Number of cost items (rows in cost_items.csv).
    items: usize,
}

/// The cost items of each action.
#[derive(Serialize, Default, JsonSchema)]
struct CostItemRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The item's number in its document, from 1.
    item_no: usize,
    /// The action the item belongs to (cost_actions.csv).
    action_no: usize,
    /// The action's label as printed.
    action: Text<'a>,
    /// The item's label as printed.
    label: Text<'a>,
    /// The item's amount, in euro.
    amount_eur: Option<Figure<Euro>>,
    /// The amount as printed ("euro 3.000,00").
    amount_text: Text<'a>,
    /// The page the item is printed on.
    page: u32,
}

/// The Sezione III forms: the pilot actions (Azione 1–9) the plan fills in.
#[derive(Serialize, Default, JsonSchema)]
struct PilotActionRow<'a> {
    document_id: &'a str,
    region: Option<Region>,
    /// The form's number in its document, from 1.
    pilot_action_no: usize,
    /// The Azione's number in the template, 1–9.
    number: u32,
    /// The Azione's title as printed.
    title: Text<'a>,
    /// The objective the Azione serves, as printed.
    objective: Text<'a>,
    /// The "Titolarità regionale" tick box: ticked or not; missing when unreadable.
    titolarita_regionale: Option<bool>,
    /// The "Regia regionale" tick box: ticked or not; missing when unreadable.
    regia_regionale: Option<bool>,
    /// Whether the form is filled in beyond its template text.
    has_content: bool,
    /// The page the form starts on.
    page: u32,
}

/// What a careful reader would flag, per input: doubtful values, totals that
/// disagree, parts not found, and why a file failed.
#[derive(Serialize, Default, JsonSchema)]
struct WarningRow<'a> {
    /// The document's id (see documents.csv).
    document_id: String,
    region: Option<Region>,
    /// The input the warning is about (documents.csv `path`).
    path: Text<'a>,
    /// The warning's number for its input, from 1.
    warning_no: usize,
    /// The input's file name.
    file: Text<'a>,
    /// What kind of finding this is.
    code: Option<WarningCode>,
    /// The finding, in words, with the figures involved.
    message: Text<'a>,
    /// The page it concerns.
    page: Option<u32>,
}

/// A number in a CSV cell, written as its type displays it: money ([`Euro`])
/// in euro with exactly two decimals ("67000.00"), as exact as the cents the
/// model holds; a figure (`f64`) in the shortest form that reads back the same,
/// a whole one without a decimal point ("138355", not "138355.0").
#[derive(Default)]
struct Figure<T>(T);

impl<T: std::fmt::Display> Serialize for Figure<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<T> JsonSchema for Figure<T> {
    fn schema_name() -> Cow<'static, str> {
        "Figure".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number" })
    }
}

/// Text in a cell, kept from being run as a formula by a spreadsheet: text
/// that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which
/// some spreadsheets skip before reading one) gets a leading `'`, as OWASP
/// advises against CSV injection; so does text that begins with `'`, so that
/// taking one `'` off any cell that begins with one gives the text back. A
/// PDF's text is anyone's: a line "=HYPERLINK(…)" or a phone number "+39 …"
/// must reach the reader as text. Numbers are written by their own columns,
/// untouched; the JSON documents hold the text as printed.
#[derive(Default)]
struct Text<'a>(Cow<'a, str>);

/// The characters a spreadsheet reads a formula after, and the quote itself.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

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

impl JsonSchema for Text<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
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

/// The header row `T` writes, with its line end.
fn header_line<T: Serialize + Default>() -> Vec<u8> {
    let mut probe = csv::Writer::from_writer(Vec::new());
    probe
        .serialize(T::default())
        .expect("a default row serializes");
    let bytes = probe.into_inner().expect("writing to memory");
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    bytes[..header_end].to_vec()
}

/// The columns `T` writes, in order.
fn header<T: Serialize + Default>() -> Vec<String> {
    let line = header_line::<T>();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_slice());
    let record = reader
        .records()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    record.iter().map(str::to_string).collect()
}

/// Describes the table `name` whose rows `T` writes.
fn describe<T: Serialize + Default + JsonSchema>(
    name: &'static str,
    primary_key: &'static [&'static str],
    foreign_keys: &'static [ForeignKey],
) -> datapackage::Table {
    const SHARED: &[(&str, &str)] = &[
        (
            "document_id",
            "The document the row comes from (documents.csv `document_id`).",
        ),
        ("region", "The region the plan is from, canonical name."),
    ];
    datapackage::describe::<T>(name, &header::<T>(), SHARED, primary_key, foreign_keys)
}

/// Every table [`write_tables`] writes, described: columns, types, keys.
pub fn tables() -> Vec<datapackage::Table> {
    const CONTACT: &[&str] = &["document_id", "contact_no"];
    vec![
        describe::<DocumentRow>("documents", &["path"], &[]),
        describe::<ContactRow>("contacts", CONTACT, &[TO_DOCUMENTS]),
        describe::<SectionRow>("sections", &["document_id", "section_no"], &[TO_DOCUMENTS]),
        describe::<StatisticRow>(
            "statistics",
            &["document_id", "statistic_no"],
            &[TO_DOCUMENTS],
        ),
        describe::<RecipientRow>(
            "recipients",
            &["document_id", "recipient_no"],
            &[TO_DOCUMENTS],
        ),
        describe::<ActorRow>("actors", &["document_id", "actor_no"], &[TO_DOCUMENTS]),
        describe::<GanttTableRow>(
            "gantt_rows",
            &["document_id", "row_no"],
            // group_no refers to this table's (document_id, row_no) too, but
            // Table Schema checks a composite key with one part missing (a
            // row under no group) as a broken reference, so it is not
            // declared; tests/tables.rs checks it.
            &[TO_DOCUMENTS],
        ),
        describe::<GanttMarkRow>(
            "gantt",
            &["document_id", "row_no", "period"],
            &[
                TO_DOCUMENTS,
                ForeignKey {
                    fields: &["document_id", "row_no"],
                    table: "gantt_rows",
                    reference: &["document_id", "row_no"],
                },
            ],
        ),
        describe::<CostActionRow>(
            "cost_actions",
            &["document_id", "action_no"],
            &[TO_DOCUMENTS],
        ),
        describe::<CostItemRow>(
            "cost_items",
            &["document_id", "item_no"],
            &[
                TO_DOCUMENTS,
                ForeignKey {
                    fields: &["document_id", "action_no"],
                    table: "cost_actions",
                    reference: &["document_id", "action_no"],
                },
            ],
        ),
        describe::<PilotActionRow>(
            "pilot_actions",
            &["document_id", "pilot_action_no"],
            &[TO_DOCUMENTS],
        ),
        describe::<WarningRow>(
            "warnings",
            &["path", "warning_no"],
            &[
                TO_DOCUMENTS,
                ForeignKey {
                    fields: &["path"],
                    table: "documents",
                    reference: &["path"],
                },
            ],
        ),
    ]
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
    /// What the batch kept of its document (the document itself is read back
    /// from the output folder), or why it failed.
    pub result: Result<&'a Listing, &'a Error>,
    /// An earlier input with the same content: this one is listed in
    /// `documents.csv`, its document counted once, under that input.
    pub duplicate_of: Option<&'a Path>,
}

/// How the CSV tables are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180, as the output contract asks: `,` between fields, `.` before
    /// decimals, `\n` line ends, UTF-8 without a byte-order mark.
    Rfc4180,
    /// As a spreadsheet with Italian settings reads a CSV without asking: `;`
    /// between fields, `,` before decimals, CRLF line ends, UTF-8 with a
    /// byte-order mark (without it Excel reads "attività" as Windows-1252).
    ExcelIt,
}

/// How [`write_tables`] writes the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub submissions: Submissions,
    pub dialect: Dialect,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            submissions: Submissions::Current,
            dialect: Dialect::Rfc4180,
        }
    }
}

/// Which submissions the record tables hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submissions {
    /// The current submission of each plan only: per-region figures count
    /// each plan once.
    Current,
    /// Every submission (`--all-submissions`).
    All,
}

/// A digest of everything the tables are made from: each input as listed
/// (its document's listing stands for the document: its id for its content,
/// its JSON's size and recorded name for what was written of it), the options,
/// the tables' descriptions and the piani that writes them. Tables made from
/// the same fingerprint come out the same.
pub fn fingerprint(inputs: &[Input], options: Options) -> String {
    let mut fields = Vec::new();
    let mut field = |text: &str| {
        fields.extend((text.len() as u64).to_le_bytes());
        fields.extend(text.as_bytes());
    };
    field(crate::VERSION);
    field(&crate::EXTRACTION_REVISION.to_string());
    field(&format!("{options:?} {:?}", tables()));
    for o in inputs {
        field(&o.document_id);
        field(&o.path.display().to_string());
        field(o.file_name);
        field(o.sha256.unwrap_or_default());
        field(
            &o.duplicate_of
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        );
        match o.result {
            Ok(listing) => field(&serde_json::to_string(listing).expect("a listing serializes")),
            Err(e) => field(&format!("{:?} {}", e.code(), e.reason())),
        }
    }
    crate::document::sha256_hex(&fields)
}

/// Writes every CSV table for the batch into `out_dir` in the options'
/// dialect, `datapackage.json`, which describes them, and `piani.xlsx`, which
/// holds them as a workbook. `documents.csv` and `warnings.csv` list every
/// input; the other tables the documents of the submissions the options ask for.
///
/// The documents are read back from `out_dir`'s JSON one at a time, in input
/// order, their rows written on to each table's temporary file: memory does
/// not grow with the number of documents. A table that comes out as it was
/// is left untouched. Returns the names of the files written.
pub fn write_tables(
    out_dir: &Path,
    inputs: &[Input],
    options: Options,
) -> std::io::Result<Vec<String>> {
    let which = options.submissions;
    // Each content counts once: a duplicate input is a row of documents.csv only.
    let submitted: Vec<(&str, plans::Submitted)> = inputs
        .iter()
        .filter(|o| o.duplicate_of.is_none())
        .filter_map(|o| {
            let listing = o.result.ok()?;
            let submitted = plans::Submitted {
                region: listing.region,
                date: listing.pdf_date.as_deref(),
                path: o.path,
            };
            Some((listing.document_id.as_str(), submitted))
        })
        .collect();
    let standings = plans::standings(&submitted.iter().map(|(_, s)| *s).collect::<Vec<_>>());
    let standing: HashMap<&str, Submission> = submitted
        .iter()
        .zip(&standings)
        .map(|((id, _), &s)| (*id, s))
        .collect();

    // A document is read whole only where the record tables take its records;
    // for the others (a backlog's superseded submissions, duplicates) what
    // documents.csv and warnings.csv need is enough.
    let wants_records = |o: &Input| {
        o.duplicate_of.is_none()
            && o.result.is_ok_and(|listing| {
                which == Submissions::All
                    || standing.get(listing.document_id.as_str()) == Some(&Submission::Current)
            })
    };
    let read = |o: &Input| -> std::io::Result<(Option<Summary>, Option<Document>)> {
        let Ok(listing) = o.result else {
            return Ok((None, None));
        };
        let id = listing.document_id.as_str();
        Ok(if wants_records(o) {
            let doc = super::json::read_document(out_dir, id)?;
            (Some(Summary::of(&doc)), Some(doc))
        } else {
            let summary = super::json::read_as(out_dir, id, |s: &Summary| &s.document_id)?;
            (Some(summary), None)
        })
    };
    let mut spools = Spools::new(out_dir)?;
    // Documents are read a few at a time on the caller's threads (rayon), and
    // their rows written in input order.
    for window in inputs.chunks(READ_AHEAD) {
        let read: Vec<_> = window.par_iter().map(read).collect();
        for (o, read) in window.iter().zip(read) {
            let (summary, doc) = read?;
            spools
                .documents
                .row(document_row(o, summary.as_ref(), &standing))?;
            if o.duplicate_of.is_some() {
                continue;
            }
            spools.warnings.rows(warning_rows(o, summary.as_ref()))?;
            if let Some(d) = doc {
                spools.records(&d)?;
            }
        }
    }
    let written = spools.finish()?;

    let described = tables();
    let dialect = options.dialect;
    let names: Vec<String> = written.iter().map(|(name, _)| name.to_string()).collect();
    // Each sheet of the workbook is made from a table's RFC 4180 rows, read
    // through a handle of their own, opened before the tables are renamed
    // into place: the workbook is made while they are, on another thread.
    // In the order of `tables()`, which the data package follows too.
    let sources = described
        .iter()
        .filter_map(|t| {
            let (_, rows) = written.iter().find(|(name, _)| *name == t.file_name())?;
            Some(rows.reopen().map(|rows| (t, rows)))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let (workbook, placed) = rayon::join(
        || super::xlsx::workbook(sources),
        || {
            written
                .into_par_iter()
                .map(|(name, rows)| place(out_dir, name, rows, &described, dialect))
                .collect::<std::io::Result<Vec<()>>>()
        },
    );
    placed?;
    let mut package = serde_json::to_vec_pretty(&datapackage::package(&described, dialect))?;
    package.push(b'\n');
    super::write_atomic(&out_dir.join(PACKAGE), &package)?;
    // Last: a workbook that cannot be made leaves the tables written.
    let workbook = workbook.map_err(std::io::Error::other)?;
    super::write_atomic(&out_dir.join(WORKBOOK), &workbook)?;
    Ok(names
        .into_iter()
        .chain([PACKAGE, WORKBOOK].map(String::from))
        .collect())
}

/// Puts table `name`, written to `rfc4180` in the RFC 4180 dialect, in its
/// place in `out_dir`, in `dialect`.
fn place(
    out_dir: &Path,
    name: &str,
    rfc4180: tempfile::NamedTempFile,
    described: &[datapackage::Table],
    dialect: Dialect,
) -> std::io::Result<()> {
    let path = out_dir.join(name);
    let table = described.iter().find(|t| t.file_name() == name);
    match (dialect, table) {
        (Dialect::ExcelIt, Some(table)) => {
            let mut converted = std::io::BufWriter::new(super::temporary_for(&path)?);
            excel_it(table, rfc4180.reopen()?, &mut converted)?;
            let converted = converted.into_inner().map_err(|e| e.into_error())?;
            super::persist(converted, &path)
        }
        _ => super::persist(rfc4180, &path),
    }
}

/// The files [`write_tables`] writes beside the CSV tables.
pub const PACKAGE: &str = "datapackage.json";
pub const WORKBOOK: &str = "piani.xlsx";

/// One table being written: its header, then each row as it comes, to a
/// temporary file in the output folder.
struct Spool {
    file: &'static str,
    writer: csv::Writer<std::io::BufWriter<tempfile::NamedTempFile>>,
}

impl Spool {
    fn new<T: Serialize + Default>(out_dir: &Path, file: &'static str) -> std::io::Result<Spool> {
        let mut buffer = std::io::BufWriter::new(super::temporary_for(&out_dir.join(file))?);
        buffer.write_all(&header_line::<T>())?;
        let writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(buffer);
        Ok(Spool { file, writer })
    }

    fn row(&mut self, row: impl Serialize) -> csv::Result<()> {
        self.writer.serialize(row)
    }

    fn rows<T: Serialize>(&mut self, rows: impl IntoIterator<Item = T>) -> csv::Result<()> {
        rows.into_iter().try_for_each(|r| self.row(r))
    }

    fn finish(self) -> std::io::Result<(&'static str, tempfile::NamedTempFile)> {
        let buffer = self.writer.into_inner().map_err(|e| e.into_error())?;
        Ok((self.file, buffer.into_inner().map_err(|e| e.into_error())?))
    }
}

/// Every table's [`Spool`], in the order of [`tables`].
struct Spools {
    documents: Spool,
    contacts: Spool,
    sections: Spool,
    statistics: Spool,
    recipients: Spool,
    actors: Spool,
    gantt_rows: Spool,
    gantt: Spool,
    cost_actions: Spool,
    cost_items: Spool,
    pilot_actions: Spool,
    warnings: Spool,
}

impl Spools {
    fn new(out_dir: &Path) -> std::io::Result<Spools> {
        Ok(Spools {
            documents: Spool::new::<DocumentRow>(out_dir, "documents.csv")?,
            contacts: Spool::new::<ContactRow>(out_dir, "contacts.csv")?,
            sections: Spool::new::<SectionRow>(out_dir, "sections.csv")?,
            statistics: Spool::new::<StatisticRow>(out_dir, "statistics.csv")?,
            recipients: Spool::new::<RecipientRow>(out_dir, "recipients.csv")?,
            actors: Spool::new::<ActorRow>(out_dir, "actors.csv")?,
            gantt_rows: Spool::new::<GanttTableRow>(out_dir, "gantt_rows.csv")?,
            gantt: Spool::new::<GanttMarkRow>(out_dir, "gantt.csv")?,
            cost_actions: Spool::new::<CostActionRow>(out_dir, "cost_actions.csv")?,
            cost_items: Spool::new::<CostItemRow>(out_dir, "cost_items.csv")?,
            pilot_actions: Spool::new::<PilotActionRow>(out_dir, "pilot_actions.csv")?,
            warnings: Spool::new::<WarningRow>(out_dir, "warnings.csv")?,
        })
    }

    /// Each table's file name and its rows, written out.
    fn finish(self) -> std::io::Result<Vec<(&'static str, tempfile::NamedTempFile)>> {
        [
            self.documents,
            self.contacts,
            self.sections,
            self.statistics,
            self.recipients,
            self.actors,
            self.gantt_rows,
            self.gantt,
            self.cost_actions,
            self.cost_items,
            self.pilot_actions,
            self.warnings,
        ]
        .into_iter()
        .map(Spool::finish)
        .collect()
    }

    /// A document's rows of the record tables.
    fn records(&mut self, d: &Document) -> csv::Result<()> {
        self.contacts
            .rows(d.contacts.iter().enumerate().map(|(i, c)| ContactRow {
                document_id: &d.document_id,
                region: d.region,
                contact_no: i + 1,
                role: Some(c.role),
                text: Text::from(&c.text),
                emails: Text::from(c.emails.join("; ")),
                phones: Text::from(c.phones.join("; ")),
            }))?;
        self.sections
            .rows(d.sections.iter().enumerate().map(|(i, s)| SectionRow {
                document_id: &d.document_id,
                region: d.region,
                section_no: i + 1,
                id: Some(s.id),
                title: Text::from(&s.title),
                page_start: s.page_start,
                page_end: s.page_end,
                text: Text::from(&s.text),
            }))?;
        self.statistics
            .rows(d.statistics.iter().enumerate().map(|(i, s)| StatisticRow {
                document_id: &d.document_id,
                region: d.region,
                statistic_no: i + 1,
                indicator: s.indicator,
                value: Figure(s.value),
                unit: Some(s.unit),
                ref_date: s.ref_date.as_deref(),
                text: Text::from(&s.text),
                page: s.page,
                value_text: Text::from(&s.value_text),
                approximate: s.approximate,
                scope: Some(s.scope),
                role: Some(s.role),
                population: Some(s.population),
            }))?;
        self.recipients
            .rows(d.recipients.iter().enumerate().map(|(i, r)| RecipientRow {
                document_id: &d.document_id,
                region: d.region,
                recipient_no: i + 1,
                action: Text::from(&r.action),
                quantity: r.quantity,
                quantity_text: Text::from(&r.quantity_text),
                kind: r.kind,
                description: Text::from(&r.description),
                page: r.page,
            }))?;
        self.actors
            .rows(d.actors.iter().enumerate().map(|(i, a)| ActorRow {
                document_id: &d.document_id,
                region: d.region,
                actor_no: i + 1,
                action: Text::from(&a.action),
                quantity: a.quantity,
                quantity_text: Text::from(&a.quantity_text),
                name: Text::from(&a.name),
                role: Text::from(&a.role),
                page: a.page,
            }))?;
        self.gantt_rows
            .rows(gantt_rows(d).map(|(no, group_no, r)| GanttTableRow {
                document_id: &d.document_id,
                region: d.region,
                row_no: no,
                group_no,
                code: Text::from(&r.code),
                label: Text::from(&r.label),
                is_group: r.is_group,
                marks: r.marks.len(),
                page: r.page,
            }))?;
        let periods = d.gantt.as_ref().map_or(&[][..], |g| &g.periods[..]);
        self.gantt
            .rows(gantt_rows(d).flat_map(move |(no, group_no, r)| {
                r.marks
                    .iter()
                    .zip(&r.mark_text)
                    .filter_map(move |(&m, text)| {
                        let p = periods.get(m)?;
                        Some(GanttMarkRow {
                            document_id: &d.document_id,
                            region: d.region,
                            row_no: no,
                            group_no,
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
            }))?;
        self.cost_actions
            .rows(cost_actions(d).map(|(no, a)| CostActionRow {
                document_id: &d.document_id,
                region: d.region,
                action_no: no,
                label: Text::from(&a.label),
                declared_eur: a.declared_eur.map(Figure),
                declared_text: Text::from(&a.declared_text),
                computed_eur: a.computed_eur.map(Figure),
                items: a.items.len(),
            }))?;
        self.cost_items.rows(
            cost_actions(d)
                .flat_map(|(action_no, a)| a.items.iter().map(move |i| (action_no, a, i)))
                .enumerate()
                .map(|(k, (action_no, a, i))| CostItemRow {
                    document_id: &d.document_id,
                    region: d.region,
                    item_no: k + 1,
                    action_no,
                    action: Text::from(&a.label),
                    label: Text::from(&i.label),
                    amount_eur: i.amount_eur.map(Figure),
                    amount_text: Text::from(&i.amount_text),
                    page: i.page,
                }),
        )?;
        self.pilot_actions.rows(
            d.pilot_actions
                .iter()
                .enumerate()
                .map(|(i, p)| PilotActionRow {
                    document_id: &d.document_id,
                    region: d.region,
                    pilot_action_no: i + 1,
                    number: p.number,
                    title: Text::from(&p.title),
                    objective: Text::from(&p.objective),
                    titolarita_regionale: p.titolarita_regionale,
                    regia_regionale: p.regia_regionale,
                    has_content: p.has_content,
                    page: p.page,
                }),
        )
    }
}

/// A table in the [`Dialect::ExcelIt`] dialect, from its RFC 4180 rows.
fn excel_it(
    table: &datapackage::Table,
    rfc4180: impl std::io::Read,
    out: impl std::io::Write,
) -> csv::Result<()> {
    let mut reader = csv::Reader::from_reader(rfc4180);
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(reader.headers()?)?;
    let decimal: Vec<bool> = table
        .fields
        .iter()
        .map(|f| f.kind == datapackage::FieldType::Number)
        .collect();
    for record in reader.records() {
        let record = record?;
        let cells = record.iter().zip(&decimal).map(|(cell, &decimal)| {
            if decimal {
                Cow::Owned(cell.replace('.', ","))
            } else {
                Cow::Borrowed(cell)
            }
        });
        writer.write_record(cells.map(|c| c.into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A document's Gantt rows, each with its number (from 1) and the number of
/// the nearest group row above it.
fn gantt_rows(d: &Document) -> impl Iterator<Item = (usize, Option<usize>, &GanttRow)> {
    let rows = d.gantt.as_ref().map_or(&[][..], |g| &g.rows[..]);
    let mut group = None;
    rows.iter().enumerate().map(move |(i, r)| {
        let above = group;
        if r.is_group {
            group = Some(i + 1);
        }
        (i + 1, above, r)
    })
}

/// A document's cost actions, each with its number (from 1).
fn cost_actions(d: &Document) -> impl Iterator<Item = (usize, &CostAction)> {
    d.costs
        .iter()
        .flat_map(|c| c.actions.iter())
        .enumerate()
        .map(|(i, a)| (i + 1, a))
}

/// How many documents [`write_tables`] reads at once (in parallel, on the
/// caller's rayon threads) before writing their rows: enough to keep the
/// threads busy, few enough that memory stays small whatever the batch.
const READ_AHEAD: usize = 16;

/// What `documents.csv` and `warnings.csv` take of a document. Read back on
/// its own, it skips the records rather than building them (a superseded
/// submission's, a duplicate's): 1000 documents' tables took half the time.
#[derive(Deserialize)]
struct Summary {
    document_id: String,
    region: Option<Region>,
    source: Source,
    /// How many sections: their texts are skipped.
    #[serde(deserialize_with = "count")]
    sections: usize,
    warnings: Vec<Warning>,
    #[serde(deserialize_with = "totals")]
    costs: CostTotals,
}

/// A cost table's totals; none where the document has no cost table.
#[derive(Deserialize, Default)]
struct CostTotals {
    declared_total_eur: Option<Euro>,
    computed_total_eur: Option<Euro>,
}

impl Summary {
    fn of(d: &Document) -> Summary {
        Summary {
            document_id: d.document_id.clone(),
            region: d.region,
            source: d.source.clone(),
            sections: d.sections.len(),
            warnings: d.warnings.clone(),
            costs: d
                .costs
                .as_ref()
                .map_or_else(CostTotals::default, |c| CostTotals {
                    declared_total_eur: c.declared_total_eur,
                    computed_total_eur: c.computed_total_eur,
                }),
        }
    }
}

/// The length of a JSON array, its items skipped.
fn count<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    Ok(Vec::<IgnoredAny>::deserialize(d)?.len())
}

/// A cost table's totals, or none for `null`.
fn totals<'de, D: Deserializer<'de>>(d: D) -> Result<CostTotals, D::Error> {
    Ok(Option::<CostTotals>::deserialize(d)?.unwrap_or_default())
}

/// An input's row of `documents.csv`, from its document when it has one.
fn document_row<'a>(
    o: &'a Input,
    doc: Option<&'a Summary>,
    standing: &HashMap<&str, Submission>,
) -> DocumentRow<'a> {
    let path = Text::from(o.path.display().to_string());
    let duplicate_of = o.duplicate_of.map(|p| Text::from(p.display().to_string()));
    match (doc, o.result) {
        (Some(d), _) => DocumentRow {
            document_id: d.document_id.clone(),
            region: d.region,
            file: Text::from(o.file_name),
            sha256: Some(&d.source.sha256),
            bytes: Some(d.source.bytes),
            pages: Some(d.source.pages),
            producer: d.source.producer.as_deref().map(Text::from),
            status: Some(Status::of(&d.warnings)),
            path,
            duplicate_of,
            plan_id: d.region.map(plans::plan_id),
            submission: standing.get(d.document_id.as_str()).copied(),
            pdf_date: d.source.date(),
            sections: d.sections,
            warnings: d.warnings.len(),
            declared_total_eur: d.costs.declared_total_eur.map(Figure),
            computed_total_eur: d.costs.computed_total_eur.map(Figure),
            reason: None,
        },
        (None, result) => DocumentRow {
            document_id: o.document_id.clone(),
            file: Text::from(o.file_name),
            sha256: o.sha256,
            status: Some(Status::Failed),
            path,
            duplicate_of,
            reason: result.err().map(|e| Text::from(e.reason())),
            ..DocumentRow::default()
        },
    }
}

/// An input's rows of `warnings.csv`: its document's warnings, or its failure.
fn warning_rows<'a>(o: &'a Input, doc: Option<&'a Summary>) -> Vec<WarningRow<'a>> {
    let path = o.path.display().to_string();
    match (doc, o.result) {
        (Some(d), _) => d
            .warnings
            .iter()
            .enumerate()
            .map(|(i, w)| WarningRow {
                document_id: d.document_id.clone(),
                region: d.region,
                path: Text::from(path.clone()),
                warning_no: i + 1,
                file: Text::from(o.file_name),
                code: Some(w.code),
                message: Text::from(&w.message),
                page: w.page,
            })
            .collect(),
        (None, Err(e)) => vec![WarningRow {
            document_id: o.document_id.clone(),
            region: None,
            path: Text::from(path),
            warning_no: 1,
            file: Text::from(o.file_name),
            code: Some(e.code()),
            message: Text::from(e.reason()),
            page: None,
        }],
        (None, Ok(_)) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            return Ok(header_line::<T>());
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }

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
            "0123456789abcdef,,0,,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'+39 010 548 5000"
        );
        assert_eq!(
            row("@SUM(A1)"),
            "0123456789abcdef,,0,,'@SUM(A1),,'+39 010 548 5000"
        );
        assert_eq!(
            row("- una voce"),
            "0123456789abcdef,,0,,'- una voce,,'+39 010 548 5000"
        );
        assert_eq!(row("\tx"), "0123456789abcdef,,0,,'\tx,,'+39 010 548 5000");
        // A quote of its own is doubled: one `'` off gives the text back.
        assert_eq!(row("'80"), "0123456789abcdef,,0,,''80,,'+39 010 548 5000");
        // Text that only holds such a character later is left alone.
        assert_eq!(
            row("a = b"),
            "0123456789abcdef,,0,,a = b,,'+39 010 548 5000"
        );
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
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "0123456789abcdef,,0,,-5,'-5,,,0"
        );
    }

    /// Whole figures without ".0", money with exactly two decimals: what a
    /// researcher's reader types as integers and exact amounts.
    #[test]
    fn figures_and_money_are_written_as_they_read_back() {
        fn cell(v: impl Serialize) -> String {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            w.serialize([v]).unwrap();
            String::from_utf8(w.into_inner().unwrap())
                .unwrap()
                .trim_end()
                .to_string()
        }
        assert_eq!(cell(Figure(138355.0)), "138355");
        assert_eq!(cell(Figure(8.7)), "8.7");
        assert_eq!(cell(Figure(-0.5)), "-0.5");
        assert_eq!(cell(Figure(Euro::from_cents(12_811_700))), "128117.00");
        assert_eq!(cell(Figure(Euro::from_cents(5))), "0.05");
        assert_eq!(cell(Figure(Euro::from_cents(-1_050))), "-10.50");
    }
}
