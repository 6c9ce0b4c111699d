//! The submission check: one document held against the template and against
//! itself, as the data office reads a region's plan before accepting it.
//!
//! A [`Verdict`] says, point by point, which of the template's sections and
//! tables were found (and where), and lists [`Finding`]s, each with a
//! [`Severity`], the page and the printed text it comes from:
//! - **error**: the submission itself is incomplete or inconsistent (a section
//!   of the template missing, no budget, totals that disagree, a total other
//!   than the region's allocation, an activity scheduled outside the accord);
//! - **warning**: something piani could not confirm and a person should look at
//!   (a table in its section that could not be read, a tick box unreadable, a
//!   contact without an e-mail, an amount printed damaged);
//! - **info**: worth knowing, nothing to fix (a template column running past
//!   the accord's end).
//!
//! The rules read the normalized [`Document`] only, so a verdict is the same
//! for a PDF checked now and for its JSON written by an earlier `extract`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::model::{
    ContactRole, CostAction, Document, Euro, Indicator, Region, SectionId, WarningCode,
};
use crate::plans;

/// How much a finding matters; the order is the order of gravity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What part of the submission a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The file itself: unreadable, damaged, a scan.
    File,
    Region,
    Sections,
    Recipients,
    Actors,
    Gantt,
    Costs,
    Allocation,
    PilotActions,
    Contacts,
    Statistics,
}

impl Topic {
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::File => "file",
            Topic::Region => "region",
            Topic::Sections => "sections",
            Topic::Recipients => "recipients",
            Topic::Actors => "actors",
            Topic::Gantt => "gantt",
            Topic::Costs => "costs",
            Topic::Allocation => "allocation",
            Topic::PilotActions => "pilot_actions",
            Topic::Contacts => "contacts",
            Topic::Statistics => "statistics",
        }
    }
}

/// One thing the office should know about a submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub topic: Topic,
    /// What is wrong, with the figures involved.
    pub message: String,
    /// The page it is printed on (1-based), when it is printed anywhere.
    pub page: Option<u32>,
    /// The printed text it comes from ("Totale EURO 529.301,85"), or empty.
    pub text: String,
}

/// Whether a point of the template is in the submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Found,
    /// Its section is there, but piani could not read it.
    Unreadable,
    Missing,
}

/// One point of the template: a section, or a table the template expects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplatePoint {
    /// The section id ("II.1.2") or the table's name ("table:recipients").
    pub point: String,
    /// The template's name for it.
    pub name: &'static str,
    pub presence: Presence,
    /// Where it starts.
    pub page: Option<u32>,
    /// What was found: "12 rows", "5 periods, 17 rows", the heading as printed.
    pub detail: String,
}

/// The check of one submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The input as given.
    pub path: String,
    pub document_id: Option<String>,
    pub region: Option<Region>,
    pub plan_id: Option<String>,
    pub template: Vec<TemplatePoint>,
    /// Errors first, then warnings, then info; in page order within each.
    pub findings: Vec<Finding>,
}

impl Verdict {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether the office can accept the submission as it is: no error.
    pub fn passed(&self) -> bool {
        self.count(Severity::Error) == 0
    }
}

/// The accord's period, as every plan's premessa gives it: "diciotto mesi, da
/// febbraio 2015 ad agosto 2016" (18 months from 13 February 2015), as whole
/// months, ISO dates, inclusive: a plan schedules by month or quarter.
pub const ACCORD_START: &str = "2015-02-01";
pub const ACCORD_END: &str = "2016-08-31";

/// The template's sections, in order, with their names. All are required but
/// II.1.5 (Modalità di utilizzo delle risorse), which many plans fold into
/// another part; the budget itself is checked as a table.
const SECTIONS: &[(SectionId, &str, bool)] = &[
    (SectionId::Premessa, "Premessa", true),
    (
        SectionId::I,
        "Sezione I: quadro di riferimento regionale",
        true,
    ),
    (
        SectionId::I1,
        "Principali caratteristiche (statistiche)",
        true,
    ),
    (SectionId::I2, "Articolazione del sistema dei servizi", true),
    (SectionId::II, "Sezione II: piano degli interventi", true),
    (SectionId::II1, "Articolazione degli interventi", true),
    (SectionId::II11, "Risultati e attività", true),
    (SectionId::II12, "Destinatari", true),
    (SectionId::II13, "Sistema degli attori", true),
    (SectionId::II14, "Piano temporale (Gantt)", true),
    (SectionId::II15, "Modalità di utilizzo delle risorse", false),
    (SectionId::III, "Sezione III: azioni pilota", true),
    (SectionId::III1, "Obiettivi dell'accordo", true),
    (
        SectionId::III2,
        "Articolazione degli interventi (schede Azione)",
        true,
    ),
];

