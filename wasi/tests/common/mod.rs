//! Running a WASI command through the library for the app tests, and comparing what it
//! printed with expected text.
#![allow(dead_code)] // Each test file uses its own part of these helpers.

pub mod app_paths;

use std::path::Path;

use chain::{Chain, Heap};
use heap_alloc::LinkedListHeap;
use interp::{Engine, Linker, Module, Store};
use shheap_wasi::{Exit, OutputBuffer, WasiCtx, WasiCtxBuilder};

/// How a run ended, and what it printed.
#[derive(Debug)]
pub struct Outcome {
    /// `proc_exit` or a terminating `proc_raise`, if the run ended that way.
    pub exit: Option<Exit>,
    /// The trap or other error's text, if the run ended that way.
    pub trap: Option<String>,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
}

/// Runs the command module at `path` with the context `builder` makes (stdout and stderr
/// captured), optionally with a chain of one managed heap of `heap_size` bytes attached.
pub fn run_module(path: &Path, builder: &mut WasiCtxBuilder, heap_size: Option<usize>) -> Outcome {
    let (stdout, stderr) = (OutputBuffer::new(), OutputBuffer::new());
    let ctx = builder
        .stdout_buffer(stdout.clone())
        .stderr_buffer(stderr.clone())
        .build()
        .expect("the context builds");
    let engine = Engine::default();
    let bytes = std::fs::read(path).expect("the module is committed");
    let module = Module::new(&engine, &bytes).expect("the module is valid");
    let mut store = Store::new(&engine, ctx);
    let mut linker: Linker<WasiCtx> = Linker::new(&engine);
    shheap_wasi::add_to_linker(&mut linker).expect("WASI links");
    linker
        .define_shared_heap_functions()
        .expect("the heap functions link");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("the module instantiates");
    if let Some(size) = heap_size {
        let heap = Heap::managed(LinkedListHeap::new(size).expect("a heap"));
        let chain = Chain::from_heaps(vec![heap])
            .expect("a chain")
            .into_shared();
        instance
            .attach_shared_heap(&mut store, &chain)
            .expect("the chain attaches");
    }
    let start = instance.get_func(&store, "_start").expect("a command");
    let (exit, trap) = match start.call(&mut store, &[], &mut []) {
        Ok(()) => (None, None),
        Err(error) => match Exit::from_error(&error) {
            Some(exit) => (Some(exit), None),
            None => (None, Some(error.to_string())),
        },
    };
    let text = |buffer: OutputBuffer| String::from_utf8(buffer.contents()).expect("utf-8 output");
    Outcome {
        exit,
        trap,
        stdout: text(stdout),
        stderr: text(stderr),
    }
}

/// Compares `actual` with `tests/expected/NAME` line by line, so that a failure names the
/// first differing line. With `SHHEAP_BLESS=1` in the environment the file is rewritten
/// instead (review the diff before committing it).
pub fn assert_output(actual: &str, name: &str) {
    let path = app_paths::expected_output(name);
    if std::env::var_os("SHHEAP_BLESS").is_some() {
        std::fs::write(path, actual).expect("the expected file is writable");
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (number, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "line {} of {name}", number + 1);
    }
    assert_eq!(actual.lines().count(), expected.lines().count(), "{actual}");
}
