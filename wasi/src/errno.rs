//! Preview1's `errno` (witx `errno`, a `u16`), and the mapping from host I/O errors onto it.

use std::fmt;
use std::io;

/// A WASI preview1 error number, as the module receives it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(u16);

/// What the body of a preview1 function produces: a value, or the errno to return.
pub type WasiResult<T = ()> = Result<T, Errno>;

macro_rules! errnos {
    ($($name:ident = $code:literal, $text:literal;)*) => {
        impl Errno {
            $(#[doc = $text] pub const $name: Errno = Errno($code);)*

            /// The witx name of this errno (e.g. `"noent"`), or `"unknown"`.
            pub fn name(self) -> &'static str {
                match self.0 {
                    $($code => $text,)*
                    _ => "unknown",
                }
            }
        }
    };
}

errnos! {
    SUCCESS = 0, "success";
    TOOBIG = 1, "2big";
    ACCES = 2, "acces";
    ADDRINUSE = 3, "addrinuse";
    ADDRNOTAVAIL = 4, "addrnotavail";
    AFNOSUPPORT = 5, "afnosupport";
    AGAIN = 6, "again";
    ALREADY = 7, "already";
    BADF = 8, "badf";
    BADMSG = 9, "badmsg";
    BUSY = 10, "busy";
    CANCELED = 11, "canceled";
    CHILD = 12, "child";
    CONNABORTED = 13, "connaborted";
    CONNREFUSED = 14, "connrefused";
    CONNRESET = 15, "connreset";
    DEADLK = 16, "deadlk";
    DESTADDRREQ = 17, "destaddrreq";
    DOM = 18, "dom";
    DQUOT = 19, "dquot";
    EXIST = 20, "exist";
    FAULT = 21, "fault";
    FBIG = 22, "fbig";
    HOSTUNREACH = 23, "hostunreach";
    IDRM = 24, "idrm";
    ILSEQ = 25, "ilseq";
    INPROGRESS = 26, "inprogress";
    INTR = 27, "intr";
    INVAL = 28, "inval";
    IO = 29, "io";
    ISCONN = 30, "isconn";
    ISDIR = 31, "isdir";
    LOOP = 32, "loop";
    MFILE = 33, "mfile";
    MLINK = 34, "mlink";
    MSGSIZE = 35, "msgsize";
    MULTIHOP = 36, "multihop";
    NAMETOOLONG = 37, "nametoolong";
    NETDOWN = 38, "netdown";
    NETRESET = 39, "netreset";
    NETUNREACH = 40, "netunreach";
    NFILE = 41, "nfile";
    NOBUFS = 42, "nobufs";
    NODEV = 43, "nodev";
    NOENT = 44, "noent";
    NOEXEC = 45, "noexec";
    NOLCK = 46, "nolck";
    NOLINK = 47, "nolink";
    NOMEM = 48, "nomem";
    NOMSG = 49, "nomsg";
    NOPROTOOPT = 50, "noprotoopt";
    NOSPC = 51, "nospc";
    NOSYS = 52, "nosys";
    NOTCONN = 53, "notconn";
    NOTDIR = 54, "notdir";
    NOTEMPTY = 55, "notempty";
    NOTRECOVERABLE = 56, "notrecoverable";
    NOTSOCK = 57, "notsock";
    NOTSUP = 58, "notsup";
    NOTTY = 59, "notty";
    NXIO = 60, "nxio";
    OVERFLOW = 61, "overflow";
    OWNERDEAD = 62, "ownerdead";
    PERM = 63, "perm";
    PIPE = 64, "pipe";
    PROTO = 65, "proto";
    PROTONOSUPPORT = 66, "protonosupport";
    PROTOTYPE = 67, "prototype";
    RANGE = 68, "range";
    ROFS = 69, "rofs";
    SPIPE = 70, "spipe";
    SRCH = 71, "srch";
    STALE = 72, "stale";
    TIMEDOUT = 73, "timedout";
    TXTBSY = 74, "txtbsy";
    XDEV = 75, "xdev";
    NOTCAPABLE = 76, "notcapable";
}

impl Errno {
    /// The number handed to the module.
    pub fn code(self) -> u16 {
        self.0
    }

    /// The `i32` a host function returns.
    pub(crate) fn raw(self) -> i32 {
        i32::from(self.0)
    }

