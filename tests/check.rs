//! `piani check` as the data office runs it: the corpus plans' known defects
//! (from the ground truth's notes) come out as errors with both figures, a
//! damaged or cut submission is reported, and the exit code says which.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn piani(args: &[&str], inputs: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(args)
        .args(inputs)
        .output()
        .unwrap()
}

fn corpus(stem: &str) -> PathBuf {
    common::fixtures()
        .join("corpus")
        .join(format!("{stem}.lo-docx.pdf"))
}

/// The JSON verdicts of `inputs`, and the exit code.
fn verdicts(extra: &[&str], inputs: &[PathBuf]) -> (Vec<Value>, i32) {
    let mut args = vec!["check", "--json"];
    args.extend_from_slice(extra);
    let out = piani(&args, inputs);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (
        report["submissions"].as_array().unwrap().clone(),
        out.status.code().unwrap(),
    )
}

fn messages<'a>(verdict: &'a Value, severity: &str) -> Vec<&'a str> {
    verdict["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| f["message"].as_str().unwrap())
        .collect()
}

fn point<'a>(verdict: &'a Value, name: &str) -> &'a Value {
    verdict["template"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["point"] == name)
        .unwrap_or_else(|| panic!("no template point {name}"))
}

/// Liguria: the D) items add up to 8.117,00 against a declared 7.117,00, and
/// the four action totals to 127.117,00 against a declared 128.117,00 (the
/// ground truth's anomalies). Lombardia: the rows add up to 609.301,85
/// against a declared 529.301,85.
#[test]
fn the_corpus_total_mismatches_are_errors_with_both_figures() {
    let (v, code) = verdicts(
        &[],
        &[
            corpus("000_1f2cd472f46066f6"),
            corpus("003_a4bc456a991b883d"),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(v[0]["region"], "Liguria");
    let liguria = messages(&v[0], "error");
    assert_eq!(liguria.len(), 2, "{liguria:?}");
    assert!(
        liguria
            .iter()
            .any(|m| m.contains("D) Altri costi trasversali")
                && m.contains("add up to 8.117,00")
                && m.contains("declared total is 7.117,00"))
    );
    assert!(
        liguria
            .iter()
            .any(|m| m.contains("add up to 127.117,00")
                && m.contains("declared total is 128.117,00"))
    );
    let total = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("127.117,00"))
        .unwrap();
    assert_eq!(
        total["text"],
        "Costo totale dell\u{2019}intervento euro 128.117,00"
    );
    assert_eq!(total["page"], 16, "the page the total is printed on");

    assert_eq!(v[1]["region"], "Lombardia");
    let lombardia = messages(&v[1], "error");
    assert_eq!(
        lombardia,
        [
            "the actions' declared totals add up to 609.301,85 but the declared total is 529.301,85 (a difference of 80.000,00)"
        ]
    );
    // The damaged amounts and the unlabelled row are said, as warnings.
    let warnings = messages(&v[1], "warning");
    assert!(
        warnings.iter().any(|w| w.contains("\"30. 000\"")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("\"20.0000\"")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("no action label")),
        "{warnings:?}"
    );
}

/// Marche has no cost section at all: its missing budget is an error, not a
/// pass; its Azione 2 has tick boxes the ground truth calls unknowable.
#[test]
fn marche_missing_budget_is_reported() {
    let (v, code) = verdicts(&[], &[corpus("002_c55eb3ee00ca505f")]);
    assert_eq!(code, 1);
    assert!(messages(&v[0], "error")[0].starts_with("no budget"));
    assert_eq!(point(&v[0], "table:costs")["presence"], "missing");
    assert_eq!(point(&v[0], "II.1.5")["presence"], "missing");
    assert_eq!(point(&v[0], "II.1.4")["page"], 15);
    assert_eq!(
        messages(&v[0], "warning"),
        ["Azione 2: the titolarità regionale and regia regionale tick boxes could not be read"]
    );
}

/// Piemonte's plan is complete and its totals agree: exit 0, every point of
/// the template found on the page the ground truth's headings are on; with
/// an allocation other than its declared total, exit 1 naming both.
#[test]
fn a_consistent_plan_passes_and_an_allocation_is_held_against_it() {
    let piemonte = corpus("001_c47a66b1d1303a5e");
    let (v, code) = verdicts(&[], std::slice::from_ref(&piemonte));
    assert_eq!(code, 0, "{v:#?}");
    assert!(messages(&v[0], "error").is_empty());
    assert!(messages(&v[0], "warning").is_empty(), "{v:#?}");
    for p in v[0]["template"].as_array().unwrap() {
        assert_eq!(p["presence"], "found", "{p}");
    }
    assert_eq!(
        point(&v[0], "table:costs")["detail"],
        "2 actions, declared total 249.117,00"
    );

    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/allocations.csv");
    let (v, code) = verdicts(
        &["--allocations", example.to_str().unwrap()],
        std::slice::from_ref(&piemonte),
    );
    assert_eq!(
        code, 0,
        "the example lists Piemonte's declared total: {v:#?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("allocations.csv");
    std::fs::write(
        &other,
        "region,allocation_eur\npiemonte-2014,\"250.000,00\"\n",
    )
    .unwrap();
    let (v, code) = verdicts(&["--allocations", other.to_str().unwrap()], &[piemonte]);
    assert_eq!(code, 1);
    assert_eq!(
        messages(&v[0], "error"),
        [
            "the declared total 249.117,00 is not Piemonte's allocation 250.000,00 (a difference of -883,00)"
        ]
    );
}

/// A submission cut short (Liguria without its pages from Destinatari on)
/// lacks sections and tables; a file that is no PDF, or is locked with a
/// password, cannot be checked: each is an error, and the batch goes on.
#[test]
fn damaged_submissions_are_errors_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("liguria-cut.pdf");
    let mut pdf = lopdf::Document::load(corpus("000_1f2cd472f46066f6")).unwrap();
    let pages = pdf.get_pages().len() as u32;
    pdf.delete_pages(&(13..=pages).collect::<Vec<_>>());
    pdf.save(&cut).unwrap();
    let variants = common::fixtures().join("variants");
    let (v, code) = verdicts(
        &[],
        &[
            cut,
            variants.join("random-bytes.pdf"),
            variants.join("encrypted-with-password.pdf"),
            corpus("001_c47a66b1d1303a5e"),
        ],
    );
    assert_eq!(code, 1);
    // Verdicts come sorted by path, as `extract` takes its inputs.
    let paths: Vec<&str> = v.iter().map(|v| v["path"].as_str().unwrap()).collect();
    let at = |name: &str| paths.iter().position(|p| p.ends_with(name)).unwrap();
    let v0 = &v[at("liguria-cut.pdf")];
    let errors = messages(v0, "error");
    for id in ["II.1.2", "II.1.3", "II.1.4", "III", "III.1", "III.2"] {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("section {id} ("))),
            "{id}: {errors:?}"
        );
    }
    assert!(
        errors.iter().any(|e| e.starts_with("no budget")),
        "{errors:?}"
    );
    assert_eq!(point(v0, "table:gantt")["presence"], "missing");
    assert_eq!(point(v0, "I.1")["presence"], "found");
    for (i, reason) in [
        (at("random-bytes.pdf"), "not a PDF"),
        (
            at("encrypted-with-password.pdf"),
            "encrypted with a password",
        ),
    ] {
        let errors = messages(&v[i], "error");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("the file cannot be read: ") && errors[0].contains(reason),
            "{errors:?}"
        );
        assert!(v[i]["template"].as_array().unwrap().is_empty());
    }
    let piemonte = &v[at("001_c47a66b1d1303a5e.lo-docx.pdf")];
    assert_eq!(piemonte["region"], "Piemonte");
    assert!(messages(piemonte, "error").is_empty());
}

