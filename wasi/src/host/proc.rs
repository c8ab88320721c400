//! `proc_exit`, `proc_raise` and `sched_yield`.

use std::fmt;

use interp::Error;

use crate::errno::{Errno, WasiResult};

/// How a module ended itself: `proc_exit` with a status, or `proc_raise` with a signal
/// whose default action ends a process. Carried out of the interpreter as a host error,
/// which unwinds every wasm frame; find it with [`Exit::from_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `proc_exit(code)`.
    Code(u32),
    /// `proc_raise(signal)`, with preview1's signal number.
    Signal(u8),
}

impl Exit {
    /// How the module ended, if `error` is an exit rather than a failure.
    pub fn from_error(error: &Error) -> Option<Exit> {
        std::error::Error::source(error)?
            .downcast_ref::<Exit>()
            .copied()
    }

    /// The status a process ending this way has: the code's low 8 bits, or 128 plus
    /// the host's number for the signal, as a shell reports a process killed by it.
    pub fn status(self) -> i32 {
        match self {
            Exit::Code(code) => (code & 0xff) as i32,
            Exit::Signal(signal) => 128 + host_signal(signal).unwrap_or(0),
        }
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "the module exited with status {code}"),
            Exit::Signal(signal) => write!(f, "the module raised signal {signal}"),
        }
    }
}

impl std::error::Error for Exit {}

/// `proc_exit(rval)`: never returns to the module.
pub fn proc_exit(code: i32) -> Result<(), Error> {
    Err(Error::host(Exit::Code(code as u32)))
}

/// Preview1's signal numbers (witx `signal`, 1 = hup ... 30 = sys) as Linux numbers them.
fn host_signal(signal: u8) -> Option<i32> {
    const LINUX: [i32; 30] = [
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGILL,
        libc::SIGTRAP,
        libc::SIGABRT,
        libc::SIGBUS,
        libc::SIGFPE,
        libc::SIGKILL,
        libc::SIGUSR1,
        libc::SIGSEGV,
        libc::SIGUSR2,
        libc::SIGPIPE,
        libc::SIGALRM,
        libc::SIGTERM,
        libc::SIGCHLD,
        libc::SIGCONT,
        libc::SIGSTOP,
        libc::SIGTSTP,
        libc::SIGTTIN,
        libc::SIGTTOU,
        libc::SIGURG,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGWINCH,
        libc::SIGPOLL,
        libc::SIGPWR,
        libc::SIGSYS,
    ];
    LINUX.get(usize::from(signal).checked_sub(1)?).copied()
}

/// `proc_raise(sig) -> errno`: the signal's default action, applied to the module alone.
/// Signal 0 ("none") and those whose default is to be ignored (`chld`, `cont`, `urg`,
/// `winch`) return success; `stop` and the terminal stops cannot stop a sandboxed module
/// and return success too; every other one ends the module with [`Exit::Signal`].
/// Unknown numbers are `EINVAL`.
pub fn proc_raise(signal: i32) -> Result<i32, Error> {
    let Ok(signal) = u8::try_from(signal) else {
        return Ok(Errno::INVAL.raw());
    };
    let Some(host) = host_signal(signal) else {
        return Ok(if signal == 0 { 0 } else { Errno::INVAL.raw() });
    };
    match host {
        libc::SIGCHLD
        | libc::SIGCONT
        | libc::SIGURG
        | libc::SIGWINCH
        | libc::SIGSTOP
        | libc::SIGTSTP
        | libc::SIGTTIN
        | libc::SIGTTOU => Ok(0),
        _ => Err(Error::host(Exit::Signal(signal))),
    }
}

/// `sched_yield() -> errno`.
pub fn sched_yield() -> WasiResult {
    std::thread::yield_now();
    Ok(())
}
