//! Start-up figures: how long each runtime takes to compile and instantiate a large generated
//! module, and how long its first call then takes (which is where lazy compilers pay).
//! Creating the engine is not counted (see [`crate::runtime::LoadTimes`]).

use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::generated_module::{GeneratedModule, generate};
use crate::report::median;
use crate::runtime::Runtime;

/// Generates the module (tiny under `--quick`), measures every runtime `rounds` times,
/// alternating runtimes, and prints the medians.
pub fn measure_and_print(runtimes: &[Box<dyn Runtime>], quick: bool, rounds: usize) -> Result<()> {
    let module = if quick {
        generate(64, 64 << 10)
    } else {
        generate(4_000, 3 << 20)
    };
    let mut samples: Vec<Vec<[f64; 3]>> = vec![Vec::new(); runtimes.len()];
    for _ in 0..rounds {
        for (runtime, samples) in runtimes.iter().zip(&mut samples) {
            samples.push(measure_once(runtime.as_ref(), &module)?);
        }
    }
    println!();
    println!(
        "start-up: generated module of {:.2} MB ({} functions, {:.1} MB data), fresh engine \
         each time, median of {rounds}",
        module.wasm.len() as f64 / 1e6,
        module.functions,
        module.data_len as f64 / 1e6,
    );
    println!(
        "{:<10}{:>14}{:>16}{:>16}{:>12}",
        "runtime", "compile ms", "instantiate ms", "first call ms", "total ms"
    );
    for (runtime, samples) in runtimes.iter().zip(samples) {
        // Milliseconds: median compile, instantiate, first call.
        let [compile, instantiate, first_call] =
            [0, 1, 2].map(|phase| median(samples.iter().map(|s| s[phase]).collect()) * 1e3);
        println!(
            "{:<10}{:>14.2}{:>16.2}{:>16.2}{:>12.2}",
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
fn measure_once(runtime: &dyn Runtime, module: &GeneratedModule) -> Result<[f64; 3]> {
    let (mut instance, times) = runtime.instantiate_timed(&module.wasm).with_context(|| {
        format!(
            "{} could not instantiate the generated module",
            runtime.name()
        )
    })?;
    let call_start = Instant::now();
    let answer = instance
        .run(module.argument)
        .with_context(|| format!("{} failed to run the generated module", runtime.name()))?;
    let first_call = call_start.elapsed().as_secs_f64();
    if answer != module.answer {
        bail!(
            "{} computed {answer} for the generated module, but the right answer is {}",
            runtime.name(),
            module.answer
        );
    }
    Ok([
        times.compile.as_secs_f64(),
        times.instantiate.as_secs_f64(),
        first_call,
    ])
}
