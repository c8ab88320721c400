//! Every constructor and every error path of the managed backends, with known answers.
#![cfg(any(feature = "linked-list", feature = "buddy"))]

mod common;

use common::{MakeHeap, per_backend};
use heap_core::{AllocError, FreeError, HeapError, ManagedBackend};

fn sizes_round_up_to_the_granularity<H: ManagedBackend>(make: MakeHeap<H>) {
    for (asked, got) in [(1, 4096), (4096, 4096), (4097, 8192), (10_000, 12_288)] {
        let heap = make(asked).expect("a small heap can be created");
        assert_eq!(heap.size(), got);
        assert_eq!(heap.stats().total_bytes, got);
        assert_eq!(heap.base().as_ptr().addr() % 4096, 0);
    }
}
per_backend!(sizes_round_up_to_the_granularity);

fn impossible_sizes_are_refused<H: ManagedBackend>(make: MakeHeap<H>) {
    assert_eq!(make(0).err(), Some(HeapError::ZeroSize));
    assert_eq!(
        make(usize::MAX).err(),
        Some(HeapError::TooLarge { size: usize::MAX })
    );
    let beyond_isize = isize::MAX as usize;
    assert!(matches!(
        make(beyond_isize).err(),
        Some(HeapError::TooLarge { .. })
    ));
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    {
        // 4 EiB: far beyond any Linux user address space, so the mapping itself fails.
        let huge = 1usize << 62;
        assert_eq!(
            make(huge).err(),
            Some(HeapError::OutOfHostMemory { size: huge })
        );
    }
}
per_backend!(impossible_sizes_are_refused);

fn a_new_heap_reads_as_zeros_and_is_all_free<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(16384).expect("heap");
    assert!((0..heap.size()).all(|i| common::read(&heap, i) == 0));
    let stats = heap.stats();
    assert_eq!(
        (
            stats.bytes_in_use,
            stats.free_bytes,
            stats.live_blocks,
            stats.largest_free_block,
            stats.invalid_frees
        ),
        (0, 16384, 0, 16384, 0)
    );
}
per_backend!(a_new_heap_reads_as_zeros_and_is_all_free);

fn bad_alignments_are_refused_and_change_nothing<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(4096).expect("heap");
    for align in [0, 3, 6, 4095, usize::MAX] {
        assert_eq!(
            heap.alloc(16, align),
            Err(AllocError::BadAlignment { align })
        );
    }
    assert_eq!(heap.stats().live_blocks, 0);
    assert_eq!(heap.stats().bytes_in_use, 0);
}
per_backend!(bad_alignments_are_refused_and_change_nothing);

fn requests_larger_than_free_space_are_out_of_space<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(8192).expect("heap");
    assert_eq!(
        heap.alloc(8193, 1),
        Err(AllocError::OutOfSpace { size: 8193 })
    );
    assert_eq!(
        heap.alloc(usize::MAX, 1),
        Err(AllocError::OutOfSpace { size: usize::MAX })
    );
    let whole = heap
        .alloc(8192, 1)
        .expect("the whole heap is one free block");
    assert_eq!(whole, 0);
    assert_eq!(heap.alloc(1, 1), Err(AllocError::OutOfSpace { size: 1 }));
    assert_eq!(heap.stats().largest_free_block, 0);
    assert_eq!(heap.free(whole), Ok(()));
    assert_eq!(heap.stats().largest_free_block, 8192);
}
per_backend!(requests_larger_than_free_space_are_out_of_space);

fn zero_byte_requests_get_distinct_live_blocks<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(4096).expect("heap");
    let first = heap.alloc(0, 1).expect("served as 1 byte");
    let second = heap.alloc(0, 1).expect("served as 1 byte");
    assert_ne!(first, second);
    assert_eq!(heap.stats().live_blocks, 2);
    assert!(heap.stats().bytes_in_use >= 2);
    assert_eq!(heap.free(first), Ok(()));
    assert_eq!(heap.free(second), Ok(()));
}
per_backend!(zero_byte_requests_get_distinct_live_blocks);

fn alignments_beyond_the_heap_are_served_at_offset_zero<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(12_288).expect("heap");
    assert_eq!(heap.alloc(64, 1 << 20), Ok(0));
    assert_eq!(
        heap.alloc(64, 1 << 20),
        Err(AllocError::OutOfSpace { size: 64 })
    );
    let page = heap
        .alloc(64, 4096)
        .expect("a page-aligned block fits after offset 0");
    assert_eq!(page % 4096, 0);
    assert_ne!(page, 0);
}
per_backend!(alignments_beyond_the_heap_are_served_at_offset_zero);

