//! `cargo xtask test`: everything CI runs, in order, stopping at the first failure.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::fuzz;
use crate::run::{counted, status};
use crate::tally::Tally;

/// The managed-heap backends, each tested on its own and both together.
const ALLOCATOR_FEATURE_SETS: [(&str, &[&str]); 3] = [
    ("linked-list (default)", &[]),
    (
        "buddy only",
        &["--no-default-features", "--features", "buddy"],
    ),
    ("both backends", &["--features", "buddy"]),
];

/// Crates whose tests depend on the allocator features.
const HEAP_CRATES: [&str; 2] = ["shheap-heap-alloc", "shheap-chain"];

/// The library crates, by package name: each must package as crates.io would take it.
const PUBLISHED_CRATES: [&str; 5] = [
    "shheap-heap-core",
    "shheap-heap-alloc",
    "shheap-chain",
    "shheap-interp",
    "shheap-wasi",
];

/// A `cargo` command for the test run: release builds skip the release profile's fat LTO and
/// single codegen unit. Those make the shipped binaries faster (see Cargo.toml) but multiply
/// the build time of every test binary, and the tests check behaviour, not speed.
fn cargo_command(args: &[&str]) -> Command {
    let mut command = crate::run::cargo_command(args);
    for (name, value) in TEST_RELEASE_PROFILE {
        command.env(name, value);
    }
    command
}

/// The release-profile overrides of the test run, as cargo's environment settings.
pub const TEST_RELEASE_PROFILE: [(&str, &str); 2] = [
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
];

/// Removes the sources cargo extracted from an earlier run's packages of this workspace.
///
/// `cargo package` verifies each crate against its siblings' packages through a local
/// registry, and cargo extracts a registry crate only once per name and version: on a
/// machine that ran the package check before, interp would be verified against the old
/// extracted chain. Local registries' sources live under `registry/src/-<hash>` in cargo's
/// home (crates.io's under `index.crates.io-<hash>`, which is left alone).
fn forget_extracted_packages() -> Result<()> {
    let Some(cargo_home) = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo"))
        })
    else {
        return Ok(());
    };
    let Ok(sources) = std::fs::read_dir(cargo_home.join("registry").join("src")) else {
        return Ok(());
    };
    for source in sources.flatten() {
        if !source.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        let Ok(crates) = std::fs::read_dir(source.path()) else {
            continue;
        };
        for krate in crates.flatten() {
            let name = krate.file_name().to_string_lossy().into_owned();
            if PUBLISHED_CRATES
                .iter()
                .any(|published| name.starts_with(&format!("{published}-")))
            {
                std::fs::remove_dir_all(krate.path())
                    .with_context(|| format!("removing {}", krate.path().display()))?;
            }
        }
    }
    Ok(())
}

/// Seconds each fuzz target runs for in the smoke run.
const FUZZ_SMOKE_SECONDS: u64 = 20;

