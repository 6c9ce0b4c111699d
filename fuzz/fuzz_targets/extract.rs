//! The whole per-document pipeline on arbitrary bytes: it must return a document
//! or an error, never panic past `extract`, hang or crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even those the pipeline catches
        // and reports as a file's failure (PDF libraries panic on bad input). A
        // panic escaping `extract` still aborts: fuzz_target! catches it.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        let _ = piani::extract("fuzz.pdf", data);
    }
);
