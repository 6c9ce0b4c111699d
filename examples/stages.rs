//! Debug aid: time of each pipeline stage over some PDFs.
//! `cargo run --release --example stages FILE...`; `PER_FILE=1` prints each
//! file's times (the first file pays for compiling regexes and warming caches).
use std::time::Instant;

fn main() {
    let per_file = std::env::var_os("PER_FILE").is_some();
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

    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let s = Instant::now();
        let pdf = piani::pdf::read(&bytes).unwrap();
        lap(&mut t, 0, s);
        let s = Instant::now();
        let mut pages = piani::layout::lay_out(&pdf.pages);
        piani::furniture::remove(&mut pages);
        lap(&mut t, 1, s);
        let s = Instant::now();
        let right_edge = piani::layout::text_right_edge(&pages);
        let (found, _) = piani::sections::segment(&pages, right_edge);
        lap(&mut t, 3, s);
        let s = Instant::now();
        let breaks: Vec<_> = found.iter().map(|s| (s.page_start, s.top)).collect();
        let _ = piani::tables::find_tables(&pdf.pages, &pages, right_edge, &breaks);
        lap(&mut t, 2, s);
        let s = Instant::now();
        let (region, _) = piani::region::detect(&pages, &[]);
        lap(&mut t, 4, s);
        let s = Instant::now();
        let paragraphs: Vec<piani::layout::Paragraph> = found
            .iter()
            .filter(|s| s.id.in_sezione_1())
            .flat_map(|s| s.paragraphs.iter().cloned())
            .collect();
        let _ = piani::records::statistics::extract(&paragraphs, region);
        lap(&mut t, 5, s);
        let s = Instant::now();
        let _ = piani::extract("x.pdf", &bytes).unwrap();
        lap(&mut t, 6, s);
        if per_file {
            print(&names, &t);
            t = [0.0; 7];
        }
    }
    if !per_file {
        print(&names, &t);
    }
}

fn print(names: &[&str], t: &[f64; 7]) {
    let parts: Vec<String> = names
        .iter()
        .zip(t)
        .map(|(n, v)| format!("{n} {:.1}ms", v * 1000.0))
        .collect();
    println!("{}", parts.join("  "));
}

fn lap(t: &mut [f64; 7], i: usize, start: Instant) {
    t[i] += start.elapsed().as_secs_f64();
}
