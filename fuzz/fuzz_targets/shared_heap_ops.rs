//! Arbitrary scripts across 1-4 instances sharing a random chain, checked against a model of
//! the address space and of live blocks (see `shheap_fuzz::shared_heap_ops`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shheap_fuzz::shared_heap_ops::{Script, run};

fuzz_target!(|script: Script| run(&script));
