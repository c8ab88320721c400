//! What every benchmark program in `apps/rust` shares.
//!
//! A program is a crate with a function `fn run(n: u32) -> u64` that computes a checksum from
//! inputs it generates itself. [`export_run!`] exports it to wasm as `run(i32) -> i64`, the
//! calling convention of the C programs in `apps/bench`, so the harness treats both alike.
//! Built natively, the same function gives the expected answers (see the `answers` crate).

/// Exports `$run` (a `fn(u32) -> u64`) as the wasm function `run(i32) -> i64`.
///
/// Only on wasm: natively the crate is a plain library whose `run` the `answers` test calls.
#[macro_export]
macro_rules! export_run {
    ($run:path) => {
        #[cfg(target_arch = "wasm32")]
        #[unsafe(export_name = "run")]
        extern "C" fn exported_run(n: i32) -> i64 {
            // Unsigned values travel as their bits, as in the C programs.
            $run(n as u32) as i64
        }
    };
}

/// A small deterministic generator (SplitMix64), so that every runtime and the native build
/// see the same inputs.
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0; the slight bias does not matter for inputs).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }
}

/// Where a checksum built with [`fold`] starts (FNV-1a's offset basis).
pub const FOLD_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Folds `value` into `hash` (FNV-1a over its eight bytes): a checksum that sees every bit and
/// the order of the values.
pub fn fold(mut hash: u64, value: u64) -> u64 {
    for byte in value.to_le_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// [`fold`] over every byte of `bytes`, eight at a time (the tail zero-padded).
pub fn fold_bytes(mut hash: u64, bytes: &[u8]) -> u64 {
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = fold(hash, u64::from_le_bytes(word));
    }
    fold(hash, bytes.len() as u64)
}

/// Words the generated texts are made of.
const WORDS: [&str; 24] = [
    "the",
    "shared",
    "heap",
    "module",
    "memory",
    "page",
    "allocator",
    "thread",
    "wasm",
    "table",
    "function",
    "runtime",
    "engine",
    "value",
    "store",
    "instance",
    "global",
    "trap",
    "buffer",
    "linear",
    "export",
    "import",
    "section",
    "interpreter",
];

/// About `len` bytes of English-like text (words, punctuation, numbers and newlines):
/// compressible, as real text is, but not trivially so.
pub fn text(random: &mut SplitMix64, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    while out.len() < len {
        match random.below(16) {
            0 => out.extend_from_slice(random.next_u64().to_string().as_bytes()),
            _ => out.extend_from_slice(WORDS[random.below(WORDS.len() as u64) as usize].as_bytes()),
        }
        match random.below(20) {
            0 => out.extend_from_slice(b".\n"),
            1 | 2 => out.extend_from_slice(b", "),
            _ => out.push(b' '),
        }
    }
    out
}
