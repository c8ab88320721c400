//! Counts the words of a generated text (Zipf-like over a generated vocabulary) in a std
//! `HashMap`, then reports the most frequent ones.

use std::collections::HashMap;

use bench_entry::{FOLD_START, SplitMix64, fold, fold_bytes};

bench_entry::export_run!(run);

/// Generates about `n` words of text, counts them, and returns a checksum of the number of
/// distinct words and the twenty most frequent words with their counts.
pub fn run(n: u32) -> u64 {
    let mut random = SplitMix64::new(3);
    let vocabulary: Vec<Vec<u8>> = (0..5_000)
        .map(|_| {
            let len = 2 + random.below(9) as usize;
            (0..len).map(|_| b'a' + random.below(26) as u8).collect()
        })
        .collect();
    let mut text = Vec::new();
    for _ in 0..n {
        // Small indices far more often than large ones, like words in prose.
        let rank = random.below(vocabulary.len() as u64) * random.below(1_000) / 1_000;
        text.extend_from_slice(&vocabulary[rank as usize]);
        text.push(if random.below(12) == 0 { b'\n' } else { b' ' });
    }
    let mut counts: HashMap<&[u8], u32> = HashMap::new();
    for word in text.split(|byte| byte.is_ascii_whitespace()) {
        if !word.is_empty() {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    let mut ranked: Vec<(&[u8], u32)> = counts.iter().map(|(&w, &c)| (w, c)).collect();
    // Most frequent first; ties alphabetically, so the order does not depend on the hasher.
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut hash = fold(FOLD_START, ranked.len() as u64);
    for (word, count) in ranked.iter().take(20) {
        hash = fold(fold_bytes(hash, word), u64::from(*count));
    }
    hash
}
