//! `shheap run`: builds the chain, loads and links the module, attaches, runs, and turns
//! the outcome into an exit status.

use std::io::Write;

use anyhow::{Context, anyhow, bail};
use interp::{Engine, Instance, Linker, Store, StoreLimits};

use crate::args::RunArgs;
use crate::heaps::{build_chain, requested_members};
use crate::invoke::{InvokeError, invoke};
use crate::module_file::{load, program_name};
use crate::shared_heap;
use crate::wasi::{self, ProcExit, WasiCtx};

/// The export a WASI command starts at.
const START: &str = "_start";

/// Runs the module as `args` say and returns the process's exit status. Every failure is an
/// error whose Display is one line; a trap's reads `wasm trap: <spec wording>`.
pub fn run(args: RunArgs) -> anyhow::Result<i32> {
    // The chain first: a bad --heap is reported before any module is read.
    let chain = build_chain(&requested_members(&args), args.allocator)?;
    if args.print_layout && chain.is_none() {
        bail!(
            "--print-layout shows the shared-heap chain, but none was asked for: add --shared-heap SIZE or --heap KIND:SIZE"
        );
    }

    let engine = Engine::default();
    let module = load(&engine, &args.module)?;

    let argv = if args.invoke.is_some() {
        vec![program_name(&args.module)]
    } else {
        std::iter::once(program_name(&args.module))
            .chain(args.args.iter().cloned())
            .collect()
    };
    let mut store = Store::new(&engine, WasiCtx::new(argv, args.env.clone()));
    store.set_limits(limits(&args));

    let mut linker = Linker::new(&engine);
    wasi::link(&mut linker, &module)?;
    shared_heap::define_imports(&mut linker)?;

    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(error) => return wasm_outcome(error, "cannot instantiate the module"),
    };

    if let Some(chain) = chain {
        let layout = shared_heap::attach(instance, &mut store, &chain.into_shared())?;
        if args.print_layout {
            write!(std::io::stdout().lock(), "{layout}").context("cannot print the layout")?;
        }
    }

    match &args.invoke {
        Some(name) => run_invoke(&mut store, instance, name, &args.args),
        None => run_start(&mut store, instance),
    }
}

/// The store limits: interp's defaults, with the caps given on the command line.
fn limits(args: &RunArgs) -> StoreLimits {
    let mut limits = StoreLimits::default();
    if let Some(bytes) = args.max_memory {
        limits.max_memory_bytes = bytes;
    }
    if let Some(frames) = args.max_stack {
        limits.max_call_depth = frames;
    }
    limits
}

/// `--invoke`: prints each result on its own line.
fn run_invoke(
    store: &mut Store<WasiCtx>,
    instance: Instance,
    name: &str,
    args: &[String],
) -> anyhow::Result<i32> {
    match invoke(store, instance, name, args) {
        Ok(results) => {
            let mut out = std::io::stdout().lock();
            for result in results {
                writeln!(out, "{result}").context("cannot print the results")?;
            }
            Ok(0)
        }
        Err(InvokeError::Usage(error)) => Err(error),
        Err(InvokeError::Wasm(error)) => wasm_outcome(error, &format!("`{name}` failed")),
    }
}

/// The WASI command's `_start`: exit status 0 when it returns.
fn run_start(store: &mut Store<WasiCtx>, instance: Instance) -> anyhow::Result<i32> {
    let Some(start) = instance.get_func(store, START) else {
        bail!(
            "the module exports no `{START}` function, so it is not a WASI command: name the export to call with --invoke NAME"
        );
    };
    match start.call(store, &[], &mut []) {
        Ok(()) => Ok(0),
        Err(error) => wasm_outcome(error, &format!("`{START}` failed")),
    }
}

/// What a failed call into wasm means: `proc_exit` is an exit status, a trap is reported
/// in the spec's words, anything else with what was being done.
fn wasm_outcome(error: interp::Error, doing: &str) -> anyhow::Result<i32> {
    if let Some(ProcExit(code)) = ProcExit::from_error(&error) {
        // The status the module chose; the host keeps its low 8 bits, as for any process.
        return Ok(code as i32);
    }
    if error.is_trap() {
        return Err(anyhow!("wasm trap: {error}"));
    }
    Err(anyhow::Error::new(error).context(doing.to_owned()))
}
