//! The C structs of `wasm_export.h`, laid out exactly as the header declares them.

use std::ffi::{c_char, c_void};

/// Arguments of `wasm_runtime_create_shared_heap`: `size` bytes, allocated and managed by
/// the runtime when `pre_allocated_addr` is NULL, else the caller's buffer at that address.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct SharedHeapInitArgs {
    /// The heap's size in bytes.
    pub size: u32,
    /// The caller's buffer for a pre-allocated heap, or NULL for a managed heap.
    pub pre_allocated_addr: *mut c_void,
}

/// A native function for `wasm_runtime_register_natives`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct NativeSymbol {
    /// The import's field name.
    pub symbol: *const c_char,
    /// The C function; its first parameter is the `wasm_exec_env_t`.
    pub func_ptr: *mut c_void,
    /// The signature string, e.g. `"(i*~)i"`, or NULL to take the module's declared type.
    pub signature: *const c_char,
    /// Kept for source compatibility; not used by this library.
    pub attachment: *mut c_void,
}

/// Arguments of `wasm_runtime_full_init`, with WAMR's fields. This library reads
/// `native_module_name`, `native_symbols` and `n_native_symbols`; the allocator, thread,
/// debug, JIT and GC settings are accepted and ignored (see docs/from-wamr.md).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct RuntimeInitArgs {
    /// `mem_alloc_type_t`: ignored (the system allocator is always used).
    pub mem_alloc_type: u32,
    /// `MemAllocOption` (a union of 32 bytes): ignored.
    pub mem_alloc_option: [*mut c_void; 4],
    /// The module name of `native_symbols`.
    pub native_module_name: *const c_char,
    /// Natives to register, as `wasm_runtime_register_natives` would.
    pub native_symbols: *mut NativeSymbol,
    /// How many natives `native_symbols` holds.
    pub n_native_symbols: u32,
    /// Ignored.
    pub max_thread_num: u32,
    /// Ignored.
    pub ip_addr: [c_char; 128],
    /// Ignored.
    pub unused: i32,
    /// Ignored.
    pub instance_port: i32,
    /// Ignored.
    pub fast_jit_code_cache_size: u32,
    /// Ignored.
    pub gc_heap_size: u32,
    /// `RunningMode`: 0 or `Mode_Interp`; other modes are refused.
    pub running_mode: u32,
    /// Ignored.
    pub llvm_jit_opt_level: u32,
    /// Ignored.
    pub llvm_jit_size_level: u32,
    /// Ignored.
    pub segue_flags: u32,
    /// Ignored.
    pub enable_linux_perf: bool,
}

/// A wasm value for `wasm_runtime_call_wasm_a`: a kind (`WASM_I32` .. `WASM_F64`) and
/// 8 bytes holding the value (in the low bytes for 32-bit kinds).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(non_camel_case_types)] // WAMR's name.
pub struct wasm_val_t {
    /// `WASM_I32` (0), `WASM_I64` (1), `WASM_F32` (2) or `WASM_F64` (3).
    pub kind: u8,
    /// Padding, as in WAMR.
    pub _paddings: [u8; 7],
    /// The value's bytes (the union `of` in C).
    pub of: u64,
}

/// `WASM_I32` etc.
pub(crate) const WASM_I32: u8 = 0;
pub(crate) const WASM_I64: u8 = 1;
pub(crate) const WASM_F32: u8 = 2;
pub(crate) const WASM_F64: u8 = 3;

/// `Mode_Interp`.
pub(crate) const MODE_INTERP: u32 = 1;
