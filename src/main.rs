//! The `piani` command line: `piani extract <PDF or folder>... --out DIR`,
//! `piani check <PDF>...` (a verdict per submission), `piani report OUT`
//! (one HTML page comparing the plans), `piani schema`, `piani figures`
//! (Sezione I passages on stdin, what each figure is on stdout).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use piani::batch::{self, Config, Outcome};
use piani::check::{Allocations, Verdict};
use piani::manifest::Settings;
use piani::model::{Region, Status};
use piani::writers::csv;

/// Prints a message on stderr with its control characters escaped: a file
/// name may hold any byte but `/`, and an escape sequence in one must not
/// rewrite the operator's terminal or forge a log line.
macro_rules! say {
    ($($arg:tt)*) => {
        std::eprintln!("{}", printable(&format!($($arg)*)))
    };
}

/// `text` with every control character (newlines included) escaped as Rust
/// writes it (`\u{1b}`, `\n`), so one message stays one line.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[derive(Parser)]
#[command(
    name = "piani",
    version,
    about = "Turns the regions' integration plans (PDF) into comparable JSON and CSV"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `--csv-dialect`: see `piani::writers::csv::Dialect`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CsvDialect {
    Rfc4180,
    ExcelIt,
}

#[derive(Subcommand)]
enum Command {
    /// Extract PDFs (files or folders searched for *.pdf) into OUT. Files already
    /// processed with the same content and settings (see OUT/manifest.json) are
    /// skipped.
    Extract {
        /// PDF files or folders.
        #[arg(required = true, value_name = "PDF_OR_FOLDER")]
        inputs: Vec<PathBuf>,
        /// Output folder: documents/<document_id>.json, the CSV tables, manifest.json.
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
        /// Documents processed at once (default: all cores, as many as the
        /// memory holds at --max-memory each).
        #[arg(short, long, value_name = "N", default_value_t = 0)]
        jobs: usize,
        /// Time limit for one document, in seconds (0: none).
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        timeout: u64,
        /// Memory bound of each extraction process, in MiB (0: none).
        #[arg(long, value_name = "MIB", default_value_t = 4096)]
        max_memory: u64,
        /// Extract every file again, even when unchanged.
        #[arg(long)]
        force: bool,
        /// Extract in this process, without the time limit and memory bound.
        #[arg(long)]
        no_isolation: bool,
        /// Remove from OUT the documents of earlier inputs that are gone from
        /// under this run's inputs (by default OUT keeps every earlier document).
        #[arg(long)]
        prune: bool,
        /// Follow symbolic links in input folders wherever they lead (by
        /// default only to files within the folder).
        #[arg(long)]
        follow: bool,
        /// When another run is writing OUT, wait for it instead of stopping.
        #[arg(long)]
        wait: bool,
        /// Inputs larger than this fail unread, in MiB (0: no limit).
        #[arg(long, value_name = "MIB", default_value_t = 1024)]
        max_size: u64,
        /// Put every submission of a plan in the record tables, not only the
        /// newest (documents.csv marks which is current either way).
        #[arg(long)]
        all_submissions: bool,
        /// How the CSV tables are written: rfc4180 (`,`, `.` decimals) or
        /// excel-it (`;`, decimal comma, BOM, CRLF: what a spreadsheet with
        /// Italian settings opens as numbers).
        #[arg(long, value_enum, value_name = "DIALECT", default_value = "rfc4180")]
        csv_dialect: CsvDialect,
        /// No progress bar and no summary; errors are still reported.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Check submissions (PDF files, or folders searched for *.pdf) against
    /// the template and against themselves: sections and tables found, totals
    /// that add up, Gantt inside the accord's 18 months, tick boxes and
    /// contacts readable. Exit 0 when no submission has an error, 1 when one
    /// has, 2 on usage errors.
    Check {
        #[arg(required = true, value_name = "PDF_OR_FOLDER")]
        inputs: Vec<PathBuf>,
        /// Each region's allocation (CSV: `region,allocation_eur`; see
        /// examples/allocations.csv): the declared total must equal it.
        #[arg(long, value_name = "FILE")]
        allocations: Option<PathBuf>,
        /// Print the verdicts as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write one self-contained HTML page comparing the current plan of every
    /// region in OUT (an `extract` output folder): overview and check results,
    /// Sezione I indicators, costs, Gantt timelines, recipients and actors,
    /// pilot actions; every figure links to its PDF page.
    Report {
        /// The output folder of `piani extract`.
        #[arg(value_name = "OUT")]
        out: PathBuf,
        /// Where to write the page (default: OUT/report.html).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Each region's allocation, as for `piani check`.
        #[arg(long, value_name = "FILE")]
        allocations: Option<PathBuf>,
    },
    /// Print the JSON Schema of the per-document JSON.
    Schema,
    /// Read Sezione I-style passages and print what each figure is, by the same
    /// code as `extract`: plain text on stdin (paragraphs separated by blank
    /// lines) gives one statistic per line; with --jsonl, each stdin line
    /// `{"id","region","text"}` gives `{"id","found":{indicator:value}}`.
    Figures {
        /// Read and write JSON lines instead of plain text.
        #[arg(long)]
        jsonl: bool,
        /// The region the plain text is from (canonical name, e.g. "Lazio").
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// Extract the files whose paths arrive on stdin, for the parent process.
    #[command(name = "__worker", hide = true)]
    Worker {
        /// CPU seconds each document may use (0: no limit).
        #[arg(long, default_value_t = 0)]
        cpu_limit: u64,
    },
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Schema => {
            print!("{}", piani::model::json_schema());
            ExitCode::SUCCESS
        }
        Command::Worker { cpu_limit } => piani::isolate::worker(cpu_limit),
        Command::Figures { jsonl, region } => figures(jsonl, region.as_deref()),
        Command::Check {
            inputs,
            allocations,
            json,
        } => check(&inputs, allocations.as_deref(), json),
        Command::Report {
            out,
            html,
            allocations,
        } => report(&out, html, allocations.as_deref()),
        Command::Extract {
            inputs,
            out,
            jobs,
            timeout,
            max_memory,
            force,
            no_isolation,
            prune,
            follow,
            wait,
            max_size,
            all_submissions,
            csv_dialect,
            quiet,
        } => {
            let worker = if no_isolation {
                None
            } else {
                match std::env::current_exe() {
                    Ok(exe) => Some(exe),
                    Err(e) => {
                        say!("piani: cannot find its own executable to isolate extractions: {e}");
                        return ExitCode::from(2);
                    }
                }
            };
            let jobs = match jobs {
                0 => batch::default_jobs(
                    std::thread::available_parallelism().map_or(1, |n| n.get()),
                    physical_memory_mb(),
                    max_memory,
                ),
                n => n,
            };
            let config = Config {
                out,
                jobs,
                settings: Settings {
                    timeout_s: timeout,
                    max_memory_mb: max_memory,
                },
                force,
                worker,
                prune: prune.then(|| inputs.clone()),
                max_size: max_size.saturating_mul(1024 * 1024),
                stop: piani::stop::Stop::default(),
                tables: Some(csv::Options {
                    submissions: if all_submissions {
                        csv::Submissions::All
                    } else {
                        csv::Submissions::Current
                    },
                    dialect: match csv_dialect {
                        CsvDialect::Rfc4180 => csv::Dialect::Rfc4180,
                        CsvDialect::ExcelIt => csv::Dialect::ExcelIt,
                    },
                }),
            };
            extract(&inputs, &config, follow, wait, quiet)
        }
    }
}

/// The PDFs under `inputs` (see [`batch::collect_inputs`]), each folder entry
/// skipped said as a warning; none, or an input that is not there, is a
/// usage error (exit 2).
fn pdf_inputs(inputs: &[PathBuf], follow: bool) -> Result<Vec<PathBuf>, ExitCode> {
    match batch::collect_inputs(inputs, follow) {
        Ok(found) => {
            for e in &found.skipped {
                say!("piani: warning: skipped {e}");
            }
            if found.files.is_empty() {
                say!("piani: no PDF files found in the given inputs");
                return Err(ExitCode::from(2));
            }
            Ok(found.files)
        }
        Err(e) => {
            say!("piani: {e}");
            Err(ExitCode::from(2))
        }
    }
}

fn extract(inputs: &[PathBuf], config: &Config, follow: bool, wait: bool, quiet: bool) -> ExitCode {
    let started = Instant::now();
    let files = match pdf_inputs(inputs, follow) {
        Ok(files) => files,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(config.out.join("documents")) {
        say!(
            "piani: {}: cannot create the output folder: {e}",
            config.out.display()
        );
        return ExitCode::from(2);
    }
    // Held to the end of the run.
    let _lock = match piani::lock::lock(&config.out, wait) {
        Ok(lock) => lock,
        Err(e) => {
            say!("piani: {e}");
            return ExitCode::from(2);
        }
    };
    let signalled = match stop_on_signals(config) {
        Ok(signalled) => signalled,
        Err(e) => {
            say!("piani: cannot handle signals: {e}");
            return ExitCode::from(2);
        }
    };
    let bar = progress_bar(files.len(), quiet);
    // A panic inside a PDF library is reported as that file's failure; keep the
    // default hook from printing it as if the program had crashed.
    std::panic::set_hook(Box::new(|_| {}));
    let report = batch::run(&files, config, |o: &Outcome| {
        bar.set_message(printable(&o.file_name));
        bar.inc(1);
    });
    let _ = std::panic::take_hook();
    bar.finish_and_clear();

    for o in &report.outcomes {
        match &o.result {
            Err(e) if o.reused => say!("piani: {e} (as before: the file is unchanged)"),
            Err(e) => say!("piani: {e}"),
            Ok(_) => {}
        }
    }
    for n in &report.notices {
        say!("piani: warning: {n}");
    }
    for e in &report.write_errors {
        say!("piani: {e}");
    }
    let failed = report.count(Status::Failed);
    if !quiet && report.outdated > 0 {
        say!(
            "piani: {} documents extracted again: piani changed since they were extracted",
            report.outdated
        );
    }
    if !quiet {
        let pages: u32 = report
            .outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .map(|listing| listing.pages)
            .sum();
        say!(
            "piani: {} documents: {} ok, {} with warnings, {} failed ({} unchanged, {} removed, {} kept from earlier runs); {} pages; {:.1} s",
            report.outcomes.len(),
            report.count(Status::Ok),
            report.count(Status::Warnings),
            failed,
            report.reused(),
            report.removed,
            report.kept,
            pages,
            started.elapsed().as_secs_f64()
        );
    }
    if report.interrupted > 0 || config.stop.requested() {
        say!(
            "piani: stopped by a signal: {} documents left for the next run",
            report.interrupted
        );
        let code = signalled.load(Ordering::SeqCst);
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    // Exit 1 says something failed this time: a file that failed before and
    // has not changed fails again every night, and is not news.
    let new_failures = report
        .outcomes
        .iter()
        .filter(|o| o.result.is_err() && !o.reused)
        .count();
    if new_failures > 0 || !report.write_errors.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads `--allocations`, or none: a usage error says why it cannot be read.
fn allocations(path: Option<&std::path::Path>) -> Result<Allocations, ExitCode> {
    match path.map(Allocations::read) {
        None => Ok(Allocations::default()),
        Some(Ok(a)) => Ok(a),
        Some(Err(e)) => {
            say!("piani: --allocations {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// `piani check`: each input extracted and checked, the verdicts printed in
/// the order `extract` takes the inputs (sorted by path).
fn check(inputs: &[PathBuf], allocations_file: Option<&std::path::Path>, json: bool) -> ExitCode {
    use std::io::Write;
    let allocations = match allocations(allocations_file) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let files = match pdf_inputs(inputs, false) {
        Ok(files) => files,
        Err(code) => return code,
    };
    // Extracted as `extract` does, each in a worker process with the same time
    // limit and memory bound, so that one PDF that hangs or crashes gets its
    // verdict and the others theirs; the outputs go to a scratch folder.
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            say!("piani: cannot make a scratch folder to extract in: {e}");
            return ExitCode::from(2);
        }
    };
    let worker = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            say!("piani: cannot find its own executable to isolate extractions: {e}");
            return ExitCode::from(2);
        }
    };
    let defaults = Settings {
        timeout_s: 60,
        max_memory_mb: 4096,
    };
    let config = Config {
        out: scratch.path().to_path_buf(),
        jobs: batch::default_jobs(
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            physical_memory_mb(),
            defaults.max_memory_mb,
        ),
        settings: defaults,
        force: true,
        worker: Some(worker),
        prune: None,
        max_size: 1024 * 1024 * 1024,
        stop: piani::stop::Stop::default(),
        tables: None,
    };
    std::panic::set_hook(Box::new(|_| {}));
    let report = batch::run(&files, &config, |_| {});
    let _ = std::panic::take_hook();
    let verdicts: Vec<Verdict> = report
        .outcomes
        .iter()
        .map(|o| {
            let shown = o.path.display().to_string();
            let doc = o.result.as_ref().map(|listing| {
                piani::writers::json::read_document(&config.out, &listing.document_id)
            });
            match doc {
                Ok(Ok(doc)) => piani::check::check(&shown, &doc, &allocations),
                Ok(Err(e)) => piani::check::unreadable(&shown, &e.to_string()),
                Err(e) => piani::check::unreadable(&shown, &e.reason()),
            }
        })
        .collect();
    let text = if json {
        #[derive(serde::Serialize)]
        struct Checked<'a> {
            submissions: &'a [Verdict],
        }
        let mut t = serde_json::to_string_pretty(&Checked {
            submissions: &verdicts,
        })
        .expect("verdicts serialize");
        t.push('\n');
        t
    } else {
        verdicts
            .iter()
            .map(|v| printable_block(&v.to_text()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return ExitCode::from(1);
    }
    if verdicts.iter().all(Verdict::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `piani report`: the documents of OUT's manifest, each once, compared in
/// one HTML page written atomically.
fn report(
    out: &std::path::Path,
    html: Option<PathBuf>,
    allocations_file: Option<&std::path::Path>,
) -> ExitCode {
    use piani::writers::report::{self, Failure, Plan};
    let allocations = match allocations(allocations_file) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let manifest = match piani::manifest::Manifest::read(out) {
        Ok(m) if !m.files.is_empty() => m,
        Ok(_) => {
            say!(
                "piani: {}: no documents (not the output folder of `piani extract`?)",
                out.display()
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            say!("piani: {}: manifest {e}", out.display());
            return ExitCode::from(2);
        }
    };
    let html = html.unwrap_or_else(|| out.join("report.html"));
    if let Some(clash) = output_of_extract(out, &html) {
        say!(
            "piani: --html {}: that is {clash} of the output folder; write the report elsewhere",
            html.display()
        );
        return ExitCode::from(2);
    }
    let from = html
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut docs: Vec<(piani::Document, &piani::manifest::Entry)> = Vec::new();
    let mut failures = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for entry in &manifest.files {
        if entry.status == Status::Failed {
            failures.push(Failure {
                path: &entry.path,
                reason: entry.reason.clone().unwrap_or_else(|| "failed".to_string()),
            });
            continue;
        }
        // The same content under several paths is one document, counted once.
        if !seen.insert(&entry.document_id) {
            continue;
        }
        if !piani::document::is_document_id(&entry.document_id) {
            failures.push(Failure {
                path: &entry.path,
                reason: format!(
                    "the manifest names no document for it ({:?})",
                    entry.document_id
                ),
            });
            continue;
        }
        match piani::writers::json::read_document(out, &entry.document_id) {
            Ok(doc) => docs.push((doc, entry)),
            Err(e) => {
                say!("piani: left out of the report: {e}");
                failures.push(Failure {
                    path: &entry.path,
                    reason: format!("its document cannot be read: {e}"),
                });
            }
        }
    }
    // An input left out for a missing document is a fault in OUT: said, and exit 1.
    let left_out = failures.len()
        - manifest
            .files
            .iter()
            .filter(|e| e.status == Status::Failed)
            .count();
    let submitted: Vec<piani::plans::Submitted> = docs
        .iter()
        .map(|(d, e)| piani::plans::Submitted::of(d, std::path::Path::new(&e.path)))
        .collect();
    let standings = piani::plans::standings(&submitted);
    let plans: Vec<Plan> = docs
        .iter()
        .zip(standings)
        .map(|((doc, entry), submission)| Plan {
            doc,
            path: &entry.path,
            // Found from where the extraction ran, wherever the report runs.
            href: relative_href(
                std::path::Path::new(entry.absolute.as_deref().unwrap_or(&entry.path)),
                from,
            ),
            submission,
        })
        .collect();
    let page = report::html(&plans, &failures, &allocations);
    if let Err(e) = piani::writers::write_atomic(&html, page.as_bytes()) {
        say!("piani: {}: cannot write the report: {e}", html.display());
        return ExitCode::from(1);
    }
    if left_out > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `html` would overwrite of the output folder `out` that `extract`
/// writes (its manifest, tables, workbook, package or documents), if anything.
fn output_of_extract(out: &std::path::Path, html: &std::path::Path) -> Option<&'static str> {
    let folder = |p: &std::path::Path| std::path::absolute(p).ok();
    let parent = html
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let (Some(out), Some(dir)) = (folder(out), folder(parent)) else {
        return None;
    };
    if dir == out.join("documents") {
        return Some("the documents folder");
    }
    let name = html.file_name()?.to_string_lossy();
    let written = name == piani::manifest::FILE_NAME
        || name == piani::manifest::JOURNAL_NAME
        || name.ends_with(".csv")
        || name == csv::PACKAGE
        || name == csv::WORKBOOK;
    (dir == out && written).then_some("a file")
}

/// The address of `target` from the folder `from`, both taken from the
/// current directory when relative, as a URL path: `../in/plan%201.pdf`.
fn relative_href(target: &std::path::Path, from: &std::path::Path) -> String {
    use std::path::Component;
    let absolute = |p: &std::path::Path| -> Vec<String> {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
                Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        parts
    };
    let (to, from) = (absolute(target), absolute(from));
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().map(|p| {
        p.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    }));
    parts.join("/")
}

/// Each line of `text` made [`printable`]: what a PDF prints (a heading, a
/// label) may hold control characters too.
fn printable_block(text: &str) -> String {
    text.lines().map(|l| printable(l) + "\n").collect()
}

/// The machine's physical memory in MiB (0: unknown).
fn physical_memory_mb() -> u64 {
    #[cfg(unix)]
    {
        // SAFETY: `sysconf` only reads a system value.
        let (pages, size) = unsafe {
            (
                libc::sysconf(libc::_SC_PHYS_PAGES),
                libc::sysconf(libc::_SC_PAGESIZE),
            )
        };
        if pages > 0 && size > 0 {
            return (pages as u64).saturating_mul(size as u64) / (1024 * 1024);
        }
    }
    0
}

/// SIGINT and SIGTERM ask the batch to stop (what finished is written out);
/// the returned value becomes the exit status the shell gives a process that
/// such a signal ended: 128 + its number (130, 143). A second signal ends the
/// process at once (the journal keeps what finished).
fn stop_on_signals(config: &Config) -> std::io::Result<Arc<AtomicUsize>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let signalled = Arc::new(AtomicUsize::new(0));
    for signal in [SIGINT, SIGTERM] {
        let status = 128 + signal as usize;
        // Before the flag is set below: it exits only if the flag already was.
        flag::register_conditional_shutdown(signal, status as i32, config.stop.flag())?;
        flag::register_usize(signal, Arc::clone(&signalled), status)?;
        flag::register(signal, config.stop.flag())?;
    }
    Ok(signalled)
}

/// `piani figures`: passages on stdin, what each figure is on stdout.
fn figures(jsonl: bool, region: Option<&str>) -> ExitCode {
    use piani::records::statistics;
    use std::io::{BufRead, Read, Write};

    let parse_region = |name: &str| {
        serde_json::from_value::<Region>(serde_json::Value::String(name.to_string())).ok()
    };
    let mut stdout = std::io::stdout().lock();
    if !jsonl {
        let region = match region.map(|r| (r, parse_region(r))) {
            Some((name, None)) => {
                say!("piani: unknown region {name:?}");
                return ExitCode::from(2);
            }
            Some((_, r)) => r,
            None => None,
        };
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            say!("piani: cannot read stdin: {e}");
            return ExitCode::from(2);
        }
        for s in statistics::read_passage(&text, region) {
            let line = serde_json::to_string(&s).expect("a statistic serializes");
            if writeln!(stdout, "{line}").is_err() {
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                say!("piani: cannot read stdin: {e}");
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let passage: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                say!("piani: line {}: not JSON: {e}", n + 1);
                return ExitCode::from(2);
            }
        };
        let text = passage["text"].as_str().unwrap_or("");
        let region = passage["region"].as_str().and_then(parse_region);
        let mut found = serde_json::Map::new();
        for (indicator, value) in statistics::found(&statistics::read_passage(text, region)) {
            let key = serde_json::to_value(indicator).expect("an indicator serializes");
            found.insert(
                key.as_str().unwrap_or_default().to_string(),
                serde_json::json!(value),
            );
        }
        let out = serde_json::json!({"id": passage["id"], "found": found});
        if writeln!(stdout, "{out}").is_err() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn progress_bar(len: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents  {elapsed}  {msg}")
            .expect("valid template"),
    );
    bar
}

/// Turns transparent huge pages off for this process and the extraction
/// workers it starts (the setting is inherited), as `MIMALLOC_ALLOW_THP=0`
/// would, unless that variable says otherwise. Measured (README, Speed): with
/// huge pages mimalloc's peak memory was 17-25% higher, and the kernel's time
/// jumped from 0.2 s to 0.5-2.7 s on some runs, as it zeroed and compacted
/// 2 MiB pages for heaps that mostly stay small.
fn no_transparent_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Extraction makes millions of small allocations (glyphs, words, PDF objects):
/// glibc's allocator took a fifth of the run, mimalloc a few percent.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
