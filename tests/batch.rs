//! The nightly batch: incremental runs driven by the manifest, and isolation of
//! each extraction in its own process.

mod common;

use std::path::{Path, PathBuf};

use common::fixtures;
use piani::batch::{self, Config};
use piani::manifest::{Manifest, Settings};
use piani::model::{Region, Status, WarningCode};

const SETTINGS: Settings = Settings {
    timeout_s: 60,
    max_memory_mb: 4096,
};

fn config(out: &Path) -> Config {
    Config {
        out: out.to_path_buf(),
        jobs: 2,
        settings: SETTINGS,
        force: false,
        worker: Some(PathBuf::from(env!("CARGO_BIN_EXE_piani"))),
        prune: None,
        max_size: 0,
        stop: Default::default(),
        tables: Some(Default::default()),
    }
}

fn run(input: &Path, config: &Config) -> batch::Report {
    let files = batch::collect_inputs(&[input.to_path_buf()], false)
        .unwrap()
        .files;
    batch::run(&files, config, |_| {})
}

/// Every output file and its bytes, by path relative to `out`.
fn snapshot(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn copy(from: &str, to: &Path) {
    std::fs::copy(fixtures().join("corpus").join(from), to).unwrap();
}

#[test]
fn reruns_skip_unchanged_files_and_follow_changes() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    copy(
        "000_1f2cd472f46066f6.lo-docx.pdf",
        &input.path().join("liguria.pdf"),
    );
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &input.path().join("marche.pdf"),
    );
    let cfg = config(out.path());

    let first = run(input.path(), &cfg);
    assert_eq!((first.outcomes.len(), first.reused()), (2, 0));
    let before = snapshot(out.path());

    // Unchanged: nothing extracted, not a byte changed.
    let second = run(input.path(), &cfg);
    assert_eq!(second.reused(), 2);
    assert_eq!(snapshot(out.path()), before);

    // Renamed: not extracted again, but recorded under its new name.
    std::fs::rename(
        input.path().join("marche.pdf"),
        input.path().join("regione-marche.pdf"),
    )
    .unwrap();
    let renamed = run(input.path(), &cfg);
    assert_eq!(renamed.reused(), 2);
    let marche = renamed
        .outcomes
        .iter()
        .find(|o| o.file_name == "regione-marche.pdf")
        .unwrap();
    let doc = marche.result.as_ref().unwrap();
    assert_eq!(doc.file, "regione-marche.pdf");
    let on_disk = std::fs::read_to_string(
        out.path()
            .join("documents")
            .join(format!("{}.json", doc.document_id)),
    )
    .unwrap();
    assert!(on_disk.contains("\"file\": \"regione-marche.pdf\""));

    // Changed content: extracted again; the old document is removed.
    let old_id = first
        .outcomes
        .iter()
        .find(|o| o.file_name == "liguria.pdf")
        .unwrap()
        .document_id();
    copy(
        "003_a4bc456a991b883d.lo-docx.pdf",
        &input.path().join("liguria.pdf"),
    );
    let changed = run(input.path(), &cfg);
    assert_eq!(changed.reused(), 1);
    let now = changed
        .outcomes
        .iter()
        .find(|o| o.file_name == "liguria.pdf")
        .unwrap();
    assert_eq!(
        now.result.as_ref().unwrap().region.map(|r| r.name()),
        Some("Lombardia")
    );
    assert_eq!(changed.removed, 1);
    assert!(
        !out.path()
            .join("documents")
            .join(format!("{old_id}.json"))
            .exists()
    );

    // Gone: the store keeps it (a nightly run over new uploads keeps the
    // history), in the tables and the manifest, until pruned.
    std::fs::remove_file(input.path().join("regione-marche.pdf")).unwrap();
    let count_documents = || {
        std::fs::read_dir(out.path().join("documents"))
            .unwrap()
            .count()
    };
    let gone = run(input.path(), &cfg);
    assert_eq!((gone.outcomes.len(), gone.kept, gone.removed), (1, 1, 0));
    let documents_csv = std::fs::read_to_string(out.path().join("documents.csv")).unwrap();
    assert!(documents_csv.contains("Marche"));
    assert_eq!(Manifest::load(out.path()).files.len(), 2);
    assert_eq!(count_documents(), 2);

    // Pruned, but only from under another folder: still kept.
    let elsewhere = tempfile::tempdir().unwrap();
    let pruned_elsewhere = run(
        input.path(),
        &Config {
            prune: Some(vec![elsewhere.path().to_path_buf()]),
            ..cfg.clone()
        },
    );
    assert_eq!(pruned_elsewhere.kept, 1);
    assert_eq!(count_documents(), 2);

    // Pruned from under its own folder: its records leave the tables and the
    // manifest, and its document goes.
    let pruned = run(
        input.path(),
        &Config {
            prune: Some(vec![input.path().to_path_buf()]),
            ..cfg.clone()
        },
    );
    assert_eq!((pruned.kept, pruned.removed), (0, 1));
    let documents_csv = std::fs::read_to_string(out.path().join("documents.csv")).unwrap();
    assert!(!documents_csv.contains("Marche"));
    assert_eq!(Manifest::load(out.path()).files.len(), 1);
    assert_eq!(count_documents(), 1);

    // --force extracts everything again.
    let forced = run(
        input.path(),
        &Config {
            force: true,
            ..cfg.clone()
        },
    );
    assert_eq!(forced.reused(), 0);

    // Other settings: extracted again.
    let other = Config {
        settings: Settings {
            timeout_s: 30,
            ..SETTINGS
        },
        ..cfg
    };
    assert_eq!(run(input.path(), &other).reused(), 0);
}

