//! The engine's integration tests, one module per subject, built as one test binary.
//!
//! One binary instead of one per file: every test binary links the optimized engine and
//! instantiates its generic code anew, so `cargo xtask test`, which builds the tests in three
//! configurations, spent most of its time compiling and linking the same code two dozen
//! times over. The spec suite (`tests/spec.rs`) stays a binary of its own: it has its own
//! harness and its own environment settings.
//!
//! Run one subject with a filter on its module, e.g.
//! `cargo test --release -p shheap-interp --test all stress_shared_heap::`.

mod export_call;
#[cfg(feature = "shared-heap")]
mod shared_heap_common;
mod simd_common;

mod atomics;
mod calls;
mod checked_pointer_args;
mod compilation_mode;
mod fuel;
mod hostile_apps;
mod interrupt;
mod regressions;
mod robustness;
mod shared_heap_access;
mod shared_heap_alloc;
mod shared_heap_attach;
mod shared_heap_bulk;
mod shared_heap_read_only;
mod shared_heap_simd;
mod shared_heap_threads;
mod shared_memory;
mod simd_mul_add;
mod simd_other_memories;
mod stress_shared_heap;
mod typed_call_alloc;
mod typed_func_imports;
mod wasm3_features;
