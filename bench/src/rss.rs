//! Peak resident memory of running a small module on each runtime.
//!
//! Each runtime is measured in a fresh child process (this binary, run as
//! `--rss-probe <runtime>`), which instantiates and runs one small program and then reports
//! its own peak resident set size (`VmHWM` in `/proc/self/status`). A child probing `none`
//! runs no wasm at all and gives the baseline of the binary itself. A second table does the
//! same with the largest real module (`--rss-program markdown`), where the figure is mostly the
//! compiled code and the per-function data a runtime keeps: the memory cost of a big module.
//! Last, the size of interp's translated code for that module, per byte of wasm.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::program::{PROGRAMS, Program};
use crate::real_programs::{LARGE_MODULE, real_program};
use crate::runtime::{Runtime, runtime_named};

/// The program the probe runs (with its quick input): small, but it has a linear memory.
const PROBE_PROGRAM: &str = "sieve";
/// The runtime name that runs nothing, for the baseline.
const BASELINE: &str = "none";
/// How the child's report line starts.
const REPORT_PREFIX: &str = "VmHWM kB: ";

/// The child side: runs the probe program (`real_program` names a real one instead of the
/// small C one) on `runtime_name` (or nothing for `none`) and prints this process's peak
/// resident set size.
pub fn probe(runtime_name: &str, real_program_name: Option<&str>) -> Result<()> {
    if runtime_name != BASELINE {
        let runtime = runtime_named(runtime_name).with_context(|| {
            format!("`--rss-probe {runtime_name}` names no runtime compiled in")
        })?;
        let program = match real_program_name {
            Some(name) => real_program(name)?,
            None => PROGRAMS
                .iter()
                .find(|program| program.name == PROBE_PROGRAM)
                .map(|program| Program { ..*program })
                .context("the probe program is missing from the program list")?,
        };
        let (argument, expected) = program.quick;
        let answer = runtime.instantiate(program.wasm)?.run(argument)?;
        if answer != expected {
            bail!(
                "{runtime_name} computed {answer} for {}, not {expected}",
                program.name
            );
        }
    }
    println!("{REPORT_PREFIX}{}", peak_resident_kilobytes()?);
    Ok(())
}

/// This process's `VmHWM` (peak resident set size) in kB, from `/proc/self/status`.
pub fn peak_resident_kilobytes() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")
        .context("cannot read /proc/self/status (peak memory is measured on Linux only)")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .context("/proc/self/status has no readable VmHWM line")
}

/// The parent side: runs one child per runtime plus the baseline and prints the figures, for
/// the small C program and then for the largest real module.
pub fn measure_and_print(runtimes: &[Box<dyn Runtime>]) -> Result<()> {
    let baseline = run_child(BASELINE, None)?;
    println!();
    println!(
        "peak resident memory (VmHWM) of a child process running {PROBE_PROGRAM} (quick input); \
         baseline without wasm: {:.1} MiB",
        baseline as f64 / 1024.0
    );
    println!(
        "{:<10}{:>12}{:>18}",
        "runtime", "peak MiB", "over baseline MiB"
    );
    for runtime in runtimes {
        let peak = run_child(runtime.name(), None)?;
        println!(
            "{:<10}{:>12.1}{:>18.1}",
            runtime.name(),
            peak as f64 / 1024.0,
            peak.saturating_sub(baseline) as f64 / 1024.0
        );
    }
    let large = real_program(LARGE_MODULE)?;
    let wasm_mib = large.wasm.len() as f64 / (1 << 20) as f64;
    println!();
    println!(
        "peak resident memory of a child process compiling, instantiating and calling \
         apps/rust/{LARGE_MODULE} ({wasm_mib:.2} MiB of wasm) once"
    );
    println!(
        "{:<16}{:>12}{:>18}{:>22}",
        "runtime", "peak MiB", "over baseline MiB", "over baseline / wasm"
    );
    for runtime in crate::runtime::startup_runtimes() {
        let peak = run_child(runtime.name(), Some(LARGE_MODULE))?;
        let over = peak.saturating_sub(baseline) as f64 / 1024.0;
        println!(
            "{:<16}{:>12.1}{:>18.1}{:>22.1}",
            runtime.name(),
            peak as f64 / 1024.0,
            over,
            over / wasm_mib
        );
    }
    print_code_size(large.wasm)
}

/// Prints the bytes of interp's internal code for the largest real module with every
/// function translated (eager mode), per byte of the module.
fn print_code_size(wasm: &[u8]) -> Result<()> {
    let engine =
        interp::Engine::new(interp::Config::new().compilation_mode(interp::CompilationMode::Eager));
    let module = interp::Module::new(&engine, wasm)
        .with_context(|| format!("interp could not compile {LARGE_MODULE}"))?;
    let code = module.compiled_code_bytes();
    println!();
    println!(
        "interp's translated code for apps/rust/{LARGE_MODULE}, every function (eager): \
         {:.2} MiB, {:.2} bytes per byte of wasm",
        code as f64 / (1 << 20) as f64,
        code as f64 / wasm.len() as f64
    );
    Ok(())
}

/// Runs `<this binary> --rss-probe <name> [--rss-program <program>]` and reads its report.
fn run_child(name: &str, real_program_name: Option<&str>) -> Result<u64> {
    let exe = std::env::current_exe().context("cannot find this binary to run the probe")?;
    let mut child = Command::new(exe);
    child.args(["--rss-probe", name]);
    if let Some(program) = real_program_name {
        child.args(["--rss-program", program]);
    }
    let output = child
        .output()
        .context("cannot start the memory probe child process")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "the memory probe for {name} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(REPORT_PREFIX))
        .and_then(|value| value.trim().parse().ok())
        .with_context(|| format!("the memory probe for {name} printed no figure: {stdout}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_plausible_peak_resident_size() {
        // A running test binary holds at least its code and a thread stack, and far less
        // than 64 GiB.
        let kilobytes = peak_resident_kilobytes().expect("tests run on Linux");
        assert!((500..64 << 20).contains(&kilobytes), "{kilobytes} kB");
    }
}
