//! `proc_exit` and `sched_yield`: the module ending itself, and giving up the CPU.

use std::fmt;

use interp::{Caller, Error};

use super::WasiCtx;
use super::errno::Errno;

/// The module asked to exit with this status. Carried out of the interpreter as a host
/// error, which unwinds every wasm frame; the runner turns it into the process's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcExit(pub u32);

impl fmt::Display for ProcExit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the module exited with status {}", self.0)
    }
}

impl std::error::Error for ProcExit {}

impl ProcExit {
    /// The exit status inside `error`, if it is a `proc_exit` rather than a failure.
    pub fn from_error(error: &Error) -> Option<ProcExit> {
        std::error::Error::source(error)?
            .downcast_ref::<ProcExit>()
            .copied()
    }
}

/// `proc_exit(rval: exitcode)`: never returns to the module.
pub fn proc_exit(_caller: Caller<'_, WasiCtx>, code: i32) -> Result<(), Error> {
    // `exitcode` is a u32; the cast reinterprets the bits wasm passes.
    Err(Error::host(ProcExit(code as u32)))
}

/// `sched_yield() -> errno`.
pub fn sched_yield(_caller: Caller<'_, WasiCtx>) -> i32 {
    std::thread::yield_now();
    Errno::Success.code()
}