pub fn run_all(args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        bail!("`cargo xtask test` takes no arguments, but got `{extra}`");
    }
    let mut tally = Tally::default();

    status(cargo_command(&["fmt", "--all", "--check"]))?;
    status(cargo_command(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
        "-D",
        "clippy::undocumented_unsafe_blocks",
    ]))?;

    // The committed wasm apps must be what their C and Rust sources build to.
    crate::apps::build_all(&["--check".to_owned()])?;
    // The real programs' committed answers must be what the same Rust code computes natively.
    let mut answers = cargo_command(&["test", "--release", "--locked", "-p", "answers"]);
    answers.current_dir(crate::run::workspace_root().join("apps").join("rust"));
    counted(answers, &mut tally)?;

    // Everything but the engine, with the default features, in debug mode.
    counted(
        cargo_command(&[
            "test",
            "--workspace",
            "--exclude",
            "shheap-interp",
            "--exclude",
            "shheap-capi",
            "--lib",
            "--bins",
            "--tests",
        ]),
        &mut tally,
    )?;
    for (name, flags) in &ALLOCATOR_FEATURE_SETS[1..] {
        println!("\n--- heap backends: {name}");
        let mut args = vec!["test", "--lib", "--tests"];
        for krate in HEAP_CRATES {
            args.extend(["-p", krate]);
        }
        args.extend_from_slice(flags);
        counted(cargo_command(&args), &mut tally)?;
    }

    // The C API: its unit tests, then the C programs in capi/c built with the system C
    // compiler against wasm_export.h and libshheap.a and run (the two-thread program under
    // valgrind memcheck when valgrind is installed), and the header checked against the
    // library's exports.
    println!("\n--- C API (libshheap)");
    // `cargo test` does not build the static and shared libraries the C programs link.
    status(cargo_command(&["build", "-p", "shheap-capi"]))?;
    counted(cargo_command(&["test", "-p", "shheap-capi"]), &mut tally)?;

    // The engine in release mode: the spec suite is too slow unoptimized. Then again with
    // the handlers returning to a loop instead of tail-calling each other (the dispatch of
    // debug builds and of targets without sibling calls), and once without the optional
    // features (no shared heaps, no text format). Each of the three runs builds and runs the
    // same three test binaries: the unit tests (`--lib`, whose `dispatch_mode_tests` fails if
    // the run's dispatch mode is not the one meant), the integration tests (`tests/all`, one
    // binary so that the engine's generic code is compiled once per run, not once per file)
    // and the spec suite (`tests/spec.rs`). Without the default features the modules of
    // `tests/all` that need shared heaps or the text format compile to nothing.
    counted(
        cargo_command(&[
            "test",
            "--release",
            "-p",
            "shheap-interp",
            "--lib",
            "--tests",
        ]),
        &mut tally,
    )?;
    // The spec suite again with every function translated up front (the default translates
    // on first call), so both compilation modes stay conformant.
    let mut eager_spec =
        cargo_command(&["test", "--release", "-p", "shheap-interp", "--test", "spec"]);
    eager_spec.env("SPEC_COMPILATION", "eager");
    counted(eager_spec, &mut tally)?;
    counted(
        cargo_command(&[
            "test",
            "--release",
            "-p",
            "shheap-interp",
            "--features",
            "loop-dispatch",
            "--lib",
            "--tests",
        ]),
        &mut tally,
    )?;
    counted(
        cargo_command(&[
            "test",
            "--release",
            "-p",
            "shheap-interp",
            "--no-default-features",
            "--lib",
            "--tests",
        ]),
        &mut tally,
    )?;

    counted(cargo_command(&["test", "--workspace", "--doc"]), &mut tally)?;

    let mut doc = cargo_command(&["doc", "--workspace", "--no-deps"]);
    doc.env("RUSTDOCFLAGS", "-D warnings");
    status(doc)?;

    // Each library crate packages and builds from its package alone, with its siblings resolved
    // from the same run's packages (no crate is published yet). `--allow-dirty` so that the
    // step checks the manifests, not whether the work tree is committed.
    // They build in a target directory of their own, emptied first: cargo takes a registry
    // crate of the same name and version as unchanged, so a build left by an earlier run
    // would verify a crate against its siblings' old code.
    let mut package = vec!["package", "--allow-dirty"];
    for krate in PUBLISHED_CRATES {
        package.extend(["-p", krate]);
    }
    let package_target = crate::run::workspace_root().join("target/package-check");
    if package_target.exists() {
        std::fs::remove_dir_all(&package_target)
            .with_context(|| format!("removing {}", package_target.display()))?;
    }
    forget_extracted_packages()?;
    let mut package = cargo_command(&package);
    package.env("CARGO_TARGET_DIR", &package_target);
    status(package)?;

    // Benchmarks are never pass/fail; the tiny run only proves the harness still works.
    status(cargo_command(&[
        "run",
        "--release",
        "-p",
        "bench",
        "--",
        "--quick",
    ]))?;

    crate::readme::run_commands()?;

    for target in fuzz::SMOKE_TARGETS {
        fuzz::run(target, FUZZ_SMOKE_SECONDS, false, false)?;
    }

    crate::step_times::print_slowest(8);
    if tally.failed > 0 {
        bail!("{} tests failed", tally.failed);
    }
    println!("\nxtask test: every step passed");
    println!(
        "{} passed, {} failed, {} skipped",
        tally.passed, tally.failed, tally.skipped
    );
    Ok(())
}