/// Two nights' upload folders (Liguria's plan, then Marche's) and an output
/// folder.
fn two_nights() -> (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir) {
    let (night1, night2, out) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    copy(
        "000_1f2cd472f46066f6.lo-docx.pdf",
        &night1.path().join("a.pdf"),
    );
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &night2.path().join("b.pdf"),
    );
    (night1, night2, out)
}

/// A nightly run over a folder of new uploads into the same OUT keeps the
/// documents of every earlier night (issue 11: `extract a.pdf` then `extract
/// b.pdf` into one OUT removed a's document).
#[test]
fn a_run_over_new_files_keeps_the_earlier_documents() {
    let (night1, night2, out) = two_nights();
    let cfg = config(out.path());
    run(night1.path(), &cfg);
    let second = run(night2.path(), &cfg);
    assert_eq!(
        (second.outcomes.len(), second.kept, second.removed),
        (1, 1, 0)
    );
    let documents_csv = std::fs::read_to_string(out.path().join("documents.csv")).unwrap();
    assert!(documents_csv.contains("Liguria") && documents_csv.contains("Marche"));
    assert_eq!(Manifest::load(out.path()).files.len(), 2);
}

/// A manifest entry naming a document outside OUT ("../x") is not trusted:
/// no file outside OUT is read or removed, and the entry is dropped.
#[test]
fn an_entry_naming_a_file_outside_the_output_folder_is_ignored() {
    let (input, root) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = root.path().join("out");
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &input.path().join("b.pdf"),
    );
    let cfg = config(&out);
    run(input.path(), &cfg);
    // A file beside OUT that a hostile entry names.
    let victim = root.path().join("victim.json");
    std::fs::write(&victim, b"{}").unwrap();
    let mut manifest = Manifest::load(&out);
    let mut hostile = manifest.files[0].clone();
    hostile.path = "/nowhere/gone.pdf".to_string();
    hostile.document_id = "../../victim".to_string();
    manifest.files.push(hostile);
    manifest.save(&out).unwrap();
    for prune in [None, Some(vec![PathBuf::from("/nowhere")])] {
        let report = run(
            input.path(),
            &Config {
                prune,
                ..cfg.clone()
            },
        );
        assert_eq!(report.kept, 0);
        assert!(victim.exists());
        assert_eq!(Manifest::load(&out).files.len(), 1);
    }
}

