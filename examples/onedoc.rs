//! Debug aid: extracts one PDF in this process with the system allocator (the
//! binary's is mimalloc), so that a heap profiler sees every allocation:
//! `heaptrack target/release/examples/onedoc FILE` (build with
//! `CARGO_PROFILE_RELEASE_DEBUG=1` for symbols).
fn main() {
    let path = std::env::args().nth(1).expect("usage: onedoc FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let doc = piani::document::extract(&path, &bytes).expect("a PDF");
    println!(
        "{} pages, {} sections",
        doc.source.pages,
        doc.sections.len()
    );
}
