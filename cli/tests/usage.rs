//! The command line itself: `--help`, usage errors as one `error:` line, and no input that
//! makes the runner panic.

mod common;

use common::{shheap, wasi_apps};

#[test]
fn help_documents_every_flag() {
    let run = shheap(&["run", "--help"]);
    // clap wraps help text to the terminal's width, so compare with all runs of white space
    // folded into one space.
    let help = run.ok_lines().join(" ");
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for flag in [
        "--invoke <NAME>",
        "--shared-heap <SIZE>",
        "--heap <KIND:SIZE[:ro]>",
        "--allocator <ALLOCATOR>",
        "linked-list",
        "buddy",
        "--print-layout",
        "--max-memory <SIZE>",
        "--max-stack <N>",
        "--env <KEY=VALUE>",
        "--timeout <DURATION>",
        "<MODULE>",
        "[ARGS]...",
        "KiB, MiB or GiB",
        "proc_exit",
    ] {
        assert!(help.contains(flag), "--help mentions {flag}:\n{help}");
    }
    let top = shheap(&["--help"]);
    assert!(
        top.ok_lines()
            .iter()
            .any(|line| line.trim_start().starts_with("run"))
    );
    let version = shheap(&["--version"]);
    assert_eq!(
        version.ok_lines(),
        [format!("shheap {}", env!("CARGO_PKG_VERSION")).as_str()]
    );
}

#[test]
fn usage_errors_are_one_line_with_status_1() {
    let run = shheap(&["run", "--bogus", "arith.wat"]);
    assert_eq!(
        run.error_message(),
        "unexpected argument '--bogus' found (see `shheap run --help`)"
    );
    let run = shheap(&["run"]);
    assert_eq!(
        run.error_message(),
        "the following required arguments were not provided: <MODULE> (see `shheap run --help`)"
    );
    let run = shheap(&["run", "--max-stack", "many", "arith.wat"]);
    assert!(
        run.error_message()
            .starts_with("invalid value 'many' for '--max-stack <N>'")
    );
    let run = shheap(&["frobnicate"]);
    assert!(
        run.error_message()
            .starts_with("unrecognized subcommand 'frobnicate'")
    );
}

#[test]
fn arguments_after_the_module_go_to_the_module_even_when_they_look_like_flags() {
    // Once ARGS have begun, even shheap's own flags are the module's; `--` makes one the
    // first. arith.wat has no `_start`, so in both cases the runner looks for it rather than
    // invoking `add`.
    for argv in [
        ["run", "arith.wat", "1", "--invoke", "add"],
        ["run", "arith.wat", "--", "--invoke", "add"],
    ] {
        assert!(
            shheap(&argv)
                .error_message()
                .contains("exports no `_start`")
        );
    }
    // Negative numbers after MODULE are values, not flags.
    let run = shheap(&["run", "--invoke", "add", "arith.wat", "-1", "-2"]);
    assert_eq!(run.ok_lines(), ["-3"]);
}

/// Damaged copies of a real module (truncated at many points, bytes flipped) are refused or
/// run, but never crash the runner.
#[test]
fn damaged_modules_never_panic() {
    let original = std::fs::read(wasi_apps().join("exit3.wasm")).unwrap_or_else(|_| {
        // Any valid module will do when the C app is missing.
        b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x07\x0a\x01\x06_start\0\0\x0a\x04\x01\x02\0\x0b".to_vec()
    });
    let dir = std::env::temp_dir().join(format!("shheap-cli-damaged-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    let path = dir.join("damaged.wasm");
    let path = path.to_str().expect("utf-8 path");
    let mut variants: Vec<Vec<u8>> = Vec::new();
    let steps = 24;
    for k in 0..steps {
        let cut = original.len() * k / steps;
        variants.push(original[..cut].to_vec());
        let mut flipped = original.clone();
        // A cheap deterministic spread of positions and bit patterns.
        let at = (cut * 7 + 13) % original.len();
        flipped[at] ^= 0x5a ^ (k as u8);
        variants.push(flipped);
    }
    for (index, bytes) in variants.iter().enumerate() {
        std::fs::write(path, bytes).expect("write the module");
        let run = shheap(&["run", path]);
        assert_ne!(
            run.status,
            Some(101),
            "variant {index} panicked: {}",
            run.stderr
        );
        assert!(
            run.status.is_some(),
            "variant {index} was killed by a signal"
        );
        assert!(
            !run.stderr.contains("panicked"),
            "variant {index}: {}",
            run.stderr
        );
        if run.status == Some(1) {
            run.error_message();
        }
    }
}

#[test]
fn bad_option_values_name_their_option() {
    let run = shheap(&["run", "--shared-heap", "-1", "arith.wat"]);
    assert!(
        run.error_message()
            .starts_with("invalid value '-1' for '--shared-heap <SIZE>'"),
        "{}",
        run.stderr
    );
    let run = shheap(&[
        "run",
        "--max-memory",
        "0",
        "--invoke",
        "add",
        "arith.wat",
        "1",
        "2",
    ]);
    assert!(
        run.error_message().starts_with(
            "--max-memory 0 is less than the module's memory needs at start: raise it"
        ),
        "{}",
        run.stderr
    );
    let run = shheap(&["run", "--max-stack", "4294967295", "arith.wat"]);
    assert!(
        run.error_message()
            .contains("give a whole number of frames from 1 to 1000000"),
        "{}",
        run.stderr
    );
}

#[test]
fn allocator_without_a_managed_heap_is_an_error() {
    for extra in [&[][..], &["--heap", "prealloc:64KiB"][..]] {
        let mut argv = vec!["run", "--allocator", "buddy"];
        argv.extend_from_slice(extra);
        argv.extend(["--invoke", "add", "arith.wat", "1", "2"]);
        let run = shheap(&argv);
        assert!(
            run.error_message()
                .starts_with("--allocator chooses the managed heap's allocator"),
            "{}",
            run.stderr
        );
    }
    let run = shheap(&[
        "run",
        "--allocator",
        "buddy",
        "--shared-heap",
        "64KiB",
        "--invoke",
        "add",
        "arith.wat",
        "1",
        "2",
    ]);
    assert_eq!(run.ok_lines(), ["3"]);
}

#[test]
fn print_layout_into_a_closed_pipe_ends_quietly_with_status_0() {
    use std::process::{Command, Stdio};
    // The reader is gone before shheap writes: the write fails with EPIPE.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_shheap"))
        .args([
            "run",
            "--heap",
            "prealloc:64KiB",
            "--heap",
            "prealloc:64KiB",
            "--print-layout",
        ])
        .args(["--invoke", "add", "arith.wat", "1", "2"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wat"))
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("shheap runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_large_pre_allocated_heap_starts_at_once() {
    let started = std::time::Instant::now();
    let run = shheap(&[
        "run",
        "--heap",
        "prealloc:4000MiB",
        "--invoke",
        "add",
        "arith.wat",
        "1",
        "2",
    ]);
    assert_eq!(run.ok_lines(), ["3"]);
    // Writing 4000 MiB of zeros took 11.8 s; mapping them lazily takes milliseconds.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
