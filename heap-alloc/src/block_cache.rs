//! Caches of free small blocks in front of a backend, one per thread.
//!
//! Every live thread holds a distinct small number ([`crate::thread_slot`]); a heap serves the
//! thread with number `n` from its `n`-th cache, which is that thread's alone: the thread
//! enters it with plain stores ([`BiasedLock`]), and the common `alloc`/`free` touches no
//! shared cache line. Other threads visit a cache only to drain it (for exact statistics, or
//! when the heap is out of space). Threads beyond the first [`OWNED_CACHES`] share a few
//! spin-locked caches. A block freed on another thread than the one that allocated it simply
//! goes to the freeing thread's cache: a cached block belongs to no thread, only to a size
//! class.
//!
//! Caches hold offsets in host memory only, never in the heap, so nothing an app writes can
//! reach them.

use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicBool, Ordering};

use crate::biased_lock::{BiasedLock, OwnerGuard, claim_each};
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

/// The free blocks of one class in one cache: a stack whose storage (room for
/// [`capacity`] blocks) is allocated on the first push, so that a push or a pop costs one bounds
/// check and a store or a load.
#[derive(Default)]
struct BlockStack {
    /// Empty until the first push; then exactly `capacity(class)` long.
    slots: Box<[usize]>,
    /// How many of `slots`, from the start, hold cached blocks (oldest first).
    len: usize,
}

impl BlockStack {
    #[inline]
    fn pop(&mut self) -> Option<usize> {
        let top = self.len.checked_sub(1)?;
        let offset = *self.slots.get(top)?;
        self.len = top;
        Some(offset)
    }

    #[inline]
    fn push(&mut self, offset: usize) -> bool {
        let Some(slot) = self.slots.get_mut(self.len) else {
            return false;
        };
        *slot = offset;
        self.len += 1;
        true
    }

    /// The cached blocks, oldest first.
    fn cached(&self) -> &[usize] {
        self.slots.get(..self.len).unwrap_or_default()
    }
}

/// One cache: free blocks by class. It keeps no counters: the placement counts the blocks it
/// hands out, cached ones included, and the heap's statistics are taken with every cache
/// drained, which makes that count exact without any work on the fast path.
#[derive(Default)]
pub(crate) struct BlockCache {
    free: [BlockStack; CLASS_COUNT],
}

impl BlockCache {
    /// A cached free block of `class`, if any.
    #[inline]
    pub(crate) fn pop(&mut self, class: usize) -> Option<usize> {
        self.free.get_mut(class)?.pop()
    }

    /// Caches a free block of `class`. Returns `false`, caching nothing, when the class has no
    /// room: its storage is not allocated yet ([`BlockCache::make_room`] allocates it) or it is
    /// full (the caller must make room with [`BlockCache::take_oldest_half`]).
    #[inline]
    pub(crate) fn push(&mut self, class: usize, offset: usize) -> bool {
        self.free
            .get_mut(class)
            .is_some_and(|blocks| blocks.push(offset))
    }

    /// Whether the storage of `class` is allocated (so that a refused push means "full").
    pub(crate) fn has_storage(&self, class: usize) -> bool {
        self.free
            .get(class)
            .is_some_and(|blocks| !blocks.slots.is_empty())
    }

    /// Allocates the storage of `class` if it has none yet.
    pub(crate) fn make_room(&mut self, class: usize) {
        if let Some(blocks) = self.free.get_mut(class)
            && blocks.slots.is_empty()
        {
            blocks.slots = vec![0; capacity(class)].into_boxed_slice();
        }
    }

    /// Removes the older half of the cached blocks of `class`, so that the blocks freed last
    /// (the likeliest to be in the processor's caches) stay, and hands each to `give`.
    pub(crate) fn take_oldest_half(&mut self, class: usize, mut give: impl FnMut(usize)) {
        let Some(blocks) = self.free.get_mut(class) else {
            return;
        };
        let half = blocks.len.div_ceil(2);
        for &offset in blocks.cached().get(..half).unwrap_or_default() {
            give(offset);
        }
        blocks.slots.copy_within(half..blocks.len, 0);
        blocks.len -= half;
    }

    /// Removes every cached block and hands each to `give` with its class.
    pub(crate) fn take_all(&mut self, mut give: impl FnMut(usize, usize)) {
        for (class, blocks) in self.free.iter_mut().enumerate() {
            for &offset in blocks.cached() {
                give(class, offset);
            }
            blocks.len = 0;
        }
    }

