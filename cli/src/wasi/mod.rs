//! A hand-written subset of WASI preview1 (module `wasi_snapshot_preview1`): enough for a C
//! program built against wasi-libc to read its arguments and environment, tell the time,
//! use stdin/stdout/stderr, get random bytes and exit with a status.
//!
//! Every function checks each pointer against the module's memory and answers a bad one
//! with `EFAULT`; none can panic or touch bytes outside that memory. Functions of preview1
//! outside the subset are linked to stubs returning `ENOSYS`, so modules that import them
//! still run until they call one.

mod args_env;
mod clocks;
mod errno;
mod fd;
mod guest;
mod linking;
mod proc;
mod random;

use std::time::Instant;

pub use linking::link;
pub use proc::ProcExit;

/// The module name preview1 functions are imported from.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// The state WASI functions see: the store's data.
#[derive(Debug)]
pub struct WasiCtx {
    /// argv, `argv[0]` first, each without its terminating NUL.
    args: Vec<Vec<u8>>,
    /// `KEY=VALUE` entries, each without its terminating NUL.
    env: Vec<Vec<u8>>,
    /// Whether stdin, stdout and stderr (descriptors 0, 1, 2) are still open.
    stdio_open: [bool; 3],
    /// When the runner started: the origin of the monotonic and CPU-time clocks.
    started: Instant,
}

impl WasiCtx {
    /// A context with these arguments (`argv[0]` first) and environment variables; stdio open.
    pub fn new(args: Vec<String>, env: Vec<(String, String)>) -> Self {
        WasiCtx {
            args: args.into_iter().map(String::into_bytes).collect(),
            env: env
                .into_iter()
                .map(|(key, value)| format!("{key}={value}").into_bytes())
                .collect(),
            stdio_open: [true; 3],
            started: Instant::now(),
        }
    }
}