/// A document another extraction revision wrote is extracted again, and
/// counted as such: piani changed, not the file.
#[test]
fn documents_of_another_extraction_revision_are_extracted_again() {
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &input.path().join("b.pdf"),
    );
    let cfg = config(out.path());
    run(input.path(), &cfg);
    assert_eq!(run(input.path(), &cfg).reused(), 1);
    let mut manifest = Manifest::load(out.path());
    manifest.files[0].extraction_revision = piani::EXTRACTION_REVISION - 1;
    manifest.save(out.path()).unwrap();
    let again = run(input.path(), &cfg);
    assert_eq!((again.reused(), again.outdated), (0, 1));
    assert_eq!(
        Manifest::load(out.path()).files[0].extraction_revision,
        piani::EXTRACTION_REVISION
    );
}

/// A manifest a crash or a full disk cut short is said so and made again
/// from the documents, which stay in the store; what a killed run was
/// writing is swept away.
#[test]
fn a_lost_manifest_is_made_again_from_the_documents() {
    let (night1, night2, out) = two_nights();
    let cfg = config(out.path());
    run(night1.path(), &cfg);
    std::fs::write(out.path().join("manifest.json"), b"{\"files\": [").unwrap();
    let stale = out.path().join("documents").join(".piani-tmp-killed");
    std::fs::write(&stale, b"half a document").unwrap();
    let second = run(night2.path(), &cfg);
    assert_eq!(second.notices.len(), 1);
    assert!(
        second.notices[0].contains("manifest.json"),
        "{:?}",
        second.notices
    );
    assert_eq!(second.kept, 1);
    assert!(!stale.exists());
    let documents_csv = std::fs::read_to_string(out.path().join("documents.csv")).unwrap();
    assert!(documents_csv.contains("Liguria") && documents_csv.contains("Marche"));
    assert_eq!(Manifest::load(out.path()).files.len(), 2);
}

#[test]
fn copies_of_one_file_are_one_document_named_after_the_first_and_listed_as_duplicates() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    for name in ["a.pdf", "b.pdf", "c.pdf"] {
        copy("003_a4bc456a991b883d.lo-docx.pdf", &input.path().join(name));
    }
    let cfg = Config {
        force: true,
        ..config(out.path())
    };
    let first = run(input.path(), &cfg);
    assert_eq!(first.count(Status::Failed), 0);
    let a = input.path().join("a.pdf");
    let duplicate_of: Vec<_> = first
        .outcomes
        .iter()
        .map(|o| o.duplicate_of.clone())
        .collect();
    assert_eq!(duplicate_of, [None, Some(a.clone()), Some(a.clone())]);
    let documents: Vec<_> = std::fs::read_dir(out.path().join("documents"))
        .unwrap()
        .collect();
    assert_eq!(documents.len(), 1);
    let json = std::fs::read_to_string(documents[0].as_ref().unwrap().path()).unwrap();
    assert!(json.contains("\"file\": \"a.pdf\""), "{json}");
    // Every path is listed, each content counted once.
    let mut documents_csv = csv::Reader::from_path(out.path().join("documents.csv")).unwrap();
    let headers = documents_csv.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (path, duplicate) = (column("path"), column("duplicate_of"));
    let rows: Vec<(String, String)> = documents_csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[path].to_string(), r[duplicate].to_string())
        })
        .collect();
    let a = a.display().to_string();
    let b = input.path().join("b.pdf").display().to_string();
    let c = input.path().join("c.pdf").display().to_string();
    assert_eq!(
        rows,
        [(a.clone(), String::new()), (b, a.clone()), (c, a.clone())]
    );
    let recipients = std::fs::read_to_string(out.path().join("recipients.csv")).unwrap();
    let listing = first.outcomes[0].result.as_ref().unwrap();
    let doc = piani::writers::json::read_document(out.path(), &listing.document_id).unwrap();
    assert_eq!(recipients.lines().count(), 1 + doc.recipients.len());
    let before = snapshot(out.path());
    run(input.path(), &cfg);
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn a_known_bad_file_is_not_retried_until_it_changes() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("bad.pdf"), b"%PDF-1.7\n garbage").unwrap();
    let cfg = config(out.path());
    let first = run(input.path(), &cfg);
    assert_eq!(first.count(Status::Failed), 1);
    let again = run(input.path(), &cfg);
    assert_eq!((again.reused(), again.count(Status::Failed)), (1, 1));
    let e = again.outcomes[0].result.as_ref().unwrap_err();
    assert_eq!(e.code(), WarningCode::PdfDamaged);
    assert!(e.to_string().contains("bad.pdf"));
}

