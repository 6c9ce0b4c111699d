//! The output model: one normalized document per PDF, as `CONTRACT.md` defines it.
//!
//! The JSON writer serializes these types, the CSV writer flattens them, and the
//! JSON Schema in `schemas/` is generated from them (`piani schema`), so the three
//! cannot drift apart.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Version of this output format; bumped when a field changes meaning.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// Everything extracted from one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub schema_version: String,
    /// First 16 hex digits of the file's SHA-256: stable for the same bytes.
    pub document_id: String,
    pub source: Source,
    /// Canonical region name, or null when the document does not say clearly.
    pub region: Option<Region>,
    /// The cover-page contacts table, where present.
    pub contacts: Vec<Contact>,
    /// Sections in document order; only those found.
    pub sections: Vec<Section>,
    pub statistics: Vec<Statistic>,
    pub recipients: Vec<Recipient>,
    pub actors: Vec<Actor>,
    /// The Gantt chart of II.1.4; null where the document has none.
    pub gantt: Option<Gantt>,
    /// Modalità di utilizzo delle risorse; null where absent.
    pub costs: Option<Costs>,
    pub pilot_actions: Vec<PilotAction>,
    /// What a careful reader would flag.
    pub warnings: Vec<Warning>,
}

impl Document {
    /// A document with nothing found in it yet.
    pub fn new(document_id: String, source: Source) -> Document {
        Document {
            schema_version: SCHEMA_VERSION.to_string(),
            document_id,
            source,
            region: None,
            contacts: Vec::new(),
            sections: Vec::new(),
            statistics: Vec::new(),
            recipients: Vec::new(),
            actors: Vec::new(),
            gantt: None,
            costs: None,
            pilot_actions: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The processing outcome a batch summary reports for this document.
    pub fn status(&self) -> Status {
        Status::of(&self.warnings)
    }

    /// What a batch keeps of this document once its JSON, `json_bytes` long,
    /// is written.
    pub fn listing(&self, json_bytes: u64) -> Listing {
        Listing {
            document_id: self.document_id.clone(),
            status: self.status(),
            region: self.region,
            pages: self.source.pages,
            pdf_date: self.source.date().map(str::to_string),
            file: self.source.file.clone(),
            json_bytes,
        }
    }
}

/// What a batch keeps of an extracted document while it runs, enough to count
/// it and to place it among its plan's submissions; everything else is in its
/// JSON, read back one document at a time when the tables are written, so
/// that a batch's memory does not grow with its documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub document_id: String,
    pub status: Status,
    pub region: Option<Region>,
    pub pages: u32,
    /// When the PDF says it was made ([`Source::date`]).
    pub pdf_date: Option<String>,
    /// The file name its JSON records ([`Source::file`]).
    pub file: String,
    /// The size of its JSON as written: a file of another size is not it.
    pub json_bytes: u64,
}

/// Outcome of processing one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warnings,
    Failed,
}

