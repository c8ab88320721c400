//! The crate's one error type: small (a box), built on cold paths, worded for users.

use crate::TrapCode;
use core::fmt;

/// What kind of failure an [`Error`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The module is malformed or invalid; the message carries the byte offset.
    Decode,
    /// The module uses a proposal this engine does not implement (e.g. GC or exception handling).
    Unsupported,
    /// An import is missing or has an incompatible type.
    Link,
    /// Instantiation failed for a reason other than a trap.
    Instantiation,
    /// Execution trapped; [`Error::trap_code`] says why.
    Trap,
    /// A host function failed with its own error.
    Host,
    /// The API was misused: wrong argument count or type, or a handle from another store.
    Usage,
    /// A store limit was exceeded.
    Limit,
    /// A shared-heap operation was refused; `Error::shared_heap_error` gives the typed
    /// reason (with the `shared-heap` feature).
    SharedHeap,
}

/// The error returned by every fallible operation of this crate.
///
/// `Display` gives a sentence; for traps it is exactly the spec's wording.
pub struct Error {
    inner: Box<Repr>,
}

#[derive(thiserror::Error, Debug)]
enum Repr {
    #[error("{message} (at offset {offset:#x})")]
    Decode { message: String, offset: u64 },
    #[error("{1}")]
    Plain(ErrorKind, String),
    #[error("{0}")]
    Trap(TrapCode),
    #[error("{0}")]
    Host(Box<dyn std::error::Error + Send + Sync>),
    #[error("{1}")]
    Typed(ErrorKind, Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match &*self.inner {
            Repr::Decode { .. } => ErrorKind::Decode,
            Repr::Plain(kind, _) => *kind,
            Repr::Trap(_) => ErrorKind::Trap,
            Repr::Host(_) => ErrorKind::Host,
            Repr::Typed(kind, _) => *kind,
        }
    }

    /// The trap's reason, for traps.
    pub fn trap_code(&self) -> Option<TrapCode> {
        match &*self.inner {
            Repr::Trap(code) => Some(*code),
            _ => None,
        }
    }

    /// Whether this error is a trap.
    pub fn is_trap(&self) -> bool {
        self.trap_code().is_some()
    }

    /// Wraps a host function's own error.
    #[cold]
    pub fn host<E: std::error::Error + Send + Sync + 'static>(e: E) -> Error {
        Self::from_repr(Repr::Host(Box::new(e)))
    }

    /// A host error with just a message.
    #[cold]
    pub fn msg(message: impl Into<String>) -> Error {
        Self::new(ErrorKind::Host, message)
    }

    /// An error of the given kind with a message.
    #[cold]
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Self::from_repr(Repr::Plain(kind, message.into()))
    }

    /// A trap.
    #[cold]
    pub(crate) fn trap(code: TrapCode) -> Error {
        Self::from_repr(Repr::Trap(code))
    }

    /// A decode or validation error at a byte offset.
    #[cold]
    pub(crate) fn decode(message: impl Into<String>, offset: u64) -> Error {
        Self::from_repr(Repr::Decode {
            message: message.into(),
            offset,
        })
    }

    /// A usage error (misused API).
    #[cold]
    pub(crate) fn usage(message: impl Into<String>) -> Error {
        Self::new(ErrorKind::Usage, message)
    }

    /// The error for a handle that belongs to another store.
    #[cold]
    pub(crate) fn foreign() -> Error {
        Self::usage("the handle belongs to a different store")
    }

    /// An error of the given kind whose message and source are a typed error `e`.
    #[cold]
    #[allow(dead_code)] // Used by optional features.
    pub(crate) fn with_source<E: std::error::Error + Send + Sync + 'static>(
        kind: ErrorKind,
        e: E,
    ) -> Error {
        Self::from_repr(Repr::Typed(kind, Box::new(e)))
    }

    fn from_repr(repr: Repr) -> Error {
        Error {
            inner: Box::new(repr),
        }
    }
}

impl From<TrapCode> for Error {
    #[cold]
    fn from(code: TrapCode) -> Error {
        Error::trap(code)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}: {})", self.kind(), self)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.inner {
            Repr::Host(e) => Some(&**e),
            Repr::Typed(_, e) => Some(&**e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_word() {
        assert_eq!(size_of::<Error>(), size_of::<usize>());
    }

    #[test]
    fn trap_display_is_spec_wording() {
        let e = Error::trap(TrapCode::IntegerDivideByZero);
        assert_eq!(e.to_string(), "integer divide by zero");
        assert_eq!(e.kind(), ErrorKind::Trap);
        assert!(e.is_trap());
    }
}
