//! LZ4 block compression and decompression (the `lz4_flex` crate, safe code paths) of
//! generated text.

use bench_entry::{FOLD_START, SplitMix64, fold, fold_bytes, text};

bench_entry::export_run!(run);

/// Compresses `n` KiB of text four times over and decompresses it as often; returns a checksum
/// of the text that came back, or 0 if a round trip did not give the text back or the text did
/// not shrink. Not of the compressed bytes: lz4_flex finds matches with word-sized reads, so
/// they differ between 32-bit wasm and the 64-bit native build that computes the answers.
pub fn run(n: u32) -> u64 {
    let input = text(&mut SplitMix64::new(17), n as usize * 1024);
    let mut hash = FOLD_START;
    for _ in 0..4 {
        let compressed = lz4_flex::block::compress_prepend_size(&input);
        match lz4_flex::block::decompress_size_prepended(&compressed) {
            Ok(output) if output == input && compressed.len() < input.len() => {
                hash = fold_bytes(hash, &output)
            }
            _ => return 0,
        }
    }
    fold(hash, input.len() as u64)
}
