//! The CSV tables as a researcher uses them: `OUT/datapackage.json` describes
//! every table exactly (columns, types, keys), every key is unique, every
//! reference resolves, and the documented joins give back the document's own
//! figures. Checked on the corpus output, with the corpus's ground truth.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// One CSV table read back: its header and its rows, by column name.
struct Csv {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

fn read_csv(path: &Path, delimiter: u8) -> Csv {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    Csv { header, rows }
}

/// The corpus extracted into a fresh folder: (folder, package, tables by name).
fn corpus_output() -> (tempfile::TempDir, Value, HashMap<String, Csv>) {
    corpus_output_with(&[])
}

fn corpus_output_with(options: &[&str]) -> (tempfile::TempDir, Value, HashMap<String, Csv>) {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(["extract", "--quiet", "--out"])
        .arg(out.path())
        .args(options)
        .args(common::corpus_pdfs())
        .status()
        .unwrap();
    assert!(status.success());
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("datapackage.json")).unwrap())
            .unwrap();
    let tables = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = r["name"].as_str().unwrap().to_string();
            let delimiter = r["dialect"]["delimiter"].as_str().unwrap().as_bytes()[0];
            let csv = read_csv(&out.path().join(r["path"].as_str().unwrap()), delimiter);
            (name, csv)
        })
        .collect();
    (out, package, tables)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// Whether `cell` is a value of Table Schema type `kind` as piani writes it.
fn conforms(cell: &str, kind: &str) -> bool {
    let date = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}$").unwrap();
    match kind {
        "string" => true,
        "integer" => cell.parse::<i64>().is_ok(),
        "number" => {
            cell.parse::<f64>().is_ok() && !cell.contains(['e', 'E']) && !cell.ends_with(".0")
        }
        "boolean" => cell == "true" || cell == "false",
        "date" => date.is_match(cell),
        other => panic!("a type piani does not write: {other}"),
    }
}

#[test]
fn the_package_describes_every_table_as_written() {
    let (out, package, tables) = corpus_output();
    let csv_files: HashSet<String> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    let described: HashSet<String> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        csv_files, described,
        "every CSV written is described, and only those"
    );

    for resource in package["resources"].as_array().unwrap() {
        let name = resource["name"].as_str().unwrap();
        let schema = &resource["schema"];
        let fields = schema["fields"].as_array().unwrap();
        let table = &tables[name];
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(table.header, names, "{name}.csv: header");
        assert_eq!(names[..2], ["document_id", "region"], "{name}.csv");
        assert!(
            !table.rows.is_empty(),
            "{name}.csv: the corpus fills every table"
        );
        assert!(
            !resource["description"].as_str().unwrap().is_empty(),
            "{name}: a description"
        );
        for f in fields {
            let column = f["name"].as_str().unwrap();
            let kind = f["type"].as_str().unwrap();
            assert!(
                !f["description"].as_str().unwrap().is_empty(),
                "{name}.{column}: a description"
            );
            let values = f["constraints"]["enum"]
                .as_array()
                .map(|_| strings(&f["constraints"]["enum"]));
            for (i, row) in table.rows.iter().enumerate() {
                let cell = &row[column];
                if cell.is_empty() {
                    continue; // the missing value
                }
                assert!(
                    conforms(cell, kind),
                    "{name}.csv row {}: {column} = {cell:?} is not a {kind}",
                    i + 1
                );
                if let Some(values) = &values {
                    assert!(
                        values.contains(cell),
                        "{name}.{column}: {cell:?} not in its set"
                    );
                }
            }
        }
        // The primary key: present and unique.
        let key = strings(&schema["primaryKey"]);
        let mut seen = HashSet::new();
        for row in &table.rows {
            let k: Vec<&str> = key.iter().map(|c| row[c].as_str()).collect();
            assert!(
                k.iter().all(|v| !v.is_empty()),
                "{name}: a key part missing: {k:?}"
            );
            assert!(seen.insert(k.clone()), "{name}: key {k:?} twice");
        }
        // Every reference resolves.
        for fk in schema["foreignKeys"].as_array().unwrap() {
            let fields = strings(&fk["fields"]);
            let target_name = match fk["reference"]["resource"].as_str().unwrap() {
                "" => name,
                other => other,
            };
            let target_fields = strings(&fk["reference"]["fields"]);
            let target = &tables[target_name];
            let keys: HashSet<Vec<&str>> = target
                .rows
                .iter()
                .map(|r| target_fields.iter().map(|c| r[c].as_str()).collect())
                .collect();
            for row in &table.rows {
                let k: Vec<&str> = fields.iter().map(|c| row[c].as_str()).collect();
                if k.iter().any(|v| v.is_empty()) {
                    continue;
                }
                assert!(keys.contains(&k), "{name} → {target_name}: {k:?} not found");
            }
        }
    }
}

