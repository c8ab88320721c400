//! Why a shared-heap operation on an instance was refused.

use chain::{ChainError, FreeError};

/// The typed reason behind an [`Error`](crate::Error) of kind
/// [`ErrorKind::SharedHeap`](crate::ErrorKind::SharedHeap); get it back with
/// [`Error::shared_heap_error`](crate::Error::shared_heap_error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SharedHeapError {
    /// The instance has no memory 0, so there is no address space to put a chain in.
    #[error(
        "this instance has no linear memory, so a shared heap cannot be attached to it: give the module a memory (or import one)"
    )]
    NoMemory,
    /// The instance already has a chain attached.
    #[error(
        "this instance already has a shared-heap chain attached: detach it first (an instance holds one chain at a time)"
    )]
    AlreadyAttached,
    /// Linear memory already reaches into the addresses the chain would occupy.
    #[error(
        "the instance's linear memory is {linear_bytes} bytes, more than the chain's start address {chain_start:#x}: use a smaller chain or a module with less initial memory"
    )]
    LinearMemoryOverlapsChain {
        /// The current size of linear memory in bytes.
        linear_bytes: u64,
        /// The app address where the chain would begin.
        chain_start: u64,
    },
    /// Memory 0 is a shared memory whose maximum reaches into the addresses the chain would
    /// occupy: another store could grow it there.
    #[error(
        "the instance's memory is a shared memory that may grow to {maximum_bytes} bytes, past the chain's start address {chain_start:#x}, and other stores may grow it: declare a smaller maximum or use a smaller chain"
    )]
    SharedMemoryMayReachChain {
        /// The shared memory's maximum size in bytes.
        maximum_bytes: u64,
        /// The app address where the chain would begin.
        chain_start: u64,
    },
    /// The chain does not fit the instance's address space.
    #[error(transparent)]
    Layout(#[from] ChainError),
    /// Wasm code of this store is running (attach was called from a host function).
    #[error(
        "a shared heap cannot be attached while wasm code of this store is running: attach before calling into the instance"
    )]
    WasmRunning,
    /// The operation needs a chain, and the instance has none attached.
    #[error("this instance has no shared-heap chain attached: attach one first")]
    NotAttached,
    /// `free` named something that is not a live block; nothing changed.
    #[error(transparent)]
    Free(#[from] FreeError),
    /// A host read or write named bytes that are neither all in linear memory nor all in one
    /// shared heap.
    #[error(
        "the {len} bytes at app address {addr:#x} are not all inside linear memory or all inside one shared heap of this instance"
    )]
    OutOfBounds {
        /// The first app address of the range.
        addr: u64,
        /// The range's length in bytes.
        len: u64,
    },
    /// No NUL byte ends the string before the end of the region holding its first byte.
    #[error(
        "no NUL-terminated string starts at app address {addr:#x}: the address is out of bounds or no NUL comes before the end of its region"
    )]
    NotACString {
        /// The app address of the string's first byte.
        addr: u64,
    },
}
