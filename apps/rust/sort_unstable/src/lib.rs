//! std's `sort_unstable` on `n` random integers and on `n / 4` random byte strings.

use bench_entry::{FOLD_START, SplitMix64, fold, fold_bytes};

bench_entry::export_run!(run);

/// A checksum of both sorted sequences (so the order is checked, not just the contents).
pub fn run(n: u32) -> u64 {
    let mut random = SplitMix64::new(11);
    let mut numbers: Vec<u64> = (0..n)
        .map(|_| random.next_u64() >> random.below(40))
        .collect();
    numbers.sort_unstable();
    let mut hash = numbers
        .iter()
        .step_by(7)
        .fold(FOLD_START, |hash, &x| fold(hash, x));
    let mut words: Vec<Vec<u8>> = (0..n / 4)
        .map(|_| {
            let len = 1 + random.below(12) as usize;
            (0..len).map(|_| b'a' + random.below(6) as u8).collect()
        })
        .collect();
    words.sort_unstable();
    for word in words.iter().step_by(5) {
        hash = fold_bytes(hash, word);
    }
    hash
}
