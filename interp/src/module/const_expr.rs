//! Constant expressions (global initializers, segment offsets and element items).
//!
//! Most are one instruction. The extended-const proposal adds `i32`/`i64` `add`, `sub` and
//! `mul`, so an expression may also be a short sequence, evaluated on a stack when an instance
//! is built.

use std::sync::Arc;

use crate::error::Error;
use crate::translate::decode_error;
use wasmparser::Operator;

/// One value-producing instruction of a constant expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ConstOperand {
    /// A number, already in slot encoding.
    Bits(u64),
    /// `ref.null`.
    Null,
    /// `ref.func` of a module function index.
    RefFunc(u32),
    /// `global.get` of a module global index.
    GlobalGet(u32),
    /// `v128.const` (SIMD): only ever a whole expression, never an arithmetic operand.
    V128(u128),
}

/// The arithmetic extended-const allows, on two operands of one width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ConstArith {
    Add,
    Sub,
    Mul,
}

impl ConstArith {
    /// Wrapping arithmetic on two 64-bit integers.
    fn apply_i64(self, a: u64, b: u64) -> u64 {
        match self {
            ConstArith::Add => a.wrapping_add(b),
            ConstArith::Sub => a.wrapping_sub(b),
            ConstArith::Mul => a.wrapping_mul(b),
        }
    }

    /// Wrapping arithmetic on two 32-bit integers in slot encoding (zero-extended).
    fn apply_i32(self, a: u64, b: u64) -> u64 {
        u64::from(self.apply_i64(a, b) as u32)
    }
}

/// One step of an extended constant expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ConstOp {
    /// Pushes a value.
    Push(ConstOperand),
    /// Pops two `i32`s, pushes the result.
    I32(ConstArith),
    /// Pops two `i64`s, pushes the result.
    I64(ConstArith),
}

/// A decoded constant expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ConstExpr {
    /// One instruction: the common case, evaluated without a stack.
    Single(ConstOperand),
    /// Several instructions (extended-const), in order.
    Sequence(Arc<[ConstOp]>),
}

impl ConstExpr {
    /// Decodes a validated constant expression.
    pub(crate) fn parse(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr, Error> {
        let mut reader = expr.get_operators_reader();
        let mut ops = Vec::new();
        loop {
            let offset = reader.original_position();
            let op = reader.read().map_err(decode_error)?;
            let step = match op {
                Operator::End => break,
                Operator::I32Const { value } => {
                    ConstOp::Push(ConstOperand::Bits(u64::from(value as u32)))
                }
                Operator::I64Const { value } => ConstOp::Push(ConstOperand::Bits(value as u64)),
                Operator::F32Const { value } => {
                    ConstOp::Push(ConstOperand::Bits(u64::from(value.bits())))
                }
                Operator::F64Const { value } => ConstOp::Push(ConstOperand::Bits(value.bits())),
                Operator::V128Const { value } => {
                    ConstOp::Push(ConstOperand::V128(u128::from_le_bytes(*value.bytes())))
                }
                Operator::RefNull { .. } => ConstOp::Push(ConstOperand::Null),
                Operator::RefFunc { function_index } => {
                    ConstOp::Push(ConstOperand::RefFunc(function_index))
                }
                Operator::GlobalGet { global_index } => {
                    ConstOp::Push(ConstOperand::GlobalGet(global_index))
                }
                Operator::I32Add => ConstOp::I32(ConstArith::Add),
                Operator::I32Sub => ConstOp::I32(ConstArith::Sub),
                Operator::I32Mul => ConstOp::I32(ConstArith::Mul),
                Operator::I64Add => ConstOp::I64(ConstArith::Add),
                Operator::I64Sub => ConstOp::I64(ConstArith::Sub),
                Operator::I64Mul => ConstOp::I64(ConstArith::Mul),
                _ => return Err(Error::decode("unsupported constant expression", offset)),
            };
            ops.push(step);
        }
        Ok(match ops.as_slice() {
            [ConstOp::Push(operand)] => ConstExpr::Single(*operand),
            _ => ConstExpr::Sequence(ops.into()),
        })
    }

    /// The expression's value in slot encoding, with `operand` giving each pushed value.
    ///
    /// The validator has checked the stack discipline; should a malformed sequence get here
    /// anyway, a missing operand reads as 0 rather than panicking.
    pub(crate) fn evaluate(&self, operand: impl Fn(ConstOperand) -> u64) -> u64 {
        let ops = match self {
            ConstExpr::Single(single) => return operand(*single),
            ConstExpr::Sequence(ops) => ops,
        };
        let mut stack: Vec<u64> = Vec::with_capacity(ops.len());
        for op in ops.iter() {
            let value = match *op {
                ConstOp::Push(pushed) => operand(pushed),
                ConstOp::I32(arith) | ConstOp::I64(arith) => {
                    let b = stack.pop().unwrap_or(0);
                    let a = stack.pop().unwrap_or(0);
                    match op {
                        ConstOp::I32(_) => arith.apply_i32(a, b),
                        _ => arith.apply_i64(a, b),
                    }
                }
            };
            stack.push(value);
        }
        stack.pop().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_global_init(wat_init: &str) -> ConstExpr {
        let wasm = wat::parse_str(format!("(module (global i64 ({wat_init})))")).unwrap();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::GlobalSection(reader) = payload.unwrap() {
                let global = reader.into_iter().next().unwrap().unwrap();
                return ConstExpr::parse(&global.init_expr).unwrap();
            }
        }
        panic!("no global section");
    }

    #[test]
    fn one_instruction_stays_single() {
        assert_eq!(
            parse_global_init("i64.const 7"),
            ConstExpr::Single(ConstOperand::Bits(7))
        );
    }

    #[test]
    fn sequences_follow_wasm_arithmetic() {
        // (3 - 10) * 2^62 wraps in 64 bits to 2^62 (-7 is odd, 2^62 * 4 vanishes).
        let expr = parse_global_init(
            "i64.mul (i64.sub (i64.const 3) (i64.const 10)) (i64.const 0x4000000000000000)",
        );
        let numbers_only = |operand| match operand {
            ConstOperand::Bits(bits) => bits,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(expr.evaluate(numbers_only), 1 << 62);
    }

    #[test]
    fn i32_arithmetic_wraps_at_32_bits_and_stays_zero_extended() {
        let ops: Arc<[ConstOp]> = Arc::from(vec![
            ConstOp::Push(ConstOperand::Bits(0xFFFF_FFFF)),
            ConstOp::Push(ConstOperand::GlobalGet(0)),
            ConstOp::I32(ConstArith::Add),
        ]);
        let expr = ConstExpr::Sequence(ops);
        let globals = |operand| match operand {
            ConstOperand::Bits(bits) => bits,
            ConstOperand::GlobalGet(0) => 2,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(expr.evaluate(globals), 1);
    }
}
