//! Why a call was refused, and the per-thread record that `shheap_last_error()` reads.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

/// Why a C API call was refused. The text is what `shheap_last_error()` returns.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CapiError {
    /// The runtime is not initialized.
    #[error(
        "the runtime is not initialized: call wasm_runtime_init or wasm_runtime_full_init first"
    )]
    NotInitialized,
    /// A handle argument was NULL.
    #[error("{what} is NULL")]
    Null {
        /// Which argument.
        what: &'static str,
    },
    /// A handle that does not name a live object of its kind.
    #[error(
        "{what} is not a live {kind}: it was destroyed already, belongs to a runtime that was destroyed, or was never returned by this library"
    )]
    BadHandle {
        /// Which argument.
        what: &'static str,
        /// The kind of object expected.
        kind: &'static str,
    },
    /// A string argument is not valid UTF-8.
    #[error("{what} is not valid UTF-8")]
    NotUtf8 {
        /// Which argument.
        what: &'static str,
    },
    /// Any other refusal, with its own sentence.
    #[error("{0}")]
    Refused(String),
    /// An error from the engine.
    #[error(transparent)]
    Engine(#[from] interp::Error),
    /// A bug: a panic inside the library, caught at the boundary.
    #[error(
        "internal error in libshheap ({0}); the call had no effect that can be relied on: please report it"
    )]
    Panic(String),
}

impl CapiError {
    /// A refusal with its own sentence.
    pub(crate) fn refused(text: impl Into<String>) -> Self {
        Self::Refused(text.into())
    }
}

thread_local! {
    /// The reason for the last refusal on this thread, NUL-terminated for C.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Records `error` as this thread's last refusal.
pub(crate) fn set_last_error(error: &CapiError) {
    let text = CString::new(error.to_string().replace('\0', " "))
        .unwrap_or_else(|_| c"an error whose text could not be recorded".to_owned());
    LAST_ERROR.with(|last| *last.borrow_mut() = Some(text));
}

/// The reason the last refused call on this thread was refused, as a NUL-terminated
/// sentence; NULL if no call on this thread has been refused yet. The text stays valid
/// until the next refused call on the same thread.
#[unsafe(no_mangle)]
pub extern "C" fn shheap_last_error() -> *const c_char {
    LAST_ERROR
        .try_with(|last| {
            last.try_borrow()
                .ok()
                .and_then(|text| text.as_ref().map(|text| text.as_ptr()))
                .unwrap_or(core::ptr::null())
        })
        .unwrap_or(core::ptr::null())
}

/// Copies `text` into a caller's `error_buf` of `size` bytes, cut to fit, NUL-terminated.
///
/// # Safety
/// `buf` must be NULL or writable for `size` bytes.
pub(crate) unsafe fn write_error_buf(buf: *mut c_char, size: u32, text: &str) {
    if buf.is_null() || size == 0 {
        return;
    }
    let len = text.len().min(size as usize - 1);
    // SAFETY: `len + 1 <= size` bytes, writable by the caller's contract; `text` is ours.
    unsafe {
        core::ptr::copy_nonoverlapping(text.as_ptr().cast::<c_char>(), buf, len);
        buf.add(len).write(0);
    }
}
