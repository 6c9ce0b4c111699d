//! Sezione II tables and the cover against the ground truth, on every corpus PDF
//! (both producers): recipients, actors, Gantt, costs, contacts.

mod common;

use std::collections::BTreeMap;

use common::{corpus_pdfs, ground_truth, norm};
use piani::model::{Document, WarningCode};
use serde_json::Value;

fn extract(pdf: &std::path::Path) -> Document {
    let bytes = std::fs::read(pdf).unwrap();
    piani::extract(pdf.file_name().unwrap().to_str().unwrap(), &bytes).unwrap()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// The committed render matrix's PDFs whose file name `pick` takes, by name.
fn committed_matrix(pick: impl Fn(&str) -> bool) -> Vec<(String, std::path::PathBuf)> {
    let mut pdfs: Vec<(String, std::path::PathBuf)> =
        std::fs::read_dir(common::fixtures().join("matrix"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_str().unwrap().to_string(), p))
            .filter(|(name, _)| pick(name))
            .collect();
    pdfs.sort();
    pdfs
}

#[test]
fn recipients_match_the_ground_truth() {
    for pdf in corpus_pdfs() {
        let (doc, gt) = (extract(&pdf), ground_truth(&pdf));
        let want: Vec<(String, String, Option<i64>, String)> = gt["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    s(&r["action"]),
                    s(&r["quantity_text"]),
                    r["quantity"].as_i64(),
                    norm(&s(&r["description"])),
                )
            })
            .collect();
        let got: Vec<(String, String, Option<i64>, String)> = doc
            .recipients
            .iter()
            .map(|r| {
                (
                    r.action.clone(),
                    r.quantity_text.clone(),
                    r.quantity,
                    norm(&r.description),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", doc.source.file);
        // The kind, where the ground truth names one of the contract's kinds.
        for (r, g) in doc
            .recipients
            .iter()
            .zip(gt["recipients"].as_array().unwrap())
        {
            let kind = r.kind.map(|k| serde_json::to_value(k).unwrap());
            match s(&g["kind"]).as_str() {
                "other" => assert_eq!(kind, None, "{}", r.description),
                k => assert_eq!(kind, Some(Value::from(k)), "{}", r.description),
            }
        }
    }
}

#[test]
fn actors_match_the_ground_truth() {
    for pdf in corpus_pdfs() {
        let (doc, gt) = (extract(&pdf), ground_truth(&pdf));
        let want: Vec<(String, String, Option<i64>, String, String)> = gt["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    s(&a["action"]),
                    s(&a["quantity_text"]),
                    a["quantity"].as_i64(),
                    norm(&s(&a["name"])),
                    norm(&s(&a["role"])),
                )
            })
            .collect();
        let got: Vec<(String, String, Option<i64>, String, String)> = doc
            .actors
            .iter()
            .map(|a| {
                (
                    a.action.clone(),
                    a.quantity_text.clone(),
                    a.quantity,
                    norm(&a.name),
                    norm(&a.role),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", doc.source.file);
    }
}

/// An actor as the tests below compare it: action, quantity as printed,
/// name and role (normalized as the scorer does).
type ActorRow = (String, String, String, String);

fn actor_rows_of_ground_truth(gt: &Value) -> Vec<ActorRow> {
    gt["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                s(&a["action"]),
                s(&a["quantity_text"]),
                norm(&s(&a["name"])),
                norm(&s(&a["role"])),
            )
        })
        .collect()
}

fn actor_rows(doc: &Document) -> Vec<ActorRow> {
    doc.actors
        .iter()
        .map(|a| {
            (
                a.action.clone(),
                a.quantity_text.clone(),
                norm(&a.name),
                norm(&a.role),
            )
        })
        .collect()
}

/// Actors tables ruled only horizontally, their lines set close: a cell of
/// names one per line ("Enti locali, Città Metropolitana di Genova." /
/// "Distretti socio-sanitari" / … / "Agenzie per il lavoro e Agenzie
/// formative" / "Associazioni …") is told from a name wrapped over lines
/// ("Soggetto competente all'erogazione di" / "formazione …"), and a column's
/// ragged right end, where two short lines' word spaces line up, is no gutter.
#[test]
fn actors_of_tables_ruled_only_horizontally_match_the_ground_truth() {
    let mut checked = 0;
    // (The actors table of this project's own wording has a test of its own.)
    for (name, pdf) in committed_matrix(|n| n.ends_with("lo-hrules.pdf") && !n.contains(".actors-"))
    {
        // A content variant (another region) has its own ground truth.
        let variant = pdf.with_extension("json");
        let gt: Value = match std::fs::read_to_string(&variant) {
            Ok(json) => serde_json::from_str(&json).unwrap(),
            Err(_) => ground_truth(&pdf),
        };
        let want = actor_rows_of_ground_truth(&gt);
        assert_eq!(actor_rows(&extract(&pdf)), want, "{name}");
        checked += want.len();
    }
    // Liguria's plan as Toscana's (15), Piemonte's (17) and Marche's (4).
    assert_eq!(checked, 36);
}

/// The same style with an actors table of this project's own wording (see
/// `bench/matrix/variants.py`): groups of names under one label, quantity and
/// role. Each name is read whole, with its group's role, also where the list
/// runs on past the role's last line, and the quantity on its group's first
/// name only; "… di tipo B" / "Caritas …" are two names (a capital letter
/// alone ends a name, where a capitalised word may be a proper name going on).
#[test]
fn actors_listed_in_groups_in_a_table_ruled_only_horizontally() {
    let pdf = common::fixtures()
        .join("matrix")
        .join("002_c55eb3ee00ca505f.actors-lo-hrules.pdf");
    let gt: Value =
        serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("json")).unwrap())
            .unwrap();
    let want = actor_rows_of_ground_truth(&gt);
    assert_eq!(want.len(), 12);
    assert_eq!(actor_rows(&extract(&pdf)), want);
}

