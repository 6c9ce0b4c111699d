//! The `piani` binary: a batch over the fixtures, a batch with bad input, usage.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{corpus_pdfs, fixtures, schema_errors};

fn piani(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// Files in `dir` (recursively) that are neither outputs nor expected (the
/// folder's lock file): temp leftovers.
fn leftovers(dir: &Path) -> Vec<String> {
    walk(dir)
        .into_iter()
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            !["json", "csv", "xlsx"].contains(&ext) && !p.ends_with(piani::lock::FILE_NAME)
        })
        .map(|p| p.display().to_string())
        .collect()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn extract_the_corpus_folder() {
    let out = tempfile::tempdir().unwrap();
    let corpus = fixtures().join("corpus");
    let o = piani(&[
        "extract",
        corpus.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        // Liguria and Lombardia declare totals their costs do not add up to.
        stderr.contains(
            "5 documents: 3 ok, 2 with warnings, 0 failed (0 unchanged, 0 removed, 0 kept from earlier runs); 96 pages"
        ),
        "{stderr}"
    );

    let docs = walk(&out.path().join("documents"));
    assert_eq!(docs.len(), corpus_pdfs().len());
    let mut sections = std::collections::HashMap::new();
    for path in &docs {
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(schema_errors(&value).is_empty(), "{}", path.display());
        let id = value["document_id"].as_str().unwrap().to_string();
        sections.insert(id, value["sections"].as_array().unwrap().len());
    }

    let tables = [
        "documents",
        "sections",
        "statistics",
        "recipients",
        "actors",
        "gantt",
        "cost_items",
        "cost_actions",
        "pilot_actions",
        "warnings",
    ];
    for t in tables {
        let (header, _) = read_csv(&out.path().join(format!("{t}.csv")));
        assert_eq!(&header[..2], ["document_id", "region"], "{t}.csv");
    }
    let (header, rows) = read_csv(&out.path().join("documents.csv"));
    assert_eq!(rows.len(), 5);
    let region = header.iter().position(|h| h == "region").unwrap();
    let mut regions: Vec<&str> = rows.iter().map(|r| r[region].as_str()).collect();
    regions.sort();
    assert_eq!(
        regions,
        ["Liguria", "Lombardia", "Marche", "Piemonte", "Piemonte"]
    );
    // Piemonte's two PDFs are two submissions of one plan: the tables hold
    // the current one's sections only.
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, submission) = (column("document_id"), column("submission"));
    let current: Vec<&str> = rows
        .iter()
        .filter(|r| r[submission] == "current")
        .map(|r| r[id].as_str())
        .collect();
    assert_eq!(current.len(), 4);
    let (header, rows) = read_csv(&out.path().join("sections.csv"));
    assert_eq!(
        rows.len(),
        current.iter().map(|d| sections[*d]).sum::<usize>()
    );
    assert_eq!(
        header,
        [
            "document_id",
            "region",
            "section_no",
            "id",
            "title",
            "page_start",
            "page_end",
            "text"
        ]
    );
    assert!(
        rows.iter()
            .any(|r| r[3] == "II.1.4" && r[4] == "c. Piano temporale –Gantt")
    );
    assert!(
        leftovers(out.path()).is_empty(),
        "{:?}",
        leftovers(out.path())
    );

    // The same bytes give the same outputs.
    let again = tempfile::tempdir().unwrap();
    let o = piani(&[
        "extract",
        corpus.to_str().unwrap(),
        "--out",
        again.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "--quiet prints nothing on success");
    for path in walk(out.path()) {
        let rel = path.strip_prefix(out.path()).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(again.path().join(rel)).unwrap(),
            "{} differs between runs",
            rel.display()
        );
    }
}

/// A one-page PDF drawing `operations`, with `resources` as the page's resources.
fn one_page_pdf(
    operations: Vec<lopdf::content::Operation>,
    resources: lopdf::Dictionary,
) -> Vec<u8> {
    use lopdf::content::Content;
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = Content { operations };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A page with a grey picture-like rectangle and no text: a scan.
fn scan_pdf() -> Vec<u8> {
    use lopdf::content::Operation;
    one_page_pdf(
        vec![
            Operation::new("g", vec![0.5.into()]),
            Operation::new("re", vec![50.into(), 50.into(), 495.into(), 742.into()]),
            Operation::new("f", vec![]),
        ],
        lopdf::Dictionary::new(),
    )
}

/// A page whose font resource is a number, not a font: pdf-extract panics on it.
fn broken_font_pdf() -> Vec<u8> {
    use lopdf::content::Operation;
    use lopdf::{Object, dictionary};
    one_page_pdf(
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), 12.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal("Regione")]),
            Operation::new("ET", vec![]),
        ],
        dictionary! { "Font" => dictionary! { "F1" => 42 } },
    )
}

