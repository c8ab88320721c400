//! Caches of free small blocks in front of a backend, one per thread, and the counters each
//! cache keeps.
//!
//! Every live thread holds a distinct small number ([`crate::thread_slot`]); a heap serves the
//! thread with number `n` from its `n`-th cache, which is that thread's alone: the thread
//! enters it with plain stores ([`BiasedLock`]), and the common `alloc`/`free` touches no
//! shared cache line. Other threads visit a cache only to drain it (for exact statistics, or
//! when the heap is out of space). Threads beyond the first [`OWNED_CACHES`] share a few
//! spin-locked caches. A block freed on another thread than the one that allocated it simply
//! goes to the freeing thread's cache: a cached block belongs to no thread, only to a size
//! class. Counters are kept per cache and may go negative in one (blocks allocated here, freed
//! there); their sum is exact.
//!
//! Caches hold offsets in host memory only, never in the heap, so nothing an app writes can
//! reach them.

use core::sync::atomic::{AtomicBool, Ordering};

use crate::biased_lock::{BiasedLock, claim_each};
use crate::size_class::{CLASS_COUNT, CLASS_SIZES};
use crate::spin_lock::SpinLock;
use crate::thread_slot;

/// How many bytes of one class a cache holds at most, before half of them go back.
const CACHED_BYTES_PER_CLASS: usize = 32 * 1024;
/// Bounds on how many blocks of one class a cache holds.
const CACHED_BLOCKS: (usize, usize) = (8, 64);

/// How many blocks of each class a cache holds before it gives half of them back.
const CAPACITY: [usize; CLASS_COUNT] = capacities();

const fn capacities() -> [usize; CLASS_COUNT] {
    let mut capacities = [0; CLASS_COUNT];
    let mut class = 0;
    while class < CLASS_COUNT {
        let blocks = CACHED_BYTES_PER_CLASS / CLASS_SIZES[class];
        capacities[class] = if blocks < CACHED_BLOCKS.0 {
            CACHED_BLOCKS.0
        } else if blocks > CACHED_BLOCKS.1 {
            CACHED_BLOCKS.1
        } else {
            blocks
        };
        class += 1;
    }
    capacities
}

/// How many blocks of `class` a cache holds before it gives half of them back.
#[inline]
pub(crate) fn capacity(class: usize) -> usize {
    CAPACITY[class]
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

/// How many threads alive at once get a cache of their own in each heap; the others share
/// [`SHARED_CACHES`] locked caches.
const OWNED_CACHES: usize = 64;
/// The locked caches of threads beyond [`OWNED_CACHES`] (and of threads that are exiting).
const SHARED_CACHES: usize = 8;

/// A thread's own cache, on a cache line (two, for processors that fetch lines in pairs) of
/// its own, so that threads working on neighbouring caches do not slow each other down.
#[repr(align(128))]
struct OwnedCache {
    cache: BiasedLock<BlockCache>,
    /// Set once its owner has used it: visitors skip the caches no thread ever used, so that
    /// statistics on a heap used by one thread cost no process-wide barrier.
    touched: AtomicBool,
}

/// A cache shared by threads that have none of their own.
#[repr(align(128))]
struct SharedCache(SpinLock<BlockCache>);

/// The caches of one heap.
pub(crate) struct ShardedCaches {
    owned: Box<[OwnedCache]>,
    shared: Box<[SharedCache]>,
}

impl ShardedCaches {
    /// Caches for [`OWNED_CACHES`] threads and a few shared ones, all empty.
    pub(crate) fn new() -> Self {
        crate::biased_lock::prepare();
        Self {
            owned: (0..OWNED_CACHES)
                .map(|_| OwnedCache {
                    cache: BiasedLock::new(BlockCache::default()),
                    touched: AtomicBool::new(false),
                })
                .collect(),
            shared: (0..SHARED_CACHES)
                .map(|_| SharedCache(SpinLock::new(BlockCache::default())))
                .collect(),
        }
    }

    /// Runs `work` on the calling thread's cache: its own when it has one (no atomic
    /// read-modify-write on the way in or out), else a shared one under its lock.
    #[inline(always)]
    pub(crate) fn with_mine<R>(&self, work: impl FnOnce(&mut BlockCache) -> R) -> R {
        let slot = thread_slot::current();
        if let Some(owned) = slot.and_then(|slot| self.owned.get(slot)) {
            if !owned.touched.load(Ordering::Relaxed) {
                owned.touched.store(true, Ordering::Relaxed);
            }
            // SAFETY: thread numbers are unique among live threads, so this thread is the
            // only one that can be the owner of cache `slot` now.
            let mut cache = unsafe { owned.cache.lock_as_owner() };
            return work(&mut cache);
        }
        let index = slot.unwrap_or(0) % self.shared.len();
        work(&mut self.shared[index].0.lock())
    }

    /// Runs `visit` on every cache that was ever used, waiting for each one's user to leave
    /// it. The calling thread's own cache needs no barrier; the others share one.
    pub(crate) fn visit_all(&self, mut visit: impl FnMut(&mut BlockCache)) {
        let mine = thread_slot::current();
        let others =
            self.owned.iter().enumerate().filter(|&(index, owned)| {
                Some(index) != mine && owned.touched.load(Ordering::Acquire)
            });
        for mut other in claim_each(others.map(|(_, owned)| &owned.cache)) {
            visit(&mut other);
        }
        if let Some(own) = mine.and_then(|slot| self.owned.get(slot)) {
            // SAFETY: as in `with_mine`: this thread is the only possible owner of its cache.
            let mut cache = unsafe { own.cache.lock_as_owner() };
            visit(&mut cache);
        }
        for shared in &self.shared {
            visit(&mut shared.0.lock());
        }
    }

    /// Every cache, with exclusive access.
    pub(crate) fn all_mut(&mut self) -> impl Iterator<Item = &mut BlockCache> {
        let owned = self.owned.iter_mut().map(|owned| owned.cache.get_mut());
        owned.chain(self.shared.iter_mut().map(|cache| cache.0.get_mut()))
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
