//! The first-fit backend over `linked_list_allocator`, run over a private shadow region.

use core::alloc::Layout;

use heap_core::{GRANULARITY, HeapError, HeapSize};
use linked_list_allocator::Heap;

use crate::managed::{ManagedCore, Placement};
use crate::region::MappedRegion;
use crate::size_class::GRANULE;

/// A managed heap with a first-fit free list (`linked_list_allocator` 0.10).
///
/// That allocator stores its free-list nodes inside the memory it manages. Here it manages a
/// private *shadow* mapping of the same size as the visible region, never the region itself:
/// a block at shadow address `shadow_base + k` is handed out as offset `k` of the visible
/// region. The shadow is committed only where free-list nodes are written, and pages wholly
/// covered by live blocks are handed back, so the visible region holds no metadata at all and
/// the shadow costs little. Small blocks are served from per-thread caches in front of the
/// allocator (see the crate documentation). The largest free block is found by a binary search
/// of sizes that the allocator can place (placing and at once freeing a block restores its
/// holes exactly, as it merges neighbouring holes on free).
///
/// Blocks are a multiple of 16 bytes and every offset is a multiple of 16.
pub struct LinkedListHeap {
    core: ManagedCore<FirstFitShadow>,
}

impl LinkedListHeap {
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

crate::managed::delegate_to_core!(LinkedListHeap);

/// `linked_list_allocator` running over a shadow mapping whose base is aligned to the
/// heap's size rounded up to a power of two. That alignment makes a shadow pointer's alignment
/// equal to its offset's, for every alignment a block in the heap can have.
struct FirstFitShadow {
    allocator: Heap,
    shadow: MappedRegion,
    total: usize,
    /// The largest alignment that means anything in this heap (`total` rounded up to a power of
    /// two): asking for more can only be met at offset 0, exactly as asking for this much.
    max_align: usize,
    /// Blocks placed one right after another and all still live: see [`LiveStretch`].
    stretch: LiveStretch,
}

/// A stretch of the shadow covered by blocks placed back to back, none freed since.
///
/// The allocator writes its nodes only at the start of free holes, so the shadow pages wholly
/// inside such a stretch hold nothing it will read: they are handed back to the kernel. Without
/// this, filling a heap would commit the whole shadow (the one free hole's node walks through
/// every page), a host cost as large as the heap itself.
#[derive(Default)]
struct LiveStretch {
    start: usize,
    end: usize,
}

impl LiveStretch {
    /// Takes a just-placed block into account; returns a range of the shadow to discard.
    fn placed(&mut self, offset: usize, reserved: usize) -> Option<(usize, usize)> {
        if offset == self.end {
            self.end += reserved;
        } else {
            *self = Self {
                start: offset,
                end: offset + reserved,
            };
        }
        let whole_pages_end = self.end / GRANULARITY * GRANULARITY;
        (whole_pages_end >= self.start.next_multiple_of(GRANULARITY) + GRANULARITY).then(|| {
            let discard = (self.start, whole_pages_end);
            self.start = whole_pages_end;
            discard
        })
    }

    /// Takes a just-released block into account: a stretch it overlaps is live no more.
    fn released(&mut self, offset: usize, reserved: usize) {
        if offset < self.end && offset + reserved > self.start {
            *self = Self::default();
        }
    }
}

impl FirstFitShadow {
    /// Points the allocator at the whole (zeroed) shadow again.
    fn start_allocator(&mut self) {
        let mut allocator = Heap::empty();
        // SAFETY: `[shadow.base(), + total)` is our own mapping, used by nothing but this
        // allocator, alive as long as `self` (which owns both), and `total >= 4096` exceeds the
        // 16 bytes a free-list node needs. The previous allocator is dropped here, so no two
        // allocators share the shadow.
        unsafe { allocator.init(self.shadow.base().as_ptr(), self.total) };
        self.allocator = allocator;
        self.stretch = LiveStretch::default();
    }

    /// Whether `place(size, GRANULE)` would succeed; changes nothing.
    fn fits(&mut self, size: usize) -> bool {
        match self.place(size, GRANULE) {
            Some((offset, reserved)) => {
                self.release(offset, reserved);
                true
            }
            None => false,
        }
    }
}

impl Placement for FirstFitShadow {
    fn new(total: HeapSize) -> Result<Self, HeapError> {
        let total = total.get();
        let max_align = total
            .checked_next_power_of_two()
            .ok_or(HeapError::TooLarge { size: total })?;
        let shadow = MappedRegion::new(total, max_align)?;
        let mut placement = Self {
            allocator: Heap::empty(),
            shadow,
            total,
            max_align,
            stretch: LiveStretch::default(),
        };
        placement.start_allocator();
        Ok(placement)
    }

    fn place(&mut self, size: usize, align: usize) -> Option<(usize, usize)> {
        let align = align.min(self.max_align);
        // Sizes are multiples of the granule (16), which this allocator keeps as they are.
        let layout = Layout::from_size_align(size, align).ok()?;
        let pointer = self.allocator.allocate_first_fit(layout).ok()?;
        let offset = pointer
            .as_ptr()
            .addr()
            .wrapping_sub(self.shadow.base().as_ptr().addr());
        if offset.checked_add(size).is_none_or(|end| end > self.total) {
            // The allocator only hands out shadow addresses, so this cannot happen; if it ever
            // did, refusing keeps the promise that no block lies outside the region.
            // SAFETY: `pointer` was just returned by `allocate_first_fit` for `layout`.
            unsafe { self.allocator.deallocate(pointer, layout) };
            return None;
        }
        if let Some((start, end)) = self.stretch.placed(offset, size) {
            self.shadow.discard(start, end);
        }
        Some((offset, size))
    }

    fn reserved_for(&self, size: usize) -> usize {
        size
    }

    fn release(&mut self, offset: usize, reserved: usize) {
        self.stretch.released(offset, reserved);
        let Ok(layout) = Layout::from_size_align(reserved, GRANULE) else {
            return;
        };
        // SAFETY: `offset` came from `place`, so it is inside the shadow and the pointer is
        // the one `allocate_first_fit` returned; the live record held it until now, so it is
        // freed once, with the size it was allocated with (this allocator ignores the
        // alignment on free).
        unsafe {
            let pointer = self.shadow.base().add(offset);
            self.allocator.deallocate(pointer, layout);
        }
    }

    fn largest_free(&mut self) -> usize {
        // Fitting is monotone in the size, so a binary search over granules finds the largest.
        let (mut fits, mut too_large) = (0, self.total / GRANULE + 1);
        while too_large - fits > 1 {
            let middle = fits + (too_large - fits) / 2;
            if self.fits(middle * GRANULE) {
                fits = middle;
            } else {
                too_large = middle;
            }
        }
        fits * GRANULE
    }

    fn clear(&mut self) {
        self.allocator = Heap::empty();
        self.shadow.zero();
        self.start_allocator();
    }
}
