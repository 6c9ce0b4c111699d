//! Debug aid: time of each pipeline stage over some PDFs.
//! `cargo run --release --example stages FILE...`
use std::time::Instant;

fn main() {
    let mut t = [0.0f64; 7];
    let names = [
        "read",
        "layout",
        "tables",
        "sections",
        "region",
        "statistics",
        "whole extract",
    ];
    let mut lap = |i: usize, start: Instant| t[i] += start.elapsed().as_secs_f64();
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let s = Instant::now();
        let pdf = piani::pdf::read(&bytes).unwrap();
        lap(0, s);
        let s = Instant::now();
        let mut pages = piani::layout::lay_out(&pdf.pages);
        piani::furniture::remove(&mut pages);
        lap(1, s);
        let s = Instant::now();
        let right_edge = piani::layout::text_right_edge(&pages);
        let (found, _) = piani::sections::segment(&pages, right_edge);
        lap(3, s);
        let s = Instant::now();
        let breaks: Vec<_> = found.iter().map(|s| (s.page_start, s.top)).collect();
        let _ = piani::tables::find_tables(&pdf.pages, &pages, right_edge, &breaks);
        lap(2, s);
        let s = Instant::now();
        let (region, _) = piani::region::detect(&pages, &[]);
        lap(4, s);
        let s = Instant::now();
        let paragraphs: Vec<piani::layout::Paragraph> = found
            .iter()
            .filter(|s| s.id.in_sezione_1())
            .flat_map(|s| s.paragraphs.iter().cloned())
            .collect();
        let _ = piani::records::statistics::extract(&paragraphs, region);
        lap(5, s);
        let s = Instant::now();
        let _ = piani::extract("x.pdf", &bytes).unwrap();
        lap(6, s);
    }
    let parts: Vec<String> = names
        .iter()
        .zip(t)
        .map(|(n, v)| format!("{n} {v:.3}s"))
        .collect();
    println!("{}", parts.join("  "));
}
