//! Debug aid: statistics reader time, first (cold) and later (warm) passes.
use std::time::Instant;

fn main() {
    let docs: Vec<_> = std::env::args()
        .skip(1)
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let pdf = piani::pdf::read(&bytes).unwrap();
            let mut pages = piani::layout::lay_out(&pdf.pages);
            piani::furniture::remove(&mut pages);
            let right_edge = piani::layout::text_right_edge(&pages);
            let (found, _) = piani::sections::segment(&pages, right_edge);
            let (region, _) = piani::region::detect(&pages, &[]);
            let paragraphs: Vec<piani::layout::Paragraph> = found
                .iter()
                .filter(|s| s.id.in_sezione_1())
                .flat_map(|s| s.paragraphs.iter().cloned())
                .collect();
            (paragraphs, region)
        })
        .collect();
    for pass in 0..std::env::var("PASSES").map_or(5, |v| v.parse().unwrap()) {
        let s = Instant::now();
        for (p, r) in &docs {
            let _ = piani::records::statistics::extract(p, *r);
        }
        println!("pass {pass}: {:.2} ms", s.elapsed().as_secs_f64() * 1000.0);
    }
}
