//! Debug aid: per page, how many lines start with a word preceded by a space glyph.
//! `cargo run --example wraps FILE`
fn main() {
    let path = std::env::args().nth(1).expect("a PDF");
    let pdf = piani::pdf::read(&std::fs::read(&path).unwrap()).unwrap();
    for page in piani::layout::lay_out(&pdf.pages) {
        let starts: Vec<bool> = page
            .lines
            .iter()
            .filter_map(|l| Some(l.spans.first()?.words.first()?.space_before))
            .collect();
        let with = starts.iter().filter(|&&b| b).count();
        println!(
            "page {}: {with}/{} lines start after a space glyph",
            page.number,
            starts.len()
        );
    }
}
