//! Builds a chain from arbitrary input and checks every translation, malloc, free and write
//! against the oracle in `shheap_fuzz::chain_oracle`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shheap_fuzz::chain_oracle::{Scenario, run};

fuzz_target!(|scenario: Scenario| run(&scenario));