#[test]
fn a_panic_inside_the_pdf_library_is_contained_to_its_page() {
    let bytes = broken_font_pdf();
    let doc = piani::extract("broken-font.pdf", &bytes).expect("the document is still returned");
    let codes: Vec<_> = doc.warnings.iter().map(|w| (w.code, w.page)).collect();
    assert!(
        codes.contains(&(piani::model::WarningCode::PageUnreadable, Some(1))),
        "{:?}",
        doc.warnings
    );
    assert!(
        doc.warnings[0].message.contains("panicked"),
        "{}",
        doc.warnings[0].message
    );
    // An unreadable page is not a scan.
    assert!(!codes.contains(&(piani::model::WarningCode::NoTextLayer, None)));
}

#[test]
fn malformed_operations_are_skipped_and_the_page_is_read() {
    use lopdf::content::Operation;
    use lopdf::{Object, dictionary};
    let bytes = one_page_pdf(
        vec![
            // A damaged stream: a cm short of operands, a Td with a name.
            Operation::new("cm", vec![1.into(), 0.into(), 0.into()]),
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), 12.into()]),
            Operation::new("Td", vec![Object::Name(b"x".to_vec()), 700.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![7.into()]),
            Operation::new("Tj", vec![Object::string_literal("Regione Marche")]),
            Operation::new("ET", vec![]),
        ],
        dictionary! { "Font" => dictionary! { "F1" => dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        } } },
    );
    let doc = piani::extract("damaged-stream.pdf", &bytes).unwrap();
    assert!(
        doc.warnings
            .iter()
            .all(|w| w.code != piani::model::WarningCode::PageUnreadable),
        "{:?}",
        doc.warnings
    );
    assert_eq!(doc.region, Some(piani::model::Region::Marche));
}

#[test]
fn the_next_line_operators_show_their_text_a_line_lower() {
    use lopdf::content::Operation;
    use lopdf::{Object, dictionary};
    let text = |s: &str| Object::string_literal(s);
    let bytes = one_page_pdf(
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), 12.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![text("Uno")]),
            Operation::new("'", vec![text("Due")]),
            Operation::new("\"", vec![0.into(), 1.into(), text("Tre")]),
            // Malformed: skipped, and the next line is still where it belongs.
            Operation::new("\"", vec![text("x"), 1.into(), text("Zero")]),
            Operation::new("'", vec![text("Quattro")]),
            Operation::new("ET", vec![]),
        ],
        dictionary! { "Font" => dictionary! { "F1" => dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        } } },
    );
    let pdf = piani::pdf::read(&bytes).unwrap();
    let first_glyphs: Vec<(String, f64)> = pdf.pages[0]
        .glyphs
        .iter()
        .filter(|g| g.text.chars().all(char::is_uppercase))
        .map(|g| (g.text.to_string(), g.baseline))
        .collect();
    assert_eq!(
        first_glyphs,
        [
            ("U".to_string(), 142.0),
            ("D".to_string(), 156.0),
            ("T".to_string(), 170.0),
            ("Q".to_string(), 184.0),
        ]
    );
}

