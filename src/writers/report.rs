//! `piani report`: one self-contained HTML page comparing the current plan of
//! every region in an output folder: overview, Sezione I indicators, costs,
//! Gantt timelines, recipients and actors, pilot actions.
//!
//! The page needs nothing but itself: CSS and SVG inline, no font or script
//! from elsewhere (one small script sorts the tables). Every figure links to
//! its PDF at its page (`file.pdf#page=N`, which browsers' PDF viewers open
//! there). The same documents give the same bytes: nothing depends on the
//! time, the machine or the order files were found in.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::check::{self, Allocations, Severity, Topic, Verdict};
use crate::model::{
    Document, Euro, Indicator, RecipientKind, Region, Role, Scope, Statistic, Status, Unit,
    group_thousands,
};
use crate::plans::{self, Submission};
use crate::records::cost_categories::{CostCategory, category};

use super::svg::{self, Bar, TimelineRow, Tone};

/// A document of the output folder, with where its PDF is from the report.
pub struct Plan<'a> {
    pub doc: &'a Document,
    /// The input's path as the manifest records it.
    pub path: &'a str,
    /// The PDF's address relative to the report (already URL-escaped).
    pub href: String,
    pub submission: Submission,
}

/// An input whose document is not in the report: it could not be extracted,
/// or its document could not be read back.
pub struct Failure<'a> {
    pub path: &'a str,
    pub reason: String,
}

/// Escapes text for HTML and SVG, in text and in attribute values.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            // Control characters, and the bidirectional overrides that would
            // make a label read backwards.
            c if (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                s.push(' ')
            }
            c => s.push(c),
        }
    }
    s
}

/// An indicator's name in the template's language.
fn indicator_name(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::StranieriResidenti => "Stranieri residenti",
        Indicator::IncidenzaStranieriPct => "Incidenza stranieri (%)",
        Indicator::NonComunitari => "Cittadini non comunitari",
        Indicator::DonneNonComunitariePct => "Donne non comunitarie (%)",
        Indicator::MinoriNonComunitariPct => "Minori non comunitari (%)",
        Indicator::PermessoLungoSoggiornoPct => "Permessi di lungo periodo (%)",
        Indicator::MsnaPresenti => "MSNA presenti",
        Indicator::AccoltiStruttureTemporanee => "Accolti in strutture temporanee",
        Indicator::SprarPostiOccupati => "Posti SPRAR occupati",
        Indicator::AccoltiTotale => "Accolti in totale",
        Indicator::NuoviNatiStranieri => "Nuovi nati stranieri",
        Indicator::AlunniStranieri => "Alunni stranieri",
        Indicator::StudentiUniversitariStranieri => "Studenti universitari stranieri",
        Indicator::OccupatiNonComunitari => "Occupati non comunitari",
        Indicator::TassoOccupazioneNonComunitariPct => "Tasso di occupazione non com. (%)",
        Indicator::TassoDisoccupazioneNonComunitariPct => "Tasso di disoccupazione non com. (%)",
        Indicator::RapportiLavoroAttivatiNonComunitari => "Rapporti di lavoro attivati (non com.)",
        Indicator::TitolariImpreseIndividualiStranieri => {
            "Titolari di imprese individuali stranieri"
        }
        Indicator::CittadinanzeAcquisite => "Cittadinanze acquisite",
        Indicator::AssociazioniStraniere => "Associazioni di migranti",
    }
}

