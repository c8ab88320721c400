//! What both managed backends share: the visible region, the record of live blocks, the
//! small-block caches, the counters, and the checks every `alloc`/`free` makes before an
//! allocator runs.
//!
//! A backend only supplies a [`Placement`]: the strategy that decides where a block goes. The
//! placement never sees the visible region, so nothing wasm code writes there can reach it.
//!
//! # The paths a block takes
//!
//! - A small request (up to [`MAX_SMALL`] bytes, alignment up to [`GRANULE`]) is rounded up to
//!   its size class and served from the calling thread's cache ([`crate::block_cache`]); an
//!   empty cache is refilled with a batch of blocks from the placement under the placement's
//!   lock, and a full one gives its older half back the same way. Freed small blocks go to the
//!   freeing thread's cache. The placement sees cached blocks as in use.
//! - Any other request (larger, or more strictly aligned), and a small one whose class the
//!   placement cannot supply, goes to the placement directly, rounded up to a granule.
//! - When the placement has no room, every cache is drained back into it and it is asked once
//!   more, so cached blocks never make an allocation fail. `stats` drains them too, which is
//!   what makes its figures exact.
//!
//! The [`LiveRecord`] is the only authority on what `free` releases; it is updated with one
//! atomic operation, so a block freed twice at the same moment on two threads is freed once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use core::ptr::NonNull;

use heap_core::{AllocError, FreeError, HeapError, HeapSize, HeapStats};

use crate::block_cache::{BlockCache, ShardedCaches, capacity};
use crate::live_record::{LiveRecord, RecordedSize};
use crate::region::MappedRegion;
use crate::size_class::{CLASS_COUNT, CLASS_SIZES, GRANULE, MAX_SMALL, class_of, class_of_exact};

/// How many blocks of its class a batch from the placement refills a cache with, at most, as
/// a fraction of the heap: a batch never takes more than 1/64 of the heap.
const HEAP_FRACTION_PER_BATCH: usize = 64;

/// Where blocks go in a region of `total` bytes, with all bookkeeping kept off the region.
pub(crate) trait Placement: Send + Sized {
    /// A placement with the whole region free.
    fn new(total: HeapSize) -> Result<Self, HeapError>;

    /// Reserves room for `size` bytes (a multiple of [`GRANULE`], `GRANULE <= size <= total`)
    /// at an offset that is a multiple of `align` (a power of two, at least [`GRANULE`]).
    /// Returns the offset and the bytes reserved (a multiple of [`GRANULE`], at least `size`),
    /// or `None` when no free space fits.
    fn place(&mut self, size: usize, align: usize) -> Option<(usize, usize)>;

    /// The bytes `place(size, GRANULE)` reserves for a `size` that [`Placement::place`]
    /// accepts.
    fn reserved_for(&self, size: usize) -> usize;

    /// Returns a block that `place` produced at `offset`, reserving `reserved` bytes.
    fn release(&mut self, offset: usize, reserved: usize);

    /// The largest size that one `place(size, GRANULE)` would succeed with right now.
    fn largest_free(&mut self) -> usize;

    /// Forgets every block: the whole region is free again.
    fn clear(&mut self);
}

/// A managed heap over any [`Placement`]; the public backends wrap one of these.
pub(crate) struct ManagedCore<P> {
    region: MappedRegion,
    total: HeapSize,
    record: LiveRecord,
    caches: ShardedCaches,
    /// What the placement reserves for a block of each class.
    class_reserved: [usize; CLASS_COUNT],
    /// How many blocks of each class one refill asks the placement for.
    refill_batch: [usize; CLASS_COUNT],
    placement: Mutex<P>,
    invalid_frees: AtomicU64,
}

