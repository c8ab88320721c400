//! Runtime values ([`Val`]) and host references ([`ExternRef`]), and their encoding in
//! untyped 64-bit slots.
//!
//! Slot encoding (an invariant the executor relies on): i32 and f32 are stored zero-extended,
//! so a memory32 address read as a `u64` is already the 32-bit address; references are
//! `0` for null, else store index + 1.

use crate::store::{Store, StoreId};
use crate::{Error, Func, ValType};

/// A wasm value.
#[derive(Clone, Copy, Debug)]
pub enum Val {
    /// 32-bit integer.
    I32(i32),
    /// 64-bit integer.
    I64(i64),
    /// 32-bit float as raw IEEE bits, so NaN payloads survive.
    F32(u32),
    /// 64-bit float as raw IEEE bits.
    F64(u64),
    /// A function reference or null.
    FuncRef(Option<Func>),
    /// A host reference or null.
    ExternRef(Option<ExternRef>),
    /// A 128-bit vector (SIMD); lane 0 of any shape is in the least significant bits.
    V128(u128),
}

impl Val {
    /// The value's type.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
            Val::V128(_) => ValType::V128,
        }
    }

    /// An f32 value.
    pub fn f32(v: f32) -> Val {
        Val::F32(v.to_bits())
    }

    /// An f64 value.
    pub fn f64(v: f64) -> Val {
        Val::F64(v.to_bits())
    }

    /// The null reference of a reference type, or zero of a number type: a placeholder for
    /// result slots and a default for globals, tables and arguments.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
            ValType::V128 => Val::V128(0),
        }
    }

    /// Encodes the value into its slots (one, or two for a `v128`: `slots` must have room);
    /// returns how many it wrote. Errors if a reference belongs to another store.
    pub(crate) fn write_slots(self, slots: &mut [u64], store: StoreId) -> Result<usize, Error> {
        let (lo, hi) = self.to_slot_pair(store)?;
        let n = self.ty().slots();
        for (slot, bits) in slots.iter_mut().zip([lo, hi]).take(n) {
            *slot = bits;
        }
        Ok(n)
    }

    /// The value's slot bits: (first slot, second slot); the second is 0 except for a
    /// `v128`'s high half.
    pub(crate) fn to_slot_pair(self, store: StoreId) -> Result<(u64, u64), Error> {
        if let Val::V128(v) = self {
            return Ok(crate::simd::to_halves(v));
        }
        Ok((self.to_slot(store)?, 0))
    }

    /// Decodes a value of type `ty` from its slots (the second is read only for a `v128`).
    pub(crate) fn read_slots(slots: &[u64], ty: ValType, store: StoreId) -> Val {
        let at = |i: usize| slots.get(i).copied().unwrap_or(0);
        match ty {
            ValType::V128 => Val::V128(crate::simd::from_halves(at(0), at(1))),
            _ => Val::from_slot(at(0), ty, store),
        }
    }

    /// Encodes the value into a slot (the low half of a `v128`); errors if a reference
    /// belongs to another store.
    pub(crate) fn to_slot(self, store: StoreId) -> Result<u64, Error> {
        Ok(match self {
            Val::I32(v) => u64::from(v as u32),
            Val::I64(v) => v as u64,
            Val::F32(v) => u64::from(v),
            Val::F64(v) => v,
            Val::FuncRef(None) | Val::ExternRef(None) => 0,
            Val::FuncRef(Some(f)) => {
                if f.store != store {
                    return Err(Error::foreign());
                }
                u64::from(f.index) + 1
            }
            Val::ExternRef(Some(r)) => {
                if r.store != store {
                    return Err(Error::foreign());
                }
                u64::from(r.index) + 1
            }
            Val::V128(v) => v as u64,
        })
    }

    /// Decodes a slot of type `ty`.
    pub(crate) fn from_slot(bits: u64, ty: ValType, store: StoreId) -> Val {
        match ty {
            ValType::I32 => Val::I32(bits as u32 as i32),
            ValType::I64 => Val::I64(bits as i64),
            ValType::F32 => Val::F32(bits as u32),
            ValType::F64 => Val::F64(bits),
            ValType::FuncRef => Val::FuncRef(bits.checked_sub(1).map(|i| Func {
                store,
                index: i as u32,
            })),
            ValType::ExternRef => Val::ExternRef(bits.checked_sub(1).map(|i| ExternRef {
                store,
                index: i as u32,
            })),
            ValType::V128 => Val::V128(u128::from(bits)),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::f32(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::f64(v)
    }
}

/// A handle to a host value kept in the store (the referent of a wasm `externref`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExternRef {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl ExternRef {
    /// Moves `value` into the store and returns a reference to it.
    pub fn new<T>(store: &mut Store<T>, value: impl std::any::Any + Send + Sync) -> ExternRef {
        let index = store.inner.externs.len() as u32;
        store.inner.externs.push(Box::new(value));
        ExternRef {
            store: store.inner.id,
            index,
        }
    }

    /// The host value. A handle from another store yields `()` (never a panic).
    pub fn data<'a, T>(&self, store: &'a Store<T>) -> &'a (dyn std::any::Any + Send + Sync) {
        static NOTHING: () = ();
        if self.store != store.inner.id {
            return &NOTHING;
        }
        match store.inner.externs.get(self.index as usize) {
            Some(b) => &**b,
            None => &NOTHING,
        }
    }
}
