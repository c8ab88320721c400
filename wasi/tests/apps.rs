//! The C programs of `apps/wasi` (built with wasi-libc, committed as .wasm) run through the
//! library with a fixed configuration; every line they print is compared with the expected
//! text in `tests/expected/`, which was checked by hand (and against wasmtime where the
//! note says so).

mod common;

use std::net::{TcpListener, TcpStream};

use common::app_paths::c_wasi_apps;
use common::{Outcome, assert_output, run_module};
use shheap_wasi::{Exit, ManualClock, SeededRandom, WasiCtxBuilder};

/// Runs the command `name` with the context `builder` makes, optionally with a shared heap
/// of `heap_size` bytes attached.
fn run(name: &str, builder: &mut WasiCtxBuilder, heap_size: Option<usize>) -> Outcome {
    run_module(&c_wasi_apps().join(name), builder, heap_size)
}

/// A scratch directory holding the two symlinks `fs.c` tries to escape through.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::os::unix::fs::symlink("/", dir.path().join("outside")).expect("a symlink");
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).expect("a symlink");
    dir
}

#[test]
fn files_directories_links_times_rights_and_every_escape() {
    let dir = sandbox();
    let outcome = run(
        "fs.wasm",
        WasiCtxBuilder::new()
            .arg("fs.wasm")
            .preopened_dir(dir.path(), "/sandbox", false),
        None,
    );
    assert_eq!((outcome.exit, outcome.trap), (None, None));
    assert_output(&outcome.stdout, "fs.txt");
    // The program cleaned up after itself, and nothing escaped next to the sandbox.
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listable")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["loop", "outside"]);
    let parent = dir.path().parent().expect("a parent");
    assert!(!parent.join("escaped").exists());
}

#[test]
fn a_read_only_preopen_refuses_every_change() {
    let dir = sandbox();
    std::fs::write(dir.path().join("kept.txt"), "kept").expect("a file");
    let outcome = run(
        "fs.wasm",
        WasiCtxBuilder::new()
            .arg("fs.wasm")
            .preopened_dir(dir.path(), "/sandbox", true),
        None,
    );
    assert_eq!((outcome.exit, outcome.trap), (None, None));
    let lines: Vec<&str> = outcome.stdout.lines().collect();
    assert_eq!(lines[0], "open a.txt: errno 76 (Capabilities insufficient)");
    assert!(lines.contains(&"mkdir: errno 76 (Capabilities insufficient)"));
    assert!(lines.contains(&"symlink upward: errno 76 (Capabilities insufficient)"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kept.txt")).expect("still there"),
        "kept"
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("listable").count(), 3);
}

#[test]
fn args_env_clocks_sleep_poll_stdin_random_and_non_sockets() {
    let outcome = run(
        "misc.wasm",
        WasiCtxBuilder::new()
            .args(["misc.wasm", "a", "b c"])
            .env("GREETING", "hi")
            .stdin_bytes("hello stdin\n")
            .clock(ManualClock::new(1_700_000_000_000_000_000))
            .random(SeededRandom::new(7)),
        None,
    );
    assert_eq!((outcome.exit, outcome.trap), (None, None));
    assert_output(&outcome.stdout, "misc.txt");
}

#[test]
fn sleep_really_sleeps_on_the_host_clock() {
    let started = std::time::Instant::now();
    let outcome = run(
        "misc.wasm",
        WasiCtxBuilder::new().arg("misc.wasm").stdin_bytes("x\n"),
        None,
    );
    let elapsed = started.elapsed();
    assert!(
        outcome.stdout.contains("slept at least 1s: 1\n"),
        "{}",
        outcome.stdout
    );
    assert!(elapsed >= std::time::Duration::from_secs(1), "{elapsed:?}");
}

#[test]
fn proc_raise_of_a_terminating_signal_ends_the_module() {
    let outcome = run(
        "misc.wasm",
        WasiCtxBuilder::new()
            .args(["misc.wasm", "raise"])
            .clock(ManualClock::new(1_700_000_000_000_000_000)),
        None,
    );
    assert_eq!(outcome.exit, Some(Exit::Signal(15)));
    assert_eq!(Exit::Signal(15).status(), 143);
    assert!(!outcome.stdout.contains("not reached"));
}

#[test]
fn buffers_in_a_shared_heap_are_written_read_and_filled_through_wasi() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let outcome = run(
        "heap_io.wasm",
        WasiCtxBuilder::new()
            .arg("heap_io.wasm")
            .stdin_bytes("typed input\n")
            .preopened_dir(dir.path(), "/sandbox", false),
        Some(64 * 1024),
    );
    assert_eq!((outcome.exit, outcome.trap), (None, None));
    assert_output(&outcome.stdout, "heap_io.txt");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("heap.txt")).expect("written"),
        "this line lives in the shared heap\n"
    );
}

#[test]
fn sockets_accept_recv_send_and_shutdown_on_a_preopened_listener() {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("an address");
    let client = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(address).expect("connects");
        stream.write_all(b"hello").expect("sends");
        let mut reply = Vec::new();
        stream
            .read_to_end(&mut reply)
            .expect("reads until shutdown");
        reply
    });
    let outcome = run(
        "sock.wasm",
        WasiCtxBuilder::new()
            .arg("sock.wasm")
            .preopened_listener(listener),
        None,
    );
    assert_eq!((outcome.exit, outcome.trap), (None, None));
    assert_output(&outcome.stdout, "sock.txt");
    assert_eq!(client.join().expect("the client ends"), b"HELLO");
}
