//! `shheap-bench`: runs the benchmark programs of `apps/bench` on `interp` and on the peer
//! runtimes compiled in, alternating runtimes round by round so that drift in the machine's
//! speed hits all of them alike, and prints per program the median time per runtime and its
//! ratio to `interp`, then the geometric mean of the ratios.
//!
//! After the programs it prints three more tables: malloc/free throughput of the shared-heap
//! allocators next to the host's (`alloc_bench`), start-up time on a large generated module
//! (`startup`), and each runtime's peak resident memory on a small module (`rss`).
//!
//! Then the same table for the real programs of `apps/rust` (Rust crates from crates.io).
//!
//! `--quick` runs tiny inputs once (a check that the harness works, not a measurement);
//! `--rounds N` sets the rounds; `--filter TEXT` keeps programs whose name contains TEXT;
//! `--svg PATH` also writes a bar chart of the ratios; `--alloc-only` prints only the allocator
//! figures. `--rss-probe RUNTIME` is the child mode the memory figures spawn this binary in
//! (`none` runs no wasm, for the baseline), and `--alloc-metadata-probe BACKEND PATTERN` the
//! one the allocator's metadata figures do.
//! `--once NAME` runs one program once on `interp` alone and prints nothing else (what
//! `cargo xtask callgrind` counts instructions of); `--list` prints the program names.
//! `--rss-program NAME` makes an `--rss-probe` child run a real program instead of the
//! small C one.

#![deny(missing_docs)]

mod alloc_bench;
mod chart;
mod generated_module;
mod program;
mod real_programs;
mod report;
mod rss;
mod runtime;
mod split_mix;
mod startup;
mod wasm_writer;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use program::{PROGRAMS, Program, SIMD_PROGRAMS};
use report::{Measurement, print_table};
use runtime::{Runtime, runtimes};

/// What `--help` prints.
const USAGE: &str =
    "usage: shheap-bench [--quick] [--rounds N] [--filter TEXT] [--svg PATH] [--alloc-only]

  --quick        tiny inputs, one round: checks the harness, measures nothing
  --rounds N     rounds per program (default 5); each round runs every runtime once
  --filter TEXT  only the programs whose name contains TEXT
  --svg PATH     also write a bar chart of the ratios to PATH
  --alloc-only   only the shared-heap allocator figures (throughput, metadata,
                 fragmentation, malloc/free from wasm)
  --once NAME    run program NAME once on interp only, checking its answer (for callgrind)
  --list         print the program names, one a line
  --startup-only only the start-up figures (compile, instantiate, first call)
  --write-generated PATH
                 write the start-up figures' generated module to PATH (for the
                 example module_new) and exit

The C peers (wasm3, WAMR) are compiled in with the cargo feature `c-peers`.";

struct Options {
    quick: bool,
    rounds: usize,
    filter: Option<String>,
    svg: Option<PathBuf>,
    rss_probe: Option<String>,
    alloc_only: bool,
    alloc_metadata_probe: Option<(String, String)>,
    once: Option<String>,
    list: bool,
    rss_program: Option<String>,
    startup_only: bool,
    write_generated: Option<PathBuf>,
}

fn parse_options() -> Result<Options> {
    let mut options = Options {
        quick: false,
        rounds: 5,
        filter: None,
        svg: None,
        rss_probe: None,
        alloc_only: false,
        alloc_metadata_probe: None,
        once: None,
        list: false,
        rss_program: None,
        startup_only: false,
        write_generated: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--quick" => options.quick = true,
            "--rounds" => {
                let value = args.next().context("`--rounds` needs a number")?;
                options.rounds = value
                    .parse()
                    .ok()
                    .filter(|&rounds| rounds > 0)
                    .with_context(|| format!("`--rounds {value}` is not a positive number"))?;
            }
            "--filter" => options.filter = Some(args.next().context("`--filter` needs a text")?),
            "--svg" => options.svg = Some(args.next().context("`--svg` needs a file path")?.into()),
            "--alloc-only" => options.alloc_only = true,
            "--alloc-metadata-probe" => {
                let backend = args
                    .next()
                    .context("`--alloc-metadata-probe` needs a backend")?;
                let pattern = args
                    .next()
                    .context("`--alloc-metadata-probe` needs a pattern")?;
                options.alloc_metadata_probe = Some((backend, pattern));
            }
            "--once" => options.once = Some(args.next().context("`--once` needs a program name")?),
            "--list" => options.list = true,
            "--startup-only" => options.startup_only = true,
            "--write-generated" => {
                let path = args
                    .next()
                    .context("`--write-generated` needs a file path")?;
                options.write_generated = Some(path.into());
            }
            "--rss-probe" => {
                options.rss_probe = Some(args.next().context("`--rss-probe` needs a runtime")?);
            }
            "--rss-program" => {
                options.rss_program = Some(
                    args.next()
                        .context("`--rss-program` needs a program name")?,
                );
            }
            other => bail!(
                "unknown option `{other}` (use --quick, --rounds N, --filter TEXT, --svg PATH, \
                 --alloc-only, --startup-only, or --help)"
            ),
        }
    }
    if options.quick {
        options.rounds = 1;
    }
    Ok(options)
}

