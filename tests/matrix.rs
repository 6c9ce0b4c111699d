//! The committed part of the render matrix (`fixtures/matrix/`, made by
//! `bench/matrix/`): the corpus plans printed by other producers and in other
//! table styles, scored against their ground truth with the matrix's scorer
//! (`bench/matrix/score.py`, a copy of the shared one that also scores the
//! actors' roles; needs `python3`), and the
//! page-break sweep, whose records must not depend on where the break falls
//! (several positions of one table: `<stem>.sweep-<table>-<position>.pdf`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Each field's macro F1 over the committed matrix must stay at or above this:
/// the levels reached so far, with the hardest renderings committed
/// (LibreOffice Writer/Web without rules, rules only between header and body),
/// all at or above the 0.98 issue 9 asks for. Raise them as the reader
/// improves.
const FLOORS: &[(&str, f64)] = &[
    ("region", 1.0),
    ("sections", 1.0),
    ("gantt_marks", 1.0),
    ("gantt_rows", 1.0),
    ("gantt_groups", 1.0),
    ("cost_amounts", 1.0),
    ("cost_items", 0.99),
    ("actors", 1.0),
    ("actors_quantity", 1.0),
    ("actors_action", 1.0),
    ("actors_role", 1.0),
    ("recipients", 1.0),
    ("recipients_quantity", 1.0),
    ("recipients_action", 1.0),
    ("pilot_actions", 1.0),
    ("pilot_flags", 1.0),
    ("statistics", 1.0),
];

fn matrix_pdfs() -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(common::fixtures().join("matrix"))
        .expect("fixtures/matrix")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

/// A content variant has its own ground truth beside it (`<stem>.<style>.json`);
/// any other rendering is scored against the corpus plan's.
fn ground_truth_file(pdf: &Path) -> PathBuf {
    let beside = pdf.with_extension("json");
    if beside.exists() {
        return beside;
    }
    let name = pdf.file_name().unwrap().to_str().unwrap();
    let stem = name.split('.').next().unwrap();
    common::fixtures()
        .join("corpus")
        .join(format!("{stem}.json"))
}

/// Extracts one PDF with the piani binary into `dir/out` and scores it against
/// its ground truth: field → F1.
fn score(pdf: &Path, dir: &Path) -> BTreeMap<String, f64> {
    let name = pdf.file_name().unwrap().to_str().unwrap();
    let stem = name.split('.').next().unwrap();
    let (gt, out) = (dir.join("gt"), dir.join("out"));
    std::fs::create_dir_all(&gt).unwrap();
    std::fs::copy(ground_truth_file(pdf), gt.join(format!("{stem}.json"))).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(["extract", "--quiet", "--no-isolation", "--out"])
        .arg(&out)
        .arg(pdf)
        .status()
        .unwrap();
    assert!(status.success(), "{name}: extract failed");
    let scorer = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/matrix/score.py");
    let output = Command::new("python3")
        .arg(scorer)
        .arg("--gt")
        .arg(&gt)
        .arg("--out")
        .arg(&out)
        .arg("--json")
        .output()
        .expect("python3 runs the matrix scorer");
    assert!(output.status.success(), "{name}: score.py failed");
    let scores: Value = serde_json::from_slice(&output.stdout).unwrap();
    scores[name]
        .as_object()
        .unwrap_or_else(|| panic!("{name} is scored"))
        .iter()
        .map(|(field, v)| (field.clone(), v["f1"].as_f64().unwrap()))
        .collect()
}

#[test]
fn every_field_holds_its_floor_over_the_committed_matrix() {
    let tmp = tempfile::tempdir().unwrap();
    let pdfs = matrix_pdfs();
    assert!(pdfs.len() >= 20, "the committed matrix");
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    let mut report = String::new();
    for (i, pdf) in pdfs.iter().enumerate() {
        let scores = score(pdf, &tmp.path().join(i.to_string()));
        for (field, f1) in &scores {
            *sums.entry(field.clone()).or_default() += f1;
        }
        let low: Vec<String> = scores
            .iter()
            .filter(|(_, f)| **f < 1.0)
            .map(|(k, f)| format!("{k} {f:.2}"))
            .collect();
        report += &format!(
            "{}: {}\n",
            pdf.file_name().unwrap().to_str().unwrap(),
            low.join(", ")
        );
    }
    let n = pdfs.len() as f64;
    let failing: Vec<String> = FLOORS
        .iter()
        .filter_map(|&(field, floor)| {
            let macro_f1 = sums.get(field).copied().unwrap_or(0.0) / n;
            (macro_f1 < floor).then(|| format!("{field} {macro_f1:.3} < {floor}"))
        })
        .collect();
    assert!(failing.is_empty(), "{failing:?}\n{report}");
}

/// The records of a document that the sweep compares.
fn records(doc: &piani::Document) -> Value {
    serde_json::json!({
        "recipients": doc.recipients.iter().map(|r| (&r.action, &r.quantity_text, &r.description)).collect::<Vec<_>>(),
        "actors": doc.actors.iter().map(|a| (&a.action, &a.quantity_text, &a.name)).collect::<Vec<_>>(),
        "gantt": doc.gantt.as_ref().map(|g| g.rows.iter().map(|r| (&r.code, &r.marks)).collect::<Vec<_>>()),
        "costs": doc.costs.as_ref().map(|c| (c.actions.len(), c.declared_total_eur, c.computed_total_eur)),
    })
}

#[test]
fn the_page_break_sweep_reads_the_same_records_wherever_the_break_falls() {
    // "<stem>.sweep-<table>-<position>.pdf": one group per plan and table.
    let mut groups: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for p in matrix_pdfs() {
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if let Some((group, _position)) = name.split_once(".sweep-").and_then(|(stem, rest)| {
            let (table, position) = rest.trim_end_matches(".pdf").rsplit_once('-')?;
            Some((format!("{stem} {table}"), position.to_string()))
        }) {
            groups.entry(group).or_default().push(p);
        }
    }
    let compared: Vec<&String> = groups
        .iter()
        .filter(|(_, v)| v.len() >= 2)
        .map(|(k, _)| k)
        .collect();
    assert!(
        compared.len() >= 5,
        "sweeps with two break positions or more: {compared:?}"
    );
    for (group, pdfs) in groups.iter().filter(|(_, v)| v.len() >= 2) {
        let docs: Vec<(String, Value)> = pdfs
            .iter()
            .map(|p| {
                let doc = piani::extract("x.pdf", &std::fs::read(p).unwrap()).unwrap();
                (
                    p.file_name().unwrap().to_str().unwrap().to_string(),
                    records(&doc),
                )
            })
            .collect();
        for (name, recs) in &docs[1..] {
            assert_eq!(
                recs, &docs[0].1,
                "{group}: {name} differs from {}",
                docs[0].0
            );
        }
    }
    // And the records are the plan's: every actor of the actors sweep.
    let actors = &groups["001_c47a66b1d1303a5e actors"];
    let gt = common::ground_truth(&actors[0]);
    let doc = piani::extract("x.pdf", &std::fs::read(&actors[0]).unwrap()).unwrap();
    assert_eq!(doc.actors.len(), gt["actors"].as_array().unwrap().len());
}