    /// The errno for a host error number (`libc::E*`), `EIO` for one preview1 lacks.
    pub fn from_host(code: i32) -> Errno {
        match code {
            libc::E2BIG => Errno::TOOBIG,
            libc::EACCES => Errno::ACCES,
            libc::EADDRINUSE => Errno::ADDRINUSE,
            libc::EADDRNOTAVAIL => Errno::ADDRNOTAVAIL,
            libc::EAFNOSUPPORT => Errno::AFNOSUPPORT,
            libc::EAGAIN => Errno::AGAIN,
            libc::EALREADY => Errno::ALREADY,
            libc::EBADF => Errno::BADF,
            libc::EBADMSG => Errno::BADMSG,
            libc::EBUSY => Errno::BUSY,
            libc::ECANCELED => Errno::CANCELED,
            libc::ECHILD => Errno::CHILD,
            libc::ECONNABORTED => Errno::CONNABORTED,
            libc::ECONNREFUSED => Errno::CONNREFUSED,
            libc::ECONNRESET => Errno::CONNRESET,
            libc::EDEADLK => Errno::DEADLK,
            libc::EDESTADDRREQ => Errno::DESTADDRREQ,
            libc::EDOM => Errno::DOM,
            libc::EDQUOT => Errno::DQUOT,
            libc::EEXIST => Errno::EXIST,
            libc::EFAULT => Errno::FAULT,
            libc::EFBIG => Errno::FBIG,
            libc::EHOSTUNREACH => Errno::HOSTUNREACH,
            libc::EIDRM => Errno::IDRM,
            libc::EILSEQ => Errno::ILSEQ,
            libc::EINPROGRESS => Errno::INPROGRESS,
            libc::EINTR => Errno::INTR,
            libc::EINVAL => Errno::INVAL,
            libc::EISCONN => Errno::ISCONN,
            libc::EISDIR => Errno::ISDIR,
            libc::ELOOP => Errno::LOOP,
            libc::EMFILE => Errno::MFILE,
            libc::EMLINK => Errno::MLINK,
            libc::EMSGSIZE => Errno::MSGSIZE,
            libc::EMULTIHOP => Errno::MULTIHOP,
            libc::ENAMETOOLONG => Errno::NAMETOOLONG,
            libc::ENETDOWN => Errno::NETDOWN,
            libc::ENETRESET => Errno::NETRESET,
            libc::ENETUNREACH => Errno::NETUNREACH,
            libc::ENFILE => Errno::NFILE,
            libc::ENOBUFS => Errno::NOBUFS,
            libc::ENODEV => Errno::NODEV,
            libc::ENOENT => Errno::NOENT,
            libc::ENOEXEC => Errno::NOEXEC,
            libc::ENOLCK => Errno::NOLCK,
            libc::ENOLINK => Errno::NOLINK,
            libc::ENOMEM => Errno::NOMEM,
            libc::ENOMSG => Errno::NOMSG,
            libc::ENOPROTOOPT => Errno::NOPROTOOPT,
            libc::ENOSPC => Errno::NOSPC,
            libc::ENOSYS => Errno::NOSYS,
            libc::ENOTCONN => Errno::NOTCONN,
            libc::ENOTDIR => Errno::NOTDIR,
            libc::ENOTEMPTY => Errno::NOTEMPTY,
            libc::ENOTRECOVERABLE => Errno::NOTRECOVERABLE,
            libc::ENOTSOCK => Errno::NOTSOCK,
            libc::EOPNOTSUPP => Errno::NOTSUP,
            libc::ENOTTY => Errno::NOTTY,
            libc::ENXIO => Errno::NXIO,
            libc::EOVERFLOW => Errno::OVERFLOW,
            libc::EOWNERDEAD => Errno::OWNERDEAD,
            libc::EPERM => Errno::PERM,
            libc::EPIPE => Errno::PIPE,
            libc::EPROTO => Errno::PROTO,
            libc::EPROTONOSUPPORT => Errno::PROTONOSUPPORT,
            libc::EPROTOTYPE => Errno::PROTOTYPE,
            libc::ERANGE => Errno::RANGE,
            libc::EROFS => Errno::ROFS,
            libc::ESPIPE => Errno::SPIPE,
            libc::ESRCH => Errno::SRCH,
            libc::ESTALE => Errno::STALE,
            libc::ETIMEDOUT => Errno::TIMEDOUT,
            libc::ETXTBSY => Errno::TXTBSY,
            libc::EXDEV => Errno::XDEV,
            _ => Errno::IO,
        }
    }
}

impl From<io::Error> for Errno {
    /// The host's error number when there is one. cap-std reports a path that would leave
    /// its directory (`..`, an absolute path or symlink target) without one, as
    /// `PermissionDenied`: that is `EPERM`, as on wasmtime.
    fn from(error: io::Error) -> Errno {
        if let Some(code) = error.raw_os_error() {
            return Errno::from_host(code);
        }
        match error.kind() {
            io::ErrorKind::PermissionDenied => Errno::PERM,
            io::ErrorKind::NotFound => Errno::NOENT,
            io::ErrorKind::AlreadyExists => Errno::EXIST,
            io::ErrorKind::InvalidInput => Errno::INVAL,
            io::ErrorKind::BrokenPipe => Errno::PIPE,
            io::ErrorKind::WouldBlock => Errno::AGAIN,
            io::ErrorKind::Interrupted => Errno::INTR,
            io::ErrorKind::Unsupported => Errno::NOTSUP,
            io::ErrorKind::OutOfMemory => Errno::NOMEM,
            _ => Errno::IO,
        }
    }
}

impl From<rustix::io::Errno> for Errno {
    fn from(error: rustix::io::Errno) -> Errno {
        Errno::from_host(error.raw_os_error())
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Errno({} {})", self.0, self.name())
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WASI errno {} ({})", self.0, self.name())
    }
}

/// The `i32` a host function returns for a body's outcome.
pub(crate) fn code_of(result: WasiResult) -> i32 {
    match result {
        Ok(()) => 0,
        Err(errno) => errno.raw(),
    }
}

#[cfg(test)]
mod tests {
    use super::Errno;

    #[test]
    fn codes_and_names_match_the_preview1_witx() {
        assert_eq!((Errno::TOOBIG.code(), Errno::TOOBIG.name()), (1, "2big"));
        assert_eq!((Errno::FAULT.code(), Errno::FAULT.name()), (21, "fault"));
        assert_eq!((Errno::NOSYS.code(), Errno::NOSYS.name()), (52, "nosys"));
        assert_eq!(Errno::NOTCAPABLE.code(), 76);
        assert_eq!(Errno::from_host(libc::ENOENT), Errno::NOENT);
        assert_eq!(Errno::from_host(libc::EXDEV), Errno::XDEV);
        assert_eq!(Errno::from_host(-5), Errno::IO);
        let escape = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "escape");
        assert_eq!(Errno::from(escape), Errno::PERM);
    }
}
