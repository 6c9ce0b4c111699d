//! Per-page retained sizes (words, spans, lines, segments, rects) of a PDF.
fn main() {
    let path = std::env::args().nth(1).expect("PDF");
    let bytes = std::fs::read(&path).unwrap();
    let (mut words, mut spans, mut lines, mut segs, mut rects, mut heap, mut n) =
        (0, 0, 0, 0, 0, 0, 0);
    piani::pdf::read_each(&bytes, |page| {
        let l = piani::layout::lay_out_page(&page);
        n += 1;
        segs += page.segments.len();
        rects += page.rects.len();
        lines += l.lines.len();
        for line in &l.lines {
            spans += line.spans.len();
            for s in &line.spans {
                words += s.words.len();
                heap += s
                    .words
                    .iter()
                    .filter(|w| w.text.is_heap_allocated())
                    .map(|w| w.text.len())
                    .sum::<usize>();
            }
        }
    })
    .unwrap();
    let word = std::mem::size_of::<piani::layout::Word>();
    let span = std::mem::size_of::<piani::layout::Span>();
    let line = std::mem::size_of::<piani::layout::Line>();
    let seg = std::mem::size_of::<piani::pdf::Segment>();
    let rect = std::mem::size_of::<piani::pdf::FilledRect>();
    println!(
        "pages {n}; per page: words {} ({} B) spans {} ({} B) lines {} ({} B) segments {} ({} B) rects {} ({} B) heap text {} B",
        words / n,
        words * word / n,
        spans / n,
        spans * span / n,
        lines / n,
        lines * line / n,
        segs / n,
        segs * seg / n,
        rects / n,
        rects * rect / n,
        heap / n
    );
}
