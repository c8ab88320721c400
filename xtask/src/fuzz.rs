//! `cargo xtask fuzz`: cargo-fuzz targets on the stable toolchain.
//!
//! cargo-fuzz asks for a nightly compiler by default, for its sanitizer flags. On stable we
//! pass `-s none` (coverage-guided fuzzing without a sanitizer), or, with `--asan`, set
//! `RUSTC_BOOTSTRAP=1` so that stable rustc accepts AddressSanitizer's `-Z` flag.
//!
//! Runs start from the committed corpus `fuzz/corpus/<target>` and, unless `--grow-corpus` is
//! given, write what they find to a scratch folder under `fuzz/target`, so that a test run never
//! changes the committed files. After a long run with `--grow-corpus`, minimize with
//! `cargo fuzz cmin <target>` before committing.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::run::{status, workspace_root};

/// The targets `cargo xtask test` smoke-runs.
pub const SMOKE_TARGETS: [&str; 4] = [
    "chain_translate",
    "load_module",
    "diff_wasmi",
    "shared_heap_ops",
];

const DEFAULT_SECONDS: u64 = 60;

/// Parses `<target> [--seconds N] [--asan] [--grow-corpus]` and runs the target.
pub fn run_from_args(args: &[String]) -> Result<()> {
    let mut target = None;
    let mut seconds = DEFAULT_SECONDS;
    let mut asan = false;
    let mut grow_corpus = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args
                    .next()
                    .context("`--seconds` needs a number of seconds")?;
                seconds = value.parse().with_context(|| {
                    format!("`--seconds {value}` is not a whole number of seconds")
                })?;
            }
            "--asan" => asan = true,
            "--grow-corpus" => grow_corpus = true,
            flag if flag.starts_with('-') => {
                bail!("unknown option `{flag}` for `cargo xtask fuzz`")
            }
            name if target.is_none() => target = Some(name.to_owned()),
            extra => bail!("`cargo xtask fuzz` takes one target, but also got `{extra}`"),
        }
    }
    let target = target
        .context("usage: cargo xtask fuzz <target> [--seconds N] [--asan] [--grow-corpus]")?;
    run(&target, seconds, asan, grow_corpus)
}

/// Runs one fuzz target for `seconds` from its committed corpus, installing cargo-fuzz if
/// missing. New inputs go into the committed corpus only with `grow_corpus`.
pub fn run(target: &str, seconds: u64, asan: bool, grow_corpus: bool) -> Result<()> {
    ensure_cargo_fuzz()?;
    let fuzz_dir = workspace_root().join("fuzz");
    let corpus = fuzz_dir.join("corpus").join(target);
    std::fs::create_dir_all(&corpus)
        .with_context(|| format!("could not create the corpus folder {}", corpus.display()))?;
    // libFuzzer writes new inputs into the first corpus folder it is given and only reads the
    // others.
    let mut corpora = vec![corpus];
    if !grow_corpus {
        let scratch = fuzz_dir.join("target").join("scratch-corpus").join(target);
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch)
            .with_context(|| format!("could not create {}", scratch.display()))?;
        corpora.insert(0, scratch);
    }

    let mut command = Command::new("cargo");
    // cargo-fuzz builds into fuzz/target; a CARGO_TARGET_DIR meant for the main workspace
    // would make every run rebuild the fuzz crate elsewhere from scratch.
    command.env_remove("CARGO_TARGET_DIR");
    command.current_dir(&fuzz_dir).args(["fuzz", "run", target]);
    if asan {
        command.env("RUSTC_BOOTSTRAP", "1").args(["-s", "address"]);
    } else {
        command.args(["-s", "none"]);
    }
    // cargo-fuzz's default build is optimized with debug assertions and overflow checks on,
    // which is what a fuzz run wants.
    command
        .args(&corpora)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"));
    status(command)
}

fn ensure_cargo_fuzz() -> Result<()> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if installed {
        return Ok(());
    }
    let mut install = Command::new("cargo");
    install.args(["install", "cargo-fuzz", "--locked"]);
    status(install)
}
