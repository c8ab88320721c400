//! The chain's implementation of [`MemoryAccess`]: what an engine uses while a chain is
//! attached.

use core::ptr::NonNull;

use crate::{AddressSpace, Chain, ChainError, HitCache, MemoryAccess};

/// Resolves an instance's out-of-linear-memory accesses against an attached chain.
///
/// Built once per call into wasm from the instance's chain handle, its address space and its
/// own [`HitCache`]; it borrows all three, so the chain cannot be dropped while wasm code
/// runs with it.
#[derive(Debug)]
pub struct ChainAccess<'a> {
    chain: &'a Chain,
    start: u64,
    cache: &'a mut HitCache,
}

impl<'a> ChainAccess<'a> {
    /// An accessor for `chain` laid out in `space`, using (and filling) `cache`.
    ///
    /// A cache last used with another chain or space is emptied first. Errors with
    /// [`ChainError::TooLargeForMemory32`] when the chain does not fit `space`.
    pub fn new(
        chain: &'a Chain,
        space: AddressSpace,
        cache: &'a mut HitCache,
    ) -> Result<Self, ChainError> {
        let start = chain.start(space)?;
        cache.claim(chain.id, space);
        Ok(Self {
            chain,
            start,
            cache,
        })
    }

    /// The search, kept out of line so the cache test stays small where it is inlined.
    #[cold]
    #[inline(never)]
    fn resolve_by_search(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        let rel = addr.checked_sub(self.start)?;
        let member = self.chain.member_holding(rel, len)?;
        let ptr = member.region.ptr_at(rel - member.offset)?;
        self.cache
            .remember(self.start + member.offset, member.region, member.read_only);
        Some(ptr)
    }

    /// The search for a write: as [`Self::resolve_by_search`], but `None` for a read-only
    /// member (which is still remembered, so the reads that follow hit the cache).
    #[cold]
    #[inline(never)]
    fn resolve_write_by_search(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        let ptr = self.resolve_by_search(addr, len)?;
        (!self.cache.read_only).then_some(ptr)
    }
}

impl MemoryAccess for ChainAccess<'_> {
    const HAS_CHAIN: bool = true;

    #[inline(always)]
    fn linear_limit(&self) -> u64 {
        self.start
    }

    #[inline(always)]
    fn resolve(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        match self.cache.lookup(addr, len) {
            Some(ptr) => Some(ptr),
            None => self.resolve_by_search(addr, len),
        }
    }

    #[inline(always)]
    fn resolve_write(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        match self.cache.lookup_write(addr, len) {
            Some(ptr) => Some(ptr),
            None => self.resolve_write_by_search(addr, len),
        }
    }
}
