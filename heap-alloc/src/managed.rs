//! What both managed backends share: the visible region, the host-side table of live blocks,
//! the counters, the lock, and the checks every `alloc`/`free` makes before an allocator runs.
//!
//! A backend only supplies a [`Placement`]: the strategy that decides where a block goes. The
//! placement never sees the visible region, so nothing wasm code writes there can reach it.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use core::ptr::NonNull;

use heap_core::{AllocError, FreeError, HeapError, HeapSize, HeapStats};

use crate::region::MappedRegion;

/// A block handed out and not yet freed, as the placement reserved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LiveBlock {
    /// The size asked for (0 already turned into 1), as the placement must see it again on free.
    pub(crate) size: usize,
    /// The alignment passed to the placement, as it must see it again on free.
    pub(crate) align: usize,
    /// The bytes the placement actually set aside for the block (at least `size`).
    pub(crate) reserved: usize,
}

/// The live blocks, keyed by offset: the only authority on what `free` may release.
pub(crate) type LiveTable = BTreeMap<usize, LiveBlock>;

/// Where blocks go in a region of `total` bytes, with all bookkeeping kept off the region.
pub(crate) trait Placement: Send + Sized {
    /// A placement with the whole region free.
    fn new(total: HeapSize) -> Result<Self, HeapError>;

    /// Reserves room for `size` bytes (`1 <= size <= total`) at an offset that is a multiple of
    /// `align` (a power of two). Returns the block, or `None` when no free space fits.
    fn place(&mut self, size: usize, align: usize) -> Option<(usize, LiveBlock)>;

    /// Returns a block that `place` produced at `offset` and that is still live.
    fn release(&mut self, offset: usize, block: LiveBlock);

    /// The largest size that one `place(size, 1)` would succeed with right now.
    fn largest_free(&mut self, live: &LiveTable) -> usize;

    /// Forgets every block: the whole region is free again.
    fn clear(&mut self);
}

/// Everything `alloc` and `free` change, behind one lock.
struct State<P> {
    placement: P,
    live: LiveTable,
    bytes_in_use: usize,
    invalid_frees: u64,
}

/// A managed heap over any [`Placement`]; the public backends wrap one of these.
pub(crate) struct ManagedCore<P> {
    region: MappedRegion,
    total: HeapSize,
    state: Mutex<State<P>>,
}

impl<P: Placement> ManagedCore<P> {
    /// A heap of `size` bytes rounded up to the granularity, reading as zeros.
    pub(crate) fn new(size: usize) -> Result<Self, HeapError> {
        let total = HeapSize::round_up(size)?;
        let region = MappedRegion::new(total.get(), 1)?;
        let placement = P::new(total)?;
        Ok(Self {
            region,
            total,
            state: Mutex::new(State {
                placement,
                live: LiveTable::new(),
                bytes_in_use: 0,
                invalid_frees: 0,
            }),
        })
    }

    pub(crate) fn base(&self) -> NonNull<u8> {
        self.region.base()
    }

    pub(crate) fn size(&self) -> usize {
        self.total.get()
    }

    /// Takes the lock. A panic while it was held cannot have left `State` half-updated (no
    /// code under the lock panics on any input), so a poisoned lock is simply recovered.
    fn lock(&self) -> MutexGuard<'_, State<P>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn alloc(&self, size: usize, align: usize) -> Result<usize, AllocError> {
        if !align.is_power_of_two() {
            return Err(AllocError::BadAlignment { align });
        }
        let wanted = size.max(1);
        if wanted > self.total.get() {
            return Err(AllocError::OutOfSpace { size });
        }
        let mut state = self.lock();
        let (offset, block) = state
            .placement
            .place(wanted, align)
            .ok_or(AllocError::OutOfSpace { size })?;
        state.bytes_in_use += block.reserved;
        state.live.insert(offset, block);
        Ok(offset)
    }

    pub(crate) fn free(&self, offset: usize) -> Result<(), FreeError> {
        let mut state = self.lock();
        let Some(block) = state.live.remove(&offset) else {
            state.invalid_frees = state.invalid_frees.saturating_add(1);
            return Err(FreeError::NotALiveBlock { offset });
        };
        state.bytes_in_use -= block.reserved;
        state.placement.release(offset, block);
        Ok(())
    }

    pub(crate) fn stats(&self) -> HeapStats {
        let mut state = self.lock();
        let State {
            placement,
            live,
            bytes_in_use,
            invalid_frees,
        } = &mut *state;
        let total_bytes = self.total.get();
        HeapStats {
            total_bytes,
            bytes_in_use: *bytes_in_use,
            free_bytes: total_bytes - *bytes_in_use,
            live_blocks: live.len(),
            largest_free_block: placement.largest_free(live),
            invalid_frees: *invalid_frees,
        }
    }

    pub(crate) fn reset(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        state.placement.clear();
        state.live.clear();
        state.bytes_in_use = 0;
        state.invalid_frees = 0;
        self.region.zero();
    }
}

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
