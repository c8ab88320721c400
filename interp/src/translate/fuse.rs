//! Peephole fusions on the instruction just emitted: a constant operand becomes an
//! immediate (`I32AddImm`), a compare feeding a branch becomes a compare-and-branch, and an
//! `i32.add` computing a load's or store's address becomes part of the access.

use super::FuncTranslator;
use crate::instr::{Instr, Slot};

impl FuncTranslator<'_> {
    /// The last instruction, if it wrote the fresh temp `slot` (which nothing else reads:
    /// the instruction reading it may take its place).
    pub(super) fn trailing_result(&self, slot: Slot) -> Option<Instr> {
        let (at, dst) = self.last_result?;
        if dst != slot || at + 1 != self.code.len() {
            return None;
        }
        Some(self.code[at])
    }

    /// The constant the last instruction wrote into the fresh temp `slot`, if any.
    fn trailing_const(&self, slot: Slot) -> Option<u64> {
        match self.trailing_result(slot)? {
            Instr::Const32 { value, .. } => Some(u64::from(value)),
            Instr::Const64 { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Emits a binary instruction (writing the fresh temp `dst`), folding a constant
    /// operand that was the last instruction into an immediate form, or the immediate shift
    /// or the product or conversion that computed an operand into a fused form (op table
    /// rows `shifted`, `product` and `converted`).
    pub(super) fn emit_binary(&mut self, instr: Instr, lhs: Slot, rhs: Slot, dst: Slot) {
        let fused = if let Some(c) = self.trailing_const(rhs) {
            imm_form(instr, c, false)
        } else if let Some(c) = self.trailing_const(lhs) {
            imm_form(instr, c, true)
        } else if let Some(prior) = self.trailing_result(rhs).or(self.trailing_result(lhs)) {
            instr
                .with_shifted_operand(prior)
                .or_else(|| instr.with_product_operand(prior))
                .or_else(|| instr.with_converted_operand(prior))
        } else {
            None
        };
        match fused {
            Some(f) => {
                let before = self.prior_result;
                self.code.pop();
                // An immediate rotate of the fresh temp the instruction before computed:
                // fuse both.
                if let Some((at, temp)) = before
                    && at + 1 == self.code.len()
                    && let Some(rotated) = f.with_rotated_operand(self.code[at], temp)
                {
                    self.code.pop();
                    self.emit_result(rotated, dst);
                    return;
                }
                self.emit_result(f, dst);
            }
            None => self.emit_result(instr, dst),
        }
    }

    /// Emits `i32.eqz` (writing the fresh temp `dst`), as the bit test `I32AndEqz` of an
    /// `i32.and` that was the last instruction.
    pub(super) fn emit_i32_eqz(&mut self, src: Slot, dst: Slot) {
        let test = match self.trailing_result(src) {
            Some(Instr::I32And { lhs, rhs, .. }) => Instr::I32AndEqz { dst, lhs, rhs },
            Some(Instr::I32AndImm { lhs, imm, .. }) => Instr::I32AndEqzImm { dst, lhs, imm },
            _ => {
                self.emit_result(Instr::I32Eqz { dst, src }, dst);
                return;
            }
        };
        self.code.pop();
        self.last_result = None;
        self.emit_result(test, dst);
    }

    /// The load or store `instr` (whose offset is `offset`) with the just-computed address
    /// `addr` folded in (see [`fold_address_add`]).
    fn with_trailing_address(&self, instr: Instr, addr: Slot, offset: u32) -> Option<Instr> {
        if offset != 0 {
            return None;
        }
        fold_address_add(instr, self.trailing_result(addr)?)
    }

    /// Emits a load, folding a just-computed address (see `with_trailing_address`).
    pub(super) fn emit_load(&mut self, instr: Instr, addr: Slot, offset: u32, dst: Slot) {
        if let Some(fused) = self.with_trailing_address(instr, addr, offset) {
            self.code.pop();
            self.emit_result(fused, dst);
            return;
        }
        self.emit_result(instr, dst);
    }

    /// Emits a store, folding a just-emitted constant value into an immediate form, or a
    /// just-computed address (see `with_trailing_address`), or both.
    pub(super) fn emit_store(&mut self, instr: Instr, addr: Slot, value: Slot, offset: u32) {
        // A value the last instruction loaded: one copy from memory to memory.
        if let Some(load) = self.trailing_result(value)
            && let Some(moved) = instr.with_loaded_value(load)
        {
            self.code.pop();
            self.emit(moved);
            return;
        }
        if let Some(c) = self.trailing_const(value)
            && let Some(fused) = instr.with_imm_value(c)
        {
            let before_const = self.prior_result;
            self.code.pop();
            // An `i32.add` just before the constant computed the address: fold both.
            if offset == 0
                && let Some((at, dst)) = before_const
                && dst == addr
                && at + 1 == self.code.len()
                && let Some(folded) = fold_address_add(fused, self.code[at])
            {
                self.code.pop();
                self.emit(folded);
                return;
            }
            self.emit(fused);
            return;
        }
        if let Some(fused) = self.with_trailing_address(instr, addr, offset) {
            self.code.pop();
            self.emit(fused);
            return;
        }
        self.emit(instr);
    }

    /// If the last instruction computed the condition `cond`, replaces it with a
    /// compare-and-branch that jumps when the condition is true (or false, if
    /// `jump_if_false`); returns its index. The target is left to patch.
    pub(super) fn fuse_compare_branch(&mut self, cond: Slot, jump_if_false: bool) -> Option<usize> {
        let (at, dst) = self.last_result?;
        if dst != cond || at + 1 != self.code.len() {
            return None;
        }
        let fused = branch_form(self.code[at], jump_if_false)?;
        self.code[at] = fused;
        self.last_result = None;
        Some(at)
    }
}

/// Load or store `access` (offset 0) with `add`, the instruction that computed its address,
/// folded in: `i32.add base imm` gives the wrapping base+imm form, `i32.add base index` the
/// base+index form, and (loads) `base + (index << shift)` the scaled form.
fn fold_address_add(access: Instr, add: Instr) -> Option<Instr> {
    match add {
        Instr::I32AddImm { lhs, imm, .. } => access.with_wrapped_address(lhs, imm),
        Instr::I32Add { lhs, rhs, .. } => access.with_indexed_address(lhs, rhs),
        Instr::I32AddShl { imm, lhs, src, .. } => access.with_scaled_address(lhs, src, imm),
        _ => None,
    }
}

/// The immediate form of `instr` with constant `c` as its rhs (or, if `swapped`, its lhs):
/// the operation table's immediate forms, plus a subtraction of a constant as the addition
/// of its negation (a form the table cannot name: it uses another operation's row).
fn imm_form(instr: Instr, c: u64, swapped: bool) -> Option<Instr> {
    match instr {
        Instr::I32Sub { dst, lhs, .. } if !swapped => Some(Instr::I32AddImm {
            dst,
            lhs,
            imm: (c as u32 as i32).wrapping_neg(),
        }),
        Instr::I64Sub { dst, lhs, .. } if !swapped => Some(Instr::I64AddImm {
            dst,
            lhs,
            imm: i32::try_from((c as i64).wrapping_neg()).ok()?,
        }),
        _ => instr.with_imm_operand(c, swapped),
    }
}

/// The compare-and-branch form of compare `instr` (negated if `negate`): the operation
/// table's branch forms, plus the `eqz` tests, which branch as other operations do.
fn branch_form(instr: Instr, negate: bool) -> Option<Instr> {
    const T: u32 = u32::MAX;
    match instr {
        Instr::I32Eqz { src, .. } => Some(if negate {
            Instr::BrIfNez {
                cond: src,
                target: T,
            }
        } else {
            Instr::BrIfEqz {
                cond: src,
                target: T,
            }
        }),
        Instr::I64Eqz { src, .. } => Some(if negate {
            Instr::BrI64NeImm {
                lhs: src,
                imm: 0,
                target: T,
            }
        } else {
            Instr::BrI64EqImm {
                lhs: src,
                imm: 0,
                target: T,
            }
        }),
        _ => bit_test_form(instr, negate).or_else(|| instr.compare_branch_form(negate)),
    }
}

/// The bit-test branch (`x & m != 0`, or `== 0` if `negate`) of an `i32.and` whose result
/// only the branch reads: the branch forms of the `I32AndNez` row.
fn bit_test_form(instr: Instr, negate: bool) -> Option<Instr> {
    let test = match instr {
        Instr::I32And { dst, lhs, rhs } => Instr::I32AndNez { dst, lhs, rhs },
        Instr::I32AndImm { dst, lhs, imm } => Instr::I32AndNezImm { dst, lhs, imm },
        _ => return None,
    };
    test.compare_branch_form(negate)
}
