//! Constant slots: constants that no instruction can take as an immediate (floats, and i64s
//! that do not fit 32 bits) cost a `Const` dispatch each time they are pushed. Inside a loop
//! that is once per iteration, for a value that never changes. Such a constant instead gets
//! a slot of its own, written once by the function's first instructions, and every
//! `*.const` of that value becomes a lazy reference to the slot (an [`Operand::Local`] that
//! nothing ever overwrites), so the loop reads it for free.
//!
//! The slots sit between the locals and the operand stack, so their number must be known
//! before the body is translated. The first translation pass records the constants it sees
//! inside loops; if there are any, the body is translated again (without validating it a
//! second time) with those constants given slots. Functions without such constants are
//! translated once, as before.

use super::FuncTranslator;
use super::control::ControlKind;
use super::stack::Operand;
use crate::instr::{Instr, Slot};

/// At most this many constants get slots: each costs one instruction per call.
const MAX_CONST_SLOTS: usize = 16;

/// The constant slots of one translation pass.
#[derive(Debug, Default)]
pub(super) struct ConstSlots {
    /// Slot bits of the constants that have slots, slot `first + i` holding `values[i]`
    /// (second pass); empty in the first pass.
    values: Vec<u64>,
    /// The slot of `values[0]`.
    first: Slot,
    /// Slot bits of the constants seen inside loops that have no slot (first pass).
    wanted: Vec<u64>,
}

impl ConstSlots {
    /// Constant slots for `values` (from a first pass's [`ConstSlots::wanted`]), starting at
    /// slot `first`.
    pub(super) fn new(values: Vec<u64>, first: Slot) -> Self {
        ConstSlots {
            values,
            first,
            wanted: Vec::new(),
        }
    }

    /// How many slots the constants take.
    pub(super) fn len(&self) -> u32 {
        self.values.len() as u32
    }

    /// The constants a second pass should give slots (none: one pass is enough).
    pub(super) fn wanted(&self) -> &[u64] {
        &self.wanted
    }

    fn slot_of(&self, value: u64) -> Option<Slot> {
        let i = self.values.iter().position(|&v| v == value)?;
        Some(self.first + i as Slot)
    }
}

impl FuncTranslator<'_> {
    /// Emits the instructions that fill the constant slots (at the start of the function).
    pub(super) fn fill_const_slots(&mut self) {
        for i in 0..self.consts.values.len() {
            let value = self.consts.values[i];
            let dst = self.consts.first + i as Slot;
            self.emit(Instr::Const64 { dst, value });
        }
    }

    /// Pushes constant `value` (slot bits) as a reference to its slot, if it has one;
    /// otherwise notes it if it is inside a loop, and returns false (the caller emits it).
    pub(super) fn push_slot_const(&mut self, value: u64) -> bool {
        if let Some(slot) = self.consts.slot_of(value) {
            self.push_operand(Operand::Local(slot), false);
            return true;
        }
        let in_loop = self
            .control
            .iter()
            .any(|c| matches!(c.kind, ControlKind::Loop(_)));
        let wanted = &mut self.consts.wanted;
        if in_loop && wanted.len() < MAX_CONST_SLOTS && !wanted.contains(&value) {
            wanted.push(value);
        }
        false
    }
}
