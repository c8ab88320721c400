//! Unchecked access to the current frame's slots, and the accumulator.

use crate::instr::Slot;

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
pub(super) struct Regs {
    pub fp: *mut u64,
    pub acc: u64,
}

impl Regs {
    /// The frame at `fp`, with nothing in the accumulator yet.
    #[inline(always)]
    pub fn at(fp: *mut u64) -> Regs {
        Regs { fp, acc: 0 }
    }

    #[inline(always)]
    pub fn get(self, s: Slot) -> u64 {
        // SAFETY: `s < frame_size` (translation) and the stack holds `frame_size` slots from
        // `fp` (executor), so the read is in bounds of the value stack's allocation.
        unsafe { *self.fp.add(s as usize) }
    }

    /// Writes slot `s`; the value is also the new accumulator.
    #[inline(always)]
    pub fn set(&mut self, s: Slot, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *self.fp.add(s as usize) = v }
        self.acc = v;
    }

    #[inline(always)]
    pub fn i32(self, s: Slot) -> i32 {
        bits::i32(self.get(s))
    }

    #[inline(always)]
    pub fn u32(self, s: Slot) -> u32 {
        bits::u32(self.get(s))
    }

    #[inline(always)]
    pub fn i64(self, s: Slot) -> i64 {
        bits::i64(self.get(s))
    }

    #[inline(always)]
    pub fn f32(self, s: Slot) -> f32 {
        bits::f32(self.get(s))
    }

    #[inline(always)]
    pub fn f64(self, s: Slot) -> f64 {
        bits::f64(self.get(s))
    }

    /// Writes an i32 zero-extended (the slot encoding memory32 addresses rely on).
    #[inline(always)]
    pub fn set_i32(&mut self, s: Slot, v: i32) {
        self.set(s, u64::from(v as u32))
    }

    #[inline(always)]
    pub fn set_u32(&mut self, s: Slot, v: u32) {
        self.set(s, u64::from(v))
    }

    #[inline(always)]
    pub fn set_i64(&mut self, s: Slot, v: i64) {
        self.set(s, v as u64)
    }

    #[inline(always)]
    pub fn set_f32(&mut self, s: Slot, v: f32) {
        self.set(s, u64::from(v.to_bits()))
    }

    #[inline(always)]
    pub fn set_f64(&mut self, s: Slot, v: f64) {
        self.set(s, v.to_bits())
    }

    #[inline(always)]
    pub fn set_bool(&mut self, s: Slot, v: bool) {
        self.set(s, u64::from(v))
    }
}

/// A slot's bits read as each value type (named like [`Regs`]' getters, so the handler
/// macros can read the accumulator with the same type name they read a slot with).
pub(super) mod bits {
    #[inline(always)]
    pub fn get(b: u64) -> u64 {
        b
    }

    #[inline(always)]
    pub fn i32(b: u64) -> i32 {
        b as u32 as i32
    }

    #[inline(always)]
    pub fn u32(b: u64) -> u32 {
        b as u32
    }

    #[inline(always)]
    pub fn i64(b: u64) -> i64 {
        b as i64
    }

    #[inline(always)]
    pub fn f32(b: u64) -> f32 {
        f32::from_bits(b as u32)
    }

    #[inline(always)]
    pub fn f64(b: u64) -> f64 {
        f64::from_bits(b)
    }
}