impl<P: Placement> ManagedCore<P> {
    /// A heap of `size` bytes rounded up to the granularity, reading as zeros.
    pub(crate) fn new(size: usize) -> Result<Self, HeapError> {
        let total = HeapSize::round_up(size)?;
        let region = MappedRegion::new(total.get(), 1)?;
        let placement = P::new(total)?;
        let class_reserved = CLASS_SIZES.map(|size| placement.reserved_for(size));
        let refill_batch = core::array::from_fn(|class| {
            let fraction = total.get() / HEAP_FRACTION_PER_BATCH / class_reserved[class];
            fraction.clamp(1, capacity(class) / 2)
        });
        Ok(Self {
            region,
            total,
            record: LiveRecord::new(total.get())?,
            caches: ShardedCaches::new(),
            class_reserved,
            refill_batch,
            placement: Mutex::new(placement),
            invalid_frees: AtomicU64::new(0),
        })
    }

    pub(crate) fn base(&self) -> NonNull<u8> {
        self.region.base()
    }

    pub(crate) fn size(&self) -> usize {
        self.total.get()
    }

    /// Takes the placement's lock. A panic while it was held cannot have left the placement
    /// half-updated (no code under the lock panics on any input), so a poisoned lock is simply
    /// recovered.
    fn placement(&self) -> MutexGuard<'_, P> {
        self.placement
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn alloc(&self, size: usize, align: usize) -> Result<usize, AllocError> {
        if !align.is_power_of_two() {
            return Err(AllocError::BadAlignment { align });
        }
        let wanted = size.max(1);
        if wanted > self.total.get() {
            return Err(AllocError::OutOfSpace { size });
        }
        if align <= GRANULE
            && let Some(class) = class_of(wanted)
            && let Some(offset) = self.alloc_small(class)
        {
            self.record.mark(offset, RecordedSize::Class(class));
            return Ok(offset);
        }
        self.alloc_placed(wanted, align)
            .ok_or(AllocError::OutOfSpace { size })
    }

    /// A block of `class` from this thread's cache, refilled from the placement if empty.
    #[inline]
    fn alloc_small(&self, class: usize) -> Option<usize> {
        self.caches.with_mine(|cache| {
            let offset = match cache.pop(class) {
                Some(offset) => offset,
                None => self.refill(cache, class)?,
            };
            cache.bytes_in_use += self.class_reserved[class] as isize;
            cache.live_blocks += 1;
            Some(offset)
        })
    }

    /// Asks the placement for a batch of blocks of `class`: returns one and caches the rest.
    #[cold]
    fn refill(&self, cache: &mut BlockCache, class: usize) -> Option<usize> {
        let mut placement = self.placement();
        let size = CLASS_SIZES[class];
        let (first, _) = placement.place(size, GRANULE)?;
        for _ in 1..self.refill_batch[class] {
            let Some((offset, _)) = placement.place(size, GRANULE) else {
                break;
            };
            if !cache.push(class, offset) {
                placement.release(offset, self.class_reserved[class]);
                break;
            }
        }
        Some(first)
    }

    /// A block straight from the placement: `wanted` bytes rounded up to a granule, aligned to
    /// `align`. Drains every cache and tries once more before giving up.
    #[cold]
    fn alloc_placed(&self, wanted: usize, align: usize) -> Option<usize> {
        // `wanted <= total`, a multiple of 4096, so rounding up to a granule cannot overflow.
        let size = wanted.next_multiple_of(GRANULE);
        let align = align.max(GRANULE);
        let placed = self.placement().place(size, align);
        let (offset, reserved) = match placed {
            Some(placed) => placed,
            None => {
                self.drain_caches();
                self.placement().place(size, align)?
            }
        };
        let recorded = match class_of_exact(reserved) {
            Some(class) if self.class_reserved[class] == reserved => RecordedSize::Class(class),
            _ => RecordedSize::Bytes(reserved),
        };
        self.caches.with_mine(|cache| {
            cache.bytes_in_use += reserved as isize;
            cache.live_blocks += 1;
        });
        self.record.mark(offset, recorded);
        Some(offset)
    }

