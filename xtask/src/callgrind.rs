//! `cargo xtask callgrind`: instruction counts of every `apps/bench` program on `interp`,
//! measured by valgrind. Unlike wall-clock time these counts barely move between runs, so a
//! change to the engine can be judged to a fraction of a percent.
//!
//! Each program runs once, in its own process (`shheap-bench --once NAME`), with its measured
//! input. The count is the whole process's (start-up, compilation and instantiation are
//! well under 1% of every program's count). It is taken with valgrind's cachegrind tool
//! (cache simulation off), which counts the same instructions as callgrind: callgrind keeps
//! a shadow call stack, and with tail-call dispatch every handler's jump to the next looks
//! to it like a call that never returns, so on the longer programs it runs out of memory.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::run::{cargo, workspace_root};

/// Builds the bench binary (interp only, release) and prints a table of instruction counts.
/// `--filter TEXT` keeps programs whose name contains TEXT.
pub fn run_from_args(args: &[String]) -> Result<()> {
    let mut filter = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--filter" => filter = Some(rest.next().context("`--filter` needs a text")?.clone()),
            other => bail!("unknown option `{other}` (use --filter TEXT)"),
        }
    }
    cargo(&["build", "--release", "-p", "bench", "--no-default-features"])?;
    let binary = workspace_root().join("target/release/shheap-bench");
    let listing = Command::new(&binary)
        .arg("--list")
        .output()
        .with_context(|| format!("could not start {}", binary.display()))?;
    if !listing.status.success() {
        bail!(
            "`{} --list` failed with {}",
            binary.display(),
            listing.status
        );
    }
    let names = String::from_utf8(listing.stdout).context("the program list is not UTF-8")?;
    let out_dir = std::env::temp_dir().join("shheap-instruction-counts");
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("could not create {}", out_dir.display()))?;
    println!("| program | instructions |");
    println!("|---|---:|");
    for name in names.lines() {
        if filter
            .as_ref()
            .is_some_and(|text| !name.contains(text.as_str()))
        {
            continue;
        }
        let count = count_instructions(&binary, name, &out_dir)?;
        println!("| {name} | {count} |");
    }
    Ok(())
}

/// Runs one program under valgrind and returns the instructions its process executed.
fn count_instructions(
    binary: &std::path::Path,
    name: &str,
    out_dir: &std::path::Path,
) -> Result<u64> {
    let out_file = out_dir.join(format!("{name}.out"));
    let output = Command::new("valgrind")
        .args(["--tool=cachegrind", "--cache-sim=no"])
        .arg(format!("--cachegrind-out-file={}", out_file.display()))
        .arg(binary)
        .args(["--once", name])
        .output()
        .context("could not start valgrind (is it installed? `apt-get install valgrind`)")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!(
            "valgrind's run of {name} failed with {}:\n{stderr}",
            output.status
        );
    }
    // cachegrind ends with a line "==PID== I   refs:      1,234,567".
    stderr
        .lines()
        .find_map(|line| {
            line.split_once("I   refs:")
                .map(|(_, count)| count.trim().replace(',', ""))
        })
        .and_then(|count| count.parse().ok())
        .with_context(|| format!("valgrind printed no instruction count for {name}:\n{stderr}"))
}
