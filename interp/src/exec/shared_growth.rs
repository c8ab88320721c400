//! Memory 0 may be a shared memory that another thread grows while this one runs. The view
//! in registers then holds a length that is too small, never too large: memories never
//! shrink, and a shared memory's bytes never move (`crate::SharedMemory`). So the fast
//! paths stay exactly as they are, and an access the view rejects is retried, on its trap
//! path, with the memory's current length before it traps: in one place, the view's slow
//! resolution (`MemView::ptr`, `MemView::range` and their write forms), which every access
//! that missed the fast path goes through. A thread that synchronised with another
//! thread's growth (through an atomic, a wait or a call) thus sees it.

use crate::store::StoreInner;

/// The current length of memory 0 of instance `inst`, if memory 0 is shared and has grown
/// past `len` (the length the caller's view holds).
///
/// Taking everything by value and answering in registers (no closure, no reference to a
/// local) keeps the jump of each handler that may call it to the next one a tail call.
#[cold]
#[inline(never)]
pub(super) fn grown_len(s: &StoreInner, inst: u32, len: u64) -> Option<u64> {
    let &memory = s.instances[inst as usize].memories.first()?;
    let now = s.memories[memory as usize].shared()?.data_size();
    (now > len).then_some(now)
}

/// The current length of memory 0 of instance `inst`, given the view's `len`: they differ
/// only for a shared memory another thread grew.
#[inline]
pub(super) fn current_len(s: &StoreInner, inst: u32, len: u64) -> u64 {
    grown_len(s, inst, len).unwrap_or(len)
}
