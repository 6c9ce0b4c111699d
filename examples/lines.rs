//! Debug aid: prints the laid-out lines of some pages, spans separated by " | ",
//! with each line's top, bottom and font size and each span's left and right x.
//! `cargo run --example lines FILE FIRST_PAGE LAST_PAGE`
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (first, last): (u32, u32) = (a[2].parse().unwrap(), a[3].parse().unwrap());
    let pdf = piani::pdf::read(&std::fs::read(&a[1]).unwrap()).unwrap();
    let mut pages = piani::layout::lay_out(&pdf.pages);
    piani::furniture::remove(&mut pages);
    for line in pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.page >= first && l.page <= last)
    {
        let spans: Vec<String> = line
            .spans()
            .map(|s| format!("[{:.0}-{:.0}] {}", s.x0(), s.x1(), s.text()))
            .collect();
        println!(
            "p{} y{:.1}-{:.1} s{:.1}: {}",
            line.page,
            line.top,
            line.bottom,
            line.size,
            spans.join(" | ")
        );
    }
}