/// What each extraction warning means for the office. The warnings the check
/// works out again from the document (sections, tables, totals) are left out
/// here, so that nothing is said twice.
fn carried(code: WarningCode) -> Option<(Severity, Topic)> {
    use WarningCode as W;
    Some(match code {
        W::FileUnreadable
        | W::NotAPdf
        | W::PdfEncrypted
        | W::PdfDamaged
        | W::ExtractionPanic
        | W::ExtractionTimeout
        | W::ExtractionCrashed
        | W::OutputUnwritable
        | W::NoTextLayer
        | W::TextUndecodable => (Severity::Error, Topic::File),
        W::PdfRepaired | W::PageUnreadable | W::PageIncomplete => (Severity::Warning, Topic::File),
        W::RegionUncertain => (Severity::Warning, Topic::Region),
        W::AmountSuspect | W::CostRowUnlabelled | W::CostActionUnpriced => {
            (Severity::Warning, Topic::Costs)
        }
        W::GanttMarkUncertain => (Severity::Warning, Topic::Gantt),
        W::RecipientActionUncertain => (Severity::Warning, Topic::Recipients),
        W::ActorActionUncertain => (Severity::Warning, Topic::Actors),
        W::SectionMissing | W::TableMissing | W::CostTotalMismatch => return None,
    })
}

/// Each region's allocation under its accord, as the office supplies it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allocations {
    by_region: BTreeMap<Region, Euro>,
}

impl Allocations {
    /// Reads a CSV file (lines starting with `#` are comments; see
    /// `examples/allocations.csv`) with a header and two columns, `region` and
    /// `allocation_eur`: the region by its canonical name ("Emilia-Romagna",
    /// "Provincia autonoma di Trento", any case) or plan id
    /// ("emilia-romagna-2014"), the amount in euro written the Italian way
    /// ("128.117,00", "€ 128.117") or with a decimal point ("128117.00").
    pub fn read(path: &Path) -> Result<Allocations, String> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_path(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{}: {e}", path.display()))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        if header != ["region", "allocation_eur"] {
            return Err(format!(
                "{}: the header must be `region,allocation_eur`, not `{}`",
                path.display(),
                header.join(",")
            ));
        }
        let mut by_region = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
            let line = record.position().map_or(0, |p| p.line());
            let (name, amount) = (&record[0], &record[1]);
            let region = region_named(name).ok_or_else(|| {
                format!(
                    "{}: line {line}: {name:?} is not a region's name",
                    path.display()
                )
            })?;
            let euro = allocation_amount(amount).ok_or_else(|| {
                format!(
                    "{}: line {line}: {amount:?} is not an amount in euro",
                    path.display()
                )
            })?;
            if by_region.insert(region, euro).is_some() {
                return Err(format!(
                    "{}: line {line}: {} is listed twice",
                    path.display(),
                    region.name()
                ));
            }
        }
        if by_region.is_empty() {
            return Err(format!(
                "{}: no allocation in it: a file without any would check nothing",
                path.display()
            ));
        }
        Ok(Allocations { by_region })
    }

    pub fn get(&self, region: Region) -> Option<Euro> {
        self.by_region.get(&region).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.by_region.is_empty()
    }
}

/// A region by its canonical name or plan id, whatever the case, accents or
/// punctuation ("Valle d’Aosta", "valle-d-aosta-2014").
fn region_named(name: &str) -> Option<Region> {
    let name = crate::text::fold(name);
    Region::ALL.into_iter().find(|r| {
        crate::text::fold(r.name()) == name || crate::text::fold(&plans::plan_id(*r)) == name
    })
}

/// An allocation as the office writes it. A single `.` followed by one or
/// two digits is a decimal point ("128117.5"); otherwise the Italian way
/// (`.` groups thousands, `,` before decimals), read exactly; a number that
/// needs repair is refused, since the office's own file should be exact.
fn allocation_amount(text: &str) -> Option<Euro> {
    let text = text.trim();
    let digits = ["€", "euro", "eur"]
        .iter()
        .find_map(|sign| {
            text.get(..sign.len())
                .filter(|head| head.eq_ignore_ascii_case(sign))
                .map(|_| &text[sign.len()..])
        })
        .unwrap_or(text)
        .trim();
    if let Some((whole, cents)) = digits.split_once('.')
        && !digits.contains(',')
        && !cents.contains('.')
        && (1..=2).contains(&cents.len())
        && !whole.is_empty()
        && whole
            .chars()
            .chain(cents.chars())
            .all(|c| c.is_ascii_digit())
    {
        let whole: i64 = whole.parse().ok()?;
        let cents: i64 = format!("{cents:0<2}").parse().ok()?;
        return Some(Euro::from_cents(
            whole.checked_mul(100)?.checked_add(cents)?,
        ));
    }
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let amount = crate::numbers::parse_amount_token(digits)?;
    amount.repaired.is_none().then_some(amount.euro)
}

/// The verdict on an input that could not be extracted at all.
pub fn unreadable(path: &str, reason: &str) -> Verdict {
    Verdict {
        path: path.to_string(),
        document_id: None,
        region: None,
        plan_id: None,
        template: Vec::new(),
        findings: vec![Finding {
            severity: Severity::Error,
            topic: Topic::File,
            message: format!("the file cannot be read: {reason}"),
            page: None,
            text: String::new(),
        }],
    }
}

