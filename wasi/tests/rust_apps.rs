//! The Rust programs of `apps/rust-wasi` (built for `wasm32-wasip1` with Rust's std, committed
//! as .wasm) run through the library with a fixed configuration; what they print is compared
//! with the expected text in `tests/expected/rust_*.txt`. The same programs agree line for line
//! with wasmtime (`differential/compare_rust_apps.py`), which is how that text was checked.

mod common;

use common::app_paths::rust_wasi_program;
use common::{Outcome, assert_output, run_module};
use shheap_wasi::{Exit, ManualClock, SeededRandom, WasiCtxBuilder};

/// Runs program `name` with the context `builder` makes (stdout and stderr captured).
fn run(name: &str, builder: &mut WasiCtxBuilder) -> Outcome {
    run_module(&rust_wasi_program(name), builder, None)
}

#[test]
fn std_fs_creates_reads_writes_renames_lists_and_removes_inside_the_preopen_only() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("keep.txt"), "kept\n").expect("a file");
    let outcome = run(
        "fs_tour",
        WasiCtxBuilder::new()
            .arg("fs_tour.wasm")
            .preopened_dir(dir.path(), "/sandbox", false),
    );
    assert_eq!(
        (&outcome.exit, &outcome.trap),
        (&None, &None),
        "{outcome:?}"
    );
    assert_output(&outcome.stdout, "rust_fs_tour.txt");
    assert_eq!(outcome.stderr, "");
    // It removed what it made and nothing escaped next to the sandbox.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listable")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(left, ["keep.txt"]);
    let parent = dir.path().parent().expect("a parent");
    assert!(!parent.join("escaped-by-rust").exists());
}

#[test]
fn std_fs_in_a_read_only_preopen_changes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("keep.txt"), "kept\n").expect("a file");
    let outcome = run(
        "fs_tour",
        WasiCtxBuilder::new()
            .arg("fs_tour.wasm")
            .preopened_dir(dir.path(), "/sandbox", true),
    );
    assert_eq!(
        (&outcome.exit, &outcome.trap),
        (&None, &None),
        "{outcome:?}"
    );
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    // preview1's ENOTCAPABLE, which Rust's std reports as an uncategorized error.
    assert_eq!(lines[0], "create_dir tour: error Uncategorized");
    assert!(
        lines.contains(&"write a.txt: error Uncategorized"),
        "{lines:?}"
    );
    assert_eq!(lines.last(), Some(&"  entries: keep.txt"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).expect("still there"),
        "kept\n"
    );
}

#[test]
fn args_env_clocks_and_random_bytes_are_what_the_host_configured() {
    let outcome = run(
        "env_clock_random",
        WasiCtxBuilder::new()
            .args(["env_clock_random.wasm", "x", "y z", "exact"])
            .env("GREETING", "hi")
            .env("EMPTY", "")
            .clock(ManualClock::new(1_700_000_000_123_456_789))
            .random(SeededRandom::new(7)),
    );
    assert_eq!(
        (&outcome.exit, &outcome.trap),
        (&None, &None),
        "{outcome:?}"
    );
    assert_output(&outcome.stdout, "rust_env_clock_random.txt");
}

#[test]
fn another_seed_gives_other_random_bytes() {
    let draw = |seed| {
        let outcome = run(
            "env_clock_random",
            WasiCtxBuilder::new()
                .args(["env_clock_random.wasm", "exact"])
                .clock(ManualClock::new(0))
                .random(SeededRandom::new(seed)),
        );
        outcome
            .stdout
            .lines()
            .find(|line| line.starts_with("first draw "))
            .expect("the draw is printed")
            .to_owned()
    };
    assert_eq!(draw(7), draw(7));
    assert_ne!(draw(7), draw(8));
}

#[test]
fn stdin_is_copied_to_stdout_and_stderr_is_separate() {
    let outcome = run(
        "stdio_exit",
        WasiCtxBuilder::new()
            .arg("stdio_exit.wasm")
            .stdin_bytes("hello\nworld\n"),
    );
    assert_eq!(
        (&outcome.exit, &outcome.trap),
        (&None, &None),
        "{outcome:?}"
    );
    assert_eq!(outcome.stdout, "HELLO\nWORLD\nreturning from main\n");
    assert_eq!(outcome.stderr, "read 12 bytes, wrote them: true\n");
}

#[test]
fn process_exit_ends_the_run_with_its_status() {
    for code in [0u32, 1, 7, 125] {
        let outcome = run(
            "stdio_exit",
            WasiCtxBuilder::new()
                .args([
                    "stdio_exit.wasm".to_owned(),
                    "exit".to_owned(),
                    code.to_string(),
                ])
                .stdin_bytes("abc"),
        );
        assert_eq!(outcome.exit, Some(Exit::Code(code)), "{outcome:?}");
        assert_eq!(outcome.stdout, format!("ABCexiting with {code}\n"));
    }
}

#[test]
fn a_panic_prints_its_message_and_traps() {
    let outcome = run(
        "stdio_exit",
        WasiCtxBuilder::new().args(["stdio_exit.wasm", "panic"]),
    );
    assert_eq!(outcome.exit, None);
    assert_eq!(outcome.trap.as_deref(), Some("unreachable"));
    assert_eq!(outcome.stdout, "");
    assert_eq!(
        outcome.stderr,
        "read 0 bytes, wrote them: true\n\n\
         thread 'main' (1) panicked at stdio_exit/src/main.rs:35:26:\n\
         asked to panic\n\
         note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
    );
}
