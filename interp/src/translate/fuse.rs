//! Peephole fusions on the instruction just emitted: a constant operand becomes an
//! immediate (`I32AddImm`), and a compare feeding a branch becomes a compare-and-branch.

use super::FuncTranslator;
use crate::instr::{Instr, Slot};

impl FuncTranslator<'_> {
    /// The constant the last instruction wrote into the fresh temp `slot`, if any.
    fn trailing_const(&self, slot: Slot) -> Option<u64> {
        let (at, dst) = self.last_result?;
        if dst != slot || at + 1 != self.code.len() {
            return None;
        }
        match self.code[at] {
            Instr::Const32 { value, .. } => Some(u64::from(value)),
            Instr::Const64 { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Emits a binary instruction (writing the fresh temp `dst`), folding a constant
    /// operand that was the last instruction into an immediate form.
    pub(super) fn emit_binary(&mut self, instr: Instr, lhs: Slot, rhs: Slot, dst: Slot) {
        let fused = if let Some(c) = self.trailing_const(rhs) {
            imm_form(instr, c, false)
        } else if let Some(c) = self.trailing_const(lhs) {
            imm_form(instr, c, true)
        } else {
            None
        };
        match fused {
            Some(f) => {
                self.code.pop();
                self.emit_result(f, dst);
            }
            None => self.emit_result(instr, dst),
        }
    }

    /// The `I32AddImm` that was the last instruction, if it wrote the fresh temp `slot`:
    /// `(base, imm)`.
    fn trailing_add_imm(&self, slot: Slot) -> Option<(Slot, i32)> {
        let (at, dst) = self.last_result?;
        if dst != slot || at + 1 != self.code.len() {
            return None;
        }
        match self.code[at] {
            Instr::I32AddImm { lhs, imm, .. } => Some((lhs, imm)),
            _ => None,
        }
    }

    /// Emits a load, folding a just-computed `i32.add base imm` address (offset 0) into a
    /// wrapping base+imm form.
    pub(super) fn emit_load(&mut self, instr: Instr, addr: Slot, offset: u32, dst: Slot) {
        if offset == 0
            && let Some((base, imm)) = self.trailing_add_imm(addr)
            && let Some(fused) = load_wrap_form(instr, base, imm)
        {
            self.code.pop();
            self.emit_result(fused, dst);
            return;
        }
        self.emit_result(instr, dst);
    }

    /// Emits a store, folding a just-emitted constant value into an immediate form, or a
    /// just-computed `i32.add base imm` address (offset 0) into a wrapping base+imm form.
    pub(super) fn emit_store(&mut self, instr: Instr, addr: Slot, value: Slot, offset: u32) {
        if let Some(c) = self.trailing_const(value)
            && let Some(fused) = store_imm_form(instr, c)
        {
            let before_const = self.prior_result;
            self.code.pop();
            // `i32.add base imm` just before the constant computed the address: fold both.
            if offset == 0
                && let Some((at, dst)) = before_const
                && dst == addr
                && at + 1 == self.code.len()
                && let Instr::I32AddImm { lhs: base, imm, .. } = self.code[at]
                && let Some(wrapped) = store_imm_wrap_form(fused, base, imm)
            {
                self.code.pop();
                self.emit(wrapped);
                return;
            }
            self.emit(fused);
            return;
        }
        if offset == 0
            && let Some((base, imm)) = self.trailing_add_imm(addr)
            && let Some(fused) = store_wrap_form(instr, base, imm)
        {
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

/// The immediate form of `instr` with constant `c` as its rhs (or, if `swapped`, its lhs).
fn imm_form(instr: Instr, c: u64, swapped: bool) -> Option<Instr> {
    let imm32 = c as u32 as i32;
    let imm64 = i32::try_from(c as i64).ok();
    macro_rules! pick {
        ($dst:expr, $lhs:expr, $rhs:expr, $imm:expr, $normal:ident, $mirrored:ident) => {{
            let (other, imm) = if swapped {
                ($rhs, $imm?)
            } else {
                ($lhs, $imm?)
            };
            Some(if swapped {
                Instr::$mirrored {
                    dst: $dst,
                    lhs: other,
                    imm,
                }
            } else {
                Instr::$normal {
                    dst: $dst,
                    lhs: other,
                    imm,
                }
            })
        }};
    }
    macro_rules! rhs_only {
        ($dst:expr, $lhs:expr, $imm:expr, $form:ident) => {{
            if swapped {
                return None;
            }
            Some(Instr::$form {
                dst: $dst,
                lhs: $lhs,
                imm: $imm?,
            })
        }};
    }
    let i32v = Some(imm32);
    use Instr as I;
    match instr {
        I::I32Add { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32AddImm, I32AddImm),
        I::I32Sub { dst, lhs, .. } => rhs_only!(dst, lhs, Some(imm32.wrapping_neg()), I32AddImm),
        I::I32Mul { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32MulImm, I32MulImm),
        I::I32And { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32AndImm, I32AndImm),
        I::I32Or { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32OrImm, I32OrImm),
        I::I32Xor { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32XorImm, I32XorImm),
        I::I32Shl { dst, lhs, .. } => rhs_only!(dst, lhs, i32v, I32ShlImm),
        I::I32ShrS { dst, lhs, .. } => rhs_only!(dst, lhs, i32v, I32ShrSImm),
        I::I32ShrU { dst, lhs, .. } => rhs_only!(dst, lhs, i32v, I32ShrUImm),
        I::I32Rotl { dst, lhs, .. } => rhs_only!(dst, lhs, i32v, I32RotlImm),
        I::I32Rotr { dst, lhs, .. } => rhs_only!(dst, lhs, i32v, I32RotrImm),
        I::I32Eq { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32EqImm, I32EqImm),
        I::I32Ne { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32NeImm, I32NeImm),
        I::I32LtS { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32LtSImm, I32GtSImm),
        I::I32LtU { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32LtUImm, I32GtUImm),
        I::I32GtS { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32GtSImm, I32LtSImm),
        I::I32GtU { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32GtUImm, I32LtUImm),
        I::I32LeS { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32LeSImm, I32GeSImm),
        I::I32LeU { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32LeUImm, I32GeUImm),
        I::I32GeS { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32GeSImm, I32LeSImm),
        I::I32GeU { dst, lhs, rhs } => pick!(dst, lhs, rhs, i32v, I32GeUImm, I32LeUImm),
        I::I64Add { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64AddImm, I64AddImm),
        I::I64Sub { dst, lhs, .. } => {
            let neg = i32::try_from((c as i64).wrapping_neg()).ok();
            rhs_only!(dst, lhs, neg, I64AddImm)
        }
        I::I64Mul { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64MulImm, I64MulImm),
        I::I64And { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64AndImm, I64AndImm),
        I::I64Or { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64OrImm, I64OrImm),
        I::I64Xor { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64XorImm, I64XorImm),
        I::I64Shl { dst, lhs, .. } => rhs_only!(dst, lhs, imm64, I64ShlImm),
        I::I64ShrS { dst, lhs, .. } => rhs_only!(dst, lhs, imm64, I64ShrSImm),
        I::I64ShrU { dst, lhs, .. } => rhs_only!(dst, lhs, imm64, I64ShrUImm),
        I::I64Rotl { dst, lhs, .. } => rhs_only!(dst, lhs, imm64, I64RotlImm),
        I::I64Rotr { dst, lhs, .. } => rhs_only!(dst, lhs, imm64, I64RotrImm),
        I::I64Eq { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64EqImm, I64EqImm),
        I::I64Ne { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64NeImm, I64NeImm),
        I::I64LtS { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64LtSImm, I64GtSImm),
        I::I64LtU { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64LtUImm, I64GtUImm),
        I::I64GtS { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64GtSImm, I64LtSImm),
        I::I64GtU { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64GtUImm, I64LtUImm),
        I::I64LeS { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64LeSImm, I64GeSImm),
        I::I64LeU { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64LeUImm, I64GeUImm),
        I::I64GeS { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64GeSImm, I64LeSImm),
        I::I64GeU { dst, lhs, rhs } => pick!(dst, lhs, rhs, imm64, I64GeUImm, I64LeUImm),
        _ => None,
    }
}

/// The compare-and-branch form of compare `instr` (negated if `negate`).
fn branch_form(instr: Instr, negate: bool) -> Option<Instr> {
    const T: u32 = u32::MAX;
    macro_rules! reg {
        ($lhs:expr, $rhs:expr, $yes:ident, $no:ident) => {
            Some(if negate {
                Instr::$no {
                    lhs: $lhs,
                    rhs: $rhs,
                    target: T,
                }
            } else {
                Instr::$yes {
                    lhs: $lhs,
                    rhs: $rhs,
                    target: T,
                }
            })
        };
    }
    macro_rules! imm {
        ($lhs:expr, $imm:expr, $yes:ident, $no:ident) => {
            Some(if negate {
                Instr::$no {
                    lhs: $lhs,
                    imm: $imm,
                    target: T,
                }
            } else {
                Instr::$yes {
                    lhs: $lhs,
                    imm: $imm,
                    target: T,
                }
            })
        };
    }
    use Instr as I;
    match instr {
        I::I32Eqz { src, .. } => Some(if negate {
            I::BrIfNez {
                cond: src,
                target: T,
            }
        } else {
            I::BrIfEqz {
                cond: src,
                target: T,
            }
        }),
        I::I64Eqz { src, .. } => imm!(src, 0, BrI64EqImm, BrI64NeImm),
        I::I32Eq { lhs, rhs, .. } => reg!(lhs, rhs, BrI32Eq, BrI32Ne),
        I::I32Ne { lhs, rhs, .. } => reg!(lhs, rhs, BrI32Ne, BrI32Eq),
        I::I32LtS { lhs, rhs, .. } => reg!(lhs, rhs, BrI32LtS, BrI32GeS),
        I::I32LtU { lhs, rhs, .. } => reg!(lhs, rhs, BrI32LtU, BrI32GeU),
        I::I32GtS { lhs, rhs, .. } => reg!(lhs, rhs, BrI32GtS, BrI32LeS),
        I::I32GtU { lhs, rhs, .. } => reg!(lhs, rhs, BrI32GtU, BrI32LeU),
        I::I32LeS { lhs, rhs, .. } => reg!(lhs, rhs, BrI32LeS, BrI32GtS),
        I::I32LeU { lhs, rhs, .. } => reg!(lhs, rhs, BrI32LeU, BrI32GtU),
        I::I32GeS { lhs, rhs, .. } => reg!(lhs, rhs, BrI32GeS, BrI32LtS),
        I::I32GeU { lhs, rhs, .. } => reg!(lhs, rhs, BrI32GeU, BrI32LtU),
        I::I64Eq { lhs, rhs, .. } => reg!(lhs, rhs, BrI64Eq, BrI64Ne),
        I::I64Ne { lhs, rhs, .. } => reg!(lhs, rhs, BrI64Ne, BrI64Eq),
        I::I64LtS { lhs, rhs, .. } => reg!(lhs, rhs, BrI64LtS, BrI64GeS),
        I::I64LtU { lhs, rhs, .. } => reg!(lhs, rhs, BrI64LtU, BrI64GeU),
        I::I64GtS { lhs, rhs, .. } => reg!(lhs, rhs, BrI64GtS, BrI64LeS),
        I::I64GtU { lhs, rhs, .. } => reg!(lhs, rhs, BrI64GtU, BrI64LeU),
        I::I64LeS { lhs, rhs, .. } => reg!(lhs, rhs, BrI64LeS, BrI64GtS),
        I::I64LeU { lhs, rhs, .. } => reg!(lhs, rhs, BrI64LeU, BrI64GtU),
        I::I64GeS { lhs, rhs, .. } => reg!(lhs, rhs, BrI64GeS, BrI64LtS),
        I::I64GeU { lhs, rhs, .. } => reg!(lhs, rhs, BrI64GeU, BrI64LtU),
        I::I32EqImm { lhs, imm, .. } => imm!(lhs, imm, BrI32EqImm, BrI32NeImm),
        I::I32NeImm { lhs, imm, .. } => imm!(lhs, imm, BrI32NeImm, BrI32EqImm),
        I::I32LtSImm { lhs, imm, .. } => imm!(lhs, imm, BrI32LtSImm, BrI32GeSImm),
        I::I32LtUImm { lhs, imm, .. } => imm!(lhs, imm, BrI32LtUImm, BrI32GeUImm),
        I::I32GtSImm { lhs, imm, .. } => imm!(lhs, imm, BrI32GtSImm, BrI32LeSImm),
        I::I32GtUImm { lhs, imm, .. } => imm!(lhs, imm, BrI32GtUImm, BrI32LeUImm),
        I::I32LeSImm { lhs, imm, .. } => imm!(lhs, imm, BrI32LeSImm, BrI32GtSImm),
        I::I32LeUImm { lhs, imm, .. } => imm!(lhs, imm, BrI32LeUImm, BrI32GtUImm),
        I::I32GeSImm { lhs, imm, .. } => imm!(lhs, imm, BrI32GeSImm, BrI32LtSImm),
        I::I32GeUImm { lhs, imm, .. } => imm!(lhs, imm, BrI32GeUImm, BrI32LtUImm),
        I::I64EqImm { lhs, imm, .. } => imm!(lhs, imm, BrI64EqImm, BrI64NeImm),
        I::I64NeImm { lhs, imm, .. } => imm!(lhs, imm, BrI64NeImm, BrI64EqImm),
        I::I64LtSImm { lhs, imm, .. } => imm!(lhs, imm, BrI64LtSImm, BrI64GeSImm),
        I::I64LtUImm { lhs, imm, .. } => imm!(lhs, imm, BrI64LtUImm, BrI64GeUImm),
        I::I64GtSImm { lhs, imm, .. } => imm!(lhs, imm, BrI64GtSImm, BrI64LeSImm),
        I::I64GtUImm { lhs, imm, .. } => imm!(lhs, imm, BrI64GtUImm, BrI64LeUImm),
        I::I64LeSImm { lhs, imm, .. } => imm!(lhs, imm, BrI64LeSImm, BrI64GtSImm),
        I::I64LeUImm { lhs, imm, .. } => imm!(lhs, imm, BrI64LeUImm, BrI64GtUImm),
        I::I64GeSImm { lhs, imm, .. } => imm!(lhs, imm, BrI64GeSImm, BrI64LtSImm),
        I::I64GeUImm { lhs, imm, .. } => imm!(lhs, imm, BrI64GeUImm, BrI64LtUImm),
        _ => None,
    }
}

/// The wrapping base+imm form of a load.
fn load_wrap_form(instr: Instr, base: Slot, imm: i32) -> Option<Instr> {
    use Instr as I;
    Some(match instr {
        I::I32Load { dst, .. } => I::I32LoadWrap { dst, base, imm },
        I::I64Load { dst, .. } => I::I64LoadWrap { dst, base, imm },
        I::I32Load8S { dst, .. } => I::I32Load8SWrap { dst, base, imm },
        I::I32Load8U { dst, .. } => I::I32Load8UWrap { dst, base, imm },
        I::I32Load16S { dst, .. } => I::I32Load16SWrap { dst, base, imm },
        I::I32Load16U { dst, .. } => I::I32Load16UWrap { dst, base, imm },
        I::I64Load8S { dst, .. } => I::I64Load8SWrap { dst, base, imm },
        I::I64Load8U { dst, .. } => I::I64Load8UWrap { dst, base, imm },
        I::I64Load16S { dst, .. } => I::I64Load16SWrap { dst, base, imm },
        I::I64Load16U { dst, .. } => I::I64Load16UWrap { dst, base, imm },
        I::I64Load32S { dst, .. } => I::I64Load32SWrap { dst, base, imm },
        I::I64Load32U { dst, .. } => I::I64Load32UWrap { dst, base, imm },
        _ => return None,
    })
}

/// The wrapping base+imm form of a store.
fn store_wrap_form(instr: Instr, base: Slot, imm: i32) -> Option<Instr> {
    use Instr as I;
    Some(match instr {
        I::I32Store { value, .. } => I::I32StoreWrap { base, value, imm },
        I::I64Store { value, .. } => I::I64StoreWrap { base, value, imm },
        I::I32Store8 { value, .. } => I::I32Store8Wrap { base, value, imm },
        I::I32Store16 { value, .. } => I::I32Store16Wrap { base, value, imm },
        I::I64Store32 { value, .. } => I::I64Store32Wrap { base, value, imm },
        _ => return None,
    })
}

/// The wrapping base+imm form of a constant-value store (the i64 form's value stays
/// sign-extended from 32 bits, as in `I64StoreImm`).
fn store_imm_wrap_form(instr: Instr, base: Slot, imm: i32) -> Option<Instr> {
    use Instr as I;
    Some(match instr {
        I::I32StoreImm { imm: value, .. } => I::I32StoreImmWrap { base, imm, value },
        I::I64StoreImm { imm: value, .. } => I::I64StoreImmWrap { base, imm, value },
        I::I32Store8Imm { imm: value, .. } => I::I32Store8ImmWrap { base, imm, value },
        I::I32Store16Imm { imm: value, .. } => I::I32Store16ImmWrap { base, imm, value },
        I::I64Store32Imm { imm: value, .. } => I::I64Store32ImmWrap { base, imm, value },
        _ => return None,
    })
}

/// The constant-value form of a store (`c` in slot encoding; i64 values must fit an i32).
fn store_imm_form(instr: Instr, c: u64) -> Option<Instr> {
    use Instr as I;
    let low = c as u32 as i32;
    Some(match instr {
        I::I32Store { addr, offset, .. } => I::I32StoreImm {
            addr,
            imm: low,
            offset,
        },
        I::I32Store8 { addr, offset, .. } => I::I32Store8Imm {
            addr,
            imm: low,
            offset,
        },
        I::I32Store16 { addr, offset, .. } => I::I32Store16Imm {
            addr,
            imm: low,
            offset,
        },
        I::I64Store32 { addr, offset, .. } => I::I64Store32Imm {
            addr,
            imm: low,
            offset,
        },
        I::I64Store { addr, offset, .. } => I::I64StoreImm {
            addr,
            imm: i32::try_from(c as i64).ok()?,
            offset,
        },
        _ => return None,
    })
}