/// Checks one document; `allocations` may be empty (none supplied).
pub fn check(path: &str, doc: &Document, allocations: &Allocations) -> Verdict {
    let mut findings = Vec::new();
    for w in &doc.warnings {
        if let Some((severity, topic)) = carried(w.code) {
            findings.push(Finding {
                severity,
                topic,
                message: w.message.clone(),
                page: w.page,
                text: String::new(),
            });
        }
    }
    if doc.region.is_none()
        && !doc
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::RegionUncertain)
    {
        findings.push(finding(
            Severity::Warning,
            Topic::Region,
            "the region could not be told from the document".to_string(),
            None,
            "",
        ));
    }
    // A file whose text cannot be read (a scan, fonts without a Unicode
    // map, a broken PDF) says nothing about what the plan holds: its parts
    // are unread, not missing, and the one file error says why.
    let blind = findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.topic == Topic::File);
    let mut template = sections(doc, blind, &mut findings);
    template.extend(tables(doc, blind, &mut findings));
    if !blind {
        costs(doc, allocations, &mut findings);
        gantt(doc, &mut findings);
        pilot_actions(doc, &mut findings);
        contacts(doc, &mut findings);
        statistics(doc, &mut findings);
    }
    findings.sort_by_key(|f| (f.severity, f.page.unwrap_or(u32::MAX)));
    Verdict {
        path: path.to_string(),
        document_id: Some(doc.document_id.clone()),
        region: doc.region,
        plan_id: doc.region.map(plans::plan_id),
        template,
        findings,
    }
}

fn finding(
    severity: Severity,
    topic: Topic,
    message: String,
    page: Option<u32>,
    text: &str,
) -> Finding {
    Finding {
        severity,
        topic,
        message,
        page,
        text: text.to_string(),
    }
}

/// Each section of the template: found (with its page), or missing.
fn sections(doc: &Document, blind: bool, findings: &mut Vec<Finding>) -> Vec<TemplatePoint> {
    let mut points = Vec::new();
    for &(id, name, required) in SECTIONS {
        let found = doc.sections.iter().find(|s| s.id == id);
        points.push(TemplatePoint {
            point: id.as_str().to_string(),
            name,
            presence: match (found, blind) {
                (Some(_), _) => Presence::Found,
                (None, true) => Presence::Unreadable,
                (None, false) => Presence::Missing,
            },
            page: found.map(|s| s.page_start),
            detail: found.map(|s| s.title.clone()).unwrap_or_default(),
        });
        if found.is_none() && required && !blind {
            findings.push(finding(
                Severity::Error,
                Topic::Sections,
                format!(
                    "section {} ({name}) of the template is missing",
                    id.as_str()
                ),
                None,
                "",
            ));
        }
    }
    // The sections are listed in document order: each must come after the one before.
    for pair in doc.sections.windows(2) {
        if pair[1].id <= pair[0].id {
            findings.push(finding(
                Severity::Warning,
                Topic::Sections,
                format!(
                    "section {} comes after section {}, against the template's order",
                    pair[1].id.as_str(),
                    pair[0].id.as_str()
                ),
                Some(pair[1].page_start),
                &pair[1].title,
            ));
        }
    }
    points
}

/// The tables the template expects, each with the section it belongs in.
const TABLES: &[(Topic, &str, &str, SectionId)] = &[
    (
        Topic::Recipients,
        "table:recipients",
        "Destinatari (table)",
        SectionId::II12,
    ),
    (
        Topic::Actors,
        "table:actors",
        "Sistema degli attori (table)",
        SectionId::II13,
    ),
    (
        Topic::Gantt,
        "table:gantt",
        "Piano temporale (Gantt)",
        SectionId::II14,
    ),
    (
        Topic::Costs,
        "table:costs",
        "Budget (Modalità di utilizzo delle risorse)",
        SectionId::II15,
    ),
    (
        Topic::PilotActions,
        "table:pilot_actions",
        "Schede Azione (Sezione III)",
        SectionId::III2,
    ),
];

/// What was read of the table of `topic`, and its first page; `None` when
/// nothing was.
fn table_found(doc: &Document, topic: Topic) -> Option<(String, Option<u32>)> {
    let rows = |n: usize| counted(n, "row");
    let first = |pages: &mut dyn Iterator<Item = u32>| pages.min();
    match topic {
        Topic::Recipients if !doc.recipients.is_empty() => Some((
            rows(doc.recipients.len()),
            first(&mut doc.recipients.iter().map(|r| r.page)),
        )),
        Topic::Actors if !doc.actors.is_empty() => Some((
            rows(doc.actors.len()),
            first(&mut doc.actors.iter().map(|a| a.page)),
        )),
        Topic::Gantt => doc.gantt.as_ref().filter(|g| !g.rows.is_empty()).map(|g| {
            (
                format!("{} periods, {}", g.periods.len(), rows(g.rows.len())),
                first(&mut g.rows.iter().map(|r| r.page)),
            )
        }),
        Topic::Costs => doc.costs.as_ref().map(|c| {
            let total = c
                .declared_total_eur
                .map_or("no declared total".to_string(), |t| {
                    format!("declared total {}", t.italian())
                });
            (
                format!("{}, {total}", counted(c.actions.len(), "action")),
                first(
                    &mut c
                        .actions
                        .iter()
                        .flat_map(|a| a.items.iter().map(|i| i.page)),
                ),
            )
        }),
        Topic::PilotActions if !doc.pilot_actions.is_empty() => Some((
            format!("{} forms", doc.pilot_actions.len()),
            first(&mut doc.pilot_actions.iter().map(|p| p.page)),
        )),
        _ => None,
    }
}

