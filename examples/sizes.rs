//! Per-page retained sizes (words, spans, lines, segments, rects) of a PDF.
fn main() {
    let path = std::env::args().nth(1).expect("PDF");
    let bytes = std::fs::read(&path).unwrap();
    let (mut words, mut spans, mut lines, mut segs, mut rects, mut kept, mut n) =
        (0, 0, 0, 0, 0, 0, 0);
    piani::pdf::read_each(&bytes, |page| {
        let l = piani::layout::lay_out_page(&page);
        n += 1;
        segs += page.segments.len();
        rects += page.rects.len();
        lines += l.lines.len();
        for line in &l.lines {
            spans += line.span_count();
            words += line.words().len();
            kept += line.retained_bytes();
        }
    })
    .unwrap();
    let seg = std::mem::size_of::<piani::pdf::Segment>();
    let rect = std::mem::size_of::<piani::pdf::FilledRect>();
    println!(
        "pages {n}; per page: words {} spans {} lines {} ({} B with their words) segments {} ({} B) rects {} ({} B)",
        words / n,
        spans / n,
        lines / n,
        kept / n,
        segs / n,
        segs * seg / n,
        rects / n,
        rects * rect / n,
    );
}