/// "2015-07-01".."2015-09-30" → "2015-Q3", as the ground truth writes periods.
fn period_key(start: &str) -> String {
    let (y, m) = (&start[..4], start[5..7].parse::<u32>().unwrap());
    format!("{y}-Q{}", (m - 1) / 3 + 1)
}

#[test]
fn gantt_rows_and_marks_match_the_ground_truth() {
    for pdf in corpus_pdfs() {
        let (doc, gt) = (extract(&pdf), ground_truth(&pdf));
        let gantt = doc
            .gantt
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no Gantt", doc.source.file));
        let periods: Vec<String> = gantt.periods.iter().map(|p| period_key(&p.start)).collect();
        let want_periods: Vec<String> = gt["gantt"]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(s)
            .collect();
        assert_eq!(periods, want_periods);
        let labels: Vec<&str> = gantt.periods.iter().map(|p| p.label.as_str()).collect();
        let want_labels: Vec<String> = gt["gantt"]["period_labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(s)
            .collect();
        assert_eq!(labels, want_labels);

        type Row = (String, bool, Vec<String>, Vec<String>);
        let want: Vec<Row> = gt["gantt"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    s(&r["code"]),
                    r["is_group"].as_bool().unwrap(),
                    r["marks"].as_array().unwrap().iter().map(s).collect(),
                    r["mark_text"].as_array().unwrap().iter().map(s).collect(),
                )
            })
            .collect();
        let got: Vec<Row> = gantt
            .rows
            .iter()
            .map(|r| {
                (
                    r.code.clone(),
                    r.is_group,
                    r.marks.iter().map(|&m| periods[m].clone()).collect(),
                    r.mark_text.clone(),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", doc.source.file);
    }
}

fn cents(v: &Value) -> Option<i64> {
    v.as_f64().map(|f| (f * 100.0).round() as i64)
}

#[test]
fn cost_amounts_and_totals_match_the_ground_truth() {
    for pdf in corpus_pdfs() {
        let (doc, gt) = (extract(&pdf), ground_truth(&pdf));
        let name = &doc.source.file;
        let g = &gt["costs"];
        let Some(costs) = &doc.costs else {
            assert!(
                g.is_null() || g["items"].as_array().is_none_or(|i| i.is_empty()),
                "{name}: costs missing"
            );
            continue;
        };
        // Every printed amount, wherever the template put it, as a multiset.
        let mut want: BTreeMap<i64, usize> = BTreeMap::new();
        for v in g["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| &i["amount"])
            .chain(
                g["action_totals"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| &a["declared"]),
            )
        {
            if let Some(c) = cents(v) {
                *want.entry(c).or_default() += 1;
            }
        }
        let mut got: BTreeMap<i64, usize> = BTreeMap::new();
        for a in &costs.actions {
            for e in a
                .declared_eur
                .iter()
                .chain(a.items.iter().filter_map(|i| i.amount_eur.as_ref()))
            {
                *got.entry(e.cents).or_default() += 1;
            }
        }
        assert_eq!(got, want, "{name}: amounts");
        assert_eq!(
            costs.declared_total_eur.map(|e| e.cents),
            cents(&g["declared_total"]),
            "{name}"
        );
    }
}

#[test]
fn total_mismatches_and_damaged_amounts_are_flagged() {
    let dir = common::fixtures().join("corpus");
    let messages = |file: &str, code: WarningCode| -> Vec<String> {
        extract(&dir.join(file))
            .warnings
            .into_iter()
            .filter(|w| w.code == code)
            .map(|w| w.message)
            .collect()
    };
    // Liguria: D) items 8.117,00 against a declared 7.117,00; the action totals
    // add up to 127.117,00 against a declared 128.117,00.
    let liguria = messages(
        "000_1f2cd472f46066f6.lo-docx.pdf",
        WarningCode::CostTotalMismatch,
    );
    assert_eq!(liguria.len(), 2, "{liguria:?}");
    assert!(liguria[0].contains("8.117,00") && liguria[0].contains("7.117,00"));
    assert!(liguria[1].contains("127.117,00") && liguria[1].contains("128.117,00"));
    // Lombardia: the rows add up to 609.301,85 against a declared 529.301,85.
    let lombardia = messages(
        "003_a4bc456a991b883d.lo-docx.pdf",
        WarningCode::CostTotalMismatch,
    );
    assert_eq!(lombardia.len(), 1, "{lombardia:?}");
    assert!(lombardia[0].contains("609.301,85") && lombardia[0].contains("529.301,85"));
    let suspect = messages(
        "003_a4bc456a991b883d.lo-docx.pdf",
        WarningCode::AmountSuspect,
    );
    assert_eq!(suspect.len(), 2, "{suspect:?}");
    assert!(suspect[0].contains("30. 000") && suspect[1].contains("20.0000"));
    let unlabelled = messages(
        "003_a4bc456a991b883d.lo-docx.pdf",
        WarningCode::CostRowUnlabelled,
    );
    assert_eq!(unlabelled.len(), 1);
    // Piemonte adds up, in both producers' PDFs.
    for file in [
        "001_c47a66b1d1303a5e.lo-docx.pdf",
        "001_c47a66b1d1303a5e.chromium.pdf",
    ] {
        assert!(messages(file, WarningCode::CostTotalMismatch).is_empty());
    }
}

#[test]
fn contacts_match_the_ground_truth() {
    for pdf in corpus_pdfs() {
        let (doc, gt) = (extract(&pdf), ground_truth(&pdf));
        let want: Vec<(String, String)> = gt["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (s(&c["role"]), norm(&s(&c["text"]))))
            .collect();
        let got: Vec<(String, String)> = doc
            .contacts
            .iter()
            .map(|c| {
                (
                    serde_json::to_value(c.role)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string(),
                    norm(&c.text),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", doc.source.file);
    }
    let marche = extract(&common::fixtures().join("corpus/002_c55eb3ee00ca505f.lo-docx.pdf"));
    let dirigente = &marche.contacts[2];
    assert_eq!(dirigente.emails, ["fabio.montanini@regione.marche.it"]);
    assert_eq!(dirigente.phones, ["071.806 3249"]);
    let piemonte = extract(&common::fixtures().join("corpus/001_c47a66b1d1303a5e.lo-docx.pdf"));
    assert_eq!(
        piemonte.contacts[1].phones,
        ["011/4321459", "011/4325689"],
        "no fax numbers"
    );
    assert_eq!(piemonte.contacts[2].phones, ["011/4321459"], "no date");
}

fn contacts_of(doc: &Document) -> Vec<(String, String)> {
    doc.contacts
        .iter()
        .map(|c| {
            let role = serde_json::to_value(c.role).unwrap();
            (role.as_str().unwrap().to_string(), norm(&c.text))
        })
        .collect()
}

/// A cover table ruled only horizontally, its rows told from one another by
/// nothing but where the labels start: each contact is still the lines beside
/// its own label, whether its details came as several rows (Marche: one line
/// per row) or as one cell merged over all four (Piemonte: details that wrap
/// like prose).
#[test]
fn contacts_of_covers_ruled_only_horizontally_match_the_ground_truth() {
    let mut checked = 0;
    for (name, pdf) in committed_matrix(|n| n.ends_with(".lo-hrules.pdf")) {
        let want: Vec<(String, String)> = ground_truth(&pdf)["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (s(&c["role"]), norm(&s(&c["text"]))))
            .collect();
        assert_eq!(contacts_of(&extract(&pdf)), want, "{name}");
        checked += want.len();
    }
    assert_eq!(checked, 8, "Piemonte's and Marche's four contacts");
}
