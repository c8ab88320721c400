//! Constant expressions (global initializers, segment offsets and element items).
//! Without extended-const, each is a single instruction.

use crate::error::Error;
use crate::translate::decode_error;
use wasmparser::Operator;

/// A decoded constant expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ConstExpr {
    /// A number, already in slot encoding.
    Bits(u64),
    /// `ref.null`.
    Null,
    /// `ref.func` of a module function index.
    RefFunc(u32),
    /// `global.get` of a module global index.
    GlobalGet(u32),
}

impl ConstExpr {
    /// Decodes a validated constant expression.
    pub(crate) fn parse(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr, Error> {
        let mut reader = expr.get_operators_reader();
        let offset = reader.original_position();
        let op = reader.read().map_err(decode_error)?;
        Ok(match op {
            Operator::I32Const { value } => ConstExpr::Bits(u64::from(value as u32)),
            Operator::I64Const { value } => ConstExpr::Bits(value as u64),
            Operator::F32Const { value } => ConstExpr::Bits(u64::from(value.bits())),
            Operator::F64Const { value } => ConstExpr::Bits(value.bits()),
            Operator::RefNull { .. } => ConstExpr::Null,
            Operator::RefFunc { function_index } => ConstExpr::RefFunc(function_index),
            Operator::GlobalGet { global_index } => ConstExpr::GlobalGet(global_index),
            _ => return Err(Error::decode("unsupported constant expression", offset)),
        })
    }
}
