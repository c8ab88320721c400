//! `malloc` and `free` on a chain, routed to its managed member.

use core::ptr::NonNull;
use core::sync::atomic::Ordering;

use heap_core::{HeapStats, ManagedBackend};

use crate::chain::Member;
use crate::{AddressSpace, Chain, FreeError, Heap};

/// The alignment of blocks from [`Chain::malloc`]: enough for any wasm scalar (the largest,
/// `i64`/`f64`, is 8 bytes), as WAMR's shared-heap malloc gives.
pub const MALLOC_ALIGN: usize = 8;

impl Chain {
    /// The managed member and its backend, if the chain has one.
    fn managed_member(&self) -> Option<(&Member, &dyn ManagedBackend)> {
        let member = self.members.get(self.managed?)?;
        match &member.heap {
            Heap::Managed(backend) => Some((member, backend.as_ref())),
            Heap::PreAllocated(_) => None,
        }
    }

    /// Allocates `size` bytes (aligned to [`MALLOC_ALIGN`]) from the managed member and
    /// returns the block's app address in `space` and its native pointer.
    ///
    /// `None` when the chain has no managed member, the managed member has no room, or the
    /// chain does not fit `space`. A `size` of 0 gets a distinct 1-byte block. Thread-safe.
    pub fn malloc(&self, space: AddressSpace, size: u64) -> Option<(u64, NonNull<u8>)> {
        let start = self.start(space).ok()?;
        let (member, backend) = self.managed_member()?;
        let offset = backend
            .alloc(usize::try_from(size).ok()?, MALLOC_ALIGN)
            .ok()?;
        let offset = u64::try_from(offset).ok()?;
        // Trust the backend only as far as its region goes.
        if offset >= member.region.size() {
            return None;
        }
        Some((
            start + member.offset + offset,
            member.region.ptr_at(offset)?,
        ))
    }

    /// Frees the block that starts at app address `addr` in `space`. Thread-safe.
    ///
    /// Anything but the start of a live block in the managed member changes nothing and
    /// returns an error; such attempts are counted in [`HeapStats::invalid_frees`].
    pub fn free(&self, space: AddressSpace, addr: u64) -> Result<(), FreeError> {
        let start = self.start(space)?;
        let Some((member, backend)) = self.managed_member() else {
            return Err(FreeError::NoManagedHeap { addr });
        };
        let offset = addr
            .checked_sub(start + member.offset)
            .filter(|&offset| offset < member.region.size())
            .and_then(|offset| usize::try_from(offset).ok());
        let Some(offset) = offset else {
            self.stray_frees.fetch_add(1, Ordering::Relaxed);
            return Err(FreeError::NotInManagedHeap { addr });
        };
        backend
            .free(offset)
            .map_err(|_| FreeError::NotALiveBlock { addr })
    }

    /// The managed member's statistics, or `None` without one. `invalid_frees` also counts
    /// frees of addresses outside the managed member.
    pub fn stats(&self) -> Option<HeapStats> {
        let (_, backend) = self.managed_member()?;
        let mut stats = backend.stats();
        stats.invalid_frees = stats
            .invalid_frees
            .saturating_add(self.stray_frees.load(Ordering::Relaxed));
        Some(stats)
    }
}
