//! `piani report` as a person sees it: the corpus output's report opened in
//! headless Chromium (which `.ci/run` installs) renders every section with
//! no console message, its figures are the ground truth's, its links lead to
//! the PDFs' pages, its tables sort, and the same output folder gives the
//! same bytes. A screenshot of each section is saved under
//! `target/report-screenshots/` for a human to look at.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use regex::Regex;

/// The report's sections, by id, as the navigation lists them.
const SECTIONS: [&str; 6] = [
    "overview",
    "statistics",
    "costs",
    "gantt",
    "recipients",
    "pilot-actions",
];

/// The corpus extracted, and its report written, once for every test.
struct Corpus {
    _dir: tempfile::TempDir,
    out: PathBuf,
    report: PathBuf,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(["extract", "--quiet", "--out"])
        .arg(&out)
        .args(common::corpus_pdfs())
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new(env!("CARGO_BIN_EXE_piani"))
        .arg("report")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let report = out.join("report.html");
    Corpus {
        _dir: dir,
        out,
        report,
    }
});

/// Headless Chromium with the flags this sandbox needs (no network, no
/// first-run work, a fresh profile); returns stdout and the page's console
/// messages (Chromium logs each as `INFO:CONSOLE…`).
fn chromium(args: &[&str], page: &Path) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let run = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("chromium not found ({e}): .ci/run installs it"));
    let console = String::from_utf8_lossy(&run.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect();
    (String::from_utf8_lossy(&run.stdout).into_owned(), console)
}

/// The report with one section shown alone (the others hidden), plus `extra`
/// at the end of the body: for screenshots and for clicking.
fn variant(name: &str, css: &str, extra: &str) -> PathBuf {
    let html = std::fs::read_to_string(&CORPUS.report).unwrap();
    let html = html.replace("</style>", &format!("{css}</style>"));
    let html = html.replace("</body>", &format!("{extra}</body>"));
    // Beside the report, so that its relative links still lead to the PDFs.
    let path = CORPUS.out.join(format!("{name}.html"));
    std::fs::write(&path, html).unwrap();
    path
}

/// The console detector sees what a broken page logs: without this, the
/// test below could pass on a page whose script fails.
#[test]
fn the_console_check_sees_errors() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<html><body><script>throw new Error('broken on purpose')</script></body></html>",
    )
    .unwrap();
    let (_, console) = chromium(&["--dump-dom"], &page);
    assert!(
        console.iter().any(|l| l.contains("broken on purpose")),
        "{console:?}"
    );
}

