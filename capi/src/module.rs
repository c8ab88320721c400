//! `wasm_runtime_load` and `wasm_runtime_unload`.

use std::ffi::{c_char, c_void};

use interp::Module;

use crate::boundary::guard;
use crate::error::{CapiError, write_error_buf};
use crate::runtime::{bad_handle, non_null, with_runtime};

/// Decodes and validates the wasm binary of `size` bytes at `buf` (copied: the buffer may
/// be freed after the call). NULL on refusal, with the reason in `error_buf` (when not
/// NULL) and in `shheap_last_error()`.
///
/// # Safety
/// `buf` must be NULL or readable for `size` bytes; `error_buf` NULL or writable for
/// `error_buf_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_load(
    buf: *mut u8,
    size: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut c_void {
    let mut reason = None;
    let module = guard(core::ptr::null_mut(), || {
        let result = (|| {
            non_null(buf, "buf")?;
            let engine = with_runtime(|runtime| Ok(runtime.engine.clone()))?;
            // SAFETY: non-null and readable for `size` bytes by the caller's contract; the
            // bytes are only read, and copied by the decoder before this call returns.
            let bytes = unsafe { core::slice::from_raw_parts(buf, size as usize) };
            let module = Module::new(&engine, bytes)?;
            with_runtime(|runtime| {
                let handle = runtime
                    .modules
                    .insert(module)
                    .ok_or_else(|| CapiError::refused("too many modules are loaded"))?;
                Ok(handle as *mut c_void)
            })
        })();
        if let Err(error) = &result {
            reason = Some(error.to_string());
        }
        result
    });
    if let Some(reason) = reason {
        // SAFETY: the caller's contract for `error_buf`.
        unsafe { write_error_buf(error_buf, error_buf_size, &reason) };
    }
    module
}

/// Unloads a module. Instances made from it keep working until deinstantiated. A NULL or
/// bad handle (e.g. unloaded twice) is ignored, with the reason kept for
/// `shheap_last_error()`.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_unload(module: *mut c_void) {
    guard((), || {
        non_null(module, "module")?;
        with_runtime(|runtime| {
            runtime
                .modules
                .remove(module.addr())
                .map(drop)
                .ok_or_else(|| bad_handle(&runtime.modules, "module"))
        })
    })
}
