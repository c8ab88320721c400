//! Arbitrary bytes to `Module::new`; valid modules are instantiated with default imports and
//! their exports called (see `shheap_fuzz::load_module`). Must never panic or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| shheap_fuzz::load_module::run(bytes));