    pub(crate) fn free(&self, offset: usize) -> Result<(), FreeError> {
        let Some(recorded) = self.record.take(offset) else {
            self.invalid_frees.fetch_add(1, Ordering::Relaxed);
            return Err(FreeError::NotALiveBlock { offset });
        };
        match recorded {
            RecordedSize::Class(class) => {
                let reserved = self.class_reserved[class];
                self.caches.with_mine(|cache| {
                    cache.bytes_in_use -= reserved as isize;
                    cache.live_blocks -= 1;
                    if !cache.push(class, offset) {
                        self.give_back_half(cache, class);
                        cache.push(class, offset);
                    }
                });
            }
            RecordedSize::Bytes(reserved) => {
                self.placement().release(offset, reserved);
                self.caches.with_mine(|cache| {
                    cache.bytes_in_use -= reserved as isize;
                    cache.live_blocks -= 1;
                });
            }
        }
        Ok(())
    }

    /// Returns the older half of a full class cache to the placement.
    #[cold]
    fn give_back_half(&self, cache: &mut BlockCache, class: usize) {
        let reserved = self.class_reserved[class];
        let mut placement = self.placement();
        for offset in cache.take_oldest_half(class) {
            placement.release(offset, reserved);
        }
    }

    /// Returns every cached block to the placement; returns the sums of the shards' counters.
    fn drain_caches(&self) -> (isize, isize) {
        let mut sums = (0, 0);
        self.caches.visit_all(|cache| {
            sums.0 += cache.bytes_in_use;
            sums.1 += cache.live_blocks;
            let mut placement = self.placement();
            for (class, offset) in cache.take_all() {
                placement.release(offset, self.class_reserved[class]);
            }
        });
        sums
    }

    pub(crate) fn stats(&self) -> HeapStats {
        let (bytes_in_use, live_blocks) = self.drain_caches();
        let total_bytes = self.total.get();
        // Between two calls on other threads the sums are exact; while other threads allocate,
        // they are a moment's picture and are kept within the heap's bounds.
        let bytes_in_use = bytes_in_use.clamp(0, total_bytes as isize) as usize;
        HeapStats {
            total_bytes,
            bytes_in_use,
            free_bytes: total_bytes - bytes_in_use,
            live_blocks: live_blocks.max(0) as usize,
            largest_free_block: self.placement().largest_free(),
            invalid_frees: self.invalid_frees.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn reset(&mut self) {
        for cache in self.caches.all_mut() {
            cache.clear();
        }
        self.placement
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.record.clear();
        *self.invalid_frees.get_mut() = 0;
        self.region.zero();
    }
}

// Every size class must be one the placement accepts from the small path.
const _: () = assert!(CLASS_SIZES[CLASS_COUNT - 1] == MAX_SMALL);

/// Implements `Debug`, `HeapBackend` and `ManagedBackend` for a public backend that wraps a
/// `ManagedCore` in a field named `core`: every backend delegates all of them the same way.
macro_rules! delegate_to_core {
    ($heap:ident) => {
        impl core::fmt::Debug for $heap {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($heap))
                    .field("base", &self.core.base())
                    .field("stats", &self.core.stats())
                    .finish()
            }
        }

        impl heap_core::HeapBackend for $heap {
            type Kind = heap_core::Managed;

            fn base(&self) -> core::ptr::NonNull<u8> {
                self.core.base()
            }

            fn size(&self) -> usize {
                self.core.size()
            }

            fn reset(&mut self) {
                self.core.reset();
            }
        }

        impl heap_core::ManagedBackend for $heap {
            fn alloc(&self, size: usize, align: usize) -> Result<usize, heap_core::AllocError> {
                self.core.alloc(size, align)
            }

            fn free(&self, offset: usize) -> Result<(), heap_core::FreeError> {
                self.core.free(offset)
            }

            fn stats(&self) -> heap_core::HeapStats {
                self.core.stats()
            }
        }
    };
}
pub(crate) use delegate_to_core;