fn main() -> Result<()> {
    let options = parse_options()?;
    if let Some(runtime) = &options.rss_probe {
        return rss::probe(runtime, options.rss_program.as_deref());
    }
    if let Some((backend, pattern)) = &options.alloc_metadata_probe {
        return alloc_bench::metadata_probe(backend, pattern);
    }
    if options.alloc_only {
        return alloc_bench::measure_and_print(options.quick, options.rounds);
    }
    if options.list {
        for program in PROGRAMS {
            println!("{}", program.name);
        }
        return Ok(());
    }
    if let Some(name) = &options.once {
        return run_once(name);
    }
    if let Some(path) = &options.write_generated {
        return startup::write_generated(path);
    }
    if options.startup_only {
        return startup::measure_and_print(options.quick, options.rounds);
    }
    let runtimes = runtimes();
    let measurements = measure(&runtimes, PROGRAMS.iter(), &options)?;
    // With `--filter` matching none of them, no table (its geometric mean would be NaN).
    if !measurements.is_empty() {
        print_table(&runtimes, &measurements, options.quick);
    }
    if let Some(path) = &options.svg {
        let peers: Vec<&str> = runtimes[1..].iter().map(|runtime| runtime.name()).collect();
        chart::write_svg(path, &peers, &report::ratio_groups(&measurements))?;
        println!("(chart of the ratios written to {})", path.display());
    }
    let simd_runtimes = runtime::simd_runtimes();
    let simd_real = real_programs::simd_real_programs()?;
    let simd_programs = SIMD_PROGRAMS.iter().chain(simd_real.iter());
    let simd_measurements = measure(&simd_runtimes, simd_programs, &options)?;
    if !simd_measurements.is_empty() {
        println!();
        println!(
            "SIMD programs: C with wasm_simd128.h (apps/bench-simd) and Rust with \
             core::arch::wasm32 (apps/rust/simd_scan), runtimes with SIMD"
        );
        print_table(&simd_runtimes, &simd_measurements, options.quick);
    }
    let real = real_programs::real_programs()?;
    let real_measurements = measure(&runtimes, real.iter(), &options)?;
    if !real_measurements.is_empty() {
        println!();
        println!("real programs: Rust crates from crates.io built to wasm (apps/rust)");
        print_table(&runtimes, &real_measurements, options.quick);
    }
    alloc_bench::measure_and_print(options.quick, options.rounds)?;
    startup::measure_and_print(options.quick, options.rounds)?;
    rss::measure_and_print(&runtimes)?;
    Ok(())
}

/// Runs every program that passes `--filter` `options.rounds` times on every runtime,
/// alternating runtimes round by round, and returns each program's medians.
fn measure<'a>(
    runtimes: &[Box<dyn Runtime>],
    programs: impl Iterator<Item = &'a Program>,
    options: &Options,
) -> Result<Vec<Measurement>> {
    let mut measurements = Vec::new();
    let selected = programs.filter(|program| {
        options
            .filter
            .as_ref()
            .is_none_or(|text| program.name.contains(text.as_str()))
    });
    for program in selected {
        let input = if options.quick {
            program.quick
        } else {
            program.full
        };
        let mut times = vec![Vec::new(); runtimes.len()];
        for _ in 0..options.rounds {
            for (runtime, samples) in runtimes.iter().zip(&mut times) {
                samples.push(time_one(runtime.as_ref(), program, input)?);
            }
        }
        measurements.push(Measurement::new(program.name, runtimes, times));
    }
    Ok(measurements)
}

/// Runs the program called `name` once on `interp` with its measured input, checking the
/// answer (what `cargo xtask callgrind` counts the instructions of). The wasm call itself is
/// [`run_measured_call`], so that a profiler can single it out by name.
fn run_once(name: &str) -> Result<()> {
    let Some(program) = PROGRAMS.iter().find(|program| program.name == name) else {
        let names: Vec<&str> = PROGRAMS.iter().map(|program| program.name).collect();
        bail!(
            "there is no program `{name}`; the programs are {}",
            names.join(", ")
        );
    };
    let runtime = runtime::runtime_named("interp").context("interp is always compiled in")?;
    let (argument, expected) = program.full;
    let mut instance = runtime
        .instantiate(program.wasm)
        .with_context(|| format!("interp could not instantiate {name}"))?;
    let answer = run_measured_call(instance.as_mut(), argument)
        .with_context(|| format!("interp failed to run {name}"))?;
    if answer != expected {
        bail!(
            "interp computed {answer} for {name}({argument}), but the right answer is {expected}"
        );
    }
    Ok(())
}

/// The wasm call of `--once`, kept out of line so that profilers can name it.
#[inline(never)]
fn run_measured_call(instance: &mut dyn runtime::Instance, argument: u32) -> Result<u64> {
    instance.run(argument)
}

/// Instantiates `program` on `runtime`, runs it once on `input`, checks the answer and returns
/// the seconds the call took (instantiation excluded).
fn time_one(runtime: &dyn Runtime, program: &Program, input: (u32, u64)) -> Result<f64> {
    let (argument, expected) = input;
    let mut instance = runtime
        .instantiate(program.wasm)
        .with_context(|| format!("{} could not instantiate {}", runtime.name(), program.name))?;
    let start = Instant::now();
    let answer = instance
        .run(argument)
        .with_context(|| format!("{} failed to run {}", runtime.name(), program.name))?;
    let seconds = start.elapsed().as_secs_f64();
    if answer != expected {
        bail!(
            "{} computed {answer} for {}({argument}), but the right answer is {expected}",
            runtime.name(),
            program.name
        );
    }
    Ok(seconds)
}
