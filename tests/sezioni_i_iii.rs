//! Sezione I statistics and Sezione III pilot actions against the ground truth,
//! on every corpus PDF (both producers).

mod common;

use std::collections::BTreeMap;

use common::{corpus_pdfs, ground_truth, norm};
use piani::model::Document;

fn extract(pdf: &std::path::Path) -> Document {
    let bytes = std::fs::read(pdf).unwrap();
    piani::extract(pdf.file_name().unwrap().to_str().unwrap(), &bytes).unwrap()
}

/// Canonical indicator → value, the first statistic of each indicator.
fn indicators(doc: &Document) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for s in &doc.statistics {
        if let Some(i) = s.indicator {
            let key = serde_json::to_value(i)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            out.entry(key).or_insert(s.value);
        }
    }
    out
}

#[test]
fn canonical_statistics_match_the_ground_truth() {
    for pdf in &corpus_pdfs() {
        let (doc, gt) = (extract(pdf), ground_truth(pdf));
        let want: BTreeMap<String, f64> = gt["statistics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s["indicator"].as_str().unwrap().starts_with("other"))
            .map(|s| {
                (
                    s["indicator"].as_str().unwrap().to_string(),
                    s["value"].as_f64().unwrap(),
                )
            })
            .collect();
        let got = indicators(&doc);
        let mut wrong: Vec<(&String, Option<&f64>, Option<&f64>)> = Vec::new();
        for k in want
            .keys()
            .chain(got.keys().filter(|k| !want.contains_key(*k)))
        {
            let (w, g) = (want.get(k), got.get(k));
            let same =
                matches!((w, g), (Some(a), Some(b)) if (a - b).abs() <= 1e-6 * a.abs().max(1.0));
            if !same {
                wrong.push((k, w, g));
            }
        }
        // Every canonical indicator, and no other, with the ground truth's value.
        assert!(wrong.is_empty(), "{}: {wrong:?}", doc.source.file);
    }
}

#[test]
fn statistics_carry_unit_date_sentence_and_page() {
    let pdf = common::fixtures().join("corpus/000_1f2cd472f46066f6.lo-docx.pdf");
    let doc = extract(&pdf);
    let residenti = doc
        .statistics
        .iter()
        .find(|s| s.indicator == Some(piani::model::Indicator::StranieriResidenti))
        .unwrap();
    assert_eq!(residenti.value, 138_355.0);
    assert_eq!(residenti.unit, piani::model::Unit::Persons);
    assert_eq!(residenti.ref_date.as_deref(), Some("2014-01-01"));
    assert!(residenti.text.contains("ammontano a 138.355"));
    assert_eq!(residenti.page, 2);
    // Provenance: the figure as printed, where it stands in the sentence.
    assert_eq!(residenti.value_text, "138.355");
    let printed: String = residenti
        .text
        .chars()
        .skip(residenti.span[0])
        .take(residenti.span[1] - residenti.span[0])
        .collect();
    assert_eq!(printed, "138.355");
    // The box of the line the figure is printed on.
    let pdf_pages = piani::pdf::read(&std::fs::read(&pdf).unwrap())
        .unwrap()
        .pages;
    let layout = piani::layout::lay_out(&pdf_pages);
    let line = layout[1]
        .lines
        .iter()
        .find(|l| l.text().contains("138.355"))
        .expect("the figure's line on page 2");
    assert_eq!(
        residenti.bbox,
        Some([line.x0(), line.top, line.x1(), line.bottom])
    );
    assert_eq!(residenti.scope, piani::model::Scope::Region);
    assert_eq!(residenti.role, piani::model::Role::Value);
    assert!(!residenti.approximate);
    let incidenza = doc
        .statistics
        .iter()
        .find(|s| s.indicator == Some(piani::model::Indicator::IncidenzaStranieriPct))
        .unwrap();
    assert_eq!(
        (incidenza.value, incidenza.unit),
        (8.7, piani::model::Unit::Percent)
    );
    // "Il tasso di disoccupazione … è superiore a quello relativo al complesso
    // regionale (28,6% a fronte del …)": the bracket's first figure is the
    // non-EU rate, the second the regional one.
    let disoccupazione = doc
        .statistics
        .iter()
        .find(|s| s.indicator == Some(piani::model::Indicator::TassoDisoccupazioneNonComunitariPct))
        .unwrap();
    assert_eq!(disoccupazione.value, 28.6);
    // Every ref_date has a form the contract allows.
    let pattern = regex::Regex::new(piani::model::REF_DATE_PATTERN).unwrap();
    assert!(
        doc.statistics
            .iter()
            .filter_map(|s| s.ref_date.as_deref())
            .all(|d| pattern.is_match(d))
    );
    // Every statistic comes from Sezione I's pages.
    let sez1 = doc
        .sections
        .iter()
        .find(|s| s.id == piani::model::SectionId::I)
        .unwrap();
    assert!(
        doc.statistics
            .iter()
            .all(|s| s.page >= sez1.page_start && s.page <= sez1.page_end)
    );
}

#[test]
fn pilot_actions_match_the_ground_truth() {
    for pdf in corpus_pdfs() {
        let (doc, gt) = (extract(&pdf), ground_truth(&pdf));
        type Form = (u64, Option<bool>, Option<bool>, bool, String, String);
        let want: Vec<Form> = gt["pilot_actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["number"].as_u64().unwrap(),
                    p["titolarita_regionale"].as_bool(),
                    p["regia_regionale"].as_bool(),
                    p["has_content"].as_bool().unwrap(),
                    norm(p["title"].as_str().unwrap()),
                    norm(p["objective"].as_str().unwrap()),
                )
            })
            .collect();
        let got: Vec<Form> = doc
            .pilot_actions
            .iter()
            .map(|p| {
                (
                    p.number as u64,
                    p.titolarita_regionale,
                    p.regia_regionale,
                    p.has_content,
                    norm(&p.title),
                    norm(&p.objective),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", doc.source.file);
    }
}
