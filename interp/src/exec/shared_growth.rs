//! Memory 0 may be a shared memory that another thread grows while this one runs. The view
//! in registers then holds a length that is too small, never too large: memories never
//! shrink, and a shared memory's bytes never move (`crate::SharedMemory`). So the fast
//! paths stay exactly as they are, and an access the view rejects is retried here, on its
//! trap path, with the memory's current length before it traps. A thread that synchronised
//! with another thread's growth (through an atomic, a wait or a call) thus sees it.

use super::memory::MemView;
use crate::TrapCode;
use crate::store::StoreInner;

/// The view of memory 0 of instance `inst` with its current length, if memory 0 is shared
/// and has grown past `mem.len`.
#[cold]
#[inline(never)]
pub(super) fn grown_view(s: &StoreInner, inst: u32, mem: MemView) -> Option<MemView> {
    let &memory = s.instances[inst as usize].memories.first()?;
    let len = s.memories[memory as usize].shared()?.data_size();
    (len > mem.len).then_some(MemView {
        base: mem.base,
        len,
    })
}

/// Runs `access` (which must change nothing when it fails) on `*mem`; if it fails and memory
/// 0 has grown meanwhile, takes the current view into `*mem` and runs it once more.
#[inline(always)]
pub(super) fn retry_if_grown<M, R>(
    s: &StoreInner,
    inst: u32,
    m: &mut M,
    mem: &mut MemView,
    access: impl Fn(&mut M, MemView) -> Result<R, TrapCode>,
) -> Result<R, TrapCode> {
    match access(m, *mem) {
        Ok(r) => Ok(r),
        Err(code) => match grown_view(s, inst, *mem) {
            Some(view) => {
                *mem = view;
                access(m, view)
            }
            None => Err(code),
        },
    }
}

/// The current length of memory 0 of instance `inst`, given the view's `len`: they differ
/// only for a shared memory another thread grew.
#[inline]
pub(super) fn current_len(s: &StoreInner, inst: u32, len: u64) -> u64 {
    grown_view(
        s,
        inst,
        MemView {
            base: core::ptr::null_mut(),
            len,
        },
    )
    .map_or(len, |view| view.len)
}