/// A stand-in for the worker executable: a shell script.
fn fake_worker(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("worker.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Runs one good file through a misbehaving worker and returns the failure.
fn isolated_failure(body: &str, settings: Settings) -> (WarningCode, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &input.join("marche.pdf"),
    );
    let cfg = Config {
        worker: Some(fake_worker(dir.path(), body)),
        settings,
        ..config(out.path())
    };
    let report = run(&input, &cfg);
    let e = report.outcomes[0].result.as_ref().unwrap_err();
    (e.code(), e.to_string())
}

#[test]
fn a_hanging_extraction_is_stopped_at_the_time_limit() {
    let started = std::time::Instant::now();
    let (code, message) = isolated_failure(
        "sleep 30",
        Settings {
            timeout_s: 1,
            ..SETTINGS
        },
    );
    assert_eq!(code, WarningCode::ExtractionTimeout);
    assert!(
        message.contains("marche.pdf") && message.contains("longer than 1 s"),
        "{message}"
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "the child was killed, not waited for"
    );
}

#[test]
fn a_crashing_extraction_fails_alone_with_its_reason() {
    let (code, message) = isolated_failure(
        "echo 'thread main has overflowed its stack' >&2; kill -ABRT $$",
        SETTINGS,
    );
    assert_eq!(code, WarningCode::ExtractionCrashed);
    assert!(
        message.contains("aborted") && message.contains("overflowed its stack"),
        "{message}"
    );
    let (code, message) = isolated_failure("kill -SEGV $$", SETTINGS);
    assert_eq!(code, WarningCode::ExtractionCrashed);
    assert!(message.contains("segmentation fault"), "{message}");
    let (code, message) = isolated_failure("echo not json", SETTINGS);
    assert_eq!(code, WarningCode::ExtractionCrashed);
    assert!(message.contains("no readable result"), "{message}");
    // A worker that ends in the middle of its document's bytes: nothing of
    // them is written, and the input fails.
    let cut_short = r#"printf '%s\n{"schema' '{"Document":{"listing":{"document_id":"0123456789abcdef","status":"ok","region":null,"pages":1,"pdf_date":null,"file":"marche.pdf","json_bytes":1000},"sha256":"00","bytes":1}}'"#;
    let (code, message) = isolated_failure(cut_short, SETTINGS);
    assert_eq!(code, WarningCode::ExtractionCrashed);
    assert!(message.contains("ended without one"), "{message}");
}

/// A worker killed by a signal (as the OOM killer does) is retried once in
/// the run, and the file is not recorded as failed: the next run tries again.
#[test]
fn a_killed_worker_is_retried_in_the_run_and_in_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &input.join("marche.pdf"),
    );
    let starts = dir.path().join("starts");
    let cfg = Config {
        worker: Some(fake_worker(
            dir.path(),
            &format!("echo start >> '{}'; kill -KILL $$", starts.display()),
        )),
        ..config(out.path())
    };
    let count = || std::fs::read_to_string(&starts).unwrap().lines().count();
    let first = run(&input, &cfg);
    assert_eq!(first.count(Status::Failed), 1);
    assert_eq!(count(), 2);
    assert!(Manifest::load(out.path()).files.is_empty());
    let second = run(&input, &cfg);
    assert_eq!((second.reused(), count()), (0, 4));
}

/// A worker inherits none of the caller's environment (no secrets reach the
/// code that reads untrusted PDFs).
#[test]
fn a_worker_inherits_no_environment() {
    assert!(std::env::vars().any(|(k, _)| k.starts_with("CARGO")));
    let (code, message) = isolated_failure(
        "echo \"inherited $(env | grep -c CARGO)\" >&2; exit 3",
        SETTINGS,
    );
    assert_eq!(code, WarningCode::ExtractionCrashed);
    assert!(message.contains("inherited 0"), "{message}");
}

