//! The WASI preview1 subset: each function's answers (through `wasi_probe.wat`), the
//! environment, exit statuses, and C programs built with wasi-libc.

mod common;

use common::{Run, shheap, shheap_full, shheap_with_stdin, wasi_apps};

/// `shheap run --invoke NAME wasi_probe.wat ARGS...`, expecting success; stdout's lines.
fn probe(name: &str, args: &[&str]) -> Vec<String> {
    let mut argv = vec!["run", "--invoke", name, "wasi_probe.wat"];
    argv.extend(args);
    shheap(&argv)
        .ok_lines()
        .iter()
        .map(|l| l.to_string())
        .collect()
}

const EBADF: &str = "8";
const EFAULT: &str = "21";
const EINVAL: &str = "28";
const ESPIPE: &str = "70";

#[test]
fn fd_write_writes_to_stdout_and_stores_the_count() {
    // The data segment holds "probe says hi\n" at 64.
    assert_eq!(probe("write", &["1", "64", "14"]), ["probe says hi", "0"]);
    let run = shheap(&["run", "--invoke", "write", "wasi_probe.wat", "2", "64", "5"]);
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "0\n", "probe")
    );
}

#[test]
fn bad_pointers_get_efault_and_never_crash() {
    // The buffer runs past the end of memory; the iovec array itself does; a huge length.
    assert_eq!(probe("write", &["1", "65530", "100"]), [EFAULT]);
    assert_eq!(probe("write", &["1", "0", "0xffffffff"]), [EFAULT]);
    assert_eq!(probe("write_iovs_at", &["65535"]), [EFAULT]);
    assert_eq!(probe("fdstat_at", &["1", "65530"]), [EFAULT]);
    assert_eq!(probe("clock_at", &["65535"]), [EFAULT]);
    assert_eq!(probe("clock_at", &["0xfffffffc"]), [EFAULT]);
    assert_eq!(probe("random_at", &["65000", "1000"]), [EFAULT]);
    assert_eq!(probe("args_sizes_at", &["-1"]), [EFAULT]);
    assert_eq!(probe("read", &["0", "65500"]), [EFAULT]);
}

#[test]
fn descriptors_other_than_open_stdio_are_ebadf() {
    assert_eq!(probe("write", &["0", "64", "1"]), [EBADF]);
    assert_eq!(probe("write", &["9", "64", "1"]), [EBADF]);
    assert_eq!(probe("read", &["1", "0"]), [EBADF]);
    assert_eq!(probe("close", &["3"]), [EBADF]);
    assert_eq!(probe("seek", &["5"]), [EBADF]);
    assert_eq!(probe("fdstat", &["9"]), [EBADF, "0", "0"]);
    // No preopened directories: the scan wasi-libc makes at startup ends at once.
    assert_eq!(probe("prestat", &["3"]), [EBADF]);
}

#[test]
fn closing_stdout_makes_later_writes_ebadf() {
    assert_eq!(
        probe("write_close_write", &[]),
        ["probe says hi", "0", "0", EBADF]
    );
}

#[test]
fn stdio_cannot_seek_and_reports_its_rights() {
    assert_eq!(probe("seek", &["1"]), [ESPIPE]);
    // Under the test stdout is a pipe: filetype unknown (0), rights fd_write,
    // fdstat_set_flags, filestat_get and poll.
    let stream = (1u64 << 3) | (1 << 21) | (1 << 27);
    let rights = stream | (1 << 6);
    assert_eq!(
        probe("fdstat", &["1"]),
        ["0", "0", rights.to_string().as_str()]
    );
    let rights = stream | (1 << 1);
    assert_eq!(
        probe("fdstat", &["0"]),
        ["0", "0", rights.to_string().as_str()]
    );
}

#[test]
fn clocks_tell_the_time_and_refuse_unknown_ids() {
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_nanos();
    let realtime = probe("clock", &["0"]);
    assert_eq!(realtime[0], "0");
    let nanos: u128 = realtime[1].parse().expect("a count of nanoseconds");
    assert!(
        nanos >= before && nanos < before + 60_000_000_000,
        "{nanos} vs {before}"
    );
    let monotonic = probe("clock", &["1"]);
    assert_eq!(monotonic[0], "0");
    let since_start: i64 = monotonic[1].parse().expect("nanoseconds");
    assert!((0..60_000_000_000).contains(&since_start), "{since_start}");
    assert_eq!(probe("clock", &["9"]), [EINVAL, "0"]);
    assert_eq!(probe("clock_res", &["1"]), ["0", "1"]);
    assert_eq!(probe("clock_res", &["4"])[0], EINVAL);
}

#[test]
fn random_get_fills_the_buffer() {
    // 16 random bytes are all zero with probability 2^-128.
    let random = probe("random", &[]);
    assert_eq!(random[0], "0");
    assert_ne!(random[1], "0");
    assert_ne!(probe("random", &[])[1], random[1], "two draws differ");
}