#[test]
fn the_documented_joins_give_back_each_document_s_figures() {
    let (_out, _package, tables) = corpus_output();
    let documents = &tables["documents"];
    let liguria = documents
        .rows
        .iter()
        .find(|r| r["region"] == "Liguria")
        .unwrap();
    let id = liguria["document_id"].as_str();

    // cost_items → cost_actions → documents by integer keys: each action's
    // items add up to its computed total, and the actions to the document's.
    let actions: Vec<&HashMap<String, String>> = tables["cost_actions"]
        .rows
        .iter()
        .filter(|r| r["document_id"] == id)
        .collect();
    let cents = |s: &str| -> i64 {
        let (whole, frac) = s.split_once('.').expect("money has two decimals");
        assert_eq!(frac.len(), 2, "{s}");
        whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
    };
    let mut all = 0;
    for a in &actions {
        let items: Vec<&HashMap<String, String>> = tables["cost_items"]
            .rows
            .iter()
            .filter(|i| i["document_id"] == id && i["action_no"] == a["action_no"])
            .collect();
        assert_eq!(items.len().to_string(), a["items"]);
        assert!(items.iter().all(|i| i["action"] == a["label"]));
        let sum: i64 = items
            .iter()
            .filter(|i| !i["amount_eur"].is_empty())
            .map(|i| cents(&i["amount_eur"]))
            .sum();
        assert_eq!(sum, cents(&a["computed_eur"]), "{}", a["label"]);
        all += cents(&a["computed_eur"]);
    }
    // Liguria's ground truth: four actions whose totals come to 128.117,00.
    assert_eq!(actions.len(), 4);
    assert_eq!(all, 12_811_700);
    assert_eq!(liguria["computed_total_eur"], "128117.00");

    // Gantt marks → their rows → the rows' groups: every marked activity of
    // Liguria's plan comes under its objective, whose code it extends.
    let rows: HashMap<&str, &HashMap<String, String>> = tables["gantt_rows"]
        .rows
        .iter()
        .filter(|r| r["document_id"] == id)
        .map(|r| (r["row_no"].as_str(), r))
        .collect();
    let marks: Vec<&HashMap<String, String>> = tables["gantt"]
        .rows
        .iter()
        .filter(|r| r["document_id"] == id)
        .collect();
    assert_eq!(marks.len(), 17, "Liguria's Gantt has 17 marks");
    for m in &marks {
        let row = rows[m["row_no"].as_str()];
        assert_eq!(row["label"], m["label"]);
        let group = rows[row["group_no"].as_str()];
        assert_eq!(group["is_group"], "true");
        assert_eq!(m["group_no"], row["group_no"]);
        let code = &row["code"];
        if code.contains('.') {
            let objective = code.split('.').next().unwrap();
            assert_eq!(&group["code"], objective, "{code} under {}", group["code"]);
        }
    }
    // Each row's count of marks is its number of rows in gantt.csv.
    for (no, row) in &rows {
        let n = marks.iter().filter(|m| m["row_no"] == *no).count();
        assert_eq!(row["marks"], n.to_string());
    }

    // Counts are integers, percentages decimals, as the ground truth has them.
    let stats: Vec<&HashMap<String, String>> = tables["statistics"]
        .rows
        .iter()
        .filter(|r| r["document_id"] == id)
        .collect();
    let value = |indicator: &str| {
        stats
            .iter()
            .find(|r| r["indicator"] == indicator)
            .map(|r| r["value"].clone())
    };
    assert_eq!(value("stranieri_residenti").as_deref(), Some("138355"));
    assert_eq!(value("incidenza_stranieri_pct").as_deref(), Some("8.7"));
}