/// The tables the template expects: found, unreadable in a section that is
/// there, or missing with their section.
fn tables(doc: &Document, blind: bool, findings: &mut Vec<Finding>) -> Vec<TemplatePoint> {
    let section = |id: SectionId| doc.sections.iter().find(|s| s.id == id);
    let mut points = Vec::new();
    for &(topic, point, name, id) in TABLES {
        let (found, page) = match table_found(doc, topic) {
            Some((detail, page)) => (Some(detail), page),
            None => (None, None),
        };
        let sect = section(id);
        let presence = match (&found, sect) {
            (Some(_), _) => Presence::Found,
            (None, Some(_)) => Presence::Unreadable,
            (None, None) if blind => Presence::Unreadable,
            (None, None) => Presence::Missing,
        };
        let page = page.or(sect.map(|s| s.page_start));
        match presence {
            Presence::Found => {}
            Presence::Unreadable if blind => {}
            // The budget is what the consistency checks stand on: a plan
            // whose budget cannot be read cannot pass unchecked.
            Presence::Unreadable if topic == Topic::Costs => findings.push(finding(
                Severity::Error,
                topic,
                format!(
                    "no budget could be read: section {} is on page {} but no amounts were read from it, so the costs are unchecked: check them by hand",
                    id.as_str(),
                    page.unwrap_or_default()
                ),
                page,
                &sect.map(|s| s.title.clone()).unwrap_or_default(),
            )),
            Presence::Unreadable => findings.push(finding(
                Severity::Warning,
                topic,
                format!(
                    "section {} is there but piani could not read its {name}: look at page {}",
                    id.as_str(),
                    page.unwrap_or_default()
                ),
                page,
                &sect.map(|s| s.title.clone()).unwrap_or_default(),
            )),
            // A missing required section is an error already; the budget has
            // no required section, so its absence is said here.
            Presence::Missing if topic == Topic::Costs => findings.push(finding(
                Severity::Error,
                topic,
                "no budget: the plan has neither a Modalità di utilizzo delle risorse section nor a cost table, so its costs cannot be checked".to_string(),
                None,
                "",
            )),
            Presence::Missing => {}
        }
        points.push(TemplatePoint {
            point: point.to_string(),
            name,
            presence,
            page,
            detail: found.unwrap_or_default(),
        });
    }
    points
}

/// Items against their action's total, actions against the declared total,
/// the declared total against the region's allocation.
fn costs(doc: &Document, allocations: &Allocations, findings: &mut Vec<Finding>) {
    let Some(costs) = &doc.costs else {
        return;
    };
    let first_item_page = |a: &CostAction| a.items.iter().map(|i| i.page).min();
    let budget_page = costs.page();
    if costs.actions.is_empty() {
        findings.push(finding(
            Severity::Warning,
            Topic::Costs,
            "the budget gives a total but no actions or items: nothing to add it up from"
                .to_string(),
            budget_page,
            &costs.declared_total_text,
        ));
    }
    // Amounts printed but not read: a sum over the others is not the plan's.
    let unread_items = |a: &CostAction| {
        a.items
            .iter()
            .filter(|i| i.amount_eur.is_none() && !i.amount_text.trim().is_empty())
            .count()
    };
    let unread_declared =
        |a: &CostAction| a.declared_eur.is_none() && !a.declared_text.trim().is_empty();
    let unread_total: usize = costs
        .actions
        .iter()
        .map(|a| unread_items(a) + usize::from(unread_declared(a)))
        .sum();
    // A disagreement is the submission's error only when every amount in it
    // was read; otherwise piani's reading is in doubt, and it says so.
    let severity = |unread: usize| -> (Severity, String) {
        if unread == 0 {
            (Severity::Error, String::new())
        } else {
            (
                Severity::Warning,
                format!(
                    "; {} could not be read, so the sum may be short: look at the page",
                    counted(unread, "amount")
                ),
            )
        }
    };
    for a in &costs.actions {
        if let (Some(declared), Some(computed)) = (a.declared_eur, a.computed_eur)
            && declared != computed
        {
            let (severity, caveat) = severity(unread_items(a));
            findings.push(finding(
                severity,
                Topic::Costs,
                format!(
                    "cost action \"{}\": its items add up to {} but its declared total is {} (a difference of {}){caveat}",
                    a.label,
                    computed.italian(),
                    declared.italian(),
                    Euro::from_cents(computed.cents - declared.cents).italian()
                ),
                a.declared_page.or(first_item_page(a)),
                &a.declared_text,
            ));
        }
    }
    let Some(total) = costs.declared_total_eur else {
        let unreadable = !costs.declared_total_text.trim().is_empty();
        findings.push(finding(
            Severity::Warning,
            Topic::Costs,
            if unreadable {
                "the budget's declared total could not be read".to_string()
            } else {
                "the budget declares no total".to_string()
            },
            budget_page,
            &costs.declared_total_text,
        ));
        return;
    };
    let declared: Vec<Euro> = costs
        .actions
        .iter()
        .filter_map(|a| a.declared_eur)
        .collect();
    let actions_sum = (!costs.actions.is_empty() && declared.len() == costs.actions.len())
        .then(|| Euro::from_cents(declared.iter().map(|e| e.cents).sum()));
    if let Some(sum) = actions_sum
        && sum != total
    {
        findings.push(finding(
            Severity::Error,
            Topic::Costs,
            format!(
                "the actions' declared totals add up to {} but the declared total is {} (a difference of {})",
                sum.italian(),
                total.italian(),
                Euro::from_cents(sum.cents - total.cents).italian()
            ),
            budget_page,
            &costs.declared_total_text,
        ));
    }
    // The items' sum, where it is another figure than the actions' one.
    if let Some(computed) = costs.computed_total_eur
        && computed != total
        && Some(computed) != actions_sum
    {
        let (severity, caveat) = severity(unread_total);
        findings.push(finding(
            severity,
            Topic::Costs,
            format!(
                "the costs add up to {} but the declared total is {} (a difference of {}){caveat}",
                computed.italian(),
                total.italian(),
                Euro::from_cents(computed.cents - total.cents).italian()
            ),
            budget_page,
            &costs.declared_total_text,
        ));
    }
    if allocations.is_empty() {
        return;
    }
    match doc.region.map(|r| (r, allocations.get(r))) {
        None => findings.push(finding(
            Severity::Warning,
            Topic::Allocation,
            "the region is not known, so the declared total cannot be held against an allocation"
                .to_string(),
            None,
            "",
        )),
        Some((region, None)) => findings.push(finding(
            Severity::Warning,
            Topic::Allocation,
            format!(
                "the allocations file has no allocation for {}",
                region.name()
            ),
            None,
            "",
        )),
        Some((region, Some(allocation))) if allocation != total => findings.push(finding(
            Severity::Error,
            Topic::Allocation,
            format!(
                "the declared total {} is not {}'s allocation {} (a difference of {})",
                total.italian(),
                region.name(),
                allocation.italian(),
                Euro::from_cents(total.cents - allocation.cents).italian()
            ),
            budget_page,
            &costs.declared_total_text,
        )),
        Some(_) => {}
    }
}

