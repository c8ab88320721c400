//! One call of one benchmark module on one runtime, nothing else: a clean workload for
//! `valgrind --tool=callgrind` (the benchmark binary also runs the other runtimes, the start-up
//! modules and the allocators, which would mix into a profile).
//!
//! `cargo run --release -p bench --example profile_one -- interp|wasmi MODULE.wasm N`
//! instantiates MODULE (it must export `run(i32) -> i64` and import nothing), calls `run(N)`
//! once and prints the answer and the time of the call.

use std::time::Instant;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [runtime, path, argument] = args.as_slice() else {
        bail!("usage: profile_one interp|wasmi MODULE.wasm N");
    };
    let wasm = std::fs::read(path).with_context(|| format!("could not read {path}"))?;
    let argument: i32 = argument
        .parse()
        .with_context(|| format!("`{argument}` is not a number"))?;
    let (answer, seconds) = match runtime.as_str() {
        "interp" => {
            let engine = interp::Engine::default();
            let module = interp::Module::new(&engine, &wasm)?;
            let mut store = interp::Store::new(&engine, ());
            let instance = interp::Linker::new(&engine).instantiate(&mut store, &module)?;
            let run: interp::TypedFunc<i32, i64> = instance.get_typed_func(&store, "run")?;
            let start = Instant::now();
            (
                run.call(&mut store, argument)?,
                start.elapsed().as_secs_f64(),
            )
        }
        "wasmi" => {
            let engine = wasmi::Engine::default();
            let module = wasmi::Module::new(&engine, &wasm)?;
            let mut store = wasmi::Store::new(&engine, ());
            let instance =
                wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module)?;
            let run = instance.get_typed_func::<i32, i64>(&store, "run")?;
            let start = Instant::now();
            (
                run.call(&mut store, argument)?,
                start.elapsed().as_secs_f64(),
            )
        }
        other => bail!("`{other}` is no runtime here: use interp or wasmi"),
    };
    println!(
        "{path}: run({argument}) = {} in {:.3} ms",
        answer as u64,
        seconds * 1e3
    );
    #[cfg(feature = "op-counts")]
    print_op_counts();
    Ok(())
}

/// The instructions interp ran (setup included), the most frequent singles and pairs, with
/// their share of all dispatches.
#[cfg(feature = "op-counts")]
fn print_op_counts() {
    let counts = interp::op_counts::take();
    let total = counts.total().max(1);
    let share = |n: u64| 100.0 * n as f64 / total as f64;
    println!("dispatches: {total}");
    for (name, n) in counts.singles.iter().take(40) {
        println!("  {n:>12} {:5.2}% {name}", share(*n));
    }
    println!("pairs:");
    for (a, b, n) in counts.pairs.iter().take(60) {
        println!("  {n:>12} {:5.2}% {a} -> {b}", share(*n));
    }
}
