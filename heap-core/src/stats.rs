//! Statistics a managed heap reports.

/// A snapshot of a managed heap's allocator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeapStats {
    /// The region's size in bytes.
    pub total_bytes: usize,
    /// Bytes the allocator has handed out and not had back (block sizes as the allocator
    /// rounds them, so this may exceed the sum of the sizes asked for).
    pub bytes_in_use: usize,
    /// Bytes not in use: `total_bytes - bytes_in_use`.
    pub free_bytes: usize,
    /// Blocks allocated and not yet freed.
    pub live_blocks: usize,
    /// The largest block that one `alloc` could return right now, with the smallest alignment.
    pub largest_free_block: usize,
    /// Calls to `free` that named no live block, since creation or the last reset.
    pub invalid_frees: u64,
}
