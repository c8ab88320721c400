//! The Rust WASI programs of `apps/rust-wasi` (Rust's std on `wasm32-wasip1`) through
//! `shheap run`: files under `--dir`, arguments and `--env`, stdio, exit statuses and a panic.
//! Their expected text is shared with the WASI crate's tests (`wasi/tests/expected`).

mod common;

use std::path::PathBuf;

use common::{Run, app_paths, shheap, shheap_with_stdin};

/// The committed module of program `name`, as a string argument.
fn program(name: &str) -> String {
    let path = app_paths::rust_wasi_program(name);
    path.to_str().expect("a utf-8 path").to_owned()
}

/// The WASI crate's expected text `NAME`.
fn expected(name: &str) -> String {
    let path = app_paths::expected_output(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh scratch directory holding `keep.txt`.
fn sandbox(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shheap-cli-rust-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    std::fs::write(dir.join("keep.txt"), "kept\n").expect("a file");
    dir
}

#[test]
fn dir_gives_std_fs_a_sandbox_and_the_output_matches() {
    let dir = sandbox("fs");
    let mapping = format!("{}::/sandbox", dir.display());
    let run = shheap(&["run", "--dir", &mapping, &program("fs_tour")]);
    run.ok_lines();
    assert_eq!(run.stdout, expected("rust_fs_tour.txt"));
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("listable")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(left, ["keep.txt"]);
    // The same directory under another guest path, read-only: every change is refused.
    let mapping = format!("{}::/elsewhere:ro", dir.display());
    let run = shheap(&["run", "--dir", &mapping, &program("fs_tour"), "/elsewhere"]);
    let lines = run.ok_lines();
    assert_eq!(lines[0], "create_dir tour: error Uncategorized");
    assert_eq!(lines.last(), Some(&"  entries: keep.txt"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_dir_std_fs_finds_nothing() {
    let run = shheap(&["run", &program("fs_tour")]);
    let lines = run.ok_lines();
    assert_eq!(lines[0], "create_dir tour: error NotFound");
    assert_eq!(lines.last(), Some(&"read_dir root: error NotFound"));
}

#[test]
fn arguments_and_env_reach_std_env() {
    let run = shheap(&[
        "run",
        "--env",
        "GREETING=hi",
        "--env",
        "EMPTY=",
        &program("env_clock_random"),
        "x",
        "y z",
    ]);
    let lines = run.ok_lines();
    assert_eq!(
        lines[..7],
        [
            "argc 3",
            "arg 1: \"x\"",
            "arg 2: \"y z\"",
            "2 variables",
            "env EMPTY=\"\"",
            "env GREETING=\"hi\"",
            "GREETING is \"hi\"",
        ]
    );
    // Real clocks and random bytes: only facts about them are printed.
    assert_eq!(
        lines[7..],
        [
            "system time after 2020: true",
            "slept at least 20 ms: true",
            "monotonic clock goes forward: true",
            "random_get errno 0",
            "two draws differ: true",
            "empty draw errno 0",
            "hash map sum 328350",
        ]
    );
}

#[test]
fn stdio_and_exit_statuses_are_the_programs() {
    let run = shheap_with_stdin(&["run", &program("stdio_exit")], b"hello\nworld\n");
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (
            Some(0),
            "HELLO\nWORLD\nreturning from main\n",
            "read 12 bytes, wrote them: true\n"
        )
    );
    for code in ["0", "3", "125"] {
        let run: Run = shheap_with_stdin(&["run", &program("stdio_exit"), "exit", code], b"x");
        assert_eq!(run.status, Some(code.parse().expect("a number")));
        assert_eq!(run.stdout, format!("Xexiting with {code}\n"));
    }
}

#[test]
fn a_panic_prints_its_message_then_the_trap_with_status_134() {
    let run = shheap(&["run", &program("stdio_exit"), "panic"]);
    assert_eq!(run.status, Some(134));
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "read 0 bytes, wrote them: true\n\n\
         thread 'main' (1) panicked at stdio_exit/src/main.rs:35:26:\n\
         asked to panic\n\
         note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
         error: wasm trap: unreachable\n"
    );
}
