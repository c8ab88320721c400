//! SHA-256 and SHA-512 (the `sha2` crate) over a generated buffer, chained `n` times.

use bench_entry::SplitMix64;
use sha2::{Digest, Sha256, Sha512};

bench_entry::export_run!(run);

/// Size of the hashed buffer.
const BUFFER_LEN: usize = 16 << 10;

/// Hashes the buffer `n` times with each algorithm, each digest feeding the next round, and
/// returns the first eight bytes of the last SHA-256 digest xor those of the last SHA-512.
pub fn run(n: u32) -> u64 {
    let mut random = SplitMix64::new(5);
    let mut buffer: Vec<u8> = (0..BUFFER_LEN).map(|_| random.next_u64() as u8).collect();
    let mut digest256 = [0u8; 32];
    let mut digest512 = [0u8; 64];
    for _ in 0..n {
        buffer[..32].copy_from_slice(&digest256);
        digest256 = Sha256::digest(&buffer).into();
        buffer[32..96].copy_from_slice(&digest512);
        digest512 = Sha512::digest(&buffer).into();
    }
    let first = |bytes: &[u8]| u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
    first(&digest256) ^ first(&digest512)
}
