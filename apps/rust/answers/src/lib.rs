//! The expected answers of the benchmark programs.
//!
//! `apps/rust/answers.rs` holds, per program, a quick and a full input with their answers; the
//! benchmark harness checks every wasm run against it. This crate runs the very same Rust
//! code natively: its test fails if the table disagrees, and `cargo run --release -p answers`
//! prints the table as computed here (to refresh it after a program changes).

/// A program's entry point: input size in, checksum out.
pub type Run = fn(u32) -> u64;

/// Every program's native `run`, by the name its crate and `.wasm` have.
pub const PROGRAMS: &[(&str, Run)] = &[
    ("argon2_hash", argon2_hash::run),
    ("json_parse", json_parse::run),
    ("lz4_roundtrip", lz4_roundtrip::run),
    ("markdown", markdown::run),
    ("matmul_f64", matmul_f64::run),
    ("miniz_roundtrip", miniz_roundtrip::run),
    ("nbody", nbody::run),
    ("prime_sieve", prime_sieve::run),
    ("regex_scan", regex_scan::run),
    ("sha2_hash", sha2_hash::run),
    ("simd_scan", simd_scan::run),
    ("sort_unstable", sort_unstable::run),
    ("spectral_norm", spectral_norm::run),
    ("word_count", word_count::run),
];

/// A program with its quick input and answer and its full input and answer.
pub type Answer = (&'static str, (u32, u64), (u32, u64));

/// The committed table.
pub const ANSWERS: &[Answer] = include!("../../answers.rs");
