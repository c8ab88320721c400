//! The test: an app that writes 0xA5 over every byte of a managed heap between
//! allocations cannot break the allocator, because none of its state is in the region.
#![cfg(any(feature = "linked-list", feature = "buddy"))]

mod common;

use std::collections::BTreeMap;

use common::{MakeHeap, fill, overlaps, per_backend};
use heap_core::ManagedBackend;

const HEAP: usize = 64 * 1024;

fn scribbling_0xa5_over_the_whole_heap_between_allocations_keeps_it_working<H: ManagedBackend>(
    make: MakeHeap<H>,
) {
    let heap = make(HEAP).expect("a 64 KiB heap");
    let mut live = BTreeMap::new();
    for round in 0..400usize {
        fill(&heap, 0, HEAP, 0xA5);
        if round % 3 == 2 {
            // Free the oldest block: frees keep working over a scribbled heap.
            let oldest = *live.keys().next().expect("a block is live by round 2");
            live.remove(&oldest);
            assert_eq!(heap.free(oldest), Ok(()));
        } else {
            let size = 1 + (round * 37) % 300;
            let align = 1 << (round % 5);
            let offset = heap
                .alloc(size, align)
                .expect("a 64 KiB heap has room for these blocks");
            assert!(offset + size <= HEAP, "block outside the heap");
            assert_eq!(offset % align, 0);
            assert!(
                !overlaps(&live, offset, size),
                "block {offset:#x} overlaps a live block"
            );
            live.insert(offset, size);
        }
        fill(&heap, 0, HEAP, 0xA5);
        let stats = heap.stats();
        assert_eq!(stats.live_blocks, live.len());
        assert!(stats.bytes_in_use >= live.values().sum::<usize>());
        assert_eq!(stats.free_bytes, HEAP - stats.bytes_in_use);
        assert_eq!(stats.invalid_frees, 0);
    }
    for (offset, _) in std::mem::take(&mut live) {
        fill(&heap, 0, HEAP, 0xA5);
        assert_eq!(heap.free(offset), Ok(()));
    }
    let stats = heap.stats();
    assert_eq!(
        (
            stats.live_blocks,
            stats.bytes_in_use,
            stats.largest_free_block
        ),
        (0, 0, HEAP)
    );
    assert_eq!(
        heap.alloc(HEAP, 1),
        Ok(0),
        "the whole heap is one free block again"
    );
}
per_backend!(scribbling_0xa5_over_the_whole_heap_between_allocations_keeps_it_working);
