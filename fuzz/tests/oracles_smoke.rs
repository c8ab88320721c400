//! Runs every oracle over pseudo-random inputs (a fixed seed), so a broken oracle shows up in
//! `cargo test` before anyone spends fuzzing time on it.

use arbitrary::{Arbitrary, Unstructured};
use shheap_fuzz::diff_wasmi::Verdict;

/// xorshift64: deterministic bytes without a dependency.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn runs() -> u64 {
    std::env::var("ORACLE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

#[test]
fn shared_heap_ops_agrees_with_its_model_on_random_scripts() {
    let mut ran = 0u64;
    for seed in 0..runs() {
        let data = bytes(seed, 4096);
        let mut input = Unstructured::new(&data);
        if let Ok(script) = shheap_fuzz::shared_heap_ops::Script::arbitrary(&mut input) {
            shheap_fuzz::shared_heap_ops::run(&script);
            ran += 1;
        }
    }
    println!("shared_heap_ops ran {ran} of {} random scripts", runs());
    // 4 KiB of random bytes make a script nearly always; a run that makes few has stopped
    // testing anything (a generator change that rejects everything).
    assert!(
        ran * 2 >= runs(),
        "only {ran} of {} random inputs made a script",
        runs()
    );
}

#[test]
fn diff_wasmi_agrees_on_random_modules() {
    let compared = (0..runs())
        .filter(|&seed| shheap_fuzz::diff_wasmi::run(&bytes(seed, 2048)) == Ok(Verdict::Agreed))
        .count() as u64;
    println!(
        "diff_wasmi compared {compared} of {} random modules",
        runs()
    );
    // Most generated modules run on both engines; a run that compares few has stopped
    // testing anything (a generator or loader change that rejects everything).
    assert!(
        compared * 2 >= runs(),
        "only {compared} of {} random modules were compared",
        runs()
    );
}

/// The input that stopped `diff_wasmi` on a `debug_assert!` in wasmi 2.0.0's translator
/// (`translator/func/stack/operands.rs:798`, "a register operand already exists on the
/// stack"). Also in the corpus, so the fuzz smoke runs it. Needs wasmi's debug assertions,
/// as in this test profile and in cargo-fuzz builds.
#[test]
#[cfg(debug_assertions)]
fn a_wasmi_internal_failure_is_not_a_divergence() {
    let input = include_bytes!("inputs/diff_wasmi_wasmi_operand_assert");
    assert_eq!(
        shheap_fuzz::diff_wasmi::run(input),
        Ok(Verdict::PeerFailed)
    );
    assert!(shheap_fuzz::peer_panic::peer_panics() >= 1);
}

#[test]
fn load_module_survives_random_bytes_and_a_valid_module() {
    for seed in 0..runs() {
        let mut data = bytes(seed, 256);
        // A valid header makes the decoder go further than the magic number.
        data[..8].copy_from_slice(b"\0asm\x01\0\0\0");
        shheap_fuzz::load_module::run(&data);
    }
    let module = wat::parse_str(
        r#"(module
          (import "m" "f" (func (param i32) (result i64 f32)))
          (import "m" "g" (global i32))
          (import "m" "mem" (memory 1 2))
          (import "m" "t" (table 1 funcref))
          (func $r (export "recurse") (call $r))
          (func (export "grow") (result i32) (memory.grow (i32.const 100))))"#,
    )
    .expect("valid text");
    shheap_fuzz::load_module::run(&module);
}
