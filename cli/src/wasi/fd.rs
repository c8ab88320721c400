//! The `fd_*` functions on the three stdio descriptors, the only ones a module has here:
//! there are no preopened directories, so no file can ever be opened.

use std::io::{IsTerminal, Read, Write};

use interp::Caller;

use super::WasiCtx;
use super::errno::{Errno, WasiResult, from_io, to_code};
use super::guest::Guest;

/// The most bytes one `fd_read` takes from stdin; a larger request gets a short read, which
/// every reader must handle anyway.
const MAX_READ: u32 = 1 << 20;

/// `filetype::character_device`: what a terminal is.
const FILETYPE_CHARACTER_DEVICE: u8 = 2;
/// `filetype::unknown`: a pipe or a redirected file, which preview1 has no better name for.
const FILETYPE_UNKNOWN: u8 = 0;
/// `rights::fd_read`.
const RIGHT_FD_READ: u64 = 1 << 1;
/// `rights::fd_write`.
const RIGHT_FD_WRITE: u64 = 1 << 6;
/// `rights::poll_fd_readwrite`.
const RIGHT_POLL_FD_READWRITE: u64 = 1 << 27;
/// Size of a `fdstat` record.
const FDSTAT_SIZE: usize = 24;

/// One of the stdio descriptors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stdio {
    In,
    Out,
    Err,
}

impl Stdio {
    /// The open stdio stream behind `fd`; any other descriptor, or a closed one, is `EBADF`.
    fn open(ctx: &WasiCtx, fd: i32) -> Result<Self, Errno> {
        let stream = match fd {
            0 => Self::In,
            1 => Self::Out,
            2 => Self::Err,
            _ => return Err(Errno::BadF),
        };
        if ctx.stdio_open[stream as usize] {
            Ok(stream)
        } else {
            Err(Errno::BadF)
        }
    }

    fn is_terminal(self) -> bool {
        match self {
            Self::In => std::io::stdin().is_terminal(),
            Self::Out => std::io::stdout().is_terminal(),
            Self::Err => std::io::stderr().is_terminal(),
        }
    }
}

/// `fd_write(fd, iovs: *const ciovec, iovs_len: size, nwritten: *mut size) -> errno`:
/// writes each buffer in turn to stdout or stderr.
pub fn fd_write(
    mut caller: Caller<'_, WasiCtx>,
    fd: i32,
    iovs: i32,
    count: i32,
    nwritten_ptr: i32,
) -> i32 {
    to_code(write(
        &mut caller,
        fd,
        iovs as u32,
        count as u32,
        nwritten_ptr as u32,
    ))
}

fn write(
    caller: &mut Caller<'_, WasiCtx>,
    fd: i32,
    iovs: u32,
    count: u32,
    nwritten_ptr: u32,
) -> WasiResult {
    let stream = Stdio::open(caller.data(), fd)?;
    let guest = Guest::of(caller)?;
    let buffers = guest.iovecs(caller, iovs, count)?;
    let mut sink: Box<dyn Write> = match stream {
        Stdio::Out => Box::new(std::io::stdout().lock()),
        Stdio::Err => Box::new(std::io::stderr().lock()),
        Stdio::In => return Err(Errno::BadF),
    };
    let mut written: u32 = 0;
    for buffer in buffers {
        // The count must fit a `size`; stop before the buffer that would overflow it, as a
        // short write.
        let Some(total) = written.checked_add(buffer.len) else {
            break;
        };
        let bytes = guest.read(caller, buffer.ptr, buffer.len)?;
        sink.write_all(&bytes).map_err(|e| from_io(&e))?;
        written = total;
    }
    // Flush now: the module may end with proc_exit, which skips buffered output.
    sink.flush().map_err(|e| from_io(&e))?;
    guest.write_u32(caller, nwritten_ptr, written)
}

/// `fd_read(fd, iovs: *const iovec, iovs_len: size, nread: *mut size) -> errno`: one read
/// from stdin, spread over the buffers in order; 0 bytes read means end of input.
pub fn fd_read(
    mut caller: Caller<'_, WasiCtx>,
    fd: i32,
    iovs: i32,
    count: i32,
    nread_ptr: i32,
) -> i32 {
    to_code(read(
        &mut caller,
        fd,
        iovs as u32,
        count as u32,
        nread_ptr as u32,
    ))
}

