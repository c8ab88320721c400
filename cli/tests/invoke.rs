//! `shheap run --invoke`: argument parsing by parameter type, printed results, and every way
//! a call can fail.

mod common;

use common::shheap;

#[test]
fn integer_results_print_as_signed_decimal() {
    assert_eq!(
        shheap(&["run", "--invoke", "add", "arith.wat", "2", "40"]).ok_lines(),
        ["42"]
    );
    // 0xffffffff is -1 as an i32, so 2 + -1 = 1.
    assert_eq!(
        shheap(&["run", "--invoke", "add", "arith.wat", "2", "0xffffffff"]).ok_lines(),
        ["1"]
    );
    assert_eq!(
        shheap(&["run", "--invoke", "add", "arith.wat", "2147483647", "1"]).ok_lines(),
        ["-2147483648"]
    );
    assert_eq!(
        shheap(&[
            "run",
            "--invoke",
            "mul64",
            "arith.wat",
            "-3",
            "18446744073709551615"
        ])
        .ok_lines(),
        ["3"]
    );
}

#[test]
fn float_results_read_back_exactly() {
    assert_eq!(
        shheap(&["run", "--invoke", "half32", "arith.wat", "0.2"]).ok_lines(),
        ["0.1"]
    );
    assert_eq!(
        shheap(&["run", "--invoke", "half32", "arith.wat", "-inf"]).ok_lines(),
        ["-inf"]
    );
    assert_eq!(
        shheap(&["run", "--invoke", "sqrt64", "arith.wat", "2"]).ok_lines(),
        [format!("{:?}", 2f64.sqrt()).as_str()]
    );
    assert_eq!(
        shheap(&["run", "--invoke", "sqrt64", "arith.wat", "6.25"]).ok_lines(),
        ["2.5"]
    );
}

#[test]
fn several_results_print_one_per_line_and_none_prints_nothing() {
    assert_eq!(
        shheap(&["run", "--invoke", "swap", "arith.wat", "-5", "7"]).ok_lines(),
        ["7", "-5"]
    );
    assert!(
        shheap(&["run", "--invoke", "nothing", "arith.wat"])
            .ok_lines()
            .is_empty()
    );
}

#[test]
fn a_missing_export_is_named_with_the_ones_that_exist() {
    let run = shheap(&["run", "--invoke", "nope", "arith.wat"]);
    let message = run.error_message();
    assert!(message.contains("no function named `nope`"), "{message}");
    assert!(message.contains("add, mul64"), "{message}");
    // A global is an export but not a function.
    let global = shheap(&["run", "--invoke", "counter", "arith.wat"]);
    assert!(
        global
            .error_message()
            .contains("no function named `counter`")
    );
}

#[test]
fn a_wrong_argument_count_shows_the_signature() {
    let run = shheap(&["run", "--invoke", "add", "arith.wat", "1"]);
    assert_eq!(
        run.error_message(),
        "`add` takes 2 arguments (i32, i32) but 1 was given: pass one value per parameter after MODULE"
    );
    let run = shheap(&["run", "--invoke", "nothing", "arith.wat", "1", "2"]);
    assert!(
        run.error_message()
            .contains("takes 0 arguments () but 2 were given")
    );
}

#[test]
fn a_wrong_argument_type_names_the_argument_and_the_form() {
    for (args, expected) in [
        (["add", "1", "x"], "argument 2 of `add`: `x` is not an i32"),
        (
            ["add", "4294967296", "0"],
            "argument 1 of `add`: `4294967296` is not an i32",
        ),
        (
            ["add", "1.5", "0"],
            "argument 1 of `add`: `1.5` is not an i32",
        ),
    ] {
        let mut argv = vec!["run", "--invoke", args[0], "arith.wat"];
        argv.extend(&args[1..]);
        let run = shheap(&argv);
        let message = run.error_message();
        assert!(message.starts_with(expected), "{message}");
        assert!(message.contains("fits 32 bits"), "{message}");
    }
    let run = shheap(&["run", "--invoke", "half32", "arith.wat", "half"]);
    assert!(
        run.error_message()
            .starts_with("argument 1 of `half32`: `half` is not an f32")
    );
}

