//! `cargo xtask stress [--long] [--runs N]`: the shared-heap stress test
//! (module `stress_shared_heap` of `interp/tests/all`) in release mode, repeated.
//!
//! `--long` raises the operations per thread from the test's default (4,000) to
//! [`LONG_OPS`]; `--runs N` repeats the run N times (default 1) and stops at the first
//! failure, so `--runs 20` checks "passes 20 times in a row".

use anyhow::{Context, Result, bail};

use crate::run::{cargo_command, status};

/// Operations per thread with `--long`: fifty times the default.
const LONG_OPS: u32 = 200_000;

/// Parses the options and runs the stress test.
pub fn run_from_args(args: &[String]) -> Result<()> {
    let mut long = false;
    let mut runs: u32 = 1;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--long" => long = true,
            "--runs" => {
                let value = args.next().context("`--runs` needs a number")?;
                runs = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .with_context(|| format!("`--runs {value}` is not a positive number"))?;
            }
            other => bail!("unknown option `{other}` (use --long or --runs N)"),
        }
    }
    for run in 1..=runs {
        println!("stress run {run} of {runs}");
        let mut command = cargo_command(&[
            "test",
            "--release",
            "-p",
            "shheap-interp",
            "--test",
            "all",
            "stress_shared_heap::",
        ]);
        if long {
            command.env("STRESS_OPS", LONG_OPS.to_string());
        }
        status(command).with_context(|| format!("stress run {run} of {runs} failed"))?;
    }
    println!("{runs} of {runs} stress runs passed");
    Ok(())
}
