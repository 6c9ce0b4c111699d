//! A batch stopped by a signal, or killed outright: what finished is kept,
//! and the next run goes on from there instead of starting again.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use piani::manifest::{JOURNAL_NAME, Manifest};

/// Copies of one plan, each with other bytes (a comment after its end), so
/// that each is a document of its own.
fn inputs(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(
        common::fixtures()
            .join("corpus")
            .join("002_c55eb3ee00ca505f.lo-docx.pdf"),
    )
    .unwrap();
    for i in 0..n {
        let mut bytes = pdf.clone();
        bytes.extend_from_slice(format!("%copy {i}\n").as_bytes());
        std::fs::write(dir.path().join(format!("plan-{i:03}.pdf")), bytes).unwrap();
    }
    dir
}

/// Starts a run in a process group of its own, as a shell starts a job.
fn start(input: &Path, out: &Path) -> Child {
    use std::os::unix::process::CommandExt;
    Command::new(env!("CARGO_BIN_EXE_piani"))
        .args(["extract", "--jobs", "1", "--out"])
        .args([out, input])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap()
}

fn documents(out: &Path) -> usize {
    std::fs::read_dir(out.join("documents"))
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .count()
        })
        .unwrap_or(0)
}

/// Waits until `n` documents are on disk.
fn wait_for_documents(out: &Path, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while documents(out) < n {
        assert!(Instant::now() < deadline, "no documents written");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Signals the run alone (as `kill` does), or its whole process group, its
/// workers included (as Ctrl-C on a terminal does).
fn signal(child: &Child, signal: libc::c_int, group: bool) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let target = if group { -pid } else { pid };
    assert_eq!(unsafe { libc::kill(target, signal) }, 0);
}

fn finish(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn rerun(input: &Path, out: &Path) -> String {
    let (code, stderr) = finish(start(input, out));
    assert_eq!(code, Some(0), "{stderr}");
    stderr
}

const INPUTS: usize = 40;

/// SIGINT (Ctrl-C) and SIGTERM (a service manager, `timeout`) stop the run:
/// the documents that finished are in the manifest and the tables, the exit
/// status says which signal, and the next run reuses them.
fn stops_cleanly_on(sig: libc::c_int, group: bool, status: i32) {
    let input = inputs(INPUTS);
    let out = tempfile::tempdir().unwrap();
    let child = start(input.path(), out.path());
    wait_for_documents(out.path(), 2);
    signal(&child, sig, group);
    let (code, stderr) = finish(child);
    assert_eq!(code, Some(status), "{stderr}");
    assert!(stderr.contains("stopped by a signal"), "{stderr}");
    assert!(!stderr.contains("extraction"), "no failure: {stderr}");

    let finished = documents(out.path());
    assert!((2..INPUTS).contains(&finished), "{finished} documents");
    assert_eq!(Manifest::load(out.path()).files.len(), finished);
    assert!(!out.path().join(JOURNAL_NAME).exists());
    let table = std::fs::read_to_string(out.path().join("documents.csv")).unwrap();
    assert_eq!(table.lines().count(), 1 + finished, "{table}");

    let stderr = rerun(input.path(), out.path());
    assert!(
        stderr.contains(&format!("{INPUTS} documents: {INPUTS} ok")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("({finished} unchanged")),
        "{stderr}"
    );
    assert_eq!(documents(out.path()), INPUTS);
}

#[test]
fn sigterm_keeps_what_finished_and_exits_143() {
    stops_cleanly_on(libc::SIGTERM, false, 143);
}

/// Ctrl-C reaches the workers too: they die with the document under way,
/// which is left for the next run, not reported as a crash.
#[test]
fn ctrl_c_keeps_what_finished_and_exits_130() {
    stops_cleanly_on(libc::SIGINT, true, 130);
}

/// Killed outright, the run leaves no manifest; its journal tells the next
/// run which documents finished, and those are not extracted again.
#[test]
fn a_killed_run_is_resumed_from_its_journal() {
    let input = inputs(INPUTS);
    let out = tempfile::tempdir().unwrap();
    let mut child = start(input.path(), out.path());
    wait_for_documents(out.path(), 3);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!out.path().join("manifest.json").exists());
    let journal = std::fs::read_to_string(out.path().join(JOURNAL_NAME)).unwrap();
    let journaled = journal.lines().filter(|l| l.ends_with('}')).count();
    assert!(journaled >= 2, "{journal}");

    let stderr = rerun(input.path(), out.path());
    assert!(stderr.contains("stopped before its end"), "{stderr}");
    assert!(
        stderr.contains(&format!("({journaled} unchanged")),
        "{stderr}"
    );
    assert_eq!(documents(out.path()), INPUTS);
    assert_eq!(Manifest::load(out.path()).files.len(), INPUTS);
    assert!(!out.path().join(JOURNAL_NAME).exists());
}
