//! The buddy backend over `buddy_system_allocator`'s out-of-band `FrameAllocator`.

use buddy_system_allocator::FrameAllocator;
use heap_core::{HeapError, HeapSize};

use crate::managed::{ManagedCore, Placement};

/// Enough size classes for any region this host can address.
const ORDER: usize = usize::BITS as usize;

/// A managed heap with a binary buddy allocator (`buddy_system_allocator` 0.13).
///
/// That crate's `Heap` keeps free-list nodes inside the memory it manages; its
/// `FrameAllocator` instead keeps the free lists in host-side sets of numbers and never touches
/// memory. This backend uses the `FrameAllocator` with one "frame" per byte of the region, so
/// no shadow is needed and the visible region holds no metadata at all.
///
/// A block of `size` bytes aligned to `align` takes a buddy block of
/// `max(size.next_power_of_two(), align)` bytes, which sits at an offset that is a multiple of
/// its own size, hence of `align`. The largest free block is found honestly by probing: the
/// largest power of two that can be allocated is allocated and at once freed, which in a
/// buddy system restores exactly the same free lists. Small blocks are served from
/// per-thread caches in front of the buddy system (see the crate documentation).
pub struct BuddyHeap {
    core: ManagedCore<BuddyFrames>,
}

impl BuddyHeap {
    /// Creates a heap of `size` bytes rounded up to a multiple of 4096, reading as zeros and
    /// committed lazily.
    ///
    /// # Errors
    /// [`HeapError::ZeroSize`] for 0, [`HeapError::TooLarge`] beyond the address space, and
    /// [`HeapError::OutOfHostMemory`] when the host refuses the mapping.
    pub fn new(size: usize) -> Result<Self, HeapError> {
        Ok(Self {
            core: ManagedCore::new(size)?,
        })
    }
}

crate::managed::delegate_to_core!(BuddyHeap);

/// Buddy free lists over byte offsets `[0, total)`, kept entirely host-side.
struct BuddyFrames {
    frames: FrameAllocator<ORDER>,
    total: usize,
}

impl BuddyFrames {
    fn all_free(total: usize) -> FrameAllocator<ORDER> {
        let mut frames = FrameAllocator::new();
        frames.add_frame(0, total);
        frames
    }
}

impl Placement for BuddyFrames {
    fn new(total: HeapSize) -> Result<Self, HeapError> {
        let total = total.get();
        Ok(Self {
            frames: Self::all_free(total),
            total,
        })
    }

    fn place(&mut self, size: usize, align: usize) -> Option<(usize, usize)> {
        // `size <= total <= isize::MAX`, so neither power of two overflows.
        let natural = size.checked_next_power_of_two()?;
        if align > self.total {
            // Only offset 0 is a multiple of such an alignment; ask for that block directly
            // rather than for a buddy block larger than the heap.
            return Some((self.frames.alloc_at(0, natural)?, natural));
        }
        let reserved = natural.max(align);
        Some((self.frames.alloc(reserved)?, reserved))
    }

    fn reserved_for(&self, size: usize) -> usize {
        size.next_power_of_two()
    }

    fn release(&mut self, offset: usize, reserved: usize) {
        self.frames.dealloc(offset, reserved);
    }

    fn largest_free(&mut self) -> usize {
        let mut block = self
            .total
            .checked_next_power_of_two()
            .unwrap_or(1 << (ORDER - 1));
        while block > 0 {
            if let Some(offset) = self.frames.alloc(block) {
                self.frames.dealloc(offset, block);
                return block;
            }
            block /= 2;
        }
        0
    }

    fn clear(&mut self) {
        self.frames = Self::all_free(self.total);
    }
}
