//! The running frame's slots and the accumulator, and the operand kinds handlers read
//! through them.

use super::unchecked::slot_ptr;
use crate::instr::Slot;
use crate::slot_bits::{ImmValue, SlotValue};

/// The current frame (a pointer to its slot 0 in the value stack) and the accumulator: the
/// bits of the last value a handler wrote to a slot, which the next handler receives in a
/// register.
///
/// Instructions whose operand is the result of the instruction just before them read it
/// from `acc` instead of its slot (translation picks those `...Acc` forms), which takes
/// the store-then-load round trip through memory off a chain of dependent operations.
///
/// Invariant (established by the executor, relied on by every method): the value stack has
/// at least `frame_size` slots from `fp`, and translation only emits slot indices below the
/// function's `frame_size`.
#[derive(Clone, Copy)]
pub(super) struct ActiveFrame {
    pub fp: *mut u64,
    pub acc: u64,
}

impl ActiveFrame {
    /// The frame at `fp`, with nothing in the accumulator yet.
    #[inline(always)]
    pub fn at(fp: *mut u64) -> ActiveFrame {
        ActiveFrame { fp, acc: 0 }
    }

    #[inline(always)]
    pub fn get(self, s: Slot) -> u64 {
        // SAFETY: `s < frame_size` (translation) and the stack holds `frame_size` slots from
        // `fp` (executor), so the read is in bounds of the value stack's allocation.
        unsafe { *slot_ptr(self.fp, s) }
    }

    /// Writes slot `s`; the value is also the new accumulator.
    #[inline(always)]
    pub fn set(&mut self, s: Slot, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *slot_ptr(self.fp, s) = v }
        self.acc = v;
    }

    #[inline(always)]
    pub fn u32(self, s: Slot) -> u32 {
        self.get(s) as u32
    }

    #[inline(always)]
    pub fn set_u32(&mut self, s: Slot, v: u32) {
        self.set(s, u64::from(v))
    }
}

/// Where a handler reads an operand from: a slot, the accumulator or the instruction's
/// immediate. Every form of an operation reads its operands through [`Operand::read`], so
/// the forms differ only in this type.
pub(super) trait Operand<V> {
    /// The operand's value in the frame `regs`.
    fn read(self, regs: ActiveFrame) -> V;
}

/// An operand in frame slot `.0`.
#[derive(Clone, Copy)]
pub(super) struct InSlot(pub Slot);

/// The accumulator as an operand.
#[derive(Clone, Copy)]
pub(super) struct InAcc;

/// An immediate operand (sign-extended to the operand type).
#[derive(Clone, Copy)]
pub(super) struct InImm(pub i32);

/// A value the handler computed itself (the inner operation of a fused instruction).
#[derive(Clone, Copy)]
pub(super) struct InValue<V>(pub V);

impl<V: SlotValue> Operand<V> for InSlot {
    #[inline(always)]
    fn read(self, regs: ActiveFrame) -> V {
        V::from_bits(regs.get(self.0))
    }
}

impl<V: SlotValue> Operand<V> for InAcc {
    #[inline(always)]
    fn read(self, regs: ActiveFrame) -> V {
        V::from_bits(regs.acc)
    }
}

impl<V: ImmValue> Operand<V> for InImm {
    #[inline(always)]
    fn read(self, _regs: ActiveFrame) -> V {
        V::from_imm(self.0)
    }
}

impl<V> Operand<V> for InValue<V> {
    #[inline(always)]
    fn read(self, _regs: ActiveFrame) -> V {
        self.0
    }
}
