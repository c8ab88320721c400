//! `shheap run`: builds the chain, loads and links the module, attaches, runs, and turns
//! the outcome into an exit status.

use std::io::Write;

use anyhow::{Context, anyhow, bail};
use interp::{Config, Engine, ErrorKind, Instance, Linker, Store, StoreLimits};
use shheap_wasi::{Exit, WasiCtx, WasiCtxBuilder};

use crate::args::RunArgs;
use crate::heaps::{build_chain, requested_members};
use crate::invoke::{InvokeError, invoke};
use crate::module_file::{load, program_name};
use crate::shared_heap;

/// The export a WASI command starts at.
const START: &str = "_start";

/// The status of a run that trapped: 128 + SIGABRT, as wasmtime's CLI exits on Unix.
pub const TRAP_STATUS: i32 = 134;

/// `proc_exit` statuses WASI allows (wasmtime refuses larger ones the same way).
const MAX_EXIT_CODE: u32 = 125;

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

    let mut config = Config::new();
    config
        .consume_fuel(args.fuel.is_some())
        .interruptible(args.timeout.is_some());
    let engine = Engine::new(&config);
    let module = load(&engine, &args.module)?;

    let mut store = Store::new(&engine, wasi_context(&args)?);
    store.set_limits(limits(&args));
    if let Some(fuel) = args.fuel {
        store
            .set_fuel(fuel)
            .context("cannot give the store its fuel")?;
    }

    let mut linker = Linker::new(&engine);
    shheap_wasi::add_to_linker(&mut linker).context("cannot define the WASI functions")?;
    shared_heap::define_imports(&mut linker)?;

    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(error) if error.kind() == ErrorKind::Limit && args.max_memory.is_some() => {
            return Err(anyhow::Error::new(error).context(format!(
                "--max-memory {} is less than the module's memory needs at start: raise it",
                args.max_memory.unwrap_or_default()
            )));
        }
        Err(error) => return wasm_outcome(error, "cannot instantiate the module"),
    };

    if let Some(chain) = chain {
        let layout = shared_heap::attach(instance, &mut store, &chain.into_shared())?;
        if args.print_layout {
            let printed = write!(std::io::stdout().lock(), "{layout}");
            if let Some(status) = quiet_on_broken_pipe(printed)? {
                return Ok(status);
            }
        }
    }

    // Held until the run ends; dropping it tells the watchdog to stop waiting.
    let _watchdog = match args.timeout {
        Some(limit) => Some(start_watchdog(&store, limit)?),
        None => None,
    };
    match &args.invoke {
        Some(name) => run_invoke(&mut store, instance, name, &args.args, args.ints),
        None => run_start(&mut store, instance),
    }
}

/// Starts a thread that interrupts the store's wasm code once `limit` has passed, unless the
/// returned sender is dropped first (the run ended).
fn start_watchdog(
    store: &Store<WasiCtx>,
    limit: std::time::Duration,
) -> anyhow::Result<std::sync::mpsc::Sender<()>> {
    let handle = store
        .interrupt_handle()
        .context("cannot set up --timeout")?;
    let (run_ended, wait) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
            handle.interrupt();
        }
    });
    Ok(run_ended)
}

/// The module's WASI view: argv, environment, preopened directories, the host's stdio.
fn wasi_context(args: &RunArgs) -> anyhow::Result<WasiCtx> {
    let mut builder = WasiCtxBuilder::new();
    builder.inherit_stdio().arg(program_name(&args.module));
    if args.invoke.is_none() {
        builder.args(args.args.iter().cloned());
    }
    if args.inherit_env {
        builder.inherit_env();
    }
    for (key, value) in &args.env {
        builder.env(key, value);
    }
    for dir in &args.dirs {
        builder.preopened_dir(&dir.host, &dir.guest, dir.read_only);
    }
    Ok(builder.build()?)
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
    ints: crate::values::IntFormat,
) -> anyhow::Result<i32> {
    match invoke(store, instance, name, args, ints) {
        Ok(results) => {
            let mut out = std::io::stdout().lock();
            for result in results {
                if let Some(status) = quiet_on_broken_pipe(writeln!(out, "{result}"))? {
                    return Ok(status);
                }
            }
            Ok(0)
        }
        Err(InvokeError::Usage(error)) => Err(error),
        Err(InvokeError::Wasm(error)) => wasm_outcome(error, &format!("`{name}` failed")),
    }
}

/// A write to stdout: `Some(0)` when the reader went away (`--print-layout | head`: the
/// run ends quietly with status 0, as any Unix tool whose reader has what it wanted), an
/// error for any other failure, `None` when it worked.
fn quiet_on_broken_pipe(written: std::io::Result<()>) -> anyhow::Result<Option<i32>> {
    match written {
        Ok(()) => Ok(None),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(Some(0)),
        Err(error) => Err(anyhow::Error::new(error).context("cannot write to stdout")),
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

/// A failure that still has its own exit status (a trap's), reported with one line.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StatusError {
    /// The line to print after `error: `.
    pub message: String,
    /// The process's exit status.
    pub status: i32,
}

/// What a failed call into wasm means: `proc_exit` and `proc_raise` are exit statuses, a
/// trap is reported in the spec's words with status 134, anything else with what was being
/// done.
fn wasm_outcome(error: interp::Error, doing: &str) -> anyhow::Result<i32> {
    match Exit::from_error(&error) {
        Some(Exit::Code(code)) if code <= MAX_EXIT_CODE => return Ok(code as i32),
        Some(Exit::Code(code)) => bail!(
            "the module called proc_exit({code}), but WASI exit statuses run from 0 to {MAX_EXIT_CODE}"
        ),
        Some(exit @ Exit::Signal(_)) => {
            return Err(anyhow!(StatusError {
                message: exit.to_string(),
                status: exit.status(),
            }));
        }
        None => {}
    }
    if error.is_trap() {
        return Err(anyhow!(StatusError {
            message: format!("wasm trap: {error}"),
            status: TRAP_STATUS,
        }));
    }
    Err(anyhow::Error::new(error).context(doing.to_owned()))
}
