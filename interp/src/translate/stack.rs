//! The translator's virtual operand stack.
//!
//! Each wasm stack position owns the slots after those of the positions below it, starting
//! at slot `stack_base` (after the locals and the constant slots, see `loop_consts`): one
//! slot per value, two for a `v128` (see `crate::simd`). A position either holds its value
//! in its own slots (`Temp`) or still refers to a local or a constant slot (`Local`):
//! `local.get` emits nothing and later instructions read the local's slot directly. A
//! `Local` entry is copied into its own slots ("materialized") before that local is
//! overwritten and wherever values must sit in their positions (block boundaries, calls,
//! bulk operations).

use super::FuncTranslator;
use crate::instr::{Instr, Slot};
use crate::types::ValType;

/// Where a stack position's value currently lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Operand {
    /// In the position's own slot.
    Temp,
    /// Still in this local's slot, or in a constant slot (which nothing overwrites).
    Local(Slot),
}

impl FuncTranslator<'_> {
    /// The slot that owns stack position `index` (its first slot, for a `v128`).
    pub(super) fn position_slot(&self, index: usize) -> Slot {
        if index < self.stack.len() {
            return self.shape[index].0;
        }
        // Just above the stack (or, for positions refilled after a truncation, as laid
        // out when they last existed).
        match index.checked_sub(1).and_then(|below| self.shape.get(below)) {
            Some(&(slot, wide)) => slot + 1 + Slot::from(wide),
            None => self.stack_base,
        }
    }

    /// Whether the value at stack position `index` is a `v128` (two slots).
    pub(super) fn is_wide(&self, index: usize) -> bool {
        self.shape.get(index).is_some_and(|&(_, wide)| wide)
    }

    /// The slot where the value at stack position `index` currently lives.
    pub(super) fn operand_slot(&self, index: usize) -> Slot {
        match self.stack[index] {
            Operand::Temp => self.position_slot(index),
            Operand::Local(l) => l,
        }
    }

    /// Records the layout of the position being pushed (the next one).
    fn push_position(&mut self, operand: Operand, wide: bool) -> Slot {
        let index = self.stack.len();
        let slot = self.position_slot(index);
        self.shape.truncate(index);
        self.shape.push((slot, wide));
        self.stack.push(operand);
        let top = slot - self.stack_base + 1 + u32::from(wide);
        self.max_height = self.max_height.max(top);
        slot
    }

    /// Pushes a one-slot value that will be written to its own slot; returns that slot.
    pub(super) fn push_temp(&mut self) -> Slot {
        self.push_position(Operand::Temp, false)
    }

    /// Pushes a value of width `wide` (a `v128` if true) that will be written to its own
    /// slots; returns the first.
    pub(super) fn push_temp_of(&mut self, wide: bool) -> Slot {
        self.push_position(Operand::Temp, wide)
    }

    /// Pushes fresh values of the given types.
    pub(super) fn push_types(&mut self, types: &[ValType]) {
        for &t in types {
            self.push_temp_of(t == ValType::V128);
        }
    }

    /// Pushes `operand` (as it was popped) back, a `v128` if `wide`.
    pub(super) fn push_operand(&mut self, operand: Operand, wide: bool) {
        if let Operand::Local(_) = operand {
            self.local_refs += 1;
        }
        self.push_position(operand, wide);
    }

    /// Pushes a lazy reference to local `index`.
    pub(super) fn push_local(&mut self, index: u32) {
        let (slot, wide) = self.local(index);
        self.push_position(Operand::Local(slot), wide);
        self.local_refs += 1;
    }

    /// The slot and width of local `index`.
    pub(super) fn local(&self, index: u32) -> (Slot, bool) {
        self.locals
            .get(index as usize)
            .copied()
            .unwrap_or((index, false))
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

    /// Whether the top value is a `v128`.
    pub(super) fn top_is_wide(&self) -> bool {
        self.stack
            .len()
            .checked_sub(1)
            .is_some_and(|top| self.is_wide(top))
    }

    /// Emits the copy of a value of width `wide` from `src` to `dst`.
    pub(super) fn emit_copy(&mut self, dst: Slot, src: Slot, wide: bool) {
        if wide {
            self.emit(Instr::CopyV128 { dst, src });
        } else {
            self.emit(Instr::Copy { dst, src });
        }
    }

    /// Copies the value at stack position `index` into its own slot if it is a local ref.
    pub(super) fn materialize(&mut self, index: usize) {
        if let Operand::Local(l) = self.stack[index] {
            let dst = self.position_slot(index);
            let wide = self.is_wide(index);
            self.emit_copy(dst, l, wide);
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

    /// Materializes every reference to the local in slot `local` (before the local is
    /// overwritten).
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

    /// Resets the stack to `height` entries with fresh values of types `extra` on top.
    pub(super) fn reset_to(&mut self, height: usize, extra: &[ValType]) {
        self.truncate(height);
        while self.stack.len() < height {
            let wide = self.is_wide(self.stack.len());
            self.push_position(Operand::Temp, wide);
        }
        self.push_types(extra);
    }
}
