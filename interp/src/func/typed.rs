//! Statically typed calls: [`WasmTy`] for single values, [`WasmParams`]/[`WasmResults`] for
//! `()`, single values and tuples up to 8, and [`TypedFunc`].

use super::Func;
use super::call_values::TypedValues;
use crate::error::Error;
use crate::store::Store;
use crate::types::ValType;
use crate::values::{ExternRef, Val};
use core::marker::PhantomData;

/// A Rust type that maps to one wasm value type.
pub trait WasmTy: Sized + 'static {
    /// The wasm type.
    fn val_type() -> ValType;
    /// Converts to a [`Val`].
    fn into_val(self) -> Val;
    /// Converts from a [`Val`] of the right type.
    fn from_val(v: Val) -> Option<Self>;
}

macro_rules! wasm_ty {
    ($t:ty, $vt:ident, |$x:ident| $to:expr, $pat:pat => $from:expr) => {
        impl WasmTy for $t {
            fn val_type() -> ValType {
                ValType::$vt
            }
            fn into_val(self) -> Val {
                let $x = self;
                $to
            }
            fn from_val(v: Val) -> Option<Self> {
                match v {
                    $pat => Some($from),
                    _ => None,
                }
            }
        }
    };
}

wasm_ty!(i32, I32, |x| Val::I32(x), Val::I32(v) => v);
wasm_ty!(u32, I32, |x| Val::I32(x as i32), Val::I32(v) => v as u32);
wasm_ty!(i64, I64, |x| Val::I64(x), Val::I64(v) => v);
wasm_ty!(u64, I64, |x| Val::I64(x as i64), Val::I64(v) => v as u64);
wasm_ty!(f32, F32, |x| Val::F32(x.to_bits()), Val::F32(v) => f32::from_bits(v));
wasm_ty!(f64, F64, |x| Val::F64(x.to_bits()), Val::F64(v) => f64::from_bits(v));
wasm_ty!(Option<Func>, FuncRef, |x| Val::FuncRef(x), Val::FuncRef(v) => v);
wasm_ty!(Option<ExternRef>, ExternRef, |x| Val::ExternRef(x), Val::ExternRef(v) => v);
// A v128 is a `u128` whose least significant bits hold lane 0 (as `Val::V128`).
wasm_ty!(u128, V128, |x| Val::V128(x), Val::V128(v) => v);

/// Parameters of a typed call: `()`, one [`WasmTy`], or a tuple of them.
pub trait WasmParams: Sized {
    /// The wasm types.
    fn types() -> Vec<ValType>;
    /// Whether `types` are exactly these.
    fn matches(types: &[ValType]) -> bool {
        Self::types() == types
    }
    /// Converts to values.
    fn into_vals(self) -> Vec<Val>;
    /// Converts from values of the right types.
    fn from_vals(vals: &[Val]) -> Option<Self>;
    /// How many values (the length of [`WasmParams::types`]), without allocating.
    fn count() -> usize {
        Self::types().len()
    }
    /// Hands each value to `sink`, in order. The implementations here allocate nothing
    /// (the default goes through [`WasmParams::into_vals`]).
    fn each_val(self, mut sink: impl FnMut(Val)) {
        for v in self.into_vals() {
            sink(v);
        }
    }
    /// Converts from values of the right types taken from `vals` in order; `None` when a type
    /// differs or `vals` holds fewer or more values. The implementations here allocate nothing
    /// (the default collects into a `Vec` for [`WasmParams::from_vals`]).
    fn from_val_iter(vals: impl Iterator<Item = Val>) -> Option<Self> {
        Self::from_vals(&vals.collect::<Vec<_>>())
    }
}

/// Results of a typed call: `()`, one [`WasmTy`], or a tuple of them.
pub trait WasmResults: WasmParams {}

impl<A: WasmTy> WasmParams for A {
    fn types() -> Vec<ValType> {
        vec![A::val_type()]
    }
    fn into_vals(self) -> Vec<Val> {
        vec![self.into_val()]
    }
    fn from_vals(vals: &[Val]) -> Option<Self> {
        match vals {
            [v] => A::from_val(*v),
            _ => None,
        }
    }
    fn count() -> usize {
        1
    }
    fn each_val(self, mut sink: impl FnMut(Val)) {
        sink(self.into_val());
    }
    fn from_val_iter(mut vals: impl Iterator<Item = Val>) -> Option<Self> {
        let v = A::from_val(vals.next()?)?;
        vals.next().is_none().then_some(v)
    }
}
impl<A: WasmTy> WasmResults for A {}

/// 1 for each type parameter, so that a tuple's arity is a sum.
macro_rules! one {
    ($a:ident) => {
        1
    };
}

macro_rules! tuple_params {
    ($($a:ident)*) => {
        impl<$($a: WasmTy),*> WasmParams for ($($a,)*) {
            fn types() -> Vec<ValType> {
                vec![$($a::val_type()),*]
            }
            #[allow(non_snake_case)]
            fn into_vals(self) -> Vec<Val> {
                let ($($a,)*) = self;
                vec![$($a.into_val()),*]
            }
            #[allow(unused_mut, unused_variables)]
            fn from_vals(vals: &[Val]) -> Option<Self> {
                let mut it = vals.iter();
                let r = ($($a::from_val(*it.next()?)?,)*);
                if it.next().is_some() {
                    return None;
                }
                Some(r)
            }
            fn count() -> usize {
                0 $(+ one!($a))*
            }
            #[allow(non_snake_case, unused_mut, unused_variables)]
            fn each_val(self, mut sink: impl FnMut(Val)) {
                let ($($a,)*) = self;
                $(sink($a.into_val());)*
            }
            #[allow(unused_mut)]
            fn from_val_iter(mut vals: impl Iterator<Item = Val>) -> Option<Self> {
                let r = ($($a::from_val(vals.next()?)?,)*);
                vals.next().is_none().then_some(r)
            }
        }
        impl<$($a: WasmTy),*> WasmResults for ($($a,)*) {}
    };
}

tuple_params!();
tuple_params!(A1);
tuple_params!(A1 A2);
tuple_params!(A1 A2 A3);
tuple_params!(A1 A2 A3 A4);
tuple_params!(A1 A2 A3 A4 A5);
tuple_params!(A1 A2 A3 A4 A5 A6);
tuple_params!(A1 A2 A3 A4 A5 A6 A7);
tuple_params!(A1 A2 A3 A4 A5 A6 A7 A8);

/// A function with a statically known signature `P -> R`.
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<P, R> core::fmt::Debug for TypedFunc<P, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("TypedFunc").field(&self.func).finish()
    }
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    pub(crate) fn new(func: Func) -> Self {
        TypedFunc {
            func,
            _marker: PhantomData,
        }
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }

    /// Calls the function. The arguments go straight into the value stack and the results
    /// come straight out of it: a call allocates nothing of its own.
    pub fn call<T>(&self, store: &mut Store<T>, params: P) -> Result<R, Error> {
        let mut values = TypedValues::<P, R>::new(params);
        super::call::call_func_values(store, self.func, &mut values)?;
        values
            .into_results()
            .ok_or_else(|| Error::usage("result types differ from the typed signature"))
    }
}
