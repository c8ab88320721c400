//! Address checks and conversions over linear memory and the attached chain: a range is
//! valid when it lies entirely inside linear memory or entirely inside one heap.

use std::ffi::{CString, c_void};

use crate::boundary::guard;
use crate::context::with_instance;
use crate::error::CapiError;
use crate::runtime::non_null;

const OUT_OF_BOUNDS: &str = "out of bounds memory access";

/// Refuses with WAMR's exception for a bad address, which (from a native) makes the call trap.
fn out_of_bounds(store: &mut interp::Store<crate::runtime::HostData>, what: String) -> CapiError {
    store.data_mut().exception = CString::new(format!("Exception: {OUT_OF_BOUNDS}")).ok();
    CapiError::refused(format!("{what}: {OUT_OF_BOUNDS}"))
}

/// Whether the `size` bytes at app address `app_offset` lie inside linear memory or inside
/// one heap of the attached chain. When not, false, and the instance's exception becomes
/// "out of bounds memory access" (from a native: the call traps when it returns).
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_validate_app_addr(
    module_inst: *mut c_void,
    app_offset: u64,
    size: u64,
) -> bool {
    guard(false, || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, instance| {
            if instance.validate_app_range(store, app_offset, size) {
                Ok(true)
            } else {
                Err(out_of_bounds(
                    store,
                    format!(
                        "the {size} bytes at app address {app_offset:#x} are not all in linear memory or one shared heap"
                    ),
                ))
            }
        })
    })
}

/// Whether a NUL-terminated string starts at `app_str_offset`, its NUL before the end of
/// the region (linear memory or one heap) holding it. When not, false and the exception as
/// for `wasm_runtime_validate_app_addr`.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_validate_app_str_addr(
    module_inst: *mut c_void,
    app_str_offset: u64,
) -> bool {
    guard(false, || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, instance| {
            match instance.validate_app_c_str(store, app_str_offset) {
                Ok(_) => Ok(true),
                Err(e) => Err(out_of_bounds(store, e.to_string())),
            }
        })
    })
}

/// Whether the `size` bytes at native address `native_ptr` lie inside the instance's linear
/// memory or inside one heap of its attached chain. When not, false and the exception as for
/// `wasm_runtime_validate_app_addr`.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_validate_native_addr(
    module_inst: *mut c_void,
    native_ptr: *mut c_void,
    size: u64,
) -> bool {
    guard(false, || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, instance| {
            let valid = instance
                .native_to_app(store, native_ptr.cast::<u8>())
                .is_some_and(|app| {
                    instance
                        .app_to_native(store, app, size)
                        .is_some_and(|p| p.as_ptr().cast::<c_void>() == native_ptr)
                });
            if valid {
                Ok(true)
            } else {
                Err(out_of_bounds(
                    store,
                    format!(
                        "the {size} bytes at native address {native_ptr:p} are not all in the instance's linear memory or one shared heap"
                    ),
                ))
            }
        })
    })
}

/// The native address of app address `app_offset` (which may be one past the end of
/// linear memory or of a heap); NULL if it lies in neither.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_addr_app_to_native(
    module_inst: *mut c_void,
    app_offset: u64,
) -> *mut c_void {
    guard(core::ptr::null_mut(), || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, instance| {
            instance
                .app_to_native(store, app_offset, 0)
                .map(|p| p.as_ptr().cast::<c_void>())
                .ok_or_else(|| {
                    CapiError::refused(format!(
                        "app address {app_offset:#x} is neither in linear memory nor in a heap of the attached chain"
                    ))
                })
        })
    })
}

/// The app address of native address `native_ptr`; 0 if it is neither in the instance's
/// linear memory nor in a heap of its attached chain.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_addr_native_to_app(
    module_inst: *mut c_void,
    native_ptr: *mut c_void,
) -> u64 {
    guard(0, || {
        let inst = non_null(module_inst, "module_inst")?;
        with_instance(inst, |store, instance| {
            instance
                .native_to_app(store, native_ptr.cast::<u8>())
                .ok_or_else(|| {
                    CapiError::refused(format!(
                        "native address {native_ptr:p} is neither in the instance's linear memory nor in a heap of its attached chain"
                    ))
                })
        })
    })
}
