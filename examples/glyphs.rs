//! Debug aid: prints the glyphs of one page around a word. `cargo run --example glyphs FILE PAGE WORD`
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).unwrap();
    let pdf = piani::pdf::read(&bytes).unwrap();
    let page = &pdf.pages[a[2].parse::<usize>().unwrap() - 1];
    let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
    let at = text.find(&a[3]).expect("word on page");
    let start = text[..at].chars().count();
    for g in page
        .glyphs
        .iter()
        .skip(start.saturating_sub(3))
        .take(a[3].chars().count() + 6)
    {
        println!(
            "{:?} x={:.2} adv={:.2} right={:.2} base={:.2} size={:.2} space={}",
            g.text,
            g.x,
            g.advance,
            g.right(),
            g.baseline,
            g.size,
            g.space_before
        );
    }
}
