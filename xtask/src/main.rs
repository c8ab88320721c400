//! Project automation, run as `cargo xtask <command>`:
//!
//! - `test`: everything CI runs (format, lints, the tests under every allocator feature set,
//!   doc tests, docs, the spec suite in release mode, and a short fuzz smoke).
//! - `fuzz <target> [--seconds N] [--asan]`: one cargo-fuzz target on the stable toolchain.
//! - `bench`: the benchmarks, which print figures (never pass/fail).

mod fuzz;
mod readme;
mod run;
mod tally;
mod test;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test                                  run everything CI runs
  fuzz <target> [--seconds N] [--asan]  run a cargo-fuzz target (default 60 s, no sanitizer)
  bench                                 run the benchmarks and print their figures
";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        bail!("no command given");
    };
    match command.as_str() {
        "test" => test::run_all(rest),
        "fuzz" => fuzz::run_from_args(rest),
        "bench" => bench(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => {
            eprint!("{USAGE}");
            bail!("unknown command `{other}`")
        }
    }
}

fn bench(rest: &[String]) -> Result<()> {
    if let Some(extra) = rest.first() {
        bail!("`cargo xtask bench` takes no arguments yet, but got `{extra}`");
    }
    run::cargo(&["bench", "-p", "chain"])
}
