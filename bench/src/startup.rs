//! Start-up figures: how long each runtime takes to compile and instantiate a large module,
//! and how long its first call then takes (which is where lazy compilers pay). Two modules: a
//! generated one (many functions and a big data segment) and the largest real program
//! (`apps/rust/markdown`, Rust crates compiled to wasm). wasmi is measured in its default
//! (lazy) mode and in its eager mode. Creating the engine is not counted (see
//! [`crate::runtime::LoadTimes`]).

use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::generated_module::generate;
use crate::real_programs::{LARGE_MODULE, real_program};
use crate::report::median;
use crate::runtime::{Runtime, startup_runtimes};

/// A module whose start-up is measured, with one call and its answer.
struct StartupModule {
    /// What the table's title says about the module.
    description: String,
    /// The module's bytes.
    wasm: Vec<u8>,
    /// The argument of the first call.
    argument: u32,
    /// Its answer.
    answer: u64,
}

/// The generated module of the start-up figures (not the `--quick` one).
fn full_size_generated() -> crate::generated_module::GeneratedModule {
    generate(4_000, 3 << 20)
}

/// Writes the generated module of the start-up figures to `path`.
pub fn write_generated(path: &std::path::Path) -> Result<()> {
    let generated = full_size_generated();
    std::fs::write(path, &generated.wasm)
        .with_context(|| format!("could not write {}", path.display()))?;
    println!(
        "wrote the generated module ({} bytes) to {}",
        generated.wasm.len(),
        path.display()
    );
    Ok(())
}

/// Measures both modules (the generated one tiny under `--quick`) on every runtime `rounds`
/// times, alternating runtimes, and prints the medians.
pub fn measure_and_print(quick: bool, rounds: usize) -> Result<()> {
    let generated = if quick {
        generate(64, 64 << 10)
    } else {
        full_size_generated()
    };
    let real = real_program(LARGE_MODULE)?;
    let modules = [
        StartupModule {
            description: format!(
                "generated module of {:.2} MB ({} functions, {:.1} MB data)",
                generated.wasm.len() as f64 / 1e6,
                generated.functions,
                generated.data_len as f64 / 1e6,
            ),
            argument: generated.argument,
            answer: generated.answer,
            wasm: generated.wasm,
        },
        StartupModule {
            description: format!(
                "real module apps/rust/{LARGE_MODULE} of {:.2} MB (first call: run({}))",
                real.wasm.len() as f64 / 1e6,
                real.quick.0
            ),
            wasm: real.wasm.to_vec(),
            argument: real.quick.0,
            answer: real.quick.1,
        },
    ];
    let runtimes = startup_runtimes();
    for module in &modules {
        measure_module(&runtimes, module, rounds)?;
    }
    Ok(())
}

/// Measures and prints one module's table.
fn measure_module(
    runtimes: &[Box<dyn Runtime>],
    module: &StartupModule,
    rounds: usize,
) -> Result<()> {
    let mut samples: Vec<Vec<[f64; 3]>> = vec![Vec::new(); runtimes.len()];
    for _ in 0..rounds {
        for (runtime, samples) in runtimes.iter().zip(&mut samples) {
            samples.push(measure_once(runtime.as_ref(), module)?);
        }
    }
    println!();
    println!(
        "start-up: {}, fresh engine each time, median of {rounds}",
        module.description
    );
    println!(
        "{:<16}{:>14}{:>16}{:>16}{:>12}",
        "runtime", "compile ms", "instantiate ms", "first call ms", "total ms"
    );
    for (runtime, samples) in runtimes.iter().zip(samples) {
        // Milliseconds: median compile, instantiate, first call.
        let [compile, instantiate, first_call] =
            [0, 1, 2].map(|phase| median(samples.iter().map(|s| s[phase]).collect()) * 1e3);
        println!(
            "{:<16}{:>14.2}{:>16.2}{:>16.2}{:>12.2}",
            runtime.name(),
            compile,
            instantiate,
            first_call,
            compile + instantiate + first_call,
        );
    }
    Ok(())
}

/// One fresh compile + instantiate + first call, checking the answer: seconds per phase.
fn measure_once(runtime: &dyn Runtime, module: &StartupModule) -> Result<[f64; 3]> {
    let (mut instance, times) = runtime.instantiate_timed(&module.wasm).with_context(|| {
        format!(
            "{} could not instantiate the {}",
            runtime.name(),
            module.description
        )
    })?;
    let call_start = Instant::now();
    let answer = instance.run(module.argument).with_context(|| {
        format!(
            "{} failed to run the {}",
            runtime.name(),
            module.description
        )
    })?;
    let first_call = call_start.elapsed().as_secs_f64();
    if answer != module.answer {
        bail!(
            "{} computed {answer} for the {}, but the right answer is {}",
            runtime.name(),
            module.description,
            module.answer
        );
    }
    Ok([
        times.compile.as_secs_f64(),
        times.instantiate.as_secs_f64(),
        first_call,
    ])
}
