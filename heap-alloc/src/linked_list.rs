//! The first-fit backend over `linked_list_allocator`, run over a private shadow region.

use core::alloc::Layout;

use heap_core::{HeapError, HeapSize};
use linked_list_allocator::Heap;

use crate::managed::{LiveBlock, LiveTable, ManagedCore, Placement};
use crate::region::MappedRegion;

/// A managed heap with a first-fit free list (`linked_list_allocator` 0.10).
///
/// That allocator stores its free-list nodes inside the memory it manages. Here it manages a
/// private *shadow* mapping of the same size as the visible region, never the region itself:
/// a block at shadow address `shadow_base + k` is handed out as offset `k` of the visible
/// region. The shadow is committed only where free-list nodes are written, so it costs a few
/// pages, and the visible region holds no metadata at all. The largest free block is computed
/// from the host-side table of live blocks: this allocator leaves no unusable fragments (it
/// refuses a hole rather than leave a remainder too small for a node) and merges neighbouring
/// holes on free, so its holes are exactly the gaps between live blocks.
///
/// Blocks are at least two words (16 bytes on 64-bit hosts) and a multiple of a word; every
/// offset is a multiple of a word.
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
        };
        placement.start_allocator();
        Ok(placement)
    }

    fn place(&mut self, size: usize, align: usize) -> Option<(usize, LiveBlock)> {
        let align = align.min(self.max_align);
        let layout = Layout::from_size_align(size, align).ok()?;
        let reserved = linked_list_allocator::hole::HoleList::align_layout(layout)
            .ok()?
            .size();
        let pointer = self.allocator.allocate_first_fit(layout).ok()?;
        let offset = pointer
            .as_ptr()
            .addr()
            .wrapping_sub(self.shadow.base().as_ptr().addr());
        let block = LiveBlock {
            size,
            align,
            reserved,
        };
        if offset
            .checked_add(reserved)
            .is_none_or(|end| end > self.total)
        {
            // The allocator only hands out shadow addresses, so this cannot happen; if it ever
            // did, refusing keeps the promise that no block lies outside the region.
            // SAFETY: `pointer` was just returned by `allocate_first_fit` for `layout`.
            unsafe { self.allocator.deallocate(pointer, layout) };
            return None;
        }
        Some((offset, block))
    }

    fn release(&mut self, offset: usize, block: LiveBlock) {
        let Ok(layout) = Layout::from_size_align(block.size, block.align) else {
            return;
        };
        // SAFETY: `offset` came from `place`, so it is inside the shadow and the pointer is
        // the one `allocate_first_fit` returned; the live table held it until now, so it is
        // freed once, with the layout it was allocated with.
        unsafe {
            let pointer = self.shadow.base().add(offset);
            self.allocator.deallocate(pointer, layout);
        }
    }

    fn largest_free(&mut self, live: &LiveTable) -> usize {
        let mut largest = 0;
        let mut end_of_previous = 0;
        for (&offset, block) in live {
            largest = largest.max(offset.saturating_sub(end_of_previous));
            end_of_previous = offset.saturating_add(block.reserved);
        }
        largest.max(self.total.saturating_sub(end_of_previous))
    }

    fn clear(&mut self) {
        self.allocator = Heap::empty();
        self.shadow.zero();
        self.start_allocator();
    }
}