#[test]
fn sched_yield_succeeds_and_path_open_without_a_preopen_is_ebadf() {
    assert_eq!(probe("yield", &[]), ["0"]);
    assert_eq!(probe("open", &[]), [EBADF]);
}

#[test]
fn fd_read_copies_stdin_until_end_of_input() {
    // 250 bytes through a 100-byte buffer: three reads and an empty one.
    let input: Vec<u8> = (0..250u8).map(|i| b'a' + i % 26).collect();
    let run = shheap_with_stdin(&["run", "--invoke", "cat", "wasi_probe.wat"], &input);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let expected = format!("{}0\n", String::from_utf8_lossy(&input));
    assert_eq!(run.stdout, expected);
}

#[test]
fn args_of_an_invoked_function_are_just_the_module_name() {
    // argc 1, "wasi_probe.wat\0" is 15 bytes.
    assert_eq!(probe("args_sizes", &[]), ["0", "1", "15"]);
    assert_eq!(probe("environ_sizes", &[]), ["0", "0", "0"]);
}

#[test]
fn env_passes_only_the_given_variables() {
    let run = shheap_full(
        &[
            "run",
            "--env",
            "A=1",
            "--env",
            "B=x=y",
            "--env",
            "EMPTY=",
            "wasi_env.wat",
        ],
        &[],
        &[("HOST_ONLY", "secret")],
    );
    assert_eq!(run.ok_lines(), ["A=1", "B=x=y", "EMPTY="]);
    // Without --env the module sees no variables at all (and exits with 7 to say so).
    let run = shheap_full(&["run", "wasi_env.wat"], &[], &[("HOST_ONLY", "secret")]);
    assert_eq!((run.status, run.stdout.as_str()), (Some(7), ""));
    let run = shheap(&["run", "--env", "=x", "wasi_env.wat"]);
    assert!(run.error_message().contains("is not KEY=VALUE"));
}

#[test]
fn proc_exit_becomes_the_exit_status() {
    let run = shheap(&["run", "--invoke", "exit", "wasi_probe.wat", "3"]);
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(3), "", "")
    );
    let run = shheap(&["run", "--invoke", "exit", "wasi_probe.wat", "0"]);
    assert_eq!(run.status, Some(0));
}

/// Runs a committed C app, or says why the test is skipped when its .wasm is missing.
fn run_c_app(name: &str, args: &[&str]) -> Option<Run> {
    let wasm = wasi_apps().join(name);
    if !wasm.exists() {
        println!(
            "skipped: {} is missing (rebuild it with the clang command in apps/wasi)",
            wasm.display()
        );
        return None;
    }
    let path = wasm.to_str().expect("utf-8 path").to_owned();
    let mut argv = vec!["run", path.as_str()];
    argv.extend(args);
    Some(shheap(&argv))
}

#[test]
fn a_wasi_libc_hello_world_prints_its_arguments() {
    let Some(run) = run_c_app("hello.wasm", &["one", "two words", "--invoke"]) else {
        return;
    };
    assert_eq!(
        run.ok_lines(),
        [
            "hello from wasi-libc",
            "argc=4",
            "argv[0]=hello.wasm",
            "argv[1]=one",
            "argv[2]=two words",
            "argv[3]=--invoke",
        ]
    );
}

#[test]
fn a_wasi_libc_program_exits_through_proc_exit() {
    let Some(run) = run_c_app("exit3.wasm", &[]) else {
        return;
    };
    assert_eq!(
        (run.status, run.stdout.as_str(), run.stderr.as_str()),
        (Some(3), "exiting with 3\n", "")
    );
}

#[test]
fn a_trap_in_start_is_reported_after_the_output_so_far() {
    let run = shheap(&["run", "wasi_trap.wat"]);
    assert_eq!(run.status, Some(134));
    assert_eq!(run.stdout, "before the trap\n");
    assert_eq!(run.stderr, "error: wasm trap: unreachable\n");
}

#[test]
fn link_failures_use_the_spec_words() {
    let run = shheap(&["run", "--invoke", "f", "unknown_import.wat"]);
    let message = run.error_message();
    assert!(
        message.starts_with("cannot instantiate the module: unknown import"),
        "{message}"
    );
    let run = shheap(&["run", "--invoke", "f", "mistyped_wasi_import.wat"]);
    let message = run.error_message();
    assert!(
        message.starts_with("cannot instantiate the module: incompatible import type"),
        "{message}"
    );
    let run = shheap(&["run", "--invoke", "f", "odd_wasi_import.wat"]);
    assert_eq!(
        run.error_message(),
        "cannot instantiate the module: unknown import: `wasi_snapshot_preview1`.`not_a_preview1_function` is not defined"
    );
}

