//! The last-hit cache an instance keeps so that runs of accesses to one member skip the search.

use crate::AddressSpace;
use crate::region::Region;

/// Remembers the member that the last resolved access hit: its first app address and its
/// region. Owned by an instance (not shared), lent to [`ChainAccess`](crate::ChainAccess) for
/// one call into wasm.
///
/// The cache only ever shortens the search: it never changes an answer. It remembers which
/// chain and address space it was filled for, and an accessor for any other chain or space
/// empties it first, so a stale entry is never used.
#[derive(Debug, Clone)]
pub struct HitCache {
    /// Which chain (its unique id) and space the entry belongs to.
    pub(crate) owner: Option<(u64, AddressSpace)>,
    /// The app address of the cached member's first byte.
    pub(crate) first: u64,
    /// The cached member's region; empty when nothing is cached.
    pub(crate) region: Region,
    /// Whether the cached member is read-only for wasm code.
    pub(crate) read_only: bool,
}

impl HitCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self {
            owner: None,
            first: 0,
            region: Region::empty(),
            read_only: false,
        }
    }

    /// Forgets the cached member (the next access searches the chain).
    pub fn clear(&mut self) {
        *self = Self::new();
    }

    /// Makes the cache belong to chain `id` in `space`, emptying it if it belonged elsewhere.
    #[inline]
    pub(crate) fn claim(&mut self, id: u64, space: AddressSpace) {
        if self.owner != Some((id, space)) {
            *self = Self {
                owner: Some((id, space)),
                ..Self::new()
            };
        }
    }

    /// The pointer for `[addr, addr + len)` if that range lies inside the cached member.
    ///
    /// A zero-length range at one past the member's last byte is left to the search (it is
    /// rare, and excluding it keeps the empty cache from matching anything).
    #[inline(always)]
    pub(crate) fn lookup(&self, addr: u64, len: u64) -> Option<core::ptr::NonNull<u8>> {
        // Wraps to a huge value when `addr` is below the member, which the test rejects.
        let offset = addr.wrapping_sub(self.first);
        let size = self.region.size();
        if offset < size && len <= size - offset {
            self.region.ptr_at(offset)
        } else {
            None
        }
    }

    /// [`HitCache::lookup`] for a write: `None` also when the cached member is read-only.
    #[inline(always)]
    pub(crate) fn lookup_write(&self, addr: u64, len: u64) -> Option<core::ptr::NonNull<u8>> {
        if self.read_only {
            return None;
        }
        self.lookup(addr, len)
    }

    /// Remembers a member as the last hit.
    #[inline]
    pub(crate) fn remember(&mut self, first: u64, region: Region, read_only: bool) {
        self.first = first;
        self.region = region;
        self.read_only = read_only;
    }
}

impl Default for HitCache {
    fn default() -> Self {
        Self::new()
    }
}
