//! An instance's exception: what the last call's trap (or a native) left.

use std::ffi::{CStr, CString, c_char, c_void};

use crate::boundary::guard;
use crate::context::with_instance;
use crate::error::CapiError;
use crate::runtime::non_null;

/// Sets instance `inst`'s exception to "Exception: " followed by `text`.
pub(crate) fn raise(inst: usize, text: &str) -> Result<(), CapiError> {
    let exception = CString::new(format!("Exception: {text}").replace('\0', " "))
        .unwrap_or_else(|_| c"Exception: (unprintable)".to_owned());
    with_instance(inst, |store, _| {
        store.data_mut().exception = Some(exception);
        Ok(())
    })
}

/// The instance's exception, e.g. "Exception: out of bounds memory access", or NULL when
/// there is none (or the handle is bad). The text stays valid until the exception is
/// cleared or replaced.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_get_exception(module_inst: *mut c_void) -> *const c_char {
    guard(core::ptr::null(), || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, _| {
            Ok(store
                .data()
                .exception
                .as_ref()
                .map_or(core::ptr::null(), |text| text.as_ptr()))
        })
    })
}

/// Clears the instance's exception.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_clear_exception(module_inst: *mut c_void) {
    guard((), || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, _| {
            store.data_mut().exception = None;
            Ok(())
        })
    })
}

/// Sets the instance's exception to "Exception: " followed by `exception` (NULL clears
/// it). From a native, this makes the wasm call trap with that message when the native
/// returns.
///
/// # Safety
/// `exception` must be NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_set_exception(
    module_inst: *mut c_void,
    exception: *const c_char,
) {
    guard((), || {
        let inst = non_null(module_inst, "module_inst")?;
        if exception.is_null() {
            return with_instance(inst, |store, _| {
                store.data_mut().exception = None;
                Ok(())
            });
        }
        // SAFETY: non-null and NUL-terminated by the caller's contract.
        let text = unsafe { CStr::from_ptr(exception) }.to_string_lossy();
        raise(inst, &text)
    })
}