/// Piemonte's two PDFs (the same plan printed by Chromium and by LibreOffice)
/// are two submissions of one plan: the newer, by the PDFs' dates, is current,
/// and only its records are in the tables, so per-region sums count the plan
/// once; `--all-submissions` keeps both.
#[test]
fn a_region_s_two_submissions_are_one_current_plan() {
    let (_out, _package, tables) = corpus_output();
    let piemonte: Vec<&HashMap<String, String>> = tables["documents"]
        .rows
        .iter()
        .filter(|r| r["region"] == "Piemonte")
        .collect();
    assert_eq!(piemonte.len(), 2);
    assert!(piemonte.iter().all(|r| r["plan_id"] == "piemonte-2014"));
    let current: Vec<&&HashMap<String, String>> = piemonte
        .iter()
        .filter(|r| r["submission"] == "current")
        .collect();
    assert_eq!(current.len(), 1);
    // The LibreOffice PDF was made two seconds after the Chromium one.
    assert!(current[0]["file"].ends_with(".lo-docx.pdf"));
    let superseded = piemonte
        .iter()
        .find(|r| r["submission"] == "superseded")
        .unwrap();
    assert!(superseded["pdf_date"] < current[0]["pdf_date"]);
    let plans: HashSet<&str> = tables["documents"]
        .rows
        .iter()
        .map(|r| r["plan_id"].as_str())
        .collect();
    assert_eq!(plans.len(), 4, "four regions, four plans");

    // Piemonte's actors, counted by region, are the current plan's 17 (ground truth).
    let by_region = |tables: &HashMap<String, Csv>, id: &str| {
        tables["actors"]
            .rows
            .iter()
            .filter(|r| r["region"] == "Piemonte")
            .filter(|r| id.is_empty() || r["document_id"] == id)
            .count()
    };
    assert_eq!(by_region(&tables, ""), 17);
    assert_eq!(by_region(&tables, &current[0]["document_id"]), 17);

    let (_out, _package, all) = corpus_output_with(&["--all-submissions"]);
    assert_eq!(by_region(&all, ""), 34);
    assert_eq!(by_region(&all, &superseded["document_id"]), 17);
    // A superseded submission's rows of documents.csv and warnings.csv are read
    // from its summary alone, unless its records are wanted: the same rows.
    assert!(!superseded["sections"].is_empty() && !superseded["declared_total_eur"].is_empty());
    for table in ["documents", "warnings"] {
        assert_eq!(tables[table].rows, all[table].rows, "{table}.csv");
    }
}

/// `OUT/piani.xlsx` holds every table as a sheet whose cells have their
/// column's type (numbers, dates, booleans as such; text as text, never a
/// formula) and the CSV's values, with the CSV's formula quote taken off.
#[test]
fn the_workbook_holds_every_table_with_typed_cells() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (out, package, tables) = corpus_output();
    let mut book: Xlsx<_> = open_workbook(out.path().join("piani.xlsx")).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let names: Vec<String> = resources
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(book.sheet_names(), names);
    let mut quoted = 0;
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        let fields = resource["schema"]["fields"].as_array().unwrap();
        let sheet = book.worksheet_range(name).unwrap();
        let table = &tables[name];
        let rows: Vec<&[Data]> = sheet.rows().collect();
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        assert_eq!(header, table.header, "{name}: header");
        assert_eq!(rows.len(), table.rows.len() + 1, "{name}: rows");
        for (i, row) in table.rows.iter().enumerate() {
            for (j, f) in fields.iter().enumerate() {
                let column = f["name"].as_str().unwrap();
                let value = &row[column];
                let cell = rows[i + 1].get(j).unwrap_or(&Data::Empty);
                let ok = match (f["type"].as_str().unwrap(), cell) {
                    (_, Data::Empty) => value.is_empty(),
                    ("integer" | "number", Data::Float(x)) => value.parse::<f64>() == Ok(*x),
                    ("integer" | "number", Data::Int(x)) => value.parse::<i64>() == Ok(*x),
                    ("boolean", Data::Bool(b)) => value == &b.to_string(),
                    ("date", Data::DateTime(d)) => {
                        let (y, m, day, ..) = d.to_ymd_hms_milli();
                        format!("{y:04}-{m:02}-{day:02}") == *value
                    }
                    ("string", Data::String(s)) => {
                        quoted += usize::from(value.starts_with('\''));
                        value.strip_prefix('\'').unwrap_or(value) == s
                    }
                    _ => false,
                };
                assert!(
                    ok,
                    "{name} row {} {column}: CSV {value:?}, sheet {cell:?}",
                    i + 1
                );
            }
        }
    }
    // Cost labels printed as "- …" items were quoted in the CSV.
    assert!(quoted > 0);
}

