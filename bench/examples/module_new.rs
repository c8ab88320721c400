//! `Module::new` of one module on one runtime, nothing else: a clean workload for
//! `valgrind --tool=callgrind` when profiling start-up (instantiation and calls would mix into
//! the profile otherwise).
//!
//! `cargo run --release -p bench --example module_new -- interp|wasmi|wasmi-eager MODULE.wasm [N]`
//! builds the module N times (default 1), each with a fresh engine, and prints the median time.

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
        _ => bail!("usage: module_new interp|wasmi|wasmi-eager MODULE.wasm [ROUNDS]"),
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
        "interp" => {
            let engine = interp::Engine::default();
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
        other => bail!("`{other}` is no runtime here: use interp, wasmi or wasmi-eager"),
    })
}