impl Status {
    /// The status of a document extracted with these warnings.
    pub fn of(warnings: &[Warning]) -> Status {
        if warnings.is_empty() {
            Status::Ok
        } else {
            Status::Warnings
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name as given, without directories.
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: u32,
    /// The PDF's Producer metadata, or null.
    pub producer: Option<String>,
    /// The PDF's creation date from its metadata, in UTC
    /// ("2015-03-01T11:00:00Z"), or null.
    pub created: Option<String>,
    /// The PDF's last modification date from its metadata, in UTC, or null.
    pub modified: Option<String>,
}

impl Source {
    /// When the submission was made, as far as the PDF tells: its last
    /// modification date, else its creation date (both in UTC, so that they
    /// compare as text).
    pub fn date(&self) -> Option<&str> {
        self.modified.as_deref().or(self.created.as_deref())
    }
}

/// The 19 regions and 2 autonomous provinces that sign accords with the ministry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Region {
    Abruzzo,
    Basilicata,
    Calabria,
    Campania,
    #[serde(rename = "Emilia-Romagna")]
    EmiliaRomagna,
    #[serde(rename = "Friuli-Venezia Giulia")]
    FriuliVeneziaGiulia,
    Lazio,
    Liguria,
    Lombardia,
    Marche,
    Molise,
    Piemonte,
    Puglia,
    Sardegna,
    Sicilia,
    Toscana,
    Umbria,
    #[serde(rename = "Valle d'Aosta")]
    ValleDAosta,
    Veneto,
    #[serde(rename = "Provincia autonoma di Bolzano")]
    Bolzano,
    #[serde(rename = "Provincia autonoma di Trento")]
    Trento,
}

impl Region {
    pub const ALL: [Region; 21] = [
        Region::Abruzzo,
        Region::Basilicata,
        Region::Calabria,
        Region::Campania,
        Region::EmiliaRomagna,
        Region::FriuliVeneziaGiulia,
        Region::Lazio,
        Region::Liguria,
        Region::Lombardia,
        Region::Marche,
        Region::Molise,
        Region::Piemonte,
        Region::Puglia,
        Region::Sardegna,
        Region::Sicilia,
        Region::Toscana,
        Region::Umbria,
        Region::ValleDAosta,
        Region::Veneto,
        Region::Bolzano,
        Region::Trento,
    ];

    /// The canonical name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Region::Abruzzo => "Abruzzo",
            Region::Basilicata => "Basilicata",
            Region::Calabria => "Calabria",
            Region::Campania => "Campania",
            Region::EmiliaRomagna => "Emilia-Romagna",
            Region::FriuliVeneziaGiulia => "Friuli-Venezia Giulia",
            Region::Lazio => "Lazio",
            Region::Liguria => "Liguria",
            Region::Lombardia => "Lombardia",
            Region::Marche => "Marche",
            Region::Molise => "Molise",
            Region::Piemonte => "Piemonte",
            Region::Puglia => "Puglia",
            Region::Sardegna => "Sardegna",
            Region::Sicilia => "Sicilia",
            Region::Toscana => "Toscana",
            Region::Umbria => "Umbria",
            Region::ValleDAosta => "Valle d'Aosta",
            Region::Veneto => "Veneto",
            Region::Bolzano => "Provincia autonoma di Bolzano",
            Region::Trento => "Provincia autonoma di Trento",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    Direzione,
    Servizio,
    Dirigente,
    Responsabile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub role: ContactRole,
    pub text: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// The page of the contact's cell.
    pub page: u32,
    /// The contact's cell: x0, top, x1, bottom in PDF points, origin at the
    /// page's top-left.
    pub bbox: Option<[f64; 4]>,
}

/// The template's sections, with the contract's ids.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum SectionId {
    #[serde(rename = "premessa")]
    Premessa,
    #[serde(rename = "I")]
    I,
    #[serde(rename = "I.1")]
    I1,
    #[serde(rename = "I.2")]
    I2,
    #[serde(rename = "II")]
    II,
    #[serde(rename = "II.1")]
    II1,
    #[serde(rename = "II.1.1")]
    II11,
    #[serde(rename = "II.1.2")]
    II12,
    #[serde(rename = "II.1.3")]
    II13,
    #[serde(rename = "II.1.4")]
    II14,
    #[serde(rename = "II.1.5")]
    II15,
    #[serde(rename = "III")]
    III,
    #[serde(rename = "III.1")]
    III1,
    #[serde(rename = "III.2")]
    III2,
}

impl SectionId {
    /// Sezione I or one of its parts: where the statistics are read.
    pub fn in_sezione_1(self) -> bool {
        matches!(self, SectionId::I | SectionId::I1 | SectionId::I2)
    }

