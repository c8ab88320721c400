//! Counts the primes below `n` with a sieve of Eratosthenes over a `Vec<bool>`.

bench_entry::export_run!(run);

/// The number of primes below `n`.
pub fn run(n: u32) -> u64 {
    let n = n as usize;
    let mut composite = vec![false; n];
    let mut count = 0;
    for i in 2..n {
        if composite[i] {
            continue;
        }
        count += 1;
        // Saturating: on wasm32 `i * i` overflows `usize` for i > 65535, and a wrapped start
        // would mark primes as composite (the native build, with a 64-bit `usize`, would not).
        let mut multiple = i.saturating_mul(i);
        while multiple < n {
            composite[multiple] = true;
            multiple += i;
        }
    }
    count
}
