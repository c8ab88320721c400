//! A byte scanner and a four-lane hash over a generated text, `n` rounds, written with wasm's
//! 128-bit SIMD (`core::arch::wasm32`, `simd128`) 16 bytes at a time: per 16 bytes, an
//! `i8x16.eq` and `i8x16.bitmask` count the bytes equal to the round's letter and the
//! newlines, and the hash takes the bytes as four `u32` lanes (`v128.xor`, `i32x4.mul`,
//! `u32x4.shr`).
//!
//! Built natively (for the `answers` crate) the same computation runs lane by lane in plain
//! Rust: the committed answers come from that scalar twin, so a wasm run that matches them
//! checks the engine's SIMD against ordinary integer arithmetic.

use bench_entry::SplitMix64;

bench_entry::export_run!(run);

/// Size of the scanned text.
const TEXT_LEN: usize = 64 << 10;

/// The hash's odd multiplier (the golden ratio's 32 bits).
const MULTIPLIER: u32 = 0x9E37_79B1;

/// The scanned text: lower-case letters, with a space or a newline about every eighth byte.
fn text() -> Vec<u8> {
    let mut random = SplitMix64::new(13);
    (0..TEXT_LEN)
        .map(|_| match random.below(16) {
            0 => b'\n',
            1 => b' ',
            _ => b'a' + random.below(26) as u8,
        })
        .collect()
}

/// Scans the text `n` times, each round for another letter and with another hash seed, and
/// folds each round's counts and hash into the checksum.
pub fn run(n: u32) -> u64 {
    let text = text();
    let mut checksum = bench_entry::FOLD_START;
    for round in 0..n {
        let letter = b'a' + (round % 26) as u8;
        let scan = scan(&text, letter, round);
        checksum = bench_entry::fold(checksum, scan.letters << 32 | scan.lines);
        checksum = bench_entry::fold(
            checksum,
            scan.hash.iter().fold(0, |h, &x| h << 16 ^ u64::from(x)),
        );
    }
    checksum
}

/// What one scan finds.
struct Scan {
    /// How many bytes equal the letter.
    letters: u64,
    /// How many bytes are newlines.
    lines: u64,
    /// The four hash lanes.
    hash: [u32; 4],
}

/// The hash lanes a seed starts from.
fn seed_lanes(seed: u32) -> [u32; 4] {
    [
        seed,
        seed ^ 0x1111_1111,
        seed ^ 0x2222_2222,
        seed ^ 0x3333_3333,
    ]
}

/// Scans `text` (a whole number of 16-byte blocks) with SIMD.
#[cfg(target_arch = "wasm32")]
fn scan(text: &[u8], letter: u8, seed: u32) -> Scan {
    // SAFETY: the module is built for wasm with SIMD in it; an engine without SIMD refuses
    // the module at validation, so this never runs without `simd128`.
    unsafe { scan_simd128(text, letter, seed) }
}

/// [`scan`] with `simd128`.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn scan_simd128(text: &[u8], letter: u8, seed: u32) -> Scan {
    use core::arch::wasm32::*;
    let letters_wanted = u8x16_splat(letter);
    let newline = u8x16_splat(b'\n');
    let multiplier = u32x4_splat(MULTIPLIER);
    let [a, b, c, d] = seed_lanes(seed);
    let mut hash = u32x4(a, b, c, d);
    let (mut letters, mut lines) = (0u64, 0u64);
    for block in text.chunks_exact(16) {
        // SAFETY: `block` is 16 readable bytes; `v128_load` needs no alignment.
        let bytes = unsafe { v128_load(block.as_ptr().cast()) };
        letters += u64::from(i8x16_bitmask(i8x16_eq(bytes, letters_wanted)).count_ones());
        lines += u64::from(i8x16_bitmask(i8x16_eq(bytes, newline)).count_ones());
        hash = i32x4_mul(v128_xor(hash, bytes), multiplier);
        hash = v128_xor(hash, u32x4_shr(hash, 15));
    }
    Scan {
        letters,
        lines,
        hash: [
            u32x4_extract_lane::<0>(hash),
            u32x4_extract_lane::<1>(hash),
            u32x4_extract_lane::<2>(hash),
            u32x4_extract_lane::<3>(hash),
        ],
    }
}

/// Scans `text` lane by lane: the scalar twin of the SIMD scan, for the native answers.
#[cfg(not(target_arch = "wasm32"))]
fn scan(text: &[u8], letter: u8, seed: u32) -> Scan {
    let mut hash = seed_lanes(seed);
    let (mut letters, mut lines) = (0u64, 0u64);
    for block in text.chunks_exact(16) {
        letters += block.iter().filter(|&&b| b == letter).count() as u64;
        lines += block.iter().filter(|&&b| b == b'\n').count() as u64;
        for (lane, word) in hash.iter_mut().zip(block.chunks_exact(4)) {
            let word = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
            let h = (*lane ^ word).wrapping_mul(MULTIPLIER);
            *lane = h ^ (h >> 15);
        }
    }
    Scan {
        letters,
        lines,
        hash,
    }
}
