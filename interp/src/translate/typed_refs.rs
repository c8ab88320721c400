//! Typed function references' checks and branches on null: `ref.as_non_null`,
//! `br_on_null` and `br_on_non_null`. A reference's slot holds 0 for null, so the branches
//! are `br_if`s on the reference (or on its null test) that keep or drop it.

use super::FuncTranslator;
use crate::instr::Instr;

impl FuncTranslator<'_> {
    /// `ref.as_non_null`: traps on null, leaves the reference where it is.
    pub(super) fn visit_ref_as_non_null(&mut self) {
        let src = self.operand_slot(self.stack.len() - 1);
        self.emit(Instr::RefAsNonNull { src });
    }

    /// `br_on_null depth`: branches (dropping the reference) if it is null, else keeps it.
    pub(super) fn visit_br_on_null(&mut self, depth: u32) {
        let top = self.stack[self.stack.len() - 1];
        let reference = self.pop();
        // The scratch slot lies past every stack position, so no branch copy touches it.
        let is_null = self.scratch_slot();
        self.emit(Instr::RefIsNull {
            dst: is_null,
            src: reference,
        });
        self.br_if_on(is_null, depth);
        // Nothing above wrote the reference's slot: branch copies go to the label's slots,
        // which lie below it.
        self.push_operand(top, false);
    }

    /// `br_on_non_null depth`: branches with the reference as the last value if it is not
    /// null, else drops it.
    pub(super) fn visit_br_on_non_null(&mut self, depth: u32) {
        // A reference is a non-zero `u32` exactly when it is not null.
        let reference = self.operand_slot(self.stack.len() - 1);
        self.br_if_on(reference, depth);
        self.pop();
    }
}
