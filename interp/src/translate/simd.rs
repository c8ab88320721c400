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
        // The SIMD table, a kind at a time (each rule adds the arms of its kind), then one
        // `match` with the hand-written arms.
        macro_rules! translate {
            ($d:tt [$($arms:tt)*] simd_unary: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v => {
                    let src = self.pop();
                    let dst = self.push_temp_of(true);
                    self.emit_result(Instr::$v { dst, src }, dst);
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_binary: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v => {
                    let rhs = self.pop();
                    let lhs = self.pop();
                    let dst = self.push_temp_of(true);
                    self.emit_simd_binary(Instr::$v { dst, lhs, rhs }, lhs, rhs, dst);
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_ternary: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v => {
                    let base = self.bulk_operands(3);
                    self.push_temp_of(true);
                    self.emit(Instr::$v { base });
                })*] $($rest)* }
            };
            // A shift translates as a binary operation (its count is a scalar slot), a splat
            // as a unary one (its operand is): only their instructions differ.
            ($d:tt [$($arms:tt)*] simd_shift: $rows:tt, $($rest:tt)*) => {
                translate! { $d [$($arms)*] simd_binary: $rows, $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_splat: $rows:tt, $($rest:tt)*) => {
                translate! { $d [$($arms)*] simd_unary: $rows, $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_test: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v => {
                    let src = self.pop();
                    let dst = self.push_temp();
                    self.emit_result(Instr::$v { dst, src }, dst);
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_extract: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v { lane } => {
                    let src = self.pop();
                    let dst = self.push_temp();
                    let lane = u16::from(lane);
                    self.emit_result(Instr::$v { lane, dst, src }, dst);
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_replace: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v { lane } => {
                    let rhs = self.pop();
                    let lhs = self.pop();
                    let dst = self.push_temp_of(true);
                    let lane = u16::from(lane);
                    self.emit_result(Instr::$v { lane, dst, lhs, rhs }, dst);
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_load: [$($v:ident = $f:ident($n:literal);)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v { memarg } => {
                    let addr = self.pop();
                    let (addr, offset) = self.simd_address(addr, memarg)?;
                    let dst = self.push_temp_of(true);
                    self.emit_result(Instr::$v { dst, addr, offset }, dst);
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_store: [$($v:ident = $f:ident($n:literal);)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v { memarg } => {
                    let value = self.pop();
                    let addr = self.pop();
                    let (addr, offset) = self.simd_address(addr, memarg)?;
                    self.emit(Instr::$v { addr, value, offset });
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_load_lane: [$($v:ident = $f:ident($n:literal);)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v { memarg, lane } => {
                    let src = self.pop();
                    let addr = self.pop();
                    let (addr, offset) = self.simd_address(addr, memarg)?;
                    let dst = self.push_temp_of(true);
                    let lane = u16::from(lane);
                    self.emit(Instr::$v { lane, dst, addr, offset });
                    self.emit(Instr::V128Imm { bits: u64::from(src) });
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*] simd_store_lane: [$($v:ident = $f:ident($n:literal);)*], $($rest:tt)*) => {
                translate! { $d [$($arms)* $(Operator::$v { memarg, lane } => {
                    let value = self.pop();
                    let addr = self.pop();
                    let (addr, offset) = self.simd_address(addr, memarg)?;
                    let lane = u16::from(lane);
                    self.emit(Instr::$v { lane, addr, value, offset });
                })*] $($rest)* }
            };
            ($d:tt [$($arms:tt)*]) => {
                match *op {
                    $($arms)*
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
        crate::simd::table::with_simd_table!($ [translate] []);
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
