//! Debug aid: extraction time of the same PDFs round after round in one
//! process (the first round pays for compiling regexes and warming caches).
//! `ROUNDS=N` (default 4) sets the rounds; `QUIET=1` prints only the best.
use std::time::Instant;

/// The binary's allocator (src/main.rs), so that allocation and page-fault
/// costs are the ones a worker pays.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As the binary does at start (src/main.rs, `no_transparent_huge_pages`).
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let files: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let rounds = std::env::var("ROUNDS").map_or(4, |r| r.parse().expect("ROUNDS: a number"));
    let quiet = std::env::var_os("QUIET").is_some();
    let mut best = f64::MAX;
    for round in 0..rounds {
        let mut each = Vec::new();
        let s = Instant::now();
        for (name, bytes) in &files {
            let t = Instant::now();
            let _ = piani::extract(name, bytes).unwrap();
            each.push(format!("{:.1}", t.elapsed().as_secs_f64() * 1e3));
        }
        let ms = s.elapsed().as_secs_f64() * 1e3;
        best = best.min(ms);
        if !quiet {
            println!("round {round}: {ms:.1} ms  [{}]", each.join(" "));
        }
    }
    println!("best {best:.2}");
}