#[test]
fn dir_gives_a_c_program_a_sandboxed_directory() {
    let Some(wasm) = Some(wasi_apps().join("fs.wasm")).filter(|p| p.exists()) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("shheap-cli-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    std::os::unix::fs::symlink("/", dir.join("outside")).expect("a symlink");
    std::os::unix::fs::symlink("loop", dir.join("loop")).expect("a symlink");
    let mapping = format!("{}::/sandbox", dir.display());
    let run = shheap(&["run", "--dir", &mapping, wasm.to_str().expect("utf-8")]);
    let lines = run.ok_lines();
    for expected in [
        "read text: sandbox",
        "pread text: SANDbox",
        "listing /sandbox/d: ../ ./ b.txt c.txt s.txt",
        "escape dotdot: errno 63 (Operation not permitted)",
        "escape symlink: errno 63 (Operation not permitted)",
        "escape absolute: errno 76 (Capabilities insufficient)",
    ] {
        assert!(lines.contains(&expected), "{expected} in {lines:?}");
    }
    // Read-only: nothing can be created.
    let read_only = format!("{mapping}:ro");
    let run = shheap(&["run", "--dir", &read_only, wasm.to_str().expect("utf-8")]);
    assert_eq!(
        run.ok_lines()[0],
        "open a.txt: errno 76 (Capabilities insufficient)"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let run = shheap(&["run", "--dir", "::/x", "hello.wasm"]);
    assert!(run.error_message().contains("is not HOST[::GUEST]"));
    let run = shheap(&["run", "--dir", "/no/such/dir", "wasi_env.wat"]);
    assert!(
        run.error_message()
            .starts_with("cannot open the directory `/no/such/dir` to give to the module"),
        "{}",
        run.stderr
    );
}

#[test]
fn inherit_env_passes_the_host_environment_first() {
    let run = shheap_full(
        &["run", "--inherit-env", "--env", "A=1", "wasi_env.wat"],
        &[],
        &[("HOST_ONLY", "secret")],
    );
    assert_eq!(run.ok_lines(), ["HOST_ONLY=secret", "A=1"]);
}

#[test]
fn fuel_stops_a_runaway_loop_with_a_trap() {
    let run = shheap(&[
        "run",
        "--fuel",
        "100000",
        "--invoke",
        "deep",
        "arith.wat",
        "100",
    ]);
    assert_eq!(run.ok_lines(), ["100"]);
    let run = shheap(&[
        "run",
        "--fuel",
        "1000",
        "--invoke",
        "deep",
        "arith.wat",
        "5000",
    ]);
    assert_eq!(run.trap_message(), "wasm trap: all fuel consumed");
}

#[test]
fn timeout_stops_an_endless_loop_with_a_trap() {
    let started = std::time::Instant::now();
    let run = shheap(&["run", "--timeout", "200ms", "--invoke", "spin", "arith.wat"]);
    assert_eq!(run.trap_message(), "wasm trap: interrupted");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // A run that ends in time is not disturbed by its watchdog.
    let run = shheap(&[
        "run",
        "--timeout",
        "1m",
        "--invoke",
        "add",
        "arith.wat",
        "2",
        "3",
    ]);
    assert_eq!(run.ok_lines(), ["5"]);
    let run = shheap(&["run", "--timeout", "soon", "--invoke", "spin", "arith.wat"]);
    assert!(
        run.error_message()
            .starts_with("invalid value 'soon' for '--timeout <DURATION>'"),
        "{}",
        run.error_message()
    );
}

#[test]
fn proc_exit_beyond_125_is_refused_as_wasmtime_does() {
    let run = shheap(&["run", "--invoke", "exit", "wasi_probe.wat", "200"]);
    assert_eq!(
        run.error_message(),
        "the module called proc_exit(200), but WASI exit statuses run from 0 to 125"
    );
}

#[test]
fn a_program_raising_sigterm_exits_with_143() {
    let Some(wasm) = Some(wasi_apps().join("misc.wasm")).filter(|p| p.exists()) else {
        return;
    };
    let run = shheap(&["run", wasm.to_str().expect("utf-8"), "raise"]);
    assert_eq!(run.status, Some(143));
    assert!(
        run.stdout
            .ends_with("raise unknown: errno 28 (Invalid argument)\n")
    );
    assert_eq!(run.stderr, "error: the module raised signal 15\n");
}

#[test]
fn heap_buffers_reach_stdout_through_the_cli() {
    let Some(wasm) = Some(wasi_apps().join("heap_io.wasm")).filter(|p| p.exists()) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("shheap-cli-heap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mapping = format!("{}::/sandbox", dir.display());
    let run = shheap_with_stdin(
        &[
            "run",
            "--shared-heap",
            "64KiB",
            "--dir",
            &mapping,
            wasm.to_str().expect("utf-8"),
        ],
        b"typed input\n",
    );
    let lines = run.ok_lines();
    assert_eq!(lines[1], "this line lives in the shared heap");
    assert!(lines.contains(&"stdin text: typed input"), "{lines:?}");
    assert!(lines.contains(&"write straddling linear end: errno 21 (Bad address)"));
    let _ = std::fs::remove_dir_all(&dir);
}
