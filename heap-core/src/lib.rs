//! The contract between shared-heap backends and the code that chains them.
//!
//! A *shared heap* is one contiguous region of host memory that wasm code addresses
//! directly (see `SHARED_HEAP.md` in the project). This crate defines what every backend
//! offers, and nothing about wasm, chains or threads:
//!
//! - [`HeapBackend`]: a region (base pointer and size) that can be reset. Its associated
//!   [`HeapBackend::Kind`] is [`Managed`] or [`PreAllocated`], so code that composes heaps
//!   can count managed heaps in the type system (a chain holds at most one).
//! - [`ManagedBackend`]: a backend that runs an allocator over its region: `alloc`, `free`
//!   and [`HeapStats`]. Offsets, not pointers, cross this API, so a caller can never hand the
//!   allocator a pointer outside the region.
//! - [`HeapSize`]: a size validated against the [`GRANULARITY`] of 4096 bytes, and the
//!   errors ([`HeapError`], [`AllocError`], [`FreeError`]) with messages a user can act on.
//!
//! ```
//! use heap_core::{HeapSize, GRANULARITY};
//!
//! // Managed sizes round up to the granularity; pre-allocated sizes must already be a multiple.
//! assert_eq!(HeapSize::round_up(5000).unwrap().get(), 2 * GRANULARITY);
//! assert!(HeapSize::exact(5000).is_err());
//! assert!(HeapSize::exact(0).is_err());
//! ```
#![no_std]
#![deny(missing_docs)]

mod backend;
mod error;
mod size;
mod stats;

pub use backend::{HeapBackend, HeapKind, Managed, ManagedBackend, PreAllocated};
pub use error::{AllocError, FreeError, HeapError};
pub use size::{GRANULARITY, HeapSize};
pub use stats::HeapStats;