#[test]
fn a_worker_runs_under_the_memory_bound_from_its_start() {
    // The worker reports the address-space limit it was started with (KiB).
    let (code, message) = isolated_failure(
        "echo \"limit $(ulimit -v)\" >&2; exit 3",
        Settings {
            max_memory_mb: 300,
            ..SETTINGS
        },
    );
    assert_eq!(code, WarningCode::ExtractionCrashed);
    assert!(message.contains("exit code 3: limit 307200"), "{message}");
}

#[test]
fn the_real_worker_returns_the_same_documents_as_in_process() {
    let pool = piani::isolate::Pool::new(
        Path::new(env!("CARGO_BIN_EXE_piani")),
        SETTINGS,
        Default::default(),
    );
    // One worker serves one document after another.
    for name in [
        "003_a4bc456a991b883d.lo-docx.pdf",
        "000_1f2cd472f46066f6.lo-docx.pdf",
    ] {
        let pdf = fixtures().join("corpus").join(name);
        // The very bytes the batch writes: the worker's document is not
        // read again.
        let isolated = pool.extract(&pdf).unwrap();
        let local = piani::input::extract_file(&pdf).unwrap();
        assert_eq!(isolated, piani::writers::json::encode(&local));
        assert_eq!(
            isolated.listing.json_bytes,
            isolated.json.len() as u64,
            "{name}"
        );
    }
    // A failure is the document's, not the worker's: the worker goes on.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.pdf");
    std::fs::write(&bad, b"%PDF-1.7\n garbage").unwrap();
    let e = pool.extract(&bad).unwrap_err();
    assert_eq!(e.code(), WarningCode::PdfDamaged);
    let pdf = fixtures().join("corpus/002_c55eb3ee00ca505f.lo-docx.pdf");
    assert_eq!(
        pool.extract(&pdf).unwrap().listing.region,
        Some(Region::Marche)
    );
    // Limits of 0 are none, not limits that nothing can meet.
    let unbounded = Settings {
        timeout_s: 0,
        max_memory_mb: 0,
    };
    let pool = piani::isolate::Pool::new(
        Path::new(env!("CARGO_BIN_EXE_piani")),
        unbounded,
        Default::default(),
    );
    assert_eq!(
        pool.extract(&pdf).unwrap().listing.region,
        Some(Region::Marche)
    );
}

/// A worker that crashed is never used again: the document it crashed on
/// fails (after its retry, which crashes too), the next gets a fresh worker.
/// Through the pool, one document after another: in a batch, documents race
/// for workers, and which one meets the crashes is chance.
#[test]
fn after_a_crash_the_next_document_gets_a_fresh_worker() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    copy("002_c55eb3ee00ca505f.lo-docx.pdf", &a);
    copy("003_a4bc456a991b883d.lo-docx.pdf", &b);
    // The first two workers started abort (the first document's try and its
    // retry); the next ones are the real worker.
    let body = format!(
        "if mkdir '{0}1' 2>/dev/null || mkdir '{0}2' 2>/dev/null; then echo 'fatal runtime error' >&2; kill -ABRT $$; fi\nexec '{1}' \"$@\"",
        dir.path().join("crashed").display(),
        env!("CARGO_BIN_EXE_piani"),
    );
    let pool = piani::isolate::Pool::new(
        &fake_worker(dir.path(), &body),
        SETTINGS,
        Default::default(),
    )
    .at_most(1);
    let e = pool.extract(&a).unwrap_err();
    assert_eq!(e.code(), WarningCode::ExtractionCrashed);
    assert!(e.to_string().contains("a.pdf") && e.to_string().contains("fatal runtime error"));
    let doc = pool.extract(&b).unwrap();
    assert_eq!(doc.listing.region, Some(Region::Lombardia));
}

/// The id of the document a fixture of the corpus becomes.
fn id_of(fixture: &str) -> String {
    let bytes = std::fs::read(fixtures().join("corpus").join(fixture)).unwrap();
    piani::document::document_id(&piani::document::sha256_hex(&bytes))
}

