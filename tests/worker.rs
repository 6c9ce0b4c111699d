//! The isolation workers' confinement (Linux): they die with what started
//! them. In a file of its own: it counts this test process's children.

#![cfg(target_os = "linux")]

mod common;

use std::path::Path;

use piani::isolate::Pool;
use piani::manifest::Settings;

const SETTINGS: Settings = Settings {
    timeout_s: 60,
    max_memory_mb: 0,
};

/// Held by each test while it counts this process's children: tests run at
/// once would see each other's workers.
static COUNTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// This process's live children (zombies, dead and not yet reaped, left out).
fn live_children() -> Vec<u32> {
    let me = std::process::id().to_string();
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid …: the fields after the command's closing bracket.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.len() > 1 && fields[1] == me && fields[0] != "Z" {
            out.push(entry.file_name().to_string_lossy().parse().unwrap_or(0));
        }
    }
    out
}

/// A worker left idle and never told to stop (its pool forgotten, its input
/// never closed) is killed when the thread that started it ends: a parent
/// killed outright leaves no worker behind.
#[test]
fn an_idle_worker_dies_with_the_thread_that_started_it() {
    let _counting = COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    let before = live_children();
    let n_before = before.len();
    std::thread::spawn(move || {
        let pool = Pool::new(
            Path::new(env!("CARGO_BIN_EXE_piani")),
            SETTINGS,
            Default::default(),
        );
        let pdf = common::fixtures()
            .join("corpus")
            .join("002_c55eb3ee00ca505f.lo-docx.pdf");
        pool.extract(&pdf).unwrap();
        assert_eq!(live_children().len(), n_before + 1, "one idle worker");
        std::mem::forget(pool);
    })
    .join()
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while live_children().len() > before.len() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(live_children(), before);
}

/// A pool bounded to two workers runs two at most, however many threads
/// extract through it (the batch gives it twice as many, so that a worker is
/// not kept waiting while its last document is written out): the others wait
/// for a free worker, and every document is extracted.
#[test]
fn a_bounded_pool_never_runs_more_workers_than_its_bound() {
    let _counting = COUNTING.lock().unwrap_or_else(|e| e.into_inner());
    let before = live_children().len();
    let pool = Pool::new(
        Path::new(env!("CARGO_BIN_EXE_piani")),
        SETTINGS,
        Default::default(),
    )
    .at_most(2);
    let pdf = common::fixtures()
        .join("corpus")
        .join("002_c55eb3ee00ca505f.lo-docx.pdf");
    let done = std::sync::atomic::AtomicBool::new(false);
    // Each thread lives until all are done, as a batch's threads do: a
    // worker dies with the thread that started it.
    let all_done = std::sync::Barrier::new(4);
    let most = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            let mut most = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                most = most.max(live_children().len().saturating_sub(before));
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            most
        });
        let extractors: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let results: Vec<bool> = (0..3).map(|_| pool.extract(&pdf).is_ok()).collect();
                    all_done.wait();
                    assert!(results.iter().all(|&ok| ok));
                })
            })
            .collect();
        let joined: Vec<_> = extractors.into_iter().map(|e| e.join()).collect();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(joined.iter().all(Result::is_ok), "every document extracted");
        watcher.join().unwrap()
    });
    assert_eq!(most, 2, "two workers, busy at once");
}