fn frees_of_non_live_offsets_change_nothing_and_are_counted<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(8192).expect("heap");
    let block = heap.alloc(100, 8).expect("alloc");
    let before = heap.stats();
    let bogus = [
        block + 1,
        block + 50,
        8192,
        8192 + 16,
        usize::MAX,
        if block == 0 { 4096 } else { 0 },
    ];
    for (count, offset) in bogus.into_iter().enumerate() {
        assert_eq!(heap.free(offset), Err(FreeError::NotALiveBlock { offset }));
        let after = heap.stats();
        assert_eq!(after.invalid_frees, count as u64 + 1);
        assert_eq!(
            (after.live_blocks, after.bytes_in_use),
            (before.live_blocks, before.bytes_in_use)
        );
    }
    assert_eq!(heap.free(block), Ok(()));
    assert_eq!(
        heap.free(block),
        Err(FreeError::NotALiveBlock { offset: block }),
        "double free"
    );
    assert_eq!(heap.stats().invalid_frees, bogus.len() as u64 + 1);
    let message = FreeError::NotALiveBlock { offset: block }.to_string();
    assert!(
        message.contains("not the start of a live block"),
        "{message}"
    );
}
per_backend!(frees_of_non_live_offsets_change_nothing_and_are_counted);

fn reset_frees_everything_zeroes_and_clears_counters<H: ManagedBackend>(make: MakeHeap<H>) {
    let mut heap = make(16384).expect("heap");
    let blocks: Vec<usize> = (0..5)
        .map(|_| heap.alloc(700, 16).expect("alloc"))
        .collect();
    common::fill(&heap, 0, heap.size(), 0x5C);
    assert!(heap.free(blocks[0] + 1).is_err());
    heap.reset();
    let stats = heap.stats();
    assert_eq!(
        (
            stats.bytes_in_use,
            stats.live_blocks,
            stats.invalid_frees,
            stats.largest_free_block
        ),
        (0, 0, 0, 16384)
    );
    assert!((0..heap.size()).all(|i| common::read(&heap, i) == 0));
    for offset in blocks {
        assert_eq!(
            heap.free(offset),
            Err(FreeError::NotALiveBlock { offset }),
            "freed by reset"
        );
    }
    assert_eq!(heap.alloc(16384, 1), Ok(0));
}
per_backend!(reset_frees_everything_zeroes_and_clears_counters);

#[cfg(feature = "buddy")]
#[test]
fn buddy_largest_free_block_of_an_uneven_heap_is_its_largest_power_of_two() {
    let heap = heap_alloc::BuddyHeap::new(12_288).expect("heap");
    assert_eq!(heap.stats().largest_free_block, 8192);
    let first = heap.alloc(8192, 1).expect("the 8 KiB buddy block");
    assert_eq!(heap.stats().largest_free_block, 4096);
    assert_eq!(heap.alloc(100, 1).map(|offset| offset >= 8192), Ok(true));
    assert_eq!(heap.free(first), Ok(()));
}

#[cfg(feature = "linked-list")]
#[test]
fn linked_list_largest_free_block_is_the_largest_gap() {
    // Blocks above 4 KiB go to the first-fit list directly, back to back.
    let heap = heap_alloc::LinkedListHeap::new(65_536).expect("heap");
    let a = heap.alloc(5000, 8).expect("a");
    let b = heap.alloc(20_000, 8).expect("b");
    let c = heap.alloc(5000, 8).expect("c");
    // Sizes round up to 16 bytes: 5000 takes 5008.
    assert_eq!((a, b, c), (0, 5008, 25_008));
    assert_eq!(heap.stats().largest_free_block, 65_536 - 30_016);
    assert_eq!(heap.free(b), Ok(()));
    assert_eq!(heap.stats().largest_free_block, 65_536 - 30_016);
    assert_eq!(heap.free(c), Ok(()));
    assert_eq!(heap.stats().largest_free_block, 65_536 - 5008);
}

#[cfg(all(feature = "linked-list", not(feature = "buddy")))]
#[test]
fn the_default_managed_heap_is_the_linked_list_one() {
    let heap: heap_alloc::LinkedListHeap = heap_alloc::DefaultManagedHeap::new(4096).expect("heap");
    assert_eq!(heap_core::HeapBackend::size(&heap), 4096);
}

#[cfg(all(feature = "buddy", not(feature = "linked-list")))]
#[test]
fn the_default_managed_heap_is_the_buddy_one() {
    let heap: heap_alloc::BuddyHeap = heap_alloc::DefaultManagedHeap::new(4096).expect("heap");
    assert_eq!(heap_core::HeapBackend::size(&heap), 4096);
}

#[test]
fn managed_heaps_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    #[cfg(feature = "linked-list")]
    assert_send_sync::<heap_alloc::LinkedListHeap>();
    #[cfg(feature = "buddy")]
    assert_send_sync::<heap_alloc::BuddyHeap>();
}
