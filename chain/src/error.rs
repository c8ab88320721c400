//! Why building a chain, placing it in an address space, or freeing from it failed.

/// Why a chain could not be built or laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The chain was given no heaps.
    #[error(
        "a chain needs at least one heap: add a managed or pre-allocated heap before building it"
    )]
    Empty,
    /// A second managed heap was given; a chain holds at most one.
    #[error(
        "a chain holds at most one managed heap, but member {position} (counting the head as 0) is a second one: make it a pre-allocated heap or put it in another chain"
    )]
    SecondManagedHeap {
        /// The position the second managed heap would have had, head = 0.
        position: usize,
    },
    /// The members' sizes add up to more than a 64-bit address space holds.
    #[error(
        "the chain's heaps add up to more bytes than a 64-bit address space holds: use fewer or smaller heaps"
    )]
    TotalTooLarge,
    /// The chain is too large to sit below 2^32 next to one 64 KiB wasm page.
    #[error(
        "the chain's {total} bytes do not fit below 2^32 together with one 64 KiB wasm page: shrink it to at most {max} bytes or attach it to a memory64 instance",
        max = crate::MAX_MEMORY32_CHAIN
    )]
    TooLargeForMemory32 {
        /// The chain's total size in bytes.
        total: u64,
    },
}

/// Why `free` on a chain changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FreeError {
    /// The chain has no managed heap, so nothing in it was ever allocated.
    #[error("this chain has no managed heap, so address {addr:#x} cannot be a block to free")]
    NoManagedHeap {
        /// The app address that was given.
        addr: u64,
    },
    /// The address does not lie inside the chain's managed heap.
    #[error(
        "address {addr:#x} is not inside the chain's managed heap (it is in a pre-allocated heap, linear memory, or nowhere): only blocks from malloc can be freed; nothing was freed"
    )]
    NotInManagedHeap {
        /// The app address that was given.
        addr: u64,
    },
    /// The address is inside the managed heap but is not the start of a live block.
    #[error(
        "address {addr:#x} is not the start of a live block (never allocated, already freed, or inside a block); nothing was freed"
    )]
    NotALiveBlock {
        /// The app address that was given.
        addr: u64,
    },
    /// The chain does not fit the address space the address was given in.
    #[error(transparent)]
    Layout(#[from] ChainError),
}
