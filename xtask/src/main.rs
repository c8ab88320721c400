//! Project automation, run as `cargo xtask <command>`:
//!
//! - `test`: everything CI runs (format, lints, the tests under every allocator feature set,
//!   doc tests, docs, the spec suite in release mode, and a short fuzz smoke).
//! - `fuzz <target> [--seconds N] [--asan] [--grow-corpus]`: one cargo-fuzz target on the
//!   stable toolchain.
//! - `bench`: the benchmarks, which print figures (never pass/fail).
//! - `callgrind [--filter TEXT]`: instruction counts of the bench programs on `interp`.
//! - `stress [--long] [--runs N]`: the shared-heap stress test in release mode, repeated.
//! - `build-apps`: rebuild the committed wasm apps from their C and Rust sources.

mod apps;
mod callgrind;
mod fuzz;
mod readme;
mod run;
mod rust_apps;
mod step_times;
mod stress;
mod tally;
mod test;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test                                  run everything CI runs
  fuzz <target> [--seconds N] [--asan] [--grow-corpus]\n                                        run a cargo-fuzz target (default 60 s, no sanitizer)
  bench [--peers] [--quick] [--rounds N] [--svg PATH]\n                                        run the benchmarks and print their figures
  callgrind [--filter TEXT]             instruction counts of the bench programs (valgrind)
  stress [--long] [--runs N]            the shared-heap stress test in release, N times in a row
  build-apps [--check]                  rebuild the committed wasm apps from their C sources\n                                        (clang) and apps/rust, apps/rust-wasi (cargo);\n                                        --check only compares
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
        "callgrind" => callgrind::run_from_args(rest),
        "stress" => stress::run_from_args(rest),
        "build-apps" => apps::build_all(rest),
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

/// Runs the benchmark binary in release mode, passing the arguments through
/// (`--quick`, `--rounds N`, `--filter TEXT`, `--svg PATH`; see `bench/src/main.rs`).
/// `--peers` also builds the C-based peers, wasm3 and WAMR (they need cmake and libclang-dev).
fn bench(rest: &[String]) -> Result<()> {
    let mut args = vec!["run", "--release", "-p", "bench"];
    if rest.iter().any(|arg| arg == "--peers") {
        args.extend(["--features", "c-peers"]);
    }
    args.push("--");
    args.extend(
        rest.iter()
            .map(String::as_str)
            .filter(|arg| *arg != "--peers"),
    );
    run::cargo(&args)
}