    /// The id as written in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionId::Premessa => "premessa",
            SectionId::I => "I",
            SectionId::I1 => "I.1",
            SectionId::I2 => "I.2",
            SectionId::II => "II",
            SectionId::II1 => "II.1",
            SectionId::II11 => "II.1.1",
            SectionId::II12 => "II.1.2",
            SectionId::II13 => "II.1.3",
            SectionId::II14 => "II.1.4",
            SectionId::II15 => "II.1.5",
            SectionId::III => "III",
            SectionId::III1 => "III.1",
            SectionId::III2 => "III.2",
        }
    }

    /// Nesting depth: 0 for premessa and the three SEZIONI, 1 for I.1, II.1, …
    pub fn depth(self) -> usize {
        match self {
            SectionId::Premessa => 0,
            other => other.as_str().matches('.').count(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: SectionId,
    /// The heading as printed (wrapped lines joined).
    pub title: String,
    /// First page (1-based) of the section, its heading's page.
    pub page_start: u32,
    /// Last page of the section, sub-sections included.
    pub page_end: u32,
    /// The section's own running text (up to its first sub-section), page
    /// furniture removed; paragraphs separated by a blank line.
    pub text: String,
}

/// A canonical Sezione I indicator (meaning in the corpus's GROUND_TRUTH.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    StranieriResidenti,
    IncidenzaStranieriPct,
    NonComunitari,
    DonneNonComunitariePct,
    MinoriNonComunitariPct,
    PermessoLungoSoggiornoPct,
    MsnaPresenti,
    AccoltiStruttureTemporanee,
    SprarPostiOccupati,
    AccoltiTotale,
    NuoviNatiStranieri,
    AlunniStranieri,
    StudentiUniversitariStranieri,
    OccupatiNonComunitari,
    TassoOccupazioneNonComunitariPct,
    TassoDisoccupazioneNonComunitariPct,
    RapportiLavoroAttivatiNonComunitari,
    TitolariImpreseIndividualiStranieri,
    CittadinanzeAcquisite,
    AssociazioniStraniere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Persons,
    Percent,
    Euro,
    Count,
    Other,
}

impl Indicator {
    /// Every indicator, in the order of the corpus's ground-truth list.
    pub const ALL: [Indicator; 20] = [
        Indicator::StranieriResidenti,
        Indicator::IncidenzaStranieriPct,
        Indicator::NonComunitari,
        Indicator::DonneNonComunitariePct,
        Indicator::MinoriNonComunitariPct,
        Indicator::PermessoLungoSoggiornoPct,
        Indicator::MsnaPresenti,
        Indicator::AccoltiStruttureTemporanee,
        Indicator::SprarPostiOccupati,
        Indicator::AccoltiTotale,
        Indicator::NuoviNatiStranieri,
        Indicator::AlunniStranieri,
        Indicator::StudentiUniversitariStranieri,
        Indicator::OccupatiNonComunitari,
        Indicator::TassoOccupazioneNonComunitariPct,
        Indicator::TassoDisoccupazioneNonComunitariPct,
        Indicator::RapportiLavoroAttivatiNonComunitari,
        Indicator::TitolariImpreseIndividualiStranieri,
        Indicator::CittadinanzeAcquisite,
        Indicator::AssociazioniStraniere,
    ];
}

/// The pattern every `ref_date` matches: a day, a month, a year, or a school
/// or academic year ("2013/2014").
pub const REF_DATE_PATTERN: &str = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$|^[0-9]{4}/[0-9]{4}$";

/// One figure of Sezione I, with what the reader decided it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statistic {
    /// The canonical indicator this figure is, or null for any other figure.
    pub indicator: Option<Indicator>,
    pub value: f64,
    pub unit: Unit,
    /// "2014-01-01", "2014-08", "2013", a school or academic year "2013/2014", or null.
    #[schemars(regex(pattern = REF_DATE_PATTERN))]
    pub ref_date: Option<String>,
    /// The sentence the figure comes from.
    pub text: String,
    /// The page the figure is printed on.
    pub page: u32,
    /// The box of the line the figure is printed on: x0, top, x1, bottom in
    /// PDF points, origin at the page's top-left; null for text without layout.
    pub bbox: Option<[f64; 4]>,
    /// The figure as printed ("9,6%", "146mila", "1,03 milioni").
    pub value_text: String,
    /// Where `value_text` stands in `text`: character offsets, start inclusive,
    /// end exclusive.
    pub span: [usize; 2],
    /// A hedged figure ("oltre", "circa", "quasi", "poco più di").
    pub approximate: bool,
    /// Whose place the figure describes.
    pub scope: Scope,
    /// What the figure is in its sentence.
    pub role: Role,
    /// The population the figure counts, as its wording says.
    pub population: Population,
}

