//! The backend traits and the kind markers that tell managed heaps from pre-allocated ones.

use core::ptr::NonNull;

use crate::{AllocError, FreeError, HeapStats};

/// Marks a heap's kind at the type level; implemented only by [`Managed`] and [`PreAllocated`].
pub trait HeapKind: sealed::Sealed + Send + Sync + 'static {
    /// `true` for [`Managed`]: the backend runs an allocator over its region.
    const IS_MANAGED: bool;
    /// A short lower-case name for layouts and messages: `"managed"` or `"pre-allocated"`.
    const NAME: &'static str;
}

/// The kind of a heap whose region the runtime allocates and runs an allocator over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Managed {}

/// The kind of a heap made from a region the user owns; no allocator runs over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreAllocated {}

impl HeapKind for Managed {
    const IS_MANAGED: bool = true;
    const NAME: &'static str = "managed";
}

impl HeapKind for PreAllocated {
    const IS_MANAGED: bool = false;
    const NAME: &'static str = "pre-allocated";
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Managed {}
    impl Sealed for super::PreAllocated {}
}

/// A region of host memory that wasm code may address directly.
///
/// Every byte of `[base, base + size)` is readable and writable by wasm code at any time, so
/// implementations keep nothing they rely on inside it. Bytes in the region may be written
/// concurrently by several threads' wasm code: never form `&[u8]` over them, use raw-pointer
/// reads and writes.
pub trait HeapBackend: Send + Sync {
    /// [`Managed`] or [`PreAllocated`].
    type Kind: HeapKind;

    /// The first byte of the region. Stable for the backend's whole life.
    fn base(&self) -> NonNull<u8>;

    /// The region's size in bytes: a non-zero multiple of [`crate::GRANULARITY`].
    fn size(&self) -> usize;

    /// Returns the heap to its initial state: every byte zero and, for a managed heap, every
    /// block freed. Needs exclusive access, so no wasm code can be using the region meanwhile.
    fn reset(&mut self);
}

/// A heap that runs an allocator over its region. Thread-safe: `alloc` and `free` take
/// `&self` and lock internally, so instances on several threads can share one heap.
///
/// Blocks are named by their offset from [`HeapBackend::base`]. The allocator's metadata
/// (free lists, the table of live blocks) is kept outside the region, so whatever wasm code
/// writes into the region cannot make `alloc` return a block outside it.
pub trait ManagedBackend: HeapBackend<Kind = Managed> {
    /// Allocates `size` bytes aligned to `align` (a power of two) and returns the block's
    /// offset in the region. A request of 0 bytes is served as a request of 1 byte, so every
    /// successful call yields a distinct live block.
    fn alloc(&self, size: usize, align: usize) -> Result<usize, AllocError>;

    /// Frees the live block that starts at `offset`. Any other offset (never allocated,
    /// already freed, inside a block, outside the region) changes nothing, is counted in
    /// [`HeapStats::invalid_frees`], and returns an error.
    fn free(&self, offset: usize) -> Result<(), FreeError>;

    /// The allocator's statistics at this moment.
    fn stats(&self) -> HeapStats;
}
