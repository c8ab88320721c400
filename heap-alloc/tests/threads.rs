//! Four threads allocate, write, verify and free concurrently on one managed heap.
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
    let stats = heap.stats();
    assert_eq!(
        (stats.live_blocks, stats.bytes_in_use, stats.invalid_frees),
        (0, 0, 0)
    );
    assert_eq!(stats.largest_free_block, 1 << 20);
}
per_backend!(four_threads_alloc_write_verify_free);
