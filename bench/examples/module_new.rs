//! `Module::new` of one module on one runtime, nothing else: a clean workload for
//! `valgrind --tool=callgrind` when profiling start-up (instantiation and calls would mix into
//! the profile otherwise).
//!
//! `cargo run --release -p bench --example module_new -- RUNTIME MODULE.wasm [N]` builds the
//! module N times (default 1), each with a fresh engine, and prints the median time. RUNTIME
//! is `interp` (default configuration), `interp-1t` (`Module::new` on one thread),
//! `interp-eager`, `interp-eager-1t`, `wasmi` (its default, lazy mode) or `wasmi-eager`.
//! `shheap-bench --write-generated PATH` writes the start-up figures' generated module.

use std::time::Instant;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (runtime, path, rounds) = match args.as_slice() {
        [runtime, path] => (runtime, path, 1),
        [runtime, path, rounds] => (
            runtime,
            path,
            rounds
                .parse::<usize>()
                .with_context(|| format!("`{rounds}` is not a number of rounds"))?,
        ),
        _ => bail!("usage: module_new RUNTIME MODULE.wasm [ROUNDS] (see the example's docs)"),
    };
    let wasm = std::fs::read(path).with_context(|| format!("could not read {path}"))?;
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds.max(1) {
        samples.push(build_once(runtime, &wasm)?);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "{runtime}: Module::new of {path} ({:.2} MB): median {:.3} ms of {}",
        wasm.len() as f64 / 1e6,
        samples[samples.len() / 2] * 1e3,
        samples.len()
    );
    Ok(())
}

/// Seconds one `Module::new` takes on `runtime`, with a fresh engine made before the clock
/// starts.
fn build_once(runtime: &str, wasm: &[u8]) -> Result<f64> {
    Ok(match runtime {
        "interp" | "interp-1t" | "interp-eager" | "interp-eager-1t" => {
            let mode = if runtime.starts_with("interp-eager") {
                interp::CompilationMode::Eager
            } else {
                interp::CompilationMode::LazyTranslation
            };
            let engine = interp::Engine::new(
                interp::Config::new()
                    .compilation_mode(mode)
                    .parallel_compilation(!runtime.ends_with("-1t")),
            );
            let start = Instant::now();
            let module = interp::Module::new(&engine, wasm)?;
            let seconds = start.elapsed().as_secs_f64();
            drop(module);
            seconds
        }
        "wasmi" | "wasmi-eager" => {
            let mut config = wasmi::Config::default();
            if runtime == "wasmi-eager" {
                config.compilation_mode(wasmi::CompilationMode::Eager);
            }
            let engine = wasmi::Engine::new(&config);
            let start = Instant::now();
            let module = wasmi::Module::new(&engine, wasm)?;
            let seconds = start.elapsed().as_secs_f64();
            drop(module);
            seconds
        }
        other => bail!(
            "`{other}` is no runtime here: use interp, interp-1t, interp-eager, \
             interp-eager-1t, wasmi or wasmi-eager"
        ),
    })
}
