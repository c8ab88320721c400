//! The spectral norm of the infinite matrix A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1),
//! truncated to `n` x `n`, by ten steps of power iteration (the benchmarks game's program).

bench_entry::export_run!(run);

fn a(i: usize, j: usize) -> f64 {
    1.0 / (((i + j) * (i + j + 1) / 2 + i + 1) as f64)
}

/// `out = A * v`.
fn multiply(v: &[f64], out: &mut [f64]) {
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = v.iter().enumerate().map(|(j, x)| a(i, j) * x).sum();
    }
}

/// `out = A^T * v`.
fn multiply_transposed(v: &[f64], out: &mut [f64]) {
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = v.iter().enumerate().map(|(j, x)| a(j, i) * x).sum();
    }
}

/// `out = A^T * A * v`, with `scratch` for the middle vector.
fn multiply_normal(v: &[f64], out: &mut [f64], scratch: &mut [f64]) {
    multiply(v, scratch);
    multiply_transposed(scratch, out);
}

/// The bits of the spectral norm of the `n` x `n` truncation.
pub fn run(n: u32) -> u64 {
    let n = n as usize;
    let mut u = vec![1.0; n];
    let mut v = vec![0.0; n];
    let mut scratch = vec![0.0; n];
    for _ in 0..10 {
        multiply_normal(&u, &mut v, &mut scratch);
        multiply_normal(&v, &mut u, &mut scratch);
    }
    let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(a, b)| a * b).sum::<f64>();
    (dot(&u, &v) / dot(&v, &v)).sqrt().to_bits()
}
