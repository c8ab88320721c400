//! Caches of free small blocks in front of a backend, one per *shard*, and the counters each
//! shard keeps.
//!
//! Every thread is given a number once; a heap serves it from the shard of that number. With
//! at least as many shards as running threads, each thread's shard is its own, so its lock is
//! never contended and the common `alloc`/`free` touches no shared cache line. A block freed on
//! another thread than the one that allocated it simply goes to the freeing thread's cache: a
//! cached block belongs to no thread, only to a size class. Counters are kept per shard and
//! may go negative in one shard (blocks allocated here, freed there); their sum is exact.
//!
//! Caches hold offsets in host memory only, never in the heap, so nothing an app writes can
//! reach them.

use core::cell::Cell;
use core::sync::atomic::{AtomicUsize, Ordering};

use crate::size_class::{CLASS_COUNT, CLASS_SIZES};
use crate::spin_lock::SpinLock;

/// How many bytes of one class a cache holds at most, before half of them go back.
const CACHED_BYTES_PER_CLASS: usize = 32 * 1024;
/// Bounds on how many blocks of one class a cache holds.
const CACHED_BLOCKS: (usize, usize) = (8, 64);

/// The number the next thread to use a heap gets.
static NEXT_THREAD_NUMBER: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's number, given on first use (`usize::MAX` until then).
    static THREAD_NUMBER: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// This thread's number: distinct for threads started one after another, until it wraps.
#[inline]
fn thread_number() -> usize {
    THREAD_NUMBER.with(|number| {
        let known = number.get();
        if known != usize::MAX {
            return known;
        }
        let given = NEXT_THREAD_NUMBER.fetch_add(1, Ordering::Relaxed) & (usize::MAX >> 1);
        number.set(given);
        given
    })
}

/// How many blocks of `class` a cache holds before it gives half of them back.
pub(crate) fn capacity(class: usize) -> usize {
    (CACHED_BYTES_PER_CLASS / CLASS_SIZES[class]).clamp(CACHED_BLOCKS.0, CACHED_BLOCKS.1)
}

/// One shard: free blocks by class, and what was allocated and freed through it.
#[derive(Default)]
pub(crate) struct BlockCache {
    free: [Vec<usize>; CLASS_COUNT],
    /// Bytes (as reserved by the backend) allocated through this shard minus those freed.
    pub(crate) bytes_in_use: isize,
    /// Blocks allocated through this shard minus those freed through it.
    pub(crate) live_blocks: isize,
}

impl BlockCache {
    /// A cached free block of `class`, if any.
    #[inline]
    pub(crate) fn pop(&mut self, class: usize) -> Option<usize> {
        self.free[class].pop()
    }

    /// Caches a free block of `class`. Returns `false`, caching nothing, when the class is
    /// full: the caller must make room with [`BlockCache::take_oldest_half`] first.
    #[inline]
    pub(crate) fn push(&mut self, class: usize, offset: usize) -> bool {
        let blocks = &mut self.free[class];
        if blocks.len() >= capacity(class) {
            return false;
        }
        if blocks.capacity() == 0 {
            blocks.reserve_exact(capacity(class));
        }
        blocks.push(offset);
        true
    }

    /// Removes and returns the older half of the cached blocks of `class`, so that the blocks
    /// freed last (the likeliest to be in the processor's caches) stay.
    pub(crate) fn take_oldest_half(&mut self, class: usize) -> std::vec::Drain<'_, usize> {
        let blocks = &mut self.free[class];
        let half = blocks.len().div_ceil(2);
        blocks.drain(..half)
    }

    /// Removes and returns every cached block, with its class.
    pub(crate) fn take_all(&mut self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.free
            .iter_mut()
            .enumerate()
            .flat_map(|(class, blocks)| blocks.drain(..).map(move |offset| (class, offset)))
    }

    /// Forgets every cached block and zeroes the counters.
    pub(crate) fn clear(&mut self) {
        for blocks in &mut self.free {
            blocks.clear();
        }
        self.bytes_in_use = 0;
        self.live_blocks = 0;
    }
}

/// A shard on a cache line (two, for processors that fetch lines in pairs) of its own, so that
/// threads working on neighbouring shards do not slow each other down.
#[repr(align(128))]
pub(crate) struct Shard(pub(crate) SpinLock<BlockCache>);

/// The shards of one heap.
pub(crate) struct ShardedCaches {
    shards: Box<[Shard]>,
}

impl ShardedCaches {
    /// Twice as many shards as the host runs threads at once (rounded up to a power of two, at
    /// least 8), so that threads started one after another each get a shard of their own.
    pub(crate) fn new() -> Self {
        let parallelism = std::thread::available_parallelism().map_or(4, usize::from);
        let count = (2 * parallelism).clamp(8, 256).next_power_of_two();
        Self {
            shards: (0..count)
                .map(|_| Shard(SpinLock::new(BlockCache::default())))
                .collect(),
        }
    }

    /// The calling thread's shard.
    #[inline]
    pub(crate) fn mine(&self) -> &SpinLock<BlockCache> {
        // `shards.len()` is a power of two, so the mask keeps the index in range.
        &self.shards[thread_number() & (self.shards.len() - 1)].0
    }

    /// Every shard, for draining and summing.
    pub(crate) fn all(&self) -> impl Iterator<Item = &SpinLock<BlockCache>> {
        self.shards.iter().map(|shard| &shard.0)
    }

    /// Every shard, with exclusive access.
    pub(crate) fn all_mut(&mut self) -> impl Iterator<Item = &mut BlockCache> {
        self.shards.iter_mut().map(|shard| shard.0.get_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_class_refuses_until_half_is_taken() {
        let mut cache = BlockCache::default();
        let class = CLASS_COUNT - 1;
        for offset in 0..capacity(class) {
            assert!(cache.push(class, offset * 4096));
        }
        assert!(!cache.push(class, 1 << 30));
        let oldest: Vec<usize> = cache.take_oldest_half(class).collect();
        assert_eq!(oldest.len(), capacity(class) / 2);
        assert_eq!(oldest[0], 0);
        assert!(cache.push(class, 1 << 30));
        assert_eq!(cache.pop(class), Some(1 << 30));
        assert_eq!(cache.take_all().count(), capacity(class) / 2);
        assert_eq!(cache.pop(class), None);
    }
}