/// Periods inside the accord's period; every activity with a mark.
fn gantt(doc: &Document, findings: &mut Vec<Finding>) {
    let Some(g) = &doc.gantt else {
        return;
    };
    let page = g.rows.iter().map(|r| r.page).min();
    if g.periods.is_empty() {
        findings.push(finding(
            Severity::Warning,
            Topic::Gantt,
            "the Gantt's periods could not be read".to_string(),
            page,
            "",
        ));
    }
    for (i, p) in g.periods.iter().enumerate() {
        let marked: Vec<&str> = g
            .rows
            .iter()
            .filter(|r| r.marks.contains(&i))
            .map(|r| {
                if r.code.is_empty() {
                    r.label.as_str()
                } else {
                    r.code.as_str()
                }
            })
            .collect();
        if marked.is_empty() {
            continue;
        }
        let outside = p.end.as_str() < ACCORD_START || p.start.as_str() > ACCORD_END;
        let across = !outside && (p.start.as_str() < ACCORD_START || p.end.as_str() > ACCORD_END);
        let activities = format!(
            "{} activit{} marked in it ({})",
            marked.len(),
            if marked.len() == 1 { "y is" } else { "ies are" },
            marked.join(", ")
        );
        if outside {
            findings.push(finding(
                Severity::Error,
                Topic::Gantt,
                format!(
                    "period \"{}\" ({} to {}) lies outside the accord's period ({ACCORD_START} to {ACCORD_END}); {activities}",
                    p.label, p.start, p.end
                ),
                page,
                &p.label,
            ));
        } else if across {
            findings.push(finding(
                Severity::Info,
                Topic::Gantt,
                format!(
                    "period \"{}\" ({} to {}) reaches beyond the accord's period ({ACCORD_START} to {ACCORD_END}); {activities}",
                    p.label, p.start, p.end
                ),
                page,
                &p.label,
            ));
        }
    }
    for r in g.rows.iter().filter(|r| !r.is_group && r.marks.is_empty()) {
        findings.push(finding(
            Severity::Warning,
            Topic::Gantt,
            format!(
                "activity {} has no mark in any period",
                if r.code.is_empty() {
                    "without a code"
                } else {
                    &r.code
                }
            ),
            Some(r.page),
            &r.label,
        ));
    }
}

/// Both tick boxes of every Azione form readable.
fn pilot_actions(doc: &Document, findings: &mut Vec<Finding>) {
    for p in &doc.pilot_actions {
        let unread: Vec<&str> = [
            ("titolarità regionale", p.titolarita_regionale),
            ("regia regionale", p.regia_regionale),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(name, _)| name)
        .collect();
        if !unread.is_empty() {
            findings.push(finding(
                Severity::Warning,
                Topic::PilotActions,
                format!(
                    "Azione {}: the {} tick box{} could not be read",
                    p.number,
                    unread.join(" and "),
                    if unread.len() > 1 { "es" } else { "" }
                ),
                Some(p.page),
                &p.title,
            ));
        }
    }
}

