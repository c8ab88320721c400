//! Errors of heap creation, allocation and freeing.

use core::fmt;

/// Why a heap could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeapError {
    /// A size of 0 bytes was asked for.
    ZeroSize,
    /// A pre-allocated region's size is not a multiple of 4096 bytes.
    NotGranular {
        /// The size that was given.
        size: usize,
    },
    /// The size cannot be represented once rounded up, or exceeds what the host can map.
    TooLarge {
        /// The size that was asked for.
        size: usize,
    },
    /// The host refused to provide memory for the region (or the allocator's shadow of it).
    OutOfHostMemory {
        /// The size that was asked for.
        size: usize,
    },
}

impl fmt::Display for HeapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroSize => {
                f.write_str("a shared heap cannot be empty: give a size of at least 4096 bytes")
            }
            Self::NotGranular { size } => write!(
                f,
                "a pre-allocated heap's size must be a multiple of 4096 bytes, but {size} is not: pad the buffer to {}",
                size.div_ceil(crate::GRANULARITY)
                    .saturating_mul(crate::GRANULARITY)
            ),
            Self::TooLarge { size } => write!(
                f,
                "a shared heap of {size} bytes is larger than this host can address"
            ),
            Self::OutOfHostMemory { size } => write!(
                f,
                "the host could not provide {size} bytes for a shared heap: ask for less or free host memory"
            ),
        }
    }
}

impl core::error::Error for HeapError {}

/// Why `alloc` returned no block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocError {
    /// The alignment is zero or not a power of two.
    BadAlignment {
        /// The alignment that was asked for.
        align: usize,
    },
    /// No free block is large enough.
    OutOfSpace {
        /// The size that was asked for.
        size: usize,
    },
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadAlignment { align } => write!(f, "alignment {align} is not a power of two"),
            Self::OutOfSpace { size } => write!(
                f,
                "the shared heap has no free block of {size} bytes: free blocks or create a larger heap"
            ),
        }
    }
}

impl core::error::Error for AllocError {}

/// Why `free` changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreeError {
    /// The offset is not the start of a live block: never allocated, already freed, inside a
    /// block, or outside the region.
    NotALiveBlock {
        /// The offset that was given.
        offset: usize,
    },
}

impl fmt::Display for FreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotALiveBlock { offset } => write!(
                f,
                "offset {offset:#x} is not the start of a live block in this heap (never allocated, already freed, or inside a block); nothing was freed"
            ),
        }
    }
}

impl core::error::Error for FreeError {}
