//! The content-stream lexer on arbitrary bytes: whole-PDF inputs reach it only
//! through compressed streams, which mutations rarely keep valid. It must read
//! every stream to its end without panicking, hanging or nesting without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut operations = pdf_extract::lexer::Operations::new(data);
    let mut count = 0usize;
    while let Some(op) = operations.next() {
        // Every operation stands on at least one byte of the stream.
        count += 1;
        assert!(count <= data.len(), "more operations than bytes");
        std::hint::black_box(op);
    }
});