/// An e-mail and a phone for each role of the cover's contacts table.
fn contacts(doc: &Document, findings: &mut Vec<Finding>) {
    const ROLES: [(ContactRole, &str); 4] = [
        (ContactRole::Direzione, "Direzione"),
        (ContactRole::Servizio, "Servizio"),
        (ContactRole::Dirigente, "Dirigente"),
        (ContactRole::Responsabile, "Responsabile"),
    ];
    if doc.contacts.is_empty() {
        findings.push(finding(
            Severity::Warning,
            Topic::Contacts,
            "no contacts table (Direzione, Servizio, Dirigente, Responsabile) was found on the cover"
                .to_string(),
            None,
            "",
        ));
        return;
    }
    for (role, name) in ROLES {
        let contact = doc.contacts.iter().find(|c| c.role == role);
        let message = match contact {
            None => Some(format!("contact {name} is not on the cover")),
            Some(c) => match (c.emails.is_empty(), c.phones.is_empty()) {
                (false, false) => None,
                (true, false) => Some(format!("contact {name} has no e-mail")),
                (false, true) => Some(format!("contact {name} has no phone")),
                (true, true) => Some(format!("contact {name} has no e-mail and no phone")),
            },
        };
        if let Some(message) = message {
            findings.push(finding(
                Severity::Warning,
                Topic::Contacts,
                message,
                contact.map(|c| c.page),
                &contact.map(|c| c.text.clone()).unwrap_or_default(),
            ));
        }
    }
}

/// Sezione I's figures: the canonical indicators found.
fn statistics(doc: &Document, findings: &mut Vec<Finding>) {
    let Some(section) = doc.sections.iter().find(|s| s.id.in_sezione_1()) else {
        return;
    };
    let mut found: Vec<_> = doc.statistics.iter().filter_map(|s| s.indicator).collect();
    found.sort_by_key(|i| format!("{i:?}"));
    found.dedup();
    if found.is_empty() {
        findings.push(finding(
            Severity::Warning,
            Topic::Statistics,
            "Sezione I gives none of the canonical indicators piani reads (residents, incidence, employment, …)".to_string(),
            Some(section.page_start),
            &section.title,
        ));
    } else {
        findings.push(finding(
            Severity::Info,
            Topic::Statistics,
            format!(
                "Sezione I gives {} of the {} canonical indicators",
                found.len(),
                Indicator::ALL.len()
            ),
            Some(section.page_start),
            "",
        ));
    }
}