/// A document that cannot be written (a full disk, here a folder in its
/// way) fails its input, for now: it is counted as failed, the manifest does
/// not claim it, the last good document of that input stays until its
/// replacement is on disk, and the next run writes it.
#[test]
fn a_document_that_cannot_be_written_fails_and_the_old_one_stays() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let plan = input.path().join("plan.pdf");
    let (marche, lombardia) = (
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        "003_a4bc456a991b883d.lo-docx.pdf",
    );
    copy(marche, &plan);
    let cfg = config(out.path());
    assert_eq!(run(input.path(), &cfg).count(Status::Failed), 0);

    // The region resubmits under the same name; its new document cannot be written.
    copy(lombardia, &plan);
    let in_the_way = piani::writers::json::path_for(out.path(), &id_of(lombardia));
    std::fs::create_dir_all(&in_the_way).unwrap();
    let report = run(input.path(), &cfg);
    assert_eq!(report.count(Status::Failed), 1);
    let failure = report.outcomes[0].result.as_ref().unwrap_err();
    assert_eq!(failure.code(), WarningCode::OutputUnwritable);
    assert!(failure.reason().contains(&id_of(lombardia)), "{failure}");
    let manifest_ids = || -> Vec<String> {
        let manifest = Manifest::load(out.path());
        manifest.files.into_iter().map(|e| e.document_id).collect()
    };
    assert_eq!(manifest_ids(), [id_of(marche)]);
    assert!(piani::writers::json::path_for(out.path(), &id_of(marche)).is_file());

    std::fs::remove_dir(&in_the_way).unwrap();
    let report = run(input.path(), &cfg);
    assert_eq!(report.count(Status::Failed), 0);
    assert_eq!(report.reused(), 0);
    assert_eq!(manifest_ids(), [id_of(lombardia)]);
    assert!(!piani::writers::json::path_for(out.path(), &id_of(marche)).exists());
}

