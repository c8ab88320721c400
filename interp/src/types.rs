//! The wasm types users see: value, function, global, memory, table and extern types.

use std::sync::Arc;

/// The type of a wasm value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// Nullable function reference.
    FuncRef,
    /// Nullable reference to a host value.
    ExternRef,
    /// 128-bit vector (SIMD proposal).
    V128,
}

impl ValType {
    /// Converts a wasmparser value type; `None` for types this engine does not support.
    pub(crate) fn from_wasmparser(ty: wasmparser::ValType) -> Option<ValType> {
        use wasmparser::ValType as W;
        match ty {
            W::I32 => Some(ValType::I32),
            W::I64 => Some(ValType::I64),
            W::F32 => Some(ValType::F32),
            W::F64 => Some(ValType::F64),
            W::V128 => Some(ValType::V128),
            W::Ref(r) => Self::from_ref_type(r),
        }
    }

    /// Converts a wasmparser reference type. Typed function references (`(ref $t)`,
    /// `(ref func)`, `nullfuncref`) are function references to the API, and the non-nullable
    /// and bottom extern types extern references: validation has checked their finer types.
    pub(crate) fn from_ref_type(r: wasmparser::RefType) -> Option<ValType> {
        use wasmparser::{AbstractHeapType as A, HeapType as H};
        match r.heap_type() {
            H::Abstract {
                shared: false,
                ty: A::Func | A::NoFunc,
            }
            | H::Concrete(_) => Some(ValType::FuncRef),
            H::Abstract {
                shared: false,
                ty: A::Extern | A::NoExtern,
            } => Some(ValType::ExternRef),
            _ => None,
        }
    }

    /// How many frame slots a value of this type takes: two for a `v128`, else one.
    pub(crate) fn slots(self) -> usize {
        if self == ValType::V128 { 2 } else { 1 }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, ValType::FuncRef | ValType::ExternRef)
    }
}

/// A function signature. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// Params followed by results, so one allocation holds both.
    types: Arc<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// A signature with these params and results.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut types: Vec<ValType> = params.into_iter().collect();
        let num_params = types.len();
        types.extend(results);
        FuncType {
            types: types.into(),
            num_params,
        }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.types[..self.num_params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.types[self.num_params..]
    }
}

/// Whether a global can be changed after instantiation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// The type of a global.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalType {
    /// The value type.
    pub content: ValType,
    /// Whether it can be set.
    pub mutability: Mutability,
}

/// The type of a linear memory, in 64 KiB pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryType {
    /// Initial (or, from `Memory::ty`, current) size in pages.
    pub minimum: u64,
    /// Maximum size in pages, if any.
    pub maximum: Option<u64>,
    /// Whether addresses are 64-bit (memory64).
    pub memory64: bool,
    /// Whether it is declared `shared` (threads proposal).
    pub shared: bool,
}

/// The type of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableType {
    /// The element type (`FuncRef` or `ExternRef`).
    pub element: ValType,
    /// Initial (or current) size in elements.
    pub minimum: u64,
    /// Maximum size, if any.
    pub maximum: Option<u64>,
    /// Whether indices are 64-bit (memory64's table64).
    pub table64: bool,
}

/// The type of an importable or exportable item.
#[derive(Clone, Debug)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A linear memory.
    Memory(MemoryType),
    /// A table.
    Table(TableType),
}

/// The largest page count a memory can have: 2^16 pages for memory32, 2^48 for memory64.
pub(crate) fn max_pages(memory64: bool) -> u64 {
    if memory64 { 1 << 48 } else { 1 << 16 }
}

/// The size of a wasm page in bytes.
pub(crate) const PAGE_SIZE: u64 = 65536;

/// Whether limits `(min, max)` of an actual item match the required `(min, max)` of an import.
pub(crate) fn limits_match(actual: (u64, Option<u64>), required: (u64, Option<u64>)) -> bool {
    if actual.0 < required.0 {
        return false;
    }
    match (actual.1, required.1) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(r)) => a <= r,
    }
}