/// The terminal verdict: each point, each finding with its page and printed
/// text, and the count.
#[test]
fn the_text_verdict_reads_point_by_point() {
    let out = piani(&["check"], &[corpus("000_1f2cd472f46066f6")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("— Liguria\n"), "{text}");
    assert!(
        text.contains("    ok       II.1.4               Piano temporale (Gantt)"),
        "{text}"
    );
    assert!(
        text.contains("    error    p. 16   costs         cost action \"D) Altri costi"),
        "{text}"
    );
    assert!(text.contains("printed: «Totale euro 7.117,00»"), "{text}");
    assert!(
        text.ends_with("  Verdict: to be corrected — 2 errors, 1 warning, 2 notes\n"),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.pdf");
    let out = piani(&["check"], &[missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.pdf"));

    let bad = dir.path().join("allocations.csv");
    std::fs::write(&bad, "region,allocation_eur\nAtlantide,\"1.000,00\"\n").unwrap();
    let out = piani(
        &["check", "--allocations", bad.to_str().unwrap()],
        &[corpus("001_c47a66b1d1303a5e")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2: \"Atlantide\" is not a region's name"),
        "{err}"
    );

    std::fs::write(&bad, "regione;importo\n").unwrap();
    let out = piani(
        &["check", "--allocations", bad.to_str().unwrap()],
        &[corpus("001_c47a66b1d1303a5e")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the header must be `region,allocation_eur`")
    );
}

/// The errors a plan's ground truth implies: its costs' disagreements (with
/// both figures, written as the check writes them), its missing budget, and a
/// Gantt period marked wholly after the accord's end.
fn expected_errors(gt: &Value) -> Vec<Vec<String>> {
    let it = |x: f64| piani::model::Euro::from_cents((x * 100.0).round() as i64).italian();
    let mut expected = Vec::new();
    // The ground truth writes a plan without costs as null or as empty costs.
    match gt["costs"].as_object().filter(|c| {
        !c["declared_total"].is_null() || c["items"].as_array().is_some_and(|i| !i.is_empty())
    }) {
        None => expected.push(vec!["no budget".to_string()]),
        Some(costs) => {
            let items = costs["items"].as_array().unwrap();
            let totals = costs["action_totals"].as_array().unwrap();
            let declared_total = costs["declared_total"].as_f64().unwrap();
            for a in totals {
                let amounts: Vec<f64> = items
                    .iter()
                    .filter(|i| i["action"] == a["action"])
                    .filter_map(|i| i["amount"].as_f64())
                    .collect();
                let declared = a["declared"].as_f64().unwrap();
                let sum: f64 = amounts.iter().sum();
                if !amounts.is_empty() && (sum - declared).abs() > 0.005 {
                    expected.push(vec![
                        format!("add up to {}", it(sum)),
                        format!("declared total is {}", it(declared)),
                    ]);
                }
            }
            let sum: f64 = if totals.is_empty() {
                items.iter().filter_map(|i| i["amount"].as_f64()).sum()
            } else {
                totals.iter().map(|a| a["declared"].as_f64().unwrap()).sum()
            };
            if (sum - declared_total).abs() > 0.005 {
                expected.push(vec![
                    format!("add up to {}", it(sum)),
                    format!("declared total is {}", it(declared_total)),
                ]);
            }
        }
    }
    // A normalized period ("2016-09", "2016-Q4") whose first month is past
    // August 2016, marked in some row.
    let marked: std::collections::BTreeSet<&str> = gt["gantt"]["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["marks"].as_array().unwrap())
        .filter_map(Value::as_str)
        .collect();
    for period in marked {
        let (year, part) = period.split_once('-').unwrap();
        let month: u32 = match part.strip_prefix('Q') {
            Some(q) => q.parse::<u32>().unwrap() * 3 - 2,
            None => part.parse().unwrap(),
        };
        if (year.parse::<u32>().unwrap(), month) > (2016, 8) {
            expected.push(vec![
                "lies outside the accord's period".to_string(),
                format!("to {year}-{month:02}-"),
            ]);
        }
    }
    expected
}

/// Across producers, table styles and page breaks (the committed render
/// matrix), each verdict has exactly the errors the plan's ground
/// truth implies: the same plan printed otherwise is judged the same.
#[test]
fn verdicts_across_producers_follow_the_ground_truth() {
    let matrix = common::fixtures().join("matrix");
    let (v, code) = verdicts(&[], std::slice::from_ref(&matrix));
    assert_eq!(code, 1);
    let pdfs = std::fs::read_dir(&matrix)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(v.len(), pdfs);
    for verdict in &v {
        let path = Path::new(verdict["path"].as_str().unwrap());
        let name = path.file_name().unwrap().to_str().unwrap();
        let own = matrix.join(name.replace(".pdf", ".json"));
        let gt: Value = if own.exists() {
            serde_json::from_str(&std::fs::read_to_string(own).unwrap()).unwrap()
        } else {
            common::ground_truth(path)
        };
        let expected = expected_errors(&gt);
        let errors = messages(verdict, "error");
        for parts in &expected {
            assert!(
                errors
                    .iter()
                    .any(|e| parts.iter().all(|p| e.contains(p.as_str()))),
                "{name}: no error with {parts:?} in {errors:#?}"
            );
        }
        assert_eq!(
            errors.len(),
            expected.len(),
            "{name}: {errors:#?} against {expected:?}"
        );
    }
}
