//! The real programs: small Rust crates under `apps/rust` built on well-known crates.io crates
//! (compression, JSON, regex, hashing, sorting, simulations), compiled to
//! `wasm32-unknown-unknown` by `cargo xtask build-apps`. They export `run(i32) -> i64` like the
//! C programs; their inputs and answers come from `apps/rust/answers.rs`, which the `answers`
//! crate there checks against the same code built natively.

use anyhow::{Context, Result};

use crate::program::Program;

/// A program's name, its quick input and answer, and its full input and answer.
type Answer = (&'static str, (u32, u64), (u32, u64));

/// Each program with its quick and full input and answer.
const ANSWERS: &[Answer] = include!("../../apps/rust/answers.rs");

macro_rules! rust_app {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../apps/rust/",
                $name,
                "/",
                $name,
                ".wasm"
            )) as &[u8],
        )
    };
}

/// Every module, in the order the table prints them.
const MODULES: &[(&str, &[u8])] = &[
    rust_app!("prime_sieve"),
    rust_app!("matmul_f64"),
    rust_app!("nbody"),
    rust_app!("spectral_norm"),
    rust_app!("sort_unstable"),
    rust_app!("word_count"),
    rust_app!("sha2_hash"),
    rust_app!("argon2_hash"),
    rust_app!("miniz_roundtrip"),
    rust_app!("lz4_roundtrip"),
    rust_app!("json_parse"),
    rust_app!("regex_scan"),
    rust_app!("markdown"),
];

/// The real programs written with wasm's SIMD (`core::arch::wasm32`): measured in the SIMD
/// table, on the runtimes with SIMD only.
const SIMD_MODULES: &[(&str, &[u8])] = &[rust_app!("simd_scan")];

/// The largest real module, for the start-up figures: pulldown-cmark, regex with its Unicode
/// tables and serde_json.
pub const LARGE_MODULE: &str = "markdown";

/// Every real program without SIMD, with its inputs and answers.
pub fn real_programs() -> Result<Vec<Program>> {
    programs_of(MODULES)
}

/// The real programs with SIMD ([`SIMD_MODULES`]), with their inputs and answers.
pub fn simd_real_programs() -> Result<Vec<Program>> {
    programs_of(SIMD_MODULES)
}

/// `modules` with their inputs and answers from `answers.rs`.
fn programs_of(modules: &[(&'static str, &'static [u8])]) -> Result<Vec<Program>> {
    modules
        .iter()
        .map(|&(name, wasm)| {
            let &(_, quick, full) = ANSWERS
                .iter()
                .find(|(program, ..)| *program == name)
                .with_context(|| format!("apps/rust/answers.rs has no answers for {name}"))?;
            Ok(Program {
                name,
                wasm,
                quick,
                full,
            })
        })
        .collect()
}

/// The real program called `name`.
pub fn real_program(name: &str) -> Result<Program> {
    real_programs()?
        .into_iter()
        .find(|program| program.name == name)
        .with_context(|| format!("there is no real program called {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_has_answers_and_every_answer_a_module() {
        let programs = real_programs().expect("answers for every module");
        let simd = simd_real_programs().expect("answers for every SIMD module");
        assert_eq!(programs.len() + simd.len(), ANSWERS.len());
        assert!(simd.iter().all(|p| p.wasm.starts_with(b"\0asm")));
        assert!(programs.iter().all(|p| p.wasm.starts_with(b"\0asm")));
        assert!(real_program(LARGE_MODULE).is_ok());
    }
}