/// The soft "Max cpu time" of a process, from `/proc/<pid>/limits`.
#[cfg(target_os = "linux")]
fn cpu_limit_of(pid: u32) -> Option<u64> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits.lines().find(|l| l.starts_with("Max cpu time"))?;
    line["Max cpu time".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Beside the parent's wall-clock limit, each document has its CPU time
/// limit from the worker itself: what the worker used so far, plus the
/// document's time limit.
#[cfg(target_os = "linux")]
#[test]
fn a_worker_bounds_each_documents_cpu_time() {
    use std::io::{BufRead, Read, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_piani"))
        .args([
            piani::isolate::WORKER_COMMAND,
            piani::isolate::CPU_LIMIT_OPTION,
            "7",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert_eq!(
        cpu_limit_of(child.id()),
        None,
        "unlimited before a document"
    );
    let pdf = fixtures()
        .join("corpus")
        .join("002_c55eb3ee00ca505f.lo-docx.pdf");
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{}\0", pdf.display()).as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let mut reply = String::new();
    let mut output = std::io::BufReader::new(child.stdout.take().unwrap());
    output.read_line(&mut reply).unwrap();
    assert!(reply.starts_with("{\"Document\""), "{reply}");
    let limit = cpu_limit_of(child.id()).unwrap();
    assert!((8..=10).contains(&limit), "{limit} s");
    drop(stdin);
    // The document's JSON follows the line, as long as its listing says.
    let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
    let mut json = Vec::new();
    output.read_to_end(&mut json).unwrap();
    assert_eq!(
        reply["Document"]["listing"]["json_bytes"].as_u64(),
        Some(json.len() as u64)
    );
    let doc: piani::model::Document = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc.region, Some(Region::Marche));
    assert!(child.wait().unwrap().success());
}

/// Isolation changes where a document is extracted, never what is written:
/// the corpus gives the same bytes in worker processes as in this one.
#[test]
fn isolated_and_in_process_runs_write_the_same_bytes() {
    let (isolated, in_process) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(&fixtures().join("corpus"), &config(isolated.path()));
    let cfg = Config {
        worker: None,
        ..config(in_process.path())
    };
    run(&fixtures().join("corpus"), &cfg);
    let documents = |out: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(out)
            .into_iter()
            .filter(|(p, _)| {
                p.starts_with("documents") || p.extension().is_some_and(|e| e == "csv")
            })
            .collect()
    };
    let isolated = documents(isolated.path());
    assert_eq!(isolated.len(), 5 + 12);
    assert!(isolated == documents(in_process.path()));
}

/// Every output file's inode and modification time, by path relative to `out`.
#[cfg(unix)]
fn identities(out: &Path) -> Vec<(PathBuf, u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let mut files: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (
                e.path().strip_prefix(out).unwrap().to_path_buf(),
                m.ino(),
                m.mtime(),
                m.mtime_nsec(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A nightly run over unchanged inputs rewrites nothing: every file of the
/// output folder is the same file as before (same inode, same modification
/// time), so a sync or backup of the folder has nothing new to copy.
#[cfg(unix)]
#[test]
fn a_run_over_unchanged_inputs_rewrites_nothing() {
    let input = tempfile::tempdir().unwrap();
    copy(
        "000_1f2cd472f46066f6.lo-docx.pdf",
        &input.path().join("a.pdf"),
    );
    copy(
        "002_c55eb3ee00ca505f.lo-docx.pdf",
        &input.path().join("b.pdf"),
    );
    let out = tempfile::tempdir().unwrap();
    let cfg = config(out.path());
    run(input.path(), &cfg);
    let before = identities(out.path());
    assert!(before.len() > 10, "{before:?}");
    let report = run(input.path(), &cfg);
    assert_eq!(report.reused(), 2);
    assert_eq!(identities(out.path()), before);
}

/// The tables are made again only when what they come from changes: the
/// manifest stamps what made them and what each file held, so a run over
/// unchanged inputs leaves them alone without reading a document back, while
/// a table edited or removed, another dialect, or a damaged document (read
/// again from its PDF) has them written again.
#[test]
fn tables_are_made_again_when_their_files_options_or_documents_change() {
    use piani::writers::csv::{Dialect, Options};
    let (input, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy(
        "000_1f2cd472f46066f6.lo-docx.pdf",
        &input.path().join("a.pdf"),
    );
    copy(
        "003_a4bc456a991b883d.lo-docx.pdf",
        &input.path().join("b.pdf"),
    );
    let cfg = config(out.path());
    run(input.path(), &cfg);
    let made = snapshot(out.path());
    let stamp = Manifest::load(out.path()).tables.unwrap();
    let names: Vec<&str> = stamp.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 14, "{names:?}");
    assert!(names.contains(&"statistics.csv") && names.contains(&"piani.xlsx"));
    for f in &stamp.files {
        let bytes = std::fs::read(out.path().join(&f.name)).unwrap();
        assert_eq!(f.sha256, piani::document::sha256_hex(&bytes), "{}", f.name);
    }

    // A table edited by hand, the workbook removed: both made again.
    let statistics = out.path().join("statistics.csv");
    let mut edited = std::fs::read(&statistics).unwrap();
    edited.extend_from_slice(b"x\n");
    std::fs::write(&statistics, edited).unwrap();
    std::fs::remove_file(out.path().join("piani.xlsx")).unwrap();
    assert_eq!(run(input.path(), &cfg).reused(), 2);
    assert_eq!(snapshot(out.path()), made);

    // Another dialect: written in it; the first again: as they were.
    let excel = Config {
        tables: Some(Options {
            dialect: Dialect::ExcelIt,
            ..Options::default()
        }),
        ..cfg.clone()
    };
    run(input.path(), &excel);
    let documents = std::fs::read(out.path().join("documents.csv")).unwrap();
    assert!(documents.starts_with("\u{feff}".as_bytes()));
    run(input.path(), &cfg);
    assert_eq!(snapshot(out.path()), made);

    // A document cut short: not taken as it is, but extracted again.
    let id = Manifest::load(out.path()).files[0].document_id.clone();
    let json = out.path().join("documents").join(format!("{id}.json"));
    let whole = std::fs::read(&json).unwrap();
    std::fs::write(&json, &whole[..whole.len() / 2]).unwrap();
    assert_eq!(run(input.path(), &cfg).reused(), 1);
    assert_eq!(snapshot(out.path()), made);
}
