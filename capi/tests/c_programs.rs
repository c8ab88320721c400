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
        .arg(profile_dir().join("libshheap.a"))
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

#[test]
fn shared_heap_sample_in_c_delivers_every_message() {
    let output = run(&build("shared_heap"), false);
    let lines = stdout_lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    let printed: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("app 2 prints: "))
        .collect();
    let expected: Vec<String> = (1..=10)
        .map(|i| {
            format!(
                "app 2 prints: app 1 message {i} in a {}-byte buffer",
                1024 * i
            )
        })
        .collect();
    assert_eq!(printed, expected.iter().collect::<Vec<_>>());
    for line in lines.iter().filter(|l| l.contains("malloc gave")) {
        let hex = line.split("app address 0x").nth(1).expect("an address");
        let addr = u32::from_str_radix(&hex[..8], 16).expect("hex address");
        assert!(addr >= 0xFFFC_0000, "{line}");
    }
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("host malloc gave"))
            .count(),
        5
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("app 1 malloc gave"))
            .count(),
        5
    );
    assert!(lines.contains(&"thread 2: received, printed and freed 10 messages".to_owned()));
    assert!(lines.contains(&"heap after both threads: 0 live blocks".to_owned()));
}

#[test]
fn shared_heap_chain_sample_in_c_passes_blocks_and_notes_by_address() {
    let output = run(&build("shared_heap_chain"), false);
    let lines = stdout_lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    for i in 1..=3 {
        let message = format!(
            "app 2 prints: app 1 message {i} in a {}-byte buffer",
            1024 * i
        );
        assert!(
            lines.contains(&message),
            "missing {message:?} in {lines:#?}"
        );
        assert!(
            lines.iter().any(
                |l| l.starts_with(&format!("app 1 produced block {i} at 0xfffe"))
                    || l.starts_with(&format!("app 1 produced block {i} at 0xffff"))
            ),
            "{lines:#?}"
        );
    }
    for k in 0..4 {
        let at = 0xFFFF_F000u32 + 512 * k;
        assert!(lines.contains(&format!(
            "app 1 wrote note {k} at {at:#010x} (pre-allocated member)"
        )));
        assert!(lines.contains(&format!("app 2 prints: chain note {k}")));
    }
    assert!(lines.contains(&"app 2 prints: a note from the host".to_owned()));
    assert!(lines.contains(&"the host read back: a note from the host".to_owned()));
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
        .arg(profile_dir().join("libshheap.so"))
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
