//! The translator's virtual operand stack.
//!
//! Each wasm stack position `i` owns slot `num_locals + i`. A position either holds its value
//! in that slot (`Temp`) or still refers to a local (`Local`): `local.get` emits nothing and
//! later instructions read the local's slot directly. A `Local` entry is copied into its own
//! slot ("materialized") before that local is overwritten and wherever values must sit in
//! their positions (block boundaries, calls, bulk operations).

use super::FuncTranslator;
use crate::instr::{Instr, Slot};

/// Where a stack position's value currently lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Operand {
    /// In the position's own slot.
    Temp,
    /// Still in this local's slot.
    Local(Slot),
}

impl FuncTranslator<'_> {
    /// The slot that owns stack position `index`.
    pub(super) fn position_slot(&self, index: usize) -> Slot {
        self.num_locals + index as Slot
    }

    /// The slot where the value at stack position `index` currently lives.
    pub(super) fn operand_slot(&self, index: usize) -> Slot {
        match self.stack[index] {
            Operand::Temp => self.position_slot(index),
            Operand::Local(l) => l,
        }
    }

    /// Pushes a value that will be written to its own slot; returns that slot.
    pub(super) fn push_temp(&mut self) -> Slot {
        self.stack.push(Operand::Temp);
        self.note_height();
        self.position_slot(self.stack.len() - 1)
    }

    /// Pushes a lazy reference to a local.
    pub(super) fn push_local(&mut self, local: Slot) {
        self.stack.push(Operand::Local(local));
        self.local_refs += 1;
        self.note_height();
    }

    fn note_height(&mut self) {
        self.max_height = self.max_height.max(self.stack.len() as u32);
    }

    /// Pops the top value and returns the slot it lives in.
    pub(super) fn pop(&mut self) -> Slot {
        let index = self.stack.len().saturating_sub(1);
        let slot = if self.stack.is_empty() {
            self.position_slot(0)
        } else {
            self.operand_slot(index)
        };
        if let Some(Operand::Local(_)) = self.stack.pop() {
            self.local_refs -= 1;
        }
        slot
    }

    /// Copies the value at stack position `index` into its own slot if it is a local ref.
    pub(super) fn materialize(&mut self, index: usize) {
        if let Operand::Local(l) = self.stack[index] {
            let dst = self.position_slot(index);
            self.emit(Instr::Copy { dst, src: l });
            self.stack[index] = Operand::Temp;
            self.local_refs -= 1;
        }
    }

    /// Materializes the top `n` values (so they sit in consecutive slots) and returns the
    /// slot of the lowest of them.
    pub(super) fn materialize_top(&mut self, n: usize) -> Slot {
        let start = self.stack.len() - n;
        if self.local_refs > 0 {
            for i in start..self.stack.len() {
                self.materialize(i);
            }
        }
        self.position_slot(start)
    }

    /// Materializes every value from position `from` up.
    pub(super) fn materialize_from(&mut self, from: usize) {
        if self.local_refs > 0 {
            for i in from..self.stack.len() {
                self.materialize(i);
            }
        }
    }

    /// Materializes every reference to `local` (before the local is overwritten).
    pub(super) fn materialize_local(&mut self, local: Slot) {
        if self.local_refs > 0 {
            for i in 0..self.stack.len() {
                if self.stack[i] == Operand::Local(local) {
                    self.materialize(i);
                }
            }
        }
    }

    /// Cuts the stack to `height` entries (after unreachable code or at a block end).
    pub(super) fn truncate(&mut self, height: usize) {
        while self.stack.len() > height {
            self.pop();
        }
    }

    /// Resets the stack to `height` entries with `extra` fresh values on top.
    pub(super) fn reset_to(&mut self, height: usize, extra: usize) {
        self.truncate(height);
        while self.stack.len() < height {
            self.stack.push(Operand::Temp);
        }
        for _ in 0..extra {
            self.push_temp();
        }
    }
}
