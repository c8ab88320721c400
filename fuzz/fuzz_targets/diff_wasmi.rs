//! `wasm-smith` modules run on `interp` and on `wasmi`; everything observable must agree (see
//! `shheap_fuzz::diff_wasmi`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shheap_fuzz::diff_wasmi::run(data);
});
