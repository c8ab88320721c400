//! Unchecked access to the current frame's slots.

use crate::instr::Slot;

/// The current frame: a pointer to its slot 0 in the value stack.
///
/// Invariant (established by the executor, relied on by every method): the value stack has
/// at least `frame_size` slots from `fp`, and translation only emits slot indices below the
/// function's `frame_size`.
#[derive(Clone, Copy)]
pub(super) struct Regs {
    pub fp: *mut u64,
}

impl Regs {
    #[inline(always)]
    pub fn get(self, s: Slot) -> u64 {
        // SAFETY: `s < frame_size` (translation) and the stack holds `frame_size` slots from
        // `fp` (executor), so the read is in bounds of the value stack's allocation.
        unsafe { *self.fp.add(s as usize) }
    }

    #[inline(always)]
    pub fn set(self, s: Slot, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *self.fp.add(s as usize) = v }
    }

    #[inline(always)]
    pub fn i32(self, s: Slot) -> i32 {
        self.get(s) as u32 as i32
    }

    #[inline(always)]
    pub fn u32(self, s: Slot) -> u32 {
        self.get(s) as u32
    }

    #[inline(always)]
    pub fn i64(self, s: Slot) -> i64 {
        self.get(s) as i64
    }

    #[inline(always)]
    pub fn f32(self, s: Slot) -> f32 {
        f32::from_bits(self.get(s) as u32)
    }

    #[inline(always)]
    pub fn f64(self, s: Slot) -> f64 {
        f64::from_bits(self.get(s))
    }

    /// Writes an i32 zero-extended (the slot encoding memory32 addresses rely on).
    #[inline(always)]
    pub fn set_i32(self, s: Slot, v: i32) {
        self.set(s, u64::from(v as u32))
    }

    #[inline(always)]
    pub fn set_u32(self, s: Slot, v: u32) {
        self.set(s, u64::from(v))
    }

    #[inline(always)]
    pub fn set_i64(self, s: Slot, v: i64) {
        self.set(s, v as u64)
    }

    #[inline(always)]
    pub fn set_f32(self, s: Slot, v: f32) {
        self.set(s, u64::from(v.to_bits()))
    }

    #[inline(always)]
    pub fn set_f64(self, s: Slot, v: f64) {
        self.set(s, v.to_bits())
    }

    #[inline(always)]
    pub fn set_bool(self, s: Slot, v: bool) {
        self.set(s, u64::from(v))
    }
}
