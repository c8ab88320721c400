//! Dense f64 matrix multiplication: C = A * B for generated `n` x `n` matrices, row by row
//! (i-k-j order, as a programmer would write it for the cache).

use bench_entry::{FOLD_START, SplitMix64, fold};

bench_entry::export_run!(run);

/// A checksum of the product of two generated `n` x `n` matrices.
pub fn run(n: u32) -> u64 {
    let n = n as usize;
    let mut random = SplitMix64::new(7);
    let mut matrix = || -> Vec<f64> {
        (0..n * n)
            .map(|_| random.below(2001) as f64 / 1000.0 - 1.0)
            .collect()
    };
    let (a, b) = (matrix(), matrix());
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        let row = &mut c[i * n..(i + 1) * n];
        for k in 0..n {
            let factor = a[i * n + k];
            for (out, x) in row.iter_mut().zip(&b[k * n..(k + 1) * n]) {
                *out += factor * x;
            }
        }
    }
    c.iter().fold(FOLD_START, |hash, x| fold(hash, x.to_bits()))
}