#[test]
fn chromium_renders_every_section_with_the_corpus_figures_and_no_console_message() {
    let (dom, console) = chromium(&["--dump-dom"], &CORPUS.report);
    assert!(console.is_empty(), "console: {console:#?}");
    for id in SECTIONS {
        assert!(
            dom.contains(&format!(r#"<section id="{id}">"#)),
            "section {id} missing"
        );
        assert!(
            dom.contains(&format!(r##"<a href="#{id}">"##)),
            "nav to {id}"
        );
    }
    // The overview: the four regions' current plans (Piemonte's two
    // submissions are one plan), Liguria with its two check errors.
    let overview = between(&dom, r#"<section id="overview">"#, "</section>");
    for region in ["Liguria", "Lombardia", "Marche", "Piemonte"] {
        assert_eq!(
            overview.matches(&format!("<tr><td>{region}</td>")).count(),
            1,
            "{region}"
        );
    }
    assert!(overview.contains("<summary>Liguria — 2 errors, 1 warning</summary>"));
    assert!(overview.contains("Submissions superseded by a newer one"));
    // Sezione I: Liguria's foreign residents (ground truth: 138.355).
    let statistics = between(&dom, r#"<section id="statistics">"#, "</section>");
    assert!(statistics.contains(">138.355</a>"));
    assert_eq!(
        statistics.matches("<svg").count(),
        20,
        "a chart per indicator"
    );
    // Costs: Lombardia's rows add up to 80.000,00 more than it declares,
    // highlighted; Marche has no budget; Liguria's D) action is flagged.
    let costs = between(&dom, r#"<section id="costs">"#, "</section>");
    assert!(costs.contains(r#"<td class="n bad" data-sort="8000000">80.000,00</td>"#));
    assert!(costs.contains(
        r#"<tr><td>Marche</td><td class="n bad" data-sort="1">1</td><td colspan="3" class="bad">no budget read</td>"#
    ));
    // Liguria's costs add up overall, but the check finds two errors: red.
    assert!(costs.contains(r#"<tr><td>Liguria</td><td class="n bad" data-sort="2">2</td>"#));
    assert!(costs.contains(r#"<tr><td>Piemonte</td><td class="n" data-sort="0">0</td>"#));
    // D)'s declared total, linked to the page it is printed on (16).
    assert!(
        costs.contains(r#"p. 16">7.117,00</a></td><td class="n" data-sort="811700">8.117,00</td>"#)
    );
    // Liguria's items by category: 48.000 + 5.000 + 5.000 + 2.117 of internal
    // staff out of 128.117 with an amount: 46,9%.
    assert!(costs.contains(r#"data-sort="46.9"#) && costs.contains(">46,9%</td>"));
    // Gantt: a timeline per plan; Liguria's has a bar for each mark of its
    // ground truth.
    let gantt = between(&dom, r#"<section id="gantt">"#, "</section>");
    assert_eq!(gantt.matches("<svg").count(), 4);
    let liguria = common::ground_truth(Path::new("000_1f2cd472f46066f6.lo-docx.pdf"));
    let marks: usize = liguria["gantt"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["marks"].as_array().unwrap().len())
        .sum();
    let timeline = between(gantt, "<h3>Liguria</h3>", "</svg>");
    assert_eq!(timeline.matches(r#"<rect class="mark""#).count(), marks);
    // Pilot actions: Marche's Azione 2 has unreadable boxes; Liguria's
    // Azione 5 is under regional direction.
    let pilots = between(&dom, r#"<section id="pilot-actions">"#, "</section>");
    assert!(pilots.contains(r#"<td class="bad"><a "#) && pilots.contains(">? ?</a>"));
    assert!(pilots.contains(">R</a>"));

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for id in SECTIONS {
        let alone = variant(
            &format!("only-{id}"),
            &format!("section{{display:none}}#{id}{{display:block}}header{{display:none}}"),
            "",
        );
        let png = shots.join(format!("{id}.png"));
        let (_, console) = chromium(
            &[
                "--window-size=1200,1600",
                "--hide-scrollbars",
                &format!("--screenshot={}", png.display()),
            ],
            &alone,
        );
        assert!(console.is_empty(), "{id}: {console:#?}");
        let size = std::fs::metadata(&png).unwrap().len();
        assert!(size > 10_000, "{id}: a screenshot of {size} bytes is blank");
    }
}

/// A URL path with its `%XX` escapes decoded.
fn percent_decoded(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&href[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Clicking a column header sorts the rows by it, amounts as numbers: the
/// actions' declared amounts (cents in `data-sort`) go 0,00 < 7.117,00 <
/// 13.000,00, where sorting them as text would put "1300000" before "711700".
#[test]
fn a_table_sorts_by_the_clicked_column_numbers_as_numbers() {
    static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"<td class="n(?: bad)?" data-sort="\d+">(?:<a [^>]*>)?([\d.,]+)(?:</a>)?</td>"#,
        )
        .unwrap()
    });
    let clicked = variant(
        "sorted",
        "",
        r##"<script>document.querySelectorAll("#costs table")[1].tHead.rows[0].cells[2].click();</script>"##,
    );
    let (dom, console) = chromium(&["--dump-dom"], &clicked);
    assert!(console.is_empty(), "{console:#?}");
    let costs = between(&dom, r#"<section id="costs">"#, "</section>");
    let by_action = between(costs, "<h3>By action</h3>", "</table>");
    let declared: Vec<&str> = by_action
        .split("<tr>")
        .skip(2)
        .filter_map(|row| Some(DECLARED.captures(row)?.get(1)?.as_str()))
        .take(3)
        .collect();
    assert_eq!(declared, ["0,00", "7.117,00", "13.000,00"]);
}

/// Every link to a PDF page leads to an existing PDF, at a page it has.
#[test]
fn every_figure_links_to_its_pdf_and_page() {
    static HREF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r##"href="([^"#]+)#page=(\d+)""##).unwrap());
    let html = std::fs::read_to_string(&CORPUS.report).unwrap();
    let mut links = 0;
    for c in HREF.captures_iter(&html) {
        let target = CORPUS.out.join(percent_decoded(&c[1]));
        let page: u32 = c[2].parse().unwrap();
        let pdf =
            lopdf::Document::load(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        assert!(
            page >= 1 && page as usize <= pdf.get_pages().len(),
            "{}: page {page}",
            target.display()
        );
        links += 1;
    }
    assert!(links > 0);
    // Every figure of the indicator table is a link: each cell is a dash or one.
    let statistics = between(&html, r#"<section id="statistics">"#, "</table>");
    let cells: Vec<&str> = statistics.split(r#"<td class="n""#).skip(1).collect();
    assert!(cells.len() >= 80, "{} cells", cells.len());
    for cell in cells {
        assert!(
            cell.contains(">—</td>") || cell.contains("#page="),
            "a figure without its page: {cell}"
        );
    }
}

/// The page is self-contained (no external script, style, font or image)
/// and the same output folder gives the same bytes, wherever it is written.
#[test]
fn the_report_is_self_contained_and_the_same_on_every_run() {
    let html = std::fs::read_to_string(&CORPUS.report).unwrap();
    for outside in ["src=", "<link", "@import", "url(", "http://", "https://"] {
        assert!(
            !html.contains(outside),
            "the page refers outside: {outside}"
        );
    }
    let again = CORPUS.out.join("again.html");
    let status = Command::new(env!("CARGO_BIN_EXE_piani"))
        .arg("report")
        .arg(&CORPUS.out)
        .arg("--html")
        .arg(&again)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(std::fs::read(&again).unwrap() == html.as_bytes());
}

#[test]
fn a_folder_without_output_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_piani"))
        .arg("report")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no documents"));
    assert!(!dir.path().join("report.html").exists());
}

/// Text from a PDF reaches the page as text, never as markup; a document
/// that cannot be read back is listed, not passed off as a region that did
/// not submit, and the run says so (exit 1); the report never overwrites
/// what `extract` wrote.
#[test]
fn hostile_text_missing_documents_and_clashing_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for entry in walkdir::WalkDir::new(&CORPUS.out) {
        let entry = entry.unwrap();
        let to = out.join(entry.path().strip_prefix(&CORPUS.out).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let mut documents: Vec<PathBuf> = std::fs::read_dir(out.join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    documents.sort();
    // A label carrying markup and a bidirectional override.
    let hostile = "<script>alert(1)</script>\u{202e}\"><img src=x onerror=alert(2)>";
    let mut liguria: serde_json::Value = documents
        .iter()
        .map(|p| serde_json::from_slice::<serde_json::Value>(&std::fs::read(p).unwrap()).unwrap())
        .find(|d| d["region"] == "Liguria")
        .unwrap();
    liguria["actors"][0]["action"] = hostile.into();
    liguria["gantt"]["rows"][5]["label"] = hostile.into();
    liguria["costs"]["actions"][0]["label"] = hostile.into();
    let id = liguria["document_id"].as_str().unwrap().to_string();
    std::fs::write(
        out.join("documents").join(format!("{id}.json")),
        serde_json::to_vec(&liguria).unwrap(),
    )
    .unwrap();
    let marche = documents
        .iter()
        .find(|p| {
            serde_json::from_slice::<serde_json::Value>(&std::fs::read(p).unwrap()).unwrap()
                ["region"]
                == "Marche"
        })
        .unwrap()
        .clone();
    std::fs::remove_file(&marche).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_piani"))
        .arg("report")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "a document could not be read");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img"));
    assert!(!html.contains('\u{202e}'));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let overview = between(&html, r#"<section id="overview">"#, "</section>");
    assert!(overview.contains("<h3>Inputs not in this report</h3>"));
    assert!(overview.contains("cannot be read"));
    let (_, console) = chromium(&["--dump-dom"], &out.join("report.html"));
    assert!(console.is_empty(), "{console:#?}");

    for clash in ["manifest.json", "documents.csv", "documents/x.html"] {
        let run = Command::new(env!("CARGO_BIN_EXE_piani"))
            .arg("report")
            .arg(&out)
            .arg("--html")
            .arg(out.join(clash))
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{clash}");
    }
    assert!(
        std::fs::read(out.join("manifest.json"))
            .unwrap()
            .starts_with(b"{")
    );
}

/// Inputs given as relative paths are found from wherever the report runs:
/// the manifest records each input's absolute path too, so the page's links
/// (and its bytes) do not depend on the current folder.
#[test]
fn links_do_not_depend_on_the_folder_report_runs_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO_BIN_EXE_piani"))
        .current_dir(root)
        .args([
            "extract",
            "--quiet",
            "fixtures/corpus/002_c55eb3ee00ca505f.lo-docx.pdf",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages = Vec::new();
    for (cwd, name) in [(root, "a.html"), (dir.path(), "b.html")] {
        let status = Command::new(env!("CARGO_BIN_EXE_piani"))
            .current_dir(cwd)
            .arg("report")
            .arg(&out)
            .arg("--html")
            .arg(dir.path().join(name))
            .status()
            .unwrap();
        assert!(status.success());
        pages.push(std::fs::read_to_string(dir.path().join(name)).unwrap());
    }
    assert!(
        pages[0] == pages[1],
        "the page depends on the current folder"
    );
    let href = Regex::new(r##"href="([^"#]+)#page=1""##).unwrap();
    let link = &href.captures(&pages[0]).unwrap()[1];
    let pdf = dir.path().join(percent_decoded(link));
    assert!(pdf.is_file(), "{} does not lead to the PDF", pdf.display());
}