/// Whose place a figure describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The region (or autonomous province) of the document.
    Region,
    /// Italy as a whole, or a national average or total.
    National,
    /// A macro-area: Nord-Ovest, Mezzogiorno, …
    MacroArea,
    /// A wider area holding the region (Trentino-Alto Adige for Trento).
    WiderArea,
    /// Another region.
    OtherRegion,
    /// A province, city or metropolitan area inside the region.
    ProvinceOrCity,
}

/// What a figure is in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The quantity itself (a stock, a flow, a rate or a share).
    Value,
    /// A change: "aumentati di 27.562", "in calo del 4,1%", "1.211 in più".
    Change,
    /// A figure given for comparison: another date, group or place
    /// ("contro il 24,1%", "rispetto agli 11.394 del 2012", "passano da 2.312").
    Comparison,
    /// The total a figure is taken from: "su un totale di 7.375".
    Denominator,
    /// A part of a figure already given: "di cui 301".
    Subset,
    /// A count of something else: "19 progetti", "14 domande".
    OtherCount,
}

/// The population a figure counts, as its own wording (or its sentence's) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// Non-EU citizens ("non comunitari", "cittadini di Paesi terzi").
    NonEu,
    /// Foreigners, EU and non-EU alike.
    Foreign,
    /// EU citizens.
    Eu,
    /// Italian citizens.
    Italian,
    /// One nationality or origin among the migrants ("marocchini", "la
    /// comunità albanese", "di origine africana"): a part of a population,
    /// never the figure of a whole one.
    Group,
    /// The whole population, or all workers.
    Total,
    /// The wording does not say.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    Finali,
    Indiretti,
    Strumentali,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub action: String,
    pub quantity: Option<i64>,
    pub quantity_text: String,
    pub kind: Option<RecipientKind>,
    pub description: String,
    pub page: u32,
    /// Where it is printed on `page`: x0, top, x1, bottom in PDF points, origin
    /// at the page's top-left (its table row's cells, or its line); null when
    /// it was read from text without layout.
    pub bbox: Option<[f64; 4]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub action: String,
    pub quantity: Option<i64>,
    pub quantity_text: String,
    pub name: String,
    pub role: String,
    pub page: u32,
    /// Where it is printed on `page`: x0, top, x1, bottom in PDF points, origin
    /// at the page's top-left (its table row's cells, or its line); null when
    /// it was read from text without layout.
    pub bbox: Option<[f64; 4]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gantt {
    pub periods: Vec<Period>,
    pub rows: Vec<GanttRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// As printed ("III° TRIM 2015").
    pub label: String,
    /// ISO dates, inclusive.
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GanttRow {
    pub code: String,
    pub label: String,
    pub is_group: bool,
    /// Indexes into `periods`.
    pub marks: Vec<usize>,
    /// The mark as printed in each marked cell, parallel to `marks`.
    pub mark_text: Vec<String>,
    pub page: u32,
    /// Where it is printed on `page`: x0, top, x1, bottom in PDF points, origin
    /// at the page's top-left (its table row's cells, or its line); null when
    /// it was read from text without layout.
    pub bbox: Option<[f64; 4]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    pub actions: Vec<CostAction>,
    pub declared_total_eur: Option<Euro>,
    /// The declared total as printed ("Totale € 249.117").
    pub declared_total_text: String,
    /// The page the declared total is printed on.
    #[serde(default)]
    pub declared_total_page: Option<u32>,
    /// Sum over the actions of their items' amounts, or of their declared amount
    /// where no item has one; null when nothing has an amount.
    pub computed_total_eur: Option<Euro>,
}

impl Costs {
    /// Where the budget is to be found: the page its declared total is
    /// printed on, else its first item's.
    pub fn page(&self) -> Option<u32> {
        self.declared_total_page.or(self
            .actions
            .iter()
            .flat_map(|a| a.items.iter().map(|i| i.page))
            .min())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostAction {
    pub label: String,
    pub declared_eur: Option<Euro>,
    /// The declared amount as printed.
    pub declared_text: String,
    /// The page the declared amount is printed on.
    #[serde(default)]
    pub declared_page: Option<u32>,
    /// Sum of the items' amounts, or null when no item has one.
    pub computed_eur: Option<Euro>,
    pub items: Vec<CostItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostItem {
    pub label: String,
    pub amount_eur: Option<Euro>,
    /// The amount as printed.
    pub amount_text: String,
    pub page: u32,
    /// Where it is printed on `page`: x0, top, x1, bottom in PDF points, origin
    /// at the page's top-left (its table row's cells, or its line); null when
    /// it was read from text without layout.
    pub bbox: Option<[f64; 4]>,
}

/// An amount of money held exactly as integer cents; written to JSON as a number
/// of euro (`30101.85`), which is exact to the cent when read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Euro {
    pub cents: i64,
}

impl Euro {
    pub fn from_cents(cents: i64) -> Euro {
        Euro { cents }
    }

    pub fn as_f64(self) -> f64 {
        self.cents as f64 / 100.0
    }
}

impl Euro {
    /// Written the Italian way, for messages: "8.117,00".
    pub fn italian(self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let whole = group_thousands(&(abs / 100).to_string());
        format!("{sign}{whole},{:02}", abs % 100)
    }
}

/// A run of digits with its thousands grouped the Italian way: "1129185" →
/// "1.129.185".
pub fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    grouped
}

impl std::fmt::Display for Euro {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Serialize for Euro {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Euro {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Euro, D::Error> {
        let v = f64::deserialize(d)?;
        Ok(Euro::from_cents((v * 100.0).round() as i64))
    }
}

impl JsonSchema for Euro {
    fn schema_name() -> Cow<'static, str> {
        "Euro".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "number",
            "description": "An amount in euro, exact to the cent."
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PilotAction {
    pub number: u32,
    pub title: String,
    pub objective: String,
    pub titolarita_regionale: Option<bool>,
    pub regia_regionale: Option<bool>,
    /// Whether the form has content beyond the template's labels.
    pub has_content: bool,
    pub page: u32,
    /// Where it is printed on `page`: x0, top, x1, bottom in PDF points, origin
    /// at the page's top-left (its table row's cells, or its line); null when
    /// it was read from text without layout.
    pub bbox: Option<[f64; 4]>,
}

/// What a careful reader would flag: never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WarningCode {
    /// The file could not be read from disk.
    FileUnreadable,
    /// Empty, or not a PDF at all.
    NotAPdf,
    /// Encrypted with a real password.
    PdfEncrypted,
    /// The PDF structure is broken beyond repair.
    PdfDamaged,
    /// The PDF's structure was broken and repaired by scanning the file: its
    /// cross-reference table, or streams' lengths.
    PdfRepaired,
    /// A PDF library panicked on this file.
    ExtractionPanic,
    /// The extraction ran past the time limit and was stopped.
    ExtractionTimeout,
    /// The extraction process died: out of memory, stack overflow, abort.
    ExtractionCrashed,
    /// The document was extracted but could not be written to the output
    /// folder (disk full, a file in the way).
    OutputUnwritable,
    /// A page's content could not be interpreted; it is treated as empty.
    PageUnreadable,
    /// Part of a page's content was left out (a form that draws itself, say);
    /// the rest of the page was read.
    PageIncomplete,
    /// No page has a text layer (a scan): nothing can be extracted.
    NoTextLayer,
    /// The text layer decodes to few letters, or to letters with hardly any
    /// vowels (fonts with a wrong or no Unicode map): what was read from it
    /// cannot be trusted.
    TextUndecodable,
    /// The region could not be told from the document.
    RegionUncertain,
    /// A section the template requires was not found.
    SectionMissing,
    /// Declared and computed totals differ.
    CostTotalMismatch,
    /// An amount was printed damaged and had to be repaired, or could not be read.
    AmountSuspect,
    /// A cost row has an amount but no action label.
    CostRowUnlabelled,
    /// A cost action has no amount, nor have its items, where the table's
    /// other actions have theirs: an amount left out, or a part of the action
    /// above (a second line of its label) read as an action of its own. Where
    /// its label goes on the list the priced label above opens, it is read as
    /// part of that action, and the warning says so.
    CostActionUnpriced,
    /// A Gantt mark's period is uncertain: in a table without rules it stands
    /// over several periods' columns, and is given to each; or the periods
    /// read from the header do not follow one another (a misread header).
    GanttMarkUncertain,
    /// A recipient's action is uncertain: its table gives it text that is not
    /// an action's code where its other rows have codes (a label a page break
    /// or a misread column broke up).
    RecipientActionUncertain,
    /// An actor's action is uncertain, as for a recipient.
    ActorActionUncertain,
    /// A table the template expects in a section that was found is missing.
    TableMissing,
}

impl WarningCode {
    /// A failure that may not happen again: the extraction process died or
    /// ran out of time, as it may when the machine is loaded, or its result
    /// could not be written. Such a file is tried again (a crash or time-out
    /// once in the run, and in the next run), and its last good document
    /// stays meanwhile; the others fail the same way until the file changes.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            WarningCode::ExtractionTimeout
                | WarningCode::ExtractionCrashed
                | WarningCode::OutputUnwritable
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub page: Option<u32>,
}

/// The JSON Schema of [`Document`], as committed in `schemas/document.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_round_trips_exactly_through_json() {
        for cents in [0, 1, 300_000, 3_010_185, 12_811_700, 52_930_185, -5] {
            let e = Euro::from_cents(cents);
            let json = serde_json::to_string(&e).unwrap();
            let back: Euro = serde_json::from_str(&json).unwrap();
            assert_eq!(back, e, "{json}");
        }
        assert_eq!(
            serde_json::to_string(&Euro::from_cents(3_010_185)).unwrap(),
            "30101.85"
        );
        assert_eq!(Euro::from_cents(3_010_185).to_string(), "30101.85");
        assert_eq!(Euro::from_cents(52_930_185).italian(), "529.301,85");
        assert_eq!(Euro::from_cents(811_700).italian(), "8.117,00");
        assert_eq!(Euro::from_cents(5).italian(), "0,05");
    }

    #[test]
    fn every_indicator_is_listed_once() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let variants = schema["$defs"]["Indicator"]["enum"].as_array().unwrap();
        let listed: Vec<serde_json::Value> = Indicator::ALL
            .iter()
            .map(|i| serde_json::to_value(i).unwrap())
            .collect();
        assert_eq!(listed.len(), variants.len());
        assert!(variants.iter().all(|v| listed.contains(v)));
    }

    #[test]
    fn region_names_serialize_canonically() {
        for r in Region::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.name())
            );
        }
    }

    #[test]
    fn section_ids_serialize_as_contract_ids() {
        assert_eq!(
            serde_json::to_string(&SectionId::II14).unwrap(),
            "\"II.1.4\""
        );
        assert_eq!(SectionId::II14.depth(), 2);
        assert_eq!(SectionId::III.depth(), 0);
        assert_eq!(SectionId::Premessa.depth(), 0);
    }
}
