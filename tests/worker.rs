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
