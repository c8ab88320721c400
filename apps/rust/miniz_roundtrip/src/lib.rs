//! Deflate compression and decompression (the `miniz_oxide` crate) of generated text.

use bench_entry::{FOLD_START, SplitMix64, fold, fold_bytes, text};
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec;

bench_entry::export_run!(run);

/// Compresses `n` KiB of text at level 6 and decompresses it again; returns a checksum of the
/// compressed bytes, or 0 if the round trip did not give the text back.
pub fn run(n: u32) -> u64 {
    let input = text(&mut SplitMix64::new(13), n as usize * 1024);
    let compressed = compress_to_vec(&input, 6);
    match decompress_to_vec(&compressed) {
        Ok(output) if output == input => {
            fold(fold_bytes(FOLD_START, &compressed), input.len() as u64)
        }
        _ => 0,
    }
}
