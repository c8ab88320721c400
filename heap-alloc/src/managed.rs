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
use crate::size_class::{
    CLASS_COUNT, CLASS_SIZES, GRANULE, MAX_SMALL, class_of_exact, class_of_small,
};

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

/// A placement and what it has handed out: blocks and bytes reserved, cached blocks
/// included. With every cache drained, these are the heap's live blocks and bytes in use.
struct Counted<P> {
    placement: P,
    bytes_placed: usize,
    blocks_placed: usize,
}

impl<P: Placement> Counted<P> {
    fn place(&mut self, size: usize, align: usize) -> Option<(usize, usize)> {
        let (offset, reserved) = self.placement.place(size, align)?;
        self.bytes_placed += reserved;
        self.blocks_placed += 1;
        Some((offset, reserved))
    }

    fn release(&mut self, offset: usize, reserved: usize) {
        self.placement.release(offset, reserved);
        self.bytes_placed -= reserved;
        self.blocks_placed -= 1;
    }
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
    placement: Mutex<Counted<P>>,
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
            placement: Mutex::new(Counted {
                placement,
                bytes_placed: 0,
                blocks_placed: 0,
            }),
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
    fn placement(&self) -> MutexGuard<'_, Counted<P>> {
        self.placement
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The fast path is leaf code: a small request served from this thread's own cache calls
    /// nothing; everything else continues in [`ManagedCore::alloc_slow`].
    #[inline]
    pub(crate) fn alloc(&self, size: usize, align: usize) -> Result<usize, AllocError> {
        // Every class is at most `MAX_SMALL <= total`, so small requests need no size check.
        if size <= MAX_SMALL && align <= GRANULE && align.is_power_of_two() {
            let class = class_of_small(size);
            if let Some(offset) = self.caches.try_own().and_then(|mut own| own.pop(class)) {
                self.record.mark(offset, RecordedSize::Class(class));
                return Ok(offset);
            }
        }
        self.alloc_slow(size, align)
    }

    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, size: usize, align: usize) -> Result<usize, AllocError> {
        if size <= MAX_SMALL && align <= GRANULE && align.is_power_of_two() {
            let class = class_of_small(size);
            if let Some(offset) = self.alloc_small(class) {
                self.record.mark(offset, RecordedSize::Class(class));
                return Ok(offset);
            }
        }
        self.alloc_other(size, align)
    }

    /// A block of `class` from this thread's cache, refilled from the placement if empty.
    fn alloc_small(&self, class: usize) -> Option<usize> {
        let Some(mut own) = self.caches.own() else {
            return self
                .caches
                .with_shared(|cache| cache.pop(class).or_else(|| self.refill(cache, class)));
        };
        if let Some(offset) = own.pop(class) {
            return Some(offset);
        }
        own.mark_used();
        self.refill(&mut own, class)
    }

    /// Asks the placement for a batch of blocks of `class`: returns one and caches the rest.
    fn refill(&self, cache: &mut BlockCache, class: usize) -> Option<usize> {
        cache.make_room(class);
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

    /// Every request the small path does not serve: a bad alignment, a larger or more
    /// strictly aligned block, or a small one whose class the placement cannot supply.
    fn alloc_other(&self, size: usize, align: usize) -> Result<usize, AllocError> {
        if !align.is_power_of_two() {
            return Err(AllocError::BadAlignment { align });
        }
        let wanted = size.max(1);
        if wanted > self.total.get() {
            return Err(AllocError::OutOfSpace { size });
        }
        self.alloc_placed(wanted, align)
            .ok_or(AllocError::OutOfSpace { size })
    }

    /// A block straight from the placement: `wanted` bytes rounded up to a granule, aligned to
    /// `align`. Drains every cache and tries once more before giving up.
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
        self.record.mark(offset, recorded);
        Some(offset)
    }

    /// The fast path, a small block pushed onto this thread's own cache, calls nothing.
    #[inline]
    pub(crate) fn free(&self, offset: usize) -> Result<(), FreeError> {
        match self.record.take(offset) {
            Some(RecordedSize::Class(class)) => {
                let cached = self
                    .caches
                    .try_own()
                    .is_some_and(|mut own| own.push(class, offset));
                if !cached {
                    self.free_small_slow(class, offset);
                }
                Ok(())
            }
            Some(RecordedSize::Bytes(reserved)) => {
                self.free_placed(offset, reserved);
                Ok(())
            }
            None => Err(self.refuse_free(offset)),
        }
    }

    /// Caches a small block the fast path could not: waits for a visitor, uses a shared
    /// cache, or makes room in a full class.
    #[cold]
    #[inline(never)]
    fn free_small_slow(&self, class: usize, offset: usize) {
        match self.caches.own() {
            Some(mut own) => {
                if !own.push(class, offset) {
                    own.mark_used();
                    self.free_to_full(&mut own, class, offset);
                }
            }
            None => self.caches.with_shared(|cache| {
                if !cache.push(class, offset) {
                    self.free_to_full(cache, class, offset);
                }
            }),
        }
    }

    #[cold]
    #[inline(never)]
    fn free_placed(&self, offset: usize, reserved: usize) {
        self.placement().release(offset, reserved);
    }

    /// Caches a block of `class` in a cache whose class has no room: allocates the class's
    /// storage on its first use, else gives the older half back to the placement.
    fn free_to_full(&self, cache: &mut BlockCache, class: usize, offset: usize) {
        if cache.has_storage(class) {
            self.give_back_half(cache, class);
        } else {
            cache.make_room(class);
        }
        if !cache.push(class, offset) {
            // Only a class without storage refuses after that, and every class gets some.
            self.placement().release(offset, self.class_reserved[class]);
        }
    }

    #[cold]
    #[inline(never)]
    fn refuse_free(&self, offset: usize) -> FreeError {
        self.invalid_frees.fetch_add(1, Ordering::Relaxed);
        FreeError::NotALiveBlock { offset }
    }

    /// Returns the older half of a full class cache to the placement.
    fn give_back_half(&self, cache: &mut BlockCache, class: usize) {
        let reserved = self.class_reserved[class];
        let mut placement = self.placement();
        cache.take_oldest_half(class, |offset| placement.release(offset, reserved));
    }

    /// Returns every cached block to the placement.
    fn drain_caches(&self) {
        self.caches.visit_all(|cache| {
            let mut placement = self.placement();
            cache.take_all(|class, offset| placement.release(offset, self.class_reserved[class]));
        });
    }

    pub(crate) fn stats(&self) -> HeapStats {
        self.drain_caches();
        let total_bytes = self.total.get();
        let mut placement = self.placement();
        // With every cache drained, what the placement has handed out is what is live. While
        // other threads allocate, the figures are a moment's picture (their caches may have
        // been refilled since).
        let bytes_in_use = placement.bytes_placed.min(total_bytes);
        HeapStats {
            total_bytes,
            bytes_in_use,
            free_bytes: total_bytes - bytes_in_use,
            live_blocks: placement.blocks_placed,
            largest_free_block: placement.placement.largest_free(),
            invalid_frees: self.invalid_frees.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn reset(&mut self) {
        for cache in self.caches.all_mut() {
            cache.clear();
        }
        let placement = self
            .placement
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        placement.placement.clear();
        placement.bytes_placed = 0;
        placement.blocks_placed = 0;
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
