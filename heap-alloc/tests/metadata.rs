//! The host memory an allocator's metadata costs is bounded: filling a heap with small blocks
//! costs at most 16 bytes of resident memory per live block (the issue measured 80 bytes per
//! block, without bound, with a map of live blocks). One test in this binary, so that no other
//! test's allocations blur the measurement.
#![cfg(all(target_os = "linux", any(feature = "linked-list", feature = "buddy")))]

mod common;

use common::resident_bytes;
use heap_core::ManagedBackend;

const HEAP: usize = 16 << 20;
const BLOCK: usize = 64;
const MAX_BYTES_PER_BLOCK: usize = 16;

/// Fills a fresh heap with 64-byte blocks and checks the resident growth per block.
fn check_metadata_per_block<H: ManagedBackend>(name: &str, heap: H, offsets: &mut Vec<usize>) {
    offsets.clear();
    let before = resident_bytes();
    while let Ok(offset) = heap.alloc(BLOCK, 16) {
        offsets.push(offset);
    }
    assert_eq!(offsets.len(), HEAP / BLOCK, "the heap fills up completely");
    assert_eq!(heap.stats().live_blocks, offsets.len());
    let per_block = resident_bytes().saturating_sub(before) / offsets.len();
    assert!(
        per_block <= MAX_BYTES_PER_BLOCK,
        "{name}: {per_block} bytes per block"
    );
}

#[test]
fn a_heap_full_of_small_blocks_costs_at_most_16_bytes_of_metadata_per_block() {
    // The list of offsets is committed up front, so that it is not counted.
    let mut offsets = vec![usize::MAX; HEAP / BLOCK];
    #[cfg(feature = "linked-list")]
    check_metadata_per_block(
        "linked list",
        heap_alloc::LinkedListHeap::new(HEAP).expect("heap"),
        &mut offsets,
    );
    #[cfg(feature = "buddy")]
    check_metadata_per_block(
        "buddy",
        heap_alloc::BuddyHeap::new(HEAP).expect("heap"),
        &mut offsets,
    );
}