/// "1 error", "2 errors".
pub fn counted(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

impl Verdict {
    /// The verdict as a clerk reads it in a terminal.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let region = self.region.map_or("region unknown", |r| r.name());
        let _ = writeln!(s, "{} — {region}", self.path);
        if let Some(id) = &self.document_id {
            let _ = writeln!(s, "  document {id}");
        }
        if !self.template.is_empty() {
            let _ = writeln!(s, "  Template");
        }
        for p in &self.template {
            let state = match p.presence {
                Presence::Found => "ok",
                Presence::Unreadable => "unread",
                Presence::Missing => "missing",
            };
            let page = p.page.map_or(String::new(), |n| format!("p. {n}"));
            let _ = writeln!(
                s,
                "    {state:<8} {:<20} {:<46} {page:<7} {}",
                p.point, p.name, p.detail
            );
        }
        let _ = writeln!(s, "  Findings");
        if self.findings.is_empty() {
            let _ = writeln!(s, "    none");
        }
        for f in &self.findings {
            let page = f.page.map_or(String::new(), |n| format!("p. {n}"));
            let _ = writeln!(
                s,
                "    {:<8} {page:<7} {:<13} {}",
                f.severity.as_str(),
                f.topic.as_str(),
                f.message
            );
            if !f.text.is_empty() {
                let _ = writeln!(
                    s,
                    "    {:<8} {:<7} {:<13} printed: «{}»",
                    "", "", "", f.text
                );
            }
        }
        let _ = writeln!(
            s,
            "  Verdict: {} — {}, {}, {}",
            if self.passed() {
                "no errors"
            } else {
                "to be corrected"
            },
            counted(self.count(Severity::Error), "error"),
            counted(self.count(Severity::Warning), "warning"),
            counted(self.count(Severity::Info), "note")
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Contact, CostAction, CostItem, Costs, Gantt, GanttRow, Period, PilotAction, Section,
    };

    fn euro(whole: i64) -> Euro {
        Euro::from_cents(whole * 100)
    }

    fn section(id: SectionId, page: u32) -> Section {
        Section {
            id,
            title: id.as_str().to_string(),
            page_start: page,
            page_end: page,
            text: String::new(),
        }
    }

    /// A plan with every section, table and figure the template asks for,
    /// all consistent: the check finds nothing but notes.
    fn complete() -> Document {
        let mut d = crate::testing::empty_document();
        d.region = Some(Region::Umbria);
        d.sections = SECTIONS.iter().map(|&(id, _, _)| section(id, 1)).collect();
        let row = |code: &str, marks: Vec<usize>| GanttRow {
            code: code.to_string(),
            label: format!("Attività {code}"),
            is_group: !code.contains('.'),
            mark_text: marks.iter().map(|_| "X".to_string()).collect(),
            marks,
            page: 5,
            bbox: None,
        };
        d.gantt = Some(Gantt {
            periods: vec![
                Period {
                    label: "II trim 2015".into(),
                    start: "2015-04-01".into(),
                    end: "2015-06-30".into(),
                },
                Period {
                    label: "III trim 2016".into(),
                    start: "2016-07-01".into(),
                    end: "2016-09-30".into(),
                },
            ],
            rows: vec![row("1", vec![]), row("1.1", vec![0, 1])],
        });
        let item = |amount: i64| CostItem {
            label: "Costi del personale".into(),
            amount_eur: Some(euro(amount)),
            amount_text: format!("euro {amount}"),
            page: 6,
            bbox: None,
        };
        d.costs = Some(Costs {
            actions: vec![CostAction {
                label: "A) Reti".into(),
                declared_eur: Some(euro(300)),
                declared_text: "Totale A) euro 300,00".into(),
                declared_page: Some(7),
                computed_eur: Some(euro(300)),
                items: vec![item(100), item(200)],
            }],
            declared_total_eur: Some(euro(300)),
            declared_total_text: "Totale euro 300,00".into(),
            declared_total_page: Some(7),
            computed_total_eur: Some(euro(300)),
        });
        d.pilot_actions = vec![PilotAction {
            number: 1,
            title: "Inserimento".into(),
            objective: String::new(),
            titolarita_regionale: Some(true),
            regia_regionale: Some(false),
            has_content: true,
            page: 8,
            bbox: None,
        }];
        d.contacts = [
            ContactRole::Direzione,
            ContactRole::Servizio,
            ContactRole::Dirigente,
            ContactRole::Responsabile,
        ]
        .into_iter()
        .map(|role| Contact {
            role,
            text: "Via Roma 1 Tel. 075 1234 x@regione.it".into(),
            emails: vec!["x@regione.it".into()],
            phones: vec!["075 1234".into()],
            page: 1,
            bbox: None,
        })
        .collect();
        d.recipients = vec![crate::model::Recipient {
            action: "A".into(),
            quantity: Some(30),
            quantity_text: "30".into(),
            kind: None,
            description: "Operatori".into(),
            page: 3,
            bbox: None,
        }];
        d.actors = vec![crate::model::Actor {
            action: "A".into(),
            quantity: Some(1),
            quantity_text: "1".into(),
            name: "Regione".into(),
            role: "Capofila".into(),
            page: 4,
            bbox: None,
        }];
        d
    }

    fn of(v: &Verdict, severity: Severity) -> Vec<String> {
        v.findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn a_complete_consistent_plan_has_no_error_nor_warning() {
        let v = check("p.pdf", &complete(), &Allocations::default());
        assert_eq!(of(&v, Severity::Error), Vec::<String>::new());
        // Sezione I gives no indicator here: that alone is a warning.
        assert_eq!(
            of(&v, Severity::Warning),
            [
                "Sezione I gives none of the canonical indicators piani reads (residents, incidence, employment, …)"
            ]
        );
        assert!(v.passed());
        assert!(v.template.iter().all(|p| p.presence == Presence::Found));
        // The template's own last column runs past August 2016: a note.
        assert!(
            of(&v, Severity::Info)[0]
                .contains("\"III trim 2016\" (2016-07-01 to 2016-09-30) reaches beyond")
        );
    }

    #[test]
    fn missing_sections_and_budget_are_errors_unreadable_tables_warnings() {
        let mut d = complete();
        d.sections
            .retain(|s| !matches!(s.id, SectionId::I2 | SectionId::II15));
        d.costs = None;
        d.actors.clear();
        let v = check("p.pdf", &d, &Allocations::default());
        let errors = of(&v, Severity::Error);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("section I.2 (Articolazione del sistema dei servizi)"));
        assert!(errors[1].starts_with("no budget"));
        let actors = v
            .template
            .iter()
            .find(|p| p.point == "table:actors")
            .unwrap();
        assert_eq!(actors.presence, Presence::Unreadable);
        assert!(
            of(&v, Severity::Warning)
                .iter()
                .any(|w| w.starts_with("section II.1.3 is there but piani could not read"))
        );
        assert!(!v.passed());
    }

    #[test]
    fn totals_that_disagree_are_errors_with_both_figures() {
        let mut d = complete();
        let costs = d.costs.as_mut().unwrap();
        costs.actions[0].declared_eur = Some(euro(250));
        costs.declared_total_eur = Some(euro(400));
        let v = check("p.pdf", &d, &Allocations::default());
        assert_eq!(
            of(&v, Severity::Error),
            [
                "cost action \"A) Reti\": its items add up to 300,00 but its declared total is 250,00 (a difference of 50,00)",
                "the actions' declared totals add up to 250,00 but the declared total is 400,00 (a difference of -150,00)",
                "the costs add up to 300,00 but the declared total is 400,00 (a difference of -100,00)",
            ]
        );
        assert_eq!(v.findings[0].text, "Totale A) euro 300,00");
        // The page the declared amount is printed on, not the items' page.
        assert_eq!(v.findings[0].page, Some(7));
    }

    #[test]
    fn an_unreadable_budget_is_an_error_an_unread_amount_a_doubt() {
        // The section is there, no amount was read from it: not a pass.
        let mut d = complete();
        d.costs = None;
        let v = check("p.pdf", &d, &Allocations::default());
        assert_eq!(
            of(&v, Severity::Error),
            [
                "no budget could be read: section II.1.5 is on page 1 but no amounts were read from it, so the costs are unchecked: check them by hand"
            ]
        );
        // An amount printed but not read: the items' sum is short, and the
        // disagreement it makes is piani's doubt, not the plan's error.
        let mut d = complete();
        let costs = d.costs.as_mut().unwrap();
        costs.actions[0].items[1].amount_eur = None;
        costs.actions[0].items[1].amount_text = "euro 2OO,00".into();
        costs.actions[0].computed_eur = Some(euro(100));
        costs.computed_total_eur = Some(euro(100));
        let v = check("p.pdf", &d, &Allocations::default());
        assert_eq!(of(&v, Severity::Error), Vec::<String>::new());
        let warnings = of(&v, Severity::Warning);
        assert!(
            warnings.contains(&"cost action \"A) Reti\": its items add up to 100,00 but its declared total is 300,00 (a difference of -200,00); 1 amount could not be read, so the sum may be short: look at the page".to_string()),
            "{warnings:#?}"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_one_error_not_a_list_of_missing_parts() {
        let mut d = crate::testing::empty_document();
        d.warnings.push(crate::model::Warning {
            code: WarningCode::NoTextLayer,
            message: "no page has a text layer".into(),
            page: None,
        });
        let v = check("p.pdf", &d, &Allocations::default());
        assert_eq!(of(&v, Severity::Error), ["no page has a text layer"]);
        assert!(
            v.template
                .iter()
                .all(|p| p.presence == Presence::Unreadable)
        );
    }

    #[test]
    fn the_declared_total_must_equal_the_allocation() {
        let d = complete();
        let mut allocations = Allocations::default();
        allocations.by_region.insert(Region::Umbria, euro(300));
        assert!(check("p.pdf", &d, &allocations).passed());
        allocations.by_region.insert(Region::Umbria, euro(350));
        let v = check("p.pdf", &d, &allocations);
        assert_eq!(
            of(&v, Severity::Error),
            [
                "the declared total 300,00 is not Umbria's allocation 350,00 (a difference of -50,00)"
            ]
        );
        let mut elsewhere = Allocations::default();
        elsewhere.by_region.insert(Region::Lazio, euro(300));
        let v = check("p.pdf", &d, &elsewhere);
        assert!(
            of(&v, Severity::Warning)
                .contains(&"the allocations file has no allocation for Umbria".to_string())
        );
    }

    #[test]
    fn gantt_outside_the_accord_and_unmarked_activities() {
        let mut d = complete();
        let g = d.gantt.as_mut().unwrap();
        g.periods.push(Period {
            label: "I trim 2017".into(),
            start: "2017-01-01".into(),
            end: "2017-03-31".into(),
        });
        g.rows[1].marks = vec![0, 2];
        g.rows[1].mark_text = vec!["X".into(), "X".into()];
        g.rows.push(GanttRow {
            code: "1.2".into(),
            label: "Attività 1.2".into(),
            is_group: false,
            marks: vec![],
            mark_text: vec![],
            page: 5,
            bbox: None,
        });
        let v = check("p.pdf", &d, &Allocations::default());
        assert_eq!(
            of(&v, Severity::Error),
            [
                "period \"I trim 2017\" (2017-01-01 to 2017-03-31) lies outside the accord's period (2015-02-01 to 2016-08-31); 1 activity is marked in it (1.1)"
            ]
        );
        assert!(
            of(&v, Severity::Warning)
                .contains(&"activity 1.2 has no mark in any period".to_string())
        );
        // A period across the accord's end with no mark is no finding.
        assert!(
            of(&v, Severity::Info).is_empty(),
            "{:?}",
            of(&v, Severity::Info)
        );
    }

    #[test]
    fn unreadable_tick_boxes_and_incomplete_contacts_are_warnings() {
        let mut d = complete();
        d.pilot_actions[0].regia_regionale = None;
        d.contacts[2].emails.clear();
        d.contacts.remove(3);
        let v = check("p.pdf", &d, &Allocations::default());
        let warnings = of(&v, Severity::Warning);
        assert!(
            warnings
                .contains(&"Azione 1: the regia regionale tick box could not be read".to_string()),
            "{warnings:?}"
        );
        assert!(
            warnings.contains(&"contact Dirigente has no e-mail".to_string()),
            "{warnings:?}"
        );
        assert!(
            warnings.contains(&"contact Responsabile is not on the cover".to_string()),
            "{warnings:?}"
        );
        assert!(v.passed(), "warnings alone pass");
    }

    #[test]
    fn allocations_are_read_exactly_the_italian_way_or_with_a_decimal_point() {
        for (text, cents) in [
            ("128.117,00", 12_811_700),
            ("€ 529.301,85", 52_930_185),
            ("euro 3.000", 300_000),
            ("128117.00", 12_811_700),
            ("128117.5", 12_811_750),
            ("249117", 24_911_700),
            ("128.117", 12_811_700),
        ] {
            assert_eq!(
                allocation_amount(text),
                Some(Euro::from_cents(cents)),
                "{text}"
            );
        }
        for bad in ["", "circa 100", "20.0000", "1.2.3,4,5", "-5"] {
            assert_eq!(allocation_amount(bad), None, "{bad}");
        }
        assert_eq!(region_named("emilia-romagna"), Some(Region::EmiliaRomagna));
        assert_eq!(
            region_named("emilia-romagna-2014"),
            Some(Region::EmiliaRomagna)
        );
        assert_eq!(
            region_named("Provincia autonoma di Trento"),
            Some(Region::Trento)
        );
        assert_eq!(region_named("Trentino"), None);
        assert_eq!(
            region_named("Valle d\u{2019}Aosta"),
            Some(Region::ValleDAosta)
        );
        assert_eq!(region_named("PIEMONTE-2014"), Some(Region::Piemonte));
    }
}
