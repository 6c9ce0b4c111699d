//! Debug aid: extraction time of the same PDFs round after round in one
//! process (the first round pays for compiling regexes and warming caches).
use std::time::Instant;
fn main() {
    let files: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let mut best = f64::MAX;
    for round in 0..std::env::var("ROUNDS").map_or(4, |r| r.parse().unwrap()) {
        let mut each = Vec::new();
        let s = Instant::now();
        for (name, bytes) in &files {
            let t = Instant::now();
            let _ = piani::extract(name, bytes).unwrap();
            each.push(format!("{:.1}", t.elapsed().as_secs_f64() * 1e3));
        }
        best = best.min(s.elapsed().as_secs_f64() * 1e3);
        if std::env::var_os("QUIET").is_some() {
            continue;
        }
        println!(
            "round {round}: {:.1} ms  [{}]",
            s.elapsed().as_secs_f64() * 1e3,
            each.join(" ")
        );
    }
    println!("best {best:.2}");
}
