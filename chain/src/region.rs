//! A member's native region as plain numbers: where it starts and how long it is.

use core::ptr::NonNull;

/// The native bytes of one chain member: `[base, base + size)`.
///
/// Holding a `NonNull` makes a type neither `Send` nor `Sync` by default. A `Region` is only an
/// address and a length; it never dereferences anything by itself. Every read or write through
/// a pointer it produces happens in code that borrows the chain owning the region, which keeps
/// the region alive, so moving or sharing the numbers across threads is sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    base: NonNull<u8>,
    size: u64,
}

// SAFETY: see the type's doc: a `Region` is an address and a length, never dereferenced on its
// own; the heap that owns the bytes is `Send + Sync` (`HeapBackend: Send + Sync`).
unsafe impl Send for Region {}
// SAFETY: as for `Send`: shared access to two numbers cannot race.
unsafe impl Sync for Region {}

impl Region {
    /// A region that starts at `base` and spans `size` bytes of one allocation.
    pub(crate) fn new(base: NonNull<u8>, size: u64) -> Self {
        Self { base, size }
    }

    /// The empty region, for a cache that holds nothing: no offset is ever inside it.
    pub(crate) fn empty() -> Self {
        Self {
            base: NonNull::dangling(),
            size: 0,
        }
    }

    /// The length in bytes.
    pub(crate) fn size(self) -> u64 {
        self.size
    }

    /// A pointer `offset` bytes into the region; `offset == size` gives the one-past-the-end
    /// pointer. `None` beyond that.
    #[inline(always)]
    pub(crate) fn ptr_at(self, offset: u64) -> Option<NonNull<u8>> {
        if offset > self.size {
            return None;
        }
        // The region lies in this host's memory, so its size (and any offset up to it) fits
        // in usize.
        let offset = usize::try_from(offset).ok()?;
        // SAFETY: `offset <= size`, and `[base, base + size)` is one allocation (the heap's
        // region), so the result stays inside it or one past its end, as `add` requires.
        Some(unsafe { self.base.add(offset) })
    }

    /// How far `ptr` lies into the region, if it points at one of the region's bytes.
    pub(crate) fn offset_of(self, ptr: *const u8) -> Option<u64> {
        let offset = ptr.addr().checked_sub(self.base.as_ptr().addr())?;
        let offset = u64::try_from(offset).ok()?;
        (offset < self.size).then_some(offset)
    }
}