/// `--csv-dialect excel-it` writes what a spreadsheet with Italian settings
/// opens as numbers: a byte-order mark, `;`, CRLF, decimal commas in number
/// columns only; the package says so, the validator accepts it, and the
/// workbook is the same.
#[test]
fn the_excel_it_dialect_is_described_and_valid() {
    let (plain, _, plain_tables) = corpus_output();
    let (it, package, _) = corpus_output_with(&["--csv-dialect", "excel-it"]);
    let bytes = std::fs::read(it.path().join("cost_actions.csv")).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), plain_tables["cost_actions"].rows.len() + 1);
    assert!(lines[0].starts_with("document_id;region;action_no;label;declared_eur;"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let totals: Vec<String> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[1] == "Liguria")
        .map(|r| format!("{}|{}", &r[column("action_no")], &r[column("declared_eur")]))
        .collect();
    // Liguria's ground truth: 67.000, 13.000, 40.000 and 7.117 euro.
    assert_eq!(
        totals,
        ["1|67000,00", "2|13000,00", "3|40000,00", "4|7117,00"]
    );
    let resource = &package["resources"][0];
    assert_eq!(resource["dialect"]["delimiter"], ";");
    assert_eq!(resource["dialect"]["lineTerminator"], "\r\n");
    let money = resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "declared_total_eur")
        .unwrap();
    assert_eq!(money["decimalChar"], ",");
    let read = |dir: &tempfile::TempDir| std::fs::read(dir.path().join("piani.xlsx")).unwrap();
    assert!(
        read(&plain) == read(&it),
        "the workbook does not depend on the dialect"
    );
    let run = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(it.path())
        .output()
        .expect("frictionless (pip install frictionless, as .ci/run does)");
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["valid"], true, "{report:#}");
}

/// `docs/outputs.md` holds the tables' description as the package gives it:
/// regenerate it with `PIANI_UPDATE_DOCS=1 cargo test --test tables`.
#[test]
fn the_docs_page_describes_the_tables_as_written() {
    const BEGIN: &str = "<!-- tables: generated from the row types, do not edit -->\n";
    const END: &str = "<!-- end of tables -->\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/outputs.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = page.split_once(BEGIN).expect("the begin marker");
    let (_, after) = rest.split_once(END).expect("the end marker");
    let generated = piani::writers::datapackage::markdown(&piani::writers::csv::tables());
    let expected = format!("{before}{BEGIN}{generated}{END}{after}");
    if std::env::var_os("PIANI_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    assert!(
        page == expected,
        "docs/outputs.md is out of date: run PIANI_UPDATE_DOCS=1 cargo test --test tables"
    );
}

/// The Frictionless validator itself (`pip install frictionless`; `.ci/run`
/// installs it) finds the corpus output valid against its package: types,
/// keys, references.
#[test]
fn the_frictionless_validator_passes_the_corpus_output() {
    let (out, _package, _tables) = corpus_output();
    let run = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(out.path())
        .output()
        .unwrap_or_else(|e| {
            panic!("frictionless not found ({e}): pip install frictionless, as .ci/run does")
        });
    let report: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless gave no report ({e}): {}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    assert_eq!(report["valid"], true, "{report:#}");
    assert_eq!(report["stats"]["tasks"], 12, "every table validated");
}

/// What researchers read the tables with: pandas (`bench/tables/pandas_check.py`)
/// and R's readr (`bench/tables/readr_check.R`), each typing every column by
/// the package and joining cost items → actions → documents and Gantt rows →
/// their group row with no orphan, in both dialects. `.ci/run` installs both.
#[test]
fn pandas_and_readr_read_every_table_typed_and_join_without_orphans() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for options in [&[][..], &["--csv-dialect", "excel-it"][..]] {
        let (out, _package, tables) = corpus_output_with(options);
        let actions = tables["cost_actions"].rows.len();
        for (tool, script) in [
            ("python3", "bench/tables/pandas_check.py"),
            ("Rscript", "bench/tables/readr_check.R"),
        ] {
            let run = Command::new(tool)
                .arg(root.join(script))
                .arg(out.path())
                .output()
                .unwrap_or_else(|e| panic!("{tool} not found ({e}): .ci/run installs it"));
            let report = String::from_utf8_lossy(&run.stdout);
            assert!(
                run.status.success(),
                "{script} {options:?}: {report}{}",
                String::from_utf8_lossy(&run.stderr)
            );
            // The ground truth's cost items: Liguria 17, Piemonte 5 (its current
            // submission only), Lombardia 15.
            assert!(
                report.contains("cost_items -> cost_actions: 37 rows joined, 0 orphans"),
                "{script}: {report}"
            );
            assert!(
                report.contains(&format!("cost_actions: {actions} rows")),
                "{script}: {report}"
            );
            assert!(report.ends_with("ok\n"), "{script}: {report}");
        }
    }
}
