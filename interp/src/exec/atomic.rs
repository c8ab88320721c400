//! The executor's side of the threads proposal's instructions: find the bytes (linear
//! memory, else one heap of the chain, as for every access), check their alignment, then
//! run the operation (`crate::atomics`).

use core::sync::atomic::{Ordering, fence};

use super::active_frame::ActiveFrame;
use super::dispatch::Ctx;
use super::memory::MemView;
use crate::TrapCode;
use crate::atomics::parking::{WaitCanceller, WaitResult};
use crate::atomics::{AtomicKind, AtomicOp, cell, parking};
use crate::code_cell::CodeCell;
use crate::instr::{Instr, Slot};
use crate::mem_access::MemoryAccess;
use crate::store::StoreInner;

/// Runs the `Instr::Atomic` or `Instr::AtomicAt` at `ip`, whose operands are in the slots
/// from its `base`; returns its result (0 for those without one), for the handler to write
/// to `base`, or `None` having recorded the trap in `cx`.
///
/// Everything comes by value and the result goes back in registers (`Option<u64>`; a
/// `Result<u64, TrapCode>` would be returned through memory): a handler that lent a local's
/// address to a call could no longer end in a tail call (the next handler would be called
/// with this one's stack frame still live, and a long run would exhaust the host stack).
#[inline(never)]
pub(super) fn execute<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mem: MemView,
    ip: *const CodeCell,
) -> Option<u64> {
    // SAFETY: the handlers call this with `ip` at their own instruction.
    let instr = unsafe { (*ip).instr };
    let outcome = match instr {
        Instr::Atomic { op, base, offset } => on_memory_zero(cx, regs, mem, op, base, offset),
        // SAFETY: `AtomicAt` is always followed by its `MemoryOperand`.
        Instr::AtomicAt { op, base, offset } => match unsafe { (*ip.add(1)).instr } {
            Instr::MemoryOperand { memory, .. } => {
                on_other_memory(cx, regs, memory, op, base, offset)
            }
            _ => Err(TrapCode::MemoryOutOfBounds),
        },
        _ => Err(TrapCode::Unreachable),
    };
    match outcome {
        Ok(result) => Some(result),
        Err(code) => {
            cx.error = Some(crate::error::Error::trap(code));
            None
        }
    }
}

/// `Instr::Atomic`: memory 0, with its chain.
fn on_memory_zero<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mut mem: MemView,
    op: AtomicOp,
    base: Slot,
    offset: u32,
) -> Result<u64, TrapCode> {
    let kind = op.kind();
    if kind == AtomicKind::Fence {
        fence(Ordering::SeqCst);
        return Ok(0);
    }
    let n = u64::from(op.width());
    let addr = regs.get(base);
    check_alignment(addr, offset, n)?;
    // The same lookups as scalar loads and stores, so a read-only heap refuses every
    // atomic that may write it, as it refuses stores; and a shared memory another thread
    // grew is seen (`shared_growth`).
    let p = if kind.writes() {
        mem.ptr_for_write(cx, addr, offset, n)?
    } else {
        mem.ptr(cx, addr, offset, n)?
    };
    // Linear memory follows the proposal (wait traps and notify wakes nobody unless it is
    // shared); heaps are shared by nature.
    let shared = || {
        mem.linear_ptr(addr, offset, n).is_none() || memory_zero_is_shared(&cx.store.inner, cx.inst)
    };
    run(
        p,
        op,
        operands(regs, base, kind),
        shared,
        canceller(&cx.store.inner),
    )
}

/// `Instr::AtomicAt`: memory `memory` (module index, not 0) of the running instance, which
/// has no chain: its bytes, else a trap.
fn on_other_memory<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    memory: u32,
    op: AtomicOp,
    base: Slot,
    offset: u32,
) -> Result<u64, TrapCode> {
    let kind = op.kind();
    let n = u64::from(op.width());
    let addr = regs.get(base);
    check_alignment(addr, offset, n)?;
    let s = &mut cx.store.inner;
    let index = s.instances[cx.inst as usize].memories[memory as usize];
    let data = &mut s.memories[index as usize];
    // `check_alignment` made sure `addr + offset` does not overflow.
    let ea = addr + u64::from(offset);
    if ea.checked_add(n).is_none_or(|end| end > data.len()) {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    let shared = data.is_shared();
    // `ea + n <= len`: within the memory's allocation.
    let p = data.base().wrapping_add(ea as usize);
    let canceller = canceller(s);
    run(p, op, operands(regs, base, kind), || shared, canceller)
}

/// What may cancel a wait of the running store: its interrupt, if it is interruptible.
fn canceller(s: &StoreInner) -> Option<&WaitCanceller> {
    s.engine.interruptible().then_some(&*s.interrupt)
}

/// Traps as the proposal's reference interpreter does, before the bounds check: an
/// effective address past 2^64 is out of bounds; one not a multiple of the width is
/// unaligned.
fn check_alignment(addr: u64, offset: u32, n: u64) -> Result<(), TrapCode> {
    let ea = addr
        .checked_add(u64::from(offset))
        .ok_or(TrapCode::MemoryOutOfBounds)?;
    if ea.is_multiple_of(n) {
        Ok(())
    } else {
        Err(TrapCode::UnalignedAtomic)
    }
}

/// The operands after the address: the value (or expected value) and the replacement (or
/// timeout), 0 where the instruction has none.
fn operands(regs: ActiveFrame, base: Slot, kind: AtomicKind) -> (u64, u64) {
    let operand = |i: u32| {
        if kind.operands() > i as usize {
            regs.get(base + i)
        } else {
            0
        }
    };
    (operand(1), operand(2))
}

/// Runs `op` on the bytes at `p`, which lie inside the addressed memory or heap; `shared`
/// tells whether that memory is shared (wait traps, notify wakes nobody, otherwise); a wait
/// cancelled by `canceller` (the store's interrupt) traps with [`TrapCode::Interrupted`].
fn run(
    p: *mut u8,
    op: AtomicOp,
    (a, b): (u64, u64),
    shared: impl Fn() -> bool,
    canceller: Option<&WaitCanceller>,
) -> Result<u64, TrapCode> {
    let (kind, width) = (op.kind(), op.width());
    if !cell::is_aligned(p, width) {
        return Err(TrapCode::UnalignedAtomic);
    }
    Ok(match kind {
        AtomicKind::Notify if shared() => u64::from(parking::notify(p.addr(), a as u32)),
        AtomicKind::Notify => 0,
        AtomicKind::Wait if !shared() => return Err(TrapCode::ExpectedSharedMemory),
        AtomicKind::Wait => {
            let expected = a & width_mask(width);
            let timeout = parking::timeout_from_nanos(b as i64);
            // SAFETY: `p` is valid for `width` bytes (the caller's lookup) and aligned
            // (checked above); the memory outlives the call (the instance holds it).
            let still = || unsafe { cell::load(p, width) } == expected;
            match parking::wait(p.addr(), still, timeout, canceller) {
                WaitResult::Cancelled => {
                    // The trap consumes the request, as when a slice of fuel runs out.
                    if let Some(canceller) = canceller {
                        canceller.take_request();
                    }
                    return Err(TrapCode::Interrupted);
                }
                result => result as u64,
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
        .is_some_and(|&m| s.memories[m as usize].is_shared())
}