#[test]
fn traps_print_the_spec_message() {
    let run = shheap(&["run", "--invoke", "div", "arith.wat", "1", "0"]);
    assert_eq!(run.trap_message(), "wasm trap: integer divide by zero");
    let run = shheap(&["run", "--invoke", "load", "arith.wat", "65533"]);
    assert_eq!(run.trap_message(), "wasm trap: out of bounds memory access");
}

#[test]
fn max_stack_caps_the_call_depth() {
    assert_eq!(
        shheap(&["run", "--invoke", "deep", "arith.wat", "500"]).ok_lines(),
        ["500"]
    );
    let run = shheap(&[
        "run",
        "--max-stack",
        "100",
        "--invoke",
        "deep",
        "arith.wat",
        "500",
    ]);
    assert_eq!(run.trap_message(), "wasm trap: call stack exhausted");
    let run = shheap(&[
        "run",
        "--max-stack",
        "1000",
        "--invoke",
        "deep",
        "arith.wat",
        "500",
    ]);
    assert_eq!(run.ok_lines(), ["500"]);
}

#[test]
fn max_memory_caps_growth() {
    // One page now; growing by one more reaches 128 KiB exactly, by two goes beyond.
    let grow = |cap: &str, delta: &str| {
        shheap(&[
            "run",
            "--max-memory",
            cap,
            "--invoke",
            "grow",
            "arith.wat",
            delta,
        ])
    };
    assert_eq!(grow("128KiB", "1").ok_lines(), ["1"]);
    assert_eq!(grow("128KiB", "2").ok_lines(), ["-1"]);
    assert_eq!(grow("1MiB", "2").ok_lines(), ["1"]);
}

#[test]
fn a_malformed_module_is_reported_not_run() {
    let dir = tempdir("malformed");
    let cases: [(&str, &[u8]); 4] = [
        ("garbage.wasm", b"garbage"),
        ("empty.wasm", b""),
        ("truncated.wasm", b"\0asm\x01\0\0\0\x01\x05"),
        ("broken.wat", b"(module (func (export \"f\")"),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write the module");
        let run = shheap(&["run", path.to_str().expect("utf-8 path")]);
        let message = run.error_message();
        let expected = if name.ends_with(".wat") {
            "is not valid WebAssembly text"
        } else {
            "is not a valid WebAssembly module"
        };
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn wat_errors_name_the_file_line_and_column() {
    let dir = tempdir("wat-position");
    let path = dir.join("bad.wat");
    std::fs::write(
        &path,
        "(module\n  (func (export \"f\") (result i32)\n    (i32.bogus)))\n",
    )
    .expect("write the module");
    let shown = path.to_str().expect("utf-8 path");
    let run = shheap(&["run", "--invoke", "f", shown]);
    let message = run.error_message();
    assert!(message.contains(&format!("{shown}:3:6")), "{message}");
    assert!(message.contains("unknown operator"), "{message}");
}

#[test]
fn ints_prints_address_results_unsigned_or_in_hex() {
    let run = |form: &str| {
        shheap(&[
            "run",
            "--ints",
            form,
            "--invoke",
            "add",
            "arith.wat",
            "0xfffff000",
            "0",
        ])
    };
    assert_eq!(run("signed").ok_lines(), ["-4096"]);
    assert_eq!(run("unsigned").ok_lines(), ["4294963200"]);
    assert_eq!(run("hex").ok_lines(), ["0xfffff000"]);
}

#[test]
fn a_missing_file_is_reported() {
    let run = shheap(&["run", "no-such-module.wasm"]);
    assert!(
        run.error_message()
            .starts_with("cannot read `no-such-module.wasm`")
    );
}

#[test]
fn a_module_without_start_needs_invoke() {
    let run = shheap(&["run", "arith.wat"]);
    assert!(run.error_message().contains("exports no `_start` function"));
}

/// A fresh directory for files a test writes.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shheap-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}