    /// Forgets every cached block.
    pub(crate) fn clear(&mut self) {
        for blocks in &mut self.free {
            blocks.len = 0;
        }
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
    /// Set once its owner may have put a block in it: visitors skip the caches no thread ever
    /// used, so that statistics on a heap used by one thread cost no process-wide barrier.
    touched: AtomicBool,
}

/// A cache shared by threads that have none of their own.
#[repr(align(128))]
struct SharedCache(SpinLock<BlockCache>);

/// A thread's access to its own cache; leaves the cache when dropped.
pub(crate) struct OwnCache<'a> {
    cache: OwnerGuard<'a, BlockCache>,
    touched: &'a AtomicBool,
}

impl OwnCache<'_> {
    /// Records that this cache may hold blocks from now on, so that visitors drain it. Every
    /// path that puts a block into a cache for the first time (a refill, the first push of a
    /// class) calls this first, which keeps the check off the fast path.
    pub(crate) fn mark_used(&self) {
        if !self.touched.load(Ordering::Relaxed) {
            self.touched.store(true, Ordering::Release);
        }
    }
}

impl Deref for OwnCache<'_> {
    type Target = BlockCache;

    #[inline(always)]
    fn deref(&self) -> &BlockCache {
        &self.cache
    }
}

impl DerefMut for OwnCache<'_> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut BlockCache {
        &mut self.cache
    }
}

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

    /// The calling thread's own cache, entered without any atomic read-modify-write; `None`
    /// when the thread has none, or (rarely) while another thread drains it. Calls nothing,
    /// so that the fast paths built on it stay leaf code.
    #[inline(always)]
    pub(crate) fn try_own(&self) -> Option<OwnCache<'_>> {
        let owned = self.owned.get(thread_slot::current_if_known()?)?;
        // SAFETY: thread numbers are unique among live threads, so this thread is the only
        // one that can be the owner of this cache now.
        let cache = unsafe { owned.cache.try_lock_as_owner()? };
        Some(OwnCache {
            cache,
            touched: &owned.touched,
        })
    }

    /// The calling thread's own cache, waiting for a visitor to leave it; `None` when the
    /// thread has none (see [`ShardedCaches::with_shared`]).
    pub(crate) fn own(&self) -> Option<OwnCache<'_>> {
        let owned = self.owned.get(thread_slot::current()?)?;
        // SAFETY: as in `try_own`.
        let cache = unsafe { owned.cache.lock_as_owner() };
        Some(OwnCache {
            cache,
            touched: &owned.touched,
        })
    }

    /// Runs `work` on the shared cache of a thread that has no cache of its own, under its
    /// lock.
    pub(crate) fn with_shared<R>(&self, work: impl FnOnce(&mut BlockCache) -> R) -> R {
        let index = thread_slot::current().unwrap_or(0) % self.shared.len();
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
            // SAFETY: as in `own`: this thread is the only possible owner of its cache.
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
        assert!(!cache.push(class, 0), "no storage before make_room");
        assert!(!cache.has_storage(class));
        cache.make_room(class);
        assert!(cache.has_storage(class));
        for offset in 0..capacity(class) {
            assert!(cache.push(class, offset * 4096));
        }
        assert!(!cache.push(class, 1 << 30));
        let mut oldest = Vec::new();
        cache.take_oldest_half(class, |offset| oldest.push(offset));
        let kept = capacity(class) - capacity(class) / 2;
        assert_eq!(
            oldest,
            (0..capacity(class) / 2)
                .map(|n| n * 4096)
                .collect::<Vec<_>>()
        );
        assert!(cache.push(class, 1 << 30));
        assert_eq!(cache.pop(class), Some(1 << 30));
        // The newer half stayed, newest on top.
        assert_eq!(cache.pop(class), Some((capacity(class) - 1) * 4096));
        let mut rest = Vec::new();
        cache.take_all(|class, offset| rest.push((class, offset)));
        assert_eq!(rest.len(), kept - 1);
        assert!(rest.iter().all(|&(taken, _)| taken == class));
        assert_eq!(cache.pop(class), None);
        assert_eq!(cache.pop(CLASS_COUNT), None);
        assert!(!cache.push(CLASS_COUNT, 0));
    }
}
