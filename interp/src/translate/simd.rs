//! SIMD operators, generated from the SIMD table (`crate::simd::table`): each row's
//! instruction has the name of its wasmparser operator, so one arm per row kind covers the
//! table. A `v128` operand or result takes two slots (`push_temp_of(true)`).

use super::FuncTranslator;
use crate::error::{Error, ErrorKind};
use crate::instr::{Instr, Slot};
use crate::simd::access::SimdAccess;
use wasmparser::{MemArg, MemArgTarget, Operator};

/// Refuses SIMD memory access to a memory other than 0.
#[cold]
fn simd_on_other_memory() -> Error {
    Error::new(
        ErrorKind::Unsupported,
        "SIMD loads and stores on a memory other than memory 0 are not supported by this engine",
    )
}

impl FuncTranslator<'_> {
    /// Translates `op` if it is a SIMD operator; false (having done nothing) if not.
    pub(super) fn translate_simd(&mut self, op: &Operator<'_>) -> Result<bool, Error> {
        if let Some((access, memarg, lane)) = SimdAccess::of(op)
            && let MemArgTarget::Memory(memory @ 1..) = memarg.target
        {
            self.simd_access_at(access, memarg, lane, memory);
            return Ok(true);
        }
        macro_rules! translate {
            (
                $d:tt
                simd_unary: [$($vun:ident = $vunf:ident;)*],
                simd_binary: [$($vbin:ident = $vbinf:ident;)*],
                simd_ternary: [$($vter:ident = $vterf:ident;)*],
                simd_shift: [$($vsh:ident = $vshf:ident;)*],
                simd_splat: [$($vsplat:ident = $vsplatf:ident;)*],
                simd_test: [$($vtest:ident = $vtestf:ident;)*],
                simd_extract: [$($vext:ident = $vextf:ident;)*],
                simd_replace: [$($vrep:ident = $vrepf:ident;)*],
                simd_load: [$($vload:ident = $vloadf:ident($vloadn:literal);)*],
                simd_store: [$($vstore:ident = $vstoref:ident($vstoren:literal);)*],
                simd_load_lane: [$($vloadl:ident = $vloadlf:ident($vloadln:literal);)*],
                simd_store_lane: [$($vstorel:ident = $vstorelf:ident($vstoreln:literal);)*],
            ) => {
                match *op {
                    $(Operator::$vun => {
                        let src = self.pop();
                        let dst = self.push_temp_of(true);
                        self.emit_result(Instr::$vun { dst, src }, dst);
                    })*
                    $(Operator::$vbin => {
                        let rhs = self.pop();
                        let lhs = self.pop();
                        let dst = self.push_temp_of(true);
                        self.emit_simd_binary(Instr::$vbin { dst, lhs, rhs }, lhs, rhs, dst);
                    })*
                    $(Operator::$vter => {
                        let base = self.bulk_operands(3);
                        self.push_temp_of(true);
                        self.emit(Instr::$vter { base });
                    })*
                    $(Operator::$vsh => {
                        let rhs = self.pop();
                        let lhs = self.pop();
                        let dst = self.push_temp_of(true);
                        self.emit_result(Instr::$vsh { dst, lhs, rhs }, dst);
                    })*
                    $(Operator::$vsplat => {
                        let src = self.pop();
                        let dst = self.push_temp_of(true);
                        self.emit_result(Instr::$vsplat { dst, src }, dst);
                    })*
                    $(Operator::$vtest => {
                        let src = self.pop();
                        let dst = self.push_temp();
                        self.emit_result(Instr::$vtest { dst, src }, dst);
                    })*
                    $(Operator::$vext { lane } => {
                        let src = self.pop();
                        let dst = self.push_temp();
                        let lane = u16::from(lane);
                        self.emit_result(Instr::$vext { lane, dst, src }, dst);
                    })*
                    $(Operator::$vrep { lane } => {
                        let rhs = self.pop();
                        let lhs = self.pop();
                        let dst = self.push_temp_of(true);
                        let lane = u16::from(lane);
                        self.emit_result(Instr::$vrep { lane, dst, lhs, rhs }, dst);
                    })*
                    $(Operator::$vload { memarg } => {
                        let addr = self.pop();
                        let (addr, offset) = self.simd_address(addr, memarg)?;
                        let dst = self.push_temp_of(true);
                        self.emit_result(Instr::$vload { dst, addr, offset }, dst);
                    })*
                    $(Operator::$vstore { memarg } => {
                        let value = self.pop();
                        let addr = self.pop();
                        let (addr, offset) = self.simd_address(addr, memarg)?;
                        self.emit(Instr::$vstore { addr, value, offset });
                    })*
                    $(Operator::$vloadl { memarg, lane } => {
                        let src = self.pop();
                        let addr = self.pop();
                        let (addr, offset) = self.simd_address(addr, memarg)?;
                        let dst = self.push_temp_of(true);
                        let lane = u16::from(lane);
                        self.emit(Instr::$vloadl { lane, dst, addr, offset });
                        self.emit(Instr::V128Imm { bits: u64::from(src) });
                    })*
                    $(Operator::$vstorel { memarg, lane } => {
                        let value = self.pop();
                        let addr = self.pop();
                        let (addr, offset) = self.simd_address(addr, memarg)?;
                        let lane = u16::from(lane);
                        self.emit(Instr::$vstorel { lane, addr, value, offset });
                    })*
                    Operator::V128Const { value } => {
                        let (lo, hi) = crate::simd::to_halves(u128::from_le_bytes(*value.bytes()));
                        let dst = self.push_temp_of(true);
                        self.emit(Instr::V128Const { dst, lo });
                        self.emit(Instr::V128Imm { bits: hi });
                    }
                    Operator::I8x16Shuffle { lanes } => {
                        let rhs = self.pop();
                        let lhs = self.pop();
                        let dst = self.push_temp_of(true);
                        let (lo, hi) = crate::simd::to_halves(u128::from_le_bytes(lanes));
                        self.emit(Instr::I8x16Shuffle { dst, lhs, rhs });
                        self.emit(Instr::V128Imm { bits: lo });
                        self.emit(Instr::V128Imm { bits: hi });
                    }
                    _ => return Ok(false),
                }
            };
        }
        crate::simd::table::with_simd_table!($ [translate]);
        Ok(true)
    }

    /// Emits the binary SIMD instruction `instr` (writing the fresh temp `dst`), fusing an
    /// `f32x4.add` or `f64x2.add` with the multiplication of the same shape that just
    /// computed one of its operands into one `MulAdd` (one dispatch and one v128 through
    /// the frame fewer in a dot product's or a matrix product's inner loop).
    fn emit_simd_binary(&mut self, instr: Instr, lhs: Slot, rhs: Slot, dst: Slot) {
        let fused = [(lhs, rhs), (rhs, lhs)]
            .into_iter()
            .find_map(|(product, addend)| {
                let addend = u16::try_from(addend).ok()?;
                match (instr, self.trailing_result(product)?) {
                    (Instr::F32x4Add { .. }, Instr::F32x4Mul { lhs, rhs, .. }) => {
                        Some(Instr::F32x4MulAdd {
                            addend,
                            dst,
                            lhs,
                            rhs,
                        })
                    }
                    (Instr::F64x2Add { .. }, Instr::F64x2Mul { lhs, rhs, .. }) => {
                        Some(Instr::F64x2MulAdd {
                            addend,
                            dst,
                            lhs,
                            rhs,
                        })
                    }
                    _ => None,
                }
            });
        if fused.is_some() {
            self.code.pop();
        }
        self.emit_result(fused.unwrap_or(instr), dst);
    }

    /// The address slot and 32-bit offset of a SIMD access (memory 0: the others go
    /// through `simd_access_at`).
    fn simd_address(&mut self, addr: Slot, memarg: MemArg) -> Result<(Slot, u32), Error> {
        if memarg.target != MemArgTarget::Memory(0) {
            return Err(simd_on_other_memory());
        }
        Ok(self.effective_address(addr, memarg))
    }

    /// A SIMD load or store on memory `memory` (not 0).
    fn simd_access_at(&mut self, access: SimdAccess, memarg: MemArg, lane: u8, memory: u32) {
        let kind = access as u32 | u32::from(lane) << 8;
        let operand = Instr::MemoryOperand { memory, kind };
        if access.is_store() {
            let value = self.pop();
            let addr = self.pop();
            let (addr, offset) = self.effective_address(addr, memarg);
            self.emit(Instr::V128StoreAt {
                addr,
                value,
                offset,
            });
            self.emit(operand);
        } else {
            // Only lane loads have a vector operand.
            let src = access.is_lane_load().then(|| self.pop());
            let addr = self.pop();
            let (addr, offset) = self.effective_address(addr, memarg);
            let dst = self.push_temp_of(true);
            self.emit(Instr::V128LoadAt { dst, addr, offset });
            self.emit(operand);
            self.emit(Instr::V128Imm {
                bits: u64::from(src.unwrap_or(dst)),
            });
        }
    }
}