fn read(
    caller: &mut Caller<'_, WasiCtx>,
    fd: i32,
    iovs: u32,
    count: u32,
    nread_ptr: u32,
) -> WasiResult {
    if Stdio::open(caller.data(), fd)? != Stdio::In {
        return Err(Errno::BadF);
    }
    let guest = Guest::of(caller)?;
    let buffers = guest.iovecs(caller, iovs, count)?;
    // Check every buffer before reading, so that a bad one loses no input.
    for buffer in &buffers {
        guest.check(caller, buffer.ptr, buffer.len)?;
    }
    let wanted = buffers
        .iter()
        .fold(0u32, |sum, buffer| sum.saturating_add(buffer.len))
        .min(MAX_READ);
    let mut data = vec![0; wanted as usize];
    let got = loop {
        match std::io::stdin().lock().read(&mut data) {
            Ok(got) => break got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(from_io(&e)),
        }
    };
    let mut rest = data.get(..got).ok_or(Errno::Io)?;
    for buffer in buffers {
        if rest.is_empty() {
            break;
        }
        let take = rest.len().min(buffer.len as usize);
        let (chunk, after) = rest.split_at(take);
        guest.write(caller, buffer.ptr, chunk)?;
        rest = after;
    }
    let got = u32::try_from(got).map_err(|_| Errno::Overflow)?;
    guest.write_u32(caller, nread_ptr, got)
}

/// `fd_close(fd) -> errno`: closes a stdio descriptor for the module (the host's stream
/// stays open); later calls on it get `EBADF`.
pub fn fd_close(mut caller: Caller<'_, WasiCtx>, fd: i32) -> i32 {
    to_code(Stdio::open(caller.data(), fd).map(|stream| {
        caller.data_mut().stdio_open[stream as usize] = false;
    }))
}

/// `fd_seek(fd, offset: filedelta, whence, newoffset: *mut filesize) -> errno`: stdio
/// streams cannot seek, so an open one answers `ESPIPE`.
pub fn fd_seek(
    caller: Caller<'_, WasiCtx>,
    fd: i32,
    _offset: i64,
    _whence: i32,
    _newoffset_ptr: i32,
) -> i32 {
    to_code(Stdio::open(caller.data(), fd).and(Err(Errno::SPipe)))
}

/// `fd_fdstat_get(fd, stat: *mut fdstat) -> errno`. A terminal is a character device
/// without seek rights, which is how wasi-libc's `isatty` recognises one (and so
/// line-buffers stdout); anything else is reported as an unknown file type.
pub fn fd_fdstat_get(mut caller: Caller<'_, WasiCtx>, fd: i32, stat_ptr: i32) -> i32 {
    to_code(fdstat(&mut caller, fd, stat_ptr as u32))
}

fn fdstat(caller: &mut Caller<'_, WasiCtx>, fd: i32, stat_ptr: u32) -> WasiResult {
    let stream = Stdio::open(caller.data(), fd)?;
    let filetype = if stream.is_terminal() {
        FILETYPE_CHARACTER_DEVICE
    } else {
        FILETYPE_UNKNOWN
    };
    let rights = RIGHT_POLL_FD_READWRITE
        | match stream {
            Stdio::In => RIGHT_FD_READ,
            Stdio::Out | Stdio::Err => RIGHT_FD_WRITE,
        };
    // Layout: filetype u8 at 0, fdflags u16 at 2 (none: no append, no nonblock), rights_base
    // u64 at 8, rights_inheriting u64 at 16 (nothing can be opened from stdio).
    let mut record = [0u8; FDSTAT_SIZE];
    record[0] = filetype;
    record[8..16].copy_from_slice(&rights.to_le_bytes());
    Guest::of(caller)?.write(caller, stat_ptr, &record)
}

/// `fd_prestat_get(fd, buf: *mut prestat) -> errno`: there are no preopened directories, so
/// every descriptor answers `EBADF` (which ends wasi-libc's scan for them at startup).
pub fn fd_prestat_get(_caller: Caller<'_, WasiCtx>, _fd: i32, _prestat_ptr: i32) -> i32 {
    Errno::BadF.code()
}
