//! `libshheap`: WAMR's C embedding API (`wasm_export.h`) over the shheap interpreter, so a C
//! or C++ program that embeds WAMR with shared heaps switches by recompiling against
//! `capi/include/wasm_export.h` and linking `libshheap.a` or `libshheap.so`.
//!
//! The functions keep WAMR's names, types, signatures and results (NULL, 0 or `false` on
//! refusal). What this library adds:
//!
//! - `shheap_last_error()`: a sentence saying why the last refused call on this thread was
//!   refused.
//! - No input crashes it: every handle (module, instance, exec env, function, shared heap)
//!   is an index into a table with a generation, so a null, stale (destroyed twice) or made-up
//!   handle is refused with a reason, never dereferenced; every entry point catches panics.
//! - WAMR's run-time rules for heaps (a heap may not be chained, unchained or reset while an
//!   instance has it attached; at most one managed heap per chain; a heap is the body of at
//!   most one chain) are checked here, because C handles cannot carry the Rust API's
//!   ownership (chain typestate and [`interp::chain::SharedChain`]).
//!
//! `docs/from-wamr.md` maps every WAMR function to this library and to the Rust API, with
//! every difference in behaviour.
#![deny(missing_docs)]

#[cfg(not(all(target_pointer_width = "64", target_endian = "little")))]
compile_error!("libshheap supports 64-bit little-endian targets only (handles are 64-bit values)");

mod address;
mod boundary;
mod call;
mod context;
mod error;
mod exception;
mod ffi_types;
mod handle;
mod heaps;
mod instance;
mod invoke;
mod module;
mod natives;
mod runtime;
mod signature;

pub use address::*;
pub use call::*;
pub use error::shheap_last_error;
pub use exception::*;
pub use ffi_types::{NativeSymbol, RuntimeInitArgs, SharedHeapInitArgs, wasm_val_t};
pub use heaps::*;
pub use instance::*;
pub use module::*;
pub use natives::wasm_runtime_register_natives;
pub use runtime::*;