#[test]
fn bad_input_is_reported_per_file_and_the_batch_goes_on() {
    let input = tempfile::tempdir().unwrap();
    let good = fixtures()
        .join("corpus")
        .join("002_c55eb3ee00ca505f.lo-docx.pdf");
    let good_bytes = std::fs::read(&good).unwrap();
    std::fs::copy(&good, input.path().join("marche.PDF")).unwrap();
    std::fs::write(
        input.path().join("page.pdf"),
        "<!DOCTYPE html><html><body>Piano</body></html>",
    )
    .unwrap();
    std::fs::write(input.path().join("empty.pdf"), b"").unwrap();
    // Header and a few objects, then garbage: nothing to recover.
    let mut garbage = b"%PDF-1.7\n".to_vec();
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    std::fs::write(input.path().join("garbage.pdf"), garbage).unwrap();
    std::fs::write(
        input.path().join("truncated.pdf"),
        &good_bytes[..good_bytes.len() / 3],
    )
    .unwrap();
    std::fs::write(input.path().join("scan.pdf"), scan_pdf()).unwrap();
    std::fs::copy(
        fixtures().join("variants/encrypted-with-password.pdf"),
        input.path().join("locked.pdf"),
    )
    .unwrap();
    std::fs::write(input.path().join("notes.txt"), "not an input").unwrap();

    let out = tempfile::tempdir().unwrap();
    let o = piani(&[
        "extract",
        input.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "some files failed: {stderr}");

    // One clear line per failed file, naming it and the reason.
    for (file, reason) in [
        ("page.pdf", "not a PDF"),
        ("empty.pdf", "the file is empty"),
        ("garbage.pdf", "damaged beyond repair"),
        ("truncated.pdf", "the file is cut short"),
        ("locked.pdf", "encrypted with a password"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(reason)),
            "{file}: {stderr}"
        );
    }
    assert!(!stderr.contains("notes.txt"));

    let (header, rows) = read_csv(&out.path().join("warnings.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let code_of = |file: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r[col("file")] == file)
            .map(|r| r[col("code")].clone())
            .collect()
    };
    assert_eq!(code_of("page.pdf"), ["NOT_A_PDF"]);
    assert_eq!(code_of("empty.pdf"), ["NOT_A_PDF"]);
    assert_eq!(code_of("garbage.pdf"), ["PDF_DAMAGED"]);
    assert_eq!(code_of("truncated.pdf"), ["PDF_DAMAGED"]);
    assert_eq!(code_of("locked.pdf"), ["PDF_ENCRYPTED"]);
    assert_eq!(code_of("scan.pdf"), ["NO_TEXT_LAYER"]);
    assert!(code_of("marche.PDF").is_empty());

    // The good file and the scan have their JSON; the failures none.
    let (header, rows) = read_csv(&out.path().join("documents.csv"));
    let status = |file: &str| {
        rows.iter()
            .find(|r| r[header.iter().position(|h| h == "file").unwrap()] == file)
            .map(|r| r[header.iter().position(|h| h == "status").unwrap()].clone())
            .unwrap()
    };
    assert_eq!(status("marche.PDF"), "ok");
    assert_eq!(status("scan.pdf"), "warnings");
    assert_eq!(status("truncated.pdf"), "failed");
    let docs = walk(&out.path().join("documents"));
    assert_eq!(docs.len(), 2);
    for path in &docs {
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(schema_errors(&value).is_empty());
    }
    assert!(leftovers(out.path()).is_empty());
}

/// A second run into an output folder another run is writing stops at once
/// with exit 2 and says why; with --wait it waits and then runs.
#[test]
fn one_run_at_a_time_writes_an_output_folder() {
    let out = tempfile::tempdir().unwrap();
    let pdf = corpus_pdfs()[0].display().to_string();
    let dir = out.path().display().to_string();
    std::fs::create_dir_all(out.path().join("documents")).unwrap();
    let held = piani::lock::lock(out.path(), false).unwrap();
    let busy = piani(&["extract", &pdf, "-o", &dir, "-q"]);
    assert_eq!(busy.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&busy.stderr);
    assert!(
        stderr.contains("another piani run is writing this folder"),
        "{stderr}"
    );
    assert!(!out.path().join("manifest.json").exists());

    let waiting = Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(["extract", &pdf, "-o", &dir, "-q", "--wait"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!out.path().join("manifest.json").exists());
    drop(held);
    let done = waiting.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(0));
    assert!(out.path().join("manifest.json").exists());
}

/// Entries of an input folder that cannot be read (a dangling symlink, a
/// symlink loop) are skipped with a warning naming them; the batch goes on. A
/// link is followed to a file within the folder, not out of it unless
/// --follow is given.
#[cfg(unix)]
#[test]
fn unreadable_folder_entries_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let (input, out, elsewhere) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    std::fs::copy(&corpus_pdfs()[0], input.path().join("plan.pdf")).unwrap();
    std::fs::copy(&corpus_pdfs()[1], elsewhere.path().join("other.pdf")).unwrap();
    symlink("/nonexistent/x.pdf", input.path().join("dangling.pdf")).unwrap();
    symlink(
        input.path().join("plan.pdf"),
        input.path().join("alias.pdf"),
    )
    .unwrap();
    symlink(
        elsewhere.path().join("other.pdf"),
        input.path().join("outside.pdf"),
    )
    .unwrap();
    let sub = input.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    symlink(input.path(), sub.join("loop")).unwrap();
    let extract = |follow: bool| {
        let mut args = vec![
            "extract".to_string(),
            input.path().display().to_string(),
            "-o".to_string(),
            out.path().display().to_string(),
            "--force".to_string(),
        ];
        if follow {
            args.push("--follow".to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = piani(&args);
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("warning: skipped") && stderr.contains("dangling.pdf"),
            "{stderr}"
        );
        stderr
    };
    let stderr = extract(false);
    assert!(
        stderr.contains("outside.pdf") && stderr.contains("--follow"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 documents:") && stderr.contains("0 failed"),
        "{stderr}"
    );
    let stderr = extract(true);
    assert!(
        stderr.contains("loop") && !stderr.contains("outside.pdf"),
        "{stderr}"
    );
}

#[test]
fn a_fifo_or_an_oversized_input_fails_alone_unread() {
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let fifo = input.path().join("pipe.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let big = input.path().join("big.pdf");
    std::fs::write(&big, vec![b'%'; 3 * 1024 * 1024]).unwrap();
    let plan = corpus_pdfs()[0].display().to_string();
    let run = piani(&[
        "extract",
        &plan,
        &fifo.display().to_string(),
        &big.display().to_string(),
        "-o",
        &out.path().display().to_string(),
        "--max-size",
        "2",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("pipe.pdf: cannot read: not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("big.pdf: cannot read: larger than the size limit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 documents:") && stderr.contains("2 failed"),
        "{stderr}"
    );
}

/// A file that failed before and has not changed is reported again, but
/// exit 1 means something failed this time.
#[test]
fn an_unchanged_bad_file_does_not_fail_every_later_run() {
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(input.path().join("bad.pdf"), b"%PDF-1.7\n garbage").unwrap();
    std::fs::copy(&corpus_pdfs()[0], input.path().join("plan.pdf")).unwrap();
    let args = [
        "extract".to_string(),
        input.path().display().to_string(),
        "-o".to_string(),
        out.path().display().to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let first = piani(&args);
    assert_eq!(first.status.code(), Some(1));
    let again = piani(&args);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("bad.pdf") && stderr.contains("as before"),
        "{stderr}"
    );
}

/// A file name holding control characters (an escape sequence, a newline)
/// is printed escaped: it can neither rewrite the terminal nor forge a line.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_printed_escaped() {
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let name = "bad\u{1b}[31mred\npiani: 0 failed.pdf";
    std::fs::write(input.path().join(name), b"%PDF-1.7\n garbage").unwrap();
    let run = piani(&[
        "extract",
        &input.path().display().to_string(),
        "-o",
        &out.path().display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        stderr.contains("bad\\u{1b}[31mred\\npiani: 0 failed.pdf"),
        "{stderr}"
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("piani: 0 failed"))
            .count(),
        0
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = piani(&["extract"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Usage: piani extract"));

    let out = tempfile::tempdir().unwrap();
    let o = piani(&[
        "extract",
        "no/such/folder",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/folder"));

    // An output folder that cannot be written is found before any extraction.
    let pdf = fixtures()
        .join("corpus")
        .join("002_c55eb3ee00ca505f.lo-docx.pdf");
    let not_a_folder = out.path().join("out");
    std::fs::write(&not_a_folder, b"a file").unwrap();
    let blocked = out.path().join("blocked");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("documents"), b"a file").unwrap();
    for out in [&not_a_folder, &blocked] {
        let o = piani(&[
            "extract",
            pdf.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains("cannot create the output folder"),
            "{stderr}"
        );
        assert!(stderr.contains(out.to_str().unwrap()), "{stderr}");
    }
    assert!(!blocked.join("manifest.json").exists());
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let o = piani(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/document.schema.json"),
    )
    .unwrap();
    assert!(
        String::from_utf8(o.stdout).unwrap() == committed,
        "`piani schema` differs from schemas/document.schema.json"
    );
}
