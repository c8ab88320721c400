//! The preview1 error numbers this subset returns (`errno` in the WASI preview1 witx).

/// A WASI preview1 `errno`; host functions return it to the module as an `i32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub enum Errno {
    /// No error.
    Success = 0,
    /// Bad file descriptor: not open, or no such descriptor (e.g. no preopened directories).
    BadF = 8,
    /// Bad address: a pointer or length reaches outside the module's memory.
    Fault = 21,
    /// Invalid argument, e.g. an unknown clock.
    Inval = 28,
    /// An I/O error on the host's stream.
    Io = 29,
    /// The function is not implemented by this runner.
    NoSys = 52,
    /// A value does not fit its type, e.g. more bytes than a `size` can count.
    Overflow = 61,
    /// The reader of the host stream went away.
    Pipe = 64,
    /// Seeking is not possible on this descriptor (a terminal or a pipe).
    SPipe = 70,
}

impl Errno {
    /// The value handed to the module.
    pub fn code(self) -> i32 {
        i32::from(self as u16)
    }
}

/// What the body of a WASI function produces: nothing on success, or the errno to return.
pub type WasiResult = Result<(), Errno>;

/// Converts a body's outcome into the `i32` errno the module receives.
pub fn to_code(result: WasiResult) -> i32 {
    match result {
        Ok(()) => Errno::Success.code(),
        Err(errno) => errno.code(),
    }
}

/// Maps a host I/O failure onto the closest errno.
pub fn from_io(error: &std::io::Error) -> Errno {
    match error.kind() {
        std::io::ErrorKind::BrokenPipe => Errno::Pipe,
        _ => Errno::Io,
    }
}

#[cfg(test)]
mod tests {
    use super::{Errno, to_code};

    #[test]
    fn codes_match_the_preview1_witx() {
        assert_eq!(to_code(Ok(())), 0);
        assert_eq!(Errno::BadF.code(), 8);
        assert_eq!(Errno::Fault.code(), 21);
        assert_eq!(Errno::Inval.code(), 28);
        assert_eq!(Errno::Io.code(), 29);
        assert_eq!(to_code(Err(Errno::NoSys)), 52);
        assert_eq!(Errno::Overflow.code(), 61);
        assert_eq!(Errno::Pipe.code(), 64);
        assert_eq!(Errno::SPipe.code(), 70);
    }
}