/// A number the Italian way: "146.152", "9,4", "30.101,85": the shortest
/// digits that read back as the same value (Rust's `Display` for `f64`, which
/// never uses an exponent), thousands grouped with `.`, decimals after `,`.
fn italian(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let plain = format!("{}", value.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let grouped = group_thousands(whole);
    let sign = if value < 0.0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

/// A sort key that puts numbers in numeric order: "A", "2", "10" as
/// (no number, "A"), (2, ""), (10, "").
fn natural(text: &str) -> (u64, String) {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().unwrap_or(u64::MAX);
    (number, text[digits.len()..].to_string())
}

fn region_name(doc: &Document) -> &'static str {
    doc.region.map_or("(region unknown)", Region::name)
}

/// A link to page `page` of a plan's PDF around `text` (already HTML).
fn at(plan: &Plan, page: u32, html: &str) -> String {
    format!(
        r#"<a href="{}#page={page}" title="{} p. {page}">{html}</a>"#,
        escape(&plan.href),
        escape(&plan.doc.source.file)
    )
}

fn page_href(plan: &Plan, page: u32) -> String {
    format!("{}#page={page}", plan.href)
}

/// The page: every current plan compared, the others listed.
pub fn html(plans: &[Plan], failures: &[Failure], allocations: &Allocations) -> String {
    let mut current: Vec<&Plan> = plans
        .iter()
        .filter(|p| p.submission == Submission::Current)
        .collect();
    current.sort_by(|a, b| {
        (a.doc.region.is_none(), a.doc.region, a.path).cmp(&(
            b.doc.region.is_none(),
            b.doc.region,
            b.path,
        ))
    });
    let verdicts: Vec<Verdict> = current
        .iter()
        .map(|p| check::check(p.path, p.doc, allocations))
        .collect();
    let mut s = String::new();
    s.push_str(HEAD);
    let _ = write!(
        s,
        "<header><h1>Regional integration plans 2014 — comparison</h1><p>{} current plans from {} documents; written by piani {} (extraction revision {}).</p>",
        current.len(),
        plans.len() + failures.len(),
        crate::VERSION,
        crate::EXTRACTION_REVISION
    );
    s.push_str(r##"<nav><a href="#overview">Overview</a> <a href="#statistics">Sezione I</a> <a href="#costs">Costs</a> <a href="#gantt">Gantt</a> <a href="#recipients">Recipients and actors</a> <a href="#pilot-actions">Pilot actions</a></nav></header>"##);
    overview(&mut s, &current, &verdicts, plans, failures);
    statistics(&mut s, &current);
    costs(&mut s, &current, &verdicts, allocations);
    gantt(&mut s, &current);
    recipients_and_actors(&mut s, &current);
    pilot_actions(&mut s, &current);
    s.push_str(SCRIPT);
    s.push_str("</body></html>\n");
    s
}

fn overview(
    s: &mut String,
    current: &[&Plan],
    verdicts: &[Verdict],
    all: &[Plan],
    failures: &[Failure],
) {
    s.push_str(r#"<section id="overview"><h2>Overview</h2>"#);
    s.push_str(r#"<table class="sortable"><thead><tr><th>Region</th><th>Plan</th><th>File</th><th>Pages</th><th>Extraction</th><th>Extraction warnings</th><th>Check errors</th><th>Check warnings</th><th>Notes</th></tr></thead><tbody>"#);
    for (p, v) in current.iter().zip(verdicts) {
        let status = match p.doc.status() {
            Status::Ok => "ok",
            Status::Warnings => "warnings",
            Status::Failed => "failed",
        };
        let errors = v.count(Severity::Error);
        let _ = write!(
            s,
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td>{status}</td><td class="n">{}</td><td class="n{}">{errors}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            region_name(p.doc),
            p.doc.region.map(plans::plan_id).unwrap_or_default(),
            at(p, 1, &escape(&p.doc.source.file)),
            p.doc.source.pages,
            p.doc.warnings.len(),
            if errors > 0 { " bad" } else { "" },
            v.count(Severity::Warning),
            v.count(Severity::Info),
        );
    }
    s.push_str("</tbody></table>");
    let submitted: Vec<Region> = current.iter().filter_map(|p| p.doc.region).collect();
    let missing: Vec<&str> = Region::ALL
        .iter()
        .filter(|r| !submitted.contains(r))
        .map(|r| r.name())
        .collect();
    let _ = write!(
        s,
        "<p>Regions and autonomous provinces without a plan in this folder: {}.</p>",
        if missing.is_empty() {
            "none".to_string()
        } else {
            escape(&missing.join(", "))
        }
    );
    // The check's errors and warnings, plan by plan.
    s.push_str("<h3>Check findings (as <code>piani check</code> gives them)</h3>");
    for (p, v) in current.iter().zip(verdicts) {
        let _ = write!(
            s,
            "<details open><summary>{} — {}, {}</summary><ul class=\"findings\">",
            region_name(p.doc),
            check::counted(v.count(Severity::Error), "error"),
            check::counted(v.count(Severity::Warning), "warning")
        );
        for f in &v.findings {
            let place = match f.page {
                Some(n) => format!(" ({})", at(p, n, &format!("p. {n}"))),
                None => String::new(),
            };
            let printed = if f.text.is_empty() {
                String::new()
            } else {
                format!(" — «{}»", escape(&f.text))
            };
            let _ = write!(
                s,
                r#"<li class="{}"><b>{}</b> {}{place}{printed}</li>"#,
                f.severity.as_str(),
                f.severity.as_str(),
                escape(&f.message)
            );
        }
        s.push_str("</ul></details>");
    }
    let superseded: Vec<&Plan> = all
        .iter()
        .filter(|p| p.submission == Submission::Superseded)
        .collect();
    if !superseded.is_empty() {
        s.push_str("<h3>Submissions superseded by a newer one</h3><ul>");
        for p in superseded {
            let _ = write!(
                s,
                "<li>{}: {} ({})</li>",
                region_name(p.doc),
                at(p, 1, &escape(p.path)),
                escape(plans::date(p.doc).unwrap_or("no date"))
            );
        }
        s.push_str("</ul>");
    }
    if !failures.is_empty() {
        s.push_str("<h3>Inputs not in this report</h3><ul>");
        for f in failures {
            let _ = write!(s, "<li>{}: {}</li>", escape(f.path), escape(&f.reason));
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");
}

/// Regions per indicator table: more would not fit an A4 page's width.
const REGIONS_PER_TABLE: usize = 7;

/// An indicator's figure as shown: "9,6%", "≈ 9.000" for a hedged one.
fn shown_figure(x: &Statistic) -> String {
    let value = match x.unit {
        Unit::Percent => format!("{}%", italian(x.value)),
        _ => italian(x.value),
    };
    if x.approximate {
        format!("≈ {value}")
    } else {
        value
    }
}

fn statistics(s: &mut String, current: &[&Plan]) {
    s.push_str(r#"<section id="statistics"><h2>Sezione I — indicators</h2>"#);
    fn figure<'a>(p: &Plan<'a>, indicator: Indicator) -> Option<&'a Statistic> {
        p.doc
            .statistics
            .iter()
            .find(|x| x.indicator == Some(indicator))
    }
    for plans in current.chunks(REGIONS_PER_TABLE) {
        s.push_str(r#"<table class="sortable wide"><thead><tr><th>Indicator</th>"#);
        for p in plans {
            let _ = write!(s, "<th>{}</th>", region_name(p.doc));
        }
        s.push_str("</tr></thead><tbody>");
        for indicator in Indicator::ALL {
            let name = indicator_name(indicator);
            let _ = write!(s, "<tr><td>{}</td>", escape(name));
            for p in plans {
                let Some(x) = figure(p, indicator) else {
                    s.push_str(r#"<td class="n" data-sort="">—</td>"#);
                    continue;
                };
                let national = national_context(p.doc, x);
                let _ = write!(
                    s,
                    r#"<td class="n" data-sort="{}">{}<small>{}</small>{}</td>"#,
                    x.value,
                    at(p, x.page, &escape(&shown_figure(x))),
                    escape(x.ref_date.as_deref().unwrap_or("")),
                    national.map_or(String::new(), |n| format!(
                        "<small>Italia: {}</small>",
                        at(p, n.page, &escape(&n.value_text))
                    ))
                );
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("<p class=\"note\">≈: a hedged figure (\"circa\", \"oltre\"). Italia: the national figure a plan gives beside its own, in the same sentence, for comparison (in grey in the charts).</p>");
    s.push_str(r#"<div class="charts">"#);
    for indicator in Indicator::ALL {
        let name = indicator_name(indicator);
        let mut bars = Vec::new();
        let mut context = Vec::new();
        for p in current {
            let Some(x) = figure(p, indicator) else {
                continue;
            };
            let shown = shown_figure(x);
            bars.push(Bar {
                label: region_name(p.doc).to_string(),
                value: x.value,
                shown: match &x.ref_date {
                    Some(date) => format!("{shown} ({date})"),
                    None => shown,
                },
                href: Some(page_href(p, x.page)),
                tone: Tone::Normal,
            });
            if let Some(n) = national_context(p.doc, x) {
                context.push(Bar {
                    label: format!("Italia ({})", region_name(p.doc)),
                    value: n.value,
                    shown: n.value_text.clone(),
                    href: Some(page_href(p, n.page)),
                    tone: Tone::Context,
                });
            }
        }
        bars.extend(context);
        if !bars.is_empty() {
            let _ = write!(
                s,
                "<figure><figcaption>{}</figcaption>{}</figure>",
                escape(name),
                svg::bars(name, &bars)
            );
        }
    }
    s.push_str("</div></section>");
}

/// The national figure a plan gives for comparison with its own figure `x`:
/// in the same sentence, in the same unit and of the same population, worded
/// as a comparison ("a fronte di una media nazionale dell'8%"). Figures of
/// other kinds in the sentence (a national change, the whole population's
/// rate beside the non-EU one) are no context for `x`.
fn national_context<'a>(doc: &'a Document, x: &Statistic) -> Option<&'a Statistic> {
    doc.statistics.iter().find(|n| {
        n.scope == Scope::National
            && n.role == Role::Comparison
            && n.unit == x.unit
            && n.population == x.population
            && n.text == x.text
    })
}

fn euro(e: Option<Euro>) -> String {
    e.map_or("—".to_string(), |e| e.italian())
}

fn cents(e: Option<Euro>) -> String {
    e.map_or(String::new(), |e| e.cents.to_string())
}

fn costs(s: &mut String, current: &[&Plan], verdicts: &[Verdict], allocations: &Allocations) {
    s.push_str(r#"<section id="costs"><h2>Costs</h2>"#);
    let with_allocations = !allocations.is_empty();
    s.push_str(r#"<table class="sortable"><thead><tr><th>Region</th><th>Cost errors</th><th>Declared total</th><th>Computed total</th><th>Difference</th>"#);
    if with_allocations {
        s.push_str("<th>Allocation</th>");
    }
    s.push_str("</tr></thead><tbody>");
    let mut bars = Vec::new();
    for (p, v) in current.iter().zip(verdicts) {
        let name = region_name(p.doc);
        // What the check finds wrong with the costs, as `piani check` says it.
        let errors = v
            .findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error && matches!(f.topic, Topic::Costs | Topic::Allocation)
            })
            .count();
        let flagged = |html: String| {
            format!(
                r#"<td class="n{}" data-sort="{errors}">{html}</td>"#,
                if errors > 0 { " bad" } else { "" }
            )
        };
        let Some(c) = &p.doc.costs else {
            let _ = write!(
                s,
                r#"<tr><td>{name}</td>{}<td colspan="3" class="bad">no budget read</td>"#,
                flagged(errors.to_string())
            );
            if with_allocations {
                let _ = write!(
                    s,
                    r#"<td class="n">{}</td>"#,
                    euro(p.doc.region.and_then(|r| allocations.get(r)))
                );
            }
            s.push_str("</tr>");
            continue;
        };
        let page = c.page().unwrap_or(1);
        let diff = match (c.declared_total_eur, c.computed_total_eur) {
            (Some(d), Some(k)) => Some(Euro::from_cents(k.cents - d.cents)),
            _ => None,
        };
        let bad = diff.is_some_and(|d| d.cents != 0);
        let _ = write!(
            s,
            r#"<tr><td>{name}</td>{}<td class="n" data-sort="{}">{}</td><td class="n" data-sort="{}">{}</td><td class="n{}" data-sort="{}">{}</td>"#,
            flagged(errors.to_string()),
            cents(c.declared_total_eur),
            at(p, page, &euro(c.declared_total_eur)),
            cents(c.computed_total_eur),
            euro(c.computed_total_eur),
            if bad { " bad" } else { "" },
            cents(diff),
            euro(diff),
        );
        if with_allocations {
            let allocation = p.doc.region.and_then(|r| allocations.get(r));
            let off = allocation.is_some() && allocation != c.declared_total_eur;
            let _ = write!(
                s,
                r#"<td class="n{}">{}</td>"#,
                if off { " bad" } else { "" },
                euro(allocation)
            );
        }
        s.push_str("</tr>");
        if let Some(total) = c.declared_total_eur {
            bars.push(Bar {
                label: name.to_string(),
                value: total.as_f64(),
                shown: total.italian(),
                href: Some(page_href(p, page)),
                tone: if errors > 0 {
                    Tone::Alert
                } else {
                    Tone::Normal
                },
            });
        }
    }
    s.push_str("</tbody></table>");
    if !bars.is_empty() {
        let _ = write!(
            s,
            "<figure><figcaption>Declared total (red where the check finds the costs wrong)</figcaption>{}</figure>",
            svg::bars("Declared total", &bars)
        );
    }
    s.push_str(r#"<h3>By action</h3><table class="sortable"><thead><tr><th>Region</th><th>Action</th><th>Declared</th><th>Sum of its items</th></tr></thead><tbody>"#);
    for p in current {
        let Some(c) = &p.doc.costs else { continue };
        for a in &c.actions {
            let page = a.items.iter().map(|i| i.page).min();
            let bad = matches!((a.declared_eur, a.computed_eur), (Some(d), Some(k)) if d != k);
            let label = if a.label.is_empty() {
                "(no label)"
            } else {
                &a.label
            };
            let shown = match page {
                Some(n) => at(p, n, &escape(label)),
                None => escape(label),
            };
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{shown}</td><td class="n{}" data-sort="{}">{}</td><td class="n" data-sort="{}">{}</td></tr>"#,
                region_name(p.doc),
                if bad { " bad" } else { "" },
                cents(a.declared_eur),
                a.declared_page
                    .map_or(euro(a.declared_eur), |n| at(p, n, &euro(a.declared_eur))),
                cents(a.computed_eur),
                euro(a.computed_eur),
            );
        }
    }
    s.push_str("</tbody></table>");
    // The share of each category, over the items that have an amount.
    s.push_str(r#"<h3>Share of each cost category (items with an amount)</h3><table class="sortable"><thead><tr><th>Region</th>"#);
    for c in CostCategory::ALL {
        let _ = write!(s, "<th>{}</th>", c.name());
    }
    s.push_str("</tr></thead><tbody>");
    for p in current {
        let Some(c) = &p.doc.costs else { continue };
        let mut by: BTreeMap<CostCategory, i64> = BTreeMap::new();
        for i in c.actions.iter().flat_map(|a| &a.items) {
            if let Some(amount) = i.amount_eur {
                *by.entry(category(&i.label)).or_default() += amount.cents;
            }
        }
        let total: i64 = by.values().sum();
        let _ = write!(s, "<tr><td>{}</td>", region_name(p.doc));
        if total <= 0 {
            let _ = write!(
                s,
                r#"<td colspan="{}" class="note">its items have no amounts of their own</td></tr>"#,
                CostCategory::ALL.len()
            );
            continue;
        }
        for c in CostCategory::ALL {
            let share = by.get(&c).copied().unwrap_or(0) as f64 / total as f64 * 100.0;
            let _ = write!(
                s,
                r#"<td class="n" data-sort="{share:.4}">{}%</td>"#,
                italian((share * 10.0).round() / 10.0)
            );
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></section>");
}

fn gantt(s: &mut String, current: &[&Plan]) {
    s.push_str(r#"<section id="gantt"><h2>Piano temporale (Gantt)</h2>"#);
    let accord = (
        svg::month(check::ACCORD_START).expect("a valid date"),
        svg::month(check::ACCORD_END).expect("a valid date"),
    );
    // One axis for every plan: the accord's months and every dated period.
    // Marked periods only: a misread year in an empty column must not
    // squeeze every timeline.
    let periods = current
        .iter()
        .filter_map(|p| p.doc.gantt.as_ref())
        .flat_map(|g| {
            g.rows
                .iter()
                .flat_map(|r| &r.marks)
                .filter_map(|&i| g.periods.get(i))
        })
        .filter_map(|p| Some((svg::month(&p.start)?, svg::month(&p.end)?)));
    let (mut first, mut last) = accord;
    for (a, b) in periods {
        first = first.min(a);
        last = last.max(b);
    }
    let _ = write!(
        s,
        "<p>One axis for all: {}/{} to {}/{}; the accord's period (February 2015 to August 2016) shaded.</p>",
        first.1, first.0, last.1, last.0
    );
    for p in current {
        let name = region_name(p.doc);
        let Some(g) = &p.doc.gantt else {
            let _ = write!(s, r#"<h3>{name}</h3><p class="note">no Gantt read</p>"#);
            continue;
        };
        let rows: Vec<TimelineRow> = g
            .rows
            .iter()
            .filter(|r| !(r.is_group && r.code.is_empty() && r.marks.is_empty()))
            .map(|r| TimelineRow {
                label: [r.code.as_str(), r.label.as_str()]
                    .join(" ")
                    .trim()
                    .to_string(),
                group: r.is_group,
                spans: r
                    .marks
                    .iter()
                    .filter_map(|&i| {
                        let period = g.periods.get(i)?;
                        Some((
                            svg::month(&period.start)?,
                            svg::month(&period.end)?,
                            period.label.clone(),
                        ))
                    })
                    .collect(),
                href: Some(page_href(p, r.page)),
            })
            .collect();
        let _ = write!(
            s,
            "<h3>{name}</h3>{}",
            svg::timeline(&format!("Gantt {name}"), first, last, accord, &rows)
        );
    }
    s.push_str("</section>");
}

/// The declared numbers of some rows, added up honestly: `(shown, sort key)`.
/// "—" when no row gives a number; "≥ 145 (2 of 3 given)" when some do not
/// (the others add to it); "≈ 150" when a number is hedged ("Almeno 100",
/// "ca 50"); the plain sum only when every row gives an exact number.
fn declared_sum<'a>(rows: impl Iterator<Item = (Option<i64>, &'a str)>) -> (String, i64) {
    let (mut n, mut given, mut sum, mut hedged) = (0, 0, 0i64, false);
    for (quantity, text) in rows {
        n += 1;
        if let Some(q) = quantity {
            given += 1;
            sum = sum.saturating_add(q);
            hedged |= !text.trim().chars().all(|c| c.is_ascii_digit() || c == '.');
        }
    }
    let shown = match given {
        0 => "—".to_string(),
        g if g < n => format!("≥ {} ({g} of {n} given)", italian(sum as f64)),
        _ if hedged => format!("≈ {}", italian(sum as f64)),
        _ => italian(sum as f64),
    };
    (shown, sum)
}

fn recipients_and_actors(s: &mut String, current: &[&Plan]) {
    s.push_str(r#"<section id="recipients"><h2>Recipients (Destinatari) and actors (Sistema degli attori)</h2>"#);
    let kinds = [
        (Some(RecipientKind::Finali), "finali"),
        (Some(RecipientKind::Indiretti), "indiretti"),
        (Some(RecipientKind::Strumentali), "strumentali"),
        (None, "not given"),
    ];
    s.push_str(r#"<h3>Recipients by kind (rows / declared number)</h3><table class="sortable"><thead><tr><th>Region</th>"#);
    for (_, name) in kinds {
        let _ = write!(s, "<th>{name}</th>");
    }
    s.push_str("<th>Actors (rows / number)</th></tr></thead><tbody>");
    for p in current {
        let _ = write!(s, "<tr><td>{}</td>", region_name(p.doc));
        for (kind, _) in kinds {
            let of: Vec<_> = p.doc.recipients.iter().filter(|r| r.kind == kind).collect();
            let (sum, key) =
                declared_sum(of.iter().map(|r| (r.quantity, r.quantity_text.as_str())));
            let first = of.iter().map(|r| r.page).min();
            let shown = escape(&format!("{} / {sum}", of.len()));
            let _ = write!(
                s,
                r#"<td class="n" data-sort="{key}">{}</td>"#,
                first.map_or(shown.clone(), |n| at(p, n, &shown))
            );
        }
        let (sum, key) = declared_sum(
            p.doc
                .actors
                .iter()
                .map(|a| (a.quantity, a.quantity_text.as_str())),
        );
        let shown = escape(&format!("{} / {sum}", p.doc.actors.len()));
        let first = p.doc.actors.iter().map(|a| a.page).min();
        let _ = write!(
            s,
            r#"<td class="n" data-sort="{key}">{}</td></tr>"#,
            first.map_or(shown.clone(), |n| at(p, n, &shown))
        );
    }
    s.push_str("</tbody></table>");
    s.push_str(r#"<h3>By action</h3><table class="sortable"><thead><tr><th>Region</th><th>Action</th><th>Recipient rows</th><th>Recipients</th><th>Actor rows</th><th>Actors</th></tr></thead><tbody>"#);
    for p in current {
        let mut actions: Vec<&str> = p
            .doc
            .recipients
            .iter()
            .map(|r| r.action.as_str())
            .chain(p.doc.actors.iter().map(|a| a.action.as_str()))
            .collect();
        // Actions in their natural order: "2" before "10".
        actions.sort_by_key(|a| natural(a));
        actions.dedup();
        for action in actions {
            let recipients: Vec<_> = p
                .doc
                .recipients
                .iter()
                .filter(|r| r.action == action)
                .collect();
            let actors: Vec<_> = p.doc.actors.iter().filter(|a| a.action == action).collect();
            let page = recipients
                .iter()
                .map(|r| r.page)
                .chain(actors.iter().map(|a| a.page))
                .min()
                .unwrap_or(1);
            let (rq, rkey) = declared_sum(
                recipients
                    .iter()
                    .map(|r| (r.quantity, r.quantity_text.as_str())),
            );
            let (aq, akey) = declared_sum(
                actors
                    .iter()
                    .map(|a| (a.quantity, a.quantity_text.as_str())),
            );
            let label = if action.is_empty() {
                "(not given)"
            } else {
                action
            };
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td class="n" data-sort="{rkey}">{}</td><td class="n">{}</td><td class="n" data-sort="{akey}">{}</td></tr>"#,
                region_name(p.doc),
                at(p, page, &escape(label)),
                recipients.len(),
                escape(&rq),
                actors.len(),
                escape(&aq)
            );
        }
    }
    s.push_str("</tbody></table></section>");
}

fn pilot_actions(s: &mut String, current: &[&Plan]) {
    s.push_str(r#"<section id="pilot-actions"><h2>Pilot actions (Sezione III)</h2><p>T: titolarità regionale; R: regia regionale; –: a form with neither box ticked; ?: a box that could not be read; empty: no form.</p><table class="sortable"><thead><tr><th>Region</th>"#);
    for n in 1..=9 {
        let _ = write!(s, "<th>Azione {n}</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for p in current {
        let _ = write!(s, "<tr><td>{}</td>", region_name(p.doc));
        for n in 1..=9 {
            let Some(a) = p.doc.pilot_actions.iter().find(|a| a.number == n) else {
                s.push_str("<td></td>");
                continue;
            };
            let mark = |v: Option<bool>, letter: &str| match v {
                Some(true) => letter.to_string(),
                Some(false) => String::new(),
                None => "?".to_string(),
            };
            let mut shown = [
                mark(a.titolarita_regionale, "T"),
                mark(a.regia_regionale, "R"),
            ]
            .into_iter()
            .filter(|m| !m.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
            if shown.is_empty() {
                shown = "–".to_string();
            }
            let class = if shown.contains('?') {
                " class=\"bad\""
            } else {
                ""
            };
            let _ = write!(s, "<td{class}>{}</td>", at(p, a.page, &escape(&shown)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></section>");
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regional integration plans 2014 — comparison</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1a1a1a;margin:0 auto;max-width:1100px;padding:0 16px 40px}
header{border-bottom:2px solid #1f4e79;margin-bottom:8px}
h1{font-size:22px;color:#1f4e79}h2{font-size:18px;color:#1f4e79;border-bottom:1px solid #ccd;padding-top:12px}h3{font-size:15px}
nav a{margin-right:12px}a{color:#1f4e79}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #ccd;padding:3px 6px;vertical-align:top}
th{background:#eef2f7;cursor:pointer;text-align:left}
td.n{text-align:right;white-space:nowrap}td small{display:block;color:#666;font-size:11px}
.bad{background:#fde2e1;color:#9b1c1c}
.note{color:#555;font-style:italic}
table.wide{font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:8px 24px}
figure{margin:8px 0}figcaption{font-weight:600;font-size:13px}
svg.chart text{font-size:11px;fill:#1a1a1a}
svg .bar{fill:#4a7fb5}svg .bar.hi{fill:#c0392b}svg .bar.context{fill:#9aa5b1}
svg .accord{fill:#eef2f7}svg .tick{stroke:#dde}svg .mark{fill:#1f4e79}
svg text.group{font-weight:700}svg text.year{font-weight:700}svg text.month{fill:#555}
ul.findings li.error b{color:#9b1c1c}ul.findings li.warning b{color:#8a5a00}ul.findings li.info b{color:#555}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;font-size:11px;padding:0}nav{display:none}section{break-before:page}#overview{break-before:auto}
a{color:inherit;text-decoration:none}th{cursor:auto}details{display:block}details>summary{list-style:none}
figure,tr,svg{break-inside:avoid}h2,h3{break-after:avoid}}
</style></head><body>
"#;

/// Sorts a table by the clicked column: by `data-sort` where a cell has one
/// (numbers), else by its text.
const SCRIPT: &str = r#"<script>
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var up = th.getAttribute("data-dir") !== "up";
    th.setAttribute("data-dir", up ? "up" : "down");
    var key = function (row) {
      var cell = row.children[col];
      if (!cell) return "";
      var v = cell.getAttribute("data-sort");
      return v === null ? cell.textContent.trim() : v;
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var c = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "it");
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_numbers_are_added_up_saying_what_is_missing_or_hedged() {
        let sum = |rows: &[(Option<i64>, &str)]| declared_sum(rows.iter().copied()).0;
        assert_eq!(sum(&[(Some(30), "30"), (Some(1200), "1.200")]), "1.230");
        assert_eq!(sum(&[(Some(100), "Almeno 100"), (Some(30), "30")]), "≈ 130");
        assert_eq!(
            sum(&[(None, "n.q."), (Some(30), "30"), (None, "")]),
            "≥ 30 (1 of 3 given)"
        );
        assert_eq!(sum(&[(None, "n.q.")]), "—");
        assert_eq!(sum(&[]), "—");
    }

    #[test]
    fn numbers_are_written_the_italian_way() {
        assert_eq!(italian(146152.0), "146.152");
        assert_eq!(italian(9.4), "9,4");
        assert_eq!(italian(1129185.0), "1.129.185");
        assert_eq!(italian(-0.5), "-0,5");
        assert_eq!(italian(30101.85), "30.101,85");
        // Digits are never rounded away or carried wrongly, however close to
        // a whole number, and any magnitude is written out.
        assert_eq!(italian(2.99996), "2,99996");
        assert_eq!(italian(12.00004), "12,00004");
        assert_eq!(italian(0.00001), "0,00001");
        assert_eq!(italian(1e15), "1.000.000.000.000.000");
        assert_eq!(italian(-1234.5), "-1.234,5");
        assert_eq!(italian(f64::NAN), "—");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("a\u{202e}b\u{2066}c"), "a b c");
    }
}
