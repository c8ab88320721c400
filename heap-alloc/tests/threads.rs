//! Threads sharing one managed heap: concurrent alloc/write/verify/free, blocks freed on
//! another thread than their own, and racing double frees.
#![cfg(any(feature = "linked-list", feature = "buddy"))]

mod common;

use common::{MakeHeap, per_backend};
use heap_core::{HeapBackend, ManagedBackend};

const THREADS: usize = 4;
const ROUNDS: usize = 300;

/// Fills a block with a pattern only its owner writes, through raw pointers.
fn write_pattern<H: HeapBackend>(heap: &H, offset: usize, size: usize, tag: u8) {
    for i in 0..size {
        // SAFETY: `[offset, offset + size)` is a live block inside the region owned by this thread.
        unsafe { heap.base().as_ptr().add(offset + i).write(tag ^ i as u8) };
    }
}

fn pattern_intact<H: HeapBackend>(heap: &H, offset: usize, size: usize, tag: u8) -> bool {
    // SAFETY: as in `write_pattern`; only this thread writes the block.
    (0..size).all(|i| unsafe { heap.base().as_ptr().add(offset + i).read() } == tag ^ i as u8)
}

fn four_threads_alloc_write_verify_free<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(1 << 20).expect("a 1 MiB heap");
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let heap = &heap;
            scope.spawn(move || {
                let mut mine: Vec<(usize, usize, u8)> = Vec::new();
                for round in 0..ROUNDS {
                    let size = 1 + (round * 131 + thread * 17) % 1500;
                    let tag = (thread * 64 + round) as u8;
                    let offset = heap
                        .alloc(size, 8)
                        .expect("1 MiB holds every thread's blocks");
                    assert!(offset + size <= heap.size());
                    write_pattern(heap, offset, size, tag);
                    mine.push((offset, size, tag));
                    if mine.len() > 12 {
                        let (offset, size, tag) = mine.swap_remove(round % mine.len());
                        assert!(
                            pattern_intact(heap, offset, size, tag),
                            "another thread wrote into my block"
                        );
                        assert_eq!(heap.free(offset), Ok(()));
                    }
                }
                for (offset, size, tag) in mine {
                    assert!(
                        pattern_intact(heap, offset, size, tag),
                        "another thread wrote into my block"
                    );
                    assert_eq!(heap.free(offset), Ok(()));
                }
            });
        }
    });
    assert_all_free(&heap);
}
per_backend!(four_threads_alloc_write_verify_free);

/// Asserts that the 1 MiB `heap` has no live block, no invalid free, and one free block.
fn assert_all_free<H: ManagedBackend>(heap: &H) {
    let stats = heap.stats();
    assert_eq!(
        (stats.live_blocks, stats.bytes_in_use, stats.invalid_frees),
        (0, 0, 0)
    );
    assert_eq!(stats.largest_free_block, 1 << 20);
}

/// Blocks allocated on one thread and freed on another (as the shared-heap samples do) go back
/// to the heap, and the statistics summed over every thread's cache stay exact.
fn blocks_freed_on_another_thread_are_counted_and_reused<H: ManagedBackend>(make: MakeHeap<H>) {
    let heap = make(1 << 20).expect("a 1 MiB heap");
    // A bounded channel: at most 64 blocks are in flight however far the freeing thread lags
    // (an unbounded one let a slow consumer leave more in flight than the heap holds).
    let (sender, receiver) = std::sync::mpsc::sync_channel(64);
    std::thread::scope(|scope| {
        let heap = &heap;
        scope.spawn(move || {
            for round in 0..2_000usize {
                let size = 16 + round % 700;
                let offset = heap.alloc(size, 16).expect("room for the blocks in flight");
                sender.send(offset).expect("the freeing thread listens");
            }
        });
        scope.spawn(move || {
            for offset in receiver {
                assert_eq!(heap.free(offset), Ok(()));
            }
        });
    });
    let stats = heap.stats();
    assert_eq!(
        (stats.live_blocks, stats.bytes_in_use, stats.invalid_frees),
        (0, 0, 0)
    );
    assert_eq!(stats.largest_free_block, 1 << 20);
    assert_eq!(
        heap.alloc(1 << 20, 1),
        Ok(0),
        "the whole heap is free again"
    );
}
per_backend!(blocks_freed_on_another_thread_are_counted_and_reused);

/// Four threads free the same blocks at the same moment: each block is freed exactly once,
/// every other attempt is refused and counted, and nothing is handed out twice afterwards.
fn racing_double_frees_free_each_block_once<H: ManagedBackend>(make: MakeHeap<H>) {
    const BLOCKS: usize = 500;
    let heap = make(1 << 20).expect("a 1 MiB heap");
    let offsets: Vec<usize> = (0..BLOCKS)
        .map(|index| heap.alloc(16 + index % 200, 16).expect("room"))
        .collect();
    let start = std::sync::Barrier::new(THREADS);
    let freed: usize = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    offsets
                        .iter()
                        .filter(|&&offset| heap.free(offset).is_ok())
                        .count()
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|thread| thread.join().expect("no panic"))
            .sum()
    });
    assert_eq!(freed, BLOCKS);
    let stats = heap.stats();
    assert_eq!(stats.invalid_frees, ((THREADS - 1) * BLOCKS) as u64);
    assert_eq!((stats.live_blocks, stats.bytes_in_use), (0, 0));
    assert_eq!(stats.largest_free_block, 1 << 20);
    // Every block can be handed out again, once: no two new blocks overlap.
    let mut again: Vec<(usize, usize)> = (0..BLOCKS)
        .map(|index| {
            let size = 16 + index % 200;
            (heap.alloc(size, 16).expect("room"), size)
        })
        .collect();
    again.sort_unstable();
    assert!(
        again
            .windows(2)
            .all(|pair| pair[0].0 + pair[0].1 <= pair[1].0)
    );
}
per_backend!(racing_double_frees_free_each_block_once);
