//! Tail calls and calls through typed function references.
//!
//! A tail call's code is the tail-call instruction (with its `TableOperand` for
//! `return_call_indirect`), then copies of the results from the argument base to slots
//! `0..results`, then `Return`. A wasm callee never reaches those: it takes over the frame
//! and returns to the running function's caller itself. A host callee is called as usual
//! and returns its results at the argument base, from where the copies move them.

use super::FuncTranslator;
use super::slot_count;
use crate::instr::{Instr, Slot};
use crate::types::ValType;

impl FuncTranslator<'_> {
    /// Pops `params` arguments into consecutive slots; returns the first.
    fn call_arguments(&mut self, params: usize) -> Slot {
        let base = self.materialize_top(params);
        for _ in 0..params {
            self.pop();
        }
        base
    }

    /// Everything after a tail-call instruction whose arguments started at `base`.
    fn finish_tail_call(&mut self, base: Slot, results: &[ValType]) {
        // A host callee writes its results at `base`: the frame must cover them.
        self.push_types(results);
        if base != 0 {
            // Slot by slot (a v128 is two), upwards: destinations lie below sources.
            for k in 0..slot_count(results) {
                self.emit(Instr::Copy {
                    dst: k,
                    src: base + k,
                });
            }
        }
        self.emit(Instr::Return);
        self.set_unreachable();
    }

    /// `return_call func`.
    pub(super) fn visit_return_call(&mut self, func: u32) {
        let ty = self.env.func_type(func).clone();
        let base = self.call_arguments(ty.params().len());
        self.emit(Instr::ReturnCall { func, base });
        self.finish_tail_call(base, ty.results());
    }

    /// `return_call_indirect type_index table`.
    pub(super) fn visit_return_call_indirect(&mut self, type_index: u32, table: u32) {
        let index = self.pop();
        let ty = self.env.types[type_index as usize].clone();
        let type_id = self.env.type_ids[type_index as usize];
        let base = self.call_arguments(ty.params().len());
        self.emit(Instr::ReturnCallIndirect {
            type_id,
            index,
            base,
        });
        self.emit(Instr::TableOperand { table });
        self.finish_tail_call(base, ty.results());
    }

    /// `call_ref type_index`.
    pub(super) fn visit_call_ref(&mut self, type_index: u32) {
        // The reference's slot lies above the arguments, so moving them leaves it alone.
        let func_ref = self.pop();
        let ty = self.env.types[type_index as usize].clone();
        let base = self.call_arguments(ty.params().len());
        self.emit(Instr::CallRef { func_ref, base });
        self.push_types(ty.results());
    }

    /// `return_call_ref type_index`.
    pub(super) fn visit_return_call_ref(&mut self, type_index: u32) {
        let func_ref = self.pop();
        let ty = self.env.types[type_index as usize].clone();
        let base = self.call_arguments(ty.params().len());
        self.emit(Instr::ReturnCallRef { func_ref, base });
        self.finish_tail_call(base, ty.results());
    }
}
