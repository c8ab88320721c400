//! The C programs under `capi/c/`, built with the system C compiler against
//! `capi/include/wasm_export.h` and `libshheap.a`, run, and their output checked; the
//! header checked against the library's exported symbols.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The directory cargo builds this profile into (`target/debug`), which holds
/// `libshheap.a` and `libshheap.so`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    // target/<profile>/deps/c_programs-<hash>
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf()
}

/// The built library file `name` (`libshheap.a` or `.so`). `cargo test` builds only the
/// crate's Rust test harness, not these, so `cargo build -p shheap-capi` must run first, as
/// `cargo xtask test` does.
fn library(name: &str) -> PathBuf {
    let path = profile_dir().join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p shheap-capi` (same profile) before these tests",
        path.display()
    );
    path
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the programs and wasm apps are written.
fn work_dir() -> PathBuf {
    let dir = profile_dir().join("capi-c-programs");
    std::fs::create_dir_all(&dir).expect("create the work directory");
    dir
}

/// The test apps of `tests/apps/*.wat`, compiled once, in one directory.
fn wasm_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = work_dir().join("wasm");
        std::fs::create_dir_all(&dir).expect("create the wasm directory");
        for entry in std::fs::read_dir(crate_dir().join("tests/apps")).expect("tests/apps") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "wat") {
                let wasm = wat::parse_file(&path).expect("valid WAT");
                let name = path.with_extension("wasm");
                let name = name.file_name().expect("a file name");
                std::fs::write(dir.join(name), wasm).expect("write the wasm app");
            }
        }
        // The samples' apps, as committed.
        for app in ["producer.wasm", "consumer.wasm"] {
            std::fs::copy(crate_dir().join("../apps/samples").join(app), dir.join(app))
                .expect("copy a sample app");
        }
        dir
    })
}

/// Builds `c/<name>.c` with the C compiler (`$CC`, else `cc`), warnings as errors.
fn build(name: &str) -> PathBuf {
    let out = work_dir().join(name);
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let status = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-I"])
        .arg(crate_dir().join("include"))
        .arg(crate_dir().join("c").join(format!("{name}.c")))
        .arg(library("libshheap.a"))
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler `{cc}`: {e}"));
    assert!(status.success(), "{name}.c did not compile");
    out
}

fn run(program: &Path, valgrind: bool) -> Output {
    let mut command = if valgrind {
        let mut c = Command::new("valgrind");
        c.args([
            "--tool=memcheck",
            "--error-exitcode=1",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite",
            "-q",
        ])
        .arg(program);
        c
    } else {
        Command::new(program)
    };
    command.arg(wasm_dir());
    let output = command.output().expect("run the program");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn has_valgrind() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn api_test_covers_every_function_with_refusals_and_traps() {
    let output = run(&build("api_test"), false);
    let lines = stdout_lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    let last = lines.last().expect("a summary line");
    assert!(
        last.starts_with("api_test: ") && last.ends_with(" passed, 0 failed"),
        "{last}"
    );
    let passed: u32 = last["api_test: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    // Every CHECK in the source ran (none was skipped by an early exit).
    let source = std::fs::read_to_string(crate_dir().join("c/api_test.c")).expect("source");
    let written = source.matches("CHECK(").count() as u32 - 1; // minus the macro itself
    assert_eq!(passed, written, "checks that ran vs. checks in api_test.c");
}

/// Lines of `lines` that start with any of `prefixes`, in order.
fn lines_starting_with<'a>(lines: &'a [String], prefixes: &[&str]) -> Vec<&'a String> {
    lines
        .iter()
        .filter(|line| prefixes.iter().any(|p| line.starts_with(p)))
        .collect()
}

/// The C port prints what the Rust sample (its peer) prints: the same messages, in the same
/// order, from the same number of host and app allocations.
#[test]
fn shared_heap_sample_in_c_prints_what_the_rust_sample_prints() {
    let output = run(&build("shared_heap"), false);
    let c_lines = stdout_lines(&output);
    assert!(output.status.success(), "{c_lines:#?}");
    let log = samples::log::Log::new();
    samples::shared_heap::run(&log).expect("the Rust sample runs");
    let rust_lines = log.lines();

    // Thread 1's and thread 2's lines interleave differently from run to run, and block
    // addresses depend on that interleaving, so compare each thread's deterministic lines.
    let deterministic = ["app 2 prints: ", "thread 2: "];
    assert_eq!(
        lines_starting_with(&c_lines, &deterministic),
        lines_starting_with(&rust_lines, &deterministic)
    );
    assert_eq!(lines_starting_with(&c_lines, &["app 2 prints: "]).len(), 10);
    for kind in ["host malloc gave", "app 1 malloc gave"] {
        let count = |lines: &[String]| lines.iter().filter(|l| l.contains(kind)).count();
        assert_eq!(count(&c_lines), count(&rust_lines), "{kind}");
    }
    for line in c_lines.iter().filter(|l| l.contains("malloc gave")) {
        let hex = line.split("app address 0x").nth(1).expect("an address");
        let addr = u32::from_str_radix(&hex[..8], 16).expect("hex address");
        assert!(addr >= 0xFFFC_0000, "{line}");
    }
    // Measured in C by freeing each block again: every free is refused as not live.
    assert!(c_lines.contains(&"heap after both threads: 0 live blocks".to_owned()));
}

/// One thread, so the C port and the Rust sample agree line for line, block addresses
/// included (the C program prints no layout table, and adds a line proving the host's note
/// landed in its own buffer).
#[test]
fn shared_heap_chain_sample_in_c_prints_what_the_rust_sample_prints() {
    let output = run(&build("shared_heap_chain"), false);
    let c_lines = stdout_lines(&output);
    assert!(output.status.success(), "{c_lines:#?}");
    let log = samples::log::Log::new();
    samples::shared_heap_chain::run(&log).expect("the Rust sample runs");
    let rust_lines = log.lines();

    let shared = ["app 1 ", "app 2 prints: ", "host wrote a note at "];
    let c_shared = lines_starting_with(&c_lines, &shared);
    assert_eq!(c_shared, lines_starting_with(&rust_lines, &shared));
    assert_eq!(c_shared.len(), 3 * 2 + 4 * 2 + 2, "{c_shared:#?}");
    assert!(c_lines.contains(&"the host read back: a note from the host".to_owned()));
}

#[test]
fn two_threads_chain_attach_allocate_convert_call_reset_and_unchain() {
    let program = build("threads");
    let valgrind = has_valgrind();
    if !valgrind {
        println!("valgrind is not installed: running without memcheck");
    }
    let output = run(&program, valgrind);
    let lines = stdout_lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    assert_eq!(
        lines.last().map(String::as_str),
        Some("threads: ok"),
        "{lines:#?}"
    );
}

/// The functions the header declares: each declaration's name is the identifier before
/// `(` on the line after `WASM_RUNTIME_API_EXTERN`'s return type.
fn header_functions() -> BTreeSet<String> {
    let header = std::fs::read_to_string(crate_dir().join("include/wasm_export.h"))
        .expect("read the header");
    let mut names = BTreeSet::new();
    let mut after_extern = false;
    for line in header.lines() {
        if line.starts_with("WASM_RUNTIME_API_EXTERN ") {
            after_extern = true;
            continue;
        }
        if after_extern {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
            after_extern = false;
        }
    }
    names
}

#[test]
fn header_declares_exactly_the_functions_the_library_exports() {
    let output = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(library("libshheap.so"))
        .output()
        .expect("run nm");
    assert!(output.status.success());
    let exported: BTreeSet<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (kind, name) = (fields.nth(1)?, fields.next()?);
            (kind == "T" && (name.starts_with("wasm_") || name.starts_with("shheap_")))
                .then(|| name.to_owned())
        })
        .collect();
    let declared = header_functions();
    // The parser found the declarations (WAMR's shared-heap functions among them).
    for name in [
        "wasm_runtime_create_shared_heap",
        "wasm_runtime_chain_shared_heaps",
        "wasm_runtime_unchain_shared_heaps",
        "wasm_runtime_reset_shared_heap_chain",
        "wasm_runtime_attach_shared_heap",
        "wasm_runtime_detach_shared_heap",
        "wasm_runtime_shared_heap_malloc",
        "wasm_runtime_shared_heap_free",
    ] {
        assert!(
            declared.contains(name),
            "{name} is not declared: {declared:#?}"
        );
    }
    assert_eq!(
        declared, exported,
        "capi/include/wasm_export.h and the library's exports differ"
    );
}
