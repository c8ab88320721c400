//! The FFI boundary: every exported function runs its body here, so a panic never unwinds
//! into C and every refusal is recorded for `shheap_last_error()`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{CapiError, set_last_error};

/// Runs `body`; on refusal or panic records the reason and returns `refused`.
pub(crate) fn guard<R>(refused: R, body: impl FnOnce() -> Result<R, CapiError>) -> R {
    // The library's state lives behind mutexes that recover from poisoning, and handles are
    // checked on every use, so state left by a caught panic cannot cause undefined behaviour.
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            set_last_error(&error);
            refused
        }
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            set_last_error(&CapiError::Panic(text));
            refused
        }
    }
}
