//! The trait an engine's memory operations are generic over.
//!
//! An engine checks every memory-0 access against the linear memory's size first. Only when
//! that check fails does it ask its `MemoryAccess` whether a shared heap holds the range. With
//! [`NoChain`] that question is answered by a constant `None`, so an engine monomorphized over
//! it has exactly the code it would have without shared heaps. With a chain attached, the
//! engine uses [`ChainAccess`](crate::ChainAccess), which answers from the instance's own
//! [`HitCache`](crate::HitCache) when it can and searches the chain otherwise.
//!
//! The trait does not name the chain type, so any engine can write its memory operations once,
//! generic over `MemoryAccess`, and any chain-like structure can serve them.

use core::ptr::NonNull;

/// Resolves memory-0 accesses that miss linear memory.
///
/// Engines take this as a generic parameter and pick the implementation once per call into
/// wasm (never per instruction): [`NoChain`] when no chain is attached, the chain's accessor
/// otherwise.
pub trait MemoryAccess {
    /// `false` when no chain can ever answer, so every miss traps; lets an engine drop the
    /// slow path at compile time.
    const HAS_CHAIN: bool;

    /// The lowest app address the attached chain occupies in this instance's address space:
    /// linear memory may grow up to exactly this many bytes. `u64::MAX` when there is no chain.
    fn linear_limit(&self) -> u64;

    /// Resolves the `len`-byte range at app address `addr` (the effective address, computed
    /// without wrap-around) to a native pointer, if the whole range lies inside one member of
    /// the chain. A zero-length range resolves anywhere from a member's first byte to one past
    /// its last. `None` means the access traps with "out of bounds memory access".
    ///
    /// The pointer is valid for `len` bytes of raw-pointer reads and writes for as long as the
    /// chain stays attached. Other threads' wasm code may write the same bytes concurrently, so
    /// never form `&[u8]` over them.
    fn resolve(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>>;

    /// [`MemoryAccess::resolve`] for a wasm write (a store, an atomic write, the destination
    /// of `memory.fill`/`copy`/`init`): `None` also when the member holding the range is
    /// read-only ([`Chain::set_read_only`](crate::Chain::set_read_only)). Engines send every
    /// write that misses linear memory here, and only writes. The default, for accessors
    /// without read-only members, is `resolve`.
    #[inline(always)]
    fn resolve_write(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        self.resolve(addr, len)
    }

    /// The native pointer for the `n` bytes (1 to 16) ending at app address `end` (`addr +
    /// n`, saturating) when the accessor can give it without calling anything, from its
    /// window on the shared heap hit last (for a wasm write when `write`: never a read-only
    /// one); `None` leaves the access to [`MemoryAccess::resolve`]. Engines may try this
    /// inline where their linear bounds check fails, so repeated accesses to one shared heap
    /// cost little more than linear-memory ones. The default has no window.
    #[inline(always)]
    fn window_ptr(_end: u64, _n: u64, _write: bool) -> Option<*mut u8> {
        None
    }

    /// Execution moved to instance `instance` (the engine's own numbering): an accessor
    /// serving several instances follows that instance's chain from now on. Engines call it
    /// wherever they refresh their view of memory 0. The default, for accessors of one
    /// instance, does nothing.
    #[inline(always)]
    fn enter(&mut self, _instance: u32) {}
}

/// The accessor for an instance with no chain attached: every access beyond linear memory
/// traps, exactly as the WebAssembly spec says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoChain;

impl MemoryAccess for NoChain {
    const HAS_CHAIN: bool = false;

    #[inline(always)]
    fn linear_limit(&self) -> u64 {
        u64::MAX
    }

    #[inline(always)]
    fn resolve(&mut self, _addr: u64, _len: u64) -> Option<NonNull<u8>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_chain_never_resolves_and_never_limits() {
        let mut access = NoChain;
        assert_eq!(access.linear_limit(), u64::MAX);
        assert_eq!(access.resolve(0xFFFF_F000, 4), None);
        assert_eq!(access.resolve(0, 0), None);
        assert_eq!(NoChain::window_ptr(1, 1, false), None);
    }
}
