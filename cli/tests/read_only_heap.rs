//! `--heap KIND:SIZE:ro`: a chain member wasm code may read but not write.

mod common;

use common::shheap;

/// The chain of section 3 with its pre-allocated tail read-only, then `args`.
fn with_read_only_tail(args: &[&str]) -> common::Run {
    let mut argv = vec![
        "run",
        "--heap",
        "managed:64KiB",
        "--heap",
        "prealloc:4KiB:ro",
    ];
    argv.extend(args);
    shheap(&argv)
}

#[test]
fn a_store_into_a_read_only_heap_traps_and_loads_work() {
    let run = with_read_only_tail(&[
        "--invoke",
        "store_load",
        "shared_heap_app.wat",
        "0xfffff000",
        "5",
    ]);
    assert_eq!(
        run.trap_message(),
        "wasm trap: write to read-only shared heap"
    );
    let run = with_read_only_tail(&["--invoke", "load", "shared_heap_app.wat", "0xfffffffc"]);
    assert_eq!(run.ok_lines(), ["0"]);
    // The managed head stays writable.
    let run = with_read_only_tail(&["--invoke", "round_trip", "shared_heap_app.wat", "77"]);
    assert_eq!(run.ok_lines(), ["77"]);
}

#[test]
fn the_layout_marks_the_read_only_member() {
    let run = with_read_only_tail(&[
        "--print-layout",
        "--invoke",
        "load",
        "shared_heap_app.wat",
        "0",
    ]);
    let lines = run.ok_lines();
    assert!(!lines[1].contains("read-only"), "{}", lines[1]);
    assert!(
        lines[2].contains("pre-allocated") && lines[2].ends_with("read-only"),
        "{}",
        lines[2]
    );
}

#[test]
fn an_unknown_heap_option_is_refused_with_the_one_that_exists() {
    let run = shheap(&["run", "--heap", "prealloc:4KiB:rw", "arith.wat"]);
    let message = run.error_message();
    assert!(
        message.contains("`rw` after the size of `prealloc:4KiB:rw` is not a heap option"),
        "{message}"
    );
    assert!(message.contains("prealloc:4KiB:ro"), "{message}");
}
