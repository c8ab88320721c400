//! The executor's side of the threads proposal's instructions: find the bytes (linear
//! memory, else one heap of the chain, as for every access), check their alignment, then
//! run the operation (`crate::atomics`).

use core::sync::atomic::{Ordering, fence};

use super::active_frame::ActiveFrame;
use super::dispatch::Ctx;
use super::memory::MemView;
use crate::TrapCode;
use crate::atomics::{AtomicKind, AtomicOp, cell, parking};
use crate::instr::Slot;
use crate::mem_access::MemoryAccess;
use crate::store::StoreInner;

/// Runs `Instr::Atomic { op, base, offset }`, whose operands are in the slots from `base`;
/// returns its result (0 for those without one), for the handler to write to `base`.
///
/// The frame comes by value and the result goes back in registers: a handler that lent a
/// local's address to a call could no longer end in a tail call (the next handler would be
/// called with this one's stack frame still live).
#[inline(never)]
pub(super) fn execute<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mem: MemView,
    op: AtomicOp,
    base: Slot,
    offset: u32,
) -> Result<u64, TrapCode> {
    let kind = op.kind();
    if kind == AtomicKind::Fence {
        fence(Ordering::SeqCst);
        return Ok(0);
    }
    let width = op.width();
    let n = u64::from(width);
    let addr = regs.get(base);
    // Alignment is checked before bounds, on the effective address, as the proposal's
    // reference interpreter does. An effective address past 2^64 is out of bounds.
    let ea = addr
        .checked_add(u64::from(offset))
        .ok_or(TrapCode::MemoryOutOfBounds)?;
    if !ea.is_multiple_of(n) {
        return Err(TrapCode::UnalignedAtomic);
    }
    // The same lookups as scalar loads and stores, so a read-only heap refuses every
    // atomic that may write it, as it refuses stores.
    let p = if kind.writes() {
        mem.ptr_for_write(cx.m, addr, offset, n)?
    } else {
        mem.ptr(cx.m, addr, offset, n)?
    };
    if !cell::is_aligned(p, width) {
        return Err(TrapCode::UnalignedAtomic);
    }
    let operand = |i: u32| {
        if kind.operands() > i as usize {
            regs.get(base + i)
        } else {
            0
        }
    };
    let (a, b) = (operand(1), operand(2));
    Ok(match kind {
        AtomicKind::Wait | AtomicKind::Notify => {
            // Linear memory follows the proposal (wait traps and notify wakes nobody
            // unless it is shared); heaps are shared by nature.
            let linear = mem.linear_ptr(addr, offset, n).is_some();
            let shared = !linear || memory_zero_is_shared(&cx.store.inner, cx.inst);
            if kind == AtomicKind::Notify {
                if shared {
                    u64::from(parking::notify(p.addr(), a as u32))
                } else {
                    0
                }
            } else {
                if !shared {
                    return Err(TrapCode::ExpectedSharedMemory);
                }
                let expected = a & width_mask(width);
                let timeout = parking::timeout_from_nanos(b as i64);
                // SAFETY: `p` is valid for `width` bytes (the lookup above) and aligned
                // (checked above); the memory outlives the call (the instance holds it).
                let still = || unsafe { cell::load(p, width) } == expected;
                parking::wait(p.addr(), still, timeout) as u64
            }
        }
        // SAFETY: as above.
        _ => unsafe { cell::apply(p, width, kind, a, b) },
    })
}

/// The bits an access of `width` bytes keeps.
fn width_mask(width: u8) -> u64 {
    u64::MAX >> (64 - 8 * u32::from(width))
}

/// Whether the running instance's memory 0 was declared `shared`.
fn memory_zero_is_shared(s: &StoreInner, inst: u32) -> bool {
    s.instances[inst as usize]
        .memories
        .first()
        .is_some_and(|&m| s.memories[m as usize].ty.shared)
}
