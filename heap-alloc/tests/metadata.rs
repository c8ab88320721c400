//! The host memory an allocator's metadata costs is bounded: filling a heap with small blocks
//! costs at most 16 bytes of resident memory per live block (the issue measured 80 bytes per
//! block, without bound, with a map of live blocks). One test in this binary, so that no other
//! test's allocations blur the measurement.
#![cfg(all(target_os = "linux", any(feature = "linked-list", feature = "buddy")))]

use heap_core::ManagedBackend;

const HEAP: usize = 16 << 20;
const BLOCK: usize = 64;
const MAX_BYTES_PER_BLOCK: usize = 16;

/// Resident bytes of this process, from the second field of `/proc/self/statm`.
fn resident_bytes() -> usize {
    let statm =
        std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm is readable on Linux");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .expect("statm's second field is the resident page count");
    pages * 4096
}

/// Fills a fresh heap with 64-byte blocks; returns the resident growth per block.
fn metadata_per_block<H: ManagedBackend>(heap: H, offsets: &mut Vec<usize>) -> usize {
    offsets.clear();
    let before = resident_bytes();
    while let Ok(offset) = heap.alloc(BLOCK, 16) {
        offsets.push(offset);
    }
    assert_eq!(offsets.len(), HEAP / BLOCK, "the heap fills up completely");
    assert_eq!(heap.stats().live_blocks, offsets.len());
    resident_bytes().saturating_sub(before) / offsets.len()
}

#[test]
fn a_heap_full_of_small_blocks_costs_at_most_16_bytes_of_metadata_per_block() {
    // The list of offsets is committed up front, so that it is not counted.
    let mut offsets = vec![usize::MAX; HEAP / BLOCK];
    #[cfg(feature = "linked-list")]
    {
        let heap = heap_alloc::LinkedListHeap::new(HEAP).expect("heap");
        let per_block = metadata_per_block(heap, &mut offsets);
        assert!(
            per_block <= MAX_BYTES_PER_BLOCK,
            "linked list: {per_block} bytes per block"
        );
    }
    #[cfg(feature = "buddy")]
    {
        let heap = heap_alloc::BuddyHeap::new(HEAP).expect("heap");
        let per_block = metadata_per_block(heap, &mut offsets);
        assert!(
            per_block <= MAX_BYTES_PER_BLOCK,
            "buddy: {per_block} bytes per block"
        );
    }
}
