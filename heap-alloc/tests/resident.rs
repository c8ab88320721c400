//! A 1 GiB managed heap must not cost 1 GiB of resident memory: its region and its shadow are
//! committed only where touched, and reset hands pages back instead of writing zeros.
#![cfg(all(target_os = "linux", any(feature = "linked-list", feature = "buddy")))]

mod common;

use common::{MakeHeap, per_backend, resident_bytes};
use heap_core::ManagedBackend;

const GIB: usize = 1 << 30;
/// Generous: the heap's own bookkeeping plus the test harness's noise.
const ALLOWED_GROWTH: usize = 48 << 20;

fn a_one_gib_heap_is_committed_lazily<H: ManagedBackend>(make: MakeHeap<H>) {
    let before = resident_bytes();
    let mut heap = make(GIB).expect("1 GiB of address space");
    let small: Vec<usize> = (0..100)
        .map(|i| heap.alloc(64 + i, 16).expect("small block"))
        .collect();
    let big = heap.alloc(GIB / 4, 4096).expect("a quarter of the heap");
    // Touch both ends of the big block and a byte of every small one.
    common::fill(&heap, big, 1, 1);
    common::fill(&heap, big + GIB / 4 - 1, 1, 1);
    for &offset in &small {
        common::fill(&heap, offset, 1, 7);
    }
    let stats = heap.stats();
    assert_eq!(stats.total_bytes, GIB);
    assert_eq!(stats.live_blocks, 101);
    for offset in small {
        assert_eq!(heap.free(offset), Ok(()));
    }
    heap.reset();
    assert_eq!(common::read(&heap, big), 0, "reset zeroes the region");
    assert_eq!(heap.stats().largest_free_block, GIB);
    let grown = resident_bytes().saturating_sub(before);
    assert!(
        grown < ALLOWED_GROWTH,
        "a 1 GiB heap made the process {grown} bytes bigger"
    );
}
per_backend!(a_one_gib_heap_is_committed_lazily);
