//! The memory-access trait the executor's memory-0 operations are generic over.
//!
//! The executor checks every memory-0 access against linear memory first and asks its
//! accessor only when that check fails. The accessor type is picked once per call into wasm:
//! [`NoHeap`] when no shared-heap chain is attached anywhere in the store (its answers are
//! constants, so that instantiation has exactly the code a build without shared heaps has),
//! or, with the `shared-heap` feature, the chain-following accessor of
//! `crate::shared_heap`.
//!
//! This trait is internal so that a build without the `shared-heap` feature does not depend
//! on the `chain` crate at all; with the feature, every [`chain::MemoryAccess`] is one.

use crate::store::StoreInner;
use core::ptr::NonNull;

/// Resolves memory-0 accesses that miss linear memory, for the instance currently running.
pub(crate) trait MemoryAccess {
    /// `false` when no chain can ever answer, so every miss traps and the slow path is
    /// dropped at compile time.
    const HAS_CHAIN: bool;

    /// How large the current instance's linear memory may grow, in bytes.
    fn linear_limit(&self) -> u64;

    /// The native pointer for `len` bytes at app address `addr`, if one shared heap of the
    /// current instance's chain holds the whole range; `None` traps.
    fn resolve(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>>;

    /// [`MemoryAccess::resolve`] for a wasm write: `None` also when the shared heap holding
    /// the range is read-only. Reached only through `exec::memory::heap_write_ptr`.
    #[inline(always)]
    fn resolve_write(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        self.resolve(addr, len)
    }

    /// The native pointer for the `n` bytes (1 to 16) ending at app address `end` (`ea + n`,
    /// saturating) when the accessor can give it without calling anything, from its window
    /// on the shared heap hit last (for a wasm write when `write`: never a read-only one);
    /// `None` leaves the access to [`MemoryAccess::resolve`]. The fast memory handlers try
    /// this inline where the linear bounds check fails, so repeated accesses to one shared
    /// heap cost little more than linear-memory ones.
    #[inline(always)]
    fn window_ptr(_end: u64, _n: u64, _write: bool) -> Option<*mut u8> {
        None
    }

    /// Execution is now in instance `inst` (called wherever the executor refreshes its view
    /// of memory 0): follow that instance's chain, or none.
    #[inline(always)]
    fn enter(&mut self, _store: &StoreInner, _inst: u32) {}
}

/// The accessor for calls in which no instance has a chain: every miss traps, exactly as
/// the WebAssembly spec says, and nothing costs an instruction.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NoHeap;

impl MemoryAccess for NoHeap {
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

/// Any accessor of the `chain` crate works for a single instance (it never switches).
#[cfg(feature = "shared-heap")]
impl<M: chain::MemoryAccess> MemoryAccess for M {
    const HAS_CHAIN: bool = M::HAS_CHAIN;

    #[inline(always)]
    fn linear_limit(&self) -> u64 {
        chain::MemoryAccess::linear_limit(self)
    }

    #[inline(always)]
    fn resolve(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        chain::MemoryAccess::resolve(self, addr, len)
    }

    #[inline(always)]
    fn resolve_write(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        chain::MemoryAccess::resolve_write(self, addr, len)
    }
}
