//! The `piani` command line: `piani extract <PDF or folder>... --out DIR`, `piani schema`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use piani::batch::{self, Outcome};
use piani::model::Status;
use piani::writers;

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

#[derive(Subcommand)]
enum Command {
    /// Extract PDFs (files or folders searched for *.pdf) into OUT.
    Extract {
        /// PDF files or folders.
        #[arg(required = true, value_name = "PDF_OR_FOLDER")]
        inputs: Vec<PathBuf>,
        /// Output folder: documents/<document_id>.json and the CSV tables.
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
        /// Documents processed at once (default: all cores).
        #[arg(short, long, value_name = "N", default_value_t = 0)]
        jobs: usize,
        /// No progress bar and no summary; errors are still reported.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Print the JSON Schema of the per-document JSON.
    Schema,
}

fn main() -> ExitCode {
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
        Command::Extract {
            inputs,
            out,
            jobs,
            quiet,
        } => extract(&inputs, &out, jobs, quiet),
    }
}

fn extract(inputs: &[PathBuf], out: &Path, jobs: usize, quiet: bool) -> ExitCode {
    let started = Instant::now();
    let files = match batch::collect_inputs(inputs) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("piani: {e}");
            return ExitCode::from(2);
        }
    };
    if files.is_empty() {
        eprintln!("piani: no PDF files found in the given inputs");
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(out.join("documents")) {
        eprintln!(
            "piani: {}: cannot create the output folder: {e}",
            out.display()
        );
        return ExitCode::from(2);
    }

    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar =
            ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents  {elapsed}  {msg}")
                .expect("valid template"),
        );
        bar
    };
    // A panic inside a PDF library is reported as that file's failure; keep the
    // default hook from printing it as if the program had crashed.
    std::panic::set_hook(Box::new(|_| {}));
    let outcomes = batch::run(&files, jobs, |o: &Outcome| {
        bar.set_message(o.file_name.clone());
        bar.inc(1);
    });
    let _ = std::panic::take_hook();
    bar.finish_and_clear();

    let mut failed_writes = 0;
    for o in &outcomes {
        match &o.result {
            Ok(doc) => {
                if let Err(e) = writers::json::write_document(out, doc) {
                    eprintln!("piani: {}: cannot write its JSON: {e}", o.path.display());
                    failed_writes += 1;
                }
            }
            Err(e) => eprintln!("piani: {e}"),
        }
    }
    if let Err(e) = writers::csv::write_tables(out, &outcomes) {
        eprintln!("piani: {}: cannot write the CSV tables: {e}", out.display());
        return ExitCode::from(1);
    }

    let count = |s: Status| outcomes.iter().filter(|o| o.status() == s).count();
    let failed = count(Status::Failed) + failed_writes;
    if !quiet {
        let pages: u32 = outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .map(|d| d.source.pages)
            .sum();
        eprintln!(
            "piani: {} documents: {} ok, {} with warnings, {} failed; {} pages; {:.1} s",
            outcomes.len(),
            count(Status::Ok),
            count(Status::Warnings),
            failed,
            pages,
            started.elapsed().as_secs_f64()
        );
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
