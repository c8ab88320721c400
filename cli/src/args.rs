//! The command line's shape: what `shheap` accepts, declared with clap's derive API so that
//! `--help` is generated from these doc comments.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::duration::parse_duration;
use crate::heap_spec::HeapSpec;
use crate::size::parse_size;
use crate::values::IntFormat;

/// Run WebAssembly modules with WAMR-style shared heaps and WASI preview1.
#[derive(Debug, Parser)]
#[command(name = "shheap", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a module: its WASI `_start` (the default) or one export (`--invoke`).
    ///
    /// Options go before MODULE. From the first of the ARGS on, everything reaches the
    /// module untouched, flags included; to make an argument that is also a shheap option
    /// (e.g. `--invoke`) the first one, write `--` before ARGS.
    ///
    /// Exit status (as wasmtime's CLI): the code the module passes to `proc_exit` (0 to
    /// 125), 0 when `_start` or the invoked export returns, 134 (128 + SIGABRT) for a trap,
    /// 128 + the signal for a `proc_raise` that ends the module, and 1 for anything else
    /// that fails. Every failure prints one `error:` line on stderr.
    Run(RunArgs),
}

/// Options of `shheap run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Call this exported function instead of `_start`, with ARGS as its parameters, and print
    /// each result on its own line.
    ///
    /// Integers are read as signed or unsigned decimal or as 0x hex, within the parameter's
    /// width (so 0xffffffff and -1 are the same i32); floats as decimal, `inf`, `nan` or
    /// `nan:0x<payload>`. Results print as integers in the --ints form and as floats that
    /// read back to the same bits.
    #[arg(long, value_name = "NAME")]
    pub invoke: Option<String>,

    /// How --invoke prints integer results: `signed` decimal (the default, as the spec's
    /// scripts write them), `unsigned` decimal, or `hex` (every digit of the width). A
    /// shared-heap address such as 4294963200 reads as -4096 when signed: use `unsigned`
    /// or `hex` for functions that return addresses.
    #[arg(long, value_enum, value_name = "FORM", default_value_t = IntFormat::Signed)]
    pub ints: IntFormat,

    /// Attach one managed shared heap of SIZE bytes (same as `--heap managed:SIZE`).
    ///
    /// SIZE, here and in other options, is a number of bytes, optionally followed by KiB,
    /// MiB or GiB (e.g. 65536 or 64KiB). A managed size is rounded up to 4096 bytes; a
    /// pre-allocated one must be a multiple of 4096.
    #[arg(
        long,
        value_name = "SIZE",
        value_parser = parse_size,
        conflicts_with = "heap",
        allow_hyphen_values = true
    )]
    pub shared_heap: Option<u64>,

    /// Add a member to the shared-heap chain, head first: `managed:SIZE` (an allocator runs
    /// over it; at most one per chain) or `prealloc:SIZE` (a plain buffer); `:ro` after the
    /// size makes it read-only for wasm (stores into it trap with "write to read-only shared
    /// heap"). Repeatable; the last one given ends at the top of the address space.
    #[arg(long, value_name = "KIND:SIZE[:ro]", allow_hyphen_values = true)]
    pub heap: Vec<HeapSpec>,

    /// The allocator of the managed heap (default: linked-list). Only with a managed heap.
    #[arg(long, value_enum)]
    pub allocator: Option<Allocator>,

    /// Print the chain's address map (start, end, kind and size of each member) before
    /// running.
    #[arg(long)]
    pub print_layout: bool,

    /// Cap each linear memory at SIZE bytes; `memory.grow` beyond it returns -1.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, allow_hyphen_values = true)]
    pub max_memory: Option<u64>,

    /// Cap the wasm call depth at N frames (default 100000, at most 1000000); deeper calls
    /// trap with "call stack exhausted". Whatever N, the frames' slots may take at most 1 GiB
    /// of host memory (the engine's value-stack limit), so a runaway recursion of functions
    /// with many locals stops there too.
    #[arg(long, value_name = "N", value_parser = parse_max_stack, allow_hyphen_values = true)]
    pub max_stack: Option<u32>,

    /// Give the module the environment variable KEY=VALUE (repeatable). Without
    /// --inherit-env the host's own environment is never passed on.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env_pair)]
    pub env: Vec<(String, String)>,

    /// Give the module every variable of shheap's own environment (before those of --env).
    #[arg(long)]
    pub inherit_env: bool,

    /// Give the module the host directory HOST, seen by the module as GUEST (default: HOST
    /// as written), as wasmtime's `--dir HOST::GUEST`. Repeatable. The module can reach
    /// nothing outside it: no path, `..` or symlink leads out. Append `:ro` to GUEST
    /// (`--dir data::/data:ro`) to make it read-only.
    #[arg(long = "dir", value_name = "HOST[::GUEST]", value_parser = parse_dir)]
    pub dirs: Vec<DirSpec>,

    /// Run with N units of fuel (about one per wasm instruction); running out traps with
    /// "all fuel consumed". Without it, nothing is counted.
    #[arg(long, value_name = "N")]
    pub fuel: Option<u64>,

    /// Stop the module with a trap ("interrupted", exit status 134) once it has run this
    /// long, e.g. 500ms, 10s or 2m. Code waiting inside a host call (a sleep) is stopped when
    /// the call returns. Without it, the code has no interruption checks at all.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// The module to run: a binary `.wasm` file, or WebAssembly text if its name ends in
    /// `.wat`.
    #[arg(value_name = "MODULE")]
    pub module: PathBuf,

    /// Arguments: the WASI program's `argv[1..]` (`argv[0]` is MODULE's file name), or with
    /// `--invoke` the function's parameters.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
}

/// Which allocator backs the managed heap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Allocator {
    /// First fit over a linked list of free blocks (`linked_list_allocator`).
    LinkedList,
    /// Power-of-two buddy blocks (`buddy_system_allocator`).
    Buddy,
}

/// The largest `--max-stack`: one million frames of a small function took 50 MB of host
/// memory (measured), and frames with many locals take more per frame.
pub const MAX_STACK_LIMIT: u32 = 1_000_000;

/// A call depth between 1 and [`MAX_STACK_LIMIT`].
fn parse_max_stack(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u64>() {
        Ok(frames) if (1..=u64::from(MAX_STACK_LIMIT)).contains(&frames) => Ok(frames as u32),
        _ => Err(format!(
            "`{text}` is not a call depth: give a whole number of frames from 1 to {MAX_STACK_LIMIT}"
        )),
    }
}

/// A directory to preopen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirSpec {
    /// The host path.
    pub host: PathBuf,
    /// The path the module sees.
    pub guest: String,
    /// Whether the module may only read.
    pub read_only: bool,
}

/// Splits `HOST[::GUEST][:ro]`.
fn parse_dir(text: &str) -> Result<DirSpec, String> {
    let (rest, read_only) = match text.strip_suffix(":ro") {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (host, guest) = rest.split_once("::").unwrap_or((rest, rest));
    if host.is_empty() || guest.is_empty() {
        return Err(format!(
            "`{text}` is not HOST[::GUEST]: give a host directory, optionally `::` and the path the module sees"
        ));
    }
    Ok(DirSpec {
        host: PathBuf::from(host),
        guest: guest.to_owned(),
        read_only,
    })
}

/// Splits `KEY=VALUE` at its first `=`; the key must be non-empty.
fn parse_env_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!(
            "`{text}` is not KEY=VALUE: give a non-empty name, `=`, then the value"
        )),
    }
}
